"""Lexical analysis for BM25, French and English.

Text → lower case → elisions split (l’/d’/qu’/j’ …) → word tokens → stop words dropped →
Snowball stem in the text's language → accents folded. A query is analysed in *both*
languages and its terms OR-ed, so a French question finds an English story's shared
names and numbers, and vice versa.
"""

from __future__ import annotations

import functools
import re

import Stemmer

from index.text.dates import fold

FRENCH_STOPWORDS = frozenset(
    """
    a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur
    leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui
    sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y est sont
    ete etre avoir ont a fait plus comme aussi tres sans sous entre vers chez dont ou cela
    ca quel quelle quels quelles quoi combien comment pourquoi quand lors
    """.split()
)
ENGLISH_STOPWORDS = frozenset(
    """
    a an and are as at be been but by for from has have he her his i in into is it its of
    on or our she so than that the their them then there these they this those to was we
    were what when where which who whom why will with would you your do does did how about
    can could should also not no
    """.split()
)
_STOPWORDS = {"fr": FRENCH_STOPWORDS, "en": ENGLISH_STOPWORDS}
_ALL_STOPWORDS = FRENCH_STOPWORDS | ENGLISH_STOPWORDS
STOPWORDS = _ALL_STOPWORDS  # either language's
_STEMMER_NAMES = {"fr": "french", "en": "english"}

_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)
_SEPARATED_NUMBER = re.compile(r"(?<!\w)\d+(?:[.,]\d+)+(?!\w)")
_DIGITS = re.compile(r"\d+")


@functools.cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_NAMES.get(language, "english"))


def stem(word: str, language: str) -> str:
    """``word``'s Snowball stem in ``language``, accents folded: the index term it is matched by."""
    return fold(_stemmer(language).stemWord(word))


def words(text: str) -> list[str]:
    """Lower-cased word tokens with elided articles removed (``l’Europe`` → ``europe``)."""
    return _WORD.findall(_ELISION.sub(" ", text.lower()))


def detect_language(text: str) -> str:
    """``"fr"`` or ``"en"``, by counting each language's stop words (no model needed)."""
    tokens = [fold(t) for t in words(text[:5000])]
    fr = sum(t in FRENCH_STOPWORDS for t in tokens)
    en = sum(t in ENGLISH_STOPWORDS for t in tokens)
    return "fr" if fr > en else "en"


MIN_LANGUAGE_EVIDENCE = 5  # stop words a text needs before its own language overrides its issue's


def story_language(text: str, default: str) -> str:
    """The language a story is written in: its issue's, unless its own words say otherwise
    (a French newsletter quoting an English release in full)."""
    tokens = [fold(t) for t in words(text[:5000])]
    fr = sum(t in FRENCH_STOPWORDS for t in tokens)
    en = sum(t in ENGLISH_STOPWORDS for t in tokens)
    if fr + en < MIN_LANGUAGE_EVIDENCE:
        return default
    return "fr" if fr > en else "en"


def analyze(text: str, language: str, stop: frozenset[str] | None = None) -> list[str]:
    """The index terms of ``text``: stemmed in ``language``, accents folded, stop words out."""
    stop = stop if stop is not None else _STOPWORDS.get(language, ENGLISH_STOPWORDS)
    kept = [t for t in words(text) if fold(t) not in stop]
    return [fold(s) for s in _stemmer(language).stemWords(kept)]


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query under French and English analysis, in order.

    A query's language is unknown, so the stop words of both languages are dropped."""
    seen: dict[str, None] = {}
    for language in ("fr", "en"):
        for term in analyze(text, language, _ALL_STOPWORDS):
            seen.setdefault(term, None)
    return list(seen)


# An acronym's plural takes a lower-case s ("GPUs", "LLMs"), which neither stemmer removes:
# "GPU" would not find a story on "GPUs". A query word written as one matches both forms; not
# in the terms OR-ed for BM25, where the rare form ("AIs") would weigh as a word of its own.
_ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{1,5})(s?)(?![\w-])")


def acronym_forms(text: str) -> dict[str, set[str]]:
    """Each acronym of ``text`` written in capitals (folded as written) with its singular and
    plural terms: "GPUs" → {"gpus": {"gpu", "gpus"}}; stop words left out ("IT" is not "its")."""
    found: dict[str, set[str]] = {}
    for match in _ACRONYM.finditer(text):
        singular = fold(match.group(1).lower())
        forms = {singular, f"{singular}s"} - _ALL_STOPWORDS
        if fold(match.group(0).lower()) in forms:
            found.setdefault(fold(match.group(0).lower()), set()).update(forms)
    return found


def query_words(text: str) -> list[set[str]]:
    """Each content word of a query as the set of its French and English index terms."""
    return list(query_word_terms(text).values())


def query_word_terms(text: str) -> dict[str, set[str]]:
    """Each content word of a query (folded) with the set of its French and English index terms
    (an acronym's, both its singular and plural: ``acronym_forms``)."""
    grouped: dict[str, set[str]] = {}
    for word in words(text):
        if fold(word) in _ALL_STOPWORDS:
            continue
        variants = {stem(word, language) for language in ("fr", "en")}
        grouped.setdefault(fold(word), set()).update(variants)
    for word, forms in acronym_forms(text).items():
        grouped.setdefault(word, set()).update(forms)
    return grouped


def number_phrases(text: str) -> list[str]:
    """The numbers of ``text`` written with a decimal or thousands separator ("Cursor 1.0",
    "1,5 milliard", "21,000"), each as the phrase of its digit groups ("1 0"). The index keeps
    the groups as adjacent tokens: alone, "1" and "0" match any story with a one and a zero,
    the phrase only the number itself."""
    seen: dict[str, None] = {}
    for number in _SEPARATED_NUMBER.findall(text):
        seen.setdefault(" ".join(_DIGITS.findall(number)), None)
    return list(seen)


def fts_all_words(text: str) -> str | None:
    """An FTS5 MATCH expression requiring every content word (in either language's form), and
    each number written with a separator as its phrase ("1.0" → "1 0", not 1 and 0 anywhere)."""
    groups = query_words(_SEPARATED_NUMBER.sub(" ", text))
    clauses = ["(" + " OR ".join(f'"{t}"' for t in sorted(g)) + ")" for g in groups]
    clauses += [f'"{phrase}"' for phrase in number_phrases(text)]
    return " AND ".join(clauses) or None


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression OR-ing the query's terms and number phrases, or None if nothing
    is left."""
    return fts_any([*query_terms(text), *number_phrases(text)])


def fts_any(terms: list[str]) -> str | None:
    """An FTS5 MATCH expression OR-ing ``terms`` (already analysed; a term of several tokens is
    a phrase), or None if there are none."""
    return " OR ".join(f'"{t}"' for t in terms) if terms else None


def affordable_terms(terms: list[str], frequencies: dict[str, int], budget: int, least: int = 2) -> list[str]:
    """The rarest of ``terms`` whose postings (documents holding them) add up to at most
    ``budget``, and at least the ``least`` rarest: BM25 work grows with the postings of every
    OR-ed term, while the commonest terms add least to a score (lowest IDF). Terms no
    document holds are dropped; the query's order is kept."""
    kept: set[str] = set()
    total = 0
    for term in sorted((t for t in terms if frequencies.get(t)), key=lambda t: frequencies[t]):
        if len(kept) >= least and total + frequencies[term] > budget:
            break
        kept.add(term)
        total += frequencies[term]
    return [t for t in terms if t in kept]
