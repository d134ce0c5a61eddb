"""Whether a count counts what a "how many" question asks about.

"How many routed experts does each layer of DeepSeek v3 hold?" is not answered by "The model was
trained on 14.8 trillion tokens": the sentence holds a count, of something else. A near-miss on a
count is mostly that: the story counts its subject's tokens, developers or stores, not the thing
asked. The thing a number counts is written right after it ("80,000 curated driving video
clips", « 18 000 puces »), and a story rarely uses the question's word for it ("paid rides" for
"driverless rides", "staff" for « salariés »): the words are compared by the sentence model's
vectors, not spelled.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from assistant.answering.answer_types import COUNTS
from index.retrieval.embedding import Embedder
from index.text.analysis import STOPWORDS
from index.text.dates import fold_apostrophes

# The words after a count that say what it counts: read past these ("more than 200 listed
# alternatives", "2.3 million new users", « 18 000 puces intégrées »).
_SKIPPED = STOPWORDS | frozenset(
    """did does do is are was were has have had will would can could ont est sont total more than about over
    roughly approximately some nearly around million millions billion billions trillion trillions thousand
    thousands hundreds dozens milliards milliers new different individual distinct additional plus""".split()
)
_ASKED = re.compile(r"\b(?:how many|combien de|combien d'|number of|nombre de|nombre d')\s*((?:[a-z0-9'-]+\s+){0,4})")
_WORD = re.compile(r"[a-z][a-z0-9'-]+")  # "12,000 H100s"
_ELISION = re.compile(r"^(?:d|l|qu|s|n|c|j|m|t)'")  # « 2 millions d'exemplaires »
# French names the kind first and its adjectives after it, plural like it (« puces intégrées »),
# or a name (« applications Android »): another word is the verb (« Combien d'engagements
# figurent dans le code ? » counts commitments, not figures), and so is an inverted one (« ont-ils »).
_FRENCH_AGREEING = re.compile(r"[a-z']+[sx]")
ASKED_WORDS = 3  # "Nvidia Grace Blackwell chips": the last words before the verb name the kind
COUNTED_WORDS = 3  # "12 government and commercial payloads": what a count counts, in its next five words
SAME_KIND = 0.5  # cosine of the two words' vectors from which a count counts the asked kind
# Words that count anything: "sold more than 2 million units", « plus de 275 personnes » for
# "how many employees"
_ANY_KIND = frozenset(
    "units unites copies exemplaires items pieces people persons personnes individuals individus".split()
)
_CACHE_SIZE = 20_000  # word vectors kept between questions


def asked_kind(question: str) -> tuple[str, ...]:
    """The words that say what ``question`` counts: "How many routed experts does…" → ("routed",
    "experts"); none when it is not a "how many" question."""
    match = _ASKED.search(fold_apostrophes(question))
    if not match:
        return ()
    french = match.group(0).startswith(("combien", "nombre"))
    names = {fold_apostrophes(w) for w in re.findall(r"\b[A-Z][\w'-]*", question)}  # « applications Android »
    kind: list[str] = []
    for word in match.group(1).split():  # up to the verb: "how many users had access" counts users
        if word in _SKIPPED or (french and kind and not _FRENCH_AGREEING.fullmatch(word) and word not in names):
            break
        kind.append(word)
    return tuple(kind[-ASKED_WORDS:])


def counted_kinds(sentence: str, headline: str = "") -> tuple[str, ...]:
    """The words after each count of ``sentence``, which say what it counts, and after the same
    number in ``headline``: "Brûlé Deploys 300 Robot Baristas" says what "robotic coffee arms
    in 300 of its 420 locations" counts."""
    found: list[str] = []
    numbers = set()
    for number, words in _counts(sentence):
        numbers.add(number)
        found += words
    found += [w for number, words in _counts(headline) if number in numbers for w in words]
    return tuple(dict.fromkeys(found))


def _counts(text: str) -> list[tuple[str, list[str]]]:
    """(each count of ``text``, the words after it that say what it counts)."""
    folded = fold_apostrophes(text)
    found = []
    for match in COUNTS.finditer(folded):
        after = [_ELISION.sub("", w) for w in _WORD.findall(folded[match.end() : match.end() + 50])]
        found.append((match.group(0), [w for w in after[:5] if w not in _SKIPPED][:COUNTED_WORDS]))
    return found


class CountedKinds:
    """Compares what a question counts with what a sentence's counts count, word vectors cached."""

    def __init__(self, embedder: Callable[[], Embedder]) -> None:
        self._embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def counts_asked(self, question: str, sentence: str, headline: str = "") -> bool:
        """Whether some count of ``sentence`` (as its ``headline`` may say) counts the kind
        ``question`` asks about; true when either side says nothing to compare ("a 105-qubit
        chip", "from six to 38")."""
        asked, counted = asked_kind(question), counted_kinds(sentence, headline)
        if not asked or not counted or _ANY_KIND.intersection(counted):
            return True
        similarity = self._vectors_of(asked) @ self._vectors_of(counted).T
        return bool(similarity.max() >= SAME_KIND)

    def _vectors_of(self, words: tuple[str, ...]) -> np.ndarray:
        cache = self._vectors  # one dict throughout: another request may replace a full cache meanwhile
        found = {w: cache[w] for w in words if w in cache}
        missing = [w for w in words if w not in found]
        if missing:
            if len(cache) > _CACHE_SIZE:
                cache = self._vectors = {}
            for word, vector in zip(missing, self._embedder().embed(missing), strict=True):
                found[word] = cache[word] = vector / (np.linalg.norm(vector) or 1.0)
        return np.stack([found[w] for w in words])
