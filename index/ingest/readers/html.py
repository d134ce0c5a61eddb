"""HTML (newsletter e-mails and web pages) → Markdown for the Markdown segmenter.

The page is parsed by lxml, which reads markup as browsers do: Outlook's conditional
comments, tables nested ten deep, tags split across lines and pages cut off in the middle
all come out as the reader saw them. What carries story boundaries survives as Markdown:
headings keep their level (and their link, ``### [Headline](url)``), links stay links (a
tracking redirect included: it is where the reader's click went), bold lead-ins stay
``**bold**``, list items stay ``* items`` with their nesting, pictures become captions.
Scripts, styles, navigation, forms, footers and hidden text (an e-mail's preheader) are
dropped; nothing of the page's markup reaches the index.

The publisher's metadata (``<title>``, Open Graph, ``article:published_time``, JSON-LD)
comes back beside the text.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import Comment, Declaration, Doctype, NavigableString, PageElement, ProcessingInstruction, Tag
from bs4.exceptions import ParserRejectedMarkup

_DROP = "script style noscript template nav footer form iframe svg head button select".split()
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    "p div li ul ol td th tr table tbody thead section article blockquote pre header main aside figure "
    "figcaption dd dt dl center body html hr address".split()
)
_LISTS = frozenset(("ul", "ol"))
_BOLD_TAGS = frozenset(("strong", "b"))
# Hidden text: a preheader (the line a mail client shows beside the subject), tracking
# blocks, the text version of a button. Neither ``mso-hide`` (it hides from Outlook only,
# and what it hides is what every other client shows) nor ``font-size: 0`` (templates set
# it on containers to close the gaps between columns; their text sets its own size).
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|max-height\s*:\s*0(?:px)?\s*(?:!important\s*)?;(?=.*overflow\s*:\s*hidden)",
    re.I | re.S,
)
_HIDDEN_CLASS = re.compile(r"preheader|preview-?text|visually-hidden|sr-only", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
# E-mail templates print headlines as a big <span> or <td>, not as <h2>: a short line in a
# large font, or marked by its class, is a heading.
_FONT_SIZE = re.compile(r"font-size\s*:\s*(?P<size>\d+(?:\.\d+)?)\s*(?P<unit>px|pt|r?em)", re.I)
_HEADING_SIZE = {"px": 20.0, "pt": 15.0, "em": 1.4, "rem": 1.4}
_HEADING_CLASS = re.compile(r"^(?:hed|headline|heading|title|post-title|story-title)$", re.I)
_MAX_HEADING_WORDS = 20
_DISPLAY_HEADING_LEVEL = 2
# Characters e-mail templates pad preheaders and numbers with: never text.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u034f\u00ad"), None)
_MAX_JSON_LD_CHARS = 200_000


@dataclass
class PageMeta:
    """What the publisher says about the page, each None when it does not say."""

    title: str = ""
    site_name: str | None = None
    published: str | None = None  # date text, as the page gives it
    author: str | None = None
    keywords: list[str] = field(default_factory=list)


@dataclass
class Page:
    markdown: str
    meta: PageMeta


def html_to_markdown(html: str) -> tuple[str, str]:
    """(markdown text, page title) of an HTML document; a broken page is never an error."""
    page = read_page(html)
    return page.markdown, page.meta.title


def read_page(html: str) -> Page:
    """The page as Markdown and its metadata; ``ValueError`` only if the parser rejects it."""
    try:
        with warnings.catch_warnings():  # an XHTML e-mail with an <?xml?> prologue is still HTML
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(html.replace("\x00", ""), "lxml")  # a NUL is never text
    except ParserRejectedMarkup as error:
        raise ValueError(f"the HTML parser rejected it ({error})") from None
    meta = _meta(soup)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()
    return Page(markdown="\n\n".join(_Renderer().render(soup)), meta=meta)


def _is_hidden(tag: Tag) -> bool:
    if tag.name in ("html", "body"):  # a template's "display:none" body is a bug, not a secret
        return False
    if tag.has_attr("hidden"):
        return True
    style, classes = tag.get("style"), tag.get("class")
    if isinstance(style, str) and _HIDDEN_STYLE.search(style):
        return True
    return isinstance(classes, list) and bool(_HIDDEN_CLASS.search(" ".join(classes)))


def _is_display_heading(tag: Tag) -> bool:
    """A short line of text set as a headline by its font size or class, not by its tag."""
    style, classes = tag.get("style"), tag.get("class")
    size = _FONT_SIZE.search(style) if isinstance(style, str) else None
    large = size is not None and float(size["size"]) >= _HEADING_SIZE[size["unit"].lower()]
    marked = isinstance(classes, list) and any(_HEADING_CLASS.match(c) for c in classes)
    if not (large or marked) or tag.find(_HEADINGS.keys() | _BLOCKS | {"img", "br"}):
        return False
    return 0 < len(tag.get_text(" ").split()) <= _MAX_HEADING_WORDS


def _is_bold(tag: Tag) -> bool:
    style = tag.get("style")
    return tag.name in _BOLD_TAGS or (isinstance(style, str) and bool(_BOLD_STYLE.search(style)))


def _link_target(tag: Tag) -> str | None:
    """A link a reader can follow, with the characters Markdown would misread escaped."""
    href = tag.get("href")
    if not isinstance(href, str) or not re.match(r"^\s*https?://", href, re.I):
        return None
    return quote(href.strip(), safe="/:?#&=%+,;@!$'*~.-_")


# -- the walk ------------------------------------------------------------------------------------
class _End:
    """Pushed on the stack under an element's children: what to do when they are done."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: Any = None) -> None:
        self.kind, self.value = kind, value


class _Renderer:
    """The page's blocks in document order, with the inline markup that marks stories.

    Walked with an explicit stack, not recursion: 100,000 nested ``<div>`` are a deep tree
    but not an error. Bold and links open lazily, on their first word, and close at the end
    of a block: a bold ``<td>`` holding two paragraphs makes two bold paragraphs, never a
    ``**`` left open across blocks, and an empty link leaves nothing."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.inline: list[str] = []
        self.bold = 0  # bold elements open around the current text
        self.bold_open = False  # "**" written in this block and not yet closed
        self.links: list[str | None] = []  # the targets of the <a> open around the current text
        self.link_open: str | None = None  # the target whose "[" is written and not yet closed
        self.heading = 0  # the level of the heading being written
        self.block_link: str | None = None  # a link around whole blocks (a card): on the next block
        self.lists = 0  # list nesting
        self.bullet: str | None = None  # the marker the next block of a list item starts with

    def render(self, soup: BeautifulSoup) -> list[str]:
        stack: list[PageElement | _End] = [soup]
        while stack:
            node = stack.pop()
            if isinstance(node, _End):
                self._end(node)
            elif isinstance(node, NavigableString):
                if not isinstance(node, _NOT_TEXT):
                    self._text(str(node))
            elif isinstance(node, Tag):
                self._start(node, stack)
        self._flush()
        return self.blocks

    def _start(self, tag: Tag, stack: list[PageElement | _End]) -> None:
        name = tag.name
        if name == "br":
            if self.links:
                self._text(" ")  # a line break inside a link: the link's text goes on
            else:
                self._flush()
            return
        if name in ("img", "figcaption"):
            self._caption(tag)
            return
        ends: list[_End] = []
        if name in _HEADINGS or (not self.heading and not self.links and _is_display_heading(tag)):
            self._flush()
            self.heading = _HEADINGS.get(name, _DISPLAY_HEADING_LEVEL)
            ends.append(_End("heading"))
        elif name in _BLOCKS:
            self._flush()
            ends.append(_End("block"))
            if name in _LISTS:
                self.lists += 1
                ends.append(_End("list"))
            elif name == "li":
                self.bullet = "  " * max(self.lists - 1, 0) + "* "
                ends.append(_End("item"))
        if name == "a":
            target = _link_target(tag)
            if target and tag.find(_HEADINGS.keys() | _BLOCKS):
                self.block_link = target  # a card: the link goes around the first block inside
            else:
                self.links.append(target)
                ends.append(_End("link"))
        if _is_bold(tag):
            self.bold += 1
            ends.append(_End("bold"))
        stack.extend(reversed(ends))  # the block's end first: it flushes while the item's marker holds
        stack.extend(reversed(tag.contents))

    def _end(self, end: _End) -> None:
        if end.kind in ("block", "heading"):
            self._flush()
            self.heading = 0 if end.kind == "heading" else self.heading
        elif end.kind == "list":
            self.lists -= 1
        elif end.kind == "item":
            self.bullet = None
        elif end.kind == "link":
            target = self.links.pop()
            if self.link_open is not None and target == self.link_open and target not in self.links:
                self._close_link()
        elif end.kind == "bold":
            self.bold -= 1
            if not self.bold:
                self._close_bold()

    def _text(self, text: str) -> None:
        text = text.translate(INVISIBLE)
        if not text.strip():
            if text and self.inline:
                self.inline.append(" ")
            return
        lead = text[: len(text) - len(text.lstrip())]
        if lead:
            self.inline.append(" ")
        target = next((t for t in reversed(self.links) if t), None)
        if self.bold and not self.bold_open and not self.heading and not target:
            self.inline.append("**")
            self.bold_open = True
        if target and self.link_open is None:
            self.inline.append("[")
            self.link_open = target
        self.inline.append(text.strip().replace("[", "(").replace("]", ")") if target else text.strip())
        if text[len(text.rstrip()) :]:
            self.inline.append(" ")

    def _close_link(self) -> None:
        self._trim()
        self.inline.append(f"]({self.link_open})")
        self.link_open = None

    def _close_bold(self) -> None:
        if self.bold_open:
            self._trim()
            self.inline.append("**")
            self.bold_open = False

    def _trim(self) -> None:
        """Move trailing space out of a link or bold run about to close: ``**lead** text``."""
        if self.inline and self.inline[-1] == " ":
            self.inline.pop()

    def _flush(self) -> None:
        if self.link_open is not None:
            self._close_link()
        self._close_bold()
        text = re.sub(r"\s+", " ", "".join(self.inline)).strip()
        self.inline.clear()
        if not text:
            return
        if self.block_link and "](" not in text:
            text, self.block_link = f"[{text.replace('[', '(').replace(']', ')')}]({self.block_link})", None
        if self.heading:
            text = f"{'#' * self.heading} {text}"
        elif self.bullet is not None:
            text, self.bullet = self.bullet + text, None
        elif self.lists:
            text = "  " * self.lists + text  # a second paragraph of a list item: it belongs to the item
        self.blocks.append(text)

    def _caption(self, tag: Tag) -> None:
        """A picture's legend or alt text becomes a caption block; a picture inside a link
        (a logo, a button) or without words is decoration."""
        if tag.name == "img" and (self.links or tag.find_parent("a")):
            return
        caption = tag.get("alt", "") if tag.name == "img" else tag.get_text(" ")
        caption = re.sub(r"[\s\[\]]+", " ", str(caption).translate(INVISIBLE)).strip()
        if caption:
            self._flush()
            self.blocks.append(f"![{caption}]()")


# -- the publisher's metadata ---------------------------------------------------------------------
def _meta(soup: BeautifulSoup) -> PageMeta:
    meta = PageMeta(title=_clean(soup.title.get_text(" ")) if soup.title else "")
    tags: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            tags.setdefault(key.lower(), _clean(content))
    meta.site_name = tags.get("og:site_name") or tags.get("application-name")
    meta.published = next(
        (tags[k] for k in ("article:published_time", "datepublished", "date", "dc.date", "pubdate") if k in tags),
        None,
    )
    meta.author = tags.get("author") or tags.get("article:author")
    meta.keywords = [k.strip() for k in (tags.get("keywords") or "").split(",") if k.strip()]
    for data in _json_ld(soup):
        meta.published = meta.published or _text_field(data, "datePublished")
        publisher = data.get("publisher") if isinstance(data.get("publisher"), dict) else None
        part_of = data.get("isPartOf") if isinstance(data.get("isPartOf"), dict) else None
        meta.site_name = meta.site_name or _text_field(part_of or {}, "name") or _text_field(publisher or {}, "name")
        if not meta.title:
            meta.title = _text_field(data, "headline") or ""
    if not meta.title:
        meta.title = tags.get("og:title", "")
    return meta


def _json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """The JSON-LD objects of the page (a ``@graph`` flattened); a broken block is skipped."""
    found: list[dict[str, Any]] = []
    for script in soup.find_all("script", type="application/ld+json"):
        text = script.string or ""
        if len(text) > _MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                graph = item.get("@graph")
                found.extend(g for g in graph if isinstance(g, dict)) if isinstance(graph, list) else found.append(item)
    return found


def _text_field(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return _clean(value) or None if isinstance(value, str) else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(INVISIBLE)).strip()
