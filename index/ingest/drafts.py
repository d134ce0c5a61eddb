"""What readers and segmenters produce: issues and stories before they get their ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class StoryDraft:
    headline: str | None
    body: list[str] = field(default_factory=list)  # paragraphs
    section: str | None = None
    kind: str = "news"
    byline: str | None = None
    url: str | None = None
    captions: list[str] = field(default_factory=list)  # photo captions and credits: shown, never quoted

    @property
    def text(self) -> str:
        return "\n".join(self.body)


@dataclass
class IssueDraft:
    """An issue as read from one source; ``newsletter``/``date`` may still be unknown."""

    source: str
    raw: str  # the text the content hash is taken over
    stories: list[StoryDraft]
    newsletter: str | None = None
    date: date | None = None
    subject: str = ""
    language: str | None = None
    number: str | None = None  # the issue's number as the publisher prints it ("735", "4")


@dataclass
class Segmented:
    """What a segmenter reads in one issue's text: its stories and what it says about itself."""

    stories: list[StoryDraft]
    newsletter: str | None = None
    date_text: str | None = None
    subject: str = ""
    number: str | None = None


def file_of(source: str) -> str:
    """The file an issue came from: sources of mailbox and JSON Lines issues add ``#key``."""
    return source.split("#", 1)[0]
