"""Calendar dates written in issues and file names, in French and English.

Only what an issue's own text or path states ("jeudi 12 juin 2025", "June 12, 2025",
"2025-06-12", ``2025/06/12.txt``); relative expressions in questions are the assistant's job.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from index.errors import BadRequest

MONTHS: dict[str, int] = {
    # French
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "janv": 1,
    "fevr": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
}

MAX_DATE_LINE_CHARS = 500  # a line that states an issue's date is short; longer ones are prose

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(?<!\d)(\d{4})[-_/.](\d{2})[-_/.](\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")


def fold(text: str) -> str:
    """Lower-case and strip accents: ``"Décembre"`` → ``"decembre"``."""
    return unaccented(text).lower()


def fold_apostrophes(text: str) -> str:
    """``fold``, and the typographic apostrophe as the plain one: « qu’est-ce » is "qu'est-ce".
    Patterns over questions and sentences are written with the plain one."""
    return fold(text).replace("’", "'")


def unaccented(text: str) -> str:
    """Strip accents, keep the case: ``"Décembre"`` → ``"Decembre"``."""
    if text.isascii():  # most English text: nothing to strip
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> date | None:
    """The first full calendar date written in ``text``, or None."""
    folded = fold(text)
    found: list[tuple[int, date]] = []
    for m in _ISO.finditer(folded):
        if d := _safe_date(int(m[1]), int(m[2]), int(m[3])):
            found.append((m.start(), d))
    for m in _DAY_MONTH_YEAR.finditer(folded):
        if d := _safe_date(int(m[3]), MONTHS[m[2]], int(m[1])):
            found.append((m.start(), d))
    for m in _MONTH_DAY_YEAR.finditer(folded):
        if d := _safe_date(int(m[3]), MONTHS[m[1]], int(m[2])):
            found.append((m.start(), d))
    return min(found)[1] if found else None


def date_from_path(path: str) -> date | None:
    """A date in a file's name or folders: ``2025-06-12.txt``, ``2025/06/12/issue.md``."""
    return find_date(path.replace("\\", "/"))


def parse_iso_date(value: str | date | None) -> date | None:
    """Accepts a ``date`` or an ISO string; raises ``BadRequest`` naming the bad value."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadRequest(f"{value!r} is not a date; write it as YYYY-MM-DD") from None
