"""Segmentation of the real Qant issue and of our Qant-style sample issues."""

from __future__ import annotations

from datetime import date

from conftest import QANT_ISSUE, SAMPLES, needs_corpus

from index.ingest.readers import read_file, resolve_metadata


def _stories(path):
    result = read_file(path)
    assert not result.errors
    drafts, problems = resolve_metadata(result.issues)
    assert not problems
    return drafts[0]


@needs_corpus(QANT_ISSUE)
def test_qant_issue_metadata_comes_from_the_greeting():
    issue = _stories(QANT_ISSUE)
    assert issue.newsletter == "Qant"
    assert issue.date == date(2025, 6, 12)
    assert issue.subject.startswith("Nvidia veut faire de Mistral le Coreweave européen • OpenAI lance o3-pro")


@needs_corpus(QANT_ISSUE)
def test_qant_stories_have_their_headlines_and_boundaries():
    stories = _stories(QANT_ISSUE).stories
    headlines = [s.headline for s in stories]
    assert headlines == [
        "Nvidia veut faire de Mistral le Coreweave européen",
        "OpenAI lance o3-pro",
        "Pour une cuillère à café d’IA",
        "Quand Google tue les recherches Google",
        "Crypto : alors que les entreprises américaines se préparent à basculer, les États-Unis "
        "gagneraient à s’inspirer de la réglementation européenne",
        "Enfin réglementer les cryptos.",
        "Peter Thiel s’en-va-t-en Bourse",
        "Snap accélère sur les lunettes",
        "Enfin réglementer les cryptos.",
    ]
    lead = stories[0]
    # The lead keeps its sub-sections and ends with "À SURVEILLER".
    assert any(p.startswith("LA BONNE ÉCHELLE :") for p in lead.body)
    assert any(p.startswith("EN FILIGRANE : Un Coreweave européen") for p in lead.body)
    assert lead.body[-1].startswith("À SURVEILLER : Construire la souveraineté européenne")
    assert "10 milliards d’euros" in lead.text
    # The o3-pro story starts right after the lead's last sub-section.
    assert stories[1].body[0].startswith("OpenAI a lancé hier o3-pro")
    assert stories[1].body[-1].startswith("À SURVEILLER : Le lent divorce avec Microsoft")
    assert [s.kind for s in stories] == ["news", "news", "brief", "brief", "news", "op-ed", "brief", "news", "op-ed"]
    assert stories[2].text.startswith("Sam Altman") and stories[2].text.endswith("En savoir plus…")


@needs_corpus(QANT_ISSUE)
def test_qant_captions_and_epigraph_are_not_content():
    stories = _stories(QANT_ISSUE).stories
    everything = "\n".join(s.headline + "\n" + s.text for s in stories)
    assert "Qant avec o3 Pro" not in everything
    assert "Photo : Snap" not in everything
    assert "Les modèles d’IA montent vers l’AGI" not in everything
    assert "Paul Virilio" not in everything
    assert all(s.headline != "Le dirigeant de Snap Evan Spiegel" for s in stories)


@needs_corpus(QANT_ISSUE)
def test_qant_op_ed_has_its_byline_both_times():
    stories = _stories(QANT_ISSUE).stories
    first, second = stories[5], stories[8]
    assert first.byline.startswith("Howard Davies, ancien gouverneur adjoint")
    assert second.byline == "Howard Davies (NatWest)"
    assert first.text.startswith("« Il semble probable que les stablecoins")


def test_sample_le_filtre_issue_segments_like_qant():
    issue = _stories(SAMPLES / "le-filtre" / "2025-06-03.txt")
    assert (issue.newsletter, issue.date) == ("Le Filtre", date(2025, 6, 3))
    headlines = [s.headline for s in issue.stories]
    assert headlines[0] == "Bruxelles dévoile le code de conduite de l’AI Act"
    assert headlines[1] == "La puce d’inférence de Quartzia sort du laboratoire"
    op_eds = [s for s in issue.stories if s.kind == "op-ed"]
    assert len(op_eds) == 2 and op_eds[0].headline == op_eds[1].headline
    assert op_eds[0].byline.startswith("Claire Vasseur")
    assert not any("Midjourney" in s.text or "Photo :" in s.text for s in issue.stories)


@needs_corpus(QANT_ISSUE)
def test_qant_op_ed_printed_in_two_parts_is_one_story():
    from index.ingest.dedup import merge_continuations

    stories = merge_continuations(_stories(QANT_ISSUE).stories)
    assert len(stories) == 8 and [s.headline for s in stories].count("Enfin réglementer les cryptos.") == 1
    op_ed = stories[5]
    assert op_ed.text.startswith("« Il semble probable") and "l'Atlantic Council a publié un rapport" in op_ed.text
    assert op_ed.body[2] == "Qant est membre de Project Syndicate."  # the first part ends here
    assert stories[6].headline == "Peter Thiel s’en-va-t-en Bourse"


def test_an_op_ed_ends_where_the_next_story_begins():
    """Le Filtre, 3 June: the op-ed's syndication line, then a picture and the Quillon story."""
    from index.ingest.dedup import merge_continuations

    stories = merge_continuations(_stories(SAMPLES / "le-filtre" / "2025-06-03.txt").stories)
    op_ed, quillon = stories[4], stories[5]
    assert op_ed.kind == "op-ed" and op_ed.headline == "L’IA ne sauvera pas seule la productivité européenne."
    assert op_ed.body[2] == "Le Filtre est membre de Tribunes Europe." and "Quillon" not in op_ed.text
    assert "seules 13 % déclarent utiliser l’IA générative" in op_ed.text  # the second part, merged
    assert quillon.headline == "Lexandre s’offre la legaltech Quillon" and quillon.kind == "news"
    assert quillon.body[0].startswith("L’éditeur juridique Lexandre a annoncé l’acquisition")
    assert quillon.captions == [
        "Les fondateurs de Quillon, Léa Boutin et Karim Aziz, dans leurs bureaux parisiens • Photo : Quillon"
    ]
