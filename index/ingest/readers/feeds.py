"""RSS 0.9x/1.0/2.0 and Atom feeds → issue drafts.

A feed carries a newsletter in one of two shapes, told apart by its items:
- *issue items*: each item holds a whole issue as HTML (a newsletter platform's feed, or
  a site's newsletter posts); it is segmented like any HTML page. A site's feed mixes
  them with its other posts (news, job ads): when some items name themselves an issue,
  only those are kept and the others' titles go to ``ReadResult.skipped``;
- *story items*: each item is one story (title, link, short summary) and the items of
  one issue share their day (Perl Weekly's RSS 1.0). They become one issue per day; an
  item that is the issue itself (its web edition on the feed's own site) is not a story.

feedparser's untyped dictionaries become ``FeedItem``s at once; the rest reads plain data.
Every title and summary is untrusted HTML reduced to text: no markup reaches a story.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser

from index.errors import ReaderError
from index.ingest.drafts import IssueDraft, StoryDraft
from index.ingest.readers.base import MAX_FILE_BYTES, ReadResult
from index.ingest.readers.documents import read_html
from index.ingest.readers.html import html_to_markdown
from index.ingest.segmenters.lines import MAX_HEADING_CHARS, plain_inline

SNIFF_BYTES = 8192  # the root follows at most an XML declaration, a stylesheet, comments and a DOCTYPE
MIN_ISSUE_CHARS = 600  # text of a whole issue; excerpts are shorter (WordPress and jekyll-feed cut at ~55 words)
MIN_STORY_BLOCKS = 3  # headings and list items of an issue holding several stories
MIN_ITEMS_PER_DAY = 3  # story items of one issue share their day; a site seldom posts twice a day
_ROOTS = {"rss", "RDF", "feed"}  # RSS 0.9x/2.0, RSS 0.90/1.0, Atom
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)", re.S | re.I)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
# An item naming itself an issue, in its title or categories:
_ISSUE_NAME = re.compile(
    r"\bnews-?letters?\b"  # "Newsletter de juin 2026", category "newsletter"
    r"|\blettres? d.?info(?:rmation)?s?\b"  # the French "lettre d'information"
    r"|\bn[°º]\s*\d+|\bno\.\s*\d+|(?<![\w#])#\s?\d+"  # a numbered issue: "N°4", "No. 12", "#735" (not "C# 12")
    r"|\b(?:issue|num[ée]ro|édition)\s*#?\s*\d+",  # "Issue 42", "numéro 7"
    re.I,
)
# … or in its link's path: "/newsletter/2026/06/25/…", "/archive/735.html", "/issues/42".
_ISSUE_PATH = re.compile(r"/news-?letters?\b|/(?:archives?|issues?|numeros?)/\d+\b|\bissue-?\d+", re.I)
_TAG = re.compile(r"<[^<>]*>")
_MARKS = re.compile(r"^(?:#{1,6}\s+|[*+-]\s+|\d+\.\s+|>\s*)")  # a heading's, a list item's, a quote's
_PICTURE = re.compile(r"^!\[[^\[\]]*\]\(\)$")  # a picture's alt text or legend: not text to keep
_STORY_BLOCK = re.compile(r"<(?:h[1-6]|li)\b", re.I)


@dataclass(frozen=True)
class FeedItem:
    key: str  # the item's id, else its link, else its position
    title: str  # plain text
    link: str | None
    published: datetime | None
    html: str  # the longest of its content and summary, as HTML
    tags: tuple[str, ...]

    @property
    def day(self) -> date | None:
        return self.published.date() if self.published else None


@dataclass(frozen=True)
class Feed:
    title: str | None
    link: str | None
    updated: datetime | None
    items: list[FeedItem]


def is_feed(data: bytes) -> bool:
    """True when the document's root element is ``rss``, ``rdf:RDF`` or ``feed``: read from
    its first bytes only, so sniffing a large file costs nothing."""
    head = data[:SNIFF_BYTES]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    position = 0
    while m := _PROLOG.match(text, position):
        position = m.end()
    root = _ROOT.match(text, position)
    return root is not None and root[2] in _ROOTS


def read_feed(path: Path) -> ReadResult:
    """The newsletter issues a feed file holds; whole-file problems come back as errors."""
    try:
        feed = parse_feed(_feed_bytes(path), str(path))
    except ReaderError as error:
        return ReadResult(errors=[error])
    if is_per_story(feed):
        return issues_from_stories(feed, str(path))
    return issues_from_items(feed, str(path))


def _feed_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReaderError(path, f"{size / 2**20:.1f} MB is more than newsdesk reads in a feed", "split the feed")
    data = path.read_bytes()
    if not is_feed(data):
        raise ReaderError(path, "is not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> root)", "check the file")
    return data


def parse_feed(data: bytes, source: str) -> Feed:
    """feedparser's reading of ``data`` as plain data; ``ReaderError`` when it finds no feed.

    The bytes go in as a stream: given ``bytes``, feedparser would first try them as a
    file name to open."""
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except (UnicodeError, ValueError, LookupError) as error:  # a declared encoding the bytes do not follow
        raise ReaderError(source, f"cannot be decoded ({error})", "save the feed as UTF-8") from None
    entries: list[Mapping[str, Any]] = list(parsed.get("entries") or [])
    if not entries:
        problem = f"not a well-formed feed ({parsed.get('bozo_exception')})" if parsed.get("bozo") else "holds no item"
        raise ReaderError(source, problem, "check the file is a complete RSS or Atom feed")
    channel: Mapping[str, Any] = parsed.get("feed") or {}
    return Feed(
        title=_plain(str(channel.get("title") or "")) or None,
        link=str(channel.get("link") or "") or None,
        updated=_moment(channel, ("updated", "published")),
        items=[_item(entry, n) for n, entry in enumerate(entries, start=1)],
    )


def _item(entry: Mapping[str, Any], n: int) -> FeedItem:
    link = str(entry.get("link") or "") or None
    return FeedItem(
        key=str(entry.get("id") or link or f"item-{n}"),
        title=_plain(str(entry.get("title") or "")),
        link=link,
        published=_moment(entry, ("published", "updated", "created")),
        html=_item_html(entry),
        tags=tuple(str(t.get("term") or "") for t in entry.get("tags") or [] if t.get("term")),
    )


def _item_html(entry: Mapping[str, Any]) -> str:
    """The longest of the item's contents and summary: a feed may put the whole issue in
    either, and an excerpt in the other."""
    details = [*(entry.get("content") or []), entry.get("summary_detail") or {}]
    texts = [_as_html(d) for d in details if isinstance(d, Mapping) and d.get("value")]
    return max(texts, key=len, default="")


def _as_html(detail: Mapping[str, Any]) -> str:
    value = str(detail["value"])
    if detail.get("type") == "text/plain":  # text whose "<" is a character: escaped, paragraphs kept
        return "".join(f"<p>{html.escape(p)}</p>" for p in re.split(r"\n\s*\n", value) if p.strip())
    return value


def _moment(entry: Mapping[str, Any], names: tuple[str, ...]) -> datetime | None:
    """When the item was published, in its publisher's time zone: an issue is dated the day
    its publisher wrote (feedparser's own reading is in UTC: a day early for an issue sent
    at 00:30 in Paris). feedparser's reading is the fallback for formats it alone knows."""
    for name in names:
        if written := _written_time(str(entry.get(name) or "")):
            return written
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            try:
                return datetime(*parsed[:6])
            except (TypeError, ValueError, OverflowError):  # a garbled time is no time
                continue
    return None


def _written_time(text: str) -> datetime | None:
    """An ISO 8601 (Atom, Dublin Core) or RFC 822 (RSS 2.0) time, at its own offset."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).replace(tzinfo=None)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _plain(markup: str) -> str:
    """A title as plain text, on one line. Titles are read as HTML whatever type the feed
    declares: RSS 2.0 titles often hold escaped markup under a plain-text type."""
    return " ".join(text_blocks(markup))[:MAX_HEADING_CHARS]


def text_blocks(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment as plain text, read the way issues are: through
    ``html_to_markdown``, then stripped of the Markdown it writes (heading marks, list
    bullets, links, bold); pictures go. Text without a tag or an entity (most titles) is
    taken as it is: parsing it as a page would cost more than the rest of the feed."""
    if "<" not in markup and "&" not in markup:
        return [t for t in (" ".join(p.split()) for p in re.split(r"\n\s*\n", markup)) if t]
    try:
        markdown, _ = html_to_markdown(f"<div>{markup}</div>")
    except ValueError:  # markup the HTML parser rejects: its text, tags removed
        markdown = html.unescape(_TAG.sub(" ", markup))
    blocks = (_block_text(b) for b in markdown.split("\n\n") if not _PICTURE.match(b.strip()))
    return [b for b in blocks if b]


def _block_text(block: str) -> str:
    return plain_inline(_MARKS.sub("", block.strip()))


def _text_chars(item: FeedItem) -> int:
    """About how much text the item holds: a measure, not the text kept."""
    return len(" ".join(_TAG.sub(" ", item.html).split()))


def holds_an_issue(item: FeedItem) -> bool:
    """Long enough to be a whole issue rather than an excerpt or a story's summary."""
    return _text_chars(item) >= MIN_ISSUE_CHARS


def holds_stories(item: FeedItem) -> bool:
    """A whole issue of several stories: long, and built of headings or list items."""
    return holds_an_issue(item) and len(_STORY_BLOCK.findall(item.html)) >= MIN_STORY_BLOCKS


def names_an_issue(item: FeedItem) -> bool:
    """The item calls itself a newsletter issue, by its title, a category or its link."""
    path = urlsplit(item.link or "").path
    return any(_ISSUE_NAME.search(t) for t in (item.title, *item.tags)) or bool(_ISSUE_PATH.search(path))


def is_per_story(feed: Feed) -> bool:
    """One item per story: most items are short, and they come several a day (an issue's
    stories are posted together, while a site's posts are spread over days)."""
    items = feed.items
    short = sum(not holds_an_issue(i) for i in items)
    days = {i.day for i in items}
    return len(items) >= MIN_ITEMS_PER_DAY * len(days) and short * 3 >= len(items) * 2


def issues_from_items(feed: Feed, source: str) -> ReadResult:
    """One issue per item that holds one. When some item names itself an issue and holds
    several stories, the feed is a site's and only the items naming an issue are kept;
    otherwise every item long enough is an issue."""
    named_feed = any(names_an_issue(i) and holds_stories(i) for i in feed.items)
    result = ReadResult()
    keys: set[str] = set()
    for n, item in enumerate(feed.items, start=1):
        if not holds_an_issue(item) or (named_feed and not names_an_issue(item)):
            result.skipped.append(item.title or item.key)
            continue
        key = item.key if item.key not in keys else f"{item.key}~{n}"  # two items, one id: two issues
        keys.add(key)
        try:
            result.issues.append(_issue_of_item(feed, item, f"{source}#{key}"))
        except ReaderError as error:
            result.errors.append(error)
    if not result.issues and not result.errors:
        result.errors.append(
            ReaderError(
                source,
                f"none of its {len(feed.items)} items holds a whole newsletter issue (only excerpts)",
                "read the issues from their web pages or e-mails instead",
            )
        )
    return result


def _issue_of_item(feed: Feed, item: FeedItem, source: str) -> IssueDraft:
    draft = read_html(item.html, source)
    draft.newsletter = feed.title or draft.newsletter
    draft.date = item.day or draft.date
    draft.subject = item.title or draft.subject
    return draft


def _is_the_issue(item: FeedItem, feed: Feed) -> bool:
    """Among story items, the issue's own item: it names an issue and links to the feed's
    own site (stories link out to their authors' sites; "Challenge #335" is a story)."""
    own_host = urlsplit(feed.link or "").hostname
    return bool(own_host) and urlsplit(item.link or "").hostname == own_host and names_an_issue(item)


def issues_from_stories(feed: Feed, source: str) -> ReadResult:
    """One issue per day of story items, the stories in publication order (feeds list the
    newest first; an issue reads from its first story)."""
    days: dict[date | None, list[FeedItem]] = {}
    for item in feed.items:
        days.setdefault(item.day or (feed.updated.date() if feed.updated else None), []).append(item)
    result = ReadResult()
    for day, items in days.items():
        items = sorted(items, key=lambda i: i.published or datetime.min)
        issue_items = [i for i in items if _is_the_issue(i, feed)]
        stories = [_story(i) for i in items if i not in issue_items]
        result.issues.append(
            IssueDraft(
                source=f"{source}#{day.isoformat() if day else 'undated'}",
                raw="\n".join(f"{i.title}\n{i.link or ''}\n{i.html}" for i in items),
                stories=stories,
                newsletter=feed.title,
                date=day,
                subject=_subject(issue_items, stories),
            )
        )
    return result


def _subject(issue_items: list[FeedItem], stories: list[StoryDraft]) -> str:
    """The issue's own title when it has an item, else its first story's headline."""
    if issue_items:
        return issue_items[0].title
    return (stories[0].headline or "") if stories else ""


def _story(item: FeedItem) -> StoryDraft:
    body = text_blocks(item.html)
    return StoryDraft(
        headline=item.title or (body[0][:MAX_HEADING_CHARS] if body else None),
        body=body,
        section=item.tags[0] if item.tags else None,
        url=item.link if item.link and re.match(r"^https?://", item.link, re.I) else None,
    )
