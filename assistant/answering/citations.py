"""Citations: ``[n]`` markers parsed out of an answer and checked against the cited story.

A sentence keeps a citation only if the cited story supports it: the story has a sentence
sharing most of the claim's content words (or, given an embedder, close in meaning), and
every number and name in the claim appears in the story. Citations to sources that were
not given, or that do not support the sentence, are removed; a sentence left with none is
marked unsupported, never shown as sourced.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.answering.answer import AnswerSentence, Citation, Source
from index.model import issue_id_of
from index.text.analysis import query_terms
from index.text.dates import MONTHS, fold
from index.text.sentences import split_sentences

_MARKER = re.compile(r"\s*\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\])+")
_NUMBER = re.compile(r"\d+(?:[\s\u202f\u00a0.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÀ-ÖØ-Þ][\w’'-]{2,}|[A-Z]{2,}\w*)")
_COMMON_CAPITALS = {"le", "la", "les", "un", "une", "the", "a", "an", "en", "et", "and", "il", "elle", "this", "that"}

MIN_OVERLAP = 0.5  # share of the claim's content terms found in one sentence of the story
MIN_SIMILARITY = 0.6  # cosine, when an embedder is given: paraphrases and translations


@dataclass
class ParsedSentence:
    text: str
    cited: list[int]


def parse_citations(answer: str) -> list[ParsedSentence]:
    """Split an answer into sentences and their ``[n]`` markers (``[1]``, ``[1, 3]``, ``[2][4]``).

    A marker standing after a sentence's full stop (``… 2025. [1]``) belongs to that sentence.
    """
    pieces = split_sentences(answer)
    parsed: list[ParsedSentence] = []
    for piece in pieces:
        leading = _LEADING_MARKERS.match(piece)
        if leading and parsed:
            parsed[-1].cited.extend(_numbers_in(leading.group(0)))
            piece = piece[leading.end() :]
        cited = _numbers_in(" ".join(m.group(0) for m in _MARKER.finditer(piece)))
        text = re.sub(r"\s+([.,;:!?…])", r"\1", _MARKER.sub("", piece)).strip()
        if text:
            parsed.append(ParsedSentence(text, cited))
        elif parsed:
            parsed[-1].cited.extend(cited)
    return parsed


def _numbers_in(markers: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", markers)]


def numbers(text: str) -> set[str]:
    """Numbers as digits only: "18 000", "18,000" and "18000" are the same; "1,5" is "15"."""
    return {re.sub(r"\D", "", m.group(0)) for m in _NUMBER.finditer(text)}


def names(text: str) -> set[str]:
    """Capitalised words that are not the first of their sentence: names of people, firms, places."""
    found = {fold(m.group(1)) for m in _NAME.finditer(text)}
    return {name for name in found if name not in _COMMON_CAPITALS and name not in MONTHS}


def _terms(text: str) -> set[str]:
    return set(query_terms(text))


def best_support(
    claim: str,
    source: Source,
    similarity: Callable[[str, list[str]], np.ndarray] | None = None,
) -> str | None:
    """The sentence of ``source`` that supports ``claim``, or None when none does."""
    story = f"{source.headline}\n{source.text}"
    folded_story = fold(story)
    allowed_numbers = numbers(story) | numbers(source.date.isoformat()) | {str(source.date.day)}
    story_numbers = {n for n in allowed_numbers if n}
    if not numbers(claim) <= story_numbers | {""}:
        return None
    if any(name not in folded_story for name in names(claim)):
        return None
    sentences = split_sentences(story)
    if not sentences:
        return None
    claim_terms = _terms(claim)
    overlaps = [len(claim_terms & _terms(s)) / len(claim_terms) if claim_terms else 0.0 for s in sentences]
    best = int(np.argmax(overlaps))
    if overlaps[best] >= MIN_OVERLAP:
        return sentences[best]
    if similarity is not None:
        scores = similarity(claim, sentences)
        best = int(np.argmax(scores))
        if scores[best] >= MIN_SIMILARITY:
            return sentences[best]
    return None


def verify_citations(
    answer: str,
    sources: list[Source],
    similarity: Callable[[str, list[str]], np.ndarray] | None = None,
) -> tuple[list[AnswerSentence], list[Citation]]:
    """Check every ``[n]`` of ``answer``; keep only the citations their story supports."""
    by_n = {source.n: source for source in sources}
    sentences: list[AnswerSentence] = []
    citations: dict[int, Citation] = {}
    for parsed in parse_citations(answer):
        kept: list[int] = []
        for n in dict.fromkeys(parsed.cited):  # each marker once, in order
            source = by_n.get(n)
            if source is None:
                continue  # an invented source
            quote = best_support(parsed.text, source, similarity)
            if quote is None:
                continue
            kept.append(n)
            citations.setdefault(
                n,
                Citation(
                    n=n,
                    story_id=source.duplicate_of or source.story_id,  # a reprint cites its original
                    issue_id=issue_id_of(source.duplicate_of or source.story_id),
                    newsletter=source.newsletter,
                    date=source.date,
                    headline=source.headline,
                    url=source.url,
                    quote=quote,
                ),
            )
        sentences.append(AnswerSentence(parsed.text, kept, supported=bool(kept)))
    return sentences, [citations[n] for n in sorted(citations)]


def render(sentences: list[AnswerSentence]) -> str:
    """The answer's text: each sentence after its attribution, with only the verified markers."""
    parts = []
    for sentence in sentences:
        marks = "".join(f"[{n}]" for n in sentence.citations)
        parts.append(" ".join(part for part in (sentence.lead, sentence.text, marks) if part))
    return " ".join(parts)
