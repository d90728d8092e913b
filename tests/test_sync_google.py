"""Sync against Google's CalDAV API as documented, emulated in front of a real Radicale.

tests/google_emulator.py plays each documented behaviour (GOOGLE.md); this module checks
that followcal keeps a calendar in step through all of them: events named `<UID>.ics`, their
reminders kept, moves through the version gate, cancelled steps deleted, the user's edits
and foreign events never touched, nothing doubled when the state is lost or a second device
syncs, ghosts and rate limits survived, and no token in any message.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import icalendar
import pytest

from followcal.sync import AuthenticationError, PermissionDeniedError, SyncTarget, sync_calendar
from followcal.sync.lossy import content_of
from followcal.sync.probe import probe_calendar
from tests.google_emulator import REMINDER_TEXT, TOKEN, GoogleEmulator, quota_burst
from tests.radicale_server import RadicaleServer
from tests.test_sync import FOREIGN_ICS, LOOKALIKE_ICS, desired_set, make_item, parse

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def radicale_for_google(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    server = RadicaleServer(root=tmp_path_factory.mktemp("google"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def google(radicale_for_google: RadicaleServer) -> Iterator[GoogleEmulator]:
    import uuid

    slug = "g-" + uuid.uuid4().hex[:12]
    radicale_for_google.calendar_url = radicale_for_google.make_calendar(slug, "Job search")
    emulator = GoogleEmulator(radicale_for_google).start()
    try:
        yield emulator
    finally:
        emulator.stop()


def target(google: GoogleEmulator, state: str | Path, **overrides: Any) -> SyncTarget:
    values: dict[str, Any] = {
        "url": google.url(google.radicale.calendar_url),
        "token": TOKEN,
        "server": "google",
        "timeout": 10,
        "state_dir": str(state),
    }
    values.update(overrides)
    return SyncTarget(**values)


def stored(google: GoogleEmulator) -> dict[str, Any]:
    """UID -> (file name, the stored VEVENT) of every object, as Google's store holds it."""
    found: dict[str, Any] = {}
    for obj in google.radicale.objects().values():
        comp = parse(obj.data)
        uid = str(comp["UID"])
        assert uid not in found, f"{uid} stored twice"
        found[uid] = (unquote(obj.href.rsplit("/", 1)[-1]), comp)
    return found


def alarms(comp: Any) -> list[tuple[str, Any]]:
    return [(str(a["ACTION"]), a.decoded("TRIGGER")) for a in comp.walk("VALARM")]


def moved(n: int, days: int = 1) -> tuple[str, icalendar.Calendar]:
    start = datetime(2026, 3, 1 + n % 28, 9, 30, tzinfo=UTC) + timedelta(days=n + days)
    return make_item(n, start=start)


def test_events_are_named_by_uid_keep_their_reminder_and_resync_writes_nothing(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    desired = desired_set(range(1, 4))
    report = sync_calendar(target(google, tmp_path), desired)
    assert len(report.created) == 3 and not report.conflicts and not report.refused
    held = stored(google)
    assert set(held) == set(desired)
    for uid, (name, comp) in held.items():
        assert name == uid + ".ics"
        assert not [p for p in comp if p.startswith("X-")]  # the emulation strips them
        assert alarms(comp) == [("DISPLAY", timedelta(minutes=-15))]  # not Google's default
    writes = len([r for r in google.proxy.log if r.method in ("PUT", "DELETE")])
    again = sync_calendar(target(google, tmp_path), desired)
    assert again.changed == 0 and again.unchanged == 3 and not again.conflicts
    assert len([r for r in google.proxy.log if r.method in ("PUT", "DELETE")]) == writes


def test_a_moved_step_passes_the_version_gate_and_a_cancelled_one_is_deleted(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    desired = desired_set(range(1, 4))
    sync_calendar(target(google, tmp_path), desired)
    uid, cal = moved(1)
    desired[uid] = cal
    cancelled_uid, cancelled = make_item(2)
    cancelled.walk("VEVENT")[0].add("STATUS", "CANCELLED")
    desired[cancelled_uid] = cancelled
    report = sync_calendar(target(google, tmp_path), desired)
    assert not report.conflicts and not report.refused, report
    assert len(report.updated) == 1 and len(report.deleted) == 1
    assert "SEQUENCE or DTSTAMP not above the stored one" not in google.refused
    held = stored(google)
    assert cancelled_uid not in held
    assert held[uid][1].decoded("DTSTART") == cal.walk("VEVENT")[0].decoded("DTSTART")
    assert int(held[uid][1]["SEQUENCE"]) >= 1
    # Never sent as CANCELLED: Google would delete it, and followcal deletes it itself.
    puts = [r.body for r in google.proxy.log if r.method == "PUT"]
    assert not any(b"STATUS:CANCELLED" in body for body in puts)
    assert sync_calendar(target(google, tmp_path), desired).changed == 0


def test_a_step_without_reminder_gets_none_and_at_most_five_are_sent(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    quiet_uid, quiet = make_item(1)
    event = quiet.walk("VEVENT")[0]
    event.subcomponents = []
    busy_uid, busy = make_item(2)
    event = busy.walk("VEVENT")[0]
    for minutes in range(1, 8):
        alarm = icalendar.Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", "Reminder")
        alarm.add("TRIGGER", timedelta(minutes=-minutes))
        event.add_component(alarm)
    report = sync_calendar(target(google, tmp_path), {quiet_uid: quiet, busy_uid: busy})
    assert len(report.created) == 2 and not report.refused
    held = stored(google)
    assert alarms(held[quiet_uid][1]) == []  # not the calendar's default reminder
    assert len(alarms(held[busy_uid][1])) == 5
    assert {str(a["DESCRIPTION"]) for a in held[busy_uid][1].walk("VALARM")} == {REMINDER_TEXT}
    again = sync_calendar(target(google, tmp_path), {quiet_uid: quiet, busy_uid: busy})
    assert again.changed == 0 and not again.conflicts


def test_the_users_edit_wins_and_foreign_events_are_never_touched(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    desired = desired_set(range(1, 4))
    cal_url = google.radicale.calendar_url
    google.radicale.put_object(cal_url + "dentist.ics", FOREIGN_ICS, create=True)
    google.radicale.put_object(cal_url + "my-note%40followcal.ics", LOOKALIKE_ICS, create=True)
    sync_calendar(target(google, tmp_path), desired)
    before = {uid: obj for uid, obj in stored(google).items() if not uid.startswith("step-")}
    google.web_edit("step-0001@followcal", lambda c: c.__setitem__("SUMMARY", "My words"))
    uid, cal = moved(1)  # the plan moves the step the user edited
    desired[uid] = cal
    desired.pop("step-0003@followcal")  # and drops another
    report = sync_calendar(target(google, tmp_path), desired, allow_deletions=True)
    held = stored(google)
    assert str(held["step-0001@followcal"][1]["SUMMARY"]) == "My words"
    assert [line for line in report.conflicts if "edited" in line] == [
        report.conflicts[0]
    ] and report.conflicts[0].startswith("My words")
    assert "step-0003@followcal" not in held
    for uid, (name, comp) in before.items():
        assert held[uid][0] == name and held[uid][1].to_ical() == comp.to_ical()


def test_a_lost_state_or_a_second_device_never_doubles_or_overwrites(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    desired = desired_set(range(1, 5))
    sync_calendar(target(google, tmp_path / "a"), desired)
    google.web_edit("step-0002@followcal", lambda c: c.__setitem__("SUMMARY", "Mine now"))
    # Device B, with no memory of this calendar, and the same plan.
    report = sync_calendar(target(google, tmp_path / "b"), desired)
    assert report.created == [] and report.updated == [] and report.deleted == []
    assert any("edited" in line for line in report.conflicts)  # in doubt: left, reported
    held = stored(google)
    assert set(held) == set(desired)
    assert str(held["step-0002@followcal"][1]["SUMMARY"]) == "Mine now"
    # Device A forgets everything too: adopted again where the event holds what is wanted.
    shutil.rmtree(tmp_path / "a")
    uid, cal = moved(3)
    desired[uid] = cal
    report = sync_calendar(target(google, tmp_path / "a"), desired)
    assert report.created == [] and report.deleted == []
    assert report.unchanged == 2 and len(report.conflicts) == 2  # step 2 (edited), step 3
    assert set(stored(google)) == set(desired)


def test_ghosts_and_rate_limits_are_survived(google: GoogleEmulator, tmp_path: Path) -> None:
    calendar_path = google.radicale.path_of(google.radicale.calendar_url)
    google.ghosts = [calendar_path + "abc_R20180213T171500%40google.com.ics"]
    google.burst_every = 3
    google.burst = quota_burst()
    desired = desired_set(range(1, 6))
    report = sync_calendar(target(google, tmp_path), desired)
    assert len(report.created) == 5 and not report.conflicts and not report.refused
    statuses = [r for r in google.proxy.log if r.method == "PUT"]
    assert len(statuses) > 5  # some were answered 429 or 403 first, and sent again
    assert set(stored(google)) == set(desired)
    assert sync_calendar(target(google, tmp_path), desired).changed == 0


def test_only_a_bearer_token_is_taken_and_no_token_is_ever_shown(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    with pytest.raises(AuthenticationError) as basic:
        sync_calendar(
            target(google, tmp_path, token=None, username="me", password="app-password"),
            desired_set([1]),
        )
    assert "401" in str(basic.value) and "app-password" not in str(basic.value)
    wrong = "ya29.revoked-token-abcdef"
    with pytest.raises(AuthenticationError) as revoked:
        sync_calendar(target(google, tmp_path, token=wrong), desired_set([1]))
    message = str(revoked.value)
    assert "\n" not in message and wrong not in message and "followcal auth google" in message
    assert google.refused.count("no valid Bearer token") == 2


def test_a_vtodo_is_refused_by_google_and_reported(google: GoogleEmulator, tmp_path: Path) -> None:
    todo = dict([make_item(1, todo=True)])
    report = sync_calendar(target(google, tmp_path), todo)
    assert report.created == [] and len(report.refused) == 1
    assert stored(google) == {}


def test_the_probe_reports_what_survived_and_leaves_nothing_behind(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    found = probe_calendar(target(google, tmp_path))
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION", "DTSTART", "DTEND", "TRANSP", "CLASS"):
        assert name in found.kept
    for name in ("CATEGORIES", "CONTACT", "URL", "X-FOLLOWCAL-INTERVIEW", "X-FOLLOWCAL-HASH"):
        assert name in found.dropped
    assert found.alarm == "text rewritten" and found.updated == "accepted" and found.deleted
    assert not found.etag_on_put
    assert stored(google) == {}


def test_sync_adapts_to_what_the_probe_found(google: GoogleEmulator, tmp_path: Path) -> None:
    """A calendar that also drops DESCRIPTION: without a probe, a device with no state cannot
    tell followcal's events from edited ones; after its probe it can."""
    google.keeps.discard("DESCRIPTION")
    desired = desired_set(range(1, 4))
    sync_calendar(target(google, tmp_path / "a"), desired)
    unprobed = sync_calendar(target(google, tmp_path / "b"), desired, dry_run=True)
    assert len(unprobed.conflicts) == 3 and unprobed.changed == 0
    found = probe_calendar(target(google, tmp_path / "b"))
    assert "DESCRIPTION" in found.dropped
    probed = sync_calendar(target(google, tmp_path / "b"), desired)
    assert probed.conflicts == [] and probed.changed == 0 and probed.unchanged == 3
    assert set(stored(google)) == set(desired)


def test_create_makes_the_calendar_through_the_rest_api_never_mkcalendar(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    home = google.url(google.radicale.user_url())
    where = target(
        google, tmp_path, url=home, calendar="Follow-ups", create=True,
        rest_url=google.proxy.origin + "/calendar/v3/",
    )  # fmt: skip
    report = sync_calendar(where, desired_set([1, 2]))
    assert report.calendar_created and report.calendar_name == "Follow-ups"
    assert len(report.created) == 2
    assert "Follow-ups" in google.radicale.calendars().values()
    assert not [r for r in google.proxy.log if r.method == "MKCALENDAR"]
    # Found by name from then on, and nothing is made twice.
    again = sync_calendar(
        target(google, tmp_path, url=home, calendar="Follow-ups"), desired_set([1, 2])
    )
    assert again.changed == 0 and not again.calendar_created


def test_create_without_the_calendar_api_says_what_to_enable(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    google.rest_enabled = False
    where = target(
        google, tmp_path, url=google.url(google.radicale.user_url()),
        calendar="Follow-ups without REST", create=True,
        rest_url=google.proxy.origin + "/calendar/v3/",
    )  # fmt: skip
    with pytest.raises(PermissionDeniedError, match="Google Calendar API is not enabled"):
        sync_calendar(where, desired_set([1]))


def test_the_content_a_lossy_store_keeps_ignores_what_it_drops() -> None:
    _uid, cal = make_item(1)
    event = cal.walk("VEVENT")[0]
    before = content_of(event)
    event.pop("X-FOLLOWCAL-STEP")
    event.pop("CATEGORIES")
    for alarm in event.walk("VALARM"):
        alarm["DESCRIPTION"] = icalendar.vText(REMINDER_TEXT)
    assert content_of(event) == before
    event["SUMMARY"] = icalendar.vText("Changed")
    assert content_of(event) != before


def test_two_devices_take_turns_and_what_neither_can_tell_is_left_alone(
    google: GoogleEmulator, tmp_path: Path
) -> None:
    desired = desired_set([1])
    sync_calendar(target(google, tmp_path / "a"), desired)
    uid, cal = moved(1, days=2)
    desired[uid] = cal
    b = sync_calendar(target(google, tmp_path / "b"), desired)  # B has no state of its own
    assert b.conflicts  # in doubt: the event is not what B's plan wants
    sync_calendar(target(google, tmp_path / "a"), desired)  # A moves it
    assert sync_calendar(target(google, tmp_path / "b"), desired).conflicts == []  # adopted
    uid, cal = moved(1, days=3)
    desired[uid] = cal
    assert len(sync_calendar(target(google, tmp_path / "b"), desired).updated) == 1
    # A cannot tell B's write of a plan A no longer has from a user's edit: left, reported.
    uid, cal = moved(1, days=4)
    desired[uid] = cal
    a = sync_calendar(target(google, tmp_path / "a"), desired)
    assert len(a.conflicts) == 1 and a.changed == 0
    # Once B has written what the plan now says, A takes it as its own again.
    sync_calendar(target(google, tmp_path / "b"), desired)
    assert sync_calendar(target(google, tmp_path / "a"), desired).conflicts == []
    uid, cal = moved(1, days=5)
    desired[uid] = cal
    assert len(sync_calendar(target(google, tmp_path / "a"), desired).updated) == 1
