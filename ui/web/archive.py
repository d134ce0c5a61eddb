"""The archive screen: upload and ingest issues, list and delete them, statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant import IngestReport, NewsAssistant, SyncReport
from assistant.errors import Forbidden, NewsdeskError, Unauthorized
from ui.api.auth import Access
from ui.web import PRIVATE
from ui.web.render import escape_markdown


def may_write(desk: NewsAssistant, request: gr.Request | None, key: str) -> bool:
    """The API's rule (``ui.api.auth``): the key when one is set, else this machine only."""
    peer = request.client.host if request is not None and request.client else None
    headers = {k.lower(): v for k, v in dict(request.headers).items()} if request is not None else {}
    try:
        Access(desk.settings).check_write(peer, headers, key)
    except (Unauthorized, Forbidden):
        return False
    return True


def report_markdown(report: IngestReport) -> str:
    lines = [
        f"**{report.issues_added}** issues added, **{report.issues_updated}** updated, "
        f"{report.issues_unchanged} unchanged · **{report.stories_added}** stories, {report.chunks_added} chunks, "
        f"{report.duplicates} duplicates linked, {report.sponsors} sponsor items · {report.seconds:.1f} s"
    ]
    lines += [f"- skipped `{escape_markdown(Path(p).name)}`: not a format newsdesk reads" for p in report.unknown_files]
    lines += [f"- ⚠ {escape_markdown(e.reason)}" for e in report.errors]
    return "\n".join(lines)


def sync_markdown(report: SyncReport) -> str:
    left_out = f", {report.skipped} left out by the filters" if report.skipped else ""
    counts = f"**{report.fetched}** fetched, {report.unchanged} unchanged{left_out}"
    return f"`{escape_markdown(report.source)}`: {counts}\n\n{report_markdown(report.ingest)}"


def stats_markdown(desk: NewsAssistant) -> str:
    s = desk.stats()
    return (
        f"**{s['issues']}** issues · **{s['stories']}** stories ({s['duplicates']} reprints linked) · "
        f"**{s['chunks']}** chunks · {', '.join(map(escape_markdown, s['newsletters'])) or '—'} · "
        f"{s['first_date'] or '—'} → {s['last_date'] or '—'} · index {s['index_bytes'] / 2**20:.1f} MB · "
        f"model `{s['embedding_model']}`"
    )


def issues_frame(desk: NewsAssistant, newsletter: str = "") -> pd.DataFrame:
    rows = [
        (i.issue_id, i.newsletter, i.date.isoformat(), i.stories, i.subject[:90])
        for i in desk.issues(newsletter or None)
    ]
    return pd.DataFrame(rows, columns=["issue", "newsletter", "date", "stories", "subject"])


def build_archive(desk: NewsAssistant, t: gr.I18n) -> None:
    stats = gr.Markdown(stats_markdown(desk), elem_id="nd-stats")
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
            newsletter = gr.Dropdown(choices=["", *desk.stats()["newsletters"]], value="", label=t("newsletter"))
            table = gr.Dataframe(issues_frame(desk), label=t("issues"), interactive=False, elem_id="nd-issues")
            doomed = gr.Dropdown(choices=[i.issue_id for i in desk.issues()], value=None, label=t("delete_issue"))
            confirm = gr.Checkbox(label=t("confirm_delete"), value=False)
            delete = gr.Button(t("delete"), variant="stop")

    def run_ingest(
        paths: list[str] | None,
        name: str,
        when: str,
        given: str,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        if not paths:
            return "—", gr.update(), gr.update(), gr.update()
        if not may_write(desk, request, given):
            return "⚠ Writes need the API key (or a loopback client).", gr.update(), gr.update(), gr.update()
        uploads = [(Path(p).name, open(p, "rb")) for p in paths]  # noqa: SIM115 - closed below
        try:
            done = desk.ingest_uploads(
                uploads,
                lambda n, total: progress((n, total), desc="stories"),
                name.strip() or None,
                when.strip() or None,
            )
        except NewsdeskError as error:
            return f"⚠ {escape_markdown(str(error))}", gr.update(), gr.update(), gr.update()
        finally:
            for _, handle in uploads:
                handle.close()
            for path in paths:  # Gradio's copies: the stored ones are under home/uploads
                Path(path).unlink(missing_ok=True)
        return (
            report_markdown(done),
            issues_frame(desk),
            stats_markdown(desk),
            gr.update(choices=[i.issue_id for i in desk.issues()]),
        )

    def run_sync(
        given_source: str,
        given: str,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        if not given_source.strip():
            return "—", gr.update(), gr.update(), gr.update()
        if not may_write(desk, request, given):
            return "⚠ Writes need the API key (or a loopback client).", gr.update(), gr.update(), gr.update()
        try:
            done = desk.sync(given_source, progress=lambda n, total: progress((n, total), desc="stories"))
        except NewsdeskError as error:
            return f"⚠ {escape_markdown(str(error))}", gr.update(), gr.update(), gr.update()
        return (
            sync_markdown(done),
            issues_frame(desk),
            stats_markdown(desk),
            gr.update(choices=[i.issue_id for i in desk.issues()]),
        )

    def run_delete(issue_id: str | None, sure: bool, given: str, request: gr.Request) -> tuple[Any, ...]:
        if not issue_id or not sure:
            return (
                "Select an issue and confirm. / Choisissez un numéro et confirmez.",
                gr.update(),
                gr.update(),
                gr.update(),
                False,
            )
        if not may_write(desk, request, given):
            return "⚠ Writes need the API key (or a loopback client).", gr.update(), gr.update(), gr.update(), False
        try:
            desk.delete_issue(issue_id)
        except NewsdeskError as error:
            return f"⚠ {escape_markdown(str(error))}", gr.update(), gr.update(), gr.update(), False
        return (
            f"Deleted `{escape_markdown(issue_id)}`.",
            issues_frame(desk),
            stats_markdown(desk),
            gr.update(choices=[i.issue_id for i in desk.issues()], value=None),
            False,
        )

    ingest.click(
        run_ingest, [files, given_newsletter, given_date, key], [report, table, stats, doomed], api_visibility=PRIVATE
    )
    sync.click(run_sync, [source, key], [report, table, stats, doomed], api_visibility=PRIVATE)
    delete.click(run_delete, [doomed, confirm, key], [report, table, stats, doomed, confirm], api_visibility=PRIVATE)
    newsletter.change(lambda n: issues_frame(desk, n), newsletter, table, api_visibility=PRIVATE)
