"""The editors' archive search: filters, story cards, a timeline, story view and exports."""

from __future__ import annotations

import csv
import html
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import gradio as gr

from assistant import Hit, NewsAssistant
from assistant.errors import NewsdeskError
from assistant.findings import Bucket
from assistant.serialize import to_json
from ui.web import PRIVATE
from ui.web.render import escape_markdown, hit_cards, story_panel, timeline_html
from ui.web.wording import Language, count, language_of, parse_date, say

PAGE = 10
MAX_RESULTS = 1000  # matches listed, paged and exported; the count and timeline cover them all
EXPORTS = Path(tempfile.gettempdir()) / "newsdesk-exports"
EXPORT_MAX_AGE = 3600  # seconds an export file is kept (Gradio serves its own copy of it)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet will not run as a formula (OWASP: "CSV injection"): text that opens
    with = + - @ (or a tab or carriage return) gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def export(hits: list[Hit], folder: Path) -> tuple[str, str]:
    """The results as CSV and JSON files (for the download buttons), in a new folder under
    ``folder``; exports older than an hour are removed on the way."""
    _sweep(folder)
    target = Path(tempfile.mkdtemp(prefix="export-", dir=folder))
    rows = to_json(hits)
    csv_path, json_path = target / "newsdesk-results.csv", target / "newsdesk-results.json"
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["story_id"])
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    json_path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(csv_path), str(json_path)


def _sweep(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("export-*"):
        if time.time() - old.stat().st_mtime > EXPORT_MAX_AGE:
            shutil.rmtree(old, ignore_errors=True)


def build_search(desk: NewsAssistant, t: gr.I18n) -> SearchFilters:
    """The search screen; returns its filters, which the page refreshes when the archive changes."""
    results = gr.State([])
    with gr.Row():
        # an example most tech archives hold, the samples included (one that finds nothing misleads)
        query = gr.Textbox(label=t("query"), placeholder="GPU", scale=4, elem_id="nd-query", max_length=500)
        go = gr.Button(t("query"), variant="primary", scale=1, elem_id="nd-search")
    with gr.Row():
        since = gr.Textbox(label=t("since"), elem_id="nd-since", max_length=20)
        until = gr.Textbox(label=t("until"), elem_id="nd-until", max_length=20)
        newsletter = gr.Dropdown(
            choices=[(t("all_newsletters"), "")], value="", label=t("newsletter"), elem_id="nd-search-newsletter"
        )
        section = gr.Dropdown(
            choices=[(t("all_sections"), "")], value="", label=t("section"), elem_id="nd-search-section"
        )
    with gr.Row():
        sponsors = gr.Checkbox(label=t("sponsors"), value=False)
        orders = [(t("by_relevance"), "relevance"), (t("by_date"), "date")]
        sort = gr.Radio(choices=orders, value="relevance", label=t("sort"), elem_id="nd-sort")
        periods = [(t("by_month"), "month"), (t("by_week"), "week")]
        bucket = gr.Radio(choices=periods, value="month", label=t("bucket"))
    status = gr.Markdown(elem_id="nd-search-status")
    story = gr.HTML(elem_id="nd-story")  # an opened story shows here, above the results
    opening = gr.Textbox(elem_id="nd-open-id", elem_classes=["nd-hidden"], show_label=False, container=False)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            cards = gr.HTML(elem_id="nd-cards")
            with gr.Row():
                previous = gr.Button(t("previous"), size="sm")
                page = gr.Number(value=1, precision=0, minimum=1, label=t("page"), elem_id="nd-page")
                following = gr.Button(t("next"), size="sm")
            with gr.Row():
                csv_file = gr.DownloadButton(cast(str, t("export_csv")), visible=False, elem_id="nd-export-csv")
                json_file = gr.DownloadButton(cast(str, t("export_json")), visible=False, elem_id="nd-export-json")
            related = gr.HTML(elem_id="nd-related")
        with gr.Column(scale=2):
            gr.Markdown(f"**{t('timeline')}**")
            timeline = gr.HTML(elem_id="nd-timeline")

    def nothing(message: str = "") -> tuple[Any, ...]:
        return [], message, "", "", "", 1, "", *_hidden()

    def run(
        q: str, a: str, b: str, nl: str, sec: str, ads: bool, order: str, per: Bucket, request: gr.Request
    ) -> tuple[Any, ...]:
        language = language_of(desk.settings.ui_language, request)
        if not (q or "").strip():
            return nothing()
        try:
            first, last = parse_date(a, language), parse_date(b, language)
        except ValueError as error:
            return nothing(f"⚠ {escape_markdown(str(error))}")
        if first and last and first > last:
            return nothing("⚠ " + say(language, "since_after_until", since=first, until=last))
        try:
            found = desk.find(q, first, last, nl or None, sec or None, ads, limit=MAX_RESULTS)
        except NewsdeskError as error:
            return nothing(f"⚠ {escape_markdown(str(error))}")
        hits = found.matches
        if order == "date":
            hits = sorted(hits, key=lambda h: (h.date, h.score), reverse=True)
        near = ""
        if found.related:
            near = f"<h4 class='nd-related-title'>{html.escape(say(language, 'related'))}</h4>" + hit_cards(
                found.related, q, language
            )
        if not found.total:
            return [], escape_markdown(say(language, "no_match", query=q)), "", "", near, 1, "", *_hidden()
        csv_path, json_path = export(hits, EXPORTS)
        return (
            hits,
            _status(language, found.total, q, hits, 1),
            hit_cards(hits[:PAGE], q, language),
            timeline_html(found.timeline(per), language),
            near,
            1,
            "",
            gr.update(value=csv_path, visible=True),
            gr.update(value=json_path, visible=True),
        )

    def turn_page(hits: list[Hit], q: str, current: float, step: int, request: gr.Request) -> tuple[Any, ...]:
        language = language_of(desk.settings.ui_language, request)
        last = max(1, -(-len(hits) // PAGE))
        number = min(max(1, int(current or 1) + step), last)
        shown = hits[(number - 1) * PAGE : number * PAGE]
        status = _status(language, len(hits), q, hits, number) if hits else gr.update()
        return hit_cards(shown, q, language), number, status

    def open_story(story_id: str, q: str, request: gr.Request) -> str:
        language = language_of(desk.settings.ui_language, request)
        story_id = (story_id or "").split(" ", 1)[0]  # "<story id> <click time>"
        if not story_id:
            return ""
        try:
            return story_panel(desk.story_details(story_id), query=q, language=language, opens=True)
        except NewsdeskError as error:
            return f"<p class='nd-empty'>⚠ {html.escape(str(error))}</p>"

    inputs = [query, since, until, newsletter, section, sponsors, sort, bucket]
    outputs = [results, status, cards, timeline, related, page, story, csv_file, json_file]
    go.click(run, inputs, outputs, api_visibility=PRIVATE)
    query.submit(run, inputs, outputs, api_visibility=PRIVATE)
    # a filter or an order the editor changes applies at once (``input``: not when the page
    # refreshes the newsletters' and sections' choices after an ingest)
    for control in (newsletter, section, sponsors, sort, bucket):
        control.input(run, inputs, outputs, api_visibility=PRIVATE)
    for field_ in (since, until):  # a date applies when written: on Enter, or on leaving the field
        field_.submit(run, inputs, outputs, api_visibility=PRIVATE)
        field_.blur(run, inputs, outputs, api_visibility=PRIVATE)

    def back(hits: list[Hit], q: str, current: float, request: gr.Request) -> tuple[Any, ...]:
        return turn_page(hits, q, current, -1, request)

    def forward(hits: list[Hit], q: str, current: float, request: gr.Request) -> tuple[Any, ...]:
        return turn_page(hits, q, current, +1, request)

    def jump(hits: list[Hit], q: str, current: float, request: gr.Request) -> tuple[Any, ...]:
        return turn_page(hits, q, current, 0, request)

    paging, paged = [results, query, page], [cards, page, status]
    previous.click(back, paging, paged, api_visibility=PRIVATE)
    following.click(forward, paging, paged, api_visibility=PRIVATE)
    page.submit(jump, paging, paged, api_visibility=PRIVATE)
    opening.change(open_story, [opening, query], story, api_visibility=PRIVATE)
    return SearchFilters(newsletter, section)


@dataclass
class SearchFilters:
    newsletter: gr.Dropdown
    section: gr.Dropdown


def _status(language: Language, total: int, q: str, hits: list[Hit], number: int) -> str:
    first = (number - 1) * PAGE + 1
    last = min(number * PAGE, len(hits))
    shown = say(language, "showing", first=first, last=last) if total > PAGE else ""
    matches = say(language, "matches", count=count(language, total, "match"), query=q)
    return escape_markdown(matches) + (f" · {shown}" if shown else "")


def _hidden() -> tuple[Any, Any]:
    return gr.update(visible=False), gr.update(visible=False)
