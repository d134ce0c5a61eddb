"""``NewsAssistant``: the product's Python API. The CLI, REST API and UI call only this."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from assistant.answering.answer import Answer, Answerer
from assistant.answering.chain import AnswerChain, Turn
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.generative import GenerativeAnswerer
from assistant.answering.llm import LocalBackend, OpenAIBackend
from assistant.answering.reader_model import load_model
from assistant.errors import BadRequest, IndexMismatch, LLMUnavailable, NotFound
from assistant.findings import Bucket, Findings, as_written_first, related_stories
from assistant.limits import AS_OF_RANGE, MAX_QUESTION_CHARS, check_query, date_range
from assistant.memory import release_free_memory
from assistant.settings import Settings
from assistant.suggestions import suggest
from assistant.sync import SyncReport, fetch_source
from assistant.uploads import UploadReport, store_uploads, upload_report
from assistant.views import IssueSummary, StoryDetails, same_subject
from index.errors import HomeLocked, StoreError
from index.ingest.pipeline import Indexer, Progress
from index.ingest.report import IngestReport
from index.maintenance import CheckReport, ReindexReport, check_index, reindex
from index.model import Story
from index.retrieval.embedding import Embedder, load_embedder
from index.retrieval.search import Hit, Mode, Searcher, hits_from
from index.store.catalog import Catalog
from index.store.chroma import VectorStore, collection_name
from index.store.lock import write_lock
from index.store.search_queries import Filters
from index.text.analysis import fts_all_words
from index.text.dates import parse_iso_date

# A story whose fused score for another's headline is below this shares its words, not its
# subject (the headline's own story scores about 1): a "Same subject" list is better empty
# than filled with the field's other news (benchmarks/README.md, "Same subject").
SAME_SUBJECT_SCORE = 0.3


class NewsAssistant:
    """A newsletter archive you can ingest into, search and ask."""

    def __init__(self, home: str | Path | None = None, settings: Settings | None = None, **overrides: Any) -> None:
        if home is not None:
            overrides["home"] = Path(home)
        base = settings or Settings()
        # Validated again, so overrides are checked and typed like any other setting.
        self.settings = Settings(**{**base.model_dump(), **overrides}) if overrides else base
        s = self.settings
        self.home = Path(s.home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(self.home / "catalog.sqlite3")
        self.collection = collection_name(s.embedding_model, s.token_encoding, s.chunk_tokens, s.chunk_overlap)
        self._check_index_key()
        # Searches check that the store holds as many vectors as the catalog has indexed chunks.
        self.vectors = VectorStore.open(
            self.collection, self.home / "chroma", s.chroma_url, expected=self.catalog.indexed_chunk_count
        )
        self.indexer = Indexer(
            self.catalog,
            self.vectors,
            self.embedder,
            s.chunking(),
            batch_chunks=s.ingest_batch_chunks,
            crosslingual=self.crosslingual_embedder if self.crosslingual else None,
        )
        self._chains: dict[str, AnswerChain] = {}
        self._ingest_turn = threading.Lock()
        self.searcher = Searcher(
            self.catalog,
            self.vectors,
            self.embedder,
            s.search(),
            crosslingual=self.crosslingual_embedder if self.crosslingual else None,
        )
        self._repair_if_idle()

    @classmethod
    def from_settings(cls, **overrides: Any) -> NewsAssistant:
        return cls(settings=Settings(**overrides))

    def _check_index_key(self) -> None:
        built_with = self.catalog.get_meta("collection")
        if built_with is None:
            self.catalog.set_meta("collection", self.collection)
        elif built_with != self.collection and self.catalog.chunk_count():
            raise IndexMismatch(
                f"{self.home} was indexed as {built_with!r} but the settings now give "
                f"{self.collection!r}; restore the previous embedding/chunking settings or use a new home"
            )
        if not self.crosslingual:  # kept as they are, unused: turned on again, they serve as before
            return
        built_with = self.catalog.get_meta("crosslingual_model")
        if built_with != self.settings.crosslingual_model:  # another model's are dropped; `reindex --missing`
            if built_with:
                self.catalog.vector_copies.clear_crosslingual()
            self.catalog.set_meta("crosslingual_model", self.settings.crosslingual_model)

    def embedder(self) -> Embedder:
        """The retrieval model (loaded on first use)."""
        return load_embedder(self.settings.embedding_model, self.settings.embedding_batch_size)

    @property
    def crosslingual(self) -> bool:
        """Are queries not in English ranked on cross-lingual vectors? Not when the retrieval model
        is the cross-lingual model itself."""
        model = self.settings.crosslingual_model
        return bool(model) and model != self.settings.embedding_model

    def crosslingual_embedder(self) -> Embedder:
        """The multilingual model of index/retrieval/crosslingual.py (loaded on first use)."""
        return load_embedder(self.settings.crosslingual_model, self.settings.embedding_batch_size)

    def sentence_embedder(self) -> Embedder:
        """The model that scores answer sentences and checks citations (loaded on first use)."""
        return load_embedder(self.settings.sentence_model, self.settings.embedding_batch_size)

    def close(self) -> None:
        self.catalog.close()

    def _repair_if_idle(self) -> None:
        """Clear what a killed ingest left (half-written issues, reprints without original) when
        the home is opened and nobody is writing: a running writer's pending issues are work in
        progress, not debris. With the disk still full, reads go on and a later write repairs.
        The lock is taken only when there is something to repair, so opening a home never
        makes a starting ingest wait or fail."""
        if not self.indexer.needs_repair():
            return
        try:
            with self._ingest_turn, write_lock(self.home):
                self.indexer.repair()
        except (HomeLocked, StoreError):
            pass

    # -- writing -------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path],
        newsletter: str | None = None,
        date: date | str | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Index files and directories (all formats); unchanged files are skipped."""
        if isinstance(paths, str | Path):
            paths = [paths]

        def after_batch(done: int, total: int) -> None:
            release_free_memory()  # what the batch freed: else a serving process grows with every upload
            if progress:
                progress(done, total)

        try:
            with self._ingest_turn, write_lock(self.home):  # one ingest at a time: others in this process wait
                return self.indexer.ingest(paths, newsletter, parse_iso_date(date), after_batch)
        finally:
            release_free_memory()

    def ingest_uploads(
        self,
        uploads: Iterable[tuple[str, BinaryIO]],
        progress: Progress | None = None,
        newsletter: str | None = None,
        date: date | str | None = None,
    ) -> UploadReport:
        """Store uploaded files (or zips) under ``home/uploads`` and ingest them; the files from which
        no issue was indexed (refused, unchanged, not issues) are removed again. ``newsletter`` and
        ``date`` name the issues whose content does not. The report names the files as uploaded
        and gives each one's outcome."""
        s = self.settings
        when = parse_iso_date(date or None)  # a bad date is refused before anything is stored
        folder, stored = store_uploads(uploads, self.home / "uploads", s.upload_max_mb * 2**20, s.upload_max_files)
        files = list(stored)
        try:
            report = self.ingest(files, newsletter or None, when, progress=progress)
        finally:
            kept = self.catalog.indexed_sources([str(f.resolve()) for f in files])
            for path in files:
                if str(path.resolve()) not in kept:
                    path.unlink(missing_ok=True)
            for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
                if not any(directory.iterdir()):
                    directory.rmdir()
            if not any(folder.iterdir()):
                folder.rmdir()
        return upload_report(report, stored, kept)

    def sync(self, source: str, progress: Progress | None = None) -> SyncReport:
        """Fetch what is new at a feed URL or an IMAP mailbox into ``home/sync`` and ingest the
        source's folder: what an interrupted sync stored but did not ingest is ingested too."""
        report = fetch_source(source, self.home / "sync", self.settings.sync())
        report.ingest = self.ingest([report.folder], progress=progress)
        return report

    def check(self) -> CheckReport:
        """Do catalog and vector store agree? Every chunk has its vector and every vector its
        chunk, no vector twice, no half-written issue, no reprint without original.
        ``report.fix`` names the command that repairs what is found."""
        with self._ingest_turn, write_lock(self.home):  # mid-ingest, a home looks inconsistent
            return check_index(self.catalog, self.vectors, crosslingual=self.crosslingual)

    def reindex(self, progress: Progress | None = None, only_missing: bool = False) -> ReindexReport:
        """Rebuild the vectors from the chunk texts in the catalog (no source file is read):
        after a vector store lost data, or to repair what ``check`` reports."""
        with self._ingest_turn, write_lock(self.home), self.indexer.clear_disk_errors():
            return reindex(self.indexer, progress, only_missing)

    def delete_issue(self, issue_id: str) -> None:
        with write_lock(self.home):
            if not self.indexer.delete_issue(issue_id):
                raise NotFound(f"no issue {issue_id!r} in {self.home}; `newsdesk issues` lists them")

    # -- reading -------------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        newsletter: str | None = None,
        section: str | None = None,
        include_sponsors: bool | None = None,
        mode: Mode = "hybrid",
    ) -> list[Hit]:
        """The stories that best match ``query`` (one hit per story, best passage)."""
        check_query(query)
        if k is not None and not 1 <= k <= self.settings.max_k:
            raise BadRequest(f"k must be between 1 and NEWSDESK_MAX_K={self.settings.max_k}")
        first, last = date_range(since, until)
        filters = Filters(
            since=first,
            until=last,
            newsletter=newsletter,
            section=section,
            include_sponsors=self.settings.include_sponsors if include_sponsors is None else include_sponsors,
        )
        return self.searcher.search(query, k or self.settings.default_k, filters, mode)

    def find(
        self,
        query: str,
        since: date | str | None = None,
        until: date | str | None = None,
        newsletter: str | None = None,
        section: str | None = None,
        include_sponsors: bool = False,
        limit: int = 100,
        related: int = 5,
    ) -> Findings:
        """The editors' search: every story holding every word of ``query`` (French and
        English forms), counted and dated in full, the best ``limit`` of them ranked by BM25;
        and up to ``related`` stories near it in meaning that do not match, kept apart."""
        check_query(query)
        filters = Filters(*date_range(since, until), newsletter, section, include_sponsors)
        match = fts_all_words(query)
        if match is None:
            return Findings(query, [], 0)
        found = self.catalog.queries.matching_stories(match, filters)
        best = [(chunk_id, score) for _, _, chunk_id, score in found[:limit]]
        rows = self.catalog.queries.chunk_rows([chunk_id for chunk_id, _ in best], filters)
        matches = as_written_first(hits_from(best, rows, limit), query)
        near: list[Hit] = []
        if related:
            matched = {story_id for story_id, _, _, _ in found}
            k = min(self.settings.max_k, related + len(matched) if len(matched) < 50 else related * 4)
            near = [h for h in self.searcher.search(query, k, filters) if h.story_id not in matched]
            near = related_stories(query, near, related)
        return Findings(query, matches, len(found), [day for _, day, _, _ in found], near)

    def timeline(
        self,
        query: str,
        since: date | str | None = None,
        until: date | str | None = None,
        newsletter: str | None = None,
        section: str | None = None,
        include_sponsors: bool = False,
        bucket: Bucket = "month",
    ) -> list[tuple[str, int]]:
        """How many stories mention every word of ``query``, per month or ISO week: the
        timeline of ``find``'s matches."""
        found = self.find(query, since, until, newsletter, section, include_sponsors, limit=0, related=0)
        return found.timeline(bucket)

    def story(self, story_id: str) -> Story:
        found = self.catalog.story(story_id)
        if found is None:
            raise NotFound(f"no story {story_id!r}; story ids look like 'qant-2025-06-12/01'")
        return found[0]

    def story_details(self, story_id: str, related: bool = True) -> StoryDetails:
        """A story with its issue, the other stories of that issue, its reprints, and the stories
        on the same subject in other issues (found by searching its headline, as near it as
        ``SAME_SUBJECT_SCORE``; ``related=False`` skips that search, and the retrieval model it
        would load)."""
        found = self.catalog.story(story_id)
        if found is None:
            raise NotFound(f"no story {story_id!r}; story ids look like 'qant-2025-06-12/01'")
        story, issue = found
        siblings = [s for s in self.catalog.stories_of_issue(issue.issue_id) if s.story_id != story_id]
        original = story.duplicate_of or story_id
        near = [h for h in self.search(story.headline, k=6) if h.issue_id != issue.issue_id] if related else []
        near = same_subject(story.headline, near, SAME_SUBJECT_SCORE)
        reprints = [(r, found[1]) for r in self.catalog.reprints_of(original) if (found := self.catalog.story(r))]
        return StoryDetails(story, issue, siblings, [r for r, _ in reprints], near, [i for _, i in reprints])

    def issues(
        self, newsletter: str | None = None, since: date | str | None = None, until: date | str | None = None
    ) -> list[IssueSummary]:
        rows = self.catalog.issues(newsletter, *date_range(since, until))
        return [IssueSummary(i.issue_id, i.newsletter, i.date, i.subject, i.language, n, i.number) for i, n in rows]

    def stats(self) -> dict[str, Any]:
        counts = self.catalog.counts()
        size = sum(p.stat().st_size for p in self.home.rglob("*") if p.is_file())
        return {
            **counts,
            "vectors": self.vectors.count(),
            "collection": self.collection,
            "embedding_model": self.settings.embedding_model,
            "vector_store": self.settings.chroma_url or str(self.home / "chroma"),
            "home": str(self.home),
            "index_bytes": size,
        }

    # -- asking ----------------------------------------------------------------------------
    def answerer(self, kind: str | None = None) -> Answerer:
        """The configured answerer (or ``kind``): one contract, three implementations."""
        s = self.settings
        kind = kind or s.answerer
        if kind == "extractive":
            model = load_model()
            if s.abstain_threshold is not None:
                model = replace(model, threshold=s.abstain_threshold, open_threshold=s.abstain_threshold)
            return ExtractiveAnswerer(self.sentence_embedder, model)
        if kind == "openai":
            key = s.llm_api_key.get_secret_value() if s.llm_api_key else None
            backend = OpenAIBackend(s.llm_base_url, s.llm_model, key, s.llm_timeout)
            return GenerativeAnswerer(backend, s.context_tokens, s.token_encoding)
        local = s.local_llm()  # the sources must fit the model's context beside the answer
        return GenerativeAnswerer(LocalBackend(local), local.source_budget(s.context_tokens), s.token_encoding)

    def chain(self, kind: str | None = None) -> AnswerChain:
        kind = kind or self.settings.answerer
        if kind not in self._chains:
            self._chains[kind] = AnswerChain(self.search, self.catalog, self.sentence_embedder, self.answerer(kind))
        return self._chains[kind]

    def _turn(
        self,
        question: str,
        history: list[dict[str, str]] | None,
        as_of: date | str | None,
        newsletter: str | None,
        k: int | None,
    ) -> Turn:
        if not question or not question.strip():
            raise BadRequest("the question is empty; ask something about the archive")
        if len(question) > MAX_QUESTION_CHARS:  # its text is not repeated back
            raise BadRequest(f"the question has {len(question):,} characters; ask in at most {MAX_QUESTION_CHARS:,}")
        today = parse_iso_date(as_of)
        if today is not None and not AS_OF_RANGE[0] <= today <= AS_OF_RANGE[1]:  # "last month" of year 1 overflows
            raise BadRequest(f"as_of {today.isoformat()} is out of range; give a date from 1900-01-01 to 2999-12-31")
        return Turn(question.strip(), list(history or []), today, newsletter, k or self.settings.answer_sources)

    def retrieve(
        self,
        question: str,
        history: list[dict[str, str]] | None = None,
        as_of: date | str | None = None,
        newsletter: str | None = None,
        k: int | None = None,
    ) -> Turn:
        """What ``ask`` would give the answerer: the question read (standalone, dates, newsletter,
        what it asks) and the stories retrieved for it, as ``turn.sources``."""
        chain = self.chain()
        return chain.retrieve(chain.prepare(self._turn(question, history, as_of, newsletter, k)))

    def find_stories(self, story_id: str | None = None, url: str | None = None, phrase: str | None = None) -> set[str]:
        """The original stories (a reprint stands for its original) with this id, this link, or
        this phrase in their text."""
        return self.catalog.original_stories(story_id=story_id, url=url, phrase=phrase)

    def ask(
        self,
        question: str,
        history: list[dict[str, str]] | None = None,
        as_of: date | str | None = None,
        newsletter: str | None = None,
        k: int | None = None,
    ) -> Answer:
        """Answer ``question`` (French or English) from the archive, every claim cited and verified.

        ``history`` is the conversation so far as ``{"role", "content"}`` messages; ``as_of`` is
        the "today" that relative dates ("hier", "last week") count from."""
        turn = self._turn(question, history, as_of, newsletter, k)
        try:
            return self.chain().invoke(turn)
        except LLMUnavailable:
            if not self.settings.fallback_to_extractive:
                raise
            return self.chain("extractive").invoke(turn)

    def ask_stream(
        self,
        question: str,
        history: list[dict[str, str]] | None = None,
        as_of: date | str | None = None,
        newsletter: str | None = None,
        k: int | None = None,
    ) -> Iterator[str | Answer]:
        """Like ``ask``, yielding text as it is produced and then the final ``Answer``. Bad input
        (an empty question, a date out of range) raises here, before anything is streamed."""
        return self._stream(self._turn(question, history, as_of, newsletter, k))

    def _stream(self, turn: Turn) -> Iterator[str | Answer]:
        try:
            yield from self.chain().stream(turn)
        except LLMUnavailable:
            if not self.settings.fallback_to_extractive:
                raise
            yield from self.chain("extractive").stream(turn)

    def sections(self) -> list[str]:
        """The sections stories are filed under, for a search filter."""
        return self.catalog.sections()

    def suggested_questions(self, n: int = 4, language: str | None = None) -> list[str]:
        """Questions about the latest issues that the archive answers (``assistant.suggestions``),
        in ``language`` ("fr", "en"), or each in its issue's language."""
        chain = self.chain("extractive")
        return suggest(
            self.issues()[: 2 * n],
            self.catalog.stories_of_issue,
            lambda question: chain.invoke(self._turn(question, None, None, None, None)),
            n,
            language,
        )

    def retriever(self, k: int = 4, **filters: Any) -> Any:
        """A LangChain ``BaseRetriever`` over this archive (story-level hits as Documents)."""
        from assistant.retriever import NewsRetriever

        return NewsRetriever(desk=self, k=k, filters=filters)
