"""Reconciliation, pure: what is wanted and what the server holds in, the writes out.

No I/O here: the client lists the calendar into `Remote`s, `make_plan` decides, and the
client carries the plan out. Only objects followcal made are ever changed or deleted: UID
ending in `@followcal` and an `X-FOLLOWCAL-INTERVIEW` property. Each carries
`X-FOLLOWCAL-HASH`, the semantic fingerprint of what followcal wrote; when what is on the
server no longer matches its own stamp, the user edited it, and it is reported as a conflict
and left alone unless `overwrite_edits`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

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
    plan: Plan,
    remotes: Collection[Remote],
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
    deletable = sum(1 for r in remotes if r.ours and not is_history(r, keep_before))
    vanished = sum(
        1
        for op in plan.ops
        if op.kind == "delete" and op.uid not in plan.wanted and op.interview not in interviews
    )
    if vanished and 2 * vanished > deletable:
        return vanished, deletable
    return None


def is_history(remote: Remote, keep_before: datetime | None) -> bool:
    return bool(keep_before and remote.start and remote.start < keep_before)


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

    @classmethod
    def parse(cls, href: str, etag: str | None, data: str | None) -> Remote:
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
class Op:
    kind: Literal["create", "update", "delete"]
    uid: str
    label: str
    href: str
    etag: str | None = None
    desired: Desired | None = None
    sequence_above: int | None = None
    interview: str | None = None


@dataclass
class Plan:
    ops: list[Op] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    wanted: frozenset[str] = frozenset()
    # Left alone as another copy's doing (see `Memory`): events of interviews this copy never
    # had, and steps deleted on the server by someone else (not brought back).
    not_ours_to_delete: int = 0
    not_brought_back: set[str] = field(default_factory=set)  # their UIDs: still remembered
    already_past: int = 0  # not created: their moment passed before the sync ran


@dataclass
class Memory:
    """What this copy synced before (sync/state.py): every interview its file ever had, and
    the steps of its own on the server after its last sync."""

    interviews: frozenset[str]
    steps: frozenset[str]


def make_plan(
    wanted: Mapping[str, Desired],
    remotes: list[Remote],
    calendar_url: str,
    *,
    overwrite_edits: bool,
    keep_before: datetime | None = None,
    interviews: Collection[str] = (),
    memory: Memory | None = None,
    past_before: datetime | None = None,
) -> Plan:
    """The writes that make the calendar match `wanted`.

    With `memory` (this copy synced before), two rules keep two copies of the interviews file
    (two devices) from undoing each other: an event of an interview neither in `interviews`
    nor ever synced by this copy is left alone (another copy added it), and a step this copy
    saw on the server last time that is gone now is not created again (another copy recorded
    it as done, or the user deleted it). `past_before` (the real time, when the run's own
    "now" is earlier) keeps steps already past from being created: history is what happened.
    """
    plan = Plan(wanted=frozenset(wanted))
    by_uid: dict[str, list[Remote]] = {}
    for remote in remotes:
        if remote.uid is not None:
            by_uid.setdefault(base_uid(remote.uid), []).append(remote)
    creates: list[Op] = []
    updates: list[Op] = []
    deletes: list[Op] = []

    def delete_or_keep(remote: Remote, uid: str) -> None:
        if remote.edited and not overwrite_edits:
            plan.conflicts.append(f"{remote.label}: edited on the server, so not deleted")
        else:
            deletes.append(
                Op(
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
            elif memory is not None and uid in memory.steps:
                plan.not_brought_back.add(uid)
            elif past_before is not None and _before(want.component, past_before):
                plan.already_past += 1
            else:
                creates.append(
                    Op("create", uid, want.label, calendar_url + resource_name(uid), desired=want)
                )
            continue
        # Prefer the copy at our own address; any further copies of ours are duplicates.
        ours.sort(key=lambda r: (not r.href.endswith("/" + resource_name(r.uid or uid)), r.href))
        keep, duplicates = ours[0], ours[1:]
        for dup in duplicates:
            delete_or_keep(dup, uid)
        decision = decide(want, keep, overwrite_edits=overwrite_edits)
        if decision == "unchanged":
            plan.unchanged += 1
        elif decision == "conflict":
            plan.conflicts.append(f"{keep.label}: edited on the server, so not overwritten")
        else:
            updates.append(
                Op(
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
            if is_history(remote, keep_before):
                plan.unchanged += 1
            elif (
                memory is not None
                and remote.interview not in interviews
                and remote.interview not in memory.interviews
            ):
                plan.not_ours_to_delete += 1
            else:
                delete_or_keep(remote, uid)
    # Creates before deletes: a sync cut short never leaves fewer events than it found.
    plan.ops = creates + updates + deletes
    return plan


def decide(want: Desired, remote: Remote, *, overwrite_edits: bool) -> str:
    if remote.edited and not overwrite_edits:
        # The user's version wins, even when it happens to match ours.
        return "unchanged" if remote.fingerprint == want.fingerprint else "conflict"
    if remote.edited or remote.fingerprint != want.fingerprint:
        return "update"
    return "unchanged"


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


def _before(comp: Component, moment: datetime) -> bool:
    start = _start(comp)
    return start is not None and start < moment


def _sequence(comp: Component) -> int:
    try:
        return int(comp.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0
