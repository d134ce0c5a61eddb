"""The same code path against a real Chroma server (`chroma run`) on loopback."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES, free_port, running

from assistant import NewsAssistant
from index.errors import StoreError

pytestmark = [pytest.mark.integration, pytest.mark.server]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    url = f"http://127.0.0.1:{port}"
    with running(
        [exe, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)], f"{url}/api/v2/heartbeat", 30
    ):
        yield url


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
        NewsAssistant(home=tmp_path / "home", chroma_url=f"http://127.0.0.1:{free_port()}")
