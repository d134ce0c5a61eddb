"""The parts of the page that show what the archive holds: the header, the newsletter and
section filters, the Archive screen's statistics, issue table and delete list, and the chat's
suggested questions in the reader's language.

They are filled when a page loads and again after every ingest, sync or delete, so they
never show the archive as it was when the server started.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import gradio as gr
import pandas as pd

from assistant import NewsAssistant
from assistant.answering.dates import format_range
from ui.web.render import escape_markdown
from ui.web.wording import Language, count, decimal, say


@dataclass
class Page:
    header: gr.HTML
    newsletters: list[gr.Dropdown] = field(default_factory=list)
    sections: list[gr.Dropdown] = field(default_factory=list)
    stats: gr.Markdown | None = None
    table: gr.Dataframe | None = None
    doomed: gr.Dropdown | None = None
    suggestions: dict[str, gr.Column] = field(default_factory=dict)  # the chat's, by language

    def components(self) -> list[Any]:
        rest = [c for c in (self.stats, self.table, self.doomed) if c is not None]
        return [self.header, *self.newsletters, *self.sections, *rest, *self.suggestions.values()]

    def refreshed(self, desk: NewsAssistant, language: Language) -> list[Any]:
        """The new value of every component, in the order of ``components``."""
        stats = desk.stats()
        names = [(say(language, "all_newsletters"), ""), *((n, n) for n in stats["newsletters"])]
        sections = [(say(language, "all_sections"), ""), *((s, s) for s in desk.sections())]
        values: list[Any] = [header_html(stats, language)]
        values += [gr.update(choices=names) for _ in self.newsletters]
        values += [gr.update(choices=sections) for _ in self.sections]
        if self.stats is not None:
            values.append(stats_markdown(stats, language))
        if self.table is not None:
            values.append(issues_frame(desk, language))
        if self.doomed is not None:
            values.append(gr.update(choices=[i.issue_id for i in desk.issues()], value=None))
        values += [gr.update(visible=shown == language) for shown in self.suggestions]
        return values


def header_html(stats: dict[str, Any], language: Language) -> str:
    """The page's header; newsletter names come from the issues: escaped."""
    span = f" · {period(stats, language)}" if stats["first_date"] else ""
    names = " · ".join(html.escape(name) for name in stats["newsletters"]) or "—"
    counts = f"{count(language, stats['issues'], 'issue')} · {count(language, stats['stories'], 'story')}"
    return f"<div id='nd-header'><h1>newsdesk</h1><p>{counts} · {names}{span}</p></div>"


def period(stats: dict[str, Any], language: Language) -> str:
    """The archive's first to last issue day, written in the page's language: « 2–10 juin 2025 »."""
    return format_range(date.fromisoformat(stats["first_date"]), date.fromisoformat(stats["last_date"]), language)


def stats_markdown(s: dict[str, Any], language: Language) -> str:
    return (
        f"**{count(language, s['issues'], 'issue')}** · **{count(language, s['stories'], 'story')}** "
        f"({count(language, s['duplicates'], 'reprint')}) · {count(language, s['chunks'], 'chunk')} · "
        f"{', '.join(map(escape_markdown, s['newsletters'])) or '—'} · "
        f"{period(s, language) if s['first_date'] else '—'} · "
        f"{say(language, 'index_size', mb=decimal(language, s['index_bytes'] / 2**20))} · "
        f"{say(language, 'model', name='`' + str(s['embedding_model']).replace('`', '') + '`')}"
    )


def issues_frame(desk: NewsAssistant, language: Language, newsletter: str = "") -> pd.DataFrame:
    """The issues as an editor scans them: newsletter, day (as the page's date fields write it)
    and subject first, in view; the id, for the API, last."""
    written = "%d/%m/%Y" if language == "fr" else "%Y-%m-%d"
    rows = [
        (i.newsletter, i.date.strftime(written), i.subject[:90], i.stories, i.number or "", i.issue_id)
        for i in desk.issues(newsletter or None)
    ]
    keys = ("col_newsletter", "col_date", "col_subject", "col_stories", "col_number", "col_issue")
    return pd.DataFrame(rows, columns=[say(language, k) for k in keys])
