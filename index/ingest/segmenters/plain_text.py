"""Story segmentation of plain-text newsletters, Qant style first.

A Qant issue is an e-mail with no markup. What tells stories apart:
- line 1 is the table of contents: headlines joined by " • ", then the greeting with the
  newsletter's name and date ("Bienvenue dans Qant, jeudi 12 juin 2025.");
- a long story has no headline line of its own (its headline is a TOC item) and closes
  with upper-case sub-sections ("EN FILIGRANE : …", "À SURVEILLER : …"), so the next
  plain line after a sub-section starts a new story;
- a brief is one line, "Headline • body";
- an image caption is "caption • credit" with a short credit ("Qant avec o3 Pro",
  "Photo : Snap"), or a short line with no closing punctuation ("La keynote de Jensen
  Huang … hier"): kept apart from the body as the story's captions, never quoted;
- an op-ed starts with a byline ("Par Howard Davies …") followed by
  "Headline. • credit", and ends with its syndication line ("Qant est membre de Project
  Syndicate.") or where a picture announces the next story.
Plain text without a TOC falls back to blank-line paragraphs with short title lines.
"""

from __future__ import annotations

import re

from index.ingest.drafts import Segmented, StoryDraft
from index.text.analysis import analyze
from index.text.dates import MAX_DATE_LINE_CHARS, find_date
from index.text.numbers import find_number

BULLET = " • "
_GREETING = re.compile(
    r"^(?:Bienvenue dans|Bienvenue sur|Welcome to)\s+(?P<name>[^,]+),\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SUBSECTION = re.compile(r"^[A-ZÀ-ÖØ-Þ0-9’'\- ]{3,40}\s?:\s")
_BYLINE = re.compile(r"^(?:Par|By)\s+[A-ZÀ-ÖØ-Þ]")
_CREDIT = re.compile(r"^(?:Photo|Illustration|Image|Crédits?|Credits?|©)\b|\b(?:avec|with)\b", re.I)
_EPIGRAPH = re.compile(r"^[«\"“].+[»\"”]\s+[^.!?]{2,60}$")
_ELLIPSIS = re.compile(r"^(?:\.\.\.|…)$")
_SENTENCE_END = re.compile(r"[.!?…:»\"”)]$")
_SYNDICATION = re.compile(r"\best (?:membre|partenaire) d[e']|\bis (?:a )?(?:member|partner) of\b", re.I)


MAX_CAPTION_WORDS = 25
MAX_TOC_PAIRS = 10_000  # (TOC item, story) pairs scored: a Qant issue has about 10 × 30


def _has_at_most_words(text: str, n: int) -> bool:
    """``len(text.split()) <= n`` without splitting a 10 MB line into a million words."""
    return len(text.split(maxsplit=n)) <= n


def parse_greeting(line: str) -> tuple[list[str], str | None, str | None]:
    """Split a TOC line into (headlines, newsletter, date text) when it ends with a greeting."""
    head, bullet, last = line.rpartition("•")
    if not bullet or not (m := _GREETING.match(last.strip())):
        return [], None, None
    toc = [p.strip() for p in head.split("•")]
    return [p for p in toc if p], m["name"].strip(), m["rest"][:MAX_DATE_LINE_CHARS]


def _line_kind(line: str, previous: str) -> str:
    if _ELLIPSIS.match(line):
        return "ellipsis"
    if _BYLINE.match(line) and _has_at_most_words(line, 25):
        return "byline"
    if _SUBSECTION.match(line):
        return "subsection"
    if BULLET in line:
        left, right = line.split(BULLET, 1)
        if previous == "byline":
            return "op-ed-headline"
        if _has_at_most_words(right, 8) and (_CREDIT.search(right) or not _SENTENCE_END.search(right)):
            return "caption"
        if _has_at_most_words(left, 20):
            return "brief"
    elif not _SENTENCE_END.search(line) and _has_at_most_words(line, MAX_CAPTION_WORDS):
        return "caption"  # every line of prose ends with punctuation; a photo's legend does not
    return "plain"


def segment_qant(lines: list[str], toc: list[str]) -> list[StoryDraft]:
    """Segment the lines after the TOC of a Qant-style issue; headlines from the TOC."""
    stories: list[StoryDraft] = []
    current: StoryDraft | None = None
    captions: list[str] = []  # captions seen since the last story line: they illustrate what comes next
    previous = "start"
    for line in lines:
        kind = _line_kind(line, previous)
        if kind == "ellipsis" or (not stories and current is None and _EPIGRAPH.match(line)):
            pass  # truncation marks and the epigraph ("« quote » Author") are not content
        elif kind == "caption":
            captions.append(line)
            if current is not None and current.kind == "op-ed":  # a picture: the next story begins
                current, previous = None, "brief"
        elif kind == "byline":
            current = StoryDraft(headline=None, kind="op-ed", byline=re.sub(r"^(Par|By)\s+", "", line))
            stories.append(current)
        elif kind == "op-ed-headline" and current is not None:
            current.headline = line.split(BULLET, 1)[0].strip()
        elif kind == "brief":
            headline, body = (s.strip() for s in line.split(BULLET, 1))
            stories.append(StoryDraft(headline=headline, body=[body], kind="brief"))
            current = None
        elif kind == "subsection" and current is not None:
            current.body.append(line)
        else:  # plain line, or a sub-section with no story open
            if current is None or previous in ("subsection", "brief"):
                current = StoryDraft(headline=None)
                stories.append(current)
            current.body.append(line)
            if current.kind == "op-ed" and _SYNDICATION.search(line) and _has_at_most_words(line, 15):
                current, kind = None, "brief"  # "X est membre de Project Syndicate.": the op-ed ends
        if kind != "caption":  # a caption inside a story does not end it
            previous = kind
            if captions and stories:
                stories[-1].captions.extend(captions)
                captions = []
    if captions and stories:  # the issue ends on a picture
        stories[-1].captions.extend(captions)
    _assign_toc_headlines(stories, toc)
    return [s for s in stories if s.body or s.headline]


def _assign_toc_headlines(stories: list[StoryDraft], toc: list[str]) -> None:
    """Give each headline-less story the TOC item whose words it shares most.

    The TOC lists the long stories, which have no headline line of their own; greedy
    over (item, story) pairs by the share of the item's terms found in the story. A "TOC"
    of thousands of items over thousands of stories is not a Qant issue: past
    ``MAX_TOC_PAIRS`` the stories keep headlines made from their first words."""
    open_stories = [s for s in stories if s.headline is None and s.body]
    pairs = []
    if len(toc) * len(open_stories) <= MAX_TOC_PAIRS:
        story_terms = [set(analyze(" ".join(story.body), "fr")) for story in open_stories]
        for i, item in enumerate(toc):
            item_terms = set(analyze(item, "fr"))
            for j, terms in enumerate(story_terms):
                if item_terms:
                    pairs.append((len(item_terms & terms) / len(item_terms), i, j))
    used_items: set[int] = set()
    used_stories: set[int] = set()
    for score, i, j in sorted(pairs, reverse=True):
        if score >= 0.2 and i not in used_items and j not in used_stories:
            used_items.add(i)
            used_stories.add(j)
            open_stories[j].headline = toc[i]
    for story in open_stories:
        if story.headline is None:
            story.headline = _headline_from_body(story.body[0])


def _headline_from_body(first: str, max_words: int = 12) -> str:
    words = first.split(maxsplit=max_words)
    return " ".join(words[:max_words]) + ("…" if len(words) > max_words else "")


def segment_paragraphs(text: str) -> list[StoryDraft]:
    """Plain text without a TOC: a short title line followed by paragraphs opens a story."""
    stories: list[StoryDraft] = []
    current: StoryDraft | None = None
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        first = lines[0]
        is_title = _has_at_most_words(first, 15) and not _SENTENCE_END.search(first)
        if is_title:
            current = StoryDraft(headline=first, body=lines[1:])
            stories.append(current)
        elif current is None:
            current = StoryDraft(headline=None, body=lines)
            stories.append(current)
        else:
            current.body.extend(lines)
    for story in stories:
        if story.headline is None:
            story.headline = _headline_from_body(story.body[0])
    return [s for s in stories if s.body]


def segment_plain_text(text: str) -> Segmented:
    """The stories of a plain-text issue and what it says about itself."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return Segmented([])
    toc, newsletter, date_text = parse_greeting(lines[0])
    if newsletter:
        return Segmented(segment_qant(lines[1:], toc), newsletter, date_text, subject=" • ".join(toc))
    date_text = lines[0] if len(lines[0]) <= MAX_DATE_LINE_CHARS and find_date(lines[0]) else None
    return Segmented(segment_paragraphs(text), None, date_text, subject=lines[0][:200], number=find_number(lines[0])[0])
