"""The entries of a Markdown issue and what each one is: a story's lead, a label, a byline,
boilerplate, prose.

An *entry* is a top-level block with the blocks that belong to it (a list item's own
paragraphs and sub-items). These are the judgements about one entry that the generic
segmenter (``generic.py``) builds its sections from; none of them looks at the issue's
layout as a whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from index.ingest.segmenters.blocks import Block
from index.ingest.segmenters.lines import plain_inline

LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\((?P<url>[^()\[\]\s]*)\)")
_LINK_AT_START = re.compile(r"^\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\[\]\s]*)\)")
_TAGS_AT_START = re.compile(r"^(?:\[[^\[\]]{1,20}\]\s*)+(?=\[)")  # "[video] [series] [Title](url)"
_BOLD_AT_START = re.compile(r"^(?:\*\*|__)(?P<text>[^*_]{2,200}?)(?:\*\*|__)")
SEPARATORS = " \t:.—–-|,"

# The bold lead-ins of a story's own paragraphs ("**Why it matters:** …"): a story's
# structure, not a new story.
_DISCOURSE = re.compile(
    r"^(?:why it matters|the big picture|big picture|zoom (?:in|out)|what(?:[’']s| is) next|what(?:[’']s| is) new"
    r"|driving the news|context|between the lines|the bottom line|bottom line|yes,? but|by the numbers"
    r"|the other side|what (?:to|we(?:[’']re| are)) watch(?:ing)?|what they(?:[’']re| are) saying|state of play"
    r"|catch up quick|go deeper|flashback|reality check|the latest|details|fun fact|what happened|the backstory"
    r"|check (?:this|it) out|the takeaway|key takeaways?|tl;?dr|in short|our thought bubble|thought bubble"
    r"|pourquoi c[’']est important|en bref|le contexte|contexte|en chiffres|la suite|[àa] suivre"
    r"|ce qu[’']il faut retenir|les d[ée]tails|le point|oui,? mais|en r[ée]sum[ée]|le fait du jour|[àa] retenir)\W*$",
    re.I,
)
_GREETING = re.compile(
    r"^(?:good (?:morning|afternoon|evening)|happy|hello|hi|hey|dear|welcome|bonjour|bonsoir|salut"
    r"|bon(?:ne)? (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|journ[ée]e|matin[ée]e|semaine))\b",
    re.I,
)
_DATELINE = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .’'-]{1,40}|\d{1,2}[ /.-]\d{1,2}(?:[ /.-]\d{2,4})?)\s*[—–-]?\s*$")
# A link whose words ask the reader to do something is not a story.
CALL_TO_ACTION = re.compile(
    r"^(?:please|let us know|submit|subscribe|sign (?:up|in)|log ?in|join|share|forward|follow|donate|support us"
    r"|refer|read (?:more|online|on the web|in (?:your )?browser)|view (?:online|in|this)|click|discuss|advertise"
    r"|unsubscribe|manage|update your|change your|stop getting|contact us|reply|s[’']abonner|abonnez|inscri"
    r"|se d[ée]s(?:abonner|inscrire)|d[ée]sinscri|partage[rz]?|transf[ée]r|suivez|soutenez|faire un don|parrain"
    r"|lire (?:la suite|en ligne|dans)|voir (?:en ligne|dans|la version)|cliquez|r[ée]pondez|nous contacter)\b"
    r"|\b(?:here|ici)\W*$",
    re.I,
)
_BOILERPLATE = re.compile(
    r"unsubscribe|se d[ée]sinscrire|se d[ée]sabonner|d[ée]sinscription"
    r"|view (?:this|it|in|on) (?:e-?mail|browser|the web)|read (?:it )?on the web|voir (?:dans|en) (?:le )?navigateur"
    r"|(?:manage|update|change) (?:your )?(?:subscription|preferences|e-?mail)|stop getting"
    r"|(?:you(?:[’']re| are)|vous) (?:receiv|recev)|forwarded (?:this|to you)|(?:on )?vous a transf[ée]r[ée]"
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
MIN_BLURB_WORDS = 8  # a list item not led by its link needs a blurb of its own to be a story
MIN_BOLD_LEAD_WORDS = 12  # a bold lead-in opens a story only if a paragraph follows it
PROSE_WORDS = 12  # a paragraph of prose, not a label or a byline
_MAX_LABEL_WORDS = 6
_MIN_LINKS_IN_ROW = 3
_MAX_BYLINE_WORDS = 5


@dataclass
class Entry:
    """A top-level block and the blocks that belong to it (an item's paragraphs and sub-items)."""

    block: Block
    parts: list[Block] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.block.kind

    def texts(self) -> list[str]:
        return [self.block.text, *(p.text for p in self.parts)]


@dataclass
class Lead:
    """The story an entry leads with."""

    headline: str
    url: str | None
    rest: str  # the text after the lead, the start of the story's body
    led: bool  # led by its link or bold; False for an item that merely carries a link
    bold: bool = False  # led by a bold lead-in without a link


def words(text: str) -> int:
    return len(plain_inline(text).split())


def prose_words(text: str) -> int:
    """Words of two letters or more: "2026-08-19 | Online (Paris, FR) |" has two."""
    return len(re.findall(r"[^\W\d_]{2,}", plain_inline(text)))


def entries_of(blocks: list[Block]) -> list[Entry]:
    entries: list[Entry] = []
    for block in blocks:
        belongs = block.inside_item or (block.kind == "item" and block.level > 0)
        if belongs and entries and entries[-1].kind == "item":
            entries[-1].parts.append(block)
        else:
            entries.append(Entry(block))
    return [e for e in entries if plain_inline(e.block.text) or e.kind == "picture" or e.parts]


def is_symbol(char: str) -> bool:
    return unicodedata.category(char)[0] == "S" or char in "\ufe0f\u200d"


def without_symbols(text: str) -> str:
    """The text after its leading emoji and spaces."""
    start = 0
    while start < len(text) and (is_symbol(text[start]) or text[start].isspace()):
        start += 1
    return text[start:]


def bold_lead_in(entry: Entry) -> str | None:
    """The bold words a paragraph or item opens with ("**Why it matters:**"), without a link."""
    if entry.kind not in ("para", "item"):
        return None
    m = _BOLD_AT_START.match(entry.block.text)
    if m is None or "](" in m["text"]:
        return None
    return plain_inline(m["text"]).strip(SEPARATORS) or None


def is_discourse_label(text: str) -> bool:
    return _DISCOURSE.match(text.strip(SEPARATORS + "*_")) is not None


def lead_of(entry: Entry, recurring: set[str]) -> Lead | None:
    """The story an entry leads with, if it is a lead: led by its link, by a bold lead-in
    followed by a paragraph, or an item that carries a link and a blurb of its own."""
    lead = _lead(entry, recurring)
    return None if lead is None or _not_a_story(lead) else lead


def _lead(entry: Entry, recurring: set[str]) -> Lead | None:
    if entry.kind not in ("para", "item"):
        return None
    text = entry.block.text
    if len(LINK.findall(text)) >= _MIN_LINKS_IN_ROW and prose_words(LINK.sub("", text)) < MIN_BLURB_WORDS:
        return None  # "[LinkedIn](…) [Mastodon](…) [YouTube](…)": a row of links, navigation
    bold = text.startswith(("**", "__"))
    body = without_symbols(text[2:] if bold else text)
    body = _TAGS_AT_START.sub("", body)
    if m := _LINK_AT_START.match(body):
        headline, url, rest = m["text"], m["url"] or None, body[m.end() :]
        if bold:
            rest = rest.lstrip("*_")
        led_by_bold = False
    elif bold and (m := _BOLD_AT_START.match(text)):
        headline, url, rest = m["text"], None, text[m.end() :]
        lead_in = without_symbols(plain_inline(headline)).strip(SEPARATORS)
        if (
            prose_words(rest) < MIN_BOLD_LEAD_WORDS
            or is_discourse_label(lead_in)
            or _GREETING.match(lead_in)
            or _DATELINE.match(lead_in)
            or lead_in.casefold() in recurring
        ):
            return None  # "**Jobs**", "**Why it matters:**", "**Good morning!**": not a story's lead
        led_by_bold = True
    elif entry.kind == "item" and (links := [m for m in LINK.finditer(text) if m["url"]]):
        if prose_words(LINK.sub("", text)) < MIN_BLURB_WORDS:
            return None  # "2026-08-19 | Online | [Meetup](url)": a listing
        return Lead(first_sentence(text), links[0]["url"], text, led=False)
    else:
        return None
    headline = plain_inline(headline).strip(SEPARATORS + "*_ ")
    if not headline:
        return None
    return Lead(headline, url, rest.lstrip(SEPARATORS).strip(), led=True, bold=led_by_bold)


def blurb_lead(entry: Entry) -> Lead | None:
    """A list item with a blurb of its own but no link or bold lead-in: a story when its
    siblings are stories (``generic.py`` decides)."""
    if entry.kind != "item" or prose_words(entry.block.text) < MIN_BLURB_WORDS:
        return None
    lead = Lead(first_sentence(entry.block.text), None, entry.block.text, led=False)
    return None if _not_a_story(lead) else lead


def _not_a_story(lead: Lead) -> bool:
    """A call to action, a bare link to a bug tracker, or a one-word bare link (a person, a project)."""
    if CALL_TO_ACTION.search(lead.headline):
        return True
    bare = lead.led and words(lead.rest) < 3
    return bare and (bool(lead.url and _TRACKER.match(lead.url)) or len(lead.headline.split()) < 2)


def recurring_lead_ins(entries: list[Entry]) -> set[str]:
    """Bold lead-ins printed more than once in the issue ("**Our take:**", "**Chicago:**"):
    a department's structure, not headlines."""
    counts = Counter(lead_in.casefold() for e in entries if (lead_in := bold_lead_in(e)))
    return {text for text, n in counts.items() if n > 1}


def first_sentence(text: str, max_words: int = 15) -> str:
    plain = plain_inline(text)
    sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
    found = sentence.split()
    return " ".join(found[:max_words]) + ("…" if len(found) > max_words else "")


def is_boilerplate(entry: Entry) -> bool:
    text = " ".join(entry.texts())
    return words(text) <= _MAX_BOILERPLATE_WORDS and bool(_BOILERPLATE.search(plain_inline(text)))


def label_of(entry: Entry) -> str | None:
    """A short bold or emoji-led line between items ("**In brief:**", "🛠 Code & Tools"): a section."""
    if entry.kind != "para" or entry.parts:
        return None
    text = entry.block.text.strip()
    plain = plain_inline(text).strip(" :")
    if not plain or len(plain.split()) > _MAX_LABEL_WORDS or "](" in text:
        return None
    if is_symbol(plain[0]):  # "🛠 Code & Tools", "😎 A Cool One..": the emoji is the section's mark
        return without_symbols(plain).rstrip(".…") or None
    whole_bold = re.fullmatch(r"(?:\*\*|__)[^*_]+(?:\*\*|__):?", text) is not None
    return plain if whole_bold and plain[-1] not in ".!?" else None


def is_byline(entry: Entry) -> bool:
    text = plain_inline(entry.block.text)
    return (
        entry.kind == "para"
        and not entry.parts
        and "](" not in entry.block.text
        and not entry.block.text.startswith(("**", "__"))  # a bold line is a label
        and 0 < len(text.split()) <= _MAX_BYLINE_WORDS
        and text[-1] not in ".!?:"
    )


def sponsor_tag(text: str) -> tuple[bool, str]:
    """ "Mux sponsor" → (True, "Mux"); "Russ Cox" → (False, "Russ Cox")."""
    plain = plain_inline(text)
    if _SPONSOR_TAG.search(plain):
        return True, _SPONSOR_TAG.sub("", plain).strip()
    return False, plain


def is_prose(entry: Entry) -> bool:
    """A paragraph of running text, not a label, a byline or a listing."""
    return entry.kind == "para" and prose_words(entry.block.text) >= PROSE_WORDS
