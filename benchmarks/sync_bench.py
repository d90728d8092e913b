"""Benchmark `followcal sync` beside its floor, against a local Radicale and Xandikos.

Run from the repository root:  .venv/bin/python benchmarks/sync_bench.py [--events 500]

For each server, in fresh calendars of one server process:

- floor: the same N objects sent as N PUTs (If-None-Match: *), one by one over one kept-alive
  connection, with nothing else (http.client, bodies rendered beforehand);
- followcal's first sync of the same N events (discovery, listing, N creates);
- a no-change resync: its HTTP requests (target: at most 3) and its time;
- a resync with 10 events changed.

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
         "", "", "<= 3 requests", resync.requests <= 3),
        (f"sync: no-change resync time, {kind}", f"{again:.2f} s", "", "", "", None),
        (f"sync: resync, 10 of {events} changed, {kind}",
         f"{changed:.2f} s, {partly.requests} requests", "", "", "", None),
    ]  # fmt: skip


def table_rows(events: int = 500) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("Radicale", "Xandikos"):
            rows += server_rows(kind, events, Path(tmp) / kind)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    header = ("", "followcal", "floor", "ratio", "target", "")
    cells = [
        [*row[:5], "" if row[5] is None else ("met" if row[5] else "MISSED")]
        for row in table_rows(args.events)
    ]
    widths = [max(len(str(r[i])) for r in [list(header), *cells]) for i in range(6)]
    for n, row in enumerate([list(header), *cells]):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


if __name__ == "__main__":
    main()
