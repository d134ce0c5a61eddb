"""The web app: the Gradio screens mounted at ``/`` on the FastAPI app that serves ``/api``.

``create_app(desk)`` builds the Blocks without starting anything (tests use it);
``create_server(desk)`` gives the ASGI app (``ui.serving`` runs it).
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from typing import Any

import gradio as gr
from fastapi import FastAPI

from assistant import NewsAssistant
from ui.api.auth import Access, AccessGuard
from ui.api.routes import create_api
from ui.web import PRIVATE
from ui.web.archive import build_archive
from ui.web.chat import build_chat
from ui.web.labels import make_i18n
from ui.web.page import Page
from ui.web.search import build_search
from ui.web.wording import language_of

CSS = """
.gradio-container { max-width: 1200px !important; margin: 0 auto; }
#nd-header h1 { font-size: 1.6rem; margin: 0; letter-spacing: -0.01em; }
#nd-header p { color: var(--body-text-color-subdued); margin: 2px 0 0 0; }
.nd-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 10px 14px; margin: 0 0 10px 0;
           background: var(--background-fill-primary); }
.nd-card h4 { margin: 0 0 4px 0; font-size: 1rem; }
.nd-card p { margin: 4px 0; line-height: 1.45; }
.nd-meta { color: var(--body-text-color-subdued); font-size: .85rem; }
.nd-story h3 { margin: 0 0 4px 0; }
.nd-body { line-height: 1.55; margin-top: 8px; }
.nd-caption { color: var(--body-text-color-subdued); font-size: .9rem; }
.nd-sponsored { font-size: .75rem; font-weight: 600; text-transform: uppercase; padding: 1px 6px; border-radius: 4px;
                border: 1px solid var(--border-color-primary); color: var(--body-text-color-subdued); }
mark { background: #fde68a; padding: 0 2px; border-radius: 3px; }
.nd-opens { cursor: pointer; }
.nd-card.nd-opens:hover, .nd-card.nd-opens:focus { border-color: var(--color-accent); outline: none; }
li.nd-opens:hover { text-decoration: underline; }
.nd-hidden { display: none !important; }
.nd-related-title { margin: 16px 0 8px 0; color: var(--body-text-color-subdued); font-size: .95rem; }
.nd-timeline { width: 100%; height: auto; }
.nd-timeline .nd-bar { fill: var(--color-accent); }
.nd-timeline .nd-count { font-size: 11px; text-anchor: middle; fill: var(--body-text-color); }
.nd-timeline .nd-period { font-size: 10px; text-anchor: middle; fill: var(--body-text-color-subdued); }
.nd-timeline .nd-axis { stroke: var(--border-color-primary); }
.nd-chip { cursor: pointer; font-weight: 600; color: var(--color-accent); }
#nd-story:not(:empty) { margin-bottom: 12px; }
mark.quote { background: #bbf7d0; }
#nd-restriction p { color: #1d4ed8; font-size: .9rem; margin: 4px 0; }
"""
# One listener for the whole page: a click (or Enter) on anything marked ``data-nd-story``
# (result cards, "same subject" lists) opens that story in the search screen's story view;
# a citation chip (class ``nd-cite-N``) picks its source in the chat's source list. Newsletter
# text never reaches these attributes unescaped (ui/web/render.py).
SCRIPT = """
<script>
(() => {
  const open = (id) => {
    const box = document.querySelector('#nd-open-id textarea, #nd-open-id input');
    if (!box) return;
    box.value = id + ' ' + Date.now();  // a new value each time: the same story can be opened again
    box.dispatchEvent(new Event('input', { bubbles: true }));
    document.getElementById('nd-story')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  const cite = (n) => {
    for (const label of document.querySelectorAll('#nd-sources label')) {
      if (label.textContent.trim().startsWith('[' + n + ']')) { label.click(); return; }
    }
  };
  const act = (event) => {
    if (event.target.closest('a')) return;
    const story = event.target.closest('[data-nd-story]');
    if (story) { open(story.dataset.ndStory); return; }
    const chip = event.target.closest('.nd-chip');
    const mark = chip && [...chip.classList].find((c) => c.startsWith('nd-cite-'));
    if (mark) cite(mark.slice('nd-cite-'.length));
  };
  document.addEventListener('click', act, true);  // capture: a chat message may stop the click's bubbling
  document.addEventListener('keydown', (event) => { if (event.key === 'Enter') act(event); });
})();
</script>
"""
THEME = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate")
CACHE_SWEEP_SECONDS = 3600
UPLOAD_PATHS = ("/api/issues", "/gradio_api/upload")


def create_app(desk: NewsAssistant) -> gr.Blocks:
    t = make_i18n(desk.settings.ui_language)
    # Uploads and exports are temporary: Gradio removes its copies an hour after they were made.
    with gr.Blocks(title="newsdesk", delete_cache=(CACHE_SWEEP_SECONDS, CACHE_SWEEP_SECONDS)) as app:
        page = Page(gr.HTML(elem_id="nd-header-box"))
        with gr.Tabs():
            with gr.Tab(t("tab_chat"), id="chat", elem_id="nd-tab-chat"):
                page.suggestions = build_chat(desk, t)
            with gr.Tab(t("tab_search"), id="search", elem_id="nd-tab-search"):
                filters = build_search(desk, t)
                page.newsletters.append(filters.newsletter)
                page.sections.append(filters.section)
            with gr.Tab(t("tab_archive"), id="archive", elem_id="nd-tab-archive"):
                build_archive(desk, t, page)

        def on_load(request: gr.Request) -> list[Any]:
            return page.refreshed(desk, language_of(desk.settings.ui_language, request))

        app.load(on_load, None, page.components(), api_visibility=PRIVATE)
    blocks: gr.Blocks = app
    return blocks


def create_server(desk: NewsAssistant) -> FastAPI:
    """FastAPI with ``/api`` and ``/docs``, the Gradio app at ``/``, behind ``AccessGuard``.

    With protected reads the web app asks for the API key at a login page (any user name)."""
    settings = desk.settings
    access = Access(settings)
    api = create_api(desk)
    blocks = create_app(desk)
    login = (lambda _user, key: access.key_matches(key)) if settings.protect_reads else None
    server: FastAPI = gr.mount_gradio_app(
        api,
        blocks,
        path="/",
        theme=THEME,
        css=CSS,
        head=SCRIPT,
        i18n=make_i18n(settings.ui_language),
        # No footer: the page's events are private, so Gradio's "Use via API" would open an empty
        # panel; developers use the REST API (/docs), which the README documents.
        footer_links=[],
        show_error=True,
        auth=login,
        auth_message="newsdesk: the API key is the password.",
        max_file_size=f"{settings.upload_max_mb}mb",
    )
    # Gradio checks the files a request names (only uploads may be read) once it thinks it was
    # launched; mounted on FastAPI it never is, and would copy any server file it is given.
    blocks.has_launched = True
    server.add_middleware(AccessGuard, access=access, upload_paths=UPLOAD_PATHS)
    return server
