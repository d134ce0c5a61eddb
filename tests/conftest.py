"""Shared fixtures: the real default model, real Chroma, real SQLite, real files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
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


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`newsdesk serve --sample` on a free loopback port, as a user starts it."""
    home = tmp_path_factory.mktemp("served-home")
    port = _port()
    env = {**os.environ, "NEWSDESK_HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from assistant.cli import main; main()", "serve", "--sample", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                pytest.fail(f"newsdesk serve exited: {process.stderr.read() if process.stderr else ''}")
            time.sleep(0.5)
        else:
            pytest.fail("newsdesk serve did not start within 120 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
