"""What every benchmark shares: data paths, temporary homes, metrics, result files.

Benchmarks read real data from ``../shared`` (next to the repository) and never write
inside the repository except under ``benchmarks/results/``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
RESULTS = Path(__file__).resolve().parent / "results"
# Homes that outlive one benchmark (the TLDR archive home is built by ``speed`` and read by
# ``latency``, ``load`` and ``scale``): outside the repository, overridable.
WORK = Path(os.environ.get("NEWSDESK_BENCH_WORK", Path(tempfile.gettempdir()) / "newsdesk-bench"))
KS = (1, 5, 10)
DEPTH = 10  # stories returned per question: recall@10 and MRR@10


class MissingData(Exception):
    """Shared data a benchmark needs is absent (a user's clone has no ../shared)."""


def shared(relative: str) -> Path:
    """A path under ../shared, or ``MissingData`` naming what is missing."""
    path = SHARED / relative
    if not path.exists():
        raise MissingData(
            f"{path} not found: this benchmark reads the shared data in ../shared next to the "
            "repository (see benchmarks/README.md); skipped."
        )
    return path


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def progress_log() -> Any:
    """An ingest progress callback that logs about every 10%."""
    shown = [-1]

    def progress(done: int, total: int) -> None:
        if total and done * 10 // total > shown[0]:
            shown[0] = done * 10 // total
            log(f"  ingest: {done}/{total} stories")

    return progress


@contextmanager
def temp_home(prefix: str = "newsdesk-bench-") -> Iterator[Path]:
    """A throw-away NewsAssistant home (never inside the repository)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as path:
        yield Path(path)


# -- the TLDR archive home shared by speed, latency, load and scale ----------------------------
def archive_root(limit: int | None) -> Path:
    """Where the TLDR archive (or its first ``limit`` issues) and its home live: root/tldr, root/home."""
    return WORK / (f"tldr-first{limit}" if limit else "tldr-all")


def fresh_archive(limit: int | None) -> tuple[Path, list[Path]]:
    """An empty home beside a copy of the issues (the first ``limit`` by date, then newsletter)."""
    import shutil

    source = shared("corpus/tldr")
    root = archive_root(limit)
    shutil.rmtree(root, ignore_errors=True)
    files = sorted(source.rglob("*.md"), key=lambda p: (p.stem, p.parent.name))[:limit]
    copies = []
    for path in files:
        copy = root / "tldr" / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        copies.append(copy)
    return root, copies


def mark_built(root: Path) -> None:
    (root / "built").write_text(time.strftime("%Y-%m-%d %H:%M:%S") + "\n", encoding="utf-8")


def built_archive(limit: int | None) -> Path:
    """The archive home left by ``speed``, or built now (untimed) when there is none."""
    root = archive_root(limit)
    if not (root / "built").exists():
        from assistant import NewsAssistant

        root, files = fresh_archive(limit)
        log(f"building the TLDR archive home in {root} ({len(files)} issues)")
        NewsAssistant(home=root / "home").ingest([root / "tldr"], progress=progress_log())
        mark_built(root)
    return root


def squash(text: str) -> str:
    """Whitespace-normalised text, for matching a support phrase inside a story."""
    return re.sub(r"\s+", " ", text).strip()


StoryRow = tuple[str, str, str | None, str | None]  # story_id, "headline\nbody", duplicate_of, url


def catalog_stories(desk: Any) -> list[StoryRow]:
    """Every story of a NewsAssistant home, from its catalog."""
    rows = desk.catalog.db.execute("SELECT story_id, headline, body, duplicate_of, url FROM stories")
    return [(r["story_id"], f"{r['headline']}\n{r['body']}", r["duplicate_of"], r["url"]) for r in rows]


def canonical_url(url: str | None) -> str | None:
    """``url`` without tracking parameters (``utm_*``), fragment and trailing slash: TLDR links
    one article as ``?utm_source=tldrai`` in TLDR AI and ``?utm_source=tldrnewsletter`` in
    TLDR, and a story linking the same article answers the same question."""
    if not url:
        return url
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_")])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), query, ""))


def gold_stories(gold: list[dict[str, str]], stories: list[StoryRow]) -> set[str]:
    """The stories a QA item's gold names — by ``story_id``, ``url`` (the same article: see
    ``canonical_url``) or a ``support`` phrase of the story's headline+body — and the
    originals of those that are re-runs (a duplicate is never returned by search: a hit on
    its original counts)."""
    found: set[str] = set()
    for item in gold:
        if "story_id" in item:
            found.add(item["story_id"])
        elif "url" in item:
            wanted = canonical_url(item["url"])
            found |= {sid for sid, _, _, url in stories if canonical_url(url) == wanted}
        elif "support" in item:
            phrase = squash(item["support"])
            found |= {sid for sid, text, _, _ in stories if phrase in squash(text)}
    return found | {dup for sid, _, dup, _ in stories if sid in found and dup}


# -- metrics ---------------------------------------------------------------------------------
def first_rank(ranked: Sequence[str], gold: set[str]) -> int | None:
    """1-based rank of the first gold item in ``ranked``, None if absent."""
    return next((n for n, item in enumerate(ranked, start=1) if item in gold), None)


def summarize(ranks: Sequence[int | None], ks: Sequence[int] = KS) -> dict[str, float]:
    """recall@k for each k and MRR (over the ranks given, i.e. MRR@max depth retrieved)."""
    n = len(ranks)
    out: dict[str, float] = {"n": n}
    for k in ks:
        out[f"recall@{k}"] = sum(r is not None and r <= k for r in ranks) / n if n else 0.0
    out["mrr"] = sum(1.0 / r for r in ranks if r) / n if n else 0.0
    return out


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50/p95 in milliseconds of durations in seconds."""
    cuts = statistics.quantiles(samples, n=20, method="inclusive")  # 5 % steps
    return {"p50_ms": 1000 * statistics.median(samples), "p95_ms": 1000 * cuts[18], "n": len(samples)}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ok(met: bool) -> str:
    return "(met)" if met else "(NOT met)"


# -- output --------------------------------------------------------------------------------
def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(value: Any) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    """Enough context to compare figures between machines and commits."""
    packages: dict[str, str | None] = {}
    for name in ("chromadb", "sentence-transformers", "torch", "langchain-chroma", "onnxruntime"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "commit": commit,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "packages": packages,
    }


def write_results(name: str, markdown: str, data: dict[str, Any], echo: bool = True) -> None:
    """results/<name>.md and results/<name>.json; the table is printed too."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = environment()
    stamp = f"_{env['date']}, commit {env['commit']}, {env['cpus']} CPUs, Python {env['python']}._\n"
    (RESULTS / f"{name}.md").write_text(markdown.rstrip() + "\n\n" + stamp, encoding="utf-8")
    payload = {"benchmark": name, "environment": env, **data}
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if echo:
        print(markdown)
        print(f"\n(written to {RESULTS / name}.md and .json)")
