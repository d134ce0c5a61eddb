"""The assistant's errors. Ingestion errors come from ``index.errors`` and share the base."""

from __future__ import annotations

from index.errors import HomeLocked, IndexMismatch, NewsdeskError, ReaderError, StoreError

__all__ = [
    "HomeLocked",
    "IndexMismatch",
    "NewsdeskError",
    "NotFound",
    "ReaderError",
    "StoreError",
]


class NotFound(NewsdeskError):
    """A story or issue id that the archive does not hold."""
