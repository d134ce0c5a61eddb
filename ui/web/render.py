"""Service objects → HTML and Markdown for the page. Newsletter text is untrusted: every
piece of it is escaped here, so no tag, event handler or ``javascript:`` link it holds can
reach the browser; the only markup on the page is ours."""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Iterable, Sequence

from assistant import Answer, Hit, Source
from assistant.answering.dates import format_day
from assistant.answering.relative_dates import with_days
from assistant.highlighting import matching_words
from assistant.views import StoryDetails
from ui.web.wording import Language, say

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
        shown = closest_stories(answer)
        closest = "".join(f"\n- {_story_line(s, answer.language)}" for s in shown)
        if any((s.duplicate_of or s.story_id) in answer.about for s in shown):
            lead = "Sur ce sujet :" if answer.language == "fr" else "On this subject:"
        else:
            lead = "Articles les plus proches :" if answer.language == "fr" else "Closest stories:"
        return escape_markdown(answer.text) + (f"\n\n{lead}{closest}" if closest else "")
    unsourced = "non sourcé" if answer.language == "fr" else "unsourced"
    parts = []
    for sentence in answer.sentences:
        text = escape_markdown(with_days(sentence, answer.language))
        lead = f"*{escape_markdown(sentence.lead)}* " if sentence.lead else ""
        if sentence.supported:
            parts.append(lead + text + " " + " ".join(_chip(n) for n in sentence.citations))
        else:
            parts.append(f"~~{text}~~ *({unsourced})*")
    return " ".join(parts)


def _chip(n: int) -> str:
    """A citation chip: a click picks source ``n`` in the source list (``ui/web/app.py``'s script).
    The number is in a class: the chat's HTML sanitizer keeps classes, not data attributes."""
    return f'<span class="nd-chip nd-cite-{n}" role="button" tabindex="0">[{n}]</span>'


def closest_stories(answer: Answer) -> list[Source]:
    """The stories an abstention lists: those on the subject, newest first as its text dates
    them, else the closest three."""
    about = [s for s in answer.sources if (s.duplicate_of or s.story_id) in answer.about]
    return sorted(about, key=lambda s: s.date, reverse=True) or answer.sources[:3]


def _story_line(source: Source, language: str) -> str:
    """A story in a list: its headline (linked when it has a web link), newsletter and date."""
    headline = escape_markdown(source.headline)
    url = safe_url(source.url)
    if url:
        headline = f"[{headline}](<{url}>)"
    return f"{headline} — {escape_markdown(source.newsletter)}, {format_day(source.date, language)}"


def citation_choices(answer: Answer) -> list[tuple[str, str]]:
    """(label, "n|story id") for the source list beside the chat: the cited stories, or the
    closest ones an abstention lists (numbered 0: they support nothing); dated as the answer
    dates them (« 3 juin 2025 », "3 June 2025")."""
    if answer.abstained:
        return [
            (f"{s.headline} — {s.newsletter}, {format_day(s.date, answer.language)}", f"0|{s.story_id}")
            for s in closest_stories(answer)
        ]
    return [
        (f"[{c.n}] {c.headline} — {c.newsletter}, {format_day(c.date, answer.language)}", f"{c.n}|{c.story_id}")
        for c in answer.citations
    ]


def story_panel(
    details: StoryDetails, quotes: Sequence[str] = (), query: str = "", language: Language = "en", opens: bool = False
) -> str:
    """A story in full; the sentences the answer quotes from it (or the query words)
    highlighted. With ``opens``, the stories it lists open when clicked, and each shows its id:
    the search screen's story view, for editors who quote ids to the API and the CLI. A reader
    of the chat sees dates and headlines only."""

    def item(story_id: str) -> str:
        return f"<li {_opens(story_id)}>" if opens else "<li>"

    def shown_id(story_id: str) -> str:
        return f"<code>{html.escape(story_id)}</code>" if opens else ""

    story, issue = details.story, details.issue
    body = html.escape(story.body)
    quoted = [html.escape(q) for q in dict.fromkeys(quotes) if q and html.escape(q) in body]
    for quote in quoted:
        body = body.replace(quote, f'<mark class="quote">{quote}</mark>', 1)
    if not quoted and query:
        body = highlight(story.body, query)
    link = safe_url(story.url)
    meta = " · ".join(
        html.escape(x)
        for x in (issue.newsletter, format_day(issue.date, language), story.section or "", story.byline or "")
        if x
    )
    source = _anchor(link, say(language, "original")) if link else ""
    # a reprint as a reader knows it: its newsletter and day (and its id, for an editor)
    reprinted = [
        f"{html.escape(i.newsletter)}, {format_day(i.date, language)}" + (f" {shown_id(r)}" if opens else "")
        for r, i in zip(details.reprints, details.reprinted_in, strict=True)
    ]
    reprints = f"<p class='nd-meta'>{say(language, 'reprinted')} {' · '.join(reprinted)}</p>" if reprinted else ""
    related = "".join(
        f"{item(h.story_id)}{html.escape(h.headline)} <span class='nd-meta'>"
        f"{' · '.join(x for x in (html.escape(h.newsletter), format_day(h.date, language), shown_id(h.story_id)) if x)}"
        "</span></li>"
        for h in details.related
    )
    siblings = "".join(
        f"{item(s.story_id)}{html.escape(s.headline)} <span class='nd-meta'>{shown_id(s.story_id)}</span></li>"
        for s in details.issue_stories
        if s.kind != "sponsor" and s.duplicate_of is None
    )
    lists = (f"<h4>{say(language, 'same_subject')}</h4><ul>{related}</ul>" if related else "") + (
        f"<h4>{say(language, 'in_this_issue')}</h4><ul>{siblings}</ul>" if siblings else ""
    )
    # the photo is not kept: its caption, said to be one, follows the text it was printed with
    captions = "".join(
        f"<p class='nd-caption'>{say(language, 'caption')} <em>{html.escape(c)}</em></p>" for c in story.captions
    )
    return (
        f'<div class="nd-story"><h3>{_sponsored(story.kind, language)}{html.escape(story.headline)}</h3>'
        f'<p class="nd-meta">{" · ".join(x for x in (meta, shown_id(story.story_id)) if x)} {source}</p>'
        f"{reprints}<div class='nd-body'>{body.replace(chr(10), '<br>')}</div>{captions}{lists}</div>"
    )


def _sponsored(kind: str, language: Language) -> str:
    """A tag before a sponsor item's headline: a reader must not take it for a story."""
    return f"<span class='nd-sponsored'>{say(language, 'sponsored')}</span> " if kind == "sponsor" else ""


def _opens(story_id: str) -> str:
    """The attributes that make an element open ``story_id`` when clicked (``ui/web/app.py``'s script)."""
    return f'class="nd-opens" role="button" tabindex="0" data-nd-story="{html.escape(story_id, quote=True)}"'


def hit_cards(hits: Iterable[Hit], query: str, language: Language = "en") -> str:
    """Result cards; a click on one (not on its link) opens the story."""
    cards = []
    for hit in hits:
        link = safe_url(hit.url)
        passage = hit.text.split("\n", 1)[-1]
        short = passage if len(passage) <= 500 else passage[:500] + "…"
        cards.append(
            f'<div class="nd-card" {_opens(hit.story_id)}><h4>{_sponsored(hit.kind, language)}'
            f"{highlight(hit.headline, query)}</h4>"
            f'<p class="nd-meta">{html.escape(hit.newsletter)} · {format_day(hit.date, language)}'
            f"{' · ' + html.escape(hit.section) if hit.section else ''} · <code>{html.escape(hit.story_id)}</code> "
            + (_anchor(link, say(language, "link")) if link else "")
            + f"</p><p>{highlight(short, query)}</p></div>"
        )
    return "\n".join(cards)


_FR_MONTHS_SHORT = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def period_label(period: str, language: Language = "en") -> str:
    """A timeline period as the reader says it: ``2025-06`` is "Jun 2025" / « juin 2025 »,
    ``2025-W23`` "wk 23 2025" / « sem. 23 2025 ». Anything else is shown as it is."""
    month = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if month and 1 <= int(month[2]) <= 12:
        name = _FR_MONTHS_SHORT[int(month[2]) - 1] if language == "fr" else calendar.month_abbr[int(month[2])]
        return f"{name} {month[1]}"
    week = re.fullmatch(r"(\d{4})-W(\d{2})", period)
    if week:
        return f"{'sem.' if language == 'fr' else 'wk'} {int(week[2])} {week[1]}"
    return period


def timeline_html(counts: list[tuple[str, int]], language: Language = "en") -> str:
    """Bars of stories per period, drawn from zero, each with its count: an SVG, so equal
    periods show equal bars and a period with one story is not a missing bar."""
    if not counts:
        return ""
    top = max(n for _, n in counts) or 1
    width, height, base = 560, 190, 150
    step = width / len(counts)
    bar = max(2.0, step * 0.7)
    every = max(1, round(len(counts) / 12))  # at most about 12 period labels
    parts = []
    for i, (period, n) in enumerate(counts):
        x = i * step + (step - bar) / 2
        h = (base - 20) * n / top
        label = html.escape(period_label(period, language))
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" rx="2" class="nd-bar">'
            f"<title>{label}: {n}</title></rect>"
        )
        if n:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{base - h - 4:.1f}" class="nd-count">{n}</text>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{base + 16:.1f}" class="nd-period">{label}</text>')
    axis = f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" class="nd-axis"/>'
    title = html.escape(say(language, "stories_axis"))
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{title}" class="nd-timeline">'
        f"{axis}{''.join(parts)}</svg>"
    )
