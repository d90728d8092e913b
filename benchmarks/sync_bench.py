"""Benchmark `followcal sync` against a local Radicale: 500 events, then a re-sync.

Run from the repository root:  .venv/bin/python benchmarks/sync_bench.py [--events 500]

Starts Radicale the way the tests do (tests/radicale_server.py), syncs N generated events,
re-syncs with no change, then with 10 events changed, and prints the wall time and the number
of HTTP requests (by method) of each run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import icalendar

from followcal.fingerprint import stamp
from followcal.sync import SyncReport, SyncTarget, sync_calendar
from tests.radicale_server import start_radicale


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
        event.add("dtstamp", datetime.now(UTC))
        title = f"Follow up with company {n}" + (" (changed)" if n < changed else "")
        event.add("summary", title)
        event.add("description", f"Send a thank-you note.\nInterview {n // 3}, step {n % 3}.")
        start = first + timedelta(days=n // 8, hours=n % 8)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=30))
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


def count_requests(counts: Counter[str]) -> None:
    """Count every HTTP request caldav's client sends (auth retries included), by method."""
    from caldav.davclient import DAVClient

    original = DAVClient._sync_request

    def counting(self: Any, url: str, method: str = "GET", *args: Any, **kwargs: Any) -> Any:
        counts[method] += 1
        return original(self, url, method, *args, **kwargs)

    DAVClient._sync_request = counting  # type: ignore[method-assign]


def run(label: str, target: SyncTarget, desired: dict[str, icalendar.Calendar]) -> SyncReport:
    counts = COUNTS
    counts.clear()
    started = time.perf_counter()
    report = sync_calendar(target, desired)
    elapsed = time.perf_counter() - started
    by_method = ", ".join(f"{m} {n}" for m, n in sorted(counts.items()))
    print(
        f"{label:<28} {elapsed:7.3f} s  {report.requests:4d} requests ({by_method})  "
        f"created {len(report.created)}, updated {len(report.updated)}, "
        f"deleted {len(report.deleted)}, unchanged {report.unchanged}"
    )
    return report


COUNTS: Counter[str] = Counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()

    count_requests(COUNTS)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_radicale(Path(tmp))
        try:
            target = SyncTarget(
                url=server.url,
                username=server.username,
                password=server.password,
                calendar=server.calendar_url,
            )
            desired = generate(args.events)
            print(f"Radicale at {server.url}, {args.events} events")
            run(f"first sync ({args.events} new)", target, desired)
            run("re-sync, no change", target, desired)
            run("re-sync, 10 changed", target, generate(args.events, changed=10))
            root = SyncTarget(
                url=server.url,
                username=server.username,
                password=server.password,
                calendar="Followcal test",
            )
            run("no change, from server root", root, generate(args.events, changed=10))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
