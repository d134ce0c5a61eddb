"""The errors of ingestion and indexing: each names the object at fault and the fix."""

from __future__ import annotations

import errno
from pathlib import Path


class NewsdeskError(Exception):
    """Base class: the message is a complete, one-line sentence for a user."""


class BadRequest(NewsdeskError, ValueError):
    """Input a caller can fix: a question too long, a date that is not one, dates the wrong way round."""


class ReaderError(NewsdeskError):
    """A file could not be turned into an issue."""

    def __init__(self, source: str | Path, problem: str, fix: str | None = None) -> None:
        self.source = str(source)
        self.problem = problem
        self.fix = fix
        message = f"`{self.source}`: {problem}"
        super().__init__(f"{message}; {fix}" if fix else message)


class UnsupportedFormat(ReaderError):
    """The file's extension is not one newsdesk reads."""


class EmptyFile(ReaderError):
    """The file holds no text."""


class MissingMetadata(ReaderError):
    """Neither the content nor the file name tells the newsletter or the date."""

    def __init__(self, source: str | Path, problem: str, fix: str | None = None, missing: tuple[str, ...] = ()) -> None:
        super().__init__(source, problem, fix)
        self.missing = missing  # "newsletter", "date"


class IndexMismatch(NewsdeskError):
    """The home holds an index built with other embedding or chunking settings."""


class StoreError(NewsdeskError):
    """The vector store or the catalog could not be reached or written."""


class HomeLocked(NewsdeskError):
    """Another newsdesk process is writing to the same home."""


class DiskFull(StoreError):
    """The disk holding the home (catalog or embedded Chroma store) has no space left."""


class VectorsMissing(StoreError):
    """The vector store holds fewer vectors than the catalog has indexed chunks: it lost data."""


_FULL_MESSAGES = ("database or disk is full", "no space left on device", "disk quota exceeded")


def is_disk_full(error: BaseException) -> bool:
    """True when ``error``, or an error it was raised from, means "no space left on the device".

    SQLite says "database or disk is full", the OS says ENOSPC; both may come wrapped."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(text in str(seen).lower() for text in _FULL_MESSAGES):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def one_line(error: BaseException, limit: int = 200) -> str:
    """``ClassName: message`` on one line, cut to ``limit`` characters: for messages quoting
    another library's error (Chroma's span several lines)."""
    text = " ".join(f"{error.__class__.__name__}: {error}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
