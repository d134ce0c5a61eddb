"""Retrieval quality at archive scale: does recall hold when distractors grow?

Each question set is asked of a small archive and of a large one, in one run:

- RealTime QA (206 questions): small = its 3,773 articles alone (the home ``quality``
  keeps); large = those articles + the whole TLDR archive (the home ``speed`` keeps, copied).
- The TLDR questions of ``benchmarks/qa/tldr_qa.jsonl`` (40, gold by url) and the 240 of
  ``tldr_sampled_qa.jsonl`` (written blind, one for each of 240 stories drawn at random):
  small = the TLDR AI issues of May–July 2025 (the ``answers`` benchmark's archive); large =
  the same large home.

Methods: the default hybrid search, dense only, lexical only; recall@1/5/10 and MRR@10 of
the gold story, k=10. A follow-up question ("Which venture firm led that round?") is
searched with the question it follows. For the TLDR questions, also the answer chain's own
retrieval, as a reader asks (``newsdesk eval``): a follow-up after the previous question and
its answer, "yesterday" read from the item's ``as_of``, a newsletter named in the question as a
filter. The TLDR questions missed on the large archive are listed with the gold's rank
under each method. Each change of recall@5 comes with a 95 % interval (paired bootstrap
over the questions), and the TLDR sets are split by the question's language.
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
TLDR_SETS = {"tldr_qa": TLDR_QA, "tldr_sampled": TLDR_QA.with_name("tldr_sampled_qa.jsonl")}
SCALE_METHODS = [m for m in METHODS if m[0] in (DEFAULT, "dense only", "lexical only")]
TOLERANCE = 0.03  # recall@5 may drop by at most 3 points
RESAMPLES = 10000


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


def tldr_items(path: Path = TLDR_QA) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def tldr_questions(home: Path, path: Path = TLDR_QA) -> list[Question]:
    from assistant import NewsAssistant

    desk = NewsAssistant(home=home)
    stories = catalog_stories(desk)
    desk.close()
    items = tldr_items(path)
    asked = {i["qid"]: i["question"] for i in items}
    return [(i["qid"], with_context(i, asked), gold_stories(i["gold"], stories)) for i in items if i["gold"]]


def with_context(item: dict[str, Any], asked: dict[str, str]) -> str:
    """A follow-up ("Which venture firm led that round?") searched with the question it
    follows, as the ``answers`` benchmark does for the LangChain recipe: alone, it names
    nothing to search for."""
    previous = asked.get(item.get("follows") or "")
    return f"{previous} {item['question']}" if previous else item["question"]


AS_ASKED = "as a reader asks (newsdesk eval: follow-ups after the question and answer before, dates, newsletter)"


def as_asked(home: Path, path: Path = TLDR_QA) -> dict[str, Any]:
    """The TLDR questions asked of the extractive answer chain, as ``newsdesk eval`` does: a
    follow-up comes after the previous question *and its answer*, "yesterday" is read from the
    item's ``as_of``, a newsletter named in the question is a filter; the stories the chain
    retrieves (k=10) are ranked like search hits. (Without follow-ups, nothing is answered.)"""
    from assistant import NewsAssistant
    from assistant.answering.evaluation import evaluate as evaluate_chain
    from assistant.answering.evaluation import load_qa

    items = load_qa(path)
    desk = NewsAssistant(home=home)
    metrics = evaluate_chain(desk, items, k=DEPTH, answers=any(i.follows for i in items))
    desk.close()
    return metrics


def found_at_5(result: dict[str, Any], qids: list[str]) -> list[bool]:
    """Per question: is the gold in the top 5? (``ranks`` of a search method, or the chain's
    ``retrieval_missed``.)"""
    if "ranks" in result:
        return [(result["ranks"].get(q) or DEPTH + 1) <= 5 for q in qids]
    return [q not in result["retrieval_missed"] for q in qids]


def change_interval(small: list[bool], large: list[bool], seed: int = 0) -> tuple[float, float]:
    """95 % interval of the change of recall@5, resampling the questions (paired bootstrap)."""
    import numpy as np

    diff = np.array(large, dtype=float) - np.array(small, dtype=float)
    draws = np.random.default_rng(seed).integers(0, len(diff), (RESAMPLES, len(diff)))
    means = diff[draws].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def language_of(item: dict[str, Any]) -> str:
    from index.text.analysis import detect_language

    return detect_language(item["question"])


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
            log("  its cross-lingual vectors, where it was built without them")
            desk = NewsAssistant(home=large)
            desk.reindex(progress=progress_log(), only_missing=True)
            desk.close()
            sizes["large"] = ingest(large, [corpus], cache)
            data["cache"] = {"hits": cache.hits, "misses": cache.misses}
        else:
            log(f"large archive: {archive / 'tldr'} + the RealTime QA articles, indexed with {model}")
            sizes["large"] = ingest(large, [archive / "tldr", corpus], None)
        data["sizes"] = sizes
        sets: list[tuple[str, Path, Any]] = [("realtimeqa", small_rt, lambda h: rtqa_questions(h, articles, queries))]
        sets += [(name, small_tldr, lambda h, p=path: tldr_questions(h, p)) for name, path in TLDR_SETS.items()]
        for name, small, questions_of in sets:
            log(f"{name}: small archive")
            small_q = questions_of(small)
            results = {"small": evaluate(small, small_q, SCALE_METHODS)}
            log(f"{name}: large archive")
            results["large"] = evaluate(large, questions_of(large), SCALE_METHODS)
            if name in TLDR_SETS:
                log(f"{name}: {AS_ASKED}")
                path = TLDR_SETS[name]
                results["small"][AS_ASKED], results["large"][AS_ASKED] = as_asked(small, path), as_asked(large, path)
                languages = {i["qid"]: language_of(i) for i in tldr_items(path)}
                results["languages"] = {qid: languages[qid] for qid, _, _ in small_q}
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
    headers = [
        "method",
        "R@1 small",
        "R@1 large",
        "R@5 small",
        "R@5 large",
        "R@5 change",
        "95 % interval",
        "MRR small",
        "MRR large",
        f"R@5 within {TOLERANCE * 100:.0f} points",
    ]
    for name, result in d["sets"].items():
        rows = []
        qids = sorted(result["small"][DEFAULT]["ranks"])
        for label in result["small"]:
            s, lg = result["small"][label], result["large"][label]
            low, high = change_interval(found_at_5(s, qids), found_at_5(lg, qids))
            change = lg["recall@5"] - s["recall@5"]
            rows.append(
                [
                    label,
                    s["recall@1"],
                    lg["recall@1"],
                    s["recall@5"],
                    lg["recall@5"],
                    f"{100 * change:+.1f} pts",
                    f"{100 * low:+.1f} … {100 * high:+.1f}",
                    s["mrr"],
                    lg["mrr"],
                    ok(change >= -TOLERANCE - 1e-9),
                ]
            )
        parts.append(f"## {name} — {result['questions']} questions\n\n" + markdown_table(headers, rows) + "\n")
        if "languages" in result:
            parts.append(by_language(result))
    tldr = [d["sets"][name] for name in TLDR_SETS if name in d["sets"]]
    if len(tldr) > 1:
        parts.append(combined(tldr))
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


def by_language(result: dict[str, Any]) -> str:
    """Recall@5 of the default search and of the chain, small → large, per question language."""
    rows = []
    for language in sorted(set(result["languages"].values())):
        qids = sorted(q for q, lang in result["languages"].items() if lang == language)
        row: list[Any] = [language, len(qids)]
        for label in (DEFAULT, AS_ASKED):
            small, large = (found_at_5(result[side][label], qids) for side in ("small", "large"))
            row += [f"{sum(small) / len(qids):.3f} → {sum(large) / len(qids):.3f}"]
        rows.append(row)
    headers = ["question language", "n", "default search, R@5 small → large", "as a reader asks"]
    return markdown_table(headers, rows) + "\n"


def combined(results: list[dict[str, Any]]) -> str:
    """Recall@5 over the questions of every TLDR set together."""
    rows = []
    for label in (DEFAULT, AS_ASKED):
        small: list[bool] = []
        large: list[bool] = []
        for result in results:
            qids = sorted(result["small"][DEFAULT]["ranks"])
            small += found_at_5(result["small"][label], qids)
            large += found_at_5(result["large"][label], qids)
        change = (sum(large) - sum(small)) / len(small)
        low, high = change_interval(small, large)
        rows.append(
            [
                label,
                len(small),
                f"{sum(small) / len(small):.3f}",
                f"{sum(large) / len(large):.3f}",
                f"{100 * change:+.1f} pts",
                f"{100 * low:+.1f} … {100 * high:+.1f}",
                ok(change >= -TOLERANCE - 1e-9),
            ]
        )
    headers = ["method", "questions", "R@5 small", "R@5 large", "change", "95 % interval", "within 3 points"]
    return "## Every TLDR question together\n\n" + markdown_table(headers, rows) + "\n"


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
            rows.append(
                [
                    qid,
                    questions.get(qid, ""),
                    small.get(qid) or "—",
                    *[r or "—" for r in ranks],
                    "missed" if qid in chain_missed else "found",
                ]
            )
    short = {DEFAULT: "default"}
    headers = [
        "qid",
        "question",
        "default, small",
        *[f"{short.get(m, m)}, large" for m, *_ in SCALE_METHODS],
        "as a reader asks, large",
    ]
    return "### TLDR questions missed on the large archive: the gold's rank\n\n" + markdown_table(headers, rows) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser("python -m benchmarks scale", description=__doc__)
    parser.add_argument("--limit", type=int, help="the home of the first N TLDR issues (speed --limit N)")
    parser.add_argument("--embedding-model", help="index every home with this model (e.g. use-multilingual)")
    parser.add_argument("--no-crosslingual", action="store_true", help="without cross-lingual vectors (as before them)")
    args = parser.parse_args(argv)
    if args.no_crosslingual:
        os.environ["NEWSDESK_CROSSLINGUAL_MODEL"] = ""  # every NewsAssistant below, and ``newsdesk eval``
    started = time.perf_counter()
    data = run(args.limit, args.embedding_model)
    data["seconds"] = time.perf_counter() - started
    name = "scale" + (f"-limit{args.limit}" if args.limit else "")
    name += f"-{re.sub(r'[^a-z0-9]+', '-', args.embedding_model.lower())}" if args.embedding_model else ""
    name += "-no-crosslingual" if args.no_crosslingual else ""
    write_results(name, render(data), data)
