"""The generic segmenter and the readers around it on fixtures written for this project,
each modelled on a layout real newsletters use (see tests/fixtures/issues/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import MissingMetadata
from index.ingest.readers import read_file, resolve_metadata
from index.ingest.readers.html import read_page
from index.text.numbers import find_number

ISSUES = Path(__file__).parent / "fixtures" / "issues"


def _issue(name: str):  # type: ignore[no-untyped-def]
    read = read_file(ISSUES / name)
    assert not read.errors and len(read.issues) == 1
    return read.issues[0]


def test_a_table_layout_email_with_conditional_comments_becomes_its_stories() -> None:
    issue = _issue("lantern-letter_table-email.html")
    assert (issue.newsletter, str(issue.date), issue.number) == ("The Lantern Letter", "2026-03-09", "212")
    news = [s for s in issue.stories if s.kind == "news"]
    assert [s.headline for s in news] == [
        "1. Tidal turbines light a harbour town",  # a headline set by its font size, not an <h2>
        "2. The night train to Lisbon is back",
        "Barn owls return to the old mill",
        "A solar ferry crosses the estuary",
        "The library's seed exchange opens on Saturday with more than two hundred varieties on offer.",
    ]
    tidal = news[0]
    assert any("Why it matters" in p for p in tidal.body) and any("1,900 lamps" in p for p in tidal.body)
    assert news[2].url == "https://click.lantern.example/r?u=owls"  # the tracking redirect is the link
    [sponsor] = [s for s in issue.stories if s.kind == "sponsor"]
    assert sponsor.headline == "Open an account in five minutes"
    text = " ".join(p for s in issue.stories for p in [s.headline or "", *s.body])
    for chrome in ("Tidal turbines, a night-train", "View this email", "mso", "Senior Data Engineer", "Unsubscribe"):
        assert chrome not in text  # preheader, view-in-browser, conditional comment, job ad, footer


def test_an_essay_with_section_headings_is_one_story() -> None:
    issue = _issue("field-notes_essay.html")
    assert (issue.newsletter, str(issue.date)) == ("Field Notes", "2026-02-14")
    [essay] = issue.stories
    assert essay.headline == "Why the allotment waiting list is a housing problem"
    body = " ".join(essay.body)
    assert "eleven years" in body and "publish the list by postcode" in body
    assert "Home" not in body.split() and "Unsubscribe" not in body  # navigation and footer


def test_markdown_with_front_matter_template_tags_comments_and_reference_links() -> None:
    issue = _issue("veille-terrain_hebdo.md")
    assert (str(issue.date), issue.number) == ("2026-03-06", "37")
    assert [s.headline for s in issue.stories][:2] == [
        "Les communes rurales mutualisent leurs secrétaires de mairie",
        "Un bus à la demande dessert les hameaux le samedi",
    ]
    assert len(issue.stories) == 5  # 2 stories, 3 briefs; not the commented-out template, nor the job ad
    text = " ".join(p for s in issue.stories for p in [s.headline or "", *s.body])
    for noise in ("{%", "{{", "Modèle pour les brèves", "Chargée de mission", "Bonjour à toutes"):
        assert noise not in text
    assert "selon la préfecture" in text and "[pref]" not in text  # a reference link resolved


def test_an_email_is_named_by_its_list_id_and_its_encoded_subject() -> None:
    issue = _issue("lettre-estuaire_48.eml")
    assert issue.newsletter == "La Lettre de l’Estuaire"  # the List-Id, not the sender's display name
    assert issue.subject == "N°48 — Les marais salants reprennent vie"  # RFC 2047, decoded
    assert (str(issue.date), issue.number) == ("2026-03-10", "48")
    assert [s.headline for s in issue.stories] == [
        "Les marais salants reprennent vie",
        "Le bac de l'estuaire passe à l'électrique",
    ]


def test_an_undated_issue_names_its_file_and_every_way_to_give_the_date(tmp_path: Path) -> None:
    page = tmp_path / "undated.html"
    page.write_text("<h1>Some letter</h1><h2>A story</h2><p>" + "Words of a story. " * 10 + "</p>")
    _, errors = resolve_metadata(read_file(page).issues)
    [error] = errors
    assert isinstance(error, MissingMetadata)
    assert "undated.html" in str(error) and "date" in str(error)
    assert "--date" in str(error) and "upload" in str(error) and "/api/issues" in str(error)


@pytest.mark.parametrize(
    ("title", "number", "name"),
    [
        ("Perl Weekly #735", "735", "Perl Weekly"),
        ("Newsletter N°4 du réseau", "4", "Newsletter"),
        ("This Week in Rust 665", "665", "This Week in Rust"),
        ("Issue 12: the long read", "12", None),
        ("78 - Hashtag JeSuisNico", "78", None),
        ("Bilan 2026", None, None),  # a year is not a number
        ("Ten things about &#8217; #notanumber", None, None),
    ],
)
def test_issue_numbers_as_publishers_print_them(title: str, number: str | None, name: str | None) -> None:
    assert find_number(title) == (number, name)


def test_a_numbered_story_is_not_the_issue_number() -> None:
    assert find_number("1. Tidal turbines light a harbour town", leading=False) == (None, None)


def test_hidden_text_and_display_headings_in_html() -> None:
    page = read_page(
        '<div style="display: none">preview text</div><span hidden>x</span>'
        '<table><tr><td><span class="hed">A headline set by class</span></td></tr>'
        '<tr><td><p style="font-size:12px">Small print that is a paragraph.</p></td></tr></table>'
    )
    assert page.markdown.splitlines()[0] == "## A headline set by class"
    assert "preview text" not in page.markdown and "Small print that is a paragraph." in page.markdown


def test_bold_run_in_heads_after_an_opening_paragraph_are_one_story() -> None:
    from index.ingest.segmenters.markdown import segment_markdown

    opinion = (
        "## Arrêtez de nous expliquer\n\n"
        "Chacun peut espérer l'issue qu'il veut de ce conflit, mais nous souhaitons surtout que les élus cessent "
        "de répéter qu'il faudrait mieux expliquer la réforme. Depuis trois semaines, ministres et députés de la "
        "majorité enchaînent les plateaux avec le même refrain, comme si le désaccord ne pouvait venir que d'un "
        "défaut de pédagogie, et jamais d'une lecture différente des mêmes chiffres.\n\n"
        "**C'est méprisant**, car cela revient à dire que ceux qui ne sont pas d'accord n'ont pas compris le texte.\n\n"
        "**Ça ne marche pas**, comme le montrent les sondages publiés depuis le début du mois de janvier dernier.\n\n"
        "**C'est dangereux**, parce qu'opposer ceux qui savent à ceux qui devraient apprendre divise le pays.\n\n"
        "## En bref\n\n"
        "**Transports** : la ligne de tramway vers le port ouvrira au printemps, avec un an de retard.\n\n"
        "**Climat** : le département publie son plan de sobriété pour les bâtiments publics et les écoles.\n"
    )
    # (a headed story of a digest needs 100 words of its own: shorter, it is a department's note)
    headlines = [s.headline for s in segment_markdown(opinion).stories]
    assert headlines == ["Arrêtez de nous expliquer", "Transports", "Climat"]
