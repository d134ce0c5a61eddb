"""Every error the product raises, and what each means at a door: its HTTP status and its exit
code, in one table. Ingestion's errors come from ``index.errors`` and share the base class; a
message is one sentence for a user, naming the object at fault and the fix."""

from __future__ import annotations

from index.errors import (
    BadRequest,
    DiskFull,
    HomeLocked,
    IndexMismatch,
    MissingMetadata,
    NewsdeskError,
    ReaderError,
    StoreError,
    UnsupportedFormat,
    VectorsMissing,
)

__all__ = [
    "BadRequest",
    "DiskFull",
    "Forbidden",
    "HomeLocked",
    "IndexMismatch",
    "LLMUnavailable",
    "MissingMetadata",
    "NewsdeskError",
    "NotFound",
    "ReaderError",
    "StoreError",
    "SyncError",
    "Unauthorized",
    "UnsupportedFormat",
    "UploadRejected",
    "UploadTooLarge",
    "VectorsMissing",
    "exit_code",
    "http_status",
]


class NotFound(NewsdeskError):
    """A story or issue id that the archive does not hold."""


class Unauthorized(NewsdeskError):
    """A missing or wrong API key."""


class Forbidden(NewsdeskError):
    """A request that no key makes acceptable from where it comes (a write from elsewhere)."""


class UploadRejected(NewsdeskError):
    """An upload that is not stored: wrong type, or a path that escapes."""


class UploadTooLarge(UploadRejected):
    """An upload over the size or file-count limit."""


class LLMUnavailable(NewsdeskError):
    """The language model could not be reached or loaded."""


class SyncError(NewsdeskError):
    """A feed or mailbox that ``newsdesk sync`` could not read: unreachable, refused, not trusted."""


# The first class an error is an instance of decides (subclasses before their base).
_MEANINGS: list[tuple[type[NewsdeskError], int, int]] = [  # (class, HTTP status, exit code)
    (NotFound, 404, 1),
    (Unauthorized, 401, 1),
    (Forbidden, 403, 1),
    (UploadTooLarge, 413, 2),
    (UploadRejected, 400, 2),
    (BadRequest, 422, 2),
    (ReaderError, 422, 1),
    (HomeLocked, 409, 1),
    (IndexMismatch, 409, 1),
    (StoreError, 503, 1),
    (LLMUnavailable, 503, 1),
    (SyncError, 502, 1),
    (NewsdeskError, 400, 1),
]


def http_status(error: NewsdeskError) -> int:
    return next(status for kind, status, _ in _MEANINGS if isinstance(error, kind))


def exit_code(error: NewsdeskError) -> int:
    return next(code for kind, _, code in _MEANINGS if isinstance(error, kind))
