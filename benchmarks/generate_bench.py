"""`make bench`: followcal's speed beside its floors, in one table (a script, not a test).

Run from the repository root:  .venv/bin/python benchmarks/generate_bench.py [--sizes 100 1000]

Every figure is measured in this run, beside its floor, as a ratio, so that a busy or a slow
machine moves both sides alike:

- `generate` for 100, 1,000 and 10,000 interviews (a fresh `followcal generate` process each)
  against benchmarks/icalendar_floor.py writing the same number of VEVENTs with alarms: the
  median of three runs each, alternated with the floor's. Every contact is a different
  person (4,000 names at 2,000 interviews), as in a real search.
  Times are CPU seconds (user + system) of each process, which a shared machine disturbs far
  less than wall-clock time; the wall-clock time is shown too. Peak memory is the process's
  maximum resident set size.
- start-up: `followcal --help` against `python -c "import click"`, and `followcal plan` on a
  one-interview file (target: under 0.2 s); the median of many runs, alternated.
- file size: the median event of `followcal generate samples/`.
- sync: the rows of benchmarks/sync_bench.py's `table_rows()`, when it has one.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FOLLOWCAL = str(BIN / "followcal")
NOW = "2025-12-01T00:00"
# As a user runs it: Python caches compiled modules (some shells and CI set this off).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

ENTRY = """
[[interview]]
id = "company-{n}"
company = "Company {n}"
role = "Engineer"
date = 2026-{month:02d}-{day:02d}T14:00:00
timezone = "{zone}"
decision_by = 2026-{month:02d}-{decision:02d}
notes = "the roadmap for product line {n}"

[[interview.contacts]]
name = "{first} {last}"
email = "contact{n}@example.com"

[[interview.contacts]]
name = "{other_first} {other_last}"
email = "panel{n}@example.com"
phone = "+1 212 555 {phone:04d}"
"""
ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Tokyo"]
# Every contact a different person, as in a real search: 2,000 interviews name 4,000 people,
# so any per-name cache is measured at the size it has to hold (not one name parsed once).
FIRST = [
    "Dana",
    "Lee",
    "Priya",
    "Tom",
    "Aisha",
    "Mateo",
    "Sofia",
    "Kenji",
    "Olu",
    "Marta",
    "Ravi",
    "Ines",
    "Jonas",
    "Chloe",
    "Omar",
    "Yuki",
    "Lena",
    "Diego",
    "Hana",
    "Ibrahim",
    "Nora",
    "Pavel",
    "Amara",
    "Felix",
    "Leila",
    "Tariq",
    "Elena",
    "Sam",
    "Grace",
    "Hugo",
    "Zara",
    "Malik",
]
LAST = [
    "Smith",
    "Park",
    "Raman",
    "Okafor",
    "Novak",
    "Silva",
    "Tanaka",
    "Müller",
    "Haddad",
    "Kowalski",
    "Rossi",
    "Nguyen",
    "Jensen",
    "Dubois",
    "Khan",
    "Moreau",
    "Schmidt",
    "Ortiz",
    "Larsen",
    "Costa",
    "Ahmed",
    "Fischer",
    "Sato",
    "Petrov",
    "Ward",
    "Brennan",
    "Lindqvist",
    "Mensah",
    "Farouk",
    "Alvarez",
    "Keller",
    "Ivanova",
    "Byrne",
    "Castillo",
    "Horvat",
    "Yamamoto",
    "Oyelaran",
]


def _people(n: int) -> dict[str, str]:
    """Two names no other interview of the file has (up to about 23,000 interviews)."""
    first, last = 2 * n, 2 * n + 1
    return {
        "first": FIRST[first % len(FIRST)],
        "last": LAST[first // len(FIRST) % len(LAST)] + _generation(first),
        "other_first": FIRST[last % len(FIRST)],
        "other_last": LAST[last // len(FIRST) % len(LAST)] + _generation(last),
    }


def _generation(k: int) -> str:
    # Past every first-and-last pairing, a double-barrelled family name keeps them apart.
    round_ = k // (len(FIRST) * len(LAST))
    return f"-{LAST[round_ % len(LAST)]}" if round_ else ""


def write_entries(folder: Path, count: int) -> Path:
    path = folder / f"interviews-{count}.toml"
    parts = ['[candidate]\nname = "Alex Morgan"\nemail = "alex@example.com"\n']
    for n in range(count):
        month, day = 1 + n % 12, 1 + n % 20
        parts.append(
            ENTRY.format(
                n=n,
                month=month,
                day=day,
                decision=day + 5,
                zone=ZONES[n % 4],
                phone=n % 10000,
                **_people(n),
            )
        )
    path.write_text("".join(parts))
    return path


@dataclass
class Measure:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    peak_mb: float


def measure(command: list[str]) -> Measure:
    """Run `command` to completion; its own CPU time and peak memory, from wait4."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENVIRONMENT
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class Row:
    what: str
    ours: str
    floor: str
    ratio: str
    target: str
    met: bool | None  # None: no target, just a figure


def ratio_row(what: str, ours: float, floor: float, limit: float, unit: str = "s") -> Row:
    ratio = ours / floor
    fmt = ".3f" if unit == "s" else ".0f"
    return Row(
        what,
        f"{ours:{fmt}} {unit}",
        f"{floor:{fmt}} {unit}",
        f"{ratio:.2f}x",
        f"<= {limit}x",
        ratio <= limit,
    )


def generate_rows(sizes: list[int], folder: Path, runs: int = 3) -> list[Row]:
    rows = []
    # What any run costs (start-up, imports, one VTIMEZONE): taken out of the per-event cost.
    one = write_entries(folder, 1)
    fixed = measure([FOLLOWCAL, "generate", str(one), "-o", str(folder / "one.ics"), "--now", NOW])
    per_event: list[float] = []
    for count in sizes:
        entries = write_entries(folder, count)
        out = folder / f"out-{count}.ics"
        command = [FOLLOWCAL, "generate", str(entries), "-o", str(out), "--now", NOW]
        events = 0
        floor_out = folder / f"floor-{count}.ics"
        ours_runs: list[Measure] = []
        floor_runs: list[Measure] = []
        for _ in range(runs):  # alternated, so that a burst of load hits both sides alike
            ours_runs.append(measure(command))
            events = events or out.read_bytes().count(b"BEGIN:VEVENT")
            floor_command = [
                sys.executable,
                str(ROOT / "benchmarks/icalendar_floor.py"),
                str(events),
                str(floor_out),
            ]
            floor_runs.append(measure(floor_command))
        ours, floor = _median_run(ours_runs), _median_run(floor_runs)
        what = f"generate {count:,} interviews ({events:,} events)"
        if count >= 1000:
            rows.append(ratio_row(f"{what}, CPU", ours.cpu, floor.cpu, 1.2))
        else:  # start-up (imports) is most of a small run: a figure, not a target
            rows.append(
                Row(
                    f"{what}, CPU",
                    f"{ours.cpu:.3f} s",
                    f"{floor.cpu:.3f} s",
                    f"{ours.cpu / floor.cpu:.2f}x",
                    "",
                    None,
                )
            )
        rows.append(
            Row(
                f"{what}, wall clock",
                f"{ours.wall:.3f} s",
                f"{floor.wall:.3f} s",
                f"{ours.wall / floor.wall:.2f}x",
                "",
                None,
            )
        )
        rows.append(
            Row(
                f"{what}, peak memory",
                f"{ours.peak_mb:.0f} MB",
                f"{floor.peak_mb:.0f} MB",
                f"{ours.peak_mb / floor.peak_mb:.2f}x",
                "< 200 MB",
                ours.peak_mb < 200,
            )
        )
        rows.append(
            Row(
                f"{what}, file size",
                f"{out.stat().st_size / events:.0f} B/event",
                f"{floor_out.stat().st_size / events:.0f} B/event",
                "",
                "",
                None,
            )
        )
        per_event.append((ours.cpu - fixed.cpu) / events)
    if len(sizes) > 1:
        # Linear: the CPU time per event, start-up taken out, stays flat from size to size.
        growth = per_event[-1] / per_event[0]
        rows.append(
            Row(
                f"CPU per event past start-up, {sizes[-1]:,} vs {sizes[0]:,} interviews",
                f"{1e6 * per_event[-1]:.0f} us",
                f"{1e6 * per_event[0]:.0f} us",
                f"{growth:.2f}x",
                "<= 1.25x (linear)",
                growth <= 1.25,
            )
        )
    return rows


def _median_run(found: list[Measure]) -> Measure:
    """The run of median CPU time (its wall clock and memory with it)."""
    return sorted(found, key=lambda m: m.cpu)[len(found) // 2]


def startup_rows(folder: Path, runs: int) -> list[Row]:
    one = write_entries(folder, 1)
    commands = {
        "click": [sys.executable, "-c", "import click"],
        "help": [FOLLOWCAL, "--help"],
        "plan": [FOLLOWCAL, "plan", str(one), "--now", NOW],
    }
    for command in commands.values():
        measure(command)  # warm up: compiled modules cached, files in the page cache
    found: dict[str, list[Measure]] = {name: [] for name in commands}
    for _ in range(runs):  # alternated, so that a burst of load hits every command alike
        for name, command in commands.items():
            found[name].append(measure(command))

    def median(name: str, attribute: str) -> float:
        return statistics.median(getattr(m, attribute) for m in found[name])

    plan_cpu, plan_wall = median("plan", "cpu"), median("plan", "wall")
    return [
        ratio_row(
            "followcal --help vs import click, CPU",
            median("help", "cpu"),
            median("click", "cpu"),
            1.3,
        ),
        Row(
            "followcal --help vs import click, wall clock",
            f"{median('help', 'wall'):.3f} s",
            f"{median('click', 'wall'):.3f} s",
            f"{median('help', 'wall') / median('click', 'wall'):.2f}x",
            "",
            None,
        ),
        Row(
            "followcal plan, one interview, CPU",
            f"{plan_cpu:.3f} s",
            "",
            "",
            "< 0.2 s",
            plan_cpu < 0.2,
        ),
        Row("followcal plan, one interview, wall clock", f"{plan_wall:.3f} s", "", "", "", None),
    ]


def size_rows(folder: Path) -> list[Row]:
    out = folder / "samples.ics"
    measure(
        [FOLLOWCAL, "generate", str(ROOT / "samples"), "-o", str(out), "--now", "2026-11-25T08:00"]
    )
    data = out.read_bytes()
    events = [
        len(part.split(b"END:VEVENT")[0]) + len(b"BEGIN:VEVENTEND:VEVENT\r\n")
        for part in data.split(b"BEGIN:VEVENT")[1:]
    ]
    median = statistics.median(events)
    return [
        Row(
            f"samples: median event ({len(events)} events)",
            f"{median:.0f} B",
            "",
            "",
            "< 1500 B",
            median < 1500,
        )
    ]


def sync_rows() -> tuple[list[Row], Callable[[], None] | None]:
    """The sync figures, from benchmarks/sync_bench.py's `table_rows()` when it offers one:
    each an iterable of (what, ours, floor, ratio, target, met) like `Row`. Without it, its
    own `main()`, to run after the table."""
    spec = importlib.util.spec_from_file_location("sync_bench", ROOT / "benchmarks/sync_bench.py")
    if spec is None or spec.loader is None:
        return [], None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table_rows = getattr(module, "table_rows", None)
    if table_rows is None:
        note = Row("sync: benchmarks/sync_bench.py's own report follows", "", "", "", "", None)
        return [note], module.main
    return [Row(*row) for row in table_rows()], None


def print_table(rows: list[Row]) -> None:
    header = Row("", "followcal", "floor", "ratio", "target", None)
    cells = [
        [
            r.what,
            r.ours,
            r.floor,
            r.ratio,
            r.target,
            "" if r.met is None else ("met" if r.met else "MISSED"),
        ]
        for r in [header, *rows]
    ]
    cells[0][5] = ""
    widths = [max(len(row[i]) for row in cells) for i in range(6)]
    for n, row in enumerate(cells):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="generate runs per size (median)")
    parser.add_argument("--startup-runs", type=int, default=21)
    parser.add_argument("--no-sync", action="store_true", help="leave out the sync rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = generate_rows(args.sizes, folder, args.runs)
        rows += startup_rows(folder, args.startup_runs)
        rows += size_rows(folder)
    separate = None
    if not args.no_sync:
        found, separate = sync_rows()
        rows += found
    print_table(rows)
    if separate is not None:
        print()
        sys.argv = [sys.argv[0]]
        separate()


if __name__ == "__main__":
    main()
