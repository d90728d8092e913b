"""Writes a version-gated, lossy store takes (Google Calendar's CalDAV API, GOOGLE.md §3).

An update re-reads the object first and sends SEQUENCE above the stored one and DTSTAMP and
LAST-MODIFIED from the real clock, later than the stored ones, with If-Match; a 409 (the gate
refused it) is retried once after a fresh read. Every write is read back (Google's answers
to a PUT often carry no ETag, and it rewrites what it keeps), and what came back is what the
sync state remembers (sync/identity.py). A reminder-less step says so explicitly.
"""

from __future__ import annotations

from datetime import UTC, datetime

from followcal.sync import dav
from followcal.sync.client import CalDAVClient, strong
from followcal.sync.dav import DAVResponse
from followcal.sync.identity import written
from followcal.sync.lossy import content_of, for_lossy, next_stamp, stored_stamp
from followcal.sync.model import SyncReport
from followcal.sync.objects import Remote, path_of
from followcal.sync.reconcile import Op


def read(client: CalDAVClient, href: str) -> tuple[Remote | None, datetime | None]:
    """The object now (None: not there, a ghost included) and its latest stamp."""
    what = "reading an event"
    response = client.request(href, "GET", "", {"Accept": "text/calendar"}, what=what)
    if response.status in (404, 410):
        return None, None
    client.check(response, href, what, (200,))
    remote = Remote.parse(href, strong(response.headers.get("ETag")), response.text, client.kept)
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(response.text)
        event = next(c for c in cal.subcomponents if c.name == "VEVENT")
        return remote, stored_stamp(event)
    except (ValueError, StopIteration):
        return remote, None


def remember(client: CalDAVClient, op: Op) -> None:
    """Read the object back after a write and keep what the store made of it."""
    assert op.desired is not None
    remote, _ = read(client, op.href)
    client.changes[path_of(op.href)] = written(op.href, remote, op.desired, client.kept)


def create(client: CalDAVClient, op: Op) -> DAVResponse:
    """PUT a new object (its absence was checked first: If-None-Match is not honoured)."""
    assert op.desired is not None
    body = for_lossy(op.desired.render(), sequence=0, stamp=next_stamp(_now(), None))
    headers = {"Content-Type": dav.ICS_TYPE, "If-None-Match": "*"}
    response = client.request(op.href, "PUT", body, headers, what=f"creating {op.label!r}")
    if response.status in (200, 201, 204):
        remember(client, op)
    return response


def found(client: CalDAVClient, op: Op, report: SyncReport) -> None:
    """Something is already at a new step's address: adopted when it holds what the plan
    wants (an earlier sync, or another device, wrote it), else left alone and reported."""
    assert op.desired is not None
    remote, _ = read(client, op.href)
    if remote is None:
        report.conflicts.append(f"{op.label}: changed on the server during the sync")
    elif remote.uid == op.uid and remote.content == content_of(op.desired.component, client.kept):
        client.changes[path_of(op.href)] = written(op.href, remote, op.desired, client.kept)
        report.unchanged += 1
    else:
        report.conflicts.append(
            f"{op.label}: its address holds an event followcal cannot tell it wrote, "
            "so it is left alone"
        )


def update(client: CalDAVClient, op: Op, report: SyncReport) -> DAVResponse | None:
    """Update through the version gate; None when handled, else the answer to report."""
    assert op.desired is not None
    for attempt in range(2):
        current, stamp = read(client, op.href)
        if current is None:
            report.conflicts.append(f"{op.label}: deleted on the server during the sync")
            return None
        if attempt == 0 and op.etag and current.etag and current.etag != op.etag:
            report.conflicts.append(f"{op.label}: changed on the server during the sync")
            return None
        sequence = max(current.sequence, op.sequence_above or 0) + 1
        body = for_lossy(op.desired.render(), sequence=sequence, stamp=next_stamp(_now(), stamp))
        headers = {"Content-Type": dav.ICS_TYPE}
        if current.etag:
            headers["If-Match"] = current.etag
        response = client.request(op.href, "PUT", body, headers, what=f"updating {op.label!r}")
        if response.status in (200, 201, 204):
            report.updated.append(op.label)
            remember(client, op)
            return None
        if response.status != 409:
            break
    if response.status == 412:
        report.conflicts.append(f"{op.label}: changed on the server during the sync")
        return None
    if response.status == 409:
        report.conflicts.append(f"{op.label}: the server refused the update twice (409)")
        return None
    return response


def _now() -> datetime:
    """The real clock: never a run's pinned --now, which would repeat the last stamp."""
    return datetime.now(UTC)
