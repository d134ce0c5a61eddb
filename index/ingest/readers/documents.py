"""One issue's text → its draft: plain text, Markdown, HTML and e-mail bodies.

Feeds, exports and mailboxes carry issues in one of these forms; their readers call these.
What the text says about itself (a title with the newsletter's name and date) comes
first; what the container says (an HTML page's metadata, an e-mail's headers) fills the
gaps.
"""

from __future__ import annotations

from index.errors import ReaderError
from index.ingest.drafts import IssueDraft, Segmented
from index.ingest.readers.html import PageMeta, read_page
from index.ingest.readers.mail import MailIssue
from index.ingest.segmenters.lines import MAX_HEADING_CHARS, split_title
from index.ingest.segmenters.markdown import segment_markdown
from index.ingest.segmenters.plain_text import segment_plain_text
from index.text.dates import find_date
from index.text.numbers import find_number


def _from_segmented(source: str, raw: str, segmented: Segmented) -> IssueDraft:
    return IssueDraft(
        source=source,
        raw=raw,
        stories=segmented.stories,
        newsletter=segmented.newsletter,
        date=find_date(segmented.date_text) if segmented.date_text else None,
        subject=segmented.subject,
        number=segmented.number,
    )


def read_text(text: str, source: str) -> IssueDraft:
    return _from_segmented(source, text, segment_plain_text(text))


def read_markdown(text: str, source: str) -> IssueDraft:
    return _from_segmented(source, text, segment_markdown(text))


def read_html(text: str, source: str) -> IssueDraft:
    try:
        page = read_page(text)
    except ValueError as error:
        raise ReaderError(source, str(error), "check the file is a valid HTML page") from None
    draft = _from_segmented(source, text, segment_markdown(page.markdown, page.meta.title))
    _fill_from_page(draft, page.meta)
    return draft


def _fill_from_page(draft: IssueDraft, meta: PageMeta) -> None:
    title = meta.title[:MAX_HEADING_CHARS]
    name, date_text = split_title(title) if title else (None, None)
    number, name_before_number = find_number(title)
    draft.newsletter = draft.newsletter or name or meta.site_name or name_before_number
    draft.date = draft.date or (find_date(date_text) if date_text else None)
    draft.date = draft.date or (find_date(meta.published) if meta.published else None)
    draft.number = number or draft.number  # the page's title says it better than its first lines
    if title:
        draft.subject = title


def from_mail(mail: MailIssue, source: str) -> IssueDraft:
    draft = read_html(mail.body, source) if mail.is_html else read_text(mail.body, source)
    draft.subject = mail.subject or draft.subject
    number, name_before_number = find_number(mail.subject)
    draft.newsletter = draft.newsletter or mail.list_name or mail.sender or name_before_number
    draft.date = draft.date or mail.sent
    draft.number = number or draft.number
    return draft
