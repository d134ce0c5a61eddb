"""The retrieval chain, as LangChain runnables:

standalone question → date constraints → hybrid retrieval → answerer → citation verification
→ presentation → ``Answer``. ``stream`` runs the same steps and yields the answer's text as it
is written (for answerers that stream), then the verified ``Answer``. Every answerer is held to
the same contract (``assistant.answering.answer.Answerer``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answering.answer import Answer, Answerer, AnswerRequest, AnswerSentence, Source
from assistant.answering.answer_types import AnswerType
from assistant.answering.citations import opens_by_declining, render, verify_citations
from assistant.answering.conversation import Message, answer_hints, is_follow_up
from assistant.answering.dates import (
    DateRange,
    asks_digest,
    format_range,
    parse_date_range,
    tells_of,
    wants_chronology,
    wants_recent,
    year_earlier,
)
from assistant.answering.mentions import holds
from assistant.answering.presentation import attribute, near_miss, renumber
from assistant.answering.reader import Question, on_subject, read_question
from assistant.answering.relative_dates import dated
from index.model import Issue, Story
from index.retrieval.embedding import Embedder
from index.retrieval.search import Hit
from index.store.catalog import Catalog
from index.text.analysis import detect_language

ABSTAIN = {
    "fr": "Je n’ai trouvé dans l’archive aucun article qui réponde à cette question.",
    "en": "I found no story in the archive that answers this question.",
}
NO_ISSUE = {
    "fr": "L’archive ne contient aucun numéro pour cette période ({label}) ; elle couvre {held}.",
    "en": "The archive holds no issue for that period ({label}); it covers {held}.",
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
    digest: bool = False  # "What happened in June?": the period's leading stories
    sources: list[Source] = field(default_factory=list)
    no_issue: bool = False
    asked: Question | None = None
    draft: str = ""


Search = Callable[..., list[Hit]]


class AnswerChain:
    def __init__(
        self,
        search: Search,
        catalog: Catalog,
        embedder: Callable[[], Embedder],
        answerer: Answerer,
    ) -> None:
        self.search = search
        self.catalog = catalog
        self.embedder = embedder
        self.answerer = answerer

    # -- steps ------------------------------------------------------------------------------
    def prepare(self, turn: Turn) -> Turn:
        turn.language = detect_language(turn.question)
        turn.standalone, previous = self.answerer.condense(turn.question, turn.history)
        if previous and is_follow_up(turn.question):
            turn.hints = answer_hints(turn.standalone, turn.history)
        turn.dates, turn.search_text = parse_date_range(turn.standalone, turn.as_of)
        if turn.dates is None and previous and turn.standalone != turn.question:
            turn.dates, _ = parse_date_range(previous, turn.as_of)  # a follow-up keeps the period
        if turn.newsletter is None:  # "What did Le Filtre report…": a newsletter named is a filter
            for name in sorted(self.catalog.newsletter_names(), key=len, reverse=True):  # "TLDR AI" before "TLDR"
                # with its preposition: "the news in Le Filtre" is "the news", then the filter
                pattern = re.compile(
                    rf"(?:\b(?:in|from|by|dans|de|du|chez|selon)\s+)?\b{re.escape(name)}\b", re.IGNORECASE
                )
                if pattern.search(turn.search_text):
                    turn.newsletter = name
                    turn.search_text = re.sub(r"\s{2,}", " ", pattern.sub("", turn.search_text)).strip()
                    break
        turn.chronological = wants_chronology(turn.question)
        query = turn.search_text or turn.standalone  # dates and newsletter are filters now
        turn.asked = read_question(query, self.catalog.queries.document_frequencies, self.catalog.chunk_count())
        return turn

    def retrieve(self, turn: Turn) -> Turn:
        recounts = False
        period = turn.dates
        if period and not self.catalog.issues(turn.newsletter, period.since, period.until):
            recounts = self._within_archive(turn)
            if turn.no_issue:
                return turn
        if asks_digest(turn.search_text or turn.standalone):  # no subject to search for
            if period and turn.dates is None:  # read as the date of a fact: the archive lacks it
                turn.dates, turn.no_issue = period, True
                return turn
            return self._digest(turn)
        if period and turn.dates and period.soft and period.since != period.until and not turn.newsletter:
            # "Apple TV+'s subscribers in 2024", "its peak of May 2023": the date of a fact, which
            # later issues recount (17 of the 24 such answerable questions of the read sets had
            # their story outside the period, 11 of them naming its year): the period's stories,
            # and those of any date that name its years; if none, the period's, as before
            sources = self._tells_of(turn, period, turn.standalone)
            if sources:
                turn.dates, turn.search_text, turn.sources = None, turn.standalone, sources
                return turn
        query = turn.search_text or turn.standalone
        if recounts and period:  # only the stories that tell of that time
            turn.sources = self._tells_of(turn, period, query)
            if not turn.sources:  # none does: what the archive lacks is that period
                turn.dates, turn.no_issue = period, True
            return turn
        since, until = (turn.dates.since, turn.dates.until) if turn.dates else (None, None)
        turn.sources = self._sources(turn, query, since, until)
        return turn

    def _sources(self, turn: Turn, query: str, since: date | None, until: date | None) -> list[Source]:
        if turn.hints:
            query = f"{query} ({', '.join(turn.hints)})"
        hits = self.search(query, k=turn.k, since=since, until=until, newsletter=turn.newsletter)
        if wants_recent(turn.question):  # the relevant stories, newest first
            hits = sorted(hits[: max(3, turn.k // 2)], key=lambda h: h.date, reverse=True) + hits[max(3, turn.k // 2) :]
        return [self._found(n, hit) for n, hit in enumerate(hits, start=1)]

    def _tells_of(self, turn: Turn, period: DateRange, query: str) -> list[Source]:
        """The stories found for ``query`` in the whole archive that were issued in ``period``
        or name its years, and are on the question's subject: a story on another firm that names
        2023 does not tell what Kaskad announced in March 2023."""
        years = period.years()
        found = self._sources(turn, query, None, None)
        kept = [
            s
            for s in found
            if (period.holds(s.date) or tells_of(f"{s.headline} {s.text}", s.date, years))
            and (turn.asked is None or on_subject(turn.asked, s))
        ]
        return [replace(s, n=n) for n, s in enumerate(kept, start=1)]

    def _digest(self, turn: Turn) -> Turn:
        """ "What happened in June?", « Quoi de neuf ? »: the leading stories of the period, or of
        the last week the archive (or the newsletter named) holds."""
        if turn.dates is None:
            span = self.catalog.date_span(turn.newsletter)
            turn.dates = DateRange(span[1] - timedelta(days=6), span[1], "") if span else None
        period = turn.dates
        since, until = (period.since, period.until) if period else (None, None)
        leading = self.catalog.leading_stories(since, until, turn.newsletter, limit=turn.k)
        turn.sources = [self._source(n, story, issue) for n, (story, issue) in enumerate(leading, start=1)]
        turn.digest = True
        return turn

    def _within_archive(self, turn: Turn) -> bool:
        """A period that holds no issue, read as the reader likely meant it. Returns whether the
        period dates a fact the archive can only recount (a story must then name its years)."""
        assert turn.dates is not None
        period = turn.dates
        span = self.catalog.date_span(turn.newsletter)
        first = span[0] if span else None
        earlier = year_earlier(period)
        while earlier and first and earlier.until and earlier.until >= first:
            if self.catalog.issues(turn.newsletter, earlier.since, earlier.until):
                turn.dates = earlier  # "in May", asked after the archive's last May: that May
                return False
            earlier = year_earlier(earlier)
        if period.soft:  # "en 2024" often dates the facts, not the issue: search the whole archive
            turn.dates, turn.search_text = None, turn.standalone
            return False
        if first and period.until and period.until < first and period.since != period.until and not turn.newsletter:
            # "its deal of July 2023", asked of an archive that starts later: a fact that only
            # stories written after it can tell, and those name its year. A day, or a newsletter
            # named with the period, asks for its issues.
            turn.dates, turn.search_text = None, turn.standalone
            return True
        turn.no_issue = True  # say so, rather than answer from other dates
        return False

    def _found(self, n: int, hit: Hit) -> Source:
        found = self.catalog.story(hit.story_id)
        if found:
            return replace(self._source(n, *found), passage=hit.text, score=hit.score)
        return Source(
            n, hit.story_id, hit.issue_id, hit.newsletter, hit.date, hit.headline, hit.url, hit.text, hit.text
        )

    @staticmethod
    def _source(n: int, story: Story, issue: Issue) -> Source:
        return Source(
            n,
            story.story_id,
            issue.issue_id,
            issue.newsletter,
            issue.date,
            story.headline,
            story.url,
            story.body,
            story.text,
            language=story.language or issue.language,
        )

    def request(self, turn: Turn) -> AnswerRequest:
        assert turn.asked is not None
        return AnswerRequest(
            turn.standalone,
            turn.search_text or turn.standalone,
            turn.asked,
            turn.sources,
            turn.language,
            turn.chronological,
            turn.digest,
        )

    def generate(self, turn: Turn) -> Turn:
        if not turn.no_issue and turn.sources:
            turn.draft = "".join(self.answerer.write(self.request(turn)))
        return turn

    def _similarity(self, claim: str, sentences: list[str]) -> np.ndarray:
        embedder = self.embedder()
        scores: np.ndarray = embedder.embed(sentences) @ embedder.embed_query(claim)
        return scores

    def verify(self, turn: Turn) -> Answer:
        restriction = " · ".join(
            part for part in (turn.dates.label(turn.language) if turn.dates else "", turn.newsletter or "") if part
        )
        answer = Answer(
            text="",
            abstained=True,
            question=turn.standalone,
            since=turn.dates.since if turn.dates else None,
            until=turn.dates.until if turn.dates else None,
            restriction=restriction,
            language=turn.language,
            answerer=self.answerer.name,
            sources=turn.sources,
        )
        if turn.no_issue:
            assert turn.dates is not None
            label = format_range(turn.dates.since, turn.dates.until, turn.language)
            span = self.catalog.date_span(turn.newsletter)  # what it holds: "in March" may mean another year
            held = format_range(*span, turn.language) if span else "—"
            return replace(answer, text=NO_ISSUE[turn.language].format(label=label, held=held))
        sentences, citations = verify_citations(turn.draft, turn.sources, self._similarity) if turn.draft else ([], [])
        # Abstain only when nothing the answer says is supported, or when it says itself that
        # the sources do not answer; a right answer the model forgot to cite was attributed above.
        if not citations or opens_by_declining(sentences) or not self._answers_what_was_asked(turn, sentences):
            return self._abstain(turn, answer, sentences)
        sentences, citations, sources = renumber(sentences, citations, turn.sources)
        sentences = dated(attribute(sentences, sources, turn.language), {s.n: s.date for s in sources})
        return replace(
            answer,
            text=render(sentences, turn.language),
            abstained=False,
            sentences=sentences,
            citations=citations,
            sources=sources,
        )

    @staticmethod
    def _answers_what_was_asked(turn: Turn, sentences: list[AnswerSentence]) -> bool:
        """A quote proves the story says it, not that it answers: a question that asks for a
        figure, a date or a name needs a supported sentence that gives one. "When…" is answered
        by the dates of the issues the answer cites."""
        asked = turn.asked
        if asked is None or not asked.typed or (turn.chronological and asked.answer_type is AnswerType.DATE):
            return True
        return any(s.supported and holds(s.text, asked.answer_type, asked.text) for s in sentences)

    @staticmethod
    def _abstain(turn: Turn, answer: Answer, sentences: list[AnswerSentence]) -> Answer:
        """No answer: say which stories it found on the subject, when it found some."""
        found = near_miss(turn.asked, turn.sources, turn.language) if turn.asked else None
        if found is None:
            return replace(answer, text=ABSTAIN[turn.language], sentences=sentences)
        text, about = found
        return replace(answer, text=text, sentences=sentences, about=about)

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
        if self.answerer.streams and turn.sources and not turn.no_issue:
            pieces: list[str] = []
            for piece in self.answerer.write(self.request(turn)):
                pieces.append(piece)
                yield piece
            turn.draft = "".join(pieces)
            yield self.verify(turn)
            return
        answer = self.verify(self.generate(turn))
        yield answer.text
        yield answer
