"""E-mail: ``.eml`` files and ``.mbox`` mailboxes → the text of each newsletter issue.

The parser decodes quoted-printable/base64 and charsets; the HTML part is preferred
(its headings carry story boundaries), the plain-text part is the fallback.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
from dataclasses import dataclass
from datetime import date
from email.errors import HeaderParseError
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from index.errors import ReaderError


@dataclass
class MailIssue:
    key: str  # Message-ID, or the position in the mailbox
    subject: str
    sender: str | None
    list_name: str | None  # the mailing list's name, from List-Id: the newsletter for list software
    sent: date | None
    body: str
    is_html: bool


# What the standard library's e-mail parser raises on malformed input instead of recording
# a defect (an address or Message-ID cut short, a year of twenty digits, a lying charset).
PARSER_FAILURES = (HeaderParseError, IndexError, TypeError, ValueError, OverflowError, LookupError, AttributeError)


def _header(msg: Message, name: str) -> str:
    """A header's decoded text, or its raw text when the structured parser fails on it."""
    try:
        return str(msg.get(name) or "").strip()
    except PARSER_FAILURES:
        raw = next((str(value) for key, value in msg.raw_items() if key.lower() == name.lower()), "")
        return " ".join(raw.split())


def _sent_date(value: str) -> date | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date()
    except PARSER_FAILURES:  # "32 Foo 2025", a year of twenty digits: no date, not an error
        return None


def _display_name(sender: str) -> str | None:
    """``"Le Filtre <redaction@lefiltre.example>"`` → ``"Le Filtre"``; None without a name."""
    try:
        return email.utils.parseaddr(sender)[0] or None
    except PARSER_FAILURES:
        return None


def _list_name(list_id: str) -> str | None:
    """``"Go Weekly <goweekly.list-id.example.com>"`` → ``"Go Weekly"``; None for a bare id."""
    name = list_id.split("<", 1)[0].strip().strip('"').strip()
    return name or None


def _body(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, UnicodeError):  # unknown or lying charset: decode leniently
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def parse_message(msg: EmailMessage, source: str, key: str) -> MailIssue:
    """The newsletter text of one message; ``ReaderError`` naming ``source`` if it has none."""
    try:
        part = msg.get_body(preferencelist=("html", "plain"))
        if part is None:
            raise ReaderError(source, "no text part found", "is this a newsletter e-mail?")
        body, is_html = _body(part), part.get_content_type() == "text/html"
    except PARSER_FAILURES as error:
        raise ReaderError(source, f"malformed e-mail ({type(error).__name__}: {error})", "is this an e-mail?") from None
    return MailIssue(
        key=(_header(msg, "Message-ID") or key).strip("<>"),
        subject=_header(msg, "Subject"),
        sender=_display_name(_header(msg, "From")),
        list_name=_list_name(_header(msg, "List-Id")),
        sent=_sent_date(_header(msg, "Date")),
        body=body,
        is_html=is_html,
    )


def read_eml(data: bytes, source: str) -> MailIssue:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not msg.keys():
        raise ReaderError(source, "no e-mail headers found", "is this an .eml file?")
    return parse_message(msg, source, key="1")


def read_mbox(path: Path) -> list[MailIssue | ReaderError]:
    """Every message of a mailbox; a bad message becomes an error, not the end of the box.

    Messages are parsed one at a time from their offsets: a mailbox of 10,000 messages
    holds one message's parse tree at a time, plus the text of the issues kept."""
    results: list[MailIssue | ReaderError] = []

    def parse(handle: Any) -> Any:
        return email.message_from_binary_file(handle, policy=email.policy.default)

    box = mailbox.mbox(path, factory=parse, create=False)
    try:
        for n, key in enumerate(box.iterkeys(), start=1):
            where = f"{path}#{n}"
            try:
                results.append(parse_message(box[key], where, key=str(n)))  # type: ignore[arg-type]
            except ReaderError as error:
                results.append(error)
            except PARSER_FAILURES as error:
                results.append(ReaderError(where, f"malformed e-mail ({type(error).__name__}: {error})"))
    finally:
        box.close()
    if not results:
        raise ReaderError(path, "no messages found", "an mbox mailbox starts each message with a 'From ' line")
    return results
