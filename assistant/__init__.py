"""newsdesk: a conversational assistant over newsletter archives."""

from assistant.answering.answer import Answer, AnswerSentence, Citation, Source
from assistant.service import NewsAssistant
from assistant.settings import Settings
from assistant.sync import SyncReport
from assistant.views import IssueSummary
from index.ingest.report import IngestError, IngestReport
from index.model import Chunk, Issue, Story
from index.retrieval.search import Hit
from index.store.search_queries import Filters

__all__ = [
    "Answer",
    "AnswerSentence",
    "Chunk",
    "Citation",
    "Filters",
    "Hit",
    "IngestError",
    "IngestReport",
    "Issue",
    "IssueSummary",
    "NewsAssistant",
    "Settings",
    "Source",
    "Story",
    "SyncReport",
]
