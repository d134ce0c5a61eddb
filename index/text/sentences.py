"""Sentence splitting for French and English news prose, without a model.

Good enough for chunk boundaries and for quoting: it keeps decimals ("1,5 milliard",
"3.5%"), common abbreviations ("M.", "Dr.", "U.S.") and initials together.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "m",
    "mm",
    "mme",
    "mlle",
    "dr",
    "pr",
    "st",
    "ste",
    "mr",
    "mrs",
    "ms",
    "prof",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "vs",
    "etc",
    "env",
    "cf",
    "no",
    "vol",
    "fig",
    "p",
    "ex",
    "av",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "j.-c",
}

# A sentence ends at . ! ? or … (optionally followed by closing quotes/brackets), then
# whitespace, then something that can start a sentence. The look-behind and the possessive
# quantifiers make a run of ten million dots one match attempt, not ten million.
_BOUNDARY = re.compile(r"(?<![.!?…])([.!?…]++[\"'»”)\]]*+)\s++(?=[«\"“(\[]?[A-ZÀ-ÖØ-Þ0-9])")
_TRAILING = ".!?…\"'»”)]"
_WORD_WINDOW = 64  # characters looked back for the word before a full stop: abbreviations are short


def _is_abbreviation(line: str, start: int, stop: int) -> bool:
    """Whether the word ending at ``stop`` (before a full stop) is an abbreviation or an initial.

    Only a short window is looked at: slicing the whole sentence so far at every full stop
    would be quadratic on a long line of "M. M. M. …"."""
    window = line[max(start, stop - _WORD_WINDOW) : stop].rstrip(_TRAILING)
    word = (window.rsplit(maxsplit=1)[-1:] or [""])[0].lower()
    return word in _ABBREVIATIONS or len(word) == 1


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; line breaks always end a sentence."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for m in _BOUNDARY.finditer(line):
            if m.group(1).startswith(".") and _is_abbreviation(line, start, m.start(1)):
                continue  # "M. Dupont", "J. Smith": not a boundary
            sentences.append(line[start : m.end(1)].strip())
            start = m.end()
        tail = line[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences
