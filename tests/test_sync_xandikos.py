"""followcal.sync against a real Xandikos, a server that sends Schedule-Tag (no mocks).

Xandikos answers every calendar object's GET and PUT with a `Schedule-Tag` beside the ETag.
caldav 3.6 then guards its own writes with `If-Schedule-Tag-Match` (shared/COMPAT.md), and
Xandikos changes the Schedule-Tag only when a scheduling property changes (SUMMARY, DTSTART,
...), not an alarm: a user's edit of an alarm would pass that check and be overwritten.
followcal must send `If-Match: <etag>` to update and delete, and these tests show it does and
that Xandikos honours it.
"""

# The fixtures are imported, and pytest hands them to the tests as arguments of the same
# name: that is the point, not a redefinition.
# ruff: noqa: F811

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
import pytest

from followcal.sync import MassDeletionError, SyncTarget, resource_name, sync_calendar
from tests.test_sync import (
    FOREIGN_ICS,
    LOOKALIKE_ICS,
    by_uid,
    desired_set,
    edit_on_server,
    http_log,  # noqa: F401
    make_item,
    parse,
    target_for,
)
from tests.xandikos_server import XandikosServer, xandikos  # noqa: F401

Log = list[tuple[str, str, dict[str, str]]]


def writes(log: Log) -> list[tuple[str, str, dict[str, str]]]:
    return [entry for entry in log if entry[0] in ("PUT", "DELETE")]


def header(headers: dict[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


def later_alarm(comp: Any) -> None:
    """The user's edit that leaves Xandikos's Schedule-Tag as it was: a reminder an hour before."""
    (alarm,) = [c for c in comp.subcomponents if c.name == "VALARM"]
    alarm.pop("TRIGGER")
    alarm.add("trigger", timedelta(hours=-1))


def trigger_of(data: str) -> timedelta:
    (alarm,) = [c for c in parse(data).subcomponents if c.name == "VALARM"]
    return alarm.decoded("TRIGGER")


# -- why this server ---------------------------------------------------------------------------


def test_xandikos_sends_a_schedule_tag_that_misses_an_alarm_edit(xandikos: XandikosServer) -> None:
    uid, cal = make_item(1)
    sync_calendar(target_for(xandikos), {uid: cal})
    href = xandikos.calendar_url + resource_name(uid)

    got = xandikos.dav("GET", href)
    assert got.status == 200
    etag, tag = header(got.headers, "ETag"), header(got.headers, "Schedule-Tag")
    assert etag and tag and tag != etag  # both, and not the same validator

    # A user's app edits only the alarm: a new ETag, the same Schedule-Tag.
    edited = icalendar.Calendar.from_ical(got.body)
    later_alarm(next(c for c in edited.subcomponents if c.name == "VEVENT"))
    put = xandikos.put_object(href, edited.to_ical(), etag=etag)
    assert header(put.headers, "Schedule-Tag") == tag
    assert header(put.headers, "ETag") not in (None, etag)
    assert header(xandikos.dav("GET", href).headers, "Schedule-Tag") == tag

    # So a write guarded by the old ETag is refused, one guarded by the old Schedule-Tag is not.
    ours = cal.to_ical()
    ics = {"Content-Type": "text/calendar; charset=utf-8"}
    assert xandikos.dav("PUT", href, ours, {**ics, "If-Match": etag}).status == 412
    assert xandikos.dav("DELETE", href, headers={"If-Match": etag}).status == 412
    assert trigger_of(xandikos.dav("GET", href).text) == timedelta(hours=-1)
    assert xandikos.dav("PUT", href, ours, {**ics, "If-Schedule-Tag-Match": tag}).status == 204
    assert trigger_of(xandikos.dav("GET", href).text) == timedelta(minutes=-15)  # edit lost


# -- the sync ----------------------------------------------------------------------------------


def test_first_sync_creates_every_object_and_the_second_writes_nothing(
    xandikos: XandikosServer, http_log: Log
) -> None:
    desired = desired_set(range(1, 4))
    first = sync_calendar(target_for(xandikos), desired)

    assert len(first.created) == 3
    assert first.updated == first.deleted == first.conflicts == []
    assert first.calendar_name == "calendar"
    assert first.requests == len(http_log)
    assert [header(h, "If-None-Match") for _, _, h in writes(http_log)] == ["*"] * 3
    stored = xandikos.objects()
    assert set(stored) == {xandikos.calendar_url + resource_name(uid) for uid in desired}
    for obj in stored.values():
        got = xandikos.dav("GET", obj.href)
        assert header(got.headers, "Schedule-Tag")
        assert header(got.headers, "ETag") == obj.etag

    http_log.clear()
    second = sync_calendar(target_for(xandikos), desired)
    assert second.changed == 0
    assert second.unchanged == 3
    assert second.conflicts == []
    assert second.requests == len(http_log) == 3  # a PROPFIND, a REPORT per kind
    assert writes(http_log) == []
    assert {h: o.etag for h, o in xandikos.objects().items()} == {
        h: o.etag for h, o in stored.items()
    }


def test_a_changed_object_is_updated_with_if_match(xandikos: XandikosServer, http_log: Log) -> None:
    desired = desired_set(range(1, 4))
    sync_calendar(target_for(xandikos), desired)
    before = by_uid(xandikos)
    uid, changed = make_item(2, summary="Second follow-up with company 2")
    desired[uid] = changed

    http_log.clear()
    report = sync_calendar(target_for(xandikos), desired)

    assert report.updated == ["Second follow-up with company 2 (2026-03-05 09:30)"]
    assert report.created == report.deleted == report.conflicts == []
    assert report.unchanged == 2
    ((method, url, headers),) = writes(http_log)
    assert (method, url) == ("PUT", before[uid].href)
    assert header(headers, "If-Match") == before[uid].etag
    assert header(headers, "If-Schedule-Tag-Match") is None
    assert header(headers, "If-None-Match") is None
    # Xandikos accepted it: new content under a new ETag, the others untouched.
    after = by_uid(xandikos)
    assert after[uid].etag != before[uid].etag
    assert str(parse(after[uid].data)["SUMMARY"]) == "Second follow-up with company 2"
    assert int(parse(after[uid].data)["SEQUENCE"]) == 1
    assert {u: o.etag for u, o in after.items() if u != uid} == {
        u: o.etag for u, o in before.items() if u != uid
    }


def test_a_removed_object_is_deleted_with_if_match(xandikos: XandikosServer, http_log: Log) -> None:
    desired = desired_set(range(1, 4))
    sync_calendar(target_for(xandikos), desired)
    before = by_uid(xandikos)
    gone = "step-0003@followcal"
    del desired[gone]

    http_log.clear()
    report = sync_calendar(target_for(xandikos), desired)

    assert report.deleted == ["Follow up with company 3 (2026-03-07 09:30)"]
    assert report.created == report.updated == report.conflicts == []
    ((method, url, headers),) = writes(http_log)
    assert (method, url) == ("DELETE", before[gone].href)
    assert header(headers, "If-Match") == before[gone].etag
    assert header(headers, "If-Schedule-Tag-Match") is None
    assert set(by_uid(xandikos)) == set(desired)
    assert xandikos.dav("GET", before[gone].href).status == 404


def test_a_user_edit_is_a_conflict_and_force_overwrites_it(
    xandikos: XandikosServer, http_log: Log
) -> None:
    desired = desired_set(range(1, 4))
    sync_calendar(target_for(xandikos), desired)
    uid = "step-0001@followcal"
    edit_on_server(xandikos, uid, later_alarm)  # Schedule-Tag unchanged, ETag new
    edited = by_uid(xandikos)[uid]

    http_log.clear()
    report = sync_calendar(target_for(xandikos), desired)
    assert report.changed == 0
    assert report.conflicts == [
        "Follow up with company 1 (2026-03-03 09:30): edited on the server, so not overwritten"
    ]
    assert writes(http_log) == []
    assert by_uid(xandikos)[uid].etag == edited.etag

    http_log.clear()
    forced = sync_calendar(target_for(xandikos), desired, overwrite_edits=True)
    assert forced.updated == ["Follow up with company 1 (2026-03-03 09:30)"]
    assert forced.conflicts == []
    ((method, _, headers),) = writes(http_log)
    assert method == "PUT"
    assert header(headers, "If-Match") == edited.etag
    assert trigger_of(by_uid(xandikos)[uid].data) == timedelta(minutes=-15)
    assert sync_calendar(target_for(xandikos), desired).changed == 0


def test_an_edit_during_the_sync_is_refused_by_if_match(xandikos: XandikosServer) -> None:
    """The case If-Schedule-Tag-Match would lose: an alarm edited between listing and writing."""
    desired = desired_set(range(1, 5))
    sync_calendar(target_for(xandikos), desired)
    changed_uid, changed = make_item(2, summary="Second follow-up with company 2")
    desired[changed_uid] = changed
    deleted_uid = "step-0003@followcal"
    del desired[deleted_uid]

    def user_edits_alarms(done: int, total: int) -> None:
        if done == 0:
            tags = {
                u: header(xandikos.dav("GET", o.href).headers, "Schedule-Tag")
                for u, o in by_uid(xandikos).items()
            }
            for uid in (changed_uid, deleted_uid):
                edit_on_server(xandikos, uid, later_alarm)
            for uid, obj in by_uid(xandikos).items():  # not a scheduling change for Xandikos
                assert header(xandikos.dav("GET", obj.href).headers, "Schedule-Tag") == tags[uid]

    report = sync_calendar(target_for(xandikos), desired, progress=user_edits_alarms)

    assert report.updated == report.deleted == []
    assert sorted(report.conflicts) == [
        "Follow up with company 3 (2026-03-07 09:30): changed on the server during the sync",
        "Second follow-up with company 2 (2026-03-05 09:30): changed on the server during the sync",
    ]
    stored = by_uid(xandikos)
    for uid in (changed_uid, deleted_uid):
        assert trigger_of(stored[uid].data) == timedelta(hours=-1)
    assert str(parse(stored[changed_uid].data)["SUMMARY"]) == "Follow up with company 2"


def test_foreign_objects_survive_even_a_forced_sync_of_nothing(xandikos: XandikosServer) -> None:
    foreign = xandikos.calendar_url + "dentist.ics"
    lookalike = xandikos.calendar_url + "my-note.ics"
    xandikos.put_object(foreign, FOREIGN_ICS, create=True)
    xandikos.put_object(lookalike, LOOKALIKE_ICS, create=True)
    desired = desired_set(range(1, 3))
    sync_calendar(target_for(xandikos), desired)
    before = xandikos.objects()
    assert len(before) == 4

    with pytest.raises(MassDeletionError):
        sync_calendar(target_for(xandikos), {})
    report = sync_calendar(target_for(xandikos), {}, allow_deletions=True, overwrite_edits=True)

    assert len(report.deleted) == 2
    assert report.conflicts == []
    after = xandikos.objects()
    assert set(after) == {foreign, lookalike}
    assert {h: o.etag for h, o in after.items()} == {h: before[h].etag for h in after}
    assert str(parse(after[foreign].data)["SUMMARY"]) == "Dentist"


def test_the_calendar_is_found_from_the_server_root_and_made_on_request(
    xandikos: XandikosServer,
) -> None:
    desired = desired_set(range(1, 3))
    root = SyncTarget(url=xandikos.url, username=xandikos.username, password=xandikos.password)
    report = sync_calendar(root, desired)
    assert report.calendar_url == xandikos.calendar_url
    assert len(report.created) == 2

    made = SyncTarget(url=xandikos.url, calendar="Job search", create=True)
    report = sync_calendar(made, desired)
    assert report.calendar_created
    assert report.calendar_name == "Job search"
    assert report.calendar_url != xandikos.calendar_url
    assert len(xandikos.objects(report.calendar_url)) == 2
    assert sync_calendar(made, desired).changed == 0
