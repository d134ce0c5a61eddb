"""The app's screens, built without a server, and the escaping of newsletter text."""

from __future__ import annotations

from datetime import date

import gradio as gr
import pytest

from assistant import Answer, AnswerSentence, Citation, Source
from index.retrieval.search import Hit
from ui.web.app import create_app
from ui.web.render import answer_markdown, escape_markdown, highlight, hit_cards, safe_url

pytestmark = pytest.mark.integration
EVIL = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) **bold**"


def test_create_app_builds_the_three_screens(sample_desk):
    app = create_app(sample_desk)
    assert isinstance(app, gr.Blocks)
    assert {"nd-tab-chat", "nd-tab-search", "nd-tab-archive"} <= {
        getattr(block, "elem_id", None) for block in app.blocks.values()
    }


def test_example_questions_come_from_the_archive_and_are_answered(sample_desk):
    examples = sample_desk.suggested_questions()
    assert examples and any(q.startswith("Que sait-on de") for q in examples)
    assert "What's new with Halcyon?" in examples  # not "… Halcyon Open-Sources?", the whole headline
    answer = sample_desk.ask("What's new with Halcyon?")
    assert not answer.abstained and answer.text.startswith("According to Byte Brief (10 June 2025):")
    assert {c.story_id for c in answer.citations} <= {"byte-brief-2025-06-10/01", "byte-brief-2025-06-03/02"}


def test_example_questions_in_the_readers_language(sample_desk):
    french, english = sample_desk.suggested_questions(language="fr"), sample_desk.suggested_questions(language="en")
    assert french and all(q.startswith("Que sait-on de ") for q in french)
    assert english and all(q.startswith("What's new with ") for q in english)
    assert "Que sait-on de Halcyon ?" in french  # an English issue's subject, asked in French
    assert not sample_desk.ask("Que sait-on de Halcyon ?").abstained


def test_cards_escape_and_highlight():
    hit = Hit(
        "n-2025-01-01/01",
        "n-2025-01-01",
        "N",
        date(2025, 1, 1),
        EVIL,
        None,
        "javascript:alert(1)",
        0.5,
        f"title\n{EVIL} Réglementation des cryptos",
    )
    page = hit_cards([hit], "réglementer")
    assert "<script" not in page and "<img" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;" in page and "<mark>Réglementation</mark>" in page
    assert safe_url("https://example.com/a?b=c") and safe_url("javascript:alert(1)") is None
    assert highlight("Les cryptos", "crypto") == "Les <mark>cryptos</mark>"
    assert highlight("16,000 GPUs", "GPU") == "16,000 <mark>GPUs</mark>"  # as the search matches them


def test_markdown_cannot_smuggle_links_or_html():
    text = escape_markdown(EVIL)
    assert "<" not in text and "](" not in text and "**" not in text


def test_answer_marks_unsourced_sentences():
    source = Source(1, "n-2025-01-01/01", "n-2025-01-01", "N", date(2025, 1, 1), "T", None, "Body.", "")
    answer = Answer(
        text="x",
        abstained=False,
        language="fr",
        sentences=[AnswerSentence("Vrai.", [1], True), AnswerSentence("Inventé.", [], False)],
        citations=[Citation(1, "n-2025-01-01/01", "n-2025-01-01", "N", date(2025, 1, 1), "T", None, "Body.")],
        sources=[source],
    )
    rendered = answer_markdown(answer)
    chip = '<span class="nd-chip nd-cite-1" role="button" tabindex="0">[1]</span>'
    assert f"Vrai\\. {chip}" in rendered and "~~Inventé\\.~~ *(non sourcé)*" in rendered


def test_the_source_panel_marks_every_sentence_quoted_from_the_story(sample_desk):
    from ui.web.render import story_panel

    answer = sample_desk.ask("In how many locations has Brûlé installed robot baristas?")
    details = sample_desk.story_details(answer.citations[0].story_id)
    first, second = (s for s in details.story.body.replace("\n", " ").split(". ")[:2])
    panel = story_panel(details, quotes=[first, second, first])
    assert panel.count('<mark class="quote">') == 2  # each quoted sentence, once
    assert story_panel(details).count("<mark") == 0  # nothing quoted, nothing marked


def test_the_readers_story_panel_dates_in_the_page_language_and_shows_no_ids(sample_desk):
    from ui.web.render import story_panel

    answer = sample_desk.ask("In how many locations has Brûlé installed robot baristas?")
    details = sample_desk.story_details(answer.citations[0].story_id)
    day = details.issue.date
    french = story_panel(details, language="fr")
    assert f"{day:%Y-%m-%d}" not in french and str(day.year) in french
    assert details.story.story_id not in french  # a reader has no use for ids
    assert details.story.story_id in story_panel(details, opens=True)  # an editor quotes them to the API


def test_a_reprint_is_shown_by_its_newsletter_and_day_not_its_id(sample_desk):
    from ui.web.render import story_panel

    details = sample_desk.story_details("le-filtre-2025-06-02/03", related=False)
    assert details.reprints == ["le-filtre-2025-06-05/03"]
    french = story_panel(details, language="fr")
    assert "Repris : Le Filtre, 5 juin 2025" in french and "le-filtre-2025-06-05/03" not in french
    assert "le-filtre-2025-06-05/03" in story_panel(details, opens=True)  # the editor's view gives the id


def test_a_caption_is_said_to_be_one_after_the_text_and_a_sponsor_item_is_tagged(sample_desk):
    from ui.web.render import story_panel

    details = sample_desk.story_details("le-filtre-2025-06-02/01", related=False)
    french = story_panel(details, language="fr")
    caption = french.index("Légende (la photo n’est pas dans l’archive) : <em>Le chantier d’Helioscale")
    assert caption > french.index("nd-body") and "Sponsorisé" not in french
    sponsor = sample_desk.story_details("byte-brief-2025-06-02/01", related=False)
    assert "<span class='nd-sponsored'>Sponsored</span> Ship AI features" in story_panel(sponsor)
    found = sample_desk.find("GPUs", include_sponsors=True)
    cards = hit_cards(found.matches, "GPUs", "fr")
    assert cards.count("nd-sponsored") == sum(h.kind == "sponsor" for h in found.matches) > 0


def test_the_source_list_dates_a_story_as_the_answer_does(sample_desk):
    from ui.web.render import citation_choices

    french = citation_choices(sample_desk.ask("Combien coûte la location d'un robot humanoïde Tora ?"))
    assert french and all("juin 2025" in label and "2025-06" not in label for label, _ in french)
    english = citation_choices(sample_desk.ask("How much does Auric's Compass browser cost?"))
    assert english and all("June 2025" in label for label, _ in english)


def test_an_abstention_lists_the_stories_it_names_as_it_dates_them(sample_desk):
    answer = sample_desk.ask("Qui dirige Kaskad ?")
    assert answer.abstained and "9 juin 2025, 6 juin 2025, 2 juin 2025" in answer.text
    listed = answer_markdown(answer).split("Sur ce sujet :")[1]
    assert "2025-06" not in listed
    assert listed.index("9 juin 2025") < listed.index("6 juin 2025") < listed.index("2 juin 2025")


def test_the_same_subject_list_holds_the_stories_on_the_subject_or_none(sample_desk):
    lark = sample_desk.story_details("byte-brief-2025-06-10/01")  # Halcyon open-sources Lark-2 Mini
    assert [h.headline for h in lark.related] == ["Halcyon Releases Lark-2 With a 1M-Token Context Window"]
    # no other story is on Rotterdam's tugboats: not the cloud or the CI bill that share a few words
    assert sample_desk.story_details("byte-brief-2025-06-10/02").related == []


def test_a_same_subject_story_names_a_name_the_headline_gives():
    """Near in words is not enough when the headline names its subject: a story on the same field
    about another firm is left out; a headline with no name keeps what the score floor keeps."""
    from datetime import date

    from assistant.views import same_subject
    from index.retrieval.search import Hit

    def hit(headline: str, score: float) -> Hit:
        return Hit("s", "i", "Byte Brief", date(2025, 6, 2), headline, None, None, score, f"{headline}\nBody.")

    found = [hit("Veo 3 Ships From Google", 0.9), hit("Halcyon Prices Lark-2", 0.8), hit("Halcyon's Lark-2 Mini", 0.2)]
    kept = same_subject("Halcyon Open-Sources Lark-2 Mini", found, floor=0.3)
    assert [h.headline for h in kept] == ["Halcyon Prices Lark-2"]
    assert len(same_subject("the model race heats up", found, floor=0.3)) == 2
