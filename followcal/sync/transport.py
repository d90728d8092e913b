"""HTTP for sync, bounded in time and memory, with redirects that never leak anything.

caldav's `DAVClient` drives the requests (its auth negotiation, its response parsing, its
quirk matrix); this module replaces the HTTP session under it, because the session caldav
uses (niquests) cannot do three things sync must guarantee:

- a deadline for each request, from connecting to the last byte of the answer (its timeout
  applies to each socket read, so a server trickling a byte a second never times out);
- a cap on the size of an answer, checked while it arrives (it reads the whole body first);
- redirects decided per method: a PUT or DELETE redirected to another origin is refused, so
  an event's body (contact details) never goes to another host, and credentials only ever go
  to the origin the user named.

It is the standard library's http.client over one kept-alive connection per origin.
"""

from __future__ import annotations

import base64
import functools
import http.client
import io
import os
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from followcal.sync.errors import (
    AuthenticationError,
    ConnectionFailedError,
    InvalidTargetError,
    RedirectRefusedError,
    ResponseTooLargeError,
    ServerTimeoutError,
    SyncError,
    TLSError,
)
from followcal.sync.redact import Redactor, connection_reason, host_of, safe_url, tls_reason

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
USER_AGENT = "followcal"

Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


@dataclass
class Response:
    """What caldav's DAVResponse reads from a niquests response, and the final URL."""

    status_code: int
    reason: str
    headers: Message
    content: bytes
    url: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


def retry_after(response: Response) -> float | None:
    """Seconds a 429 or 503 asks to wait (Retry-After: seconds or an HTTP date), else None."""
    if response.status_code not in (429, 503):
        return None
    value = (response.headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return float(value)
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


class _BoundedResponse(http.client.HTTPResponse):
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


class BoundedSession:
    """A drop-in for the niquests Session caldav's DAVClient calls (`request`, `close`).

    Credentials go, as Basic authentication, only to the origin of `base_url`. Errors come
    out as SyncErrors whose messages are scrubbed by `redact`.
    """

    def __init__(
        self,
        base_url: str,
        *,
        username: str | None,
        password: str | None,
        timeout: float,
        ca_bundle: str | None,
        max_response: int,
        redact: Redactor,
    ) -> None:
        self.origin = origin_of(base_url)
        self.base_host = host_of(base_url)
        self.timeout = timeout
        self.max_response = max_response
        self.redact = redact
        self.ca_bundle = ca_bundle
        self.auth_header: str | None = None
        self.credentials = (username, password) if username is not None else None
        self.digest: dict[str, str] | None = None  # the server's Digest challenge, once seen
        self.nonce_count = 0
        if username is not None and password is not None:
            token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
            self.auth_header = "Basic " + token
        self.connections: dict[Origin, http.client.HTTPConnection] = {}
        # Origins reached through a plain-HTTP proxy -> the proxy's own headers.
        self.absolute_form: dict[Origin, dict[str, str]] = {}
        self.requests = 0
        self._context: ssl.SSLContext | None = None

    # -- caldav's side -------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        data: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        **_ignored: Any,  # proxies, auth, timeout, verify, cert: decided here, not by caldav
    ) -> Response:
        body = data.encode("utf-8") if isinstance(data, str) else (data or b"")
        sent = {k: v for k, v in (headers or {}).items() if k.lower() != "authorization"}
        deadline = time.monotonic() + self.timeout
        current, current_method = url, method.upper()
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._exchange(current_method, current, body, sent, deadline)
            if self._takes_digest(response, current):
                response = self._exchange(current_method, current, body, sent, deadline)
            wait = retry_after(response)
            while wait is not None and time.monotonic() + wait < deadline:
                # 429/503 with Retry-After (Nextcloud limits calendar creation): the request
                # was not carried out, so it is sent again once the wait fits the deadline.
                time.sleep(wait)
                response = self._exchange(current_method, current, body, sent, deadline)
                wait = retry_after(response)
            location = response.headers.get("Location")
            if response.status_code not in REDIRECTS or not location:
                if response.status_code == 401 and origin_of(current) != self.origin:
                    raise AuthenticationError(
                        f"{host_of(current)} asks for a login (401) after "
                        f"{self.base_host} redirected there; followcal sends your password "
                        f"only to {self.base_host}: if {host_of(current)} is your server, "
                        "use its URL"
                    )
                return response
            target = urljoin(current, location)
            if origin_of(target) != origin_of(url) and current_method not in SAFE_METHODS:
                raise RedirectRefusedError(
                    f"{host_of(current)} redirected a {current_method} to {host_of(target)}: "
                    "refused, an event's details are only sent to the server you named; if "
                    f"{host_of(target)} is your server, use its URL"
                )
            if response.status_code == 303:
                current_method, body = "GET", b""
            current = target
        raise SyncError(f"{host_of(url)} redirected more than {MAX_REDIRECTS} times")

    # -- Digest authentication (RFC 7616), for servers that offer no Basic (Baikal's default) --

    def _takes_digest(self, response: Response, url: str) -> bool:
        """Whether a 401 asks for Digest that followcal has not tried yet (then: try once)."""
        if response.status_code != 401 or origin_of(url) != self.origin or not self.credentials:
            return False
        offers = response.headers.get_all("WWW-Authenticate") or []
        challenge = next((o for o in offers if o.strip().lower().startswith("digest ")), None)
        if challenge is None or any(o.strip().lower().startswith("basic") for o in offers):
            return False  # Basic was offered (and already sent): the password is wrong
        params = _parse_challenge(challenge.strip()[len("digest ") :])
        stale = params.get("stale", "").lower() == "true"
        if self.digest is not None and not stale:
            return False  # Digest was sent and refused: the password is wrong
        algorithm = params.get("algorithm", "MD5").upper()
        if "nonce" not in params or algorithm not in ("MD5", "SHA-256"):
            return False
        self.digest, self.nonce_count = params, 0
        return True

    def _digest_header(self, method: str, path: str) -> str:
        import hashlib

        assert self.digest is not None and self.credentials is not None
        params = self.digest
        username, password = self.credentials[0] or "", self.credentials[1] or ""
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

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()

    # -- one exchange --------------------------------------------------------------------------

    def _exchange(
        self, method: str, url: str, body: bytes, headers: dict[str, str], deadline: float
    ) -> Response:
        origin = origin_of(url)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers}
        if origin == self.origin and self.digest is not None:
            request_headers["Authorization"] = self._digest_header(method, path)
        elif origin == self.origin and self.auth_header:
            request_headers["Authorization"] = self.auth_header
        where = host_of(url)
        # A kept-alive connection the server closed while idle fails before any answer: one
        # retry on a fresh connection (the request never reached the server).
        self.requests += 1  # a resend after a dropped connection is the same request
        for attempt in (1, 2):
            connection = self._connection(origin, deadline)
            if origin in self.absolute_form:
                path = f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}" + (
                    (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                )
                request_headers.update(self.absolute_form[origin])
            try:
                self._send(connection, method, path, body, request_headers, deadline)
                return self._receive(connection, url, deadline)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                # Closed before any byte of an answer: a kept-alive connection the server
                # dropped while idle, or a busy single-worker server (SOGo) turning it away.
                # Every write is conditional, so a resend cannot overwrite anything silently.
                self._drop(origin)
                if attempt == 2:
                    raise ConnectionFailedError(
                        f"{where} closed the connection: {connection_reason(exc)}"
                    ) from None
                time.sleep(0.05)
            except SyncError:
                self._drop(origin)
                raise
            except TimeoutError:
                self._drop(origin)
                raise ServerTimeoutError(
                    f"{where} did not finish answering within {self.timeout:g} s"
                ) from None
            except ssl.SSLError as exc:
                self._drop(origin)
                raise self._tls_error(where, exc) from None
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                self._drop(origin)
                raise ConnectionFailedError(
                    f"lost the connection to {where}: {connection_reason(exc)}"
                ) from None
        raise AssertionError("unreachable")

    def _connection(self, origin: Origin, deadline: float) -> http.client.HTTPConnection:
        existing = self.connections.get(origin)
        if existing is not None and existing.sock is not None:
            return existing
        scheme, host, port = origin
        remaining = max(deadline - time.monotonic(), 0.001)
        proxy = _proxy_for(scheme, host)
        connection: http.client.HTTPConnection
        if proxy is not None:
            # As niquests did: HTTPS_PROXY / HTTP_PROXY from the environment, minus NO_PROXY.
            proxy_host, proxy_port, proxy_auth = proxy
            headers = {"Proxy-Authorization": proxy_auth} if proxy_auth else {}
            if scheme == "https":  # a CONNECT tunnel: TLS still ends at the server itself
                connection = http.client.HTTPSConnection(
                    proxy_host, proxy_port, timeout=remaining, context=self._ssl_context()
                )
                connection.set_tunnel(host, port, headers=headers)
            else:  # plain HTTP through the proxy: requests in absolute form
                connection = http.client.HTTPConnection(proxy_host, proxy_port, timeout=remaining)
                self.absolute_form[origin] = headers
        else:
            self.absolute_form.pop(origin, None)
            if scheme == "https":
                connection = http.client.HTTPSConnection(
                    host, port, timeout=remaining, context=self._ssl_context()
                )
            else:
                connection = http.client.HTTPConnection(host, port, timeout=remaining)
        where = f"{host}:{port}"
        try:
            connection.connect()
        except TimeoutError:
            raise ServerTimeoutError(
                f"{where} did not accept a connection within {self.timeout:g} s"
            ) from None
        except ssl.SSLError as exc:
            raise self._tls_error(where, exc) from None
        except OSError as exc:
            raise ConnectionFailedError(
                f"cannot connect to {where}: {connection_reason(exc)}"
            ) from None
        self.connections[origin] = connection
        return connection

    def _send(
        self,
        connection: http.client.HTTPConnection,
        method: str,
        path: str,
        body: bytes,
        headers: dict[str, str],
        deadline: float,
    ) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline")
        assert connection.sock is not None
        connection.sock.settimeout(remaining)
        connection.request(method, path, body=body or None, headers=headers)

    def _receive(
        self, connection: http.client.HTTPConnection, url: str, deadline: float
    ) -> Response:
        assert connection.sock is not None
        where = host_of(url)
        limit = self.max_response

        def too_large() -> None:
            raise ResponseTooLargeError(
                f"{where} sent more than {_size(limit)} in one answer (at {safe_url(url)}): "
                "refused, a calendar server does not answer that much (a broken server or "
                "proxy?)"
            )

        connection.response_class = functools.partial(  # type: ignore[assignment]
            _BoundedResponse, deadline=deadline, limit=limit, on_limit=too_large
        )
        response = connection.getresponse()
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            too_large()
        content = response.read()
        return Response(response.status, response.reason, response.msg, content, url)

    def _drop(self, origin: Origin) -> None:
        connection = self.connections.pop(origin, None)
        if connection is not None:
            connection.close()

    def _ssl_context(self) -> ssl.SSLContext:
        if self._context is None:
            bundle = self.ca_bundle
            try:
                if bundle and os.path.isdir(bundle):
                    self._context = ssl.create_default_context(capath=bundle)
                elif bundle:
                    self._context = ssl.create_default_context(cafile=bundle)
                else:
                    self._context = ssl.create_default_context()
            except (OSError, ssl.SSLError) as exc:
                reason = getattr(exc, "strerror", None) or "not a PEM certificate bundle"
                raise InvalidTargetError(
                    f"cannot load the CA bundle {bundle!r}: {reason}"
                ) from None
        return self._context

    def _tls_error(self, where: str, exc: BaseException) -> TLSError:
        hint = "" if self.ca_bundle else "; set ca_bundle for a private CA"
        return TLSError(f"TLS failure talking to {where}: {self.redact(tls_reason(exc))}{hint}")


def _size(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


def _proxy_for(scheme: str, host: str) -> tuple[str, int, str | None] | None:
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
