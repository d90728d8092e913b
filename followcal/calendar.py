"""Drafted actions -> iCalendar: VEVENTs (or VTODOs) with one alarm, plus their VTIMEZONEs.

The rules behind every property are in shared/COMPAT.md; the short version: stable UIDs,
no floating times, VTIMEZONEs every parser reads alike, no ATTENDEE/ORGANIZER, plain text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal, overload

from followcal import __version__
from followcal.entries import TOPIC_EXAMPLE
from followcal.labels import summary
from followcal.messages import (
    DraftedAction,
    contact_phone,
    long_date,
    message_topic,
    postal_address,
)
from followcal.model import Action
from followcal.names import display_name, guessed_in_full, job_title
from followcal.text import ics_text

if TYPE_CHECKING:
    from icalendar import Calendar, Component, Timezone

    from followcal.icswrite import Record

PRODID = f"-//followcal//followcal {__version__}//EN"
# What marks a calendar file as ours, whatever version wrote it (`fileio.check_ours`).
CALENDAR_START = b"BEGIN:VCALENDAR"
CALENDAR_MARK = b"PRODID:-//followcal//"
DEFAULT_CALENDAR_NAME = "Job follow-ups"
GOOGLE_IMPORT_LIMIT = 1_000_000  # bytes; Google's import refuses larger files


def description(item: DraftedAction) -> str:
    action, draft = item.action, item.draft
    interview = action.interview
    lines = [draft.text, ""]
    if action.step.is_outreach:
        lines.append("-- Contact --")
        for contact in action.contacts:
            lines.append(", ".join(p for p in (display_name(contact), job_title(contact)) if p))
            if contact.email:
                lines.append(f"Email: {contact.email}")
            phone = contact_phone(contact, interview)
            if phone:
                lines.append(f"Phone: {phone[0]}")
            if guessed_in_full(contact):
                lines.append(
                    f'Greeted as "{display_name(contact)}": the given name is not clear from '
                    "the name, so add `salutation` with what to call them."
                )
        if action.step.channel in ("letter", "card"):
            address = postal_address(action)
            if address:
                lines.append("Postal address: " + ", ".join(address))
            else:
                lines.append(
                    # No file path: event text reaches servers and phones, and the same
                    # file synced by another path would rewrite every such event.
                    f"No postal address: add `address` to {interview.id} in your interviews "
                    "file (or to the contact) before posting this."
                )
        if draft.link:
            # Google ignores URL, so the link is repeated here where every client shows it.
            verb = "Call" if draft.link.startswith("tel:") else "Send it"
            lines += ["", f"{verb}: {draft.link}"]
        if not message_topic(action):
            lines += [
                "",
                "Tip: a `topic` on this interview (a phrase like "
                f'"{TOPIC_EXAMPLE}") makes the message more personal.',
            ]
        lines.append("")
    if action.flag:
        lines.append(f"Check the time: {action.flag}.")
    if action.reason:
        lines.append(f"Timing: {action.reason}.")
    if interview.notes:
        if lines[-1]:
            lines.append("")
        # The candidate's own notes: here to read before acting, never part of a message.
        lines += ["-- Your private notes (not in the message) --", interview.notes.strip(), ""]
    lines.append(
        f"Interview: {interview.role} at {interview.company}, "
        f"{long_date(interview.start.date())} {interview.start:%H:%M} ({interview.timezone})"
    )
    if action.number:
        lines.append(f"Follow-up {action.number} of {action.of}. Made by followcal.")
    else:
        lines.append("Made by followcal.")
    return "\n".join(lines)


@overload
def _component(
    item: DraftedAction, as_todos: bool, stamp: datetime, utc: bool, plain: Literal[False] = False
) -> Component: ...
@overload
def _component(
    item: DraftedAction, as_todos: bool, stamp: datetime, utc: bool, plain: Literal[True]
) -> Record: ...
def _component(
    item: DraftedAction, as_todos: bool, stamp: datetime, utc: bool, plain: bool = False
) -> Component | Record:
    """The action's VEVENT or VTODO: an icalendar Component, or where `plain` the Record
    that writes the same bytes much faster (for a file, where nothing reads it back)."""
    action = item.action
    # Done or cancelled: kept only so that a client honouring updates removes the reminder.
    retired = action.retired
    start = action.start.astimezone(UTC) if utc else action.start
    end = action.end.astimezone(UTC) if utc else action.end
    component: Component | Record
    if plain:
        from followcal.icswrite import Record

        component = Record("VTODO" if as_todos else "VEVENT")
    else:
        from icalendar import Event, Todo

        component = Todo() if as_todos else Event()
    component.add("uid", action.uid)
    component.add("dtstamp", stamp)
    component.add("sequence", 1 if retired else 0)
    prefix = "Done: " if action.done else "Cancelled: " if action.cancelled else ""
    component.add("summary", ics_text(prefix + summary(action)))
    if as_todos:
        # A task is due at the moment to act; task apps sort and remind by DUE.
        component.add("due", start)
        if action.done:
            component.add("status", "COMPLETED")
            component.add("completed", action.interview.sent[action.step.id].astimezone(UTC))
        else:
            component.add("status", "CANCELLED" if retired else "NEEDS-ACTION")
    else:
        component.add("dtstart", start)
        component.add("dtend", end)
        component.add("transp", "TRANSPARENT")
        if retired:
            component.add("status", "CANCELLED")
    component.add("class", "PRIVATE")
    component.add("description", ics_text(description(item), multiline=True))
    kind = ics_text(action.step.kind.replace("-", " ").title())
    component.add("categories", ["Job search", kind])
    if action.step.is_outreach:
        for contact in action.contacts:
            phone = contact_phone(contact, action.interview)
            details = (display_name(contact), job_title(contact), contact.email, phone and phone[0])
            component.add("contact", ics_text(", ".join(p for p in details if p)))
    if item.draft.link:
        component.add("url", ics_text(item.draft.link))
    component.add("x-followcal-interview", ics_text(action.interview.id))
    component.add("x-followcal-step", ics_text(action.step.kind))
    component.add("x-followcal-channel", ics_text(action.step.channel))
    if not retired:
        # Record into Record, Component into Component: the one `plain` decides both.
        component.add_component(_alarm(action, as_todos, plain))  # type: ignore[arg-type]

    from followcal.fingerprint import stamp as stamp_fingerprint

    stamp_fingerprint(component)  # type: ignore[arg-type]  # a Record reads like a Component
    return component


def _alarm(action: Action, as_todos: bool, plain: bool) -> Component | Record:
    alarm: Component | Record
    if plain:
        from followcal.icswrite import Record

        alarm = Record("VALARM")
    else:
        from icalendar import Alarm

        alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", ics_text(summary(action)))
    trigger = -timedelta(minutes=action.alarm_minutes)
    if as_todos:
        # Relative to DUE, which RFC 5545 spells RELATED=END for a VTODO.
        alarm.add("trigger", trigger, parameters={"RELATED": "END"})
    else:
        alarm.add("trigger", trigger)
    return alarm


def _timezones(items: Sequence[DraftedAction]) -> tuple[dict[str, Timezone], set[str]]:
    """A VTIMEZONE per zone in use; zones whose rules can't be written go out as UTC."""
    from followcal.timezones import build_vtimezone

    instants: dict[str, list[datetime]] = defaultdict(list)
    for item in items:
        action = item.action
        instants[action.interview.timezone] += [action.start, action.end]
    vtimezones: dict[str, Timezone] = {}
    as_utc: set[str] = set()
    for tzid in sorted(instants):
        if tzid == "UTC":
            as_utc.add(tzid)
            continue
        vtimezone = build_vtimezone(tzid, instants[tzid])
        if vtimezone is None:
            as_utc.add(tzid)
        else:
            vtimezones[tzid] = vtimezone
    return vtimezones, as_utc


def _new_calendar(name: str | None) -> Calendar:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if name is not None:
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", ics_text(name))
    return calendar


def calendar_chunks(
    items: Sequence[DraftedAction], *, now: datetime, as_todos: bool, name: str
) -> Iterator[bytes]:
    """One .ics file holding every action, in pieces, each event's made as it is needed:
    written out as they come, a calendar of any size takes little more memory than its
    drafts. The same input and `now` give the same bytes."""
    from followcal.icswrite import iter_serialized

    stamp = now.astimezone(UTC).replace(microsecond=0)
    vtimezones, as_utc = _timezones(items)
    calendar = _new_calendar(name)
    for tzid in sorted(vtimezones):
        calendar.add_component(vtimezones[tzid])

    def components() -> Iterator[Record]:
        for item in items:
            utc = item.action.interview.timezone in as_utc
            yield _component(item, as_todos, stamp, utc, plain=True)

    # The same bytes as calendar.to_ical() with every component added, in a fraction of the
    # time and memory (tests/test_icswrite.py compares them).
    return iter_serialized(calendar, components())


def build_objects(
    items: Sequence[DraftedAction], *, now: datetime, as_todos: bool
) -> dict[str, Calendar]:
    """One VCALENDAR per action (no METHOD, its own VTIMEZONE), keyed by UID, for CalDAV."""
    stamp = now.astimezone(UTC).replace(microsecond=0)
    vtimezones, as_utc = _timezones(items)
    objects: dict[str, Calendar] = {}
    for item in items:
        tzid = item.action.interview.timezone
        calendar = _new_calendar(None)
        if tzid in vtimezones:
            calendar.add_component(vtimezones[tzid])
        calendar.add_component(_component(item, as_todos, stamp, tzid in as_utc))
        objects[item.action.uid] = calendar
    return objects
