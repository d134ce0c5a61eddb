"""Uploaded issues, stored safely under the home before ingestion.

A file name is reduced to its last component and to safe characters; a zip is extracted
member by member with every path checked to stay inside the upload folder, and with the
bytes actually written counted, so a zip bomb stops at the limit instead of filling the
disk or the memory.
"""

from __future__ import annotations

import re
import shutil
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO, Literal

from assistant.errors import UploadRejected, UploadTooLarge
from index.ingest.drafts import file_of
from index.ingest.readers import READERS, is_export
from index.ingest.report import IngestError, IngestReport

_CHUNK = 1 << 20
MAX_ZIP_MEMBERS = 5000


def _unused_path(target: Path) -> Path:
    """``target``, or beside it a name no file has: two names that clean to the same ("a b.md",
    "a_b.md") are two files, never one overwriting the other."""
    while target.exists():
        target = target.with_name(f"{target.stem}-{uuid.uuid4().hex[:6]}{target.suffix}")
    return target


def safe_name(name: str) -> str:
    """``"../../etc/passwd"`` → ``"passwd"``; ``"Lettre du 2 juin.eml"`` → ``"Lettre_du_2_juin.eml"``."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")
    return cleaned[:150] or "upload"


def _copy_limited(source: IO[bytes], target: Path, budget: int, what: str) -> int:
    written = 0
    with open(target, "wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > budget:
                raise UploadTooLarge(f"`{what}` is larger than the upload limit; split the upload")
            out.write(chunk)
    return written


def _extract_zip(archive: Path, folder: Path, budget: int, max_files: int, shown_as: str) -> dict[Path, str]:
    """The zip's issue files, extracted under ``folder``, each with its name as the uploader
    knows it: ``batch.zip:2025/06-02.md``."""
    files: dict[Path, str] = {}
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = [m for m in bundle.infolist() if not m.is_dir()]
            if len(members) > max_files:
                raise UploadTooLarge(f"`{archive.name}` holds more than {max_files} files; split it")
            for member in members:
                parts = PurePosixPath(member.filename.replace("\\", "/")).parts
                if member.filename.startswith(("/", "\\")) or ".." in parts or not parts:
                    raise UploadRejected(f"`{archive.name}`: member {member.filename!r} points outside the archive")
                if Path(parts[-1]).suffix.lower() not in READERS or parts[-1].lower().endswith(".zip"):
                    continue  # images, stylesheets…: not issues
                relative = Path(*[safe_name(p) for p in parts])
                target = (folder / relative).resolve()
                if not target.is_relative_to(folder.resolve()):
                    raise UploadRejected(f"`{archive.name}`: member {member.filename!r} points outside the archive")
                target.parent.mkdir(parents=True, exist_ok=True)
                target = _unused_path(target)
                with bundle.open(member) as source:
                    budget -= _copy_limited(source, target, budget, f"{archive.name}:{member.filename}")
                files[target] = f"{shown_as}:{member.filename}"
    except zipfile.BadZipFile as error:
        raise UploadRejected(f"`{archive.name}` is not a valid zip file ({error})") from error
    archive.unlink()
    return files


def store_uploads(
    uploads: Iterable[tuple[str, BinaryIO]], root: Path, max_bytes: int, max_files: int = MAX_ZIP_MEMBERS
) -> tuple[Path, dict[Path, str]]:
    """Save ``(file name, stream)`` pairs into a new folder under ``root``; zips are extracted.

    Returns the folder and the stored issue files, each with the name it was uploaded as (what
    a report shows: the uploader knows no server path). Raises ``UploadRejected`` (and removes
    the folder) on a file of an unknown type, a path that escapes or an upload without any issue
    file, ``UploadTooLarge`` on too many bytes or files (a zip's members count)."""
    folder = root / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True)
    budget = max_bytes
    stored: dict[Path, str] = {}
    try:
        for name, stream in uploads:
            clean = safe_name(name)
            shown_as = PurePosixPath(name.replace("\\", "/")).name or clean  # without the folders of the client
            suffix = Path(clean).suffix.lower()
            if suffix not in READERS and suffix != ".zip":
                raise UploadRejected(f"`{clean}`: not a format newsdesk reads; upload {', '.join(READERS)} or .zip")
            target = _unused_path(folder / clean)
            budget -= _copy_limited(stream, target, budget, clean)
            if suffix == ".zip" and not is_export(target):  # a platform's export zip is read whole
                stored.update(_extract_zip(target, folder / target.stem, budget, max_files - len(stored), shown_as))
            else:
                stored[target] = shown_as
            if len(stored) > max_files:
                raise UploadTooLarge(f"more than {max_files} files in one upload; send them in several")
        if not stored:  # a zip of pictures: nothing to ingest, said as such rather than a report of zeros
            raise UploadRejected(f"the upload holds no issue file; upload {', '.join(READERS)} files")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, stored


@dataclass
class UploadedFile:
    """What became of one uploaded file (one member of an uploaded zip)."""

    name: str  # as uploaded: "2025-06-02.md", "batch.zip:issues/2025-06-03.md"; never a server path
    status: Literal["indexed", "unchanged", "failed"]  # unchanged: read without error, held nothing new
    reason: str | None = None  # why it failed, one line per problem


@dataclass
class UploadReport(IngestReport):
    """An ``IngestReport`` of uploaded files, told in their uploaded names, and each file's outcome."""

    files: list[UploadedFile] = field(default_factory=list)

    @property
    def failed(self) -> list[UploadedFile]:
        return [f for f in self.files if f.status == "failed"]


def upload_report(report: IngestReport, stored: dict[Path, str], indexed: set[str]) -> UploadReport:
    """``report`` told in the uploaded names instead of server paths, with each file's outcome
    (``indexed``: the sources that issues were stored from)."""
    names = {str(path.resolve()): name for path, name in stored.items()}  # sources are resolved paths

    def shown(text: str) -> str:
        for source, name in names.items():
            text = text.replace(source, name)
        return text

    # A reason starts with its source (ReaderError's "`/…/empty.txt`: the file is empty; …"),
    # which the error's own source already says.
    errors = [
        IngestError(shown(e.source), shown(e.reason.removeprefix(f"`{e.source}`: ")), e.kind) for e in report.errors
    ]
    problems: dict[str, list[str]] = {}
    for given, error in zip(report.errors, errors, strict=True):
        problems.setdefault(file_of(given.source), []).append(error.reason)
    files = []
    for source, name in names.items():
        if source in indexed:
            files.append(UploadedFile(name, "indexed"))
        elif source in problems:
            files.append(UploadedFile(name, "failed", "; ".join(problems[source])))
        else:
            files.append(UploadedFile(name, "unchanged"))
    counts = {f.name: getattr(report, f.name) for f in fields(IngestReport)}
    counts.update(errors=errors, unknown_files=[shown(p) for p in report.unknown_files])
    return UploadReport(**counts, files=files)
