"""The sync suite, one class run against every server: Radicale, Xandikos and SOGo.

vdirsyncer's pattern: one generic test class, a server per module and kind
(tests/dav_servers.py), a fresh calendar per test. Each server differs where it matters:
Radicale re-serializes what it stores, Xandikos sends Schedule-Tag (caldav's own update would
send If-Schedule-Tag-Match and overwrite an alarm the user changed), and SOGo ignores
`If-None-Match: *` and `If-Match` on DELETE and answers a query without a component kind with
nothing. The same guarantees must hold on each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from followcal.fingerprint import HASH_PROPERTY, fingerprint, stamp, stamped_hash
from followcal.sync import MassDeletionError, resource_name, sync_calendar
from followcal.sync.quirks import quirks_of
from followcal.sync.reconcile import base_uid
from tests.dav_servers import DavServer
from tests.test_sync import (
    BERLIN,
    FOREIGN_ICS,
    LOOKALIKE_ICS,
    by_uid,
    desired_set,
    edit_on_server,
    make_item,
    methods,
    parse,
    stored_uids,
    target_for,
    tick_done,
    writer_like,
)


class TestSyncOnEveryServer:
    def test_first_sync_creates_the_events_with_their_alarms(self, dav: DavServer) -> None:
        desired = desired_set(range(1, 4))
        report = sync_calendar(target_for(dav), desired)

        assert len(report.created) == 3
        assert report.updated == report.deleted == report.conflicts == []
        assert "Follow up with company 1 (" in report.created[0]
        stored = dav.objects()
        # Each at the address its UID names; on Nextcloud, a generation of the step's UID of its
        # own (its trash bin never takes a deleted UID or address back).
        stored_steps = Counter(base_uid(str(parse(o.data)["UID"])) for o in stored.values())
        assert stored_steps == Counter(dict.fromkeys(desired, 1))
        for obj in stored.values():
            comp = parse(obj.data)
            assert obj.href.endswith("/" + resource_name(str(comp["UID"])))
            uid = base_uid(str(comp["UID"]))
            assert (uid == str(comp["UID"])) == (report.server != "nextcloud")
            assert "METHOD" not in icalendar.Calendar.from_ical(obj.data)
            (alarm,) = [c for c in comp.subcomponents if c.name == "VALARM"]
            assert alarm["ACTION"] == "DISPLAY"
            assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
            assert str(alarm["DESCRIPTION"]).startswith("Follow up with company")
            # Radicale re-serialized it, yet its stamp still matches: the fingerprint is semantic.
            assert stamped_hash(comp) == fingerprint(comp) == fingerprint(desired[uid])

    def test_second_sync_writes_nothing_and_lists_in_constant_requests(
        self, dav: DavServer, http_log: list[tuple[str, str, dict[str, str]]]
    ) -> None:
        small, large = desired_set(range(1, 3)), desired_set(range(1, 31))
        other = dav.make_calendar(
            "other-" + dav.calendar_url.rstrip("/").rsplit("/", 1)[1], "Other"
        )
        sync_calendar(target_for(dav), small)
        sync_calendar(target_for(dav, url=other), large)

        http_log.clear()
        report = sync_calendar(target_for(dav), small)
        small_requests = methods(http_log)
        assert report.unchanged == 2 and report.changed == 0 and report.conflicts == []
        assert report.requests == len(http_log)

        http_log.clear()
        report = sync_calendar(target_for(dav, url=other), large)
        assert report.unchanged == 30 and report.changed == 0
        assert methods(http_log) == small_requests  # listing does not grow with the calendar
        assert small_requests["PUT"] == small_requests["DELETE"] == small_requests["GET"] == 0
        # Issue 18: the CTag comes with the discovery probe; after the first sync's own writes
        # it moved, and the resync asks sync-collection what changed (its own writes, whose
        # ETags it knows: nothing is read) where the server's token is exact, or lists the
        # ETags (SOGo): one request besides the probe at any size.
        listing = "REPORT" if quirks_of(report.server).sync_collection else "PROPFIND"
        assert report.downloaded == 0 and small_requests["REPORT"] == (listing == "REPORT")
        assert sum(small_requests.values()) <= 2  # the probe and the listing
        assert [h.get("Depth") for m, _, h in http_log if m == "PROPFIND"].count("1") == (
            listing == "PROPFIND"
        )

    def test_a_resync_reads_only_what_changed_on_the_server(
        self, dav: DavServer, http_log: list[tuple[str, str, dict[str, str]]]
    ) -> None:
        desired = desired_set(range(1, 13))
        sync_calendar(target_for(dav), desired)
        assert sync_calendar(target_for(dav), desired).downloaded == 0  # its own writes known
        for uid in sorted(desired)[:3]:  # three edits on the phone
            edit_on_server(dav, uid, lambda c: c.__setitem__("LOCATION", "Room 4"))
        http_log.clear()
        report = sync_calendar(target_for(dav), desired)
        assert len(report.conflicts) == 3 and report.unchanged == 9
        assert report.downloaded == 3  # 3 changes cost 3 objects read, not 12
        # One multiget (Depth 1), and sync-collection's REPORT (Depth 0) where it is used.
        reports = [h.get("Depth") for m, _, h in http_log if m == "REPORT"]
        assert reports.count("1") == 1 and len(reports) <= 2

    def test_a_changed_event_updates_only_itself(
        self, dav: DavServer, http_log: list[tuple[str, str, dict[str, str]]]
    ) -> None:
        desired = desired_set(range(1, 5))
        sync_calendar(target_for(dav), desired)
        before = by_uid(dav)

        uid, cal = make_item(2, summary="Follow up with Acme (new contact)")
        desired[uid] = cal
        http_log.clear()
        report = sync_calendar(target_for(dav), desired)

        assert report.updated == [next(iter(report.updated))]
        assert "Follow up with Acme (new contact)" in report.updated[0]
        assert report.unchanged == 3 and not report.created and not report.deleted
        puts = [(url, headers) for method, url, headers in http_log if method == "PUT"]
        assert len(puts) == 1
        assert puts[0][1]["If-Match"] == before[uid].etag
        after = by_uid(dav)
        assert {u for u in after if after[u].etag != before[u].etag} == {uid}
        comp = parse(after[uid].data)
        assert str(comp["SUMMARY"]) == "Follow up with Acme (new contact)"
        assert int(comp.get("SEQUENCE", 0)) > int(parse(before[uid].data).get("SEQUENCE", 0))
        assert stamped_hash(comp) == fingerprint(comp)

        again = sync_calendar(target_for(dav), desired)
        assert again.changed == 0 and again.unchanged == 4

    def test_removed_events_are_deleted(
        self, dav: DavServer, http_log: list[tuple[str, str, dict[str, str]]]
    ) -> None:
        desired = desired_set(range(1, 6))
        sync_calendar(target_for(dav), desired)
        gone = sorted(desired)[:2]
        for uid in gone:
            del desired[uid]
        http_log.clear()
        report = sync_calendar(target_for(dav), desired)

        assert len(report.deleted) == 2 and report.unchanged == 3
        deletes = [headers for method, _, headers in http_log if method == "DELETE"]
        assert len(deletes) == 2 and all(h["If-Match"].startswith('"') for h in deletes)
        assert set(stored_uids(dav)) == set(desired)

    def test_two_copies_of_the_file_do_not_undo_each_other(
        self, dav: DavServer, tmp_path: Path
    ) -> None:
        """Issue 18: device A adds an interview and records a follow-up as sent; device B,
        with an older copy of the file, must neither delete A's new events nor bring back the
        one A sent, and says that another copy syncs to this calendar."""
        phone_a = target_for(dav, state_dir=str(tmp_path / "a"))
        laptop_b = target_for(dav, state_dir=str(tmp_path / "b"))
        old_file = desired_set(range(1, 5))
        old_interviews = {f"interview-{n}" for n in range(1, 5)}
        assert len(sync_calendar(phone_a, old_file, interviews=old_interviews).created) == 4
        assert sync_calendar(laptop_b, old_file, interviews=old_interviews).unchanged == 4

        sent = sorted(old_file)[0]  # interview-1's follow-up, recorded as sent on A
        new_file = {u: c for u, c in old_file.items() if u != sent} | desired_set([5, 6])
        new_interviews = old_interviews | {"interview-5", "interview-6"}
        report = sync_calendar(phone_a, new_file, interviews=new_interviews)
        assert len(report.created) == 2 and len(report.deleted) == 1

        for _ in range(2):  # and it does not flip on the next syncs
            report = sync_calendar(laptop_b, old_file, interviews=old_interviews)
            assert report.changed == 0, (report.created, report.deleted)
            (notice,) = report.notices
            assert "another copy" in notice and "2 events of interviews" in notice
            assert "did not bring back 1 event" in notice and report.exit_code == 14
            assert set(stored_uids(dav)) == set(new_file)
            again = sync_calendar(phone_a, new_file, interviews=new_interviews)
            assert again.changed == 0 and not again.notices

    def test_vtodos_sync_too(self, dav: DavServer) -> None:
        desired = desired_set(range(1, 4), todo=True)
        report = sync_calendar(target_for(dav), desired)
        assert len(report.created) == 3
        for obj in dav.objects().values():
            comp = parse(obj.data)
            assert comp.name == "VTODO"
            (alarm,) = [c for c in comp.subcomponents if c.name == "VALARM"]
            assert alarm["TRIGGER"].params["RELATED"] == "END"
        assert sync_calendar(target_for(dav), desired).changed == 0

        uid, cal = make_item(1, todo=True, summary="Send the portfolio link")
        desired[uid] = cal
        report = sync_calendar(target_for(dav), desired)
        assert len(report.updated) == 1 and report.unchanged == 2

    def test_events_with_a_timezone_stay_unchanged_across_server_rewrites(
        self,
        dav: DavServer,
    ) -> None:
        desired = desired_set([1, 2], tz=BERLIN)
        desired.update(desired_set([3], start=date(2026, 4, 1)))
        weekly = desired[sorted(desired)[0]].subcomponents[-1]
        weekly.add("rrule", {"freq": "weekly", "count": 3, "byday": ["MO", "TH"]})
        stamp(weekly)
        assert len(sync_calendar(target_for(dav), desired).created) == 3
        report = sync_calendar(target_for(dav), desired)
        assert report.changed == 0 and report.unchanged == 3 and not report.conflicts

    def test_dry_run_writes_nothing(
        self, dav: DavServer, http_log: list[tuple[str, str, dict[str, str]]]
    ) -> None:
        desired = desired_set(range(1, 4))
        report = sync_calendar(target_for(dav), desired, dry_run=True)
        assert report.dry_run and len(report.created) == 3
        assert dav.objects() == {}

        sync_calendar(target_for(dav), desired)
        uid, cal = make_item(1, summary="Changed")
        desired[uid] = cal
        del desired[sorted(desired)[-1]]
        http_log.clear()
        report = sync_calendar(target_for(dav), desired, dry_run=True)
        assert len(report.updated) == 1 and len(report.deleted) == 1
        assert methods(http_log)["PUT"] == methods(http_log)["DELETE"] == 0
        assert len(dav.objects()) == 3

    def test_foreign_events_survive_every_sync(self, dav: DavServer) -> None:
        foreign = dav.calendar_url + "dentist.ics"
        lookalike = dav.calendar_url + "note.ics"
        dav.put_object(foreign, FOREIGN_ICS, create=True)
        dav.put_object(lookalike, LOOKALIKE_ICS, create=True)
        before = {href: (o.etag, o.data) for href, o in dav.objects().items()}

        desired = desired_set(range(1, 4))
        sync_calendar(target_for(dav), desired)
        uid, cal = make_item(1, summary="Changed")
        desired[uid] = cal
        sync_calendar(target_for(dav), desired)
        report = sync_calendar(target_for(dav), {}, allow_deletions=True)  # all of ours
        assert len(report.deleted) == 3

        after = {href: (o.etag, o.data) for href, o in dav.objects().items()}
        assert after == before

    def test_a_foreign_object_with_our_uid_is_a_conflict(self, dav: DavServer) -> None:
        uid, cal = make_item(1)
        squatter = FOREIGN_ICS.replace("dentist-42@example.com", uid)
        dav.put_object(dav.calendar_url + "squatter.ics", squatter, create=True)
        report = sync_calendar(target_for(dav), {uid: cal}, overwrite_edits=True)
        assert report.created == [] and len(report.conflicts) == 1
        assert "did not create" in report.conflicts[0]
        assert stored_uids(dav) == Counter({uid: 1})

    @pytest.mark.parametrize(
        "edit",
        [
            pytest.param(
                lambda c: c.__setitem__("SUMMARY", icalendar.vText("Call Bob")), id="title"
            ),
            pytest.param(
                lambda c: c.__setitem__(
                    "DTSTART", icalendar.prop.vDDDTypes(c.decoded("DTSTART") + timedelta(hours=2))
                ),
                id="moved",
            ),
            pytest.param(lambda c: c.pop(HASH_PROPERTY), id="hash-removed"),
            # Properties followcal never looked at before fingerprint version 2:
            pytest.param(lambda c: c.add("priority", 1), id="priority"),
            pytest.param(lambda c: c.add("class", "CONFIDENTIAL"), id="class"),
            pytest.param(lambda c: c.add("comment", "Bring the portfolio"), id="comment"),
            pytest.param(lambda c: c.add("attendee", "mailto:bob@example.com"), id="attendee"),
            pytest.param(
                lambda c: c.add("exdate", c.decoded("DTSTART") + timedelta(days=7)), id="exdate"
            ),
            pytest.param(
                lambda c: c.add("rdate", c.decoded("DTSTART") + timedelta(days=7)), id="rdate"
            ),
            pytest.param(lambda c: c.add("geo", (52.52, 13.405)), id="any-other-property"),
            pytest.param(lambda c: c.add("x-someapp-colour", "red"), id="another-apps-property"),
            pytest.param(lambda c: c.pop("CATEGORIES"), id="a-property-removed"),
        ],
    )
    def test_a_user_edit_is_a_conflict_unless_overwrite_edits(
        self,
        dav: DavServer,
        http_log: list[tuple[str, str, dict[str, str]]],
        edit: Callable[[Any], None],
    ) -> None:
        desired = desired_set(range(1, 4))
        sync_calendar(target_for(dav), desired)
        uid = sorted(desired)[0]
        edit_on_server(dav, uid, edit)
        users_version = by_uid(dav)[uid]

        # Ours changes too: still the user's edit wins.
        new_uid, cal = make_item(1, summary="Our new title")
        desired[new_uid] = cal
        http_log.clear()
        report = sync_calendar(target_for(dav), desired)
        assert len(report.conflicts) == 1 and "edited on the server" in report.conflicts[0]
        assert report.changed == 0 and report.unchanged == 2
        assert methods(http_log)["PUT"] == 0
        assert by_uid(dav)[uid].data == users_version.data

        report = sync_calendar(target_for(dav), desired, allow_deletions=True)
        assert len(report.conflicts) == 1 and report.changed == 0  # deletions are another flag
        report = sync_calendar(target_for(dav), desired, overwrite_edits=True)
        assert len(report.updated) == 1 and not report.conflicts
        comp = parse(by_uid(dav)[uid].data)
        assert str(comp["SUMMARY"]) == "Our new title"
        assert stamped_hash(comp) == fingerprint(comp)
        assert sync_calendar(target_for(dav), desired).changed == 0

    def test_what_the_calendar_writer_writes_stays_unchanged_across_server_rewrites(
        self,
        dav: DavServer,
    ) -> None:
        desired = dict(
            writer_like(n, todo=todo, done=done)
            for n, todo, done in [
                (1, False, False),
                (2, False, True),
                (3, True, False),
                (4, True, True),
            ]
        )
        assert len(sync_calendar(target_for(dav), desired).created) == 4
        for obj in dav.objects().values():
            comp = parse(obj.data)
            want = desired[base_uid(str(comp["UID"]))]
            assert stamped_hash(comp) == fingerprint(comp) == fingerprint(want)
        again = sync_calendar(target_for(dav), desired)
        assert again.changed == 0 and again.unchanged == 4 and not again.conflicts

    @pytest.mark.parametrize(
        "edit",
        [
            pytest.param(tick_done, id="ticked-done"),
            pytest.param(lambda c: c.add("percent-complete", 50), id="half-done"),
            pytest.param(
                lambda c: c.__setitem__(
                    "COMPLETED", icalendar.prop.vDDDTypes(datetime(2026, 3, 9, 8, tzinfo=UTC))
                ),
                id="completed-moved",
            ),
            pytest.param(lambda c: c.__setitem__("CLASS", icalendar.vText("PUBLIC")), id="class"),
        ],
    )
    def test_a_task_ticked_off_on_the_phone_is_not_overwritten(
        self, dav: DavServer, edit: Callable[[Any], None]
    ) -> None:
        desired = dict([writer_like(1, todo=True, done=True), writer_like(2, todo=True)])
        sync_calendar(target_for(dav), desired)
        for uid in desired:
            edit_on_server(dav, uid, edit)
        users_versions = {uid: by_uid(dav)[uid].data for uid in desired}

        # followcal's own content changes: the next sync must not undo the user's edit.
        new = dict([writer_like(1, todo=True, done=True), writer_like(2, todo=True)])
        for cal in new.values():
            comp = cal.subcomponents[-1]
            comp["DESCRIPTION"] = icalendar.vText("New wording of the draft.")
            stamp(comp)
        report = sync_calendar(target_for(dav), new)
        assert report.changed == 0 and len(report.conflicts) == 2
        assert all("edited on the server" in c for c in report.conflicts)
        assert {uid: by_uid(dav)[uid].data for uid in desired} == users_versions

    def test_bookkeeping_by_servers_and_clients_is_not_an_edit(self, dav: DavServer) -> None:
        """Thunderbird writes X-MOZ-LASTACK when an alarm is dismissed; servers bump DTSTAMP."""
        desired = dict([writer_like(1), writer_like(2, todo=True)])
        sync_calendar(target_for(dav), desired)

        def bookkeeping(comp: Any) -> None:
            comp["DTSTAMP"] = icalendar.prop.vDDDTypes(datetime(2030, 1, 1, tzinfo=UTC))
            comp.pop("SEQUENCE", None)
            comp.add("sequence", 5)
            comp.add("last-modified", datetime(2030, 1, 1, tzinfo=UTC))
            comp.add("created", datetime(2026, 1, 1, tzinfo=UTC))
            comp.add("x-moz-generation", 3)
            comp.add("x-moz-lastack", datetime(2026, 3, 3, 9, 20, tzinfo=UTC))
            comp.add("x-moz-snooze-time", datetime(2026, 3, 3, 9, 40, tzinfo=UTC))
            comp.add("x-radicale-name", "whatever.ics")

        for uid in desired:
            edit_on_server(dav, uid, bookkeeping)
        assert sync_calendar(target_for(dav), desired).unchanged == 2
        new = dict([writer_like(1), writer_like(2, todo=True)])
        for cal in new.values():
            comp = cal.subcomponents[-1]
            comp["SUMMARY"] = icalendar.vText("Renamed")
            stamp(comp)
        report = sync_calendar(target_for(dav), new)
        assert len(report.updated) == 2 and not report.conflicts

    def test_a_user_edited_event_is_not_deleted_unless_overwrite_edits(
        self,
        dav: DavServer,
    ) -> None:
        desired = desired_set(range(1, 5))
        sync_calendar(target_for(dav), desired)
        uid = sorted(desired)[0]
        edit_on_server(dav, uid, lambda c: c.__setitem__("LOCATION", icalendar.vText("Café")))
        del desired[uid]

        report = sync_calendar(target_for(dav), desired)
        assert report.deleted == [] and len(report.conflicts) == 1
        assert uid in stored_uids(dav)
        report = sync_calendar(target_for(dav), desired, overwrite_edits=True)
        assert len(report.deleted) == 1 and uid not in stored_uids(dav)

    def test_mass_deletion_guard_refuses_to_delete_everything(self, dav: DavServer) -> None:
        sync_calendar(target_for(dav), desired_set([1, 2]))
        with pytest.raises(MassDeletionError) as caught:
            sync_calendar(target_for(dav), {})
        message = str(caught.value)
        assert "2 of the 2" in message and "--allow-deletions" in message and "\n" not in message
        assert "(all of them)" in message
        assert caught.value.EXIT_CODE == 18
        assert len(dav.objects()) == 2
        with pytest.raises(MassDeletionError):  # a dry run says so too
            sync_calendar(target_for(dav), {}, dry_run=True)

        report = sync_calendar(target_for(dav), {}, allow_deletions=True)
        assert len(report.deleted) == 2 and dav.objects() == {}
        assert sync_calendar(target_for(dav), {}).changed == 0  # nothing left: no guard

    def test_mass_deletion_guard_refuses_more_than_half(self, dav: DavServer) -> None:
        desired = desired_set(range(1, 6))
        sync_calendar(target_for(dav), desired)
        keep_two = {uid: desired[uid] for uid in sorted(desired)[:2]}
        with pytest.raises(MassDeletionError, match="3 of the 5") as caught:
            sync_calendar(target_for(dav), keep_two)
        assert "all of them" not in str(caught.value)
        assert len(dav.objects()) == 5

        keep_three = {uid: desired[uid] for uid in sorted(desired)[:3]}
        assert len(sync_calendar(target_for(dav), keep_three).deleted) == 2  # half is fine
        assert len(sync_calendar(target_for(dav), keep_two, allow_deletions=True).deleted) == 1

    def test_the_guard_counts_only_our_events(self, dav: DavServer) -> None:
        dav.put_object(dav.calendar_url + "dentist.ics", FOREIGN_ICS, create=True)
        sync_calendar(target_for(dav), desired_set([1]))
        with pytest.raises(MassDeletionError, match="1 of the 1"):
            sync_calendar(target_for(dav), {})

    def test_deletions_that_follow_a_recorded_change_never_trip_the_guard(
        self,
        dav: DavServer,
    ) -> None:
        """`status heard-back` on a small calendar: its events go, without asking."""
        desired = desired_set(range(1, 5))
        sync_calendar(target_for(dav), desired)
        interviews = {f"interview-{n}" for n in range(1, 5)}  # all still in the input, closed
        report = sync_calendar(target_for(dav), {}, interviews=interviews)
        assert len(report.deleted) == 4 and dav.objects() == {}

    def test_the_guard_counts_only_upcoming_events_not_history(self, dav: DavServer) -> None:
        """The wrong file, weeks later: history must not dilute the upcoming events it deletes."""
        now = datetime(2026, 6, 1, tzinfo=UTC)
        past = desired_set(range(1, 7), start=datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
        upcoming = desired_set(range(7, 9), start=datetime(2026, 6, 15, 9, 30, tzinfo=UTC))
        sync_calendar(target_for(dav), {**past, **upcoming})
        wrong_file = desired_set([20])
        with pytest.raises(MassDeletionError, match="2 of the 2 upcoming") as caught:
            sync_calendar(target_for(dav), wrong_file, keep_before=now)
        assert "(all of them)" in str(caught.value)
        assert len(dav.objects()) == 8
        report = sync_calendar(target_for(dav), wrong_file, keep_before=now, allow_deletions=True)
        assert len(report.deleted) == 2 and report.unchanged == 6 and len(report.created) == 1

    def test_vanished_interviews_trip_the_guard_past_half_of_the_deletable_events(
        self,
        dav: DavServer,
    ) -> None:
        desired = desired_set(range(1, 7))
        sync_calendar(target_for(dav), desired)
        uids = sorted(desired)
        # Three of six vanished from the input: half, which is a plausible clean-up.
        three_left = {uid: desired[uid] for uid in uids[:3]}
        report = sync_calendar(target_for(dav), three_left)
        assert len(report.deleted) == 3
        sync_calendar(target_for(dav), desired)
        # Four of six vanished, one more closed by a recorded change: four vanished count.
        kept = {uid: desired[uid] for uid in uids[:1]}
        closed = {"interview-1", "interview-2"}
        with pytest.raises(MassDeletionError, match="4 of the 6 upcoming"):
            sync_calendar(target_for(dav), kept, interviews=closed)
        # Two vanished, three closed by recorded changes: only the two count, and they pass.
        closed = {f"interview-{n}" for n in range(1, 5)}
        report = sync_calendar(target_for(dav), kept, interviews=closed)
        assert len(report.deleted) == 5

    def test_a_create_that_finds_the_object_already_there_treats_it_as_existing(
        self, dav: DavServer, http_log: list[tuple[str, str, dict[str, str]]]
    ) -> None:
        """As when a previous run's PUT reached the server but its answer never came back."""
        desired = desired_set(range(1, 4))
        early_uid = sorted(desired)[0]

        def write_behind_our_back(done: int, total: int) -> None:
            if done == 0:  # after the listing, before the first write
                href = dav.calendar_url + resource_name(early_uid)
                dav.put_object(href, desired[early_uid].to_ical(), create=True)

        report = sync_calendar(target_for(dav), desired, progress=write_behind_our_back)
        if report.server == "nextcloud":
            # Each create there is a new generation at an address of its own, so the copy that
            # landed behind the listing's back is a duplicate: the next run removes it.
            assert len(report.created) == 3 and not report.conflicts
            again = sync_calendar(target_for(dav), desired)
            assert len(again.deleted) == 1 and again.unchanged == 3
            assert stored_uids(dav) == Counter(dict.fromkeys(desired, 1))
            return
        assert len(report.created) == 2 and report.unchanged == 1 and not report.conflicts
        assert stored_uids(dav) == Counter(dict.fromkeys(desired, 1))
        if report.server == "sogo":  # If-None-Match ignored there: each create looks first
            assert methods(http_log)["PUT"] == 2 and methods(http_log)["GET"] == 1
        else:
            assert methods(http_log)["PUT"] == 3 and methods(http_log)["GET"] == 1  # 412, re-read

    def test_an_object_changed_during_the_sync_is_a_conflict_not_overwritten(
        self,
        dav: DavServer,
    ) -> None:
        desired = desired_set(range(1, 3))
        sync_calendar(target_for(dav), desired)
        uid = sorted(desired)[0]
        new_uid, cal = make_item(1, summary="Ours")
        desired[new_uid] = cal

        def race(done: int, total: int) -> None:
            if done == 0:
                edit_on_server(dav, uid, lambda c: c.__setitem__("SUMMARY", "Theirs"))

        report = sync_calendar(target_for(dav), desired, progress=race)
        assert report.updated == [] and len(report.conflicts) == 1
        assert "during the sync" in report.conflicts[0]
        assert str(parse(by_uid(dav)[uid].data)["SUMMARY"]) == "Theirs"

    def test_our_uid_appearing_elsewhere_during_the_sync_is_a_conflict(
        self,
        dav: DavServer,
    ) -> None:
        desired = desired_set(range(1, 3))
        uid = sorted(desired)[0]

        def race(done: int, total: int) -> None:
            if done == 0:  # the same UID at another address: Radicale answers 409 no-uid-conflict
                dav.put_object(dav.calendar_url + "elsewhere.ics", desired[uid].to_ical())

        report = sync_calendar(target_for(dav), desired, progress=race)
        if report.server == "nextcloud":  # a new generation: a duplicate, removed next run
            assert len(report.created) == 2 and not report.conflicts
            again = sync_calendar(target_for(dav), desired)
            assert len(again.deleted) == 1 and again.unchanged == 2
            assert stored_uids(dav) == Counter(dict.fromkeys(desired, 1))
            return
        assert len(report.created) == 1 and len(report.conflicts) == 1
        # Radicale: 409 no-uid-conflict; Xandikos: 412, and nothing at our address.
        assert "(409)" in report.conflicts[0] or "during the sync" in report.conflicts[0]
        assert stored_uids(dav) == Counter(dict.fromkeys(desired, 1))
        assert sync_calendar(target_for(dav), desired).changed == 0  # found at its address

    def test_a_copy_imported_from_the_ics_file_is_updated_in_place(self, dav: DavServer) -> None:
        """The user imported followcal's .ics file into this calendar before ever syncing."""
        desired = desired_set(range(1, 4))
        uid = sorted(desired)[1]
        imported = dav.calendar_url + "3f2a-imported.ics"
        dav.put_object(imported, desired[uid].to_ical(), create=True)

        report = sync_calendar(target_for(dav), desired)
        assert len(report.created) == 2 and report.unchanged == 1
        new_uid, cal = make_item(2, summary="Renamed")
        desired[new_uid] = cal
        report = sync_calendar(target_for(dav), desired)
        assert len(report.updated) == 1
        assert str(parse(dav.objects()[imported].data)["SUMMARY"]) == "Renamed"
        assert stored_uids(dav) == Counter(dict.fromkeys(desired, 1))
