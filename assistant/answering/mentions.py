"""Which kinds of answer a sentence holds: a sum, a count, a person, a place… that the question
does not already give, in French and English.

``holds`` is the other side of ``answer_types.ask``: "How much does a Tora robot cost to rent?"
is answered by "Chaque robot est loué 2 900 euros par mois", not by "Nordlys a livré cinq
robots Tora". Patterns, no model: they read folded text (lower case, no accents).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.answer_types import (
    COUNTS,
    DECADE,
    MENTIONS,
    MONEY_WORDS,
    MONTH_NAMES,
    NUMBER,
    NUMBER_VALUES,
    NUMERIC,
    SCALE,
    WHICH_HEAD,
    WORDED_SUM,
    AnswerType,
)
from assistant.answering.naming import joined
from assistant.answering.proper_names import COUNTRIES, FIRST_NAMES, PLACES, kinds_in, names_in, people, places
from assistant.answering.sums import answers_the_sum
from assistant.answering.tense import asks_ahead, asks_past, past_dates_only
from assistant.answering.units import BARE, MEASURE, QUANTITY, measured
from index.text.analysis import STOPWORDS, query_terms
from index.text.dates import fold, fold_apostrophes

_ASKS_YEAR = re.compile(r"\b(?:what|which|quelle) (?:exact |precise )?(?:year|annee)\b")
_ASKS_QUARTER = re.compile(r"\b(?:which|what) quarter\b|\bquel trimestre\b")
# "On what exact date…", « à quelle date… » ask for a day: "by 2025" does not give it.
_ASKS_DAY = re.compile(
    r"\b(?:what|which|on what|on which|exact|precise) (?:exact |precise )?dates?\b|\bon what day\b"
    r"|\b(?:a |de )?quelle date\b|\bquel jour\b|\bdate (?:exacte|precise)\b"
)
_DAY = re.compile(
    rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{MONTH_NAMES})\b"
    rf"|\b(?:{MONTH_NAMES}|may)\s+\d{{1,2}}\b(?![.,]\d)|\b\d{{1,2}}(?:er)?\s+(?:mai|may)\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"  # 14/06/2025, not iOS 18.1
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|yesterday|today|tomorrow|tonight|hier|aujourd'hui|demain)\b"
)
_QUARTER = re.compile(
    r"\b(?:q[1-4]|h[12]|(?:first|second|third|fourth) quarter|(?:premier|deuxieme|second|troisieme|quatrieme)"
    r" trimestre)\b"
)
_ASKS_TIMES = re.compile(r"\bhow many times\b")
_TIMES = re.compile(r"\b(?:once|twice|thrice)\b")
_ASKS_MORE = re.compile(
    r"\bhow many (?:\S+ ){0,3}?more\b|\bcombien (?:de |d')(?:\S+ ){0,2}?(?:de plus|supplementaires?)\b"
)
# A fee or a commission is as often a share as a sum: "a 27% commission" (read in the question as
# written: the European Commission charges none)
_ASKS_FEE = re.compile(r"\b(?:[Ff]ees?|commissions?|[Rr]oyalt(?:y|ies)|take rate|[Ff]rais|[Rr]edevances?)\b")
_PEOPLE_MAY_ANSWER = re.compile(
    r"\b(?:investors?|backers?|partners?|investisseurs?|partenaires?|who|whose)\b|^\s*(?:et )?qui\b"
)
_BY_HOW_MUCH = re.compile(r"\bby how much\b|\bde combien\b(?! de\b| d')")
_CHANGE = re.compile(
    rf"\bfrom (?:\S+ ){{0,2}}?{NUMBER}(?: \S+)? to (?:\S+ )?{NUMBER}|\bde {NUMBER}(?: \S+)? a {NUMBER}"
)
# A comparison asks for a ratio as often as for a measure: "how much faster", "how much costlier".
_COMPARED = re.compile(
    r"\bhow much (?:\S+ )?(?:faster|slower|quicker|bigger|smaller|larger|longer|shorter|better|higher|lower|heavier"
    r"|lighter|cheaper|costlier|pricier|more|less|stronger|wider|deeper|thinner|thicker|denser|greater)\b"
    r"|\bde combien (?:plus|moins)\b|\bcombien de fois\b|\bhow much (?:\S+ )?\w{3,}(?:er|ier)\b(?=.*\bthan\b)"
    r"|\bhow much (?!money\b)(?:\S+ ){0,5}?(?:save|saves|saved|saving|savings)\b"
    r"|\bcombien (?!d'argent)(?:\S+ ){0,5}?economis"
)
# A minimum, an average or a median asked is said so: "the minimum investment" is not the sum
# raised, "the median salary" not one salary.
_QUALIFIERS = [
    (
        re.compile(r"\bminim(?:um|al|ale)\b|\bau moins\b"),
        re.compile(
            r"\bminim\w*|\bat least\b|\bau moins\b|\bno less than\b|\bstart(?:s|ing)? at\b|\ba partir de\b|\bmin\b"
        ),
    ),
    (
        re.compile(r"\b(?:average|mean|moyen(?:ne)?)\b"),
        re.compile(r"\b(?:average|averag\w+|mean|avg|moyen\w*|typical\w*)\b"),
    ),
    (re.compile(r"\bmedian(?:e)?\b"), re.compile(r"\bmedian\w*")),
]
# A headcount is counted in people: "how many employees does Vantablue have?" is not answered
# by "31 vulnerabilities" nor "2.3 million lines of code".
_ASKS_HEADCOUNT = re.compile(
    r"\b(?:how many|combien (?:de|d'))\s?(?:\S+ )?(?:employees|staff|workers|people work|salaries|employes"
    r"|collaborateurs|personnes (?:travaillent|employees))\b|\bheadcount\b|\beffectifs?\b"
)
_PEOPLE_COUNTED = re.compile(
    rf"{NUMBER}\s?(?:{SCALE}\s)?(?:\S+\s){{0,2}}(?:employees|staff|workers|people|salaries|employes|collaborateurs"
    r"|personnes|engineers|ingenieurs|researchers|chercheurs)\b|\b(?:headcount|workforce|effectifs?)\b"
)
_ASKS_AGO = re.compile(  # "eight years ago" answers these
    r"\bago\b|\bil y a (?:environ |a peu pres )?combien\b|\bhow long (?:before|after)\b"
    r"|\bhow long (?:had|has|have) (?:\S+ ){1,4}?been\b|\bdepuis combien de temps\b"  # "three years ago" is since when
    r"|\bcombien de temps (?:avant|apres)\b"
)
_DATE_NUMBER = re.compile(
    rf"\b(?:19|20)\d{{2}}\b|\b\d{{1,2}}(?:er|st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{MONTH_NAMES})\b"
    rf"|\b(?:{MONTH_NAMES}|may)\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b"
    r"|\b\d{1,2}(?:er)? mai\b"
)  # a year or a day of the month is a date, not a count


# "which review site": a website, named rather than placed; a launch or building site is a place
_ASKS_WEBSITE = re.compile(
    r"\b(?<!launch )(?<!test )(?<!construction )(?<!landing )site\b(?! (?:de |d')(?:lancement|test))|\bwebsite\b"
)
_ASKS_CITY = re.compile(r"\b(?:city|cities|town|towns|ville|villes|commune)\b")


_ONE = re.compile(r"\b(?:one|a single|only one|un seul|une seule) ([a-z]{3,})\b")
_COUNTED = re.compile(r"(?<![\w.,-])(\d+)-([a-z]{3,})\b")  # "105-qubit", "7-person"
# "This method, known as backtracing": a term's name, unquoted
_TERMED = re.compile(r"\b(?:known as|dubbed|termed|surnommee?|baptisee?)\s+([a-z][\w-]{3,})\b")
_QUOTED = re.compile(  # "an approach called 'soft verification'": a name, though in lower case
    r"\b(?:called|named|dubbed|known as|appele|appelee|baptise|baptisee|nomme|nommee|surnomme)\s+"
    r"['‘\"“«]\s?([^'’\"”»]{3,40}?)\s?['’\"”»](?!\w)"
)


_ASKS_VERSION = re.compile(
    rf"{WHICH_HEAD}(?:version|release)\b(?! stage)|\b(?:numero de version|version number)\b|\bquelle version\b"
)
# "Ray 2.10", "0.17.1", "v3", "o1", "GPT-4o", "iOS 18", "PostgreSQL 10"
_VERSION_CUE = re.compile(r"(?<![\w.])v?\d+\.\d+|\b[A-Za-z]+-?\d[\w.]*|\b(?:[A-Z]|[a-z]+[A-Z])\w* \d{1,3}(?:\.\d+)*\b")
# A university or a lab is answered by a sentence that names one, a hospital by a hospital, an
# investor by a sentence that says who funded what, a version by a version number, a conference
# by an event, a programming language by one. Any capitalised name would do otherwise: "38 AI
# experts rated the poems". Cues are read in the folded sentence and as written ("Redwood
# Research", "IFA 2024", "iOS 18").
_KINDS: list[tuple[AnswerType, re.Pattern[str], re.Pattern[str]]] = [
    (
        AnswerType.ORGANISATION,
        re.compile(
            rf"{WHICH_HEAD}(?:universit\w*|institut\w*|lab|labs|laboratoires?|laboratory|research group|college"
            r"|school)\b"
        ),
        re.compile(
            r"\b(?:universit\w*|institut\w*|college|school|ecole|lab|labs|laborator\w*|researchers?|chercheu\w*"
            r"|mit|stanford|berkeley|harvard|oxford|cambridge|eth|epfl|cnrs|inria|caltech|princeton|yale|cmu"
            r"|carnegie|tsinghua|deepmind|fair)\b|\bResearch\b"
        ),
    ),
    (
        AnswerType.ORGANISATION,
        re.compile(rf"{WHICH_HEAD}(?:hospitals?|hopitals?|hopitaux|clinics?|cliniques?|medical cent(?:er|re)s?)\b"),
        re.compile(r"\b(?:hospitals?|hopital|hopitaux|clinic|clinique|medical cent(?:er|re)|infirmary|chu)\b"),
    ),
    (
        AnswerType.ORGANISATION,
        re.compile(rf"{WHICH_HEAD}(?:investors?|backers?|investisseurs?|venture capital|vc)\b"),
        re.compile(
            r"\b(?:rais(?:e|es|ed|ing)|round|seed|series [a-f]|invest\w*|led by|backed|backing|capital|ventures?"
            r"|partners|fund(?:s|ed|ing)?|levee|leve|tour|menee?|investisseurs?|fonds)\b"
        ),
    ),
    (AnswerType.PRODUCT, _ASKS_VERSION, _VERSION_CUE),
    (
        AnswerType.PRODUCT,
        re.compile(rf"{WHICH_HEAD}(?:conferences?|summits?|salons?|trade shows?|keynotes?)\b"),
        re.compile(
            r"\b(?:conference|conf|summit|event|fair|expo|show|congress|keynote|hackathon|festival|forum|week"
            r"|congres|evenement|salon|sommet)s?\b|\b[A-Z]{2,}\s?(?:19|20)\d\d\b"
        ),
    ),
    (
        AnswerType.PRODUCT,
        re.compile(
            r"\bprogramming languages?\b|\blangages? de programmation\b|\b(?:written|coded|built) in\b|\becrit en\b"
        ),
        re.compile(
            r"\b(?:python|rust|golang|javascript|typescript|java|kotlin|swift|ruby|php|perl|haskell|ocaml|scala"
            r"|elixir|erlang|clojure|julia|lua|dart|zig|nim|fortran|cobol|assembly|wasm|webassembly|sql|bash)\b"
            r"|(?<![\w-])(?:Go|R|C\+\+|C#|C)(?![\w+#&-])"  # as written: "go" and "r" are words too
        ),
    ),
]


_INSTITUTION = re.compile(
    r"\b(?:universite|university|institut|institute|ecole|college|laboratoire|lab|hopital|hospital)"
    r" (?:de |du |des |of |d')(?:la |l'|the )?[a-z]{3,}"
)


# A capitalised name and the whole number after it, not opening the text: a model, "Surface Pro
# 10", "Gemini 3", not a count.
MODEL_NUMBER = re.compile(r"(?<=\S )([A-Z][\w-]*[A-Za-z]) (\d{1,3})\b(?![.,]\d|\s?%)")


_NOT_MODELS = STOPWORDS | {"mach"}  # "Mach 25" is a speed


def _model_numbers(sentence: str) -> set[str]:
    """The numbers that name a model in ``sentence``: "Surface Pro 10", "the Pixel 9"."""
    return {m.group(2) for m in MODEL_NUMBER.finditer(sentence) if fold(m.group(1)) not in _NOT_MODELS}


_VERSION = re.compile(r"\b([A-Z][\w-]*[A-Za-z]) (\d{1,2}\.\d{1,2})\b(?![.,]\d|\s?%)")  # "Apache 2.0"


def _without_versions(sentence: str, folded: str) -> str:
    """``folded`` without the versions ``sentence`` gives: "Seedream 4.0" counts nothing."""
    for m in _VERSION.finditer(sentence):
        if fold(m.group(1)) not in STOPWORDS:  # "In 2.5 years" is no version
            folded = folded.replace(fold(m.group(0)), fold(m.group(1)))
    return folded


# "one and a half square miles" is 1.5 of them, not a share ("half")
_HALVES = re.compile(rf"\b({'|'.join(NUMBER_VALUES)}) (?:and a half|et demie?)\b")


def _numbers(folded: str, pattern: re.Pattern[str] = COUNTS) -> list[str]:
    """The counts (or measures) of ``folded`` text: dates, years, sums of money and percentages
    are other types."""
    plain = _DATE_NUMBER.sub(" ", _HALVES.sub(lambda m: f"{NUMBER_VALUES[m.group(1)]}.5", folded))
    for other in (AnswerType.MONEY, AnswerType.PERCENT, AnswerType.DURATION):
        plain = MENTIONS[other].sub(" ", plain)
    plain = WORDED_SUM.sub(" ", plain)  # "a few hundred dollars" is a sum, not a count
    plain = re.sub(r"\b\d+:\d+\b", " ", plain)  # "1:1 chats", "16:9": ratios
    # "Figure 01", "agent 007": a name's number, no count (but "2 048" is one number)
    plain = re.sub(r"(?<![\w.,])(?<!\d )(?<!\d\u202f)(?<!\d\u00a0)0\d+\b", " ", plain)
    if pattern is COUNTS:  # "300 MW" measures, it does not count
        plain = MEASURE.sub(" ", plain)
    return [m.group(0).strip() for m in pattern.finditer(plain)]


_PAST = re.compile(
    r"\b(?:yesterday|last (?:week|month|year)|earlier this (?:week|month|year)|hier|la semaine derniere"
    r"|le mois dernier|l'an dernier|l'annee derniere)\b"
)


def _dates_back(folded: str, duration: re.Match[str]) -> bool:
    """ "Nearly a decade ago", « il y a trois ans »: a time in the past, not how long something lasts."""
    return bool(re.match(r"\s*(?:ago|earlier|plus tot)\b", folded[duration.end() :])) or folded[
        : duration.start()
    ].rstrip().endswith("il y a")


_YEAR = re.compile(r"(?<![\w$€£.,-])((?:19|20)\d\d)(?![\w%-]|[.,]\d|\s?(?:%|[kmb]\b))")


def _another_year(asked: str, folded: str) -> bool:
    """Whether a sentence dates its figures to years other than the one the question gives:
    "Reality Labs' loss for 2024" is not "a $4.2 billion loss in Q1 2025"."""
    years = _years(asked)
    said = set(_YEAR.findall(folded)) if years else set()
    return bool(said) and not said & years


@lru_cache(maxsize=256)  # asked of every candidate sentence of one question
def _years(asked: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(asked))


_ATTRIBUTION = re.compile(r"\bper (?=[A-Z])")  # "per Standard Chartered": a source, not a unit


def holds(sentence: str, answer_type: AnswerType, question: str = "") -> bool:
    """Whether ``sentence`` holds something of ``answer_type`` that ``question`` does not already
    say (a figure it does not give, a name it does not name). Always true for ``OPEN``."""
    if answer_type is AnswerType.OPEN:
        return True
    folded = fold_apostrophes(sentence)
    asked = fold_apostrophes(_ATTRIBUTION.sub("according to ", question))
    if answer_type is AnswerType.DATE and asks_ahead(question):
        folded = _PAST.sub(" ", folded)  # a date to come is not "yesterday"
    elif answer_type is AnswerType.DATE and asks_past(question):
        folded = past_dates_only(folded)  # when it happened is not when the chip is due
    if answer_type is AnswerType.DATE and _ASKS_YEAR.search(asked):
        folded = re.sub(DECADE, " ", folded)  # "in the 2000s" is no year
    if answer_type is AnswerType.DATE and _ASKS_DAY.search(asked):
        return bool(_DAY.search(folded))  # a day, not "by 2025"
    if answer_type is AnswerType.DATE and _ASKS_QUARTER.search(asked):
        return bool(_QUARTER.search(folded))  # "which quarter of 2026" is not answered by "in 2027"
    if answer_type is AnswerType.MONEY and _ASKS_FEE.search(question) and holds(sentence, AnswerType.PERCENT, question):
        return True
    if answer_type is AnswerType.MONEY and not answers_the_sum(asked, folded):
        return False  # a price is not the sum raised, a valuation not the sales
    if answer_type is AnswerType.PERCENT and _BY_HOW_MUCH.search(asked):
        if _CHANGE.search(folded):
            return True  # "by how much did the time drop?": "from 31 to 12 minutes"
        if MONEY_WORDS.search(asked) and holds(sentence, AnswerType.MONEY, question):
            return True  # « de combien augmente-t-il son investissement ? »: "by another $1 billion"
    if answer_type in NUMERIC and any(asks.search(asked) and not says.search(folded) for asks, says in _QUALIFIERS):
        return False
    if answer_type in NUMERIC and _another_year(asked, folded):
        return False
    compared = answer_type in (AnswerType.MONEY, AnswerType.QUANTITY) and _COMPARED.search(asked)
    if compared and (_CHANGE.search(folded) or holds(sentence, AnswerType.PERCENT, question)):
        return True  # "how much faster?": "10x", "nearly triple", "from 31 to 12 minutes"
    if answer_type in MENTIONS:
        return any(
            m.group(0).strip() not in asked
            and not (answer_type is AnswerType.DURATION and _dates_back(folded, m) and not _ASKS_AGO.search(asked))
            for m in MENTIONS[answer_type].finditer(folded)
        )
    if answer_type is AnswerType.QUANTITY:  # a score is often a percentage, a market's size or a bill a sum
        for cue, other in (
            (r"\bscor|\bratio\b", AnswerType.PERCENT),  # "what compression ratio": "10x"
            (r"\b(?:market|marche|bill|facture)\b", AnswerType.MONEY),
        ):
            if re.search(cue, asked) and holds(sentence, other, question):
                return True
        # a score or a rating is a share or a bare number: "an Elo score of 1460", "it achieves 72.6
        # on HumanEval", not "a 400M parameter encoder"
        if re.search(r"\bscor|\brating\b|\belo\b", asked):
            if re.search(rf"{NUMBER}\s?(?:{SCALE}\s)?(?:points?|pts)\b", folded):
                return True
            return any(n not in asked and not re.fullmatch(r"(?:19|20)\d\d", n) for n in BARE.findall(folded))
        # "how large was the order?", with no dimension named: "$11 billion"
        sized = re.search(r"\bhow (?:large|big)\b", asked) and measured(asked) is None
        if sized and holds(sentence, AnswerType.MONEY, question):
            return True
    if answer_type is AnswerType.COUNT and _ASKS_HEADCOUNT.search(asked) and not _PEOPLE_COUNTED.search(folded):
        return False
    if answer_type in (AnswerType.COUNT, AnswerType.QUANTITY):
        # the question's figures, not the digits of a name it gives ("INTELLECT-1", "GPT-4")
        given = set(re.findall(r"(?<![\w-])\d+", asked)) | _model_numbers(sentence)
        counted = QUANTITY if answer_type is AnswerType.QUANTITY else COUNTS
        found = _numbers(_without_versions(sentence, folded), counted)
        if answer_type is AnswerType.QUANTITY and (units := measured(asked)):
            found = [n for n in found if re.search(rf"(?<![a-z])(?:{units})(?: par seconde| per second|/s)?$", n)]
        if answer_type is AnswerType.COUNT:  # "a 105-qubit chip" counts what "how many qubits" asks
            nouns = set(query_terms(asked))
            found += [m.group(1) for m in _COUNTED.finditer(folded) if set(query_terms(m.group(2))) & nouns]
            found += ["1" for m in _ONE.finditer(folded) if set(query_terms(m.group(1))) & nouns]  # "one queue"
            if _ASKS_TIMES.search(asked):
                found += _TIMES.findall(folded)  # "rejected twice"
            if re.search(r"\bvot", asked):
                found += re.findall(r"\b\d+\s?[-–]\s?\d+(?= vote)", folded)  # "a 45-11 vote"
            if _ASKS_MORE.search(asked) and holds(sentence, AnswerType.PERCENT, question):
                return True  # "how many more emails?": "72% more emails"
        return any(not set(re.findall(r"\d+", n)) <= given or not re.search(r"\d", n) for n in found)
    known = names_in(question) | set(re.findall(r"[^\W_]+", asked))  # "index_advisor" gives "index", "advisor"
    if answer_type is AnswerType.PERSON:
        return any(not all(fold(w) in known for w in name.split()) for name in people(sentence))
    if answer_type is AnswerType.PLACE and _ASKS_WEBSITE.search(asked) and names_in(sentence) - known:
        return True  # "which review site": Glassdoor, a name rather than a place
    if answer_type is AnswerType.PLACE:
        city = bool(_ASKS_CITY.search(asked))  # "in which city": not "the US Department of Justice"
        return any(fold(place) not in known and not (city and fold(place) in COUNTRIES) for place in places(sentence))
    if any(  # the sentence as written too: "IFA 2024" is an event, "in 2024" is not
        answer_type is kind_type and kind.search(asked) and not (cue.search(folded) or cue.search(sentence))
        for kind_type, kind, cue in _KINDS
    ):
        return False
    if answer_type is AnswerType.PRODUCT and _ASKS_VERSION.search(asked):  # "PostgreSQL 10": a number it lacks
        return any(fold(m.group(0)) not in asked for m in _VERSION_CUE.finditer(sentence))
    if answer_type is AnswerType.ORGANISATION and any(m.group(0) not in asked for m in _INSTITUTION.finditer(folded)):
        return True  # « l'université de Rennes »: a place's name, but an organisation
    if answer_type in (AnswerType.ORGANISATION, AnswerType.PRODUCT) and not _PEOPLE_MAY_ANSWER.search(asked):
        # a firm or an app, not Adam Neumann or Andy Jassy; but "Claude Skills" is a product of the
        # Claude the question names
        persons = [
            words
            for words in (name.split() for name in people(sentence))
            if fold(words[0]) in FIRST_NAMES and not (answer_type is AnswerType.PRODUCT and fold(words[0]) in known)
        ]
        known |= {fold(w) for words in persons for w in words}
    if answer_type is AnswerType.PRODUCT and any(
        q not in asked for q in _QUOTED.findall(folded) + _TERMED.findall(folded)
    ):
        return True
    # "Which Gemini model…": "Gemini 2.0", not "February 2"; "Claude 3" is the "Claude-3" asked
    if answer_type is AnswerType.PRODUCT and any(
        joined(fold(m.group(0))) not in joined(asked) and not re.fullmatch(MONTH_NAMES, fold(m.group(1)))
        for m in (*_VERSION.finditer(sentence), *MODEL_NUMBER.finditer(sentence))
    ):
        return True
    if answer_type is AnswerType.ORGANISATION:  # "PWAs", "LLMs": a kind, no firm ("which models…" may ask one)
        known |= kinds_in(sentence)
    return bool(names_in(sentence) - known - PLACES)  # an organisation or a product: a name the question lacks
