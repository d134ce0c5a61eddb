"""Files → issue drafts, by format; directories are walked recursively.

Every reader returns ``IssueDraft``s (stories without ids yet). Newsletter name and date
come from the content when it states them, else from the file's path; ``resolve_metadata``
fills the gaps and names the file and the fix when it cannot.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from index.dates import date_from_path, find_date, parse_iso_date
from index.drafts import IssueDraft, StoryDraft, file_of
from index.errors import MissingMetadata, ReaderError, UnsupportedFormat
from index.html_text import html_to_markdown
from index.mail import MailIssue, read_eml, read_mbox
from index.segment_markdown import segment_markdown, split_title
from index.segment_text import segment_plain_text

MAX_FILE_BYTES = 64 * 1024 * 1024
_GENERIC_DIRS = {"issues", "archive", "archives", "newsletters", "samples", "sample", "data",
                 "inbox", "tmp", "uploads", "corpus", "mail", "mails", "emails", "export", "."}  # fmt: skip


@dataclass
class ReadResult:
    issues: list[IssueDraft] = field(default_factory=list)
    errors: list[ReaderError] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # files of formats newsdesk does not read


def decode(data: bytes, source: str) -> str:
    """Bytes → text: UTF-8 (with or without BOM), else Windows-1252; binary is refused."""
    if b"\x00" in data[:8192]:
        raise ReaderError(
            source, "looks like a binary file", "newsdesk reads text, Markdown, HTML, e-mail and JSON Lines"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _from_segmented(
    source: str, raw: str, segmented: tuple[list[StoryDraft], str | None, str | None, str]
) -> IssueDraft:
    stories, newsletter, date_text, subject = segmented
    return IssueDraft(
        source=source,
        raw=raw,
        stories=stories,
        newsletter=newsletter,
        date=find_date(date_text) if date_text else None,
        subject=subject,
    )


def read_text(text: str, source: str) -> IssueDraft:
    return _from_segmented(source, text, segment_plain_text(text))


def read_markdown(text: str, source: str) -> IssueDraft:
    return _from_segmented(source, text, segment_markdown(text))


def read_html(text: str, source: str) -> IssueDraft:
    markdown, title = html_to_markdown(text)
    draft = _from_segmented(source, text, segment_markdown(markdown))
    if title:
        name, date_text = split_title(title)
        draft.newsletter = draft.newsletter or name
        draft.date = draft.date or (find_date(date_text) if date_text else None)
        draft.subject = title
    return draft


def _from_mail(mail: MailIssue, source: str) -> IssueDraft:
    draft = read_html(mail.body, source) if mail.is_html else read_text(mail.body, source)
    draft.subject = mail.subject or draft.subject
    draft.newsletter = draft.newsletter or mail.sender
    draft.date = draft.date or mail.sent
    return draft


def read_jsonl(text: str, source: str) -> ReadResult:
    """One article per line (``id, title, date, url, body`` + optional ``newsletter, section,
    byline, lang``), grouped into one issue per newsletter and date."""
    result = ReadResult()
    groups: dict[tuple[str | None, date], list[tuple[str, dict]]] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            article = json.loads(line)
            if not isinstance(article, dict):
                raise ValueError("not a JSON object")
            missing = [k for k in ("title", "date", "body") if not article.get(k)]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
            day = parse_iso_date(str(article["date"])[:10])
        except ValueError as error:
            result.errors.append(
                ReaderError(where, f"bad article ({error})", "each line needs id, title, date (YYYY-MM-DD), url, body")
            )
            continue
        assert day is not None
        groups.setdefault((article.get("newsletter"), day), []).append((line, article))
    for (newsletter, day), items in groups.items():
        stories = [
            StoryDraft(
                headline=str(a["title"]).strip(),
                body=[p.strip() for p in str(a["body"]).splitlines() if p.strip()],
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
    return ReadResult(issues=[_from_mail(read_eml(path.read_bytes(), str(path)), str(path))])


def _read_mbox_file(path: Path) -> ReadResult:
    result = ReadResult()
    for item in read_mbox(path):
        if isinstance(item, ReaderError):
            result.errors.append(item)
        else:
            result.issues.append(_from_mail(item, f"{path}#{item.key}"))
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
}


def list_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """(readable files, other files), walking directories recursively in name order."""
    files: list[Path] = []
    other: list[Path] = []
    for given in paths:
        path = Path(given).resolve()  # sources are absolute: the same file is the same source
        if not path.exists():
            raise ReaderError(path, "no such file or directory", "check the path")
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.name.startswith("."):
                continue
            (files if candidate.suffix.lower() in READERS else other).append(candidate)
    return files, [str(p) for p in other]


def read_file(path: Path) -> ReadResult:
    """Read one file of a known format; problems come back as errors, never raised."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return ReadResult(
            errors=[UnsupportedFormat(path, f"unknown format {path.suffix!r}", f"use one of {', '.join(READERS)}")]
        )
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReaderError(path, f"larger than {MAX_FILE_BYTES // 2**20} MB", "split it into one file per issue")
        return reader(path)
    except ReaderError as error:
        return ReadResult(errors=[error])
    except (OSError, ValueError, RecursionError) as error:
        return ReadResult(errors=[ReaderError(path, f"could not be read ({error})", "check the file is a valid issue")])


def _name_from_path(source: str) -> str | None:
    folder = Path(file_of(source)).parent.name
    if not folder or folder.lower() in _GENERIC_DIRS or folder.isdigit():
        return None
    return folder.replace("-", " ").replace("_", " ").strip().title() if folder.islower() else folder


def resolve_metadata(
    drafts: list[IssueDraft], newsletter: str | None = None, day: date | None = None
) -> tuple[list[IssueDraft], list[ReaderError]]:
    """Fill each draft's newsletter and date: explicit value > content > sibling files > path."""
    by_folder: dict[Path, Counter[str]] = {}
    for draft in drafts:
        if draft.newsletter:
            folder = Path(file_of(draft.source)).parent
            by_folder.setdefault(folder, Counter())[draft.newsletter] += 1
    resolved: list[IssueDraft] = []
    errors: list[ReaderError] = []
    for draft in drafts:
        folder = Path(file_of(draft.source)).parent
        siblings = by_folder.get(folder)
        draft.newsletter = (
            newsletter
            or draft.newsletter
            or (siblings.most_common(1)[0][0] if siblings else None)
            or _name_from_path(draft.source)
        )
        draft.date = day or draft.date or date_from_path(file_of(draft.source))
        if not draft.newsletter or not draft.date:
            missing = " and ".join(
                what for what, value in (("newsletter", draft.newsletter), ("date", draft.date)) if not value
            )
            errors.append(
                MissingMetadata(
                    draft.source,
                    f"cannot tell the {missing} of this issue",
                    "pass --newsletter NAME and/or --date YYYY-MM-DD",
                )
            )
        elif not draft.stories:
            errors.append(ReaderError(draft.source, "no stories found", "is this a newsletter issue?"))
        else:
            resolved.append(draft)
    return resolved, errors
