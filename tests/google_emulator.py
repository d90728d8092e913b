"""Google Calendar's CalDAV API as documented (../shared/GOOGLE.md), in front of a real Radicale.

Google cannot be reached from here, so each documented behaviour a client must survive is
played by a real HTTP proxy (tests/dav_proxy.py) in front of a real Radicale the test starts:

- Bearer tokens only: anything else is 401 (GOOGLE.md §1);
- no MKCALENDAR (§0), no VTODO (§0): refused;
- objects named `<UID>.ics` only: any other name is refused with 400 (vdirsyncer#1225, §3);
- only Google's data model is kept: X- and other unknown properties stripped, each VALARM's
  DESCRIPTION rewritten, a default reminder added when an event has no VALARM, an ACTION:NONE
  alarm meaning "no reminder", at most five reminders (§4);
- the version gate: an update whose SEQUENCE is not above the stored one, or whose DTSTAMP
  is not newer, is refused with 409 (SyncEvolution, vdirsyncer#963, §3);
- If-None-Match not honoured (§3), If-Match honoured;
- STATUS:CANCELLED deletes the event (§6);
- PUT answers without an ETag, and 201 to an update (§3);
- ghosts: listed hrefs that answer 404 (§5);
- 429 bursts and quota 403s (§3), with or without Retry-After.

The store behind it is Radicale's: "the user" editing in Google's web UI is played by
`web_edit`, which changes the stored event the way Google does (SEQUENCE and DTSTAMP up).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

import icalendar

from tests.dav_proxy import DAVProxy, Reply, Request
from tests.radicale_server import RadicaleServer

TOKEN = "ya29.emulated-access-token-0123456789"
# What Google's data model holds of a VEVENT (the REST Event resource), as iCalendar.
KEPT = {
    "UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION",
    "TRANSP", "CLASS", "SEQUENCE", "LAST-MODIFIED", "CREATED", "RRULE", "EXDATE", "RDATE",
    "RECURRENCE-ID", "STATUS", "ORGANIZER", "ATTENDEE",
}  # fmt: skip
REMINDER_TEXT = "This is an event reminder"
REST_PATH = "/calendar/v3/"
REST_DISABLED = (
    b'{"error": {"code": 403, "message": "Google Calendar API has not been used in project 1 '
    b'before or it is disabled.", "status": "PERMISSION_DENIED", "details": [{"reason": '
    b'"SERVICE_DISABLED"}]}}'
)
GATE_ERROR = b'<?xml version="1.0"?><D:error xmlns:D="DAV:"/>'
QUOTA_BODY = (
    b'{"error": {"errors": [{"domain": "usageLimits", "reason": "rateLimitExceeded"}], '
    b'"code": 403, "message": "Rate Limit Exceeded"}}'
)


def header(request: Request, name: str) -> str | None:
    return next((v for k, v in request.headers.items() if k.lower() == name.lower()), None)


def drop_header(request: Request, name: str) -> None:
    for key in [k for k in request.headers if k.lower() == name.lower()]:
        del request.headers[key]


@dataclass
class GoogleEmulator:
    radicale: RadicaleServer
    tokens: set[str] = field(default_factory=lambda: {TOKEN})
    ghosts: list[str] = field(default_factory=list)  # paths listed that answer 404
    # Every Nth write is answered first with each of these (a burst), then carried out.
    burst_every: int = 0
    burst: list[Reply] = field(default_factory=list)
    writes: int = 0
    refused: list[str] = field(default_factory=list)  # why each refused request was refused
    keeps: set[str] = field(default_factory=lambda: set(KEPT))  # properties that survive
    rest_enabled: bool = True  # the "Google Calendar API" enabled in the Cloud project
    proxy: DAVProxy = field(init=False)

    def __post_init__(self) -> None:
        self.proxy = DAVProxy(self.radicale.url, self.rule)
        self.proxy.rewrite = self.rewrite
        self._pending: list[Reply] = []

    def quiet(self) -> None:
        """No burst (none half-served either), no ghosts: each example starts alike."""
        self.burst_every, self.burst, self.writes, self.ghosts = 0, [], 0, []
        self._pending = []

    def start(self) -> GoogleEmulator:
        self.proxy.start()
        return self

    def stop(self) -> None:
        self.proxy.stop()

    def url(self, upstream_url: str) -> str:
        return self.proxy.url(upstream_url)

    # -- requests ----------------------------------------------------------------------------

    def rule(self, request: Request) -> Request | Reply | None:
        auth = header(request, "Authorization") or ""
        if not auth.startswith("Bearer ") or auth[len("Bearer ") :] not in self.tokens:
            return self.refuse(401, "no valid Bearer token", b"")
        if request.path.startswith(REST_PATH):
            return self.rest(request)
        drop_header(request, "Authorization")
        basic = f"{self.radicale.username}:{self.radicale.password}".encode()
        request.headers["Authorization"] = "Basic " + base64.b64encode(basic).decode()
        if request.method in ("MKCALENDAR", "MKCOL", "COPY", "MOVE", "LOCK"):
            return self.refuse(405, f"{request.method} is not supported", GATE_ERROR)
        if request.method in ("PUT", "DELETE"):
            if self._pending:  # the burst goes on: the client's retries are refused too
                return self._pending.pop(0)
            self.writes += 1
            if self.burst_every and self.burst and self.writes % self.burst_every == 0:
                self._pending = list(self.burst)
                return self._pending.pop(0)
        if request.method == "PUT":
            return self.put(request)
        return request

    def rest(self, request: Request) -> Reply:
        """The Calendar REST API's calendars.insert: a new calendar, owned by the user."""
        if request.method != "POST" or request.path != REST_PATH + "calendars":
            return Reply(404, {}, b"{}")
        if not self.rest_enabled:
            return Reply(403, {}, REST_DISABLED)
        summary = json.loads(request.body)["summary"]
        calendar_id = uuid.uuid4().hex[:16] + "@group.calendar.google.com"
        self.radicale.make_calendar(calendar_id.split("@")[0], summary)
        body = json.dumps({"kind": "calendar#calendar", "id": calendar_id, "summary": summary})
        return Reply(200, {"Content-Type": "application/json"}, body.encode())

    def refuse(self, status: int, why: str, body: bytes) -> Reply:
        self.refused.append(why)
        headers = {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'}
        return Reply(status, headers if status == 401 else {}, body)

    def put(self, request: Request) -> Request | Reply:
        try:
            cal = icalendar.Calendar.from_ical(request.body)
        except ValueError:
            return self.refuse(400, "not iCalendar", GATE_ERROR)
        mains = [c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO", "VJOURNAL")]
        if not mains or any(c.name != "VEVENT" for c in mains):
            return self.refuse(400, "VTODO and VJOURNAL are not supported", GATE_ERROR)
        uid = str(mains[0].get("UID", ""))
        name = unquote(request.path.rsplit("/", 1)[-1])
        if name != uid + ".ics":
            return self.refuse(400, f"{name} is not <UID>.ics", GATE_ERROR)
        drop_header(request, "If-None-Match")  # "not supported": the PUT overwrites
        stored = self.stored(request.path)
        match = header(request, "If-Match")
        if match is not None and (stored is None or stored[0] != match):
            return self.refuse(412, "If-Match does not match", GATE_ERROR)
        if any(str(c.get("STATUS", "")).upper() == "CANCELLED" for c in mains):
            # Google deletes an event sent as cancelled.
            self.radicale.dav("DELETE", request.path)
            return Reply(200, {}, b"")
        if stored is not None and not self.passes_gate(stored[1], mains[0]):
            return self.refuse(409, "SEQUENCE or DTSTAMP not above the stored one", GATE_ERROR)
        for comp in mains:
            normalise(comp, self.keeps)
        request.body = cal.to_ical()
        return request

    def passes_gate(self, stored_text: str, new: Any) -> bool:
        old = next(
            c for c in icalendar.Calendar.from_ical(stored_text).subcomponents if c.name == "VEVENT"
        )
        sequence_up = int(new.get("SEQUENCE", 0)) > int(old.get("SEQUENCE", 0))
        stamp_up = _stamp(new) > _stamp(old)
        return sequence_up and stamp_up

    def stored(self, path: str) -> tuple[str, str] | None:
        """(ETag, text) of the stored object, or None."""
        answer = self.radicale.dav("GET", path)
        if answer.status != 200:
            return None
        return answer.headers.get("ETag", ""), answer.text

    # -- answers -----------------------------------------------------------------------------

    def rewrite(self, request: Request, reply: Reply) -> Reply:
        if request.method == "PUT" and 200 <= reply.status < 300:
            headers = {k: v for k, v in reply.headers.items() if k.lower() != "etag"}
            return Reply(201, headers, reply.body)  # no ETag, and 201 even to an update
        if (
            request.method == "PROPFIND"
            and header(request, "Depth") == "1"
            and reply.status == 207
            and self.ghosts
        ):
            return Reply(reply.status, reply.headers, self.with_ghosts(request.path, reply.body))
        return reply

    def with_ghosts(self, path: str, body: bytes) -> bytes:
        """Listed, with an ETag, and then 404 on GET: Google's phantom items."""
        extra = b"".join(
            f'<response xmlns="DAV:"><href>{ghost}</href><propstat><prop>'
            f'<getetag>"63647421014"</getetag><resourcetype/></prop>'
            "<status>HTTP/1.1 200 OK</status></propstat></response>".encode()
            for ghost in self.ghosts
            if ghost.startswith(path)
        )
        end = body.rfind(b"</")
        return body[:end] + extra + body[end:]

    # -- "the user", in Google's web UI ------------------------------------------------------

    def web_edit(self, uid: str, change: Callable[[Any], None]) -> None:
        """Edit the stored event as Google's UI does: the change, SEQUENCE and DTSTAMP up."""
        for obj in self.radicale.objects().values():
            cal = icalendar.Calendar.from_ical(obj.data)
            comp = next(c for c in cal.subcomponents if c.name == "VEVENT")
            if str(comp["UID"]) != uid:
                continue
            change(comp)
            sequence = int(comp.get("SEQUENCE", 0)) + 1
            for name in ("SEQUENCE", "DTSTAMP", "LAST-MODIFIED"):
                comp.pop(name, None)
            comp.add("SEQUENCE", sequence)
            now = datetime.now(UTC)
            comp.add("DTSTAMP", now)
            comp.add("LAST-MODIFIED", now)
            self.radicale.put_object(obj.href, cal.to_ical(), etag=obj.etag)
            return
        raise KeyError(uid)


def normalise(comp: Any, keeps: set[str]) -> None:
    """What Google keeps of an event, and the reminders it gives it."""
    for name in list(comp):
        if name.upper() not in keeps:
            del comp[name]
    alarms = [a for a in comp.subcomponents if a.name == "VALARM"]
    explicit_none = any(str(a.get("ACTION", "")).upper() == "NONE" for a in alarms)
    kept = [a for a in alarms if str(a.get("ACTION", "")).upper() == "DISPLAY"][:5]
    for alarm in kept:
        for name in list(alarm):
            if name.upper() not in ("ACTION", "TRIGGER", "DESCRIPTION"):
                del alarm[name]
        alarm.pop("DESCRIPTION", None)
        alarm.add("DESCRIPTION", REMINDER_TEXT)
    if not kept and not explicit_none:
        kept = [default_reminder()]
    comp.subcomponents = [s for s in comp.subcomponents if s.name != "VALARM"] + kept


def default_reminder() -> Any:
    alarm = icalendar.Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", REMINDER_TEXT)
    alarm.add("TRIGGER", timedelta(minutes=-30))
    return alarm


def _stamp(comp: Any) -> datetime:
    value = comp.decoded("DTSTAMP") if "DTSTAMP" in comp else datetime.min.replace(tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def quota_burst(wait: str | None = None) -> list[Reply]:
    """A 429 that says how long to wait, then a quota 403 (that says so only with `wait`)."""
    quota = Reply(403, {"Retry-After": wait} if wait else {}, QUOTA_BODY)
    return [Reply(429, {"Retry-After": "0"}, b""), quota]
