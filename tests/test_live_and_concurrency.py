"""The served process on loopback, and concurrent reads while an ingest runs."""

from __future__ import annotations

import shutil
import threading

import httpx
import pytest
from conftest import SAMPLES

from assistant import NewsAssistant

pytestmark = pytest.mark.integration


def test_live_server_api(server):
    health = httpx.get(f"{server}/api/health", timeout=10).json()
    assert health["status"] == "ok" and health["issues"] >= 13
    hits = httpx.get(f"{server}/api/search", params={"q": "Quartzia", "k": 2}, timeout=30).json()
    assert hits[0]["headline"] == "La puce d’inférence de Quartzia sort du laboratoire"
    answer = httpx.post(f"{server}/api/ask", json={"question": "Quel prix pour la puce Q1 de Quartzia ?"}, timeout=60)
    assert answer.status_code == 200 and answer.json()["citations"]
    assert httpx.get(f"{server}/api/search", params={"q": "x", "k": "many"}, timeout=10).status_code == 422
    assert httpx.get(f"{server}/docs", timeout=10).status_code == 200
    assert "newsdesk" in httpx.get(server, timeout=10).text


def test_reads_during_an_ingest_never_see_half_an_issue(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(SAMPLES, archive)
    desk = NewsAssistant(home=tmp_path / "home")
    desk.ingest([archive / "byte-brief"])
    errors: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                for hit in desk.search("Kaskad Helioscale Stratus", k=10):
                    issue = next(i for i in desk.issues() if i.issue_id == hit.issue_id)
                    stories = desk.catalog.stories_of_issue(hit.issue_id)
                    if len(stories) != issue.stories:  # an issue is all there or not there
                        errors.append(f"{hit.issue_id}: {len(stories)} of {issue.stories} stories")
            except Exception as error:  # any failure of a read is the finding
                errors.append(repr(error))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for thread in readers:
        thread.start()
    report = desk.ingest([archive])
    done.set()
    for thread in readers:
        thread.join()
    assert report.issues_added >= 9 and not report.errors
    assert errors == []


def test_the_server_starts_its_request_threads_with_one_blas_thread(sample_desk, monkeypatch):
    """Concurrent numpy products queue for OpenBLAS's thread pool (``ui/serving.py``)."""
    import uvicorn
    from threadpoolctl import threadpool_info, threadpool_limits

    from ui.serving import serve

    def blas_threads() -> set[int]:
        return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}

    if not blas_threads():
        pytest.skip("numpy runs on no BLAS library that threadpoolctl knows")
    seen: dict[str, set[int]] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(threads=blas_threads()))
    limiter = threadpool_limits(limits=2, user_api="blas")
    try:
        serve(sample_desk, host="127.0.0.1", port=0)
    finally:
        limiter.restore_original_limits()
    assert seen["threads"] == {1}
