"""Segmentation of real TLDR web-page Markdown and of our TLDR-style samples."""

from __future__ import annotations

from datetime import date

from conftest import SAMPLES, TLDR, needs_corpus

from index.ingest.readers import read_file, resolve_metadata

TLDR_ISSUE = TLDR / "ai" / "2025-06-12.md"


def _issue(path):
    drafts, problems = resolve_metadata(read_file(path).issues)
    assert not problems
    return drafts[0]


@needs_corpus(TLDR_ISSUE)
def test_tldr_stories_urls_sections_and_sponsors():
    issue = _issue(TLDR_ISSUE)
    assert (issue.newsletter, issue.date) == ("TLDR AI", date(2025, 6, 12))
    by_headline = {s.headline: s for s in issue.stories}
    mistral = by_headline["Mistral Announces AI Compute Platform with Tens of Thousands of GPUs"]
    assert mistral.url == "https://mistral.ai/news/mistral-compute?utm_source=tldrai"
    assert mistral.section == "Headlines & Launches"
    assert mistral.kind == "news"
    assert mistral.text.startswith("As an alternative to US and Chinese Cloud Providers")
    squad = by_headline["Claude Squad"]  # "(GitHub Repo)" tag stripped
    assert squad.section == "Engineering & Research"
    assert squad.text.endswith("A video demo is available in the repository.")
    sponsors = [s.headline for s in issue.stories if s.kind == "sponsor"]
    assert "The Developer's Guide to Agentic AI, MCP and A2A" in sponsors
    assert len(issue.stories) == 15


@needs_corpus(TLDR_ISSUE)
def test_tldr_navigation_and_footer_are_dropped():
    issue = _issue(TLDR_ISSUE)
    text = "\n".join(s.headline + "\n" + s.text for s in issue.stories)
    for boilerplate in ("Newsletters", "Advertise", "Join 500,000 readers", "Timestamp", "Privacy"):
        assert boilerplate not in text
    assert issue.stories[-1].headline == "Training Cluster as a Service with NVIDIA"


@needs_corpus(TLDR / "ai" / "2025-09-12.md")
def test_tldr_tagline_title_takes_the_name_of_sibling_issues():
    drafts, problems = resolve_metadata(read_file(TLDR / "ai" / "2025-09-12.md").issues + read_file(TLDR_ISSUE).issues)
    assert not problems
    assert {d.newsletter for d in drafts} == {"TLDR AI"}


def test_sample_markdown_issue():
    issue = _issue(SAMPLES / "byte-brief" / "2025-06-02.md")
    assert (issue.newsletter, issue.date) == ("Byte Brief", date(2025, 6, 2))
    assert issue.stories[0].kind == "sponsor"
    news = [s for s in issue.stories if s.kind == "news"]
    assert all(s.url and s.url.startswith("https://") for s in news)
    assert all(s.section for s in news)
    assert not any("(Sponsor)" in s.headline or "minute read" in s.headline for s in issue.stories)
