"""The consistency check, `reindex`, lost vectors, and reprints whose first print goes away.

Real Chroma (embedded), real SQLite, the real default model; faults are injected the way
they happen: a vector deleted behind the catalog's back, a directory removed, an issue left
pending, a home written by a version that left reprints dangling.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import SAMPLES

from assistant import NewsAssistant
from index.errors import VectorsMissing

pytestmark = pytest.mark.integration

BYTE_BRIEF = SAMPLES / "byte-brief"
SMALL_MODELS = "Small Models Learn to Ask for Help"  # first printed 2025-06-02, reprinted 06-04


def newsdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The `newsdesk` command in a subprocess (a generous timeout: the model loads in each)."""
    env = {**os.environ, "NEWSDESK_HOME": str(home)}
    command = [sys.executable, "-c", "from ui.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)


def copy_byte_brief(target: Path, extra_reprint: bool = False) -> Path:
    """The Byte Brief sample issues (.md ones); with ``extra_reprint`` a 2025-06-06 issue that
    repeats 06-04 word for word, so the 06-02 story has two reprints."""
    archive = target / "archive"
    archive.mkdir(parents=True)
    for path in sorted(BYTE_BRIEF.glob("*.md")):
        shutil.copy2(path, archive / path.name)
    if extra_reprint:
        text = (BYTE_BRIEF / "2025-06-04.md").read_text(encoding="utf-8")
        (archive / "2025-06-06.md").write_text(text.replace("2025-06-04", "2025-06-06"), encoding="utf-8")
    return archive


def story_row(desk: NewsAssistant, story_id: str) -> dict:
    row = desk.catalog.db.execute("SELECT * FROM stories WHERE story_id = ?", (story_id,)).fetchone()
    return dict(row)


def chunks_of(desk: NewsAssistant, story_id: str) -> list[str]:
    return [r[0] for r in desk.catalog.db.execute("SELECT chunk_id FROM chunks WHERE story_id = ?", (story_id,))]


def reprints_of_small_models(desk: NewsAssistant) -> list[str]:
    rows = desk.catalog.db.execute("SELECT story_id FROM stories WHERE headline = ? ORDER BY date", (SMALL_MODELS,))
    return [r[0] for r in rows]


def test_check_finds_each_fault_and_reindex_repairs_them(tmp_path):
    desk = NewsAssistant(home=tmp_path / "home")
    assert not desk.ingest([copy_byte_brief(tmp_path)]).errors
    clean = desk.check()
    assert clean.ok and clean.fix is None and clean.vectors == clean.chunks == clean.lexical_rows > 0

    some_chunk = desk.catalog.chunk_ids_of_issue("byte-brief-2025-06-03")[0]
    desk.vectors.delete([some_chunk])  # a vector lost
    desk.vectors.upsert(["ghost/01#0"], np.ones((1, 384), dtype=np.float32), ["ghost"], [{"issue_id": "ghost"}])
    desk.catalog.db.execute(
        "DELETE FROM chunk_terms WHERE rowid = (SELECT max(rowid) FROM chunks WHERE issue_id = 'byte-brief-2025-06-03')"
    )
    # What deleting an issue did before reprints were promoted: its reprint left dangling.
    original = "byte-brief-2025-06-02"
    desk.vectors.delete(desk.catalog.chunk_ids_of_issue(original))
    desk.catalog.delete_issue(original)

    broken = desk.check()
    kinds = {p.kind: p for p in broken.problems}
    assert set(kinds) == {"missing_vectors", "orphan_vectors", "unindexed_chunks", "dangling_reprints"}
    assert kinds["missing_vectors"].examples == [some_chunk] and kinds["orphan_vectors"].examples == ["ghost/01#0"]
    assert kinds["dangling_reprints"].examples == ["byte-brief-2025-06-04/05"]
    assert not broken.ok and broken.fix == "run `newsdesk reindex`"
    assert all("newsdesk reindex" in p.message() for p in broken.problems)

    report = desk.reindex(only_missing=True)
    assert (report.vectors_removed, report.vectors_written, report.dangling_reprints) == (1, 1, 1)
    assert report.lexical_rebuilt
    assert desk.check().ok
    assert desk.search(SMALL_MODELS, k=1)[0].story_id == "byte-brief-2025-06-04/05"  # promoted


def test_a_half_written_issue_is_removed_when_the_home_is_opened(tmp_path):
    archive = copy_byte_brief(tmp_path)
    desk = NewsAssistant(home=tmp_path / "home")
    desk.ingest([archive])
    desk.catalog.set_pending("byte-brief-2025-06-03")  # as a kill between vectors and rows leaves it
    assert [p.kind for p in desk.check().problems] == ["pending_issues"]
    desk.close()

    reopened = NewsAssistant(home=tmp_path / "home")  # nobody writes: the leftover is repaired
    assert reopened.check().ok
    assert "byte-brief-2025-06-03" not in {i.issue_id for i in reopened.issues()}
    again = reopened.ingest([archive])  # its file is read again, the others are skipped
    assert (again.files_read, again.issues_added) == (1, 1)
    assert reopened.check().ok


def test_a_lost_collection_is_reported_and_reindex_rebuilds_it(tmp_path):
    desk = NewsAssistant(home=tmp_path / "home")
    desk.ingest([copy_byte_brief(tmp_path)])
    before = [(h.story_id, h.score) for h in desk.search("inference chip price cut", k=5)]
    desk.vectors.client.delete_collection(desk.collection)

    with pytest.raises(VectorsMissing, match=r"holds 0 vectors but the catalog has \d+ .*newsdesk reindex"):
        desk.search("inference chip price cut")  # the same session notices
    reopened = NewsAssistant(home=tmp_path / "home")
    with pytest.raises(VectorsMissing, match="newsdesk reindex"):
        reopened.ask("What did Byte Brief say about the robot arm?")  # and a fresh one too
    assert reopened.search("inference chip price cut", mode="lexical")  # BM25 does not need vectors

    calls: list[tuple[int, int]] = []
    report = reopened.reindex(progress=lambda done, total: calls.append((done, total)))
    assert report.vectors_written == reopened.catalog.chunk_count() == calls[-1][0] == calls[-1][1]
    after = [(h.story_id, h.score) for h in reopened.search("inference chip price cut", k=5)]
    assert [s for s, _ in after] == [s for s, _ in before]
    assert np.allclose([x for _, x in after], [x for _, x in before], atol=1e-4)
    assert reopened.check().ok


def test_reprints_are_promoted_when_their_original_is_deleted(tmp_path):
    desk = NewsAssistant(home=tmp_path / "home")
    desk.ingest([copy_byte_brief(tmp_path, extra_reprint=True)])
    first, second, third = reprints_of_small_models(desk)
    assert first == "byte-brief-2025-06-02/06"
    assert story_row(desk, second)["duplicate_of"] == story_row(desk, third)["duplicate_of"] == first

    desk.delete_issue("byte-brief-2025-06-02")
    assert story_row(desk, second)["duplicate_of"] is None  # the earliest reprint is the original now
    assert story_row(desk, third)["duplicate_of"] == second
    assert chunks_of(desk, second) and not chunks_of(desk, third)
    assert desk.search(SMALL_MODELS, k=1)[0].story_id == second
    assert desk.search(SMALL_MODELS, k=1, mode="lexical")[0].story_id == second
    assert desk.story_details(second).reprints == [third]
    assert desk.check().ok


def test_reprints_follow_a_replaced_original(tmp_path):
    archive = copy_byte_brief(tmp_path, extra_reprint=True)
    desk = NewsAssistant(home=tmp_path / "home")
    desk.ingest([archive])
    first, second, third = reprints_of_small_models(desk)
    issue = archive / "2025-06-02.md"
    text = issue.read_text(encoding="utf-8")

    # Another story of the issue is corrected: the reprints still read like the first print.
    issue.write_text(text.replace("Pelican", "Pelikan"), encoding="utf-8")
    assert desk.ingest([archive]).issues_updated == 1
    assert story_row(desk, second)["duplicate_of"] == story_row(desk, third)["duplicate_of"] == first

    # The first print itself is rewritten into another story: its reprints stand on their own.
    paragraph = next(line for line in text.splitlines() if line.startswith("A new training recipe"))
    rewritten = text.replace(
        paragraph,
        "Portugal's data regulator fined the courier app Rota 2.1 million euros for tracking its riders' "
        "phones after their shifts ended. The company says it will appeal and has switched the feature off.",
    ).replace(SMALL_MODELS, "Lisbon Fines a Courier App")
    issue.write_text(rewritten, encoding="utf-8")
    assert desk.ingest([archive]).issues_updated == 1
    assert story_row(desk, first)["headline"] == "Lisbon Fines a Courier App"
    assert story_row(desk, second)["duplicate_of"] is None and story_row(desk, third)["duplicate_of"] == second
    assert desk.search(SMALL_MODELS, k=1)[0].story_id == second
    assert desk.check().ok


def test_cli_check_and_reindex(tmp_path):
    home = tmp_path / "home"
    assert newsdesk(home, "ingest", str(copy_byte_brief(tmp_path))).returncode == 0
    checked = newsdesk(home, "check", "--json")
    assert checked.returncode == 0 and json.loads(checked.stdout)["ok"] is True

    shutil.rmtree(home / "chroma")  # the vector store is gone; the catalog is intact
    searched = newsdesk(home, "search", "robot arm")
    assert searched.returncode == 1 and "Traceback" not in searched.stderr
    assert len(searched.stderr.strip().splitlines()) == 1 and "run `newsdesk reindex`" in searched.stderr
    broken = newsdesk(home, "check")
    assert broken.returncode == 1 and "missing_vectors" not in broken.stderr  # sentences, not codes
    assert "chunks of the catalog have no vector" in broken.stderr and "fix: run `newsdesk reindex`" in broken.stderr

    rebuilt = newsdesk(home, "reindex", "--json")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads(rebuilt.stdout)["vectors_written"] == json.loads(checked.stdout)["chunks"]
    assert newsdesk(home, "check").returncode == 0
    assert "robot arm" in newsdesk(home, "search", "open-source robot arm", "--k", "1").stdout.lower()


def test_cross_lingual_vectors_are_checked_and_reindex_writes_the_missing_ones(tmp_path):
    desk = NewsAssistant(home=tmp_path / "home")
    assert not desk.ingest([copy_byte_brief(tmp_path)]).errors
    count = "SELECT count(*) FROM crosslingual_vectors"
    assert desk.catalog.db.execute(count).fetchone()[0] == desk.catalog.chunk_count() > 0  # written with the chunks
    lost = desk.catalog.chunk_ids_of_issue("byte-brief-2025-06-03")
    with desk.catalog.transaction() as db:  # a home written before they existed, in part
        db.executemany(
            "DELETE FROM crosslingual_vectors WHERE rowid = (SELECT rowid FROM chunks WHERE chunk_id = ?)",
            [(chunk_id,) for chunk_id in lost],
        )
    broken = desk.check()
    assert [(p.kind, p.count) for p in broken.problems] == [("missing_crosslingual", len(lost))]
    assert "newsdesk reindex --missing" in broken.problems[0].message()
    report = desk.reindex(only_missing=True)
    assert (report.crosslingual_written, report.vectors_written) == (len(lost), 0)
    assert desk.check().ok
    desk.close()

    off = NewsAssistant(home=tmp_path / "home", crosslingual_model="")  # turned off: none wanted, none dropped
    assert off.check().ok and off.searcher.crosslingual_embedding("Que sait-on des petits modèles ?") is None
    off.close()
    assert NewsAssistant(home=tmp_path / "home").check().ok  # turned on again: as they were

    # Another cross-lingual model: the vectors of the old one are dropped, and reindex writes them.
    other = NewsAssistant(home=tmp_path / "home", crosslingual_model="paraphrase-multilingual-MiniLM-L12-v2")
    assert other.catalog.db.execute(count).fetchone()[0] == 0
    assert [p.kind for p in other.check().problems] == ["missing_crosslingual"]
    other.close()
