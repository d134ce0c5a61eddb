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

from assistant.service import NewsAssistant
from index.dates import fold


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
                raise ValueError(f"{path}:{n}: each line needs qid, question and gold")
            items.append(QAItem(**known, extra=data))
    return items


def gold_story_ids(desk: NewsAssistant, gold: list[dict[str, str]]) -> set[str]:
    """The indexed original stories the gold entries point to (a duplicate maps to its original)."""
    found: set[str] = set()
    db = desk.catalog.db
    for entry in gold:
        if entry.get("story_id"):
            rows = db.execute("SELECT story_id, duplicate_of FROM stories WHERE story_id = ?", (entry["story_id"],))
        elif entry.get("url"):
            rows = db.execute("SELECT story_id, duplicate_of FROM stories WHERE url = ?", (entry["url"],))
        else:
            phrase = entry["support"]
            rows = db.execute(
                "SELECT story_id, duplicate_of FROM stories WHERE instr(headline || char(10) || body, ?) > 0",
                (phrase,),
            )
        found.update(row["duplicate_of"] or row["story_id"] for row in rows)
    return found


def _contains(text: str, expected: str) -> bool:
    """Containment that forgives case, accents, spaces in numbers and typographic apostrophes."""

    def norm(value: str) -> str:
        value = fold(value).replace("’", "'").replace("\u202f", " ").replace("\u00a0", " ")
        return re.sub(r"(?<=\d)[ ,.](?=\d{3}\b)", "", re.sub(r"\s+", " ", value))

    return norm(expected) in norm(text)


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def evaluate(desk: NewsAssistant, items: list[QAItem], k: int = 10, answers: bool = True) -> dict[str, Any]:
    """Retrieval (recall@1/3/5/10, MRR; story level) and, with ``answers``, answer quality:
    containment of the gold answer, citation precision and recall, abstention, latency.

    Questions run as a reader asks them: a ``follows`` question gets the previous turn as
    history, ``as_of`` sets the reference date of relative expressions."""
    chain = desk.chain()
    ranks: dict[str, int | None] = {}
    transcript: dict[str, list[dict[str, str]]] = {}
    latencies: list[float] = []
    contained = answered = cited = cited_gold = gold_hit = abstained_right = unanswerable = 0
    with_answer = 0
    failures: list[str] = []
    for item in items:
        history = transcript.get(item.follows or "", [])
        gold = gold_story_ids(desk, item.gold)
        if item.gold and not gold:
            raise ValueError(f"{item.qid}: no indexed story matches its gold entries")
        turn = chain.retrieve(chain.prepare(desk._turn(item.question, history, item.as_of, None, k)))
        if gold:  # ranks of what the chain retrieved: follow-ups resolved, dates applied
            ranks[item.qid] = next((s.n for s in turn.sources if s.story_id in gold), None)
        if not answers:  # the question alone goes into the history of its follow-ups
            transcript[item.qid] = [*history, {"role": "user", "content": item.question}]
            continue
        started = time.perf_counter()
        answer = desk.ask(item.question, history=history, as_of=item.as_of)
        latencies.append(time.perf_counter() - started)
        transcript[item.qid] = [*history, {"role": "user", "content": item.question},
                                {"role": "assistant", "content": answer.text}]  # fmt: skip
        if not item.gold:
            unanswerable += 1
            abstained_right += answer.abstained
            if not answer.abstained:
                failures.append(f"{item.qid}: answered an unanswerable question")
            continue
        answered += not answer.abstained
        cited += len(answer.citations)
        cited_gold += sum(c.story_id in gold for c in answer.citations)
        gold_hit += any(c.story_id in gold for c in answer.citations)
        if item.answer:
            with_answer += 1
            contained += _contains(answer.text, item.answer)
            if not _contains(answer.text, item.answer):
                failures.append(f"{item.qid}: {item.answer!r} not in the answer")
    n = len(ranks) or 1
    metrics: dict[str, Any] = {f"recall@{c}": sum(1 for r in ranks.values() if r and r <= c) / n for c in (1, 3, 5, 10)}
    metrics["mrr"] = sum(1 / r for r in ranks.values() if r) / n
    metrics["questions"] = len(items)
    metrics["answerable"] = len(ranks)
    metrics["retrieval_missed"] = sorted(q for q, r in ranks.items() if not r or r > 5)
    if answers:
        metrics.update(
            answered=answered / n,
            containment=contained / (with_answer or 1),
            citation_precision=cited_gold / (cited or 1),
            citation_recall=gold_hit / n,
            abstention=abstained_right / (unanswerable or 1),
            unanswerable=unanswerable,
            latency_p50_ms=round(1000 * _percentile(latencies, 50), 1),
            latency_p95_ms=round(1000 * _percentile(latencies, 95), 1),
            answer_failures=failures,
        )
    return metrics
