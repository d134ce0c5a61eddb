"""The retrieval chain, as LangChain runnables:

standalone question → date constraints → hybrid retrieval → answerer → citation verification
→ ``Answer``. ``stream`` runs the same steps and yields the answer's text as it is written,
then the verified ``Answer``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answer import Answer, Source
from assistant.citations import render, verify_citations
from assistant.conversation import Message, answer_hints, is_follow_up, standalone_question
from assistant.dates import DateRange, format_range, parse_date_range, wants_chronology, wants_recent
from assistant.extractive import ExtractiveAnswerer
from assistant.generative import GenerativeAnswerer
from index.analysis import detect_language
from index.catalog import Catalog
from index.embedding import Embedder
from index.search import Hit

ABSTAIN = {
    "fr": "Je n’ai trouvé dans l’archive aucun article qui réponde à cette question.",
    "en": "I found no story in the archive that answers this question.",
}
NO_ISSUE = {
    "fr": "L’archive ne contient aucun numéro pour cette période ({label}).",
    "en": "The archive holds no issue for that period ({label}).",
}


@dataclass
class Turn:
    """The state passed from step to step."""

    question: str
    history: list[Message] = field(default_factory=list)
    as_of: date | None = None
    newsletter: str | None = None
    k: int = 6
    language: str = "en"
    standalone: str = ""
    search_text: str = ""
    hints: list[str] = field(default_factory=list)  # names from the previous answer, for the search only
    dates: DateRange | None = None
    chronological: bool = False
    sources: list[Source] = field(default_factory=list)
    no_issue: bool = False
    draft: str = ""


Search = Callable[..., list[Hit]]


class AnswerChain:
    def __init__(
        self,
        search: Search,
        catalog: Catalog,
        embedder: Callable[[], Embedder],
        answerer: ExtractiveAnswerer | GenerativeAnswerer,
    ) -> None:
        self.search = search
        self.catalog = catalog
        self.embedder = embedder
        self.answerer = answerer

    # -- steps ------------------------------------------------------------------------------
    def prepare(self, turn: Turn) -> Turn:
        turn.language = detect_language(turn.question)
        if turn.history and isinstance(self.answerer, GenerativeAnswerer):
            turn.standalone, previous = self.answerer.condense(turn.question, turn.history), None
        else:
            turn.standalone, previous = standalone_question(turn.question, turn.history)
            if previous and is_follow_up(turn.question):
                turn.hints = answer_hints(turn.standalone, turn.history)
        turn.dates, turn.search_text = parse_date_range(turn.standalone, turn.as_of)
        if turn.dates is None and previous and turn.standalone != turn.question:
            turn.dates, _ = parse_date_range(previous, turn.as_of)  # a follow-up keeps the period
        if turn.newsletter is None:  # "What did Le Filtre report…": a newsletter named is a filter
            for name in sorted(self.catalog.newsletter_names(), key=len, reverse=True):  # "TLDR AI" before "TLDR"
                pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
                if pattern.search(turn.search_text):
                    turn.newsletter = name
                    turn.search_text = re.sub(r"\s{2,}", " ", pattern.sub("", turn.search_text)).strip()
                    break
        turn.chronological = wants_chronology(turn.question)
        return turn

    def retrieve(self, turn: Turn) -> Turn:
        since, until = (turn.dates.since, turn.dates.until) if turn.dates else (None, None)
        if turn.dates and not self.catalog.issues(turn.newsletter, since, until):
            if not turn.dates.soft:
                turn.no_issue = True  # say so, rather than answer from other dates
                return turn
            # "en 2024" often dates the facts, not the issue: search the whole archive
            turn.dates, turn.search_text, since, until = None, turn.standalone, None, None
        query = turn.search_text or turn.standalone
        if turn.hints:
            query = f"{query} ({', '.join(turn.hints)})"
        hits = self.search(query, k=turn.k, since=since, until=until, newsletter=turn.newsletter)
        if wants_recent(turn.question):  # the relevant stories, newest first
            hits = sorted(hits[: max(3, turn.k // 2)], key=lambda h: h.date, reverse=True) + hits[max(3, turn.k // 2) :]
        turn.sources = [self._source(n, hit) for n, hit in enumerate(hits, start=1)]
        return turn

    def _source(self, n: int, hit: Hit) -> Source:
        found = self.catalog.story(hit.story_id)
        body = found[0].body if found else hit.text
        return Source(n, hit.story_id, hit.issue_id, hit.newsletter, hit.date, hit.headline, hit.url,
                      body, hit.text, hit.score)  # fmt: skip

    def generate(self, turn: Turn) -> Turn:
        if turn.no_issue or not turn.sources:
            return turn
        if isinstance(self.answerer, ExtractiveAnswerer):
            question = turn.search_text or turn.standalone  # dates and newsletter are filters now
            turn.draft = self.answerer.answer(question, turn.sources, turn.chronological, turn.language)
        else:
            turn.draft = self.answerer.answer(turn.standalone, turn.sources, turn.language)
        return turn

    def _similarity(self, claim: str, sentences: list[str]) -> np.ndarray:
        embedder = self.embedder()
        return embedder.embed(sentences) @ embedder.embed_query(claim)

    def verify(self, turn: Turn) -> Answer:
        restriction = " · ".join(
            part for part in (turn.dates.label(turn.language) if turn.dates else "", turn.newsletter or "") if part
        )
        answer = Answer(
            text="", abstained=True, question=turn.standalone,
            since=turn.dates.since if turn.dates else None, until=turn.dates.until if turn.dates else None,
            restriction=restriction, language=turn.language, answerer=self.answerer.name, sources=turn.sources,
        )  # fmt: skip
        if turn.no_issue:
            assert turn.dates is not None
            label = format_range(turn.dates.since, turn.dates.until, turn.language)
            return replace(answer, text=NO_ISSUE[turn.language].format(label=label))
        sentences, citations = verify_citations(turn.draft, turn.sources, self._similarity) if turn.draft else ([], [])
        if not citations:
            return replace(answer, text=ABSTAIN[turn.language], sentences=sentences)
        return replace(answer, text=render(sentences), abstained=False, sentences=sentences, citations=citations)

    # -- runnables ------------------------------------------------------------------------
    def runnable(self) -> Runnable[Turn, Answer]:
        return (
            RunnableLambda(self.prepare, name="standalone_and_dates")
            | RunnableLambda(self.retrieve, name="hybrid_retrieval")
            | RunnableLambda(self.generate, name="answerer")
            | RunnableLambda(self.verify, name="verify_citations")
        )

    def invoke(self, turn: Turn) -> Answer:
        return self.runnable().invoke(turn)

    def stream(self, turn: Turn) -> Iterator[str | Answer]:
        """Text as it is produced, then the verified ``Answer`` (whose text may differ:
        unsupported citations are removed)."""
        turn = (RunnableLambda(self.prepare) | RunnableLambda(self.retrieve)).invoke(turn)
        if isinstance(self.answerer, GenerativeAnswerer) and turn.sources and not turn.no_issue:
            pieces: list[str] = []
            for piece in self.answerer.stream(turn.standalone, turn.sources, turn.language):
                pieces.append(piece)
                yield piece
            turn.draft = "".join(pieces)
            yield self.verify(turn)
            return
        answer = self.verify(self.generate(turn))
        yield answer.text
        yield answer
