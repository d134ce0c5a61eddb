"""newsdesk: a conversational assistant over newsletter archives."""

from assistant.answer import Answer, AnswerSentence, Citation, Source
from assistant.service import IssueSummary, NewsAssistant
from assistant.settings import Settings
from index.models import Chunk, Issue, Story
from index.pipeline import IngestReport
from index.search import Hit
from index.search_queries import Filters

__all__ = [
    "Answer",
    "AnswerSentence",
    "Chunk",
    "Citation",
    "Filters",
    "Hit",
    "IngestReport",
    "Issue",
    "IssueSummary",
    "NewsAssistant",
    "Settings",
    "Source",
    "Story",
]
