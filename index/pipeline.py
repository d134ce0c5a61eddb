"""Ingestion: files → issues → stories → dedup → chunks → vectors + catalog.

Idempotent and incremental: a file whose bytes are unchanged is skipped by hash; a changed
issue replaces its old stories and chunks everywhere. Crash-safe: an issue is marked
``pending`` in the catalog before its vectors are written and ``indexed`` in the same
transaction that writes its stories and chunks; ``repair`` removes what a crash left.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from index import dedup
from index.analysis import analyze, detect_language
from index.catalog import Catalog
from index.chunking import chunk_story
from index.drafts import IssueDraft, file_of
from index.embedding import Embedder
from index.errors import ReaderError
from index.models import Chunk, Issue, Story, content_hash, make_issue_id, make_story_id
from index.readers import list_files, read_file, resolve_metadata
from index.vectors import VectorStore

Progress = Callable[[int, int], None]  # (stories done, stories in total)


@dataclass(frozen=True)
class ChunkingConfig:
    encoding: str = "cl100k_base"
    max_tokens: int = 256
    overlap_tokens: int = 32


@dataclass
class IngestError:
    source: str
    reason: str


@dataclass
class IngestReport:
    files_read: int = 0
    files_skipped: int = 0
    issues_added: int = 0
    issues_updated: int = 0
    issues_unchanged: int = 0
    stories_added: int = 0
    chunks_added: int = 0
    duplicates: int = 0
    sponsors: int = 0
    repaired: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Planned:
    issue: Issue
    chunks: list[Chunk]
    replaces: list[str]  # chunk ids of the version being replaced
    is_update: bool
    bands: dict[str, list[str]]  # LSH keys of the issue's original stories


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def chunk_metadata(chunk: Chunk, story: Story, issue: Issue) -> dict[str, Any]:
    """What Chroma stores beside each vector: enough to cite the hit on its own."""
    return {
        "story_id": story.story_id, "issue_id": issue.issue_id, "newsletter": issue.newsletter,
        "date": issue.date.isoformat(), "date_ord": int(issue.date.strftime("%Y%m%d")),
        "headline": story.headline, "section": story.section or "", "kind": story.kind,
        "url": story.url or "",
    }  # fmt: skip


class Indexer:
    def __init__(
        self,
        catalog: Catalog,
        vectors: VectorStore,
        embedder: Callable[[], Embedder],
        chunking: ChunkingConfig,
        batch_chunks: int = 256,
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self._embedder = embedder  # loaded lazily: a no-op ingest needs no model
        self.chunking = chunking
        self.batch_chunks = batch_chunks

    # -- recovery ---------------------------------------------------------------------------
    def repair(self) -> list[str]:
        """Remove issues a crash left half-written; their files are read again next time."""
        repaired = self.catalog.pending_issue_ids()
        for issue_id in repaired:
            stale = set(self.catalog.chunk_ids_of_issue(issue_id)) | set(self.vectors.ids_of_issue(issue_id))
            self.vectors.delete(sorted(stale))
            row = self.catalog.issue_row(issue_id)
            self.catalog.delete_issue(issue_id)
            if row is not None:
                self.catalog.forget_source(file_of(row["source"]))
        return repaired

    def delete_issue(self, issue_id: str) -> bool:
        row = self.catalog.issue_row(issue_id)
        if row is None:
            return False
        self.vectors.delete(self.catalog.chunk_ids_of_issue(issue_id))
        self.catalog.delete_issue(issue_id)
        self.catalog.forget_source(file_of(row["source"]))
        return True

    # -- ingestion ----------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path],
        newsletter: str | None = None,
        day: date | None = None,
        progress: Progress | None = None,
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
            report.errors.extend(IngestError(e.source, str(e)) for e in result.errors)
            if result.errors:
                failed.add(key)
        resolved, problems = resolve_metadata(drafts, newsletter, day)
        report.errors.extend(IngestError(e.source, str(e)) for e in problems)
        failed.update(file_of(e.source) for e in problems)

        plans = self._plan(sorted(resolved, key=lambda d: (d.date, d.source)), report)
        total, done = sum(len(p.issue.stories) for p in plans), 0
        for batch in self._batches(plans):
            self._write(batch)
            for plan in batch:
                report.issues_updated += plan.is_update
                report.issues_added += not plan.is_update
                report.stories_added += len(plan.issue.stories)
                report.chunks_added += len(plan.chunks)
                done += len(plan.issue.stories)
            if progress:
                progress(done, total)
        # Recorded only now, once all their issues are in: a crash leaves them to be read again.
        for key, digest in digests.items():
            if key not in failed:
                self.catalog.record_source(key, digest)
        report.seconds = time.perf_counter() - started
        return report

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
            issue = self._build_issue(draft, issue_id, digest)
            bands = self._link_duplicates(issue, batch_bands)
            chunks: list[Chunk] = []
            for story in issue.stories:
                report.duplicates += story.duplicate_of is not None
                report.sponsors += story.kind == "sponsor"
                if story.duplicate_of is None:
                    chunks.extend(
                        chunk_story(
                            story,
                            max_tokens=self.chunking.max_tokens,
                            overlap_tokens=self.chunking.overlap_tokens,
                            encoding=self.chunking.encoding,
                        )
                    )
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
    def _build_issue(draft: IssueDraft, issue_id: str, digest: str) -> Issue:
        assert draft.newsletter and draft.date
        language = draft.language or detect_language(" ".join(s.text for s in draft.stories[:10]))
        stories = [
            Story(
                story_id=make_story_id(issue_id, n), issue_id=issue_id, position=n,
                headline=(s.headline or "").strip(), body=s.text, section=s.section, kind=s.kind,
                byline=s.byline, url=s.url,
            )
            for n, s in enumerate(draft.stories, start=1)
        ]  # fmt: skip
        return Issue(
            issue_id=issue_id, newsletter=draft.newsletter, date=draft.date,
            subject=draft.subject[:300], language=language, source=draft.source,
            content_hash=digest, stories=stories,
        )  # fmt: skip

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

    def _write(self, batch: list[_Planned]) -> None:
        """pending → old vectors out → new vectors in → catalog rows + indexed, per issue."""
        with self.catalog.transaction():
            for plan in batch:
                self.catalog.mark_pending(plan.issue)
        stale = [cid for plan in batch for cid in plan.replaces]
        if stale:
            self.vectors.delete(stale)
        chunks = [c for plan in batch for c in plan.chunks]
        if chunks:
            stories = {s.story_id: (s, plan.issue) for plan in batch for s in plan.issue.stories}
            vectors = self._embedder().embed([c.text for c in chunks])
            self.vectors.upsert(
                [c.chunk_id for c in chunks], vectors, [c.text for c in chunks],
                [chunk_metadata(c, *stories[c.story_id]) for c in chunks],
            )  # fmt: skip
        for plan in batch:
            language = plan.issue.language
            terms = [" ".join(analyze(c.text, language)) for c in plan.chunks]
            self.catalog.write_issue(plan.issue, plan.chunks, terms, plan.bands)
