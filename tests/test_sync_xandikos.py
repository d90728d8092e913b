"""Xandikos only: why followcal sends If-Match itself (the shared suite is test_sync_servers).

Xandikos answers every calendar object's GET and PUT with a `Schedule-Tag` beside the ETag.
caldav 3.6 then guards its own writes with `If-Schedule-Tag-Match` (shared/COMPAT.md), and
Xandikos changes the Schedule-Tag only when a scheduling property changes (SUMMARY, DTSTART,
...), not an alarm: a user's edit of an alarm would pass that check and be overwritten.
followcal must send `If-Match: <etag>` to update and delete, and these tests show it does and
that Xandikos honours it.
"""

# The fixtures are imported, and pytest hands them to the tests as arguments of the same
# name: that is the point, not a redefinition.

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar

from followcal.sync import SyncTarget, resource_name, sync_calendar
from tests.test_sync import (
    desired_set,
    make_item,
    parse,
    target_for,
)
from tests.xandikos_server import XandikosServer

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
