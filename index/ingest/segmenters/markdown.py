"""Story segmentation of Markdown issues (TLDR web pages) and of HTML turned into Markdown.

Two shapes:
- *linked headings* (TLDR): each story is ``[### Headline (3 minute read)](url)`` followed
  by its summary; plain headings (``### Headlines & Launches``) are sections; everything
  before the ``# Title`` line (site navigation) and outside stories (footer) is dropped;
- *plain headings* (generic Markdown, HTML pages, e-mails): the shallowest heading level
  below the title is the section level when a deeper one exists; the deeper headings
  open stories, with their text up to the next heading.
"""

from __future__ import annotations

import re

from index.ingest.drafts import StoryDraft
from index.text.dates import MAX_DATE_LINE_CHARS, find_date

# Every pattern here runs in linear time on any line: a URL never holds brackets and a
# link's text never holds "[", so no match attempt rescans the rest of a long line.
MAX_HEADING_CHARS = 2000  # a longer line is a paragraph, even a heading with a tracking URL
_URL = r"[^()\[\]\s]+"
_LINK_HEADING = re.compile(rf"^\[(#{{1,6}})\s*(?P<text>.*?)\]\((?P<url>{_URL})\)\s*$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?P<rest>.*)$")
_WHOLE_LINK = re.compile(rf"^\[(?P<text>.+)\]\((?P<url>{_URL})\)$")
_INLINE_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^)\[\]\s]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S))|(?<=\S)[*_](?!\w)")
_SPONSOR = re.compile(r"\bsponsor(ed)?\b|\bsponsoris", re.I)
_BYLINE = re.compile(r"^(?:Par|By)\s+[A-ZÀ-ÖØ-Þ][^.!?]{2,80}$")
_BOILERPLATE = re.compile(
    r"^(?:Timestamp:|Subscribe$|S’abonner$|S'abonner$)|unsubscribe|se désinscrire|se désabonner"
    r"|view (?:this|in) (?:e-?mail|browser)|voir (?:dans|en) (?:le )?navigateur",
    re.I,
)
_SYMBOLS_ONLY = re.compile(r"^[\W_]+$")
_IMAGES_ONLY = re.compile(r"^(?:!\[(?P<alt>[^\[\]]*)\]\([^)\[\]\s]*\)\s*)+$")
_CREDIT_LINE = re.compile(r"^[*_]*(?:Photo|Image|Illustration|Crédits?(?: photo)?|Credits?|Source image)\s*:", re.I)
_TITLE_NAME = re.compile(r"^(?P<name>.*?)(?:\s*[,—–|:]\s*|\s+-\s+|\s+(?=\d))")


def plain_inline(text: str) -> str:
    """Markdown inline markup → plain text (links keep their text)."""
    text = _INLINE_LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text.replace("&amp;", "&")).strip()


def split_title(title: str) -> tuple[str | None, str | None]:
    """``"TLDR AI 2025-06-12"`` → (``"TLDR AI"``, date text); a name only if it is short."""
    title = plain_inline(title)
    if not find_date(title):
        return None, None
    m = _TITLE_NAME.match(title)
    name = m["name"].strip() if m else ""
    return (name if 0 < len(name.split()) <= 4 else None), title


def clean_headline(text: str) -> tuple[str, bool]:
    """Strip "(3 minute read)"-style tags; return (headline, is_sponsor).

    Tags are peeled from the end by index, at most 40 characters each, so a headline of
    a thousand "(a)" costs a thousand steps, not a thousand searches of the whole line."""
    headline = plain_inline(text)
    sponsor = False
    end = len(headline)
    while end and headline[end - 1] == ")":
        start = headline.rfind("(", max(0, end - 42), end - 1)
        tag = headline[start + 1 : end - 1]
        if start < 0 or not tag or ")" in tag:
            break
        sponsor = sponsor or bool(_SPONSOR.search(tag))
        while start and headline[start - 1].isspace():
            start -= 1
        end = start
    return headline[:end], sponsor or bool(_SPONSOR.search(text[-30:]))


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a ``## Heading ##`` line; None for other lines and for over-long ones."""
    if len(line) > MAX_HEADING_CHARS or not (m := _HEADING.match(line)):
        return None
    return len(m["hashes"]), m["rest"].strip().rstrip("#").rstrip()


def _link_heading(line: str) -> re.Match[str] | None:
    """A TLDR story line, ``[### Headline (3 minute read)](url)``."""
    return _LINK_HEADING.match(line) if len(line) <= MAX_HEADING_CHARS else None


def _add_body(story: StoryDraft | None, line: str) -> None:
    if story is None or _SYMBOLS_ONLY.match(line) or _BOILERPLATE.search(line):
        return
    if len(line) <= MAX_HEADING_CHARS and (_IMAGES_ONLY.match(line) or _CREDIT_LINE.match(line)):
        caption = plain_inline(line)  # a picture's alt text, legend or credit: not the story's text
        if caption:
            story.captions.append(caption)
        return
    text = plain_inline(re.sub(r"^(?:[*+-]|\d+\.)\s+|^>\s*", "", line))
    if not text:
        return
    if not story.body and story.byline is None and _BYLINE.match(text):
        story.byline = re.sub(r"^(Par|By)\s+", "", text)
    else:
        story.body.append(text)


def _finish(stories: list[StoryDraft]) -> list[StoryDraft]:
    kept = []
    for story in stories:
        if story.url and not re.match(r"^https?://", story.url, re.IGNORECASE):
            story.url = None  # javascript:, data:, relative links: nothing a reader can follow
        if not story.headline and story.body:  # "[### )](url)": a story whose title is lost
            words = story.body[0].split(maxsplit=12)
            story.headline = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
        if story.body or story.headline:
            kept.append(story)
    return kept


def segment_markdown(text: str) -> tuple[list[StoryDraft], str | None, str | None, str]:
    """(stories, newsletter, date text, subject) of a Markdown issue."""
    lines = [ln.strip() for ln in text.splitlines()]
    nonempty = [ln for ln in lines if ln]
    subject = plain_inline(nonempty[0][:MAX_HEADING_CHARS]) if nonempty else ""

    title_at = next((i for i, ln in enumerate(lines) if re.match(r"^#\s", ln) and _heading(ln)), None)
    newsletter = date_text = None
    if title_at is not None:
        newsletter, date_text = split_title(_heading(lines[title_at])[1])  # type: ignore[index]
        lines = lines[title_at + 1 :]
    elif nonempty and len(nonempty[0]) <= MAX_DATE_LINE_CHARS and find_date(nonempty[0]):
        date_text = nonempty[0]

    if any(_link_heading(ln) for ln in lines):
        stories = _segment_linked(lines, subject)
    else:
        stories = _segment_headings(lines, subject)
    return _finish(stories), newsletter, date_text, subject


def _segment_linked(lines: list[str], subject: str) -> list[StoryDraft]:
    stories: list[StoryDraft] = []
    current: StoryDraft | None = None
    section: str | None = None
    for line in lines:
        if not line:
            continue
        if m := _link_heading(line):
            headline, sponsor = clean_headline(m["text"])
            current = StoryDraft(
                headline=headline,
                url=m["url"].replace("&amp;", "&"),
                section=section,
                kind="sponsor" if sponsor else "news",
            )
            stories.append(current)
        elif found := _heading(line):
            level, heading = found[0], plain_inline(found[1])
            current = None  # text under a plain heading is navigation or footer
            if level <= 2:
                section = None
            if heading and heading != subject and level >= 3:
                section = heading
        else:
            _add_body(current, line)
    return stories


def _segment_headings(lines: list[str], subject: str) -> list[StoryDraft]:
    levels = sorted({found[0] for ln in lines if (found := _heading(ln)) and found[1]})
    section_level = levels[0] if len(levels) > 1 else None
    stories: list[StoryDraft] = []
    current: StoryDraft | None = None
    section: str | None = None
    for line in lines:
        if not line:
            continue
        found = _heading(line)
        if found and found[1]:
            level, heading = found
            if level == section_level:
                section, current = plain_inline(heading), None
                continue
            url = None
            if link := _WHOLE_LINK.match(heading):
                heading, url = link["text"], link["url"]
            headline, sponsor = clean_headline(heading)
            if headline == subject:
                current = None
                continue
            current = StoryDraft(headline=headline, url=url, section=section, kind="sponsor" if sponsor else "news")
            stories.append(current)
        else:
            _add_body(current, line)
    return stories
