"""Issue numbers as publishers print them: "#735", "N°4", "No. 12", "Issue 665",
"numéro 12", "This Week in Rust 665", "78 - Hashtag JeSuisNico"."""

from __future__ import annotations

import re

_MARKED = re.compile(
    r"(?:(?<![\w&])#\s?|\bN[°ºo]\.?\s?|\bnum[ée]ro\s|\bissue\s(?:no\.?\s?|#\s?)?|\b[ée]dition\s(?:n[°º]\s?)?)"
    r"(?P<n>\d{1,5})\b",
    re.I,
)
_TRAILING = re.compile(r"^(?P<name>\D.*?\w)\s+(?P<n>\d{1,5})$")  # "This Week in Rust 665"
_LEADING = re.compile(r"^(?P<n>\d{1,5})\s*[-–—:|.]\s+\S")  # "78 - Hashtag JeSuisNico"
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def find_number(title: str, leading: bool = True) -> tuple[str | None, str | None]:
    """(issue number, the newsletter's name before it) of an issue's title; the name only
    when the number follows it ("Bitcoin Optech Newsletter #418" → "418", "Bitcoin Optech
    Newsletter"). ``leading=False`` for a line that may be a numbered story ("1. Tidal…")."""
    title = " ".join(title.split())
    if m := _MARKED.search(title):
        return m["n"], _name(title[: m.start()])
    if (m := _TRAILING.match(title)) and not _YEAR.match(m["n"]):
        return m["n"], _name(m["name"])
    if leading and (m := _LEADING.match(title)):
        return m["n"], None
    return None, None


def _name(text: str) -> str | None:
    name = text.strip(" -–—:|,·#")
    return name if 0 < len(name.split()) <= 8 else None
