"""The REST API's request and response models (documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

STRICT = ConfigDict(extra="forbid")


class Message(BaseModel):
    model_config = STRICT
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"question": "Combien coûte Mistral Compute ?", "history": [], "as_of": "2025-06-12"},
                {
                    "question": "Et combien de puces ?",
                    "history": [
                        {"role": "user", "content": "Combien coûte Mistral Compute ?"},
                        {"role": "assistant", "content": "10 milliards d’euros [1]."},
                    ],
                },
            ]
        },
    )
    question: str = Field(min_length=1, max_length=2000, description="A question in French or English.")
    history: list[Message] = Field(default_factory=list, max_length=50, description="The conversation so far.")
    as_of: date | None = Field(default=None, description="The 'today' of relative dates (hier, last week).")
    newsletter: str | None = Field(default=None, max_length=200, description="Only this newsletter.")


class HitModel(BaseModel):
    story_id: str = Field(examples=["le-filtre-2025-06-02/01"])
    issue_id: str
    newsletter: str
    date: date
    headline: str
    section: str | None
    url: str | None
    score: float
    text: str = Field(description="The best-matching passage, headline first.")
    kind: str


class CitationModel(BaseModel):
    n: int
    story_id: str
    issue_id: str
    newsletter: str
    date: date
    headline: str
    url: str | None
    quote: str = Field(description="The sentence of the story that supports the claim.")


class SentenceModel(BaseModel):
    text: str
    citations: list[int]
    supported: bool
    lead: str = Field(description="Who said it and when, before the first sentence from a source: 'Selon Qant (…) :'.")


class SourceModel(BaseModel):
    n: int
    story_id: str
    issue_id: str
    newsletter: str
    date: date
    headline: str
    url: str | None
    passage: str
    score: float
    duplicate_of: str | None
    language: str = Field(description="The language the story is written in.")


class AnswerModel(BaseModel):
    text: str
    abstained: bool
    citations: list[CitationModel]
    sentences: list[SentenceModel]
    question: str = Field(description="The standalone question that was searched.")
    since: date | None
    until: date | None
    restriction: str = Field(description="What the search was limited to, e.g. '2–8 juin 2025 · Le Filtre'.")
    language: str
    answerer: str
    sources: list[SourceModel]
    about: list[str] = Field(description="When abstaining: ids of the stories on the question's subject.")


class StoryModel(BaseModel):
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
    captions: list[str] = Field(description="Photo captions and credits printed with the story (never quoted).")
    duplicate_of: str | None
    issue_stories: list[str] = Field(description="Ids of the other stories of the same issue.")
    reprints: list[str] = Field(description="Ids of later prints of this story.")
    related: list[str] = Field(description="Ids of stories on the same subject in other issues.")


class IssueModel(BaseModel):
    issue_id: str
    newsletter: str
    date: date
    subject: str
    language: str
    stories: int


class IngestErrorModel(BaseModel):
    source: str
    reason: str


class IngestReportModel(BaseModel):
    files_read: int
    files_skipped: int
    issues_added: int
    issues_updated: int
    issues_unchanged: int
    stories_added: int
    chunks_added: int
    duplicates: int
    sponsors: int
    repaired: list[str]
    unknown_files: list[str]
    errors: list[IngestErrorModel]
    seconds: float


class StatsModel(BaseModel):
    issues: int
    stories: int
    duplicates: int
    sponsors: int
    chunks: int
    vectors: int
    newsletters: list[str]
    first_date: str | None
    last_date: str | None
    collection: str
    embedding_model: str
    vector_store: str
    home: str
    index_bytes: int


class HealthModel(BaseModel):
    status: Literal["ok"]
    issues: int
    answerer: str


class ErrorModel(BaseModel):
    detail: str
