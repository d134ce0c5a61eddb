"""One issue's text → its draft: plain text, Markdown, HTML and e-mail bodies.

Feeds, exports and mailboxes carry issues in one of these forms; their readers call these."""

from __future__ import annotations

from index.errors import ReaderError
from index.ingest.drafts import IssueDraft, StoryDraft
from index.ingest.readers.html import html_to_markdown
from index.ingest.readers.mail import MailIssue
from index.ingest.segmenters.markdown import MAX_HEADING_CHARS, segment_markdown, split_title
from index.ingest.segmenters.plain_text import segment_plain_text
from index.text.dates import find_date


def _from_segmented(
    source: str, raw: str, segmented: tuple[list[StoryDraft], str | None, str | None, str]
) -> IssueDraft:
    stories, newsletter, date_text, subject = segmented
    return IssueDraft(
        source=source,
        raw=raw,
        stories=stories,
        newsletter=newsletter,
        date=find_date(date_text) if date_text else None,
        subject=subject,
    )


def read_text(text: str, source: str) -> IssueDraft:
    return _from_segmented(source, text, segment_plain_text(text))


def read_markdown(text: str, source: str) -> IssueDraft:
    return _from_segmented(source, text, segment_markdown(text))


def read_html(text: str, source: str) -> IssueDraft:
    try:
        markdown, title = html_to_markdown(text)
    except ValueError as error:
        raise ReaderError(source, str(error), "check the file is a valid HTML page") from None
    draft = _from_segmented(source, text, segment_markdown(markdown))
    title = title[:MAX_HEADING_CHARS]
    if title:
        name, date_text = split_title(title)
        draft.newsletter = draft.newsletter or name
        draft.date = draft.date or (find_date(date_text) if date_text else None)
        draft.subject = title
    return draft


def from_mail(mail: MailIssue, source: str) -> IssueDraft:
    draft = read_html(mail.body, source) if mail.is_html else read_text(mail.body, source)
    draft.subject = mail.subject or draft.subject
    draft.newsletter = draft.newsletter or mail.sender
    draft.date = draft.date or mail.sent
    return draft
