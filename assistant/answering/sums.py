"""What a sum of money is for: a price is not the sum raised, nor revenue a profit.

A sentence on the right subject often holds a sum, but of another kind: asked what OpenAI's
device will cost, the archive says what OpenAI paid for Jony Ive's startup; asked MrBeast's
profit, it gives his sales. When a question says what its sum is for, a sentence answers only
if it says it too, in its own words: "will retail for", « loué 2 900 euros par mois ». A
question that names no role ("How much money is Saudi Arabia putting into AI?") is not held to
one. Patterns, no model: they read folded text (lower case, no accents).
"""

from __future__ import annotations

import re
from functools import lru_cache

# (role, how a question asks for it, how a sentence says it)
ROLES: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    (
        "valuation",
        re.compile(r"\bvaluation|\bvalued\b|\bvaloris|\bmarket cap|\bcapitalisation\b"),
        re.compile(
            r"\bvalu|\bworth\b|\bvaloris|\bmarket cap|\bcapitalisation\b"
            # "a $300 billion company": what it is worth
            r"|[$€£]\d[\d,.]*\s?(?:[bt]n?|billion|trillion)[\s-]+(?:\S+ ){0,2}?(?:company|startup|start-up|firm"
            r"|giant)\b"
        ),
    ),
    (
        # what making something cost, not its price: "How much did it cost to train Pelican-3?" is
        # not answered by "$3 per million input tokens" (named before "price": it wins the tie at "cost")
        "expense",
        re.compile(
            r"\bcost(?:s|ed)? (?:to|of|for) (?:pre-?)?(?:train|develop|produc|creat|design)\w*"
            r"|\b(?:pre-?)?train\w* (?:\S+ ){0,4}?cost\b"
            r"|\bcout\w* (?:l'|d'|de l'|de la |du )?(?:entrainement|developpement|fabrication|construction|conception)"
        ),
        re.compile(
            r"\b(?:(?:pre-?)?train\w*|develop\w*|produc\w*|manufactur\w*|build\w*|design\w*|spen[dt]|spending"
            r"|budget\w*|invest\w*|entrain\w*|developpement|fabrication|construction|conception|depens\w*)\b"
        ),
    ),
    (
        "price",
        re.compile(
            r"\b(?:price[sd]?|cost(?:s|ing)?|charges?|fees?|subscription|retail|rent|lease|coute(?:ra)?|prix"
            r"|tarifs?|abonnement|loyer|location|louer)\b"
        ),
        re.compile(
            r"\b(?:price[sd]?|pricing|cost(?:s|ing)?|charges?|fees?|subscriptions?|retails?|rent(?:s|ed)?"
            r"|leas(?:e|es|ed|ing)|pay|pays|paid|sells?|sold|sale|(?:for|at) (?:just |only |about |around )?[$€£\d]"
            r"|starts?|starting|cheap(?:er|est)?"
            r"|expensive|affordable|free|per|a (?:month|year|week|day|seat|user)|monthly|annual|yearly|each"
            r"|coute(?:ra|nt)?|prix|tarifs?|abonnement|loyer|lou(?:e|es|ee|ees)|location|vendu(?:e|es|s)?"
            r"|gratuit\w*|factur\w*|par (?:mois|an|jour|utilisateur|million)|chacun|a partir de|pour \d"
            r"|offer(?:s|ed)?|a share|per share|par action)\b"
            r"|\ba [$€£]\d[\d,.]*(?!\d|\s?(?:[kmb]n?|million|billion|trillion)\b)"  # "a $299 robot", not "a $5B deal"
            r"|\b(?:under|below|less than|moins de) [$€£]\d[\d,.]*(?!\d|\s?(?:[kmb]n?|million|billion|trillion)\b)"
            # "the $167 billion facility": what a works costs
            r"|[$€£]\d[\d,.]*\s?(?:[kmb]n?|million|billion|trillion)?[\s-]+(?:\S+ )?(?:facility|project|plant|dam"
            r"|factory|campus|data ?cent(?:er|re)s?|complex|bridge|stadium|building|headquarters|infrastructure)\b"
        ),
    ),
    (
        "funding",
        re.compile(
            r"\b(?:rais(?:e|es|ed|ing)|funding|round|seed|series [a-f]|levee|leve|lever|financement|tour de table)\b"
        ),
        re.compile(
            r"\b(?:rais(?:e|es|ed|ing)|funding|funded|round|seed|series [a-f]|investors?|invest(?:s|ed|ment)?|led by"
            r"|backed|backing|capital|venture|levee|leve|lever|financement|tour de table|investisseurs?|fonds)\b"
        ),
    ),
    (
        "revenue",
        re.compile(r"\b(?:revenues?|sales|turnover|arr|chiffre d'affaires|ventes|recettes)\b"),
        re.compile(
            r"\b(?:revenues?|sales|turnover|arr|run[- ]rate|annuali[sz]ed|recurring|generat(?:e|es|ed|ing)"
            r"|brings? in|brought in|earn(?:s|ed)?|bookings|chiffre d'affaires|ventes|recettes|genere)\b"
        ),
    ),
    (
        "profit",
        re.compile(r"\b(?:profits?|net income|earnings|losses|loss|los(?:e|es|ing)|benefices?|pertes?|perd\w*)\b"),
        re.compile(
            r"\b(?:profits?|profitable|income|earnings|margins?|loss(?:es)?|lost|losing|benefices?|pertes?"
            r"|perdu|gagne)\b"
        ),
    ),
    (
        "fine",
        re.compile(r"\b(?:fined?|penalty|penalties|settle(?:ment)?|damages|amendes?|sanctions?)\b"),
        re.compile(
            r"\b(?:fined?|fines|penalty|penalties|settle(?:d|s|ment)?|damages|ordered to pay|amendes?|sanctions?"
            r"|condamne\w*)\b"
        ),
    ),
    (
        "pay",
        re.compile(r"\b(?:salary|salaries|wages?|compensation|pay package|bonus(?:es)?|salaires?|remuneration)\b"),
        re.compile(
            r"\b(?:salary|salaries|wages?|compensation|pay|paid|package|bonus(?:es)?|stock options|stock awards?"
            r"|pays|earn(?:s|ed)?|offer(?:s|ed|ing)?|a month|per month|salaires?|remuneration|paye|verse|par mois)\b"
        ),
    ),
]
# "per mile", « par mégawattheure »: the unit a sum is counted in; "per million tokens" counts tokens.
# French « par » is also "by" (« obtenu par Kaskad », « créée par IA »): only before a unit.
_PER = re.compile(
    r"\bper\s+(?:(?:millions?|thousand|billion)\s+)?([a-z][\w-]+)"
    r"|\bpar\s+(?:(?:millions?|milliers?|milliards?|mille)\s+(?:de |d'))?(mois|an|annee|jour|semaine|heure|utilisateur"
    r"|action|unite|personne|abonne|requete|jetons?|tokens?|kilo\w+|mega\w+|kwh|mwh|litre|tonne)\b"
)
# "How much did the call cost Harrow Freight?": what it cost someone, not a price
_COST_TO = re.compile(
    r"\bcost(?:s|ed)? (?!(?:to|of|for|per|when|at|in|on|after|before|with|and|or|than|now|today|each|monthly"
    r"|annually|users?|customers?|consumers?|buyers?|subscribers?|developers?|us|you)\b)[a-z]"
)
# A unit a sum is counted in, in either language: the words that say it, and the words that
# say it without "per" ("monthly", « annuel »).
_UNIT_WORDS = {
    "month": r"month|mois",
    "year": r"year|\ban\b|annee",
    "hour": r"hour|heure",
    "day": r"\bday|jour",
    "week": r"week|semaine",
    "user": r"user|utilisateur",
    "share": r"share|action",
    "person": r"person|personne|head|capita",
    "subscriber": r"subscriber|abonne",
    "request": r"request|requete|query",
}
_RATE_WORDS = {
    "month": r"monthly|mensuel\w*|/mo\b",
    "year": r"annual\w*|yearly|annuel\w*|/yr\b",
    "hour": r"hourly|horaire|/h\b",
    "day": r"daily|quotidien\w*",
    "week": r"weekly|hebdomadaire",
}
_IN_ENGLISH = {"mois": "month", "an": "year", "annee": "year", "heure": "hour", "jour": "day", "semaine": "week"}
_IN_ENGLISH |= {"utilisateur": "user", "action": "share", "personne": "person", "abonne": "subscriber"}
_IN_ENGLISH |= {"requete": "request", "dai": "day", "mensuel": "month", "hebdomadaire": "week", "horaire": "hour"}
_IN_ENGLISH |= {"quotidien": "day"}
# "What is the top hourly wage", "how much will it charge monthly": a rate per hour, per month
_RATE = re.compile(r"\b(?:(hour|dai|week|month)ly|(mensuel|hebdomadaire|horaire|quotidien))\w*\b")


@lru_cache(maxsize=256)
def role(asked: str) -> str | None:
    """What the sum a (folded) question asks for is for: "price", "funding"…, or None when it
    does not say. The first role named is the one asked: "At what valuation did World Labs
    raise money?" asks a valuation, "How much did it raise at a $2B valuation?" the sum raised."""
    named = [
        (match.start(), name)
        for name, asking, _ in ROLES
        for match in asking.finditer(asked)
        if asked[match.end() : match.end() + 1] != "-"  # "rent-paying card": a kind of card, not a rent
        and not (name == "price" and _COST_TO.match(asked, match.start()))
    ]
    return min(named)[1] if named else None


@lru_cache(maxsize=256)
def _asked_of(asked: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(how a sentence says the role asked, the unit it must count in), read once per question:
    ``answers_the_sum`` is asked of every candidate sentence."""
    asked_role = role(asked)
    saying = next(saying for name, _, saying in ROLES if name == asked_role) if asked_role else None
    unit = None
    if per := _PER.search(asked):
        word = per.group(1) or per.group(2)
        unit = _counted_in(word)
    elif asked_role in ("price", "pay") and (rate := _RATE.search(asked)):
        unit = _counted_in(rate.group(1) or rate.group(2))
    return saying, unit


def _counted_in(word: str) -> re.Pattern[str]:
    """How a sentence counts a sum per ``word``: "per share", "a share", "$0.10/million input
    tokens", "annually"; not "a share sale"."""
    english = _IN_ENGLISH.get(word, word)
    unit = _UNIT_WORDS.get(english) or re.escape(word[: max(4, len(word) - 2)])  # "tokens", "token"
    per = rf"(?:\b(?:per|par)\s+|/\s?)(?:\S+\s+){{0,3}}?(?:{unit})|\b(?:a|an|each|every|chaque)\s+(?:{unit})"
    rate = _RATE_WORDS.get(english)
    return re.compile(f"{per}|{rate}" if rate else per)


def answers_the_sum(asked: str, folded: str) -> bool:
    """Whether a (folded) sentence holding a sum says what the (folded) question's sum is for,
    and counts it in the unit the question gives ("per mile")."""
    saying, unit = _asked_of(asked)
    if saying and not saying.search(folded):
        return False
    return not unit or bool(unit.search(folded))
