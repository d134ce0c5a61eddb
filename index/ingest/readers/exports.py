"""Newsletter platforms' exports → issue drafts: Substack (a folder or a .zip holding
``posts.csv`` and ``posts/<post_id>.<slug>.html``), Ghost (JSON), beehiiv (CSV), and any CSV
or JSON list of posts whose columns name a title, a date and the content.

Each published post with content is one issue, its HTML (or Markdown) segmented like a page
of its own. Drafts, pages and empty posts are left out, their titles in ``skipped``.
A zip is read in memory, member by member under a size cap; member names are only keys,
never paths on the disk.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from index.errors import ReaderError
from index.ingest.drafts import IssueDraft
from index.ingest.readers.base import MAX_FILE_BYTES, MAX_ISSUE_BYTES, ReadResult, decode
from index.ingest.readers.documents import read_html, read_markdown, read_text
from index.text.dates import find_date

MAX_EXPORT_BYTES = 256 * 2**20  # all the posts of one zipped export: a thousand real posts weigh under 100 MB
POSTS_CSV = "posts.csv"
# Column names, normalised (lower case, "_" between words), most specific first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": tuple("title subject headline post_title email_subject subject_line name".split()),
    # created_at comes last: a draft's creation, not the issue's sending
    "date": tuple(
        "date publish_date published_at post_date publication_date pub_date sent_at send_date displayed_date "
        "created_at".split()
    ),
    "html": tuple("html content_html body_html html_content post_html email_html web_html".split()),
    "markdown": tuple("markdown md content_markdown body_markdown markdown_content".split()),
    "content": tuple("content body text content_text post_content plaintext".split()),
    "status": tuple("status is_published state post_status".split()),
    "id": tuple("id post_id uuid slug guid".split()),
    "newsletter": tuple("newsletter newsletter_name publication publication_name".split()),
}
_CONTENT_ROLES = ("html", "markdown", "content")
_TEXT_READERS = {"markdown": read_markdown, "text": read_text}
_UNPUBLISHED = {"draft", "false", "0", "no", "archived", "scheduled", "unpublished", "deleted"}
_EXPECTED = (
    "expected a title column (title, subject…), a date column (date, publish_date, published_at…) "
    "and a content column (html, content_html, markdown, body, content…)"
)
_HTML_TAG = re.compile(r"<(?:p|div|h[1-6]|ul|ol|li|br|table|a|span|strong|em|b|i|img)\b[^<>]*>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_HIDDEN_OPEN = re.compile(r"<!--|<(script|style|template|iframe)\b", re.I)  # elements whose text is not text


@dataclass(frozen=True)
class Post:
    key: str  # its id in the export, else its row number: the issue's source is ``file#key``
    title: str
    day: date | None
    content: str
    markup: str  # "html", "markdown" or "text"
    published: bool
    newsletter: str | None = None


class Members(Protocol):
    """The files of a Substack export, by their names inside it (a folder or a zip)."""

    def names(self) -> list[str]: ...

    def read(self, name: str) -> bytes: ...


def is_export(path: Path) -> bool:
    """A folder or zip holding ``posts.csv``, a Ghost JSON export or a JSON list of posts,
    or a CSV whose header names a title, a date and a content column."""
    try:
        if path.is_dir() or path.suffix.lower() == ".zip" or path.name == POSTS_CSV:
            return _has_posts_csv(path)
        if path.suffix.lower() == ".json":
            _json_posts(path)
            return True
        if path.suffix.lower() == ".csv":
            return not _missing_roles(_normal_columns(_csv_header(path)))
    except (OSError, ValueError, ReaderError, zipfile.BadZipFile):
        return False
    return False


def read_export(path: Path) -> ReadResult:
    """The issues of an export; a file of another shape is an error naming what was expected."""
    try:
        posts = _posts(path)
    except ReaderError as error:
        return ReadResult(errors=[error])
    return issues_from_posts(posts, str(path))


def _posts(path: Path) -> list[Post | ReaderError]:
    if path.is_dir() or path.suffix.lower() == ".zip" or path.name == POSTS_CSV:
        return _substack_posts(path)
    if path.suffix.lower() == ".json":
        return _json_posts(path)
    if path.suffix.lower() == ".csv":
        _check_size(path, MAX_FILE_BYTES)
        return table_posts(_csv_rows(path.read_bytes(), str(path)), str(path))
    raise ReaderError(
        path, "is not a newsletter export", f"use a Substack folder or .zip, a .json or a .csv; {_EXPECTED}"
    )


def _check_size(path: Path, limit: int) -> None:
    """Refuse, before reading a byte, a file larger than ``limit``."""
    size = path.stat().st_size
    if size > limit:
        raise _too_big(path, size, limit)


def _too_big(source: str | Path, size: int, limit: int) -> ReaderError:
    return ReaderError(
        source, f"{_amount(size)} is more than newsdesk reads here ({_amount(limit)})", "is it a real export?"
    )


def _amount(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size:,} bytes"


def issues_from_posts(posts: Iterable[Post | ReaderError], source: str) -> ReadResult:
    """One issue per published post with content; the others' titles go to ``skipped``, and
    a post that could not be read is an error naming it."""
    result = ReadResult()
    keys: set[str] = set()
    for n, post in enumerate(posts, start=1):
        if isinstance(post, ReaderError):
            result.errors.append(post)
            continue
        if not post.published or not post.content.strip():
            result.skipped.append(post.title or post.key)
            continue
        key = post.key if post.key not in keys else f"{post.key}~{n}"  # two posts, one id: two issues
        keys.add(key)
        try:
            result.issues.append(issue_of_post(post, f"{source}#{key}"))
        except ReaderError as error:
            result.errors.append(error)
    return result


def issue_of_post(post: Post, source: str) -> IssueDraft:
    if post.markup == "html":
        draft = read_html(post.content, source)
    else:
        draft = _TEXT_READERS[post.markup](_without_html(post.content), source)
    draft.subject = post.title or draft.subject
    draft.date = post.day or draft.date
    draft.newsletter = post.newsletter or draft.newsletter
    return draft


def _without_html(markdown: str) -> str:
    """Markdown may embed raw HTML: its tags go, and so do scripts, styles and comments
    whole; the text between tags stays. One pass from left to right: an element left open
    ends the text, it is not searched for again from every later ``<``."""
    kept, position = [], 0
    while opening := _HIDDEN_OPEN.search(markdown, position):
        kept.append(markdown[position : opening.start()])
        closing = "-->" if opening[0] == "<!--" else rf"</{opening[1]}\b[^<>]*>"
        end = re.compile(closing, re.I).search(markdown, opening.end())
        position = end.end() if end else len(markdown)
    kept.append(markdown[position:])
    return _ANY_TAG.sub("", "".join(kept))


# ---- records mapped by column name (beehiiv, generic CSV and JSON, Substack's posts.csv)


def _normal(name: str) -> str:
    """``"Content (HTML)"`` → ``"content_html"``; ``"Publish Date"`` → ``"publish_date"``."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _normal_columns(columns: Iterable[str]) -> dict[str, str]:
    """Role (``title``, ``date``…) → the column holding it, found by name."""
    by_name = {_normal(c): c for c in columns if isinstance(c, str)}
    roles = {}
    for role, names in COLUMNS.items():
        found = next((by_name[n] for n in names if n in by_name), None)
        if found is not None:
            roles[role] = found
    return roles


def _missing_roles(roles: Mapping[str, str], need_content: bool = True) -> list[str]:
    missing = [role for role in ("title", "date") if role not in roles]
    if need_content and not any(role in roles for role in _CONTENT_ROLES):
        missing.append("content")
    return missing


def _text(record: Mapping[str, Any], roles: Mapping[str, str], role: str) -> str:
    value = record.get(roles[role]) if role in roles else None
    if isinstance(value, int) and not isinstance(value, bool):  # a JSON export's numeric id
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def _content(record: Mapping[str, Any], roles: Mapping[str, str]) -> tuple[str, str]:
    """(content, markup): the first content column that is filled. One named only "body" or
    "content" is HTML when it holds tags, Markdown when it has headings, else plain text."""
    for role in _CONTENT_ROLES:
        if value := _text(record, roles, role):
            if role != "content":
                return value, role
            if _HTML_TAG.search(value[:20_000]):
                return value, "html"
            return value, "markdown" if _MARKDOWN_HEADING.search(value) else "text"
    return "", "html"


def _day(text: str) -> date | None:
    """``2024-03-05T10:00:00.000Z``, ``2024-03-05 10:00``, ``5 mars 2024``…; else None."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return find_date(text[:200]) if text else None


def post_of_record(record: Mapping[str, Any], roles: Mapping[str, str], n: int) -> Post:
    content, markup = _content(record, roles)
    return Post(
        key=_text(record, roles, "id") or str(n),
        title=_text(record, roles, "title"),
        day=_day(_text(record, roles, "date")),
        content=content,
        markup=markup,
        published=_text(record, roles, "status").lower() not in _UNPUBLISHED,
        newsletter=_text(record, roles, "newsletter") or None,
    )


def table_posts(records: list[dict[str, Any]], source: str, need_content: bool = True) -> list[Post | ReaderError]:
    """Posts of records that all share one set of columns (a CSV, a JSON list)."""
    columns = sorted({c for r in records for c in r if isinstance(c, str)})
    roles = _normal_columns(columns)
    if missing := _missing_roles(roles, need_content):
        found = ", ".join(columns[:12]) or "none"
        raise ReaderError(
            source, f"is not a newsletter export: no {' or '.join(missing)} column (columns: {found})", _EXPECTED
        )
    return [post_of_record(r, roles, n) for n, r in enumerate(records, start=1)]


def _csv_rows(data: bytes, source: str) -> list[dict[str, Any]]:
    # A post's HTML is often longer than csv's default 128 KB field limit; the file's own size is capped.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    try:
        return list(csv.DictReader(io.StringIO(decode(data, source), newline="")))
    except csv.Error as error:
        raise ReaderError(source, f"is not a readable CSV file ({error})", "export it again as CSV") from None


def _csv_header(path: Path) -> list[str]:
    with path.open("rb") as file:
        head = file.read(64 * 1024)
    first = decode(head, str(path)).splitlines()[:1]
    return next(csv.reader(first), [])


# ---- JSON: Ghost's export, or a list of post records


def _json_posts(path: Path) -> list[Post | ReaderError]:
    _check_size(path, MAX_FILE_BYTES)
    try:
        document = json.loads(decode(path.read_bytes(), str(path)))
    except (json.JSONDecodeError, RecursionError):
        raise ReaderError(path, "is not valid JSON", "export it again") from None
    if ghost := _ghost_data(document):
        return ghost_posts(ghost, str(path))
    records = document.get("posts") if isinstance(document, dict) else document
    if isinstance(records, list) and records and all(isinstance(r, dict) for r in records):
        return table_posts(records, str(path))
    raise ReaderError(
        path, "is not a newsletter export (neither Ghost's {db: [{data: {posts}}]} nor a list of posts)", _EXPECTED
    )


def _ghost_data(document: Any) -> dict[str, Any] | None:
    """The ``data`` of a Ghost export: ``{"db": [{"meta": …, "data": {"posts": […]}}]}``."""
    if isinstance(document, dict) and isinstance(document.get("db"), list) and document["db"]:
        document = document["db"][0]
    data = document.get("data") if isinstance(document, dict) else None
    return data if isinstance(data, dict) and isinstance(data.get("posts"), list) else None


def ghost_posts(data: Mapping[str, Any], source: str) -> list[Post | ReaderError]:
    """Ghost's posts, named after the site's title. Only published posts are issues: pages
    (``type: page``) are the site's own, drafts and scheduled posts were never sent."""
    settings = {s.get("key"): s.get("value") for s in data.get("settings") or [] if isinstance(s, dict)}
    site = settings.get("title") if isinstance(settings.get("title"), str) else None
    roles = {"title": "title", "date": "published_at", "html": "html", "id": "slug"}
    posts: list[Post | ReaderError] = []
    for n, record in enumerate((p for p in data["posts"] if isinstance(p, dict)), start=1):
        is_issue = record.get("status") == "published" and record.get("type", "post") == "post"
        posts.append(replace(post_of_record(record, roles, n), published=is_issue, newsletter=site))
    return posts


# ---- Substack: posts.csv beside posts/<post_id>.<slug>.html, in a folder or a zip


class FolderMembers:
    """An export unpacked in a folder: only ``posts.csv`` and ``posts/*.html`` are listed."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def names(self) -> list[str]:
        posts = self.root / "posts"
        html = sorted(f"posts/{p.name}" for p in posts.glob("*.html") if p.is_file()) if posts.is_dir() else []
        return [POSTS_CSV, *html]

    def read(self, name: str) -> bytes:
        path = self.root / name
        _check_size(path, MAX_FILE_BYTES if name == POSTS_CSV else MAX_ISSUE_BYTES)
        try:
            return path.read_bytes()
        except OSError as error:  # one unreadable post: the others are read
            raise ReaderError(path, f"could not be read ({error.strerror or error})", "check its permissions") from None


class ZipMembers:
    """A zip's members read into memory, each refused past its cap: the sizes its header
    states are checked first, then the bytes actually inflated (a header can lie)."""

    def __init__(self, bundle: zipfile.ZipFile, prefix: str, source: str) -> None:
        self.bundle, self.source = bundle, source
        self.members = {i.filename[len(prefix) :]: i for i in bundle.infolist() if i.filename.startswith(prefix)}
        self.total = 0

    def names(self) -> list[str]:
        return [n for n in self.members if n == POSTS_CSV or _is_post_html(n)]

    def read(self, name: str) -> bytes:
        info = self.members[name]
        cap = MAX_FILE_BYTES if name == POSTS_CSV else MAX_ISSUE_BYTES
        where = f"{self.source}#{info.filename}"
        if info.file_size > cap:
            raise _too_big(where, info.file_size, cap)
        if self.total + info.file_size > MAX_EXPORT_BYTES:
            raise _too_big(where, self.total + info.file_size, MAX_EXPORT_BYTES)
        try:
            with self.bundle.open(info) as member:
                data = member.read(cap + 1)
        except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, OSError, EOFError) as error:
            raise ReaderError(where, f"could not be read from the zip ({error})", "export it again") from None
        self.total += len(data)
        if len(data) > cap:
            raise _too_big(where, len(data), cap)  # more than its header said
        return data


def _is_post_html(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return len(parts) == 2 and parts[0] == "posts" and parts[1].endswith(".html")


def _zip_prefix(bundle: zipfile.ZipFile) -> str | None:
    """Where ``posts.csv`` sits: at the root, or in one folder (an export zipped again)."""
    for name in sorted(bundle.namelist(), key=len):
        parts = PurePosixPath(name).parts
        if parts and parts[-1] == POSTS_CSV and len(parts) <= 2:
            return name[: -len(POSTS_CSV)]
    return None


def _has_posts_csv(path: Path) -> bool:
    """A Substack export: a folder or a zip holding ``posts.csv``, or that file itself."""
    if path.is_dir():
        return (path / POSTS_CSV).is_file()
    if path.name == POSTS_CSV:
        return path.is_file()
    with zipfile.ZipFile(path) as bundle:
        return _zip_prefix(bundle) is not None


def _substack_posts(path: Path) -> list[Post | ReaderError]:
    if path.is_dir() or path.name == POSTS_CSV:
        root = path if path.is_dir() else path.parent
        if not (root / POSTS_CSV).is_file():
            raise ReaderError(path, f"holds no {POSTS_CSV}", "give the folder of a Substack export")
        return substack_posts(FolderMembers(root), str(path))
    _check_size(path, MAX_FILE_BYTES)
    try:
        with zipfile.ZipFile(path) as bundle:
            prefix = _zip_prefix(bundle)
            if prefix is None:
                raise ReaderError(path, f"holds no {POSTS_CSV}", "give the .zip of a Substack export")
            return substack_posts(ZipMembers(bundle, prefix, str(path)), str(path))
    except zipfile.BadZipFile as error:
        raise ReaderError(path, f"is not a valid zip file ({error})", "download the export again") from None


def substack_posts(members: Members, source: str) -> list[Post | ReaderError]:
    """``posts.csv``'s rows with their HTML. Substack names each post's file
    ``<post_id>.<slug>.html``, and recent exports already write ``post_id`` as ``<id>.<slug>``:
    files are matched on the number before the first dot. A draft's file is not read."""
    rows = _csv_rows(members.read(POSTS_CSV), f"{source}#{POSTS_CSV}")
    files = {PurePosixPath(n).name.split(".", 1)[0]: n for n in members.names() if n != POSTS_CSV}
    found: list[Post | ReaderError] = []
    for post in table_posts(rows, f"{source}#{POSTS_CSV}", need_content=False):
        if isinstance(post, Post):
            name = files.get(post.key.split(".", 1)[0])
            try:
                content = decode(members.read(name), f"{source}#{name}") if name and post.published else ""
            except ReaderError as error:  # one oversized or broken file: the other posts are read
                found.append(error)
                continue
            post = replace(post, content=content, markup="html")
        found.append(post)
    return found
