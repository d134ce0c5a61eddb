"""The catalog's hot queries are driven by the selective index. SQLite has no statistics
here (no ANALYZE), and an ``IS NULL`` on ``stories.duplicate_of`` looks selective to it while
it matches nearly every story: driven by that index, each query scanned the whole archive
(175 ms per story ingested into the TLDR archive, 60 ms per search)."""

from __future__ import annotations

from index.store.catalog import Catalog
from index.store.search_queries import Filters


def plan(catalog: Catalog, sql: str, params: list) -> str:
    return " | ".join(row[3] for row in catalog.db.execute("EXPLAIN QUERY PLAN " + sql, params))


def capture_sql(catalog: Catalog, call) -> tuple[str, list]:
    """The first statement ``call`` runs on the catalog, with its parameters."""
    seen: list[tuple[str, list]] = []
    real = catalog.db

    class Recorder:
        def execute(self, sql, params=()):
            seen.append((sql, list(params)))
            return real.execute(sql, params)

    catalog.database._local.connection = Recorder()  # this thread's connection, as ``Database.db`` hands it out
    try:
        call()
    finally:
        catalog.database._local.connection = real
    return seen[0]


def test_duplicate_lookup_goes_through_the_band_index(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    sql, params = capture_sql(catalog, lambda: catalog.duplicate_candidates([f"{b}:ab" for b in range(16)], "issue"))
    assert "story_bands_band" in plan(catalog, sql, params)
    assert "stories_duplicate" not in plan(catalog, sql, params)


def test_chunk_rows_go_through_the_chunk_ids(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    sql, params = capture_sql(catalog, lambda: catalog.queries.chunk_rows([f"s{n}#0" for n in range(120)], Filters()))
    assert "stories_duplicate" not in plan(catalog, sql, params)
