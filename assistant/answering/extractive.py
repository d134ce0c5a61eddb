"""The extractive answerer: quotes the sentences of the retrieved stories that answer the question.

No model beyond the sentence embedder. Every sentence of the given stories is scored by the
reader (``assistant/answering/reader.py``): the probability that it answers, from what the question
asks for and what it is about. The answer is the best sentence, with the one next to it when
that one answers too: a fact is answered from the story that gives it. A question that asks for a
figure, a date or a name is answered only by a sentence that holds one, from a story on its
subject (its names, and the version or quarter it gives). Below the reader's threshold it
abstains (returns nothing).

"What happened…" questions list one sentence per story in date order ("when…" asks one date,
answered like any other fact); "What happened in June?", naming nothing, lists the first
sentence of the period's leading stories; overview questions ("What's new with Halcyon?",
« Que sait-on de Kaskad ? ») list the best sentence of each story that names the subject,
whatever its score: they ask for those stories.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from assistant.answering.answer import AnswerRequest
from assistant.answering.answer_types import AnswerType
from assistant.answering.conversation import Message, standalone_question
from assistant.answering.counted import CountedKinds
from assistant.answering.dates import wants_history
from assistant.answering.naming import names_share
from assistant.answering.reader import (
    FEATURES,
    Candidate,
    candidates,
    features,
    names_a_variant,
    on_subject,
    with_standing,
)
from assistant.answering.reader_model import ReaderModel, load_model
from assistant.answering.reasons import asks_why, gives_reason
from index.retrieval.embedding import Embedder

REDUNDANT = 0.85  # cosine between two picked sentences above which the second adds nothing
PER_STORY = 2  # sentences quoted from one story at most
# A second sentence answers too only when the reader finds it at least this share as likely to
# answer as the first, or it is the story's lead just before it (it says what the answer is
# about: "Brûlé has installed robot arms…" before "Each arm makes up to 90 drinks"). Above the
# companion bar alone, most second sentences held no answer: « Kaskad compte aujourd'hui 130
# salariés » after the date asked (figures in benchmarks/README.md).
COMPANION_SHARE = 0.4


def joins(probability: float, best: float, lead: bool, bar: float, companion: float) -> bool:
    """Whether the sentence next to the best one (of probability ``best``) joins the answer: the
    story's lead when it would answer on its own (the lower of the question's ``bar`` and
    ``companion``: for "What did Byte Brief report about robot baristas?" the lead says what the
    story is about), another sentence when nearly as likely (``companion`` and
    ``COMPANION_SHARE`` of the best's). The benchmark's replay decides with it too."""
    if lead:
        return probability >= min(bar, companion)
    return probability >= max(companion, COMPANION_SHARE * best)


class ExtractiveAnswerer:
    name = "extractive"
    streams = False  # the answer is known whole: the chain shows it once, verified

    def __init__(
        self,
        embedder: Callable[[], Embedder],
        model: ReaderModel | None = None,
        max_sentences: int = 3,
        max_candidates: int = 150,
    ) -> None:
        self._embedder = embedder
        self.model = model or load_model()
        self.max_sentences = max_sentences
        self.max_candidates = max_candidates
        self._counted = CountedKinds(embedder)

    def condense(self, question: str, history: list[Message]) -> tuple[str, str | None]:
        return standalone_question(question, history)

    def score(self, request: AnswerRequest) -> list[Candidate]:
        """Every candidate sentence of the request's sources with its probability, best first."""
        found = candidates(request.sources)[: self.max_candidates]
        if not found:
            return []
        embedder = self._embedder()
        vectors = embedder.embed([c.sentence for c in found])
        similarities = vectors @ embedder.embed_query(request.query)
        predicates = vectors @ embedder.embed_query(request.asked.unnamed or request.query)
        pairs = zip(found, similarities, predicates, strict=True)
        rows = with_standing(np.stack([features(request.asked, c, float(s), float(p)) for c, s, p in pairs]))
        typed, holding, similarity, framed = (
            FEATURES.index(name) for name in ("typed", "holds_type", "similarity", "names_in_frame")
        )
        if request.asked.answer_type is AnswerType.COUNT:  # a count of something else holds no answer
            for candidate, row in zip(found, rows, strict=True):
                sentence, headline = candidate.sentence, candidate.source.headline
                if row[holding] and not self._counted.counts_asked(request.asked.text, sentence, headline):
                    row[holding] = 0.0
        named = bool(request.asked.particular_names)
        subject = {s.n: on_subject(request.asked, s) for s in request.sources}
        for candidate, vector, row, p in zip(found, vectors, rows, self.model.probabilities(rows), strict=True):
            candidate.vector, candidate.features, candidate.probability = vector, row, float(p)
            candidate.holds = not row[typed] or bool(row[holding])
            candidate.related = bool(row[similarity] > 0 or (named and row[framed] > 0))
            # on the subject: its story, and the sentence itself is not on a variant (Lark-2 Mini)
            candidate.on_subject = subject[candidate.source.n] and not names_a_variant(
                request.asked, candidate.sentence
            )
        return sorted(found, key=lambda c: -c.probability)

    def select(self, scored: list[Candidate], typed: bool = True, why: bool = False) -> list[Candidate]:
        """The answering sentences: the best one that holds what was asked, if it reaches the
        threshold (the open one when the question asks for no type), with the sentence just
        before or after it if that one answers too (``companion`` probability and
        ``COMPANION_SHARE`` of the best's; the story's lead needs only what would answer on its
        own) and is not a near-repeat: the answer reads as one passage, in the story's order.
        One fact is answered from the story that gives it: a sentence of another story about
        the same subject, or from elsewhere in the story, is filler (and the first, a wrong
        citation). A why-question is answered by the sentence of that story that gives a reason,
        when it has one."""
        scored = [c for c in scored if c.holds and c.on_subject and c.related]
        bar = self.model.threshold_for(typed)
        if not scored or scored[0].probability < bar:
            return []
        lowest = min(bar, self.model.companion)  # no sentence below this joins (``joins``)
        best = scored[0]
        if why and not gives_reason(best.sentence):
            # the story answers; its sentence that says what made it so is the answer, though the
            # reader scores it low: it shares few words with the question ("l'a emporté grâce à
            # son prix" for "Why did Kaskad win…?")
            best = next((c for c in scored if c.source.n == best.source.n and gives_reason(c.sentence)), best)
        picked = [best]
        for candidate in scored[1:]:
            if len(picked) == PER_STORY or candidate.probability < lowest:
                break
            if candidate.source.n != best.source.n or abs(candidate.position - best.position) != 1:
                continue
            if not joins(candidate.probability, best.probability, candidate.position == 0, bar, self.model.companion):
                continue
            if float(candidate.vector @ best.vector) > REDUNDANT:  # type: ignore[operator]
                continue
            picked.append(candidate)
        # in the story's order: one passage reads as written ("Anthropic is launching a dashboard.
        # It will give engineering managers…"), and the sentence that names the subject comes first
        return sorted(picked, key=lambda c: c.position)

    def overview(self, request: AnswerRequest, scored: list[Candidate]) -> list[Candidate]:
        """The first sentence of each story that names everything the question names, newest first."""
        leads = [c for c in self._on_subject(request, scored) if c.position == 0]
        return sorted(leads[: self.max_sentences], key=lambda c: (c.source.date, -c.source.n), reverse=True)

    def chronology(self, request: AnswerRequest, scored: list[Candidate]) -> list[Candidate]:
        """ "What happened…": the best sentence of each story on the subject that answers at half
        the threshold (the issue's date says when), in date order."""
        best: dict[int, Candidate] = {}
        for candidate in self._on_subject(request, scored):
            if candidate.probability >= self.model.threshold / 2:
                best.setdefault(candidate.source.n, candidate)
        picked = sorted(best.values(), key=lambda c: -c.probability)[: self.max_sentences]
        return sorted(picked, key=lambda c: (c.source.date, c.source.n))

    @staticmethod
    def _on_subject(request: AnswerRequest, scored: list[Candidate]) -> list[Candidate]:
        """The candidates of the stories that name everything the question names, most relevant first."""
        if not request.asked.names:
            return []
        named = [c for c in scored if names_share(request.asked, f"{c.source.headline}\n{c.source.text}") == 1.0]
        return sorted(named, key=lambda c: (c.source.n, -c.probability))

    def digest(self, request: AnswerRequest) -> list[Candidate]:
        """ "What happened in June?": the first sentence of each of the period's leading stories
        (the chain gives them, most carried first), in date order."""
        leads = [c for c in candidates(request.sources) if c.position == 0][: self.max_sentences]
        return sorted(leads, key=lambda c: (c.source.date, c.source.n))

    def write(self, request: AnswerRequest) -> Iterator[str]:
        """The answer's text with ``[n]`` markers, or nothing to abstain."""
        if request.digest:
            picked = self.digest(request)
            yield " ".join(f"{c.sentence} [{c.source.n}]" for c in picked)
            return
        scored = self.score(request)
        if request.asked.overview:
            picked = self.overview(request, scored)
            if request.chronological:  # "Quand Kaskad a-t-il fait l'actualité ?": oldest first
                picked.reverse()
        elif wants_history(request.question):
            picked = self.chronology(request, scored)
        else:
            picked = self.select(scored, request.asked.typed, asks_why(request.question))
        if picked:
            yield " ".join(f"{c.sentence} [{c.source.n}]" for c in picked)
