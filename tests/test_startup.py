"""Start-up stays light: heavy libraries load only inside the commands that use them.

Not a timed test (those belong in benchmarks/generate_bench.py): it checks which modules a
command loads, in a fresh interpreter, which is what its start-up time follows.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

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
