"""Faults at the process and disk level, with real `newsdesk` processes.

kill -9 and Ctrl-C in the middle of an ingest, two ingests at once, a disk that fills up,
a Chroma server that stops, freezes or comes back empty. After each, the home must pass
`newsdesk check` and end up exactly as an uninterrupted ingest leaves it. Opening and
checking go through subprocesses too: an embedded Chroma directory is used by one process
at a time, and the test process must not keep a stale client on it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from conftest import SAMPLES, free_port

from assistant import NewsAssistant
from index.errors import StoreError, VectorsMissing
from index.store import chroma as vector_module

pytestmark = pytest.mark.integration

BATCH = "4"  # chunks per write batch: many pending → indexed steps to land a kill between


def cli(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", "from ui.cli import main; main()", *args]


def cli_env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSDESK_HOME": str(home),
        "NEWSDESK_INGEST_BATCH_CHUNKS": BATCH,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(home, *args), env=cli_env(home), capture_output=True, text=True, timeout=600)


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    """A `newsdesk` process that reacts to Ctrl-C as in a terminal (a background shell would
    have it ignore SIGINT)."""
    return subprocess.Popen(
        cli(home, *args),
        env=cli_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def catalog_rows(home: Path, sql: str) -> list[tuple]:
    """Read the catalog without opening the home (opening repairs it)."""
    path = home / "catalog.sqlite3"
    if not path.exists():
        return []
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute(sql).fetchall()
    except sqlite3.OperationalError:  # created but no schema yet
        return []


def indexed(home: Path) -> int:
    return len(catalog_rows(home, "SELECT issue_id FROM issues WHERE state = 'indexed'"))


def pending(home: Path) -> list[str]:
    return [r[0] for r in catalog_rows(home, "SELECT issue_id FROM issues WHERE state = 'pending'")]


def fingerprint(home: Path) -> dict[str, set]:
    """What an ingest produced: issues, stories with their reprint links, chunk ids."""
    return {
        "issues": set(catalog_rows(home, "SELECT issue_id, state FROM issues")),
        "stories": set(catalog_rows(home, "SELECT story_id, duplicate_of FROM stories")),
        "chunks": set(catalog_rows(home, "SELECT chunk_id FROM chunks")),
    }


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, f"the ingest ended first: {process.communicate()[1]}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def check(home: Path) -> dict:
    done = run(home, "check", "--json")
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["ok"], report["problems"]
    return report


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set]:
    """The sample archive ingested without interruption, with the same batch size."""
    home = tmp_path_factory.mktemp("reference")
    desk = NewsAssistant(home=home, ingest_batch_chunks=int(BATCH))
    assert not desk.ingest([SAMPLES]).errors
    desk.close()
    return fingerprint(home)


def test_kill_9_mid_ingest_is_repaired_at_next_open_and_resumes(tmp_path, reference):
    home = tmp_path / "home"
    first = start(home, "ingest", str(SAMPLES))
    wait_for(lambda: indexed(home) >= 1, first)  # some issues in, more being written
    first.kill()
    first.wait()
    after_first = fingerprint(home)
    assert 1 <= indexed(home) < len(reference["issues"])
    check(home)  # opening repairs whatever was half-written

    second = start(home, "ingest", str(SAMPLES))
    wait_for(lambda: bool(pending(home)) and indexed(home) > len(after_first["issues"]), second)
    second.kill()  # most likely between an issue's vectors and its rows
    second.wait()
    check(home)

    already = indexed(home)
    resumed = run(home, "ingest", str(SAMPLES), "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["issues_added"] == len(reference["issues"]) - already  # only the rest
    check(home)
    assert fingerprint(home) == reference


def test_ctrl_c_mid_ingest_exits_cleanly_and_leaves_nothing_half_written(tmp_path, reference):
    home = tmp_path / "home"
    ingest = start(home, "ingest", str(SAMPLES))
    wait_for(lambda: indexed(home) >= 1, ingest)
    ingest.send_signal(signal.SIGINT)
    _, stderr = ingest.communicate(timeout=120)
    assert ingest.returncode == 130 and "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("interrupted: what was indexed so far is kept")
    assert pending(home) == []  # cleaned up before exiting, not left to the next start
    assert 1 <= indexed(home) < len(reference["issues"])
    check(home)
    assert run(home, "ingest", str(SAMPLES)).returncode == 0
    check(home)
    assert fingerprint(home) == reference


def test_two_ingests_at_once_one_is_refused_and_nothing_is_corrupted(tmp_path, reference):
    home = tmp_path / "home"
    home.mkdir()
    both = [start(home, "ingest", str(SAMPLES)), start(home, "ingest", str(SAMPLES))]
    results = [(p, *p.communicate(timeout=600)) for p in both]
    assert sorted(p.returncode for p in both) == [0, 1], [err for _, _, err in results]
    stderr = next(err for p, _, err in results if p.returncode == 1)
    winner = next(p for p in both if p.returncode == 0)
    lock = f"{home} is being written by newsdesk pid {winner.pid}"
    assert stderr.strip() == f"error: {lock}; wait for that ingest to finish and run again"
    check(home)
    assert fingerprint(home) == reference


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small RAM disk at ``path``: a real ENOSPC, no file left on the machine."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip() or 'not root'})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Write a ballast file until the disk is full, then give back ``leave`` bytes."""
    ballast = disk / "ballast"
    with open(ballast, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    os.truncate(ballast, max(0, ballast.stat().st_size - leave))
    return ballast


def test_a_full_disk_stops_the_ingest_with_one_clear_line_and_loses_nothing(tmp_path):
    with tmpfs(tmp_path / "disk", "20m") as disk:
        home = disk / "home"
        assert run(home, "ingest", str(SAMPLES / "byte-brief")).returncode == 0
        before = run(home, "search", "open-source robot arm", "--json").stdout

        ballast = fill(disk, leave=300_000)
        failed = run(home, "ingest", str(SAMPLES / "le-filtre"))
        lines = failed.stderr.strip().splitlines()
        assert failed.returncode == 1 and len(lines) == 1, failed.stderr
        assert str(home) in lines[0] and "the disk is full" in lines[0] and "free some space" in lines[0]

        ballast.unlink()
        check(home)  # repaired on opening, now that there is room
        assert run(home, "search", "open-source robot arm", "--json").stdout == before
        assert run(home, "ingest", str(SAMPLES / "le-filtre")).returncode == 0
        assert check(home)["issues"] == 9


@contextmanager
def chroma_server(port: int, data: Path) -> Iterator[subprocess.Popen[bytes]]:
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    command = [exe, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "chroma run did not start"
            time.sleep(0.3)
        yield process
    finally:
        os.kill(process.pid, signal.SIGCONT)  # in case the test left it frozen
        process.terminate()
        process.wait(timeout=30)


BOUNDED = 10  # seconds: a store call makes at most two requests of 2 s each here


def timed_failure(call: Callable[[], object], error: type[Exception], match: str) -> float:
    started = time.monotonic()
    with pytest.raises(error, match=match):
        call()
    return time.monotonic() - started


@pytest.mark.server
def test_a_chroma_server_that_stops_or_loses_its_data_mid_session(tmp_path, monkeypatch):
    monkeypatch.setattr(vector_module, "HTTP_TIMEOUT_SECONDS", 2.0)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    question = "open-source robot arm"
    with chroma_server(port, tmp_path / "data") as server:
        desk = NewsAssistant(home=tmp_path / "home", chroma_url=url)
        desk.ingest([SAMPLES / "byte-brief"])
        expected = [h.story_id for h in desk.search(question, k=3)]
        embedding = desk.embedder().embed_query(question)

        os.kill(server.pid, signal.SIGSTOP)  # up but not answering: bounded, not a hang
        assert timed_failure(lambda: desk.vectors.query(embedding, 5), StoreError, "NEWSDESK_CHROMA_URL") < BOUNDED
        with pytest.raises(StoreError, match="NEWSDESK_CHROMA_URL"):
            desk.search(question)
        os.kill(server.pid, signal.SIGCONT)
        assert [h.story_id for h in desk.search(question, k=3)] == expected  # same desk, no restart

    assert timed_failure(lambda: desk.vectors.query(embedding, 5), StoreError, f"{url} .*did not answer") < 1
    with pytest.raises(StoreError, match=f"{url} .*did not answer"):
        desk.search(question)
    with chroma_server(port, tmp_path / "data"):  # back, same data
        assert [h.story_id for h in desk.search(question, k=3)] == expected
    with chroma_server(port, tmp_path / "empty"):  # back, but its data is gone
        with pytest.raises(VectorsMissing, match=r"Chroma server at .* holds 0 vectors.*newsdesk reindex"):
            desk.search(question)
        desk.reindex()
        assert [h.story_id for h in desk.search(question, k=3)] == expected
        assert desk.check().ok
