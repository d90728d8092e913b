"""RFC 6578 sync-collection on every server: a resync costs what changed, not the calendar.

After a first sync the calendar's DAV:sync-token is saved beside its CTag; a later sync asks
sync-collection what changed since it and never sends a Depth-1 PROPFIND of every href. An
expired or unknown token falls back to that full listing and converges. SOGo stays on the
full listing (its token is a time in whole seconds: sync/quirks.py), and that is asserted
too, so that the quirk is not lost unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from followcal.sync import sync_calendar
from followcal.sync.discovery import as_collection
from followcal.sync.objects import path_of
from followcal.sync.quirks import quirks_of
from followcal.sync.state import CalendarState, load, save, state_path
from tests.dav_servers import DavServer
from tests.test_sync import FOREIGN_ICS, by_uid, desired_set, edit_on_server, target_for

Log = list[tuple[str, str, dict[str, str]]]


@pytest.fixture
def received(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Bytes of every answer body sync's session receives, one entry per request."""
    from followcal.sync.transport import BoundedSession

    sizes: list[int] = []
    original = BoundedSession.request

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        answer = original(self, *args, **kwargs)
        sizes.append(len(answer.content))
        return answer

    monkeypatch.setattr(BoundedSession, "request", counting)
    yield sizes


def full_listings(log: Log) -> int:
    return sum(
        1 for method, _, headers in log if method == "PROPFIND" and headers.get("Depth") == "1"
    )


def sync_reports(log: Log) -> int:
    """REPORTs that are not calendar-multiget (which are sent with Depth 1)."""
    return sum(
        1 for method, _, headers in log if method == "REPORT" and headers.get("Depth") == "0"
    )


def state_of(dav: DavServer) -> tuple[CalendarState, Any]:
    path = state_path(as_collection(dav.calendar_url), dav.username)
    return load(path), path


def remembered_matches_the_server(dav: DavServer) -> None:
    """What this copy remembers is the calendar exactly: each object, at its ETag."""
    state, _ = state_of(dav)
    remembered = {path_of(href): remote.etag for href, remote in state.objects.items()}
    stored = {path_of(href): obj.etag for href, obj in dav.objects().items()}
    assert remembered == stored


def uses_tokens(dav: DavServer) -> bool:
    kind = "sogo" if "/SOGo/" in dav.calendar_url else None
    return quirks_of(kind).sync_collection


def test_changes_by_another_client_are_seen_without_listing_the_calendar(
    dav: DavServer, http_log: Log
) -> None:
    desired = desired_set(range(1, 6))
    sync_calendar(target_for(dav), desired)
    sync_calendar(target_for(dav), desired)  # its own writes seen, the token saved
    state, _ = state_of(dav)
    assert (state.sync_token is not None) == uses_tokens(dav)

    # Another client (the user's phone): one foreign event added, one of ours edited, one
    # of ours deleted.
    dav.put_object(dav.calendar_url + "dentist.ics", FOREIGN_ICS, create=True)
    edit_on_server(dav, "step-0002@followcal", lambda c: c.__setitem__("LOCATION", "Room 4"))
    gone = by_uid(dav)["step-0003@followcal"]
    assert dav.dav("DELETE", gone.href).status in (200, 204)

    http_log.clear()
    report = sync_calendar(target_for(dav), desired)

    assert len(report.conflicts) == 1 and "edited on the server" in report.conflicts[0]
    assert report.created == report.updated == report.deleted == []  # nothing brought back
    assert any("did not bring back 1 event" in notice for notice in report.notices)
    assert report.downloaded == 2  # the foreign event and the edit, nothing else
    if uses_tokens(dav):
        assert full_listings(http_log) == 0 and sync_reports(http_log) == 1
    else:  # SOGo: the full listing, every time
        assert full_listings(http_log) == 1 and sync_reports(http_log) == 0
    remembered_matches_the_server(dav)
    assert "step-0003@followcal" not in by_uid(dav)


def test_an_unknown_token_falls_back_to_the_full_listing_and_converges(
    dav: DavServer, http_log: Log
) -> None:
    desired = desired_set(range(1, 4))
    sync_calendar(target_for(dav), desired)
    sync_calendar(target_for(dav), desired)
    state, path = state_of(dav)
    # A token the server never gave, or one it has forgotten (expired): the same answer.
    state.sync_token = dav.calendar_url + "sync-token-from-another-life"
    save(path, state)
    dav.put_object(dav.calendar_url + "dentist.ics", FOREIGN_ICS, create=True)
    gone = by_uid(dav)["step-0001@followcal"]
    assert dav.dav("DELETE", gone.href).status in (200, 204)

    http_log.clear()
    report = sync_calendar(target_for(dav), desired)
    # Refused (403 on Radicale and sabre/dav, 412 on Xandikos), then the calendar is listed;
    # SOGo never asks with a token, whatever the state file holds.
    assert sync_reports(http_log) == uses_tokens(dav) and full_listings(http_log) == 1
    assert report.downloaded == 1 and report.created == [] and report.conflicts == []
    remembered_matches_the_server(dav)
    state, _ = state_of(dav)
    if not uses_tokens(dav):
        assert state.sync_token is None
        return
    assert state.sync_token not in (None, dav.calendar_url + "sync-token-from-another-life")

    # The token saved by the fallback is a good one: the next change costs no listing.
    edit_on_server(dav, "step-0002@followcal", lambda c: c.__setitem__("LOCATION", "Room 5"))
    http_log.clear()
    report = sync_calendar(target_for(dav), desired)
    assert full_listings(http_log) == 0 and sync_reports(http_log) == 1
    assert report.downloaded == 1 and len(report.conflicts) == 1
    remembered_matches_the_server(dav)


def test_one_change_costs_the_same_in_a_small_and_a_large_calendar(
    dav: DavServer, http_log: Log, received: list[int]
) -> None:
    """Bytes received by a sync with one foreign change, at 4 and at 40 events."""

    def one_change_costs(count: int) -> tuple[int, int]:
        dav.calendar_url = dav.make_calendar(f"cost-{count}", f"Cost {count}")
        desired = desired_set(range(1, count + 1))
        sync_calendar(target_for(dav), desired)
        sync_calendar(target_for(dav), desired)
        dav.put_object(dav.calendar_url + "dentist.ics", FOREIGN_ICS, create=True)
        http_log.clear()
        received.clear()
        report = sync_calendar(target_for(dav), desired)
        assert report.unchanged == count and report.downloaded == 1
        return sum(received), len(http_log)

    small_bytes, small_requests = one_change_costs(4)
    large_bytes, large_requests = one_change_costs(40)
    assert large_requests == small_requests
    if uses_tokens(dav):
        # The same answers but for the calendar's name in hrefs and tokens: a few bytes.
        assert large_bytes <= small_bytes + 200, (small_bytes, large_bytes)
    else:
        # SOGo's full listing: 36 more hrefs and ETags, over 100 bytes each.
        assert large_bytes > small_bytes + 36 * 100, (small_bytes, large_bytes)


def test_only_a_responses_own_404_says_removed_not_a_missing_property():
    """RFC 6578 §3.5, and Google's quirk (GOOGLE.md §5): an object whose ETag the server
    could not give (a propstat's 404) is still there."""
    from email.message import Message

    from followcal.sync import dav

    body = (
        b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">'
        b"<d:response><d:href>/cal/gone.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status>"
        b"</d:response>"
        b"<d:response><d:href>/cal/there.ics</d:href><d:propstat><d:prop><d:getetag/></d:prop>"
        b"<d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>"
        b"<d:sync-token>t2</d:sync-token></d:multistatus>"
    )
    gone, there = dav.DAVResponse(207, Message(), body, "http://x/cal/").entries()
    assert (gone.status, gone.own_status) == (404, True)
    assert (there.status, there.own_status) == (404, False)
