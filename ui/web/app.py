"""The web app: the Gradio screens mounted at ``/`` on the FastAPI app that serves ``/api``.

``create_app(desk)`` builds the Blocks without starting anything (tests use it);
``create_server(desk)`` gives the ASGI app (``ui.serving`` runs it).
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import html

import gradio as gr
from fastapi import FastAPI

from assistant import NewsAssistant
from ui.api.auth import Access, AccessGuard
from ui.api.routes import create_api
from ui.web.archive import build_archive
from ui.web.chat import build_chat
from ui.web.labels import make_i18n
from ui.web.search import build_search

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
mark { background: #fde68a; padding: 0 2px; border-radius: 3px; }
mark.quote { background: #bbf7d0; }
#nd-restriction p { color: #1d4ed8; font-size: .9rem; margin: 4px 0; }
"""
THEME = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate")
CACHE_SWEEP_SECONDS = 3600
UPLOAD_PATHS = ("/api/issues", "/gradio_api/upload")


def create_app(desk: NewsAssistant) -> gr.Blocks:
    t = make_i18n(desk.settings.ui_language)
    stats = desk.stats()
    span = f" · {stats['first_date']} → {stats['last_date']}" if stats["first_date"] else ""
    names = " · ".join(html.escape(name) for name in stats["newsletters"]) or "—"  # names come from the issues
    # Uploads and exports are temporary: Gradio removes its copies an hour after they were made.
    with gr.Blocks(title="newsdesk", delete_cache=(CACHE_SWEEP_SECONDS, CACHE_SWEEP_SECONDS)) as app:
        gr.HTML(
            f"<div id='nd-header'><h1>newsdesk</h1><p>{stats['issues']} issues · {stats['stories']} stories · "
            f"{names}{span}</p></div>"
        )
        with gr.Tabs():
            with gr.Tab(t("tab_chat"), id="chat", elem_id="nd-tab-chat"):
                build_chat(desk, t)
            with gr.Tab(t("tab_search"), id="search", elem_id="nd-tab-search"):
                build_search(desk, t)
            with gr.Tab(t("tab_archive"), id="archive", elem_id="nd-tab-archive"):
                build_archive(desk, t)
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
        i18n=make_i18n(settings.ui_language),
        footer_links=["api"],
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
