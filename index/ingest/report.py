"""What an ingest tells its caller: the counts, and each file it could not read, with what went
wrong as a kind a screen can say in its reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.errors import EmptyFile, MissingMetadata, ReaderError, UnsupportedFormat


@dataclass
class IngestError:
    source: str
    reason: str
    kind: str = "unreadable"  # what went wrong, for a screen to say it in its reader's language

    @classmethod
    def of(cls, error: ReaderError) -> IngestError:
        if isinstance(error, MissingMetadata):
            kind = "missing_" + "_".join(error.missing) if error.missing else "unreadable"
        elif isinstance(error, EmptyFile):
            kind = "empty"
        elif isinstance(error, UnsupportedFormat):
            kind = "unsupported"
        else:
            kind = "unreadable"
        return cls(error.source, str(error), kind)


@dataclass
class IngestReport:
    files_read: int = 0
    files_skipped: int = 0
    issues_added: int = 0
    issues_updated: int = 0
    issues_unchanged: int = 0
    stories_added: int = 0
    chunks_added: int = 0
    duplicates: int = 0
    sponsors: int = 0
    repaired: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0
