"""Hybrid retrieval: dense (Chroma) + lexical (BM25 in SQLite FTS5), fused, story-level.

Filters are applied through the catalog, never through Chroma's ``where`` (which scans
every vector's metadata): a narrow filter scores its few chunks exactly, a broad one
over-fetches nearest neighbours and keeps those that pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

import numpy as np

from index.analysis import affordable_terms, fts_any, query_terms
from index.catalog import Catalog, Filters
from index.embedding import Embedder
from index.vectors import VectorStore

Mode = Literal["hybrid", "dense", "lexical"]
Fusion = Literal["rrf", "weighted"]


@dataclass
class Hit:
    """One story matching a query, with its best passage."""

    story_id: str
    issue_id: str
    newsletter: str
    date: date
    headline: str
    section: str | None
    url: str | None
    score: float
    text: str
    kind: str = "news"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        return data


@dataclass(frozen=True)
class SearchConfig:
    fusion: Fusion = "weighted"  # won on every QA set measured (benchmarks/results/quality.md)
    rrf_k: int = 60  # the usual constant from Cormack et al. (2009)
    dense_weight: float = 0.3  # for weighted fusion
    candidates: int = 60  # chunks taken from each side before fusion
    exact_limit: int = 4000  # filtered sets up to this many chunks are scored exactly
    lexical_postings: int = 0  # BM25 work bound: the query's rarest terms up to this many postings


def _min_max(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high == low:  # a lone candidate, or ties: all equally best
        return dict.fromkeys(scores, 1.0)
    return {key: (value - low) / (high - low) for key, value in scores.items()}


def fuse(dense: list[tuple[str, float]], lexical: list[tuple[str, float]], config: SearchConfig) -> dict[str, float]:
    """Chunk id → fused score (higher is better) of two ranked lists."""
    if config.fusion == "weighted":
        d, lx = _min_max(dict(dense)), _min_max(dict(lexical))
        w = config.dense_weight
        return {key: w * d.get(key, 0.0) + (1 - w) * lx.get(key, 0.0) for key in d.keys() | lx.keys()}
    fused: dict[str, float] = {}
    for ranking in (dense, lexical):
        for rank, (key, _) in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (config.rrf_k + rank)
    return fused


class Searcher:
    def __init__(
        self,
        catalog: Catalog,
        vectors: VectorStore,
        embedder: Callable[[], Embedder],
        config: SearchConfig | None = None,
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self._embedder = embedder
        self.config = config or SearchConfig()

    def dense(
        self, query: str, n: int, filters: Filters, rows: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest chunks passing ``filters``; the catalog rows looked up on the way go into ``rows``."""
        embedding = self._embedder().embed_query(query)
        if filters.narrows:
            ids = self.catalog.filtered_chunk_ids(filters, self.config.exact_limit)
            if ids is not None:  # few enough to score them all exactly
                if not ids:
                    return []
                found, matrix = self.vectors.embeddings(ids)
                scores = matrix @ embedding
                order = np.argsort(-scores)[:n]
                return [(found[i], float(scores[i])) for i in order]
        # Over-fetch unfiltered neighbours, keep those the catalog lets through.
        fetch = n * (8 if filters.narrows else 2)
        neighbours = self.vectors.query(embedding, fetch)
        allowed = self.catalog.chunk_rows([cid for cid, _ in neighbours], filters)
        if rows is not None:
            rows.update(allowed)
        return [(cid, score) for cid, score in neighbours if cid in allowed][:n]

    def lexical(self, query: str, n: int, filters: Filters) -> list[tuple[str, float]]:
        terms = query_terms(query)
        if terms and self.config.lexical_postings:
            terms = affordable_terms(terms, self.catalog.document_frequencies(terms), self.config.lexical_postings)
        match = fts_any(terms)
        return self.catalog.lexical_search(match, n, filters) if match else []

    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: Mode = "hybrid") -> list[Hit]:
        """The ``k`` best stories for ``query``: one hit per story, its best passage."""
        filters = filters or Filters()
        n = max(self.config.candidates, 3 * k)
        rows: dict[str, Any] = {}
        dense = self.dense(query, n, filters, rows) if mode in ("hybrid", "dense") else []
        lexical = self.lexical(query, n, filters) if mode in ("hybrid", "lexical") else []
        if mode == "dense":
            scores = dict(dense)
        elif mode == "lexical":
            scores = dict(lexical)
        else:
            scores = fuse(dense, lexical, self.config)
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        missing = [cid for cid, _ in ranked if cid not in rows]
        rows.update(self.catalog.chunk_rows(missing, filters))  # one lookup per chunk, not two
        hits: list[Hit] = []
        seen: set[str] = set()
        for chunk_id, score in ranked:
            row = rows.get(chunk_id)
            if row is None or row["story_id"] in seen:
                continue
            seen.add(row["story_id"])
            hits.append(
                Hit(
                    story_id=row["story_id"],
                    issue_id=row["issue_id"],
                    newsletter=row["newsletter"],
                    date=date.fromisoformat(row["date"]),
                    headline=row["headline"],
                    section=row["section"],
                    url=row["url"],
                    score=round(score, 6),
                    text=row["text"],
                    kind=row["kind"],
                )
            )
            if len(hits) == k:
                break
        return hits
