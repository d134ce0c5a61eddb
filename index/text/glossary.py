"""The French–English glossary of the news (``lexicon/fr_en.txt``): a word's index terms in the
other language.

A French question about an English story, or the other way round, shares none of its words
with the story. Retrieval's BM25 side ORs the translations into a French query's terms, and the
reader matches a story in the other language through them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from index.text.analysis import query_terms, query_word_terms

GLOSSARY_PATH = Path(__file__).with_name("lexicon") / "fr_en.txt"


@cache
def glossary() -> dict[str, frozenset[str]]:
    """Each index term of ``lexicon/fr_en.txt`` with the terms of its translations."""
    meanings: dict[str, set[str]] = {}
    for line in GLOSSARY_PATH.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        french, english = ({t for form in side.split(",") for t in query_terms(form)} for side in line.split("=", 1))
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
