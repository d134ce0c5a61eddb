"""The catalog: issues, stories, chunks and the BM25 lexical index, in one SQLite file.

SQLite gives transactions across all of them: an issue's stories, chunks and index terms
appear together or not at all. An issue is ``pending`` while its vectors are being
written and ``indexed`` once everything is in; searches only ever see ``indexed`` issues.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import DiskFull, IndexMismatch, StoreError, is_disk_full, one_line
from index.model import Chunk, Issue, Story, slugify
from index.store.database import Database
from index.store.schema import SCHEMA, issue_from_row, story_from_row
from index.store.search_queries import SearchQueries
from index.store.vector_copies import SCHEMA as VECTORS_SCHEMA
from index.store.vector_copies import VectorCopies

if TYPE_CHECKING:
    from index.ingest.reprints import ReprintChanges


class Catalog:
    """Issues, stories and chunks in SQLite, with the lookups search makes (``queries``) and the
    copies of the chunks' vectors (``vector_copies``) over the same connections."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.database = Database(path)
        self.queries = SearchQueries(self.database)
        self.vector_copies = VectorCopies(self.database)
        try:
            self.db.executescript(SCHEMA + VECTORS_SCHEMA)
        except sqlite3.Error as error:
            if is_disk_full(error):
                raise DiskFull(f"{path}: the disk is full; free some space, then start again") from error
            raise StoreError(f"{path}: the catalog cannot be written ({one_line(error)}); check the home") from error
        self._check_schema()

    def _check_schema(self) -> None:
        """A catalog written by an earlier newsdesk lacks columns this one reads: say so, rather
        than fail on the first query that needs them."""
        columns = {row["name"] for row in self.db.execute("PRAGMA table_info(stories)")}
        if not {"captions", "language"} <= columns:
            raise IndexMismatch(
                f"{self.path} was written by an earlier newsdesk (its stories have no captions or language); "
                "ingest the issues again into a new home (--home DIR or NEWSDESK_HOME)"
            )
        if "number" not in {row["name"] for row in self.db.execute("PRAGMA table_info(issues)")}:
            # An issue's number came later; it is not in the text that was indexed, so the
            # column is added in place and filled when an issue is read again.
            try:
                self.db.execute("ALTER TABLE issues ADD COLUMN number TEXT")
            except sqlite3.OperationalError as error:  # another process added it first
                if "duplicate column" not in str(error):
                    raise

    @property
    def db(self) -> sqlite3.Connection:
        return self.database.db

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return self.database.transaction()

    def close(self) -> None:
        self.database.close()

    # -- meta ---------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- sources and issue lifecycle ------------------------------------------------------
    def source_hash(self, path: str) -> str | None:
        row = self.db.execute("SELECT file_hash FROM sources WHERE path = ?", (path,)).fetchone()
        return row["file_hash"] if row else None

    def record_source(self, path: str, file_hash: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?)", (path, file_hash))

    def forget_source(self, path: str) -> None:
        self.db.execute("DELETE FROM sources WHERE path = ?", (path,))

    def issue_by_source(self, source: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute("SELECT * FROM issues WHERE source = ?", (source,)).fetchone()
        return row

    def newsletter_of_folder(self, folder: Path) -> str | None:
        """The newsletter most issues indexed from files directly in ``folder`` belong to."""
        prefix = str(folder).rstrip("/").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/"
        row = self.db.execute(
            "SELECT newsletter FROM issues WHERE state = 'indexed' AND source LIKE ? ESCAPE '\\' "
            "AND source NOT LIKE ? ESCAPE '\\' GROUP BY newsletter ORDER BY count(*) DESC LIMIT 1",
            (prefix + "%", prefix + "%/%"),
        ).fetchone()
        return row["newsletter"] if row else None

    def issue_row(self, issue_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute("SELECT * FROM issues WHERE issue_id = ?", (issue_id,)).fetchone()
        return row

    def mark_pending(self, issue: Issue) -> None:
        """Before vectors are written: the issue (new or replaced) is hidden from search."""
        self.db.execute(
            "INSERT INTO issues VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?) "
            "ON CONFLICT (issue_id) DO UPDATE SET state = 'pending', source = excluded.source",
            (
                issue.issue_id,
                issue.newsletter,
                issue.slug,
                issue.date.isoformat(),
                issue.subject,
                issue.language,
                issue.source,
                issue.content_hash,
                issue.number,
            ),
        )

    def set_pending(self, issue_id: str) -> None:
        """Before an issue's vectors are deleted: hidden from search, and removed by ``repair``
        if the process dies before the catalog rows go too."""
        self.db.execute("UPDATE issues SET state = 'pending' WHERE issue_id = ?", (issue_id,))

    def pending_issue_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT issue_id FROM issues WHERE state = 'pending'")]

    def chunk_ids_of_issue(self, issue_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT chunk_id FROM chunks WHERE issue_id = ?", (issue_id,))]

    def _insert_chunks(self, db: sqlite3.Connection, issue_id: str, chunks: list[Chunk], terms: list[str]) -> None:
        for chunk, chunk_terms in zip(chunks, terms, strict=True):
            cursor = db.execute(
                "INSERT INTO chunks (chunk_id, story_id, issue_id, text, n_tokens) VALUES (?, ?, ?, ?, ?)",
                (chunk.chunk_id, chunk.story_id, issue_id, chunk.text, chunk.n_tokens),
            )
            db.execute("INSERT INTO chunk_terms (rowid, terms) VALUES (?, ?)", (cursor.lastrowid, chunk_terms))

    def _delete_issue_rows(self, db: sqlite3.Connection, issue_id: str) -> None:
        db.execute(
            "DELETE FROM chunk_terms WHERE rowid IN (SELECT rowid FROM chunks WHERE issue_id = ?)",
            (issue_id,),
        )
        db.execute("DELETE FROM chunks WHERE issue_id = ?", (issue_id,))
        db.execute(
            "DELETE FROM story_bands WHERE story_id IN (SELECT story_id FROM stories WHERE issue_id = ?)",
            (issue_id,),
        )
        db.execute("DELETE FROM stories WHERE issue_id = ?", (issue_id,))

    def write_issue(
        self,
        issue: Issue,
        chunks: list[Chunk],
        terms: list[str],
        story_bands: dict[str, list[str]],
        reprints: ReprintChanges | None = None,
    ) -> None:
        """Replace everything of the issue and mark it indexed, in one transaction; ``reprints``
        relinks the other issues' reprints of its old stories in the same transaction."""
        with self.transaction() as db:
            self._delete_issue_rows(db, issue.issue_id)
            day, slug = issue.date.isoformat(), issue.slug
            db.executemany(
                "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        s.story_id,
                        s.issue_id,
                        s.position,
                        s.headline,
                        s.section,
                        s.kind,
                        s.byline,
                        s.url,
                        s.body,
                        s.content_hash,
                        s.duplicate_of,
                        day,
                        slug,
                        "\n".join(s.captions),
                        s.language,
                    )
                    for s in issue.stories
                ],
            )
            self._insert_chunks(db, issue.issue_id, chunks, terms)
            db.executemany(
                "INSERT INTO story_bands VALUES (?, ?)",
                [(band, story_id) for story_id, keys in story_bands.items() for band in keys],
            )
            db.execute(
                "UPDATE issues SET newsletter = ?, slug = ?, date = ?, subject = ?, language = ?, "
                "source = ?, content_hash = ?, state = 'indexed', n_stories = ?, number = ? WHERE issue_id = ?",
                (
                    issue.newsletter,
                    slug,
                    day,
                    issue.subject,
                    issue.language,
                    issue.source,
                    issue.content_hash,
                    len(issue.stories),
                    issue.number,
                    issue.issue_id,
                ),
            )
            if reprints:
                self._apply_reprints(db, reprints)

    def delete_issue(self, issue_id: str, reprints: ReprintChanges | None = None) -> None:
        with self.transaction() as db:
            self._delete_issue_rows(db, issue_id)
            db.execute("DELETE FROM issues WHERE issue_id = ?", (issue_id,))
            if reprints:
                self._apply_reprints(db, reprints)

    # -- reprints whose first print goes away ---------------------------------------------
    def reprints_into(self, issue_id: str) -> list[Story]:
        """Stories of other issues linked as reprints of this issue's stories, earliest first."""
        rows = self.db.execute(
            "SELECT * FROM stories WHERE issue_id != ? AND duplicate_of IN "
            "(SELECT story_id FROM stories WHERE issue_id = ?) ORDER BY date, story_id",
            (issue_id, issue_id),
        )
        return [story_from_row(r) for r in rows]

    def dangling_reprints(self) -> list[Story]:
        """Reprints whose original is gone or is itself a reprint: unsearchable, earliest first."""
        rows = self.db.execute(
            "SELECT r.* FROM stories r LEFT JOIN stories o ON o.story_id = r.duplicate_of "
            "WHERE r.duplicate_of IS NOT NULL AND (o.story_id IS NULL OR o.duplicate_of IS NOT NULL) "
            "ORDER BY r.date, r.story_id"
        )
        return [story_from_row(r) for r in rows]

    def unchunked_stories(self) -> list[Story]:
        """Originals of indexed issues that have no chunk (every original has at least one)."""
        rows = self.db.execute(
            "SELECT s.* FROM stories s JOIN issues i ON i.issue_id = s.issue_id "
            "WHERE i.state = 'indexed' AND s.duplicate_of IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.story_id = s.story_id) ORDER BY s.date, s.story_id"
        )
        return [story_from_row(r) for r in rows]

    def _apply_reprints(self, db: sqlite3.Connection, changes: ReprintChanges) -> None:
        """Promoted reprints become originals with their chunks, terms and LSH bands; the
        others point at their new original."""
        for promotion in changes.promoted:
            story_id = promotion.story.story_id
            db.execute("UPDATE stories SET duplicate_of = NULL WHERE story_id = ?", (story_id,))
            db.execute(
                "DELETE FROM chunk_terms WHERE rowid IN (SELECT rowid FROM chunks WHERE story_id = ?)", (story_id,)
            )
            db.execute("DELETE FROM chunks WHERE story_id = ?", (story_id,))
            self._insert_chunks(db, promotion.story.issue_id, promotion.chunks, promotion.terms)
            db.execute("DELETE FROM story_bands WHERE story_id = ?", (story_id,))
            db.executemany("INSERT INTO story_bands VALUES (?, ?)", [(band, story_id) for band in promotion.bands])
        db.executemany(
            "UPDATE stories SET duplicate_of = ? WHERE story_id = ?",
            [(original, reprint) for reprint, original in changes.relinks.items()],
        )

    def apply_reprints(self, changes: ReprintChanges) -> None:
        with self.transaction() as db:
            self._apply_reprints(db, changes)

    # -- duplicates ---------------------------------------------------------------------
    def duplicate_candidates(self, bands: list[str], exclude_issue: str) -> list[Story]:
        """Originals of other issues sharing an LSH band with a story (earliest first)."""
        marks = ",".join("?" * len(bands))
        # "+": driven by the band index; through the duplicate_of index SQLite would scan every
        # original of the archive for each story.
        rows = self.db.execute(
            f"SELECT DISTINCT s.* FROM story_bands b JOIN stories s ON s.story_id = b.story_id "
            f"WHERE b.band IN ({marks}) AND s.issue_id != ? AND +s.duplicate_of IS NULL "
            f"ORDER BY s.date, s.story_id LIMIT 20",
            [*bands, exclude_issue],
        ).fetchall()
        return [story_from_row(r) for r in rows]

    # -- reads ----------------------------------------------------------------------------
    def story(self, story_id: str) -> tuple[Story, Issue] | None:
        row = self.db.execute("SELECT * FROM stories WHERE story_id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        issue_row = self.issue_row(row["issue_id"])
        assert issue_row is not None
        return story_from_row(row), issue_from_row(issue_row)

    def reprints_of(self, story_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT story_id FROM stories WHERE duplicate_of = ? ORDER BY date, story_id", (story_id,)
        )
        return [r[0] for r in rows]

    def stories_of_issue(self, issue_id: str) -> list[Story]:
        rows = self.db.execute("SELECT * FROM stories WHERE issue_id = ? ORDER BY position", (issue_id,))
        return [story_from_row(r) for r in rows]

    def issues(
        self, newsletter: str | None = None, since: date | None = None, until: date | None = None
    ) -> list[tuple[Issue, int]]:
        """Indexed issues, newest first, with their story counts."""
        clauses, params = ["state = 'indexed'"], []
        if newsletter:
            clauses.append("slug = ?")
            params.append(slugify(newsletter))
        if since:
            clauses.append("date >= ?")
            params.append(since.isoformat())
        if until:
            clauses.append("date <= ?")
            params.append(until.isoformat())
        rows = self.db.execute(
            f"SELECT * FROM issues WHERE {' AND '.join(clauses)} ORDER BY date DESC, issue_id", params
        )
        return [(issue_from_row(r), r["n_stories"]) for r in rows]

    def leading_stories(
        self, since: date | None, until: date | None, newsletter: str | None = None, limit: int = 5
    ) -> list[tuple[Story, Issue]]:
        """The period's news stories a digest names: those the most newsletters carried (their
        reprints), then each issue's first story, newest first."""
        wanted = [("s.date >= ?", since), ("s.date <= ?", until), ("s.slug = ?", newsletter and slugify(newsletter))]
        clauses = ["i.state = 'indexed'", "s.kind = 'news'", "s.duplicate_of IS NULL"] + [c for c, v in wanted if v]
        rows = self.db.execute(
            "SELECT s.story_id, (SELECT count(*) FROM stories r WHERE r.duplicate_of = s.story_id) AS carried "
            f"FROM stories s JOIN issues i ON i.issue_id = s.issue_id WHERE {' AND '.join(clauses)} "
            "ORDER BY carried DESC, s.position, s.date DESC, s.story_id LIMIT ?",
            [*(str(v) for _, v in wanted if v), limit],  # a date as ISO
        ).fetchall()
        return [found for r in rows if (found := self.story(r["story_id"]))]

    def date_span(self, newsletter: str | None = None) -> tuple[date, date] | None:
        """The first and last dates of the indexed issues (of ``newsletter``), None when there are none."""
        query, params = "SELECT min(date), max(date) FROM issues WHERE state = 'indexed'", []
        if newsletter:
            query, params = f"{query} AND slug = ?", [slugify(newsletter)]
        first, last = self.db.execute(query, params).fetchone()
        return (date.fromisoformat(first), date.fromisoformat(last)) if first else None

    def sections(self) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT section FROM stories WHERE section IS NOT NULL ORDER BY 1")
        return [r[0] for r in rows]

    def original_stories(
        self, story_id: str | None = None, url: str | None = None, phrase: str | None = None
    ) -> set[str]:
        """The original stories (a reprint gives its original) with this id, link, or phrase in
        their headline or body."""
        if story_id:
            rows = self.db.execute("SELECT story_id, duplicate_of FROM stories WHERE story_id = ?", (story_id,))
        elif url:
            rows = self.db.execute("SELECT story_id, duplicate_of FROM stories WHERE url = ?", (url,))
        elif phrase:
            rows = self.db.execute(
                "SELECT story_id, duplicate_of FROM stories WHERE instr(headline || char(10) || body, ?) > 0", (phrase,)
            )
        else:
            return set()
        return {row["duplicate_of"] or row["story_id"] for row in rows}

    def indexed_sources(self, files: list[str]) -> set[str]:
        """Those of ``files`` an indexed issue was read from (a mailbox or JSON Lines file is the
        source of its issues as ``file#key``)."""
        found = set()
        for file in files:
            row = self.db.execute(
                "SELECT 1 FROM issues WHERE state = 'indexed' AND (source = ? OR substr(source, 1, ?) = ?) LIMIT 1",
                (file, len(file) + 1, f"{file}#"),
            ).fetchone()
            if row:
                found.add(file)
        return found

    def newsletter_names(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT newsletter FROM issues WHERE state = 'indexed'")]

    def counts(self) -> dict[str, Any]:
        one = self.db.execute
        return {
            "issues": one("SELECT count(*) FROM issues WHERE state = 'indexed'").fetchone()[0],
            "stories": one("SELECT count(*) FROM stories").fetchone()[0],
            "duplicates": one("SELECT count(*) FROM stories WHERE duplicate_of IS NOT NULL").fetchone()[0],
            "sponsors": one("SELECT count(*) FROM stories WHERE kind = 'sponsor'").fetchone()[0],
            "chunks": one("SELECT count(*) FROM chunks").fetchone()[0],
            "newsletters": [
                r[0] for r in one("SELECT DISTINCT newsletter FROM issues WHERE state = 'indexed' ORDER BY 1")
            ],
            "first_date": span[0].isoformat() if (span := self.date_span()) else None,
            "last_date": span[1].isoformat() if span else None,
        }

    def chunk_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM chunks").fetchone()[0])

    def indexed_chunk_count(self) -> int:
        """Chunks of indexed issues: the vector store holds at least these (pending issues may
        be half-written, and their vectors are written before their rows)."""
        sql = "SELECT count(*) FROM chunks c JOIN issues i ON i.issue_id = c.issue_id WHERE i.state = 'indexed'"
        return int(self.db.execute(sql).fetchone()[0])

    # -- rebuilding derived data (reindex) ---------------------------------------------------
    def chunk_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT chunk_id FROM chunks")]

    def chunks_with_context(self, after_rowid: int, limit: int) -> list[tuple[int, Chunk, Story, Issue]]:
        """The next ``limit`` chunks by rowid, each with its story and issue: the metadata a
        vector carries. Story bodies are left empty (not needed, and the bulk of the data), and
        stories take their issue's language."""
        rows = self.db.execute(
            "SELECT c.rowid AS chunk_rowid, c.chunk_id, c.text AS chunk_text, c.n_tokens, s.story_id, "
            "s.issue_id, s.position, s.headline, '' AS body, '' AS captions, s.section, s.kind, s.byline, s.url, "
            "s.duplicate_of, "
            "i.newsletter, i.date, i.subject, i.language, i.source, i.content_hash, i.number "
            "FROM chunks c JOIN stories s ON s.story_id = c.story_id JOIN issues i ON i.issue_id = c.issue_id "
            "WHERE c.rowid > ? ORDER BY c.rowid LIMIT ?",
            (after_rowid, limit),
        )
        return [
            (
                r["chunk_rowid"],
                Chunk(r["chunk_id"], r["story_id"], r["chunk_text"], r["n_tokens"]),
                story_from_row(r),
                issue_from_row(r),
            )
            for r in rows
        ]

    def delete_orphan_chunks(self) -> int:
        """Drop chunks whose story is gone or is a reprint (reprints are never indexed)."""
        orphans = (
            "SELECT c.rowid FROM chunks c LEFT JOIN stories s ON s.story_id = c.story_id "
            "WHERE s.story_id IS NULL OR s.duplicate_of IS NOT NULL"
        )
        with self.transaction() as db:
            db.execute(f"DELETE FROM chunk_terms WHERE rowid IN ({orphans})")
            return db.execute(f"DELETE FROM chunks WHERE rowid IN ({orphans})").rowcount
