"""The `newsdesk` command, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import SAMPLES

pytestmark = pytest.mark.integration


def newsdesk(home, *args: str, columns: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSDESK_HOME": str(home), **({"COLUMNS": str(columns)} if columns else {})}
    return subprocess.run(
        [sys.executable, "-c", "from ui.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_ingest_search_issues_stats(tmp_path):
    home = tmp_path / "home"
    done = newsdesk(home, "ingest", str(SAMPLES / "byte-brief"), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["issues_added"] == 4 and report["duplicates"] == 1 and report["errors"] == []

    found = newsdesk(home, "search", "HN-900 inference accelerator", "--k", "2", "--json")
    hits = json.loads(found.stdout)
    assert hits[0]["headline"] == "Seoul’s Hanul Chips Unveils the HN-900 Inference Accelerator"
    assert hits[0]["date"] == "2025-06-05" and hits[0]["url"].startswith("https://")

    listed = json.loads(newsdesk(home, "issues", "--since", "2025-06-04", "--json").stdout)
    assert [i["issue_id"] for i in listed] == ["byte-brief-2025-06-05", "byte-brief-2025-06-04"]
    stats = json.loads(newsdesk(home, "stats", "--json").stdout)
    assert stats["issues"] == 4 and stats["newsletters"] == ["Byte Brief"]
    assert "Seoul" in newsdesk(home, "story", hits[0]["story_id"]).stdout


def test_errors_are_one_line_without_traceback(tmp_path):
    missing = newsdesk(tmp_path / "home", "ingest", str(tmp_path / "nowhere"))
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        f"error: `{tmp_path / 'nowhere'}`: no such file or directory; check the path"
    ]
    bad_date = newsdesk(tmp_path / "home", "search", "x", "--since", "juin")
    assert bad_date.returncode == 2 and "Traceback" not in bad_date.stderr
    assert "YYYY-MM-DD" in bad_date.stderr


def test_a_file_without_metadata_names_the_fix(tmp_path):
    orphan = tmp_path / "inbox" / "notes.txt"
    orphan.parent.mkdir()
    orphan.write_text("Un titre\n\nUn texte sans date.\n", encoding="utf-8")
    failed = newsdesk(tmp_path / "home", "ingest", str(orphan))
    assert failed.returncode == 1 and "--newsletter" in failed.stderr and str(orphan) in failed.stderr
    fixed = newsdesk(
        tmp_path / "home", "ingest", str(orphan), "--newsletter", "Notes", "--date", "2025-07-01", "--json"
    )
    assert fixed.returncode == 0 and json.loads(fixed.stdout)["issues_added"] == 1


def test_a_named_file_it_cannot_read_is_an_error(tmp_path):
    (tmp_path / "inbox").mkdir()
    unknown, empty = tmp_path / "inbox" / "issue.pdf", tmp_path / "inbox" / "empty.txt"
    unknown.write_bytes(b"%PDF-1.4")
    empty.write_text("\n  \n", encoding="utf-8")
    for path, fix in ((unknown, "use one of .txt, .md"), (empty, "the file is empty")):
        done = newsdesk(tmp_path / "home", "ingest", str(path))
        (line,) = done.stderr.strip().splitlines()
        assert done.returncode == 1 and str(path) in line and fix in line
    empty.unlink()
    walked = newsdesk(tmp_path / "home", "ingest", str(tmp_path / "inbox"))  # in passing: skipped, listed
    assert walked.returncode == 0 and walked.stderr.strip() == f"skipped {unknown}: not a format newsdesk reads"


def test_dates_the_wrong_way_round_are_named(tmp_path):
    done = newsdesk(tmp_path / "home", "issues", "--since", "2025-06-09", "--until", "2025-06-02")
    assert done.returncode == 2 and "2025-06-09" in done.stderr and "2025-06-02" in done.stderr


def test_issue_ids_are_whole_at_80_columns(sample_desk):
    table = newsdesk(sample_desk.home, "issues", columns=80).stdout
    assert max(map(len, table.splitlines())) <= 80
    for issue in sample_desk.issues():
        assert issue.issue_id in table


@pytest.mark.parametrize("command", [["issues"], ["stats"], ["story", "byte-brief-2025-06-05/01"], ["check"]])
def test_commands_that_need_no_model_load_none(sample_desk, monkeypatch, command):
    from typer.testing import CliRunner

    import assistant.service
    import index.retrieval.embedding
    from ui.cli import app

    loads: list[tuple] = []

    def no_model(*args: object) -> None:
        loads.append(args)
        raise AssertionError(f"{command[0]} loaded a model: {args}")

    for module in (assistant.service, index.retrieval.embedding):
        monkeypatch.setattr(module, "load_embedder", no_model)
    done = CliRunner().invoke(app, ["--home", str(sample_desk.home), *command])
    assert done.exit_code == 0, done.output
    assert loads == []
