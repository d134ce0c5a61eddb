"""The names a sentence gives, as written: capitalised words ("iPhone", "GPT-4o"), people
("Firstname Lastname", or a capitalised pair where the sentence says who someone is) and known
places, in French and English. ``mentions.holds`` reads them for the questions that ask for a
person, an organisation, a place or a product; the lexicons are in ``lexicon/``.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.answering.answer_nouns import ORG_NOUNS, PERSON_NOUNS
from index.text.analysis import STOPWORDS
from index.text.dates import fold

# Names: capitalised words, "iPhone", "GPT-4o", and short model names in lower case ("o1", "h100")
_CAPITALISED = re.compile(
    r"\b[A-ZÀ-ÖØ-Þ][\w’'&.-]*[\w]|\b[a-z]+[A-Z][\w-]*|\b\w*\d\w*[A-Za-z]\w*\b|\b[a-z]{1,3}\d{1,3}\b"
)
_NAME_PAIR = re.compile(
    r"\b([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ’']+(?:-[A-ZÀ-ÖØ-Þ]?[a-zà-öø-ÿ’']+)*)\s+(?:(?:de|van|von|da|del|le|al|bin|ibn)\s+)?"
    r"([A-ZÀ-ÖØ-Þ][\w’'-]+)\b"  # "Jean-Luc Picard", "Lip-Bu Tan"
)
_PERSON_CUE = re.compile(
    r"\b(?:ceo|cto|cfo|coo|founder|co-founder|cofounder|chief|president|chairman|chairwoman|director|head|researcher"
    r"|scientist|professor|analyst|engineer|investor|senator|minister|judge|justice|spokesperson|author|said|says"
    r"|leader|manager|vp|vice president|officer|designer|developer|partner|executive|responsable|dirigeante?"
    r"|told|wrote|according to|mr|ms|dr|pdg|fondat(?:eur|rice)|cofondat(?:eur|rice)|directeur|directrice|president"
    r"|presidente|chercheur|chercheuse|ministre|depute|elu|a declare|declare|affirme|selon|explique|m|mme"
    r"|hired|hires|hiring|poached|recruited|appointed|commissioner|governor|mayor|chancellor|lawmaker|embauche"
    r"|recrute|nomme|nommee|commissaire|gouverneur|maire)\b"
)
_PREPOSITION_PLACE = re.compile(
    r"\b(?:in|at|from|near|outside|across|à|en|au|aux|près de|vers|dans)\s+([A-ZÀ-ÖØ-Þ][\w’'-]+)"
)


def _lexicon(name: str) -> frozenset[str]:
    text = (Path(__file__).with_name("lexicon") / name).read_text(encoding="utf-8")
    return frozenset(fold(w) for line in text.splitlines() if not line.startswith("#") for w in line.split())


FIRST_NAMES = _lexicon("first_names.txt")
PLACES = _lexicon("places.txt")
COUNTRIES = _lexicon("countries.txt")  # and states, regions, continents: no city

NOT_NAMES = frozenset({"ai", "ia"}) | _lexicon("common_capitalised.txt")  # capitalised, naming nothing
# "Nice-based", "AI-powered", "Store-like": the name, not the suffix
COMPOUND = re.compile(
    r"-(?:based|backed|owned|led|made|funded|focused|native|specific|style|like|powered|driven|first|assisted"
    r"|generated|enabled|centric|ready|related|friendly|era|class|sized|level|scale)\b",
    re.IGNORECASE,
)

_POSSESSIVE = re.compile(r"['’]s$")  # "WeWork's" names WeWork
_ELIDED = re.compile(r"^(?:[CDJLMNST]|Qu|Jusqu|Lorsqu|Puisqu)['’](?=\w)")  # « L’IA » names IA


def names_in(sentence: str) -> set[str]:
    """The capitalised words of ``sentence``, but the stop words that open it ("The", « Le ») and
    an opening word that is capitalised only because it opens it ("Surgeons do…", "Having a…")."""
    found = {
        _POSSESSIVE.sub("", COMPOUND.sub("", fold(_ELIDED.sub("", m.group(0))))).strip(".’'")
        for m in _CAPITALISED.finditer(sentence)
        if not (m.start() == _opening(sentence) and _OPENER.match(fold(sentence[m.start() :])))
    }
    return {name for name in found if name not in STOPWORDS and name not in NOT_NAMES}


# A sentence's first word that names no one: a kind of person or body in the plural, a gerund or
# a participle, an adverb ("Researchers found…", "Organizing software…", "Leaked documents…",
# "Currently…"); but a name that does something is one ("Megaspeed has funneled…").
_OPENER = re.compile(
    rf"(?:(?:{PERSON_NOUNS}|{ORG_NOUNS}|surgeon|user)s?\b|[a-z]{{2,}}ly(?=,)"
    # an abstract noun before its preposition: "Speculation on OpenAI…", "Adoption of agents…"
    r"|[a-z]{3,}(?:tion|sion|ment|ness|ity|ance|ence)s? (?=(?:on|of|about|over|around|in|for|from|among|between)\b)"
    r"|[a-z]{2,}(?:ing|ed)\b(?! (?:has|have|had|is|are|was|were|will|would|can|could|may|said|says|announced"
    r"|launched|released|raised|reported|plans|wants|\w{3,}ed)\b))"  # "Apnimed achieved…" names a firm
)


def _opening(sentence: str) -> int:
    """Where the first word of ``sentence`` starts, after opening quotes."""
    return len(sentence) - len(sentence.lstrip(" \"'“‘«"))


_NOT_PEOPLE = frozenset(
    "research capital partners labs lab group ventures ai cloud inc corp technologies systems robotics foundation"
    " institute university bank fund holdings media news studio studios games networks energy"
    " motors pharma therapeutics security software data".split()
)


# A pair that names no one: a firm's title ("Meta CEO", "Nvidia CFO") or a possessive ("Apple's App
# Store"). Both had answered "Which Facebook executive…" and "Which judge…" with the people the
# question itself names.
_NOT_A_NAME = re.compile(r"\s[A-Z]{2,}$|^\S+['’]s\b")


def people(sentence: str) -> list[str]:
    """Names of people: "Firstname Lastname" with a known first name, or a capitalised pair in a
    sentence that says who someone is ("CEO", "founder", "said", « selon »), neither a place
    nor a firm ("Arvalis Research")."""
    cue = bool(_PERSON_CUE.search(fold(sentence)))
    found = []
    for m in _NAME_PAIR.finditer(sentence):
        pair = {fold(m.group(1)), fold(m.group(2))}
        if _NOT_A_NAME.search(m.group(0)):
            continue
        if (cue or fold(m.group(1)) in FIRST_NAMES) and not pair & (PLACES | _NOT_PEOPLE):
            found.append(m.group(0))
    return found


def places(sentence: str) -> list[str]:
    """Known places ``sentence`` names: "Saint-Fons", "in Lyon", the France of "France-based"."""
    spelled = [w for word in re.findall(r"[\w’'-]+", sentence) for w in dict.fromkeys((word, word.split("-")[0]))]
    found = [w for w in spelled if w[:1].isupper() and fold(w) in PLACES]
    return found + [m.group(1) for m in _PREPOSITION_PLACE.finditer(sentence) if fold(m.group(1)) in PLACES]


# "LLMs", "GPUs", "PWAs": a kind in the plural, not a name
_PLURAL_ACRONYM = re.compile(r"\b[A-Z]{2,}s\b")


def kinds_in(sentence: str) -> set[str]:
    """The acronyms of ``sentence`` written in the plural, folded ("llms", "pwas"): they name a
    kind of thing, not one organisation or product."""
    return {fold(m.group(0)) for m in _PLURAL_ACRONYM.finditer(sentence)}
