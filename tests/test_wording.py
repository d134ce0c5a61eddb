"""The app's words: plurals in both languages, dates as a French reader types them, the
timeline's periods (ISO weeks, empty periods kept), the ingest report in French."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant import IngestError, IngestReport
from assistant.findings import period_of, timeline
from ui.web.archive import report_markdown
from ui.web.page import header_html, stats_markdown
from ui.web.render import timeline_html
from ui.web.wording import count, parse_date, say


def test_plurals_in_both_languages() -> None:
    assert count("en", 1, "issue") == "1 issue" and count("en", 0, "story") == "0 stories"
    assert count("fr", 0, "story") == "0 article" and count("fr", 1, "issue") == "1 numéro"
    assert count("fr", 2, "reprint") == "2 reprises liées" and count("fr", 1234, "story") == "1\u202f234 articles"


def test_each_language_writes_its_decimals_and_quotes() -> None:
    stats = {"issues": 2, "stories": 3, "duplicates": 0, "chunks": 4, "newsletters": ["Le Filtre"], "first_date": None}
    stats |= {"index_bytes": 2.1 * 2**20, "embedding_model": "all-MiniLM-L6-v2"}
    assert "index 2,1 Mo" in stats_markdown(stats, "fr") and "index 2.1 MB" in stats_markdown(stats, "en")
    assert say("en", "matches", count="4 stories match", query="GPU") == "4 stories match “GPU”"
    assert say("fr", "matches", count="4 articles correspondent", query="GPU") == "4 articles correspondent à « GPU »"


def test_french_dates_are_day_first_and_english_ones_iso() -> None:
    assert parse_date("12/06/2025", "fr") == date(2025, 6, 12) == parse_date("2025-06-12", "fr")
    assert parse_date("  ", "en") is None
    with pytest.raises(ValueError, match="not a date"):
        parse_date("12/06/2025", "en")  # ambiguous: June 12 or December 6
    with pytest.raises(ValueError, match="n’est pas une date"):
        parse_date("31/02/2025", "fr")


def test_weeks_are_iso_weeks_and_empty_periods_show() -> None:
    assert period_of(date(2025, 6, 2), "week") == "2025-W23"  # a Monday: week 23, not 22
    assert period_of(date(2024, 12, 30), "week") == "2025-W01"
    days = [date(2025, 6, 2), date(2025, 6, 3), date(2025, 6, 20)]
    assert timeline(days, "week") == [("2025-W23", 2), ("2025-W24", 0), ("2025-W25", 1)]
    assert timeline(days, "month") == [("2025-06", 3)]
    assert timeline([date(2025, 1, 31), date(2025, 3, 1)], "month") == [("2025-01", 1), ("2025-02", 0), ("2025-03", 1)]


def test_the_timeline_draws_every_bar_from_zero() -> None:
    svg = timeline_html([("2025-W23", 1), ("2025-W24", 1), ("2025-W25", 0)])
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert len(heights) == 3 and heights[0] == heights[1] > 0 and heights[2] == 0  # equal counts, equal bars
    assert ">1</text>" in svg and "<script" not in timeline_html([("<script>", 1)])


def test_the_timeline_names_its_periods_in_the_readers_language() -> None:
    french = timeline_html([("2025-06", 2), ("2025-07", 1)], "fr")
    assert ">juin 2025</text>" in french and "2025-06" not in french
    assert ">Jun 2025</text>" in timeline_html([("2025-06", 2)], "en")
    assert ">sem. 23 2025</text>" in timeline_html([("2025-W23", 1)], "fr")
    assert ">wk 23 2025</text>" in timeline_html([("2025-W23", 1)], "en")


def test_the_ingest_report_speaks_the_readers_language() -> None:
    report = IngestReport(issues_added=1, stories_added=2, chunks_added=3)
    report.errors = [
        IngestError("a/empty.txt", "`a/empty.txt`: the file is empty; …", "empty"),
        IngestError("a/note.txt", "`a/note.txt`: cannot tell the date…", "missing_date"),
    ]
    french = report_markdown(report, "fr")
    assert "**1** numéro ajouté" in french and "**2 articles**" in french
    assert "empty\\.txt : le fichier est vide" in french and "indiquez la date du numéro" in french
    assert "--date" not in french and "a/" not in french  # no CLI flag, no server path
    assert "**1** issue added" in report_markdown(report, "en")


def test_the_header_counts_in_the_readers_language() -> None:
    stats = {"issues": 1, "stories": 3, "newsletters": ["Le Filtre"], "first_date": None, "last_date": None}
    assert "1 numéro · 3 articles" in header_html(stats, "fr") and "1 issue · 3 stories" in header_html(stats, "en")
    dated = {**stats, "first_date": "2025-06-02", "last_date": "2025-06-10"}
    assert "2–10 juin 2025" in header_html(dated, "fr") and "2–10 June 2025" in header_html(dated, "en")
    assert "2025-06" not in header_html(dated, "fr")
