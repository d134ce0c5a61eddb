"""The REST API's own request and response models; the rest are the Python API's dataclasses
(``assistant.serialize``)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.uploads import UploadedFile

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


class NothingStored(ErrorModel):
    """A 422 of ``POST /api/issues`` when every file failed: the UploadReport's fields are there too."""

    files: list[UploadedFile] = Field(default_factory=list, description="Each file as uploaded, and why it failed.")
