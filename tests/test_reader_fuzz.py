"""Property-based fuzzing of every reader (hypothesis): arbitrary bytes, text in the wrong
encoding, binary data, the shipped samples cut short or spliced with adversarial pieces,
invalid dates. A reader either returns a result or raises ``ReaderError`` naming the file;
``read_file`` never raises at all. The readers are called directly, below the last-resort
handler of ``read_file``, so a parser bug cannot hide behind it."""

from __future__ import annotations

import calendar
import html
import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import ReaderError
from index.ingest import chunking
from index.ingest.chunking import chunk_story
from index.ingest.readers import READERS, ReadResult, read_file, resolve_metadata
from index.ingest.readers.html import INVISIBLE, html_to_markdown
from index.ingest.segmenters.markdown import segment_markdown
from index.ingest.segmenters.plain_text import segment_plain_text
from index.model import Story
from index.text.dates import date_from_path, find_date, fold, parse_iso_date
from index.text.sentences import split_sentences
from index.text.tokens import count_tokens

FUZZ = settings(
    max_examples=40,
    deadline=timedelta(seconds=10),  # a generous ceiling: the machine is shared; a hang still fails
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SUFFIXES = sorted(READERS)
FEEDS = ROOT / "tests" / "fixtures" / "feeds"
EXPORTS = ROOT / "tests" / "fixtures" / "exports"

# Pieces that have broken parsers before: unclosed markup, link and heading syntax, MIME
# and header syntax, bullets, full stops, abbreviations, NULs, odd line breaks, dates.
ADVERSARIAL = [
    "<a ",
    "<div>",
    "</div>",
    "<!--",
    "<![CDATA[",
    "<![",
    "<![if !mso]>",
    "<?",
    "</",
    "<script>",
    "<h3>",
    "<p>",
    "&#",
    "&amp",
    "[",
    "]",
    "](",
    "[### ",
    "# ",
    "###",
    "(3 minute read)",
    "(a)",
    "**",
    "_",
    "![",
    "http://x.example/",
    "=?utf-8?b?",
    "=?iso-8859-1?q?",
    "?=",
    "From ",
    "\nFrom x@y Mon Jan  1 00:00:00 2024\n",
    "Date: ",
    "Content-Type: multipart/mixed; boundary=b\n",
    "--b\n",
    "charset=x-unknown",
    "Message-ID: <@",
    "From: <@>",
    " • ",
    "•",
    "Bienvenue dans ",
    "EN FILIGRANE : ",
    "Par ",
    "« ",
    " »",
    ". ",
    "...",
    "M. ",
    "\x00",
    "\r",
    "\u2028",
    "\x0c",
    "\ufeff",
    "\n",
    "\n\n",
    " ",
    "\t",
    "{",
    "}",
    "[[[[",
    '"',
    "\\",
]
BAD_DATES = [
    "31 février 2025",
    "32 juin 2025",
    "2025-02-30",
    "9999-99-99",
    "0000-00-00",
    "June 31, 2025",
    "Mon, 01 Jan 99999999999999999999 00:00:00 +0000",
    "Mon, 32 Foo 2025 99:99:99 +9999",
    "01 Jan 2025 00:00:00 +99999999999999999999",
    "1 Jan 10000 00:00 +0000",
    "Thu, 5 Jun 2025 07:00",
]
ADVERSARIAL += BAD_DATES
adversarial_text = st.lists(st.sampled_from(ADVERSARIAL) | st.text(max_size=12), max_size=120).map("".join)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252", "ascii"]


def _sample_bytes() -> dict[str, bytes]:
    """One real file per format: the shipped samples, an mbox built from the .eml one."""
    eml = (SAMPLES / "byte-brief" / "2025-06-05.eml").read_bytes()
    markdown = (SAMPLES / "byte-brief" / "2025-06-02.md").read_bytes()
    return {
        ".txt": (SAMPLES / "le-filtre" / "2025-06-02.txt").read_bytes(),
        ".md": markdown,
        ".markdown": markdown,
        ".html": (SAMPLES / "le-filtre" / "2025-06-06.html").read_bytes(),
        ".htm": (SAMPLES / "le-filtre" / "2025-06-06.html").read_bytes(),
        ".eml": eml,
        ".mbox": b"".join(b"From redaction@bytebrief.example Thu Jun  5 07:00:00 2025\n" + eml + b"\n" for _ in "ab"),
        ".jsonl": (SAMPLES / "dispatches.jsonl").read_bytes(),
        ".xml": (FEEDS / "atelier-communs_site-mixed_atom.xml").read_bytes(),
        ".atom": (FEEDS / "atelier-communs_site-mixed_atom.xml").read_bytes(),
        ".rss": (FEEDS / "harbour-notes_full-issues_rss2.xml").read_bytes(),
        ".rdf": (FEEDS / "veille-python_per-story_rss1.rdf").read_bytes(),
        ".csv": (EXPORTS / "beehiiv-posts.csv").read_bytes(),
        ".json": (EXPORTS / "ghost-export.json").read_bytes(),
        ".zip": _zipped(EXPORTS / "substack"),
    }


def _zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                bundle.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


SAMPLE_BYTES = _sample_bytes()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "la-lettre"
    path.mkdir()
    return path


def check_reader(folder: Path, suffix: str, data: bytes) -> None:
    """The contract: a result whose errors name the file, or a ``ReaderError`` naming it;
    ``read_file`` and ``resolve_metadata`` never raise."""
    path = folder / f"2025-06-12{suffix}"
    path.write_bytes(data)
    try:
        result = READERS[suffix](path)
    except ReaderError as error:
        assert error.source.startswith(str(path)) and str(path) in str(error)
    else:
        assert isinstance(result, ReadResult)
        assert all(str(path) in str(e) and e.source.startswith(str(path)) for e in result.errors)
    safe = read_file(path)
    assert all(isinstance(e, ReaderError) and str(path) in str(e) for e in safe.errors)
    resolved, problems = resolve_metadata(safe.issues)
    assert all(str(path) in str(e) for e in problems)
    assert all(d.newsletter and d.date and d.stories for d in resolved)


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes(folder, suffix, data):
    check_reader(folder, suffix, data)


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(text=adversarial_text, encoding=st.sampled_from(ENCODINGS))
def test_adversarial_text_in_any_encoding(folder, suffix, text, encoding):
    check_reader(folder, suffix, text.encode(encoding, errors="replace"))


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(
    cut=st.floats(min_value=0, max_value=1),
    splices=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(ADVERSARIAL) | st.binary(max_size=8)), max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]),
)
def test_real_files_cut_short_and_spliced(folder, suffix, cut, splices, encoding):
    data = SAMPLE_BYTES[suffix]
    if encoding != "utf-8":  # the same file saved in another encoding
        data = data.decode("utf-8", errors="replace").encode(encoding, errors="replace")
    data = data[: int(len(data) * cut)]
    for where, piece in splices:
        at = int(len(data) * where)
        data = data[:at] + (piece.encode("utf-8") if isinstance(piece, str) else piece) + data[at:]
    check_reader(folder, suffix, data)


HEADERS = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Content-Disposition",
    "MIME-Version",
    "Reply-To",
]
HEADER_PIECES = [
    "<",
    ">",
    "@",
    "<@",
    "@>",
    '"',
    ",",
    ";",
    ":",
    "(",
    ")",
    "\\",
    "=?utf-8?b?",
    "=?utf-8?q?",
    "?=",
    "text/html",
    "text/plain",
    "multipart/alternative",
    "boundary=",
    "charset=",
    "x-unknown",
    "base64",
    "quoted-printable",
    "*0*=",
    "utf-8''%ff",
    "\n ",
    " ",
    "a",
    "é",
    *BAD_DATES,
]
header_values = st.sampled_from(HEADER_PIECES) | st.lists(
    st.sampled_from(HEADER_PIECES) | st.text(max_size=6), max_size=12
).map("".join)


@pytest.mark.parametrize("suffix", [".eml", ".mbox"])
@FUZZ
@given(
    headers=st.lists(st.tuples(st.sampled_from(HEADERS), header_values), max_size=10),
    body=st.text(max_size=200) | adversarial_text,
)
def test_mail_with_any_headers(folder, suffix, headers, body):
    lines = [f"{name}: {' '.join(value.split())}" for name, value in headers]
    message = "\n".join(["From: La Lettre <a@b.example>", *lines, "", body]).encode("utf-8", errors="replace")
    check_reader(folder, suffix, b"From a@b Thu Jun  5 07:00:00 2025\n" + message if suffix == ".mbox" else message)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
ARTICLE_KEYS = ["id", "title", "date", "url", "body", "newsletter", "section", "byline", "kind", "lang"]


@FUZZ
@given(
    articles=st.lists(
        st.dictionaries(
            st.sampled_from(ARTICLE_KEYS),
            json_values | st.dates().map(date.isoformat) | st.sampled_from(BAD_DATES) | st.text(min_size=1),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_json_lines_any_values_each_line_a_story_or_an_error(folder, articles):
    path = folder / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    result = READERS[".jsonl"](path)
    stories = sum(len(issue.stories) for issue in result.issues)
    assert stories + len(result.errors) == len(articles)
    assert all(e.source.startswith(f"{path}:") and "bad article" in str(e) for e in result.errors)
    check_reader(folder, ".jsonl", path.read_bytes())


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_intact_samples_still_read(folder, suffix):
    """The fuzzed readers still read the real files: the fuzzing above is not vacuous."""
    path = folder / f"2025-06-12{suffix}"
    path.write_bytes(SAMPLE_BYTES[suffix])
    result = read_file(path)
    assert not result.errors and result.issues and all(issue.stories for issue in result.issues)


def test_a_paragraph_is_not_a_newsletter_name(folder):
    """A "greeting" whose name runs for a paragraph names no newsletter: the folder does."""
    path = folder / "2025-06-12.txt"
    path.write_text(f"Un titre • Bienvenue dans {'la lettre ' * 50}, jeudi 12 juin 2025.\nUn texte.\n")
    drafts, problems = resolve_metadata(read_file(path).issues)
    assert not problems and drafts[0].newsletter == "La Lettre"


# -- the pieces readers are made of ---------------------------------------------------------------
@FUZZ
@given(text=st.text(max_size=3000) | adversarial_text)
def test_segmenters_and_html_take_any_text(text):
    for found in (segment_plain_text(text), segment_markdown(text)):
        assert all(s.body or s.headline for s in found.stories)
        assert found.newsletter is None or isinstance(found.newsletter, str)
        assert found.date_text is None or isinstance(found.date_text, str)
    markdown, title = html_to_markdown(text)
    assert isinstance(markdown, str) and isinstance(title, str)


@FUZZ
@given(text=st.text(max_size=1000) | adversarial_text)
def test_html_keeps_escaped_text_and_drops_scripts(text):
    """Text, escaped into a page, comes out whole; the page's script never does."""
    page = f"<html><body><p>{html.escape(text)}</p><script>var tracker = 1;</script></body></html>"
    markdown, _ = html_to_markdown(page)
    # NUL is never text (decode drops it too); zero-width marks are not words
    assert markdown == " ".join(text.replace("\x00", "").translate(INVISIBLE).split())


def test_marked_sections_and_cut_off_tags_do_not_cost_the_page():
    """Outlook's ``<![if !mso]>``, a stray ``<![`` (which Python's parser rejects) and a tag
    cut off by the end of the file are dropped as HTML5 drops them; the page is read."""
    page = "<![if !mso]><h3>Titre</h3><p>Le texte.</p><![endif]><![<![<p>La fin.</p><a href='x"
    assert html_to_markdown(page) == ("### Titre\n\nLe texte.\n\nLa fin.", "")


@FUZZ
@given(text=st.text(max_size=2000) | adversarial_text)
def test_sentences_lose_nothing(text):
    """Every non-space character of the text is in exactly one sentence, in order."""
    sentences = split_sentences(text)
    assert all(s and s == s.strip() for s in sentences)
    assert "".join("".join(s.split()) for s in sentences) == "".join(
        "".join(line.split()) for line in text.splitlines()
    )


@FUZZ
@given(
    body=st.text(max_size=3000) | adversarial_text,
    headline=st.text(max_size=200),
    max_tokens=st.sampled_from([32, 64, 256]),
)
def test_chunks_stay_within_budget(body, headline, max_tokens):
    """At most the budget left beside the headline, plus the overlap carried over."""
    story = Story(story_id="x-2025-06-12/01", issue_id="x-2025-06-12", position=1, headline=headline, body=body)
    overlap = 8
    chunks = chunk_story(story, max_tokens=max_tokens, overlap_tokens=overlap)
    head = f"{headline}\n" if headline else ""
    head_tokens = count_tokens(head)
    budget = max(max_tokens - head_tokens, max_tokens // 2)
    assert chunks or not (body.strip() or headline)
    for chunk in chunks:
        assert chunk.text.startswith(head)
        assert chunk.n_tokens <= head_tokens + budget + overlap


@FUZZ
@given(sentence=st.text(alphabet="ab .", max_size=400), limit=st.integers(min_value=4, max_value=60))
def test_long_sentences_are_encoded_in_slices_that_lose_nothing(monkeypatch, sentence, limit):
    """tiktoken is quadratic on one long word: text is encoded in slices of at most
    ``MAX_ENCODE_CHARS``, cut after a space when there is one, that add up to the text."""
    monkeypatch.setattr(chunking, "MAX_ENCODE_CHARS", limit)
    slices = chunking._slices(sentence)
    assert "".join(slices) == sentence
    assert all(len(piece) <= limit for piece in slices)
    assert all(piece.endswith(" ") or " " not in piece[limit // 2 :] for piece in slices[:-1])


# -- dates ------------------------------------------------------------------------------------
@FUZZ
@given(text=st.text(max_size=500) | adversarial_text)
def test_dates_from_any_text_are_real_dates_or_none(text):
    for found in (find_date(text), date_from_path(text)):
        assert found is None or isinstance(found, date)
    try:
        assert isinstance(parse_iso_date(text), date)
    except ValueError as error:
        assert "YYYY-MM-DD" in str(error)


FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


@FUZZ
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), prose=st.text(max_size=40))
def test_dates_written_any_way_are_found(day, prose):
    written = [
        day.isoformat(),
        f"{day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}",
        f"{calendar.month_name[day.month]} {day.day}, {day.year}",
    ]
    for text in written:
        assert find_date(f"Édition du {text}") == day
    assert date_from_path(f"archive/{day.year}/{day:%m}/{day:%d}.md") == day
    if not any(c.isdigit() for c in fold(prose)):  # prose without numbers states no date
        assert find_date(f"{prose} {written[1]}") == day


@FUZZ
@given(value=st.text(max_size=60) | st.sampled_from(BAD_DATES))
def test_invalid_mail_dates_are_no_date_not_a_crash(folder, value):
    value = " ".join(value.replace("\x00", "").split())
    message = f"From: La Lettre <a@b.example>\nDate: {value}\nSubject: x\n\nUn titre\n\nUn texte.\n"
    check_reader(folder, ".eml", message.encode("utf-8"))
