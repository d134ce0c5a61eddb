"""kill -9 and Ctrl-C at random moments of an ingest (``python -m benchmarks.faults``).

The archive — the first ``--limit`` issues (by date) of ../shared/corpus/tldr when present,
else samples/archive (``--corpus samples`` forces it) — is copied to a temp dir and never
touched in place. A reference home is ingested without interruption by the same command;
its wall time T bounds the kill moments. Then, for SIGKILL and for SIGINT (Ctrl-C), for each
of ``--kills`` moments drawn uniformly in (0, T) with a fixed seed, on a fresh home:

1. ``newsdesk ingest`` is started as a subprocess and sent the signal at that moment; when
   the ingest had already finished (the machine got faster than during the reference run),
   the moment is halved and the trial starts over on a fresh home (at most ``RETRIES`` times);
2. what it left is read from the catalog without opening the home (indexed and pending
   issues); for SIGINT: the exit code, the last line on stderr, whether a traceback shows;
3. ``newsdesk check --json`` opens the home (which repairs what was half-written when no
   one is writing) and checks catalog against vector store: it must pass;
4. ``newsdesk ingest`` runs again to completion; ``newsdesk check`` must pass, and the
   catalog (issues, stories with their reprint links, chunk ids) must equal the reference.

Small write batches (``--batch`` chunks, default 8) give many pending → indexed steps for a
signal to land between.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import SAMPLES, SHARED, log, markdown_table, temp_home, write_results

SEED = 0
RETRIES = 3  # halvings of a moment that came after the ingest had finished
SIGNALS = {"SIGKILL": signal.SIGKILL, "SIGINT": signal.SIGINT}
COMMAND = [sys.executable, "-c", "from ui.cli import main; main()"]


@dataclass
class Trial:
    """One interrupted ingest and what followed."""

    signal: str
    moment_s: float
    attempts: int = 1  # 2+: earlier moments came after the ingest had finished, and were halved
    finished_first: bool = False  # the ingest ended before the signal was sent (after all retries)
    exit_code: int | None = None
    indexed_at_kill: int = 0
    pending_at_kill: int = 0  # half-written issues left behind, before any repair
    traceback: bool = False
    last_line: str = ""
    check_after_kill: bool = False
    problems_after_kill: list[str] = field(default_factory=list)
    resume_seconds: float = 0.0
    check_after_resume: bool = False
    same_as_reference: bool = False


# -- the archive ------------------------------------------------------------------------------
def copy_archive(corpus: str, limit: int, target: Path) -> Path:
    """A private copy of the archive to ingest (the shared corpus is read-only)."""
    if corpus == "samples":
        shutil.copytree(SAMPLES / "archive", target / "archive")
        return target / "archive"
    source = SHARED / "corpus" / "tldr"
    files = sorted(source.rglob("*.md"), key=lambda p: (p.stem, p.parent.name))[:limit]
    for path in files:
        copy = target / "archive" / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
    return target / "archive"


# -- running newsdesk ---------------------------------------------------------------------------
def environment(home: Path, batch: int) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSDESK_HOME": str(home),
        "NEWSDESK_INGEST_BATCH_CHUNKS": str(batch),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }


def newsdesk(home: Path, batch: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], env=environment(home, batch), capture_output=True, text=True, timeout=3600)


def start_ingest(home: Path, batch: int, archive: Path) -> subprocess.Popen[str]:
    """As a user starts it in a terminal: SIGINT raises KeyboardInterrupt (a background
    shell would have the child ignore it)."""
    return subprocess.Popen(
        [*COMMAND, "ingest", str(archive)],
        env=environment(home, batch),
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def catalog_rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    """Read the catalog without opening the home through newsdesk (which would repair it)."""
    path = home / "catalog.sqlite3"
    if not path.exists():
        return []
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as db:
            return db.execute(sql).fetchall()
    except sqlite3.OperationalError:  # the file exists, its schema not yet
        return []


def fingerprint(home: Path) -> dict[str, list[Any]]:
    return {
        "issues": sorted(catalog_rows(home, "SELECT issue_id, state FROM issues")),
        "stories": sorted(catalog_rows(home, "SELECT story_id, coalesce(duplicate_of, '') FROM stories")),
        "chunks": sorted(catalog_rows(home, "SELECT chunk_id FROM chunks")),
    }


def check(home: Path, batch: int) -> tuple[bool, list[str]]:
    """``newsdesk check --json``: passed, and the problems' messages."""
    done = newsdesk(home, batch, "check", "--json")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return False, [done.stderr.strip()[-300:]]
    return done.returncode == 0 and report["ok"], [p["description"] for p in report["problems"]]


# -- one trial ----------------------------------------------------------------------------------
def interrupt(home: Path, batch: int, archive: Path, name: str, moment: float) -> Trial:
    """Start an ingest, send the signal ``moment`` seconds in, record what it left."""
    trial = Trial(signal=name, moment_s=round(moment, 2))
    process = start_ingest(home, batch, archive)
    started = time.monotonic()
    while time.monotonic() - started < moment and process.poll() is None:
        time.sleep(0.01)
    trial.finished_first = process.poll() is not None
    if not trial.finished_first:
        process.send_signal(SIGNALS[name])
    try:
        _, stderr = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:  # Ctrl-C did not stop it: a finding, then stop it for good
        process.kill()
        _, stderr = process.communicate()
        stderr += "\n(no exit 300 s after the signal)"
    trial.exit_code = process.returncode
    # A Ctrl-C that lands once the command is done (while the process tears down) is ignored:
    # exit 0, everything in. It came after the ingest, like a signal sent after the exit.
    trial.finished_first = trial.finished_first or (name == "SIGINT" and process.returncode == 0)
    trial.traceback = "Traceback" in stderr
    trial.last_line = (stderr.strip().splitlines() or [""])[-1][:200]
    trial.indexed_at_kill = len(catalog_rows(home, "SELECT 1 FROM issues WHERE state = 'indexed'"))
    trial.pending_at_kill = len(catalog_rows(home, "SELECT 1 FROM issues WHERE state = 'pending'"))
    return trial


def run_trial(name: str, moment: float, archive: Path, batch: int, reference: dict[str, list[Any]]) -> Trial:
    with temp_home("newsdesk-faults-") as home:
        trial = interrupt(home, batch, archive, name, moment)
        for attempt in range(2, RETRIES + 2):
            if not trial.finished_first:
                break
            moment /= 2
            shutil.rmtree(home)
            trial = interrupt(home, batch, archive, name, moment)
            trial.attempts = attempt
        trial.check_after_kill, trial.problems_after_kill = check(home, batch)
        started = time.perf_counter()
        resumed = newsdesk(home, batch, "ingest", str(archive))
        trial.resume_seconds = round(time.perf_counter() - started, 1)
        trial.check_after_resume = resumed.returncode == 0 and check(home, batch)[0]
        trial.same_as_reference = fingerprint(home) == reference
    checked = "ok" if trial.check_after_kill else "FAILED"
    same = "identical" if trial.same_as_reference else "DIFFERENT"
    log(
        f"  {name} at {moment:5.1f}s (attempt {trial.attempts}): exit {trial.exit_code}, "
        f"{trial.indexed_at_kill} indexed, {trial.pending_at_kill} pending; check {checked}; "
        f"resumed in {trial.resume_seconds}s, {same}"
    )
    return trial


# -- report -----------------------------------------------------------------------------------
def clean_exit(trial: Trial) -> bool:
    """Ctrl-C: exit 130, one line saying what to do, no traceback."""
    return trial.exit_code == 130 and not trial.traceback and trial.last_line.startswith("interrupted:")


def summary_rows(trials: list[Trial]) -> list[list[Any]]:
    rows = []
    for name in SIGNALS:
        mine = [t for t in trials if t.signal == name]
        signalled = [t for t in mine if not t.finished_first]
        n = len(mine)
        rows.append(
            [
                name,
                n,
                len(signalled),
                sum(t.indexed_at_kill > 0 for t in signalled),
                sum(t.pending_at_kill > 0 for t in signalled),
                f"{sum(t.check_after_kill for t in mine)}/{n}",
                f"{sum(t.check_after_resume for t in mine)}/{n}",
                f"{sum(t.same_as_reference for t in mine)}/{n}",
                f"{sum(clean_exit(t) for t in signalled)}/{len(signalled)}" if name == "SIGINT" else "—",
            ]
        )
    return rows


def render(corpus: str, files: int, reference_s: float, counts: dict[str, int], trials: list[Trial]) -> str:
    summary = markdown_table(
        [
            "signal",
            "trials",
            "signalled",
            "some issues in",
            "left pending",
            "check after kill",
            "check after resume",
            "same as reference",
            "clean Ctrl-C exit",
        ],
        summary_rows(trials),
    )
    detail = markdown_table(
        [
            "signal",
            "at (s)",
            "attempts",
            "exit",
            "indexed",
            "pending",
            "check",
            "problems",
            "resume (s)",
            "same",
            "last stderr line",
        ],
        [
            [
                t.signal,
                f"{t.moment_s:.1f}",
                t.attempts,
                "finished" if t.finished_first else t.exit_code,
                t.indexed_at_kill,
                t.pending_at_kill,
                "ok" if t.check_after_kill else "FAILED",
                "; ".join(t.problems_after_kill) or "—",
                f"{t.resume_seconds:.1f}",
                "yes" if t.same_as_reference else "NO",
                t.last_line.replace("|", "/") or "—",
            ]
            for t in trials
        ],
    )
    return (
        f"# Faults during ingest — {corpus} ({files} files)\n\n"
        f"Reference ingest (uninterrupted, same command): {reference_s:.1f} s, {counts['issues']} issues, "
        f"{counts['stories']} stories, {counts['chunks']} chunks. Signals sent at moments drawn uniformly "
        f"in (0, {reference_s:.0f} s), seed {SEED}; each trial on a fresh home; a moment that came after "
        f"the ingest had finished was halved and the trial run again (*attempts*).\n\n"
        f"{summary}\n\n"
        "*some issues in*: the signal landed after at least one issue was indexed; *left pending*: it "
        "left half-written issues, which opening the home repaired (`newsdesk check` opens it); "
        "*same as reference*: after the resumed ingest, issues, stories (with reprint links) and chunk "
        "ids equal the uninterrupted run's.\n\n"
        f"## Every trial\n\n{detail}\n"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faults", description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=10, help="moments per signal (default 10)")
    parser.add_argument("--corpus", choices=("auto", "tldr", "samples"), default="auto")
    parser.add_argument("--limit", type=int, default=40, help="TLDR issues to ingest (default 40)")
    parser.add_argument("--batch", type=int, default=8, help="chunks per write batch (default 8)")
    args = parser.parse_args(argv)
    corpus = args.corpus
    if corpus == "auto":
        corpus = "tldr" if (SHARED / "corpus" / "tldr").is_dir() else "samples"
    rng = random.Random(SEED)
    with temp_home("newsdesk-faults-archive-") as workdir:
        archive = copy_archive(corpus, args.limit, workdir)
        files = sum(1 for p in archive.rglob("*") if p.is_file())
        log(f"faults: {corpus}, {files} files; reference ingest")
        with temp_home("newsdesk-faults-reference-") as home:
            started = time.perf_counter()
            done = newsdesk(home, args.batch, "ingest", str(archive))
            reference_s = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"the reference ingest failed: {done.stderr}")
            reference = fingerprint(home)
        counts = {key: len(value) for key, value in reference.items()}
        moments = {name: sorted(rng.uniform(0, reference_s) for _ in range(args.kills)) for name in SIGNALS}
        trials = [
            run_trial(name, moment, archive, args.batch, reference) for name in SIGNALS for moment in moments[name]
        ]
    label = "TLDR" if corpus == "tldr" else "samples/archive"
    markdown = render(label, files, reference_s, counts, trials)
    data = {
        "corpus": corpus,
        "files": files,
        "kills": args.kills,
        "batch_chunks": args.batch,
        "seed": SEED,
        "reference_seconds": round(reference_s, 1),
        "reference": counts,
        "trials": [asdict(t) for t in trials],
    }
    write_results("faults" if corpus == "tldr" else "faults-samples", markdown, data)


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    main(sys.argv[1:])
