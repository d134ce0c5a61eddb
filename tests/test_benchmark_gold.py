"""How the benchmarks find the gold stories of a QA item in an archive."""

from __future__ import annotations

import sys

from conftest import ROOT

if str(ROOT) not in sys.path:  # `pytest` run without `python -m`
    sys.path.insert(0, str(ROOT))

from benchmarks.common import canonical_url, gold_stories


def test_one_article_linked_by_two_newsletters_is_one_gold():
    stories = [
        ("tldr-ai-2025-06-02/03", "Meta's world model", None, "https://about.fb.com/news/v-jepa/?utm_source=tldrai"),
        ("tldr-2025-06-03/07", "Meta V-JEPA 2", None, "https://about.fb.com/news/v-jepa?utm_source=tldrnewsletter"),
        ("tldr-2025-06-04/01", "Meta ads", None, "https://about.fb.com/news/ads/?utm_source=tldrnewsletter"),
        ("tldr-2025-06-05/02", "re-run", "tldr-2025-06-03/07", "https://about.fb.com/news/v-jepa?utm_source=x"),
    ]
    gold = gold_stories([{"url": "https://about.fb.com/news/v-jepa/?utm_source=tldrai"}], stories)
    assert gold == {"tldr-ai-2025-06-02/03", "tldr-2025-06-03/07", "tldr-2025-06-05/02"}


def test_only_tracking_parameters_are_dropped():
    assert canonical_url("HTTPS://Example.com/a/?utm_medium=x&id=3#top") == "https://example.com/a?id=3"
    assert canonical_url("https://example.com/a?id=3") != canonical_url("https://example.com/a?id=4")
