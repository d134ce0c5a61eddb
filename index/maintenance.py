"""Is the index whole? And rebuilding what can be rebuilt without the source files.

The catalog (SQLite) is the record: issues, stories and the text of every chunk. The
vectors (Chroma) and the lexical index (FTS5) are derived from those chunk texts, so a
store that lost data, a crash at the wrong moment or a bug can always be repaired from the
catalog: ``check_index`` finds what disagrees, ``reindex`` rebuilds it.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.retrieval.embedding import embed_longest_first
from index.store.catalog import Catalog
from index.store.chroma import VectorStore
from index.text.analysis import analyze

if TYPE_CHECKING:
    from index.ingest.pipeline import Indexer

EXAMPLES = 5  # ids shown per problem: enough to look one up, short enough for a terminal
REINDEX = "run `newsdesk reindex`"
REINDEX_MISSING = "run `newsdesk reindex --missing` (only those) or `newsdesk reindex`"


@dataclass(frozen=True)
class Problem:
    """One way catalog and vector store disagree: how often, a few examples, the fix."""

    kind: str
    count: int
    description: str
    examples: list[str]
    fix: str

    def message(self) -> str:
        shown = ", ".join(self.examples) + (", …" if self.count > len(self.examples) else "")
        return f"{self.count} {self.description} (e.g. {shown}); {self.fix}"


@dataclass
class CheckReport:
    issues: int
    pending_issues: int
    stories: int
    chunks: int
    vectors: int
    lexical_rows: int
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def fix(self) -> str | None:
        """The one command that repairs every problem found (reindex runs repair first)."""
        return None if self.ok else REINDEX


@dataclass
class ReindexReport:
    repaired_issues: list[str] = field(default_factory=list)  # half-written issues removed
    dangling_reprints: int = 0  # reprints whose original was gone, promoted or relinked
    orphan_chunks_removed: int = 0
    stories_chunked: int = 0  # originals that had no chunk
    vectors_removed: int = 0  # vectors with no chunk, or stored twice
    vectors_written: int = 0
    vectors_copied: int = 0  # from the store into the catalog's copy, for chunks that had none
    crosslingual_written: int = 0  # cross-lingual vectors of chunks that had none
    lexical_rebuilt: bool = False
    seconds: float = 0.0


# -- checking ------------------------------------------------------------------------------
def check_index(catalog: Catalog, vectors: VectorStore, crosslingual: bool = False) -> CheckReport:
    """Compare every chunk id of the catalog with every id of the vector store, and the
    catalog with itself (reprints, chunks, lexical index, and with ``crosslingual`` the
    cross-lingual vectors). Reads all ids: seconds at 50k chunks."""
    started = time.perf_counter()
    db = catalog.db
    catalog_ids = set(catalog.chunk_ids())
    listed = vectors.all_ids()
    stored = set(listed)
    counted = vectors.count()
    missing_terms, stray_terms = lexical_gaps(db)
    found: list[tuple[str, str, list[str], str]] = [
        (
            "pending_issues",
            "issues were left half-written by an interrupted ingest or delete",
            catalog.pending_issue_ids(),
            REINDEX + " (it removes them), then ingest their files again",
        ),
        ("missing_vectors", "chunks of the catalog have no vector", sorted(catalog_ids - stored), REINDEX_MISSING),
        ("orphan_vectors", "vectors have no chunk in the catalog", sorted(stored - catalog_ids), REINDEX_MISSING),
        (
            "duplicate_vectors",
            "vector ids are stored more than once",
            sorted(i for i, n in Counter(listed).items() if n > 1),
            REINDEX,
        ),
        (
            "unlisted_vectors",
            "vectors are counted by the store but not listed",
            [f"{counted} counted, {len(listed)} listed"] if counted != len(listed) else [],
            REINDEX,
        ),
        ("orphan_chunks", "chunks belong to no story, or to a reprint", orphan_chunks(db), REINDEX),
        (
            "unchunked_stories",
            "original stories have no chunk",
            [s.story_id for s in catalog.unchunked_stories()],
            REINDEX,
        ),
        (
            "dangling_reprints",
            "reprints point at a story that is gone or is itself a reprint",
            [s.story_id for s in catalog.dangling_reprints()],
            REINDEX,
        ),
        ("unindexed_chunks", "chunks are missing from the lexical index", missing_terms, REINDEX),
        ("stray_lexical_rows", "lexical index rows have no chunk", [str(r) for r in stray_terms], REINDEX),
        (
            "missing_crosslingual",
            "chunks have no cross-lingual vector (French questions do not find them)",
            sorted(cid for cid, _ in catalog.vector_copies.chunks_without_crosslingual()) if crosslingual else [],
            REINDEX_MISSING,
        ),
    ]
    problems = [Problem(kind, len(ids), text, ids[:EXAMPLES], fix) for kind, text, ids, fix in found if ids]
    counts = catalog.counts()
    return CheckReport(
        issues=counts["issues"],
        pending_issues=len(catalog.pending_issue_ids()),
        stories=counts["stories"],
        chunks=len(catalog_ids),
        vectors=counted,
        lexical_rows=int(db.execute("SELECT count(*) FROM chunk_terms").fetchone()[0]),
        problems=problems,
        seconds=time.perf_counter() - started,
    )


def orphan_chunks(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT c.chunk_id FROM chunks c LEFT JOIN stories s ON s.story_id = c.story_id "
        "WHERE s.story_id IS NULL OR s.duplicate_of IS NOT NULL ORDER BY c.chunk_id"
    )
    return [r[0] for r in rows]


def lexical_gaps(db: sqlite3.Connection) -> tuple[list[str], list[int]]:
    """Chunk ids without a lexical index row, and lexical rows (rowids) without a chunk."""
    missing = db.execute(
        "SELECT chunk_id FROM chunks WHERE rowid NOT IN (SELECT rowid FROM chunk_terms) ORDER BY chunk_id"
    )
    stray = db.execute("SELECT rowid FROM chunk_terms WHERE rowid NOT IN (SELECT rowid FROM chunks) ORDER BY rowid")
    return [r[0] for r in missing], [r[0] for r in stray]


# -- rebuilding ------------------------------------------------------------------------------
def reindex(indexer: Indexer, progress: Callable[[int, int], None] | None, only_missing: bool) -> ReindexReport:
    """Make the catalog whole, then write the vectors from its chunk texts: every one, or with
    ``only_missing`` those the store lacks. Vectors are overwritten in place, never dropped
    first, so searches keep working while a full reindex runs; an interrupted reindex is
    finished by running it again."""
    started = time.perf_counter()
    catalog, vectors = indexer.catalog, indexer.vectors
    report = ReindexReport(dangling_reprints=len(catalog.dangling_reprints()))
    report.repaired_issues = indexer.repair()  # half-written issues out, dangling reprints promoted
    report.orphan_chunks_removed = catalog.delete_orphan_chunks()
    unchunked = indexer.as_originals(catalog.unchunked_stories())
    catalog.apply_reprints(unchunked)  # their vectors are written below with the rest
    report.stories_chunked = len(unchunked.promoted)

    listed = vectors.all_ids()
    catalog_ids = set(catalog.chunk_ids())
    doubled = {chunk_id for chunk_id, n in Counter(listed).items() if n > 1}
    extra = sorted((set(listed) - catalog_ids) | doubled)
    vectors.delete(extra)
    report.vectors_removed = len(extra)
    todo = (catalog_ids - set(listed)) | doubled if only_missing else catalog_ids
    report.vectors_written = rewrite_vectors(indexer, todo, progress)
    uncopied = set(catalog.vector_copies.chunks_without_vectors()) - todo
    report.vectors_copied = copy_stored_vectors(catalog, vectors, uncopied)
    report.crosslingual_written = write_crosslingual(indexer, progress)
    report.lexical_rebuilt = rebuild_lexical_index(catalog)
    report.seconds = time.perf_counter() - started
    return report


def rewrite_vectors(indexer: Indexer, todo: set[str], progress: Callable[[int, int], None] | None) -> int:
    """Embed and write the chunks in ``todo``, in the catalog's order, a batch at a time."""
    done, after = 0, 0
    if progress:
        progress(0, len(todo))
    while done < len(todo):
        rows = indexer.catalog.chunks_with_context(after, indexer.batch_chunks)
        if not rows:
            break
        after = rows[-1][0]
        chosen = [(chunk, story, issue) for _, chunk, story, issue in rows if chunk.chunk_id in todo]
        embedded = (lambda n, _, before=done: progress(before + n, len(todo))) if progress else None
        chunks = [c for c, _, _ in chosen]
        vectors = indexer.store_vectors(chunks, {s.story_id: (s, i) for _, s, i in chosen}, embedded)
        indexer.catalog.vector_copies.copy_vectors([c.chunk_id for c in chunks], *vectors)
        done += len(chosen)
    return done


def write_crosslingual(indexer: Indexer, progress: Callable[[int, int], None] | None = None) -> int:
    """Embed the chunks that have no cross-lingual vector (the model changed, or was turned on)."""
    if indexer.crosslingual is None:
        return 0
    missing = indexer.catalog.vector_copies.chunks_without_crosslingual()
    for start in range(0, len(missing), indexer.batch_chunks):
        part = missing[start : start + indexer.batch_chunks]
        vectors = embed_longest_first(indexer.crosslingual(), [text for _, text in part])
        indexer.catalog.vector_copies.copy_crosslingual([chunk_id for chunk_id, _ in part], vectors)
        if progress:
            progress(start + len(part), len(missing))
    return len(missing)


def copy_stored_vectors(catalog: Catalog, vectors: VectorStore, chunk_ids: set[str], page: int = 1000) -> int:
    """Copy the vectors of ``chunk_ids`` from the store into the catalog (no model needed)."""
    ordered, copied = sorted(chunk_ids), 0
    for start in range(0, len(ordered), page):
        found, matrix = vectors.embeddings(ordered[start : start + page])
        catalog.vector_copies.copy_vectors(found, matrix)
        copied += len(found)
    return copied


def rebuild_lexical_index(catalog: Catalog) -> bool:
    """Rebuild the FTS5 rows from the chunk texts when they disagree with the chunks."""
    missing, stray = lexical_gaps(catalog.db)
    if not missing and not stray:
        return False
    rows = catalog.db.execute(
        "SELECT c.rowid, c.text, i.language FROM chunks c JOIN issues i ON i.issue_id = c.issue_id ORDER BY c.rowid"
    )
    terms = [(rowid, " ".join(analyze(text, language))) for rowid, text, language in rows]
    with catalog.transaction() as db:  # the whole lexical index replaced at once
        db.execute("DELETE FROM chunk_terms")
        db.executemany("INSERT INTO chunk_terms (rowid, terms) VALUES (?, ?)", terms)
    return True
