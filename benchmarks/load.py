"""The server under load: cold start, concurrent search + ask, the same during an ingest, RSS.

``python -m benchmarks.load --home HOME [--clients 20] [--seconds 60] [--ingest DIR_OR_FILES…]
[--ingest-limit 100]`` starts ``newsdesk --home HOME serve`` on a free loopback port, then:

1. **cold start**: time from spawning the process to the first successful ``POST /api/ask``
   (``/api/health`` polled every 0.1 s until it answers, then one question); target ≤ 10 s.
2. **phase 1**: ``--clients`` asyncio clients (httpx) for ``--seconds`` s, each in a loop
   without think time, mixing ``GET /api/search`` (k=10) and ``POST /api/ask`` (the configured
   answerer, extractive by default) 3 : 1. Queries are headlines of random stories of the home
   (fixed seed) with a third of their words dropped; questions are "What about …?" built the
   same way. Reported: requests/s, p50/p95/max latency per endpoint and overall, errors
   (non-2xx or exception); targets: zero errors, p95 ≤ 1 s.
3. **phase 2** (with ``--ingest``): the same load while the issues of ``--ingest`` (the first
   ``--ingest-limit`` by date whose content the home does not hold yet) are uploaded through
   the same server (``POST /api/issues``, ``--ingest-batch`` files per request, one request
   after the other). The load lasts ``--seconds`` s or until 2.5 s after the ingest is done,
   whichever is later. Targets: zero failed reads; no read sees a half-ingested issue — see below.
4. **RSS** of the server process (VmRSS of it and of its children, from /proc) every 0.25 s
   during the whole run; target: peak ≤ 1.5 GB.

"No read sees a half-ingested issue", as checked here. An issue is *ingesting* when it was
not listed by ``GET /api/issues`` before phase 2. During phase 2 every read that names an
ingesting issue is an *observation*: a search hit, an answer's source or citation, a row of
``GET /api/issues`` (polled every second by a watcher) or a story fetched with
``GET /api/stories/{id}``. Half of phase 2's search queries are built from the headlines of the
files being uploaded, so searches do reach the new issues. When a search returns stories of
ingesting issues, the client fetches the first of them at once (a ``story`` read), and the
watcher fetches the first story of every new issue the first time it is listed. Once the
ingest is over, every new issue's final story set is read; an observation is *incomplete*
when its issue is not among the issues added, when a story read or issue row gives a story
count different from the final one (``issue_stories`` + 1 for a story read, ``stories`` for
a row), when the named story is not one of its issue's final stories, or when a story a
search returned is then not found (404). The story endpoint reads the story and its siblings
on one connection right away, so a half-written issue would show there as a short sibling
list; hits and sources are checked against the final story set (a hit on a story that does
not exist at the end, or that belongs to an issue never completed, would be caught).

Without ``--in-place``, a home that phase 2 would write to is first copied to a temporary
directory (the copy is not timed), so the archive given is left as it was. When the files
given hold fewer than ``--ingest-limit`` issues new to the home (e.g. the full TLDR archive
home, which holds them all), the difference is made up with the latest issues it does hold:
they are deleted from the copy before the server starts and uploaded again in phase 2
(``--no-reingest`` to upload only new ones).

Without ``--home``, the TLDR archive home of ``benchmarks.common.built_archive`` is used
(``--limit N``: the one of the first N issues, as ``speed --limit N`` builds it), and phase 2
takes its issues from ``../shared/corpus/tldr``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import httpx

from benchmarks.common import log, write_results
from benchmarks.load_report import TARGET_COLD_START_S, TARGET_P95_S, TARGET_RSS_MB, ms, render
from benchmarks.load_traffic import (
    MIX,
    REQUEST_TIMEOUT_S,
    SEED,
    auth_headers,
    headlines_from_home,
    headlines_of_files,
    ingest_phase,
    load_phase,
    make_workload,
)
from benchmarks.rss import RssSampler


# -- the files phase 2 uploads -----------------------------------------------------------
def ingest_files(given: Sequence[str | Path], home: Path, limit: int) -> tuple[list[Path], dict[Path, list[str]]]:
    """The issue files of ``given`` by date (then folder): the first ``limit`` whose content the home
    does not hold yet, and the others before them with the ids of the home's issues that hold it.
    Files with no story (the TLDR archive has two empty ones) are left out."""
    from index.ingest.readers import READERS, list_files, read_file
    from index.model import content_hash

    files, _ = list_files(given)
    files = sorted((f for f in files if f.suffix.lower() in READERS), key=lambda p: (p.stem, p.parent.name))
    with sqlite3.connect(f"file:{home / 'catalog.sqlite3'}?mode=ro", uri=True) as db:
        held: dict[str, list[str]] = {}
        for issue_id, digest in db.execute("SELECT issue_id, content_hash FROM issues WHERE state = 'indexed'"):
            held.setdefault(digest, []).append(issue_id)
    new: list[Path] = []
    already: dict[Path, list[str]] = {}
    for path in files:
        if len(new) >= limit:  # enough: the others need not be read
            break
        issues = [i for i in read_file(path).issues if i.stories]
        if not issues:  # an empty or unreadable file: its upload would add nothing
            continue
        digests = [content_hash(i.raw) for i in issues]
        if all(d in held for d in digests):
            already[path] = [i for d in digests for i in held[d]]
        else:
            new.append(path)
    return new, already


def choose_ingest(
    new: list[Path], already: dict[Path, list[str]], limit: int, reingest: bool
) -> tuple[list[Path], list[str]]:
    """``limit`` files to upload: the first new ones, then (with ``reingest``) the latest of those the
    home already holds, whose issues are then to be removed from the served copy first."""
    chosen = new[:limit]
    if len(chosen) >= limit or not reingest:
        return chosen, []
    again = list(already)[-(limit - len(chosen)) :] if limit > len(chosen) else []
    return chosen + again, sorted({i for path in again for i in already[path]})


def remove_issues(home: Path, issue_ids: Sequence[str]) -> None:
    """Delete issues from a (copied) home, in a child process so no Chroma client stays open here."""
    code = (
        "import sys; from assistant import NewsAssistant\n"
        "desk = NewsAssistant(home=sys.argv[1])\n"
        "for issue_id in sys.argv[2:]: desk.delete_issue(issue_id)\n"
        "desk.close()"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.pop("NEWSDESK_HOME", None)
    subprocess.run([sys.executable, "-c", code, str(home), *issue_ids], check=True, env=env)


# -- the server ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_command(home: Path, port: int) -> list[str]:
    script = Path(sys.executable).with_name("newsdesk")
    start = [str(script)] if script.exists() else [sys.executable, "-c", "from ui.cli import main; main()"]
    return [*start, "--home", str(home), "serve", "--host", "127.0.0.1", "--port", str(port)]


def cold_start(
    process: subprocess.Popen, base_url: str, spawned: float, question: str, limit: float = 300.0
) -> dict[str, Any]:
    """Seconds from spawn to /api/health answering, and to the first successful answer."""
    health = None
    with httpx.Client(base_url=base_url, headers=auth_headers()) as http:
        while health is None:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with code {process.returncode} before answering (see its log)")
            if time.perf_counter() - spawned > limit:
                raise SystemExit(f"the server did not answer /api/health within {limit:.0f} s")
            try:
                if http.get("/api/health", timeout=1).status_code == 200:
                    health = time.perf_counter() - spawned
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        attempts = 0
        while True:
            attempts += 1
            response = http.post("/api/ask", json={"question": question}, timeout=limit)
            if response.status_code == 200:
                break
            if attempts >= 3:
                raise SystemExit(f"POST /api/ask failed: HTTP {response.status_code} {response.text[:300]}")
    return {"health_s": health, "first_answer_s": time.perf_counter() - spawned, "ask_attempts": attempts}


def copy_home(home: Path, target: Path) -> Path:
    shutil.copytree(home, target, ignore=shutil.ignore_patterns("uploads", "write.lock"))
    return target


def server_log_findings(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    lines = text.splitlines()
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "database_locked": text.count("database is locked"),
        "error_lines": sum("ERROR" in line for line in lines),
        "tail": lines[-60:] if "Traceback" in text or "ERROR" in text else [],
    }


# -- report ----------------------------------------------------------------------------------
def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--home", type=Path, help="an already indexed newsdesk home")
    where.add_argument(
        "--limit",
        type=int,
        help="the TLDR archive home of the first N issues (speed --limit N); "
        "without --home or --limit: the full TLDR archive home",
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds per phase (phase 2: at least)")
    parser.add_argument(
        "--ingest",
        nargs="*",
        type=Path,
        default=None,
        help="issue files or folders for phase 2 (default with --limit or no --home: "
        "../shared/corpus/tldr); those the home already holds are skipped",
    )
    parser.add_argument("--ingest-limit", type=int, default=100, help="issues to upload in phase 2 (0: no phase 2)")
    parser.add_argument("--ingest-batch", type=int, default=10, help="files per upload request")
    parser.add_argument("--in-place", action="store_true", help="let phase 2 write into HOME instead of a copy")
    parser.add_argument(
        "--no-reingest",
        dest="reingest",
        action="store_false",
        help="upload only issues new to the home (by default, when fewer than --ingest-limit "
        "are new, the latest it holds are removed from the copy and uploaded again)",
    )
    parser.add_argument("--queries", type=int, default=200, help="distinct search queries (fixed seed)")
    parser.add_argument("--name", help="results/<name>.md|.json (default: load, or load-limitN)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ingest_given = args.ingest
    if args.home is not None:
        home = args.home.resolve()
    else:
        from benchmarks.common import built_archive, shared

        home = built_archive(args.limit) / "home"
        if ingest_given is None:
            ingest_given = [shared("corpus/tldr")]
    name = args.name or ("load" if not args.limit else f"load-limit{args.limit}")
    if not (home / "catalog.sqlite3").exists():
        raise SystemExit(f"{home} holds no newsdesk catalog; index it first (`newsdesk --home {home} ingest …`)")
    files: list[Path] = []
    removed: list[str] = []
    new_count = 0
    if ingest_given and args.ingest_limit > 0:
        new, already = ingest_files(ingest_given, home, args.ingest_limit)
        files, removed = choose_ingest(new, already, args.ingest_limit, args.reingest and not args.in_place)
        new_count = sum(f not in already for f in files)
        log(
            f"phase 2 will upload {len(files)} issue files: {new_count} new to the home, "
            f"{len(files) - new_count} it holds (their {len(removed)} issues removed from the copy first)"
        )
        if not files:
            raise SystemExit("--ingest gave no issue file to upload")
    workload = make_workload(headlines_from_home(home), args.queries)
    workload.extra_searches = make_workload(headlines_of_files(files), args.queries, SEED + 1).searches if files else []
    with tempfile.TemporaryDirectory(prefix="newsdesk-load-") as scratch:
        served = home
        if files and not args.in_place:
            log(f"copying {home} (phase 2 writes to the copy; --in-place to skip)")
            served = copy_home(home, Path(scratch) / "home")
            if removed:
                log(f"removing {len(removed)} issues from the copy, to upload them again in phase 2")
                remove_issues(served, removed)
        server_log = Path(scratch) / "server.log"
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
        env.pop("NEWSDESK_HOME", None)
        log(f"starting {' '.join(serve_command(served, port))}")
        with open(server_log, "w") as sink:
            spawned = time.perf_counter()
            process = subprocess.Popen(serve_command(served, port), env=env, stdout=sink, stderr=subprocess.STDOUT)
        rss = RssSampler(process.pid).start()
        try:
            cold = cold_start(process, base_url, spawned, workload.questions[0])
            log(f"cold start: health after {cold['health_s']:.1f} s, first answer after {cold['first_answer_s']:.1f} s")
            with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT_S, headers=auth_headers()) as http:
                home_stats = http.get("/api/stats").json()
                answerer = http.get("/api/health").json().get("answerer")
            log(f"phase 1: {args.clients} clients, {args.seconds:.0f} s")
            t1 = time.monotonic()
            phase1 = asyncio.run(load_phase(base_url, workload, args.clients, args.seconds))
            phase1["rss_peak_mb"] = rss.peak(t1)
            log(
                f"phase 1: {phase1['overall']['rps']:.1f} req/s, p95 {ms(phase1['overall']['p95_s'])}, "
                f"{phase1['errors']} errors"
            )
            phase2 = None
            if files:
                log(f"phase 2: {args.clients} clients while {len(files)} issues are uploaded")
                t2 = time.monotonic()
                phase2 = asyncio.run(
                    ingest_phase(base_url, workload, args.clients, args.seconds, files, args.ingest_batch)
                )
                phase2["rss_peak_mb"] = rss.peak(t2)
                log(
                    f"phase 2: {phase2['overall']['rps']:.1f} req/s, {phase2['failed_reads']} failed reads, "
                    f"{phase2['consistency']['reads_seeing_incomplete_issues']} incomplete"
                )
        finally:
            rss.stop()
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        findings = server_log_findings(server_log)
    data: dict[str, Any] = {
        "config": {
            "home": str(home),
            "served_copy": served != home,
            "clients": args.clients,
            "seconds": args.seconds,
            "mix": "/".join(MIX),
            "queries": len(workload.searches),
            "questions": len(workload.questions),
            "ingest_files": len(files),
            "ingest_new_to_home": new_count,
            "ingest_removed_first": removed,
            "ingest_batch": args.ingest_batch,
        },
        "targets": {"p95_s": TARGET_P95_S, "cold_start_s": TARGET_COLD_START_S, "rss_mb": TARGET_RSS_MB, "errors": 0},
        "home_stats": home_stats,
        "answerer": answerer,
        "cold_start": cold,
        "phase1": phase1,
        "phase2": phase2,
        "rss": {
            "peak_mb": rss.peak(),
            "samples": len(rss.samples),
            "timeline_mb": [round(mb) for _, mb in rss.samples[:: max(1, len(rss.samples) // 200)]],
        },
        "server_log": findings,
    }
    write_results(name, render(data), data)
    return data


if __name__ == "__main__":
    main()
