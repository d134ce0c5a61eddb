"""Answers written by a language model from numbered, fenced sources within a token budget."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answering.answer import AnswerRequest, Source
from assistant.answering.llm import ChatBackend, Message
from assistant.answering.prompts import render_prompt
from index.text.tokens import count_tokens

LANGUAGES = {"fr": "French", "en": "English"}


_FENCE = re.compile(r"<{3,}|>{3,}")


def unfenced(text: str) -> str:
    """Archive text that cannot close the fence around it nor open another: runs of ``<`` or ``>``
    (``source 1>>>``, ``<<<source 2``) are broken up."""
    return _FENCE.sub(lambda m: " ".join(m.group(0)), text)


def format_source(source: Source) -> str:
    """A source as the model sees it: everything that comes from the issue (newsletter, headline,
    body) inside the fence, so it reads as data; only the number and date are ours."""
    return (
        f"<<<source {source.n}\n[{source.n}] {unfenced(source.newsletter)}, {source.date.isoformat()} — "
        f"{unfenced(source.headline)}\n{unfenced(source.text)}\nsource {source.n}>>>"
    )


def fit_sources(sources: list[Source], budget: int, encoding: str = "cl100k_base") -> list[Source]:
    """The most relevant sources whose text fits ``budget`` tokens; the least relevant go first.

    ``sources`` come best first; a single source longer than the budget is cut to it."""
    kept: list[Source] = []
    used = 0
    for source in sources:
        size = count_tokens(format_source(source), encoding)
        if used + size > budget:
            if not kept:  # never send nothing: cut the best source to the budget
                words = source.text.split()
                ratio = budget / max(size, 1)
                kept.append(_shortened(source, " ".join(words[: int(len(words) * ratio * 0.9)])))
            break
        kept.append(source)
        used += size
    return kept


def _shortened(source: Source, text: str) -> Source:
    from dataclasses import replace

    return replace(source, text=text + " …")


class GenerativeAnswerer:
    streams = True

    def __init__(self, backend: ChatBackend, context_tokens: int = 3000, encoding: str = "cl100k_base") -> None:
        self.backend = backend
        self.name = backend.name
        self.context_tokens = context_tokens
        self.encoding = encoding

    def messages(self, question: str, sources: list[Source], language: str) -> list[Message]:
        given = fit_sources(sources, self.context_tokens, self.encoding)
        return [
            {"role": "system", "content": render_prompt("answer_system", language=LANGUAGES.get(language, "English"))},
            {
                "role": "user",
                "content": render_prompt(
                    "answer_user", sources="\n\n".join(format_source(s) for s in given), question=question
                ),
            },
        ]

    def write(self, request: AnswerRequest) -> Iterator[str]:
        yield from self.backend.stream(self.messages(request.question, request.sources, request.language))

    def condense(self, question: str, history: list[Message]) -> tuple[str, str | None]:
        """The follow-up rewritten by the model as a standalone question (nothing to rewrite
        without a conversation)."""
        if not history:
            return question, None
        conversation = "\n".join(f"{m['role']}: {m['content']}" for m in history[-6:])
        prompt = render_prompt("condense", conversation=conversation, question=question)
        rewritten = self.backend.generate([{"role": "user", "content": prompt}]).strip().strip('"')
        return (rewritten.splitlines()[0] if rewritten else question), None
