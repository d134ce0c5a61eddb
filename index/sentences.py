"""Sentence splitting for French and English news prose, without a model.

Good enough for chunk boundaries and for quoting: it keeps decimals ("1,5 milliard",
"3.5%"), common abbreviations ("M.", "Dr.", "U.S.") and initials together.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "m", "mm", "mme", "mlle", "dr", "pr", "st", "ste", "mr", "mrs", "ms", "prof", "inc", "ltd",
    "co", "corp", "jr", "sr", "vs", "etc", "env", "cf", "no", "vol", "fig", "p", "ex", "av",
    "u.s", "u.k", "e.g", "i.e", "j.-c",
}  # fmt: skip

# A sentence ends at . ! ? or … (optionally followed by closing quotes/brackets), then
# whitespace, then something that can start a sentence.
_BOUNDARY = re.compile(r"([.!?…]+[\"'»”)\]]*)\s+(?=[«\"“(\[]?[A-ZÀ-ÖØ-Þ0-9])")


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; line breaks always end a sentence."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for m in _BOUNDARY.finditer(line):
            candidate = line[start : m.end(1)]
            last_word = candidate.rstrip(".!?…\"'»”)]").rsplit(maxsplit=1)[-1:] or [""]
            word = last_word[0].lower()
            if m.group(1).startswith(".") and (word in _ABBREVIATIONS or len(word) == 1):
                continue  # "M. Dupont", "J. Smith": not a boundary
            sentences.append(candidate.strip())
            start = m.end()
        tail = line[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences
