"""How generate's time grows with the number of interviews (a script, not a test).

Writes interview files of growing size, runs the full pipeline (read, plan, draft, write the
calendar) in-process, and prints the time per interview: roughly flat means linear work.
Also times CLI start-up (`followcal --help`) in a fresh process.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from followcal.cli import main

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
name = "Dana Smith"
email = "dana{n}@example.com"

[[interview.contacts]]
name = "Lee Park"
email = "lee{n}@example.com"
phone = "+1 212 555 {phone:04d}"
"""
ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Tokyo"]


def write_entries(folder: Path, count: int) -> Path:
    path = folder / f"interviews-{count}.toml"
    parts = ['[candidate]\nname = "Alex Morgan"\nemail = "alex@example.com"\n']
    for n in range(count):
        month, day = 1 + n % 12, 1 + n % 20
        parts.append(
            ENTRY.format(
                n=n, month=month, day=day, decision=day + 5, zone=ZONES[n % 4], phone=n % 10000
            )
        )
    path.write_text("".join(parts))
    return path


def main_bench() -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'interviews':>10} {'events':>7} {'seconds':>8} {'ms/interview':>13}")
        for count in (10, 100, 500, 1000):
            path = write_entries(folder, count)
            out = folder / f"out-{count}.ics"
            start = time.perf_counter()
            result = runner.invoke(
                main,
                ["generate", str(path), "-o", str(out), "--now", "2025-12-01T00:00"],
                catch_exceptions=False,
            )
            elapsed = time.perf_counter() - start
            assert result.exit_code == 0, result.output
            events = out.read_bytes().count(b"BEGIN:VEVENT")
            print(f"{count:>10} {events:>7} {elapsed:>8.2f} {1000 * elapsed / count:>13.2f}")
    start = time.perf_counter()
    for _ in range(5):
        subprocess.run([sys.executable, "-m", "followcal", "--help"], capture_output=True)
    print(f"CLI start-up (--help): {1000 * (time.perf_counter() - start) / 5:.0f} ms")


if __name__ == "__main__":
    main_bench()
