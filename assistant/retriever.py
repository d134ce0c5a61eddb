"""The archive as a LangChain ``BaseRetriever``: usable in any LangChain chain."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.serialize import to_json


class NewsRetriever(BaseRetriever):
    """Story-level hybrid search; each Document's metadata cites its story."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    desk: Any  # NewsAssistant (typed loosely: pydantic must not validate it)
    k: int = 4
    filters: dict[str, Any] = Field(default_factory=dict)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.desk.search(query, k=self.k, **self.filters)
        return [
            Document(
                page_content=hit.text,
                metadata={key: value for key, value in to_json(hit).items() if key != "text"},
                id=hit.story_id,
            )
            for hit in hits
        ]
