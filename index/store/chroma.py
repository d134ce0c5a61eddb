"""The vector store: one Chroma collection per (embedding model, chunking) setting.

Embedded ``PersistentClient`` under the home by default, a Chroma server when a URL is
given: the same calls either way. Embeddings are always passed explicitly, so Chroma
never tries to download its own default model.

Faults surface as one-line ``StoreError``s naming the store and the fix: a server that stops
answering fails a call after a bounded time (chromadb's HTTP client has no timeout of its
own), and the next call simply tries again; a store that lost its vectors (a server restarted
empty, a deleted directory) is noticed on the first search and names ``newsdesk reindex``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import numpy as np

from index.errors import DiskFull, NewsdeskError, StoreError, VectorsMissing, is_disk_full, one_line
from index.store.lock import opening

_BATCH = 4000  # stay under Chroma's max batch size
HTTP_TIMEOUT_SECONDS = 30.0  # one request to a Chroma server; a 4,000-vector upsert takes well under this
CONNECT_TIMEOUT_SECONDS = 5.0
RECHECK_SECONDS = 30.0  # how often reads compare the vector count with the catalog's
LOW_SPACE_BYTES = 16 * 2**20  # embedded Chroma reports a full disk as an opaque InternalError
T = TypeVar("T")


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
            bound_timeouts(client)
            client.heartbeat()
            return client
        assert path is not None
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as error:  # chromadb raises many types; all mean "store unavailable"
        if path is not None and (is_disk_full(error) or _low_space(path)):  # embedded Chroma writes on open
            raise DiskFull(
                f"the Chroma store at {path} cannot open: the disk is full ({one_line(error)}); free some space "
                "and run the same command again"
            ) from error
        where = url or str(path)
        raise StoreError(
            f"Chroma at {where} is not reachable ({one_line(error)}); "
            "check NEWSDESK_CHROMA_URL or that the server is running"
        ) from error


def bound_timeouts(client: Any) -> None:
    """Give the HTTP client finite timeouts: chromadb 1.x builds its ``httpx.Client`` with
    ``timeout=None``, so a server that stops answering (stopped, overloaded, a dropped
    connection) would hang every search forever."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        warnings.warn("chromadb's HTTP session was not found: Chroma server calls have no timeout", stacklevel=2)
        return
    session.timeout = httpx.Timeout(HTTP_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)


class VectorStore:
    """Chunk vectors with their story metadata, addressed by chunk id.

    ``expected`` counts the chunks the catalog says are indexed; reads check, at most every
    ``RECHECK_SECONDS`` and after any failure, that the store holds at least that many."""

    def __init__(
        self,
        client: Any,
        name: str,
        url: str | None = None,
        path: Path | None = None,
        expected: Callable[[], int] | None = None,
    ) -> None:
        self.client = client
        self.name = name
        self.url = url
        self.path = path
        self.location = f"the Chroma server at {url} (NEWSDESK_CHROMA_URL)" if url else f"the Chroma store at {path}"
        self._expected = expected
        self._verified_at = float("-inf")
        self.collection = self._guarded(self._open_collection, reopen=False)

    @classmethod
    def open(
        cls, name: str, path: Path, url: str | None = None, expected: Callable[[], int] | None = None
    ) -> VectorStore:
        """The store of a home: a Chroma server when ``url`` is set, else embedded under ``path``."""
        if url:
            return cls(connect(url=url), name, url=url, expected=expected)
        with opening(path):  # creating the store and its collection, one process at a time
            return cls(connect(path=path), name, path=path, expected=expected)

    def _open_collection(self) -> Any:
        return self.client.get_or_create_collection(
            self.name, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )

    # -- every Chroma call goes through here --------------------------------------------------
    def _call(self, method: str, /, **arguments: Any) -> Any:
        """``collection.<method>(**arguments)``, on the collection current at call time."""
        return self._guarded(lambda: getattr(self.collection, method)(**arguments))

    def _guarded(self, action: Callable[[], T], reopen: bool = True) -> T:
        """Run one Chroma call. A collection that vanished (server restarted empty, directory
        deleted) is opened again once — empty, which reads then report; any other failure
        becomes a ``StoreError`` naming the store and what to do."""
        from chromadb.errors import NotFoundError

        try:
            try:
                return action()
            except NotFoundError:
                if not reopen:
                    raise
                self._verified_at = float("-inf")
                self.collection = self._open_collection()
                return action()
        except NewsdeskError:
            raise
        except Exception as error:  # chromadb and httpx raise many types: all mean "the store failed"
            self._verified_at = float("-inf")
            raise self._failure(error) from error

    def _failure(self, error: Exception) -> StoreError:
        if is_disk_full(error) or (self.path is not None and _low_space(self.path)):
            return DiskFull(
                f"{self.location}: the disk is full ({one_line(error)}); free some space and run the "
                "same command again (what was indexed before is kept)"
            )
        if self.url:
            return StoreError(
                f"{self.location} did not answer ({one_line(error)}); check that the server is running "
                "and the URL is right: newsdesk reconnects on the next call"
            )
        return StoreError(f"{self.location} failed ({one_line(error)}); run `newsdesk check` to see what is wrong")

    def verify(self) -> None:
        """Raise ``VectorsMissing`` when the store holds fewer vectors than the catalog's indexed
        chunks: a search would silently miss stories. Two counts, no scan; repeated at most
        every ``RECHECK_SECONDS`` once it passed."""
        if self._expected is None or time.monotonic() - self._verified_at < RECHECK_SECONDS:
            return
        have, want = self.count(), self._expected()
        if have < want:
            raise VectorsMissing(
                f"{self.location} holds {have} vectors but the catalog has {want} indexed chunks: the vector "
                "store lost data; run `newsdesk reindex` to rebuild them from the catalog"
            )
        self._verified_at = time.monotonic()

    # -- writes --------------------------------------------------------------------------------
    def count(self) -> int:
        return int(self._call("count"))

    def upsert(
        self,
        ids: Sequence[str],
        embeddings: np.ndarray,
        documents: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            self._call(
                "upsert",
                ids=list(ids[start:end]),
                embeddings=embeddings[start:end],
                documents=list(documents[start:end]),
                metadatas=list(metadatas[start:end]),
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            self._call("delete", ids=list(ids[start : start + _BATCH]))

    # -- reads ---------------------------------------------------------------------------------
    def ids_of_issue(self, issue_id: str) -> list[str]:
        """Slow (scans metadata): only for repairing an interrupted ingest."""
        return list(self._call("get", where={"issue_id": issue_id}, include=[])["ids"])

    def all_ids(self) -> list[str]:
        """Every id the store lists (an id listed twice is a fault ``newsdesk check`` reports)."""
        ids: list[str] = []
        total = self.count()
        for offset in range(0, total, _BATCH):
            ids.extend(self._call("get", limit=_BATCH, offset=offset, include=[])["ids"])
        return ids

    def query(
        self,
        embedding: np.ndarray,
        n: int,
        where: dict[str, Any] | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``n`` nearest chunks (among ``ids`` when given)."""
        self.verify()
        n = min(n, len(ids)) if ids is not None else n  # Chroma itself returns fewer when it holds fewer
        if n <= 0:
            return []
        result = self._call(
            "query",
            query_embeddings=[embedding],
            n_results=n,
            where=where,
            ids=list(ids) if ids is not None else None,
            include=["distances"],
        )
        self.verify()  # no-op, unless the call found the collection gone and reopened it empty
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def embeddings(self, ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """The stored vectors of ``ids`` (for exact scoring of a small filtered set)."""
        self.verify()
        got = self._call("get", ids=list(ids), include=["embeddings"])
        self.verify()  # no-op, unless the call found the collection gone and reopened it empty
        return list(got["ids"]), np.asarray(got["embeddings"], dtype=np.float32)


def _low_space(path: Path) -> bool:
    """Whether the disk holding ``path`` (or its nearest existing parent) is nearly full."""
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    return existing is not None and shutil.disk_usage(existing).free < LOW_SPACE_BYTES
