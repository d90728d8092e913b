"""followcal.sync against a real Radicale server (no mocks), plus fingerprint and credentials."""

# The `radicale` fixture is imported, and pytest hands it to the tests as an argument of the
# same name: that is the point, not a redefinition.

from __future__ import annotations

import re
import socket
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import icalendar
import pytest

from followcal.credentials import CredentialsError, keyring_key, resolve_password
from followcal.errors import FollowcalError
from followcal.fingerprint import HASH_PROPERTY, fingerprint, stamp
from followcal.sync import (
    AuthenticationError,
    CalendarNotFoundError,
    ConnectionFailedError,
    InvalidTargetError,
    MassDeletionError,
    PermissionDeniedError,
    PreconditionIgnoredError,
    RedirectRefusedError,
    RejectedObjectError,
    ResponseTooLargeError,
    ServerTimeoutError,
    SyncError,
    SyncReport,
    SyncTarget,
    TLSError,
    resource_name,
    sync_calendar,
)
from followcal.sync.client import CalDAVClient
from followcal.sync.listing import list_objects
from followcal.sync.reconcile import Desired as WantedObject
from followcal.sync.reconcile import Remote, base_uid, make_plan
from tests import radicale_server

RadicaleServer = radicale_server.RadicaleServer
CALENDAR_NAME = radicale_server.CALENDAR_NAME
start_radicale = radicale_server.start_radicale

BERLIN = ZoneInfo("Europe/Berlin")
Desired = dict[str, icalendar.Calendar]


# -- building events -------------------------------------------------------------------------


def make_item(
    n: int,
    *,
    summary: str | None = None,
    start: datetime | date | None = None,
    todo: bool = False,
    tz: ZoneInfo | None = None,
) -> tuple[str, icalendar.Calendar]:
    """One followcal VCALENDAR (as the calendar writer makes them): UID -> calendar."""
    uid = f"step-{n:04d}@followcal"
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//followcal//tests//EN")
    comp: icalendar.cal.Component = icalendar.Todo() if todo else icalendar.Event()
    comp.add("uid", uid)
    comp.add("dtstamp", datetime.now(UTC))
    comp.add("summary", summary or f"Follow up with company {n}")
    comp.add("description", f"Thank-you note to the interviewer.\nStep {n}.")
    when = start or datetime(2026, 3, 1 + n % 28, 9, 30, tzinfo=tz or UTC) + timedelta(days=n)
    if todo:
        comp.add("due", when)
    else:
        comp.add("dtstart", when)
        if isinstance(when, datetime):
            comp.add("dtend", when + timedelta(minutes=30))
    comp.add("categories", ["job-search", "follow-up"])
    comp.add("x-followcal-interview", f"interview-{n}")
    comp.add("x-followcal-step", "thank-you")
    comp.add("x-followcal-channel", "email")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Follow up with company {n}")
    trigger = icalendar.prop.vDDDTypes(timedelta(minutes=-15))
    if todo:
        trigger.params["RELATED"] = "END"
    alarm.add("trigger", trigger)
    comp.add_component(alarm)
    stamp(comp)
    if tz is not None:
        cal.add_component(comp)
        cal.add_missing_timezones()
    else:
        cal.add_component(comp)
    return uid, cal


def desired_set(numbers: range | list[int], **kwargs: Any) -> Desired:
    return dict(make_item(n, **kwargs) for n in numbers)


def target_for(server: RadicaleServer, **overrides: Any) -> SyncTarget:
    values: dict[str, Any] = {
        "url": server.calendar_url,
        "username": server.username,
        "password": server.password,
        "calendar": None,
        "timeout": 10,
    }
    values.update(overrides)
    return SyncTarget(**values)


def parse(data: str) -> icalendar.cal.Component:
    cal = icalendar.Calendar.from_ical(data)
    return next(c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO"))


def stored_uids(server: RadicaleServer, calendar_url: str | None = None) -> Counter[str]:
    objects = server.objects(calendar_url).values()
    return Counter(base_uid(str(parse(o.data)["UID"])) for o in objects)


def by_uid(server: RadicaleServer) -> dict[str, Any]:
    return {base_uid(str(parse(o.data)["UID"])): o for o in server.objects().values()}


def edit_on_server(server: RadicaleServer, uid: str, change: Callable[[Any], None]) -> None:
    """What a user's calendar app does: read the object, change it, PUT it back."""
    obj = by_uid(server)[uid]
    cal = icalendar.Calendar.from_ical(obj.data)
    change(next(c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO")))
    server.put_object(obj.href, cal.to_ical(), etag=obj.etag)


FOREIGN_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone//Calendar App//EN\r\n"
    "BEGIN:VEVENT\r\nUID:dentist-42@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20260305T080000Z\r\nDTEND:20260305T090000Z\r\nSUMMARY:Dentist\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
# Looks like ours by its UID, but lacks X-FOLLOWCAL-INTERVIEW: still the user's.
LOOKALIKE_ICS = FOREIGN_ICS.replace("dentist-42@example.com", "my-note@followcal").replace(
    "Dentist", "My own note"
)


# -- request counting ------------------------------------------------------------------------


def methods(log: list[tuple[str, str, dict[str, str]]]) -> Counter[str]:
    return Counter(method for method, _, _ in log)


# -- the basics ------------------------------------------------------------------------------


def test_discovery_from_the_server_root_takes_a_constant_number_of_requests(
    radicale: RadicaleServer, http_log: list[tuple[str, str, dict[str, str]]]
) -> None:
    sync_calendar(target_for(radicale, url=radicale.url, calendar=CALENDAR_NAME), {})
    first = methods(http_log)
    http_log.clear()
    sync_calendar(
        target_for(radicale, url=radicale.url, calendar=CALENDAR_NAME),
        desired_set(range(1, 21)),
        dry_run=True,
    )
    # Discovery does not grow with the plan; the second run remembers the CTag (no listing).
    assert methods(http_log)["PROPFIND"] == first["PROPFIND"] - 1 and methods(http_log)["PUT"] == 0
    assert first["REPORT"] == 0 and first["PUT"] == 0 and sum(first.values()) <= 6


# -- other people's events, user edits, the guard --------------------------------------------


def writer_like(
    n: int, *, todo: bool = False, done: bool = False
) -> tuple[str, icalendar.Calendar]:
    """make_item plus what followcal/calendar.py writes: CLASS, CONTACT, URL, TRANSP, STATUS..."""
    uid, cal = make_item(n, todo=todo)
    comp = cal.subcomponents[-1]
    comp.add("sequence", 1 if done else 0)
    comp.add("class", "PRIVATE")
    comp.add("contact", "Dana Smith, Engineering Manager, dana@acme.example")
    comp.add("contact", "Lee Park, Senior Engineer, lee@acme.example")
    comp.add("url", "mailto:dana@acme.example?subject=Thank%20you")
    if todo:
        comp.add("status", "COMPLETED" if done else "NEEDS-ACTION")
        if done:
            comp.add("completed", datetime(2026, 3, 2, 17, 5, tzinfo=UTC))
    else:
        comp.add("transp", "TRANSPARENT")
        if done:
            comp.add("status", "CANCELLED")
    stamp(comp)
    return uid, cal


def tick_done(comp: Any) -> None:
    """What a task app does when the task is ticked off."""
    for name in ("STATUS", "PERCENT-COMPLETE", "COMPLETED"):
        comp.pop(name, None)
    comp.add("status", "COMPLETED")
    comp.add("percent-complete", 100)
    comp.add("completed", datetime(2026, 3, 4, 12, 0, tzinfo=UTC))


# -- unreadable objects (Radicale refuses to store them, so the parser is fed directly) -------


def broken(ics: str, prefix: str | None, line: str) -> str:
    """`ics` with its `prefix` property replaced by `line` (or `line` added to the event)."""
    if prefix is None:
        return ics.replace("END:VEVENT", line + "\r\nEND:VEVENT", 1)
    changed, count = re.subn(rf"^{prefix}[:;][^\r\n]*", line, ics, count=1, flags=re.M)
    assert count == 1
    return changed


BROKEN = [
    pytest.param("DTSTART", "DTSTART:garbage", id="dtstart"),
    pytest.param("DTEND", "DURATION:not-a-duration", id="duration"),
    pytest.param(None, "RRULE:FREQ=SOMETIMES", id="rrule"),
    pytest.param(None, "EXDATE:never", id="exdate"),
]


@pytest.mark.parametrize(("prefix", "line"), BROKEN)
def test_an_unreadable_object_never_stops_a_sync(prefix: str | None, line: str) -> None:
    """Another server (or app) stored what icalendar cannot read: one bad object, no crash."""
    calendar_url = "https://cal.example.com/dav/cal/"
    foreign = Remote.parse(calendar_url + "dentist.ics", '"f"', broken(FOREIGN_ICS, prefix, line))
    assert not foreign.ours and foreign.uid == "dentist-42@example.com"

    uid, cal = make_item(1)
    text = broken(cal.to_ical().decode(), prefix, line)
    with pytest.raises(ValueError):  # nothing to fingerprint...
        fingerprint(parse(text))
    ours = Remote.parse(calendar_url + resource_name(uid), '"o"', text)
    assert ours.ours and ours.edited and ours.uid == uid  # ...so it counts as the user's edit
    assert ours.label.startswith("Follow up with company 1")

    want = {uid: WantedObject.of(uid, cal)}
    plan = make_plan(want, [foreign, ours], calendar_url, overwrite_edits=False)
    assert plan.ops == [] and plan.conflicts == [
        f"{ours.label}: edited on the server, so not overwritten"
    ]
    gone = make_plan({}, [foreign, ours], calendar_url, overwrite_edits=False)
    assert gone.ops == [] and gone.conflicts == [
        f"{ours.label}: edited on the server, so not deleted"
    ]
    forced = make_plan(want, [foreign, ours], calendar_url, overwrite_edits=True)
    assert [(op.kind, op.href) for op in forced.ops] == [("update", ours.href)]


# -- interrupted syncs -----------------------------------------------------------------------


def test_a_sync_cut_short_converges_on_rerun(radicale: RadicaleServer) -> None:
    desired = desired_set(range(1, 11))

    def stop_after_four(done: int, total: int) -> None:
        if done == 4:
            radicale.stop()

    with pytest.raises(ConnectionFailedError):
        sync_calendar(target_for(radicale), desired, progress=stop_after_four)
    radicale.start()
    assert sum(stored_uids(radicale).values()) == 4

    calls: list[tuple[int, int]] = []
    report = sync_calendar(
        target_for(radicale), desired, progress=lambda d, t: calls.append((d, t))
    )
    assert len(report.created) == 6 and report.unchanged == 4
    assert calls == [(i, 6) for i in range(7)]
    assert stored_uids(radicale) == Counter(dict.fromkeys(desired, 1))
    assert sync_calendar(target_for(radicale), desired).changed == 0


# -- calendars -------------------------------------------------------------------------------


def test_discovery_from_the_root_and_from_the_calendar_url(radicale: RadicaleServer) -> None:
    desired = desired_set([1])
    report = sync_calendar(target_for(radicale, url=radicale.url), desired)  # its only calendar
    assert report.calendar_name == CALENDAR_NAME and len(report.created) == 1
    assert report.calendar_url == radicale.calendar_url
    report = sync_calendar(target_for(radicale, url=radicale.calendar_url), desired)
    assert report.calendar_name == CALENDAR_NAME and report.unchanged == 1
    principal = radicale.user_url()
    report = sync_calendar(target_for(radicale, url=principal, calendar=CALENDAR_NAME), desired)
    assert report.unchanged == 1
    report = sync_calendar(
        target_for(radicale, url=radicale.url, calendar=radicale.path_of(radicale.calendar_url)),
        desired,
    )
    assert report.unchanged == 1


def test_several_calendars_select_by_name_or_complain(radicale: RadicaleServer) -> None:
    other = radicale.make_calendar("work", "Work")
    report = sync_calendar(target_for(radicale, url=radicale.url, calendar="work"), {})
    assert report.calendar_url == other  # by the last path segment, and names ignore case
    with pytest.raises(CalendarNotFoundError) as caught:
        sync_calendar(target_for(radicale, url=radicale.url), {})
    assert "'Work'" in str(caught.value) and f"'{CALENDAR_NAME}'" in str(caught.value)


def test_an_unknown_calendar_lists_the_existing_ones(radicale: RadicaleServer) -> None:
    with pytest.raises(CalendarNotFoundError) as caught:
        sync_calendar(target_for(radicale, url=radicale.url, calendar="Job hunt"), {})
    message = str(caught.value)
    assert "'Job hunt'" in message and f"'{CALENDAR_NAME}'" in message
    assert caught.value.EXIT_CODE == 12 and "\n" not in message


def test_create_makes_the_missing_calendar(radicale: RadicaleServer) -> None:
    target = target_for(radicale, url=radicale.url, calendar="Job hunt", create=True)
    dry = sync_calendar(target, desired_set([1, 2]), dry_run=True)
    assert dry.calendar_created and len(dry.created) == 2
    assert "Job hunt" not in radicale.calendars().values()

    report = sync_calendar(target, desired_set([1, 2]))
    assert report.calendar_created and len(report.created) == 2
    calendars = radicale.calendars()
    assert calendars[report.calendar_url] == "Job hunt"
    assert len(radicale.objects(report.calendar_url)) == 2
    again = sync_calendar(target, desired_set([1, 2]))
    assert not again.calendar_created and again.unchanged == 2
    assert len(radicale.calendars()) == 2


# -- errors ----------------------------------------------------------------------------------


def check_one_line_without_secrets(error: FollowcalError, *secrets: str) -> None:
    message = str(error)
    assert message and "\n" not in message
    for secret in secrets:
        assert secret not in message


def test_a_wrong_password_is_an_authentication_error(radicale: RadicaleServer) -> None:
    wrong = "hunter2-not-the-password"
    with pytest.raises(AuthenticationError) as caught:
        sync_calendar(target_for(radicale, password=wrong), desired_set([1]))
    assert caught.value.EXIT_CODE == 10
    check_one_line_without_secrets(caught.value, wrong)

    in_url = radicale.url.replace("://", f"://{radicale.username}:{wrong}@")
    with pytest.raises(AuthenticationError) as caught:
        sync_calendar(target_for(radicale, url=in_url, username=None, password=None), {})
    check_one_line_without_secrets(caught.value, wrong)


def test_another_users_calendar_is_a_permission_error(radicale: RadicaleServer) -> None:
    radicale.add_user("bob", "bobs password")
    bobs = radicale.make_calendar("bobs", "Bob's", username="bob", password="bobs password")
    with pytest.raises(PermissionDeniedError) as caught:
        sync_calendar(target_for(radicale, url=bobs), desired_set([1]))
    assert caught.value.EXIT_CODE == 11
    check_one_line_without_secrets(caught.value, radicale.password)


def test_a_missing_calendar_url_is_not_found(radicale: RadicaleServer) -> None:
    with pytest.raises(CalendarNotFoundError) as caught:
        sync_calendar(target_for(radicale, url=radicale.calendar_url + "nope/"), {})
    check_one_line_without_secrets(caught.value, radicale.password)


def test_a_rejected_object_carries_the_servers_reason(radicale: RadicaleServer) -> None:
    uid, cal = make_item(1)
    comp = cal.subcomponents[0]
    comp["DTSTART"] = icalendar.vText("not-a-date")
    good = desired_set([2, 3])
    report = sync_calendar(target_for(radicale), {uid: cal, **good})
    # One refused object is that object's failure: the others go through (issue 18).
    assert len(report.created) == 2 and report.exit_code == RejectedObjectError.EXIT_CODE == 13
    (line,) = report.refused
    assert "(400): Bad Request" in line  # all Radicale says; its log has more
    check_one_line_without_secrets(RejectedObjectError(line), radicale.password)


def test_nextclouds_reason_for_a_refused_object_is_shown() -> None:
    from email.message import Message

    from followcal.sync.dav import DAVResponse

    body = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" '
        b'xmlns:s="http://sabredav.org/ns"><s:exception>Sabre\\DAV\\Exception\\'
        b"UnsupportedMediaType</s:exception><s:message>Validation error in iCalendar: "
        b"The supplied iCalendar object is not valid</s:message></d:error>"
    )
    session = CalDAVClient(
        SyncTarget(url="https://cloud.example.com/remote.php/dav", password="pw")
    )
    reason = session.reason(DAVResponse(415, Message(), body, "https://cloud.example.com/x.ics"))
    assert reason == "Validation error in iCalendar: The supplied iCalendar object is not valid"
    error = session.status_error(415, "https://cloud.example.com/x.ics", reason, "creating 'X'")
    assert isinstance(error, RejectedObjectError) and reason in str(error)


def test_server_down_is_a_connection_error(radicale: RadicaleServer) -> None:
    radicale.stop()
    with pytest.raises(ConnectionFailedError) as caught:
        sync_calendar(target_for(radicale), desired_set([1]))
    assert caught.value.EXIT_CODE == 16
    assert "refused" in str(caught.value)
    check_one_line_without_secrets(caught.value, radicale.password)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A port that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/cal/"
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        sock.close()


def test_a_silent_server_is_a_timeout(silent_server: str) -> None:
    target = SyncTarget(url=silent_server, username="u", password="secret-pw", calendar=None)
    target.timeout = 0.3
    with pytest.raises(ServerTimeoutError) as caught:
        sync_calendar(target, {})
    assert caught.value.EXIT_CODE == 17
    check_one_line_without_secrets(caught.value, "secret-pw")


@pytest.mark.server  # node's ical.js, or a server it starts
def test_tls_is_verified_and_a_private_ca_can_be_trusted(tmp_path: Path) -> None:
    cert, key = self_signed_certificate(tmp_path)
    server = start_radicale(tmp_path / "tls-radicale", tls=(cert, key))
    try:
        target = target_for(server)
        with pytest.raises(TLSError) as caught:
            sync_calendar(target, desired_set([1]))
        assert caught.value.EXIT_CODE == 15 and "ca_bundle" in str(caught.value)
        check_one_line_without_secrets(caught.value, server.password)

        target.ca_bundle = str(cert)
        assert len(sync_calendar(target, desired_set([1])).created) == 1
    finally:
        server.stop()


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    from ipaddress import IPv4Address

    from cryptography import x509  # a test dependency (pyproject's dev extra): never skipped
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "followcal test CA")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.mark.parametrize(
    "url",
    [
        "http://cal.example.com:99999/dav/",
        "http://ann:s3cret@cal.example.com:99999/dav/",
        "http://ann:s3cret@cal.example.com:port/dav/",
        "http://cal.example.com:0/dav/",
        "http://[::1/dav/",
        "http://ann:s3cret@[::1/dav/",
        "ftp://ann:s3cret@cal.example.com/dav/",
        "ann:s3cret@cal.example.com/dav/",
        "cal.example.com/dav/",
        "https:///dav/",
    ],
)
def test_a_url_that_cannot_work_is_refused_in_one_line_before_connecting(
    url: str, http_log: list[tuple[str, str, dict[str, str]]]
) -> None:
    target = SyncTarget(url=url, username="ann", password="hunter2")
    assert "s3cret" not in repr(target)
    with pytest.raises(InvalidTargetError) as caught:
        sync_calendar(target, desired_set([1]))
    assert caught.value.EXIT_CODE == 19 and http_log == []
    assert "CalDAV URL" in str(caught.value)
    check_one_line_without_secrets(caught.value, "s3cret", "hunter2", "ann:")
    key = keyring_key("ann", url)  # what the password prompt and its error show
    assert key.startswith("ann@") and "s3cret" not in key


def test_a_missing_ca_bundle_is_refused_before_connecting(
    tmp_path: Path, http_log: list[tuple[str, str, dict[str, str]]]
) -> None:
    missing = tmp_path / "company-ca.pem"
    target = SyncTarget(url="https://127.0.0.1:9/dav/", password="hunter2", ca_bundle=str(missing))
    with pytest.raises(InvalidTargetError) as caught:
        sync_calendar(target, {})
    assert "CA bundle" in str(caught.value) and str(missing) in str(caught.value)
    assert http_log == []
    check_one_line_without_secrets(caught.value, "hunter2")

    # The HTTP library's own OSError, should it get through, is a one-line error too.
    url = f"https://ann:s3cret@127.0.0.1:{radicale_server.free_port()}/dav/"
    with (
        CalDAVClient(SyncTarget(url=url, ca_bundle=str(missing))) as session,
        pytest.raises(SyncError) as caught,
    ):
        list_objects(session, url, {}, None)
    assert "CA bundle" in str(caught.value)
    check_one_line_without_secrets(caught.value, "s3cret", "ann:")


# -- a server that is not (only) CalDAV: a tiny standard-library stub --------------------------


@dataclass
class StubDAV:
    """Answers each method with a canned reply; logs (method, path). No real DAV behind it."""

    url: str = ""
    replies: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def stub_dav() -> Iterator[StubDAV]:
    stub = StubDAV(
        replies={
            "PUT": (201, "text/plain", b""),
            "DELETE": (204, "text/plain", b""),
            "GET": (404, "text/plain", b""),
        }
    )

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            stub.log.append((self.command, self.path))
            status, content_type, body = stub.replies.get(self.command, (405, "text/plain", b""))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_PROPFIND = do_REPORT = do_PUT = do_DELETE = do_GET = do_OPTIONS = answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def multistatus(*items: tuple[str, str | None]) -> bytes:
    """A calendar-query answer: one response per (href, calendar data or None)."""
    responses = []
    for number, (href, data) in enumerate(items):
        prop = f'<D:getetag>"{number}"</D:getetag>'
        if data is not None:
            prop += f"<C:calendar-data>{escape(data)}</C:calendar-data>"
        responses.append(
            f"<D:response><D:href>{escape(href)}</D:href><D:propstat><D:prop>{prop}</D:prop>"
            "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
        + "".join(responses)
        + "</D:multistatus>"
    ).encode()


def test_only_objects_inside_the_calendar_are_ever_touched(stub_dav: StubDAV) -> None:
    items = dict(make_item(n) for n in range(1, 8))
    ics = {uid: cal.to_ical().decode() for uid, cal in items.items()}
    uids = sorted(items)
    port = stub_dav.url.rsplit(":", 1)[1].strip("/")
    inside = "/cal/" + resource_name(uids[0])
    stub_dav.replies["REPORT"] = (
        207,
        'application/xml; charset="utf-8"',
        multistatus(
            ("/cal/", None),
            (inside, ics[uids[0]]),
            ("/cal/dentist.ics", broken(FOREIGN_ICS, "DTSTART", "DTSTART:garbage")),
            ("/other/" + resource_name(uids[1]), ics[uids[1]]),  # another collection
            ("/cal/../other/x.ics", ics[uids[2]]),
            ("/cal/%2E%2E/other/y.ics", ics[uids[3]]),
            ("http://elsewhere.invalid/cal/z.ics", ics[uids[4]]),  # another host
            (f"https://127.0.0.1:{port}/cal/w.ics", ics[uids[5]]),  # another scheme
            ("/calendar/v.ics", ics[uids[6]]),  # a path that merely starts alike
        ),
    )
    # The listing (hrefs and ETags) says the same as the multiget's answer.
    stub_dav.replies["PROPFIND"] = (
        207,
        'application/xml; charset="utf-8"',
        multistatus(*[(href, None) for href, _ in _items_of(stub_dav.replies["REPORT"][2])]),
    )
    target = SyncTarget(url=stub_dav.url, password="hunter2", calendar="/cal/")
    with pytest.raises(MassDeletionError, match="1 of the 1"):  # only one of them is ours
        sync_calendar(target, {})

    stub_dav.log.clear()
    # The ETag is read again right before the delete: unchanged ("1"), so it goes.
    stub_dav.replies["PROPFIND"] = (
        207,
        'application/xml; charset="utf-8"',
        multistatus(("/cal/", None), (inside, None)),
    )
    report = sync_calendar(target, {}, allow_deletions=True)
    assert len(report.deleted) == 1 and report.deleted[0].startswith("Follow up with company 1")
    assert [entry for entry in stub_dav.log if _not_listing(entry)] == [
        ("PROPFIND", inside),
        ("DELETE", inside),
    ]

    stub_dav.log.clear()
    report = sync_calendar(target, {uids[0]: items[uids[0]], uids[1]: items[uids[1]]})
    assert report.unchanged == 1 and len(report.created) == 1
    assert [entry for entry in stub_dav.log if _not_listing(entry)] == [
        ("PUT", "/cal/" + resource_name(uids[1]))
    ]


def _not_listing(entry: tuple[str, str]) -> bool:
    return entry[0] != "REPORT" and entry != ("PROPFIND", "/cal/")


def _items_of(body: bytes) -> list[tuple[str, None]]:
    hrefs = re.findall(r"<D:href>(.*?)</D:href>", body.decode())
    return [(href.replace("&amp;", "&"), None) for href in hrefs]


LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method=post>"
    b"<input name=user><input name=password type=password></form></body></html>"
)


@pytest.mark.parametrize("calendar", [None, "/cal/"], ids=["propfind", "report"])
def test_a_login_page_answering_200_is_not_an_empty_calendar(
    stub_dav: StubDAV, calendar: str | None
) -> None:
    stub_dav.replies["PROPFIND"] = stub_dav.replies["REPORT"] = (200, "text/html", LOGIN_PAGE)
    target = SyncTarget(url=stub_dav.url, username="ann", password="hunter2", calendar=calendar)
    with pytest.raises(SyncError) as caught:
        sync_calendar(target, desired_set([1, 2]))
    message = str(caught.value)
    assert type(caught.value) is SyncError and caught.value.EXIT_CODE == 19
    assert "HTTP 200" in message and "207 Multi-Status" in message
    check_one_line_without_secrets(caught.value, "hunter2")
    assert [method for method, _ in stub_dav.log] == ["PROPFIND"]


def test_every_sync_error_has_its_own_exit_code() -> None:
    # These are "other errors" (19), named for callers and tests.
    others = {
        InvalidTargetError,
        ResponseTooLargeError,
        RedirectRefusedError,
        PreconditionIgnoredError,
    }
    classes = [SyncError, *(c for c in SyncError.__subclasses__() if c not in others)]
    codes = [cls.EXIT_CODE for cls in classes]
    assert len(set(codes)) == len(codes) == 10
    assert all(10 <= code <= 19 for code in codes)
    assert {cls.EXIT_CODE for cls in others} == {SyncError.EXIT_CODE} == {19}


def test_sync_report_shape_and_no_password_in_repr() -> None:
    report = SyncReport(calendar_url="u", calendar_name=None, created=["a"], deleted=["b"])
    assert report.changed == 2 and report.unchanged == 0
    target = SyncTarget(url="https://x:s3cret@h.example/dav/", username="x", password="s3cret")
    assert "s3cret" not in repr(target) and "h.example/dav/" in repr(target)


# -- fingerprint -----------------------------------------------------------------------------


def refold(text: str, width: int) -> str:
    """Unfold every line, then fold again at `width` characters."""
    lines = text.replace("\r\n ", "").split("\r\n")
    out = []
    for line in lines:
        chunks = [line[i : i + width] for i in range(0, len(line), width)] or [""]
        out.append("\r\n ".join(chunks))
    return "\r\n".join(out)


def test_fingerprint_ignores_volatile_properties_order_case_and_folding() -> None:
    _, cal = make_item(1, tz=BERLIN)
    event = cal.subcomponents[-1]
    base = fingerprint(event)
    text = cal.to_ical().decode()

    event2 = icalendar.Calendar.from_ical(text).subcomponents[-1]
    event2["DTSTAMP"] = icalendar.prop.vDDDTypes(datetime(2030, 1, 1, tzinfo=UTC))
    event2.add("sequence", 7)
    event2.add("last-modified", datetime(2030, 1, 1, tzinfo=UTC))
    event2.add("created", datetime(2030, 1, 1, tzinfo=UTC))
    event2["DESCRIPTION"] = icalendar.vText(str(event["DESCRIPTION"]).replace("\n", "\r\n") + "  ")
    # the same instant written in UTC instead of Berlin time
    event2["DTSTART"] = icalendar.prop.vDDDTypes(event.decoded("DTSTART").astimezone(UTC))
    assert fingerprint(event2) == base

    lines = refold(text, 1000).split("\r\n")
    uid_line = next(line for line in lines if line.startswith("UID:"))
    lines.remove(uid_line)
    lines.insert(lines.index("END:VEVENT"), uid_line)  # property order
    rewritten = refold("\r\n".join(lines), 40)  # folding
    rewritten = rewritten.replace(";TZID=", ";tzid=").replace("ACTION:DISPLAY", "ACTION:display")
    rewritten = rewritten.replace("PRODID:-//followcal//tests//EN", "PRODID:-//Radicale//EN")
    assert rewritten != text
    assert fingerprint(icalendar.Calendar.from_ical(rewritten)) == base

    moved = icalendar.Calendar.from_ical(text).subcomponents[-1]
    moved["DTSTART"] = icalendar.prop.vDDDTypes(event.decoded("DTSTART") + timedelta(hours=1))
    assert fingerprint(moved) != base
    retitled = icalendar.Calendar.from_ical(text).subcomponents[-1]
    retitled["SUMMARY"] = icalendar.vText("Other")
    assert fingerprint(retitled) != base
    realarmed = icalendar.Calendar.from_ical(text).subcomponents[-1]
    realarmed.subcomponents[0]["TRIGGER"] = icalendar.prop.vDDDTypes(timedelta(minutes=-30))
    assert fingerprint(realarmed) != base
    remarked = icalendar.Calendar.from_ical(text).subcomponents[-1]
    remarked["X-FOLLOWCAL-STEP"] = icalendar.vText("second")
    assert fingerprint(remarked) != base


def test_fingerprint_treats_duration_and_dtend_alike() -> None:
    _, cal = make_item(1)
    event = cal.subcomponents[0]
    with_duration = icalendar.Calendar.from_ical(cal.to_ical()).subcomponents[0]
    end = with_duration.decoded("DTEND")
    del with_duration["DTEND"]
    with_duration.add("duration", end - with_duration.decoded("DTSTART"))
    assert fingerprint(with_duration) == fingerprint(event)


def test_stamp_sets_the_hash_and_is_deterministic() -> None:
    _, cal = make_item(3)
    event = cal.subcomponents[0]
    first = str(event[HASH_PROPERTY])
    stamp(event)
    assert str(event[HASH_PROPERTY]) == first == fingerprint(event) == fingerprint(cal)
    assert len(first) == 64 and int(first, 16) >= 0


def test_fingerprint_sees_what_clients_add_but_not_their_bookkeeping() -> None:
    _, cal = writer_like(1, todo=True)
    task = cal.subcomponents[-1]
    base = fingerprint(task)
    text = cal.to_ical().decode()

    def copy() -> Any:
        return icalendar.Calendar.from_ical(text).subcomponents[-1]

    assert fingerprint(copy()) == base
    for name, value in [
        ("priority", 1),
        ("percent-complete", 100),
        ("completed", datetime(2026, 3, 4, tzinfo=UTC)),
        ("comment", "note"),
        ("attendee", "mailto:bob@example.com"),
        ("exdate", datetime(2026, 3, 9, tzinfo=UTC)),
        ("rdate", datetime(2026, 3, 9, tzinfo=UTC)),
        ("location", "Café"),
        ("geo", (52.52, 13.405)),
        ("resources", "Projector"),
        ("x-other-app", "1"),
    ]:
        edited = copy()
        edited.add(name, value)
        assert fingerprint(edited) != base, name
    for name, value in [
        ("last-modified", datetime(2030, 1, 1, tzinfo=UTC)),
        ("created", datetime(2030, 1, 1, tzinfo=UTC)),
        ("x-moz-lastack", datetime(2030, 1, 1, tzinfo=UTC)),
        ("x-moz-generation", 4),
        ("x-radicale-name", "x.ics"),
    ]:
        noted = copy()
        noted.add(name, value)
        assert fingerprint(noted) == base, name
    reclassed = copy()
    reclassed["CLASS"] = icalendar.vText("PUBLIC")
    assert fingerprint(reclassed) != base

    # Values compare by meaning: EXDATE lines, the mailto: scheme's case, "01" for 1.
    one, other = copy(), copy()
    one.add("exdate", [datetime(2026, 3, 9, tzinfo=UTC), datetime(2026, 3, 16, tzinfo=UTC)])
    other.add("exdate", datetime(2026, 3, 16, 1, tzinfo=ZoneInfo("Europe/London")))
    other.add("exdate", datetime(2026, 3, 9, tzinfo=UTC))
    one.add("attendee", "mailto:bob@example.com")
    other.add("attendee", "MAILTO:bob@example.com")
    assert fingerprint(one) != fingerprint(other)  # 01:00 London is not midnight UTC in March
    other.pop("EXDATE")
    other.add("exdate", [datetime(2026, 3, 16, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC)])
    assert fingerprint(one) == fingerprint(other)
    padded = icalendar.Calendar.from_ical(text.replace("END:VTODO", "PRIORITY:01\r\nEND:VTODO"))
    plain = icalendar.Calendar.from_ical(text.replace("END:VTODO", "PRIORITY:1\r\nEND:VTODO"))
    assert fingerprint(padded) == fingerprint(plain) != base


# -- credentials -----------------------------------------------------------------------------

URL = "https://cal.example.com/remote.php/dav"


def no_prompt(question: str) -> str:
    raise AssertionError("must not prompt")


def test_password_from_the_environment_comes_first() -> None:
    env = {"FOLLOWCAL_PASSWORD": "from-env"}
    assert (
        resolve_password("ann", URL, env=env, password_command="false", prompt=no_prompt)
        == "from-env"
    )


def test_password_command_output_without_its_newline() -> None:
    command = f"{sys.executable} -c \"print('s3 cr3t ')\""
    assert resolve_password("ann", URL, env={}, password_command=command) == "s3 cr3t "


def test_a_failing_password_command_does_not_echo_its_output() -> None:
    command = f"{sys.executable} -c \"import sys; print('leaked-secret'); sys.exit(3)\""
    with pytest.raises(CredentialsError) as caught:
        resolve_password("ann", URL, env={}, password_command=command)
    assert "exit status 3" in str(caught.value) and "leaked-secret" not in str(caught.value)
    with pytest.raises(CredentialsError, match="not found"):
        resolve_password("ann", URL, env={}, password_command="no-such-program-xyz --get")


# The keyring path: tests/test_keyring.py, through the real keyring library.


def python_printing(data: bytes) -> str:
    """A password command printing exactly `data` (a stand-in for `pass show`)."""
    return f'{sys.executable} -c "import sys; sys.stdout.buffer.write({data!r})"'


def test_a_password_command_gives_its_first_line_as_pass_users_expect() -> None:
    entry = b"s3 cr3t \nlogin: ann\nurl: https://cal.example.com/\n"
    assert resolve_password("ann", URL, env={}, password_command=python_printing(entry)) == (
        "s3 cr3t "
    )
    crlf = python_printing(b"s3cr3t\r\nlogin: ann\r\n")
    assert resolve_password("ann", URL, env={}, password_command=crlf) == "s3cr3t"
    unicode = python_printing("pässwörd\n".encode())
    assert resolve_password("ann", URL, env={}, password_command=unicode) == "pässwörd"


@pytest.mark.parametrize(
    ("output", "complaint"),
    [
        (b"\xffs3cr3t\xfe\n", "not UTF-8"),
        (b"", "no password"),
        (b"\n", "no password"),
        (b"   \t\n", "no password"),
        (b"\ns3cr3t\n", "blank first line"),
        (b"  \r\ns3cr3t\n", "blank first line"),
    ],
)
def test_a_password_command_printing_no_usable_password_is_refused(
    output: bytes, complaint: str
) -> None:
    with pytest.raises(CredentialsError) as caught:
        resolve_password("ann", URL, env={}, password_command=python_printing(output))
    message = str(caught.value)
    assert complaint in message and "\n" not in message and "s3cr3t" not in message
    assert caught.value.EXIT_CODE == 6


def test_a_blank_answer_at_the_prompt_is_no_password() -> None:
    with pytest.raises(CredentialsError, match="no password entered"):
        resolve_password("ann", URL, env={}, allow_prompt=True, prompt=lambda q: "   ")
