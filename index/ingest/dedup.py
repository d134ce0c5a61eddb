"""Near-duplicate stories: MinHash over word shingles, with LSH bands for lookup.

A story re-sent in a later issue (a word or two changed) or printed twice in the same
issue is linked to the first print by ``duplicate_of`` and not indexed again.
"""

from __future__ import annotations

import functools
import hashlib
import re

import numpy as np

from index.ingest.drafts import StoryDraft
from index.text.dates import fold

SHINGLE = 5  # words per shingle: long enough that unrelated stories rarely share one
PERMUTATIONS = 64
BANDS = 16  # 16 bands × 4 rows: pairs above ~0.5 Jaccard become candidates
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.7  # Jaccard above which two stories are one: a changed word in a 25-word brief gives 0.75
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20250612)  # fixed seed: signatures must be stable across runs
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)


def normalize(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def shingles(text: str) -> set[str]:
    words = normalize(text)
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def signature(shingle_set: set[str]) -> np.ndarray:
    hashes = np.array(
        [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little") >> 4 for s in shingle_set]
        or [0],
        dtype=np.uint64,
    )
    # (a*x + b) mod p, with uint64 wrap-around: a fast, stable family of hash functions.
    minimums: np.ndarray = ((np.outer(_A, hashes) + _B[:, None]) % np.uint64(_PRIME)).min(axis=1)
    return minimums


def bands(shingle_set: set[str]) -> list[str]:
    """LSH band keys: stories sharing any key are candidate duplicates."""
    sig = signature(shingle_set)
    return [
        f"{b}:{hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
        for b in range(BANDS)
    ]


def same_headline(a: str | None, b: str | None) -> bool:
    """Same headline (case, accents and punctuation aside), long enough to mean something."""
    if not a or not b:
        return False
    na, nb = _headline_words(a), _headline_words(b)
    return na == nb and len(na) >= 3


@functools.lru_cache(maxsize=4096)
def _headline_words(headline: str) -> tuple[str, ...]:  # each headline is compared with every earlier one
    return tuple(normalize(headline))


def merge_continuations(stories: list[StoryDraft]) -> list[StoryDraft]:
    """A story printed in two parts under one headline (an op-ed's pull quotes, then its full
    text) is one story: the later part's text joins the first. Two prints of the same text
    stay two stories, the second linked as a reprint (``duplicate_of``)."""
    kept: list[StoryDraft] = []
    for story in stories:
        first = next((k for k in kept if same_headline(story.headline, k.headline)), None)
        if first is None or jaccard(shingles(story.text), shingles(first.text)) >= THRESHOLD:
            kept.append(story)
            continue
        first.body.extend(line for line in story.body if line not in first.body)
        first.captions.extend(c for c in story.captions if c not in first.captions)
    return kept
