"""Bad input never breaks ingest: adversarial files go through the real ingest in a batch
with a good issue; the good issue is indexed, each bad file is one named error, and time
and memory stay bounded (loosely: these are guards against hangs and blow-ups, not
benchmarks; the full-size figures are in ``benchmarks/adversarial.py``). Time is CPU
time: on a shared machine, wall time says more about the neighbours than about the code."""

from __future__ import annotations

import json
import mailbox
import resource
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import SAMPLES

from assistant import NewsAssistant
from benchmarks.adversarial import nested_html
from index.ingest.readers import MAX_ISSUE_BYTES, MAX_STORY_CHARS, read_file

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NewsAssistant]:
    """One home for the module, its model loaded by a first ingest; tests add files to it."""
    desk = NewsAssistant(home=tmp_path_factory.mktemp("home"))
    assert not desk.ingest([SAMPLES / "le-filtre" / "2025-06-03.txt"]).errors
    yield desk
    desk.close()


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[None]:
    """Fail when the block takes more CPU time, or allocates a higher Python peak, than
    given (tracemalloc: for reading alone; it slows the embedding model down too much)."""
    tracemalloc.start()
    started = time.process_time()
    try:
        yield
        elapsed = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s of CPU (limit {seconds} s)"
    assert peak < megabytes, f"Python peak {peak:.0f} MB (limit {megabytes} MB)"


@contextmanager
def bounded_ingest(seconds: float, megabytes: float) -> Iterator[None]:
    """CPU time (all threads), and growth of the process's peak resident memory (Linux:
    KB), of an ingest."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.process_time()
    yield
    elapsed = time.process_time() - started
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    assert elapsed < seconds, f"took {elapsed:.1f} s of CPU (limit {seconds} s)"
    assert growth < megabytes, f"peak memory grew by {growth:.0f} MB (limit {megabytes} MB)"


def batch_with_good(folder: Path, *bad: Path) -> list[Path]:
    """The bad files plus a good issue of a newsletter of its own (named after the test's
    folder), which this ingest must add."""
    good = folder / "temoin" / "2025-06-02.txt"
    good.parent.mkdir(parents=True, exist_ok=True)
    good.write_text(
        f"Le robot du dossier {folder.name}\n\nUn robot range le dossier {folder.name} en 3 minutes.\n",
        encoding="utf-8",
    )
    return [*bad, good]


def errors_by_file(report) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in report.errors:
        found.setdefault(error.source.split("#")[0].split(":")[0], []).append(error.reason)
    return found


def assert_good_issue_indexed(desk: NewsAssistant, report, folder: Path) -> None:
    good = str(folder / "temoin" / "2025-06-02.txt")
    assert good not in errors_by_file(report), errors_by_file(report)[good]
    row = desk.catalog.issue_by_source(good)
    assert row is not None and folder.name in desk.catalog.stories_of_issue(row["issue_id"])[0].body


def test_huge_single_line_files_are_refused_by_size_before_reading(desk, tmp_path):
    line = b"word " * (MAX_ISSUE_BYTES // 5 + 1)
    huge_txt, huge_md = tmp_path / "2025-07-01.txt", tmp_path / "2025-07-01.md"
    huge_txt.write_bytes(line)
    huge_md.write_bytes(b"# " + line)
    with bounded_ingest(seconds=60, megabytes=100):
        report = desk.ingest(batch_with_good(tmp_path, huge_txt, huge_md))
    errors = errors_by_file(report)
    for path in (huge_txt, huge_md):
        (reason,) = errors[str(path)]
        assert str(path) in reason and "16 MB" in reason and "split it" in reason
    assert_good_issue_indexed(desk, report, tmp_path)


def test_one_long_line_under_the_size_limit_is_one_named_error(tmp_path):
    """2 MB without a line break, as text and as Markdown: read in linear time, and the
    one 'story' it makes is too long to be one."""
    for name, prefix in (
        ("lettre/2025-07-02.txt", ""),
        ("lettre/2025-07-02.md", "# Lettre 2025-07-02\n### Un titre\n"),
    ):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(prefix + "Un mot. " * 250_000, encoding="utf-8")
        with bounded(seconds=30, megabytes=200):
            result = read_file(path)
        assert not result.issues
        (error,) = result.errors
        assert str(path) in str(error) and f"more than {MAX_STORY_CHARS:,}" in str(error)


def test_deeply_nested_html_is_read_not_a_recursion_error(desk, tmp_path):
    depth = 20_000
    page = tmp_path / "lettre" / "2025-07-03.html"
    page.parent.mkdir()
    nested_html(page, depth)
    unclosed = tmp_path / "lettre" / "2025-07-04.html"
    unclosed.write_text("<title>Lettre 2025-07-04</title>" + "<a " * 100_000, encoding="utf-8")
    with bounded_ingest(seconds=120, megabytes=500):
        report = desk.ingest(batch_with_good(tmp_path, page, unclosed))
    assert str(page) not in errors_by_file(report)
    story = desk.catalog.stories_of_issue("lettre-2025-07-03")[0]
    assert story.headline == "Une histoire au fond" and "tout au fond" in story.body
    (reason,) = errors_by_file(report)[str(unclosed)]  # a cut-off tag holds no story
    assert "no stories found" in reason
    assert_good_issue_indexed(desk, report, tmp_path)


def _message(n: int) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "La Lettre <redaction@lettre.example>"
    msg["Subject"] = f"Édition {n}"
    msg["Date"] = f"{1 + n % 28:02d} Jan 2024 07:00:00 +0100"
    msg["Message-ID"] = f"<edition-{n}@lettre.example>"
    msg.set_content(f"Titre {n}\n\nLe robot numéro {n} a appris à plier {n * 7} chemises en une heure.\n")
    return msg


def test_mbox_of_a_thousand_messages_with_broken_ones(tmp_path):
    """Bad headers (an address cut short, a year of twenty digits, no text part) cost one
    message at most; every other message is an issue. (10,000: benchmarks/adversarial.py.)"""
    box = mailbox.mbox(tmp_path / "lettres.mbox")
    for n in range(1000):
        box.add(_message(n))
    broken = bytes(_message(1000)).replace(b"<edition-1000@lettre.example>", b"<@")
    box.add(broken.replace(b"Jan 2024", b"Jan 99999999999999999999"))
    box.add(b"From: x@y.example\nSubject: only a picture\nContent-Type: image/png\n\niVBORw0KGgo=\n")
    box.flush()
    with bounded(seconds=60, megabytes=200):
        result = read_file(tmp_path / "lettres.mbox")
    assert len(result.issues) == 1001
    assert result.issues[-1].date is None  # the twenty-digit year is no date, not a crash
    (error,) = result.errors
    assert f"{tmp_path / 'lettres.mbox'}#1002" in str(error) and "no text part" in str(error)


def test_repeated_message_ids_and_blank_newsletters_do_not_collide(desk, tmp_path):
    """Two issues from one source would break the catalog's one-source-one-issue rule:
    an mbox repeating a message (or reusing its ID) and JSON Lines whose newsletter is
    sometimes "" and sometimes absent used to stop the whole ingest."""
    box = mailbox.mbox(tmp_path / "lettres.mbox")
    reused = _message(3)
    reused.replace_header("Message-ID", "<edition-2@lettre.example>")
    for msg in (_message(1), _message(1), _message(2), reused):
        box.add(msg)
    box.flush()
    article = {"title": "Un robot", "date": "2025-07-09", "body": "Un robot plie le linge."}
    lines = [json.dumps({**article, "newsletter": ""}), json.dumps({**article, "title": "Un autre robot"})]
    jsonl = tmp_path / "sans-nom" / "depeches.jsonl"
    jsonl.parent.mkdir()
    jsonl.write_text("\n".join(lines), encoding="utf-8")
    report = desk.ingest(batch_with_good(tmp_path, tmp_path / "lettres.mbox", jsonl))
    assert not report.errors, report.errors
    assert {"la-lettre-2024-01-02", "la-lettre-2024-01-03", "la-lettre-2024-01-04"} <= {
        i.issue_id for i in desk.issues()
    }
    assert [s.headline for s in desk.catalog.stories_of_issue("sans-nom-2025-07-09")] == ["Un robot", "Un autre robot"]
    assert_good_issue_indexed(desk, report, tmp_path)


def test_json_lines_good_lines_ingest_bad_lines_are_named_by_number(desk, tmp_path):
    good = {
        "id": "1",
        "title": "Un robot plie le linge",
        "date": "2025-07-05",
        "url": "https://x.example/1",
        "body": "Le robot de Pliage SA plie 300 chemises par heure.",
        "newsletter": "La Dépêche Robot",
    }
    lines = [
        json.dumps(good),
        "{not json",
        "[" * 100_000 + "]" * 100_000,  # nested past the JSON parser's recursion limit
        json.dumps({**good, "date": "2025-02-30"}),  # invalid date
        json.dumps({**good, "newsletter": ["a", "list"]}),  # not text
        "1" * 5000,  # an integer past Python's digit limit
        json.dumps({**good, "id": "2", "title": "Un second robot", "body": "Texte\u2028suite du texte."}),
    ]
    path = tmp_path / "depeches.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with bounded_ingest(seconds=60, megabytes=300):
        report = desk.ingest(batch_with_good(tmp_path, path))
    reasons = {e.source: e.reason for e in report.errors}
    assert sorted(reasons) == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    assert "nested too deeply" in reasons[f"{path}:3"] and "not a date" in reasons[f"{path}:4"]
    assert "newsletter must be text" in reasons[f"{path}:5"]
    stories = desk.catalog.stories_of_issue("la-depeche-robot-2025-07-05")
    assert [s.headline for s in stories] == ["Un robot plie le linge", "Un second robot"]
    assert_good_issue_indexed(desk, report, tmp_path)


def test_invalid_dates_are_missing_metadata_not_crashes(desk, tmp_path):
    for folder in ("inbox", "issues"):  # generic folder names: no newsletter from the path
        (tmp_path / folder).mkdir()
    text = tmp_path / "inbox" / "2025-13-45.txt"
    text.write_text("Le 31 février 2025 et le 99 juin 2025\n\nUn robot. Un autre robot.\n", encoding="utf-8")
    mail = tmp_path / "issues" / "lettre.eml"
    msg = _message(1)
    msg.replace_header("Date", "Mon, 32 Foo 2025 99:99:99 +9999")
    mail.write_bytes(bytes(msg))
    report = desk.ingest(batch_with_good(tmp_path, text, mail))
    errors = errors_by_file(report)
    (reason,) = errors[str(text)]
    assert str(text) in reason and "cannot tell the newsletter and date" in reason
    (reason,) = errors[str(mail)]
    assert "cannot tell the date" in reason and "--date YYYY-MM-DD" in reason
    assert_good_issue_indexed(desk, report, tmp_path)


def test_binary_and_wrongly_encoded_files_in_a_batch(desk, tmp_path):
    folder = tmp_path / "la-gazette"
    folder.mkdir()
    (folder / "2025-07-06.md").write_bytes(bytes(range(256)) * 64)
    (folder / "2025-07-07.txt").write_bytes("Un titre\n\nDéjà l’été à Noël.\n".encode("utf-16"))
    page = "<h1>La Gazette 2025-07-08</h1><h3>Été</h3><p>Très chaud.</p>"
    (folder / "2025-07-08.html").write_bytes(page.encode("latin-1"))
    report = desk.ingest(batch_with_good(tmp_path, folder))
    (reason,) = errors_by_file(report)[str(folder / "2025-07-06.md")]
    assert "binary" in reason
    assert len(errors_by_file(report)) == 1, report.errors
    assert desk.story("la-gazette-2025-07-07/01").body == "Déjà l’été à Noël."
    assert desk.story("la-gazette-2025-07-08/01").body == "Très chaud."
    assert_good_issue_indexed(desk, report, tmp_path)


def test_tldr_issue_named_by_its_siblings_can_be_edited_or_added_alone(tmp_path):
    """A TLDR issue whose title is a tagline ("Improve your data knowledge in 5 min") takes
    its name from the other issues of its folder; 'data' is a generic folder name. Edited
    and ingested alone, it keeps the name the archive recorded for it."""
    folder = tmp_path / "tldr" / "data"
    folder.mkdir(parents=True)
    story = "[### {} (4 minute read)](https://example.com/{})\n\n{}\n"
    (folder / "2025-07-03.md").write_text(
        "# TLDR Data 2025-07-03\n\n### Deep Dives\n\n"
        + story.format("Vector stores grow up", "a", "Vector databases add hybrid search."),
        encoding="utf-8",
    )
    tagline = folder / "2025-07-10.md"
    tagline.write_text(
        "# Improve your data knowledge in 5 min 2025-07-10\n\n### Deep Dives\n\n"
        + story.format("Lakehouses meet streams", "b", "Streaming engines write to lakehouse tables."),
        encoding="utf-8",
    )
    desk = NewsAssistant(home=tmp_path / "home")
    first = desk.ingest([folder])
    assert not first.errors and {i.newsletter for i in desk.issues()} == {"TLDR Data"}

    tagline.write_text(tagline.read_text(encoding="utf-8").replace("tables", "tables every minute"))
    again = desk.ingest([tagline])
    assert not again.errors, again.errors
    assert (again.issues_updated, again.issues_added) == (1, 0)
    assert "every minute" in desk.story("tldr-data-2025-07-10/01").body

    # A new tagline issue added alone to the folder is named like the issues indexed from it.
    new = folder / "2025-07-17.md"
    new.write_text(
        "# Improve your data knowledge in 5 min 2025-07-17\n\n### Deep Dives\n\n"
        + story.format("Catalogs go open", "c", "Open table catalogs spread."),
        encoding="utf-8",
    )
    added = desk.ingest([new])
    assert not added.errors, added.errors
    assert desk.story("tldr-data-2025-07-17/01").body == "Open table catalogs spread."
    desk.close()
