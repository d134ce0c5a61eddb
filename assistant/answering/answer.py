"""What an answer is made of: numbered sources in, verified sentences and citations out, and
the one contract every answerer keeps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Protocol

from pydantic import Field

if TYPE_CHECKING:
    from assistant.answering.reader import Question


@dataclass
class Source:
    """A story given to an answerer as ``[n]``: its full text, and the passage that matched."""

    n: int
    story_id: str
    issue_id: str
    newsletter: str
    date: date
    headline: str
    url: str | None
    text: Annotated[str, Field(exclude=True)]  # the story's body: one `story` call away, not repeated in JSON
    passage: Annotated[str, Field(description="The best-matching passage of the story, headline first.")]
    score: float = 0.0
    duplicate_of: str | None = None
    language: Annotated[str, Field(description="The language the story is written in.")] = "en"


@dataclass
class Citation:
    n: int
    story_id: str
    issue_id: str
    newsletter: str
    date: date
    headline: str
    url: str | None
    quote: Annotated[str, Field(description="The sentence of the story that supports the claim.")]


@dataclass
class DateGloss:
    """A relative date a quote gives ("yesterday", « vendredi ») and the day it names, read
    against the issue's date (``relative_dates``)."""

    said: str
    end: Annotated[int, Field(description="Where the words end in the sentence's text: the day is shown after them.")]
    day: date


@dataclass
class AnswerSentence:
    text: str  # without citation markers
    citations: list[int] = field(default_factory=list)  # the [n] that survived verification
    supported: bool = False
    lead: Annotated[
        str,
        Field(
            description=(
                "Who said it and when, before the first sentence from a source: 'Selon Qant (12 juin 2025) :'; "
                "with the story's headline when the sentence opens on 'it', 'this', « elle »…"
            )
        ),
    ] = ""
    days: Annotated[
        list[DateGloss],
        Field(description="The days its relative dates name ('yesterday', 'vendredi'), read against the issue's date."),
    ] = field(default_factory=list)


@dataclass
class AnswerRequest:
    """What the chain gives an answerer."""

    question: str  # the standalone question, as asked
    query: str  # the same without what became filters (dates, a newsletter's name)
    asked: Question  # what the question asks for and what it is about
    sources: list[Source]
    language: str = "en"  # the question's
    chronological: bool = False  # "what happened…", "quand…": the stories in date order
    digest: bool = False  # "What happened in June?": the period's leading stories, no subject


class Answerer(Protocol):
    """The contract the chain holds every answerer to."""

    name: str
    streams: bool  # whether ``write`` yields text as it is produced (else once, whole)

    def condense(self, question: str, history: list[dict[str, str]]) -> tuple[str, str | None]:
        """(the question made standalone, the previous standalone question if it was a follow-up)."""
        ...

    def write(self, request: AnswerRequest) -> Iterator[str]:
        """The answer's text with ``[n]`` citation markers, in pieces; nothing to abstain."""
        ...


@dataclass
class Answer:
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    sentences: list[AnswerSentence] = field(default_factory=list)
    question: Annotated[str, Field(description="The standalone question that was searched.")] = ""
    since: date | None = None
    until: date | None = None
    restriction: Annotated[str, Field(description="What the search was limited to: '2–8 juin 2025 · Le Filtre'.")] = ""
    language: str = "en"
    answerer: str = "extractive"
    sources: list[Source] = field(default_factory=list)  # everything the answerer was given
    about: Annotated[list[str], Field(description="When abstaining: ids of the stories on the question's subject.")] = (
        field(default_factory=list)
    )
