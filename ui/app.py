"""The Gradio app. For now: the archive search page (the full app is issue 3/4).

``create_app(desk)`` builds the Blocks without starting a server, so tests can use it.
All text from newsletters is escaped before it reaches the page.
"""

from __future__ import annotations

import html
import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from assistant import Hit, NewsAssistant
from assistant.errors import NewsdeskError

CSS = """
.hit { border: 1px solid #e5e7eb; border-radius: 10px; padding: 12px 16px; margin: 8px 0; }
.hit h3 { margin: 0 0 4px 0; font-size: 1.05rem; }
.hit .meta { color: #6b7280; font-size: .85rem; margin-bottom: 6px; }
"""


def render_hits(hits: list[Hit]) -> str:
    if not hits:
        return "<p>No matching stories. / Aucun article ne correspond.</p>"
    cards = []
    for hit in hits:
        passage = hit.text.split("\n", 1)[-1]
        link = (
            f' · <a href="{html.escape(hit.url, quote=True)}" target="_blank" rel="noopener noreferrer">source</a>'
            if hit.url and hit.url.startswith(("http://", "https://"))
            else ""
        )
        cards.append(
            f'<div class="hit"><h3>{html.escape(hit.headline)}</h3>'
            f'<div class="meta">{html.escape(hit.newsletter)} · {hit.date.isoformat()}'
            f"{' · ' + html.escape(hit.section) if hit.section else ''} · "
            f"<code>{html.escape(hit.story_id)}</code>{link}</div>"
            f"<div>{html.escape(passage[:600])}{'…' if len(passage) > 600 else ''}</div></div>"
        )
    return "\n".join(cards)


def create_app(desk: NewsAssistant) -> gr.Blocks:
    stats = desk.stats()
    newsletters = stats["newsletters"]

    def run_search(query: str, since: str, until: str, newsletter: str | None) -> str:
        if not query.strip():
            return "<p>Type a query. / Saisissez une recherche.</p>"
        try:
            hits = desk.search(query, k=10, since=since or None, until=until or None,
                               newsletter=newsletter or None)  # fmt: skip
        except (NewsdeskError, ValueError) as error:
            return f"<p><b>Error:</b> {html.escape(str(error))}</p>"
        return render_hits(hits)

    with gr.Blocks(title="newsdesk") as app:
        gr.Markdown(
            f"# newsdesk\n{stats['issues']} issues · {stats['stories']} stories · "
            f"{', '.join(newsletters) or 'empty archive'}"
            + (f" · {stats['first_date']} → {stats['last_date']}" if stats["first_date"] else "")
        )
        with gr.Row():
            query = gr.Textbox(label="Search the archive / Rechercher", placeholder="Mistral Compute", scale=4)
            button = gr.Button("Search", variant="primary", scale=1)
        with gr.Row():
            since = gr.Textbox(label="Since (YYYY-MM-DD)")
            until = gr.Textbox(label="Until (YYYY-MM-DD)")
            newsletter = gr.Dropdown(choices=["", *newsletters], value="", label="Newsletter")
        results = gr.HTML()
        inputs: list[Any] = [query, since, until, newsletter]
        button.click(run_search, inputs, results)
        query.submit(run_search, inputs, results)
    return app


def launch(desk: NewsAssistant, host: str, port: int) -> None:
    create_app(desk).launch(server_name=host, server_port=port, css=CSS, show_error=True)
