"""The day a quote's relative date names. A story says « vendredi », "yesterday" or "on Monday"
of its issue's date; a reader asking weeks later cannot tell which day that was. The quote
stays as printed (it is what the story says, and what the source panel highlights); the day is
given beside it in brackets, in the reader's language: « a publié lundi [2 juin] », "announced
on Friday [30 May]".

A weekday is the nearest one before the issue, or after it when the words before it speak of
what is to come ("will ship on Monday", « ouvrira lundi »); the issue's own weekday is left
alone (that day, or a week before?). Names that hold a weekday (Black Friday, Patch Tuesday)
and a weekday already dated ("Friday, May 30", « vendredi 30 mai ») are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from assistant.answering.answer import AnswerSentence, DateGloss
from assistant.answering.dates import format_day
from assistant.answering.tense import AHEAD_CLAUSE
from index.text.dates import MONTHS, fold, fold_apostrophes

_OFFSETS = {
    "the day before yesterday": -2,
    "avant-hier": -2,
    "yesterday": -1,
    "hier": -1,
    "today": 0,
    "aujourd'hui": 0,
    "aujourd’hui": 0,
    "tomorrow": 1,
    "demain": 1,
}
_WEEKDAYS = {
    name: n
    for n, names in enumerate(
        [
            ("monday", "lundi"),
            ("tuesday", "mardi"),
            ("wednesday", "mercredi"),
            ("thursday", "jeudi"),
            ("friday", "vendredi"),
            ("saturday", "samedi"),
            ("sunday", "dimanche"),
        ]
    )
    for name in names
}
_SAID = re.compile(
    "|".join(rf"(?<![\w-]){re.escape(w)}(?![\w’'-])" for w in sorted([*_OFFSETS, *_WEEKDAYS], key=len, reverse=True)),
    re.IGNORECASE,
)
_FOLLOWED_PAST = re.compile(r"^\s+(?:last|dernier)\b", re.IGNORECASE)
_BEFORE_PAST = re.compile(r"\blast\s+$", re.IGNORECASE)
_BEFORE_AHEAD = re.compile(r"\b(?:next|this coming)\s+$", re.IGNORECASE)
_FOLLOWED_AHEAD = re.compile(r"^\s+prochain\b", re.IGNORECASE)
# "Friday, May 30", « vendredi 30 mai », "Friday the 30th" (read folded), not « samedi Orfeo 2 »;
# « le lundi », "every Monday"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATED = re.compile(
    rf"^(?:,?\s+(?:the\s+)?\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\b|,?\s+(?:{_MONTH})\.?\s+\d{{1,2}}\b"
    rf"|,?\s+the\s+\d{{1,2}}(?:st|nd|rd|th)\b)"
)
_HABIT = re.compile(r"\b(?:le|les|every|chaque|tous les)\s+$", re.IGNORECASE)
# "Black Friday", "Microsoft's Patch Tuesday": a capitalised word before it, not the sentence's first
_NAME_BEFORE = re.compile(r"[^\s.!?:;]\s+[A-Z][\w-]*\s+$|(?i:\b(?:black|cyber|patch|super|good|giving|holy|ash)\s+)$")
AHEAD_WORDS = 6  # the words before a weekday that say whether it is to come: "will ship on Friday"


def relative_days(text: str, issue: date) -> list[DateGloss]:
    """The relative dates ``text`` gives, each with the day it names, read against ``issue``."""
    glosses = []
    for match in _SAID.finditer(text):
        said, before, after = match.group(0), text[: match.start()], text[match.end() :]
        key = said.lower()
        if key in _OFFSETS:
            day = issue + timedelta(days=_OFFSETS[key])
        else:
            if _DATED.match(fold(after)) or _HABIT.search(before) or _NAME_BEFORE.search(before):
                continue
            if _FOLLOWED_PAST.match(after) or _BEFORE_PAST.search(before):
                ahead = False
            elif _FOLLOWED_AHEAD.match(after) or _BEFORE_AHEAD.search(before):
                ahead = True
            else:  # "said on Friday it will ship": the verb before the day, not the clause after it
                ahead = bool(AHEAD_CLAUSE.search(fold_apostrophes(" ".join(before.split()[-AHEAD_WORDS:]))))
            gap = (_WEEKDAYS[key] - issue.weekday()) % 7 if ahead else (issue.weekday() - _WEEKDAYS[key]) % 7
            if gap == 0:
                continue
            day = issue + timedelta(days=gap if ahead else -gap)
        glosses.append(DateGloss(said=said, end=match.end(), day=day))
    return glosses


def dated(sentences: list[AnswerSentence], issue_dates: dict[int, date]) -> list[AnswerSentence]:
    """Each sentence with the days its relative dates name, read against the date of the issue
    of the first source it cites (``issue_dates``: by source number)."""
    return [
        replace(s, days=relative_days(s.text, issue_dates[s.citations[0]]))
        if s.citations and s.citations[0] in issue_dates
        else s
        for s in sentences
    ]


def with_days(sentence: AnswerSentence, language: str) -> str:
    """The sentence's text with each relative date's day after it: « lundi [2 juin] » (the
    attribution before it gives the issue's year)."""
    text, shown = sentence.text, 0
    parts = []
    for gloss in sentence.days:
        parts += [text[shown : gloss.end], f" [{format_day(gloss.day, language, year=False)}]"]
        shown = gloss.end
    return "".join(parts) + text[shown:]
