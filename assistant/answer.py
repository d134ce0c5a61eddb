"""What an answer is made of: numbered sources in, verified sentences and citations out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


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

    def label(self) -> str:
        return f"[{self.n}] {self.newsletter}, {self.date.isoformat()} — {self.headline}"


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
