"""Who may read and write, the same for every door: the REST API, the web app and its uploads.

- With ``NEWSDESK_API_KEY`` set, writes need it (``Authorization: Bearer KEY`` on the API, the
  key field on the Archive screen), and so do reads when ``NEWSDESK_PROTECT_READS`` is set (the
  web app then asks for it at a login page).
- Without a key, writes come from this machine only: a direct connection from a loopback
  address that no proxy forwarded (a request carrying ``Forwarded``, ``X-Forwarded-For`` or
  ``X-Real-IP`` came through a proxy, whoever it was for).
- Every request must name an allowed host (DNS rebinding: a page on ``evil.example`` resolving
  to 127.0.0.1 sends ``Host: evil.example``), and a write sent by a browser must come from a
  page of an allowed host (``Origin``: a page elsewhere cannot post an issue).
- An upload is refused by its declared size and the key before its body is read.

``AccessGuard`` applies the request-level rules to the whole server as ASGI middleware.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from assistant.errors import Forbidden, Unauthorized
from assistant.settings import Settings

PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UPLOAD_SLACK = 2**20  # multipart boundaries and headers around the files themselves


def is_loopback(address: str | None) -> bool:
    """A loopback IP address; names ("localhost.evil.example") are not addresses."""
    try:
        return ipaddress.ip_address((address or "").strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(value: str | None) -> str:
    """The host of a ``Host`` header or of an origin URL, lower-cased, without port or brackets."""
    if not value:
        return ""
    netloc = urlsplit(value).netloc if "://" in value else value
    host = netloc.rsplit("@", 1)[-1]
    if host.startswith("["):
        return host[1 : host.find("]")].lower()
    return host.split(":", 1)[0].lower()


class Access:
    """The access rules, from the settings."""

    def __init__(self, settings: Settings) -> None:
        self.key = settings.api_key.get_secret_value() if settings.api_key else ""
        self.protect_reads = settings.protect_reads
        self.upload_limit = settings.upload_max_mb * 2**20
        self.hosts = self._allowed_hosts(settings)

    @staticmethod
    def _allowed_hosts(settings: Settings) -> frozenset[str] | None:
        """The host names requests may name; None for any (a server bound to every address)."""
        given = {h.strip().lower() for h in settings.allowed_hosts.split(",") if h.strip()}
        if "*" in given:
            return None
        if not given and settings.host in ("0.0.0.0", "::", ""):
            return None
        return frozenset(LOOPBACK_NAMES | given | {host_name(settings.host)})

    def key_matches(self, given: str | None) -> bool:
        return bool(self.key) and hmac.compare_digest((given or "").encode(), self.key.encode())

    def check_write(self, peer: str | None, headers: Mapping[str, str], given_key: str | None) -> None:
        """Raise ``Unauthorized`` or ``Forbidden`` unless this request may write."""
        if self.key:
            if not self.key_matches(given_key):
                raise Unauthorized("missing or wrong API key; send `Authorization: Bearer <NEWSDESK_API_KEY>`")
            return
        if not is_loopback(peer) or any(h in headers for h in PROXY_HEADERS):
            raise Forbidden("writes are accepted from this machine only; set NEWSDESK_API_KEY to allow others")

    def check_read(self, given_key: str | None) -> None:
        if self.protect_reads and not self.key_matches(given_key):
            raise Unauthorized("reads need the API key; send `Authorization: Bearer <NEWSDESK_API_KEY>`")

    def host_allowed(self, host: str | None) -> bool:
        return self.hosts is None or host_name(host) in self.hosts

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """A browser's ``Origin`` on a write: absent (not a browser), the server's own host, or allowed."""
        if not origin:
            return True
        name = host_name(origin)
        if name == host_name(host):
            return True  # the server's own page (its Host was checked already)
        return self.hosts is not None and name in self.hosts


def bearer(headers: Mapping[str, str]) -> str | None:
    """The key of an ``Authorization: Bearer KEY`` header."""
    value = headers.get("authorization", "")
    return value[7:] if value[:7].lower() == "bearer " else None


ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


class AccessGuard:
    """ASGI middleware: the rules that hold before any route reads the request."""

    def __init__(self, app: ASGIApp, access: Access, upload_paths: tuple[str, ...]) -> None:
        self.app = app
        self.access = access
        self.upload_paths = upload_paths

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self.refusal(scope, headers)
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, detail = refusal
        body = json.dumps({"detail": detail}).encode()
        length = str(len(body)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", length)],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def refusal(self, scope: dict[str, Any], headers: dict[str, str]) -> tuple[int, str] | None:
        host = headers.get("host")
        if not self.access.host_allowed(host):
            return 400, f"host {host_name(host)!r} is not served here; add it to NEWSDESK_ALLOWED_HOSTS"
        method, path = scope.get("method", "GET"), scope.get("path", "")
        if method in UNSAFE_METHODS and not self.access.origin_allowed(headers.get("origin"), host):
            return 403, "a page on another site may not write here"
        if method == "POST" and any(path.endswith(p) for p in self.upload_paths):
            declared = headers.get("content-length", "")
            if not declared.isdigit():
                return 411, "uploads must declare their Content-Length"
            if int(declared) > self.access.upload_limit + UPLOAD_SLACK:
                return 413, f"upload of {declared} bytes exceeds NEWSDESK_UPLOAD_MAX_MB"
        if method == "POST" and path == "/api/issues":
            client = scope.get("client")
            try:
                self.access.check_write(client[0] if client else None, headers, bearer(headers))
            except Unauthorized as error:
                return 401, str(error)
            except Forbidden as error:
                return 403, str(error)
        return None
