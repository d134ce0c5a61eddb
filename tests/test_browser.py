"""The app in real headless Chromium (Debian's), against `newsdesk serve` on the sample archive.

Screenshots of each screen go to the test's temporary directory (and to
NEWSDESK_SCREENSHOTS when set, which is how the README's pictures are made)."""

from __future__ import annotations

import os
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


@pytest.fixture
def page(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server, wait_until="load", timeout=60_000)
    page.wait_for_selector("#nd-question textarea", timeout=60_000)
    page.dialogs = dialogs  # any alert() would mean newsletter content ran as code
    yield page
    assert dialogs == []
    context.close()


def _shot(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    if target := os.environ.get("NEWSDESK_SCREENSHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / f"{name}.png", Path(target) / f"{name}.png")


def test_chat_answers_with_citations_and_shows_the_source(page, tmp_path):
    page.locator("#nd-question textarea").fill("Combien Helioscale investit-il près de Lyon ?")
    page.locator("#nd-send").click()
    answer = page.locator("#nd-chat .message").last
    playwright.expect(answer).to_contain_text("2,4 milliards", timeout=60_000)
    playwright.expect(answer).to_contain_text("[1]")
    page.locator("#nd-sources label").first.click()
    quote = page.locator("#nd-source-panel mark.quote")
    playwright.expect(quote).to_contain_text("2,4 milliards d’euros", timeout=20_000)
    playwright.expect(page.locator("#nd-source-panel h3")).to_have_text(
        "Helioscale investit 2,4 milliards d’euros près de Lyon"
    )
    _shot(page, tmp_path, "chat")
    page.locator("#nd-new").click()
    playwright.expect(page.locator("#nd-chat .message")).to_have_count(0)


def test_search_with_a_date_filter_timeline_and_csv(page, tmp_path):
    page.get_by_role("tab").nth(1).click()
    page.locator("#nd-query textarea, #nd-query input").first.fill("Kaskad")
    page.locator("#nd-since textarea, #nd-since input").first.fill("2025-06-05")
    page.locator("#nd-search").click()
    cards = page.locator("#nd-cards .nd-card")
    playwright.expect(cards.first).to_be_visible(timeout=60_000)
    dates = page.locator("#nd-cards .nd-meta").all_inner_texts()
    assert dates and all(any(f"2025-06-{d:02d}" in text for d in range(5, 11)) for text in dates)
    playwright.expect(page.locator("#nd-timeline canvas, #nd-timeline svg").first).to_be_visible(timeout=20_000)
    with page.expect_download() as download:
        page.locator("#nd-export-csv").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("story_id,") and "Kaskad" in content
    page.locator("#nd-open label").first.click()
    playwright.expect(page.locator("#nd-story mark").first).to_be_visible(timeout=20_000)
    _shot(page, tmp_path, "search")


def test_upload_an_issue_then_find_it(page, tmp_path):
    page.get_by_role("tab").nth(2).click()
    issue = tmp_path / "la-vigie" / "2025-06-16.txt"
    issue.parent.mkdir()
    issue.write_text(NEW_ISSUE, encoding="utf-8")
    page.locator("#nd-upload input[type=file]").set_input_files(str(issue))
    page.wait_for_timeout(1000)
    page.locator("#nd-ingest").click()
    playwright.expect(page.locator("#nd-report")).to_contain_text("issues added", timeout=120_000)
    playwright.expect(page.locator("#nd-issues")).to_contain_text("2025-06-16")
    _shot(page, tmp_path, "archive")
    page.get_by_role("tab").nth(1).click()
    page.locator("#nd-query textarea, #nd-query input").first.fill("drone hydrogène Zephyrine")
    page.locator("#nd-search").click()
    playwright.expect(page.locator("#nd-cards .nd-card").first).to_contain_text("Zephyrine", timeout=60_000)


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
    page.locator("#nd-open label").first.click()
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
