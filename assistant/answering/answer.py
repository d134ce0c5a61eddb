"""What an answer is made of: numbered sources in, verified sentences and citations out, and
the one contract every answerer keeps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

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
    text: str  # the story's body
    passage: str  # the best-matching chunk (headline first)
    score: float = 0.0
    duplicate_of: str | None = None
    language: str = "en"  # the language the story is written in


@dataclass
class Citation:
    n: int
    story_id: str
    issue_id: str
    newsletter: str
    date: date
    headline: str
    url: str | None
    quote: str  # the sentence of the story that supports the claim


@dataclass
class AnswerSentence:
    text: str  # without citation markers
    citations: list[int] = field(default_factory=list)  # the [n] that survived verification
    supported: bool = False
    lead: str = ""  # "Selon Qant (12 juin 2025) :": who said it and when, before the first sentence from a source


@dataclass
class AnswerRequest:
    """What the chain gives an answerer."""

    question: str  # the standalone question, as asked
    query: str  # the same without what became filters (dates, a newsletter's name)
    asked: Question  # what the question asks for and what it is about
    sources: list[Source]
    language: str = "en"  # the question's
    chronological: bool = False  # "what happened…", "quand…": the stories in date order


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
    question: str = ""  # the standalone question that was searched
    since: date | None = None
    until: date | None = None
    restriction: str = ""  # "2–8 juin 2025 · Le Filtre": what the search was limited to
    language: str = "en"
    answerer: str = "extractive"
    sources: list[Source] = field(default_factory=list)  # everything the answerer was given
    about: list[str] = field(default_factory=list)  # abstained: the story ids on the question's subject

    def to_dict(self) -> dict[str, Any]:
        def clean(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list):
                return [clean(v) for v in value]
            return value

        data = clean(asdict(self))
        for source in data["sources"]:
            source.pop("text", None)  # the full story is one `story` call away
        return data
