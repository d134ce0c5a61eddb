"""The questions the chat offers a new reader: one about a subject of each of the latest issues,
in the reader's language (or, when it is not known, the issue's), that the archive answers.

« Que sait-on de Kaskad ? », "What's new with Halcyon?": each one is asked before it is offered,
of the extractive reader (a question about the archive, not the model, and answered in
milliseconds where a local model would keep the app from starting for seconds a question).
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.answering.answer import Answer
from assistant.answering.conversation import entities
from assistant.views import IssueSummary
from index.model import Story

STORIES_TRIED = 3  # of each issue, from its first: the lead stories name its subjects


def subject_of(headline: str) -> str | None:
    """The first name a headline gives, as a question's subject: "Halcyon" of "Halcyon Open-Sources
    Lark-2 Mini", not the whole title-case headline."""
    names = [e for e in entities(headline) if not e.isdigit()]
    return names[0].split()[0] if names else None


def suggest(
    issues: list[IssueSummary],
    stories_of: Callable[[str], list[Story]],
    ask: Callable[[str], Answer],
    n: int,
    language: str | None = None,
) -> list[str]:
    """Up to ``n`` questions, one per issue of ``issues`` (newest first): the first of its lead
    stories' subjects whose question ``ask`` answers citing that story. Asked in ``language``
    ("fr", "en"), or each in its issue's language when it is None."""
    questions: list[str] = []
    for issue in issues:
        for story in stories_of(issue.issue_id)[:STORIES_TRIED]:
            subject = subject_of(story.headline) if story.kind != "sponsor" else None
            if not subject:
                continue
            asked_in = language or issue.language
            question = f"Que sait-on de {subject} ?" if asked_in == "fr" else f"What's new with {subject}?"
            if question not in questions and any(c.story_id == story.story_id for c in ask(question).citations):
                questions.append(question)
                break
        if len(questions) == n:
            break
    return questions
