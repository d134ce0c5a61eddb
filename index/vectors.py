"""The vector store: one Chroma collection per (embedding model, chunking) setting.

Embedded ``PersistentClient`` under the home by default, a Chroma server when a URL is
given: the same calls either way. Embeddings are always passed explicitly, so Chroma
never tries to download its own default model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.errors import StoreError

_BATCH = 4000  # stay under Chroma's max batch size


def collection_name(model: str, encoding: str, max_tokens: int, overlap: int) -> str:
    """``chunks-all-minilm-l6-v2-cl100k_base-256-32``: changing any part builds a new index."""
    model_slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", Path(model).name or model).strip("-.").lower()
    name = f"chunks-{model_slug}-{encoding}-{max_tokens}-{overlap}"
    if len(name) > 60:  # keep names readable; the hash keeps them distinct
        digest = hashlib.sha1(name.encode()).hexdigest()[:8]
        name = f"{name[:50].rstrip('-._')}-{digest}"
    return name


def connect(path: Path | None = None, url: str | None = None) -> Any:
    """A Chroma client: HTTP when ``url`` is set, else persistent under ``path``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if url:
            parsed = urlparse(url if "://" in url else f"http://{url}")
            client = chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=settings,
            )
            client.heartbeat()
            return client
        assert path is not None
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as error:  # chromadb raises many types; all mean "store unavailable"
        where = url or str(path)
        raise StoreError(
            f"Chroma at {where} is not reachable ({error.__class__.__name__}: {error}); "
            "check NEWSDESK_CHROMA_URL or that the server is running"
        ) from error


class VectorStore:
    """Chunk vectors with their story metadata, addressed by chunk id."""

    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name
        self.collection = client.get_or_create_collection(
            name, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )

    def count(self) -> int:
        return int(self.collection.count())

    def upsert(
        self,
        ids: Sequence[str],
        embeddings: np.ndarray,
        documents: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            self.collection.upsert(
                ids=list(ids[start:end]),
                embeddings=embeddings[start:end],
                documents=list(documents[start:end]),
                metadatas=list(metadatas[start:end]),
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            self.collection.delete(ids=list(ids[start : start + _BATCH]))

    def ids_of_issue(self, issue_id: str) -> list[str]:
        """Slow (scans metadata): only for repairing an interrupted ingest."""
        return list(self.collection.get(where={"issue_id": issue_id}, include=[])["ids"])

    def all_ids(self) -> list[str]:
        ids: list[str] = []
        total = self.count()
        for offset in range(0, total, _BATCH):
            ids.extend(self.collection.get(limit=_BATCH, offset=offset, include=[])["ids"])
        return ids

    def query(self, embedding: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``n`` nearest chunks."""
        n = min(n, self.count())
        if n <= 0:
            return []
        result = self.collection.query(query_embeddings=[embedding], n_results=n, where=where, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def embeddings(self, ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """The stored vectors of ``ids`` (for exact scoring of a small filtered set)."""
        got = self.collection.get(ids=list(ids), include=["embeddings"])
        return list(got["ids"]), np.asarray(got["embeddings"], dtype=np.float32)
