"""Benchmark `followcal sync` beside its floor, against a local Radicale and Xandikos.

Run from the repository root:  .venv/bin/python benchmarks/sync_bench.py [--events 500]

For each server, in fresh calendars of one server process:

- floor: the same N objects sent as N PUTs (If-None-Match: *), one by one over one kept-alive
  connection, with nothing else (http.client, bodies rendered beforehand);
- followcal's first sync of the same N events (discovery, listing, N creates);
- a no-change resync: its HTTP requests (target: at most 3) and its time;
- a resync with 10 events changed;
- what a resync costs at 50 and at 5,000 events (issue 18): HTTP requests, objects read and
  CPU time of followcal's own process, with nothing changed, with 10 of ours changed, and with
  10 edited on the server (the calendar is filled by writing Radicale's files directly, the
  way its storage keeps them, so that 5,000 events do not take 10 minutes of PUTs).

- one change made by another client in a 2,000-event calendar (issue: sync-collection):
  requests and bytes received by the resync, with the saved sync-token (RFC 6578
  sync-collection) and without one (the Depth-1 PROPFIND of every href and ETag, which was
  every such resync before).

`table_rows()` gives the rows to `make bench`'s table (benchmarks/generate_bench.py):
(what, followcal, floor, ratio, target, met).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import icalendar

from followcal.fingerprint import stamp
from followcal.sync import SyncTarget, resource_name, sync_calendar
from followcal.sync.reconcile import Desired
from tests.radicale_server import RadicaleServer
from tests.xandikos_server import XandikosServer

Row = tuple[str, str, str, str, str, bool | None]


def generate(count: int, *, changed: int = 0) -> dict[str, icalendar.Calendar]:
    desired: dict[str, icalendar.Calendar] = {}
    first = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for n in range(count):
        uid = f"bench-{n:05d}@followcal"
        cal = icalendar.Calendar()
        cal.add("version", "2.0")
        cal.add("prodid", "-//followcal//benchmark//EN")
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
        title = f"Follow up with company {n}" + (" (changed)" if n < changed else "")
        event.add("summary", title)
        event.add("description", f"Send a thank-you note.\nInterview {n // 3}, step {n % 3}.")
        start = first + timedelta(days=n // 8, hours=n % 8)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=30))
        event.add("class", "PRIVATE")
        event.add("x-followcal-interview", f"interview-{n // 3}")
        event.add("x-followcal-step", str(n % 3))
        event.add("x-followcal-channel", "email")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", timedelta(minutes=-15))
        event.add_component(alarm)
        stamp(event)
        cal.add_component(event)
        desired[uid] = cal
    return desired


def fresh_calendar(server: Any) -> str:
    slug = "bench-" + uuid.uuid4().hex[:8]
    return str(server.make_calendar(slug, "Bench " + slug))


def floor_puts(server: Any, calendar_url: str, desired: dict[str, icalendar.Calendar]) -> float:
    """N PUTs, one by one, over one kept-alive connection: what any client must at least do."""
    bodies = [(resource_name(uid), cal.to_ical()) for uid, cal in desired.items()]
    parts = urlsplit(calendar_url)
    token = base64.b64encode(f"{server.username}:{server.password}".encode()).decode()
    headers = {
        "Content-Type": "text/calendar; charset=utf-8",
        "If-None-Match": "*",
        "Authorization": "Basic " + token,
    }
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    started = time.perf_counter()
    for name, body in bodies:
        connection.request("PUT", parts.path + name, body, headers)
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 201, answer.status
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def timed_sync(target: SyncTarget, desired: dict[str, icalendar.Calendar]) -> tuple[float, Any]:
    started = time.perf_counter()
    report = sync_calendar(target, desired)
    return time.perf_counter() - started, report


@contextmanager
def running(kind: str, root: Path) -> Iterator[Any]:
    server: Any = RadicaleServer(root=root) if kind == "Radicale" else XandikosServer(root=root)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def server_rows(kind: str, events: int, root: Path) -> list[Row]:
    with running(kind, root) as server:
        desired = generate(events)
        fresh_calendar(server)  # warm-up: the server's first writes are slower
        floor = floor_puts(server, fresh_calendar(server), desired)
        calendar = fresh_calendar(server)
        target = SyncTarget(
            url=calendar, username=server.username, password=server.password, timeout=60
        )
        first, report = timed_sync(target, desired)
        assert len(report.created) == events, report
        again, resync = timed_sync(target, desired)
        assert resync.changed == 0, resync
        changed, partly = timed_sync(target, generate(events, changed=10))
        assert len(partly.updated) == 10, partly
    ratio = first / floor
    return [
        (f"sync: first sync, {events} events, {kind}", f"{first:.2f} s", f"{floor:.2f} s",
         f"{ratio:.2f}x", "<= 1.2x the PUTs", ratio <= 1.2),
        (f"sync: no-change resync, {events} events, {kind}", f"{resync.requests} requests",
         "", "", "<= 2 requests", resync.requests <= 2),
        (f"sync: no-change resync time, {kind}", f"{again:.2f} s", "", "", "", None),
        (f"sync: resync, 10 of {events} changed, {kind}",
         f"{changed:.2f} s, {partly.requests} requests", "", "", "", None),
    ]  # fmt: skip


def resync_cost(target: SyncTarget, desired: dict[str, icalendar.Calendar]) -> tuple[Any, float]:
    started = time.process_time()
    report = sync_calendar(target, desired)
    return report, time.process_time() - started


def seeded_calendar(server: Any, size: int) -> tuple[str, Path, dict[str, Any]]:
    """A new calendar on the Radicale `server` holding `size` of followcal's events, written
    straight into its storage (fast): its URL, its folder there, and the events by UID."""
    calendar = fresh_calendar(server)
    folder = (
        server.root / "collections" / "collection-root" / server.username
        / urlsplit(calendar).path.rstrip("/").rsplit("/", 1)[1]
    )  # fmt: skip
    desired = generate(size)
    for uid, cal in desired.items():
        (folder / resource_name(uid)).write_bytes(cal.to_ical())
    return calendar, folder, desired


def resync_rows(sizes: tuple[int, ...] = (50, 5000)) -> list[Row]:
    rows: list[Row] = []
    figures: dict[int, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, running("Radicale", Path(tmp) / "r") as server:
        for size in sizes:
            calendar, folder, desired = seeded_calendar(server, size)
            target = SyncTarget(
                url=calendar, username=server.username, password=server.password, timeout=120,
                state_dir=str(Path(tmp) / f"state-{size}"),
            )  # fmt: skip
            first, first_cpu = resync_cost(target, desired)  # reads every object once
            assert first.unchanged == size and first.changed == 0, first
            same, same_cpu = resync_cost(target, desired)
            assert same.changed == 0 and same.downloaded == 0, same
            started = time.process_time()  # the floor: fingerprinting the plan's own events
            {uid: Desired.of(uid, cal) for uid, cal in desired.items()}
            plan_cpu = time.process_time() - started
            figures[size] = (same.requests, same_cpu)
            ours, ours_cpu = resync_cost(target, generate(size, changed=10))
            assert len(ours.updated) == 10, ours
            for uid in sorted(desired)[-10:]:  # ten edits made on a phone
                path = folder / resource_name(uid)
                path.write_bytes(path.read_bytes().replace(b"SUMMARY:", b"SUMMARY:Call: "))
            theirs, theirs_cpu = resync_cost(target, generate(size, changed=10))
            assert theirs.downloaded == 10 and len(theirs.conflicts) == 10, theirs
            rows += [
                (f"sync: first listing, {size} events, Radicale (reads all)",
                 f"{first.requests} requests, {first.downloaded} read, {first_cpu:.2f} s CPU",
                 "", "", "", None),
                (f"sync: no-change resync, {size} events, Radicale",
                 f"{same.requests} requests, {same.downloaded} read, {same_cpu * 1000:.0f} ms CPU",
                 f"{plan_cpu * 1000:.0f} ms (the plan alone)", "", "same requests", None),
                (f"sync: 10 of ours changed, {size} events, Radicale",
                 f"{ours.requests} requests, {ours.downloaded} read, {ours_cpu * 1000:.0f} ms CPU",
                 "", "", "10 writes + constant", ours.requests <= 10 + 3),
                (f"sync: 10 edited on the server, {size} events, Radicale",
                 f"{theirs.requests} requests, {theirs.downloaded} read, "
                 f"{theirs_cpu * 1000:.0f} ms CPU", "", "", "10 read", theirs.downloaded == 10),
            ]  # fmt: skip
    (small_requests, small_cpu), (big_requests, big_cpu) = figures[sizes[0]], figures[sizes[-1]]
    rows.append(
        (f"sync: no-change resync, {sizes[-1]} vs {sizes[0]} events",
         f"{big_requests} vs {small_requests} requests, {big_cpu * 1000:.0f} vs "
         f"{small_cpu * 1000:.0f} ms CPU", "", "", "same requests",
         big_requests == small_requests)
    )  # fmt: skip
    return rows


@contextmanager
def bytes_received() -> Iterator[list[int]]:
    """Bytes of each answer body sync's session receives while inside."""
    from followcal.sync.transport import BoundedSession

    sizes: list[int] = []
    original = BoundedSession.request

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        answer = original(self, *args, **kwargs)
        sizes.append(len(answer.content))
        return answer

    BoundedSession.request = counting  # type: ignore[method-assign]
    try:
        yield sizes
    finally:
        BoundedSession.request = original  # type: ignore[method-assign]


def one_change_rows(size: int = 2000) -> list[Row]:
    """A foreign event added in a calendar of `size` of ours: the resync's requests and bytes,
    with the saved token and without it (the full listing, as every resync was before)."""
    from followcal.sync.state import load, save, state_path

    figures: dict[str, tuple[int, int, int]] = {}
    foreign = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone//App//EN\r\nBEGIN:VEVENT\r\n"
        "UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260305T080000Z\r\n"
        "DTEND:20260305T090000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with tempfile.TemporaryDirectory() as tmp, running("Radicale", Path(tmp) / "r") as server:
        calendar, _, desired = seeded_calendar(server, size)
        target = SyncTarget(
            url=calendar, username=server.username, password=server.password, timeout=120,
            state_dir=str(Path(tmp) / "state"),
        )  # fmt: skip
        sync_calendar(target, desired)  # the first sync: everything listed and read once
        for way in ("full listing (no token)", "sync-collection (token)"):
            if way.startswith("full"):
                path = state_path(calendar, server.username, target.state_dir)
                state = load(path)
                state.sync_token = None
                save(path, state)
            server.put_object(
                calendar + f"foreign-{len(figures)}.ics", foreign.format(uid=uuid.uuid4()),
                create=True,
            )  # fmt: skip
            with bytes_received() as sizes:
                report = sync_calendar(target, desired)
            assert report.unchanged == size and report.downloaded == 1, report
            figures[way] = (report.requests, sum(sizes), report.downloaded)
    rows: list[Row] = []
    for way, (requests, received, read) in figures.items():
        rows.append(
            (f"sync: one foreign change, {size} events, Radicale, {way}",
             f"{requests} requests, {received:,} bytes, {read} read", "", "", "", None)
        )  # fmt: skip
    (_, before, _), (_, after, _) = figures.values()
    rows.append(
        (f"sync: one change, {size} events: bytes with the token / without",
         f"{after:,} / {before:,} bytes", "", f"{after / before:.3f}x", "<= 0.05x",
         after <= before * 0.05)
    )  # fmt: skip
    return rows


def table_rows(events: int = 500) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("Radicale", "Xandikos"):
            rows += server_rows(kind, events, Path(tmp) / kind)
    return rows + resync_rows() + one_change_rows()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--resync-only", action="store_true", help="only the 50/5,000 rows")
    parser.add_argument(
        "--one-change-only", action="store_true", help="only the 2,000-event one-change rows"
    )
    args = parser.parse_args()
    header = ("", "followcal", "floor", "ratio", "target", "")
    cells = [
        [*row[:5], "" if row[5] is None else ("met" if row[5] else "MISSED")]
        for row in (
            one_change_rows()
            if args.one_change_only
            else resync_rows()
            if args.resync_only
            else table_rows(args.events)
        )
    ]
    widths = [max(len(str(r[i])) for r in [list(header), *cells]) for i in range(6)]
    for n, row in enumerate([list(header), *cells]):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


if __name__ == "__main__":
    main()
