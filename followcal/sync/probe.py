"""`followcal sync --probe`: what this calendar keeps of followcal's events, measured once.

Much of what is known of Google's CalDAV is old evidence (shared/GOOGLE.md §8). The probe
settles it for the user's own calendar: it writes one test event carrying every property
followcal writes, reads it back, updates it through the version gate, deletes it, and says
which properties survived. The result is kept beside the sync state (`load_kept`): sync then
recognises a user's edit, and rebuilds a lost state, by the fields this calendar really
keeps (sync/lossy.py's `content_of`).
"""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followcal.errors import OutputError
from followcal.fileio import UnreadableInput, read_input, write_atomic
from followcal.sync import dav
from followcal.sync.client import CalDAVClient, strong
from followcal.sync.discovery import find_calendar
from followcal.sync.gated import read
from followcal.sync.lossy import KEPT_TEXTS, for_lossy, next_stamp
from followcal.sync.model import SyncTarget
from followcal.sync.objects import resource_name
from followcal.sync.state import state_path

# Every property followcal's calendar writer puts in an event (followcal/calendar.py).
WRITTEN = (
    *KEPT_TEXTS, "DTSTART", "DTEND", "CATEGORIES", "CONTACT", "URL",
    "X-FOLLOWCAL-INTERVIEW", "X-FOLLOWCAL-STEP", "X-FOLLOWCAL-CHANNEL", "X-FOLLOWCAL-HASH",
)  # fmt: skip
ALARM_TEXT = "followcal probe reminder"
_KEPT_LIMIT = 100_000  # what a probe keeps is a few hundred bytes


@dataclass
class ProbeReport:
    calendar_url: str
    calendar_name: str | None
    kept: list[str] = field(default_factory=list)  # properties read back as written
    changed: list[str] = field(default_factory=list)  # read back, but not as written
    dropped: list[str] = field(default_factory=list)
    alarm: str = "dropped"  # "kept", "text rewritten", "dropped"
    etag_on_put: bool = False
    updated: str = "not tried"  # "accepted", or the status that refused it
    deleted: bool = False


def probe_calendar(target: SyncTarget) -> ProbeReport:
    """Write, read back, update and delete one test event in the target calendar."""
    with CalDAVClient(target) as client:
        url, name, _ = find_calendar(client, create=False)
        report = ProbeReport(url, name)
        uid = f"probe-{secrets.token_hex(6)}@followcal"
        href = url + resource_name(uid, as_uid=client.quirks.lossy)
        headers = {"Content-Type": dav.ICS_TYPE, "If-None-Match": "*"}
        body = for_lossy(test_event(uid), sequence=0, stamp=next_stamp(datetime.now(UTC), None))
        answer = client.request(href, "PUT", body, headers, what="writing the probe event")
        client.check(answer, href, "writing the probe event", (200, 201, 204))
        report.etag_on_put = bool(answer.headers.get("ETag"))
        try:
            compare(client, href, body, report)
            update(client, href, body, report)
        finally:
            _, etag = _etag(client, href)
            gone = client.request(href, "DELETE", "", {"If-Match": etag} if etag else {},
                                  what="deleting the probe event")  # fmt: skip
            report.deleted = gone.status in (200, 204, 404)
        save_kept(target, url, report)
        return report


def compare(client: CalDAVClient, href: str, sent: str, report: ProbeReport) -> None:
    import icalendar

    written = icalendar.Calendar.from_ical(sent).walk("VEVENT")[0]
    text = client.request(href, "GET", "", {"Accept": "text/calendar"}, what="reading it back")
    client.check(text, href, "reading the probe event back", (200,))
    back = icalendar.Calendar.from_ical(text.text).walk("VEVENT")[0]
    for name in WRITTEN:
        if name not in back:
            report.dropped.append(name)
        elif back[name].to_ical() == written[name].to_ical() or _same(back, written, name):
            report.kept.append(name)
        else:
            report.changed.append(name)
    alarms = [a for a in back.walk("VALARM") if str(a.get("ACTION", "")).upper() == "DISPLAY"]
    if alarms:
        same = all(str(a.get("DESCRIPTION", "")) == ALARM_TEXT for a in alarms)
        report.alarm = "kept" if same else "text rewritten"


def update(client: CalDAVClient, href: str, sent: str, report: ProbeReport) -> None:
    current, stamp = read(client, href)
    if current is None:
        report.updated = "the event was gone"
        return
    body = for_lossy(
        sent.replace("SUMMARY:followcal probe", "SUMMARY:followcal probe (updated)"),
        sequence=current.sequence + 1,
        stamp=next_stamp(datetime.now(UTC), stamp),
    )
    headers = {"Content-Type": dav.ICS_TYPE}
    if current.etag:
        headers["If-Match"] = current.etag
    answer = client.request(href, "PUT", body, headers, what="updating the probe event")
    report.updated = "accepted" if 200 <= answer.status < 300 else f"refused ({answer.status})"


def test_event(uid: str) -> str:
    import icalendar

    start = (datetime.now(UTC) + timedelta(days=400)).replace(microsecond=0, second=0)
    cal = icalendar.Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//followcal//probe//EN")
    event = icalendar.Event()
    values = {
        "UID": uid, "SUMMARY": "followcal probe", "DESCRIPTION": "A test event; deleted at once.",
        "LOCATION": "Nowhere", "TRANSP": "TRANSPARENT", "CLASS": "PRIVATE",
        "DTSTART": start, "DTEND": start + timedelta(minutes=30), "CONTACT": "Probe Person",
        "URL": "https://example.org/followcal-probe", "X-FOLLOWCAL-INTERVIEW": "probe",
        "X-FOLLOWCAL-STEP": "probe", "X-FOLLOWCAL-CHANNEL": "none", "X-FOLLOWCAL-HASH": "probe",
    }  # fmt: skip
    for key, value in values.items():
        event.add(key, value)
    event.add("CATEGORIES", ["Job search", "Probe"])
    alarm = icalendar.Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", ALARM_TEXT)
    alarm.add("TRIGGER", timedelta(minutes=-15))
    event.add_component(alarm)
    cal.add_component(event)
    return str(cal.to_ical().decode("utf-8"))


def probe_file(target: SyncTarget, calendar_url: str) -> Path:
    path = state_path(calendar_url, target.username, target.state_dir)
    return path.with_name(path.stem + ".probe.json")


def save_kept(target: SyncTarget, calendar_url: str, report: ProbeReport) -> None:
    """Keep what the probe found, for every later sync of this calendar."""
    path = probe_file(target, calendar_url)
    # Best effort, like the sync state beside it: a probe that cannot be kept still reported.
    with contextlib.suppress(OSError, OutputError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(asdict(report)).encode("utf-8"))


def load_kept(target: SyncTarget, calendar_url: str) -> frozenset[str] | None:
    """The properties a probe found kept (with VALARM when reminders survive), or None."""
    try:
        data = json.loads(read_input(probe_file(target, calendar_url), _KEPT_LIMIT))
        kept = set(data["kept"]) | set(data["changed"])
        if data["alarm"] != "dropped":
            kept.add("VALARM")
        return frozenset(kept)
    except (OSError, UnreadableInput, ValueError, KeyError, TypeError):
        return None


def _same(back: object, written: object, name: str) -> bool:
    """The same value written differently (a date-time in another zone, reordered words)."""
    try:
        return bool(back.decoded(name) == written.decoded(name))  # type: ignore[attr-defined]
    except (KeyError, ValueError, TypeError):
        return False


def _etag(client: CalDAVClient, href: str) -> tuple[bool, str | None]:
    answer = client.request(href, "GET", "", {"Accept": "text/calendar"}, what="re-reading it")
    return answer.status == 200, strong(answer.headers.get("ETag"))
