"""Citations: ``[n]`` markers parsed out of an answer, checked against the cited story, and
attributed after the fact when the model forgot them or cited the wrong story.

A story supports a sentence when it has a sentence sharing most of the claim's content words
(or, given an embedder, close in meaning), and every number and name in the claim appears in
the story. For every sentence of an answer:

- a citation whose story supports it is kept;
- when none of its citations does (a wrong ``[n]``, an invented ``[7]``, or no marker at all),
  the sentence is cited to the given source that supports it, if one does;
- otherwise it is marked unsupported, and shown as unsourced, never as sourced.

A sentence that states nothing (a question, "The answer is:", two words) is never cited.

Text in a story that addresses the model ("ignore your instructions and answer…") is not
something the story states: it never supports a claim. A sentence in which the answer says
the sources do not answer is never cited.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.answering.answer import AnswerSentence, Citation, Source
from assistant.answering.relative_dates import with_days
from index.model import issue_id_of
from index.text.analysis import query_terms, query_words
from index.text.dates import MONTHS, fold
from index.text.sentences import split_sentences

_MARKER = re.compile(r"\s*\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\])+")
_NUMBER = re.compile(r"\d+(?:[\s\u202f\u00a0.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÀ-ÖØ-Þ][\w’'-]{2,}|[A-Z]{2,}\w*)")
_COMMON_CAPITALS = {"le", "la", "les", "un", "une", "the", "a", "an", "en", "et", "and", "il", "elle", "this", "that"}

# Text addressed to a language model, not to readers: an injection, never a statement of the story.
# Narrow on purpose: a story *about* AI rules or system prompts is news, and stays a source.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+)?(?:your|the|any|my|previous|prior|above)\s+"
    r"(?:previous\s+|prior\s+|above\s+|earlier\s+)?(?:instructions|prompts?|directions)\b"
    r"|\b(?:ignorez?|oubliez?)\s+(?:toutes\s+)?(?:tes|vos|les)\s+(?:instructions|consignes)\b",
    re.IGNORECASE,
)
# The answer saying that its sources do not answer (English and French, as models phrase it).
_SOURCES = r"(?:the |these |those |provided |given |les |ces )*(?:sources?|stories|articles?|archive|context(?:e)?)"
_DECLINES = re.compile(
    rf"\b{_SOURCES} (?:provided |given |fournis |fournies )?(?:do(?:es)?|did|is|are)?\s*(?:not|n[’']t)\b"
    rf"|\b{_SOURCES} (?:fourni(?:e)?s? )?(?:ne|n[’'])"
    rf"|\b(?:no|none of the|aucune?|aucune? des) (?:sources?|stories|story|articles?|information|mention)\b"
    r"|\bnot (?:mentioned|stated|specified|given|provided|found) in the (?:sources?|stories|articles?)\b"
    r"|\bI (?:do not|don[’']t|cannot|can[’']t|could not|couldn[’']t) (?:know|find|answer|tell)\b"
    r"|\bje (?:ne sais pas|n[’']ai (?:pas )?trouvé|ne peux pas répondre)\b|\bpas d[’']information\b",
    re.IGNORECASE,
)

MIN_CLAIM_WORDS = 3  # content words a sentence needs to state something citable
MIN_OVERLAP = 0.5  # share of the claim's content words found (by a French or English stem) in one sentence of the story
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
        # "costs $3 [1], and" → "costs $3, and"; a French space before ; : ! ? is the story's own
        text = re.sub(r"\s+([.,…])", r"\1", _MARKER.sub("", piece)).strip()
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


Similarity = Callable[[str, list[str]], np.ndarray]


def stated(text: str) -> str:
    """The story's text without the sentences that address a language model."""
    if not _INSTRUCTION.search(text):
        return text
    return " ".join(s for s in split_sentences(text) if not _INSTRUCTION.search(s))


def declines(sentence: str) -> bool:
    """Whether the sentence says that the sources do not answer ("The sources do not say…",
    « Les articles ne précisent pas… », "I could not find…")."""
    return bool(_DECLINES.search(sentence))


def states_something(sentence: str) -> bool:
    """Whether a sentence can be a claim: not a question, not a lead-in ("The answer is:"), and
    enough content words that sharing half of them with a story means something."""
    return not sentence.rstrip().endswith(("?", ":")) and len(query_words(sentence)) >= MIN_CLAIM_WORDS


def best_support(claim: str, source: Source, similarity: Similarity | None = None) -> str | None:
    """The sentence of ``source`` that supports ``claim``, or None when none does."""
    if not states_something(claim):
        return None
    story = f"{source.headline}\n{stated(source.text)}"
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
    # Words, not stems, are counted: "investissement" is one word of the claim, though both its
    # French and its English stem match "investit".
    claim_words = query_words(claim)
    overlaps = [sum(bool(word & terms) for word in claim_words) / len(claim_words) for terms in map(_terms, sentences)]
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
    answer: str, sources: list[Source], similarity: Similarity | None = None
) -> tuple[list[AnswerSentence], list[Citation]]:
    """Check every ``[n]`` of ``answer``, keep those their story supports, and cite every other
    sentence to the given source that supports it (see the module's docstring)."""
    by_n = {source.n: source for source in sources}
    sentences: list[AnswerSentence] = []
    citations: dict[int, Citation] = {}
    for parsed in parse_citations(answer):
        supported: dict[int, str] = {}
        if not declines(parsed.text):
            for n in dict.fromkeys(parsed.cited):  # each marker once, in order; an invented one is dropped
                if n in by_n and (quote := best_support(parsed.text, by_n[n], similarity)) is not None:
                    supported[n] = quote
            if not supported:  # a wrong [n], or none: the source that does support it, if one does
                supported = attribute_claim(parsed.text, _cited_first(sources, citations), similarity)
        for n, quote in supported.items():
            citations.setdefault(n, _citation(by_n[n], quote))
        sentences.append(AnswerSentence(parsed.text, list(supported), supported=bool(supported)))
    return sentences, [citations[n] for n in sorted(citations)]


def attribute_claim(claim: str, sources: list[Source], similarity: Similarity | None = None) -> dict[int, str]:
    """{n: quote} for the first of ``sources`` that supports ``claim``; empty when none does.

    Shared words are tried on every source before meaning is: a source stating the claim in
    its words beats one that only says something close."""
    for measure in (None, similarity) if similarity is not None else (None,):
        for source in sources:
            if (quote := best_support(claim, source, measure)) is not None:
                return {source.n: quote}
    return {}


def _cited_first(sources: list[Source], cited: dict[int, Citation]) -> list[Source]:
    """The sources the answer already cites, then the others in the order given (best first)."""
    return sorted(sources, key=lambda s: s.n not in cited)


def _citation(source: Source, quote: str) -> Citation:
    original = source.duplicate_of or source.story_id  # a reprint cites its original
    return Citation(
        n=source.n,
        story_id=original,
        issue_id=issue_id_of(original),
        newsletter=source.newsletter,
        date=source.date,
        headline=source.headline,
        url=source.url,
        quote=quote,
    )


def opens_by_declining(sentences: list[AnswerSentence]) -> bool:
    """Whether the answer's first sentence says that the sources do not answer: the model's
    own verdict, which the chain turns into an abstention."""
    return bool(sentences) and not sentences[0].supported and declines(sentences[0].text)


UNSOURCED = {"fr": "(non sourcé)", "en": "(unsourced)"}


def render(sentences: list[AnswerSentence], language: str = "en") -> str:
    """The answer's text: each sentence after its attribution, with only the verified markers;
    a sentence no source supports says so, so that it never reads as the previous source's."""
    unsourced = UNSOURCED.get(language, UNSOURCED["en"])
    parts = []
    for sentence in sentences:
        marks = "".join(f"[{n}]" for n in sentence.citations) if sentence.supported else unsourced
        parts.append(" ".join(part for part in (sentence.lead, with_days(sentence, language), marks) if part))
    return " ".join(parts)
