"""Ingestion: files → issues → stories → dedup → chunks → vectors + catalog.

Idempotent and incremental: a file whose bytes are unchanged is skipped by hash; a changed
issue replaces its old stories and chunks everywhere. Crash-safe: an issue is marked
``pending`` in the catalog before its vectors are written or deleted, and ``indexed`` in the
same transaction that writes its stories and chunks; ``repair`` (run by the next writer, and
when a home is opened with no writer at work) removes what a crash left. A file is recorded
as read once all its issues are in, batch by batch, so an interrupted ingest resumes where
it stopped.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from index.errors import DiskFull, ReaderError, is_disk_full, one_line
from index.ingest import dedup
from index.ingest.chunking import chunk_story
from index.ingest.drafts import IssueDraft, file_of
from index.ingest.readers import file_hash, list_files, read_file, resolve_metadata
from index.ingest.report import IngestError, IngestReport
from index.ingest.reprints import Promotion, ReprintChanges, review_reprints
from index.model import Chunk, Issue, Story, chunk_metadata, content_hash, make_issue_id, make_story_id
from index.retrieval.embedding import Embedder, embed_longest_first
from index.store.catalog import Catalog
from index.store.chroma import VectorStore
from index.text.analysis import analyze, detect_language, story_language

Progress = Callable[[int, int], None]  # (stories done, stories in total)
Embedded = Callable[[int, int], None]  # (chunks embedded, chunks in the batch)


@dataclass(frozen=True)
class ChunkingConfig:
    encoding: str = "cl100k_base"
    max_tokens: int = 256
    overlap_tokens: int = 32


@dataclass
class _Planned:
    issue: Issue
    chunks: list[Chunk]
    replaces: list[str]  # chunk ids of the version being replaced
    is_update: bool
    bands: dict[str, list[str]]  # LSH keys of the issue's original stories
    reprints: ReprintChanges = field(default_factory=ReprintChanges)  # of its old stories, in other issues


class Indexer:
    def __init__(
        self,
        catalog: Catalog,
        vectors: VectorStore,
        embedder: Callable[[], Embedder],
        chunking: ChunkingConfig,
        batch_chunks: int = 2048,
        crosslingual: Callable[[], Embedder] | None = None,
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self._embedder = embedder  # loaded lazily: a no-op ingest needs no model
        self.chunking = chunking
        self.batch_chunks = batch_chunks
        self.crosslingual = crosslingual  # the multilingual model of index/retrieval/crosslingual.py, if any

    @property
    def home(self) -> Path:
        return self.catalog.path.parent

    # -- recovery and maintenance -----------------------------------------------------------
    def repair(self) -> list[str]:
        """Remove issues a crash left half-written (their files are read again next time) and
        promote reprints left without their first print; return the removed issue ids."""
        with self.clear_disk_errors():
            return self._repair()

    def _repair(self) -> list[str]:
        repaired = self.catalog.pending_issue_ids()
        for issue_id in repaired:
            self._remove_issue(issue_id, strays=self.vectors.ids_of_issue(issue_id))
        self._promote_dangling_reprints()
        return repaired

    def needs_repair(self) -> bool:
        """Two cheap queries: is anything half-written, or any reprint without its original?"""
        return bool(self.catalog.pending_issue_ids() or self.catalog.dangling_reprints())

    def delete_issue(self, issue_id: str) -> bool:
        if self.catalog.issue_row(issue_id) is None:
            return False
        with self.clear_disk_errors():
            self._remove_issue(issue_id)
        return True

    def _remove_issue(self, issue_id: str, strays: Iterable[str] = ()) -> None:
        """Issue out of the catalog and the vector store, its reprints elsewhere promoted.

        Marked pending first: if the process dies once vectors are gone, ``repair`` finishes
        the job at the next start (promoted vectors are rewritten under the same ids)."""
        row = self.catalog.issue_row(issue_id)
        self.catalog.set_pending(issue_id)
        changes = self.as_originals(*review_reprints(self.catalog.reprints_into(issue_id), {}))
        vectors = self.store_vectors(changes.chunks, {p.story.story_id: (p.story, p.issue) for p in changes.promoted})
        self.vectors.delete(sorted(set(self.catalog.chunk_ids_of_issue(issue_id)) | set(strays)))
        self.catalog.delete_issue(issue_id, changes)
        self.catalog.vector_copies.copy_vectors([c.chunk_id for c in changes.chunks], *vectors)
        if row is not None:
            self.catalog.forget_source(file_of(row["source"]))

    def _promote_dangling_reprints(self) -> int:
        """Reprints whose original is gone (a crash between the two writes) become originals
        again; return how many were promoted."""
        reprints = self.catalog.dangling_reprints()
        if not reprints:
            return 0
        anchors = {r.duplicate_of: self._original(r.duplicate_of) for r in reprints if r.duplicate_of}
        changes = self.as_originals(*review_reprints(reprints, anchors))
        vectors = self.store_vectors(changes.chunks, {p.story.story_id: (p.story, p.issue) for p in changes.promoted})
        self.catalog.apply_reprints(changes)
        self.catalog.vector_copies.copy_vectors([c.chunk_id for c in changes.chunks], *vectors)
        return len(changes.promoted)

    def _original(self, story_id: str) -> Story | None:
        """The original a story is, or is a reprint of; None when either is gone."""
        found = self.catalog.story(story_id)
        if found is not None and found[0].duplicate_of is not None:
            found = self.catalog.story(found[0].duplicate_of)
        return found[0] if found is not None and found[0].duplicate_of is None else None

    def as_originals(self, promoted: list[Story], relinks: dict[str, str] | None = None) -> ReprintChanges:
        """Chunks, terms and LSH keys for stories that become originals (promoted reprints,
        or originals found without chunks), and the reprint links to rewrite."""
        changes = ReprintChanges(relinks=relinks or {})
        for story in promoted:
            found = self.catalog.story(story.story_id)
            assert found is not None, story.story_id
            issue = found[1]
            chunks = self.chunk(story)
            terms = [" ".join(analyze(c.text, issue.language)) for c in chunks]
            changes.promoted.append(Promotion(story, issue, chunks, terms, dedup.bands(dedup.shingles(story.text))))
        return changes

    def chunk(self, story: Story) -> list[Chunk]:
        return chunk_story(
            story,
            max_tokens=self.chunking.max_tokens,
            overlap_tokens=self.chunking.overlap_tokens,
            encoding=self.chunking.encoding,
        )

    def store_vectors(
        self, chunks: list[Chunk], stories: Mapping[str, tuple[Story, Issue]], embedded: Embedded | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Embed ``chunks`` (longest first; ``embedded`` hears how many are done) and write them
        with their story's metadata (``stories`` by id); return the vectors and the cross-lingual
        ones (None without that model), for the catalog."""
        if not chunks:
            return np.zeros((0, 0), dtype=np.float32), None
        texts = [c.text for c in chunks]
        vectors = embed_longest_first(self._embedder(), texts, done=embedded)
        self.vectors.upsert(
            [c.chunk_id for c in chunks], vectors, texts, [chunk_metadata(c, *stories[c.story_id]) for c in chunks]
        )
        return vectors, embed_longest_first(self.crosslingual(), texts) if self.crosslingual else None

    @contextmanager
    def clear_disk_errors(self) -> Iterator[None]:
        """SQLite and the OS say "disk full" in their own words: one ``DiskFull`` naming the home."""
        try:
            yield
        except (sqlite3.Error, OSError) as error:
            if not is_disk_full(error):
                raise
            raise DiskFull(
                f"{self.home}: the disk is full ({one_line(error)}); free some space and run the same "
                "command again (what was indexed before is kept)"
            ) from error

    # -- ingestion ----------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path],
        newsletter: str | None = None,
        day: date | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        with self.clear_disk_errors():
            return self._ingest(paths, newsletter, day, progress)

    def _ingest(
        self,
        paths: Iterable[str | Path],
        newsletter: str | None,
        day: date | None,
        progress: Progress | None,
    ) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport(repaired=self.repair())
        files, report.unknown_files = list_files(paths)
        drafts: list[IssueDraft] = []
        digests: dict[str, str] = {}
        failed: set[str] = set()  # files with any error are read again next time
        for path in files:
            key, digest = str(path), file_hash(path)
            if self.catalog.source_hash(key) == digest:
                report.files_skipped += 1
                continue
            result = read_file(path)
            report.files_read += 1
            digests[key] = digest
            drafts.extend(result.issues)
            report.errors.extend(IngestError.of(e) for e in result.errors)
            if result.errors:
                failed.add(key)
        resolved, problems = resolve_metadata(
            drafts, newsletter, day, recorded=self._recorded_metadata, folder_name=self.catalog.newsletter_of_folder
        )
        report.errors.extend(IngestError.of(e) for e in problems)
        failed.update(file_of(e.source) for e in problems)

        plans = self._plan(sorted(resolved, key=lambda d: (d.date, d.source)), report)
        self._review_replaced(plans)
        # A file is recorded once all its issues are in: a crash leaves only the rest to read again.
        unwritten = Counter(file_of(plan.issue.source) for plan in plans)
        recordable = {key: digest for key, digest in digests.items() if key not in failed}
        self._record_finished(recordable, unwritten)
        total, done = sum(len(p.issue.stories) for p in plans), 0
        try:
            for batch in self._batches(plans):
                self._write(batch, self._embedding_progress(progress, done, batch, total))
                for plan in batch:
                    report.issues_updated += plan.is_update
                    report.issues_added += not plan.is_update
                    report.stories_added += len(plan.issue.stories)
                    report.chunks_added += len(plan.chunks)
                    done += len(plan.issue.stories)
                    unwritten[file_of(plan.issue.source)] -= 1
                self._record_finished(recordable, unwritten)
                if progress:
                    progress(done, total)
        except KeyboardInterrupt:
            # Ctrl-C: leave no half-written issue behind (the next start would repair it anyway).
            # Not after other failures: after a full disk, embedded Chroma can hang on the next write.
            with suppress(Exception):
                self.repair()
            raise
        report.seconds = time.perf_counter() - started
        return report

    def _recorded_metadata(self, source: str) -> tuple[str, date] | None:
        """The newsletter and date this source was indexed under, for ``resolve_metadata``."""
        row = self.catalog.issue_by_source(source)
        return (row["newsletter"], date.fromisoformat(row["date"])) if row is not None else None

    def _record_finished(self, recordable: dict[str, str], unwritten: Counter[str]) -> None:
        """Record the files whose issues are all written (or had nothing to write)."""
        for key in [k for k in recordable if unwritten[k] <= 0]:
            self.catalog.record_source(key, recordable.pop(key))

    def _review_replaced(self, plans: list[_Planned]) -> None:
        """For issues being replaced: which reprints of their old stories, in other issues,
        stay linked to the new version and which are promoted (written with the new version)."""
        rewritten = {plan.issue.issue_id for plan in plans}
        for plan in plans:
            if not plan.is_update:
                continue
            reprints = [r for r in self.catalog.reprints_into(plan.issue.issue_id) if r.issue_id not in rewritten]
            if not reprints:
                continue
            new = {story.story_id: story for story in plan.issue.stories}
            anchors: dict[str, Story | None] = {}
            for old_id in {r.duplicate_of for r in reprints if r.duplicate_of}:
                story = new.get(old_id)
                if story is not None and story.duplicate_of is not None:  # now a reprint itself
                    story = new.get(story.duplicate_of) or self._original(story.duplicate_of)
                anchors[old_id] = story
            plan.reprints = self.as_originals(*review_reprints(reprints, anchors))

    def _plan(self, drafts: list[IssueDraft], report: IngestReport) -> list[_Planned]:
        plans: list[_Planned] = []
        taken: set[str] = set()
        batch_bands: dict[str, list[tuple[Story, set[str]]]] = {}
        for draft in drafts:
            assert draft.newsletter and draft.date
            digest = content_hash(draft.raw)
            existing = self.catalog.issue_by_source(draft.source)
            if existing is not None and existing["content_hash"] == digest and existing["state"] == "indexed":
                report.issues_unchanged += 1
                continue
            issue_id = existing["issue_id"] if existing is not None else self._new_issue_id(draft, digest, taken)
            if issue_id is None:  # the same issue, already indexed from another path
                report.issues_unchanged += 1
                continue
            taken.add(issue_id)
            issue = self.build_issue(draft, issue_id, digest)
            bands = self._link_duplicates(issue, batch_bands)
            chunks: list[Chunk] = []
            for story in issue.stories:
                report.duplicates += story.duplicate_of is not None
                report.sponsors += story.kind == "sponsor"
                if story.duplicate_of is None:
                    chunks.extend(self.chunk(story))
            replaces = self.catalog.chunk_ids_of_issue(issue_id) if existing is not None else []
            plans.append(_Planned(issue, chunks, replaces, existing is not None, bands))
        return plans

    def _new_issue_id(self, draft: IssueDraft, digest: str, taken: set[str]) -> str | None:
        assert draft.newsletter and draft.date
        for ordinal in range(1, 100):
            candidate = make_issue_id(draft.newsletter, draft.date, ordinal)
            row = self.catalog.issue_row(candidate)
            if row is not None and row["content_hash"] == digest and row["state"] == "indexed":
                return None
            if row is None and candidate not in taken:
                return candidate
        raise ReaderError(draft.source, "more than 99 issues of this newsletter on one day", "check --date")

    @staticmethod
    def build_issue(draft: IssueDraft, issue_id: str, digest: str) -> Issue:
        """The issue and its stories as the catalog stores them (continuations merged)."""
        assert draft.newsletter and draft.date
        language = draft.language or detect_language(" ".join(s.text for s in draft.stories[:10]))
        stories = [
            Story(
                story_id=make_story_id(issue_id, n),
                issue_id=issue_id,
                position=n,
                headline=(s.headline or "").strip(),
                body=s.text,
                section=s.section,
                kind=s.kind,
                byline=s.byline,
                url=s.url,
                captions=s.captions,
                language=story_language(s.text, language),
            )
            for n, s in enumerate(dedup.merge_continuations(draft.stories), start=1)
        ]
        return Issue(
            issue_id=issue_id,
            newsletter=draft.newsletter,
            date=draft.date,
            subject=draft.subject[:300],
            number=draft.number,
            language=language,
            source=draft.source,
            content_hash=digest,
            stories=stories,
        )

    def _link_duplicates(
        self, issue: Issue, batch_bands: dict[str, list[tuple[Story, set[str]]]]
    ) -> dict[str, list[str]]:
        """Set ``duplicate_of`` for stories printed earlier in this issue, this batch or the
        archive; return the LSH keys of the stories that are originals."""
        originals: dict[str, list[str]] = {}
        seen: list[tuple[Story, set[str]]] = []
        for story in issue.stories:
            shingle_set = dedup.shingles(story.text)
            keys = dedup.bands(shingle_set)
            for earlier, earlier_set in seen:
                if (
                    dedup.same_headline(story.headline, earlier.headline)
                    or dedup.jaccard(shingle_set, earlier_set) >= dedup.THRESHOLD
                ):
                    story.duplicate_of = earlier.story_id
                    break
            if story.duplicate_of is None:
                candidates = [c for key in keys for c in batch_bands.get(key, [])]
                candidates += [
                    (c, dedup.shingles(c.text)) for c in self.catalog.duplicate_candidates(keys, issue.issue_id)
                ]
                for earlier, earlier_set in candidates:
                    if (
                        earlier.issue_id != issue.issue_id
                        and dedup.jaccard(shingle_set, earlier_set) >= dedup.THRESHOLD
                    ):
                        story.duplicate_of = earlier.story_id
                        break
            if story.duplicate_of is None:
                seen.append((story, shingle_set))
                originals[story.story_id] = keys
                for key in keys:
                    batch_bands.setdefault(key, []).append((story, shingle_set))
        return originals

    def _batches(self, plans: list[_Planned]) -> Iterable[list[_Planned]]:
        batch: list[_Planned] = []
        size = 0
        for plan in plans:
            batch.append(plan)
            size += len(plan.chunks)
            if size >= self.batch_chunks:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    @staticmethod
    def _embedding_progress(progress: Progress | None, done: int, batch: list[_Planned], total: int) -> Embedded | None:
        """Progress while a batch is embedded: its stories counted in proportion to its chunks."""
        if progress is None:
            return None
        stories = sum(len(p.issue.stories) for p in batch)
        return lambda embedded, chunks: progress(done + stories * embedded // chunks, total)

    def _write(self, batch: list[_Planned], embedded: Embedded | None = None) -> None:
        """pending → old vectors out → new vectors in → catalog rows + indexed, for the whole batch."""
        with self.catalog.transaction():
            for plan in batch:
                self.catalog.mark_pending(plan.issue)
        stale = [cid for plan in batch for cid in plan.replaces]
        if stale:
            self.vectors.delete(stale)
        chunks = [c for plan in batch for c in (*plan.chunks, *plan.reprints.chunks)]
        stories = {s.story_id: (s, plan.issue) for plan in batch for s in plan.issue.stories}
        stories.update((p.story.story_id, (p.story, p.issue)) for plan in batch for p in plan.reprints.promoted)
        vectors = self.store_vectors(chunks, stories, embedded)
        terms = [[" ".join(analyze(c.text, plan.issue.language)) for c in plan.chunks] for plan in batch]
        with self.catalog.transaction():  # the batch's issues in one commit
            for plan, its_terms in zip(batch, terms, strict=True):
                self.catalog.write_issue(plan.issue, plan.chunks, its_terms, plan.bands, plan.reprints)
            self.catalog.vector_copies.copy_vectors([c.chunk_id for c in chunks], *vectors)
