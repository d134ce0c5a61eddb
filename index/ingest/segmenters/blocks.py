"""Markdown → its blocks: headings, list items, paragraphs, pictures.

What a publisher's source holds besides the text goes first: front matter (YAML between
``---`` lines, TOML between ``+++``, or Pelican's ``Key: value`` header) is read as
metadata; HTML comments, template tags (``{% … %}``, ``{{ … }}``) and stray HTML tags are
removed; reference links (``[text][label]`` with ``[label]: url`` further down) become
inline links, and a reference defined elsewhere (by an ``{% include %}``) becomes a link
without a target, still a link.

Every pattern runs in linear time on any line; comments and template tags are found with
``str.find``, not with a regular expression that could rescan a long file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "item", "para", "picture", "table"]


@dataclass
class Block:
    kind: BlockKind
    text: str  # inline Markdown, the block's lines joined by spaces
    level: int = 0  # a heading's level; a list item's nesting (0 = top level)
    inside_item: bool = False  # a paragraph (or sub-item) that belongs to the list item above


@dataclass
class Source:
    """A Markdown document taken apart: its metadata header and its blocks."""

    header: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


_FRONT_MATTER = {"---": "---", "+++": "+++"}
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]{0,30})\s*[:=]\s*(?P<value>.*)$")
_ATX = re.compile(r"^(?P<hashes>#{1,6})(?:\s+(?P<text>.*?))?\s*#*\s*$")
_ITEM = re.compile(r"^(?P<marker>[*+-]|\d{1,3}[.)])\s+(?P<text>.*)$")
_SETEXT = re.compile(r"^(?:=+|-+)\s*$")
_RULE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^(?:```|~~~)")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[(?P<label>[^\[\]]{1,200})\]:\s*<?(?P<url>\S+?)>?(?:\s+.*)?$")
_REFERENCE_USE = re.compile(r"\[(?P<text>[^\[\]]{1,500})\]\[(?P<label>[^\[\]]{0,200})\]")
_SHORTCUT_REFERENCE = re.compile(r"\[(?P<text>[^\[\]]{1,200})\](?![(\[:])")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,500})?/?>")
_PICTURE = re.compile(r"^(?:!\[(?P<alt>[^\[\]]*)\]\([^)\[\]\s]*\)\s*)+$")
_DELIMITED = (("<!--", "-->"), ("{%", "%}"), ("{{", "}}"), ("{#", "#}"))


def parse(text: str) -> Source:
    header, body = _split_header(text)
    body = _drop_delimited(body)
    lines, references = _take_references(body.splitlines())
    blocks = _blocks(lines)
    for block in blocks:
        block.text = _resolve_references(block.text, references)
    return Source(header=header, blocks=blocks)


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """(metadata, the rest): YAML/TOML front matter, or a Pelican-style ``Key: value``
    header (two lines at least, before the first blank line)."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    first = lines[0].strip() if lines else ""
    if first in _FRONT_MATTER:
        end = next((i for i, ln in enumerate(lines[1:200], start=1) if ln.strip() == _FRONT_MATTER[first]), None)
        if end is not None:
            return _header_fields(lines[1:end]), "\n".join(lines[end + 1 :])
    head = []
    for line in lines[:30]:
        if not line.strip():
            break
        head.append(line)
    if len(head) >= 2 and all(_HEADER_LINE.match(ln) for ln in head) and not any(ln.startswith("#") for ln in head):
        return _header_fields(head), "\n".join(lines[len(head) :])
    return {}, text


def _header_fields(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        if m := _HEADER_LINE.match(line.strip()):
            value = m["value"].strip().strip("\"'").strip()
            if value:
                fields.setdefault(m["key"].lower(), value)
    return fields


def _drop_delimited(text: str) -> str:
    """Remove HTML comments and template tags; one left open runs to the end of the text
    (as a browser reads an unclosed comment)."""
    for opening, closing in _DELIMITED:
        if opening not in text:
            continue
        kept, at = [], 0
        while (start := text.find(opening, at)) >= 0:
            kept.append(text[at:start])
            end = text.find(closing, start + len(opening))
            at = len(text) if end < 0 else end + len(closing)
        kept.append(text[at:])
        text = "".join(kept)
    return text


def _take_references(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    references: dict[str, str] = {}
    kept = []
    for line in lines:
        if len(line) < 2000 and (m := _REFERENCE_DEFINITION.match(line)):
            references.setdefault(_label(m["label"]), m["url"])
        else:
            kept.append(line)
    return kept, references


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _resolve_references(text: str, references: dict[str, str]) -> str:
    if "][" in text:
        text = _REFERENCE_USE.sub(
            lambda m: f"[{m['text']}]({references.get(_label(m['label'] or m['text']), '')})", text
        )
    if references and "[" in text:
        text = _SHORTCUT_REFERENCE.sub(
            lambda m: f"[{m['text']}]({references[_label(m['text'])]})" if _label(m["text"]) in references else m[0],
            text,
        )
    return text


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _blocks(lines: list[str]) -> list[Block]:
    """The blocks of Markdown lines, CommonMark-like where it matters for stories: an item
    keeps its lazy and indented continuation lines, an indented paragraph after an item is
    part of it, a paragraph at the margin ends the list."""
    blocks: list[Block] = []
    open_block: Block | None = None  # the block the next plain line continues
    item_indents: list[int] = []  # the indents of the list items open
    in_fence = False
    blank = False
    for raw in lines:
        if in_fence or _FENCE.match(raw.strip()):
            in_fence = in_fence != bool(_FENCE.match(raw.strip()))
            open_block = None
            continue
        line = _HTML_TAG.sub(" ", raw) if "<" in raw else raw
        stripped = line.strip()
        if not stripped:
            blank, open_block = True, None
            continue
        indent = _indent(line)
        if heading := _ATX.match(stripped) if indent < 4 else None:
            item_indents.clear()
            open_block = None
            blocks.append(Block("heading", (heading["text"] or "").strip(), level=len(heading["hashes"])))
        elif _SETEXT.match(stripped) and open_block is not None and open_block.kind == "para" and not blank:
            open_block.kind, open_block.level = "heading", 1 if stripped.startswith("=") else 2
            open_block = None
        elif _RULE.match(stripped):
            open_block = None
            item_indents.clear()
        elif item := _ITEM.match(stripped):
            while item_indents and item_indents[-1] >= indent:  # a sibling, or the end of a sub-list
                item_indents.pop()
            level = len(item_indents)
            item_indents.append(indent)
            open_block = Block("item", item["text"].strip(), level=level, inside_item=level > 0)
            blocks.append(open_block)
        elif stripped.startswith("|"):
            if open_block is not None and open_block.kind == "table":
                open_block.text += " " + stripped
            else:
                open_block = Block("table", stripped, inside_item=bool(item_indents) and indent > 0)
                blocks.append(open_block)
        elif open_block is not None and not blank and open_block.kind in ("para", "item"):
            open_block.text += " " + stripped.lstrip("> ").strip()  # a lazy continuation line
        else:
            inside = bool(item_indents) and indent > item_indents[0]
            if not inside:
                item_indents.clear()
            text = stripped.lstrip(">").strip() if stripped.startswith(">") else stripped
            kind: BlockKind = "picture" if len(text) <= 2000 and _PICTURE.match(text) else "para"
            open_block = Block(kind, text, inside_item=inside)
            blocks.append(open_block)
        blank = False
    return blocks
