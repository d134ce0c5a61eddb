"""Files → issue drafts, by format; directories are walked recursively.

Every reader returns ``IssueDraft``s (stories without ids yet). Newsletter name and date
come from the content when it states them, else from the file's path; ``resolve_metadata``
fills the gaps and names the file and the fix when it cannot.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from index.errors import EmptyFile, MissingMetadata, ReaderError, UnsupportedFormat
from index.ingest.drafts import IssueDraft, StoryDraft, file_of
from index.ingest.readers.base import MAX_FILE_BYTES, MAX_ISSUE_BYTES, ReadResult, decode
from index.ingest.readers.documents import from_mail, read_html, read_markdown, read_text
from index.ingest.readers.exports import is_export, read_export
from index.ingest.readers.feeds import read_feed
from index.ingest.readers.mail import read_eml, read_mbox
from index.text.dates import date_from_path, parse_iso_date

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ISSUE_BYTES",
    "READERS",
    "ReadResult",
    "decode",
    "file_hash",
    "is_export",
    "list_files",
    "read_file",
    "read_jsonl",
    "resolve_metadata",
]

MAX_STORY_CHARS = 200_000  # about 30,000 words: longer is a dump, not a newsletter story
MAX_NAME_CHARS = 100  # a longer newsletter "name" is a sentence read by mistake
# Files that hold many issues (an .eml may carry attachments beside its text).
_CONTAINERS = {".mbox", ".jsonl", ".eml", ".xml", ".rss", ".atom", ".rdf", ".csv", ".json", ".zip"}
Recorded = Callable[[str], tuple[str, date] | None]  # source → (newsletter, date) already indexed
FolderName = Callable[[Path], str | None]  # folder → the newsletter of the issues already indexed from it
_GENERIC_DIRS = {
    "issues",
    "archive",
    "archives",
    "newsletters",
    "samples",
    "sample",
    "data",
    "inbox",
    "tmp",
    "uploads",
    "corpus",
    "mail",
    "mails",
    "emails",
    "export",
    ".",
}
# "2-html", "5-markdown", "feeds", "web", "fr": a folder sorted by format or language, a file-name tag
_FORMAT_WORD = re.compile(
    r"^\d+[-_ ]|^(?:html?|markdown|md|txt|text|e-?mails?|eml|mbox|feeds?|rss\d*|atom|rdf|xml|json|jsonl|csv|zip"
    r"|exports?|web|issue|per|story|site|fr|en|de|es|it)$"
)


_ARTICLE_TEXT = ("title", "date", "body", "newsletter", "section", "kind", "byline", "url", "lang")


def _article(line: str) -> tuple[dict[str, Any], date]:
    """One JSON Lines article and its date; ``ValueError`` saying what is wrong with it."""
    try:
        article = json.loads(line)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(article, dict):
        raise ValueError("not a JSON object")
    missing = [k for k in ("title", "date", "body") if not article.get(k)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    not_text = [k for k in _ARTICLE_TEXT if article.get(k) is not None and not isinstance(article[k], str)]
    if not_text:
        raise ValueError(f"{', '.join(not_text)} must be text")
    day = parse_iso_date(article["date"][:10])
    assert day is not None  # a string is a date or a ValueError
    return article, day


def read_jsonl(text: str, source: str) -> ReadResult:
    """One article per line (``id, title, date, url, body`` + optional ``newsletter, section,
    byline, lang``), grouped into one issue per newsletter and date. A bad line is an error
    naming its number; the good lines around it are read.

    Lines end at ``\\n`` only: JSON strings may hold U+2028 and other characters that
    ``str.splitlines`` would break a line at."""
    result = ReadResult()
    groups: dict[tuple[str | None, date], list[tuple[str, dict[str, Any]]]] = {}
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            article, day = _article(line)
        except ValueError as error:
            result.errors.append(
                ReaderError(
                    f"{source}:{n}", f"bad article ({error})", "each line needs id, title, date (YYYY-MM-DD), url, body"
                )
            )
            continue
        newsletter = (article.get("newsletter") or "").strip() or None  # "" and None: one issue, one source
        groups.setdefault((newsletter, day), []).append((line, article))
    for (newsletter, day), items in groups.items():
        stories = [
            StoryDraft(
                headline=a["title"].strip(),
                body=[p.strip() for p in a["body"].splitlines() if p.strip()],
                section=a.get("section"),
                kind=a.get("kind") or "article",
                byline=a.get("byline"),
                url=a.get("url"),
            )
            for _, a in items
        ]
        languages = {a.get("lang") for _, a in items} - {None}
        result.issues.append(
            IssueDraft(
                source=f"{source}#{newsletter or ''}/{day.isoformat()}",
                raw="\n".join(line for line, _ in items),
                stories=stories,
                newsletter=newsletter,
                date=day,
                subject=stories[0].headline or "",
                language=languages.pop() if len(languages) == 1 else None,
            )
        )
    return result


def _read_textual(reader: Callable[[str, str], IssueDraft]) -> Callable[[Path], ReadResult]:
    def read(path: Path) -> ReadResult:
        return ReadResult(issues=[reader(decode(path.read_bytes(), str(path)), str(path))])

    return read


def _read_eml_file(path: Path) -> ReadResult:
    return ReadResult(issues=[from_mail(read_eml(path.read_bytes(), str(path)), str(path))])


def _read_mbox_file(path: Path) -> ReadResult:
    """One issue per message, keyed by Message-ID. Exports repeat messages: a repeat is
    read once, and a different message reusing an ID is told apart by its position (two
    issues from one source would collide in the catalog)."""
    result = ReadResult()
    first_body: dict[str, str] = {}
    for n, item in enumerate(read_mbox(path), start=1):
        if isinstance(item, ReaderError):
            result.errors.append(item)
            continue
        key = item.key
        if key in first_body:
            if first_body[key] == item.body:
                continue
            key = f"{key}~{n}"
        first_body[key] = item.body
        result.issues.append(from_mail(item, f"{path}#{key}"))
    return result


def _read_jsonl_file(path: Path) -> ReadResult:
    return read_jsonl(decode(path.read_bytes(), str(path)), str(path))


READERS: dict[str, Callable[[Path], ReadResult]] = {
    ".txt": _read_textual(read_text),
    ".md": _read_textual(read_markdown),
    ".markdown": _read_textual(read_markdown),
    ".html": _read_textual(read_html),
    ".htm": _read_textual(read_html),
    ".eml": _read_eml_file,
    ".mbox": _read_mbox_file,
    ".jsonl": _read_jsonl_file,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".rdf": read_feed,
    ".csv": read_export,
    ".json": read_export,
    ".zip": read_export,
}


def file_hash(path: Path) -> str:
    """SHA-256 of the file, read in 1 MB pieces: a file too large to ingest is hashed (and then
    refused by its reader) without being held in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for piece in iter(lambda: file.read(2**20), b""):
            digest.update(piece)
    return digest.hexdigest()


def list_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """(readable files, other files), walking directories recursively in name order; a file
    named twice (``ingest f f``, or a file inside a directory also given) is listed once."""
    files: list[Path] = []
    other: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).resolve()  # sources are absolute: the same file is the same source
        if not path.exists():
            raise ReaderError(path, "no such file or directory", "check the path")
        for candidate in _walk(path):
            if candidate.name.startswith(".") or candidate in seen:
                continue
            seen.add(candidate)
            # Only regular files are read (a named pipe or a device would never end), and
            # export folders, read whole. A file named itself is read whatever its format: one
            # newsdesk does not read is then an error, not a file skipped in passing.
            known = candidate.suffix.lower() in READERS or candidate == path
            readable = candidate.is_dir() or (known and candidate.is_file())
            (files if readable else other).append(candidate)
    return files, [str(p) for p in other]


def _walk(path: Path) -> list[Path]:
    """The files under ``path`` in name order; a platform export's folder (Substack's
    ``posts.csv`` beside ``posts/``) is one item: its posts are read through its list."""
    if not path.is_dir() or is_export(path):
        return [path]
    found: list[Path] = []
    for child in sorted(path.iterdir()):
        found.extend(_walk(child) if child.is_dir() and not child.is_symlink() else [child])
    return found


def _check_size(path: Path) -> None:
    """Refuse, before reading a byte, a file too big to be what its format holds."""
    suffix = path.suffix.lower()
    limit = MAX_FILE_BYTES if suffix in _CONTAINERS else MAX_ISSUE_BYTES
    size = path.stat().st_size
    if size > limit:
        what = "a file" if suffix in _CONTAINERS else "one issue"
        raise ReaderError(
            path,
            f"{size / 2**20:.1f} MB is more than newsdesk reads in {what} ({limit // 2**20} MB)",
            "split it into one file per issue",
        )


def _story_chars(story: StoryDraft) -> int:
    return len(story.headline or "") + sum(len(p) for p in story.body)


def _drop_oversized_stories(result: ReadResult) -> None:
    """Leave out stories longer than ``MAX_STORY_CHARS``, each with an error naming it.

    Such a "story" is a dump (a page without paragraphs, a log, base64): chunking and
    embedding it would cost minutes and fill the index with noise. The issue's other
    stories are kept; an issue left with none is dropped, its errors say why."""
    issues = []
    for issue in result.issues:
        kept = []
        for n, story in enumerate(issue.stories, start=1):
            size = _story_chars(story)
            if size <= MAX_STORY_CHARS:
                kept.append(story)
                continue
            result.errors.append(
                ReaderError(
                    issue.source,
                    f"story {n} ({(story.headline or '')[:60]!r}) has {size:,} characters, "
                    f"more than {MAX_STORY_CHARS:,}: left out",
                    "is it a newsletter story? split it at its paragraphs",
                )
            )
        if kept or not issue.stories:  # an issue with no story at all is reported later, by resolve_metadata
            issue.stories = kept
            issues.append(issue)
    result.issues = issues


def _is_blank(path: Path) -> bool:
    """Nothing but white space (or nothing at all), read until the first other byte."""
    with open(path, "rb") as file:
        while chunk := file.read(1 << 16):
            if chunk.strip():
                return False
    return True


def read_file(path: Path) -> ReadResult:
    """Read one file of a known format (or an export's folder); problems come back as errors,
    never raised."""
    reader = read_export if path.is_dir() else READERS.get(path.suffix.lower())
    if reader is None:
        return ReadResult(
            errors=[UnsupportedFormat(path, f"unknown format {path.suffix!r}", f"use one of {', '.join(READERS)}")]
        )
    try:
        _check_size(path)
        if not path.is_dir() and _is_blank(path):  # else it reads as an issue without date or stories
            return ReadResult(
                errors=[EmptyFile(path, "the file is empty", "save the issue's text in it, or leave it out")]
            )
        result = reader(path)
    except ReaderError as error:
        return ReadResult(errors=[error])
    except RecursionError:
        return ReadResult(errors=[ReaderError(path, "nested too deeply to be read", "check the file is a valid issue")])
    except (OSError, ValueError) as error:
        problem = f"could not be read ({str(error)[:200]})"
        return ReadResult(errors=[ReaderError(path, problem, "check the file is a valid issue")])
    except Exception as error:  # a parser's bug: named, and the rest of the batch goes on
        problem = f"could not be read ({type(error).__name__}: {str(error)[:200]})"
        return ReadResult(errors=[ReaderError(path, problem, "please report this file to the newsdesk developers")])
    _drop_oversized_stories(result)
    return result


def _name_from_path(source: str) -> str | None:
    """The issue's folder ("tldr-ai/2025-06-12.md"), else its file name less its date, number,
    language and format ("golang-weekly_400_2022-02-18_email.html" → "Golang Weekly")."""
    path = Path(file_of(source))
    folder = path.parent.name
    if folder and not _generic_name(folder):
        return _titled(folder)
    words = [w for w in re.split(r"[-_.\s]+", path.stem) if w and not w.isdigit() and not _generic_name(w)]
    return _titled(" ".join(words)) if words else None


def _generic_name(name: str) -> bool:
    """A folder or file-name word that says nothing of the newsletter: "archive", "2-html", "fr"."""
    name = name.lower()
    return name in _GENERIC_DIRS or name.isdigit() or bool(_FORMAT_WORD.search(name))


def _titled(name: str) -> str:
    name = name.replace("-", " ").replace("_", " ").strip()
    return name.title() if name.islower() else name


def _plausible_name(name: str | None) -> str | None:
    """A newsletter name read from content, or None when it is empty or a whole paragraph."""
    name = (name or "").strip()
    return name if 0 < len(name) <= MAX_NAME_CHARS else None


def resolve_metadata(
    drafts: list[IssueDraft],
    newsletter: str | None = None,
    day: date | None = None,
    recorded: Recorded | None = None,
    folder_name: FolderName | None = None,
) -> tuple[list[IssueDraft], list[ReaderError]]:
    """Fill each draft's newsletter and date: explicit value > content > what the archive
    recorded for the same source > sibling files read now > sibling files indexed before
    > path.

    ``recorded`` (source → newsletter and date already indexed) lets a file whose name came
    from its siblings or its folder be read again alone after an edit: it stays the same
    issue of the same newsletter instead of becoming "cannot tell the newsletter".
    ``folder_name`` does the same for a new file added alone to a folder already indexed."""
    for draft in drafts:
        draft.newsletter = _plausible_name(draft.newsletter)
    by_folder: dict[Path, Counter[str]] = {}
    for draft in drafts:
        if draft.newsletter:
            folder = Path(file_of(draft.source)).parent
            by_folder.setdefault(folder, Counter())[draft.newsletter] += 1
    resolved: list[IssueDraft] = []
    errors: list[ReaderError] = []
    for draft in drafts:
        siblings = by_folder.get(Path(file_of(draft.source)).parent)
        needs_lookup = not ((newsletter or draft.newsletter) and (day or draft.date))
        known = recorded(draft.source) if recorded and needs_lookup else None
        known_name, known_day = known or (None, None)
        draft.newsletter = (
            newsletter
            or draft.newsletter
            or known_name
            or (siblings.most_common(1)[0][0] if siblings else None)
            or (folder_name(Path(file_of(draft.source)).parent) if folder_name and needs_lookup else None)
            or _name_from_path(draft.source)
        )
        draft.date = day or draft.date or known_day or date_from_path(file_of(draft.source))
        if not draft.newsletter or not draft.date:
            missing = " and ".join(
                what for what, value in (("newsletter", draft.newsletter), ("date", draft.date)) if not value
            )
            errors.append(
                MissingMetadata(
                    draft.source,
                    f"cannot tell the {missing} of this issue",
                    "give it: --newsletter NAME / --date YYYY-MM-DD (CLI), the Newsletter and Date fields"
                    " beside the upload (app), ?newsletter=&date= (POST /api/issues)",
                    tuple(
                        what for what, value in (("newsletter", draft.newsletter), ("date", draft.date)) if not value
                    ),
                )
            )
        elif not draft.stories:
            errors.append(ReaderError(draft.source, "no stories found", "is this a newsletter issue?"))
        else:
            resolved.append(draft)
    return resolved, errors
