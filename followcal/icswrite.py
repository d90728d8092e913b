"""Serialize icalendar components to the bytes `to_ical()` gives, in a fraction of its time.

icalendar builds each content line (name, parameters, escaped value) well; what is slow is
its folding, a Python loop over every character of every line that encodes each one to
count its octets. Here each line is encoded once and cut at 74-octet boundaries moved back
to the start of a UTF-8 character: one pass per property. The rules copied from icalendar
7.3 (`icalendar.parser.string._foldline`) are pinned by tests that compare the two outputs
byte for byte, over the samples and over arbitrary text:

- a physical line holds at most 74 octets (the continuation's leading space not counted);
- a line is never cut inside a character;
- a line is never cut just after a backslash or a caret, so that a TEXT escape (`\\,`) or
  an RFC 6868 parameter escape (`^n`) stays whole: the cut moves one octet back.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from icalendar.cal.component import Component

LINE_OCTETS = 74  # icalendar folds before the octet that would make a line 75 octets long
_ESCAPES = b"\\^"
_CONTINUATION = 0x80  # a UTF-8 byte 10xxxxxx continues the character before it


def fold(line: str) -> bytes:
    """One content line, UTF-8 encoded and folded, without its final CRLF."""
    data = line.encode("utf-8")
    size = len(data)
    if size <= LINE_OCTETS:
        return data
    pieces = []
    start = 0
    while size - start > LINE_OCTETS:
        end = start + LINE_OCTETS
        while data[end] & 0xC0 == _CONTINUATION:
            end -= 1
        if data[end - 1] in _ESCAPES:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def serialize(component: Component | Record) -> bytes:
    """The same bytes as `component.to_ical()`: its content lines (and its subcomponents')."""
    if isinstance(component, Record):
        return component.to_ical()
    lines = [fold(line) for line in component.content_lines() if line]
    lines.append(b"")
    return b"\r\n".join(lines)


def iter_serialized(
    calendar: Component, components: Iterable[Component | Record]
) -> Iterator[bytes]:
    """`calendar` as if `components` had been added to it last, serialized, in pieces: the
    calendar's head, each component, the closing line.

    Each component is turned into bytes as it arrives, so a caller that builds them in a
    generator and writes the pieces out as they come never holds the whole calendar: the
    objects of a large calendar cost many times its bytes, and its bytes are 100 MB at
    50,000 events.
    """
    lines = [line for line in calendar.content_lines() if line]
    closing = lines.pop()  # END:VCALENDAR
    yield b"\r\n".join(fold(line) for line in lines) + b"\r\n"
    for component in components:
        yield serialize(component)
    yield fold(closing) + b"\r\n"


# -- components written straight to content lines -----------------------------------------


def escape_text(text: str) -> str:
    """A TEXT value escaped as icalendar's vText does it (same replacements, same order)."""
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


@dataclass(frozen=True)
class Categories:
    """A CATEGORIES value: several names on one line (read like icalendar's vCategory)."""

    cats: tuple[str, ...]


@dataclass(frozen=True)
class WithParameters:
    """A value with parameters (read like an icalendar property: `.dt`, `.params`)."""

    dt: object
    params: Mapping[str, str]


class Record:
    """A VEVENT, VTODO or VALARM built like an icalendar Component (`add`, `add_component`)
    but kept as plain Python values and written straight to content lines.

    It skips what makes a large calendar slow in icalendar (a typed object per value, then
    a content-line object per property) and gives the same bytes: the property order is
    icalendar's (each component class's `canonical_order`, then alphabetical), TEXT is
    escaped as vText escapes it, and tests/test_icswrite.py compares the two, byte for
    byte, over whole calendars. `followcal.fingerprint` reads it as it reads a Component.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.properties: dict[str, list[object]] = {}
        self.subcomponents: list[Record] = []

    def add(self, name: str, value: object, parameters: Mapping[str, str] | None = None) -> None:
        if isinstance(value, list):
            value = Categories(tuple(value))
        if parameters:
            value = WithParameters(value, dict(parameters))
        self.properties.setdefault(name.upper(), []).append(value)

    def add_component(self, component: Record) -> None:
        self.subcomponents.append(component)

    def get(self, name: str, default: object = None) -> object:
        values = self.properties.get(name.upper())
        if values is None:
            return default
        return values if len(values) > 1 else values[0]

    def pop(self, name: str, default: object = None) -> object:
        values = self.properties.pop(name.upper(), None)
        if values is None:
            return default
        return values if len(values) > 1 else values[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self.properties)

    def value_lists(self) -> dict[str, list[object]]:
        """Each property's values by upper-case name: what `followcal.fingerprint` reads
        (an icalendar Component has no such method, and is read name by name)."""
        return self.properties

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.upper() in self.properties

    def to_ical(self) -> bytes:
        lines: list[bytes] = []
        self._write(lines)
        lines.append(b"")
        return b"\r\n".join(lines)

    def _write(self, lines: list[bytes]) -> None:
        lines.append(f"BEGIN:{self.name}".encode())
        for name in _sorted_names(self.name, self.properties):
            for value in self.properties[name]:
                lines.append(fold(_content_line(name, value)))
        for component in self.subcomponents:
            component._write(lines)
        lines.append(f"END:{self.name}".encode())


def _sorted_names(component: str, names: Iterable[str]) -> list[str]:
    order = _canonical_order(component)
    head = sorted((name for name in names if name in order), key=order.index)
    return head + sorted(name for name in names if name not in order)


@functools.cache
def _canonical_order(component: str) -> tuple[str, ...]:
    from icalendar.cal.component import Component

    order: tuple[str, ...] | None = Component.get_component_class(component).canonical_order
    return order or ()


@functools.cache
def _value_kind(name: str) -> str:
    """How icalendar writes `name`'s value: escaped TEXT, or verbatim (URI, X- names)."""
    from icalendar.prop import TypesFactory, vText

    kind = TypesFactory.instance().for_property(name)
    return "text" if issubclass(kind, vText) else "other"


def _content_line(name: str, value: object) -> str:
    parameters = ""
    if isinstance(value, WithParameters):
        parameters = _parameters(tuple(sorted(value.params.items())))
        value = value.dt
    if isinstance(value, str):
        text = escape_text(value) if _value_kind(name) == "text" else value
    elif isinstance(value, Categories):
        text = ",".join(escape_text(category) for category in value.cats)
    elif isinstance(value, bool):
        raise TypeError(f"{name}: no boolean properties here")
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, datetime):
        text = f"{value:%Y%m%dT%H%M%S}"
        if value.tzinfo is UTC:
            text += "Z"
        elif isinstance(value.tzinfo, ZoneInfo):
            parameters += _parameters((("TZID", value.tzinfo.key),))
        else:
            raise TypeError(f"{name}: a time in UTC or with a ZoneInfo zone, not {value!r}")
    elif isinstance(value, timedelta):
        text = _duration(value)
    else:
        raise TypeError(f"{name}: cannot write a {type(value).__name__}")
    return f"{name}{parameters}:{text}"


@functools.cache
def _parameters(items: tuple[tuple[str, str], ...]) -> str:
    from icalendar.parser import Parameters

    text: bytes = Parameters(dict(items)).to_ical()
    return ";" + text.decode("utf-8")


@functools.cache
def _duration(value: timedelta) -> str:
    from icalendar.prop import vDuration

    text: bytes = vDuration(value).to_ical()  # type: ignore[no-untyped-call]
    return text.decode("ascii")
