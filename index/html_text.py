"""HTML (newsletter e-mails and web pages) → Markdown-like text for the Markdown segmenter.

Headings keep their level (and their link, ``### [Headline](url)``), block elements become
paragraphs, everything else is reduced to its text. Scripts, styles, navigation, forms and
footers are dropped; nothing of the page's markup reaches the index.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

_DROP = ("script", "style", "noscript", "template", "nav", "footer", "form", "iframe", "svg",
         "head", "button", "select")  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {"p", "div", "li", "ul", "ol", "td", "th", "tr", "table", "tbody", "thead", "section",
           "article", "blockquote", "pre", "header", "main", "aside", "figure", "figcaption",
           "dd", "dt", "dl", "center", "body", "html", "hr", "address"}  # fmt: skip


def _heading(tag: Tag, level: int) -> str:
    text = re.sub(r"\s+", " ", tag.get_text(" ")).strip()
    links = [a for a in tag.find_all("a") if a.get("href")]
    if len(links) == 1 and re.sub(r"\s+", " ", links[0].get_text(" ")).strip() == text:
        return f"{'#' * level} [{text}]({links[0]['href']})"
    return f"{'#' * level} {text}"


def html_to_markdown(html: str) -> tuple[str, str]:
    """(markdown text, page title) of an HTML document."""
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ").strip() if soup.title else ""
    for tag in soup.find_all(_DROP):
        tag.decompose()
    blocks: list[str] = []
    inline: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(inline)).strip()
        if text:
            blocks.append(text)
        inline.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "Declaration"):
                    continue
                inline.append(str(child))
            elif isinstance(child, Tag):
                if child.name in _HEADINGS:
                    flush()
                    blocks.append(_heading(child, _HEADINGS[child.name]))
                elif child.name == "br":
                    flush()
                elif child.name in _BLOCKS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(soup)
    flush()
    return "\n\n".join(blocks), title
