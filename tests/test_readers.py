"""Readers for every format, on the shipped samples and on e-mails built here."""

from __future__ import annotations

import json
import mailbox
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import SAMPLES

from index.errors import MissingMetadata, UnsupportedFormat
from index.ingest.readers import list_files, read_file, resolve_metadata


def _one(path: Path):
    result = read_file(path)
    assert not result.errors, result.errors
    drafts, problems = resolve_metadata(result.issues)
    assert not problems, problems
    return drafts


def test_html_page_sections_bylines_and_links():
    issue = _one(SAMPLES / "le-filtre" / "2025-06-06.html")[0]
    assert (issue.newsletter, issue.date) == ("Le Filtre", date(2025, 6, 6))
    lead = issue.stories[0]
    assert lead.headline == "Kaskad décroche l’État : Orfeo 2 déployé dans douze ministères"
    assert lead.section == "À la une" and lead.byline == "Sophie Delarue"
    assert lead.url == "https://lefiltre.example/2025/06/06/kaskad-orfeo-ministeres"
    assert "180 000 agents" in lead.text
    assert [s.section for s in issue.stories].count("En bref") == 4
    text = " ".join(s.text for s in issue.stories)
    assert "Accueil" not in text and "Armand Letellier" not in text  # nav and epigraph


def test_eml_multipart_quoted_printable():
    issue = _one(SAMPLES / "byte-brief" / "2025-06-05.eml")[0]
    assert (issue.newsletter, issue.date) == ("Byte Brief", date(2025, 6, 5))
    headlines = [s.headline for s in issue.stories]
    assert "Café Chain Brûlé Deploys 300 Robot Baristas" in headlines  # decoded QP UTF-8
    assert issue.stories[0].kind == "sponsor"
    assert all("unsubscribe" not in s.text.lower() for s in issue.stories)


def _newsletter_mail(
    subject: str, day: str, html: str | None, text: str | None, charset: str = "utf-8"
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Le Filtre <redaction@lefiltre.example>"
    msg["Subject"] = subject
    msg["Date"] = day
    if text is not None:
        msg.set_content(text, charset=charset, cte="quoted-printable")
    if html is not None:
        if text is None:
            msg.set_content(html, subtype="html", charset=charset, cte="quoted-printable")
        else:
            msg.add_alternative(html, subtype="html", charset=charset, cte="quoted-printable")
    return msg


def test_html_only_latin1_mail_takes_date_and_name_from_headers(tmp_path):
    html = (
        "<html><body><h2>En bref</h2><h3><a href='https://x.example/a'>Le TGV à hydrogène roule</a></h3>"
        "<p>Alstom a fait rouler un prototype à hydrogène entre Lyon et Genève.</p>"
        "<p><a href='https://x.example/u'>Se désinscrire</a></p></body></html>"
    )
    path = tmp_path / "mail.eml"
    path.write_bytes(
        bytes(_newsletter_mail("Votre lettre", "Tue, 01 Jul 2025 07:00:00 +0200", html, None, "iso-8859-1"))
    )
    issue = _one(path)[0]
    assert (issue.newsletter, issue.date) == ("Le Filtre", date(2025, 7, 1))
    assert issue.stories[0].headline == "Le TGV à hydrogène roule"
    assert issue.stories[0].section == "En bref"
    assert issue.stories[0].text == "Alstom a fait rouler un prototype à hydrogène entre Lyon et Genève."


def test_mbox_gives_one_issue_per_message(tmp_path):
    box = mailbox.mbox(tmp_path / "lettres.mbox")
    for day in (1, 2, 3):
        text = f"Titre du jour {day}\n\nLe corps de l’article numéro {day} parle de robots."
        box.add(_newsletter_mail(f"Édition {day}", f"0{day} Jul 2025 07:00:00 +0200", None, text))
    box.flush()
    drafts = _one(tmp_path / "lettres.mbox")
    assert [d.date for d in drafts] == [date(2025, 7, d) for d in (1, 2, 3)]
    assert drafts[1].stories[0].headline == "Titre du jour 2"
    assert len({d.source for d in drafts}) == 3


def test_jsonl_groups_articles_and_reports_bad_lines(tmp_path):
    path = tmp_path / "articles.jsonl"
    good = {
        "id": "a1",
        "title": "Un titre",
        "date": "2025-07-01",
        "url": "https://x.example/1",
        "body": "Un corps.",
        "newsletter": "Le Filtre",
        "section": "Cloud",
        "byline": "A. B.",
        "lang": "fr",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "title": "Deux", "date": "2025-07-02"}),
        json.dumps({"id": "x", "title": "sans date", "body": "b"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = read_file(path)
    assert sorted(d.date for d in result.issues) == [date(2025, 7, 1), date(2025, 7, 2)]
    story = result.issues[0].stories[0]
    assert (story.headline, story.section, story.byline, story.url) == (
        "Un titre",
        "Cloud",
        "A. B.",
        "https://x.example/1",
    )
    assert result.issues[0].language == "fr"
    assert [e.source for e in result.errors] == [f"{path}:2", f"{path}:4"]
    assert "missing date" in str(result.errors[1])


def test_sample_jsonl_makes_four_issues():
    drafts = _one(SAMPLES / "dispatches.jsonl")
    assert sorted((d.newsletter, d.date.isoformat()) for d in drafts) == [
        ("Byte Brief", "2025-06-09"),
        ("Byte Brief", "2025-06-10"),
        ("Le Filtre", "2025-06-09"),
        ("Le Filtre", "2025-06-10"),
    ]


def test_directories_are_walked_and_unknown_files_listed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub" / "2025-07-01.md").write_text("# Ma Lettre 2025-07-01\n\n### Un titre\n\nUn texte.\n")
    files, unknown = list_files([tmp_path])
    assert [f.name for f in files] == ["2025-07-01.md"]
    assert unknown == [str(tmp_path / "sub" / "notes.pdf")]
    assert isinstance(read_file(tmp_path / "sub" / "notes.pdf").errors[0], UnsupportedFormat)


def test_metadata_from_path_then_clear_error(tmp_path):
    folder = tmp_path / "ma-lettre"
    folder.mkdir()
    (folder / "2025-07-04.txt").write_text("Un titre court\n\nUn paragraphe de texte qui parle de puces.\n")
    drafts = _one(folder / "2025-07-04.txt")
    assert (drafts[0].newsletter, drafts[0].date) == ("Ma Lettre", date(2025, 7, 4))

    orphan = tmp_path / "issues" / "notes.txt"
    orphan.parent.mkdir()
    orphan.write_text("Un titre court\n\nUn paragraphe sans date ni nom.\n")
    _, problems = resolve_metadata(read_file(orphan).issues)
    assert isinstance(problems[0], MissingMetadata)
    assert str(orphan) in str(problems[0]) and "--newsletter" in str(problems[0]) and "--date" in str(problems[0])
    fixed, problems = resolve_metadata(read_file(orphan).issues, newsletter="Notes", day=date(2025, 7, 5))
    assert not problems and fixed[0].newsletter == "Notes"


@pytest.mark.parametrize("payload", [b"\x00\x01binary\x00" * 10, b"\xff\xfe\x00\x00"])
def test_binary_files_are_named_errors(tmp_path, payload):
    path = tmp_path / "2025-07-01.txt"
    path.write_bytes(payload)
    error = read_file(path).errors[0]
    assert str(path) in str(error) and "binary" in str(error)


def test_windows_1252_text_is_decoded(tmp_path):
    path = tmp_path / "lettre" / "2025-07-01.txt"
    path.parent.mkdir()
    path.write_bytes("Le café de l’été\n\nUn texte accentué : déjà là.\n".encode("cp1252"))
    drafts = _one(path)
    assert drafts[0].stories[0].headline == "Le café de l’été"


def test_html_figures_are_captions_not_body():
    result = read_file(SAMPLES / "le-filtre" / "2025-06-06.html")
    nuvola = next(s for s in result.issues[0].stories if "Nuvola" in (s.headline or ""))
    assert nuvola.captions == [
        "L’ancienne base de sous-marins de Marseille",
        "La base de sous-marins du port de Marseille, vue du môle, en mai • Photo : Nuvola",
    ]
    assert not any("vue du môle" in line for line in nuvola.body)


def test_markdown_images_and_credit_lines_are_captions():
    from index.ingest.segmenters.markdown import segment_markdown

    text = (
        "# Weekly 2025-06-02\n\n## Robots\n\n![A robot on a line](https://x/y.png)\n\nPhoto: Nordlys\n\n"
        "It rents for 2,900 euros a month.\n"
    )
    story = segment_markdown(text).stories[0]
    assert story.captions == ["A robot on a line", "Photo: Nordlys"]
    assert story.body == ["It rents for 2,900 euros a month."]
