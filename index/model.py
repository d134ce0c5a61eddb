"""The data model: Issue → Story → Chunk, with ids derived from place, never random.

- ``issue_id  = "<newsletter-slug>-<YYYY-MM-DD>"`` (``-2``, ``-3`` … for a second issue that day)
- ``story_id  = "<issue_id>/<nn>"`` (position in the issue, from 01)
- ``chunk_id  = "<story_id>#<k>"`` (position in the story, from 0)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

STORY_KINDS = ("news", "brief", "op-ed", "sponsor", "article")


def slugify(name: str) -> str:
    """``"TLDR AI"`` → ``"tldr-ai"``; ``"Le Filtre"`` → ``"le-filtre"``."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug or "newsletter"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make_issue_id(newsletter: str, day: date, ordinal: int = 1) -> str:
    base = f"{slugify(newsletter)}-{day.isoformat()}"
    return base if ordinal == 1 else f"{base}-{ordinal}"


def make_story_id(issue_id: str, position: int) -> str:
    return f"{issue_id}/{position:02d}"


def make_chunk_id(story_id: str, k: int) -> str:
    return f"{story_id}#{k}"


def issue_id_of(story_or_chunk_id: str) -> str:
    return story_or_chunk_id.split("/", 1)[0]


@dataclass
class Story:
    """One item a reader sees as separate: a lead story, a brief, an op-ed, a sponsor block."""

    story_id: str
    issue_id: str
    position: int
    headline: str
    body: str
    section: str | None = None
    kind: str = "news"
    byline: str | None = None
    url: str | None = None
    duplicate_of: str | None = None
    captions: list[str] = field(default_factory=list)  # photo captions and credits, kept out of the body
    language: str = ""  # the language it is written in ("fr", "en"); its issue's unless it says otherwise

    @property
    def text(self) -> str:
        """Headline and body, as a reader would quote the story."""
        return f"{self.headline}\n{self.body}" if self.headline else self.body

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass
class Issue:
    """One issue of a newsletter, as it arrived (file, e-mail, page, or JSON Lines group)."""

    issue_id: str
    newsletter: str
    date: date
    subject: str
    language: str
    source: str
    content_hash: str
    stories: list[Story] = field(default_factory=list)
    number: str | None = None  # as the publisher prints it: "735", "4"

    @property
    def slug(self) -> str:
        return slugify(self.newsletter)


@dataclass(frozen=True)
class Chunk:
    """A token-bounded passage of one story. ``text`` is what gets embedded and indexed:
    it starts with the story's headline so a passage deep in a story still retrieves."""

    chunk_id: str
    story_id: str
    text: str
    n_tokens: int


def chunk_metadata(chunk: Chunk, story: Story, issue: Issue) -> dict[str, Any]:
    """What Chroma stores beside each vector: enough to cite the hit on its own."""
    return {
        "story_id": story.story_id,
        "issue_id": issue.issue_id,
        "newsletter": issue.newsletter,
        "date": issue.date.isoformat(),
        "date_ord": int(issue.date.strftime("%Y%m%d")),
        "headline": story.headline,
        "section": story.section or "",
        "kind": story.kind,
        "url": story.url or "",
    }
