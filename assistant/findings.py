"""What an editor's search finds: the stories that match, counted and dated as one set.

A search for editors is a claim about the archive ("these 12 stories mention Stratus
Cloud"), so its count, its pages, its timeline and its export must describe the same set:
the stories holding every word of the query (in its French or English forms, as the BM25
index analyses them). Stories that are only *near* the query in meaning are kept apart as
``related``, never counted among the matches.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from assistant.views import same_subject
from index.retrieval.search import Hit
from index.text.analysis import STOPWORDS, query_terms, query_words, words
from index.text.dates import fold
from index.text.glossary import translations

Bucket = Literal["month", "week"]
MAX_PERIODS = 520  # ten years of weeks: a timeline longer than that is drawn by month


@dataclass
class Findings:
    query: str
    matches: list[Hit]  # the matching stories, best first (at most the limit asked)
    total: int  # how many stories match, all of them
    dates: list[date] = field(default_factory=list)  # the date of every matching story
    related: list[Hit] = field(default_factory=list)  # near the query in meaning, not matching it

    def timeline(self, bucket: Bucket = "month") -> list[tuple[str, int]]:
        return timeline(self.dates, bucket)


def as_written_first(hits: list[Hit], query: str) -> list[Hit]:
    """``hits`` (in their order) with those holding every word of ``query`` as written (any
    accent or case) before those that match only by a shared stem: "Nordlys" and "Nord" share
    the French stem *nord*, and an editor looking for Nordlys wants its stories first."""
    wanted = {fold(w) for w in words(query)} - STOPWORDS
    return sorted(hits, key=lambda hit: not wanted <= {fold(w) for w in words(hit.text)})


def related_stories(query: str, near: list[Hit], n: int) -> list[Hit]:
    """The first ``n`` of ``near`` (stories near ``query`` in meaning that do not match it) that
    hold one of its words in its French or English forms, and a name it gives if it gives one:
    the nearest stories sharing nothing with "robot" or "rançongiciel" were a prompt's energy
    and a regulator's consultation (so a one-word query has none)."""
    asked = [terms | translations(frozenset(terms)) for terms in query_words(query)]
    sharing = [h for h in near if any(terms & set(query_terms(f"{h.headline} {h.text}")) for terms in asked)]
    return same_subject(query, sharing, floor=0.0, n=n)  # "Rnj-1": not other models' news


def period_of(day: date, bucket: Bucket) -> str:
    """``2025-06`` for a month; the ISO week for a week (2025-06-02 is ``2025-W23``)."""
    if bucket == "month":
        return f"{day.year:04d}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def timeline(dates: list[date], bucket: Bucket = "month") -> list[tuple[str, int]]:
    """Stories per period from the first date to the last, empty periods included (a gap is
    news too); the counts add up to ``len(dates)``."""
    if not dates:
        return []
    counts = Counter(period_of(d, bucket) for d in dates)
    first, last = min(dates), max(dates)
    step = timedelta(days=7 if bucket == "week" else 28)
    if bucket == "week" and (last - first) / step > MAX_PERIODS:
        return timeline(dates, "month")
    periods: list[str] = []
    day = first - timedelta(days=first.weekday()) if bucket == "week" else first.replace(day=1)
    while day <= last:
        name = period_of(day, bucket)
        if name not in periods:
            periods.append(name)
        day += step
    if period_of(last, bucket) not in periods:
        periods.append(period_of(last, bucket))
    return [(name, counts.get(name, 0)) for name in periods]
