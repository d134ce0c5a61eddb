"""What every segmenter does with a line of an issue: Markdown inline markup to plain text,
headline tags and sponsors, bylines and captions, the story's last touches."""

from __future__ import annotations

import re

from index.ingest.drafts import StoryDraft
from index.text.dates import find_date

MAX_HEADING_CHARS = 2000  # a longer line is a paragraph, even a heading with a tracking URL
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


def add_body(story: StoryDraft | None, line: str) -> None:
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


def finish(stories: list[StoryDraft]) -> list[StoryDraft]:
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
