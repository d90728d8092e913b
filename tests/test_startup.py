"""Start-up stays light: heavy libraries load only inside the commands that use them.

Not a timed test (those belong in benchmarks/generate_bench.py): it checks which modules a
command loads, in a fresh interpreter, which is what its start-up time follows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from followcal.daysoff import _SavedHolidays, holiday_calendar
from followcal.model import _UID_NAMESPACE

ROOT = Path(__file__).resolve().parent.parent
# Each costs from a few to a few hundred milliseconds to import (shared/COMPAT.md).
HEAVY = (
    "jinja2", "icalendar", "caldav", "niquests", "requests", "tomlkit", "phonenumbers",
    "holidays", "dateutil", "platformdirs", "tzlocal", "hashlib",
)  # fmt: skip
# followcal's own layers below the CLI: none is needed to print help.
LAYERS = (
    "followcal.pipeline", "followcal.entries", "followcal.calendar", "followcal.drafting",
    "followcal.model", "followcal.spreadsheet", "followcal.config",
)  # fmt: skip


def _loaded_by(*args: str) -> set[str]:
    script = (
        "import json, sys\n"
        "from followcal.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_loads_no_heavy_library_and_no_layer_below_the_cli() -> None:
    loaded = _loaded_by("--help")
    assert "click" in loaded and "followcal.cli" in loaded  # the probe itself works
    assert loaded.isdisjoint(HEAVY + LAYERS), sorted(loaded & set(HEAVY + LAYERS))


def test_plan_loads_neither_the_calendar_writer_nor_templates_nor_caldav(tmp_path: Path) -> None:
    (tmp_path / "interviews.toml").write_text(
        '[[interview]]\nid = "acme"\ncompany = "Acme"\nrole = "Engineer"\n'
        'date = 2026-11-20T14:00:00\ntimezone = "UTC"\n'
        '[[interview.contacts]]\nname = "Dana Smith"\nemail = "dana@acme.example"\n'
    )
    loaded = _loaded_by("plan", str(tmp_path / "interviews.toml"), "--now", "2026-11-21T08:00")
    assert "followcal.pipeline" in loaded  # it did plan
    assert loaded.isdisjoint({"icalendar", "jinja2", "caldav", "niquests", "tomlkit"})


def test_the_uid_namespace_is_the_one_it_says() -> None:
    """Written out in model.py so that importing it needs no hashlib: the same value."""
    assert uuid.uuid5(uuid.NAMESPACE_DNS, "followcal.invalid") == _UID_NAMESPACE


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = (
        "import json, sys\n"
        "from followcal.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps('holidays' in sys.modules), file=sys.stderr)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )


def test_a_second_plan_reads_the_saved_holidays_instead_of_importing_the_package(
    tmp_path: Path,
) -> None:
    """The holidays package costs ~0.2 s to import: after the first run, its days for the
    countries and years in use come from the cache folder, and the plan is the same."""
    entries = tmp_path / "interviews.toml"
    entries.write_text(
        '[[interview]]\nid = "acme"\ncompany = "Acme"\nrole = "Engineer"\n'
        'date = 2026-12-22T14:00:00\ntimezone = "America/New_York"\n'
        '[[interview.contacts]]\nname = "Dana Smith"\nemail = "dana@acme.example"\n'
        '[[interview]]\nid = "kaisha"\ncompany = "Kaisha"\nrole = "Engineer"\n'
        'date = 2026-04-28T10:00:00\ntimezone = "Asia/Tokyo"\n'
        '[[interview.contacts]]\nname = "Aiko Sato"\nemail = "aiko@kaisha.example"\n'
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = ("plan", str(entries), "--now", "2026-04-01T08:00", "--tz", "UTC")
    first, second = _run(*args, env=env), _run(*args, env=env)
    assert json.loads(first.stderr.splitlines()[-1]) is True
    assert (tmp_path / "cache" / "followcal" / "holidays.json").is_file()
    assert json.loads(second.stderr.splitlines()[-1]) is False
    assert second.stdout == first.stdout and "acme" in first.stdout


@pytest.mark.parametrize("code", ["US", "DE", "GB-SCT", "JP", "EG", "XX"])
def test_saved_holidays_are_the_packages_own(tmp_path: Path, code: str) -> None:
    path = tmp_path / "holidays.json"
    package = holiday_calendar(code)
    fresh = _SavedHolidays(path)
    assert fresh.supported(code) is (package is not None)
    assert fresh.weekend(code) == frozenset(package.weekend if package is not None else {5, 6})
    for year in (2026, 2027):
        days = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
        expected = [package.get(day) if package is not None else None for day in days]
        assert [fresh.name(code, day) for day in days] == expected
    fresh.save()
    again = _SavedHolidays(path)  # read back from the file
    assert again.countries == fresh.countries and not again.changed
    assert [again.name(code, day) for day in days] == expected


def test_a_damaged_holidays_file_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "holidays.json"
    path.write_text('{"package": null, "countries": [')
    saved = _SavedHolidays(path)
    assert saved.name("US", date(2026, 7, 3)) == holiday_calendar("US").get(date(2026, 7, 3))
    saved.save()
    assert json.loads(path.read_text())["countries"]["US"]["supported"] is True


def test_help_loads_no_command_module() -> None:
    """Each command's module loads only when that command runs (cli.COMMANDS)."""
    loaded = _loaded_by("--help")
    commands = {name for name in loaded if name.startswith("followcal.cli.")}
    assert not commands, sorted(commands)


def test_the_listed_short_help_is_each_commands_own() -> None:
    import click

    from followcal.cli import COMMANDS, main

    context = click.Context(main)
    for name, (_, short_help) in COMMANDS.items():
        command = main.get_command(context, name)
        assert command is not None, name
        assert command.get_short_help_str(limit=1000) == short_help, name
    assert set(main.list_commands(context)) == set(COMMANDS)
