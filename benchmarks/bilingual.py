"""One archive, two languages (issue 3/7): recall across languages, no regression within one,
search latency — in one run.

``python -m benchmarks bilingual`` measures, with English queries reading French stories on
the cross-lingual vectors ("now") and without ("before": MiniLM's ranking of every story, as
the commit before this work did), default hybrid search, k = 10:

- **across languages**, on the newsroom archive (TLDR AI + TLDR 2024–2025, the Qant issue, the
  samples; ``benchmarks.newsroom``): the English questions about French stories and the French
  questions about English stories of ``qa/newsroom_qa.jsonl`` (dev and test halves apart: the
  scale of the cross-lingual scores was read off dev questions), recall@5 and MRR;
- **English about English**: the same archive with the TLDR questions (``tldr_qa``,
  ``tldr_sampled_qa``) and the newsroom English ones; and RealTime QA's 206 questions over their
  gold articles and the first ``DISTRACTORS`` others (all 3,773 take 40 minutes to ingest
  here), with the Qant issue and the samples beside them;
- **latency** on the whole TLDR archive (2,917 issues) with the Qant issue: p50/p95 of
  ``search`` for English and French questions, unfiltered, a month and a year.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks.common import (
    SAMPLES,
    WORK,
    built_archive,
    log,
    markdown_table,
    percentiles,
    progress_log,
    shared,
    summarize,
    write_results,
)

Question = tuple[str, str, set[str]]  # qid, question, gold story ids
TARGET = 0.90
DISTRACTORS = 600
LATENCY_P50, LATENCY_P95, FILTER_RATIO = 40.0, 100.0, 1.5
FILTERS = {
    "none": {},
    "a month": {"since": "2025-06-01", "until": "2025-06-30"},
    "a year": {"since": "2024-01-01", "until": "2024-12-31"},
}


def ranks(desk: Any, questions: list[Question], k: int = 10) -> list[int | None]:
    found: list[int | None] = []
    for _, question, gold in questions:
        hits = desk.search(question, k=k)
        found.append(next((n for n, h in enumerate(hits, start=1) if h.story_id in gold), None))
    return found


def both_ways(desk: Any, questions: list[Question]) -> dict[str, Any]:
    """Recall and MRR with the cross-lingual ranking of other languages ("now") and without."""
    now = desk.searcher.config
    results = {"questions": len(questions), "now": summarize(ranks(desk, questions))}
    desk.searcher.config = dataclasses.replace(now, crosslingual_scale=None)
    try:
        results["before"] = summarize(ranks(desk, questions))
    finally:
        desk.searcher.config = now
    return results


def as_asked(desk: Any, sets: dict[str, Callable[[Any], bool]]) -> dict[str, Any]:
    """The newsroom questions asked in order as a reader asks them (``evaluate`` without answers),
    now and before, sliced into ``sets``."""
    from assistant.answering.evaluation import evaluate, summarize_outcomes
    from benchmarks.newsroom import load_items

    items = load_items()
    by_qid = {i.qid: i for i in items}
    now = desk.searcher.config
    runs = {"now": evaluate(desk, items, answers=False)["outcomes"]}
    desk.searcher.config = dataclasses.replace(now, crosslingual_scale=None)
    try:
        runs["before"] = evaluate(desk, items, answers=False)["outcomes"]
    finally:
        desk.searcher.config = now
    results = {}
    for name, keep in sets.items():
        part = {when: [o for o in outcomes if o.answerable and keep(by_qid[o.qid])] for when, outcomes in runs.items()}
        results[name] = {"questions": len(part["now"]), **{w: summarize_outcomes(p) for w, p in part.items()}}
    return results


def realtimeqa_home() -> tuple[Any, list[Question]]:
    from assistant import NewsAssistant
    from benchmarks.quality import realtimeqa_data, realtimeqa_questions

    articles, queries = realtimeqa_data()
    gold = {i for q in queries for i in q["evidence_ids"]}
    articles = [a for a in articles if a["id"] in gold] + [a for a in articles if a["id"] not in gold][:DISTRACTORS]
    root = WORK / "realtimeqa-bilingual"
    desk = NewsAssistant(home=root / "home")
    if not (root / "built").exists():
        corpus = root / "realtimeqa.jsonl"
        corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        log(f"building {root}: RealTime QA + the Qant issue + the samples")
        desk.ingest([corpus, shared("corpus/qant"), SAMPLES / "archive"], progress=progress_log())
        (root / "built").write_text("ok\n")
    questions, _ = realtimeqa_questions(desk, articles, queries)
    return desk, [q for q in questions if q[2]]


def latency(desk: Any, english: list[str], french: list[str], repeat: int = 2) -> dict[str, Any]:
    desk.search("warm up", k=10)
    desk.search("un premier essai", k=10)
    out: dict[str, Any] = {}
    for language, questions in (("English", english), ("French", french)):
        for name, dates in FILTERS.items():
            times = []
            for _ in range(repeat):
                for question in questions:
                    started = time.perf_counter()
                    desk.search(question, k=10, **dates)
                    times.append(time.perf_counter() - started)
            out[f"{language}, {name}"] = percentiles(times)
    return out


def run() -> dict[str, Any]:
    from assistant import NewsAssistant
    from benchmarks.newsroom import newsroom_home
    from benchmarks.scale import TLDR_SETS, tldr_questions

    data: dict[str, Any] = {"recall": {}}
    home = newsroom_home()
    desk = NewsAssistant(home=home)
    sets = {
        "English q., French stories (dev)": lambda i: (
            i.extra["lang"] == "en" and i.extra["story_lang"] == "fr" and i.extra["split"] == "dev"
        ),
        "English q., French stories (test)": lambda i: (
            i.extra["lang"] == "en" and i.extra["story_lang"] == "fr" and i.extra["split"] == "test"
        ),
        "French q., English stories": lambda i: i.extra["lang"] == "fr" and i.extra["story_lang"] == "en",
        "English q., English stories (newsroom)": lambda i: i.extra["lang"] == "en" and i.extra["story_lang"] == "en",
    }
    log("the newsroom questions, as asked")
    data["recall"].update(as_asked(desk, sets))
    for name, path in TLDR_SETS.items():
        log(name)
        data["recall"][f"English q., English stories ({name})"] = both_ways(desk, tldr_questions(home, path))
    desk.close()
    log("RealTime QA beside the French stories")
    rt, questions = realtimeqa_home()
    data["recall"]["English q., English stories (RealTime QA)"] = both_ways(rt, questions)
    rt.close()
    log("latency: the whole TLDR archive + the Qant issue")
    archive = built_archive(None)
    big = NewsAssistant(home=archive / "home")
    big.ingest([shared("corpus/qant")])
    from benchmarks.newsroom import load_items

    items = load_items()
    english = [i.question for i in items if i.extra["lang"] == "en"][:100]
    french = [i.question for i in items if i.extra["lang"] == "fr"][:60]
    data["latency"] = latency(big, english, french)
    data["archive"] = {k: v for k, v in big.stats().items() if k in ("issues", "stories", "chunks")}
    big.close()
    return data


def render(data: dict[str, Any]) -> str:
    rows = []
    for name, r in data["recall"].items():
        rows.append(
            [name, r["questions"], r["before"]["recall@5"], r["now"]["recall@5"], r["before"]["mrr"], r["now"]["mrr"]]
        )
    lat = [[name, round(p["p50_ms"], 1), round(p["p95_ms"], 1)] for name, p in data["latency"].items()]
    return "\n".join(
        [
            "# One archive, two languages",
            "",
            "Recall@5 and MRR (k = 10, default hybrid search; the newsroom questions as a reader asks them:",
            "a follow-up after its question, 'hier' from the question's date; the others alone).",
            "*before*: English queries rank every story with MiniLM; *now*: stories not in English on the",
            "cross-lingual (USE) vectors.",
            "",
            markdown_table(["questions", "n", "recall@5 before", "recall@5 now", "MRR before", "MRR now"], rows),
            "",
            f"Search latency (ms) on {data['archive']['issues']:,} issues ({data['archive']['stories']:,} stories, "
            f"{data['archive']['chunks']:,} chunks): the whole TLDR archive and the Qant issue.",
            "",
            markdown_table(["questions, date filter", "p50", "p95"], lat),
            "",
            f"Targets: recall@5 ≥ {TARGET} across languages; English within 1 point of before;",
            f"p50 ≤ {LATENCY_P50:g} ms, p95 ≤ {LATENCY_P95:g} ms, filtered ≤ {FILTER_RATIO}× unfiltered.",
            "Reproduce: `python -m benchmarks bilingual`.",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    data = run()
    write_results("bilingual", render(data), data)


if __name__ == "__main__":
    main(sys.argv[1:])
