"""The catalog's read side for search: which stories a search may return (``Filters``) and the
SQL lookups the searcher makes (BM25 over FTS5, chunk metadata, exact filtered sets)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from index.model import slugify
from index.store.database import Database

# Every chunk with the story and issue that ``Filters.sql`` filters on.
FILTERED_CHUNKS = "chunks c JOIN stories s ON s.story_id = c.story_id JOIN issues i ON i.issue_id = c.issue_id"


@dataclass(frozen=True)
class Filters:
    """Which stories a search may return."""

    since: date | None = None
    until: date | None = None
    newsletter: str | None = None
    section: str | None = None
    include_sponsors: bool = False

    def sql(self) -> tuple[str, list[Any]]:
        """A WHERE clause over ``issues i`` and ``stories s``, and its parameters."""
        where, params = self.story_sql()
        return f"i.state = 'indexed' AND {where}", params

    def story_sql(self) -> tuple[str, list[Any]]:
        """The part of ``sql`` over ``stories s`` alone."""
        # "+" keeps SQLite from driving a query by the duplicate_of index: nearly every story
        # is an original, so that index would scan them all instead of looking chunks up by id.
        clauses = ["+s.duplicate_of IS NULL"]
        params: list[Any] = []
        if not self.include_sponsors:
            clauses.append("s.kind != 'sponsor'")
        if self.since:
            clauses.append("s.date >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append("s.date <= ?")
            params.append(self.until.isoformat())
        if self.newsletter:
            clauses.append("s.slug = ?")
            params.append(slugify(self.newsletter))
        if self.section:
            clauses.append("lower(s.section) = lower(?)")
            params.append(self.section)
        return " AND ".join(clauses), params

    @property
    def narrows(self) -> bool:
        """True when the filter excludes more than sponsors and duplicates."""
        return any((self.since, self.until, self.newsletter, self.section))


class SearchQueries:
    """Search lookups over the catalog's tables."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def db(self) -> sqlite3.Connection:
        return self.database.db

    def chunk_rows(self, chunk_ids: list[str], filters: Filters) -> dict[str, sqlite3.Row]:
        """Story metadata of the given chunks that pass ``filters``, by chunk id."""
        where, params = filters.sql()
        rows: dict[str, sqlite3.Row] = {}
        for start in range(0, len(chunk_ids), 500):
            part = chunk_ids[start : start + 500]
            sql = (
                "SELECT c.chunk_id, c.text, s.story_id, s.issue_id, s.date, s.headline, s.section, s.url, s.kind, "
                f"i.newsletter FROM {FILTERED_CHUNKS} "
                f"WHERE c.chunk_id IN ({','.join('?' * len(part))}) AND {where}"
            )
            rows.update((r["chunk_id"], r) for r in self.db.execute(sql, [*part, *params]))
        return rows

    def passing_chunks(self, chunk_ids: list[str], filters: Filters) -> set[str]:
        """The given chunks that pass ``filters`` (ids only: a dense search over-fetches)."""
        where, params = filters.sql()
        passing: set[str] = set()
        for start in range(0, len(chunk_ids), 500):
            part = chunk_ids[start : start + 500]
            sql = (
                f"SELECT c.chunk_id FROM {FILTERED_CHUNKS} "
                f"WHERE c.chunk_id IN ({','.join('?' * len(part))}) AND {where}"
            )
            passing.update(r[0] for r in self.db.execute(sql, [*part, *params]))
        return passing

    def lexical_search(self, match: str, n: int, filters: Filters, selective: bool = False) -> list[tuple[str, float]]:
        """(chunk id, BM25 score — higher is better) of the ``n`` best chunks.

        FTS5 ranks every match; the question is what to join them to. Unless the filter
        narrows the archive, only the best ``2n`` matches are joined to their stories and
        filtered (if fewer than ``n`` pass, the full query runs; under a filter, trying the
        best matches first lost more often than it saved). A ``selective`` filter (few chunks
        pass) lists its chunks first and keeps the matches among them: joining every match of
        a common word to its story would cost more than ranking them."""
        where, params = filters.sql()
        joins = (
            "JOIN chunks c ON c.rowid = f.rowid JOIN stories s ON s.story_id = c.story_id "
            "JOIN issues i ON i.issue_id = c.issue_id"
        )
        if selective:
            sql = (
                "WITH f AS MATERIALIZED (SELECT rowid, rank FROM chunk_terms WHERE chunk_terms MATCH ?) "
                "SELECT c.chunk_id, -f.rank FROM f JOIN chunks c ON c.rowid = f.rowid WHERE f.rowid IN "
                f"(SELECT c.rowid FROM {FILTERED_CHUNKS} WHERE {where}) ORDER BY f.rank LIMIT ?"
            )
            return [(r[0], float(r[1])) for r in self.db.execute(sql, [match, *params, n])]
        if not filters.narrows:
            sql = (
                "SELECT c.chunk_id, -f.rank FROM (SELECT rowid, rank FROM chunk_terms WHERE chunk_terms MATCH ? "
                f"ORDER BY rank LIMIT ?) f {joins} WHERE {where} ORDER BY f.rank LIMIT ?"
            )
            rows = [(r[0], float(r[1])) for r in self.db.execute(sql, [match, 2 * n, *params, n])]
            if len(rows) == n:
                return rows
        sql = (
            f"SELECT c.chunk_id, -f.rank FROM (SELECT rowid, rank FROM chunk_terms WHERE chunk_terms MATCH ?) f "
            f"{joins} WHERE {where} ORDER BY f.rank LIMIT ?"
        )
        return [(r[0], float(r[1])) for r in self.db.execute(sql, [match, *params, n])]

    def matching_stories(self, match: str, filters: Filters) -> list[tuple[str, date, str, float]]:
        """Every story with a chunk matching ``match`` that passes ``filters``: (story id, date,
        its best chunk, that chunk's BM25 score — higher is better), best first."""
        where, params = filters.sql()
        rows = self.db.execute(
            "SELECT s.story_id, s.date, c.chunk_id, -f.rank FROM "
            "(SELECT rowid, rank FROM chunk_terms WHERE chunk_terms MATCH ?) f "
            "JOIN chunks c ON c.rowid = f.rowid JOIN stories s ON s.story_id = c.story_id "
            f"JOIN issues i ON i.issue_id = c.issue_id WHERE {where} ORDER BY f.rank",
            [match, *params],
        )
        best: dict[str, tuple[str, date, str, float]] = {}
        for story_id, day, chunk_id, score in rows:
            best.setdefault(story_id, (story_id, date.fromisoformat(day), chunk_id, float(score)))
        return list(best.values())

    def estimated_chunks(self, filters: Filters) -> int:
        """About how many chunks pass ``filters``: the stories passing, counted on the stories
        table alone (no join; a long story has several chunks, a story of an unfinished
        issue none). A date or newsletter filter is counted on an index."""
        where, params = filters.story_sql()
        return int(self.db.execute(f"SELECT count(*) FROM stories s WHERE {where}", params).fetchone()[0])

    def story_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM stories").fetchone()[0])

    def filtered_chunk_ids(self, filters: Filters) -> list[str]:
        """All chunk ids passing ``filters``."""
        where, params = filters.sql()
        return [r[0] for r in self.db.execute(f"SELECT c.chunk_id FROM {FILTERED_CHUNKS} WHERE {where}", params)]

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        """In how many chunks each term occurs (absent terms are left out)."""
        if not terms:
            return {}
        rows = self.db.execute(
            f"SELECT term, doc FROM chunk_vocabulary WHERE term IN ({','.join('?' * len(terms))})", terms
        )
        return {row[0]: int(row[1]) for row in rows}
