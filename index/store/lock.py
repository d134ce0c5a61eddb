"""One writer per home: a second ingest is refused with a clear message, not interleaved.
Opening a store is serialized too: two processes creating the same embedded Chroma store at
once race in its schema migrations ("table collections already exists")."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import HomeLocked


@contextmanager
def write_lock(home: Path) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "write.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise HomeLocked(
                f"{home} is being written by {holder}; wait for that ingest to finish and run again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"newsdesk pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def opening(path: Path) -> Iterator[None]:
    """Wait for any other process opening the store at ``path`` (a blocking lock beside it,
    held for the moments the open takes, never during reads or writes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".open.lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
