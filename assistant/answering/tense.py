"""Whether a date question asks about the past, and which dates of a sentence are still to come.

"When did Kaskad raise its series C?" asks when something happened. A sentence of the story
that dates what the money will pay for (« l'entraînement d'Orfeo 3, prévu pour le premier
semestre 2026 ») holds a date, but not that one: quoted as the answer, it is wrong and cited.
Nor does "Kaskad compte aujourd'hui 130 salariés": that is how things stand, not when they
happened. The converse: a date to come (``asks_ahead``) is not answered by "yesterday".
"""

from __future__ import annotations

import re

from index.text.dates import fold_apostrophes

# "When did…", "when was…", "in which year did…", « Quand Kaskad a-t-il levé… », « quand a eu
# lieu… », « Quand OpenAI a lancé… »: a question in a past tense.
_ASKS_PAST = re.compile(
    r"^\s*(?:and |et )?(?:when|(?:in |during )?(?:which|what) (?:year|month|date|day|week))"
    r"\s+(?:did|was|were|had|has|have)\b"
    r"|^\s*(?:et )?quand\b.*?\b(?:(?:a|ont|avait|avaient|est|sont)(?:-t)?-(?:il|elle|ils|elles|on)"
    r"|(?:a|ont|avait|avaient)\s+(?:ete\s+|eu\s+)?(?:\w+(?:e|ee|es|ees|i|is|it|u|us|ert)|eu))\b"
)
# A date the sentence gives of what is planned, expected or to come, up to the end of its clause:
# "expected to ship in 2026", "it'll ship", « va lancer », « prévu pour le premier semestre
# 2026 », « à partir de septembre », « Elle s'ouvrira le 15 septembre » (a French future: -era,
# -ira, -dra; not "camera" nor "Kendra"). The words before a weekday say it is to come the same
# way (``relative_dates``).
AHEAD_CLAUSE = re.compile(
    r"\b(?:will|won't|shall|'ll|va|vont|expect(?:s|ed)? to|plan(?:s|ned)? (?:to|for)|slated|scheduled"
    r"|due (?:to|in|by)|set to|aim(?:s|ing)? (?:to|for)|next|upcoming|prevue?s?|prevoi(?:t|ent)"
    r"|a partir d(?:e|u|es)|d'ici|doi(?:t|vent) \w+"
    r"|devr(?:a|ait|aient|ont)|ser(?:a|ont)|aur(?:a|ont)|fer(?:a|ont)|pourr(?:a|ont)|prochaine?s?|a venir"
    r"|(?!(?:camera|opera|chimera|riviera|cholera|cassandra|sandra|alexandra|kendra|hydra|indra|madeira|elvira"
    r"|amira|samira|tundra|ampera|tempera)\b)\w{2,}(?:er|ir|dr)(?:a|ont))\b[^,;:.!?]*"
)

# "Kaskad compte aujourd'hui 130 salariés", "it has today 40 stores": how things stand now, not
# when something happened.
_NOW = re.compile(
    r"\b(?:compte|comptent|emploie|emploient|est|sont|reste|restent|has|have|is|are|employs|remains)"
    r"\s+(?:aujourd'hui|today|now|desormais|actuellement)\b"
)


# "When were Palantir and Anduril expected to announce…?" asks for what was planned, "What date
# did Musk give for the first driverless trip?" for the date he gave, to come as often as past.
_ASKS_PLAN = re.compile(
    r"\b(?:expected|scheduled|planned|slated|due|set|supposed|meant) (?:to|for)\b|\bprevue?s?\b|\bcensee?s?\b"
    r"|\b(?:give|gave|set|announce|name|pick|choose|target|promise|predict|forecast)\b(?= (?:\S+ ){0,3}?for\b)"
)


def asks_past(question: str) -> bool:
    """ "When did Kaskad raise its series C?", « Quand Kaskad a-t-il levé des fonds ? »; not "When
    was the launch expected to happen?"."""
    folded = fold_apostrophes(question)
    return bool(_ASKS_PAST.search(folded)) and not _ASKS_PLAN.search(folded)


def past_dates_only(folded: str) -> str:
    """``folded`` (a sentence, ``fold``-ed) without the clauses that date what is to come, nor the
    "today" of how things stand now."""
    return _NOW.sub(" ", AHEAD_CLAUSE.sub(" ", folded))


# "When will it open?" asks for a date to come: the issue's own date does not answer it, nor
# does "yesterday" in a story.
_AHEAD = re.compile(
    r"^\s*(?:and |et )?(?:when|quand|(?:in |by |en |d'ici |a )?(?:which|what|quelle|quel) (?:year|date|month|annee|mois"
    r"|jour|day))\b.*\b(?:will|(?:is|are)\b.*\b(?:expected|due|set|scheduled|planned) to"
    r"|doit|doivent|devrai(?:t|ent)|sera|seront|va|vont|aura|auront|prevue?s?"
    # an intention: « Quand Netflix compte-t-il boucler le rachat ? », "when does it plan to…"
    r"|compte(?:nt)?|prevoi(?:t|ent)|envisage(?:nt)?|espere(?:nt)?|entend(?:ent)?"
    r"|(?:plan|intend|aim|expect|hope)s? to)\b"
)


def asks_ahead(question: str) -> bool:
    """ "When will Mistral Compute open?", « Quand la Q1 doit-elle être livrée ? »."""
    return bool(_AHEAD.search(fold_apostrophes(question)))
