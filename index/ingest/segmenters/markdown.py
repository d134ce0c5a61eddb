"""Story segmentation of Markdown issues, and of HTML and e-mails turned into Markdown.

TLDR's web pages, where each story is ``[### Headline (3 minute read)](url)`` followed by
its summary, keep the segmenter they were measured with: plain headings
(``### Headlines & Launches``) are sections, everything before the ``# Title`` line (site
navigation) and outside stories (footer) is dropped. Every other layout goes to the
generic segmenter, which reads the issue's structure (``generic.py``).
"""

from __future__ import annotations

import re

from index.ingest.drafts import Segmented, StoryDraft
from index.ingest.segmenters.blocks import Source, parse
from index.ingest.segmenters.generic import segment_generic
from index.ingest.segmenters.lines import MAX_HEADING_CHARS, add_body, clean_headline, finish, plain_inline, split_title
from index.text.dates import MAX_DATE_LINE_CHARS, find_date
from index.text.numbers import find_number

# Every pattern here runs in linear time on any line: a URL never holds brackets and a
# link's text never holds "[", so no match attempt rescans the rest of a long line.
_URL = r"[^()\[\]\s]+"
_LINK_HEADING = re.compile(rf"^\[(#{{1,6}})\s*(?P<text>.*?)\]\((?P<url>{_URL})\)\s*$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?P<rest>.*)$")
_DATE_BLOCKS = 3  # an issue that states its date does so in its first lines


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a ``## Heading ##`` line; None for other lines and for over-long ones."""
    if len(line) > MAX_HEADING_CHARS or not (m := _HEADING.match(line)):
        return None
    return len(m["hashes"]), m["rest"].strip().rstrip("#").rstrip()


def _link_heading(line: str) -> re.Match[str] | None:
    """A TLDR story line, ``[### Headline (3 minute read)](url)``."""
    return _LINK_HEADING.match(line) if len(line) <= MAX_HEADING_CHARS else None


def segment_markdown(text: str, page_title: str = "") -> Segmented:
    """The stories of a Markdown issue and what it says about itself; ``page_title`` is the
    title of the web page or e-mail the Markdown was made from."""
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
        return Segmented(finish(_segment_linked(lines, subject)), newsletter, date_text, subject)
    return _segment_structure(parse(text), page_title)


def _segment_structure(source: Source, page_title: str = "") -> Segmented:
    """Any other layout: stories from the structure, metadata from the front matter, the
    title and the first lines."""
    header = source.header
    first_lines = [plain_inline(b.text) for b in source.blocks[:_DATE_BLOCKS] if b.kind in ("para", "heading")]
    stories, title = segment_generic(source.blocks, header.get("title") or page_title)
    title = header.get("title") or title or ""
    number, name = find_number(title)
    split_name, title_date = split_title(title) if title else (None, None)
    date_text = header.get("date") or title_date
    if not date_text:
        date_text = next((t for t in first_lines if len(t) <= MAX_DATE_LINE_CHARS and find_date(t)), None)
    if not date_text:
        date_text = next((v for k, v in header.items() if k in ("permalink", "slug", "name") and find_date(v)), None)
    if number is None:
        number = (
            header.get("number")
            or header.get("issue")
            or next((n for t in first_lines if (n := find_number(t, leading=False)[0])), None)
        )
    return Segmented(
        stories=finish(stories),
        newsletter=header.get("newsletter") or header.get("publication") or split_name or name,
        date_text=date_text,
        subject=title or (first_lines[0][:MAX_HEADING_CHARS] if first_lines else ""),
        number=number,
    )


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
            add_body(current, line)
    return stories
