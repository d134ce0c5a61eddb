"""IMAP through the standard library, behind one small module: a connection under verified TLS,
the login, UID commands and their answers, folder names as IMAP spells them. Every failure is a
one-line ``SyncError`` naming the account and the fix; none ever holds the password."""

from __future__ import annotations

import imaplib
import ipaddress
import re
import ssl
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from assistant.errors import SyncError
from index.errors import one_line


@dataclass(frozen=True)
class Account:
    tls: bool  # imaps: TLS from the start; imap: STARTTLS when the server offers it
    user: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"imap{'s' if self.tls else ''}://{self.user}@{host}:{self.port}"


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _tls_context(ca_file: Path | None) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError) as error:
        problem = f"cannot be read as a CA file ({one_line(error)})"
        raise SyncError(f"`{ca_file}`: {problem}; check NEWSDESK_IMAP_CA_FILE") from None


def _timed_out(where: object, timeout: float) -> SyncError:
    return SyncError(f"`{where}`: no answer within {timeout:g} s; try again later or raise NEWSDESK_SYNC_TIMEOUT")


def connect(account: Account, ca_file: Path | None, timeout: float) -> imaplib.IMAP4:
    """A connection under TLS verified against the system's CAs or ``ca_file``: imaps from the
    start, imap by STARTTLS (without it, only to this machine: a password never goes in clear)."""
    context = _tls_context(ca_file)
    try:
        if account.tls:
            return imaplib.IMAP4_SSL(account.host, account.port, ssl_context=context, timeout=timeout)
        imap = imaplib.IMAP4(account.host, account.port, timeout=timeout)
        if "STARTTLS" in imap.capabilities:
            imap.starttls(context)
        elif not _is_loopback(account.host):
            imap.shutdown()
            raise SyncError(f"`{account}`: the server offers no TLS; use imaps://")
        return imap
    except ssl.SSLCertVerificationError as error:
        raise SyncError(
            f"`{account}`: the server's certificate is not trusted ({error.verify_message}); "
            "set NEWSDESK_IMAP_CA_FILE to the CA file that signed it"
        ) from None
    except TimeoutError:
        raise _timed_out(account, timeout) from None
    except (OSError, imaplib.IMAP4.error) as error:
        raise SyncError(f"`{account}`: cannot be reached ({one_line(error)}); check the host and the port") from None


@contextmanager
def session(
    account: Account, password: SecretStr | None, ca_file: Path | None, timeout: float
) -> Iterator[imaplib.IMAP4]:
    """A logged-in connection, logged out at the end; a connection lost on the way is a ``SyncError``."""
    if not password or not password.get_secret_value():
        raise SyncError(f"`{account}`: no password; set NEWSDESK_IMAP_PASSWORD")
    imap = connect(account, ca_file, timeout)
    try:
        try:
            imap.login(account.user, password.get_secret_value())
        except imaplib.IMAP4.error:  # the server's words are left out: one line, the fix
            raise SyncError(
                f"`{account}`: the server refused the login of {account.user!r}; "
                "check the user in SOURCE and NEWSDESK_IMAP_PASSWORD"
            ) from None
        yield imap
    except TimeoutError:
        raise _timed_out(account, timeout) from None
    except (ConnectionError, ssl.SSLError, imaplib.IMAP4.abort) as error:
        problem = f"the connection was lost ({one_line(error)})"
        raise SyncError(f"`{account}`: {problem}; run the same command again to go on") from None
    finally:
        with suppress(OSError, imaplib.IMAP4.error):
            imap.logout()


def uid_command(imap: imaplib.IMAP4, where: object, command: str, *args: str) -> list[Any]:
    """``UID command args…``'s data; a ``SyncError`` naming ``where`` when the server says no."""
    kind, data = imap.uid(command, *args)
    if kind != "OK":
        raise SyncError(f"`{where}`: the server refused UID {command} ({data!r:.120}); run the sync again")
    return data


def fetched(data: list[Any]) -> dict[int, tuple[bytes, bytes]]:
    """``{uid: (the response's words, its literal)}`` of a UID FETCH response."""
    found: dict[int, tuple[bytes, bytes]] = {}
    for n, item in enumerate(data):
        if not isinstance(item, tuple):
            continue
        after = data[n + 1] if n + 1 < len(data) and isinstance(data[n + 1], bytes) else b""
        words = item[0] + after  # servers may send UID before or after the literal
        uid = re.search(rb"\bUID (\d+)", words)
        if uid:
            found[int(uid.group(1))] = (words, item[1])
    return found


def quoted_folder(folder: str) -> str:
    """A folder name as IMAP wants it: modified UTF-7 (RFC 3501 §5.1.3), quoted.
    ``"Lettres reçues"`` → ``'"Lettres re&AOc-ues"'``."""
    out: list[str] = []
    wide: list[str] = []
    for char in [*folder, None]:
        if char is not None and not 0x20 <= ord(char) <= 0x7E:
            wide.append(char)
            continue
        if wide:
            encoded = b64encode("".join(wide).encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append(f"&{encoded}-")
            wide.clear()
        if char is not None:
            out.append("&-" if char == "&" else char)
    return '"' + "".join(out).replace("\\", "\\\\").replace('"', '\\"') + '"'
