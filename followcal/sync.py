"""Push followcal's events to a CalDAV calendar, touching nothing else in it.

One calendar object per event, at an address derived from its UID. Listing the calendar is a
constant number of requests (discovery, then one calendar-query REPORT that returns every
object's data and ETag); each change is one request: PUT with `If-None-Match: *` to create,
PUT with `If-Match` to update, DELETE with `If-Match` to delete. A 412 is a conflict, never
retried blindly.

Only objects followcal made are ever changed or deleted: UID ending in `@followcal` and an
`X-FOLLOWCAL-INTERVIEW` property. Each carries `X-FOLLOWCAL-HASH`, the semantic fingerprint of
what followcal wrote; when what is on the server no longer matches its own stamp, the user
edited it, and it is reported as a conflict and left alone unless `overwrite_edits`.

caldav (and the HTTP library under it) takes ~190 ms to import: it is imported inside the
functions here, never at module level.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from followcal.errors import FollowcalError
from followcal.fingerprint import (
    HASH_PROPERTY,
    MAIN_COMPONENTS,
    fingerprint,
    main_component,
    stamped_hash,
)

if TYPE_CHECKING:
    import icalendar
    from icalendar.cal import Component

UID_SUFFIX = "@followcal"
INTERVIEW_MARKER = "X-FOLLOWCAL-INTERVIEW"

Progress = Callable[[int, int], None]


# -- errors ----------------------------------------------------------------------------------


class SyncError(FollowcalError):
    """Base of sync's errors; raised as such for any other server failure (5xx, bad reply)."""

    EXIT_CODE = 19


class AuthenticationError(SyncError):
    """401: the server refused the username or password."""

    EXIT_CODE = 10


class PermissionDeniedError(SyncError):
    """403: logged in, but not allowed to read or write there."""

    EXIT_CODE = 11


class CalendarNotFoundError(SyncError):
    """404, or no calendar by that name (the message lists the ones that exist)."""

    EXIT_CODE = 12


class RejectedObjectError(SyncError):
    """400/415: the server refused an object; the message carries the server's reason."""

    EXIT_CODE = 13


class ConflictError(SyncError):
    """412/409 where it cannot be reported per event (sync reports those in `conflicts`)."""

    EXIT_CODE = 14


class TLSError(SyncError):
    """The TLS handshake failed (certificate not trusted, wrong host name, ...)."""

    EXIT_CODE = 15


class ConnectionFailedError(SyncError):
    """Connection refused, host not found, connection reset."""

    EXIT_CODE = 16


class ServerTimeoutError(SyncError):
    """The server did not answer within the timeout."""

    EXIT_CODE = 17


class MassDeletionError(SyncError):
    """The input looks wrong: it would delete many upcoming events; needs allow_deletions."""

    EXIT_CODE = 18


class InvalidTargetError(SyncError):
    """The URL or the CA bundle cannot work (found before connecting): 19, as SyncError."""

    EXIT_CODE = 19


# -- public data -----------------------------------------------------------------------------


@dataclass
class SyncTarget:
    """Where to sync. `url` may be a server root, a principal or a calendar URL.

    `calendar` selects by display name or URL (relative to `url` or absolute); None means the
    calendar at `url` itself, or the account's only calendar. `create` makes a calendar with
    that display name when none exists. `ca_bundle` is a PEM file trusted for a private CA.
    """

    url: str
    username: str | None = None
    password: str | None = None
    calendar: str | None = None
    create: bool = False
    ca_bundle: str | None = None
    timeout: float = 30

    def __repr__(self) -> str:  # no password, and no userinfo from the URL either
        return (
            f"SyncTarget(url={_safe_url(self.url)!r}, username={self.username!r}, "
            f"calendar={self.calendar!r}, create={self.create!r}, "
            f"ca_bundle={self.ca_bundle!r}, timeout={self.timeout!r})"
        )


@dataclass
class SyncReport:
    """What a sync did (or, with dry_run, would do). Labels read "SUMMARY (start)".

    `conflicts` are "label: reason" lines for events left alone: edited on the server
    (overwrite_edits overwrites them), changed during the sync (412), or a UID taken by an
    object followcal did not create. `requests` counts the HTTP requests made.
    """

    calendar_url: str
    calendar_name: str | None
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    dry_run: bool = False
    calendar_created: bool = False
    requests: int = 0

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.updated) + len(self.deleted)


# -- entry point -----------------------------------------------------------------------------


def sync_calendar(
    target: SyncTarget,
    desired: Mapping[str, icalendar.Calendar],
    *,
    interviews: Collection[str] | None = None,
    allow_deletions: bool = False,
    overwrite_edits: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    keep_before: datetime | None = None,
) -> SyncReport:
    """Make followcal's objects in the target calendar match `desired` (UID -> VCALENDAR).

    Each VCALENDAR holds exactly one VEVENT or VTODO with that UID (ending in @followcal) and
    an X-FOLLOWCAL-INTERVIEW marker; a missing or stale X-FOLLOWCAL-HASH is stamped here.
    `progress(done, total)` is called before the first write and after each one.
    Objects of ours that start before `keep_before` and are no longer desired are kept: a step
    whose moment has passed drops out of the plan, but it stays in the calendar as history.
    `interviews` holds the ids of every interview in the input, closed ones included: deleting
    an event of one of them follows a change the user recorded (a status, a sent message, a
    later round, an accepted offer) and is never questioned. Events whose interview is missing
    from the input are the guard's business (see `mass_deletion`); None means the interviews of
    `desired`. `overwrite_edits` overwrites (and deletes) events the user edited on the server.
    Raises a SyncError subclass; MassDeletionError, unless `allow_deletions`, when the input
    looks wrong (see `mass_deletion`); InvalidTargetError, before
    any connection, for a URL that is not http(s) with a host and a valid port, or a CA bundle
    that cannot be read.
    """
    _check_target(target)
    wanted = {uid: _Desired.of(uid, cal) for uid, cal in desired.items()}
    with _Session(target) as session:
        url, name, exists = session.find_calendar(create=target.create and not dry_run)
        report = SyncReport(
            calendar_url=_safe_url(url),
            calendar_name=name,
            dry_run=dry_run,
            calendar_created=session.calendar_created or (not exists),
        )
        remotes = session.list_objects(url) if exists else []
        plan = _make_plan(
            wanted, remotes, url, overwrite_edits=overwrite_edits, keep_before=keep_before
        )
        report.unchanged = plan.unchanged
        report.conflicts.extend(plan.conflicts)

        known = (
            set(interviews)
            if interviews is not None
            else {str(w.component.get(INTERVIEW_MARKER, "")) for w in wanted.values()}
        )
        guard = mass_deletion(plan, remotes, known, keep_before)
        if guard is not None and not allow_deletions:
            vanished, deletable = guard
            every = " (all of them)" if vanished == deletable else ""
            raise MassDeletionError(
                f"refusing to delete {vanished} of the {deletable} upcoming followcal events"
                f"{every} in {_calendar_label(name, url)}: their interviews are not in the "
                "input (the wrong file?); pass --allow-deletions to delete them"
            )

        if dry_run:
            for op in plan.ops:
                _record(report, op.kind, op.label)
            report.requests = session.requests
            return report

        total = len(plan.ops)
        if progress is not None:
            progress(0, total)
        for done, op in enumerate(plan.ops, start=1):
            session.apply(op, report, overwrite_edits=overwrite_edits)
            if progress is not None:
                progress(done, total)
        report.requests = session.requests
        return report


def resource_name(uid: str) -> str:
    """The deterministic resource name (last path segment) of the object holding `uid`."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "-", uid)
    if safe != uid:
        safe += "-" + hashlib.sha256(uid.encode("utf-8")).hexdigest()[:10]
    return safe + ".ics"


def is_ours(component: Component) -> bool:
    """Whether followcal made this component (and may change or delete it)."""
    uid = str(component.get("UID", ""))
    return uid.endswith(UID_SUFFIX) and INTERVIEW_MARKER in component


def mass_deletion(
    plan: _Plan,
    remotes: Collection[_Remote],
    interviews: Collection[str],
    keep_before: datetime | None,
) -> tuple[int, int] | None:
    """(vanished, deletable) when the planned deletions look like a wrong input, else None.

    vdirsyncer's rule: guard against a source that looks wrong, not against changes the user
    asked for. Deletable events are followcal's upcoming events (history is never deleted).
    A deletion whose interview is still in the input follows a recorded change and never
    counts. The rest (their interview vanished from the input) trip the guard when they are
    more than half of the deletable events, which includes all of them.
    """
    deletable = sum(1 for r in remotes if r.ours and not _is_history(r, keep_before))
    vanished = sum(
        1
        for op in plan.ops
        if op.kind == "delete" and op.uid not in plan.wanted and op.interview not in interviews
    )
    if vanished and 2 * vanished > deletable:
        return vanished, deletable
    return None


def _is_history(remote: _Remote, keep_before: datetime | None) -> bool:
    return bool(keep_before and remote.start and remote.start < keep_before)


# -- planning (pure) -------------------------------------------------------------------------


@dataclass
class _Desired:
    uid: str
    calendar: icalendar.Calendar
    component: Component
    fingerprint: str
    label: str

    @classmethod
    def of(cls, uid: str, cal: icalendar.Calendar) -> _Desired:
        mains = [c for c in cal.subcomponents if c.name in MAIN_COMPONENTS]
        if len(mains) != 1 or mains[0].name not in ("VEVENT", "VTODO"):
            raise ValueError(f"{uid}: a synced VCALENDAR holds exactly one VEVENT or VTODO")
        comp = mains[0]
        if str(comp.get("UID", "")) != uid:
            raise ValueError(f"{uid}: the component's UID is {comp.get('UID')!r}")
        if not is_ours(comp):
            raise ValueError(f"{uid}: needs a UID ending in {UID_SUFFIX} and {INTERVIEW_MARKER}")
        if "METHOD" in cal:
            raise ValueError(f"{uid}: a CalDAV object must not carry METHOD")
        return cls(uid, cal, comp, fingerprint(comp), _label(comp))

    def render(self, sequence_above: int | None = None) -> str:
        """The iCalendar text to PUT: stamped, SEQUENCE above `sequence_above` if given."""
        needs_stamp = stamped_hash(self.component) != self.fingerprint
        sequence = _sequence(self.component)
        needs_sequence = sequence_above is not None and sequence <= sequence_above
        if not needs_stamp and not needs_sequence:
            return str(self.calendar.to_ical().decode("utf-8"))
        import icalendar

        copy = icalendar.Calendar.from_ical(self.calendar.to_ical())
        comp = main_component(copy)
        if needs_stamp:
            comp.pop(HASH_PROPERTY, None)
            comp.add(HASH_PROPERTY, self.fingerprint)
        if needs_sequence and sequence_above is not None:
            comp.pop("SEQUENCE", None)
            comp.add("SEQUENCE", sequence_above + 1)
        return str(copy.to_ical().decode("utf-8"))


@dataclass
class _Remote:
    href: str
    etag: str | None
    uid: str | None = None
    ours: bool = False
    edited: bool = False
    fingerprint: str | None = None
    sequence: int = 0
    label: str = "(unreadable object)"
    start: datetime | None = None
    interview: str | None = None

    @classmethod
    def parse(cls, href: str, etag: str | None, data: str | None) -> _Remote:
        remote = cls(href, etag)
        if not data:
            return remote
        import icalendar

        try:
            cal = icalendar.Calendar.from_ical(data)
            mains = [c for c in cal.subcomponents if c.name in MAIN_COMPONENTS]
        except Exception:  # a broken object is someone else's: never ours to touch
            return remote
        if not mains:
            return remote
        try:
            master = next((c for c in mains if "RECURRENCE-ID" not in c), mains[0])
            remote.uid = str(master.get("UID", "")) or None
            remote.label = _label(master)
            ours = is_ours(master) and all(str(c.get("UID", "")) == remote.uid for c in mains)
        except (ValueError, TypeError):  # unreadable: someone else's, never ours to touch
            return cls(href, etag)
        if not ours:
            return remote
        remote.ours = True
        remote.interview = str(master.get(INTERVIEW_MARKER, ""))
        remote.sequence = _sequence(master)
        try:
            remote.fingerprint = fingerprint(master)
            # An added recurrence override, or a stamp that no longer matches: the user's edit.
            remote.edited = len(mains) != 1 or stamped_hash(master) != remote.fingerprint
            remote.start = _start(master)
        except (ValueError, TypeError):
            # Ours, but something in it can't be read (icalendar's BrokenCalendarProperty is a
            # ValueError): followcal never writes that, so someone edited it. A conflict, left
            # alone unless overwrite_edits, like any other edit.
            remote.fingerprint = None
            remote.edited = True
            remote.start = None
        return remote


@dataclass
class _Op:
    kind: Literal["create", "update", "delete"]
    uid: str
    label: str
    href: str
    etag: str | None = None
    desired: _Desired | None = None
    sequence_above: int | None = None
    interview: str | None = None


@dataclass
class _Plan:
    ops: list[_Op] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    wanted: frozenset[str] = frozenset()


def _make_plan(
    wanted: Mapping[str, _Desired],
    remotes: list[_Remote],
    calendar_url: str,
    *,
    overwrite_edits: bool,
    keep_before: datetime | None = None,
) -> _Plan:
    plan = _Plan(wanted=frozenset(wanted))
    by_uid: dict[str, list[_Remote]] = {}
    for remote in remotes:
        if remote.uid is not None:
            by_uid.setdefault(remote.uid, []).append(remote)
    creates: list[_Op] = []
    updates: list[_Op] = []
    deletes: list[_Op] = []

    def delete_or_keep(remote: _Remote, uid: str) -> None:
        if remote.edited and not overwrite_edits:
            plan.conflicts.append(f"{remote.label}: edited on the server, so not deleted")
        else:
            deletes.append(
                _Op(
                    "delete",
                    uid,
                    remote.label,
                    remote.href,
                    remote.etag,
                    interview=remote.interview,
                )
            )

    for uid, want in wanted.items():
        group = by_uid.get(uid, [])
        ours = [r for r in group if r.ours]
        if not ours:
            if group:
                plan.conflicts.append(
                    f"{want.label}: its UID is taken by an object followcal did not create"
                )
            else:
                creates.append(
                    _Op("create", uid, want.label, calendar_url + resource_name(uid), desired=want)
                )
            continue
        # Prefer the copy at our own address; any further copies of ours are duplicates.
        ours.sort(key=lambda r: (not r.href.endswith("/" + resource_name(uid)), r.href))
        keep, duplicates = ours[0], ours[1:]
        for dup in duplicates:
            delete_or_keep(dup, uid)
        decision = _decide(want, keep, overwrite_edits=overwrite_edits)
        if decision == "unchanged":
            plan.unchanged += 1
        elif decision == "conflict":
            plan.conflicts.append(f"{keep.label}: edited on the server, so not overwritten")
        else:
            updates.append(
                _Op(
                    "update",
                    uid,
                    want.label,
                    keep.href,
                    keep.etag,
                    desired=want,
                    sequence_above=keep.sequence,
                )
            )
    for uid, group in by_uid.items():
        if uid in wanted:
            continue
        for remote in group:
            if not remote.ours:
                continue
            if _is_history(remote, keep_before):
                plan.unchanged += 1
            else:
                delete_or_keep(remote, uid)
    # Creates before deletes: a sync cut short never leaves fewer events than it found.
    plan.ops = creates + updates + deletes
    return plan


def _decide(want: _Desired, remote: _Remote, *, overwrite_edits: bool) -> str:
    if remote.edited and not overwrite_edits:
        # The user's version wins, even when it happens to match ours.
        return "unchanged" if remote.fingerprint == want.fingerprint else "conflict"
    if remote.edited or remote.fingerprint != want.fingerprint:
        return "update"
    return "unchanged"


def _record(report: SyncReport, kind: str, label: str) -> None:
    {"create": report.created, "update": report.updated, "delete": report.deleted}[kind].append(
        label
    )


def _label(comp: Component) -> str:
    """The label in reports: "SUMMARY (start)", or the summary alone if the start is unreadable."""
    try:
        summary = " ".join(str(comp.get("SUMMARY", "")).split()) or "(no title)"
    except (ValueError, TypeError):
        summary = "(no title)"
    try:
        when = comp.get("DTSTART") or comp.get("DUE")
        value = getattr(when, "dt", None)  # a broken DTSTART raises ValueError here
    except (ValueError, TypeError):
        value = None
    if isinstance(value, datetime):
        return f"{summary} ({value:%Y-%m-%d %H:%M})"
    if isinstance(value, date):
        return f"{summary} ({value.isoformat()})"
    return summary


def _start(comp: Component) -> datetime | None:
    """When an event starts (a task is due), as an aware instant; None when it can't tell."""
    for key in ("DTSTART", "DUE"):
        if key in comp:
            try:
                value = comp.decoded(key)
            except (ValueError, TypeError, KeyError):
                return None
            if isinstance(value, datetime) and value.tzinfo is not None:
                return value
            return None
    return None


def _sequence(comp: Component) -> int:
    try:
        return int(comp.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


# -- the server ------------------------------------------------------------------------------

_XML = '<?xml version="1.0" encoding="utf-8"?>\n'
_PROBE = (
    _XML + '<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop>'
    "<D:resourcetype/><D:displayname/><D:current-user-principal/><C:calendar-home-set/>"
    "</D:prop></D:propfind>"
)
_HOME = (
    _XML + '<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop>'
    "<C:calendar-home-set/></D:prop></D:propfind>"
)
_LIST_CALENDARS = (
    _XML + '<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop>'
    "<D:resourcetype/><D:displayname/></D:prop></D:propfind>"
)
_LIST_OBJECTS = (
    _XML + '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
    "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
    '<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>'
)
_XML_TYPE = 'application/xml; charset="utf-8"'
_ICS_TYPE = "text/calendar; charset=utf-8"
_CALDAV_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"


@dataclass
class _CalendarInfo:
    url: str
    name: str | None


class _Session:
    """One DAVClient, every request through `request`, every failure a SyncError."""

    def __init__(self, target: SyncTarget) -> None:
        self.target = target
        self.secrets = [s for s in (target.password, _url_password(target.url)) if s]
        self.calendar_created = False
        self.client: Any = None

    def __enter__(self) -> _Session:
        with self.errors(self.target.url):
            self.client = _make_client(self.target)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()

    @property
    def requests(self) -> int:
        return int(getattr(self.client, "request_count", 0))

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
        with self.errors(url, what):
            return self.client.request(url, method, body, dict(headers or {}))

    @contextmanager
    def errors(self, url: str, what: str = "connecting") -> Iterator[None]:
        """Turn caldav's and the HTTP library's exceptions into one-line SyncErrors."""
        from caldav.lib import error
        from caldav.lib.http_sync import requests as http

        exc_mod = http.exceptions
        where = _safe_url(url)
        try:
            yield
        except FollowcalError:
            raise
        except error.AuthorizationError as exc:
            raise self._status_error(exc.status or 401, where, None, what) from None
        except exc_mod.SSLError as exc:
            hint = "" if self.target.ca_bundle else "; set ca_bundle for a private CA"
            raise TLSError(
                f"TLS failure talking to {_host(where)}: {self._scrub(_tls_reason(exc))}{hint}"
            ) from None
        except exc_mod.Timeout:
            raise ServerTimeoutError(
                f"{_host(where)} did not answer within {self.target.timeout:g} s"
            ) from None
        except exc_mod.ConnectionError as exc:
            raise ConnectionFailedError(
                f"cannot connect to {_host(where)}: {self._scrub(_connection_reason(exc))}"
            ) from None
        except exc_mod.RequestException as exc:
            raise SyncError(f"{what} at {where} failed: {type(exc).__name__}") from None
        except error.RateLimitError as exc:
            after = exc.retry_after_seconds
            wait = f"; it asks to wait {after:.0f} s" if after else ""
            raise SyncError(
                f"{_host(where)} is limiting requests ({exc.status or 429}){wait}; try again later"
            ) from None
        except SyntaxError:  # lxml's XMLSyntaxError: a reply that should be XML and is not
            raise SyncError(f"the server's answer to {what} at {where} is not valid XML") from None
        except error.DAVError as exc:
            status = exc.status or 500
            raise self._status_error(status, where, self._scrub(str(exc.reason)), what) from None
        except TimeoutError:  # the standard library's own, should one get through
            raise ServerTimeoutError(
                f"{_host(where)} did not answer within {self.target.timeout:g} s"
            ) from None
        except ConnectionError as exc:
            raise ConnectionFailedError(
                f"cannot connect to {_host(where)}: {self._scrub(_connection_reason(exc))}"
            ) from None
        except OSError as exc:  # e.g. the HTTP library's "Could not find a ... CA bundle"
            reason = self._scrub(" ".join(str(exc).split())[:200]) or type(exc).__name__
            raise SyncError(f"{what} at {where} failed: {reason}") from None

    def check(self, response: Any, url: str, what: str, ok: tuple[int, ...]) -> None:
        if response.status not in ok:
            raise self._status_error(response.status, _safe_url(url), self.reason(response), what)

    def check_multistatus(self, response: Any, url: str, what: str) -> None:
        """A PROPFIND or REPORT must answer 207; a 200 is a login page or a proxy, not DAV."""
        status = response.status
        if 200 <= status < 300 and status != 207:
            raise SyncError(
                f"the server answered {what} at {_safe_url(url)} with HTTP {status}, not "
                "207 Multi-Status: not a CalDAV server there (a login page or a proxy?)"
            )
        self.check(response, url, what, (207,))

    def _status_error(
        self, status: int, where: str, reason: str | None, what: str = "request"
    ) -> SyncError:
        because = f": {reason}" if reason else ""
        if status == 401:
            user = f" for user {self.target.username!r}" if self.target.username else ""
            return AuthenticationError(
                f"{_host(where)} rejected the credentials{user} (401 Unauthorized)"
            )
        if status == 403:
            return PermissionDeniedError(f"no permission for {what} at {where} (403 Forbidden)")
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
        return self._scrub(text[:300])

    def _scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return re.sub(r"(?<=://)[^/@\s]+@", "", text)

    # -- discovery ---------------------------------------------------------------------------

    def find_calendar(self, *, create: bool) -> tuple[str, str | None, bool]:
        """(calendar URL, display name, exists); exists is False only for a dry-run create."""
        wanted = self.target.calendar
        base = self.base
        if wanted and _looks_like_url(wanted):
            return _as_collection(urljoin(base, wanted)), None, True

        probe = self.propfind(base, _PROBE, depth=0, what="finding the calendar")
        here = next(iter(probe.values()), {})
        if _CALDAV_CALENDAR in _as_list(here.get("{DAV:}resourcetype")):
            name = here.get("{DAV:}displayname")
            name = name if isinstance(name, str) else None
            if wanted is None or _name_matches(wanted, name):
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
            _CalendarInfo(
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
                    f"no calendars at {_safe_url(home_url)}; name one to create it"
                )
            raise CalendarNotFoundError(
                f"{len(calendars)} calendars at {_safe_url(home_url)}; choose one of: "
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

    def list_objects(self, calendar_url: str) -> list[_Remote]:
        """Every object in the calendar with its data and ETag: one REPORT."""
        what = "listing the calendar"
        response = self.request(
            calendar_url,
            "REPORT",
            _LIST_OBJECTS,
            {"Depth": "1", "Content-Type": _XML_TYPE},
            what=what,
        )
        self.check_multistatus(response, calendar_url, what)
        with self.errors(calendar_url, what):
            results = response.parse_calendar_query()
        # caldav hands back each href decoded and cut down to its path, another host's too: the
        # hrefs as the server wrote them are read here to check their origin.
        raw_hrefs = _raw_hrefs(response)
        if len(raw_hrefs) != len(results):
            raise SyncError(
                f"the server's answer to {what} at {_safe_url(calendar_url)} cannot be read"
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
                remotes.append(_Remote.parse(href, result.etag, result.calendar_data))
        return remotes

    def fetch(self, href: str) -> _Remote | None:
        """Re-read one object (only after a 412 on a create); None if it is not there."""
        what = "reading an event"
        response = self.request(href, "GET", "", {"Accept": "text/calendar"}, what=what)
        if response.status == 404:
            return None
        self.check(response, href, what, (200,))
        raw = response.raw
        data = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        return _Remote.parse(href, response.headers.get("ETag"), data)

    def apply(self, op: _Op, report: SyncReport, *, overwrite_edits: bool) -> None:
        if op.kind == "create":
            self._create(op, report, overwrite_edits=overwrite_edits)
        elif op.kind == "update":
            self._update(op, report)
        else:
            self._delete(op, report)

    def _create(self, op: _Op, report: SyncReport, *, overwrite_edits: bool) -> None:
        assert op.desired is not None
        href = op.href
        body = op.desired.render()
        what = f"creating {op.label!r}"
        response = self.request(
            href, "PUT", body, {"Content-Type": _ICS_TYPE, "If-None-Match": "*"}, what=what
        )
        if response.status in (200, 201, 204):
            report.created.append(op.label)
        elif response.status == 412:
            # Already there (an earlier sync died after this write): treat it as existing.
            remote = self.fetch(href)
            if remote is None:
                report.conflicts.append(f"{op.label}: changed on the server during the sync")
                return
            if not remote.ours:
                report.conflicts.append(
                    f"{op.label}: its address is taken by an object followcal did not create"
                )
                return
            decision = _decide(op.desired, remote, overwrite_edits=overwrite_edits)
            if decision == "unchanged":
                report.unchanged += 1
            elif decision == "conflict":
                report.conflicts.append(f"{op.label}: edited on the server, so not overwritten")
            else:
                update = _Op(
                    "update",
                    op.uid,
                    op.label,
                    href,
                    remote.etag,
                    op.desired,
                    sequence_above=remote.sequence,
                )
                self._update(update, report)
        elif response.status == 409:
            report.conflicts.append(
                f"{op.label}: the server already holds this UID at another address (409)"
            )
        else:
            self.check(response, href, what, (201,))

    def _update(self, op: _Op, report: SyncReport) -> None:
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
            self.check(response, op.href, what, (204,))

    def _delete(self, op: _Op, report: SyncReport) -> None:
        if not op.etag:
            report.conflicts.append(f"{op.label}: the server gave no ETag, so not deleted")
            return
        what = f"deleting {op.label!r}"
        response = self.request(op.href, "DELETE", "", {"If-Match": op.etag}, what=what)
        if response.status in (200, 204, 404):  # 404: already gone, which is what we wanted
            report.deleted.append(op.label)
        elif response.status == 412:
            report.conflicts.append(f"{op.label}: changed on the server during the sync")
        else:
            self.check(response, op.href, what, (204,))


def _make_client(target: SyncTarget) -> Any:
    """A caldav DAVClient that counts its HTTP requests (auth retries included)."""
    from caldav.davclient import DAVClient

    class CountingClient(DAVClient):
        request_count = 0

        def _sync_request(self, *args: Any, **kwargs: Any) -> Any:
            self.request_count += 1
            return super()._sync_request(*args, **kwargs)

    return CountingClient(
        url=target.url,
        username=target.username,
        password=target.password,
        timeout=target.timeout,  # type: ignore[arg-type]  # niquests takes a float
        ssl_verify_cert=target.ca_bundle or True,
    )


# -- small helpers ---------------------------------------------------------------------------


def _check_target(target: SyncTarget) -> None:
    """Refuse, in one line and before connecting, a URL or CA bundle that cannot work.

    The messages never quote the URL: one that does not parse may hide a password anywhere.
    """
    try:
        parts = urlsplit(target.url)
    except ValueError:  # "http://[::1/"
        raise InvalidTargetError(
            "the CalDAV URL cannot be parsed (check the [ ] around an IPv6 address)"
        ) from None
    if parts.scheme not in ("http", "https"):
        raise InvalidTargetError("the CalDAV URL must start with http:// or https://")
    if not parts.hostname:
        raise InvalidTargetError("the CalDAV URL has no host name")
    try:
        port = parts.port  # ValueError when not a number, or above 65535
    except ValueError:
        port = 0
    if port == 0:
        raise InvalidTargetError("the CalDAV URL's port must be a number from 1 to 65535")
    if target.ca_bundle:
        _check_ca_bundle(target.ca_bundle)


def _check_ca_bundle(path: str) -> None:
    """The CA bundle (a PEM file, or a folder of them) exists and can be read."""
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            with open(path, "rb") as fh:
                fh.read(1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InvalidTargetError(f"cannot read the CA bundle {path!r}: {reason}") from None


def _url_password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def _safe_url(url: str) -> str:
    """`url` without userinfo, query or fragment: safe to show (even when it doesn't parse)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a bad port or IPv6 address: nothing of it is shown, not even the host
        return "(invalid URL)"
    if parts.scheme not in ("http", "https") or not host:
        # "user:password@host/path" reads as scheme "user" and a path holding the password.
        return "(invalid URL)"
    if ":" in host:
        host = f"[{host}]"
    if port:
        host += f":{port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


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


def _list_calendars(calendars: list[_CalendarInfo]) -> str:
    return ", ".join(
        f"{c.name!r} ({_safe_url(c.url)})" if c.name else _safe_url(c.url) for c in calendars
    )


def _calendar_label(name: str | None, url: str) -> str:
    return f"calendar {name!r}" if name else _safe_url(url)


def _tls_reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    match = re.search(r"certificate verify failed: ([^()\]'\"]+)", text)
    if match:
        return "certificate verify failed: " + match.group(1).strip(" .,;")
    match = re.search(r"(hostname [^()\]'\"]+)", text)
    if match:
        return match.group(1).strip(" .,;")
    return "handshake failed"


def _connection_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or ("getaddrinfo" in text)
    ):
        return "host not found"
    if "reset" in text:
        return "connection reset"
    if "unreachable" in text:
        return "network unreachable"
    return "connection failed"


__all__ = [
    "AuthenticationError",
    "CalendarNotFoundError",
    "ConflictError",
    "ConnectionFailedError",
    "InvalidTargetError",
    "MassDeletionError",
    "PermissionDeniedError",
    "RejectedObjectError",
    "ServerTimeoutError",
    "SyncError",
    "SyncReport",
    "SyncTarget",
    "TLSError",
    "is_ours",
    "mass_deletion",
    "resource_name",
    "sync_calendar",
]
