"""``python -m benchmarks same_subject``: are the stories of a story's "Same subject" list on its subject?

A helper read the six best hits of 120 TLDR stories' headlines in other issues of the newsroom
archive (``newsroom.newsroom_home``) and graded each pair: ``same`` (the same product, deal,
event or a step of it), ``related`` (the same company, product line, person or narrow topic)
or ``unrelated`` (a shared field at most). ``qa/same_subject_labels.jsonl`` keeps the ids and
grades, no text: 80 stories the score floor (``assistant.service.SAME_SUBJECT_SCORE``) was
chosen on, 40 held out. Each list is measured as the story panel shows it (``story_details``)
and as it was before the floor, the three best hits whatever their score: precision (shown
stories graded same or related), the right ones kept, and the stories left with no list.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.common import log, markdown_table, shared, write_results

LABELS = Path(__file__).resolve().parent / "qa" / "same_subject_labels.jsonl"


def measure(desk: Any, labelled: dict[str, dict[str, str]]) -> dict[str, dict[str, float]]:
    """Both lists' figures over the labelled stories: a shown pair nobody graded is counted apart."""
    lists: dict[str, list[tuple[dict[str, str], list[Any]]]] = {"top three": [], "with the floor": []}
    for story_id, grades in labelled.items():
        details = desk.story_details(story_id)
        hits = desk.search(details.story.headline, k=6)
        lists["top three"].append((grades, [h for h in hits if h.issue_id != details.issue.issue_id][:3]))
        lists["with the floor"].append((grades, details.related))
    before = lists["top three"]
    right_before = sum(grades.get(h.story_id) in ("same", "related") for grades, hits in before for h in hits)
    figures = {}
    for name, shown_lists in lists.items():
        graded = [grades[h.story_id] for grades, hits in shown_lists for h in hits if h.story_id in grades]
        right = sum(g != "unrelated" for g in graded)
        figures[name] = {
            "stories": len(labelled),
            "shown": len(graded),
            "right": right,
            "precision": right / max(len(graded), 1),
            "right kept": right / max(right_before, 1),
            "empty lists": sum(not hits for _, hits in shown_lists),
            "shown, not graded": sum(len(hits) for _, hits in shown_lists) - len(graded),
        }
    return figures


def main(argv: list[str]) -> None:
    from assistant import NewsAssistant
    from assistant.service import SAME_SUBJECT_SCORE
    from benchmarks.newsroom import newsroom_home

    shared("corpus/tldr")  # the archive the pairs were graded on (MissingData: skipped)
    labelled: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labelled[row["set"]][row["story_id"]][row["other_id"]] = row["grade"]
    desk = NewsAssistant(home=newsroom_home())
    rows, data = [], {"floor": SAME_SUBJECT_SCORE, "sets": {}}
    for part, stories in labelled.items():
        log(f"same subject: {part}, {len(stories)} stories")
        figures = measure(desk, stories)
        data["sets"][part] = figures
        for name, f in figures.items():
            rows.append(
                [part, name, f["stories"], f["shown"], f["right"], f["precision"], f["right kept"], f["empty lists"]]
            )
    headers = ["stories", "list", "n", "shown", "right", "precision", "right kept", "empty lists"]
    markdown = (
        f"# Same subject (score floor {SAME_SUBJECT_SCORE})\n\n"
        "Right: graded same or related. Right kept: of the right stories among the three best hits.\n\n"
        + markdown_table(headers, rows)
    )
    write_results("same_subject", markdown, data)
