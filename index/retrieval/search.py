"""Hybrid retrieval: dense (Chroma) + lexical (BM25 in SQLite FTS5), fused, story-level.

Filters are applied through the catalog, never through Chroma's ``where`` (which scans
every vector's metadata). The catalog estimates how many chunks a filter lets through
(one count on the stories table) and lists them when they are few; then

- up to ``exact_limit`` are scored exactly, on the catalog's copy of their vectors (in
  Chroma by id when a chunk has no copy), and BM25 keeps its matches among them before
  joining any to its story;
- a broader filter over-fetches unfiltered neighbours (in inverse proportion to the share of
  the archive it lets through) and keeps those that pass (when too few do, Chroma searches
  all that pass by id after all).

A query in another language than English is embedded by the cross-lingual model instead,
and its neighbours are found among the chunks' cross-lingual vectors (``index/retrieval/crosslingual.py``),
under the same filters; in hybrid search its English gloss (``index/text/glossary.py``) is also
ranked by the retrieval model, a third list in the fusion. An English query reads the stories
in English with the retrieval model and the others (French) with the cross-lingual one: one
dense ranking, the cross-lingual scores brought to the retrieval model's scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field

from index.retrieval.crosslingual import CrosslingualIndex
from index.retrieval.embedding import Embedder
from index.store.catalog import Catalog
from index.store.chroma import VectorStore
from index.store.search_queries import Filters
from index.text.analysis import affordable_terms, detect_language, fts_any, number_phrases, query_terms
from index.text.glossary import english_gloss, translated_terms

Mode = Literal["hybrid", "dense", "lexical"]
Fusion = Literal["rrf", "weighted"]
Allowed = tuple[list[str], np.ndarray | None]  # the chunks a filter lets through, their vectors if all copied
SELECTIVE_LEXICAL = 4000  # up to this many chunks, BM25 checks matches against the set before joining
MAX_OVERFETCH = 32  # neighbours fetched per result wanted, at most, when a broad filter is checked afterwards
OVERFETCH_MARGIN = 1.5  # ... so that this many times as many as wanted should pass


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
    text: Annotated[str, Field(description="The best-matching passage, headline first.")]
    kind: str = "news"


def hits_from(ranked: list[tuple[str, float]], rows: dict[str, Any], k: int) -> list[Hit]:
    """One hit per story, at its best chunk, for the first ``k`` stories of ``ranked`` (chunk
    id, score) whose chunk has a row (``SearchQueries.chunk_rows``)."""
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


@dataclass(frozen=True)
class SearchConfig:
    fusion: Fusion = "weighted"  # won on every QA set measured (benchmarks/results/quality.md)
    rrf_k: int = 60  # the usual constant from Cormack et al. (2009)
    dense_weight: float = 0.3  # for weighted fusion
    crosslingual_weight: float = 0.35  # the same, when the dense ranking is the cross-lingual one
    # … and, beside it, of the retrieval model's ranking of a query's English gloss, when the query
    # is not in English (the lexical score weighs the rest). Word by word, the gloss still reads
    # better to the English model than the question does to the multilingual one: on the read
    # sets' French questions about English stories, story first 0.759 → 0.806 and in the first
    # five 0.924 → 0.933 where the weights were chosen (0.5 and 0 before), first five 0.919 →
    # 0.949 on the others (benchmarks/README.md).
    gloss_weight: float = 0.3
    candidates: int = 60  # chunks taken from each side before fusion
    exact_limit: int = 4000  # filters letting up to this many chunks through search only those
    lexical_postings: int = 0  # BM25 work bound: the query's rarest terms up to this many postings
    # A cross-language pair scores lower in USE than a same-language pair of the same relevance
    # in MiniLM: English questions about French stories score their story at 0.45 (median),
    # about English stories a French story at 0.26 (0.34 at the 90th percentile), while the
    # fifth English story they find scores 0.53 in MiniLM. Times 1.4, the first rank among the
    # English ones, the second stay below them. None: English queries read only MiniLM's ranking.
    crosslingual_scale: float | None = 1.4
    # A French query's BM25 terms include their English translations (``index/text/glossary.py``).
    translate_lexical: bool = True


def _min_max(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high == low:  # a lone candidate, or ties: all equally best
        return dict.fromkeys(scores, 1.0)
    return {key: (value - low) / (high - low) for key, value in scores.items()}


def overfetch(n: int, share: float) -> int:
    """How many unfiltered candidates to check so that about ``n`` pass a filter letting
    ``share`` of the archive through (``OVERFETCH_MARGIN`` times as many, on average)."""
    return n * min(MAX_OVERFETCH, max(2, math.ceil(OVERFETCH_MARGIN / share)))


def exact_nearest(ids: list[str], matrix: np.ndarray, embedding: np.ndarray, n: int) -> list[tuple[str, float]]:
    scores = matrix @ embedding
    order = np.argsort(-scores)[:n]
    return [(ids[i], float(scores[i])) for i in order]


def fuse(
    dense: list[tuple[str, float]],
    lexical: list[tuple[str, float]],
    config: SearchConfig,
    crosslingual: bool = False,
    glossed: list[tuple[str, float]] | None = None,
) -> dict[str, float]:
    """Chunk id → fused score (higher is better) of the ranked lists: dense, lexical and, for a
    query not in English, the retrieval model's ranking of its English gloss."""
    glossed = glossed or []
    if config.fusion == "weighted":
        d, lx, g = _min_max(dict(dense)), _min_max(dict(lexical)), _min_max(dict(glossed))
        w = config.crosslingual_weight if crosslingual else config.dense_weight
        wg = config.gloss_weight if glossed else 0.0
        # In the lists' order, not a set's: a set follows string hashes, which Python salts per
        # process, and the sort keeps this order among equal scores (the first of each list tie
        # at 0.5): one question ranked two stories either way from one run to the next.
        return {
            key: w * d.get(key, 0.0) + wg * g.get(key, 0.0) + (1 - w - wg) * lx.get(key, 0.0)
            for key in dict.fromkeys([*d, *lx, *g])
        }
    fused: dict[str, float] = {}
    for ranking in (dense, lexical, glossed):
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
        crosslingual: Callable[[], Embedder] | None = None,
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self._embedder = embedder
        self.config = config or SearchConfig()
        self._crosslingual = crosslingual
        self.crosslingual = CrosslingualIndex(catalog)
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="newsdesk-crosslingual")

    def crosslingual_embedding(self, query: str) -> np.ndarray | None:
        """The query's cross-lingual embedding when it is not in English and the archive has
        cross-lingual vectors; else None (the retrieval model ranks it)."""
        if self._crosslingual is None or detect_language(query) == "en":
            return None
        self.crosslingual.refresh()
        return self._crosslingual().embed_query(query) if len(self.crosslingual) else None

    def dense(
        self,
        query: str,
        n: int,
        filters: Filters,
        allowed: Allowed | None,
        share: float = 1.0,
        crosslingual: np.ndarray | None = None,
    ) -> list[tuple[str, float]]:
        """Nearest chunks passing ``filters``; ``allowed`` lists them all (with their vectors) when
        there are few enough, else about ``share`` of the archive passes. With a
        ``crosslingual`` query embedding, the neighbours are those of the cross-lingual vectors."""
        if crosslingual is not None:
            return self._dense(crosslingual, n, filters, allowed, share, self.crosslingual.nearest)
        return self.nearest_chunks(self._embedder().embed_query(query), n, filters, allowed, share)

    def nearest_chunks(
        self, embedding: np.ndarray, n: int, filters: Filters, allowed: Allowed | None, share: float = 1.0
    ) -> list[tuple[str, float]]:
        """The retrieval model's nearest chunks to ``embedding`` passing ``filters`` (see ``dense``)."""
        if allowed is not None:
            ids, matrix = allowed
            if matrix is None:  # some have no copy in the catalog (a crash between two writes): Chroma, by id
                return self.vectors.query(embedding, n, ids=ids)
            self.vectors.verify()  # a store that lost its vectors is reported whichever path a search takes
            return exact_nearest(ids, matrix, embedding, n)
        return self._dense(embedding, n, filters, None, share, self._chroma_nearest)

    def other_languages_embedding(self, query: str) -> Future[np.ndarray] | None:
        """The cross-lingual embedding of an English query, being computed, when the archive holds
        stories in other languages to rank with it; else None."""
        if self._crosslingual is None or self.config.crosslingual_scale is None:
            return None
        self.crosslingual.refresh()
        if not self.crosslingual.foreign_ids:
            return None
        model = self._crosslingual
        return self._pool.submit(lambda: model().embed_query(query))

    def with_other_languages(
        self,
        embedding: np.ndarray,
        dense: list[tuple[str, float]],
        n: int,
        filters: Filters,
        allowed: Allowed | None,
        share: float,
    ) -> list[tuple[str, float]]:
        """An English query's dense ranking with the stories not in English scored by the
        cross-lingual model (the retrieval model reads them as noise)."""
        foreign = self.crosslingual.foreign_ids
        theirs = self._dense(embedding, n, filters, allowed, share, self._foreign_nearest)
        scale = self.config.crosslingual_scale or 1.0
        merged = [(cid, s) for cid, s in dense if cid not in foreign] + [(cid, scale * s) for cid, s in theirs]
        return sorted(merged, key=lambda item: -item[1])[:n]

    def _foreign_nearest(self, embedding: np.ndarray, n: int, ids: list[str] | None = None) -> list[tuple[str, float]]:
        return self.crosslingual.nearest(embedding, n, ids, foreign_only=True)

    def _chroma_nearest(self, embedding: np.ndarray, n: int, ids: list[str] | None = None) -> list[tuple[str, float]]:
        # Thousands pass a filter: Chroma by id (8 ms for 10,000) beats reading their vectors (26 ms).
        return self.vectors.query(embedding, n, ids=ids)

    def _dense(
        self,
        embedding: np.ndarray,
        n: int,
        filters: Filters,
        allowed: Allowed | None,
        share: float,
        nearest: Callable[..., list[tuple[str, float]]],
    ) -> list[tuple[str, float]]:
        """``nearest(embedding, n, ids)`` under ``filters``: among the ``allowed`` chunks when
        listed, else over-fetched unfiltered neighbours that the catalog lets through."""
        if allowed is not None:
            return nearest(embedding, n, allowed[0])
        fetch = overfetch(n, share) if filters.narrows else 2 * n
        neighbours = nearest(embedding, fetch)
        passing = self.catalog.queries.passing_chunks([cid for cid, _ in neighbours], filters)
        kept = [(cid, score) for cid, score in neighbours if cid in passing][:n]
        if len(kept) < n and len(neighbours) == fetch and filters.narrows:  # the filter is sparser than it looked
            ids = self.catalog.queries.filtered_chunk_ids(filters)
            return nearest(embedding, n, ids) if ids else []
        return kept

    def lexical(self, query: str, n: int, filters: Filters, allowed: Allowed | None = None) -> list[tuple[str, float]]:
        terms = query_terms(query)
        if self.config.translate_lexical and detect_language(query) != "en":
            # A French question's words are not an English story's: their translations are
            # matched too. (An English query is not translated: the French terms it would add
            # pushed English stories out of its first five; its dense ranking reads French.)
            terms += translated_terms(query)
        if self.config.lexical_postings:  # the rarest terms only, within the work bound
            frequencies = self.catalog.queries.document_frequencies(terms) if terms else {}
            terms = affordable_terms(terms, frequencies, self.config.lexical_postings)
        match = fts_any([*terms, *number_phrases(query)])
        if not match:
            return []
        selective = allowed is not None and len(allowed[0]) <= SELECTIVE_LEXICAL
        return self.catalog.queries.lexical_search(match, n, filters, selective)

    def allowed_chunks(self, filters: Filters) -> tuple[Allowed | None, float]:
        """Every chunk ``filters`` lets through with its vector, or None when it does not narrow
        the archive or lets more than ``exact_limit`` through (judged first on a cheap
        estimate: listing thousands of chunks costs more than the search); and about which
        share of the archive passes."""
        if not filters.narrows:
            return None, 1.0
        estimate = self.catalog.queries.estimated_chunks(filters)
        share = max(estimate, 1) / max(self.catalog.queries.story_count(), 1)
        if estimate > self.config.exact_limit:
            return None, share
        return self.catalog.vector_copies.filtered_vectors(filters, self.config.exact_limit), share

    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: Mode = "hybrid") -> list[Hit]:
        """The ``k`` best stories for ``query``: one hit per story, its best passage."""
        filters = filters or Filters()
        n = max(self.config.candidates, 3 * k)
        allowed, share = self.allowed_chunks(filters)
        crosslingual = self.crosslingual_embedding(query) if mode in ("hybrid", "dense") else None
        # SQLite's full-text search runs while the query is embedded (it leaves the GIL, and each
        # thread has its own connection), and so do an English query's cross-lingual embedding
        # and the English ranking of another query's gloss.
        searching = self._pool.submit(self.lexical, query, n, filters, allowed) if mode != "dense" else None
        other = self.other_languages_embedding(query) if crosslingual is None and mode != "lexical" else None
        glossing = None
        if crosslingual is not None and mode == "hybrid" and self.config.gloss_weight:
            embedder = self._embedder
            glossing = self._pool.submit(
                lambda: self.nearest_chunks(embedder().embed_query(english_gloss(query)), n, filters, allowed, share)
            )
        dense = self.dense(query, n, filters, allowed, share, crosslingual) if mode != "lexical" else []
        if other is not None:
            dense = self.with_other_languages(other.result(), dense, n, filters, allowed, share)
        glossed = glossing.result() if glossing else None
        lexical = searching.result() if searching is not None else []
        if mode == "dense":
            scores = dict(dense)
        elif mode == "lexical":
            scores = dict(lexical)
        else:
            scores = fuse(dense, lexical, self.config, crosslingual is not None, glossed)
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        # The rows (with their text) of the chunks that become hits, not of every candidate:
        # the best 3k first, more only when they hold fewer than k stories.
        rows: dict[str, Any] = {}
        hits: list[Hit] = []
        for start in range(0, len(ranked), 3 * k):
            rows.update(self.catalog.queries.chunk_rows([cid for cid, _ in ranked[start : start + 3 * k]], filters))
            hits = hits_from(ranked, rows, k)
            if len(hits) == k:
                break
        return hits
