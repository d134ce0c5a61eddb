"""Ingestion on real Chroma and SQLite with the real default model."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT, SAMPLES

from assistant import NewsAssistant
from index.errors import HomeLocked, IndexMismatch
from index.store.lock import opening, write_lock

pytestmark = pytest.mark.integration


def consistent(desk: NewsAssistant) -> None:
    """Every vector has its chunk in the catalog and vice versa; no half-indexed issue."""
    catalog_ids = {r[0] for r in desk.catalog.db.execute("SELECT chunk_id FROM chunks")}
    assert set(desk.vectors.all_ids()) == catalog_ids
    assert desk.catalog.pending_issue_ids() == []
    terms = desk.catalog.db.execute("SELECT count(*) FROM chunk_terms").fetchone()[0]
    assert terms == len(catalog_ids)
    assert desk.catalog.vector_copies.chunks_without_vectors() == []  # and each copy is the vector Chroma holds:
    copies = dict(
        desk.catalog.db.execute("SELECT c.chunk_id, v.vector FROM chunks c JOIN chunk_vectors v ON v.rowid = c.rowid")
    )
    stored = desk.vectors.collection.get(ids=sorted(copies), include=["embeddings"])
    for chunk_id, vector in zip(stored["ids"], stored["embeddings"], strict=True):
        assert np.allclose(np.frombuffer(copies[chunk_id], dtype=np.float32), vector, atol=1e-6), chunk_id


def test_sample_archive_is_indexed_with_duplicates_linked(sample_desk):
    stats = sample_desk.stats()
    assert stats["issues"] >= 13 and stats["vectors"] == stats["chunks"]
    consistent(sample_desk)
    story = sample_desk.story("le-filtre-2025-06-03/05")
    assert story.kind == "op-ed"
    second_print = [
        s
        for s in sample_desk.catalog.stories_of_issue("le-filtre-2025-06-03")
        if s.headline == story.headline and s.story_id != story.story_id
    ]
    assert second_print == [] and "seules 13 %" in story.body  # its continuation, merged into it
    rerun = sample_desk.catalog.db.execute(
        "SELECT story_id, duplicate_of FROM stories "
        "WHERE issue_id = 'le-filtre-2025-06-05' AND duplicate_of IS NOT NULL"
    ).fetchall()
    assert [r["duplicate_of"].split("/")[0] for r in rerun] == ["le-filtre-2025-06-02"]


def test_duplicates_and_sponsors_stay_out_of_search(sample_desk):
    hits = sample_desk.search("Small Models Learn to Ask for Help", k=10)
    ids = [h.story_id for h in hits]
    assert ids[0].startswith("byte-brief-2025-06-02/")
    assert not any(
        i.startswith("byte-brief-2025-06-04/") and "Small Models" in h.headline for i, h in zip(ids, hits, strict=True)
    )
    assert all(h.kind != "sponsor" for h in sample_desk.search("observability free trial sponsor", k=20))
    with_ads = sample_desk.search("Tracewise observability for LLM apps", k=5, include_sponsors=True)
    assert with_ads[0].kind == "sponsor"


def test_reingest_is_idempotent_and_changes_replace(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(SAMPLES / "le-filtre", archive / "le-filtre")
    desk = NewsAssistant(home=tmp_path / "home", ingest_batch_chunks=8)
    calls: list[tuple[int, int]] = []
    first = desk.ingest([archive], progress=lambda done, total: calls.append((done, total)))
    assert first.issues_added == 5 and not first.errors
    assert len(calls) > 5 and calls == sorted(calls) and calls[-1] == (first.stories_added, first.stories_added)
    again = desk.ingest([archive])
    assert (again.files_read, again.files_skipped, again.issues_added) == (0, 5, 0)

    issue = archive / "le-filtre" / "2025-06-04.txt"
    issue.write_text(issue.read_text(encoding="utf-8").replace("Helioscale", "Héliodyne"), encoding="utf-8")
    changed = desk.ingest([archive])
    assert (changed.files_read, changed.issues_updated, changed.issues_added) == (1, 1, 0)
    assert all("Helioscale" not in s.text for s in desk.catalog.stories_of_issue("le-filtre-2025-06-04"))
    assert desk.search("Héliodyne", k=3)[0].issue_id == "le-filtre-2025-06-04"
    consistent(desk)


def test_a_crash_mid_ingest_is_repaired_on_the_next_run(tmp_path, monkeypatch):
    desk = NewsAssistant(home=tmp_path / "home")
    calls = {"n": 0}
    real_write = desk.catalog.write_issue

    def crash_after_vectors(*args, **kwargs):  # vectors are written, catalog is not
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("simulated crash")  # not Ctrl-C: that one is cleaned up in-process
        return real_write(*args, **kwargs)

    monkeypatch.setattr(desk.catalog, "write_issue", crash_after_vectors)
    with pytest.raises(RuntimeError):
        desk.ingest([SAMPLES / "le-filtre"])
    assert desk.catalog.pending_issue_ids()  # the interrupted batch is visible as pending
    assert all(h.issue_id not in desk.catalog.pending_issue_ids() for h in desk.search("Helioscale Lyon", k=10))
    monkeypatch.undo()
    report = desk.ingest([SAMPLES / "le-filtre"])
    assert report.repaired and not report.errors
    assert len(desk.issues()) == 5
    consistent(desk)


def test_delete_issue_removes_it_everywhere(tmp_path):
    desk = NewsAssistant(home=tmp_path / "home")
    desk.ingest([SAMPLES / "byte-brief"])
    desk.delete_issue("byte-brief-2025-06-03")
    assert "byte-brief-2025-06-03" not in {i.issue_id for i in desk.issues()}
    consistent(desk)
    assert desk.ingest([SAMPLES / "byte-brief"]).issues_added == 1  # its file is read again


def test_second_writer_is_refused(tmp_path):
    desk = NewsAssistant(home=tmp_path / "home")
    with write_lock(desk.home), pytest.raises(HomeLocked, match="wait for that ingest"):
        desk.ingest([SAMPLES / "dispatches.jsonl"])


def test_opening_a_store_waits_for_another_process_opening_it(tmp_path):
    """Two processes creating the same embedded Chroma store at once race in its migrations
    ("table collections already exists"): the second waits for the first instead."""
    opener = "import sys, chromadb; from pathlib import Path; from index.store.chroma import VectorStore; "
    opener += "print('imported', flush=True); VectorStore.open('chunks-test', Path(sys.argv[1]))"
    command = [sys.executable, "-c", opener, str(tmp_path / "chroma")]
    with opening(tmp_path / "chroma"):
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline() == "imported\n"
        with pytest.raises(subprocess.TimeoutExpired):
            child.wait(timeout=3)  # an open takes well under a second when nobody holds the lock
    assert child.wait(timeout=60) == 0
    assert (tmp_path / "chroma" / "chroma.sqlite3").exists()


def test_changing_chunk_settings_is_refused_not_mixed(tmp_path):
    NewsAssistant(home=tmp_path / "home").ingest([SAMPLES / "dispatches.jsonl"])
    with pytest.raises(IndexMismatch, match="chunks-all-minilm-l6-v2-cl100k_base-128-32"):
        NewsAssistant(home=tmp_path / "home", chunk_tokens=128)


def test_a_home_without_vector_copies_searches_through_chroma_until_reindex_copies_them(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(SAMPLES / "le-filtre", archive / "le-filtre")
    desk = NewsAssistant(home=tmp_path / "home")
    desk.ingest([archive])
    week = {"since": "2025-06-02", "until": "2025-06-06"}
    before = [h.story_id for h in desk.search("puces d'inférence", k=5, **week)]
    desk.catalog.db.execute("DELETE FROM chunk_vectors")  # as in a home written before the copies
    assert [h.story_id for h in desk.search("puces d'inférence", k=5, **week)] == before

    report = desk.reindex(only_missing=True)
    assert (report.vectors_written, report.vectors_copied) == (0, desk.catalog.chunk_count())
    assert [h.story_id for h in desk.search("puces d'inférence", k=5, **week)] == before
    consistent(desk)
