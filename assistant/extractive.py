"""The extractive answerer: the sentences of the retrieved stories that best answer the question.

No model beyond the embedder: each sentence of the given stories is scored by cosine
similarity to the question plus the share of the question's terms it contains; the best
ones, without near-repeats, make an answer of 1–4 sentences, each cited. It abstains
(returns nothing) when no sentence scores above the threshold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.answer import Source
from assistant.dates import format_day
from index.analysis import query_terms, query_words
from index.embedding import Embedder
from index.sentences import split_sentences

DENSE_WEIGHT = 0.6  # the rest is lexical overlap; both are in [0, 1]
REDUNDANT = 0.85  # cosine between two picked sentences above which the second adds nothing
CHRONOLOGY_FLOOR = 0.75  # share of the threshold other stories need in a "when…" answer
RELATIVE = 0.85  # a sentence from another story must score at least this share of the best one
_LABEL = re.compile(r"^[A-ZÀ-ÖØ-Þ’' ]{3,40}\s?:\s")  # "EN FILIGRANE : " sub-section labels


@dataclass
class Candidate:
    source: Source
    sentence: str
    score: float
    vector: np.ndarray


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(
        self,
        embedder: Callable[[], Embedder],
        document_frequencies: Callable[[list[str]], dict[str, int]],
        documents: Callable[[], int],
        threshold: float = 0.45,
        max_sentences: int = 4,
        max_candidates: int = 120,
    ) -> None:
        self._embedder = embedder
        self._df = document_frequencies
        self._documents = documents
        self.threshold = threshold
        self.max_sentences = max_sentences
        self.max_candidates = max_candidates

    def candidates(self, question: str, sources: list[Source]) -> list[Candidate]:
        """Every sentence of the sources, scored against the question, best first."""
        pairs = [
            (source, sentence)
            for source in sources
            for sentence in split_sentences(source.text)
            if len(sentence.split()) >= 4
        ][: self.max_candidates]
        if not pairs:
            return []
        embedder = self._embedder()
        question_vector = embedder.embed_query(question)
        vectors = embedder.embed([_LABEL.sub("", sentence) for _, sentence in pairs])
        dense = vectors @ question_vector
        weights = self.word_weights(question)
        total = sum(w for _, w in weights) or 1.0
        scored = []
        for (source, sentence), vector, cosine in zip(pairs, vectors, dense, strict=True):
            present = set(query_terms(sentence))
            lexical = sum(w for variants, w in weights if variants & present) / total
            score = DENSE_WEIGHT * float(cosine) + (1 - DENSE_WEIGHT) * lexical
            scored.append(Candidate(source, sentence, score, vector))
        return sorted(scored, key=lambda c: -c.score)

    def word_weights(self, question: str) -> list[tuple[set[str], float]]:
        """The question's content words with their IDF in the archive. A word the archive never
        uses weighs most: a sentence cannot answer a question about it."""
        groups = query_words(question)
        frequencies = self._df(sorted({t for g in groups for t in g}))
        n = max(self._documents(), 1)
        weights = []
        for variants in groups:
            df = max((frequencies.get(t, 0) for t in variants), default=0)
            weights.append((variants, math.log((n + 1) / (df + 0.5))))
        return weights

    def select(self, candidates: list[Candidate], chronological: bool = False) -> list[Candidate]:
        """The best candidates above the threshold, without near-repeats: at most two per story,
        and a sentence from another story only if it scores close to the best. A chronology
        takes one sentence per story, down to a lower bar once the best one has passed."""
        picked: list[Candidate] = []
        per_story = 1 if chronological else 2
        for candidate in candidates:
            if not picked:
                floor = self.threshold
            elif chronological:
                floor = CHRONOLOGY_FLOOR * self.threshold
            elif candidate.source.n != picked[0].source.n:
                floor = max(self.threshold, RELATIVE * picked[0].score)
            else:
                floor = self.threshold
            if len(picked) == self.max_sentences:
                break
            if candidate.score < floor:
                continue
            if sum(p.source.n == candidate.source.n for p in picked) >= per_story:
                continue
            if any(float(candidate.vector @ p.vector) > REDUNDANT for p in picked):
                continue
            picked.append(candidate)
        return picked

    def answer(self, question: str, sources: list[Source], chronological: bool = False, language: str = "en") -> str:
        """The answer text with ``[n]`` markers, or "" to abstain."""
        picked = self.select(self.candidates(question, sources), chronological)
        if not picked:
            return ""
        if chronological:  # "when…", "what happened…": one line per story, in date order
            picked.sort(key=lambda c: (c.source.date, c.source.n))
            return " ".join(f"{format_day(c.source.date, language)} — {c.sentence} [{c.source.n}]" for c in picked)
        return " ".join(f"{c.sentence} [{c.source.n}]" for c in picked)
