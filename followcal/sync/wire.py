"""The pieces under the HTTP session: its answer, reading bounded by a deadline and a size,
Retry-After, the proxy the environment names, and Digest authentication (RFC 7616)."""

from __future__ import annotations

import base64
import http.client
import io
import os
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import unquote, urlsplit

Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


@dataclass
class Response:
    """An answer: status, headers, body, and the URL it finally came from (after redirects)."""

    status_code: int
    reason: str
    headers: Message
    content: bytes
    url: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


def auth_header(username: str | None, password: str | None, token: str | None) -> str | None:
    """Bearer with an OAuth 2.0 access token (Google takes nothing else), else Basic."""
    if token:
        return "Bearer " + token
    if username is not None and password is not None:
        return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return None


# Words of a 403 that means "too many requests" (Google's usageLimits/rateLimitExceeded).
_QUOTA_WORDS = (b"usagelimits", b"ratelimitexceeded", b"quotaexceeded", b"usage limits")


def retry_after(response: Response, tries: int = 0, backoff: bool = False) -> float | None:
    """Seconds a 429 or 503 asks to wait (Retry-After: seconds or an HTTP date), else None.
    With `backoff` (Google), a 429 without Retry-After and a quota 403 wait 1, 1, 2, 4, 8 s
    (five tries at most, as vdirsyncer's retrying for Google)."""
    quota = response.status_code == 403 and any(
        word in response.content[:4096].lower() for word in _QUOTA_WORDS
    )
    if response.status_code not in (429, 503) and not (backoff and quota):
        return None
    value = (response.headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return float(value)
    if backoff and not value:
        return float(2 ** max(tries - 1, 0)) if tries < 5 else None
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    from datetime import UTC, datetime

    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


class _DeadlineReader(io.RawIOBase):
    """A socket's bytes, each read bounded by what is left of the deadline; counts them."""

    def __init__(self, sock: socket.socket, deadline: float, limit: int, on_limit: Any) -> None:
        self.sock = sock
        self.raw = sock.makefile("rb", buffering=0)
        self.deadline = deadline
        self.limit = limit
        self.on_limit = on_limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline")
        self.sock.settimeout(remaining)
        n = int(self.raw.readinto(buffer) or 0)
        self.count += n
        if self.count > self.limit:
            self.on_limit()
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


class BoundedResponse(http.client.HTTPResponse):
    """http.client's response, reading through a `_DeadlineReader`."""

    def __init__(
        self,
        sock: socket.socket,
        *args: Any,
        deadline: float,
        limit: int,
        on_limit: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(sock, *args, **kwargs)
        plain = self.fp
        self.fp = io.BufferedReader(_DeadlineReader(sock, deadline, limit, on_limit))
        plain.close()


def ssl_context(bundle: str | None) -> ssl.SSLContext:
    """The TLS context: the system's CAs, or the CA bundle (file or folder) given."""
    from followcal.sync.errors import InvalidTargetError

    try:
        if bundle and os.path.isdir(bundle):
            return ssl.create_default_context(capath=bundle)
        if bundle:
            return ssl.create_default_context(cafile=bundle)
        return ssl.create_default_context()
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or "not a PEM certificate bundle"
        raise InvalidTargetError(
            f"cannot load the CA bundle {bundle!r}: {reason}", option="--ca-bundle"
        ) from None


def size_text(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


def proxy_for(scheme: str, host: str) -> tuple[str, int, str | None] | None:
    """(host, port, Proxy-Authorization) of the proxy the environment names for `scheme`."""
    import urllib.request

    proxies = urllib.request.getproxies_environment()
    url = proxies.get(scheme)
    if not url or urllib.request.proxy_bypass_environment(host, proxies):  # type: ignore[attr-defined]
        return None
    parts = urlsplit(url if "://" in url else "http://" + url)
    try:
        port = parts.port or 8080
    except ValueError:
        return None
    if not parts.hostname:
        return None
    auth = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        auth = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return parts.hostname, port, auth


def _parse_challenge(text: str) -> dict[str, str]:
    """A Digest challenge's key="value" pairs (urllib's parsers, as its own Digest handler)."""
    import urllib.request

    items = urllib.request.parse_http_list(text)
    return {k.lower(): v for k, v in urllib.request.parse_keqv_list(items).items()}


@dataclass
class Digest:
    """Digest authentication for servers that offer no Basic (Baikal's default)."""

    params: dict[str, str] | None = None  # the server's challenge, once seen
    nonce_count: int = 0

    def accepts(self, offers: list[str]) -> bool:
        """Whether a 401's challenges ask for Digest not tried yet (then: try once)."""
        challenge = next((o for o in offers if o.strip().lower().startswith("digest ")), None)
        if challenge is None or any(o.strip().lower().startswith("basic") for o in offers):
            return False  # Basic was offered (and already sent): the password is wrong
        params = _parse_challenge(challenge.strip()[len("digest ") :])
        stale = params.get("stale", "").lower() == "true"
        if self.params is not None and not stale:
            return False  # Digest was sent and refused: the password is wrong
        algorithm = params.get("algorithm", "MD5").upper()
        if "nonce" not in params or algorithm not in ("MD5", "SHA-256"):
            return False
        self.params, self.nonce_count = params, 0
        return True

    def header(self, username: str, password: str, method: str, path: str) -> str:
        import hashlib

        assert self.params is not None
        params = self.params
        algorithm = params.get("algorithm", "MD5").upper()
        name = "sha256" if algorithm == "SHA-256" else "md5"

        def h(text: str) -> str:
            return hashlib.new(name, text.encode("utf-8")).hexdigest()

        realm, nonce = params.get("realm", ""), params["nonce"]
        ha1 = h(f"{username}:{realm}:{password}")
        ha2 = h(f"{method}:{path}")
        fields = [
            f'username="{username}"',
            f'realm="{realm}"',
            f'nonce="{nonce}"',
            f'uri="{path}"',
            f"algorithm={algorithm}",
        ]
        if "auth" in [q.strip() for q in params.get("qop", "").split(",")]:
            self.nonce_count += 1
            count = f"{self.nonce_count:08x}"
            cnonce = os.urandom(8).hex()
            response = h(f"{ha1}:{nonce}:{count}:{cnonce}:auth:{ha2}")
            fields += ["qop=auth", f"nc={count}", f'cnonce="{cnonce}"']
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")
        fields.append(f'response="{response}"')
        if "opaque" in params:
            fields.append(f'opaque="{params["opaque"]}"')
        return "Digest " + ", ".join(fields)
