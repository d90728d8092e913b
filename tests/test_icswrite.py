"""The fast writer gives icalendar's own bytes, and the four parsers read them unchanged."""

from __future__ import annotations

import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Event

from followcal.calendar import GOOGLE_IMPORT_LIMIT, PRODID, build_objects
from followcal.config import load_config
from followcal.drafting import make_environment
from followcal.fingerprint import stamp
from followcal.icswrite import Record, fold, iter_serialized, serialize
from followcal.messages import DraftedAction, draft_actions
from followcal.pipeline import RunOptions, prepare
from followcal.text import ics_text
from tests.helpers import interview, plan_for, whole_calendar
from tests.oracles import assert_parsers_agree
from tests.test_calendar import ENV, ME, ics_for

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

# Text that stresses folding and escaping: multi-byte and non-BMP characters, combining marks,
# line breaks of every kind, the characters TEXT escapes, and the caret of RFC 6868.
_TRICKY = st.sampled_from(
    [
        *("\r\n", "\r", "\n", ",", ";", "\\", "\\n", "^", '"', ":", " ", "\t", "\x00", "\x85"),
        *("é", "e\u0301", "\u0301", "ß", "中文", "\u200b", "\u2028"),
        *("\U0001f600", "\U0001f469\U0001f3fd\u200d\U0001f4bb", "\U0001d518"),  # non-BMP
    ]
)
_ANY = st.characters(blacklist_categories=("Cs",))  # lone surrogates are not text in UTF-8
TEXT = st.lists(st.one_of(_TRICKY, st.text(_ANY, max_size=40)), max_size=30).map("".join)


def _old_clean_text(text: str) -> str:
    """clean_text as it was (a loop over unicodedata.category): the reference."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


@given(TEXT)
def test_clean_text_matches_the_per_character_reference(text: str) -> None:
    assert ics_text(text, multiline=True) == _old_clean_text(text)
    assert ics_text(text) == _old_clean_text(text).replace("\n", " ")


def test_clean_text_drops_every_control_character_but_the_newline() -> None:
    controls = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc")
    # \t became a space, \n stayed, the lone \r became \n, the rest are gone
    assert ics_text(f"a{controls}b", multiline=True) == "a \n\nb"
    assert ics_text(f"a{controls}b") == "a   b"


@given(TEXT)
def test_a_text_property_is_byte_for_byte_icalendars(text: str) -> None:
    event = Event()
    event.add("summary", text)
    event.add("description", text, parameters={"ALTREP": text.replace('"', "") or "x"})
    # icalendar writes an X- property as it is, unescaped: it must hold no line break
    event.add("x-followcal-interview", " ".join(text.splitlines()).replace("\r", ""))
    event.add("categories", [text or "x", "Job search"])
    alarm = Alarm()
    alarm.add("description", "\\" * 80 + text)
    alarm.add("trigger", -timedelta(minutes=15), parameters={"RELATED": "END"})
    event.add_component(alarm)
    assert serialize(event) == event.to_ical()


@given(st.integers(0, 200), st.sampled_from(["a", "\\", "^", "é", "中", "😀", "\u0301"]))
def test_folding_at_every_boundary_is_icalendars(prefix: int, char: str) -> None:
    """Each character at each position around the 74-octet cut, runs of escapes included."""
    event = Event()
    for tail in range(6):
        event.add("comment", "x" * prefix + char * tail + "y" * (80 - tail))
        event.add("comment", char * (prefix + tail))
    assert serialize(event) == event.to_ical()


def test_fold_keeps_lines_within_75_octets_and_characters_whole() -> None:
    line = "DESCRIPTION:" + "é😀\\," * 100
    folded = fold(line)
    assert folded.replace(b"\r\n ", b"").decode("utf-8") == line
    assert max(len(part) for part in folded.split(b"\r\n")) <= 75
    assert fold("SHORT:text") == b"SHORT:text"


def _reference_calendar(*interviews_: object, as_todos: bool = False) -> bytes:
    """The whole calendar built the plain way: the calendar head, then every zone's VTIMEZONE
    and every event as icalendar objects (sync's, from build_objects), then to_ical()."""
    items = draft_actions(plan_for(*interviews_, profile="persistent"), ENV, ME)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Job follow-ups")
    objects = build_objects(items, now=NOW, as_todos=as_todos)
    zones = {str(zone["TZID"]): zone for obj in objects.values() for zone in obj.walk("VTIMEZONE")}
    for tzid in sorted(zones):
        calendar.add_component(zones[tzid])
    for item in items:
        (main,) = (c for c in objects[item.action.uid].subcomponents if c.name != "VTIMEZONE")
        calendar.add_component(main)
    data: bytes = calendar.to_ical()
    return data


def test_whole_calendars_are_byte_for_byte_icalendars() -> None:
    entries = (
        interview(notes="l'équipe à Zürich 🚀; a, b\\c " * 5),
        interview(id="tokyo", zone="Asia/Tokyo", company="Kaisha, K.K."),
        interview(id="utc", zone="UTC"),
    )
    for as_todos in (False, True):
        items = draft_actions(plan_for(*entries, profile="persistent"), ENV, ME)
        ours = whole_calendar(items, now=NOW, as_todos=as_todos, name="Job follow-ups")
        assert ours == _reference_calendar(*entries, as_todos=as_todos)


def test_the_serialized_pieces_add_components_last() -> None:
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    events = []
    for n in range(3):
        event = Event()
        event.add("uid", f"{n}@test")
        event.add("summary", "ä" * 100)
        events.append(event)
    data = b"".join(iter_serialized(calendar, iter(events)))
    for event in events:
        calendar.add_component(event)
    assert data == calendar.to_ical()


@pytest.mark.server  # node's ical.js, or a server it starts
def test_the_four_parsers_read_the_fast_writers_output_unchanged() -> None:
    data = ics_for(
        interview(notes="Zoë's 🚀 team; commas, and \\ backslashes " * 4),
        interview(id="sydney", zone="Australia/Sydney", when="2026-04-02T10:00"),
        profile="persistent",
    )
    instants = assert_parsers_agree(data)
    assert instants
    parsed = Calendar.from_ical(data)
    assert parsed.to_ical() == data  # icalendar reads it and writes the very same bytes


def _sample_run() -> tuple[list[DraftedAction], bytes]:
    run = prepare(
        RunOptions(inputs=(ROOT / "samples",), now="2026-11-25T08:00", tz="UTC"), load_config()
    )
    items = run.drafts(run.calendar_actions)
    return items, whole_calendar(items, now=run.now, as_todos=False, name="Job follow-ups")


def test_each_event_carries_its_message_once_and_links_without_a_body() -> None:
    items, data = _sample_run()
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == len(items) >= 10
    for item, event in zip(items, events, strict=True):
        description = str(event["DESCRIPTION"])
        assert description.count(item.draft.body) == 1
        url = str(event.get("URL", ""))
        assert "body=" not in url and "body=" not in description
        if item.draft.link:
            assert url == item.draft.link and description.count(url) == 1


def test_fifty_interviews_stay_well_under_googles_import_limit(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate_bench import write_entries
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    run = prepare(
        RunOptions(inputs=(write_entries(tmp_path, 50),), now="2025-12-01T00:00", tz="UTC"),
        load_config(),
    )
    data = whole_calendar(
        run.drafts(run.calendar_actions), now=run.now, as_todos=False, name="Job follow-ups"
    )
    assert data.count(b"BEGIN:VEVENT") >= 200
    # about 500 kB (2 kB an event); with the message three times over it was about 800 kB
    assert len(data) < 0.65 * GOOGLE_IMPORT_LIMIT


def test_each_template_is_compiled_once_a_run_and_rendered_from_that() -> None:
    env = make_environment(None)
    compiled: list[str | None] = []
    original = env.compile

    def counting(source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return original(source, name, *args, **kwargs)

    env.compile = counting  # type: ignore[method-assign]
    entries = [interview(id=f"acme-{n}", company=f"Acme {n}") for n in range(5)]
    items = draft_actions(plan_for(*entries, profile="persistent"), env, ME)
    assert len(items) > 20
    assert compiled and len(compiled) == len(set(compiled))  # none compiled twice
    assert set(compiled) >= {item.template for item in items}


@given(TEXT, st.sampled_from(["America/New_York", "Asia/Kolkata", "UTC"]), st.booleans())
def test_a_record_writes_what_icalendar_writes_for_any_text(
    text: str, zone: str, as_todo: bool
) -> None:
    """The plain record (generate's writer) against icalendar's Event/Todo, same adds."""
    from zoneinfo import ZoneInfo

    from icalendar import Todo

    start = datetime(2026, 3, 29, 9, 30, tzinfo=UTC if zone == "UTC" else ZoneInfo(zone))
    one_line = " ".join(text.splitlines()).replace("\r", "")  # X- values are written as is
    built = []
    for component, alarm in (
        (Record("VTODO" if as_todo else "VEVENT"), Record("VALARM")),
        (Todo() if as_todo else Event(), Alarm()),
    ):
        component.add("uid", f"{one_line}@followcal")
        component.add("dtstamp", NOW)
        component.add("sequence", 1)
        component.add("summary", text)
        component.add("due" if as_todo else "dtstart", start)
        component.add("status", "NEEDS-ACTION")
        component.add("description", text + "\n" + text)
        component.add("categories", ["Job search", text or "x"])
        component.add("contact", text)
        component.add("contact", text[::-1])
        component.add("url", "mailto:a@example.com?subject=" + one_line.replace(" ", "%20"))
        component.add("x-followcal-interview", one_line)
        alarm.add("action", "DISPLAY")
        alarm.add("description", text)
        alarm.add("trigger", -timedelta(minutes=1440), parameters={"RELATED": "END"})
        component.add_component(alarm)
        stamp(component)
        built.append(serialize(component))
    assert built[0] == built[1]
