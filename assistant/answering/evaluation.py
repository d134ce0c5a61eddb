"""Retrieval evaluation on QA files (one JSON object per line).

Each line: ``qid``, ``question``, ``gold`` (a list of ``{story_id | url | support}``; a
``support`` phrase must appear in the gold story's text), optional ``answer``,
``follows`` (qid of the previous turn) and ``as_of``. An empty ``gold`` marks a question
the archive cannot answer; it is left out of recall.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import BadRequest
from assistant.service import NewsAssistant
from index.text.dates import fold_apostrophes


@dataclass
class QAItem:
    qid: str
    question: str
    gold: list[dict[str, str]]
    answer: str | None = None
    follows: str | None = None
    as_of: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def load_qa(path: str | Path) -> list[QAItem]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            data = json.loads(line)
            known = {k: data.pop(k, None) for k in ("qid", "question", "gold", "answer", "follows", "as_of")}
            if not known["qid"] or not known["question"] or known["gold"] is None:
                raise BadRequest(f"{path}:{n}: each line needs qid, question and gold")
            items.append(QAItem(**known, extra=data))
    return items


def gold_story_ids(desk: NewsAssistant, gold: list[dict[str, str]]) -> set[str]:
    """The indexed original stories the gold entries point to (a duplicate maps to its original)."""
    found: set[str] = set()
    for entry in gold:
        found |= desk.find_stories(story_id=entry.get("story_id"), url=entry.get("url"), phrase=entry.get("support"))
    return found


def _contains(text: str, expected: str) -> bool:
    """Containment that forgives case, accents, spaces in numbers and typographic apostrophes."""

    def norm(value: str) -> str:
        value = fold_apostrophes(value).replace("\u202f", " ").replace("\u00a0", " ")
        return re.sub(r"(?<=\d)[ ,.](?=\d{3}\b)", "", re.sub(r"\s+", " ", value))

    return norm(expected) in norm(text)


def quote_answers(quote: str, story_id: str, gold: set[str], answer: str | None) -> bool:
    """Does a cited sentence answer? When it is from a gold story, or holds the short answer and
    the answer is distinctive (another story may report the same fact; a bare figure, "41",
    could be there by chance)."""
    if story_id in gold:
        return True
    if not answer or len(answer) < 4 or answer.replace(" ", "").isdigit():
        return False
    return _contains(quote, answer)


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


@dataclass
class Outcome:
    """What happened to one question: enough to slice the figures by language or split."""

    qid: str
    answerable: bool
    rank: int | None = None  # of the first gold story among the retrieved ones
    abstained: bool | None = None
    contained: bool | None = None  # the gold answer is in the answer's text
    cited: int = 0  # stories cited
    cited_gold: int = 0  # … that answer: a gold story, or a quote holding the answer (``quote_answers``)
    text: str = ""
    seconds: float = 0.0


def summarize_outcomes(outcomes: list[Outcome]) -> dict[str, Any]:
    """Recall, MRR, and (when answers were asked for) answer quality over ``outcomes``."""
    answerable = [o for o in outcomes if o.answerable]
    n = len(answerable) or 1
    ranks = [o.rank for o in answerable]
    metrics: dict[str, Any] = {f"recall@{c}": sum(1 for r in ranks if r and r <= c) / n for c in (1, 3, 5, 10)}
    metrics["mrr"] = sum(1 / r for r in ranks if r) / n
    metrics["questions"] = len(outcomes)
    metrics["answerable"] = len(answerable)
    asked = [o for o in outcomes if o.abstained is not None]
    if not asked:
        return metrics
    unanswerable = [o for o in asked if not o.answerable]
    with_answer = [o for o in answerable if o.contained is not None]
    cited = sum(o.cited for o in answerable)
    metrics.update(
        answered=sum(not o.abstained for o in answerable) / n,
        containment=sum(bool(o.contained) for o in with_answer) / (len(with_answer) or 1),
        citation_precision=sum(o.cited_gold for o in answerable) / (cited or 1),
        citation_recall=sum(o.cited_gold > 0 for o in answerable) / n,
        abstention=sum(bool(o.abstained) for o in unanswerable) / (len(unanswerable) or 1),
        unanswerable=len(unanswerable),
        latency_p50_ms=round(1000 * _percentile([o.seconds for o in asked], 50), 1),
        latency_p95_ms=round(1000 * _percentile([o.seconds for o in asked], 95), 1),
    )
    return metrics


def evaluate(desk: NewsAssistant, items: list[QAItem], k: int = 10, answers: bool = True) -> dict[str, Any]:
    """Retrieval (recall@1/3/5/10, MRR; story level) and, with ``answers``, answer quality:
    containment of the gold answer, citation precision and recall, abstention, latency.
    ``outcomes`` holds one ``Outcome`` per question.

    Questions run as a reader asks them: a ``follows`` question gets the previous turn as
    history, ``as_of`` sets the reference date of relative expressions."""
    transcript: dict[str, list[dict[str, str]]] = {}
    outcomes: list[Outcome] = []
    failures: list[str] = []
    for item in items:
        history = transcript.get(item.follows or "", [])
        gold = gold_story_ids(desk, item.gold)
        if item.gold and not gold:
            raise BadRequest(
                f"{item.qid}: no indexed story matches its gold entries; is this the archive it was written for?"
            )
        turn = desk.retrieve(item.question, history, item.as_of, k=k)
        outcome = Outcome(item.qid, bool(gold))
        if gold:  # ranks of what the chain retrieved: follow-ups resolved, dates applied
            outcome.rank = next((s.n for s in turn.sources if s.story_id in gold), None)
        outcomes.append(outcome)
        if not answers:  # the question alone goes into the history of its follow-ups
            transcript[item.qid] = [*history, {"role": "user", "content": item.question}]
            continue
        started = time.perf_counter()
        answer = desk.ask(item.question, history=history, as_of=item.as_of)
        outcome.seconds = time.perf_counter() - started
        outcome.abstained, outcome.text = answer.abstained, answer.text
        transcript[item.qid] = [
            *history,
            {"role": "user", "content": item.question},
            {"role": "assistant", "content": answer.text},
        ]
        if not gold:
            if not answer.abstained:
                failures.append(f"{item.qid}: answered an unanswerable question")
            continue
        outcome.cited = len(answer.citations)
        outcome.cited_gold = sum(quote_answers(c.quote, c.story_id, gold, item.answer) for c in answer.citations)
        if item.answer:
            outcome.contained = _contains(answer.text, item.answer)
            if not outcome.contained:
                failures.append(f"{item.qid}: {item.answer!r} not in the answer")
    metrics = summarize_outcomes(outcomes)
    metrics["retrieval_missed"] = sorted(o.qid for o in outcomes if o.answerable and (not o.rank or o.rank > 5))
    if answers:
        metrics["answer_failures"] = failures
    metrics["outcomes"] = outcomes
    return metrics
