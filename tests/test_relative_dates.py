"""A quote's relative date ("yesterday", « vendredi ») is given its day, read against the issue's
date; the quote itself stays as printed."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.answer import AnswerSentence
from assistant.answering.relative_dates import dated, relative_days, with_days

TUESDAY = date(2025, 6, 3)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("La Commission européenne a publié lundi la version finale du code.", ["2025-06-02"]),
        ("Yesterday, Nvidia rose 3%.", ["2025-06-02"]),
        ("Le lancement est prévu demain.", ["2025-06-04"]),
        ("On Friday, OpenAI released o3.", ["2025-05-30"]),  # the Friday before the issue
        ("OpenAI announced last Friday that it raised $40 billion.", ["2025-05-30"]),
        ("The chip will ship on Friday.", ["2025-06-06"]),  # what is to come: the Friday after
        ("Les premières livraisons sont prévues jeudi.", ["2025-06-05"]),
        ("Il ouvrira lundi prochain.", ["2025-06-09"]),
        ("Mistral va présenter jeudi son modèle.", ["2025-06-05"]),  # the same words as ``tense``'s
        ("The keynote is slated for Friday.", ["2025-06-06"]),
        ("Apple said on Friday it will ship the chip.", ["2025-05-30"]),  # said then, ships later
        ("Il a parlé mardi.", []),  # the issue's own weekday: that day or a week before?
        ("Apple unveiled on Monday, June 2 its chips.", []),  # already dated
        ("Le chantier, visité vendredi 30 mai, avance.", []),
        # a name with a number after the day is no date (seen in the browser: « samedi Orfeo 2 »)
        ("La start-up a mis en ligne samedi Orfeo 2, un modèle.", ["2025-05-31"]),
        ("Apple unveiled on Friday the 30th its chips.", []),
        ("Microsoft's Patch Tuesday fixed 60 bugs.", []),  # a name, not a day
        ("Black Friday sales rose.", []),
        ("Les réunions ont lieu le lundi.", []),  # every Monday
        ("Today's release is big.", []),
    ],
)
def test_a_relative_date_names_the_day_the_issue_meant(text, days):
    assert [g.day.isoformat() for g in relative_days(text, TUESDAY)] == days


def test_the_day_is_shown_beside_the_quote_in_the_readers_language():
    quote = AnswerSentence("Le conseil a adopté lundi soir le texte, annoncé vendredi.", [1], True)
    [sentence] = dated([quote], {1: date(2025, 6, 4)})
    assert sentence.text == quote.text  # as printed: the story panel finds it
    assert with_days(sentence, "fr") == "Le conseil a adopté lundi [2 juin] soir le texte, annoncé vendredi [30 mai]."
    assert with_days(sentence, "en") == "Le conseil a adopté lundi [2 June] soir le texte, annoncé vendredi [30 May]."
    assert dated([AnswerSentence("Hier, rien.", [], False)], {1: date(2025, 6, 4)})[0].days == []  # no source
