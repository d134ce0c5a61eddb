"""The app in real headless Chromium (Debian's), against `newsdesk serve` on the sample archive.

Screenshots of each screen go to the test's temporary directory (and to
NEWSDESK_SCREENSHOTS when set, which is how the README's pictures are made)."""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]
playwright = pytest.importorskip("playwright.sync_api")

NEW_ISSUE = """Zephyrine lance un drone de livraison à hydrogène • Bienvenue dans La Vigie, lundi 16 juin 2025.

La start-up bordelaise Zephyrine a présenté un drone de livraison à l’hydrogène qui parcourt 140 kilomètres.
Le premier client est le groupe pharmaceutique Orvalis, qui l’utilisera entre ses entrepôts de Mérignac et de Pessac.
À SURVEILLER : La certification. L’aviation civile doit se prononcer avant la fin de l’année.
"""


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


LOCALES = {"fr": "fr-FR", "en": "en-US"}


def _open(browser, url: str, language: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 1280, "height": 1000}, locale=LOCALES[language], accept_downloads=True
    )
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="load", timeout=60_000)
    page.wait_for_selector("#nd-question textarea", timeout=60_000)
    page.dialogs = dialogs  # any alert() would mean newsletter content ran as code
    return context, page


@pytest.fixture(params=sorted(LOCALES))
def page(request, browser, server):
    context, page = _open(browser, server, request.param)
    page.language = request.param
    yield page
    assert page.dialogs == []
    context.close()


def _shot(page, tmp_path: Path, name: str) -> None:
    """A screenshot in the test's directory, and in NEWSDESK_SCREENSHOTS (docs/screenshots)."""
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    if target := os.environ.get("NEWSDESK_SCREENSHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / f"{name}.png", Path(target) / f"{name}.png")


def _search(page, query: str, since: str = "") -> None:
    page.get_by_role("tab").nth(1).click()
    page.locator("#nd-query textarea, #nd-query input").first.fill(query)
    page.locator("#nd-since textarea, #nd-since input").first.fill(since)
    page.locator("#nd-search").click()


def test_chat_answers_with_citations_and_a_chip_opens_its_source(page, tmp_path):
    question = {
        "fr": "Combien Helioscale investit-il près de Lyon ?",
        "en": "How much is Helioscale investing near Lyon?",
    }[page.language]
    page.locator("#nd-question textarea").fill(question)
    page.locator("#nd-send").click()
    answer = page.locator("#nd-chat .message").last
    playwright.expect(answer).to_contain_text("2,4 milliards", timeout=60_000)
    playwright.expect(answer.locator(".nd-chip")).to_have_text("[1]")
    answer.locator(".nd-chip").click()  # the chip, not the list beside: it opens its source
    quote = page.locator("#nd-source-panel mark.quote")
    playwright.expect(quote).to_contain_text("2,4 milliards d’euros", timeout=20_000)
    playwright.expect(page.locator("#nd-source-panel h3")).to_have_text(
        "Helioscale investit 2,4 milliards d’euros près de Lyon"
    )
    first = page.locator("#nd-chat .message").first.bounding_box()
    toolbar = page.locator("#nd-chat button").first.bounding_box()  # the only one over the messages: clear
    assert (
        first
        and toolbar
        and not (toolbar["y"] + toolbar["height"] > first["y"] and toolbar["x"] < first["x"] + first["width"])
    )
    _shot(page, tmp_path, f"{page.language}-chat")
    playwright.expect(page.locator("#nd-sources input")).to_have_count(1)
    page.locator("#nd-chat button").first.click()  # the chat's own bin: the turns and sources go too
    playwright.expect(page.locator("#nd-chat .message")).to_have_count(0)
    playwright.expect(page.locator("#nd-sources input")).to_have_count(0)
    page.locator("#nd-question textarea").fill(question)
    page.locator("#nd-send").click()
    playwright.expect(page.locator("#nd-chat .message").last).to_contain_text("2,4 milliards", timeout=60_000)
    page.locator("#nd-new").click()
    playwright.expect(page.locator("#nd-chat .message")).to_have_count(0)
    playwright.expect(page.locator("#nd-sources input")).to_have_count(0)


def test_an_abstention_lists_the_closest_stories_and_they_open(page):
    question = {
        "fr": "Qui a gagné la finale de la Coupe de France de rugby ?",
        "en": "Who won the final of the French rugby cup?",
    }[page.language]
    page.locator("#nd-question textarea").fill(question)
    page.locator("#nd-send").click()
    answer = page.locator("#nd-chat .message").last
    lead = {"fr": "Articles les plus proches|Sur ce sujet", "en": "Closest stories|On this subject"}[page.language]
    playwright.expect(answer).to_contain_text(re.compile(lead), timeout=60_000)
    assert answer.locator(".nd-chip").count() == 0  # nothing cited: an abstention
    closest = page.locator("#nd-sources label")
    playwright.expect(closest.first).to_be_visible(timeout=20_000)
    headline = closest.first.inner_text().split(" — ")[0].strip()
    closest.first.click()
    playwright.expect(page.locator("#nd-source-panel h3")).to_have_text(headline, timeout=20_000)


def test_search_counts_pages_timeline_and_export_describe_one_set(page, tmp_path):
    _search(page, "Stratus Cloud")
    status = {"fr": "2 articles correspondent", "en": "2 stories match"}[page.language]
    playwright.expect(page.locator("#nd-search-status")).to_contain_text(status, timeout=60_000)
    cards = page.locator("#nd-cards .nd-card")
    playwright.expect(cards).to_have_count(2)
    assert all("Stratus" in text and "Cloud" in text for text in cards.all_inner_texts())
    counts = page.locator("#nd-timeline svg .nd-count").all_text_contents()
    assert sum(map(int, counts)) == 2  # the timeline counts the same stories, drawn from zero
    assert float(page.locator("#nd-timeline svg .nd-bar").first.get_attribute("height") or 0) > 0
    related = {"fr": "Articles proches", "en": "Related stories"}[page.language]
    playwright.expect(page.locator("#nd-related")).to_contain_text(related)  # the near ones, apart
    with page.expect_download() as download:
        page.locator("#nd-export-csv").click()
    with open(download.value.path(), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2 and all("Stratus Cloud" in row["headline"] for row in rows)  # the two matches
    headline = cards.nth(1).locator("h4").inner_text()
    cards.nth(1).click()  # a click on the card opens the story, above the results
    playwright.expect(page.locator("#nd-story h3")).to_have_text(headline, timeout=20_000)
    story, first_card = page.locator("#nd-story").bounding_box(), cards.first.bounding_box()
    assert story and first_card and story["y"] < first_card["y"]
    _shot(page, tmp_path, f"{page.language}-search")


def test_dates_as_the_reader_writes_them(page):
    _search(page, "Kaskad", since="05/06/2025")
    status = page.locator("#nd-search-status")
    if page.language == "fr":  # day/month/year in the French app
        playwright.expect(page.locator("#nd-cards .nd-card").first).to_be_visible(timeout=60_000)
        dates = page.locator("#nd-cards .nd-meta").all_inner_texts()
        assert dates and all(any(f"2025-06-{d:02d}" in text for d in range(5, 11)) for text in dates)
    else:  # ambiguous in English: refused, with the form to use
        playwright.expect(status).to_contain_text("is not a date", timeout=60_000)
        playwright.expect(status).to_contain_text("2025-06-12")


def test_a_new_order_or_date_applies_at_once(page):
    _search(page, "Kaskad")
    cards = page.locator("#nd-cards .nd-card")
    playwright.expect(cards.first).to_be_visible(timeout=60_000)
    page.locator("#nd-sort").get_by_text("date", exact=True).click()  # no new search asked
    newest_first = page.locator("#nd-cards .nd-card").first.locator(".nd-meta")
    playwright.expect(newest_first).to_contain_text(
        {"fr": "9 juin 2025", "en": "9 June 2025"}[page.language], timeout=20_000
    )
    since = page.locator("#nd-since textarea, #nd-since input").first
    since.fill({"fr": "07/06/2025", "en": "2025-06-07"}[page.language])
    since.press("Enter")  # a date applies when written, without a new search
    playwright.expect(page.locator("#nd-cards .nd-card")).to_have_count(1, timeout=20_000)


def test_a_suggested_question_clicked_is_asked(page):
    suggested = page.locator(f"#nd-examples-{page.language} button").first
    playwright.expect(suggested).to_be_visible(timeout=20_000)
    asked = suggested.inner_text().strip()
    suggested.click()  # no need to press Send
    playwright.expect(page.locator("#nd-chat .message").first).to_contain_text(asked, timeout=20_000)
    playwright.expect(page.locator("#nd-chat .message").last.locator(".nd-chip").first).to_be_visible(timeout=60_000)


def test_french_screens_speak_french(browser, server):
    context, page = _open(browser, server, "fr")
    header = page.locator("#nd-header")
    playwright.expect(header).to_contain_text("numéros", timeout=20_000)
    # the suggested questions are asked in the reader's language, whatever the issue's
    playwright.expect(page.locator("#nd-examples-fr")).to_contain_text("Que sait-on de", timeout=20_000)
    playwright.expect(page.locator("#nd-examples-en")).to_be_hidden()
    assert "Textbox" not in page.locator("#nd-question").inner_html()  # its hidden label is French too
    _search(page, "robot")
    playwright.expect(page.locator("#nd-search-status")).to_contain_text("articles correspondent", timeout=60_000)
    # Gradio announces a finished event to screen readers by a key its own locales lack
    playwright.expect(page.get_by_text("common.complete")).to_have_count(0, timeout=5_000)
    playwright.expect(page.get_by_text("Terminé", exact=True)).not_to_have_count(0, timeout=20_000)
    shown = " ".join(
        [
            header.inner_text(),
            page.locator("#nd-search-status").inner_text(),
            page.locator("#nd-tab-search .gr-radio, #nd-tab-search fieldset").all_inner_texts().__str__(),
        ]
    )
    page.locator("#nd-cards .nd-card").first.click()
    playwright.expect(page.locator("#nd-story h4").first).to_be_visible(timeout=20_000)
    shown += " " + page.locator("#nd-story").inner_text().split("\n")[1]  # its meta line
    shown += " " + " ".join(page.locator("#nd-story h4").all_inner_texts())
    page.get_by_role("tab").nth(2).click()
    playwright.expect(page.locator("#nd-stats")).to_contain_text("numéros", timeout=20_000)
    shown += " " + page.locator("#nd-stats").inner_text() + " " + page.locator("#nd-issues thead").inner_text()
    for english in (
        "issues",
        "stories",
        "relevance",
        "month",
        "week",
        "link",
        "Same subject",
        "In this issue",
        "reprints",
        "chunks",
        "subject",
    ):
        assert english not in shown, english
    context.close()


def test_upload_refreshes_the_header_and_the_filters(browser, server, tmp_path):
    issue = tmp_path / "la-vigie" / "2025-06-16.txt"
    issue.parent.mkdir()
    issue.write_text(NEW_ISSUE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    context, page = _open(browser, server, "fr")
    before = page.locator("#nd-header").inner_text()
    page.get_by_role("tab").nth(2).click()
    page.locator("#nd-upload input[type=file]").set_input_files([str(issue), str(empty)])
    page.wait_for_timeout(1000)
    page.locator("#nd-ingest").click()
    report = page.locator("#nd-report")
    playwright.expect(report).to_contain_text("numéro ajouté", timeout=120_000)
    playwright.expect(report).to_contain_text("empty.txt")
    assert "/uploads/" not in report.inner_text() and "`" not in report.inner_text()  # no server path
    playwright.expect(page.locator("#nd-issues")).to_contain_text("2025-06-16")
    header = page.locator("#nd-header")
    playwright.expect(header).to_contain_text("La Vigie")  # the header follows the archive at once
    assert header.inner_text() != before
    _shot(page, tmp_path, "fr-archive")
    context.close()
    for language in LOCALES:  # and on a fresh page, in both languages
        context, page = _open(browser, server, language)
        playwright.expect(page.locator("#nd-header")).to_contain_text("La Vigie", timeout=20_000)
        _search(page, "drone hydrogène Zephyrine")
        playwright.expect(page.locator("#nd-cards .nd-card").first).to_contain_text("Zephyrine", timeout=60_000)
        page.locator("#nd-search-newsletter input").click()
        playwright.expect(page.get_by_role("option", name="La Vigie")).to_be_visible(timeout=20_000)
        if language == "en":
            page.keyboard.press("Escape")
            page.get_by_role("tab").nth(2).click()
            playwright.expect(page.locator("#nd-stats")).to_contain_text("issues", timeout=20_000)
            _shot(page, tmp_path, "en-archive")
        context.close()


EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory):
    """`newsdesk serve` on a home whose newsletter name, headline and body are markup."""
    import json
    import sys

    from conftest import free_port, running

    folder = tmp_path_factory.mktemp("evil")
    article = {
        "id": "1",
        "title": f"<script>alert(2)</script> Robots {EVIL}",
        "date": "2025-06-02",
        "url": "javascript:alert(3)",
        "body": f"Robots <svg onload=alert(4)> learn. {EVIL}",
        "newsletter": EVIL,
        "section": "<b onmouseover=alert(5)>S</b>",
    }
    (folder / "evil.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    port = free_port()
    env = {**os.environ, "NEWSDESK_HOME": str(folder / "home"), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    main = "from ui.cli import main; main()"
    import subprocess

    subprocess.run(
        [sys.executable, "-c", main, "ingest", str(folder / "evil.jsonl")], env=env, check=True, capture_output=True
    )
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-c", main, "serve", "--port", str(port)], f"{url}/api/health", 120, env):
        yield url


def test_markup_in_a_newsletter_name_never_runs(browser, evil_server):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(evil_server, wait_until="load", timeout=60_000)
    playwright.expect(page.locator("#nd-header")).to_contain_text(EVIL, timeout=60_000)  # shown as text
    page.get_by_role("tab").nth(1).click()
    page.locator("#nd-query textarea, #nd-query input").first.fill("Robots")
    page.locator("#nd-search").click()
    playwright.expect(page.locator("#nd-cards .nd-card").first).to_contain_text("Robots", timeout=60_000)
    page.locator("#nd-cards .nd-card").first.click()
    playwright.expect(page.locator("#nd-story h3")).to_contain_text("<script>", timeout=20_000)
    page.get_by_role("tab").nth(2).click()
    playwright.expect(page.locator("#nd-issues")).to_contain_text("2025-06-02", timeout=20_000)
    page.wait_for_timeout(1000)
    assert dialogs == [] and page.locator("#nd-header img").count() == 0
    context.close()


def test_protected_reads_ask_for_the_key_in_the_browser(browser, tmp_path):
    import sys

    from conftest import free_port, running

    port = free_port()
    env = {
        **os.environ,
        "NEWSDESK_HOME": str(tmp_path / "home"),
        "NEWSDESK_API_KEY": "s3cret-key",
        "NEWSDESK_PROTECT_READS": "true",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "from ui.cli import main; main()", "serve", "--sample", "--port", str(port)]
    with running(command, f"{url}/api/health", 180, env):
        context = browser.new_context(locale="en-US")
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=60_000)
        password = page.locator("input[type=password]")
        playwright.expect(password).to_be_visible(timeout=60_000)
        assert page.locator("#nd-question").count() == 0 and "Le Filtre" not in page.content()
        page.locator("input[type=text]").first.fill("editor")
        password.fill("wrong")
        page.get_by_role("button", name="Login").click()
        playwright.expect(page.get_by_text("Incorrect Credentials")).to_be_visible(timeout=20_000)
        assert page.locator("#nd-question").count() == 0
        page.locator("input[type=text]").first.fill("editor")
        password.fill("s3cret-key")
        page.get_by_role("button", name="Login").click()
        playwright.expect(page.locator("#nd-question textarea")).to_be_visible(timeout=60_000)
        context.close()
