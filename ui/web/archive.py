"""The archive screen: upload and ingest issues, list and delete them, statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant import IngestError, IngestReport, NewsAssistant, SyncReport
from assistant.errors import Forbidden, NewsdeskError, Unauthorized
from ui.api.auth import Access
from ui.web import PRIVATE
from ui.web.page import Page, issues_frame
from ui.web.render import escape_markdown
from ui.web.wording import MESSAGES, Language, count, language_of, parse_date, say


def may_write(desk: NewsAssistant, request: gr.Request | None, key: str) -> bool:
    """The API's rule (``ui.api.auth``): the key when one is set, else this machine only."""
    peer = request.client.host if request is not None and request.client else None
    headers = {k.lower(): v for k, v in dict(request.headers).items()} if request is not None else {}
    try:
        Access(desk.settings).check_write(peer, headers, key)
    except (Unauthorized, Forbidden):
        return False
    return True


def report_markdown(report: IngestReport, language: Language = "en") -> str:
    def n(value: int, noun: str) -> str:
        return count(language, value, noun)

    issues = count(language, report.issues_added, "issue").split(" ", 1)[1]
    lines = [
        f"**{report.issues_added}** {issues} {n(report.issues_added, 'added').split(' ', 1)[1]}, "
        f"**{report.issues_updated}** {n(report.issues_updated, 'updated').split(' ', 1)[1]}, "
        f"{report.issues_unchanged} {n(report.issues_unchanged, 'unchanged').split(' ', 1)[1]} · "
        f"**{n(report.stories_added, 'story')}**, {n(report.chunks_added, 'chunk')}, "
        f"{n(report.duplicates, 'reprint')}, {n(report.sponsors, 'sponsor')} · {report.seconds:.1f} s"
    ]
    lines += ["- " + escape_markdown(say(language, "skipped_file", name=Path(p).name)) for p in report.unknown_files]
    lines += [
        f"- ⚠ {escape_markdown(Path(e.source).name)} : {escape_markdown(_reason(e, language))}" for e in report.errors
    ]
    return "\n".join(lines)


def _reason(error: IngestError, language: Language) -> str:
    """What went wrong, said for the upload screen (not the CLI's flags) in the reader's language."""
    key = f"error_{error.kind}"
    return say(language, key) if key in MESSAGES else error.reason


def sync_markdown(report: SyncReport, language: Language = "en") -> str:
    left_out = f", {say(language, 'left_out', n=report.skipped)}" if report.skipped else ""
    fetched = count(language, report.fetched, "fetched").split(" ", 1)[1]
    unchanged = count(language, report.unchanged, "unchanged").split(" ", 1)[1]
    counts = f"**{report.fetched}** {fetched}, {report.unchanged} {unchanged}{left_out}"
    return f"{escape_markdown(report.source)} : {counts}\n\n{report_markdown(report.ingest, language)}"


def build_archive(desk: NewsAssistant, t: gr.I18n, page: Page) -> None:
    """The Archive screen; its statistics, table and lists join ``page``, refreshed after each change."""
    stats = gr.Markdown(elem_id="nd-stats")
    with gr.Row(equal_height=False):
        with gr.Column():
            files = gr.File(label=t("upload"), file_count="multiple", elem_id="nd-upload")
            with gr.Row(equal_height=True):
                given_newsletter = gr.Textbox(
                    label=t("upload_newsletter"), max_length=200, elem_id="nd-upload-newsletter"
                )
                given_date = gr.Textbox(label=t("upload_date"), max_length=10, elem_id="nd-upload-date")
            key = gr.Textbox(label=t("api_key"), type="password")
            ingest = gr.Button(t("ingest"), variant="primary", elem_id="nd-ingest")
            with gr.Row(equal_height=True):
                source = gr.Textbox(label=t("sync_source"), scale=4, elem_id="nd-sync-source")
                sync = gr.Button(t("sync"), scale=1, elem_id="nd-sync")
            report = gr.Markdown(elem_id="nd-report")
        with gr.Column():
            newsletter = gr.Dropdown(
                choices=[(t("all_newsletters"), "")], value="", label=t("newsletter"), elem_id="nd-archive-newsletter"
            )
            table = gr.Dataframe(label=t("issues"), interactive=False, elem_id="nd-issues")
            doomed = gr.Dropdown(choices=[], value=None, label=t("delete_issue"), elem_id="nd-doomed")
            confirm = gr.Checkbox(label=t("confirm_delete"), value=False)
            delete = gr.Button(t("delete"), variant="stop")
    page.newsletters.append(newsletter)
    page.stats, page.table, page.doomed = stats, table, doomed
    unchanged = [gr.update() for _ in page.components()]

    def run_ingest(
        paths: list[str] | None,
        name: str,
        when: str,
        given: str,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> list[Any]:
        language = language_of(desk.settings.ui_language, request)
        if not paths:
            return ["—", *unchanged]
        if not may_write(desk, request, given):
            _remove(paths)  # nothing of a refused upload is kept
            return [say(language, "writes_need_key"), *unchanged]
        try:
            day = parse_date(when, language)
        except ValueError as error:
            _remove(paths)
            return [f"⚠ {escape_markdown(str(error))}", *unchanged]
        uploads = [(Path(p).name, open(p, "rb")) for p in paths]  # noqa: SIM115 - closed below
        try:
            done = desk.ingest_uploads(
                uploads,
                lambda n, total: progress((n, total), desc=say(language, "progress_stories")),
                name.strip() or None,
                day,
            )
        except NewsdeskError as error:
            return [f"⚠ {escape_markdown(str(error))}", *unchanged]
        finally:
            for _, handle in uploads:
                handle.close()
            _remove(paths)  # Gradio's copies: the stored ones are under home/uploads
        return [report_markdown(done, language), *page.refreshed(desk, language)]

    def run_sync(
        given_source: str,
        given: str,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> list[Any]:
        language = language_of(desk.settings.ui_language, request)
        if not given_source.strip():
            return ["—", *unchanged]
        if not may_write(desk, request, given):
            return [say(language, "writes_need_key"), *unchanged]
        try:
            done = desk.sync(
                given_source, progress=lambda n, total: progress((n, total), desc=say(language, "progress_stories"))
            )
        except NewsdeskError as error:
            return [f"⚠ {escape_markdown(str(error))}", *unchanged]
        return [sync_markdown(done, language), *page.refreshed(desk, language)]

    def run_delete(issue_id: str | None, sure: bool, given: str, request: gr.Request) -> list[Any]:
        language = language_of(desk.settings.ui_language, request)
        if not issue_id or not sure:
            return [say(language, "select_and_confirm"), *unchanged, False]
        if not may_write(desk, request, given):
            return [say(language, "writes_need_key"), *unchanged, False]
        try:
            desk.delete_issue(issue_id)
        except NewsdeskError as error:
            return [f"⚠ {escape_markdown(str(error))}", *unchanged, False]
        deleted = escape_markdown(say(language, "deleted", issue=issue_id))
        return [deleted, *page.refreshed(desk, language), False]

    def list_issues(chosen: str, request: gr.Request) -> pd.DataFrame:
        return issues_frame(desk, language_of(desk.settings.ui_language, request), chosen)

    shown = [report, *page.components()]
    ingest.click(run_ingest, [files, given_newsletter, given_date, key], shown, api_visibility=PRIVATE)
    sync.click(run_sync, [source, key], shown, api_visibility=PRIVATE)
    delete.click(run_delete, [doomed, confirm, key], [*shown, confirm], api_visibility=PRIVATE)
    newsletter.change(list_issues, newsletter, table, api_visibility=PRIVATE)


def _remove(paths: list[str]) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)
