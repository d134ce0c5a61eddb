"""The load benchmark's core (benchmarks/load.py), briefly, against the served sample archive:
concurrent search + ask without errors, then the same while an issue is uploaded, with
every read of the new issue checked for completeness."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from conftest import ROOT, SAMPLES

from benchmarks import common, load, load_traffic, rss

pytestmark = pytest.mark.integration


def test_load_core_on_the_sample_archive(server, tmp_path):
    workload = load_traffic.make_workload(load_traffic.headlines_from_api(server), n=40)
    assert workload.searches and workload.questions

    phase1 = asyncio.run(load_traffic.load_phase(server, workload, clients=4, seconds=4))
    assert phase1["overall"]["requests"] > 4
    assert set(phase1["endpoints"]) == {"search", "ask"}
    assert phase1["errors"] == 0, phase1["error_kinds"]

    # A new issue (a sample issue moved to another day, its headlines changed so search can return them).
    text = (SAMPLES / "byte-brief" / "2025-06-03.md").read_text(encoding="utf-8")
    issue = tmp_path / "2031-01-07.md"
    issue.write_text(text.replace("2025-06-03", "2031-01-07").replace("### ", "### Loadtest "), encoding="utf-8")
    workload.extra_searches = load_traffic.make_workload(load_traffic.headlines_of_files([issue]), n=10).searches
    try:
        phase2 = asyncio.run(load_traffic.ingest_phase(server, workload, clients=4, seconds=3, files=[issue], batch=1))
        assert phase2["ingest"]["issues_added"] == 1 and not phase2["ingest"]["failed_requests"]
        assert phase2["new_issues"] == 1
        assert phase2["failed_reads"] == 0, phase2["error_kinds"]
        consistency = phase2["consistency"]
        assert consistency["reads_seeing_ingesting_issues"] > 0  # the watcher at least listed it
        assert consistency["reads_seeing_incomplete_issues"] == 0, consistency["problems"]
    finally:
        for issue_id in load_traffic.issue_ids(server):  # leave the shared server's archive as it was
            if "2031-01-07" in issue_id:
                httpx.delete(f"{server}/api/issues/{issue_id}", timeout=60)


def test_judge_flags_a_short_issue():
    watch = load_traffic.Watch(before={"old"})
    watch.observe(1, "story", "new-1", "new-1/01", 2)  # saw 2 stories, the issue has 3
    watch.observe(2, "search-hit", "new-1", "new-1/02")
    watch.observe(3, "search-hit", "new-2", "new-2/01")  # never completed
    verdict = load_traffic.judge(watch, {"new-1": 3}, {"new-1": {"new-1/01", "new-1/02", "new-1/03"}})
    assert verdict["reads_seeing_incomplete_issues"] == 2
    assert {p["read"] for p in verdict["problems"]} == {1, 3}


def test_percentile_and_rss_sampler():
    assert common.percentile([1.0], 95) == 1.0
    assert common.percentile([0.0, 1.0], 50) == 0.5
    assert rss.RssSampler(__import__("os").getpid()).measure() > 10  # MB: this interpreter


def test_choose_ingest_makes_up_with_issues_the_home_holds():
    new = [ROOT / "n1.md", ROOT / "n2.md"]
    already = {ROOT / "a1.md": ["x-1"], ROOT / "a2.md": ["x-2"], ROOT / "a3.md": ["x-3"]}
    assert load.choose_ingest(new, already, 1, reingest=True) == ([ROOT / "n1.md"], [])
    files, removed = load.choose_ingest(new, already, 4, reingest=True)
    assert files == [*new, ROOT / "a2.md", ROOT / "a3.md"] and removed == ["x-2", "x-3"]
    assert load.choose_ingest(new, already, 4, reingest=False) == (new, [])
