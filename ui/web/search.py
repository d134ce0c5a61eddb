"""The editors' archive search: filters, story cards, a timeline, story view and exports."""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, cast

import gradio as gr
import pandas as pd

from assistant import Hit, NewsAssistant
from assistant.errors import NewsdeskError
from assistant.serialize import to_json
from ui.web import PRIVATE
from ui.web.render import hit_cards, story_panel

PAGE = 10
MAX_RESULTS = 100
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


def build_search(desk: NewsAssistant, t: gr.I18n) -> None:
    results = gr.State([])
    stats = desk.stats()
    with gr.Row():
        query = gr.Textbox(label=t("query"), placeholder="Mistral", scale=4, elem_id="nd-query")
        go = gr.Button(t("query"), variant="primary", scale=1, elem_id="nd-search")
    with gr.Row():
        since = gr.Textbox(label=t("since"), elem_id="nd-since")
        until = gr.Textbox(label=t("until"), elem_id="nd-until")
        newsletter = gr.Dropdown(choices=["", *stats["newsletters"]], value="", label=t("newsletter"))
        section = gr.Dropdown(choices=["", *desk.sections()], value="", label=t("section"))
    with gr.Row():
        sponsors = gr.Checkbox(label=t("sponsors"), value=False)
        sort = gr.Radio(choices=[("relevance", "relevance"), ("date", "date")], value="relevance", label=t("sort"))
        bucket = gr.Radio(choices=[("month", "month"), ("week", "week")], value="month", label=t("bucket"))
    status = gr.Markdown(elem_id="nd-search-status")
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
        with gr.Column(scale=2):
            timeline = gr.BarPlot(
                x="period", y="stories", label=t("timeline"), show_label=True, elem_id="nd-timeline", height=240
            )
            opened = gr.Radio(choices=[], label=t("open_story"), elem_id="nd-open")
            story = gr.HTML(elem_id="nd-story")

    def run(q: str, a: str, b: str, nl: str, sec: str, ads: bool, order: str, per: str) -> tuple[Any, ...]:
        if not (q or "").strip():
            return [], "", "", pd.DataFrame({"period": [], "stories": []}), gr.update(choices=[]), 1, *_hidden()
        try:
            hits = desk.search(
                q,
                k=min(MAX_RESULTS, desk.settings.max_k),
                since=a or None,
                until=b or None,
                newsletter=nl or None,
                section=sec or None,
                include_sponsors=ads,
            )
            counts = desk.timeline(q, a or None, b or None, nl or None, sec or None, ads, per)
        except NewsdeskError as error:
            return (
                [],
                f"⚠ {error}",
                "",
                pd.DataFrame({"period": [], "stories": []}),
                gr.update(choices=[]),
                1,
                *_hidden(),
            )
        if order == "date":
            hits = sorted(hits, key=lambda h: (h.date, h.score), reverse=True)
        csv_path, json_path = export(hits, EXPORTS)
        frame = pd.DataFrame({"period": [p for p, _ in counts], "stories": [n for _, n in counts]})
        return (
            hits,
            f"{len(hits)} {'stories' if len(hits) != 1 else 'story'}",
            hit_cards(hits[:PAGE], q),
            frame,
            gr.update(choices=_choices(hits[:PAGE]), value=None),
            1,
            gr.update(value=csv_path, visible=True),
            gr.update(value=json_path, visible=True),
        )

    def turn_page(hits: list[Hit], q: str, current: float, step: int) -> tuple[Any, ...]:
        last = max(1, -(-len(hits) // PAGE))
        number = min(max(1, int(current or 1) + step), last)
        shown = hits[(number - 1) * PAGE : number * PAGE]
        return hit_cards(shown, q), gr.update(choices=_choices(shown), value=None), number

    def open_story(choice: str | None, q: str) -> str:
        return story_panel(desk.story_details(choice), query=q) if choice else ""

    inputs = [query, since, until, newsletter, section, sponsors, sort, bucket]
    outputs = [results, status, cards, timeline, opened, page, csv_file, json_file]
    go.click(run, inputs, outputs, api_visibility=PRIVATE)
    query.submit(run, inputs, outputs, api_visibility=PRIVATE)
    paging, paged = [results, query, page], [cards, opened, page]
    previous.click(lambda h, q, p: turn_page(h, q, p, -1), paging, paged, api_visibility=PRIVATE)
    following.click(lambda h, q, p: turn_page(h, q, p, +1), paging, paged, api_visibility=PRIVATE)
    page.submit(lambda h, q, p: turn_page(h, q, p, 0), paging, paged, api_visibility=PRIVATE)
    opened.change(open_story, [opened, query], story, api_visibility=PRIVATE)


def _choices(hits: list[Hit]) -> list[tuple[str, str]]:
    return [(f"{h.headline} — {h.newsletter}, {h.date.isoformat()}", h.story_id) for h in hits]


def _hidden() -> tuple[Any, Any]:
    return gr.update(visible=False), gr.update(visible=False)
