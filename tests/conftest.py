"""Shared fixtures: the real default model, real Chroma, real SQLite, real files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "archive"
QA = ROOT / "samples" / "qa"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
QANT_ISSUE = CORPUS / "qant" / "2025-06-12.txt"
TLDR = CORPUS / "tldr"


def needs_corpus(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not path.exists(), reason=f"{path} is absent: the shared corpus sits beside the repo in CI only"
    )


@pytest.fixture(scope="session")
def sample_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """One archive of the shipped samples (plus the Qant issue when present), built once."""
    from assistant import NewsAssistant

    desk = NewsAssistant(home=tmp_path_factory.mktemp("home"))
    paths = [SAMPLES] + ([QANT_ISSUE.parent] if QANT_ISSUE.exists() else [])
    report = desk.ingest(paths)
    assert not report.errors, report.errors
    yield desk
    desk.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(command: list[str], ready_url: str, seconds: float, env: dict[str, str] | None = None) -> Iterator[None]:
    """Run a server process until the block ends; wait until ``ready_url`` answers 200."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                if httpx.get(ready_url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                pytest.fail(f"{command[0]} exited: {process.stderr.read() if process.stderr else ''}")
            if time.monotonic() > deadline:
                pytest.fail(f"{' '.join(command)} did not answer {ready_url} within {seconds:.0f} s")
            time.sleep(0.3)
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`newsdesk serve --sample` on a free loopback port, as a user starts it."""
    port = free_port()
    env = {
        **os.environ,
        "NEWSDESK_HOME": str(tmp_path_factory.mktemp("served-home")),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    command = [sys.executable, "-c", "from ui.cli import main; main()", "serve", "--sample", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/api/health", 120, env):
        yield url
