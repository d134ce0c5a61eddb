"""How a verified answer reads: attributions, numbering, and abstentions that say what the archive holds."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.answer import AnswerSentence, Citation, Source
from assistant.answering.answer_types import AnswerType
from assistant.answering.citations import render
from assistant.answering.presentation import attribute, attribution, near_miss, opens_on_anaphor, renumber
from assistant.answering.reader import Question


def _source(n: int, language: str = "fr", text: str = "Chaque robot est loué 2 900 euros par mois.") -> Source:
    return Source(
        n,
        f"le-filtre-2025-06-0{n}/01",
        f"le-filtre-2025-06-0{n}",
        "Le Filtre",
        date(2025, 6, n),
        "L’humanoïde Tora entre à l’usine",
        None,
        text,
        text,
        language=language,
    )


def test_attribution_names_newsletter_date_and_a_foreign_language():
    assert attribution(_source(5), "fr") == "Selon Le Filtre (5 juin 2025) :"
    assert attribution(_source(5), "en") == "According to Le Filtre (5 June 2025, in French):"
    assert attribution(_source(5, "en"), "fr") == "Selon Le Filtre (5 juin 2025, en anglais) :"


def test_each_run_of_sentences_from_one_source_opens_with_its_attribution():
    sentences = [AnswerSentence(text, [n], True) for text, n in (("Un.", 1), ("Deux.", 1), ("Trois.", 2))]
    led = attribute(sentences, [_source(1), _source(2)], "fr")
    assert [s.lead for s in led] == ["Selon Le Filtre (1er juin 2025) :", "", "Selon Le Filtre (2 juin 2025) :"]
    assert render(led) == (
        "Selon Le Filtre (1er juin 2025) : Un. [1] Deux. [1] Selon Le Filtre (2 juin 2025) : Trois. [2]"
    )


def test_a_quote_opening_on_an_anaphor_is_read_with_its_headline():
    sentences = [AnswerSentence(text, [n], True) for text, n in (("Elle s’ouvrira en mai.", 1), ("Il pèse 60 kg.", 1))]
    led = attribute(sentences, [_source(1)], "fr")
    assert [s.lead for s in led] == ["Selon Le Filtre (1er juin 2025), « L’humanoïde Tora entre à l’usine » :", ""]
    english = attribute([AnswerSentence("It costs $599.", [1], True)], [_source(1, "en")], "en")
    assert english[0].lead == "According to Le Filtre (1 June 2025), “L’humanoïde Tora entre à l’usine”:"


def test_an_anaphor_under_a_sub_section_heading_stands_for_the_heading():
    # seen in the browser: « Elle » is the public inquiry the heading names, not the headline's metropolis
    text = "Helioscale devra réduire son eau.\nÀ SURVEILLER : L’enquête publique. Elle s’ouvrira le 15 septembre."
    led = attribute([AnswerSentence("Elle s’ouvrira le 15 septembre.", [1], True)], [_source(1, text=text)], "fr")
    assert led[0].lead == "Selon Le Filtre (1er juin 2025), « L’enquête publique » :"


@pytest.mark.parametrize(
    ("sentence", "anaphoric"),
    [
        ("It comes in four colors.", True),
        ("It's now possible to run it.", True),
        ("This paper introduces RoWeeder.", True),
        ("The company raised $5 million.", True),
        ("« Elle s’ouvrira le 15 septembre. »", True),
        ("Cette start-up lyonnaise emploie 40 personnes.", True),
        ("This year, Apple shipped 3 models.", False),
        ("Cette semaine, Mistral a levé 600 millions.", False),
        ("Items on sale include a robot.", False),
        ("Iterative refinement helps.", False),
        ("Celui-ci coûte 2 900 euros.", True),
        ("La start-up a obtenu un permis.", True),
        ("La start-up française Helioscale a annoncé un investissement.", False),
        ("The startup Mistral raised €600 million.", False),
        ("Ceci est un test.", False),
    ],
)
def test_anaphors_are_pronouns_and_demonstratives_not_times(sentence, anaphoric):
    assert opens_on_anaphor(sentence) is anaphoric


def test_citations_are_renumbered_in_the_order_the_reader_sees_them():
    sources = [_source(1), _source(2), _source(3)]
    citations = [Citation(3, sources[2].story_id, sources[2].issue_id, "Le Filtre", sources[2].date, "h", None, "q")]
    sentences, citations, sources = renumber([AnswerSentence("Trois.", [3], True)], citations, sources)
    assert sentences[0].citations == [1] and [c.n for c in citations] == [1]
    assert [s.n for s in sources] == [1, 2, 3] and sources[0].story_id == "le-filtre-2025-06-03/01"


def test_a_near_miss_says_what_the_archive_holds():
    asked = Question("Combien coûte le robot Tora ?", AnswerType.MONEY, (), ("tora",))
    text, about = near_miss(asked, [_source(1, text="Tora soulève 15 kilogrammes."), _source(2)], "fr")
    assert text == ("J’ai trouvé 2 articles sur Tora (2 juin 2025, 1er juin 2025) ; aucun ne donne ce montant.")
    assert about == ["le-filtre-2025-06-01/01", "le-filtre-2025-06-02/01"]
    english = Question("Who founded Tora's maker?", AnswerType.PERSON, (), ("tora",))
    text, _ = near_miss(english, [_source(1)], "en")
    assert text == "I found one story on Tora (1 June 2025); it does not name that person."
    assert near_miss(Question("Who won?", AnswerType.PERSON, (), ("zorglub",)), [_source(1)], "en") is None
    two = Question(
        "Quel montant Sam Altman lève-t-il pour Merge Labs ?", AnswerType.MONEY, (), ("sam", "altman", "merge", "labs")
    )
    merged = _source(1, text="Sam Altman lance Merge Labs.")
    text, _ = near_miss(two, [merged], "fr")
    assert "un article sur Sam Altman et Merge Labs (" in text  # one name per thing named, not "Sam Altman Merge Labs"
    glossary = Question("Which firm hosts the GPU Glossary?", AnswerType.ORGANISATION, (), ("glossary",))
    hosted = _source(1, "en", text="The GPU Glossary is an interlinked reference; the glossary covers the stack.")
    text, _ = near_miss(glossary, [hosted], "en")
    assert text.startswith("I found one story on GPU Glossary (")  # not "on glossary"
    eu = Question("Combien d'engagements figurent dans le code de l'UE ?", AnswerType.COUNT, (), ("ue",))
    text, _ = near_miss(eu, [_source(1, text="Le code de bonnes pratiques de l’UE est publié.")], "fr")
    assert text.startswith("J’ai trouvé un article sur UE (")  # not "sur ue": « l’UE » writes UE
    robots = Question("How many labs gave data to the RT-X project?", AnswerType.COUNT, (), ("rt", "x"))
    text, _ = near_miss(robots, [_source(1, "en", text="Google's RT-X pools robot data.")], "en")
    assert text.startswith("I found one story on RT-X (")  # a hyphenated name stays whole, not "rt x"
