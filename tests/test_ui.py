"""The search page: built without a server; newsletter text is escaped."""

from __future__ import annotations

from datetime import date

import gradio as gr
import pytest

from index.search import Hit
from ui.app import create_app, render_hits

pytestmark = pytest.mark.integration


def test_create_app_builds_blocks(sample_desk):
    assert isinstance(create_app(sample_desk), gr.Blocks)


def test_hits_are_rendered_escaped():
    hit = Hit(
        "n-2025-01-01/01",
        "n-2025-01-01",
        "N",
        date(2025, 1, 1),
        "<script>alert(1)</script>",
        None,
        "javascript:alert(1)",
        0.5,
        "<img src=x onerror=alert(1)> body",
    )
    page = render_hits([hit])
    assert "<script>" not in page and "<img" not in page and "javascript:" not in page
    assert "&lt;script&gt;" in page
