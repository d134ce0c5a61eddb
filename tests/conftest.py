"""Shared fixtures: the real default model, real Chroma, real SQLite, real files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "archive"
QA = ROOT / "samples" / "qa"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
QANT_ISSUE = CORPUS / "qant" / "2025-06-12.txt"
TLDR = CORPUS / "tldr"


def needs_corpus(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not path.exists(), reason=f"{path} is absent: the shared corpus sits beside the repo in CI only"
    )


@pytest.fixture(scope="session")
def sample_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """One archive of the shipped samples (plus the Qant issue when present), built once."""
    from assistant import NewsAssistant

    desk = NewsAssistant(home=tmp_path_factory.mktemp("home"))
    paths = [SAMPLES] + ([QANT_ISSUE.parent] if QANT_ISSUE.exists() else [])
    report = desk.ingest(paths)
    assert not report.errors, report.errors
    yield desk
    desk.close()
