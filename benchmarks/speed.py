"""Ingest speed on the TLDR archive (../shared/corpus/tldr, 2,917 issues).

The archive (or, with ``--limit N``, its first N issues by date) is copied under the
benchmarks' work dir (``NEWSDESK_BENCH_WORK``, default ``$TMPDIR/newsdesk-bench``), then, in
one process and in this order:
(a) full ingest into a fresh home, the embedding model loaded beforehand: wall and CPU time,
    stories/s, chunks/s, peak RSS of the process (``ru_maxrss``);
(b) baseline: the bare ``SentenceTransformer.encode`` (same model, same batch size) over exactly
    the same chunk texts read back from the catalog, in one call, and the bare ONNX session
    runs of the cross-lingual model (USE) over them; the ratio ingest / raw encode of both,
    in wall time and in CPU time (target ≤ 1.10, i.e. ≤ 10 % overhead; on a shared machine
    the CPU-time ratio is the steadier one), and to the retrieval model's encode alone;
(c) the standard LangChain recipe on the same files: TextLoader per file +
    RecursiveCharacterTextSplitter(1000, 200) + langchain_chroma.Chroma with the same
    embedder, on a fixed random 20 % of the files (seed 0) unless ``--langchain-share`` says
    otherwise, its time scaled to the whole archive, and its own ratio to a raw encode of
    its chunk texts;
(d) no-op re-ingest of the unchanged archive (target ≤ 15 s);
(e) re-ingest after appending a sentence to one story of 10 random issues (target:
    proportional to the 10 issues, not to the archive).

The home is left in the work dir: ``latency``, ``load`` and ``scale`` run on it.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path
from typing import Any

from benchmarks import baseline
from benchmarks.common import fresh_archive, log, mark_built, markdown_table, ok, progress_log, write_results

SEED = 0
MODIFIED = 10
TARGET_RATIO = 1.10


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


class Clock:
    """Wall and process CPU time (all threads) of a block."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


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

    root, files = fresh_archive(limit)
    archive, home = root / "tldr", root / "home"
    data: dict[str, Any] = {"limit": limit, "work_dir": str(root)}
    desk = NewsAssistant(home=home)
    started = time.perf_counter()
    embedder = desk.embedder()
    embedder.embed(["warm-up"])
    cross = desk.crosslingual_embedder() if desk.crosslingual else None
    if cross is not None:
        cross.embed(["warm-up"])
    data["model_load_seconds"] = time.perf_counter() - started
    log(f"(a) ingesting {len(files)} issues")
    with Clock() as ingest:
        report = desk.ingest([archive], progress=progress_log())
    data["ingest"] = {
        "issues": report.issues_added,
        "stories": report.stories_added,
        "chunks": report.chunks_added,
        "duplicates": report.duplicates,
        "sponsors": report.sponsors,
        "errors": len(report.errors),
        "seconds": ingest.wall,
        "cpu_seconds": ingest.cpu,
        "stories_per_s": report.stories_added / ingest.wall,
        "chunks_per_s": report.chunks_added / ingest.wall,
        "peak_rss_mb": peak_rss_mb(),
    }
    log(f"(b) raw encode of {report.chunks_added} chunk texts")
    texts = [r[0] for r in desk.catalog.db.execute("SELECT text FROM chunks ORDER BY rowid")]
    with Clock() as raw:
        baseline.raw_encode(embedder, texts)
    with Clock() as raw_cross:
        if cross is not None:
            baseline.raw_session_runs(cross, texts)
    wall, cpu = raw.wall + raw_cross.wall, raw.cpu + raw_cross.cpu
    data["raw_encode"] = {
        "chunks": len(texts),
        "seconds": raw.wall,
        "cpu_seconds": raw.cpu,
        "chunks_per_s": len(texts) / raw.wall,
        "crosslingual_seconds": raw_cross.wall,
        "crosslingual_cpu_seconds": raw_cross.cpu,
        "ratio": ingest.wall / wall,
        "cpu_ratio": ingest.cpu / cpu,
        "retrieval_only_ratio": ingest.wall / raw.wall,
        "retrieval_only_cpu_ratio": ingest.cpu / raw.cpu,
        "batch_size": embedder.batch_size,
        "crosslingual_batch_size": cross.batch_size if cross is not None else 0,
    }
    del texts
    desk.close()
    mark_built(root)  # the home is complete: latency, load and scale may use it
    log(f"(c) LangChain recipe on {share:.0%} of the files")
    data["langchain"] = baseline.ingest_files(files, share, root / "langchain", embedder)
    log("(d) no-op re-ingest")
    noop = NewsAssistant(home=home).ingest([archive])
    data["noop"] = {"seconds": noop.seconds, "files_skipped": noop.files_skipped, "files_read": noop.files_read}
    log("(e) re-ingest after modifying 10 issues")
    changed = modify_issues(files)
    again = NewsAssistant(home=home).ingest([archive])
    data["modified"] = {
        "files": changed,
        "seconds": again.seconds,
        "issues_updated": again.issues_updated,
        "issues_added": again.issues_added,
        "chunks_added": again.chunks_added,
    }
    return data


def render(d: dict[str, Any]) -> str:
    ing, raw, lc = d["ingest"], d["raw_encode"], d["langchain"]
    scope = "full archive" if not d["limit"] else f"first {d['limit']} issues"
    lc_note = "" if lc["share"] >= 1 else f"; measured on {lc['files']} files ({lc['share']:.0%}) and scaled"
    per_chunk = ing["seconds"] / max(ing["chunks"], 1)
    rows = [
        [
            "(a) full ingest",
            f"{ing['seconds']:.0f} s wall, {ing['cpu_seconds']:.0f} s CPU",
            f"{ing['issues']} issues, {ing['stories']} stories ({ing['duplicates']} duplicates, "
            f"{ing['sponsors']} sponsors), {ing['chunks']} chunks, {ing['errors']} errors",
        ],
        [
            "(a) throughput",
            f"{ing['stories_per_s']:.1f} stories/s, {ing['chunks_per_s']:.1f} chunks/s",
            f"model loaded before ({d['model_load_seconds']:.1f} s)",
        ],
        ["(a) peak RSS", f"{ing['peak_rss_mb']:.0f} MB", "target ≤ 3,072 MB " + ok(ing["peak_rss_mb"] <= 3072)],
        [
            "(b) raw encode, same chunks",
            f"{raw['seconds']:.0f} s wall, {raw['cpu_seconds']:.0f} s CPU",
            f"{raw['chunks_per_s']:.1f} chunks/s; batch size {raw['batch_size']}, "
            "one `SentenceTransformer.encode` call",
        ],
        [
            "(b) raw cross-lingual encode (USE), same chunks",
            f"{raw.get('crosslingual_seconds', 0):.0f} s wall, {raw.get('crosslingual_cpu_seconds', 0):.0f} s CPU",
            f"the bare ONNX session runs, batches of {raw.get('crosslingual_batch_size', 32)} in the catalog's order "
            "(0 when there is no such model)",
        ],
        [
            "(b) ingest / raw encode of both",
            f"{raw['cpu_ratio']:.2f} CPU, {raw['ratio']:.2f} wall",
            f"target ≤ {TARGET_RATIO:.2f} "
            + ok(raw["cpu_ratio"] <= TARGET_RATIO)
            + f"; to the retrieval model's alone: {raw.get('retrieval_only_cpu_ratio', raw['cpu_ratio']):.2f} CPU, "
            f"{raw.get('retrieval_only_ratio', raw['ratio']):.2f} wall",
        ],
        [
            "(c) LangChain recipe ingest",
            f"{lc['seconds_scaled']:.0f} s wall, {lc['cpu_seconds_scaled']:.0f} s CPU",
            f"{lc['chunks_scaled']} chunks{lc_note}; ×{lc['seconds_scaled'] / ing['seconds']:.2f} the project's "
            f"ingest time, {lc['chunks'] / lc['seconds']:.1f} chunks/s",
        ],
        [
            "(c) LangChain recipe / raw encode",
            f"{lc['cpu_ratio']:.2f} CPU, {lc['ratio']:.2f} wall",
            "its own chunk texts, encoded raw in one call",
        ],
        [
            "(d) no-op re-ingest",
            f"{d['noop']['seconds']:.1f} s",
            f"{d['noop']['files_skipped']} files skipped; target ≤ 15 s " + ok(d["noop"]["seconds"] <= 15),
        ],
        [
            "(e) re-ingest, 10 issues modified",
            f"{d['modified']['seconds']:.1f} s",
            f"{d['modified']['issues_updated']} issues updated, {d['modified']['chunks_added']} chunks re-embedded "
            f"(≈ {d['modified']['chunks_added'] * per_chunk:.1f} s at the full ingest's pace) "
            f"+ the no-op scan ({d['noop']['seconds']:.1f} s)",
        ],
    ]
    return f"# Ingest speed — TLDR archive, {scope}\n\n" + markdown_table(["measure", "value", "notes"], rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser("python -m benchmarks speed", description=__doc__)
    parser.add_argument("--limit", type=int, help="only the first N issues (by date) for a quick check")
    parser.add_argument("--langchain-share", type=float, default=0.2, help="share of files for (c) (default 0.2)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = run(args.limit, args.langchain_share)
    data["seconds"] = time.perf_counter() - started
    write_results("speed" if not args.limit else f"speed-limit{args.limit}", render(data), data)
