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
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from index.errors import ReaderError


@dataclass
class MailIssue:
    key: str  # Message-ID, or the position in the mailbox
    subject: str
    sender: str | None
    sent: date | None
    body: str
    is_html: bool


def _sent_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def parse_message(msg: EmailMessage, source: str, key: str) -> MailIssue:
    part = msg.get_body(preferencelist=("html", "plain"))
    if part is None:
        raise ReaderError(source, "no text part found", "is this a newsletter e-mail?")
    try:
        body = part.get_content()
    except (LookupError, UnicodeError):  # unknown or lying charset: decode leniently
        payload = part.get_payload(decode=True) or b""
        body = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    sender = msg.get("From")
    name = email.utils.parseaddr(str(sender))[0] if sender else ""
    return MailIssue(
        key=str(msg.get("Message-ID") or key).strip("<>"),
        subject=str(msg.get("Subject") or "").strip(),
        sender=name or None,
        sent=_sent_date(msg.get("Date")),
        body=body,
        is_html=part.get_content_type() == "text/html",
    )


def read_eml(data: bytes, source: str) -> MailIssue:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not msg.keys():
        raise ReaderError(source, "no e-mail headers found", "is this an .eml file?")
    return parse_message(msg, source, key="1")  # type: ignore[arg-type]


def read_mbox(path: Path) -> list[MailIssue | ReaderError]:
    """Every message of a mailbox; a bad message becomes an error, not the end of the box."""
    results: list[MailIssue | ReaderError] = []

    def parse(handle: Any) -> Any:
        return email.message_from_binary_file(handle, policy=email.policy.default)

    box = mailbox.mbox(path, factory=parse, create=False)
    for n, msg in enumerate(box, start=1):
        where = f"{path}#{n}"
        try:
            results.append(parse_message(msg, where, key=str(n)))  # type: ignore[arg-type]
        except ReaderError as error:
            results.append(error)
    return results
