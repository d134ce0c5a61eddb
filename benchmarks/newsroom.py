"""Answers a newsroom can stand behind: the extractive reader on questions about real archives.

``python -m benchmarks.newsroom fit`` fits the reader (``assistant/answering/reader_model.json``) on the
dev halves of ``benchmarks/qa/newsroom_qa.jsonl`` and of the blind ``tldr_sampled_qa.jsonl`` and
on the fresh sets that were read (``FITTED``);
``python -m benchmarks.newsroom`` (``report``) measures the answer chain on every half and
writes ``results/newsroom.md|.json`` and the answered/abstained trade-off plot
``results/newsroom-tradeoff.png``.

The archive: TLDR AI and TLDR (tech) issues of 2024–2025 (1,038 issues), the real Qant issue
and the bundled samples (``samples/archive``), built once into ``$NEWSDESK_BENCH_WORK/newsroom``
and rebuilt when the ingest code changes.

Features are collected as a reader asks: questions in file order, a follow-up with the turn
before it (question and the answer given), ``as_of`` for relative dates. A candidate sentence
is labelled as answering when it is in a gold story and holds the gold short answer.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import ROOT, SAMPLES, WORK, log, markdown_table, progress_log, shared, write_results
from benchmarks.reader_fit import (
    ABSTAIN_TARGET,
    ANSWERED_TARGET,
    THRESHOLDS,
    choose_thresholds,
    cross_fitted,
    fit_weights,
    probabilities,
    simulate,
)
from benchmarks.tradeoff_plot import plot_tradeoff

QA_FILE = Path(__file__).resolve().parent / "qa" / "newsroom_qa.jsonl"
# 240 questions written blind on stories drawn at random (qa/README.md): every story of the
# archive is a candidate, and none is a near-miss. Their s- half is fitted on with the dev half
# above; their t- half is held out.
BLIND_FILE = QA_FILE.with_name("tldr_sampled_qa.jsonl")
BLIND_SPLITS = {"s": "dev", "t": "test"}
# Questions written blind at the start of a round, on other stories drawn at random,
# near-misses among them (qa/README.md). The newest is held out: nothing is chosen on it. The
# ones before were measured, then read to write rules; the reader is fitted on them too.
FRESH_FILES = {"fresh": QA_FILE.with_name("tldr_fresh_qa.jsonl")}
FRESH_FILES |= {f"fresh {n}": QA_FILE.with_name(f"tldr_fresh{n}_qa.jsonl") for n in range(2, 21)}
FITTED = tuple(FRESH_FILES)[:-1]
YEARS = (date(2024, 1, 1), date(2025, 12, 31))
NEWSLETTERS = ("ai", "tech")
HOME = WORK / "newsroom"
# The index modules ingest never runs: changing them does not change the archive.
QUERY_ONLY = {"search", "search_queries", "crosslingual", "glossary", "maintenance", "lock"}
SPLITS = ("dev", "test")


# -- the archive -------------------------------------------------------------------------------
def ingest_code_key() -> str:
    """A digest of the code that decides what is indexed: another one means another archive."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "index").rglob("*.py")):
        if path.stem not in QUERY_ONLY:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def newsroom_home() -> Path:
    """The archive's home, built now when absent or built by other ingest code."""
    from assistant import NewsAssistant

    marker = HOME / "built"
    key = ingest_code_key()
    if marker.exists() and marker.read_text().strip() == key:
        return HOME / "home"
    shutil.rmtree(HOME, ignore_errors=True)
    issues = HOME / "issues"
    for name in NEWSLETTERS:
        (issues / name).mkdir(parents=True)
        for path in sorted(shared(f"corpus/tldr/{name}").glob("*.md")):
            if YEARS[0].isoformat() <= path.stem <= YEARS[1].isoformat():
                (issues / name / path.name).symlink_to(path)
    (issues / "qant").mkdir()
    for path in sorted(shared("corpus/qant").glob("*.txt")):  # a directory walk does not follow linked folders
        (issues / "qant" / path.name).symlink_to(path)
    log(f"building the newsroom archive in {HOME}")
    report = NewsAssistant(home=HOME / "home").ingest([issues, SAMPLES / "archive"], progress=progress_log())
    log(f"  {report.issues_added} issues, {report.stories_added} stories, {len(report.errors)} files refused")
    marker.write_text(key + "\n")
    return HOME / "home"


# -- the questions -----------------------------------------------------------------------------
def load_items(split: str | None = None) -> list[Any]:
    from assistant.answering.evaluation import load_qa

    items = load_qa(QA_FILE)
    return [i for i in items if split is None or i.extra["split"] == split]


def load_blind(split: str | None = None) -> list[Any]:
    """The blind questions, their ``split`` set from their half (s- dev, t- test)."""
    from assistant.answering.evaluation import load_qa

    items = load_qa(BLIND_FILE)
    for item in items:
        item.extra["split"] = BLIND_SPLITS[item.qid[:1]]
    return [i for i in items if split is None or i.extra["split"] == split]


def load_fresh(name: str) -> list[Any]:
    """A fresh set, its ``split`` dev when the reader is fitted on it, else test."""
    from assistant.answering.evaluation import load_qa

    items = load_qa(FRESH_FILES[name])
    for item in items:
        item.extra["split"] = "dev" if name in FITTED else "test"
    return items


def conversation(items: Iterable[Any]) -> dict[str, Any]:
    """Each question's item by qid (follow-ups look up the turn before)."""
    return {item.qid: item for item in items}


# -- collecting features -----------------------------------------------------------------------
def collect(desk: Any, items: list[Any]) -> list[dict[str, Any]]:
    """For every question, its candidates' features and labels, asked as a reader asks."""
    from assistant.answering.evaluation import gold_story_ids

    chain = desk.chain("extractive")
    answerer = chain.answerer
    transcript: dict[str, list[dict[str, str]]] = {}
    collected = []
    for item in items:
        history = transcript.get(item.follows or "", [])
        turn = desk.retrieve(item.question, history, item.as_of)
        gold = gold_story_ids(desk, item.gold)
        request = chain.request(turn) if turn.sources and not turn.no_issue else None
        scored = answerer.score(request) if request else []
        rows = [c.features for c in scored]
        labels = [bool(gold) and answers_question(c, gold, item.answer or "") for c in scored]
        holds = [c.holds and c.on_subject and c.related for c in scored]
        answer = desk.ask(item.question, history=history, as_of=item.as_of)
        transcript[item.qid] = [
            *history,
            {"role": "user", "content": item.question},
            {"role": "assistant", "content": answer.text},
        ]
        collected.append(
            {
                "qid": item.qid,
                "split": item.extra["split"],
                "answerable": bool(item.gold),
                "typed": request.asked.typed if request else True,
                "rows": rows,
                "labels": labels,
                "holds": holds,
                "stories": [c.source.n for c in scored],
                "positions": [c.position for c in scored],
                "sentences": [c.sentence for c in scored],
            }
        )
    return collected


def answers_question(candidate: Any, gold: set[str], answer: str) -> bool:
    """A candidate answers when it holds the short answer and is from a story that answers."""
    from assistant.answering.evaluation import _contains, quote_answers

    story = candidate.source.duplicate_of or candidate.source.story_id
    holds = bool(answer) and _contains(candidate.sentence, answer)
    return holds and quote_answers(candidate.sentence, story, gold, answer)


# -- fitting -----------------------------------------------------------------------------------
def fit(argv: list[str]) -> None:
    from assistant import NewsAssistant
    from assistant.answering.reader import FEATURES
    from assistant.answering.reader_model import MODEL_PATH, ReaderModel, load_model

    try:
        load_model()
    except ValueError:  # fitted on other features: start from a neutral model (it only shapes follow-ups)
        neutral = ReaderModel(tuple(1.0 for _ in FEATURES), -4.0, 0.3, 0.5, fitted_on="neutral start")
        MODEL_PATH.write_text(neutral.to_json(), encoding="utf-8")
        load_model.cache_clear()
    desk = NewsAssistant(home=newsroom_home())
    dev = collect(desk, load_items("dev")) + collect(desk, load_blind("dev"))
    dev += [q for name in FITTED for q in collect(desk, load_fresh(name))]
    weights, bias = fit_weights(dev)
    scores = cross_fitted(dev)
    threshold, open_threshold, companion = choose_thresholds(dev, scores)
    model = ReaderModel(
        tuple(float(w) for w in weights),
        bias,
        threshold,
        companion,
        fitted_on=f"{QA_FILE.name} and {BLIND_FILE.name} dev halves, {', '.join(FITTED)} ({len(dev)} questions)",
        open_threshold=open_threshold,
    )
    MODEL_PATH.write_text(model.to_json(), encoding="utf-8")
    log(f"wrote {MODEL_PATH}: threshold {threshold} (open questions {open_threshold}), companion {companion}")
    print(model.to_json())
    print(json.dumps(simulate(dev, scores, threshold, companion, open_threshold), indent=2))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["fit"]:
        fit(argv[1:])
        return
    report(argv[1:] if argv[:1] == ["report"] else argv)


def report(argv: list[str]) -> None:
    from assistant import NewsAssistant
    from assistant.answering.evaluation import evaluate, summarize_outcomes
    from assistant.answering.reader_model import load_model

    desk = NewsAssistant(home=newsroom_home())
    items = load_items()
    by_qid = conversation(items)
    results: dict[str, Any] = {"model": json.loads(load_model().to_json())}
    rows = []
    for split in SPLITS:
        chosen = [i for i in items if i.extra["split"] == split]
        metrics = evaluate(desk, chosen)
        outcomes = metrics.pop("outcomes")
        results[split] = {
            "all": {k: v for k, v in metrics.items() if not isinstance(v, list)},
            "failures": metrics["answer_failures"],
        }
        answers = WORK / f"newsroom-{split}-answers.json"  # they quote the archives: kept out of the repository
        answers.parent.mkdir(parents=True, exist_ok=True)
        answers.write_text(json.dumps({o.qid: o.text for o in outcomes}, ensure_ascii=False, indent=1), "utf-8")
        for label, keep in slices(by_qid):
            part = [o for o in outcomes if keep(by_qid[o.qid])]
            if not part:
                continue
            m = summarize_outcomes(part)
            results[split][label] = m
            rows.append(
                [
                    split,
                    label,
                    m["questions"],
                    m["answerable"],
                    m["recall@5"],
                    m["answered"],
                    m["abstention"] if m["unanswerable"] else "–",
                    m["citation_precision"],
                    m["containment"],
                    m["latency_p50_ms"],
                ]
            )
    parts = [(split, f"blind ({BLIND_FILE.name})", load_blind(split)) for split in SPLITS]
    for name, path in FRESH_FILES.items():
        fresh = load_fresh(name)
        half = fresh[0].extra["split"]
        parts += [
            (half, f"{name} ({path.name})", fresh),
            (half, f"{name}, French questions", [i for i in fresh if i.extra["lang"] == "fr"]),
            (half, f"{name}, English questions", [i for i in fresh if i.extra["lang"] == "en"]),
        ]
    for split, label, chosen in parts:
        metrics = evaluate(desk, chosen)
        metrics.pop("outcomes")
        m = {k: v for k, v in metrics.items() if not isinstance(v, list)}
        results[f"{split}: {label}"] = m
        abstention = m["abstention"] if m["unanswerable"] else "–"
        row = [m["recall@5"], m["answered"], abstention, m["citation_precision"], m["containment"], m["latency_p50_ms"]]
        rows.append([split, label, m["questions"], m["answerable"], *row])
    collected = collect(desk, items)
    model = load_model()
    weights = np.asarray(model.weights, dtype=np.float32)
    results["tradeoff"] = {}
    for split in SPLITS:
        part = [q for q in collected if q["split"] == split]
        scores = probabilities(part, weights, model.bias)
        results["tradeoff"][split] = [
            {"threshold": float(t), **simulate(part, scores, float(t), model.companion, model.open_threshold)}
            for t in THRESHOLDS
        ]
    plot_tradeoff(results["tradeoff"], model.threshold, RESULTS_PLOT, ANSWERED_TARGET, ABSTAIN_TARGET)
    headers = [
        "half",
        "questions",
        "n",
        "answerable",
        "recall@5",
        "answered",
        "near-miss abstention",
        "citation precision",
        "containment",
        "ask p50 ms",
    ]
    markdown = "\n".join(
        [
            "# Answers on real archives (newsroom QA set)",
            "",
            f"Reader model: {model.fitted_on}; threshold {model.threshold} (open questions "
            f"{model.threshold_for(typed=False)}), companion {model.companion}.",
            "",
            markdown_table(headers, rows),
            "",
            "dev: the halves the reader's weights and thresholds were chosen on; test: held out, report only.",
            f"blind: `{BLIND_FILE.name}`, questions written blind on random stories, none a near-miss.",
            f"fresh 1–{len(FRESH_FILES)}: written blind, with near-misses (`qa/README.md`); dev: the ones read.",
            f"Trade-off plot: `results/{RESULTS_PLOT.name}`. Reproduce: `python -m benchmarks.newsroom`.",
        ]
    )
    write_results("newsroom", markdown, results)


RESULTS_PLOT = Path(__file__).resolve().parent / "results" / "newsroom-tradeoff.png"


def slices(by_qid: dict[str, Any]) -> list[tuple[str, Any]]:
    """The groups every figure is given for: everything, by the question's language, and the
    cross-language pairs."""
    return [
        ("all", lambda i: True),
        ("French questions", lambda i: i.extra["lang"] == "fr"),
        ("English questions", lambda i: i.extra["lang"] == "en"),
        ("English q., French stories", lambda i: i.extra["lang"] == "en" and i.extra["story_lang"] == "fr"),
        ("French q., English stories", lambda i: i.extra["lang"] == "fr" and i.extra["story_lang"] == "en"),
    ]


if __name__ == "__main__":
    main()
