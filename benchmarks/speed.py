"""Ingest and search speed on the TLDR archive (../shared/corpus/tldr, 2,917 issues).

The archive (or, with ``--limit N``, its first N issues by date) is copied to a temp dir,
then, in one process and in this order:
(a) full ingest into a fresh home, the embedding model loaded beforehand: wall time,
    stories/s, chunks/s, peak RSS of the process (``ru_maxrss``);
(b) baseline: ``Embedder.embed`` (SentenceTransformer.encode, same batch size) over exactly
    the same chunk texts read back from the catalog, in one call; the ratio
    ingest time / raw encode time (target ≤ 1.15, i.e. ≤ 15 % overhead);
(d) no-op re-ingest of the unchanged archive (target ≤ 15 s);
(e) re-ingest after appending a sentence to one story of 10 random issues;
(f) search latency, p50/p95 over 100 queries (headlines of random stories with a third of
    their words dropped, fixed seed), hybrid search k=10: no filter, a 1-week and a
    1-year date window ending on the story's date; baseline: raw Chroma
    ``collection.query`` (query embedded first, k=10) on the project's collection with the
    same windows as ``where`` filters on ``date_ord``;
(c) the standard LangChain recipe on the same files: TextLoader per file +
    RecursiveCharacterTextSplitter(1000, 200) + langchain_chroma.Chroma with the same
    embedder; on a fixed random 20 % of the files (seed 0) unless ``--langchain-share``
    says otherwise, its time scaled to the whole archive (stated in the table).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks import baseline
from benchmarks.common import (
    log,
    markdown_table,
    progress_log,
    shared,
    temp_home,
    write_results,
)

SEED = 0
QUERIES = 100
MODIFIED = 10


def copy_archive(source: Path, target: Path, limit: int | None) -> list[Path]:
    """Copy the issues (the first ``limit`` by date, then newsletter) keeping their folders."""
    files = sorted(source.rglob("*.md"), key=lambda p: (p.stem, p.parent.name))[:limit]
    copies = []
    for path in files:
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        copies.append(copy)
    return copies


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")  # 5 % steps
    return {"p50_ms": 1000 * statistics.median(samples), "p95_ms": 1000 * cuts[18], "n": len(samples)}


def timed(call: Any, args_list: list[Any]) -> list[float]:
    call(*args_list[0])  # warm-up
    times = []
    for args in args_list:
        started = time.perf_counter()
        call(*args)
        times.append(time.perf_counter() - started)
    return times


def make_queries(desk: Any) -> list[tuple[str, date]]:
    """Headlines of random stories with a third of their words dropped, and their dates."""
    rows = desk.catalog.db.execute(
        "SELECT headline, date FROM stories WHERE duplicate_of IS NULL AND kind != 'sponsor' "
        "AND length(headline) > 20 ORDER BY story_id"
    ).fetchall()
    rng = random.Random(SEED)
    queries = []
    for row in rng.sample(rows, min(QUERIES, len(rows))):
        words = row["headline"].split()
        keep = sorted(rng.sample(range(len(words)), min(len(words), max(3, len(words) - len(words) // 3))))
        queries.append((" ".join(words[i] for i in keep), date.fromisoformat(row["date"])))
    return queries


def search_latency(desk: Any) -> dict[str, Any]:
    queries = make_queries(desk)
    windows = {"no filter": None, "1 week": 6, "1 year": 364}
    collection, embedder = desk.vectors.collection, desk.embedder()

    def raw_chroma(text: str, where: dict | None) -> None:
        collection.query(query_embeddings=[embedder.embed_query(text)], n_results=10, where=where)

    results: dict[str, Any] = {"queries": [q for q, _ in queries]}
    for name, days in windows.items():
        spans = [(d - timedelta(days=days), d) if days is not None else (None, None) for _, d in queries]
        project = timed(lambda q, s, u: desk.search(q, k=10, since=s, until=u),
                        [(q, s, u) for (q, _), (s, u) in zip(queries, spans, strict=True)])  # fmt: skip
        wheres = [
            {"$and": [{"date_ord": {"$gte": int(f"{s:%Y%m%d}")}}, {"date_ord": {"$lte": int(f"{u:%Y%m%d}")}}]}
            if s is not None else None
            for s, u in spans
        ]  # fmt: skip
        chroma = timed(raw_chroma, [(q, w) for (q, _), w in zip(queries, wheres, strict=True)])
        results[name] = {"project": percentiles(project), "raw chroma": percentiles(chroma)}
    results["embed query"] = percentiles(timed(embedder.embed_query, [(q,) for q, _ in queries]))
    for mode in ("dense", "lexical"):  # where the unfiltered hybrid time goes
        results[f"{mode} only"] = percentiles(timed(lambda q, m=mode: desk.search(q, k=10, mode=m),
                                                    [(q,) for q, _ in queries]))  # fmt: skip
    return results


def modify_issues(files: list[Path]) -> list[str]:
    """Append a sentence to the first story summary (the paragraph after a story link) of 10
    random issues."""
    changed = []
    for path in random.Random(SEED).sample(files, min(MODIFIED, len(files))):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        after_story = False
        for i, line in enumerate(lines):
            if line.startswith("[###"):
                after_story = True
            elif after_story and line.strip():
                lines[i] = line.rstrip("\n") + " This summary was updated for a benchmark.\n"
                break
        path.write_text("".join(lines), encoding="utf-8")
        changed.append(str(path.relative_to(path.parents[1])))
    return changed


def run(limit: int | None, share: float) -> dict[str, Any]:
    from assistant import NewsAssistant

    source = shared("corpus/tldr")
    data: dict[str, Any] = {"limit": limit}
    with temp_home() as tmp:
        files = copy_archive(source, tmp / "tldr", limit)
        desk = NewsAssistant(home=tmp / "home")
        started = time.perf_counter()
        embedder = desk.embedder()
        data["model_load_seconds"] = time.perf_counter() - started
        log(f"(a) ingesting {len(files)} issues")
        started = time.perf_counter()
        report = desk.ingest([tmp / "tldr"], progress=progress_log())
        wall = time.perf_counter() - started
        data["ingest"] = {
            "issues": report.issues_added, "stories": report.stories_added, "chunks": report.chunks_added,
            "duplicates": report.duplicates, "sponsors": report.sponsors, "errors": len(report.errors),
            "seconds": wall, "stories_per_s": report.stories_added / wall,
            "chunks_per_s": report.chunks_added / wall, "peak_rss_mb": peak_rss_mb(),
        }  # fmt: skip
        log(f"(b) raw encode of {report.chunks_added} chunk texts")
        texts = [r[0] for r in desk.catalog.db.execute("SELECT text FROM chunks ORDER BY rowid")]
        started = time.perf_counter()
        embedder.embed(texts)
        raw = time.perf_counter() - started
        data["raw_encode"] = {"chunks": len(texts), "seconds": raw, "chunks_per_s": len(texts) / raw,
                              "ratio": wall / raw, "batch_size": desk.settings.embedding_batch_size}  # fmt: skip
        log("(d) no-op re-ingest")
        noop = NewsAssistant(home=tmp / "home").ingest([tmp / "tldr"])
        data["noop"] = {"seconds": noop.seconds, "files_skipped": noop.files_skipped, "files_read": noop.files_read}
        log("(e) re-ingest after modifying 10 issues")
        changed = modify_issues(files)
        again = NewsAssistant(home=tmp / "home").ingest([tmp / "tldr"])
        data["modified"] = {"files": changed, "seconds": again.seconds, "issues_updated": again.issues_updated,
                            "issues_added": again.issues_added, "chunks_added": again.chunks_added}  # fmt: skip
        log("(f) search latency")
        data["search"] = search_latency(NewsAssistant(home=tmp / "home"))
        log(f"(c) LangChain recipe on {share:.0%} of the files")
        data["langchain"] = baseline.ingest_files(files, share, tmp / "langchain", embedder)
    return data


def ok(met: bool) -> str:
    return "(met)" if met else "(NOT met)"


def render(d: dict[str, Any]) -> str:
    ing, raw, lc, s = d["ingest"], d["raw_encode"], d["langchain"], d["search"]
    scope = "full archive" if not d["limit"] else f"first {d['limit']} issues"
    lc_note = "" if lc["share"] >= 1 else f", measured on {lc['files']} files ({lc['share']:.0%}) and scaled"
    rows = [
        ["(a) full ingest", f"{ing['seconds']:.0f} s", f"{ing['issues']} issues, {ing['stories']} stories "
         f"({ing['duplicates']} duplicates, {ing['sponsors']} sponsors), {ing['chunks']} chunks"],
        ["(a) throughput", f"{ing['stories_per_s']:.1f} stories/s, {ing['chunks_per_s']:.1f} chunks/s",
         f"peak RSS {ing['peak_rss_mb']:.0f} MB; model loaded before ({d['model_load_seconds']:.1f} s)"],
        ["(b) raw encode, same chunks", f"{raw['seconds']:.0f} s ({raw['chunks_per_s']:.1f} chunks/s)",
         f"batch size {raw['batch_size']}, one call"],
        ["(b) ingest / raw encode", f"{raw['ratio']:.2f}", "target ≤ 1.15 " + ok(raw["ratio"] <= 1.15)
         + (" — below 1: the machine's load changed between the two runs" if raw["ratio"] < 1 else "")],
        ["(c) LangChain recipe ingest", f"{lc['seconds_scaled']:.0f} s", f"{lc['chunks_scaled']} chunks{lc_note}; "
         f"×{lc['seconds_scaled'] / ing['seconds']:.2f} the project's ingest time"],
        ["(d) no-op re-ingest", f"{d['noop']['seconds']:.1f} s",
         f"{d['noop']['files_skipped']} files skipped; target ≤ 15 s " + ok(d["noop"]["seconds"] <= 15)],
        ["(e) re-ingest, 10 issues modified", f"{d['modified']['seconds']:.1f} s",
         f"{d['modified']['issues_updated']} issues updated, {d['modified']['chunks_added']} chunks re-embedded; "
         f"×{d['modified']['seconds'] / max(d['noop']['seconds'], 1e-9):.1f} the no-op"],
    ]  # fmt: skip
    table = markdown_table(["measure", "value", "notes"], rows)
    base = s["no filter"]
    lat_rows = [
        [name, f"{r['project']['p50_ms']:.0f}", f"{r['project']['p95_ms']:.0f}",
         f"{r['project']['p50_ms'] / base['project']['p50_ms']:.2f}",
         f"{r['raw chroma']['p50_ms']:.0f}", f"{r['raw chroma']['p95_ms']:.0f}",
         f"{r['raw chroma']['p50_ms'] / base['raw chroma']['p50_ms']:.2f}"]
        for name, r in s.items() if "project" in r
    ]  # fmt: skip
    headers = ["filter", "newsdesk p50 ms", "p95 ms", "p50 / unfiltered", "raw Chroma p50 ms", "p95 ms",
               "p50 / unfiltered"]  # fmt: skip
    return (
        f"# Ingest and search speed — TLDR archive, {scope}\n\n{table}\n\n"
        f"## Search latency ({s['no filter']['project']['n']} queries, k=10)\n\n"
        + markdown_table(headers, lat_rows)
        + f"\n\nnewsdesk: `desk.search` (hybrid, RRF; dense + BM25 + catalog filter). Raw Chroma: "
        f"embed the query, then `collection.query(where=date_ord range)` on the same collection. "
        f"Embedding one query alone: p50 {s['embed query']['p50_ms']:.0f} ms"
        + "".join(f"; {m}, no filter: p50 {s[m]['p50_ms']:.0f} ms" for m in ("dense only", "lexical only") if m in s)
        + "."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser("python -m benchmarks speed", description=__doc__)
    parser.add_argument("--limit", type=int, help="only the first N issues (by date) for a quick check")
    parser.add_argument("--langchain-share", type=float, default=0.2, help="share of files for (c) (default 0.2)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = run(args.limit, args.langchain_share)
    data["seconds"] = time.perf_counter() - started
    write_results("speed" if not args.limit else f"speed-limit{args.limit}", render(data), data)
