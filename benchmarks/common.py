"""What every benchmark shares: data paths, temporary homes, metrics, result files.

Benchmarks read real data from ``../shared`` (next to the repository) and never write
inside the repository except under ``benchmarks/results/``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
RESULTS = Path(__file__).resolve().parent / "results"
KS = (1, 5, 10)


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


def squash(text: str) -> str:
    """Whitespace-normalised text, for matching a support phrase inside a story."""
    return re.sub(r"\s+", " ", text).strip()


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


def write_results(name: str, markdown: str, data: dict[str, Any]) -> None:
    """results/<name>.md and results/<name>.json; the table is printed too."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = environment()
    stamp = f"_{env['date']}, commit {env['commit']}, {env['cpus']} CPUs, Python {env['python']}._\n"
    (RESULTS / f"{name}.md").write_text(markdown.rstrip() + "\n\n" + stamp, encoding="utf-8")
    payload = {"benchmark": name, "environment": env, **data}
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown)
    print(f"\n(written to {RESULTS / name}.md and .json)")


def langchain_embeddings(embedder: Any) -> Any:
    """The project's embedder as a LangChain ``Embeddings`` (same model, same batch size)."""
    from langchain_core.embeddings import Embeddings

    class ProjectEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    return ProjectEmbeddings()


def langchain_chroma(directory: Path, embeddings: Any) -> Any:
    """The standard LangChain vector store, persisted in ``directory``, telemetry off."""
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma

    return Chroma(
        collection_name="langchain",
        embedding_function=embeddings,
        persist_directory=str(directory),
        client_settings=ChromaSettings(anonymized_telemetry=False, is_persistent=True),
    )
