"""Process memory on glibc: fewer malloc arenas for a threaded server, and freed memory handed
back to the OS after an ingest batch (else a serving process grows with every upload). Both
are no-ops where glibc is absent."""

from __future__ import annotations

import ctypes
import functools
from contextlib import suppress
from typing import Any

M_ARENA_MAX = -8
M_MMAP_THRESHOLD = -3


@functools.cache
def _libc() -> Any:
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def cap_malloc_arenas(arenas: int = 2, mmap_threshold: int = 4 << 20) -> None:
    """Call before starting the threads that serve requests. Blocks of ``mmap_threshold`` bytes
    or more (numpy scratch of a search, a batch's activations) are then mapped and unmapped
    on their own, instead of glibc raising its threshold after the first free and keeping
    them in the arenas."""
    libc = _libc()
    if libc is not None:
        with suppress(AttributeError):
            libc.mallopt(M_ARENA_MAX, arenas)
            libc.mallopt(M_MMAP_THRESHOLD, mmap_threshold)


def release_free_memory() -> None:
    """Return freed heap memory to the OS (``malloc_trim``): a few milliseconds."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
