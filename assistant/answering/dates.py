"""Date expressions in questions, French and English, as date ranges.

Relative expressions ("hier", "la semaine dernière", "last month", "the past 3 months")
are resolved against a reference date, ``as_of``, which defaults to today but is usually
set to the archive's own "today" (archives are older than today).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from assistant.answering.answer_types import NUMBER_VALUES
from assistant.answering.tense import asks_ahead
from index.text.dates import MONTHS, fold

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = r"(\d{1,3}|" + "|".join(NUMBER_VALUES) + r")"
# Seasons as the astronomical ones, rounded to whole days.
_SEASONS = {
    "printemps": ((3, 20), (6, 20)),
    "spring": ((3, 20), (6, 20)),
    "ete": ((6, 21), (9, 22)),
    "summer": ((6, 21), (9, 22)),
    "automne": ((9, 23), (12, 20)),
    "autumn": ((9, 23), (12, 20)),
    "fall": ((9, 23), (12, 20)),
}


@dataclass(frozen=True)
class DateRange:
    since: date | None
    until: date | None
    expression: str  # the words of the question that set it
    soft: bool = False  # "en 2024", "aujourd’hui": may date the facts rather than the issue

    def label(self, language: str) -> str:
        """``2–8 juin 2025``, ``12 June 2025``, ``since 3 March 2025``."""
        return format_range(self.since, self.until, language)

    def years(self) -> list[str]:
        """The years it spans, as stories write them ("2023", "2024"); none when it is open-ended."""
        first, last = self.since or self.until, self.until
        return [str(year) for year in range(first.year, last.year + 1)] if first and last else []

    def holds(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


_FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def format_day(day: date, language: str, year: bool = True) -> str:
    month = _FR_MONTHS[day.month - 1] if language == "fr" else calendar.month_name[day.month]
    first = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{first} {month}" + (f" {day.year}" if year else "")


def format_range(since: date | None, until: date | None, language: str) -> str:
    if since and until:
        if (since.month, since.day, until.month, until.day) == (1, 1, 12, 31) and since.year == until.year:
            return str(since.year)
        if (
            since.day == 1
            and (since.year, since.month) == (until.year, until.month)
            and (until.day == calendar.monthrange(until.year, until.month)[1])
        ):
            name = _FR_MONTHS[since.month - 1] if language == "fr" else calendar.month_name[since.month]
            return f"{name} {since.year}"
        if since == until:
            return format_day(since, language)
        if (since.year, since.month) == (until.year, until.month):
            return f"{since.day}–{format_day(until, language)}"
        return f"{format_day(since, language, since.year != until.year)} – {format_day(until, language)}"
    if since:
        return ("depuis le " if language == "fr" else "since ") + format_day(since, language)
    if until:
        return ("jusqu’au " if language == "fr" else "until ") + format_day(until, language)
    return ""


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_VALUES[token]


def _past_year(month: int, day: int, as_of: date) -> int:
    """A date written without its year is the latest one not after ``as_of``."""
    try:
        return as_of.year if date(as_of.year, month, day) <= as_of else as_of.year - 1
    except ValueError:
        return as_of.year


def _rules(as_of: date) -> list[tuple[re.Pattern[str], object]]:
    monday = as_of - timedelta(days=as_of.weekday())
    month_start = as_of.replace(day=1)
    last_month_end = month_start - timedelta(days=1)

    def between(a: int, b: int, month: str, year: str | None) -> tuple[date, date]:
        m = MONTHS[month]
        y = int(year) if year else _past_year(m, b, as_of)
        return date(y, m, a), date(y, m, b)

    def span(n: str, unit: str) -> tuple[date, date]:
        count = _number(n)
        days = {
            "jour": 1,
            "day": 1,
            "semaine": 7,
            "week": 7,
            "mois": 30,
            "month": 30,
            "an": 365,
            "annee": 365,
            "year": 365,
        }[unit]
        return as_of - timedelta(days=count * days), as_of

    return [
        (
            re.compile(
                r"\bdepuis (?:le )?(\d{1,2})(?:er)? ({_MONTH}) (\d{4})|\bsince ({_MONTH}) (\d{1,2}),? (\d{4})".replace(
                    "{_MONTH}", _MONTH
                )
            ),
            lambda m: (
                date(int(m[3]), MONTHS[m[2]], int(m[1])) if m[1] else date(int(m[6]), MONTHS[m[4]], int(m[5])),
                None,
            ),
        ),
        (
            re.compile(r"(?:\b(?:le|on|du|of) )?(\d{4})-(\d{2})-(\d{2})"),
            lambda m: (date(int(m[1]), int(m[2]), int(m[3])),) * 2,
        ),
        (
            re.compile(rf"\bdu (\d{{1,2}})(?:er)? au (\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?"),
            lambda m: between(int(m[1]), int(m[2]), m[3], m[4]),
        ),
        (
            re.compile(rf"\bbetween ({_MONTH}) (\d{{1,2}}) and (\d{{1,2}}),? (\d{{4}})"),
            lambda m: between(int(m[2]), int(m[3]), m[1], m[4]),
        ),
        (
            re.compile(rf"(?:\b(?:le|on|du|of) (?:the )?)?\b(\d{{1,2}})(?:er|st|nd|rd|th)? ({_MONTH})\.?,? (\d{{4}})"),
            lambda m: (date(int(m[3]), MONTHS[m[2]], int(m[1])),) * 2,
        ),
        (
            re.compile(rf"(?:\bon )?\b({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})"),
            lambda m: (date(int(m[3]), MONTHS[m[1]], int(m[2])),) * 2,
        ),
        (
            re.compile(rf"\b(?:le |on (?:the )?)(\d{{1,2}})(?:er|st|nd|rd|th)? ({_MONTH})\b"),
            lambda m: (date(_past_year(MONTHS[m[2]], int(m[1]), as_of), MONTHS[m[2]], int(m[1])),) * 2,
        ),
        (
            re.compile(rf"\bon ({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?\b"),
            lambda m: (date(_past_year(MONTHS[m[1]], int(m[2]), as_of), MONTHS[m[1]], int(m[2])),) * 2,
        ),
        (
            re.compile(
                r"\b(?:au |in (?:the )?|en |l’|l')?(printemps|spring|ete|summer|automne|autumn|fall) (?:de |of )?(\d{4})"
            ),
            lambda m: (date(int(m[2]), *_SEASONS[m[1]][0]), date(int(m[2]), *_SEASONS[m[1]][1])),
        ),
        (
            re.compile(rf"\b(?:en |in |de |of |au mois de )?({_MONTH}) (\d{{4}})"),
            lambda m: _month_range(int(m[2]), MONTHS[m[1]]),
        ),
        (
            re.compile(rf"\b(?:en|in|au mois de) ({_MONTH})\b"),
            lambda m: _month_range(as_of.year if MONTHS[m[1]] <= as_of.month else as_of.year - 1, MONTHS[m[1]]),
        ),
        (
            re.compile(r"\b(?:en|in|durant|during) (\d{4})\b"),
            lambda m: (date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)),
        ),
        (re.compile(r"\bavant-hier\b|\bthe day before yesterday\b"), lambda m: (as_of - timedelta(days=2),) * 2),
        (re.compile(r"\bhier\b|\byesterday\b"), lambda m: (as_of - timedelta(days=1),) * 2),
        (re.compile(r"\baujourd['’]hui\b|\btoday\b"), lambda m: (as_of, as_of)),
        (
            re.compile(r"\b(?:la semaine (?:derniere|passee)|last week)\b"),
            lambda m: (monday - timedelta(days=7), monday - timedelta(days=1)),
        ),
        (re.compile(r"\b(?:cette semaine|this week)\b"), lambda m: (monday, as_of)),
        (
            re.compile(r"\b(?:le mois (?:dernier|passe)|last month)\b"),
            lambda m: (last_month_end.replace(day=1), last_month_end),
        ),
        (re.compile(r"\b(?:ce mois-ci|ce mois|this month)\b"), lambda m: (month_start, as_of)),
        (
            re.compile(r"\b(?:l['’]annee (?:derniere|passee)|last year)\b"),
            lambda m: (date(as_of.year - 1, 1, 1), date(as_of.year - 1, 12, 31)),
        ),
        (_THIS_YEAR, lambda m: (date(as_of.year, 1, 1), as_of)),
        (
            re.compile(
                rf"\b(?:les |ces |the |over the |in the )?(?:{_NUM} )?(?:derni(?:ers|eres|er|ere)|past|last) "
                rf"(?:{_NUM} )?(jour|day|semaine|week|mois|month|an|annee|year)s?\b"
            ),
            lambda m: span(m[1] or m[2] or "1", m[3]),
        ),
    ]


def parse_date_range(question: str, as_of: date | None = None) -> tuple[DateRange | None, str]:
    """(the date range a question asks about, the question without those words).

    The first matching rule wins; rules are ordered from most to least specific.
    """
    as_of = as_of or date.today()
    folded = fold(question)  # same length as the question: accents are single characters
    if len(folded) != len(question):
        folded = question.lower()
    for pattern, build in _rules(as_of):
        m = pattern.search(folded)
        if not m:
            continue
        try:
            since, until = build(m)  # type: ignore[operator]
        except (ValueError, KeyError):
            continue  # "le 31 juin": not a date
        rest = (question[: m.start()] + question[m.end() :]).strip(" ,?.!")
        rest = re.sub(r"\s{2,}", " ", rest) + ("?" if question.rstrip().endswith("?") else "")
        expression = question[m.start() : m.end()].strip()
        soft = bool(re.fullmatch(r"(?:en|in|durant|during) \d{4}|aujourd['’]hui|today", fold(expression)))
        # "its high point of May 2023", « le pic de mai 2023 »: the date of a fact, not of an issue
        before = folded[: m.start()]
        of_fact = bool(_OF_DATE.search(before) or _OF_DATE_START.match(fold(expression)))
        soft = soft or (of_fact and not _NEWS_WORD.search(before))
        return DateRange(since, until, expression, soft), rest
    return None, question


def year_earlier(period: DateRange) -> DateRange | None:
    """The same days a year before, for a date written without its year ("in May", « le 3 juin »),
    which was read as the latest one before ``as_of``; None for any other period."""
    folded = fold(period.expression)
    if not (period.since and period.until) or re.search(r"\d{4}", folded) or not _NAMES_MONTH.search(folded):
        return None
    return replace(period, since=_a_year_before(period.since), until=_a_year_before(period.until))


def _a_year_before(day: date) -> date:
    month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return day.replace(year=day.year - 1, day=last if month_end else min(day.day, last))


def tells_of(text: str, issued: date, years: list[str]) -> bool:
    """Whether a story issued on ``issued`` names one of ``years``, as a number or as "last
    year" / « l'an dernier » / "this year" said of its own date."""
    if any(year in text for year in years):
        return True
    folded = fold(text)
    return (str(issued.year - 1) in years and bool(_LAST_YEAR.search(folded))) or (
        str(issued.year) in years and bool(_THIS_YEAR.search(folded))
    )


_LAST_YEAR = re.compile(r"\b(?:last year|l['’](?:an|annee) (?:dernier|derniere|passe|passee))\b")
_THIS_YEAR = re.compile(r"\b(?:this year|cette annee)\b")
_NAMES_MONTH = re.compile(rf"\b(?:{_MONTH})\b")
_OF_DATE = re.compile(r"\b(?:of|de|du|d'|since|depuis|from)\s*$")
_OF_DATE_START = re.compile(r"(?:of|de|du|d')\s")
# "the news of 3 June", « le numéro du 3 juin »: the date of an issue after all
_NEWS_WORD = re.compile(r"\b(?:news|issue|edition|newsletter|nouvelles|numero|lettre|actualites?|actus?)\W*$")
_RECENCY = re.compile(
    r"\b(?:quoi de neuf|what'?s new|latest|derni[eè]res? nouvelles|r[ée]cemment|recently|recent|les derni[eè]res)\b",
    re.IGNORECASE,
)
_HISTORY = r"what happened|que s['’]est-il pass[ée]|chronolog|timeline|historique|history of"
_CHRONOLOGY = re.compile(rf"^\s*(?:quand|when|{_HISTORY})", re.IGNORECASE)
_HISTORY_QUESTION = re.compile(rf"^\s*(?:{_HISTORY})", re.IGNORECASE)
_DIGEST = re.compile(
    r"\s*(?:and |et )?(?:what happened|what was (?:in the )?news|what'?s new|what made (?:the )?(?:news|headlines)"
    r"|que s['’]est-il passe|quoi de neuf|quelles (?:sont les |etaient les )?(?:nouvelles|actualites)"
    r"|qu['’]est-ce qui a fait l['’]actualite)\s*\??\s*"
)


def wants_recent(question: str) -> bool:
    """ "What's new about X": favour recent stories."""
    return bool(_RECENCY.search(question))


def wants_chronology(question: str) -> bool:
    """ "When…", "what happened…": list the stories in date order. Not "when will…", « quand
    doit… »: a date to come is asked of a sentence that gives it."""
    return bool(_CHRONOLOGY.search(question)) and not asks_ahead(question)


def wants_history(question: str) -> bool:
    """ "What happened to Helioscale?", a timeline: what each story on the subject says, one
    sentence each. "When did Helioscale announce its Lyon investment?" asks one date, of the story
    that gives it: another story's sentence on the subject is filler, not a second answer."""
    return bool(_HISTORY_QUESTION.search(question))


def asks_digest(rest: str) -> bool:
    """ "What happened in June?", « Quoi de neuf cette semaine ? », once the period is taken out
    (``rest``): no subject, so the period's leading stories."""
    return bool(_DIGEST.fullmatch(fold(rest).lower()))
