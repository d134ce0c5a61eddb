"""The same code path against a real Chroma server (`chroma run`) on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import SAMPLES

from assistant import NewsAssistant
from index.errors import StoreError

pytestmark = [pytest.mark.integration, pytest.mark.server]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("chroma run did not answer its heartbeat within 20 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ingest_and_search_through_a_chroma_server(tmp_path, chroma_url):
    desk = NewsAssistant(home=tmp_path / "home", chroma_url=chroma_url)
    report = desk.ingest([SAMPLES / "le-filtre"])
    assert report.issues_added == 5 and not report.errors
    assert not (tmp_path / "home" / "chroma").exists()  # vectors live on the server
    assert desk.vectors.count() == desk.stats()["chunks"] > 0
    hits = desk.search("Combien Helioscale investit-il près de Lyon ?", k=3)
    assert hits[0].story_id == "le-filtre-2025-06-02/01"
    narrow = desk.search("Kaskad", k=3, since="2025-06-06", until="2025-06-06", mode="dense")
    assert narrow and all(h.issue_id == "le-filtre-2025-06-06" for h in narrow)


def test_unreachable_server_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="NEWSDESK_CHROMA_URL"):
        NewsAssistant(home=tmp_path / "home", chroma_url=f"http://127.0.0.1:{_free_port()}")
