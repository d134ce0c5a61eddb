"""Retrieval quality at archive scale: does recall hold when distractors grow?

Each question set is asked of a small archive and of a large one, in one run:

- RealTime QA (206 questions): small = its 3,773 articles alone (the home ``quality``
  keeps); large = those articles + the whole TLDR archive (the home ``speed`` keeps, copied).
- The TLDR questions of ``benchmarks/qa/tldr_qa.jsonl`` (40, gold by url): small = the TLDR
  AI issues of May–July 2025 (the ``answers`` benchmark's archive); large = the same large
  home.

Methods: the default hybrid search, dense only, lexical only; recall@1/5/10 and MRR@10 of
the gold story, k=10. A follow-up question ("Which venture firm led that round?") is
searched with the question it follows. For the TLDR questions, also the answer chain's own
retrieval, as a reader asks (``newsdesk eval``): a follow-up after the previous question and
its answer, "yesterday" read from the item's ``as_of``, a newsletter named in the question as a
filter. The TLDR questions missed on the large archive are listed with the gold's rank
under each method.
Target: recall@5 on the large archive within 3 points of the small one. Chunks already
embedded by the ``speed`` and ``quality`` homes are not encoded again
(``benchmarks/vector_cache.py``: same model, same text, same vector); nothing is timed here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

from benchmarks.answers import tldr_slice
from benchmarks.common import (
    DEPTH,
    built_archive,
    catalog_stories,
    gold_stories,
    log,
    markdown_table,
    ok,
    progress_log,
    temp_home,
    write_results,
)
from benchmarks.quality import (
    DEFAULT,
    METHODS,
    Question,
    evaluate,
    realtimeqa_data,
    realtimeqa_questions,
    realtimeqa_root,
)
from benchmarks.vector_cache import CachedEmbedder, use_cache

TLDR_QA = Path(__file__).resolve().parent / "qa" / "tldr_qa.jsonl"
SCALE_METHODS = [m for m in METHODS if m[0] in (DEFAULT, "dense only", "lexical only")]
TOLERANCE = 0.03  # recall@5 may drop by at most 3 points


def ingest(home: Path, paths: list[Path], cache: CachedEmbedder | None) -> dict[str, Any]:
    from assistant import NewsAssistant

    desk = NewsAssistant(home=home)
    if cache is not None:
        use_cache(desk, cache)
    report = desk.ingest(paths, progress=progress_log())
    stats = desk.stats()
    desk.close()
    for error in report.errors:  # the TLDR archive has two issues without stories, as `speed` reports
        log(f"  not ingested: {error.reason}")
    return {"stories": stats["stories"], "chunks": stats["chunks"], "errors": len(report.errors)}


def tldr_items() -> list[dict[str, Any]]:
    return [json.loads(line) for line in TLDR_QA.open(encoding="utf-8") if line.strip()]


def tldr_questions(home: Path) -> list[Question]:
    from assistant import NewsAssistant

    desk = NewsAssistant(home=home)
    stories = catalog_stories(desk)
    desk.close()
    items = tldr_items()
    asked = {i["qid"]: i["question"] for i in items}
    return [(i["qid"], with_context(i, asked), gold_stories(i["gold"], stories)) for i in items if i["gold"]]


def with_context(item: dict[str, Any], asked: dict[str, str]) -> str:
    """A follow-up ("Which venture firm led that round?") searched with the question it
    follows, as the ``answers`` benchmark does for the LangChain recipe: alone, it names
    nothing to search for."""
    previous = asked.get(item.get("follows") or "")
    return f"{previous} {item['question']}" if previous else item["question"]


AS_ASKED = "as a reader asks (newsdesk eval: follow-ups after the question and answer before, dates, newsletter)"


def as_asked(home: Path) -> dict[str, Any]:
    """The TLDR questions asked of the extractive answer chain, as ``newsdesk eval`` does: a
    follow-up comes after the previous question *and its answer*, "yesterday" is read from the
    item's ``as_of``, a newsletter named in the question is a filter; the stories the chain
    retrieves (k=10) are ranked like search hits."""
    from assistant import NewsAssistant
    from assistant.evaluation import evaluate as evaluate_chain
    from assistant.evaluation import load_qa

    desk = NewsAssistant(home=home)
    metrics = evaluate_chain(desk, load_qa(TLDR_QA), k=DEPTH, answers=True)
    desk.close()
    return metrics


def rtqa_questions(home: Path, articles: list[dict], queries: list[dict]) -> list[Question]:
    from assistant import NewsAssistant

    desk = NewsAssistant(home=home)
    questions, unmapped = realtimeqa_questions(desk, articles, queries)
    desk.close()
    if unmapped:
        log(f"  {unmapped} RealTime QA questions have no gold story in {home}")
    return questions


def run(limit: int | None, model: str | None = None) -> dict[str, Any]:
    """With ``model``, every home is indexed with that embedding model instead (and nothing is
    reused from the default model's homes)."""
    from assistant import NewsAssistant
    from assistant.settings import Settings

    archive = built_archive(limit)
    articles, queries = realtimeqa_data()
    cache = None
    if model:
        os.environ["NEWSDESK_EMBEDDING_MODEL"] = model  # every NewsAssistant below, and ``newsdesk eval``
    else:
        log("loading the vectors of the archive and RealTime QA homes")
        homes = [archive / "home", realtimeqa_root() / "home"]
        cache = CachedEmbedder(NewsAssistant(home=archive / "home").embedder(), homes)
    data: dict[str, Any] = {"limit": limit, "model": model or Settings().embedding_model, "sets": {}}
    with temp_home("newsdesk-scale-") as tmp:
        corpus = tmp / "realtimeqa.jsonl"
        corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        small_rt = tmp / "small-realtimeqa"
        log("small archive: RealTime QA articles alone")
        sizes = {"small realtimeqa": ingest(small_rt, [corpus], cache)}
        small_tldr = tmp / "small-tldr"
        log("small archive: TLDR AI, May–July 2025")
        sizes["small tldr"] = ingest(small_tldr, [tldr_slice(tmp / "slice")], cache)
        large = tmp / "large"
        if cache is not None:
            log(f"large archive: a copy of {archive / 'home'} + the RealTime QA articles")
            shutil.copytree(archive / "home", large)
            sizes["large"] = ingest(large, [corpus], cache)
            data["cache"] = {"hits": cache.hits, "misses": cache.misses}
        else:
            log(f"large archive: {archive / 'tldr'} + the RealTime QA articles, indexed with {model}")
            sizes["large"] = ingest(large, [archive / "tldr", corpus], None)
        data["sizes"] = sizes
        for name, small, questions_of in (
            ("realtimeqa", small_rt, lambda home: rtqa_questions(home, articles, queries)),
            ("tldr_qa", small_tldr, tldr_questions),
        ):
            log(f"{name}: small archive")
            small_q = questions_of(small)
            results = {"small": evaluate(small, small_q, SCALE_METHODS)}
            log(f"{name}: large archive")
            results["large"] = evaluate(large, questions_of(large), SCALE_METHODS)
            if name == "tldr_qa":
                log(f"{name}: {AS_ASKED}")
                results["small"][AS_ASKED], results["large"][AS_ASKED] = as_asked(small), as_asked(large)
            data["sets"][name] = {"questions": len(small_q), **results}
    return data


def render(d: dict[str, Any]) -> str:
    sizes = d["sizes"]
    parts = [
        f"# Retrieval quality at scale (story level, k=10, embedding model `{d.get('model', 'default')}`)\n",
        f"Large archive: {sizes['large']['stories']} stories / {sizes['large']['chunks']} chunks (the whole TLDR "
        f"archive + the RealTime QA articles). Small: RealTime QA alone {sizes['small realtimeqa']['stories']} "
        f"stories; TLDR AI May–July 2025 {sizes['small tldr']['stories']} stories.\n",
    ]
    headers = ["method", "R@1 small", "R@1 large", "R@5 small", "R@5 large", "R@5 change", "MRR small",
               "MRR large", f"R@5 within {TOLERANCE * 100:.0f} points"]  # fmt: skip
    for name, result in d["sets"].items():
        rows = []
        for label in result["small"]:
            s, lg = result["small"][label], result["large"][label]
            change = lg["recall@5"] - s["recall@5"]
            rows.append([label, s["recall@1"], lg["recall@1"], s["recall@5"], lg["recall@5"],
                         f"{100 * change:+.1f} pts", s["mrr"], lg["mrr"], ok(change >= -TOLERANCE - 1e-9)])  # fmt: skip
        parts.append(f"## {name} — {result['questions']} questions\n\n" + markdown_table(headers, rows) + "\n")
    if "tldr_qa" in d["sets"]:
        parts.append(missed(d["sets"]["tldr_qa"]))
    if "cache" in d:
        reuse = (
            f"Vectors reused from the speed/quality homes: {d['cache']['hits']}; encoded here: {d['cache']['misses']}. "
        )
    else:
        reuse = f"Every home indexed with `{d['model']}` (nothing reused from the default model's homes). "
    parts.append(f"{reuse}MRR is MRR@{DEPTH}.")
    return "\n".join(parts)


def missed(result: dict[str, Any]) -> str:
    """The TLDR questions the default search or the chain misses in the top 5 of the large
    archive, with the gold's rank under each method (— : not in the top 10)."""
    small, large = result["small"][DEFAULT]["ranks"], result["large"]
    chain_missed = set(large.get(AS_ASKED, {}).get("retrieval_missed", []))
    questions = {item["qid"]: item["question"] for item in tldr_items()}
    rows = []
    for qid, rank in large[DEFAULT]["ranks"].items():
        if (rank is None or rank > 5) or qid in chain_missed:
            ranks = [large[m]["ranks"].get(qid) for m, *_ in SCALE_METHODS]
            rows.append([qid, questions.get(qid, ""), small.get(qid) or "—", *[r or "—" for r in ranks],
                         "missed" if qid in chain_missed else "found"])  # fmt: skip
    short = {DEFAULT: "default"}
    headers = ["qid", "question", "default, small", *[f"{short.get(m, m)}, large" for m, *_ in SCALE_METHODS],
               "as a reader asks, large"]  # fmt: skip
    return "### TLDR questions missed on the large archive: the gold's rank\n\n" + markdown_table(headers, rows) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser("python -m benchmarks scale", description=__doc__)
    parser.add_argument("--limit", type=int, help="the home of the first N TLDR issues (speed --limit N)")
    parser.add_argument("--embedding-model", help="index every home with this model (e.g. use-multilingual)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = run(args.limit, args.embedding_model)
    data["seconds"] = time.perf_counter() - started
    name = "scale" + (f"-limit{args.limit}" if args.limit else "")
    name += f"-{re.sub(r'[^a-z0-9]+', '-', args.embedding_model.lower())}" if args.embedding_model else ""
    write_results(name, render(data), data)
