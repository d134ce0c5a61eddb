"""Reuse vectors already computed for the same texts by the same model (quality benchmarks only).

Building a home that holds the TLDR archive *and* the RealTime QA articles would embed
~80,000 chunks that the ``speed`` and ``quality`` homes already embedded with the same
model and the same chunking. ``CachedEmbedder`` answers from those homes' Chroma
collections by exact chunk text and encodes only what it has not seen, so a scale
benchmark measures retrieval quality without paying for the same encodes twice. Never used
where time is measured.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import log

_PAGE = 5000


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class CachedEmbedder:
    """An ``Embedder`` that looks texts up in other homes' vectors before encoding them."""

    def __init__(self, embedder: Any, homes: list[Path]) -> None:
        self.embedder = embedder
        self.dimension = embedder.dimension
        self.vectors: dict[bytes, np.ndarray] = {}
        self.hits = self.misses = 0
        for home in homes:
            self._load(home)

    def _load(self, home: Path) -> None:
        from assistant import NewsAssistant

        if not (home / "catalog.sqlite3").exists():
            log(f"  vector cache: no home at {home}, skipped")
            return
        desk = NewsAssistant(home=home)
        collection = desk.vectors.collection
        total = collection.count()
        for offset in range(0, total, _PAGE):
            page = collection.get(limit=_PAGE, offset=offset, include=["documents", "embeddings"])
            for text, vector in zip(page["documents"], page["embeddings"], strict=True):
                self.vectors[_key(text)] = np.asarray(vector, dtype=np.float32)
        desk.close()
        log(f"  vector cache: {total} vectors from {home}")

    def embed(self, texts: list[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = [i for i, key in enumerate(keys) if key not in self.vectors]
        if missing:
            fresh = self.embedder.embed([texts[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                self.vectors[keys[i]] = vector
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        return np.stack([self.vectors[key] for key in keys])

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.embed_query(text)


def use_cache(desk: Any, cache: CachedEmbedder) -> None:
    """Make ``desk`` ingest through ``cache`` (its searches keep the real model)."""
    from index.ingest.pipeline import Indexer

    old = desk.indexer
    desk.indexer = Indexer(
        old.catalog,
        old.vectors,
        lambda: cache,
        old.chunking,
        batch_chunks=old.batch_chunks,
        crosslingual=old.crosslingual,
    )
