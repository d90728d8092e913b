"""Start-up stays light: heavy libraries load only inside the commands that use them.

Not a timed test (those belong in benchmarks/generate_bench.py): it checks which modules a
command loads, in a fresh interpreter, which is what its start-up time follows.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from followcal.daysoff import holiday_calendar
from tests.helpers import interview, plan_for

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


def test_uids_are_the_ones_they_always_were() -> None:
    """UIDs are a name-based UUID per interview, step and person, under the namespace
    uuid5(NAMESPACE_DNS, "followcal.invalid"), which model.py writes out so as not to load
    hashlib at start-up: a calendar already synced keeps its events only if these hold."""
    namespace = uuid.uuid5(uuid.NAMESPACE_DNS, "followcal.invalid")
    (action, *_) = plan_for(interview(), profile="standard")
    who = action.contacts[0].name.casefold() if action.per_contact else "all"
    key = f"{action.interview.id}/{action.step.id}/{who}"
    assert action.uid == f"{uuid.uuid5(namespace, key)}@followcal"


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
    assert list((tmp_path / "cache" / "followcal" / "holidays").glob("*/US-2026.json"))
    assert json.loads(second.stderr.splitlines()[-1]) is False
    assert second.stdout == first.stdout and "acme" in first.stdout


CODES = ("US", "DE", "GB-SCT", "JP", "EG", "XX")
DAYS = [date(2026, 1, 1) + timedelta(days=n) for n in range(2 * 365)]
# What a run answers about CODES over DAYS, through the public API, and whether it imported
# the holidays package to answer.
ASK = (
    "import json, sys\n"
    "from datetime import date, timedelta\n"
    "from followcal.daysoff import DaysOff, is_supported\n"
    "days = [date(2026, 1, 1) + timedelta(days=n) for n in range(2 * 365)]\n"
    "off = DaysOff(quiet_periods=())\n"
    f"codes = {list(CODES)!r}\n"
    "answers = {code: [is_supported(code), [off.holiday(d, code) for d in days],\n"
    "                  [off.reason(d, code) for d in days]] for code in codes}\n"
    "print(json.dumps([answers, 'holidays' in sys.modules]))\n"
)


def _ask(env: dict[str, str]) -> tuple[dict[str, Any], bool]:
    done = subprocess.run(
        [sys.executable, "-c", ASK], capture_output=True, text=True, check=True, env=env
    )
    answers, imported = json.loads(done.stdout)
    return answers, imported


def test_saved_holidays_are_the_packages_own_and_damaged_files_are_remade(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first, imported = _ask(env)
    assert imported
    for code in CODES:
        package = holiday_calendar(code)
        supported, names, _ = first[code]
        assert supported is (package is not None)
        expected = [package.get(day) if package is not None else None for day in DAYS]
        assert names == expected
    second, imported = _ask(env)  # from the saved files
    assert second == first and not imported
    saved = sorted((tmp_path / "cache").rglob("*.json"))
    assert {p.name for p in saved} >= {"DE.json", "DE-2026.json", "DE-2027.json", "XX.json"}
    for path in saved:
        path.write_text('{"supported": [')
    third, imported = _ask(env)
    assert third == first and imported


def test_two_installs_of_one_version_share_the_saved_holidays(tmp_path: Path) -> None:
    """It was one file per user, keyed by the install and rewritten whole by every run: a
    second install of the same version (another virtual environment) discarded what the
    first had saved, and the first's next run imported the package again. (Two runs at once
    lost each other's countries the same way; now each file is written once, when new.)"""
    site = tmp_path / "other-install"
    site.mkdir()
    spec = importlib.util.find_spec("holidays")
    assert spec is not None and spec.origin is not None
    package = Path(spec.origin).parent
    for entry in package.parent.iterdir():
        if entry == package or entry.name.startswith("holidays-"):
            (site / entry.name).symlink_to(entry)  # the same version, installed elsewhere
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    here = {**os.environ, **cache}
    there = {**here, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    _, imported = _ask(here)
    assert imported
    _, imported = _ask(there)
    assert not imported, "the second install did not use what the first had saved"
    _, imported = _ask(here)
    assert not imported, "the second install's run discarded the first's"


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
