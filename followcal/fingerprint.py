"""A semantic fingerprint of one calendar component, stable across servers' rewrites.

CalDAV servers store something other than what was PUT: Radicale re-serializes, Nextcloud
repairs, others reorder properties, re-fold lines, change parameter case, bump DTSTAMP and
SEQUENCE or rewrite a time in another zone. So the fingerprint is taken over the parsed
meaning of the component, never its bytes:

- SUMMARY, DESCRIPTION, LOCATION, URL, ORGANIZER, STATUS, CLASS, TRANSP, PRIORITY,
  PERCENT-COMPLETE; CATEGORIES, CONTACT, COMMENT and ATTENDEE as sets;
- DTSTART, DTEND, DUE, COMPLETED as UTC instants (dates stay dates; a DURATION is folded into
  the end, so DTEND and DTSTART+DURATION agree), RRULE in canonical order, EXDATE and RDATE as
  sets of instants;
- each VALARM's ACTION, TRIGGER (with RELATED) and DESCRIPTION, as a set;
- the X-FOLLOWCAL-* markers except X-FOLLOWCAL-HASH;
- the names of all the component's properties but the volatile ones (below), so that a
  property a client adds (a task ticked done, a note, a geo position) changes it too.

Text has its line endings normalized and trailing whitespace removed. DTSTAMP, SEQUENCE,
LAST-MODIFIED, CREATED, PRODID, property order, parameter case and folding are ignored, and
so are the bookkeeping properties servers and clients add without anyone editing the event
(`_VOLATILE`: Radicale's X-RADICALE-NAME, Thunderbird's alarm acknowledgements, libical's
X-LIC-ERROR). The calendar writer stamps every component with `stamp`; `sync` recomputes the
fingerprint of what is on the server and compares it with the stamped one to tell a user's
edit from ours.

A component with a property icalendar cannot read (`DTSTART:garbage`) makes `fingerprint`
raise ValueError (icalendar's BrokenCalendarProperty): it has no meaning to fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # icalendar costs ~55 ms to import; callers have already paid for it
    from icalendar.cal import Component

HASH_PROPERTY = "X-FOLLOWCAL-HASH"
MARKER_PREFIX = "X-FOLLOWCAL-"
MAIN_COMPONENTS = ("VEVENT", "VTODO", "VJOURNAL")
# Part of every fingerprint. Changing what goes into a fingerprint changes every stamp's meaning:
# each object already on a server would then look edited by its user (a conflict), so such a
# change needs a migration in sync (accept the old recipe's stamp, re-stamp), not just a bump.
# Version 1 never shipped (0.1.0 is unreleased), so version 2 needs none.
_VERSION = "2"

_DATE_LIST_PROPERTIES = ("EXDATE", "RDATE")
# Properties whose change is not an edit: rewritten by servers and clients on their own.
_VOLATILE = frozenset(
    {
        "DTSTAMP",
        "LAST-MODIFIED",
        "CREATED",
        "SEQUENCE",
        HASH_PROPERTY,
        "X-RADICALE-NAME",  # Radicale (2.x) records the resource name in the object
        "X-LIC-ERROR",  # libical-based servers note what they could not parse
        "X-MOZ-GENERATION",  # Thunderbird: a write counter
        "X-MOZ-LASTACK",  # Thunderbird: when an alarm was dismissed
        "X-MOZ-SNOOZE-TIME",  # Thunderbird: a snoozed alarm
    }
)
_VOLATILE_PREFIXES = ("X-MOZ-SNOOZE-TIME-",)  # per-occurrence snoozes of a recurring event


def main_component(component: Component) -> Component:
    """The VEVENT/VTODO/VJOURNAL itself: `component` if it is one, else the first inside it."""
    if component.name in MAIN_COMPONENTS:
        return component
    for sub in component.subcomponents:
        if sub.name in MAIN_COMPONENTS:
            return sub
    raise ValueError(f"no VEVENT, VTODO or VJOURNAL in {component.name}")


def fingerprint(component: Component) -> str:
    """The sha256 hex digest of `component`'s semantic content (see the module docstring).

    A VCALENDAR is fingerprinted by its (first) VEVENT/VTODO/VJOURNAL.
    """
    content = _content(main_component(component))
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def stamp(component: Component) -> None:
    """Set X-FOLLOWCAL-HASH on `component` (or on every VEVENT/VTODO inside a VCALENDAR)."""
    targets = (
        [component]
        if component.name in MAIN_COMPONENTS
        else [c for c in component.subcomponents if c.name in MAIN_COMPONENTS]
    )
    if not targets:
        raise ValueError(f"no VEVENT, VTODO or VJOURNAL in {component.name}")
    for target in targets:
        value = fingerprint(target)
        target.pop(HASH_PROPERTY, None)
        target.add(HASH_PROPERTY, value)


def stamped_hash(component: Component) -> str | None:
    """The X-FOLLOWCAL-HASH a component carries, or None."""
    values = _values(main_component(component), HASH_PROPERTY)
    return _text(values[0]) if values else None


# -- normalization ---------------------------------------------------------------------------
#
# `_content` reads each property the component has once, through a table of what its value
# means (`_FIELDS`), rather than asking for every property it knows: a followcal event has
# about twelve, the table about twenty. A `Record` (generate's plain event) hands over its
# own value lists, so stamping one costs a pass over its values, not a lookup per name.


def _content(comp: Component) -> dict[str, Any]:
    properties = _properties(comp)
    out: dict[str, Any] = {"_": _VERSION, "COMPONENT": comp.name}
    for name, values in properties.items():
        field = _FIELDS.get(name)
        if field is not None and values:
            field(out, name, values)
    end_name = _add_span(out, comp.name, properties)
    _add_recurrence(out, properties)
    _add_alarms(out, comp)
    _add_markers(out, properties)
    out["PROPERTIES"] = _property_names(out, properties, end_name)
    return out


def _properties(comp: Component) -> dict[str, list[Any]]:
    """Each property's values by upper-case name, as lists (one per content line)."""
    own = getattr(comp, "value_lists", None)
    if own is not None:  # a followcal Record: already upper-case names and value lists
        found: dict[str, list[Any]] = own()
        return found
    return {str(key).upper(): _values(comp, str(key)) for key in comp}


def _texts(out: dict[str, Any], name: str, values: list[Any]) -> None:
    out[name] = [_text(v) for v in values]


def _keywords(out: dict[str, Any], name: str, values: list[Any]) -> None:
    keywords = [_text(v).upper() for v in values]
    if not (name == "CLASS" and keywords == ["PUBLIC"]):  # the default (RFC 5545): SOGo adds it
        out[name] = keywords


def _integers(out: dict[str, Any], name: str, values: list[Any]) -> None:
    out[name] = [_integer(v) for v in values]


def _text_set(out: dict[str, Any], name: str, values: list[Any]) -> None:
    out[name] = sorted(_text(v) for v in values)


def _attendees(out: dict[str, Any], name: str, values: list[Any]) -> None:
    out[name] = sorted(_address(v) for v in values)


def _category_set(out: dict[str, Any], name: str, values: list[Any]) -> None:
    categories = sorted(_text(cat) for value in values for cat in _categories(value))
    if categories:
        out[name] = categories


_Field = Callable[[dict[str, Any], str, list[Any]], None]
_FIELDS: dict[str, _Field] = {
    **dict.fromkeys(("SUMMARY", "DESCRIPTION", "LOCATION", "URL", "ORGANIZER"), _texts),
    **dict.fromkeys(("STATUS", "CLASS", "TRANSP"), _keywords),  # case-insensitive values
    **dict.fromkeys(("PRIORITY", "PERCENT-COMPLETE"), _integers),
    **dict.fromkeys(("CONTACT", "COMMENT"), _text_set),
    "ATTENDEE": _attendees,
    "CATEGORIES": _category_set,
}


def _add_span(out: dict[str, Any], kind: str | None, properties: dict[str, list[Any]]) -> str:
    """DTSTART, the end (DTEND, or DUE for a task) and COMPLETED as instants; a DURATION is
    folded into the end. Returns the end's name."""
    start = _first_time(properties, "DTSTART")
    end_name = "DUE" if kind == "VTODO" else "DTEND"
    end = _first_time(properties, end_name)
    duration = _first_raw(properties, "DURATION")
    if end is None:
        end = _implied_end(kind, start, duration)
    if start is not None:
        out["DTSTART"] = _instant(start)
    if end is not None:
        out[end_name] = _instant(end)
    elif duration is not None:
        out["DURATION"] = _instant(duration)
    completed = _first_time(properties, "COMPLETED")
    if completed is not None:
        out["COMPLETED"] = _instant(completed)
    return end_name


def _implied_end(kind: str | None, start: date | None, duration: Any) -> date | None:
    """The end a component without DTEND/DUE has: its start plus its DURATION, or for a
    VEVENT on a date without one, the next day (RFC 5545 3.6.1; SOGo writes it out)."""
    if isinstance(duration, timedelta) and isinstance(start, date):
        return start + duration
    if (
        duration is None
        and kind == "VEVENT"
        and isinstance(start, date)
        and not isinstance(start, datetime)
    ):
        return start + timedelta(days=1)
    return None


def _add_recurrence(out: dict[str, Any], properties: dict[str, list[Any]]) -> None:
    """RRULE in canonical order; EXDATE and RDATE as sets of instants."""
    rrules = [_rrule(v) for v in properties.get("RRULE", ())]
    if rrules:
        out["RRULE"] = sorted(rrules)
    for name in _DATE_LIST_PROPERTIES:
        instants = _date_list(properties.get(name, ()))
        if instants:
            out[name] = instants


def _add_alarms(out: dict[str, Any], comp: Component) -> None:
    alarms = sorted(
        json.dumps(_alarm(sub), sort_keys=True, ensure_ascii=False)
        for sub in comp.subcomponents
        if sub.name == "VALARM"
    )
    if alarms:
        out["VALARM"] = alarms


def _add_markers(out: dict[str, Any], properties: dict[str, list[Any]]) -> None:
    markers = {
        name: sorted(_text(v) for v in values)
        for name, values in properties.items()
        if name.startswith(MARKER_PREFIX) and name != HASH_PROPERTY
    }
    if markers:
        out["MARKERS"] = markers


def _property_names(
    out: dict[str, Any], properties: dict[str, list[Any]], end_name: str
) -> list[str]:
    """Which properties there are, so that one nobody above looks at still counts when added
    or removed. The end is left out: DTEND and DURATION are one meaning (folded in above)."""
    return sorted(
        name
        for name in properties
        if name not in (end_name, "DURATION")
        and not _is_volatile(name)
        and not (name == "CLASS" and "CLASS" not in out)  # CLASS:PUBLIC, the default
    )


def _is_volatile(name: str) -> bool:
    return name in _VOLATILE or name.startswith(_VOLATILE_PREFIXES)


def _alarm(alarm: Component) -> dict[str, Any]:
    properties = _properties(alarm)
    out: dict[str, Any] = {}
    action = [_text(v).upper() for v in properties.get("ACTION", ())]
    if action:
        out["ACTION"] = action
    description = [_text(v) for v in properties.get("DESCRIPTION", ())]
    if description:
        out["DESCRIPTION"] = description
    triggers = properties.get("TRIGGER")
    if triggers:
        trigger = triggers[0]
        value = getattr(trigger, "dt", trigger)
        related = str(getattr(trigger, "params", {}).get("RELATED", "START")).upper()
        out["TRIGGER"] = [_instant(value), related if isinstance(value, timedelta) else None]
    return out


def _values(comp: Component, name: str) -> list[Any]:
    value = comp.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _first_raw(properties: dict[str, list[Any]], name: str) -> Any:
    values = properties.get(name)
    if not values:
        return None
    return getattr(values[0], "dt", values[0])


def _first_time(properties: dict[str, list[Any]], name: str) -> date | datetime | None:
    value = _first_raw(properties, name)
    return value if isinstance(value, (date, datetime)) else None


def _text(value: Any) -> str:
    """Line endings as "\\n", no whitespace at the end of a line or of the text."""
    text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip()


def _integer(value: Any) -> str:
    """An integer's canonical text ("01" and "1" agree); other text as it is."""
    text = _text(value)
    try:
        return str(int(text))
    except ValueError:
        return text


def _address(value: Any) -> str:
    """A calendar address (ATTENDEE): the "mailto:" scheme's case is not meaningful."""
    text = _text(value)
    if text[:7].lower() == "mailto:":
        return "mailto:" + text[7:]
    return text


def _date_list(values: Iterable[Any]) -> list[str]:
    """EXDATE or RDATE, however many lines they come in, as a sorted set of instants."""
    found: set[str] = set()
    for value in values:
        dts = getattr(value, "dts", None)
        for item in dts if dts is not None else [value]:
            when = getattr(item, "dt", item)
            if isinstance(when, tuple):  # a PERIOD: (start, end or duration)
                found.add("/".join(_instant(part) for part in when))
            else:
                found.add(_instant(when))
    return sorted(found)


def _categories(value: Any) -> list[Any]:
    cats = getattr(value, "cats", None)
    if cats is not None:
        return list(cats)
    return [part for part in str(value).split(",") if part]


def _instant(value: Any) -> str:
    """A canonical string for a date, a datetime (as a UTC instant) or a duration."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return "floating:" + value.strftime("%Y%m%dT%H%M%S")
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    if isinstance(value, timedelta):
        return f"{int(value.total_seconds())}s"
    return _text(value)


def _rrule(value: Any) -> str:
    """RRULE parts in a canonical order, values upper-cased, UNTIL as a UTC instant."""
    parts: list[str] = []
    items = value.items() if hasattr(value, "items") else []
    for key, raw in sorted(items, key=lambda kv: str(kv[0]).upper()):
        seq = raw if isinstance(raw, (list, tuple)) else [raw]
        rendered = [_instant(v) if isinstance(v, (date, datetime)) else str(v).upper() for v in seq]
        parts.append(f"{str(key).upper()}={','.join(rendered)}")
    if not parts:  # not a parsed vRecur: fall back on its text
        return _text(value.to_ical() if hasattr(value, "to_ical") else value).upper()
    return ";".join(parts)
