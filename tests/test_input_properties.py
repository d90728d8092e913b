"""Properties of reading, editing and writing, over arbitrary text in every field.

Each example stays cheap (no subprocess, parsing in memory where the code allows), so the
CI profile's 1,000 examples per property cost seconds. The calendar property here reads
each file with the two in-process parsers (icalendar and vobject); the four-parser oracle,
ical.js included, runs per example in tests/test_calendar.py's own property.
"""

from __future__ import annotations

import tempfile
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import vobject  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from followcal.drafting import make_environment
from followcal.editing import InterviewsFile
from followcal.entries import load_entries
from followcal.errors import InputError
from followcal.messages import draft_actions
from followcal.model import Candidate, Contact
from tests.helpers import interview, plan_for, whole_calendar

# Any text at all: control characters, line breaks of every kind, quotes, backslashes,
# non-BMP characters (but no lone surrogates, which are not text in UTF-8).
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
ONE_LINE = ANY_TEXT.filter(lambda s: s.isprintable() and s.strip() != "")
FOLDER = Path(tempfile.mkdtemp(prefix="followcal-properties-"))
PATH = FOLDER / "interviews.toml"


def toml_string(value: str) -> str:
    """A TOML basic string holding exactly `value` (every control character escaped)."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


FIELDS = ("company", "role", "notes", "topic", "mutual_connection", "timezone", "status")
CONTACT = ("name", "title", "email", "phone")


def entry_text(values: dict[str, str], contact: dict[str, str]) -> str:
    lines = ["[[interview]]", 'date = "2026-11-20T14:00"']
    lines += [f"{key} = {toml_string(value)}" for key, value in values.items()]
    lines += ["", "[[interview.contacts]]"]
    lines += [f"{key} = {toml_string(value)}" for key, value in contact.items()]
    return "\n".join(lines) + "\n"


@given(
    values=st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, ANY_TEXT)),
    contact=st.fixed_dictionaries({}, optional=dict.fromkeys(CONTACT, ANY_TEXT)),
)
def test_toml_entries_with_any_text_in_any_field_are_read_or_refused_cleanly(values, contact):
    data = entry_text(values, contact).encode("utf-8")
    try:
        (read,) = load_entries([PATH], "UTC", contents={PATH: data}).interviews
    except InputError as err:
        assert err.problems and all(str(PATH) in str(problem) for problem in err.problems)
        return
    # Read: one-line fields came through exactly (trimmed), with no control character.
    assert read.company == values["company"].strip() and read.role == values["role"].strip()
    for text in (read.company, read.role, read.id, *(c.name for c in read.contacts)):
        assert text.isprintable() or not [ch for ch in text if ord(ch) < 0x20]


COMMENT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
BASE = """\
# {top}
[[interview]]
id = "acme"  # {id_comment}
company = {company}
role = "Engineer"
date = 2026-11-20T14:00:00
timezone = "Europe/Berlin"
# {middle}

[[interview.contacts]]
name = "Dana Smith"  # {name_comment}
email = "dana@acme.example"
# {bottom}
"""


@given(
    comments=st.fixed_dictionaries(
        dict.fromkeys(("top", "id_comment", "middle", "name_comment", "bottom"), COMMENT)
    ),
    company=ONE_LINE,
    state=st.sampled_from(["heard-back", "rejected", "withdrawn", "waiting"]),
    sent=st.booleans(),
)
def test_an_edit_keeps_every_comment_and_changes_nothing_else(comments, company, state, sent):
    original = BASE.format(company=toml_string(company), **comments)
    PATH.write_text(original, encoding="utf-8")
    document = InterviewsFile.open(PATH)
    document.set_status("acme", state, date(2026, 11, 25))
    if sent:
        document.record_sent("acme", "thank-you", datetime(2026, 11, 20, 18, 0))
    edited = document.text()
    # Every original line is still there, in order; only the new keys were added.
    added = [line for line in edited.splitlines() if line not in original.splitlines()]
    assert [line.split(" = ")[0] for line in added] == [
        "status",
        "status_date",
        *(["sent"] if sent else []),
    ]
    assert [line for line in edited.splitlines() if line in original.splitlines()] == (
        original.splitlines()
    )
    before, after = tomllib.loads(original), tomllib.loads(edited)
    changed = after["interview"][0]
    assert changed.pop("status") == state and changed.pop("status_date") == date(2026, 11, 25)
    if sent:
        assert changed.pop("sent") == {"thank-you": datetime(2026, 11, 20, 18, 0)}
    assert after == before
    load_entries([PATH], "UTC", contents={PATH: edited.encode("utf-8")})  # still valid


NOW = datetime(2026, 11, 1, tzinfo=UTC)
ENV = make_environment(None)
INJECTED = ("attendee", "organizer", "x-evil", "rrule", "attach")
HOSTILE = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        [
            "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil",
            "x\rATTENDEE:mailto:a@evil.example",
            "x\nX-EVIL:1",
            "x\r\n RRULE:FREQ=DAILY",
            "x\x0bATTACH:http://evil.example",
        ]
    ),
)


@given(
    company=HOSTILE,
    role=HOSTILE,
    title=HOSTILE,
    notes=st.none() | HOSTILE,
    name=HOSTILE,
    todos=st.booleans(),
)
def test_the_calendar_holds_exactly_the_planned_events_whatever_the_text(
    company, role, title, notes, name, todos
):
    dana = Contact("Dana Smith", title or None, "dana@acme.example", None)
    entry = interview(company=company or "Acme", role=role or "Engineer", contacts=(dana,),
                      notes=notes)  # fmt: skip
    actions = plan_for(entry, profile="balanced")
    data = whole_calendar(
        draft_actions(actions, ENV, Candidate("Alex Morgan")),
        now=NOW,
        as_todos=todos,
        name=name or "Jobs",
    )
    kind = "VTODO" if todos else "VEVENT"
    planned = sorted(action.uid for action in actions)
    calendar = Calendar.from_ical(data)
    assert sorted(str(c["UID"]) for c in calendar.walk(kind)) == planned
    assert not [c for c in calendar.walk() if c.errors]
    for component in calendar.walk():  # VTIMEZONE rules are ours and may hold RRULE
        if component.name not in ("VTIMEZONE", "STANDARD", "DAYLIGHT"):
            assert not [key for key in component if key.lower() in INJECTED]
    parsed = vobject.readOne(data.decode("utf-8"))
    items = parsed.contents[kind.lower()]
    assert sorted(item.uid.value for item in items) == planned
    for component in [parsed, *items]:
        assert not [key for key in component.contents if key in INJECTED]
