"""A semantic fingerprint of one calendar component, stable across servers' rewrites.

CalDAV servers store something other than what was PUT: Radicale re-serializes, Nextcloud
repairs, others reorder properties, re-fold lines, change parameter case, bump DTSTAMP and
SEQUENCE or rewrite a time in another zone. So the fingerprint is taken over the parsed
meaning of the component, never its bytes:

- SUMMARY, DESCRIPTION, LOCATION, URL, STATUS, CATEGORIES (as a set), CONTACT (as a set);
- DTSTART, DTEND, DUE as UTC instants (dates stay dates; a DURATION is folded into the end,
  so DTEND and DTSTART+DURATION agree), RRULE in canonical order;
- each VALARM's ACTION, TRIGGER (with RELATED) and DESCRIPTION, as a set;
- the X-FOLLOWCAL-* markers except X-FOLLOWCAL-HASH.

Text has its line endings normalized and trailing whitespace removed. DTSTAMP, SEQUENCE,
LAST-MODIFIED, CREATED, PRODID, property order, parameter case and folding are ignored.
The calendar writer stamps every component with `stamp`; `sync` recomputes the fingerprint of
what is on the server and compares it with the stamped one to tell a user's edit from ours.
"""

from __future__ import annotations

import hashlib
import json
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
_VERSION = "1"

_TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION", "URL")
_SET_PROPERTIES = ("CONTACT",)


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


def _content(comp: Component) -> dict[str, Any]:
    out: dict[str, Any] = {"_": _VERSION, "COMPONENT": comp.name}
    for name in _TEXT_PROPERTIES:
        values = [_text(v) for v in _values(comp, name)]
        if values:
            out[name] = values
    status = [_text(v).upper() for v in _values(comp, "STATUS")]
    if status:
        out["STATUS"] = status
    for name in _SET_PROPERTIES:
        values = sorted(_text(v) for v in _values(comp, name))
        if values:
            out[name] = values
    categories = sorted(
        _text(cat) for value in _values(comp, "CATEGORIES") for cat in _categories(value)
    )
    if categories:
        out["CATEGORIES"] = categories

    start = _first_time(comp, "DTSTART")
    end_name = "DUE" if comp.name == "VTODO" else "DTEND"
    end = _first_time(comp, end_name)
    if end is None:
        duration = _first_raw(comp, "DURATION")
        if isinstance(duration, timedelta) and isinstance(start, (date, datetime)):
            end = start + duration
    if start is not None:
        out["DTSTART"] = _instant(start)
    if end is not None:
        out[end_name] = _instant(end)
    elif (duration := _first_raw(comp, "DURATION")) is not None:
        out["DURATION"] = _instant(duration)

    rrules = [_rrule(v) for v in _values(comp, "RRULE")]
    if rrules:
        out["RRULE"] = sorted(rrules)

    alarms = sorted(
        json.dumps(_alarm(sub), sort_keys=True, ensure_ascii=False)
        for sub in comp.subcomponents
        if sub.name == "VALARM"
    )
    if alarms:
        out["VALARM"] = alarms

    markers = {
        str(key).upper(): sorted(_text(v) for v in _values(comp, str(key)))
        for key in comp
        if str(key).upper().startswith(MARKER_PREFIX) and str(key).upper() != HASH_PROPERTY
    }
    if markers:
        out["MARKERS"] = markers
    return out


def _alarm(alarm: Component) -> dict[str, Any]:
    out: dict[str, Any] = {}
    action = [_text(v).upper() for v in _values(alarm, "ACTION")]
    if action:
        out["ACTION"] = action
    description = [_text(v) for v in _values(alarm, "DESCRIPTION")]
    if description:
        out["DESCRIPTION"] = description
    triggers = _values(alarm, "TRIGGER")
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


def _first_raw(comp: Component, name: str) -> Any:
    values = _values(comp, name)
    if not values:
        return None
    return getattr(values[0], "dt", values[0])


def _first_time(comp: Component, name: str) -> date | datetime | None:
    value = _first_raw(comp, name)
    return value if isinstance(value, (date, datetime)) else None


def _text(value: Any) -> str:
    text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip()


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
