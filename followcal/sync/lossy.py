"""What survives a lossy, version-gated store (Google Calendar's CalDAV API), and what it takes.

Google keeps only the properties of its own data model (shared/GOOGLE.md §4): followcal's
X- markers and its X-FOLLOWCAL-HASH stamp do not come back, VALARM descriptions are
rewritten, and an event with no VALARM gets the calendar's default reminder. So on such a
store an event's identity is its UID in followcal's namespace plus the sync state, and a
user's edit is a change of the fields Google keeps (`content_of`), not of the bytes.

Google also refuses an update (409) unless SEQUENCE goes up and DTSTAMP is newer than the
stored one (§3), and deletes an event sent with STATUS:CANCELLED: `for_lossy` writes what it
takes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from icalendar.cal import Component

# Google keeps at most five reminders an event (the Calendar API's overrides limit).
MAX_ALARMS = 5
# The fields followcal writes that Google's data model holds: what an edit is a change of.
KEPT_TEXTS = ("SUMMARY", "DESCRIPTION", "LOCATION", "TRANSP", "CLASS")
# RFC 9074's "no reminder" alarm: without it Google adds the calendar's default reminder.
NO_ALARM_TRIGGER = datetime(1976, 4, 1, 0, 55, 45, tzinfo=UTC)


def content_of(component: Component, kept: Collection[str] | None = None) -> str:
    """A hash of the fields a lossy store keeps, read the same way from what followcal
    means to write and from what the store gives back; only those in `kept` (what
    `followcal sync --probe` found this calendar keeps, "VALARM" for reminders) if given."""
    out: dict[str, Any] = {}
    for name in KEPT_TEXTS:
        if name in component and (kept is None or name in kept):
            out[name] = " ".join(str(component.get(name)).split())
    for name in ("DTSTART", "DTEND"):
        if name in component and (kept is None or name in kept):
            out[name] = _instant(component.decoded(name))
    if kept is None or "VALARM" in kept:
        out["ALARMS"] = sorted(_trigger(a) for a in display_alarms(component))
    text = json.dumps(out, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def display_alarms(component: Component) -> list[Component]:
    """The reminders followcal owns: DISPLAY alarms (an ACTION:NONE alarm is none)."""
    return [
        sub
        for sub in component.subcomponents
        if sub.name == "VALARM" and str(sub.get("ACTION", "")).upper() == "DISPLAY"
    ]


def is_cancelled(component: Component) -> bool:
    return str(component.get("STATUS", "")).upper() == "CANCELLED"


def for_lossy(text: str, *, sequence: int, stamp: datetime) -> str:
    """The iCalendar text to PUT to a version-gated store: SEQUENCE `sequence`, DTSTAMP and
    LAST-MODIFIED `stamp`, at most five DISPLAY alarms, and an explicit "no reminder" when
    the plan has none (or the store adds its default one)."""
    import icalendar

    cal = icalendar.Calendar.from_ical(text)
    for comp in cal.subcomponents:
        if comp.name != "VEVENT":
            continue
        for name in ("SEQUENCE", "DTSTAMP", "LAST-MODIFIED"):
            comp.pop(name, None)
        comp.add("SEQUENCE", sequence)
        comp.add("DTSTAMP", stamp)
        comp.add("LAST-MODIFIED", stamp)
        kept = display_alarms(comp)[:MAX_ALARMS]
        others = [s for s in comp.subcomponents if s.name != "VALARM"]
        comp.subcomponents = others + (kept or [_no_alarm()])
    return str(cal.to_ical().decode("utf-8"))


def next_stamp(now: datetime, stored: datetime | None) -> datetime:
    """DTSTAMP for an update: the real clock, and later than the stored one in any case (a
    clock behind the server's, or two writes within one second)."""
    stamp = now.astimezone(UTC).replace(microsecond=0)
    if stored is not None and stamp <= stored:
        stamp = stored + timedelta(seconds=1)
    return stamp


def stored_stamp(component: Component) -> datetime | None:
    """The later of DTSTAMP and LAST-MODIFIED of a stored event, in UTC."""
    found = []
    for name in ("DTSTAMP", "LAST-MODIFIED"):
        try:
            value = component.decoded(name)
        except (KeyError, ValueError, TypeError):
            continue
        if isinstance(value, datetime):
            found.append(value if value.tzinfo else value.replace(tzinfo=UTC))
    return max(found).astimezone(UTC) if found else None


def _no_alarm() -> Component:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("ACTION", "NONE")
    alarm.add("TRIGGER", NO_ALARM_TRIGGER)
    return alarm


def _instant(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat()  # floating: compared as written
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _trigger(alarm: Component) -> str:
    try:
        value = alarm.decoded("TRIGGER")
    except (KeyError, ValueError, TypeError):
        return ""
    if isinstance(value, timedelta):
        related = str(alarm["TRIGGER"].params.get("RELATED", "START")).upper()
        return f"{related}{int(value.total_seconds())}"
    return _instant(value)
