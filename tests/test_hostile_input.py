"""Input that must never crash or hang: each case ends in a one-line error, fast.

Run as real processes with a timeout, so a hang fails the test instead of stalling the
suite, and so that what reaches the terminal is exactly what a user would see.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import files_in
from tests.test_lifecycle import FILE

NOW = ["--now", "2026-11-25T08:00"]
ENTRY = """\
[[interview]]
id = "acme"
company = "Acme Corp"
role = "Engineer"
date = {date}
timezone = "{zone}"
{extra}

[[interview.contacts]]
name = "Dana Smith"
email = "dana@acme.example"
"""


def followcal(
    folder: Path, *args: str, timeout: float = 30, **popen: object
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOLLOWCAL_CONFIG": str(folder / "config.toml"), "TZ": "UTC"}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "followcal", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        **popen,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode not in (0, 1, 2), result.stderr  # a followcal error's own code
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for text in expected:
        assert text in lines[0]


def entry(
    date: str = "2026-11-20T14:00:00", zone: str = "America/New_York", extra: str = ""
) -> str:
    return ENTRY.format(date=date, zone=zone, extra=extra)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            entry(extra="notes = " + "[" * 100_000 + "]" * 100_000),
            "nested too deeply",
            id="nested-100000-deep",
        ),
        pytest.param(
            entry(extra="notes = " + "{ a = " * 100_000 + "1" + " }" * 100_000),
            "nested too deeply",
            id="inline-tables-100000-deep",
        ),
        pytest.param(entry("9999-12-31T23:00:00"), "outside the years 1970-2100", id="year-9999"),
        pytest.param(
            entry("0001-01-01T00:30:00", zone="Asia/Tokyo"),
            "outside the years 1970-2100",
            id="year-1-tokyo",
        ),
        pytest.param(
            entry("0001-01-01T00:30:00+09:00"),
            "outside the years 1970-2100",
            id="year-1-with-offset",
        ),
        pytest.param(
            entry(extra="duration = 9999999999999999999"),
            "field 'duration': must be between 1 and 1440",
            id="huge-duration",
        ),
        pytest.param(
            entry(extra="follow_up_gap_days = 99999999999999"),
            "field 'follow_up_gap_days': must be between 1 and 365",
            id="huge-gap",
        ),
        pytest.param(
            entry(extra='decision_by = "9999-01-01"'),
            "field 'decision_by': 9999-01-01 is outside",
            id="decision-in-9999",
        ),
        pytest.param(
            entry(extra="sent = { thank-you = 1900-01-01T10:00:00 }"),
            "field 'sent.thank-you': 1900-01-01T10:00:00 is outside",
            id="sent-in-1900",
        ),
        pytest.param(
            ".".join(["a"] * 40_000) + " = 1\n" + entry(),
            "a dotted key of more than 32 parts",
            id="40000-dotted-keys",
        ),
        pytest.param(
            entry(extra="x = { " + ".".join(["b"] * 40_000) + " = 1 }"),
            "a dotted key of more than 32 parts",
            id="40000-dotted-keys-inline",
        ),
        pytest.param(
            entry(extra=f'notes = "{"x" * 4_100_000}"'),
            "too large (4,100",
            id="a-file-over-the-size-cap",
        ),
    ],
)
def test_hostile_entries_give_a_one_line_error_fast(tmp_path, text, expected):
    path = tmp_path / "interviews.toml"
    path.write_text(text)
    for command in (["plan"], ["sent", "acme", "thank-you"]):
        where = [str(path)] if command == ["plan"] else ["-f", str(path)]
        result = followcal(tmp_path, *command, *where, *NOW, timeout=20)
        assert_one_line_error(result, str(path), expected)
    assert path.read_text() == text


def test_plan_refuses_dev_zero_and_a_fifo_as_input(tmp_path):
    assert_one_line_error(
        followcal(tmp_path, "plan", "/dev/zero", *NOW, timeout=20),
        "/dev/zero: cannot read it: not a regular file (a device)",
    )
    fifo = tmp_path / "interviews.toml"
    os.mkfifo(fifo)
    assert_one_line_error(
        followcal(tmp_path, "plan", str(fifo), *NOW, timeout=20),
        "cannot read it: not a regular file (a FIFO)",
    )
    assert_one_line_error(
        followcal(tmp_path, "status", "acme", "rejected", "-f", str(fifo), *NOW, timeout=20),
        "not a regular file (a FIFO)",
    )


@pytest.fixture
def inputs(tmp_path) -> Path:
    path = tmp_path / "interviews.toml"
    path.write_text(FILE)
    return path


def test_output_to_a_fifo_a_loop_or_a_device_is_refused_even_with_force(tmp_path, inputs):
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.ics"
    loop.symlink_to(tmp_path / "loop2.ics")
    (tmp_path / "loop2.ics").symlink_to(loop)
    for output, expected in (
        (fifo, "is not a regular file (a FIFO)"),
        (loop, "a symlink loop"),
        (Path("/dev/null"), "is not a regular file (a device)"),
    ):
        for force in ([], ["--force"]):
            result = followcal(
                tmp_path, "generate", str(inputs), "-o", str(output), *force, *NOW, timeout=20
            )
            assert_one_line_error(result, str(output), expected)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dev_stdout_into_a_pipe_is_refused_and_dash_still_writes_stdout(tmp_path, inputs):
    result = followcal(tmp_path, "generate", str(inputs), "-o", "/dev/stdout", *NOW)
    assert_one_line_error(result, "/dev/stdout is not a regular file (a FIFO)", "use -o -")
    result = followcal(tmp_path, "generate", str(inputs), "-o", "-", *NOW)
    assert result.returncode == 0 and result.stdout.startswith("BEGIN:VCALENDAR")


def test_a_dangling_symlink_as_output_is_treated_like_an_existing_file(tmp_path, inputs):
    link = tmp_path / "followups.ics"
    target = tmp_path / "elsewhere.ics"
    link.symlink_to(target)
    result = followcal(tmp_path, "generate", str(inputs), "-o", str(link), *NOW)
    assert_one_line_error(result, "exists and was not written by followcal")
    assert link.is_symlink() and not target.exists()
    result = followcal(tmp_path, "generate", str(inputs), "-o", str(link), "--force", *NOW)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_a_calendar_name_with_a_line_break_is_a_clear_usage_error(tmp_path, inputs):
    for name in ("Jobs\nBEGIN:VEVENT", "Jobs\rATTENDEE:mailto:x@evil.example", "Jobs\x1b[2J"):
        result = followcal(tmp_path, "generate", str(inputs), "--calendar-name", name, *NOW)
        # A bad option value is a usage error (exit 2), as for every option.
        assert result.returncode == 2 and "Traceback" not in result.stderr
        (error,) = [line for line in result.stderr.splitlines() if line.startswith("Error")]
        assert "'--calendar-name': contains the control character U+" in error
    assert files_in(tmp_path) == ["interviews.toml"]


PROFILE = """\
name = "mine"
title = "Mine"
[[step]]
id = "thank-you"
kind = "thank-you"
channel = "email"
after_interview = {{ days = 0 }}
{extra}
[[step]]
id = "follow-up-1"
kind = "follow-up"
channel = "email"
after_interview = {{ days = {days}, window = [2, 9] }}
"""


@pytest.mark.parametrize(
    ("extra", "days", "expected"),
    [
        ("", -3, "'after_interview' must be a table like { days = 3, window = [2, 9] }, days "),
        ("", "3.5", "'after_interview' must be a table like"),
        ("avoid_days_after_interview = 7", 5, "'avoid_days_after_interview' must be a list"),
        ("avoid_days_after_interview = [-1]", 5, "'avoid_days_after_interview' must be a list"),
        ('within_hours = "24"', 5, "'within_hours' must be a whole number from 1 to 8760"),
        ("within_hours = 99999999999", 5, "'within_hours' must be a whole number from 1"),
        ('if_traditional = { time = "25:99" }', 5, "'if_traditional.time' must be 'business'"),
        ('if_traditional = { channel = "fax" }', 5, "'if_traditional.channel' must be one of"),
        ("if_traditional = { within_hours = -1 }", 5, "'if_traditional.within_hours' must be"),
        ("alarm_minutes = -15", 5, "'alarm_minutes' must be a whole number from 0"),
        ('weekdays_only = "no"', 5, "'weekdays_only' must be true or false"),
        ("", 500, "'after_interview' must be a table like"),
    ],
)
def test_bad_profile_values_are_a_clear_error(tmp_path, inputs, extra, days, expected):
    profile = tmp_path / "mine.toml"
    profile.write_text(PROFILE.format(extra=extra, days=days))
    result = followcal(tmp_path, "plan", str(inputs), "--profile", str(profile), *NOW)
    assert result.returncode == 4, result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_a_window_of_strings_is_a_clear_error(tmp_path, inputs):
    profile = tmp_path / "mine.toml"
    text = PROFILE.format(extra="", days=5).replace("window = [2, 9]", 'window = ["2", "9"]')
    profile.write_text(text)
    result = followcal(tmp_path, "plan", str(inputs), "--profile", str(profile), *NOW)
    assert result.returncode == 4
    assert "'after_interview.window' must be [min, max] days around days" in result.stderr


def test_dates_on_the_command_line_are_bounded_too(tmp_path, inputs):
    for args in (
        ["plan", str(inputs), "--now", "9999-12-31T23:00"],
        ["plan", str(inputs), "--now", "0001-01-01T00:30+09:00"],
        ["sent", "acme", "thank-you", "--on", "9999-12-31T10:00", "-f", str(inputs), *NOW],
        ["offer", "acme", "--deadline", "9999-12-31", "-f", str(inputs), *NOW],
    ):
        result = followcal(tmp_path, *args)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert "is outside the years 1970-2100" in result.stderr.splitlines()[-1]
    assert inputs.read_text() == FILE
