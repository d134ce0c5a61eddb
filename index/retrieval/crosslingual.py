"""The dense ranking of the pairs the retrieval model does not read: a question and a story in
different languages, or both in French.

all-MiniLM-L6-v2 is an English model. A French question about an English story shares with
it only names and figures, and so does an English question about a French story. So every
chunk also has a vector from a multilingual model (USE by default, the one that already
scores the extractive answerer's sentences), kept in the catalog: a query in another language
than English is ranked on those, and an English query ranks the stories not in English on
them (``nearest(…, foreign_only=True)``) beside MiniLM's ranking of the English ones.

They are scored exactly, in memory: int8 with one scale per vector, 41 MB and 5–6 ms a
query for 80,000 chunks. ``CrosslingualIndex`` loads them on the first such query, and
before each one reads only what was added since (a deletion anywhere loads them all again).
"""

from __future__ import annotations

import threading
from collections.abc import Collection

import numpy as np

from index.store.catalog import Catalog
from index.store.vector_copies import dequantize

BLOCK = 1024  # rows converted to float32 at a time: 2 MB of scratch a query, whatever the archive's size


class CrosslingualIndex:
    """Every chunk's cross-lingual vector, as the catalog holds them."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._ids: list[str] = []
        self._codes = np.zeros((0, 0), dtype=np.int8)
        self._scales = np.zeros(0, dtype=np.float32)
        self._foreign = np.zeros(0, dtype=bool)  # the rows of stories not in English
        self.foreign_ids: frozenset[str] = frozenset()
        self._last_rowid = 0
        self._deletions = -1  # nothing loaded yet

    def __len__(self) -> int:
        return len(self._ids)

    def refresh(self) -> None:
        """Load what the catalog gained since the last call; everything again after a deletion."""
        with self._lock:
            top, deletions = self.catalog.vector_copies.crosslingual_state()
            if deletions != self._deletions:
                self._ids, self._last_rowid, self._deletions = [], 0, deletions
            if top <= self._last_rowid:
                return
            ids: list[str] = []
            codes, scales = ([self._codes], [self._scales]) if self._ids else ([], [])
            foreign = [self._foreign] if self._ids else []
            while rows := self.catalog.vector_copies.crosslingual_after(self._last_rowid):
                part_scales, part_codes = dequantize([blob for _, _, blob, _ in rows])
                ids += [chunk_id for _, chunk_id, _, _ in rows]
                codes.append(part_codes)
                scales.append(part_scales)
                foreign.append(np.array([language not in ("en", "") for *_, language in rows], dtype=bool))
                self._last_rowid = rows[-1][0]
            if ids:
                self._ids = self._ids + ids
                self._codes = np.concatenate(codes)
                self._scales = np.concatenate(scales)
                self._foreign = np.concatenate(foreign)
                self.foreign_ids = frozenset(i for i, f in zip(self._ids, self._foreign, strict=True) if f)

    def scores(self, embedding: np.ndarray) -> np.ndarray:
        """Cosine of every vector with ``embedding`` (both normalised), in ``ids`` order."""
        query = np.asarray(embedding, dtype=np.float32)
        out = np.empty(len(self._ids), dtype=np.float32)
        for start in range(0, len(self._ids), BLOCK):
            out[start : start + BLOCK] = self._codes[start : start + BLOCK].astype(np.float32) @ query
        return out * self._scales

    def nearest(
        self, embedding: np.ndarray, n: int, allowed: Collection[str] | None = None, foreign_only: bool = False
    ) -> list[tuple[str, float]]:
        """The ``n`` nearest chunks (among ``allowed`` when given; of stories not in English
        only, with ``foreign_only``), best first."""
        self.refresh()
        with self._lock:
            if foreign_only:  # a few rows of a mostly English archive: score only those
                rows = np.flatnonzero(self._foreign)
                query = np.asarray(embedding, dtype=np.float32)
                scores = (self._codes[rows].astype(np.float32) @ query) * self._scales[rows]
                ids = [self._ids[i] for i in rows]
            else:
                ids, scores = self._ids, self.scores(embedding)
        if allowed is not None:
            allowed = set(allowed)
            keep = np.fromiter((i in allowed for i in ids), dtype=bool, count=len(ids))
            scores = np.where(keep, scores, -np.inf)
        n = min(n, int(np.isfinite(scores).sum()))
        if n <= 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top])]
        return [(ids[i], float(scores[i])) for i in top]
