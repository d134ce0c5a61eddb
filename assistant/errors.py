"""The assistant's errors. Ingestion errors come from ``index.errors`` and share the base."""

from __future__ import annotations

from index.errors import HomeLocked, IndexMismatch, NewsdeskError, ReaderError, StoreError

__all__ = [
    "BadRequest",
    "Forbidden",
    "HomeLocked",
    "IndexMismatch",
    "NewsdeskError",
    "NotFound",
    "ReaderError",
    "StoreError",
    "Unauthorized",
]


class NotFound(NewsdeskError):
    """A story or issue id that the archive does not hold."""


class BadRequest(NewsdeskError, ValueError):
    """Input a caller can fix: a question too long, a k too large, dates the wrong way round."""


class Unauthorized(NewsdeskError):
    """A missing or wrong API key."""


class Forbidden(NewsdeskError):
    """A request that no key makes acceptable from where it comes (a write from elsewhere)."""
