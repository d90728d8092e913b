"""The CalDAV client: discovery, listing and conditional writes, every failure a SyncError.

caldav's `DAVClient` sends every request (its auth negotiation, its response parsing, and
`features=`, its measured quirk matrix for about twenty servers), over `BoundedSession`
(deadline, size cap, redirect rules). Discovery is a handful of PROPFINDs written here: caldav's
own walks principal, home and each calendar's properties in more requests than a resync may
cost. The writes are raw conditional requests, because caldav's `save()` cannot do them:
it sends no `If-None-Match: *` by itself and, against a server that sends Schedule-Tag
(Xandikos), `If-Schedule-Tag-Match` instead of `If-Match`, and it cannot report a create
answered 204 (something was overwritten). What the quirk matrix says still drives them: where
a server ignores `If-None-Match: *` (SOGo, Zimbra), a create first checks that nothing is at
its address, as caldav's own `save(no_overwrite=True)` searches first.

caldav (and the HTTP library under it) takes ~190 ms to import: it is imported inside the
methods here, never at module level.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from followcal.errors import FollowcalError
from followcal.sync.errors import (
    AuthenticationError,
    CalendarNotFoundError,
    ConflictError,
    ConnectionFailedError,
    InvalidTargetError,
    PermissionDeniedError,
    PreconditionIgnoredError,
    RejectedObjectError,
    ServerTimeoutError,
    SyncError,
    TLSError,
)
from followcal.sync.model import SyncReport, SyncTarget
from followcal.sync.reconcile import Op, Remote, decide, fresh_uid, resource_name
from followcal.sync.redact import Redactor, connection_reason, host_of, safe_url, tls_reason
from followcal.sync.transport import BoundedSession

_XML = '<?xml version="1.0" encoding="utf-8"?>\n'
_PROBE = (
    _XML + '<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" '
    'xmlns:CS="http://calendarserver.org/ns/"><D:prop>'
    "<D:resourcetype/><D:displayname/><D:current-user-principal/><C:calendar-home-set/>"
    "<CS:getctag/></D:prop></D:propfind>"
)
_HOME = (
    _XML + '<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop>'
    "<C:calendar-home-set/></D:prop></D:propfind>"
)
_LIST_CALENDARS = (
    _XML + '<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop>'
    "<D:resourcetype/><D:displayname/></D:prop></D:propfind>"
)
_ETAGS = (
    _XML + '<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getetag/></D:prop></D:propfind>'
)


_CTAG = (
    _XML + '<D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/"><D:prop>'
    "<CS:getctag/></D:prop></D:propfind>"
)
_GETCTAG = "{http://calendarserver.org/ns/}getctag"
# Servers whose CTag is a modification time in whole seconds (measured on SOGo 5.8: an edit
# in the same second as the last listing left it unchanged): there the ETags are listed.
COARSE_CTAG = frozenset({"sogo"})
# Objects read per calendar-multiget: far below Radicale's 10,000 events an answer.
MULTIGET_BATCH = 200


def _multiget(hrefs: list[str]) -> str:
    from xml.sax.saxutils import escape

    return (
        _XML + '<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
        "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
        + "".join(f"<D:href>{escape(h)}</D:href>" for h in hrefs)
        + "</C:calendar-multiget>"
    )


COMPONENTS = ("VEVENT", "VTODO")
# How long Nextcloud's brute-force protection may hold back one answer (about 30 s).
NEXTCLOUD_THROTTLE = 35.0
_XML_TYPE = 'application/xml; charset="utf-8"'
_ICS_TYPE = "text/calendar; charset=utf-8"
_CALDAV_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"
_COLLECTION = "{DAV:}collection"


@dataclass
class CalendarInfo:
    url: str
    name: str | None


def known_servers() -> list[str]:
    """The server kinds caldav's quirk matrix knows (names for `server` in the config)."""
    from caldav import compatibility_hints

    return sorted(
        name
        for name, value in vars(compatibility_hints).items()
        if isinstance(value, dict) and not name.startswith("_") and name.islower()
    )


def guess_server(url: str, headers: Mapping[str, str] | None = None) -> str | None:
    """The server kind, from the URL's layout or the Server header; None when unknown."""
    path = urlsplit(url).path.lower()
    server = (headers or {}).get("Server", "") or ""
    if "/sogo/" in path + "/" or "sogo" in server.lower():
        return "sogo"
    if "/remote.php/dav" in path:
        return "nextcloud"
    if "zimbra" in server.lower():
        return "zimbra"
    return None


class CalDAVClient:
    """One DAVClient over one BoundedSession; every request through `request`."""

    def __init__(self, target: SyncTarget) -> None:
        self.target = target
        self.redact = Redactor(target.username, target.password, target.url)
        self.calendar_created = False
        self.client: Any = None
        self.session: BoundedSession | None = None
        self.server: str | None = target.server or guess_server(target.url)
        self.features: Any = None
        self.answered = False  # whether the server has answered anything yet
        self.ctags: dict[str, str] = {}  # calendar URL -> CTag, when discovery saw it
        self.downloaded = 0  # objects read (each parsed): what a resync costs in CPU
        self.changes: dict[str, Remote | None] = {}  # path -> as written (None: unknown now)

    def __enter__(self) -> CalDAVClient:
        if self.target.server is not None and self.target.server not in known_servers():
            raise InvalidTargetError(
                f"unknown server kind {self.target.server!r}; caldav knows: "
                + ", ".join(known_servers())
            )
        with self.errors(self.target.url):
            self._connect()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()

    def _connect(self) -> None:
        from caldav.compatibility_hints import FeatureSet
        from caldav.davclient import DAVClient

        if self.client is not None:
            self.client.close()
        self.client = DAVClient(
            url=self.target.url,
            username=self.target.username,
            password=self.target.password,
            timeout=self.target.timeout,  # type: ignore[arg-type]  # unused: the session's own
            ssl_verify_cert=self.target.ca_bundle or True,
            features=self.server,  # type: ignore[arg-type]  # None: caldav's defaults
        )
        self.client.session.close()  # niquests' session: never used
        self.session = BoundedSession(
            str(self.client.url),
            username=self.target.username,
            password=self.target.password,
            timeout=self.target.timeout,
            ca_bundle=self.target.ca_bundle,
            max_response=self.target.max_response,
            redact=self.redact,
        )
        self.client.session = self.session
        self.features = FeatureSet(self.client.features)  # type: ignore[no-untyped-call]

    def learn_server(self, url: str, headers: Mapping[str, str]) -> None:
        """Follow the quirks of the server kind its first answer reveals (unless named)."""
        if self.server is not None:
            return
        kind = guess_server(url, headers)
        if kind is not None and kind in known_servers():
            from caldav.compatibility_hints import FeatureSet
            from caldav.config import resolve_features

            self.server = kind
            self.features = FeatureSet(resolve_features(kind))  # type: ignore[no-untyped-call]

    def supports(self, feature: str) -> bool:
        return bool(self.features.is_supported(feature))

    @property
    def requests(self) -> int:
        return self.session.requests if self.session is not None else 0

    @property
    def base(self) -> str:
        return str(self.client.url)

    # -- transport ---------------------------------------------------------------------------

    def request(
        self,
        url: str,
        method: str,
        body: str = "",
        headers: Mapping[str, str] | None = None,
        *,
        what: str,
    ) -> Any:
        from caldav.response import DAVResponse

        assert self.session is not None
        session = self.session
        # Nextcloud holds back its answers to a client whose password it refused, up to about
        # 30 s a request (nextcloud/server#9864): the first request waits that long, so a wrong
        # app password is reported as the 401 it is, not as a timeout.
        throttled = not self.answered and self.server == "nextcloud"
        if throttled:
            session.timeout = max(self.target.timeout, NEXTCLOUD_THROTTLE)
        # Straight to the session: caldav's DAVClient.request drops the body of a 401/403 (the
        # server's reason) and raises on 429; the session does Basic/Digest and Retry-After.
        try:
            with self.errors(url, what):
                raw = session.request(method, url, body, dict(headers or {}))
                response = DAVResponse(raw, self.client)
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
            self.learn_server(url, response.headers)
        return response

    def note_write(self, url: str, method: str, body: str, response: Any) -> None:
        """What this copy knows of an object after writing it, for the next sync's listing:
        what it PUT, under the ETag the server answered with (if any); else nothing."""
        etag = strong(response.headers.get("ETag")) if 200 <= response.status < 300 else None
        if method == "PUT" and etag:
            self.changes[_path(url)] = Remote.parse(url, etag, body)
        else:
            self.changes[_path(url)] = None

    @contextmanager
    def errors(self, url: str, what: str = "connecting") -> Iterator[None]:
        """Turn caldav's and the HTTP library's exceptions into one-line SyncErrors."""
        from caldav.lib import error
        from caldav.lib.http_sync import requests as http

        exc_mod = http.exceptions
        where = safe_url(url)
        try:
            yield
        except FollowcalError:
            raise
        except error.AuthorizationError as exc:
            raise self.status_error(exc.status or 401, where, None, what) from None
        except exc_mod.SSLError as exc:
            hint = "" if self.target.ca_bundle else "; set ca_bundle for a private CA"
            raise TLSError(
                f"TLS failure talking to {host_of(where)}: {self.redact(tls_reason(exc))}{hint}"
            ) from None
        except exc_mod.Timeout:
            raise ServerTimeoutError(
                f"{host_of(where)} did not answer within {self.target.timeout:g} s"
            ) from None
        except exc_mod.ConnectionError as exc:
            raise ConnectionFailedError(
                f"cannot connect to {host_of(where)}: {self.redact(connection_reason(exc))}"
            ) from None
        except exc_mod.RequestException as exc:
            raise SyncError(f"{what} at {where} failed: {type(exc).__name__}") from None
        except error.RateLimitError as exc:
            after = exc.retry_after_seconds
            wait = f"; it asks to wait {after:.0f} s" if after else ""
            raise SyncError(
                f"{host_of(where)} is limiting requests ({exc.status or 429}){wait}; "
                "try again later"
            ) from None
        except SyntaxError:  # lxml's XMLSyntaxError: a reply that should be XML and is not
            raise SyncError(f"the server's answer to {what} at {where} is not valid XML") from None
        except error.DAVError as exc:
            status = exc.status or 500
            raise self.status_error(status, where, self.redact(str(exc.reason)), what) from None
        except TimeoutError:  # the standard library's own, should one get through
            raise ServerTimeoutError(
                f"{host_of(where)} did not answer within {self.target.timeout:g} s"
            ) from None
        except ConnectionError as exc:
            raise ConnectionFailedError(
                f"cannot connect to {host_of(where)}: {self.redact(connection_reason(exc))}"
            ) from None
        except OSError as exc:  # e.g. the HTTP library's "Could not find a ... CA bundle"
            reason = self.redact(" ".join(str(exc).split())[:200]) or type(exc).__name__
            raise SyncError(f"{what} at {where} failed: {reason}") from None

    def check(self, response: Any, url: str, what: str, ok: tuple[int, ...]) -> None:
        if response.status in (429, 503) and response.status not in ok:
            after = (response.headers.get("Retry-After") or "").strip()
            wait = f"; it asks to wait {after} s, longer than --timeout allows" if after else ""
            because = f" ({self.reason(response)})" if self.reason(response) else ""
            raise SyncError(
                f"{host_of(url)} is limiting requests ({response.status}){because}{wait}; "
                "try again later"
            )
        if response.status not in ok:
            raise self.status_error(response.status, safe_url(url), self.reason(response), what)

    def check_multistatus(self, response: Any, url: str, what: str) -> None:
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
        if status == 401:
            user = f" for user {self.target.username!r}" if self.target.username else ""
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

    def reason(self, response: Any) -> str:
        """The server's own explanation, on one line, without secrets."""
        text = ""
        tree = getattr(response, "tree", None)
        if tree is not None:
            messages = [
                el.text.strip()
                for el in tree.iter()
                if isinstance(el.tag, str) and el.tag.endswith("}message") and el.text
            ]
            text = " ".join(messages) or " ".join(t.strip() for t in tree.itertext() if t.strip())
        if not text:
            raw = getattr(response, "raw", "") or ""
            text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
            if "<html" in text.lower():
                text = re.sub(r"<[^>]+>", " ", text)
        text = " ".join(text.split())
        if not text:
            text = str(getattr(response, "reason", "") or "")
        return self.redact(text[:300])

    # -- discovery ---------------------------------------------------------------------------

    def find_calendar(self, *, create: bool) -> tuple[str, str | None, bool]:
        """(calendar URL, display name, exists); exists is False only for a dry-run create."""
        wanted = self.target.calendar
        base = self.base
        if wanted and _looks_like_url(wanted):
            return _as_collection(urljoin(base, wanted)), None, True

        try:
            probe = self.propfind(base, _PROBE, depth=0, what="finding the calendar")
        except CalendarNotFoundError:
            if urlsplit(base).path not in ("", "/"):
                raise
            base = self.well_known(base)  # a bare host: RFC 6764
            probe = self.propfind(base, _PROBE, depth=0, what="finding the calendar")
        here = next(iter(probe.values()), {})
        if _CALDAV_CALENDAR in _as_list(here.get("{DAV:}resourcetype")):
            name = here.get("{DAV:}displayname")
            name = name if isinstance(name, str) else None
            if wanted is None or _name_matches(wanted, name):
                ctag = here.get(_GETCTAG)
                if isinstance(ctag, str) and ctag:
                    self.ctags[_as_collection(base)] = ctag  # the listing needs no request
                return _as_collection(base), name, True

        home = _href(here.get("{urn:ietf:params:xml:ns:caldav}calendar-home-set"))
        if home is None:
            principal = _href(here.get("{DAV:}current-user-principal"))
            principal_url = urljoin(base, principal) if principal else base
            if _same_url(principal_url, base):
                home = principal_url
            else:
                found = self.propfind(principal_url, _HOME, depth=0, what="finding the calendar")
                props = next(iter(found.values()), {})
                home = _href(props.get("{urn:ietf:params:xml:ns:caldav}calendar-home-set"))
                home = home or principal_url
        home_url = _as_collection(urljoin(base, home))

        listing = self.propfind(home_url, _LIST_CALENDARS, depth=1, what="listing calendars")
        calendars = [
            CalendarInfo(
                _as_collection(urljoin(home_url, href)),
                props.get("{DAV:}displayname")
                if isinstance(props.get("{DAV:}displayname"), str)
                else None,
            )
            for href, props in listing.items()
            if _CALDAV_CALENDAR in _as_list(props.get("{DAV:}resourcetype"))
        ]

        if wanted is None:
            if len(calendars) == 1:
                return calendars[0].url, calendars[0].name, True
            if not calendars:
                raise CalendarNotFoundError(
                    f"no calendars at {safe_url(home_url)}; name one to create it"
                )
            raise CalendarNotFoundError(
                f"{len(calendars)} calendars at {safe_url(home_url)}; choose one of: "
                + _list_calendars(calendars)
            )
        matches = [c for c in calendars if c.name == wanted] or [
            c
            for c in calendars
            if (c.name or "").casefold() == wanted.casefold() or _last_segment(c.url) == wanted
        ]
        if len(matches) == 1:
            return matches[0].url, matches[0].name, True
        if len(matches) > 1:
            raise CalendarNotFoundError(
                f"several calendars are named {wanted!r}; choose one by URL: "
                + _list_calendars(matches)
            )
        if create:
            return self.make_calendar(home_url, wanted), wanted, True
        if self.target.create:  # dry run: it would be made in the calendar home
            return home_url, wanted, False
        existing = _list_calendars(calendars) if calendars else "none"
        raise CalendarNotFoundError(f"no calendar named {wanted!r}; calendars: {existing}")

    def well_known(self, root: str) -> str:
        """RFC 6764: a bare host's `/.well-known/caldav` redirects to its DAV root (Nextcloud:
        301 to /remote.php/dav/), as DAVx5 and iOS find it. The root itself when it has none."""
        assert self.session is not None
        url = urljoin(root, "/.well-known/caldav")
        headers = {"Depth": "0", "Content-Type": _XML_TYPE}
        with self.errors(url, "finding the calendar"):
            response = self.session.request("PROPFIND", url, _PROBE, headers)
        if response.status_code == 207 and response.url.rstrip("/") != url:
            self.learn_server(response.url, {})
            return _as_collection(response.url)
        raise CalendarNotFoundError(
            f"nothing found at {safe_url(root)} (404 Not Found), and no /.well-known/caldav "
            "there: give the CalDAV URL (Nextcloud: https://HOST/remote.php/dav)"
        )

    def propfind(self, url: str, body: str, *, depth: int, what: str) -> dict[str, dict[str, Any]]:
        response = self.request(
            url, "PROPFIND", body, {"Depth": str(depth), "Content-Type": _XML_TYPE}, what=what
        )
        self.check_multistatus(response, url, what)
        with self.errors(url, what):
            results = response.parse_propfind()
        return {str(r.href): r.properties for r in results if r.status < 300}

    def make_calendar(self, home_url: str, name: str) -> str:
        from caldav.collection import CalendarSet

        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "calendar"
        cal_id = f"{slug}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
        with self.errors(home_url, f"creating calendar {name!r}"):
            calendar: Any = CalendarSet(client=self.client, url=home_url).make_calendar(
                name=name, cal_id=cal_id
            )
        self.calendar_created = True
        return _as_collection(str(calendar.url))

    # -- objects -----------------------------------------------------------------------------

    def list_objects(
        self, calendar_url: str, known: Mapping[str, Remote], known_ctag: str | None
    ) -> tuple[list[Remote], str | None]:
        """Every object in the calendar with what followcal reads from it, and the CTag.

        What this copy read last time (`known`, by href, with `known_ctag`) is reused: an
        unchanged CTag means nothing changed, so nothing is listed; otherwise one Depth-1
        PROPFIND lists hrefs and ETags, and only the objects whose ETag changed are read, with
        calendar-multiget in batches. A calendar-query is never sent: SOGo answers one without
        a component kind with nothing, and Radicale refuses one whose answer would hold more
        than 10,000 events (its `max_expand_occurrence`), which a shared calendar reaches.
        """
        ctag = self.ctags.get(calendar_url)
        if ctag is None:
            ctag = self.ctag(calendar_url)
        if ctag is not None and ctag == known_ctag and self.server not in COARSE_CTAG:
            return list(known.values()), ctag
        by_path = {_path(href): remote for href, remote in known.items()}
        remotes: list[Remote] = []
        to_read: list[str] = []
        for href, etag in self.members(calendar_url).items():
            cached = by_path.get(_path(href))
            if etag and cached is not None and cached.etag == etag:
                remotes.append(cached)
            else:
                to_read.append(href)
        for start in range(0, len(to_read), MULTIGET_BATCH):
            remotes += self.multiget(calendar_url, to_read[start : start + MULTIGET_BATCH])
        return remotes, ctag

    def ctag(self, calendar_url: str) -> str | None:
        """The calendar's CTag (calendarserver.org's getctag): it changes with any object."""
        found = self.propfind(calendar_url, _CTAG, depth=0, what="listing the calendar")
        value = next(iter(found.values()), {}).get(_GETCTAG)
        return value if isinstance(value, str) and value else None

    def multiget(self, calendar_url: str, hrefs: list[str]) -> list[Remote]:
        what = "reading the calendar's objects"
        response = self.request(
            calendar_url,
            "REPORT",
            _multiget([urlsplit(href).path for href in hrefs]),
            {"Depth": "1", "Content-Type": _XML_TYPE},
            what=what,
        )
        remotes = self._read_objects(response, calendar_url, what)
        if len(remotes) < len(hrefs):
            raise SyncError(
                f"{host_of(calendar_url)} lists {len(hrefs)} objects in "
                f"{safe_url(calendar_url)} but returns {len(remotes)} of them: followcal cannot "
                "tell what is there, so it changes nothing"
            )
        self.downloaded += len(remotes)
        return remotes

    def members(self, calendar_url: str) -> dict[str, str | None]:
        """href -> ETag of the objects (not collections) inside the calendar: one PROPFIND."""
        what = "listing the calendar"
        response = self.request(
            calendar_url,
            "PROPFIND",
            _ETAGS,
            {"Depth": "1", "Content-Type": _XML_TYPE},
            what=what,
        )
        self.check_multistatus(response, calendar_url, what)
        with self.errors(calendar_url, what):
            results = response.parse_propfind()
        # caldav cuts each href down to its path, another host's too: the raw ones decide.
        raw_hrefs = _raw_hrefs(response)
        if len(raw_hrefs) != len(results):
            raise SyncError(
                f"the server's answer to {what} at {safe_url(calendar_url)} cannot be read"
            )
        members: dict[str, str | None] = {}
        for result, raw_href in zip(results, raw_hrefs, strict=True):
            url = urljoin(calendar_url, str(result.href))
            props = result.properties
            if result.status >= 300 or _COLLECTION in _as_list(props.get("{DAV:}resourcetype")):
                continue
            if _is_inside(url, calendar_url) and _is_inside(
                urljoin(calendar_url, raw_href), calendar_url
            ):
                etag = props.get("{DAV:}getetag")
                members[url] = strong(etag) if isinstance(etag, str) else None
        return members

    def _read_objects(self, response: Any, calendar_url: str, what: str) -> list[Remote]:
        self.check_multistatus(response, calendar_url, what)
        with self.errors(calendar_url, what):
            results = response.parse_calendar_query()
        # caldav hands back each href decoded and cut down to its path, another host's too: the
        # hrefs as the server wrote them are read here to check their origin.
        raw_hrefs = _raw_hrefs(response)
        if len(raw_hrefs) != len(results):
            raise SyncError(
                f"the server's answer to {what} at {safe_url(calendar_url)} cannot be read"
            )
        # Only what is inside this calendar: an href elsewhere (another collection, another
        # host) is never ours to update or delete, whatever the server says.
        remotes = []
        for result, raw_href in zip(results, raw_hrefs, strict=True):
            href = urljoin(calendar_url, result.href)
            inside = _is_inside(href, calendar_url) and _is_inside(
                urljoin(calendar_url, raw_href), calendar_url
            )
            if result.status < 300 and inside:
                remotes.append(Remote.parse(href, strong(result.etag), result.calendar_data))
        return remotes

    def etag(self, href: str) -> tuple[bool, str | None]:
        """(exists, ETag) of one object, read right now: one PROPFIND of Depth 0."""
        what = "checking an event"
        response = self.request(
            href, "PROPFIND", _ETAGS, {"Depth": "0", "Content-Type": _XML_TYPE}, what=what
        )
        if response.status == 404:
            return False, None
        self.check_multistatus(response, href, what)
        with self.errors(href, what):
            results = response.parse_propfind()
        path = unquote(urlsplit(href).path)
        mine = [r for r in results if unquote(urlsplit(str(r.href)).path) == path] or results
        for result in mine:
            if result.status < 300:
                etag = result.properties.get("{DAV:}getetag")
                return True, strong(etag) if isinstance(etag, str) else None
        return True, None

    def fetch(self, href: str) -> Remote | None:
        """Re-read one object (when a create finds something there); None if it is not there."""
        what = "reading an event"
        response = self.request(href, "GET", "", {"Accept": "text/calendar"}, what=what)
        if response.status == 404:
            return None
        self.check(response, href, what, (200,))
        raw = response.raw
        data = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        return Remote.parse(href, strong(response.headers.get("ETag")), data)

    def apply(self, op: Op, report: SyncReport, *, overwrite_edits: bool) -> None:
        if op.kind == "create":
            self._create(op, report, overwrite_edits=overwrite_edits)
        elif op.kind == "update":
            self._update(op, report)
        else:
            self._delete(op, report)

    def _create(self, op: Op, report: SyncReport, *, overwrite_edits: bool) -> None:
        assert op.desired is not None
        if self.server == "nextcloud":
            # Nextcloud's trash bin holds deleted objects by UID and address for 30 days and
            # refuses to take either back: each copy followcal creates there is a new one.
            self._create_fresh(op, report)
            return
        href = op.href
        if not self.supports("save.if-none-match"):
            # This server ignores If-None-Match: *, so the PUT would overwrite whatever is
            # there: look first, as caldav's save(no_overwrite=True) searches first.
            exists, _ = self.etag(href)
            if exists:
                self._found_at_create(op, report, overwrite_edits=overwrite_edits)
                return
        body = op.desired.render()
        what = f"creating {op.label!r}"
        response = self.request(
            href, "PUT", body, {"Content-Type": _ICS_TYPE, "If-None-Match": "*"}, what=what
        )
        if response.status in (200, 201):
            report.created.append(op.label)
        elif response.status == 204:
            # 204 No Content answers a PUT that replaced something: the server did not
            # enforce If-None-Match. Never assume it did: stop before anything else is lost.
            raise PreconditionIgnoredError(
                f"{host_of(href)} overwrote an object at {safe_url(href)} when asked to create "
                f"{op.label!r} only if nothing was there (If-None-Match: * ignored, 204): "
                "sync stopped; set `server` in the config's [sync] to your server's kind so "
                "that followcal checks before each create"
            )
        elif response.status == 412:
            # Already there (an earlier sync died after this write): treat it as existing.
            self._found_at_create(op, report, overwrite_edits=overwrite_edits)
        elif response.status == 409:
            report.conflicts.append(
                f"{op.label}: the server already holds this UID at another address (409)"
            )
        elif response.status == 400 and _uid_elsewhere(self.reason(response)):
            report.conflicts.append(
                f"{op.label}: the server already holds this UID at another address (400)"
            )
        elif response.status == 400 and _in_trash(self.reason(response)):
            self._create_fresh(op, report)  # a Nextcloud not recognised by its URL
        else:
            self.refuse_or_raise(op, response, "creating", report)

    def _create_fresh(self, op: Op, report: SyncReport) -> None:
        """Create under a new generation of the UID, at a new address (see `fresh_uid`)."""
        assert op.desired is not None
        uid = fresh_uid(op.uid)
        href = op.href.rsplit("/", 1)[0] + "/" + resource_name(uid)
        response = self.request(
            href,
            "PUT",
            op.desired.render(uid=uid),
            {"Content-Type": _ICS_TYPE, "If-None-Match": "*"},
            what=f"creating {op.label!r}",
        )
        if response.status in (200, 201):
            report.created.append(op.label)
        elif response.status == 400 and _uid_elsewhere(self.reason(response)):
            report.conflicts.append(
                f"{op.label}: the server already holds this UID at another address (400)"
            )
        else:
            self.refuse_or_raise(op, response, "creating", report)

    def refuse_or_raise(self, op: Op, response: Any, doing: str, report: SyncReport) -> None:
        """A 400/403/415 is this object's failure, listed with the server's words; the sync
        goes on. Anything else (a 5xx, a 401) is the whole sync's failure."""
        status = response.status
        if status not in (400, 403, 415):
            self.check(response, op.href, f"{doing} {op.label!r}", ())
        reason = self.reason(response) or "no reason given"
        line = f"{op.label}: the server refused {doing} it ({status}): {reason}"
        if _in_trash(reason):
            line += (
                "; Nextcloud's trash bin holds an earlier copy: empty it (Calendar, Calendar "
                "settings, Trash bin, Empty trash bin) and sync again"
            )
        report.refused.append(line)
        code = PermissionDeniedError.EXIT_CODE if status == 403 else RejectedObjectError.EXIT_CODE
        report.refused_exit.append(code)

    def _found_at_create(self, op: Op, report: SyncReport, *, overwrite_edits: bool) -> None:
        assert op.desired is not None
        remote = self.fetch(op.href)
        if remote is None:
            report.conflicts.append(f"{op.label}: changed on the server during the sync")
            return
        if not remote.ours:
            report.conflicts.append(
                f"{op.label}: its address is taken by an object followcal did not create"
            )
            return
        decision = decide(op.desired, remote, overwrite_edits=overwrite_edits)
        if decision == "unchanged":
            report.unchanged += 1
        elif decision == "conflict":
            report.conflicts.append(f"{op.label}: edited on the server, so not overwritten")
        else:
            update = Op(
                "update",
                op.uid,
                op.label,
                op.href,
                remote.etag,
                op.desired,
                sequence_above=remote.sequence,
            )
            self._update(update, report)

    def _update(self, op: Op, report: SyncReport) -> None:
        assert op.desired is not None
        if not op.etag:
            report.conflicts.append(f"{op.label}: the server gave no ETag, so not overwritten")
            return
        body = op.desired.render(sequence_above=op.sequence_above)
        what = f"updating {op.label!r}"
        response = self.request(
            op.href, "PUT", body, {"Content-Type": _ICS_TYPE, "If-Match": op.etag}, what=what
        )
        if response.status in (200, 201, 204):
            report.updated.append(op.label)
        elif response.status == 412:
            report.conflicts.append(f"{op.label}: changed on the server during the sync")
        elif response.status == 404:
            report.conflicts.append(f"{op.label}: deleted on the server during the sync")
        elif response.status == 409:
            report.conflicts.append(f"{op.label}: the server refused the update (409)")
        else:
            self.refuse_or_raise(op, response, "updating", report)

    def _delete(self, op: Op, report: SyncReport) -> None:
        if not op.etag:
            report.conflicts.append(f"{op.label}: the server gave no ETag, so not deleted")
            return
        # Some servers ignore If-Match on DELETE (SOGo): the ETag is read again right before,
        # so an edit made since the listing is never deleted.
        exists, etag = self.etag(op.href)
        if not exists:
            report.deleted.append(op.label)  # already gone, which is what we wanted
            return
        if etag != op.etag:
            report.conflicts.append(f"{op.label}: changed on the server during the sync")
            return
        what = f"deleting {op.label!r}"
        response = self.request(op.href, "DELETE", "", {"If-Match": op.etag}, what=what)
        if response.status in (200, 204, 404):  # 404: already gone, which is what we wanted
            report.deleted.append(op.label)
        elif response.status == 412:
            report.conflicts.append(f"{op.label}: changed on the server during the sync")
        else:
            self.refuse_or_raise(op, response, "deleting", report)


def strong(etag: str | None) -> str | None:
    """The ETag to send in If-Match. A weak one (`W/"..."`, Cyrus on a gzipped GET, GMX on a
    PUT) never matches If-Match's strong comparison, so every delete would get 412: its
    opaque part is what the server compares."""
    if etag and etag[:2] in ("W/", "w/"):
        return etag[2:]
    return etag


def _in_trash(reason: str) -> bool:
    """Nextcloud's refusals that come from its trash bin (400 on a UID, 403 on an address)."""
    lowered = reason.casefold()
    return "trashbin" in lowered or "deleted calendar object" in lowered


def _uid_elsewhere(reason: str) -> bool:
    return "uid already exists" in reason.casefold() and not _in_trash(reason)


# -- small helpers ---------------------------------------------------------------------------


def _path(url: str) -> str:
    return unquote(urlsplit(url).path)


def _looks_like_url(value: str) -> bool:
    return value.startswith(("http://", "https://", "/"))


def _as_collection(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _same_url(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.hostname, pa.port, unquote(pa.path).rstrip("/")) == (
        pb.hostname,
        pb.port,
        unquote(pb.path).rstrip("/"),
    )


_DEFAULT_PORTS = {"http": 80, "https": 443}
_DAV_RESPONSE = "{DAV:}response"
_DAV_HREF = "{DAV:}href"


def _raw_hrefs(response: Any) -> list[str]:
    """Each <response>'s <href> as the server wrote it, in the order caldav parses them."""
    tree = getattr(response, "tree", None)
    if tree is None:
        return []
    # The same elements caldav's parse_calendar_query walks (its _strip_to_multistatus).
    if tree.tag == "xml" and len(tree) > 0 and tree[0].tag == "{DAV:}multistatus":
        parent: Any = tree[0]
    elif tree.tag == "{DAV:}multistatus":
        parent = tree
    else:
        parent = [tree]
    return [
        next((child.text or "" for child in element if child.tag == _DAV_HREF), "")
        for element in parent
        if element.tag == _DAV_RESPONSE
    ]


def _is_inside(url: str, collection: str) -> bool:
    """Whether `url` is a resource under `collection`: same origin, below its path."""
    try:
        pu, pc = urlsplit(url), urlsplit(collection)
        origin_u = (pu.scheme.lower(), pu.hostname, pu.port or _DEFAULT_PORTS.get(pu.scheme))
        origin_c = (pc.scheme.lower(), pc.hostname, pc.port or _DEFAULT_PORTS.get(pc.scheme))
    except ValueError:
        return False
    if origin_u != origin_c:
        return False
    path, base = unquote(pu.path), unquote(pc.path).rstrip("/") + "/"
    if not path.startswith(base) or not path[len(base) :].strip("/"):
        return False
    return not {".", ".."} & set(path.split("/"))  # no climbing back out


def _last_segment(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])


def _name_matches(wanted: str, name: str | None) -> bool:
    return name is not None and (name == wanted or name.casefold() == wanted.casefold())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _href(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) and value else None


def _list_calendars(calendars: list[CalendarInfo]) -> str:
    return ", ".join(
        f"{c.name!r} ({safe_url(c.url)})" if c.name else safe_url(c.url) for c in calendars
    )


def calendar_label(name: str | None, url: str) -> str:
    return f"calendar {name!r}" if name else safe_url(url)
