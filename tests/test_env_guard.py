"""No destructive flag comes from the environment, and an error about a value that came
from a FOLLOWCAL_* variable names the variable (issue 16)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from followcal.cli import COMMANDS, main
from tests.helpers import HARBOR_BANK, invoke, write_interviews

# Written out here, not imported: the test must not shrink with the code's list.
DESTRUCTIVE = {"force", "allow_deletions", "overwrite_edits", "yes"}

ENTRY = HARBOR_BANK


def every_command() -> list[click.Command]:
    ctx = click.Context(main, info_name="followcal", auto_envvar_prefix="FOLLOWCAL")
    found = []
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert command is not None
        found.append(command)
    return found


def test_the_destructive_flags_exist_where_expected():
    names = {(c.name, p.name) for c in every_command() for p in c.params}
    for pair in [("sync", "force"), ("sync", "allow_deletions"), ("sync", "overwrite_edits"),
                 ("import", "force"), ("inbox", "yes"), ("generate", "force")]:  # fmt: skip
        assert pair in names, pair


@pytest.mark.parametrize("command", every_command(), ids=lambda c: c.name)
def test_no_destructive_flag_reads_a_variable(command: click.Command):
    ctx = click.Context(command, info_name=command.name, auto_envvar_prefix="FOLLOWCAL_X")
    for param in command.params:
        if param.name in DESTRUCTIVE:
            assert not param.envvar, (command.name, param.name)
            assert isinstance(param, click.Option) and not param.allow_from_autoenv
            assert param.resolve_envvar_value(ctx) is None


def test_followcal_import_force_in_the_environment_does_not_overwrite(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tracker.csv").write_text(
        "company,role,date,timezone,contact_name\nAcme,Dev,2026-11-20 10:00,UTC,Dana\n"
    )
    write_interviews(tmp_path, ENTRY)
    result = invoke(["import", "tracker.csv"], env={"FOLLOWCAL_IMPORT_FORCE": "1"})
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert (tmp_path / "interviews.toml").read_text() == ENTRY


def test_a_bad_value_from_a_variable_names_it(tmp_path: Path):
    path = write_interviews(tmp_path, ENTRY)
    result = invoke(["plan", str(path)], env={"FOLLOWCAL_TZ": "EST"})
    assert result.exit_code == 2
    assert "FOLLOWCAL_TZ" in result.output and "America/New_York" in result.output
    typed = invoke(["plan", "--tz", "EST", str(path)])
    assert "environment variable" not in typed.output


# -- did-you-mean for commands and states (issue 16) ------------------------------------


def test_an_unknown_command_names_the_likely_one():
    result = invoke(["stats"])
    assert result.exit_code == 2
    assert "No such command 'stats' (did you mean 'status'?)" in result.output


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("rejcted", "did you mean 'rejected'?"), ("Interviewed", "'Interviewed' is waiting here"),
     ("ghosted", "follow-ups are for")],
)  # fmt: skip
def test_an_unknown_state_names_the_likely_one(tmp_path: Path, typed: str, hint: str):
    path = write_interviews(tmp_path, ENTRY)
    result = invoke(["status", "bank", typed, "-f", str(path)])
    assert result.exit_code == 2
    assert hint in result.output
    assert path.read_text() == ENTRY


# -- -v and --debug: followcal's own log on stderr (issue 16) ----------------------------


def test_verbose_says_what_was_read_and_decided(tmp_path: Path):
    path = write_interviews(tmp_path, ENTRY)
    quiet = invoke(["plan", str(path), "--now", "2026-11-01T08:00"])
    loud = invoke(["-v", "plan", str(path), "--now", "2026-11-01T08:00"])
    assert quiet.exit_code == loud.exit_code == 0
    assert "followcal: " not in quiet.stderr
    assert "zone for entries without one: UTC (this computer)" in loud.stderr
    assert f"read 1 interview(s) from {path}" in loud.stderr
    every = invoke(["-vv", "plan", str(path), "--now", "2026-11-01T08:00"])
    assert "bank thank-you: 2026-11-20T" in every.stderr


def test_debug_logs_never_show_a_password(tmp_path: Path):
    from tests.dovecot_server import free_port

    path = write_interviews(tmp_path, ENTRY)
    secret = "s3cret-Hunter2-xyz"
    result = invoke(
        ["--debug", "sync", "-f", str(path), "--url", f"http://127.0.0.1:{free_port()}/",
         "--username", "alex", "--now", "2026-11-01T08:00"],
        env={"FOLLOWCAL_PASSWORD": secret},
    )  # fmt: skip
    assert result.exit_code != 0
    assert secret not in result.output
    assert "followcal: " in result.output  # the log did speak
