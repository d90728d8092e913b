"""The .ics output against what real clients need (shared/COMPAT.md), read by four parsers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from followcal.calendar import build_objects
from followcal.drafting import make_environment
from followcal.fingerprint import fingerprint
from followcal.messages import draft_actions
from followcal.model import Candidate, Contact
from tests.helpers import LEE, interview, plan_for, whole_calendar
from tests.oracles import assert_parsers_agree

NOW = datetime(2026, 11, 1, tzinfo=UTC)
ME = Candidate("Alex Morgan", "alex@example.com", "+1 212 555 0100", None)
ENV = make_environment(None)


def ics_for(*interviews, profile="standard", as_todos=False, candidate=ME) -> bytes:
    actions = plan_for(*interviews, profile=profile)
    drafted = draft_actions(actions, ENV, candidate)
    return whole_calendar(drafted, now=NOW, as_todos=as_todos, name="Job follow-ups")


def test_serialization_is_utf8_crlf_and_folded_at_75_octets():
    nasty = interview(notes="l'équipe à Zürich 🚀🚀 " * 6, contacts=(Contact("Zoë Ñúñez"),))
    data = ics_for(nasty)
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")  # every fold falls on a character boundary
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert "Zoë Ñúñez" in Calendar.from_ical(data).walk("VEVENT")[0]["SUMMARY"]


@pytest.mark.server  # node's ical.js, or a server it starts
def test_fields_that_look_like_ical_stay_text():
    """Company, role and a contact's title reach SUMMARY, CONTACT and DESCRIPTION: none of
    them can end an event, start one, or add a property (see also tests/test_injection.py)."""
    payload = "the plan\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil; a, b \\ c"
    dana = Contact("Dana Smith", payload, "dana@acme.example", None)
    trap = interview(company=payload, role=payload, contacts=(dana,))
    data = ics_for(trap, profile="balanced")
    events = Calendar.from_ical(data).walk("VEVENT")
    planned = plan_for(trap, profile="balanced")
    assert sorted(str(event["UID"]) for event in events) == sorted(a.uid for a in planned)
    assert len(events) == len(planned) == 3
    flattened = "the plan END:VEVENT BEGIN:VEVENT UID:evil; a, b \\ c"
    assert flattened in str(events[0]["SUMMARY"])
    assert f"Dana Smith, {flattened}" in str(events[0]["CONTACT"])
    # The description is multi-line text: its line breaks stay, escaped, inside the value.
    assert "the plan\n\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil" in str(events[0]["DESCRIPTION"])
    assert_parsers_agree(data)


def test_every_event_has_what_clients_need():
    data = ics_for(interview(decision_by=date(2026, 11, 25)))
    text = data.decode()
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and "followcal" in calendar["PRODID"]
    assert calendar["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in text and "ORGANIZER" not in text
    tzids = {tz["TZID"] for tz in calendar.walk("VTIMEZONE")}
    for event in calendar.walk("VEVENT"):
        for key in (
            "UID",
            "DTSTAMP",
            "SEQUENCE",
            "SUMMARY",
            "DESCRIPTION",
            "CATEGORIES",
            "X-FOLLOWCAL-INTERVIEW",
            "X-FOLLOWCAL-STEP",
            "X-FOLLOWCAL-CHANNEL",
        ):
            assert key in event, key
        assert event["TRANSP"] == "TRANSPARENT"
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.tzinfo is not None and event["DTSTART"].params["TZID"] in tzids
        assert timedelta(0) < end - start <= timedelta(minutes=30)
        (alarm,) = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY" and alarm["DESCRIPTION"]
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
    # the alarm comes after every property of its event
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S):
        after_alarm = block.split("END:VALARM\r\n", 1)[1]
        assert after_alarm == ""


def test_the_description_holds_the_message_contact_card_and_tap_link():
    data = ics_for(interview(decision_by=date(2026, 11, 25)), profile="balanced")
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    body = str(event["DESCRIPTION"])
    assert body.startswith("Subject: ")
    assert "Dana Smith, Engineering Manager" in body and "Email: dana@acme.example" in body
    assert "Send it: mailto:dana@acme.example,lee@acme.example?subject=" in body
    assert str(event["URL"]).startswith("mailto:dana@acme.example,lee@acme.example?subject=")
    assert event["SUMMARY"] == "Acme Corp: follow-up email (1/2) to Dana Smith and Lee Park"
    assert next(str(c) for c in event.get("CONTACT")).startswith("Dana Smith, Engineering")


def test_calls_carry_scripts_and_a_tel_link():
    data = ics_for(interview(), profile="persistent")
    calls = [
        e for e in Calendar.from_ical(data).walk("VEVENT") if e["X-FOLLOWCAL-CHANNEL"] == "phone"
    ]
    assert len(calls) == 6
    body = str(calls[0]["DESCRIPTION"])
    assert "Call script:" in body and "Voicemail script:" in body
    assert "Call: tel:+12125550142" in body and str(calls[0]["URL"]) == "tel:+12125550142"
    assert calls[0]["SUMMARY"] == "Acme Corp: call Dana Smith (1/3)"


def test_lock_screen_summaries():
    thanks = Calendar.from_ical(ics_for(interview(), profile="email-only")).walk("VEVENT")[0]
    assert thanks["SUMMARY"] == "Acme Corp: thank-you email to Dana Smith"
    card = Calendar.from_ical(ics_for(interview(traditional=True), profile="email-only"))
    assert card.walk("VEVENT")[0]["SUMMARY"] == "Acme Corp: mail a thank-you card to Dana Smith"


@pytest.mark.server  # node's ical.js, or a server it starts
def test_todos_are_due_at_the_moment_with_an_alarm_relative_to_due():
    data = ics_for(interview(), as_todos=True)
    calendar = Calendar.from_ical(data)
    assert not calendar.walk("VEVENT")
    for todo in calendar.walk("VTODO"):
        assert todo.decoded("DUE").tzinfo is not None
        (alarm,) = todo.walk("VALARM")
        assert alarm["TRIGGER"].params["RELATED"] == "END"
    assert_parsers_agree(data)


@pytest.mark.server  # node's ical.js, or a server it starts
def test_four_parsers_read_the_same_instants_as_zoneinfo_across_dst_in_both_hemispheres():
    entries = [
        interview("2026-10-26T14:00", id="ny"),  # New York leaves DST on 1 Nov
        interview("2026-03-02T14:00", id="ny-spring"),  # and enters it on 8 Mar
        interview("2026-10-19T10:00", zone="Europe/Berlin", id="berlin", company="B"),
        interview("2026-09-28T10:00", zone="Australia/Sydney", id="sydney", company="S"),
        interview("2026-03-30T10:00", zone="Australia/Sydney", id="sydney-autumn", company="S2"),
        interview("2026-11-16T10:00", zone="Asia/Tokyo", id="tokyo", company="T"),
        interview("2026-11-16T10:00", zone="UTC", id="utc", company="U"),
    ]
    data = ics_for(*entries)
    instants = assert_parsers_agree(data)
    actions = plan_for(*entries)
    assert len(instants) == len(actions)
    for action in actions:
        assert instants[action.uid] == action.start.astimezone(UTC), action.uid


def test_objects_for_sync_hold_one_component_each_without_method():
    actions = plan_for(interview())
    objects = build_objects(draft_actions(actions, ENV, ME), now=NOW, as_todos=False)
    assert set(objects) == {a.uid for a in actions}
    for uid, calendar in objects.items():
        (event,) = calendar.walk("VEVENT")
        assert event["UID"] == uid and "METHOD" not in calendar
        assert event["X-FOLLOWCAL-HASH"] == fingerprint(event)


# -- any valid entry gives a calendar every parser accepts ------------------------------

ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "UTC",
]
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)
names = st.from_regex(r"[A-Z][a-zà-ÿ]{1,10}( [A-Z][a-z'\-]{1,12}){0,2}", fullmatch=True)
contacts = st.builds(
    Contact,
    name=names,
    title=st.none() | text,
    email=st.none() | st.just("someone@example.org"),
    phone=st.none() | st.just("+44 20 7946 0000"),
)


@st.composite
def entries(draw):
    zone = draw(st.sampled_from(ZONES))
    day = draw(st.dates(date(2026, 1, 1), date(2028, 12, 31)))
    hour = draw(st.integers(7, 19))
    decision = draw(st.none() | st.integers(0, 40))
    return interview(
        f"{day.isoformat()}T{hour:02d}:{draw(st.sampled_from([0, 15, 30, 45])):02d}",
        zone=zone,
        contacts=tuple(
            draw(st.lists(contacts, min_size=1, max_size=3, unique_by=lambda c: c.name))
        ),
        company=draw(text).strip() or "Company",
        role=draw(text).strip() or "Role",
        id=f"entry-{draw(st.integers(0, 10**6))}",
        decision_by=None if decision is None else day + timedelta(days=decision),
        notes=draw(st.none() | text),
        mutual_connection=draw(st.none() | names),
        traditional=draw(st.booleans()),
        no_contact=draw(st.booleans()),
        channel=draw(st.none() | st.sampled_from(["email", "phone", "letter"])),
        follow_up_gap_days=draw(st.none() | st.integers(1, 30)),
    )


@pytest.mark.server  # node's ical.js
@given(
    entry=entries(),
    profile=st.sampled_from(["standard", "balanced", "paced", "persistent", "email-only"]),
    todos=st.booleans(),
)
def test_any_valid_entry_yields_a_calendar_all_four_parsers_accept(entry, profile, todos):
    data = ics_for(entry, profile=profile, as_todos=todos)
    instants = assert_parsers_agree(data)
    planned = plan_for(entry, profile=profile)
    assert set(instants) == {action.uid for action in planned}  # exactly these, no more
    for action in planned:
        assert instants[action.uid] == action.start.astimezone(UTC)
        # Planned in the company's own zone (not merely an equal instant in another one).
        assert getattr(action.start.tzinfo, "key", None) == entry.timezone


def test_a_call_links_only_to_the_number_of_the_person_its_script_greets():
    no_phone = Contact("Dana Smith", "Engineering Manager", "dana@acme.example", None)
    entry = interview(channel="phone", contacts=(no_phone, LEE))
    data = ics_for(entry, profile="balanced")
    call = next(
        e for e in Calendar.from_ical(data).walk("VEVENT") if e["X-FOLLOWCAL-STEP"] == "call"
    )
    assert "Hello Dana" in str(call["DESCRIPTION"])
    assert "URL" not in call and "tel:" not in str(call["DESCRIPTION"])
