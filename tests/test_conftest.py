"""The test set-up itself: which hypothesis profile a run gets, and which tests the fast
lane leaves out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROBE = "import tests.conftest; from hypothesis import settings; print(settings().max_examples)"


@pytest.mark.parametrize(
    ("ci", "examples"),
    [("true", 1000), (None, 15), ("false", 15), ("0", 15), ("", 15), ("1", 15)],
)
def test_only_ci_true_selects_the_ci_profile(ci: str | None, examples: int) -> None:
    """`CI=false` (or any value) used to select the 1,000-example profile."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == examples


SERVER_MODULES = (
    "tests/test_sync_servers.py",  # Radicale, Xandikos and SOGo, by the `dav` fixture
    "tests/test_sync_xandikos.py",
    "tests/test_sync_state_machine.py",  # starts its own Radicale
    "tests/test_sync_faults.py",
    "tests/test_mail_imap.py",  # Dovecot
)


def test_the_fast_lane_leaves_out_every_test_of_the_server_modules() -> None:
    """`make test-fast` selects -m "not server": none of these modules' tests is left in,
    while the fast modules keep theirs."""
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "not server"]
    done = subprocess.run(
        [*command, *SERVER_MODULES, "tests/test_planning.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "CI"},
    )
    selected = [line for line in done.stdout.splitlines() if "::" in line]
    assert selected and all(line.startswith("tests/test_planning.py::") for line in selected)
