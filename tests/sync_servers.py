"""The servers `newsdesk sync` is tested against, on loopback: a feed server (http.server in a
thread) and an IMAP server (Debian's Dovecot, with its own configuration and a certificate made
by openssl), and the newsletters they serve, invented for these tests."""

from __future__ import annotations

import email.utils
import grp
import hashlib
import imaplib
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import free_port
from pydantic import SecretStr

from assistant.sync import SyncConfig

# -- the newsletters ---------------------------------------------------------------------------
HARBOUR_ISSUES = {
    date(2025, 3, 3): [
        (
            "Tugboat Crews Vote to Join the Pilots' Association",
            "The forty crew members of the Kestrel Towage fleet voted on Friday to join the harbour pilots' "
            "association, ending a two-year dispute over night shifts. The first joint rota starts in April.",
        ),
        (
            "A New Tide Gauge at Pier 9 Streams Readings Every Minute",
            "The port authority installed a radar tide gauge at the end of Pier 9. Its readings are published "
            "every minute on the harbour website, replacing the old float gauge read twice a day by hand.",
        ),
        (
            "Saturday Ferries Get a Late Sailing to Gull Island",
            "From the first weekend of April, the Gull Island ferry leaves the quay at 23:15 on Saturdays. "
            "The council pays for the extra crossing during a six-month trial.",
        ),
    ],
    date(2025, 3, 10): [
        (
            "Dredging of the Inner Basin Finds a Sunken Rowing Boat",
            "Divers working ahead of the dredger raised a clinker-built rowing boat from the inner basin. "
            "The maritime museum believes it was built in the 1920s at the old Marsh Lane yard.",
        ),
        (
            "Fish Market Moves its Auction to Six in the Morning",
            "Buyers asked for an earlier start so that fish reaches inland restaurants before lunch. "
            "The auction, held at seven for thirty years, opens at six from Monday.",
        ),
        (
            "Harbour Lights Switch to Solar Power",
            "The eleven channel lights now run on solar panels with a week of battery reserve. "
            "The mains cables laid in 1987 will be lifted during the summer works.",
        ),
    ],
    date(2025, 3, 17): [
        (
            "Sea Wall Repairs Close the Promenade for Three Weeks",
            "Storm damage to the north sea wall is being repaired with granite blocks from the old quarry. "
            "Walkers are directed along Chandlery Street until the works end.",
        ),
        (
            "Sailing School Opens its Season with Twelve New Dinghies",
            "The community sailing school bought twelve dinghies with a grant from the lottery fund. "
            "Courses for children start in May, with places kept for pupils of the harbour schools.",
        ),
        (
            "Lifeboat Crew Rescues Two Kayakers off the Breakwater",
            "The inshore lifeboat was launched on Sunday afternoon after two kayakers were swept past the "
            "breakwater by the ebb. Both were brought ashore cold but unhurt.",
        ),
    ],
}
SENDER = "news@harbournotes.example"
LIST_ID = "Harbour Notes weekly <weekly.harbournotes.example>"


def issue_html(title: str, stories: list[tuple[str, str]]) -> str:
    body = "".join(f"<h2>{headline}</h2>\n<p>{text}</p>\n" for headline, text in stories)
    return f"<html><body><h1>{title}</h1>\n{body}</body></html>"


def newsletter(day: date, n: int | None = None, list_id: str = LIST_ID) -> bytes:
    """An issue of Harbour Notes as its subscribers receive it."""
    stories = HARBOUR_ISSUES.get(day) or HARBOUR_ISSUES[date(2025, 3, 3)]
    title = f"Harbour Notes — {day.day} {day:%B %Y}"
    mail = EmailMessage()
    mail["From"] = f"Harbour Notes <{SENDER}>"
    mail["To"] = "reader@example.org"
    mail["Subject"] = title
    mail["Date"] = email.utils.format_datetime(datetime(day.year, day.month, day.day, 7, tzinfo=UTC))
    mail["Message-ID"] = f"<{day.isoformat()}{f'-{n}' if n else ''}.weekly@harbournotes.example>"
    mail["List-Id"] = list_id
    mail.set_content("Harbour Notes is best read in HTML.")
    mail.add_alternative(issue_html(title, stories), subtype="html")
    return mail.as_bytes()


def other_mail(sender: str, subject: str, text: str, list_id: str | None = None) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "reader@example.org"
    mail["Subject"] = subject
    mail["Date"] = "Tue, 04 Mar 2025 12:30:00 +0000"
    mail["Message-ID"] = f"<{hashlib.sha256(subject.encode()).hexdigest()[:12]}@mail.example.org>"
    if list_id:
        mail["List-Id"] = list_id
    mail.set_content(text)
    return mail.as_bytes()


NOT_NEWSLETTERS = [
    other_mail("Maud Ferrier <maud@example.org>", "Lunch on Friday?", "The usual place at one? Maud"),
    other_mail("news@harbournotes.example.net", "Your parcel is waiting", "Click to pay the customs fee."),
    other_mail(
        f"Harbour Notes <{SENDER}>",
        "Spring offers at the chandlery",
        "Ten per cent off ropes and fenders until Easter.",
        list_id="Harbour Notes offers <offers.harbournotes.example>",
    ),
]


# -- a feed server -----------------------------------------------------------------------------
def tideline_feed(days: list[date]) -> bytes:
    items = "".join(
        f"""<item><title>The Tideline, {d:%d %B %Y}</title><link>https://tideline.example/issues/{d}</link>
<guid>https://tideline.example/issues/{d}</guid><pubDate>{d:%a, %d %b %Y} 07:00:00 +0000</pubDate>
<description><![CDATA[{issue_html(f"The Tideline, {d:%d %B %Y}", HARBOUR_ISSUES[d])}]]></description></item>
"""
        for d in days
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Tideline</title><link>https://tideline.example/</link>
<description>Weekly news from the harbour</description>
{items}</channel></rss>""".encode()


@dataclass
class FeedServer:
    url: str
    body: bytes
    last_modified: str = "Mon, 03 Mar 2025 07:00:00 GMT"
    requests: list[tuple[str, dict[str, str], int]] = field(default_factory=list)  # path, headers, status

    @property
    def etag(self) -> str:
        return f'"{hashlib.sha256(self.body).hexdigest()[:16]}"'


@contextmanager
def serving_feed() -> Iterator[FeedServer]:
    """`/feed.xml` with ETag and Last-Modified (304 when unchanged), `/plain.xml` without either,
    `/slow.xml` that answers late; every request recorded with the status it got."""
    served = FeedServer(url="", body=tideline_feed([date(2025, 3, 3)]))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = dict(self.headers)
            if self.path == "/slow.xml":
                time.sleep(2)
            if self.path not in ("/feed.xml", "/plain.xml", "/slow.xml"):
                return self._answer(404, headers)
            if self.path == "/feed.xml" and (
                self.headers.get("If-None-Match") == served.etag
                or (
                    not self.headers.get("If-None-Match")
                    and self.headers.get("If-Modified-Since") == served.last_modified
                )
            ):
                return self._answer(304, headers)
            self._answer(200, headers, served.body, validators=self.path == "/feed.xml")

        def _answer(self, status: int, headers: dict[str, str], body: bytes = b"", validators: bool = False) -> None:
            served.requests.append((self.path, headers, status))
            self.send_response(status)
            if validators:
                self.send_header("ETag", served.etag)
                self.send_header("Last-Modified", served.last_modified)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up (/slow.xml)
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


# -- a mail server -----------------------------------------------------------------------------
DOVECOT = shutil.which("dovecot") or next((p for p in ["/usr/sbin/dovecot"] if Path(p).exists()), None)
OPENSSL = shutil.which("openssl")
USER, PASSWORD = "reader", "tide-Table-42"


@dataclass
class MailServer:
    imaps_port: int
    imap_port: int
    ca_file: Path
    log: Path

    def source(self, folder: str = "INBOX", query: str = "", scheme: str = "imaps") -> str:
        port = self.imaps_port if scheme == "imaps" else self.imap_port
        return f"{scheme}://{USER}@127.0.0.1:{port}/{folder}{'?' + query if query else ''}"

    def config(self, password: str | None = PASSWORD, ca_file: Path | None = None) -> SyncConfig:
        return SyncConfig(SecretStr(password) if password else None, ca_file or self.ca_file, timeout=10)

    @property
    def settings(self) -> dict[str, object]:
        return {"imap_password": PASSWORD, "imap_ca_file": self.ca_file}

    def connect(self) -> imaplib.IMAP4_SSL:
        imap = imaplib.IMAP4_SSL(
            "127.0.0.1", self.imaps_port, ssl_context=ssl.create_default_context(cafile=self.ca_file)
        )
        imap.login(USER, PASSWORD)
        return imap

    def deliver(self, *messages: bytes, folder: str = '"INBOX"') -> None:
        imap = self.connect()
        imap.create(folder)  # NO when it exists
        for message in messages:
            assert imap.append(folder, None, None, message)[0] == "OK"
        imap.logout()

    def sessions(self) -> int:
        """Sessions ended so far, once Dovecot has logged the end of every session it logged in
        (its processes write the log through a pipe, a moment later)."""
        deadline = time.monotonic() + 5
        while True:
            log = self.log.read_text()
            ended = log.count("Disconnected: Logged out")
            if ended >= log.count("Login: user=") or time.monotonic() > deadline:
                return ended
            time.sleep(0.05)

    def bodies_sent_since(self, sessions: int) -> int:
        """Messages whose whole text the server sent in the sessions after the first ``sessions``
        (Dovecot's own count at logout; headers are counted apart)."""
        self.sessions()
        logouts = re.findall(r"Disconnected: Logged out .*?body_count=(\d+)", self.log.read_text())
        return sum(int(n) for n in logouts[sessions:])


def _dovecot_config(root: Path, imaps_port: int, imap_port: int, uid: int) -> str:
    rootless = ""
    if os.geteuid() != 0:  # every process runs as this user, its sockets in its group
        user, group = pwd.getpwuid(uid).pw_name, grp.getgrgid(os.getgid()).gr_name
        rootless = f"default_login_user = {user}\ndefault_internal_user = {user}\ndefault_internal_group = {group}\n"
    return f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = newsdesk-test-{imaps_port}
{rootless}first_valid_uid = {uid}
ssl = yes
auth_failure_delay = 0
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = passwd-file
  args = {root}/users
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
"""


@contextmanager
def running_dovecot() -> Iterator[MailServer]:
    """Dovecot on two free loopback ports (imaps, and imap with STARTTLS), one passwd-file user
    with a maildir, a self-signed certificate: all under one temporary folder, nothing else touched."""
    if not DOVECOT:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)")
    if not OPENSSL:
        pytest.skip("openssl is not installed")
    root = Path(tempfile.mkdtemp(prefix="newsdesk-dovecot-"))
    root.chmod(0o755)  # Dovecot's unprivileged processes read the users file and the mail below
    process = None
    try:
        subprocess.run(
            [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")],
            check=True, capture_output=True,
        )  # fmt: skip
        # Dovecot never reads mail as root: as root, the mail belongs to its own system user.
        try:
            account = pwd.getpwnam("dovecot") if os.geteuid() == 0 else pwd.getpwuid(os.getuid())
        except KeyError:
            pytest.skip("no 'dovecot' system user: install Debian's dovecot-imapd")
        (root / "mail").mkdir()
        os.chown(root / "mail", account.pw_uid, account.pw_gid)
        users = f"{USER}:{{PLAIN}}{PASSWORD}:{account.pw_uid}:{account.pw_gid}::{root / 'mail' / USER}::\n"
        (root / "users").write_text(users)
        server = MailServer(free_port(), free_port(), root / "cert.pem", root / "dovecot.log")
        (root / "dovecot.conf").write_text(_dovecot_config(root, server.imaps_port, server.imap_port, account.pw_uid))
        process = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", server.imaps_port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = server.log.read_text() if server.log.exists() else ""
                    pytest.fail(f"dovecot did not start: {process.stderr.read() if process.stderr else ''}{log}")
                time.sleep(0.1)
        yield server
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=20)
        shutil.rmtree(root, ignore_errors=True)
