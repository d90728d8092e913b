"""followcal.sync against a real Radicale server (no mocks), plus fingerprint and credentials."""

# The `radicale` fixture is imported, and pytest hands it to the tests as an argument of the
# same name: that is the point, not a redefinition.
# ruff: noqa: F811

from __future__ import annotations

import socket
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from followcal.credentials import CredentialsError, resolve_password
from followcal.errors import FollowcalError
from followcal.fingerprint import HASH_PROPERTY, fingerprint, stamp, stamped_hash
from followcal.sync import (
    AuthenticationError,
    CalendarNotFoundError,
    ConnectionFailedError,
    MassDeletionError,
    PermissionDeniedError,
    RejectedObjectError,
    ServerTimeoutError,
    SyncError,
    SyncReport,
    SyncTarget,
    TLSError,
    resource_name,
    sync_calendar,
)
from tests import radicale_server
from tests.radicale_server import radicale  # noqa: F401

RadicaleServer = radicale_server.RadicaleServer
CALENDAR_NAME = radicale_server.CALENDAR_NAME
start_radicale = radicale_server.start_radicale

BERLIN = ZoneInfo("Europe/Berlin")
Desired = dict[str, icalendar.Calendar]


# -- building events -------------------------------------------------------------------------


def make_item(
    n: int,
    *,
    summary: str | None = None,
    start: datetime | date | None = None,
    todo: bool = False,
    tz: ZoneInfo | None = None,
) -> tuple[str, icalendar.Calendar]:
    """One followcal VCALENDAR (as the calendar writer makes them): UID -> calendar."""
    uid = f"step-{n:04d}@followcal"
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//followcal//tests//EN")
    comp: icalendar.cal.Component = icalendar.Todo() if todo else icalendar.Event()
    comp.add("uid", uid)
    comp.add("dtstamp", datetime.now(UTC))
    comp.add("summary", summary or f"Follow up with company {n}")
    comp.add("description", f"Thank-you note to the interviewer.\nStep {n}.")
    when = start or datetime(2026, 3, 1 + n % 28, 9, 30, tzinfo=tz or UTC) + timedelta(days=n)
    if todo:
        comp.add("due", when)
    else:
        comp.add("dtstart", when)
        if isinstance(when, datetime):
            comp.add("dtend", when + timedelta(minutes=30))
    comp.add("categories", ["job-search", "follow-up"])
    comp.add("x-followcal-interview", f"interview-{n}")
    comp.add("x-followcal-step", "thank-you")
    comp.add("x-followcal-channel", "email")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Follow up with company {n}")
    trigger = icalendar.prop.vDDDTypes(timedelta(minutes=-15))
    if todo:
        trigger.params["RELATED"] = "END"
    alarm.add("trigger", trigger)
    comp.add_component(alarm)
    stamp(comp)
    if tz is not None:
        cal.add_component(comp)
        cal.add_missing_timezones()
    else:
        cal.add_component(comp)
    return uid, cal


def desired_set(numbers: range | list[int], **kwargs: Any) -> Desired:
    return dict(make_item(n, **kwargs) for n in numbers)


def target_for(server: RadicaleServer, **overrides: Any) -> SyncTarget:
    values: dict[str, Any] = {
        "url": server.calendar_url,
        "username": server.username,
        "password": server.password,
        "calendar": None,
        "timeout": 10,
    }
    values.update(overrides)
    return SyncTarget(**values)


def parse(data: str) -> icalendar.cal.Component:
    cal = icalendar.Calendar.from_ical(data)
    return next(c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO"))


def stored_uids(server: RadicaleServer, calendar_url: str | None = None) -> Counter[str]:
    return Counter(str(parse(o.data)["UID"]) for o in server.objects(calendar_url).values())


def by_uid(server: RadicaleServer) -> dict[str, Any]:
    return {str(parse(o.data)["UID"]): o for o in server.objects().values()}


def edit_on_server(server: RadicaleServer, uid: str, change: Callable[[Any], None]) -> None:
    """What a user's calendar app does: read the object, change it, PUT it back."""
    obj = by_uid(server)[uid]
    cal = icalendar.Calendar.from_ical(obj.data)
    change(next(c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO")))
    server.put_object(obj.href, cal.to_ical(), etag=obj.etag)


FOREIGN_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone//Calendar App//EN\r\n"
    "BEGIN:VEVENT\r\nUID:dentist-42@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20260305T080000Z\r\nDTEND:20260305T090000Z\r\nSUMMARY:Dentist\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
# Looks like ours by its UID, but lacks X-FOLLOWCAL-INTERVIEW: still the user's.
LOOKALIKE_ICS = FOREIGN_ICS.replace("dentist-42@example.com", "my-note@followcal").replace(
    "Dentist", "My own note"
)


# -- request counting ------------------------------------------------------------------------


@pytest.fixture
def http_log(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, dict[str, str]]]:
    """Every HTTP request caldav's client sends (auth retries included): (method, url, hdrs)."""
    from caldav.davclient import DAVClient

    log: list[tuple[str, str, dict[str, str]]] = []
    original = DAVClient._sync_request

    def counting(self: Any, url: str, method: str = "GET", body: Any = "", headers: Any = None):
        log.append((method, str(url), dict(headers or {})))
        return original(self, url, method, body, headers)

    monkeypatch.setattr(DAVClient, "_sync_request", counting)
    return log


def methods(log: list[tuple[str, str, dict[str, str]]]) -> Counter[str]:
    return Counter(method for method, _, _ in log)


# -- the basics ------------------------------------------------------------------------------


def test_first_sync_creates_the_events_with_their_alarms(radicale: RadicaleServer) -> None:
    desired = desired_set(range(1, 4))
    report = sync_calendar(target_for(radicale), desired)

    assert len(report.created) == 3
    assert report.updated == report.deleted == report.conflicts == []
    assert "Follow up with company 1 (" in report.created[0]
    stored = radicale.objects()
    assert {o.href.rsplit("/", 1)[1] for o in stored.values()} == {
        resource_name(uid) for uid in desired
    }
    for obj in stored.values():
        comp = parse(obj.data)
        uid = str(comp["UID"])
        assert obj.href.endswith("/" + resource_name(uid))
        assert "METHOD" not in icalendar.Calendar.from_ical(obj.data)
        (alarm,) = [c for c in comp.subcomponents if c.name == "VALARM"]
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
        assert str(alarm["DESCRIPTION"]).startswith("Follow up with company")
        # Radicale re-serialized it, yet its stamp still matches: the fingerprint is semantic.
        assert stamped_hash(comp) == fingerprint(comp) == fingerprint(desired[uid])


def test_second_sync_writes_nothing_and_lists_in_constant_requests(
    radicale: RadicaleServer, http_log: list[tuple[str, str, dict[str, str]]]
) -> None:
    small, large = desired_set(range(1, 3)), desired_set(range(1, 31))
    other = radicale.make_calendar("other", "Other")
    sync_calendar(target_for(radicale), small)
    sync_calendar(target_for(radicale, url=other), large)

    http_log.clear()
    report = sync_calendar(target_for(radicale), small)
    small_requests = methods(http_log)
    assert report.unchanged == 2 and report.changed == 0 and report.conflicts == []
    assert report.requests == len(http_log)

    http_log.clear()
    report = sync_calendar(target_for(radicale, url=other), large)
    assert report.unchanged == 30 and report.changed == 0
    assert methods(http_log) == small_requests  # listing does not grow with the calendar
    assert small_requests["PUT"] == small_requests["DELETE"] == small_requests["GET"] == 0
    assert small_requests["REPORT"] == 1
    assert sum(small_requests.values()) <= 4  # probe (+ its auth round trip) and the REPORT


def test_discovery_from_the_server_root_takes_a_constant_number_of_requests(
    radicale: RadicaleServer, http_log: list[tuple[str, str, dict[str, str]]]
) -> None:
    sync_calendar(target_for(radicale, url=radicale.url, calendar=CALENDAR_NAME), {})
    first = methods(http_log)
    http_log.clear()
    sync_calendar(
        target_for(radicale, url=radicale.url, calendar=CALENDAR_NAME),
        desired_set(range(1, 21)),
        dry_run=True,
    )
    assert methods(http_log) == first
    assert first["REPORT"] == 1 and first["PUT"] == 0 and sum(first.values()) <= 6


def test_a_changed_event_updates_only_itself(
    radicale: RadicaleServer, http_log: list[tuple[str, str, dict[str, str]]]
) -> None:
    desired = desired_set(range(1, 5))
    sync_calendar(target_for(radicale), desired)
    before = by_uid(radicale)

    uid, cal = make_item(2, summary="Follow up with Acme (new contact)")
    desired[uid] = cal
    http_log.clear()
    report = sync_calendar(target_for(radicale), desired)

    assert report.updated == [next(iter(report.updated))]
    assert "Follow up with Acme (new contact)" in report.updated[0]
    assert report.unchanged == 3 and not report.created and not report.deleted
    puts = [(url, headers) for method, url, headers in http_log if method == "PUT"]
    assert len(puts) == 1
    assert puts[0][1]["If-Match"] == before[uid].etag
    after = by_uid(radicale)
    assert {u for u in after if after[u].etag != before[u].etag} == {uid}
    comp = parse(after[uid].data)
    assert str(comp["SUMMARY"]) == "Follow up with Acme (new contact)"
    assert int(comp.get("SEQUENCE", 0)) > int(parse(before[uid].data).get("SEQUENCE", 0))
    assert stamped_hash(comp) == fingerprint(comp)

    again = sync_calendar(target_for(radicale), desired)
    assert again.changed == 0 and again.unchanged == 4


def test_removed_events_are_deleted(
    radicale: RadicaleServer, http_log: list[tuple[str, str, dict[str, str]]]
) -> None:
    desired = desired_set(range(1, 6))
    sync_calendar(target_for(radicale), desired)
    gone = sorted(desired)[:2]
    for uid in gone:
        del desired[uid]
    http_log.clear()
    report = sync_calendar(target_for(radicale), desired)

    assert len(report.deleted) == 2 and report.unchanged == 3
    deletes = [headers for method, _, headers in http_log if method == "DELETE"]
    assert len(deletes) == 2 and all(h["If-Match"].startswith('"') for h in deletes)
    assert set(stored_uids(radicale)) == set(desired)


def test_vtodos_sync_too(radicale: RadicaleServer) -> None:
    desired = desired_set(range(1, 4), todo=True)
    report = sync_calendar(target_for(radicale), desired)
    assert len(report.created) == 3
    for obj in radicale.objects().values():
        comp = parse(obj.data)
        assert comp.name == "VTODO"
        (alarm,) = [c for c in comp.subcomponents if c.name == "VALARM"]
        assert alarm["TRIGGER"].params["RELATED"] == "END"
    assert sync_calendar(target_for(radicale), desired).changed == 0

    uid, cal = make_item(1, todo=True, summary="Send the portfolio link")
    desired[uid] = cal
    report = sync_calendar(target_for(radicale), desired)
    assert len(report.updated) == 1 and report.unchanged == 2


def test_events_with_a_timezone_stay_unchanged_across_radicale_rewrites(
    radicale: RadicaleServer,
) -> None:
    desired = desired_set([1, 2], tz=BERLIN)
    desired.update(desired_set([3], start=date(2026, 4, 1)))
    weekly = desired[sorted(desired)[0]].subcomponents[-1]
    weekly.add("rrule", {"freq": "weekly", "count": 3, "byday": ["MO", "TH"]})
    stamp(weekly)
    assert len(sync_calendar(target_for(radicale), desired).created) == 3
    report = sync_calendar(target_for(radicale), desired)
    assert report.changed == 0 and report.unchanged == 3 and not report.conflicts


def test_dry_run_writes_nothing(
    radicale: RadicaleServer, http_log: list[tuple[str, str, dict[str, str]]]
) -> None:
    desired = desired_set(range(1, 4))
    report = sync_calendar(target_for(radicale), desired, dry_run=True)
    assert report.dry_run and len(report.created) == 3
    assert radicale.objects() == {}

    sync_calendar(target_for(radicale), desired)
    uid, cal = make_item(1, summary="Changed")
    desired[uid] = cal
    del desired[sorted(desired)[-1]]
    http_log.clear()
    report = sync_calendar(target_for(radicale), desired, dry_run=True)
    assert len(report.updated) == 1 and len(report.deleted) == 1
    assert methods(http_log)["PUT"] == methods(http_log)["DELETE"] == 0
    assert len(radicale.objects()) == 3


# -- other people's events, user edits, the guard --------------------------------------------


def test_foreign_events_survive_every_sync(radicale: RadicaleServer) -> None:
    foreign = radicale.calendar_url + "dentist.ics"
    lookalike = radicale.calendar_url + "note.ics"
    radicale.put_object(foreign, FOREIGN_ICS, create=True)
    radicale.put_object(lookalike, LOOKALIKE_ICS, create=True)
    before = {href: (o.etag, o.data) for href, o in radicale.objects().items()}

    desired = desired_set(range(1, 4))
    sync_calendar(target_for(radicale), desired)
    uid, cal = make_item(1, summary="Changed")
    desired[uid] = cal
    sync_calendar(target_for(radicale), desired)
    report = sync_calendar(target_for(radicale), {}, force=True)  # delete all of ours
    assert len(report.deleted) == 3

    after = {href: (o.etag, o.data) for href, o in radicale.objects().items()}
    assert after == before


def test_a_foreign_object_with_our_uid_is_a_conflict(radicale: RadicaleServer) -> None:
    uid, cal = make_item(1)
    squatter = FOREIGN_ICS.replace("dentist-42@example.com", uid)
    radicale.put_object(radicale.calendar_url + "squatter.ics", squatter, create=True)
    report = sync_calendar(target_for(radicale), {uid: cal}, force=True)
    assert report.created == [] and len(report.conflicts) == 1
    assert "did not create" in report.conflicts[0]
    assert stored_uids(radicale) == Counter({uid: 1})


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda c: c.__setitem__("SUMMARY", icalendar.vText("Call Bob")), id="title"),
        pytest.param(
            lambda c: c.__setitem__(
                "DTSTART", icalendar.prop.vDDDTypes(c.decoded("DTSTART") + timedelta(hours=2))
            ),
            id="moved",
        ),
        pytest.param(lambda c: c.pop(HASH_PROPERTY), id="hash-removed"),
    ],
)
def test_a_user_edit_is_a_conflict_unless_forced(
    radicale: RadicaleServer,
    http_log: list[tuple[str, str, dict[str, str]]],
    edit: Callable[[Any], None],
) -> None:
    desired = desired_set(range(1, 4))
    sync_calendar(target_for(radicale), desired)
    uid = sorted(desired)[0]
    edit_on_server(radicale, uid, edit)
    users_version = by_uid(radicale)[uid]

    # Ours changes too: still the user's edit wins.
    new_uid, cal = make_item(1, summary="Our new title")
    desired[new_uid] = cal
    http_log.clear()
    report = sync_calendar(target_for(radicale), desired)
    assert len(report.conflicts) == 1 and "edited on the server" in report.conflicts[0]
    assert report.changed == 0 and report.unchanged == 2
    assert methods(http_log)["PUT"] == 0
    assert by_uid(radicale)[uid].data == users_version.data

    report = sync_calendar(target_for(radicale), desired, force=True)
    assert len(report.updated) == 1 and not report.conflicts
    comp = parse(by_uid(radicale)[uid].data)
    assert str(comp["SUMMARY"]) == "Our new title"
    assert stamped_hash(comp) == fingerprint(comp)
    assert sync_calendar(target_for(radicale), desired).changed == 0


def test_a_user_edited_event_is_not_deleted_unless_forced(radicale: RadicaleServer) -> None:
    desired = desired_set(range(1, 5))
    sync_calendar(target_for(radicale), desired)
    uid = sorted(desired)[0]
    edit_on_server(radicale, uid, lambda c: c.__setitem__("LOCATION", icalendar.vText("Café")))
    del desired[uid]

    report = sync_calendar(target_for(radicale), desired)
    assert report.deleted == [] and len(report.conflicts) == 1
    assert uid in stored_uids(radicale)
    report = sync_calendar(target_for(radicale), desired, force=True)
    assert len(report.deleted) == 1 and uid not in stored_uids(radicale)


def test_mass_deletion_guard_refuses_to_delete_everything(radicale: RadicaleServer) -> None:
    sync_calendar(target_for(radicale), desired_set([1, 2]))
    with pytest.raises(MassDeletionError) as caught:
        sync_calendar(target_for(radicale), {})
    message = str(caught.value)
    assert "2 of the 2" in message and "force" in message and "\n" not in message
    assert caught.value.EXIT_CODE == 18
    assert len(radicale.objects()) == 2
    with pytest.raises(MassDeletionError):  # a dry run says so too
        sync_calendar(target_for(radicale), {}, dry_run=True)

    report = sync_calendar(target_for(radicale), {}, force=True)
    assert len(report.deleted) == 2 and radicale.objects() == {}
    assert sync_calendar(target_for(radicale), {}).changed == 0  # nothing left: no guard


def test_mass_deletion_guard_refuses_more_than_half(radicale: RadicaleServer) -> None:
    desired = desired_set(range(1, 6))
    sync_calendar(target_for(radicale), desired)
    keep_two = {uid: desired[uid] for uid in sorted(desired)[:2]}
    with pytest.raises(MassDeletionError, match="3 of the 5"):
        sync_calendar(target_for(radicale), keep_two)
    assert len(radicale.objects()) == 5

    keep_three = {uid: desired[uid] for uid in sorted(desired)[:3]}
    assert len(sync_calendar(target_for(radicale), keep_three).deleted) == 2  # half is fine
    assert len(sync_calendar(target_for(radicale), keep_two, force=True).deleted) == 1


def test_the_guard_counts_only_our_events(radicale: RadicaleServer) -> None:
    radicale.put_object(radicale.calendar_url + "dentist.ics", FOREIGN_ICS, create=True)
    sync_calendar(target_for(radicale), desired_set([1]))
    with pytest.raises(MassDeletionError, match="1 of the 1"):
        sync_calendar(target_for(radicale), {})


# -- interrupted syncs -----------------------------------------------------------------------


def test_a_sync_cut_short_converges_on_rerun(radicale: RadicaleServer) -> None:
    desired = desired_set(range(1, 11))

    def stop_after_four(done: int, total: int) -> None:
        if done == 4:
            radicale.stop()

    with pytest.raises(ConnectionFailedError):
        sync_calendar(target_for(radicale), desired, progress=stop_after_four)
    radicale.start()
    assert sum(stored_uids(radicale).values()) == 4

    calls: list[tuple[int, int]] = []
    report = sync_calendar(
        target_for(radicale), desired, progress=lambda d, t: calls.append((d, t))
    )
    assert len(report.created) == 6 and report.unchanged == 4
    assert calls == [(i, 6) for i in range(7)]
    assert stored_uids(radicale) == Counter(dict.fromkeys(desired, 1))
    assert sync_calendar(target_for(radicale), desired).changed == 0


def test_a_create_that_finds_the_object_already_there_treats_it_as_existing(
    radicale: RadicaleServer, http_log: list[tuple[str, str, dict[str, str]]]
) -> None:
    """As when a previous run's PUT reached the server but its answer never came back."""
    desired = desired_set(range(1, 4))
    early_uid = sorted(desired)[0]

    def write_behind_our_back(done: int, total: int) -> None:
        if done == 0:  # after the listing, before the first write
            href = radicale.calendar_url + resource_name(early_uid)
            radicale.put_object(href, desired[early_uid].to_ical(), create=True)

    report = sync_calendar(target_for(radicale), desired, progress=write_behind_our_back)
    assert len(report.created) == 2 and report.unchanged == 1 and not report.conflicts
    assert stored_uids(radicale) == Counter(dict.fromkeys(desired, 1))
    assert methods(http_log)["PUT"] == 3 and methods(http_log)["GET"] == 1  # 412, re-read


def test_an_object_changed_during_the_sync_is_a_conflict_not_overwritten(
    radicale: RadicaleServer,
) -> None:
    desired = desired_set(range(1, 3))
    sync_calendar(target_for(radicale), desired)
    uid = sorted(desired)[0]
    new_uid, cal = make_item(1, summary="Ours")
    desired[new_uid] = cal

    def race(done: int, total: int) -> None:
        if done == 0:
            edit_on_server(radicale, uid, lambda c: c.__setitem__("SUMMARY", "Theirs"))

    report = sync_calendar(target_for(radicale), desired, progress=race)
    assert report.updated == [] and len(report.conflicts) == 1
    assert "during the sync" in report.conflicts[0]
    assert str(parse(by_uid(radicale)[uid].data)["SUMMARY"]) == "Theirs"


def test_our_uid_appearing_elsewhere_during_the_sync_is_a_conflict(
    radicale: RadicaleServer,
) -> None:
    desired = desired_set(range(1, 3))
    uid = sorted(desired)[0]

    def race(done: int, total: int) -> None:
        if done == 0:  # the same UID at another address: Radicale answers 409 no-uid-conflict
            radicale.put_object(radicale.calendar_url + "elsewhere.ics", desired[uid].to_ical())

    report = sync_calendar(target_for(radicale), desired, progress=race)
    assert len(report.created) == 1 and len(report.conflicts) == 1
    assert "(409)" in report.conflicts[0]
    assert stored_uids(radicale) == Counter(dict.fromkeys(desired, 1))
    assert sync_calendar(target_for(radicale), desired).changed == 0  # found at its address


def test_a_copy_imported_from_the_ics_file_is_updated_in_place(radicale: RadicaleServer) -> None:
    """The user imported followcal's .ics file into this calendar before ever syncing."""
    desired = desired_set(range(1, 4))
    uid = sorted(desired)[1]
    imported = radicale.calendar_url + "3f2a-imported.ics"
    radicale.put_object(imported, desired[uid].to_ical(), create=True)

    report = sync_calendar(target_for(radicale), desired)
    assert len(report.created) == 2 and report.unchanged == 1
    new_uid, cal = make_item(2, summary="Renamed")
    desired[new_uid] = cal
    report = sync_calendar(target_for(radicale), desired)
    assert len(report.updated) == 1
    assert str(parse(radicale.objects()[imported].data)["SUMMARY"]) == "Renamed"
    assert stored_uids(radicale) == Counter(dict.fromkeys(desired, 1))


# -- calendars -------------------------------------------------------------------------------


def test_discovery_from_the_root_and_from_the_calendar_url(radicale: RadicaleServer) -> None:
    desired = desired_set([1])
    report = sync_calendar(target_for(radicale, url=radicale.url), desired)  # its only calendar
    assert report.calendar_name == CALENDAR_NAME and len(report.created) == 1
    assert report.calendar_url == radicale.calendar_url
    report = sync_calendar(target_for(radicale, url=radicale.calendar_url), desired)
    assert report.calendar_name == CALENDAR_NAME and report.unchanged == 1
    principal = radicale.user_url()
    report = sync_calendar(target_for(radicale, url=principal, calendar=CALENDAR_NAME), desired)
    assert report.unchanged == 1
    report = sync_calendar(
        target_for(radicale, url=radicale.url, calendar=radicale.path_of(radicale.calendar_url)),
        desired,
    )
    assert report.unchanged == 1


def test_several_calendars_select_by_name_or_complain(radicale: RadicaleServer) -> None:
    other = radicale.make_calendar("work", "Work")
    report = sync_calendar(target_for(radicale, url=radicale.url, calendar="work"), {})
    assert report.calendar_url == other  # by the last path segment, and names ignore case
    with pytest.raises(CalendarNotFoundError) as caught:
        sync_calendar(target_for(radicale, url=radicale.url), {})
    assert "'Work'" in str(caught.value) and f"'{CALENDAR_NAME}'" in str(caught.value)


def test_an_unknown_calendar_lists_the_existing_ones(radicale: RadicaleServer) -> None:
    with pytest.raises(CalendarNotFoundError) as caught:
        sync_calendar(target_for(radicale, url=radicale.url, calendar="Job hunt"), {})
    message = str(caught.value)
    assert "'Job hunt'" in message and f"'{CALENDAR_NAME}'" in message
    assert caught.value.EXIT_CODE == 12 and "\n" not in message


def test_create_makes_the_missing_calendar(radicale: RadicaleServer) -> None:
    target = target_for(radicale, url=radicale.url, calendar="Job hunt", create=True)
    dry = sync_calendar(target, desired_set([1, 2]), dry_run=True)
    assert dry.calendar_created and len(dry.created) == 2
    assert "Job hunt" not in radicale.calendars().values()

    report = sync_calendar(target, desired_set([1, 2]))
    assert report.calendar_created and len(report.created) == 2
    calendars = radicale.calendars()
    assert calendars[report.calendar_url] == "Job hunt"
    assert len(radicale.objects(report.calendar_url)) == 2
    again = sync_calendar(target, desired_set([1, 2]))
    assert not again.calendar_created and again.unchanged == 2
    assert len(radicale.calendars()) == 2


# -- errors ----------------------------------------------------------------------------------


def check_one_line_without_secrets(error: FollowcalError, *secrets: str) -> None:
    message = str(error)
    assert message and "\n" not in message
    for secret in secrets:
        assert secret not in message


def test_a_wrong_password_is_an_authentication_error(radicale: RadicaleServer) -> None:
    wrong = "hunter2-not-the-password"
    with pytest.raises(AuthenticationError) as caught:
        sync_calendar(target_for(radicale, password=wrong), desired_set([1]))
    assert caught.value.EXIT_CODE == 10
    check_one_line_without_secrets(caught.value, wrong)

    in_url = radicale.url.replace("://", f"://{radicale.username}:{wrong}@")
    with pytest.raises(AuthenticationError) as caught:
        sync_calendar(target_for(radicale, url=in_url, username=None, password=None), {})
    check_one_line_without_secrets(caught.value, wrong)


def test_another_users_calendar_is_a_permission_error(radicale: RadicaleServer) -> None:
    radicale.add_user("bob", "bobs password")
    bobs = radicale.make_calendar("bobs", "Bob's", username="bob", password="bobs password")
    with pytest.raises(PermissionDeniedError) as caught:
        sync_calendar(target_for(radicale, url=bobs), desired_set([1]))
    assert caught.value.EXIT_CODE == 11
    check_one_line_without_secrets(caught.value, radicale.password)


def test_a_missing_calendar_url_is_not_found(radicale: RadicaleServer) -> None:
    with pytest.raises(CalendarNotFoundError) as caught:
        sync_calendar(target_for(radicale, url=radicale.calendar_url + "nope/"), {})
    check_one_line_without_secrets(caught.value, radicale.password)


def test_a_rejected_object_carries_the_servers_reason(radicale: RadicaleServer) -> None:
    uid, cal = make_item(1)
    comp = cal.subcomponents[0]
    comp["DTSTART"] = icalendar.vText("not-a-date")
    with pytest.raises(RejectedObjectError) as caught:
        sync_calendar(target_for(radicale), {uid: cal})
    assert caught.value.EXIT_CODE == 13
    assert "(400): Bad Request" in str(caught.value)  # all Radicale says; its log has more
    check_one_line_without_secrets(caught.value, radicale.password)


def test_nextclouds_reason_for_a_refused_object_is_shown() -> None:
    from caldav.response import DAVResponse

    from followcal.sync import _Session

    body = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" '
        b'xmlns:s="http://sabredav.org/ns"><s:exception>Sabre\\DAV\\Exception\\'
        b"UnsupportedMediaType</s:exception><s:message>Validation error in iCalendar: "
        b"The supplied iCalendar object is not valid</s:message></d:error>"
    )
    session = _Session(SyncTarget(url="https://cloud.example.com/remote.php/dav", password="pw"))
    reason = session.reason(DAVResponse.from_bytes(body, status_code=415))
    assert reason == "Validation error in iCalendar: The supplied iCalendar object is not valid"
    error = session._status_error(415, "https://cloud.example.com/x.ics", reason, "creating 'X'")
    assert isinstance(error, RejectedObjectError) and reason in str(error)


def test_server_down_is_a_connection_error(radicale: RadicaleServer) -> None:
    radicale.stop()
    with pytest.raises(ConnectionFailedError) as caught:
        sync_calendar(target_for(radicale), desired_set([1]))
    assert caught.value.EXIT_CODE == 16
    assert "refused" in str(caught.value)
    check_one_line_without_secrets(caught.value, radicale.password)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A port that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/cal/"
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        sock.close()


def test_a_silent_server_is_a_timeout(silent_server: str) -> None:
    target = SyncTarget(url=silent_server, username="u", password="secret-pw", calendar=None)
    target.timeout = 0.3
    with pytest.raises(ServerTimeoutError) as caught:
        sync_calendar(target, {})
    assert caught.value.EXIT_CODE == 17
    check_one_line_without_secrets(caught.value, "secret-pw")


def test_tls_is_verified_and_a_private_ca_can_be_trusted(tmp_path: Path) -> None:
    cert, key = self_signed_certificate(tmp_path)
    server = start_radicale(tmp_path / "tls-radicale", tls=(cert, key))
    try:
        target = target_for(server)
        with pytest.raises(TLSError) as caught:
            sync_calendar(target, desired_set([1]))
        assert caught.value.EXIT_CODE == 15 and "ca_bundle" in str(caught.value)
        check_one_line_without_secrets(caught.value, server.password)

        target.ca_bundle = str(cert)
        assert len(sync_calendar(target, desired_set([1])).created) == 1
    finally:
        server.stop()


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from ipaddress import IPv4Address

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "followcal test CA")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_every_sync_error_has_its_own_exit_code() -> None:
    classes = [SyncError, *SyncError.__subclasses__()]
    codes = [cls.EXIT_CODE for cls in classes]
    assert len(set(codes)) == len(codes) == 10
    assert all(10 <= code <= 19 for code in codes)


def test_sync_report_shape_and_no_password_in_repr() -> None:
    report = SyncReport(calendar_url="u", calendar_name=None, created=["a"], deleted=["b"])
    assert report.changed == 2 and report.unchanged == 0
    target = SyncTarget(url="https://x:s3cret@h.example/dav/", username="x", password="s3cret")
    assert "s3cret" not in repr(target) and "h.example/dav/" in repr(target)


# -- fingerprint -----------------------------------------------------------------------------


def refold(text: str, width: int) -> str:
    """Unfold every line, then fold again at `width` characters."""
    lines = text.replace("\r\n ", "").split("\r\n")
    out = []
    for line in lines:
        chunks = [line[i : i + width] for i in range(0, len(line), width)] or [""]
        out.append("\r\n ".join(chunks))
    return "\r\n".join(out)


def test_fingerprint_ignores_volatile_properties_order_case_and_folding() -> None:
    _, cal = make_item(1, tz=BERLIN)
    event = cal.subcomponents[-1]
    base = fingerprint(event)
    text = cal.to_ical().decode()

    event2 = icalendar.Calendar.from_ical(text).subcomponents[-1]
    event2["DTSTAMP"] = icalendar.prop.vDDDTypes(datetime(2030, 1, 1, tzinfo=UTC))
    event2.add("sequence", 7)
    event2.add("last-modified", datetime(2030, 1, 1, tzinfo=UTC))
    event2.add("created", datetime(2030, 1, 1, tzinfo=UTC))
    event2["DESCRIPTION"] = icalendar.vText(str(event["DESCRIPTION"]).replace("\n", "\r\n") + "  ")
    # the same instant written in UTC instead of Berlin time
    event2["DTSTART"] = icalendar.prop.vDDDTypes(event.decoded("DTSTART").astimezone(UTC))
    assert fingerprint(event2) == base

    lines = refold(text, 1000).split("\r\n")
    uid_line = next(line for line in lines if line.startswith("UID:"))
    lines.remove(uid_line)
    lines.insert(lines.index("END:VEVENT"), uid_line)  # property order
    rewritten = refold("\r\n".join(lines), 40)  # folding
    rewritten = rewritten.replace(";TZID=", ";tzid=").replace("ACTION:DISPLAY", "ACTION:display")
    rewritten = rewritten.replace("PRODID:-//followcal//tests//EN", "PRODID:-//Radicale//EN")
    assert rewritten != text
    assert fingerprint(icalendar.Calendar.from_ical(rewritten)) == base

    moved = icalendar.Calendar.from_ical(text).subcomponents[-1]
    moved["DTSTART"] = icalendar.prop.vDDDTypes(event.decoded("DTSTART") + timedelta(hours=1))
    assert fingerprint(moved) != base
    retitled = icalendar.Calendar.from_ical(text).subcomponents[-1]
    retitled["SUMMARY"] = icalendar.vText("Other")
    assert fingerprint(retitled) != base
    realarmed = icalendar.Calendar.from_ical(text).subcomponents[-1]
    realarmed.subcomponents[0]["TRIGGER"] = icalendar.prop.vDDDTypes(timedelta(minutes=-30))
    assert fingerprint(realarmed) != base
    remarked = icalendar.Calendar.from_ical(text).subcomponents[-1]
    remarked["X-FOLLOWCAL-STEP"] = icalendar.vText("second")
    assert fingerprint(remarked) != base


def test_fingerprint_treats_duration_and_dtend_alike() -> None:
    _, cal = make_item(1)
    event = cal.subcomponents[0]
    with_duration = icalendar.Calendar.from_ical(cal.to_ical()).subcomponents[0]
    end = with_duration.decoded("DTEND")
    del with_duration["DTEND"]
    with_duration.add("duration", end - with_duration.decoded("DTSTART"))
    assert fingerprint(with_duration) == fingerprint(event)


def test_stamp_sets_the_hash_and_is_deterministic() -> None:
    _, cal = make_item(3)
    event = cal.subcomponents[0]
    first = str(event[HASH_PROPERTY])
    stamp(event)
    assert str(event[HASH_PROPERTY]) == first == fingerprint(event) == fingerprint(cal)
    assert len(first) == 64 and int(first, 16) >= 0


# -- credentials -----------------------------------------------------------------------------

URL = "https://cal.example.com/remote.php/dav"


def no_prompt(question: str) -> str:
    raise AssertionError("must not prompt")


def test_password_from_the_environment_comes_first() -> None:
    env = {"FOLLOWCAL_PASSWORD": "from-env"}
    assert (
        resolve_password("ann", URL, env=env, password_command="false", prompt=no_prompt)
        == "from-env"
    )


def test_password_command_output_without_its_newline() -> None:
    command = f"{sys.executable} -c \"print('s3 cr3t ')\""
    assert resolve_password("ann", URL, env={}, password_command=command) == "s3 cr3t "


def test_a_failing_password_command_does_not_echo_its_output() -> None:
    command = f"{sys.executable} -c \"import sys; print('leaked-secret'); sys.exit(3)\""
    with pytest.raises(CredentialsError) as caught:
        resolve_password("ann", URL, env={}, password_command=command)
    assert "exit status 3" in str(caught.value) and "leaked-secret" not in str(caught.value)
    with pytest.raises(CredentialsError, match="not found"):
        resolve_password("ann", URL, env={}, password_command="no-such-program-xyz --get")


class FakeKeyring:
    def __init__(self, store: dict[tuple[str, str], str]) -> None:
        self.store = store

    def get_password(self, service: str, key: str) -> str | None:
        return self.store.get((service, key))


def test_password_from_the_keyring_then_the_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        sys.modules, "keyring", FakeKeyring({("followcal", "ann@cal.example.com"): "kr"})
    )
    assert resolve_password("ann", URL, env={}, prompt=no_prompt) == "kr"

    monkeypatch.setitem(sys.modules, "keyring", FakeKeyring({}))
    asked: list[str] = []
    answer = resolve_password(
        "ann", URL, env={}, allow_prompt=True, prompt=lambda q: asked.append(q) or "typed"
    )
    assert answer == "typed" and asked == ["Password for ann@cal.example.com: "]

    with pytest.raises(CredentialsError) as caught:
        resolve_password("ann", URL, env={}, allow_prompt=False, prompt=no_prompt)
    message = str(caught.value)
    assert "FOLLOWCAL_PASSWORD" in message and "keyring" in message
    assert caught.value.EXIT_CODE == 6
