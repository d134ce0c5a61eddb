"""``newsdesk sync SOURCE``: bring what is new at a feed URL or an IMAP mailbox into the home.

Fetched material is kept under ``<home>/sync/<source-slug>/`` and ingested from there like any
file: a feed as one ``.xml`` file per fetch that changed (named by its content's hash), each
mail as one ``.eml`` file (named by the hash of its Message-ID). Syncing is idempotent and
resumable: a feed is fetched with a conditional GET (ETag, Last-Modified; 304 = nothing new);
a mailbox's UIDs already handled are kept in ``<home>/sync/<source-slug>.state``, written
after every message stored, so an interrupted sync goes on where it stopped. The mailbox is
opened read-only: nothing is marked as read. The password comes from the settings only.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import fcntl
import hashlib
import http.client
import imaplib
import json
import os
import re
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import SecretStr

from assistant import imap
from assistant.errors import BadRequest, SyncError
from assistant.imap import Account
from index.errors import one_line
from index.ingest.report import IngestReport

MAX_FEED_BYTES = 32 * 2**20  # a feed with every post in full weighs a few MB
MAX_MESSAGE_BYTES = 64 * 2**20  # the most newsdesk reads from one file (index.ingest.readers)
HEADER_BATCH = 500  # messages whose headers one FETCH asks for
USER_AGENT = "newsdesk-sync/0.1"
Stored = Callable[[Path], None]  # called with each new file once it is stored and recorded


@dataclass(frozen=True)
class SyncConfig:
    """The sync section of the settings, handed over whole."""

    imap_password: SecretStr | None = None
    imap_ca_file: Path | None = None  # a CA to trust besides none: for a self-signed server
    timeout: float = 30.0


@dataclass
class SyncReport:
    source: str  # as given (a SOURCE never holds a password)
    folder: str  # where the fetched files are kept
    fetched: int = 0  # files stored by this sync: a changed feed, new messages
    unchanged: int = 0  # a feed not modified; messages fetched by an earlier sync
    skipped: int = 0  # messages the filters leave out (or too large to be an issue)
    ingest: IngestReport = field(default_factory=IngestReport)  # of every file in the folder


@dataclass(frozen=True)
class Feed:
    url: str

    def __str__(self) -> str:
        return self.url

    def slug(self) -> str:
        parts = urlsplit(self.url)
        return _slug("feed", f"{parts.hostname}{parts.path}", self.url)


@dataclass(frozen=True)
class Mailbox:
    account: Account
    folder: str
    senders: tuple[str, ...] = ()  # ?from=: any of these addresses
    list_ids: tuple[str, ...] = ()  # ?list-id=: any of these lists

    def __str__(self) -> str:
        return f"{self.account}/{self.folder}"

    def slug(self) -> str:
        a = self.account
        return _slug("imap", f"{a.user}-{a.host}-{self.folder}", f"{a.user}@{a.host}:{a.port}/{self.folder}")

    def filters(self) -> dict[str, list[str]]:
        return {"from": list(self.senders), "list-id": list(self.list_ids)}


def _slug(kind: str, readable: str, identity: str) -> str:
    """``imap-news-mail.example.org-INBOX-1f3a9c0d``: readable, and unique by its hash."""
    name = re.sub(r"[^A-Za-z0-9.]+", "-", readable).strip("-.")[:60]
    return f"{kind}-{name}-{hashlib.sha256(identity.encode()).hexdigest()[:8]}"


def parse_source(source: str) -> Feed | Mailbox:
    """A feed URL (``https://…``) or a mailbox (``imaps://user@host[:port]/Folder?from=…&list-id=…``)."""
    source = source.strip()
    parts = urlsplit(source)
    if parts.password is not None:  # the message does not repeat it
        shown = f"{parts.scheme}://{parts.username}@{parts.hostname}{parts.path}"
        raise BadRequest(f"`{shown}`: SOURCE holds a password; remove it and set NEWSDESK_IMAP_PASSWORD instead")
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.hostname:
        return Feed(source)
    if scheme not in ("imap", "imaps"):
        raise BadRequest(f"`{source}`: not a feed URL or an IMAP mailbox; give https://… or imaps://user@host/Folder")
    if not parts.username or not parts.hostname:
        raise BadRequest(f"`{source}`: name the user and the host, as in imaps://user@host/Folder")
    try:
        port = parts.port or (993 if scheme == "imaps" else 143)
    except ValueError:
        raise BadRequest(f"`{source}`: the port is not a number from 1 to 65535") from None
    filters = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(filters) - {"from", "list-id"})
    if unknown:
        raise BadRequest(f"`{source}`: unknown filter {unknown[0]!r}; filter with ?from=ADDRESS and/or ?list-id=ID")
    return Mailbox(
        Account(tls=scheme == "imaps", user=unquote(parts.username), host=parts.hostname, port=port),
        folder=unquote(parts.path.strip("/")) or "INBOX",
        senders=tuple(_address(a) for a in filters.get("from", []) if a.strip()),
        list_ids=tuple(_list_id(i) for i in filters.get("list-id", []) if i.strip()),
    )


def fetch_source(source: str, root: Path, config: SyncConfig, on_stored: Stored | None = None) -> SyncReport:
    """Store what is new at ``source`` under ``root/<slug>/``; the report's ``ingest`` is left
    empty (``NewsAssistant.sync`` ingests the folder)."""
    where = parse_source(source)
    folder = root / where.slug()
    report = SyncReport(source=source.strip(), folder=str(folder))
    root.mkdir(parents=True, exist_ok=True)
    with _one_sync_at_a_time(root / f".{where.slug()}.lock", where):
        state = root / f"{where.slug()}.state"  # JSON, named apart from the formats ingest reads
        if isinstance(where, Feed):
            _fetch_feed(where, folder, state, config, report, on_stored)
        else:
            _fetch_mailbox(where, folder, state, config, report, on_stored)
    folder.mkdir(exist_ok=True)  # made once the source answered: a mistyped one leaves nothing behind
    return report


@contextmanager
def _one_sync_at_a_time(lock: Path, where: Feed | Mailbox) -> Iterator[None]:
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncError(f"`{where}` is being synced already; wait for that sync to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- files and state -------------------------------------------------------------------------
def _write_atomically(path: Path, data: bytes) -> None:
    """A whole file or none: written beside it under a dot name (the ingest walk skips those)."""
    partial = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as error:
        raise SyncError(f"`{path}`: cannot be written ({one_line(error)}); check the disk space of the home") from None


def _load_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or unreadable: the files themselves still say what is stored
        return {}
    return state if isinstance(state, dict) else {}


def _save_state(path: Path, state: dict[str, Any]) -> None:
    _write_atomically(path, json.dumps(state, indent=1).encode())


def _ranges(uids: Iterable[int]) -> list[list[int]]:
    """``{1, 2, 3, 7}`` → ``[[1, 3], [7, 7]]``: a mailbox's UIDs mostly follow each other."""
    runs: list[list[int]] = []
    for uid in sorted(uids):
        if runs and uid == runs[-1][1] + 1:
            runs[-1][1] = uid
        else:
            runs.append([uid, uid])
    return runs


def _uids(runs: Any) -> set[int]:
    return {uid for first, last in runs or [] for uid in range(int(first), int(last) + 1)}


# -- feeds -----------------------------------------------------------------------------------
def _fetch_feed(
    feed: Feed, folder: Path, state_file: Path, config: SyncConfig, report: SyncReport, on_stored: Stored | None
) -> None:
    state = _load_state(state_file)
    request = urllib.request.Request(feed.url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    if state.get("etag"):
        request.add_header("If-None-Match", state["etag"])
    if state.get("last_modified"):
        request.add_header("If-Modified-Since", state["last_modified"])
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            body = response.read(MAX_FEED_BYTES + 1)
            validators = {"etag": response.headers.get("ETag"), "last_modified": response.headers.get("Last-Modified")}
    except HTTPError as error:
        if error.code == 304:
            report.unchanged = 1
            return
        raise SyncError(f"`{feed}`: the server answered {error.code} {error.reason}; check the feed URL") from None
    except (URLError, OSError, http.client.HTTPException) as error:
        raise _unreachable(feed, getattr(error, "reason", error), config) from None
    if len(body) > MAX_FEED_BYTES:
        raise SyncError(f"`{feed}`: more than {MAX_FEED_BYTES // 2**20} MB; is this the URL of a feed?")
    target = folder / f"{hashlib.sha256(body).hexdigest()[:32]}.xml"
    if target.exists():  # the same bytes again (a server that ignores conditional requests)
        report.unchanged = 1
    else:
        _write_atomically(target, body)
        report.fetched = 1
    _save_state(state_file, {"source": feed.url, **{k: v for k, v in validators.items() if v}})
    if report.fetched and on_stored:
        on_stored(target)


def _unreachable(where: Feed, reason: object, config: SyncConfig) -> SyncError:
    if isinstance(reason, TimeoutError):
        return SyncError(
            f"`{where}`: no answer within {config.timeout:g} s; try again later or raise NEWSDESK_SYNC_TIMEOUT"
        )
    problem = one_line(reason) if isinstance(reason, BaseException) else str(reason)
    return SyncError(f"`{where}`: cannot be reached ({problem}); check the address and the network")


# -- mailboxes -------------------------------------------------------------------------------
def _address(value: str) -> str:
    return value.strip().strip("<>").lower()


def _list_id(value: str) -> str:
    """``"Harbour Notes <harbour-notes.example.org>"`` → ``"harbour-notes.example.org"``."""
    inside = re.search(r"<([^>]*)>", value)
    return (inside.group(1) if inside else value).strip().lower()


def _accepts(mailbox: Mailbox, headers: Message) -> bool:
    if mailbox.senders:
        senders = {_address(a) for _, a in email.utils.getaddresses([str(headers.get("From", ""))])}
        if not senders & set(mailbox.senders):
            return False
    return not mailbox.list_ids or _list_id(str(headers.get("List-Id", ""))) in mailbox.list_ids


def _file_name(message_id: str, mailbox: Mailbox, uidvalidity: int, uid: int) -> str:
    """The hash of the Message-ID: the same message is one file, whichever folder or UID it has."""
    key = message_id or f"{mailbox}#{uidvalidity}/{uid}"  # a message without one: its place
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.eml"


@dataclass
class _Handled:
    """The UIDs of one folder already stored or left out, saved after every message."""

    path: Path
    mailbox: Mailbox
    uidvalidity: int
    stored: set[int]
    left_out: set[int]

    @classmethod
    def load(cls, path: Path, mailbox: Mailbox, uidvalidity: int) -> _Handled:
        state = _load_state(path)
        if state.get("uidvalidity") != uidvalidity:  # the folder was recreated: its UIDs mean other messages
            state = {}
        same_filters = state.get("filters") == mailbox.filters()  # else what they left out is asked again
        left_out = _uids(state.get("left_out")) if same_filters else set()
        return cls(path, mailbox, uidvalidity, _uids(state.get("stored")), left_out)

    def save(self) -> None:
        fields = {"source": str(self.mailbox), "uidvalidity": self.uidvalidity, "filters": self.mailbox.filters()}
        _save_state(self.path, {**fields, "stored": _ranges(self.stored), "left_out": _ranges(self.left_out)})


def _fetch_mailbox(
    mailbox: Mailbox, folder: Path, state_file: Path, config: SyncConfig, report: SyncReport, on_stored: Stored | None
) -> None:
    with imap.session(mailbox.account, config.imap_password, config.imap_ca_file, config.timeout) as server:
        kind, _ = server.select(imap.quoted_folder(mailbox.folder), readonly=True)  # read-only: nothing marked as read
        if kind != "OK":
            raise SyncError(f"`{mailbox}`: no folder {mailbox.folder!r} on the server; check its name (case matters)")
        value = server.response("UIDVALIDITY")[1][0]
        handled = _Handled.load(state_file, mailbox, int(value) if value else 0)
        listed = imap.uid_command(server, mailbox, "SEARCH", "ALL")
        present = [int(uid) for line in listed if line for uid in line.split()]
        report.unchanged += sum(uid in handled.stored for uid in present)
        report.skipped += sum(uid in handled.left_out for uid in present)
        new = [uid for uid in present if uid not in handled.stored and uid not in handled.left_out]
        for start in range(0, len(new), HEADER_BATCH):
            batch = ",".join(map(str, new[start : start + HEADER_BATCH]))
            fields = "(UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID FROM LIST-ID)])"
            answer = imap.uid_command(server, mailbox, "FETCH", batch, fields)
            for uid, (words, header) in sorted(imap.fetched(answer).items()):
                stored = _take(server, handled, folder, uid, words, header, report)
                if stored and on_stored:
                    on_stored(stored)
            handled.save()


def _take(
    server: imaplib.IMAP4, handled: _Handled, folder: Path, uid: int, words: bytes, header: bytes, report: SyncReport
) -> Path | None:
    """Store message ``uid`` if the filters take it and it is not stored yet; the new file, if any."""
    mailbox = handled.mailbox
    headers = email.message_from_bytes(header, policy=email.policy.compat32)
    size = re.search(rb"RFC822\.SIZE (\d+)", words)
    if not _accepts(mailbox, headers) or (size and int(size.group(1)) > MAX_MESSAGE_BYTES):
        handled.left_out.add(uid)
        report.skipped += 1
        return None
    message_id = " ".join(str(headers.get("Message-ID", "")).split()).strip("<>")
    target = folder / _file_name(message_id, mailbox, handled.uidvalidity, uid)
    new_file = not target.exists()  # else stored before: under another UID, or stopped before saving
    if new_file:
        body = imap.fetched(imap.uid_command(server, mailbox, "FETCH", str(uid), "(UID BODY.PEEK[])")).get(uid)
        if body is None:  # deleted meanwhile
            return None
        _write_atomically(target, body[1])
    report.fetched += new_file
    report.unchanged += not new_file
    handled.stored.add(uid)
    handled.save()  # after every message: an interrupted sync resumes from here
    return target if new_file else None
