"""Whether a text names what a question is about: its names, in either language's spelling,
capitalised where the question capitalises them, a long name also written in two words.
Pure functions over folded text (lower case, no accents) and the text as written.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from index.text.dates import fold, unaccented

if TYPE_CHECKING:
    from assistant.answering.reader import Question


# The source a question cites: a summary of a post rarely names its author or its site, so a
# story need not name them. "According to X,", « Selon X, », "per X", "In X's essay", "Jim
# Grey's lessons", "the Towards Data Science guide", « l'article de Bits about Money », "does
# Will Whitney suggest". A survey, a study or a report is an institution's, which stories name.
_WRITING = (
    r"(?:essay|guide|post|blog|newsletter|review|article|analysis|paper|talk|thread|book|podcast|lessons|advice"
    r"|predictions|piece|roadmap|list|notes|write-up|essai|billet|lettre|tribune)"
)
_NAME = r"[A-Z][\w.&-]*(?:\s+(?:(?:of|about|the|and|de|du|des)\s+)?[A-Z][\w.&-]*){0,3}"  # "Bits about Money"
_CITED = re.compile(
    r"\b(?:[Aa]ccording to|[Ss]elon|[Dd]'après|[Dd]’après|[Pp]er(?=\s+[A-Z]))\s+([^,?]{2,60}?)"
    r"(?=,|\?|\s+(?:what|which|how|who|when|where|quel|quelle|quels|quelles|combien|qui|quand|où)\b)"
    rf"|\b({_NAME})['’]s?\s+(?:\w+\s+){{0,2}}?{_WRITING}\b"  # "Jim Grey's lessons", "In Ethan Mollick's guide"
    rf"|\bthe\s+({_NAME})\s+{_WRITING}\b"  # "the New York Times piece"
    rf"|\b(?:l['’]|le |la |un |une )?{_WRITING}\s+(?:de |d['’]|du |by |from )({_NAME})"  # « l'article de X »
    r"|\b(?:does|did|do|would|will)\s+((?:[A-Z][\w.-]*\s+){1,3})(?:suggest|argue|recommend|put|say|write|predict"
    r"|credit|describe|call|advise|claim|believe|estimate|expect|propose|warn|think|consider|define|list|rank)\b"
)


def cited_names(text: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The ``names`` (folded) of the source ``text`` cites, which a story need not name."""
    cited = {w for m in _CITED.finditer(text) for w in re.findall(r"\w+", fold(m.group(0)))}
    return tuple(n for n in names if n in cited)


def capitalised_names(named: list[str], text: str, names: tuple[str, ...]) -> frozenset[str]:
    """The ``names`` ``text`` writes with a capital, but where a capital only opens the question."""
    opening = text.lstrip()
    written = {
        fold(word)
        for entity in named
        for word in re.findall(r"[^\W\d_][\w'’-]*", entity)
        if word[0].isupper() and not opening.startswith(word)
    }
    return frozenset(written & set(names))


# Acronyms each language spells its own way: a French question on « l'IA » names what an
# English story calls AI.
NAME_ALIASES = {"ia": "ai", "ue": "eu", "rgpd": "gdpr", "otan": "nato"}
NAME_ALIASES |= {english: french for french, english in NAME_ALIASES.items()}
# Capitalised, but they name no subject in particular: « Qui a fondé Kaskad, la jeune pousse
# d'IA de Nantes ? » is not answered by a story that only says "AI".
GENERIC_NAMES = frozenset(
    "ai ia us usa uk eu ue french francais francaise chinese chinois chinoise american americans americain americains"
    " americaine americaines"
    " european europeen europeenne british britannique german allemand allemande japanese japonais".split()
)


def names_share(question: Question, text: str) -> float:
    """The share of the question's names that ``text`` gives (1.0 when it names none); a name
    the question capitalises, only where ``text`` capitalises it too ("Key", not "key")."""
    if not question.names:
        return 1.0
    folded = fold(text)
    given = [name for name in question.names if _names(name, folded)]
    if capitalised := [name for name in given if name in question.capitalised]:
        written = _unaccented(text)
        given = [n for n in given if n not in capitalised or _capitalised(n, written) or _names_joined(n, folded)]
    return len(given) / len(question.names)


@lru_cache(maxsize=64)
def _unaccented(text: str) -> str:
    """``unaccented``, cached: a story's text is asked of every candidate of it, as for ``joined``."""
    return unaccented(text)


def _capitalised(name: str, written: str) -> bool:
    """Whether ``written`` (unaccented, as written) gives ``name`` with a capital."""
    spellings = "|".join(
        rf"(?-i:{re.escape(n[0].upper())}){re.escape(n[1:])}" for n in (name, NAME_ALIASES.get(name)) if n
    )
    plural = "(?:e?s)?" if len(name) >= MIN_PLURAL else ""
    return bool(re.search(rf"(?i)(?<!\w)(?:{spellings}){plural}(?!\w)", written))


def _names_joined(name: str, folded: str) -> bool:
    """A long name found inside a word or across two ("Californian", "Flash Attention"): no
    capital is asked of it."""
    whole = re.search(rf"(?<!\w){re.escape(name)}(?:e?s)?(?!\w)", folded)
    return len(name) >= MIN_JOINED and name in joined(folded) and not whole


def _names(name: str, folded: str) -> bool:
    """Whether ``folded`` text gives ``name`` (a folded word), in either language's spelling;
    a long name also written in two words ("FlashAttention", "Flash Attention")."""
    spellings = "|".join(re.escape(n) for n in (name, NAME_ALIASES.get(name)) if n)
    plural = "(?:e?s)?" if len(name) >= MIN_PLURAL else ""  # "MoEs" names MoE; "uses" does not name the US
    if re.search(rf"(?<!\w)(?:{spellings}){plural}(?!\w)", folded):
        return True
    return len(name) >= MIN_JOINED and name in joined(folded)


MIN_PLURAL = 3
MIN_JOINED = 8  # shorter names would be found across words ("open ai" is not every "open air")


def names_a_site(names: tuple[str, ...], url: str) -> bool:
    """Whether a link's address runs two of the question's names together: a blog is often its
    author's name ("Raph Koster" in raphkoster.com, "Jim Nielsen" in blog.jim-nielsen.com), and
    the question names the author where the story names only the post."""
    address = re.sub(r"[^a-z0-9]", "", fold(url.split("?")[0]))
    return any(len(a + b) >= MIN_JOINED and a + b in address for a, b in itertools.pairwise(names))


@lru_cache(maxsize=64)
def joined(folded: str) -> str:
    """``folded`` without spaces and hyphens; a story's text is asked of every candidate of it."""
    return re.sub(r"[\s-]+", "", folded)


# « la fosse des Mariannes » is the Mariana Trench, « Californie » California: a place or a
# name each language ends its own way. Only for a story in the other language, and only a word
# it capitalises that shares most of the name's letters, from the first.
MIN_STEM = 5
STEM_SHARE = 0.75  # of the shorter word, shared from its start
LENGTH_RATIO = 0.7  # "Micro" is not Microsoft


def spelled_alike(name: str, text: str) -> bool:
    """Whether ``text`` capitalises a word that is ``name`` (folded) with another ending."""
    for word in _capitalised_words(text):
        shorter, longer = sorted((len(name), len(word)))
        shared = next((i for i, (a, b) in enumerate(zip(name, word, strict=False)) if a != b), shorter)
        if shorter >= LENGTH_RATIO * longer and shared >= max(MIN_STEM, math.ceil(STEM_SHARE * shorter)):
            return True
    return False


@lru_cache(maxsize=64)
def _capitalised_words(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in re.findall(r"(?<![\w'’-])[^\W\d_][\w-]*", text) if w[0].isupper())
