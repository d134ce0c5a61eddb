"""The errors of ingestion and indexing: each names the object at fault and the fix."""

from __future__ import annotations

from pathlib import Path


class NewsdeskError(Exception):
    """Base class: the message is a complete, one-line sentence for a user."""


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


class MissingMetadata(ReaderError):
    """Neither the content nor the file name tells the newsletter or the date."""


class IndexMismatch(NewsdeskError):
    """The home holds an index built with other embedding or chunking settings."""


class StoreError(NewsdeskError):
    """The vector store or the catalog could not be reached or written."""


class HomeLocked(NewsdeskError):
    """Another newsdesk process is writing to the same home."""
