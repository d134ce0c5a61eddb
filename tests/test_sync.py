"""`newsdesk sync` against real servers on loopback (tests/sync_servers.py): a feed server
and Debian's Dovecot. Nothing is mocked: what the servers saw and sent is checked from their side."""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import free_port
from pydantic import SecretStr
from sync_servers import (
    HARBOUR_ISSUES,
    NOT_NEWSLETTERS,
    PASSWORD,
    SENDER,
    USER,
    FeedServer,
    MailServer,
    newsletter,
    running_dovecot,
    serving_feed,
    tideline_feed,
)

from assistant.errors import BadRequest, SyncError
from assistant.imap import Account
from assistant.sync import Feed, Mailbox, SyncConfig, fetch_source, parse_source


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with serving_feed() as served:
        yield served


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    with running_dovecot() as server:
        yield server


FAST = SyncConfig(timeout=5)


def test_a_feed_is_fetched_then_asked_conditionally(tmp_path, feed_server):
    source = f"{feed_server.url}/feed.xml"
    first = fetch_source(source, tmp_path, FAST)
    folder = Path(first.folder)
    assert (first.fetched, first.unchanged) == (1, 0)
    assert folder.parent == tmp_path and [p.read_bytes() for p in folder.glob("*.xml")] == [feed_server.body]

    again = fetch_source(source, tmp_path, FAST)
    assert (again.fetched, again.unchanged) == (0, 1)
    _, headers, status = feed_server.requests[-1]
    assert headers["If-None-Match"] == feed_server.etag and headers["If-Modified-Since"] == feed_server.last_modified
    assert status == 304 and len(list(folder.glob("*.xml"))) == 1

    feed_server.body = tideline_feed([date(2025, 3, 10), date(2025, 3, 3)])  # a new issue is out
    feed_server.last_modified = "Mon, 10 Mar 2025 07:00:00 GMT"
    changed = fetch_source(source, tmp_path, FAST)
    assert (changed.fetched, changed.unchanged) == (1, 0) and feed_server.requests[-1][2] == 200
    assert feed_server.body in {p.read_bytes() for p in folder.glob("*.xml")} and len(list(folder.glob("*"))) == 2
    assert fetch_source(source, tmp_path, FAST).fetched == 0
    assert [status for _, _, status in feed_server.requests] == [200, 304, 200, 304]


def test_a_feed_without_validators_is_stored_once(tmp_path, feed_server):
    source = f"{feed_server.url}/plain.xml"
    assert fetch_source(source, tmp_path, FAST).fetched == 1
    again = fetch_source(source, tmp_path, FAST)
    assert (again.fetched, again.unchanged) == (0, 1)
    assert "If-None-Match" not in feed_server.requests[-1][1] and len(list(Path(again.folder).glob("*.xml"))) == 1


def test_feed_errors_name_the_source_and_the_fix(tmp_path, feed_server):
    with pytest.raises(SyncError, match=r"/missing\.xml`: the server answered 404 Not Found; check the feed URL"):
        fetch_source(f"{feed_server.url}/missing.xml", tmp_path, FAST)
    with pytest.raises(SyncError, match=r"no answer within 0\.5 s; .*NEWSDESK_SYNC_TIMEOUT"):
        fetch_source(f"{feed_server.url}/slow.xml", tmp_path, SyncConfig(timeout=0.5))
    with pytest.raises(SyncError, match=r"cannot be reached .*; check the address and the network"):
        fetch_source(f"http://127.0.0.1:{free_port()}/feed.xml", tmp_path, FAST)


def test_a_source_is_synced_once_at_a_time(tmp_path, feed_server):
    source = f"{feed_server.url}/feed.xml"

    def sync_again(stored: Path) -> None:  # a second sync of the same source while the first runs
        with pytest.raises(SyncError, match="is being synced already; wait for that sync to finish"):
            fetch_source(source, tmp_path, FAST)

    assert fetch_source(source, tmp_path, FAST, on_stored=sync_again).fetched == 1
    assert fetch_source(source, tmp_path, FAST).unchanged == 1


def test_sources_are_parsed_and_bad_ones_refused():
    box = parse_source("imaps://news%40example.org@Mail.Example.org/Lettres%20re%C3%A7ues?from=News@Example.org")
    account = Account(tls=True, user="news@example.org", host="mail.example.org", port=993)
    assert box == Mailbox(account, "Lettres reçues", senders=("news@example.org",))
    plain = parse_source("imap://reader@127.0.0.1:1143?list-id=Harbour+Notes+<weekly.harbournotes.example>")
    assert isinstance(plain, Mailbox) and (plain.account.port, plain.folder, plain.account.tls) == (
        1143,
        "INBOX",
        False,
    )
    assert plain.list_ids == ("weekly.harbournotes.example",)
    feed = parse_source("https://tideline.example/feed.xml?format=rss")
    assert feed == Feed("https://tideline.example/feed.xml?format=rss")
    assert re.fullmatch(r"feed-tideline\.example-feed\.xml-[0-9a-f]{8}", feed.slug())
    assert box.slug() != parse_source("imaps://news%40example.org@mail.example.org/INBOX").slug()

    for bad, why in [
        ("ftp://tideline.example/feed.xml", "not a feed URL or an IMAP mailbox"),
        ("imaps://mail.example.org/INBOX", "name the user and the host"),
        ("imaps://reader@mail.example.org:99999/INBOX", "port"),
        ("imaps://reader@mail.example.org/INBOX?subject=news", "unknown filter 'subject'"),
    ]:
        with pytest.raises(BadRequest, match=why):
            parse_source(bad)
    with pytest.raises(BadRequest, match="set NEWSDESK_IMAP_PASSWORD instead") as refused:
        parse_source("imaps://reader:hunter2@mail.example.org/INBOX")
    assert "hunter2" not in str(refused.value)


def stored_ids(folder: str | Path) -> set[str]:
    return {email.message_from_bytes(p.read_bytes())["Message-ID"] for p in Path(folder).glob("*.eml")}


DAYS = list(HARBOUR_ISSUES)
NEWSLETTER_IDS = {f"<{d.isoformat()}.weekly@harbournotes.example>" for d in DAYS}


def test_filters_leave_other_mail_out_and_a_second_sync_fetches_nothing(tmp_path, mail_server):
    mail_server.deliver(*[newsletter(d) for d in DAYS[:2]], *NOT_NEWSLETTERS, newsletter(DAYS[2]))
    config = mail_server.config()
    by_sender = fetch_source(mail_server.source(query=f"from={SENDER}"), tmp_path / "a", config)
    assert (by_sender.fetched, by_sender.skipped) == (4, 2)  # the offers mail comes from the same address
    assert stored_ids(by_sender.folder) == NEWSLETTER_IDS | {email.message_from_bytes(NOT_NEWSLETTERS[2])["Message-ID"]}
    assert all(re.fullmatch(r"[0-9a-f]{32}\.eml", p.name) for p in Path(by_sender.folder).iterdir())

    by_list = fetch_source(mail_server.source(query="list-id=weekly.harbournotes.example"), tmp_path / "b", config)
    assert (by_list.fetched, by_list.unchanged, by_list.skipped) == (3, 0, 3)
    assert stored_ids(by_list.folder) == NEWSLETTER_IDS

    both = mail_server.source(query=f"from={SENDER}&list-id=<weekly.harbournotes.example>")
    first = fetch_source(both, tmp_path / "c", config)
    assert (first.fetched, first.skipped) == (3, 3) and stored_ids(first.folder) == NEWSLETTER_IDS
    sessions = mail_server.sessions()
    again = fetch_source(both, tmp_path / "c", config)
    assert (again.fetched, again.unchanged, again.skipped) == (0, 3, 3)
    assert mail_server.bodies_sent_since(sessions) == 0

    mail_server.deliver(newsletter(date(2025, 3, 24)))
    sessions = mail_server.sessions()
    later = fetch_source(both, tmp_path / "c", config)
    assert (later.fetched, later.unchanged, later.skipped) == (1, 3, 3)
    assert mail_server.bodies_sent_since(sessions) == 1

    imap = mail_server.connect()  # the mailbox was only read: nothing marked as read
    imap.select("INBOX", readonly=True)
    assert len(imap.search(None, "UNSEEN")[1][0].split()) == 7
    imap.logout()


def test_an_interrupted_sync_resumes_without_fetching_again(tmp_path, mail_server):
    mail_server.deliver(*[newsletter(DAYS[0], n) for n in range(1, 6)])
    source, config = mail_server.source(query=f"from={SENDER}"), mail_server.config()
    stored: list[Path] = []

    def interrupt_after_two(path: Path) -> None:
        stored.append(path)
        if len(stored) == 2:
            raise KeyboardInterrupt  # Ctrl-C, right after the second message was stored

    with pytest.raises(KeyboardInterrupt):
        fetch_source(source, tmp_path, config, on_stored=interrupt_after_two)
    assert len(list(stored[0].parent.glob("*.eml"))) == 2
    written = {p: p.stat().st_mtime_ns for p in stored}

    sessions = mail_server.sessions()
    resumed = fetch_source(source, tmp_path, config)
    assert (resumed.fetched, resumed.unchanged) == (3, 2)
    assert mail_server.bodies_sent_since(sessions) == 3  # the two stored before are not sent again
    assert {p: p.stat().st_mtime_ns for p in stored} == written
    assert len(stored_ids(resumed.folder)) == 5 and not list(Path(resumed.folder).glob(".*"))


def test_a_recreated_folder_is_not_fetched_again(tmp_path, mail_server):
    """A folder deleted and made again gets a new UIDVALIDITY: its UIDs mean other messages, but
    the Message-IDs still tell the ones already stored. The folder's name is not ASCII."""
    folder = '"Lettres re&AOc-ues"'  # "Lettres reçues" in IMAP's modified UTF-7
    mail_server.deliver(newsletter(DAYS[0]), newsletter(DAYS[1]), folder=folder)
    source, config = mail_server.source("Lettres%20re%C3%A7ues"), mail_server.config()
    assert fetch_source(source, tmp_path, config).fetched == 2

    imap = mail_server.connect()
    assert imap.delete(folder)[0] == "OK"
    imap.logout()
    mail_server.deliver(newsletter(DAYS[1]), newsletter(DAYS[0]), newsletter(DAYS[2]), folder=folder)
    sessions = mail_server.sessions()
    again = fetch_source(source, tmp_path, config)
    assert (again.fetched, again.unchanged) == (1, 2) and mail_server.bodies_sent_since(sessions) == 1


def test_mailbox_errors_name_the_fix_and_never_the_password(tmp_path, mail_server):
    source = mail_server.source()
    with pytest.raises(SyncError, match="no password; set NEWSDESK_IMAP_PASSWORD"):
        fetch_source(source, tmp_path, mail_server.config(password=None))
    system_cas = SyncConfig(SecretStr(PASSWORD), None, timeout=10)
    with pytest.raises(SyncError, match=r"certificate is not trusted .*set NEWSDESK_IMAP_CA_FILE"):
        fetch_source(source, tmp_path, system_cas)
    with pytest.raises(SyncError, match="no folder 'Archives' on the server"):
        fetch_source(mail_server.source("Archives"), tmp_path, mail_server.config())
    with pytest.raises(SyncError, match="cannot be reached"):
        fetch_source(f"imaps://{USER}@127.0.0.1:{free_port()}/INBOX", tmp_path, mail_server.config())

    mail_server.deliver(newsletter(DAYS[0]))  # imap://: STARTTLS, checked like imaps
    assert fetch_source(mail_server.source(scheme="imap"), tmp_path, mail_server.config()).fetched == 1
    with pytest.raises(SyncError, match="certificate is not trusted"):
        fetch_source(mail_server.source(scheme="imap"), tmp_path, system_cas)

    wrong = "not-" + PASSWORD  # last: Dovecot makes the next logins from this address wait
    with pytest.raises(SyncError, match="refused the login of 'reader'; check the user in SOURCE") as refused:
        fetch_source(source, tmp_path, mail_server.config(password=wrong))
    assert wrong not in str(refused.value) and PASSWORD not in str(refused.value)


# -- end to end: fetched issues are searchable -------------------------------------------------
def newsdesk(home: Path, *args: str, password: str = PASSWORD, ca_file: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_IMAP_PASSWORD": password}
    env["NEWSDESK_IMAP_CA_FILE"] = str(ca_file)
    command = [sys.executable, "-c", "from ui.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.integration
def test_synced_newsletters_are_searchable_and_a_second_sync_ingests_nothing(tmp_path, mail_server):
    from assistant import NewsAssistant

    mail_server.deliver(*[newsletter(d) for d in DAYS], *NOT_NEWSLETTERS)
    source = mail_server.source(query="list-id=weekly.harbournotes.example")
    desk = NewsAssistant(home=tmp_path / "home", **mail_server.settings)
    report = desk.sync(source)
    assert (report.fetched, report.skipped) == (3, 3)
    assert report.ingest.issues_added == 3 and not report.ingest.errors and not report.ingest.unknown_files
    assert Path(report.folder).parent == tmp_path / "home" / "sync"
    hit = desk.search("tide gauge readings every minute", k=1)[0]
    assert (hit.headline, hit.newsletter, hit.date) == (
        "A New Tide Gauge at Pier 9 Streams Readings Every Minute",
        "Harbour Notes",
        date(2025, 3, 3),
    )
    desk.close()

    again = newsdesk(tmp_path / "home", "sync", source, "--json", ca_file=mail_server.ca_file)
    assert again.returncode == 0, again.stderr
    shown = json.loads(again.stdout)
    assert (shown["fetched"], shown["unchanged"], shown["skipped"]) == (0, 3, 3)
    assert shown["ingest"]["issues_added"] == 0 and shown["ingest"]["files_skipped"] == 3
    assert PASSWORD not in again.stdout + again.stderr

    refused = newsdesk(tmp_path / "home", "sync", source, password="wrong-" + PASSWORD, ca_file=mail_server.ca_file)
    assert refused.returncode == 1 and "wrong-" not in refused.stdout + refused.stderr
    assert refused.stderr.strip().splitlines() == [
        f"error: `imaps://reader@127.0.0.1:{mail_server.imaps_port}`: the server refused the login of 'reader'; "
        "check the user in SOURCE and NEWSDESK_IMAP_PASSWORD"
    ]


@pytest.mark.integration
def test_a_synced_feed_is_searchable(tmp_path, feed_server):
    from assistant import NewsAssistant

    desk = NewsAssistant(home=tmp_path / "home")
    report = desk.sync(f"{feed_server.url}/feed.xml")
    assert report.fetched == 1 and report.ingest.issues_added == 1 and not report.ingest.errors
    hit = desk.search("late ferry sailing to Gull Island on Saturdays", k=1)[0]
    assert (hit.newsletter, hit.date) == ("The Tideline", date(2025, 3, 3))
    assert hit.headline == "Saturday Ferries Get a Late Sailing to Gull Island"
    again = desk.sync(f"{feed_server.url}/feed.xml")
    assert (again.fetched, again.unchanged, again.ingest.issues_added) == (0, 1, 0)
    desk.close()


def test_the_archive_screen_shows_a_sync_report_escaped():
    from assistant import IngestReport, SyncReport
    from ui.web.archive import sync_markdown

    evil = "https://x.example/<img src=x onerror=alert(1)>[click](javascript:alert(2))"
    shown = sync_markdown(SyncReport(evil, "/tmp/sync/x", fetched=2, skipped=1, ingest=IngestReport(issues_added=2)))
    assert "<img" not in shown and "](" not in shown
    assert "**2** fetched, 0 unchanged, 1 left out by the filters" in shown and "**2** issues added" in shown
