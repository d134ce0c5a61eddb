"""HTML (newsletter e-mails and web pages) → Markdown-like text for the Markdown segmenter.

Headings keep their level (and their link, ``### [Headline](url)``), block elements become
paragraphs, everything else is reduced to its text. Scripts, styles, navigation, forms and
footers are dropped; nothing of the page's markup reaches the index.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bs4 import BeautifulSoup
from bs4.element import Comment, Declaration, Doctype, NavigableString, PageElement, ProcessingInstruction, Tag
from bs4.exceptions import ParserRejectedMarkup

_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "form",
    "iframe",
    "svg",
    "head",
    "button",
    "select",
)
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "td",
    "th",
    "tr",
    "table",
    "tbody",
    "thead",
    "section",
    "article",
    "blockquote",
    "pre",
    "header",
    "main",
    "aside",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "center",
    "body",
    "html",
    "hr",
    "address",
}


def _heading(tag: Tag, level: int) -> str:
    text = re.sub(r"\s+", " ", tag.get_text(" ")).strip()
    links = [a for a in tag.find_all("a") if a.get("href")]
    if len(links) == 1 and re.sub(r"\s+", " ", links[0].get_text(" ")).strip() == text:
        return f"{'#' * level} [{text}]({links[0]['href']})"
    return f"{'#' * level} {text}"


# "<![if !mso]>", "<![CDATA[…]]>", "<![<![": a bogus comment up to the next ">" in HTML5;
# Python's html.parser rejects the markup of the whole page on the wrong one.
_MARKED_SECTION = re.compile(r"<!\[[^>]*>?")


def parseable_markup(html: str) -> str:
    """``html`` as HTML5 reads it, minus what trips up Python's ``html.parser``.

    Marked sections go (HTML5 drops them as comments). So does a trailing construct that
    never closes (``<a href=…`` up to the end of the file): HTML5 drops it too, while
    ``html.parser`` before Python 3.11.13 (gh-135462) rescans the rest of the file from
    every ``<`` in it, which takes hours on a few megabytes of ``<a <a <a``. One linear
    pass finds where the parser stops; what follows is cut off."""
    html = _MARKED_SECTION.sub("", html)
    probe = HTMLParser(convert_charrefs=False)
    try:
        probe.feed(html)
    except AssertionError:  # html.parser's "should not happen": BeautifulSoup reports it
        return html
    tail = probe.rawdata
    return html[: len(html) - len(tail)] if tail.startswith("<") else html


def html_to_markdown(html: str) -> tuple[str, str]:
    """(markdown text, page title) of an HTML document; a broken page is never an error.

    Raises ``ValueError`` only when the HTML parser itself rejects the markup."""
    try:
        soup = BeautifulSoup(parseable_markup(html), "html.parser")
    except ParserRejectedMarkup as error:
        raise ValueError(f"the HTML parser rejected it ({error})") from None
    title = soup.title.get_text(" ").strip() if soup.title else ""
    for tag in soup.find_all(_DROP):
        tag.decompose()
    return "\n\n".join(_blocks(soup)), title


def _blocks(soup: BeautifulSoup) -> list[str]:
    """The page's headings and paragraphs, in document order.

    Walked with an explicit stack, not recursion: 100,000 nested ``<div>`` (or unclosed
    ``<p>``, which ``html.parser`` nests) are a deep tree but not an error."""
    blocks: list[str] = []
    inline: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(inline)).strip()
        if text:
            blocks.append(text)
        inline.clear()

    stack: list[PageElement | None] = [soup]  # None marks the end of a block element
    while stack:
        node = stack.pop()
        if node is None:
            flush()
        elif isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                inline.append(str(node))
        elif isinstance(node, Tag):
            if node.name in _HEADINGS:
                flush()
                blocks.append(_heading(node, _HEADINGS[node.name]))
                continue
            if node.name == "br":
                flush()
                continue
            if node.name in ("figcaption", "img"):  # a picture's legend or alt text: a caption
                flush()
                caption = node.get("alt", "") if node.name == "img" else node.get_text(" ")
                caption = re.sub(r"[\s\[\]]+", " ", str(caption)).strip()
                if caption:
                    blocks.append(f"![{caption}]()")
                continue
            if node.name in _BLOCKS:
                flush()
                stack.append(None)
            stack.extend(reversed(node.contents))
    flush()
    return blocks
