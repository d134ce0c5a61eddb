"""One archive, two languages: each story knows its language, English questions find French
stories, and a story printed in two parts is one searchable story."""

from __future__ import annotations

import pytest
from conftest import QANT_ISSUE, needs_corpus

from index.ingest.dedup import merge_continuations
from index.ingest.drafts import StoryDraft
from index.text.analysis import story_language

AS_OF = "2025-06-12"


def test_a_story_is_in_its_issues_language_unless_it_says_otherwise():
    assert story_language("Le robot est loué 2 900 euros par mois, et la maintenance est comprise.", "en") == "fr"
    assert story_language("The robot rents for 2,900 euros a month and the upkeep is included.", "fr") == "en"
    assert story_language("Orfeo 2 · 72B · Apache 2.0", "fr") == "fr"  # too little to tell: the issue's


def test_same_headline_other_text_is_one_story_same_text_stays_a_reprint():
    first = StoryDraft("Enfin réglementer les cryptos.", ["« Des règles réalistes. »"], kind="op-ed")
    rest = StoryDraft("Enfin réglementer les cryptos.", ["Il y a quelques années, un rapport a paru."], kind="op-ed")
    merged = merge_continuations([first, rest])
    assert len(merged) == 1 and merged[0].body[-1] == "Il y a quelques années, un rapport a paru."
    again = StoryDraft("Enfin réglementer les cryptos.", ["Il y a quelques années, un rapport a paru."])
    assert len(merge_continuations([again, StoryDraft(again.headline, list(again.body))])) == 2


@pytest.mark.integration
def test_english_questions_find_french_stories(sample_desk):
    hits = sample_desk.search("How many direct jobs will Helioscale's data centre near Lyon create?", k=3)
    assert "le-filtre-2025-06-02/01" in [h.story_id for h in hits]
    hits = sample_desk.search("What did the Lexandre legal publisher buy?", k=3)
    assert hits[0].headline == "Lexandre s’offre la legaltech Quillon"


@pytest.mark.integration
@needs_corpus(QANT_ISSUE)
def test_the_second_part_of_the_qant_op_ed_is_found_in_both_languages(sample_desk):
    for question in (
        "Que disait le rapport de l’Atlantic Council sur les cryptomonnaies ?",
        "What did the Atlantic Council report say about how many countries ban crypto?",
    ):
        hits = sample_desk.search(question, k=3)
        assert hits[0].story_id == "qant-2025-06-12/06", question
    story = sample_desk.story("qant-2025-06-12/06")
    assert "Atlantic Council" in story.body and story.language == "fr"
    with pytest.raises(Exception, match="no story"):
        sample_desk.story("qant-2025-06-12/09")
