"""Issue 18's limits: big calendars, weak ETags, Retry-After, a throttled wrong password.

Real Radicale throughout; a real proxy (tests/dav_proxy.py) plays what Radicale does not do
(weak ETags as Cyrus sends them on a gzipped GET, 429 as Nextcloud limits calendar creation,
Nextcloud's throttling of refused logins).
"""

# ruff: noqa: F811
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from followcal.sync import (
    AuthenticationError,
    ServerTimeoutError,
    SyncError,
    listing,
    sync_calendar,
)
from followcal.sync import client as dav_client
from tests.dav_proxy import DAVProxy, Reply, Request
from tests.radicale_server import RadicaleServer, radicale  # noqa: F401
from tests.test_sync import FOREIGN_ICS, desired_set, stored_uids, target_for


@pytest.fixture
def proxy(radicale: RadicaleServer) -> Iterator[DAVProxy]:
    started = DAVProxy(radicale.url).start()
    try:
        yield started
    finally:
        started.stop()


def via(proxy: DAVProxy, dav: RadicaleServer, **overrides: object) -> object:
    return target_for(dav, url=proxy.url(dav.calendar_url), **overrides)


def test_a_calendar_too_big_for_one_query_still_syncs_without_touching_foreign_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Radicale answers 400 to a REPORT whose answer holds more than `max_expand_occurrence`
    events (10,000 by default: a shared calendar reaches it). The limit is set to 20 here, with
    45 events of someone else's, so the same refusal comes at a size a test can afford."""
    server = RadicaleServer(
        root=tmp_path / "big", extra_config="[reporting]\nmax_expand_occurrence = 20\n"
    )
    server.start()
    try:
        server.calendar_url = server.make_calendar("big", "Shared")
        for n in range(45):
            ics = FOREIGN_ICS.replace("dentist-42", f"dentist-{n}").replace("Dentist", f"Visit {n}")
            server.put_object(server.calendar_url + f"visit-{n}.ics", ics, create=True)
        foreign = [server.calendar_url + f"visit-{n}.ics" for n in range(45)]

        def read_foreign() -> dict[str, tuple[str | None, bytes]]:
            answers = {href: server.dav("GET", href) for href in foreign}
            return {href: (a.headers.get("ETag"), a.body) for href, a in answers.items()}

        before = read_foreign()
        query = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            "<D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter>"
            '<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter>'
            "</C:filter></C:calendar-query>"
        )
        refused = server.dav("REPORT", server.calendar_url, query, {"Depth": "1"})
        assert refused.status == 400  # the real limit, as beside 10,000 events

        monkeypatch.setattr(listing, "MULTIGET_BATCH", 10)
        desired = desired_set(range(1, 6))
        report = sync_calendar(target_for(server), desired)
        assert len(report.created) == 5 and not report.conflicts
        del desired[sorted(desired)[0]]
        report = sync_calendar(target_for(server), desired, interviews={"interview-1"})
        assert len(report.deleted) == 1 and report.unchanged == 4
        assert read_foreign() == before
        members = server.dav("PROPFIND", server.calendar_url, "", {"Depth": "1"}).text
        assert members.count("<response>") - 1 == 45 + 4  # the calendar itself, then objects
    finally:
        server.stop()


def _weaken(request: Request, reply: Reply) -> Reply:
    """Every ETag the server sends as a weak one, as Cyrus does on a gzipped GET."""
    reply.body = re.sub(rb"<([A-Za-z]+:)?getetag>&quot;", rb"<\1getetag>W/&quot;", reply.body)
    reply.body = re.sub(rb'<([A-Za-z]+:)?getetag>"', rb'<\1getetag>W/"', reply.body)
    for name in list(reply.headers):
        if name.lower() == "etag" and not reply.headers[name].startswith("W/"):
            reply.headers[name] = "W/" + reply.headers[name]
    return reply


def test_weak_etags_do_not_make_every_delete_a_conflict(
    radicale: RadicaleServer, proxy: DAVProxy
) -> None:
    proxy.rewrite = _weaken
    desired = desired_set(range(1, 5))
    assert len(sync_calendar(via(proxy, radicale), desired).created) == 4  # type: ignore[arg-type]
    gone = sorted(desired)[:2]
    for uid in gone:
        del desired[uid]
    report = sync_calendar(via(proxy, radicale), desired, interviews={"interview-1", "interview-2"})  # type: ignore[arg-type]
    assert len(report.deleted) == 2 and not report.conflicts, report.conflicts
    assert set(stored_uids(radicale)) == set(desired)


def test_a_429_with_retry_after_is_waited_out_within_the_deadline(
    radicale: RadicaleServer, proxy: DAVProxy
) -> None:
    limited: list[float] = []

    def limit_the_first_put(request: Request) -> Reply | None:
        if request.method == "PUT" and not limited:
            limited.append(time.monotonic())
            return Reply(429, {"Retry-After": "1"}, b"Too many requests")
        return None

    proxy.rule = limit_the_first_put
    started = time.monotonic()
    report = sync_calendar(via(proxy, radicale), desired_set([1, 2]))  # type: ignore[arg-type]
    assert len(report.created) == 2 and not report.refused
    assert time.monotonic() - started >= 1.0  # it waited as asked

    # A wait longer than the deadline: said, not slept.
    proxy.rule = lambda request: (
        Reply(429, {"Retry-After": "3600"}, b"Too many calendars created")
        if request.method == "PUT"
        else None
    )
    started = time.monotonic()
    with pytest.raises(SyncError) as caught:
        more = desired_set([1, 2, 3])
        sync_calendar(via(proxy, radicale, timeout=5), more)  # type: ignore[arg-type]
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "(429)" in message and "3600 s" in message and "Too many calendars created" in message


def test_a_throttled_wrong_password_is_named_as_the_401_it_is(
    radicale: RadicaleServer, proxy: DAVProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nextcloud holds back its answer to refused logins (up to about 30 s): a cron sync with
    a wrong app password saw a timeout. Scaled down: the server waits 1.5 s, the timeout is
    1 s, and Nextcloud's allowance is 3 s instead of 35."""

    def throttle(request: Request) -> Reply:
        time.sleep(1.5)
        return Reply(401, {"WWW-Authenticate": 'Basic realm="Nextcloud", charset="UTF-8"'})

    proxy.rule = throttle
    monkeypatch.setattr(dav_client, "NEXTCLOUD_THROTTLE", 3.0)
    nextcloud_url = proxy.origin + "/remote.php/dav/calendars/alex/personal/"
    target = target_for(radicale, url=nextcloud_url, timeout=1)
    with pytest.raises(AuthenticationError) as caught:
        sync_calendar(target, desired_set([1]))
    assert "401" in str(caught.value) and "app password" in str(caught.value)

    # Past even that allowance: the timeout says what it most likely is.
    monkeypatch.setattr(dav_client, "NEXTCLOUD_THROTTLE", 1.0)
    with pytest.raises(ServerTimeoutError) as timed_out:
        sync_calendar(target, desired_set([1]))
    assert "password" in str(timed_out.value) and "throttles" in str(timed_out.value)
