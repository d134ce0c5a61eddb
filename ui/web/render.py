"""Service objects → HTML and Markdown for the page. Newsletter text is untrusted: every
piece of it is escaped here, so no tag, event handler or ``javascript:`` link it holds can
reach the browser; the only markup on the page is ours."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from assistant import Answer, Hit, Source
from assistant.highlighting import matching_words
from assistant.service import StoryDetails

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown."""
    return url if url and re.match(r"^https?://[^\s\"'<>]+$", url) else None


def _anchor(url: str, text: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer nofollow">{text}</a>'


def escape_markdown(text: str) -> str:
    """Plain text for a Markdown component: no link, image, HTML or emphasis survives."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def highlight(text: str, query: str) -> str:
    """Escaped ``text`` with the words that match the query (same stem, any accent) in <mark>."""
    pieces = matching_words(text, query)
    return "".join(f"<mark>{html.escape(word)}</mark>" if hit else html.escape(word) for word, hit in pieces)


def answer_markdown(answer: Answer) -> str:
    """The chat message: sentences with citation chips; unsourced sentences visibly marked."""
    if answer.abstained:
        about = [s for s in answer.sources if (s.duplicate_of or s.story_id) in answer.about]
        shown = about or answer.sources[:3]
        closest = "".join(f"\n- {_story_line(s)}" for s in shown)
        if about:
            lead = "Sur ce sujet :" if answer.language == "fr" else "On this subject:"
        else:
            lead = "Articles les plus proches :" if answer.language == "fr" else "Closest stories:"
        return escape_markdown(answer.text) + (f"\n\n{lead}{closest}" if closest else "")
    unsourced = "non sourcé" if answer.language == "fr" else "unsourced"
    parts = []
    for sentence in answer.sentences:
        text = escape_markdown(sentence.text)
        lead = f"*{escape_markdown(sentence.lead)}* " if sentence.lead else ""
        if sentence.supported:
            parts.append(lead + text + " " + " ".join(f"**\\[{n}\\]**" for n in sentence.citations))
        else:
            parts.append(f"~~{text}~~ *({unsourced})*")
    return " ".join(parts)


def _story_line(source: Source) -> str:
    """A story in a list: its headline (linked when it has a web link), newsletter and date."""
    headline = escape_markdown(source.headline)
    url = safe_url(source.url)
    if url:
        headline = f"[{headline}](<{url}>)"
    return f"{headline} — {escape_markdown(source.newsletter)}, {source.date.isoformat()}"


def citation_choices(answer: Answer) -> list[tuple[str, str]]:
    """(label, story id) for the source buttons under the chat."""
    return [
        (f"[{c.n}] {c.headline} — {c.newsletter}, {c.date.isoformat()}", f"{c.n}|{c.story_id}")
        for c in answer.citations
    ]


def story_panel(details: StoryDetails, quote: str | None = None, query: str = "") -> str:
    """A story in full; the supporting sentence (or the query words) highlighted."""
    story, issue = details.story, details.issue
    body = html.escape(story.body)
    if quote and html.escape(quote) in body:
        body = body.replace(html.escape(quote), f'<mark class="quote">{html.escape(quote)}</mark>', 1)
    elif query:
        body = highlight(story.body, query)
    link = safe_url(story.url)
    meta = " · ".join(
        html.escape(x) for x in (issue.newsletter, issue.date.isoformat(), story.section or "", story.byline or "") if x
    )
    source = _anchor(link, "original") if link else ""
    reprints = (
        f"<p class='nd-meta'>Reprinted: {', '.join(html.escape(r) for r in details.reprints)}</p>"
        if details.reprints
        else ""
    )
    related = "".join(
        f"<li>{html.escape(h.headline)} <span class='nd-meta'>{html.escape(h.newsletter)} · {h.date.isoformat()} · "
        f"<code>{html.escape(h.story_id)}</code></span></li>"
        for h in details.related
    )
    siblings = "".join(
        f"<li>{html.escape(s.headline)} <span class='nd-meta'><code>{html.escape(s.story_id)}</code></span></li>"
        for s in details.issue_stories
        if s.kind != "sponsor" and s.duplicate_of is None
    )
    lists = (f"<h4>Same subject / Même sujet</h4><ul>{related}</ul>" if related else "") + (
        f"<h4>In this issue / Dans ce numéro</h4><ul>{siblings}</ul>" if siblings else ""
    )
    captions = "".join(f"<p class='nd-caption'><em>{html.escape(c)}</em></p>" for c in story.captions)
    return (
        f'<div class="nd-story"><h3>{html.escape(story.headline)}</h3>'
        f'<p class="nd-meta">{meta} · <code>{html.escape(story.story_id)}</code> {source}</p>'
        f"{reprints}{captions}<div class='nd-body'>{body.replace(chr(10), '<br>')}</div>{lists}</div>"
    )


def hit_cards(hits: Iterable[Hit], query: str) -> str:
    cards = []
    for hit in hits:
        link = safe_url(hit.url)
        passage = hit.text.split("\n", 1)[-1]
        short = passage if len(passage) <= 500 else passage[:500] + "…"
        cards.append(
            f'<div class="nd-card"><h4>{highlight(hit.headline, query)}</h4>'
            f'<p class="nd-meta">{html.escape(hit.newsletter)} · {hit.date.isoformat()}'
            f"{' · ' + html.escape(hit.section) if hit.section else ''} · <code>{html.escape(hit.story_id)}</code>"
            + (_anchor(link, "link") if link else "")
            + f"</p><p>{highlight(short, query)}</p></div>"
        )
    return "\n".join(cards) or '<p class="nd-empty">—</p>'
