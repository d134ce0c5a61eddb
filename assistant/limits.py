"""The limits every door (REST, web app, CLI) enforces, through the service: question and
query length, the days a question's "today" may be, a date range the right way round."""

from __future__ import annotations

from datetime import date

from index.errors import BadRequest
from index.text.dates import parse_iso_date

AS_OF_RANGE = (date(1900, 1, 1), date(2999, 12, 31))  # the days a question's "today" may be
MAX_QUESTION_CHARS = 2000  # every door: REST, web app, CLI
MAX_QUERY_CHARS = 500


def check_query(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise BadRequest(f"the query is {len(query):,} characters long; search with at most {MAX_QUERY_CHARS:,}")


def date_range(since: date | str | None, until: date | str | None) -> tuple[date | None, date | None]:
    """``since`` and ``until`` as dates; the wrong way round they hold no day, which is a typo
    to report rather than an empty result to show."""
    first, last = parse_iso_date(since), parse_iso_date(until)
    if first and last and first > last:
        raise BadRequest(
            f"since {first.isoformat()} is later than until {last.isoformat()}; swap them or widen the range"
        )
    return first, last
