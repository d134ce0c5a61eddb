"""Feed and platform-export readers, on fixtures written here and on real feeds when present."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, needs_corpus

from index.ingest.drafts import IssueDraft
from index.ingest.readers import ReadResult, exports
from index.ingest.readers.exports import is_export, read_export
from index.ingest.readers.feeds import FeedItem, is_feed, names_an_issue, read_feed

FEEDS = ROOT / "tests" / "fixtures" / "feeds"
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
REAL_FEEDS = CORPUS / "real" / "3-feeds"
PERL_WEEKLY = REAL_FEEDS / "perl-weekly_735_per-story_rss1.rdf.rss"
FRRN = REAL_FEEDS / "frrn_site-feed_atom_fr.xml"


def _headlines(issue: IssueDraft) -> list[str | None]:
    return [s.headline for s in issue.stories]


def _assert_no_markup(result: ReadResult) -> None:
    """Nothing of an item's markup, nor a script's text, reaches a story."""
    for issue in result.issues:
        for story in issue.stories:
            text = f"{story.headline}\n{story.text}"
            assert "<" not in text and "alert(" not in text, text
        assert "<" not in issue.subject


# ---- feeds


def test_rss2_items_holding_whole_issues_are_segmented_issues() -> None:
    result = read_feed(FEEDS / "harbour-notes_full-issues_rss2.xml")
    assert not result.errors
    assert result.skipped == ["Summer break notice"]  # a short notice in a feed of issues
    latest, previous = result.issues
    assert latest.source.endswith("harbour-notes_full-issues_rss2.xml#harbournotes-42")
    assert (latest.newsletter, latest.date) == ("Harbour Notes", date(2026, 3, 9))
    assert latest.subject == "Harbour Notes #42: Dredging season opens"  # the title's markup is gone
    assert _headlines(latest) == [
        "Dredging season opens at Saltmere",
        "The Kellin ferry line returns after four years",
        "Tide tables go digital in Brackwater",
        "Last week's crane figure was wrong",
    ]
    assert latest.stories[0].url == "https://harbournotes.example/p/dredging-season"
    # Sent at 00:30 in UTC+1: dated the day its publisher wrote, not the day before in UTC.
    assert (previous.date, len(previous.stories)) == (date(2026, 3, 2), 3)
    _assert_no_markup(result)


def test_rss1_story_items_become_one_issue_per_day() -> None:
    result = read_feed(FEEDS / "veille-python_per-story_rss1.rdf")
    assert not result.errors and not result.skipped
    later, earlier = result.issues
    assert [i.date for i in result.issues] == [date(2026, 3, 9), date(2026, 3, 2)]
    assert {i.newsletter for i in result.issues} == {"La Veille Python"}
    assert later.source.endswith("veille-python_per-story_rss1.rdf#2026-03-09")
    # The item linking to the issue's own web edition names the issue; it is not a story.
    assert (later.subject, earlier.subject) == ("N°58 – Des roues et des verrous", "N°57 – Gabarits et contraintes")
    assert _headlines(later) == [  # in publication order: the feed lists the newest first
        "Un guide pas à pas pour migrer vers uv",
        "Pyodide : retour sur le ticket #4521",  # a number in a story's title does not make it the issue
        "Rencontre Python à Lyon le 14 avril",
    ]
    assert len(earlier.stories) == 4
    ticket = later.stories[1]
    assert ticket.section == "Articles" and ticket.url == "https://blog.exemple-dev.example/pyodide-ticket"
    assert ticket.body == ["Comment un bogue de chargement de roues a été trouvé en une soirée."]
    _assert_no_markup(result)


def test_atom_site_feed_keeps_its_newsletter_issues_and_skips_other_posts() -> None:
    result = read_feed(FEEDS / "atelier-communs_site-mixed_atom.xml")
    assert not result.errors
    assert [(i.subject, i.date) for i in result.issues] == [
        ("Lettre d’information n°13 – juin 2026", date(2026, 6, 20)),
        ("Lettre d’information n°12 – avril 2026", date(2026, 4, 15)),
    ]
    assert {i.newsletter for i in result.issues} == {"Atelier des Communs Numériques"}
    assert result.skipped == [  # a job ad with a list of four duties is still not an issue
        "Offre d’emploi : animateur·rice numérique (CDD 12 mois)",
        "Retour sur l’atelier cartographie libre",
        "Fermeture estivale",
    ]
    assert _headlines(result.issues[0]) == [
        "Un nouveau local à la Croix-Rousse",
        "Bilan de la collecte de matériel",
        "Guide : héberger un service libre pour son association",
    ]


@pytest.mark.parametrize(
    ("title", "link", "tags", "expected"),
    [
        ("Newsletter de juin 2026", "https://site.example/p/juin", (), True),
        ("Lettre d’information n°13", None, (), True),
        ("Weekly #735 - events", None, (), True),
        ("Issue 42: the tide turns", None, (), True),
        ("Our news", "https://site.example/newsletter/2026/06/25/", (), True),
        ("Our news", "https://site.example/archive/735.html", (), True),
        ("Our news", None, ("newsletter",), True),
        ("C# 12 is out", "https://blog.example/csharp-12", (), False),
        ("How we fixed an issue with our printer", None, (), False),
        ("Recrutement d’un·e chargé·e d’étude", "https://site.example/actualites/recrutement", ("emploi",), False),
    ],
)
def test_an_item_names_an_issue_by_title_category_or_link(
    title: str, link: str | None, tags: tuple[str, ...], expected: bool
) -> None:
    assert names_an_issue(FeedItem("id", title, link, None, "", tags)) is expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', True),
        (b"\xef\xbb\xbf<?xml version='1.0'?><!-- a comment --><rdf:RDF xmlns:rdf='x'>", True),
        (b'<?xml-stylesheet href="s.xsl"?><!DOCTYPE feed [<!ENTITY a "b">]><feed xmlns="x">', True),
        ('<?xml version="1.0" encoding="utf-16"?><feed>'.encode("utf-16"), True),
        (b"<!DOCTYPE html><html><head><title>rss</title>", False),
        (b'{"feed": []}', False),
        (b"", False),
    ],
)
def test_is_feed_sniffs_the_root_element(head: bytes, expected: bool) -> None:
    assert is_feed(head) is expected


def test_is_feed_reads_only_the_head() -> None:
    assert is_feed(b"<rss>" + b"<item>" * 1_000_000)


def test_bad_feeds_are_errors_naming_the_file(tmp_path: Path) -> None:
    page = tmp_path / "page.xml"
    page.write_text("<html><body><p>Not a feed</p></body></html>")
    cut = tmp_path / "cut.rss"
    cut.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off')
    empty = tmp_path / "empty.rss"
    empty.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing yet</title></channel></rss>')
    excerpts = tmp_path / "excerpts.xml"
    items = "".join(
        f"<item><title>Post {n}</title><link>https://blog.example/{n}</link>"
        f"<pubDate>Mon, 0{n} Mar 2026 10:00:00 +0000</pubDate><description>A teaser.</description></item>"
        for n in range(1, 4)
    )
    excerpts.write_text(f'<rss version="2.0"><channel><title>Blog</title>{items}</channel></rss>')
    for path, problem in [
        (page, "not an RSS or Atom feed"),
        (cut, "not a well-formed feed"),
        (empty, "holds no item"),
        (excerpts, "only excerpts"),
    ]:
        result = read_feed(path)
        assert not result.issues
        [error] = result.errors
        assert error.source == str(path) and problem in error.problem


def test_two_items_with_one_id_are_two_issues(tmp_path: Path) -> None:
    issue = (FEEDS / "harbour-notes_full-issues_rss2.xml").read_text()
    twice = tmp_path / "twice.xml"
    twice.write_text(issue.replace("harbournotes-41", "harbournotes-42"))
    sources = [i.source for i in read_feed(twice).issues]
    assert len(set(sources)) == 2 and sources[1].endswith("#harbournotes-42~3")


# ---- exports


def test_substack_folder_reads_published_posts_and_skips_drafts_and_empty_posts() -> None:
    folder = EXPORTS / "substack"
    result = read_export(folder)
    assert not result.errors
    assert result.skipped == ["Notes for a future issue", "An empty post"]
    first, second = result.issues
    assert first.source == f"{folder}#1001.first-light"  # a post_id that already carries its slug
    assert second.source == f"{folder}#1002"  # a bare post_id, matched to posts/1002.grid-explained.html
    assert [(i.subject, i.date) for i in result.issues] == [
        ("First Light: rooftops and batteries", date(2026, 4, 6)),
        ("First Light: the grid, explained", date(2026, 4, 13)),
    ]
    assert _headlines(first) == [
        "A school roof in Dunmore powers forty homes",
        "Shared batteries arrive on Larch Street",
        "The county simplifies rooftop permits",
    ]
    assert "Subscribe" not in " ".join(s.text for s in first.stories)


def _zip_of(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                bundle.write(file, prefix + file.relative_to(folder).as_posix())
    return target


@pytest.mark.parametrize("prefix", ["", "export-2026-04-21/"])
def test_substack_zip_is_read_in_memory(tmp_path: Path, prefix: str) -> None:
    archive = _zip_of(EXPORTS / "substack", tmp_path / "substack.zip", prefix)
    assert is_export(archive)
    result = read_export(archive)
    assert not result.errors and len(result.skipped) == 2
    assert [i.source for i in result.issues] == [f"{archive}#1001.first-light", f"{archive}#1002"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["substack.zip"]  # nothing extracted


def test_zip_member_over_the_cap_is_an_error_and_the_other_posts_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _zip_of(EXPORTS / "substack", tmp_path / "substack.zip")
    monkeypatch.setattr(exports, "MAX_ISSUE_BYTES", 800)  # the first post's HTML weighs 945 bytes, the second 657
    result = read_export(archive)
    assert [i.source for i in result.issues] == [f"{archive}#1002"]
    [error] = result.errors
    assert error.source == f"{archive}#posts/1001.first-light.html" and "945 bytes" in error.problem


def test_ghost_export_reads_published_posts_not_pages_nor_drafts() -> None:
    result = read_export(EXPORTS / "ghost-export.json")
    assert not result.errors
    assert result.skipped == ["Carnet n°23 (brouillon)", "À propos des Carnets"]
    assert [(i.newsletter, i.date, len(i.stories)) for i in result.issues] == [
        ("Les Carnets du Port", date(2026, 5, 30), 3),
        ("Les Carnets du Port", date(2026, 6, 13), 3),
    ]
    assert result.issues[0].source.endswith("ghost-export.json#carnet-21")
    assert _headlines(result.issues[0])[0] == "La criée ouvre désormais à cinq heures"


def test_beehiiv_csv_reads_confirmed_posts() -> None:
    result = read_export(EXPORTS / "beehiiv-posts.csv")
    assert not result.errors and result.skipped == ["Field & Forge #20 (draft)"]
    assert [(i.subject, i.date, len(i.stories)) for i in result.issues] == [
        ("Field & Forge #18: the village smithy reopens", date(2026, 2, 3), 3),
        ("Field & Forge #19: mending season", date(2026, 2, 17), 2),
    ]
    assert _headlines(result.issues[0])[1] == 'A "tool library" lends 400 tools'


def test_generic_csv_maps_columns_by_name_and_reads_markdown() -> None:
    result = read_export(EXPORTS / "generic-posts.csv")  # Subject, Sent At, Markdown, Newsletter
    assert not result.errors and not result.skipped
    first, second = result.issues
    assert (first.newsletter, first.date, first.subject) == (
        "Le Fil vert",
        date(2026, 3, 3),
        "Le Fil vert – 3 mars 2026",
    )
    assert _headlines(first) == [
        "Des arbres fruitiers dans les cours d’école",
        "La piste cyclable du canal est ouverte",
        "Les haies reviennent dans le bocage",
    ]
    assert "qui s’éteint à minuit" in first.stories[1].text  # HTML inside the Markdown: its text only
    assert (second.date, len(second.stories)) == (date(2026, 3, 17), 2)
    _assert_no_markup(result)


def test_generic_json_list_maps_synonyms() -> None:
    result = read_export(EXPORTS / "generic-posts.json")  # headline, published_at, body (HTML)
    assert not result.errors
    assert [(i.subject, i.date, len(i.stories)) for i in result.issues] == [
        ("Byte-Sized Science No. 7", date(2026, 1, 12), 3),
        ("Byte-Sized Science No. 8", date(2026, 1, 26), 2),
    ]
    assert result.issues[0].source.endswith("generic-posts.json#byte-sized-science-7")


@pytest.mark.parametrize(
    "name",
    [
        "substack",
        "substack/posts.csv",
        "ghost-export.json",
        "beehiiv-posts.csv",
        "generic-posts.csv",
        "generic-posts.json",
    ],
)
def test_is_export_recognises_every_fixture(name: str) -> None:
    assert is_export(EXPORTS / name)


def test_is_export_refuses_other_files(tmp_path: Path) -> None:
    table = tmp_path / "contacts.csv"
    table.write_text("name,email\nAda,ada@example.org\n")
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps([{"name": "Ada"}]))
    folder = tmp_path / "folder"
    folder.mkdir()
    for path in [table, listing, folder, FEEDS / "harbour-notes_full-issues_rss2.xml", tmp_path / "missing.csv"]:
        assert not is_export(path)


def test_bad_exports_are_errors_naming_the_file_and_the_columns_expected(tmp_path: Path) -> None:
    no_content = tmp_path / "posts-without-content.csv"
    no_content.write_text("title,date,author\nHello,2026-01-01,Ada\n")
    wrong_json = tmp_path / "settings.json"
    wrong_json.write_text(json.dumps({"theme": "dark"}))
    broken_json = tmp_path / "broken.json"
    broken_json.write_text('[{"title": ')
    not_zip = tmp_path / "export.zip"
    not_zip.write_bytes(b"PK\x03\x04 not really a zip")
    no_posts = tmp_path / "other.zip"
    with zipfile.ZipFile(no_posts, "w") as bundle:
        bundle.writestr("readme.txt", "hello")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    expected = {
        no_content: "no content column (columns: author, date, title)",
        wrong_json: "is not a newsletter export",
        broken_json: "is not valid JSON",
        not_zip: "is not a valid zip file",
        no_posts: "holds no posts.csv",
        text: "is not a newsletter export",
    }
    for path, problem in expected.items():
        result = read_export(path)
        assert not result.issues
        [error] = result.errors
        assert error.source == str(path) and problem in error.problem, error
    assert "expected a title column" in str(read_export(no_content).errors[0])


def test_generic_json_plain_text_body_is_read_as_text(tmp_path: Path) -> None:
    body = (
        "BRÈVES DU LUNDI\n\nLe marché couvert rouvre\nAprès deux ans de travaux, il rouvre samedi avec quarante étals."
        "\n\nLa médiathèque prolonge ses horaires\nElle ouvrira jusqu’à 21 heures le jeudi dès septembre.\n"
    )
    listing = tmp_path / "breves.json"
    listing.write_text(json.dumps([{"id": 7, "title": "Brèves du lundi", "date": "2026-09-07", "content": body}]))
    [issue] = read_export(listing).issues
    assert issue.source == f"{listing}#7"
    assert _headlines(issue) == ["Le marché couvert rouvre", "La médiathèque prolonge ses horaires"]


def test_substack_folder_copied_without_post_files_skips_every_post(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(EXPORTS / "substack" / "posts.csv", folder / "posts.csv")
    result = read_export(folder)
    assert not result.issues and not result.errors and len(result.skipped) == 4


# ---- real feeds (../shared/corpus/real/3-feeds, see its README and SOURCES.tsv)


@pytest.mark.corpus
@needs_corpus(PERL_WEEKLY)
def test_perl_weekly_rss1_is_one_issue_of_27_stories() -> None:
    result = read_feed(PERL_WEEKLY)
    assert not result.errors and not result.skipped
    [issue] = result.issues
    assert (issue.newsletter, issue.date) == ("Perl Weekly newsletter", date(2025, 8, 25))
    assert len(issue.stories) == 27
    assert issue.subject == "#735 - Perl-related events"  # the issue's own item, not a story
    headlines = _headlines(issue)
    assert "#735 - Perl-related events" not in headlines
    assert headlines[0] == "SPVM standard modules on CPAN"  # the issue's first story, the feed's last
    assert {"The Weekly Challenge - 336", "Toronto.pm monthly meeting"} <= set(headlines)
    assert all(s.url and s.url.startswith("http") for s in issue.stories)
    _assert_no_markup(result)


@pytest.mark.corpus
@needs_corpus(FRRN)
def test_frrn_atom_keeps_3_newsletter_issues_and_skips_7_posts() -> None:
    result = read_feed(FRRN)
    assert not result.errors
    assert [(i.subject, i.date) for i in result.issues] == [
        ("Newsletter de juin 2026", date(2026, 6, 25)),
        ("Newsletter d’avril 2026", date(2026, 4, 2)),
        ("Newsletter de Février 2026", date(2026, 2, 6)),
    ]
    assert len(result.skipped) == 7 and "Recrutement d’un.e chargé.e d’étude" in result.skipped
    assert all(issue.stories for issue in result.issues)  # how many, and their text: the HTML segmentation's business
