"""What broke on Nextcloud's engine (issue 18), on the kit in ../shared/servers/nextcloud-sabre/.

sabre/dav 4.7.0, as Nextcloud 31/32 bundle it, with Nextcloud's one-UID rule and calendar trash
bin emulated in each generation: `reject` (NC 22 until PR #34375: re-creating a trashed UID
gets 400), `rename` (until PR #61881: the third delete of one address gets 403) and `purge`.
"""

from __future__ import annotations

import os
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from followcal.fingerprint import stamp
from followcal.sync import resource_name, sync_calendar
from tests.nextcloud_server import NextcloudServer, nextcloud_available
from tests.test_sync import desired_set, make_item, parse, target_for


def _running(mode: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NextcloudServer]:
    if not nextcloud_available() and not os.environ.get("CI"):
        pytest.skip("PHP or ../shared/servers/nextcloud-sabre is missing (make test installs PHP)")
    server = NextcloudServer(root=tmp_path_factory.mktemp("nc"), trashbin=mode)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module", params=["reject", "rename", "purge"])
def each_generation(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NextcloudServer]:
    yield from _running(request.param, tmp_path_factory)


@pytest.fixture(scope="module")
def rename_generation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NextcloudServer]:
    """NC 22 after PR #34375, until PR #61881 (Nextcloud 31 and 32 as released)."""
    yield from _running("rename", tmp_path_factory)


def _fresh_calendar(server: NextcloudServer) -> NextcloudServer:
    slug = "t-" + uuid.uuid4().hex[:12]
    server.calendar_url = server.make_calendar(slug, "Followcal " + slug)
    return server


@pytest.fixture
def nc_any(each_generation: NextcloudServer) -> NextcloudServer:
    return _fresh_calendar(each_generation)


@pytest.fixture
def nc(rename_generation: NextcloudServer) -> NextcloudServer:
    return _fresh_calendar(rename_generation)


def base_uid(uid: str) -> str:
    """A step's UID, whatever generation of it (UUID.gXXXXXXXX@followcal) the server holds."""
    return re.sub(r"\.g[0-9a-f]{8}(?=@followcal$)", "", uid)


def base_uids(server: NextcloudServer) -> Counter[str]:
    return Counter(base_uid(str(parse(o.data)["UID"])) for o in server.objects().values())


def test_events_that_come_back_from_the_trash_are_recreated_on_every_generation(
    nc_any: NextcloudServer,
) -> None:
    nc = nc_any
    """status heard-back, then the user reopens the interview, three times over."""
    desired = desired_set(range(1, 4))
    interviews = {f"interview-{n}" for n in range(1, 4)}
    for _round in range(3):
        report = sync_calendar(target_for(nc), desired, interviews=interviews)
        assert len(report.created) == 3 and not report.conflicts
        assert base_uids(nc) == Counter(dict.fromkeys(desired, 1))
        report = sync_calendar(target_for(nc), {}, interviews=interviews)
        assert len(report.deleted) == 3
        assert nc.objects() == {}
    assert sync_calendar(target_for(nc), desired, interviews=interviews).changed == 3
    assert sync_calendar(target_for(nc), desired, interviews=interviews).changed == 0


def _fill_the_trash(nc: NextcloudServer, href: str, ics: bytes) -> None:
    """What followcal 0.1 did at one deterministic address: create, delete, three times over."""
    for _ in range(2):
        nc.put_object(href, ics, create=True)
        assert nc.dav("DELETE", href).status == 204
    nc.put_object(href, ics, create=True)


def test_one_refused_object_does_not_stop_the_sync(nc: NextcloudServer) -> None:
    desired = desired_set(range(1, 6))
    stuck_uid = sorted(desired)[0]
    stuck = nc.calendar_url + resource_name(stuck_uid)
    _fill_the_trash(nc, stuck, desired[stuck_uid].to_ical())
    # One the server cannot validate (a date where a date-time belongs): 415 with a reason.
    bad_uid, bad = make_item(9, todo=True)
    task = bad.subcomponents[-1]
    task["COMPLETED"] = icalendar.vText("20260309")
    stamp(task)
    wanted = {uid: cal for uid, cal in desired.items() if uid != stuck_uid} | {bad_uid: bad}
    interviews = {f"interview-{n}" for n in (*range(1, 6), 9)}

    report = sync_calendar(target_for(nc), wanted, interviews=interviews)

    assert len(report.created) == 4 and report.unchanged == 0
    assert len(report.refused) == 2, report.refused
    refused = " | ".join(report.refused)
    assert "can't be moved into the trashbin" in refused  # the server's own words
    assert "Empty trash bin" in refused  # and what the user can do
    assert "Validation error in iCalendar" in refused
    assert sorted(report.refused_exit) == [11, 13] and report.exit_code == 11
    assert all(len(line) < 800 and "\n" not in line for line in report.refused)
    assert base_uids(nc) == Counter(dict.fromkeys([*wanted.keys() - {bad_uid}, stuck_uid], 1))

    # The user empties the trash bin: the next sync converges.
    import sqlite3

    with sqlite3.connect(nc.work / "data" / "db.sqlite") as db:
        db.execute("DELETE FROM nc_trash")
    del wanted[bad_uid]
    report = sync_calendar(target_for(nc), wanted, interviews=interviews)
    assert report.deleted and not report.refused and report.exit_code == 0
    assert base_uids(nc) == Counter(dict.fromkeys(wanted, 1))


def test_a_bare_host_url_finds_the_calendar_through_well_known(nc: NextcloudServer) -> None:
    """RFC 6764: DAVx5 and iOS accept https://HOST/; Nextcloud answers 301 to /remote.php/dav/."""
    name = "Followcal " + nc.calendar_url.rstrip("/").rsplit("/", 1)[1]
    report = sync_calendar(target_for(nc, url=nc.base, calendar=name), desired_set([1]))
    assert len(report.created) == 1 and report.calendar_url == nc.calendar_url


def test_a_403_names_the_servers_reason(nc: NextcloudServer, tmp_path: Path) -> None:
    uid, cal = make_item(1)
    href = nc.calendar_url + resource_name(uid)
    _fill_the_trash(nc, href, cal.to_ical())
    report = sync_calendar(target_for(nc), {}, interviews={"interview-1"})
    (line,) = report.refused
    assert "(403)" in line and "already exists in calendar" in line
    assert line.startswith("Follow up with company 1 (")
