"""followcal's own small CalDAV client: one owner for every request sync sends.

Why not caldav (3.6, until issue 18 the client under sync)? Measured on this project's
machine: `import caldav.davclient` took 293 ms, caldav pulls in 21 packages (niquests,
urllib3-future, qh3, lxml, dnspython, recurring-ical-events, ...) and is 19,940 lines, of
which sync used a request method (whose 401/403 handling dropped the server's reason, and
which raised on 429), two XML parsers (which cut every href down to its path, another host's
too), one MKCALENDAR and its quirk matrix. Its writes could not be used at all (no
`If-None-Match: *`, `If-Schedule-Tag-Match` against Xandikos), and the session under it was
followcal's already. What sync needs is here, over the standard library, in six modules of
about 1,000 lines (840 without blank lines and comments); all of followcal.sync imports in
66 ms:

- `client` (this module): the connection, one `request` method every request goes through,
  and the mapping of failures to SyncErrors with the server's own reason;
- `discovery`: from a URL (a bare host through `/.well-known/caldav`, a principal, a
  calendar) to the calendar, created if asked;
- `listing`: what is in the calendar, at the cost of what changed;
- `writes`: conditional creates, updates and deletes; a refused object is that object's
  failure;
- `dav`: the XML sent and read; `quirks`: what servers do unlike the RFCs;
- `transport`: HTTP bounded in time and size, Basic/Digest, Retry-After, redirect rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit, urlunsplit

from followcal.errors import FollowcalError
from followcal.sync.dav import DAVResponse
from followcal.sync.errors import (
    AuthenticationError,
    CalendarNotFoundError,
    ConflictError,
    ConnectionFailedError,
    InvalidTargetError,
    PermissionDeniedError,
    RejectedObjectError,
    ServerTimeoutError,
    SyncError,
)
from followcal.sync.model import SyncTarget
from followcal.sync.objects import Remote, path_of
from followcal.sync.quirks import Quirks, guess_server, known_servers, quirks_of
from followcal.sync.redact import Redactor, connection_reason, host_of, safe_url
from followcal.sync.transport import BoundedSession

# How long Nextcloud's brute-force protection may hold back one answer (about 30 s).
NEXTCLOUD_THROTTLE = 35.0


class CalDAVClient:
    """One BoundedSession to one server; every request through `request`."""

    def __init__(self, target: SyncTarget) -> None:
        parts = urlsplit(target.url)
        username, password = target.username, target.password
        if parts.username is not None:  # credentials in the URL, when none are given
            username = username or unquote(parts.username)
            password = password or unquote(parts.password or "")
        self.base = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))
        self.target = target
        self.username, self.password = username, password
        self.redact = Redactor(username, target.token or password, target.url)
        self.calendar_created = False
        self.session: BoundedSession | None = None
        self.server: str | None = target.server or guess_server(target.url)
        self.answered = False  # whether the server has answered anything yet
        self.ctags: dict[str, str] = {}  # calendar URL -> CTag, when discovery saw it
        self.downloaded = 0  # objects read (each parsed): what a resync costs in CPU
        self.changes: dict[str, Remote | None] = {}  # path -> as written (None: unknown now)
        self.kept: frozenset[str] | None = None  # what a probe found kept (sync/probe.py)

    def __enter__(self) -> CalDAVClient:
        if self.target.server is not None and self.target.server not in known_servers():
            raise InvalidTargetError(
                f"unknown server kind {self.target.server!r}; known: " + ", ".join(known_servers()),
                option="--server",
            )
        self.session = BoundedSession(
            self.base,
            username=self.username,
            password=self.password,
            timeout=self.target.timeout,
            ca_bundle=self.target.ca_bundle,
            max_response=self.target.max_response,
            redact=self.redact,
            token=self.target.token,
            backoff=self.quirks.lossy,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.session is not None:
            self.session.close()

    @property
    def quirks(self) -> Quirks:
        return quirks_of(self.server)

    @property
    def requests(self) -> int:
        return self.session.requests if self.session is not None else 0

    def learn_server(self, url: str, headers: Mapping[str, str]) -> None:
        """Follow the quirks of the server kind its first answer reveals (unless named)."""
        if self.server is None:
            self.server = guess_server(url, headers)

    # -- requests ----------------------------------------------------------------------------

    def request(
        self,
        url: str,
        method: str,
        body: str = "",
        headers: Mapping[str, str] | None = None,
        *,
        what: str,
    ) -> DAVResponse:
        assert self.session is not None
        session = self.session
        # Nextcloud holds back its answers to a client whose password it refused, up to about
        # 30 s a request (nextcloud/server#9864): the first request waits that long, so a wrong
        # app password is reported as the 401 it is, not as a timeout.
        throttled = not self.answered and self.quirks.trash_bin
        if throttled:
            session.timeout = max(self.target.timeout, NEXTCLOUD_THROTTLE)
        try:
            with self.errors(url, what):
                raw = session.request(method, url, body, dict(headers or {}))
        except ServerTimeoutError as exc:
            if self.answered:
                raise
            raise ServerTimeoutError(
                f"{exc}: no answer at all yet; a server that throttles refused logins "
                "(Nextcloud waits up to 30 s) looks like this, so check the password "
                "(an app password for Nextcloud)"
            ) from None
        finally:
            session.timeout = self.target.timeout
        response = DAVResponse(raw.status_code, raw.headers, raw.content, raw.url, raw.reason)
        if throttled and response.status == 401:
            raise AuthenticationError(
                f"{self.status_error(401, safe_url(url), None)}; Nextcloud slows every request "
                "after refused logins, so fix the password (an app password: Settings, "
                "Security) before the next sync"
            )
        self.answered = True
        if method in ("PUT", "DELETE"):
            self.note_write(url, method, body, response)
        if self.server is None:
            self.learn_server(url, response.headers)  # type: ignore[arg-type]
        return response

    def note_write(self, url: str, method: str, body: str, response: DAVResponse) -> None:
        """What this copy knows of an object after writing it, for the next sync's listing:
        what it PUT, under the ETag the server answered with (if any); else nothing."""
        etag = strong(response.headers.get("ETag")) if 200 <= response.status < 300 else None
        if method == "PUT" and etag:
            self.changes[path_of(url)] = Remote.parse(url, etag, body)
        else:
            self.changes[path_of(url)] = None

    @contextmanager
    def errors(self, url: str, what: str = "connecting") -> Iterator[None]:
        """The standard library's exceptions, should one get past the session, as SyncErrors."""
        where = safe_url(url)
        try:
            yield
        except FollowcalError:
            raise
        except SyntaxError:  # ElementTree's ParseError: a reply that should be XML and is not
            raise SyncError(f"the server's answer to {what} at {where} is not valid XML") from None
        except TimeoutError:
            raise ServerTimeoutError(
                f"{host_of(where)} did not answer within {self.target.timeout:g} s"
            ) from None
        except ConnectionError as exc:
            raise ConnectionFailedError(
                f"cannot connect to {host_of(where)}: {self.redact(connection_reason(exc))}"
            ) from None
        except OSError as exc:  # e.g. a CA bundle that cannot be read
            reason = self.redact(" ".join(str(exc).split())[:200]) or type(exc).__name__
            raise SyncError(f"{what} at {where} failed: {reason}") from None

    def check(self, response: DAVResponse, url: str, what: str, ok: tuple[int, ...]) -> None:
        if response.status in ok:
            return
        if response.status in (429, 503):
            after = (response.headers.get("Retry-After") or "").strip()
            wait = f"; it asks to wait {after} s, longer than --timeout allows" if after else ""
            because = f" ({self.reason(response)})" if self.reason(response) else ""
            raise SyncError(
                f"{host_of(url)} is limiting requests ({response.status}){because}{wait}; "
                "try again later"
            )
        raise self.status_error(response.status, safe_url(url), self.reason(response), what)

    def check_multistatus(self, response: DAVResponse, url: str, what: str) -> None:
        """A PROPFIND or REPORT must answer 207; a 200 is a login page or a proxy, not DAV."""
        status = response.status
        if 200 <= status < 300 and status != 207:
            raise SyncError(
                f"the server answered {what} at {safe_url(url)} with HTTP {status}, not "
                "207 Multi-Status: not a CalDAV server there (a login page or a proxy?)"
            )
        self.check(response, url, what, (207,))

    def status_error(
        self, status: int, where: str, reason: str | None, what: str = "request"
    ) -> SyncError:
        because = f": {reason}" if reason else ""
        if status == 401 and self.target.token:
            return AuthenticationError(
                f"{host_of(where)} rejected the access token (401 Unauthorized); run "
                "`followcal auth google` again, or check --oauth2-token-command"
            )
        if status == 401:
            user = f" for user {self.username!r}" if self.username else ""
            return AuthenticationError(
                f"{host_of(where)} rejected the credentials{user} (401 Unauthorized)"
            )
        if status == 403:
            return PermissionDeniedError(
                f"no permission for {what} at {where} (403 Forbidden){because}"
            )
        if status == 404:
            return CalendarNotFoundError(f"nothing found at {where} (404 Not Found)")
        if status in (400, 415):
            return RejectedObjectError(f"the server refused {what} ({status}){because}")
        if status in (409, 412):
            return ConflictError(f"conflict on {what} at {where} ({status}){because}")
        return SyncError(f"{what} at {where} failed with HTTP {status}{because}")

    def reason(self, response: DAVResponse) -> str:
        """The server's own explanation, on one line, bounded, without secrets."""
        text = ""
        tree = response.tree
        if tree is not None:
            messages = [
                el.text.strip() for el in tree.iter() if el.tag.endswith("}message") and el.text
            ]
            text = " ".join(messages) or " ".join(t.strip() for t in tree.itertext() if t.strip())
        if not text:
            text = response.text
            if "<html" in text.lower():
                text = re.sub(r"<[^>]+>", " ", text)
        text = " ".join(text.split()) or response.reason
        return self.redact(text[:300])


def strong(etag: str | None) -> str | None:
    """The ETag to send in If-Match. A weak one (`W/"..."`, Cyrus on a gzipped GET, GMX on a
    PUT) never matches If-Match's strong comparison, so every delete would get 412: its
    opaque part is what the server compares."""
    if etag and etag[:2] in ("W/", "w/"):
        return etag[2:]
    return etag
