"""Story segmentation of any Markdown issue (and of HTML turned into Markdown), from its
structure rather than from one newsletter's layout.

An issue is one of two shapes, told apart by what repeats most:

- a *digest*: the stories are its lead items — a paragraph or list item led by a link or a
  bold lead-in (``[Headline](url) — blurb``, ``**Headline**: text``), or a list item that
  carries a link and a blurb. Headings and short bold labels ("In brief", "Jobs") are
  sections; a byline or a "sponsor" tag under an item belongs to it;
- *headed stories*: each heading that has text of its own under it (and no sub-headings)
  is a story; a heading over other headings is a section. A single essay whose sections
  carry headings stays one story.

Boilerplate is not a story: tables of contents and teasers (a headline printed again
further down), calls to action (subscribe, share, "let us know", "full report here"),
footers, links to a bug tracker without a word of their own, one-word links (people), and
job ads under a jobs label. Sponsors stay, marked ``kind="sponsor"``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from index.ingest.drafts import StoryDraft
from index.ingest.segmenters.blocks import Block
from index.ingest.segmenters.lines import add_body, clean_headline, plain_inline

_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\((?P<url>[^()\[\]\s]*)\)")
_LINK_AT_START = re.compile(r"^\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\[\]\s]*)\)")
_TAGS_AT_START = re.compile(r"^(?:\[[^\[\]]{1,20}\]\s*)+(?=\[)")  # "[video] [series] [Title](url)"
_BOLD_AT_START = re.compile(r"^(?:\*\*|__)(?P<text>[^*_]{2,200}?)(?:\*\*|__)")
_SEPARATORS = " \t:.—–-|,"
# A link whose words ask the reader to do something is not a story.
_CALL_TO_ACTION = re.compile(
    r"^(?:please|let us know|submit|subscribe|sign (?:up|in)|log ?in|join|share|forward|follow|donate|support us"
    r"|read (?:more|online|on the web|in (?:your )?browser)|view (?:online|in|this)|click|discuss|advertise"
    r"|unsubscribe|manage|update your|change your|stop getting|contact us|reply|s[’']abonner|abonnez|inscri"
    r"|se d[ée]s(?:abonner|inscrire)|d[ée]sinscri|partage[rz]?|transf[ée]r|suivez|soutenez|faire un don"
    r"|lire (?:la suite|en ligne|dans)|voir (?:en ligne|dans|la version)|cliquez|r[ée]pondez|nous contacter)\b"
    r"|\b(?:here|ici)\W*$",
    re.I,
)
_BOILERPLATE = re.compile(
    r"unsubscribe|se d[ée]sinscrire|se d[ée]sabonner|d[ée]sinscription"
    r"|view (?:this|it|in|on) (?:e-?mail|browser|the web)|read (?:it )?on the web|voir (?:dans|en) (?:le )?navigateur"
    r"|(?:manage|update) (?:your )?(?:subscription|preferences|e-?mail)|change your e-?mail|stop getting"
    r"|(?:you(?:'re| are)|vous) (?:receiv|recev)|forwarded this|(?:on )?vous a transf[ée]r[ée]"
    r"|\bjoin [\d,. ]+\w* (?:readers|subscribers|others)|rejoignez [\d  .,]+ (?:lecteurs|abonnés)"
    r"|\bis an? (?:daily|weekly|monthly|free) newsletter|©|\ball rights reserved|tous droits réservés",
    re.I,
)
_MAX_BOILERPLATE_WORDS = 60  # a longer paragraph that says "unsubscribe" is a story about it
_TRACKER = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)/[^/]+/[^/]+/"
    r"(?:pull|pulls|issues|merge_requests|-/issues|-/merge_requests|commit)/\w+",
    re.I,
)
_SPONSOR_TAG = re.compile(
    r"(?:^|\s)(?:sponsor(?:ed|isé|isée)?|partner|partenaire|advertisement|publicité|promoted|\(ad\)|ad)\W*$", re.I
)
_SPONSOR_SECTION = re.compile(r"sponsor|partenaire|partner|presented by|brought to you|publicité|\bads?\b", re.I)
_JOBS_SECTION = re.compile(r"\b(?:jobs?|hiring|careers?|job board|emplois?|offres? d[’']emploi|recrut\w*)\b", re.I)
_TOC_SECTION = re.compile(
    r"in (?:this|today[’']s) (?:issue|edition|newsletter)|table of contents|^contents$|sommaire|dans ce num[ée]ro"
    r"|au programme|aujourd[’']hui dans",
    re.I,
)
_JOB_AD = re.compile(
    r"\b(?:remote|full[- ]time|part[- ]time|hiring|jobs?|salary|engineers?|developers?|CDI|CDD|stage|alternance"
    r"|recrute|poste|emploi)\b",
    re.I,
)
_MIN_BLURB_WORDS = 8
_PROSE_WORDS = 12  # a paragraph of prose, not a label or a byline  # a list item that is not led by its link needs a blurb of its own to be a story
_MAX_LABEL_WORDS = 6
_MAX_BYLINE_WORDS = 5
_MAX_TEASER_WORDS = 25
_TITLE_WITHIN = 15  # entries: a title comes after the navigation, never after stories
_MAX_CHROME_WORDS = 25
_ESSAY_SECTION_WORDS = 120  # an essay's sections are long; a digest's items are not
_ESSAY_MAX_SECTIONS = 8
_ESSAY_INTRO_WORDS = 30


@dataclass
class _Entry:
    """A top-level block and the blocks that belong to it (an item's paragraphs and sub-items)."""

    block: Block
    parts: list[Block] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.block.kind

    def texts(self) -> list[str]:
        return [self.block.text, *(p.text for p in self.parts)]


@dataclass
class _Lead:
    headline: str
    url: str | None
    rest: str  # the text after the lead, the start of the story's body
    led: bool  # led by its link or bold; False for an item that merely carries a link


def _words(text: str) -> int:
    return len(plain_inline(text).split())


def _prose_words(text: str) -> int:
    """Words of two letters or more: "2026-08-19 | Online (Paris, FR) |" has two."""
    return len(re.findall(r"[^\W\d_]{2,}", plain_inline(text)))


def _entries(blocks: list[Block]) -> list[_Entry]:
    entries: list[_Entry] = []
    for block in blocks:
        belongs = block.inside_item or (block.kind == "item" and block.level > 0)
        if belongs and entries and entries[-1].kind == "item":
            entries[-1].parts.append(block)
        else:
            entries.append(_Entry(block))
    return [e for e in entries if plain_inline(e.block.text) or e.kind == "picture" or e.parts]


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char)[0] == "S" or char in "\ufe0f\u200d"


def _lead(entry: _Entry) -> _Lead | None:
    """The story an entry leads with, if it is a lead item."""
    if entry.kind not in ("para", "item"):
        return None
    text = entry.block.text
    bold = text.startswith(("**", "__"))
    body = text[2:] if bold else text
    body = body.lstrip()
    while body and (_is_symbol(body[0]) or body[0] == " "):
        body = body[1:]
    body = _TAGS_AT_START.sub("", body)
    if m := _LINK_AT_START.match(body):
        headline, url, rest = m["text"], m["url"] or None, body[m.end() :]
        if bold:
            rest = rest.lstrip("*_")
    elif bold and (m := _BOLD_AT_START.match(text)):
        headline, url, rest = m["text"], None, text[m.end() :]
        if _words(rest.strip(_SEPARATORS)) < 3:
            return None  # "**Jobs**", "**Summary**:": a label, not a lead-in
    elif entry.kind == "item" and (links := [m for m in _LINK.finditer(text) if m["url"]]):
        if _prose_words(_LINK.sub("", text)) < _MIN_BLURB_WORDS:
            return None  # "2026-08-19 | Online | [Meetup](url)": a listing
        return _Lead(_first_sentence(text), links[0]["url"], text, led=False)
    else:
        return None
    headline = plain_inline(headline).strip(_SEPARATORS + "*_ ")
    return _Lead(headline, url, rest.lstrip(_SEPARATORS).strip(), led=True) if headline else None


def _first_sentence(text: str, max_words: int = 15) -> str:
    plain = plain_inline(text)
    sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
    words = sentence.split()
    return " ".join(words[:max_words]) + ("…" if len(words) > max_words else "")


def _not_a_story(lead: _Lead) -> bool:
    """A call to action, a bare link to a bug tracker, or a one-word bare link (a person, a project)."""
    if _CALL_TO_ACTION.search(lead.headline):
        return True
    bare = lead.led and _words(lead.rest) < 3
    return bare and (bool(lead.url and _TRACKER.match(lead.url)) or len(lead.headline.split()) < 2)


def _boilerplate(entry: _Entry) -> bool:
    text = " ".join(entry.texts())
    return _words(text) <= _MAX_BOILERPLATE_WORDS and bool(_BOILERPLATE.search(plain_inline(text)))


def _label(entry: _Entry) -> str | None:
    """A short bold or emoji-led line between items ("**In brief:**", "🛠 Code & Tools"): a section."""
    if entry.kind != "para" or entry.parts:
        return None
    text = entry.block.text.strip()
    plain = plain_inline(text).strip(" :")
    if not plain or len(plain.split()) > _MAX_LABEL_WORDS or "](" in text:
        return None
    whole_bold = re.fullmatch(r"(?:\*\*|__)[^*_]+(?:\*\*|__):?", text) is not None
    if _is_symbol(plain[0]):  # "🛠 Code & Tools", "😎 A Cool One..": the emoji is the section's mark
        return plain.lstrip("".join(c for c in plain if _is_symbol(c)) + " ").rstrip(".…") or None
    return plain if whole_bold and plain[-1] not in ".!?" else None


@dataclass
class _Heading:
    level: int
    text: str
    url: str | None
    children: bool  # deeper headings follow before the next heading of its level or above
    content: list[_Entry]


def _headings(entries: list[_Entry]) -> list[tuple[int, _Heading]]:
    """Every heading, with its position, whether it heads other headings, and its own entries."""
    found = []
    for i, entry in enumerate(entries):
        if entry.kind != "heading":
            continue
        level = entry.block.level
        content = []
        for later in entries[i + 1 :]:
            if later.kind == "heading":
                break
            content.append(later)
        nxt = next((e for e in entries[i + 1 :] if e.kind == "heading"), None)
        text, url = entry.block.text, None
        if m := re.fullmatch(r"\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\[\]\s]*)\)", text.strip()):
            text, url = m["text"], m["url"] or None
        children = nxt is not None and nxt.block.level > level
        found.append((i, _Heading(level, plain_inline(text), url, children, content)))
    return found


def _drop_chrome(entries: list[_Entry]) -> tuple[list[_Entry], str | None]:
    """The issue's title (its first level-1 heading, near the top) is not a story; a web
    page's navigation above it (short lines) goes with it. Return the rest and the title."""
    at = next((i for i, e in enumerate(entries[:_TITLE_WITHIN]) if e.kind == "heading" and e.block.level == 1), None)
    if at is None:
        return entries, None
    title = plain_inline(entries[at].block.text)
    if any(_words(t) > _MAX_CHROME_WORDS for e in entries[:at] for t in e.texts()):
        return entries[:at] + entries[at + 1 :], title
    return entries[at + 1 :], title


def segment_generic(blocks: list[Block], subject: str = "") -> tuple[list[StoryDraft], str | None]:
    """(stories, title) of a Markdown issue's blocks."""
    entries, title = _drop_chrome(_entries(blocks))
    entries = [e for e in entries if not _boilerplate(e)]
    headings = _headings(entries)
    leads = {i: lead for i, e in enumerate(entries) if (lead := _lead(e)) and not _not_a_story(lead)}
    headed = [h for _, h in headings if _looks_headed(h)]
    if len(leads) >= 2 and len(leads) > len(headed):
        stories = _digest(entries, leads)
    else:
        stories = _headed(entries, headings, {title or "", subject})
    return _without_teasers(stories), title


def _has_prose(heading: _Heading) -> bool:
    return any(e.kind == "para" and _words(e.block.text) >= _PROSE_WORDS for e in heading.content)


def _is_headed_story(heading: _Heading) -> bool:
    """A heading with text of its own and no deeper heading under it; or with prose of its
    own even when a deeper heading follows (in layouts that style sections smaller than
    stories, as TLDR's web pages do, the deeper heading is the next section's label)."""
    if not heading.text or not heading.content:
        return False
    return not heading.children or _has_prose(heading)


def _looks_headed(heading: _Heading) -> bool:
    """What the choice between the two shapes counts: a headed story with prose, or under a
    linked headline. (A heading over a list is a digest's section.)"""
    return _is_headed_story(heading) and (_has_prose(heading) or heading.url is not None)


def _digest(entries: list[_Entry], leads: dict[int, _Lead]) -> list[StoryDraft]:
    stories: list[StoryDraft] = []
    current: StoryDraft | None = None
    fresh = False  # the current story has only its lead so far: a short line after it is its byline
    section: str | None = None
    section_kind = ""
    for i, entry in enumerate(entries):
        label = None if entry.kind == "heading" or (fresh and _is_byline(entry)) else _label(entry)
        if entry.kind == "heading" or label is not None:
            section = label or plain_inline(entry.block.text) or None
            section_kind, current = _section_kind(section or ""), None
            continue
        lead = leads.get(i)
        if lead is not None:
            if section_kind == "jobs" and _JOB_AD.search(lead.headline):
                current = None  # a job ad under a jobs label
                continue
            section_kind = "" if section_kind == "jobs" else section_kind  # the jobs box is over
            current = _lead_story(lead, entry, section, section_kind)
            if current is not None:
                stories.append(current)
            fresh = True
            continue
        if current is None:
            continue
        if fresh and _is_byline(entry):
            _tag_or_byline(current, entry.block.text)
        elif entry.kind == "picture":
            current.captions.append(plain_inline(entry.block.text))
        elif entry.kind == "item" and entries[i - 1].kind != "item":
            current = None  # a list after a lead paragraph is its own thing (a listing, a footer)
        else:
            for text in entry.texts():
                add_body(current, text)
        fresh = False
    return stories


def _section_kind(name: str) -> str:
    if _JOBS_SECTION.search(name):
        return "jobs"
    if _TOC_SECTION.search(name):
        return "toc"
    if _SPONSOR_SECTION.search(name):
        return "sponsor"
    return ""


def _lead_story(lead: _Lead, entry: _Entry, section: str | None, section_kind: str) -> StoryDraft | None:
    if section_kind == "toc":
        return None
    headline, sponsor = clean_headline(lead.headline) if lead.led else (lead.headline, False)
    story = StoryDraft(
        headline=headline,
        url=lead.url,
        section=section,
        kind="sponsor" if sponsor or section_kind == "sponsor" else "news",
    )
    for text in [lead.rest, *(p.text for p in entry.parts)]:
        if text:
            add_body(story, text)
    return story


def _is_byline(entry: _Entry) -> bool:
    text = plain_inline(entry.block.text)
    return (
        entry.kind == "para"
        and not entry.parts
        and "](" not in entry.block.text
        and not entry.block.text.startswith(("**", "__"))  # a bold line is a label
        and 0 < len(text.split()) <= _MAX_BYLINE_WORDS
        and text[-1] not in ".!?:"
    )


def _tag_or_byline(story: StoryDraft, text: str) -> None:
    """ "Russ Cox" → the byline; "Mux sponsor" → a sponsor, by Mux; "Go Time podcast" → the byline."""
    text = plain_inline(text)
    if _SPONSOR_TAG.search(text):
        story.kind = "sponsor"
        text = _SPONSOR_TAG.sub("", text).strip()
    if text and story.byline is None:
        story.byline = text


def _headed(entries: list[_Entry], headings: list[tuple[int, _Heading]], not_headlines: set[str]) -> list[StoryDraft]:
    by_position = dict(headings)
    stories: list[StoryDraft] = []
    intro: list[_Entry] = []
    current: StoryDraft | None = None
    section: str | None = None
    for i, entry in enumerate(entries):
        heading = by_position.get(i)
        if heading is not None:
            if not _is_headed_story(heading) or heading.text in not_headlines:
                section, current = (heading.text or None) if heading.children or not heading.content else section, None
                continue
            headline, sponsor = clean_headline(heading.text)
            kind = "sponsor" if sponsor else "news"
            current = StoryDraft(headline=headline, url=heading.url, section=section, kind=kind)
            stories.append(current)
        elif current is None:
            intro.append(entry)
        elif entry.kind == "picture":
            current.captions.append(plain_inline(entry.block.text))
        else:
            for text in entry.texts():
                add_body(current, text)
    if _is_essay(stories, intro, headings):
        return [_essay(entries, not_headlines)]
    return stories


def _is_essay(stories: list[StoryDraft], intro: list[_Entry], headings: list[tuple[int, _Heading]]) -> bool:
    """Sections of one text: a few plain headings at one level, each over long prose, after an
    introduction."""
    if not 2 <= len(stories) <= _ESSAY_MAX_SECTIONS or any(s.url for s in stories):
        return False
    if any(h.children for _, h in headings) or len({h.level for _, h in headings}) > 1:
        return False
    intro_words = sum(_words(t) for e in intro for t in e.texts())
    mean_words = sum(len(" ".join(s.body).split()) for s in stories) / len(stories)
    return intro_words >= _ESSAY_INTRO_WORDS and mean_words >= _ESSAY_SECTION_WORDS


def _essay(entries: list[_Entry], titles: set[str]) -> StoryDraft:
    title = next((t for t in titles if t), None)
    story = StoryDraft(headline=title)
    for entry in entries:
        if entry.kind == "picture":
            story.captions.append(plain_inline(entry.block.text))
        elif entry.kind != "heading":
            for text in entry.texts():
                add_body(story, text)
    return story


def _without_teasers(stories: list[StoryDraft]) -> list[StoryDraft]:
    """Drop a short item whose headline is printed again further down: a table of contents
    or an "in today's issue" teaser."""
    kept = []
    for n, story in enumerate(stories):
        key = (story.headline or "").casefold()
        again = key and any((later.headline or "").casefold() == key for later in stories[n + 1 :])
        if again and len(" ".join(story.body).split()) <= _MAX_TEASER_WORDS:
            continue
        kept.append(story)
    return kept
