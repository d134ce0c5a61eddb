"""The French–English glossary of the news (``lexicon/fr_en.txt``): a word's index terms in the
other language.

A French question about an English story, or the other way round, shares none of its words
with the story. Retrieval's BM25 side ORs the translations into a French query's terms, ranks
an English reading of it (``english_gloss``) with the English retrieval model, and the reader
matches a story in the other language through the translations."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from index.text.analysis import FRENCH_STOPWORDS, query_terms, query_word_terms, stem, words
from index.text.dates import fold_apostrophes

GLOSSARY_PATH = Path(__file__).with_name("lexicon") / "fr_en.txt"


@cache
def _meanings() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Each meaning of ``lexicon/fr_en.txt``: its French forms and its English ones, as written."""
    found = []
    for line in GLOSSARY_PATH.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#") and "=" in line:
            french, english = line.split("=", 1)
            found.append((tuple(f.strip() for f in french.split(",")), tuple(e.strip() for e in english.split(","))))
    return tuple(found)


@cache
def glossary() -> dict[str, frozenset[str]]:
    """Each index term of ``lexicon/fr_en.txt`` with the terms of its translations."""
    meanings: dict[str, set[str]] = {}
    for sides in _meanings():
        french, english = ({t for form in side for t in query_terms(form)} for side in sides)
        for term in french:
            meanings.setdefault(term, set()).update(english)
        for term in english:
            meanings.setdefault(term, set()).update(french)
    return {term: frozenset(found) for term, found in meanings.items()}


def translations(terms: frozenset[str]) -> frozenset[str]:
    """The index terms of the other language's words for ``terms`` (one word's terms)."""
    known = glossary()
    return frozenset(t for term in terms for t in known.get(term, ()))


def translated_terms(text: str) -> list[str]:
    """The index terms of the translations of ``text``'s content words, in order, without the
    terms ``text`` holds itself: « Combien coûte la location ? » → cost, rent, rental…"""
    own = set(query_terms(text))
    found = (t for terms in query_word_terms(text).values() for t in sorted(translations(frozenset(terms))))
    return list(dict.fromkeys(t for t in found if t not in own))


@cache
def _english_forms() -> tuple[dict[str, str], dict[str, str]]:
    """Each single French word of the glossary (its French stem) and each French phrase
    ("chiffre d'affaires", folded) with the first English form of its meaning."""
    single: dict[str, str] = {}
    phrases: dict[str, str] = {}
    for french, english in _meanings():
        first = english[0].lower()
        for form in (fold_apostrophes(f.lower()) for f in french):
            if len(words(form)) > 1:
                phrases.setdefault(form, first)
            elif form:
                single.setdefault(stem(form, "fr"), first)
    return single, phrases


def english_gloss(text: str) -> str:
    """``text`` read word by word in English: each French word or phrase of the glossary as the
    first English form of its meaning, French stop words left out, every other word (names,
    figures) as written. « Combien d'énergie consomme le modem C1X de l'iPhone Air ? » →
    "energy consumption modem c1x iphone air". No sentence, but the English retrieval model
    ranks English stories on it better than the multilingual model ranks them on the French."""
    single, phrases = _english_forms()
    folded = fold_apostrophes(text.lower())  # « chiffre d’affaires » as « chiffre d'affaires »
    for phrase in sorted(phrases, key=len, reverse=True):  # "part de marché" before "marché"
        english = phrases[phrase].replace(" ", "_")  # one token, which no French form matches
        folded = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", f" {english} ", folded)
    read = (single.get(stem(w, "fr"), w) for w in words(folded) if w not in FRENCH_STOPWORDS)
    return " ".join(read).replace("_", " ")
