"""Date expressions in questions, French and English, relative to a reference date."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.dates import (
    asks_digest,
    format_range,
    parse_date_range,
    tells_of,
    wants_chronology,
    wants_history,
    wants_recent,
    year_earlier,
)

AS_OF = date(2025, 6, 12)  # a Thursday


@pytest.mark.parametrize(
    ("question", "since", "until", "rest"),
    [
        (
            "Qu’a annoncé Le Filtre le 3 juin 2025 sur l’AI Act ?",
            date(2025, 6, 3),
            date(2025, 6, 3),
            "Qu’a annoncé Le Filtre sur l’AI Act?",
        ),
        ("Que s’est-il passé en juin 2025 ?", date(2025, 6, 1), date(2025, 6, 30), "Que s’est-il passé?"),
        ("What happened on 2025-03-04?", date(2025, 3, 4), date(2025, 3, 4), "What happened?"),
        ("What did OpenAI do in March 2024", date(2024, 3, 1), date(2024, 3, 31), "What did OpenAI do"),
        ("Mistral au printemps 2024", date(2024, 3, 20), date(2024, 6, 20), "Mistral"),
        ("Quoi de neuf hier ?", date(2025, 6, 11), date(2025, 6, 11), "Quoi de neuf?"),
        ("la semaine dernière", date(2025, 6, 2), date(2025, 6, 8), ""),
        ("last week", date(2025, 6, 2), date(2025, 6, 8), ""),
        ("ce mois-ci", date(2025, 6, 1), date(2025, 6, 12), ""),
        ("yesterday", date(2025, 6, 11), date(2025, 6, 11), ""),
        ("the past 3 months", date(2025, 3, 14), date(2025, 6, 12), ""),
        ("les trois derniers mois", date(2025, 3, 14), date(2025, 6, 12), ""),
        ("last month", date(2025, 5, 1), date(2025, 5, 31), ""),
        ("du 2 au 8 juin 2025", date(2025, 6, 2), date(2025, 6, 8), ""),
        (
            "What did Byte Brief report on June 4, 2025 about chips?",
            date(2025, 6, 4),
            date(2025, 6, 4),
            "What did Byte Brief report about chips?",
        ),
        ("le 5 juin", date(2025, 6, 5), date(2025, 6, 5), ""),
        ("le 20 décembre", date(2024, 12, 20), date(2024, 12, 20), ""),  # the last one before as_of
        ("depuis le 3 mars 2025", date(2025, 3, 3), None, ""),
    ],
)
def test_expressions_become_ranges(question, since, until, rest):
    found, remaining = parse_date_range(question, AS_OF)
    assert found is not None and (found.since, found.until) == (since, until)
    assert remaining == rest


def test_no_date_leaves_the_question_alone():
    assert parse_date_range("Combien coûte Mistral Compute ?", AS_OF) == (None, "Combien coûte Mistral Compute ?")


def test_bare_years_and_today_are_soft():
    assert parse_date_range("Combien en 2024 ?", AS_OF)[0].soft
    assert parse_date_range("Quelle est aujourd’hui la part ?", AS_OF)[0].soft
    assert not parse_date_range("le 3 juin 2025", AS_OF)[0].soft


def test_labels_read_naturally():
    assert format_range(date(2025, 6, 2), date(2025, 6, 8), "fr") == "2–8 juin 2025"
    assert format_range(date(2025, 6, 1), date(2025, 6, 30), "en") == "June 2025"
    assert format_range(date(2024, 1, 1), date(2024, 12, 31), "fr") == "2024"
    assert format_range(date(2025, 6, 1), date(2025, 6, 1), "fr") == "1er juin 2025"
    assert format_range(date(2025, 5, 28), date(2025, 6, 3), "en") == "28 May – 3 June 2025"


def test_intents():
    assert wants_recent("Quoi de neuf sur Mistral ?") and wants_recent("What's new with Nvidia?")
    assert wants_chronology("Quand Kaskad a-t-il levé des fonds ?") and wants_chronology("What happened to Helioscale?")
    assert not wants_chronology("Combien coûte Mistral Compute ?")
    # a date to come is asked of the sentence that announces it, not answered by an issue's date
    assert not wants_chronology("When will Mistral Compute open to customers?")
    assert not wants_chronology("Quand la Q1 de Quartzia doit-elle être livrée ?")
    assert not wants_chronology("When is the Rover Q4 expected to ship?")
    assert not wants_chronology("Quand Orvane compte-t-il boucler le rachat de Lumen ?")  # an intention: to come
    assert not wants_chronology("When does Orvane plan to close the deal?")
    # one sentence per story on the subject for a history; "when did…" asks one date
    assert wants_history("What happened to Helioscale?") and wants_history("Que s'est-il passé chez Kaskad ?")
    assert not wants_history("When did Helioscale announce its Lyon investment?")


@pytest.mark.parametrize(
    "question",
    [
        "What happened in June?",
        "Que s'est-il passé en juin 2025 ?",
        "Quoi de neuf cette semaine ?",
        "What's new?",
        "What was in the news last week?",
        "Qu’est-ce qui a fait l’actualité hier ?",
    ],
)
def test_a_period_and_nothing_else_asks_for_a_digest(question):
    assert asks_digest(parse_date_range(question, AS_OF)[1]), question


@pytest.mark.parametrize(
    "question", ["What happened to Kaskad in June?", "Quoi de neuf chez Kaskad ?", "What's new with Halcyon?"]
)
def test_a_subject_asks_for_its_stories_not_a_digest(question):
    assert not asks_digest(parse_date_range(question, AS_OF)[1]), question


def test_a_date_of_a_fact_is_not_the_period_of_an_issue():
    """ "its high point of May 2023" dates a fact: with no issue that month, the whole archive is
    searched; "in May 2023" and « le numéro du 3 juin » ask for issues and say there are none."""
    as_of = date(2025, 12, 31)
    fact, _ = parse_date_range("How far has Orvane's traffic slipped below its high point of May 2023?", as_of)
    assert fact is not None and fact.soft
    assert parse_date_range("De combien le trafic a-t-il baissé depuis le pic de mai 2023 ?", as_of)[0].soft
    assert not parse_date_range("What did Orvane announce in May 2023?", as_of)[0].soft
    assert not parse_date_range("Quelles nouvelles du 3 juin 2025 ?", as_of)[0].soft


def test_a_date_without_its_year_can_be_moved_a_year_back():
    """ "in May" asked after the archive's last May means that May: the chain steps back a year
    at a time; a period with its year, or with no month, stays as it is."""
    as_of = date(2026, 12, 7)
    may, _ = parse_date_range("How many jobs did Orvane cut in May?", as_of)
    assert may is not None and (may.since, may.until) == (date(2026, 5, 1), date(2026, 5, 31))
    earlier = year_earlier(may)
    assert earlier is not None and (earlier.since, earlier.until) == (date(2025, 5, 1), date(2025, 5, 31))
    february = year_earlier(parse_date_range("Qu'a dit Orvane en février ?", date(2025, 3, 1))[0])
    assert february is not None and (february.since, february.until) == (date(2024, 2, 1), date(2024, 2, 29))
    assert year_earlier(parse_date_range("What did Orvane announce in May 2023?", as_of)[0]) is None
    assert year_earlier(parse_date_range("What did Orvane announce last week?", as_of)[0]) is None


def test_a_story_tells_of_a_year_by_number_or_by_its_own_date():
    issued = date(2024, 5, 10)
    assert tells_of("the deal it struck in July 2023", issued, ["2023"])
    assert tells_of("since July last year, when it struck a deal", issued, ["2023"])
    assert tells_of("Orvane a recruté 40 personnes l’an dernier", issued, ["2023"])
    assert tells_of("Orvane plans two launches this year", issued, ["2024"])
    assert not tells_of("Orvane plans two launches this year", issued, ["2023"])
    assert not tells_of("the deal it struck in July", issued, ["2023"])
