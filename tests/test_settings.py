"""One settings object: arguments > NEWSDESK_* environment > newsdesk.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.settings import Settings


def test_sources_and_their_precedence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("newsdesk.toml").write_text('chunk_tokens = 300\nfusion = "rrf"\nhome = "from-toml"\n')
    monkeypatch.setenv("NEWSDESK_HOME", "from-env")
    settings = Settings()
    assert (settings.chunk_tokens, settings.fusion, settings.home) == (300, "rrf", Path("from-env"))
    assert Settings(home="from-arg").home == Path("from-arg")


def test_bad_values_and_unknown_keys_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValidationError, match="fusion"):
        Settings(fusion="max")
    with pytest.raises(ValidationError, match="NEWSDESK_GLOSS_WEIGHT is over 1"):
        Settings(crosslingual_weight=0.8, gloss_weight=0.3)  # the lexical score would weigh less than nothing
    Path("newsdesk.toml").write_text("chunk_tokenz = 300\n")
    with pytest.raises(ValidationError, match="chunk_tokenz"):
        Settings()


def test_every_setting_is_described_and_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, name
        assert f"`NEWSDESK_{name.upper()}`" in readme, name
