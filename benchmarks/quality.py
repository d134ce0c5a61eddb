"""Retrieval quality: does the gold story come back, and how high?

Measures recall@1/5/10 and MRR@10 of the gold *story* (a question is hit at rank r when
any of its gold stories is the r-th story returned; ``desk.search`` returns one hit per
story, k=10) for every retrieval mode of the project, in one run:

- hybrid with reciprocal rank fusion (the default), hybrid weighted-sum fusion with
  dense_weight 0.3 / 0.5 / 0.7 (other ``NewsAssistant`` objects on the same home),
  dense only, lexical (BM25) only;
- on RealTime QA only, the standard LangChain recipe as a baseline: RecursiveCharacter-
  TextSplitter(1000, 200) over "title\\n\\nbody" of each article, the same embedding model
  wrapped as a LangChain ``Embeddings``, ``langchain_chroma.Chroma`` in a temp dir,
  ``similarity_search(question, k=60)`` deduplicated by article (first chunk wins).

Datasets:
- RealTime QA (../shared/bench/realtimeqa): 3,773 news articles ingested as JSON Lines,
  206 questions; gold article ids → urls → story ids (through the catalog).
- samples/qa/sample_qa.jsonl over samples/archive, and samples/qa/qant_qa.jsonl over the
  Qant issue (../shared/corpus/qant) + samples/archive: the gold story is the one whose
  headline+body contains the ``support`` phrase (a re-run story matches both prints; a hit
  on the original counts, duplicates are never returned). Unanswerable questions (empty
  gold) are skipped; follow-ups are asked as they are, without the conversation.

``--limit N`` keeps the first N RealTime QA questions and only their candidate articles
(gold + search distractors), for a quick check.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    KS,
    SAMPLES,
    MissingData,
    first_rank,
    langchain_chroma,
    langchain_embeddings,
    log,
    markdown_table,
    progress_log,
    shared,
    squash,
    summarize,
    temp_home,
    write_results,
)

DEPTH = 10  # stories returned per question: recall@10 and MRR@10
LANGCHAIN_FETCH = 60  # chunks fetched before deduplicating by article
WEIGHTS = (0.3, 0.5, 0.7)
METHODS: list[tuple[str, dict[str, Any], str]] = [
    ("hybrid rrf", {}, "hybrid"),
    *[(f"hybrid weighted w={w}", {"fusion": "weighted", "dense_weight": w}, "hybrid") for w in WEIGHTS],
    ("dense only", {}, "dense"),
    ("lexical only", {}, "lexical"),
]
Question = tuple[str, str, set[str]]  # (qid, question, gold story ids)


def evaluate(home: Path, questions: list[Question]) -> dict[str, dict[str, Any]]:
    """Every method of METHODS over the same index: metrics, per-question ranks, latency."""
    from assistant import NewsAssistant

    results: dict[str, dict[str, Any]] = {}
    for label, overrides, mode in METHODS:
        desk = NewsAssistant(home=home, **overrides)
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


def story_texts(desk: Any) -> list[tuple[str, str, str | None]]:
    """(story_id, headline + body, duplicate_of) of every story in the catalog."""
    rows = desk.catalog.db.execute("SELECT story_id, headline, body, duplicate_of FROM stories")
    return [(r["story_id"], f"{r['headline']}\n{r['body']}", r["duplicate_of"]) for r in rows]


# -- RealTime QA ------------------------------------------------------------------------------
def langchain_recipe(articles: list[dict], questions: list[Question], directory: Path, embedder: Any) -> dict[str, Any]:
    """The standard LangChain RAG recipe, scored at article level like the project."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    started = time.perf_counter()
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    docs = splitter.create_documents(
        [f"{a['title']}\n\n{a['body']}" for a in articles],
        metadatas=[{"article": a["id"]} for a in articles],
    )
    store = langchain_chroma(directory, langchain_embeddings(embedder))
    for start in range(0, len(docs), 1000):
        store.add_documents(docs[start : start + 1000])
        log(f"  langchain: {min(start + 1000, len(docs))}/{len(docs)} chunks embedded")
    build = time.perf_counter() - started
    ranks: list[int | None] = []
    started = time.perf_counter()
    for _, question, gold in questions:
        ranked: list[str] = []
        for doc in store.similarity_search(question, k=LANGCHAIN_FETCH):
            if doc.metadata["article"] not in ranked:
                ranked.append(doc.metadata["article"])
        ranks.append(first_rank(ranked[:DEPTH], gold))
    elapsed = time.perf_counter() - started
    return {
        **summarize(ranks),
        "ms_per_query": 1000 * elapsed / max(len(questions), 1),
        "build_seconds": build,
        "chunks": len(docs),
        "ranks": dict(zip([q[0] for q in questions], ranks, strict=True)),
    }


def realtimeqa(limit: int | None) -> dict[str, Any]:
    from assistant import NewsAssistant

    folder = shared("bench/realtimeqa")
    articles = [json.loads(line) for line in (folder / "corpus.jsonl").open(encoding="utf-8")]
    queries = [json.loads(line) for line in (folder / "queries_gold.jsonl").open(encoding="utf-8")]
    if limit:
        queries = queries[:limit]
        keep = {i for q in queries for i in [*q["evidence_ids"], *q.get("gcs_ids", [])]}
        articles = [a for a in articles if a["id"] in keep]
    with temp_home() as tmp:
        corpus = tmp / "corpus.jsonl"  # always a copy: --limit writes a subset
        corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        log(f"RealTime QA: ingesting {len(articles)} articles")
        desk = NewsAssistant(home=tmp / "home")
        report = desk.ingest([corpus], progress=progress_log())
        log(
            f"  ingested: {report.stories_added} stories, {report.chunks_added} chunks, "
            f"{report.duplicates} duplicates, {len(report.errors)} errors in {report.seconds:.0f} s"
        )
        stories_of_url: dict[str, set[str]] = {}
        for r in desk.catalog.db.execute("SELECT story_id, url, duplicate_of FROM stories"):
            # a story linked as a duplicate is never returned: its original stands for it
            stories_of_url.setdefault(r["url"], set()).update({r["story_id"], r["duplicate_of"]} - {None})
        url_of = {a["id"]: a["url"] for a in articles}
        questions: list[Question] = []
        unmapped = 0
        for q in queries:
            gold = set().union(*(stories_of_url.get(url_of[e], set()) for e in q["evidence_ids"]))
            unmapped += not gold
            questions.append((q["id"], q["question"], gold))
        embedder = desk.embedder()
        ingest = {"seconds": report.seconds, "stories": report.stories_added,
                  "chunks": report.chunks_added, "duplicates": report.duplicates,
                  "errors": len(report.errors)}  # fmt: skip
        desk.close()
        results = evaluate(tmp / "home", questions)
        lc_questions = [(q["id"], q["question"], set(q["evidence_ids"])) for q in queries]
        log("RealTime QA: LangChain recipe")
        results["langchain recipe (Chroma, 1000/200 chars)"] = langchain_recipe(
            articles, lc_questions, tmp / "langchain", embedder
        )
    return {"articles": len(articles), "questions": len(queries), "gold_not_in_index": unmapped,
            "ingest": ingest, "methods": results}  # fmt: skip


# -- the project's QA sets --------------------------------------------------------------------
def qa_set(qa_file: Path, sources: list[Path]) -> dict[str, Any]:
    """Index ``sources``, map support phrases to gold stories, evaluate every method."""
    from assistant import NewsAssistant

    items = [json.loads(line) for line in qa_file.open(encoding="utf-8") if line.strip()]
    with temp_home() as home:
        desk = NewsAssistant(home=home)
        report = desk.ingest(sources)
        stories = story_texts(desk)
        desk.close()
        questions: list[Question] = []
        standalone: list[Question] = []
        unmatched: list[str] = []
        for item in items:
            if not item["gold"]:
                continue  # unanswerable: nothing to recall
            phrases = [squash(g["support"]) for g in item["gold"]]
            gold = {sid for sid, text, _ in stories if any(p in squash(text) for p in phrases)}
            gold |= {dup for sid, text, dup in stories if sid in gold and dup}
            if not gold:
                unmatched.append(item["qid"])
            questions.append((item["qid"], item["question"], gold))
            if not item.get("follows"):
                standalone.append(questions[-1])
        log(f"{qa_file.name}: {len(questions)} answerable, support not found for {unmatched}")
        return {
            "file": str(qa_file.relative_to(SAMPLES.parent)),
            "questions": len(items),
            "answerable": len(questions),
            "standalone": len(standalone),
            "support_not_found": unmatched,
            "stories": report.stories_added,
            "chunks": report.chunks_added,
            "methods": evaluate(home, questions),
            "methods_standalone": evaluate(home, standalone),
        }


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


def best_weight(methods: dict[str, dict[str, Any]]) -> str:
    weighted = [label for label in methods if "weighted" in label]
    return max(weighted, key=lambda label: (methods[label]["mrr"], methods[label]["recall@1"]))


def render(data: dict[str, Any]) -> str:
    parts = ["# Retrieval quality (story level, k=10)\n"]
    rt = data.get("realtimeqa")
    if rt:
        ing = rt["ingest"]
        parts.append(
            f"## RealTime QA — {rt['questions']} questions, {rt['articles']} articles\n\n"
            f"Indexed as {ing['stories']} stories / {ing['chunks']} chunks ({ing['duplicates']} "
            f"linked as duplicates) in {ing['seconds']:.0f} s; questions whose gold article is not "
            f"in the index: {rt['gold_not_in_index']}.\n"
        )
        rows = [row(label, m) for label, m in rt["methods"].items()]
        parts.append(markdown_table(HEADERS, rows) + "\n")
        lc = next(m for label, m in rt["methods"].items() if label.startswith("langchain"))
        parts.append(f"LangChain recipe: {lc['chunks']} chunks, built in {lc['build_seconds']:.0f} s.\n")
    for name, qa in data.get("project_qa", {}).items():
        parts.append(f"## {name} — {qa['answerable']} answerable of {qa['questions']} questions\n")
        rows = []
        for suffix, key in (("", "methods"), (" [standalone only]", "methods_standalone")):
            methods = qa[key]
            best = best_weight(methods)
            for label in ("hybrid rrf", best, "dense only", "lexical only"):
                shown = f"{label} (best w)" if label == best else label
                rows.append(row(shown + suffix, methods[label]))
        parts.append(markdown_table(HEADERS, rows) + "\n")
        if qa["support_not_found"]:
            parts.append(f"Support phrase in no story: {', '.join(qa['support_not_found'])}.\n")
    parts.append(
        "R@k: share of questions with a gold story among the first k stories; MRR@10: mean "
        'reciprocal rank (0 beyond 10). "standalone only" leaves out follow-up questions, '
        "which are asked here without their conversation. The best w is chosen on the same "
        "questions (optimistic)."
    )
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser("python -m benchmarks quality", description=__doc__)
    parser.add_argument("--limit", type=int, help="first N RealTime QA questions only (quick check)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data: dict[str, Any] = {"limit": args.limit}
    try:
        data["realtimeqa"] = realtimeqa(args.limit)
    except MissingData as missing:
        log(str(missing))
    data["project_qa"] = project_qa()
    data["seconds"] = time.perf_counter() - started
    write_results("quality" if not args.limit else f"quality-limit{args.limit}", render(data), data)
