"""The objects sync reasons about: what followcal wants written (`Desired`) and what the
server holds (`Remote`, read once per change and remembered in sync/state.py), with the
rules that say which objects are followcal's and where each one lives."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from followcal.fingerprint import (
    HASH_PROPERTY,
    MAIN_COMPONENTS,
    fingerprint,
    main_component,
    stamped_hash,
)
from followcal.sync.lossy import content_of

if TYPE_CHECKING:
    import icalendar
    from icalendar.cal import Component

UID_SUFFIX = "@followcal"
INTERVIEW_MARKER = "X-FOLLOWCAL-INTERVIEW"


# A copy written under a fresh UID and address: "UUID.gXXXXXXXX@followcal" (see `fresh_uid`).
_GENERATION = re.compile(r"\.g[0-9a-f]{8}(?=@followcal$)")


def base_uid(uid: str) -> str:
    """The step's own UID, whatever generation of it the server holds."""
    return _GENERATION.sub("", uid)


def fresh_uid(uid: str) -> str:
    """A new generation of `uid`: same step, a UID and address no server has seen.

    Nextcloud keeps a deleted object in its trash bin under its UID and address for 30 days
    and refuses to take either back (400 on the UID, or 403 on the third delete of the same
    address, depending on its version): a copy that comes back is written as a new generation.
    """
    return base_uid(uid)[: -len(UID_SUFFIX)] + f".g{secrets.token_hex(4)}" + UID_SUFFIX


def resource_name(uid: str, *, as_uid: bool = False) -> str:
    """The deterministic resource name (last path segment) of the object holding `uid`;
    `as_uid`: exactly `<UID>.ics`, percent-encoded (Google renames or refuses any other)."""
    if as_uid:
        return quote(uid, safe="") + ".ics"
    safe = re.sub(r"[^A-Za-z0-9_.-]", "-", uid)
    if safe != uid:
        safe += "-" + hashlib.sha256(uid.encode("utf-8")).hexdigest()[:10]
    return safe + ".ics"


def is_ours(component: Component) -> bool:
    """Whether followcal made this component (and may change or delete it)."""
    uid = str(component.get("UID", ""))
    return uid.endswith(UID_SUFFIX) and INTERVIEW_MARKER in component


@dataclass
class Desired:
    uid: str
    calendar: icalendar.Calendar
    component: Component
    fingerprint: str
    label: str

    @classmethod
    def of(cls, uid: str, cal: icalendar.Calendar) -> Desired:
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

    def render(self, sequence_above: int | None = None, uid: str | None = None) -> str:
        """The iCalendar text to PUT: stamped, SEQUENCE above `sequence_above` if given,
        under another generation's `uid` if given (the fingerprint ignores the UID)."""
        needs_stamp = stamped_hash(self.component) != self.fingerprint
        sequence = _sequence(self.component)
        needs_sequence = sequence_above is not None and sequence <= sequence_above
        needs_uid = uid is not None and uid != self.uid
        if not needs_stamp and not needs_sequence and not needs_uid:
            return str(self.calendar.to_ical().decode("utf-8"))
        import icalendar

        copy = icalendar.Calendar.from_ical(self.calendar.to_ical())
        comp = main_component(copy)
        if needs_uid:
            comp.pop("UID", None)
            comp.add("UID", uid)
        if needs_stamp:
            comp.pop(HASH_PROPERTY, None)
            comp.add(HASH_PROPERTY, self.fingerprint)
        if needs_sequence and sequence_above is not None:
            comp.pop("SEQUENCE", None)
            comp.add("SEQUENCE", sequence_above + 1)
        return str(copy.to_ical().decode("utf-8"))


@dataclass
class Remote:
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
    # On a lossy store (sync/lossy.py): the kept fields as read now, as read back right after
    # followcal's own last write, and as followcal meant to write them then.
    content: str | None = None
    written: str | None = None
    wrote: str | None = None

    @classmethod
    def parse(
        cls, href: str, etag: str | None, data: str | None, kept: frozenset[str] | None = None
    ) -> Remote:
        """What followcal reads from an object; `kept`: see sync/lossy.py's `content_of`."""
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
        if remote.uid and remote.uid.endswith(UID_SUFFIX) and len(mains) == 1:
            try:  # in followcal's namespace: what a lossy store's identity rules need
                remote.content = content_of(master, kept)
                remote.sequence = _sequence(master)
                remote.start = _start(master)
            except (ValueError, TypeError):
                remote.content = None
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


def starts_before(comp: Component, moment: datetime) -> bool:
    start = _start(comp)
    return start is not None and start < moment


def _sequence(comp: Component) -> int:
    try:
        return int(comp.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def path_of(url: str) -> str:
    """An object's URL as its decoded path: the key that matches one object however a
    server spells its href (absolute or not, percent-encoded or not)."""
    return unquote(urlsplit(url).path)
