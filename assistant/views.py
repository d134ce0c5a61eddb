"""What the service gives back about stories and issues, beyond search hits and answers: a
story with what surrounds it (``StoryDetails``, and ``StoryPage`` as the API shows it) and an
issue's summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from pydantic import Field

from assistant.answering.proper_names import names_in
from index.model import Issue, Story
from index.retrieval.search import Hit


@dataclass
class StoryDetails:
    story: Story
    issue: Issue
    issue_stories: list[Story]  # the other stories of the issue, in order
    reprints: list[str]  # later prints of the story (duplicates linked to it)
    related: list[Hit]  # other stories on the same subject (earlier or later follow-ups)
    reprinted_in: list[Issue]  # the issue of each reprint, in the same order

    def page(self) -> StoryPage:
        """The story as the API and ``newsdesk story --json`` give it."""
        s = self.story
        return StoryPage(
            story_id=s.story_id,
            issue_id=s.issue_id,
            newsletter=self.issue.newsletter,
            date=self.issue.date,
            position=s.position,
            headline=s.headline,
            section=s.section,
            kind=s.kind,
            byline=s.byline,
            url=s.url,
            body=s.body,
            captions=s.captions,
            language=s.language,
            duplicate_of=s.duplicate_of,
            issue_stories=[x.story_id for x in self.issue_stories],
            reprints=self.reprints,
            related=[h.story_id for h in self.related],
        )


@dataclass
class StoryPage:
    """A story in full with its newsletter and date, and the ids of the stories around it."""

    story_id: str
    issue_id: str
    newsletter: str
    date: date
    position: int
    headline: str
    section: str | None
    kind: str
    byline: str | None
    url: str | None
    body: str
    captions: Annotated[list[str], Field(description="Photo captions and credits printed with it (never quoted).")]
    language: str
    duplicate_of: str | None
    issue_stories: Annotated[list[str], Field(description="Ids of the other stories of the same issue.")]
    reprints: Annotated[list[str], Field(description="Ids of later prints of this story.")]
    related: Annotated[list[str], Field(description="Ids of stories on the same subject in other issues.")]


@dataclass
class IssueSummary:
    issue_id: str
    newsletter: str
    date: date
    subject: str
    language: str
    stories: int
    number: str | None = None  # the issue's number as printed ("735"), when it has one


def same_subject(headline: str, hits: list[Hit], floor: float, n: int = 3) -> list[Hit]:
    """The first ``n`` of ``hits`` (found by searching a story's ``headline``, or an editor's
    query) on its subject: as near as ``floor``, and naming one of the names the headline gives
    when it gives any (a story on the same field names other firms: "OpenAI's Sora" is not near
    "Google's Veo")."""
    names = names_in(headline)
    return [
        hit for hit in hits if hit.score >= floor and (not names or names & names_in(f"{hit.headline}. {hit.text}"))
    ][:n]
