"""Story segmentation of any Markdown issue (and of HTML turned into Markdown), from its
structure rather than from one newsletter's layout.

The issue is cut into *sections* at its headings and at its labels (a short bold or
emoji-led line: "**In brief:**", "🛠 Code & Tools"). Each section is then one of:

- a *container*: its lead items outnumber its prose, and each lead is a story ("Tips and
  hot links", "What else is brewing", a digest's "News" list);
- a *story*: a heading with prose of its own, the heading its headline; deeper headings
  after it, and headings that end with a colon, are its sub-sections;
- nothing: an introduction, a department's note, navigation.

Then the issue as a whole: a single essay (a title followed by its text, or a few long
sections and no list of items) is one story; in a digest, a headed section shorter than
a story is a department's note, not a story; an issue where nothing stands out as a
story is one story. Boilerplate never is: sponsors are kept and marked
``kind="sponsor"``; job ads under a jobs label, tables of contents, teasers (a headline
printed again further down) and share/referral blocks are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from index.ingest.drafts import StoryDraft
from index.ingest.segmenters.blocks import Block
from index.ingest.segmenters.entries import (
    Entry,
    Lead,
    blurb_lead,
    bold_lead_in,
    entries_of,
    is_boilerplate,
    is_byline,
    is_discourse_label,
    is_prose,
    label_of,
    lead_of,
    prose_words,
    recurring_lead_ins,
    sponsor_tag,
    words,
)
from index.ingest.segmenters.lines import add_body, clean_headline, plain_inline

_SPONSOR_SECTION = re.compile(
    r"sponsor|partenaire|partner|presented by|brought to you|together with|a message from|publicité|\bads?\b"
    r"|en partenariat",
    re.I,
)
_JOBS_SECTION = re.compile(r"\b(?:jobs?|hiring|careers?|job board|emplois?|offres? d[’']emploi|recrut\w*)\b", re.I)
_TOC_SECTION = re.compile(
    r"in (?:this|today[’']s) (?:issue|edition|newsletter)|table of contents|^contents$|sommaire|dans ce num[ée]ro"
    r"|au programme|aujourd[’']hui dans",
    re.I,
)
_SHARE_SECTION = re.compile(r"^(?:share|partage[rz]?|refer|parrain\w*)\b|referral|\bswag\b", re.I)
# A jobs label's list can run on into the articles (a table-layout e-mail has no end to a
# section): under it, only what reads as a job ad is dropped.
_JOB_AD = re.compile(
    r"\b(?:remote|full[- ]time|part[- ]time|hiring|jobs?|salary|engineers?|developers?|managers?|editors?|analysts?"
    r"|designers?|specialists?|directors?|coordinators?|interns?(?:hip)?|business partner|CDI|CDD|stage|alternance"
    r"|recrute|poste|emploi|chargée? de|responsable)\b",
    re.I,
)
_LINKED_HEADING = re.compile(r"\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\[\]\s]*)\)")
_TITLE_WITHIN = 15  # entries: a title comes after the navigation, never after stories
_MAX_CHROME_WORDS = 25
_MAX_TEASER_WORDS = 25
_FOOTER_SHARE = 0.25  # of the words: where its footer may start
_STORY_WORDS_IN_DIGEST = 100  # in a digest, a headed section shorter than this is a department's note
_ESSAY_INTRO_WORDS = 150  # a title followed by this much text is an essay's
_ESSAY_SECTION_WORDS = 120  # an essay's sections are long; a digest's stories are not
_ESSAY_MAX_SECTIONS = 8
_MIN_STORY_WORDS = 25  # an issue that is one story has at least a paragraph of it

Plan = Literal["container", "story", "part", "none"]


@dataclass
class _Section:
    heading: Entry | None  # a heading or a label; None for what comes before the first
    text: str
    url: str | None
    level: int  # a heading's level; a label is below every heading
    is_label: bool
    content: list[Entry] = field(default_factory=list)
    plan: Plan = "none"
    parts: list[_Section] = field(default_factory=list)  # the sub-sections of a story

    @property
    def kind(self) -> str:
        if _SPONSOR_SECTION.search(self.text):
            return "sponsor"
        if _JOBS_SECTION.search(self.text):
            return "jobs"
        if _TOC_SECTION.search(self.text):
            return "toc"
        return "share" if _SHARE_SECTION.search(self.text) else ""

    def words(self) -> int:
        return sum(words(t) for s in (self, *self.parts) for e in s.content for t in e.texts())

    def own_prose_words(self) -> int:
        """The words of its own paragraphs: not its lists, tables, or sub-sections."""
        return sum(words(e.block.text) for e in self.content if e.kind == "para")


def segment_generic(blocks: list[Block], subject: str = "") -> tuple[list[StoryDraft], str | None]:
    """(stories, title) of a Markdown issue's blocks."""
    entries, title = _drop_chrome(entries_of(blocks), subject)
    entries = [e for e in _without_footer(entries) if not is_boilerplate(e)]
    recurring = recurring_lead_ins(entries)
    leads = {id(e): lead for e in entries if (lead := lead_of(e, recurring))}
    sections = _sections(entries)
    for section in sections:
        section.plan = _plan(section, leads)
    _attach_parts(sections)
    stories_of = [s for s in sections if s.plan in ("container", "story")]
    if _is_essay(sections, leads, title):
        return [_one_story(entries, title or subject)], title
    listed = sum(
        1
        for s in stories_of
        if s.plan == "container" and s.kind not in ("sponsor", "jobs")
        for e in s.content
        if id(e) in leads
    )
    if listed > sum(1 for s in stories_of if s.plan == "story"):
        # a digest whose stories are its lists: a short headed section is a department's note
        # ("Crate of the week"), not a story
        for section in stories_of:
            if section.plan == "story" and section.own_prose_words() < _STORY_WORDS_IN_DIGEST:
                section.plan = "none"
    stories = _stories(sections, leads)
    if not stories:
        story = _one_story(entries, title or subject)
        stories = [story] if words(" ".join(story.body)) >= _MIN_STORY_WORDS else []
    return _without_teasers(stories), title


def _drop_chrome(entries: list[Entry], subject: str) -> tuple[list[Entry], str | None]:
    """The issue's title (its first heading, after nothing but short lines, when it is of
    level 1 or says what the subject says) is not a story, and a web page's navigation
    above it goes with it. Return the rest and the title."""
    at = next((i for i, e in enumerate(entries[:_TITLE_WITHIN]) if e.kind == "heading"), None)
    if at is None:
        return entries, None
    text = plain_inline(_LINKED_HEADING.sub(r"\g<text>", entries[at].block.text))
    if entries[at].block.level != 1 and text.casefold() != subject.strip().casefold():
        return entries, None
    if any(words(t) > _MAX_CHROME_WORDS for e in entries[:at] for t in e.texts()):
        return entries, None
    return entries[at + 1 :], text


def _without_footer(entries: list[Entry]) -> list[Entry]:
    """Cut the issue at its footer: the first boilerplate line ("unsubscribe", "was this
    forwarded to you?", "©") in its last quarter, and the promotions that follow it."""
    sizes = [sum(words(t) for t in e.texts()) for e in entries]
    total, seen = sum(sizes), 0
    for n, (entry, size) in enumerate(zip(entries, sizes, strict=True)):
        if seen >= total * (1 - _FOOTER_SHARE) and is_boilerplate(entry):
            return entries[:n]
        seen += size
    return entries


def _sections(entries: list[Entry]) -> list[_Section]:
    sections = [_Section(None, "", None, 0, False)]
    for entry in entries:
        label = label_of(entry)
        if entry.kind == "heading":
            text, url = entry.block.text.strip(), None
            if m := _LINKED_HEADING.fullmatch(text):
                text, url = m["text"], m["url"] or None
            sections.append(_Section(entry, plain_inline(text), url, entry.block.level, False))
        elif label is not None and not (sections[-1].content and is_byline(entry)):
            sections.append(_Section(entry, label, None, 7, True))
        else:
            sections[-1].content.append(entry)
    return sections


def _plan(section: _Section, leads: dict[int, Lead]) -> Plan:
    if section.kind in ("toc", "share"):
        return "none"
    content = section.content
    n_leads = sum(1 for e in content if id(e) in leads)
    prose = sum(1 for e in content if id(e) not in leads and is_prose(e))
    structured = any(is_discourse_label(t) for e in content if (t := bold_lead_in(e)))
    # A text that opens with a paragraph of its own and goes on in bold run-in heads
    # ("**C'est insupportable**, car…") is one story in parts, not a list of briefs.
    opens_with_prose = bool(content) and id(content[0]) not in leads and is_prose(content[0])
    run_in = opens_with_prose and all(leads[id(e)].bold for e in content if id(e) in leads)
    if n_leads and n_leads >= prose and not structured and not run_in:
        return "container"
    headed = section.heading is not None and not section.is_label and section.text
    if headed and any(e.kind in ("para", "item", "table") and prose_words(e.block.text) for e in content):
        return "story"
    return "none"


def _attach_parts(sections: list[_Section]) -> None:
    """Make sub-sections part of the story above them: a deeper heading, or a heading or
    label that ends with a colon ("Key events next week:")."""
    story: _Section | None = None
    for section in sections:
        if section.heading is None:
            continue
        run_in = section.text.endswith(":")
        deeper = not section.is_label and story is not None and section.level > story.level
        if story is not None and section.content and (run_in or (deeper and section.plan != "container")):
            section.plan = "part"
            story.parts.append(section)
            continue
        story = section if section.plan == "story" else None


def _is_essay(sections: list[_Section], leads: dict[int, Lead], title: str | None) -> bool:
    """One text: a title followed by its text, or a few long sections and no list of items."""
    if any(s.plan == "container" and sum(id(e) in leads for e in s.content) >= 2 for s in sections):
        return False
    stories = [s for s in sections if s.plan == "story"]
    if sum(bool(s.url) for s in stories) * 2 > len(stories):
        return False  # headlines that link to their articles: a digest
    start = sections[0]
    if title and start.words() >= _ESSAY_INTRO_WORDS:
        return True
    long = 2 <= len(stories) <= _ESSAY_MAX_SECTIONS
    return long and sum(s.words() for s in stories) / len(stories) >= _ESSAY_SECTION_WORDS


def _one_story(entries: list[Entry], headline: str | None) -> StoryDraft:
    story = StoryDraft(headline=headline or None)
    for entry in entries:
        if entry.kind == "picture":
            story.captions.append(plain_inline(entry.block.text))
        elif entry.kind != "heading":
            for text in entry.texts():
                add_body(story, text)
    return story


def _stories(sections: list[_Section], leads: dict[int, Lead]) -> list[StoryDraft]:
    stories: list[StoryDraft] = []
    group: str | None = None  # the label or empty heading the next stories sit under
    above: str | None = None  # that label, when it is right above this section
    for section in sections:
        if section.plan == "story":
            stories.append(_headed_story(section, group))
        elif section.plan == "container":
            stories.extend(_container_stories(section, leads, section.text or group, _kind_of(section, above)))
        above = None
        if section.plan == "none" and section.heading is not None and not section.content:
            group = above = section.text or group
    return stories


def _headed_story(section: _Section, group: str | None) -> StoryDraft:
    headline, sponsor = clean_headline(section.text)
    kind = "sponsor" if sponsor or section.kind == "sponsor" or (group and _SPONSOR_SECTION.search(group)) else "news"
    story = StoryDraft(headline=headline, url=section.url, section=group, kind=kind)
    for part in (section, *section.parts):
        if part is not section:
            add_body(story, part.text)
        for entry in part.content:
            if entry.kind == "picture":
                story.captions.append(plain_inline(entry.block.text))
            else:
                for text in entry.texts():
                    add_body(story, text)
    return story


def _kind_of(section: _Section, group: str | None) -> str:
    """A section's kind, or the kind of the label it sits under ("**Job board**" over a
    heading "Find the perfect match for your career path")."""
    return section.kind or (_Section(None, group, None, 0, True).kind if group else "")


def _container_stories(
    section: _Section, leads: dict[int, Lead], group: str | None, section_kind: str
) -> list[StoryDraft]:
    """Each lead is a story; a byline or a sponsor tag under it, and the paragraphs after a
    lead paragraph, are its own."""
    stories: list[StoryDraft] = []
    current: StoryDraft | None = None
    fresh = False  # the current story has only its lead so far: a short line after it is its byline
    previous: Entry | None = None
    item_leads = [e.kind == "item" for e in section.content if id(e) in leads]
    a_list = sum(item_leads) * 2 > len(item_leads)  # its stories are the items of a list
    for entry in section.content:
        lead = leads.get(id(entry))
        if lead is None and a_list and entry.kind == "item" and (previous is None or previous.kind == "item"):
            lead = blurb_lead(entry)  # a sibling of the linked items, without a link of its own
        if lead is not None:
            current = _lead_story(lead, entry, group, section_kind)
            if current is not None:
                stories.append(current)
            fresh = True
        elif current is None:
            pass
        elif fresh and is_byline(entry):
            sponsor, byline = sponsor_tag(entry.block.text)
            current.kind = "sponsor" if sponsor else current.kind
            current.byline = current.byline or byline or None
        elif entry.kind == "picture":
            current.captions.append(plain_inline(entry.block.text))
        elif entry.kind == "item" and previous is not None and previous.kind != "item":
            current = None  # a list after a lead paragraph is its own thing (a listing, a footer)
        elif entry.kind == "para" and previous is not None and previous.kind == "item":
            current = None  # the list is over: what follows is the section's, not the last item's
        else:
            for text in entry.texts():
                add_body(current, text)
        if lead is None:
            fresh = False
        previous = entry
    return stories


def _lead_story(lead: Lead, entry: Entry, group: str | None, section_kind: str) -> StoryDraft | None:
    if section_kind == "jobs" and _JOB_AD.search(lead.headline):
        return None  # a job ad under a jobs label
    headline, sponsor = clean_headline(lead.headline) if lead.led else (lead.headline, False)
    kind = "sponsor" if sponsor or section_kind == "sponsor" else "news"
    story = StoryDraft(headline=headline, url=lead.url, section=group, kind=kind)
    for text in [lead.rest, *(p.text for p in entry.parts)]:
        if text:
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
