"""Retrieval evaluation on QA files (one JSON object per line).

Each line: ``qid``, ``question``, ``gold`` (a list of ``{story_id | url | support}``; a
``support`` phrase must appear in the gold story's text), optional ``answer``,
``follows`` (qid of the previous turn) and ``as_of``. An empty ``gold`` marks a question
the archive cannot answer; it is left out of recall.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.service import NewsAssistant


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


def standalone_question(item: QAItem, by_qid: dict[str, QAItem]) -> str:
    """Retrieval-only follow-up handling: prepend the previous turn's question."""
    if item.follows and item.follows in by_qid:
        return f"{standalone_question(by_qid[item.follows], by_qid)} {item.question}"
    return item.question


def retrieval_metrics(desk: NewsAssistant, items: list[QAItem], k: int = 10, **search: Any) -> dict[str, Any]:
    """Recall@1/3/5/10 and MRR (story level) over the answerable questions."""
    by_qid = {item.qid: item for item in items}
    ranks: dict[str, int | None] = {}
    for item in items:
        gold = gold_story_ids(desk, item.gold)
        if not item.gold:
            continue
        if not gold:
            raise ValueError(f"{item.qid}: no indexed story matches its gold entries")
        hits = desk.search(standalone_question(item, by_qid), k=k, **search)
        ranks[item.qid] = next((r for r, hit in enumerate(hits, start=1) if hit.story_id in gold), None)
    n = len(ranks) or 1
    metrics: dict[str, Any] = {
        f"recall@{c}": sum(1 for r in ranks.values() if r and r <= c) / n for c in (1, 3, 5, 10) if c <= k
    }
    metrics["mrr"] = sum(1 / r for r in ranks.values() if r) / n
    metrics["questions"] = len(ranks)
    metrics["missed"] = sorted(q for q, r in ranks.items() if not r or r > 5)
    return metrics
