"""What every reader returns, and how their bytes become text."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from index.errors import ReaderError
from index.ingest.drafts import IssueDraft

# Limits that keep one bad file from taking the memory or the hours of a whole batch.
MAX_FILE_BYTES = 64 * 2**20  # a mailbox, a feed or an export holds many issues
MAX_ISSUE_BYTES = 16 * 2**20  # one issue as text, Markdown or HTML: real ones weigh under 1 MB


@dataclass
class ReadResult:
    issues: list[IssueDraft] = field(default_factory=list)
    errors: list[ReaderError] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # files of formats newsdesk does not read
    skipped: list[str] = field(default_factory=list)  # items left out on purpose (a feed's other posts, drafts)


def _utf16(data: bytes) -> str | None:
    """UTF-16 text (Windows "Unicode" exports): by its BOM, or, without one, by the NUL high
    bytes of Latin text on every other byte (and almost none on the others)."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace")
    head = data[:4096]
    if len(head) < 16:
        return None
    even, odd = head[::2].count(0) / len(head[::2]), head[1::2].count(0) / len(head[1::2])
    if odd > 0.7 and even < 0.01:
        return data.decode("utf-16-le", errors="replace")
    if even > 0.7 and odd < 0.01:
        return data.decode("utf-16-be", errors="replace")
    return None


def decode(data: bytes, source: str) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16, else Windows-1252; binary is refused."""
    text = _utf16(data)
    if text is None and b"\x00" not in data[:8192]:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if text is None or "\x00" in text[:8192]:
        raise ReaderError(
            source, "looks like a binary file", "newsdesk reads text, Markdown, HTML, e-mail and JSON Lines"
        )
    return text.replace("\x00", "")  # a stray NUL further on is never content
