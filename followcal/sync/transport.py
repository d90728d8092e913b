"""HTTP for sync: the standard library's http.client, one kept-alive connection an origin.

What sync must guarantee and common HTTP libraries do not: a deadline for each request, from
connecting to the last byte (a per-read timeout lets a server trickling a byte a second hold
a sync forever); a size cap checked while the answer arrives; redirects decided per method (a
PUT or DELETE redirected to another origin is refused, so an event's contact details never
go there, and credentials only go to the origin the user named); Retry-After honoured within
the deadline.
"""

from __future__ import annotations

import functools
import http.client
import ssl
import time
from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit

from followcal.sync.errors import (
    AuthenticationError,
    ConnectionFailedError,
    RedirectRefusedError,
    ResponseTooLargeError,
    ServerTimeoutError,
    SyncError,
    TLSError,
)
from followcal.sync.redact import Redactor, connection_reason, host_of, safe_url, tls_reason
from followcal.sync.wire import (
    BoundedResponse,
    Digest,
    Origin,
    Response,
    auth_header,
    origin_of,
    proxy_for,
    retry_after,
    size_text,
    ssl_context,
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
USER_AGENT = "followcal"


class BoundedSession:
    """Requests to one server (`request`, `close`), each bounded by `timeout` and the cap.

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
        token: str | None = None,
        backoff: bool = False,
    ) -> None:
        self.origin = origin_of(base_url)
        self.base_host = host_of(base_url)
        self.timeout = timeout
        self.max_response = max_response
        self.redact = redact
        self.ca_bundle = ca_bundle
        self.auth_header = auth_header(username, password, token)
        self.credentials = (username, password) if username is not None else None
        self.digest = Digest()
        self.backoff = backoff  # 429s without Retry-After and quota 403s are waited out too
        self.connections: dict[Origin, http.client.HTTPConnection] = {}
        # Origins reached through a plain-HTTP proxy -> the proxy's own headers.
        self.absolute_form: dict[Origin, dict[str, str]] = {}
        self.requests = 0
        self._context: ssl.SSLContext | None = None

    def request(
        self,
        method: str,
        url: str,
        data: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        body = data.encode("utf-8") if isinstance(data, str) else (data or b"")
        sent = {k: v for k, v in (headers or {}).items() if k.lower() != "authorization"}
        deadline = time.monotonic() + self.timeout
        current, current_method = url, method.upper()
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._exchange(current_method, current, body, sent, deadline)
            if self._takes_digest(response, current):
                response = self._exchange(current_method, current, body, sent, deadline)
            wait, tries = retry_after(response, 0, self.backoff), 0
            while wait is not None and time.monotonic() + wait < deadline:
                # 429/503 with Retry-After (Nextcloud limits calendar creation): the request
                # was not carried out, so it is sent again once the wait fits the deadline.
                time.sleep(wait)
                response = self._exchange(current_method, current, body, sent, deadline)
                tries += 1
                wait = retry_after(response, tries, self.backoff)
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
        return self.digest.accepts(response.headers.get_all("WWW-Authenticate") or [])

    def _digest_header(self, method: str, path: str) -> str:
        assert self.credentials is not None
        username, password = self.credentials[0] or "", self.credentials[1] or ""
        return self.digest.header(username, password, method, path)

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
        if origin == self.origin and self.digest.params is not None:
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
        proxy = proxy_for(scheme, host)
        connection: http.client.HTTPConnection
        if proxy is not None:
            # HTTPS_PROXY / HTTP_PROXY from the environment, minus NO_PROXY.
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
                f"{where} sent more than {size_text(limit)} in one answer (at {safe_url(url)}): "
                "refused, a calendar server does not answer that much (a broken server or "
                "proxy?)"
            )

        connection.response_class = functools.partial(  # type: ignore[assignment]
            BoundedResponse, deadline=deadline, limit=limit, on_limit=too_large
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
            self._context = ssl_context(self.ca_bundle)
        return self._context

    def _tls_error(self, where: str, exc: BaseException) -> TLSError:
        hint = "" if self.ca_bundle else "; set ca_bundle for a private CA"
        return TLSError(f"TLS failure talking to {where}: {self.redact(tls_reason(exc))}{hint}")
