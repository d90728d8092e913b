"""The commands, end to end through Click: output, exit codes, and files left alone."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from followcal.cli import main

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples"
NOW = ["--now", "2026-11-25T08:00", "--tz", "America/New_York"]


def run(*args: str, cwd: Path | None = None) -> object:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(main, list(args), catch_exceptions=False)


def test_generate_writes_the_samples_calendar(tmp_path):
    out = tmp_path / "followups.ics"
    result = run("generate", str(SAMPLES), "-o", str(out), *NOW)
    assert result.exit_code == 0, result.stderr
    assert "Wrote 15 events" in result.stdout
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"BEGIN:VEVENT") == 15
    assert data.count(b"BEGIN:VALARM") == 15


def test_same_input_and_now_give_byte_identical_output(tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    run("generate", str(SAMPLES), "-o", str(first), *NOW)
    run("generate", str(SAMPLES), "-o", str(second), *NOW)
    assert first.read_bytes() == second.read_bytes()


def test_generate_to_stdout_and_as_todos(tmp_path):
    result = run("generate", str(SAMPLES), "-o", "-", "--as", "todos", *NOW)
    assert result.exit_code == 0
    assert "BEGIN:VTODO" in result.stdout and "BEGIN:VEVENT" not in result.stdout
    assert "TRIGGER;RELATED=END:-PT15M" in result.stdout


def test_calendar_name_option_and_environment_variable(tmp_path, monkeypatch):
    result = run("generate", str(SAMPLES), "-o", "-", "--calendar-name", "Search 2026", *NOW)
    assert "X-WR-CALNAME:Search 2026" in result.stdout
    monkeypatch.setenv("FOLLOWCAL_CALENDAR_NAME", "From env")
    assert "X-WR-CALNAME:From env" in run("generate", str(SAMPLES), "-o", "-", *NOW).stdout


def test_a_file_followcal_did_not_write_is_never_overwritten(tmp_path):
    precious = tmp_path / "followups.ics"
    precious.write_text("my own calendar\n")
    result = run("generate", str(SAMPLES), "-o", str(precious), *NOW)
    assert result.exit_code == 7
    assert "was not written by followcal" in result.stderr
    assert precious.read_text() == "my own calendar\n"
    # ...while our own file is simply replaced.
    ours = tmp_path / "ours.ics"
    run("generate", str(SAMPLES), "-o", str(ours), *NOW)
    assert run("generate", str(SAMPLES), "-o", str(ours), *NOW).exit_code == 0


@pytest.mark.parametrize("kind", ["folder", "FIFO", "dangling symlink"])
def test_draft_eml_checks_its_target_as_generate_does(tmp_path, kind):
    """One ownership check (fileio.check_ours) for every file followcal replaces: a folder or
    a FIFO is no file to write (a FIFO would block the read), and a symlink to a missing file
    is the user's link, not ours."""
    import os

    target = tmp_path / "follow-up.eml"
    if kind == "folder":
        target.mkdir()
    elif kind == "FIFO":
        os.mkfifo(target)
    else:
        target.symlink_to(tmp_path / "elsewhere.eml")
    args = ("draft", "-f", str(SAMPLES), "acme-backend", "follow-up-1", "--eml", str(target))
    result = run(*args, *NOW)
    assert result.exit_code == 7, result.output
    assert str(target) in result.stderr and "Traceback" not in result.output
    assert "-o -" not in result.stderr  # draft has no -o: the hint is its own
    assert not (tmp_path / "elsewhere.eml").exists()


def test_draft_eml_numbers_one_file_per_person_and_replaces_its_own(tmp_path):
    args = ("draft", "-f", str(SAMPLES), "acme-backend", "thank-you", "--eml")
    written = run(*args, str(tmp_path / "t.eml"), *NOW)
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t-1.eml", "t-2.eml"]
    assert run(*args, str(tmp_path / "t.eml"), *NOW).exit_code == 0  # ours: replaced
    (tmp_path / "t-2.eml").write_bytes(b"From: me\r\n\r\nmine\r\n")
    refused = run(*args, str(tmp_path / "t.eml"), *NOW)
    assert refused.exit_code == 7 and "t-2.eml exists" in refused.stderr
    assert (tmp_path / "t-2.eml").read_bytes() == b"From: me\r\n\r\nmine\r\n"


BAD = """
[[interview]]
company = "Acme"
role = "Engineer"
date = 2026-11-17T14:00:00
decision_by = 2026-11-01
profile = "balanced-ish"

[[interview.contacts]]
nmae = "Dana"
"""


@pytest.mark.parametrize("command", ["generate", "plan", "validate"])
def test_bad_input_fails_cleanly_and_writes_nothing(tmp_path, command):
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD)
    out = tmp_path / "followups.ics"
    args = [command, str(bad), *NOW] + (["-o", str(out)] if command == "generate" else [])
    result = run(*args)
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{bad}, entry #1 (Acme), field 'decision_by'" in result.stderr
    assert "field 'contacts[1].nmae': unknown field (did you mean 'name'?)" in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.toml"]  # no temporary left behind


def test_an_existing_output_is_unchanged_when_input_is_bad(tmp_path):
    out = tmp_path / "followups.ics"
    run("generate", str(SAMPLES), "-o", str(out), *NOW)
    before = out.read_bytes()
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD)
    assert run("generate", str(bad), "-o", str(out), *NOW).exit_code == 3
    assert out.read_bytes() == before


def test_an_unknown_profile_in_an_entry_names_the_entry(tmp_path):
    text = (
        (SAMPLES / "interviews.toml")
        .read_text()
        .replace('profile = "persistent"', 'profile = "persistant"')
    )
    path = tmp_path / "i.toml"
    path.write_text(text)
    result = run("plan", str(path), *NOW)
    assert result.exit_code == 3
    assert "entry #3 (northwind-sales), field 'profile'" in result.stderr
    assert "did you mean 'persistent'?" in result.stderr


def test_unknown_profile_option_and_unknown_tz_are_usage_errors(tmp_path):
    result = run("plan", str(SAMPLES), "--profile", "nope", "--now", "2026-11-25T08:00")
    assert result.exit_code == 2 and "unknown profile 'nope'" in result.stderr
    result = run("plan", str(SAMPLES), "--tz", "Europe/Berln")
    assert result.exit_code == 2 and "Europe/Berlin" in result.stderr


def test_binary_garbage_input(tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\xff\xfe" * 100)
    result = run("validate", str(junk))
    assert result.exit_code == 3
    assert "junk.csv" in result.stderr and "Traceback" not in result.stderr


def test_plan_table_marks_missed_steps_and_json_is_stable(tmp_path):
    table = run("plan", str(SAMPLES), *NOW).stdout
    assert "MISSED" in table.splitlines()[1]
    items = json.loads(run("plan", str(SAMPLES), "--json", *NOW).stdout)
    first = items[0]
    assert set(first) == {
        "interview", "company", "role", "step", "step_id", "follow_up", "channel",
        "contacts", "start", "missed", "done", "uid", "summary", "send_at", "moved_because",
        "flag",
    }  # fmt: skip
    assert first["missed"] is True
    follow_up = next(i for i in items if i["step_id"] == "follow-up-1")
    assert follow_up["follow_up"] == 1
    assert follow_up["start"].endswith(("-05:00", "+01:00", "+00:00", "-06:00", "+11:00"))


def test_draft_prints_one_message_and_reports_unknown_ids_and_steps():
    sample = ("-f", str(SAMPLES / "interviews.toml"))
    result = run("draft", "acme-backend", "follow-up-2", *sample, *NOW)
    assert result.exit_code == 0
    assert "Hi Dana and Lee" in result.stdout
    bad_id = run("draft", "acme-backnd", *sample, *NOW)
    assert bad_id.exit_code == 2 and "did you mean 'acme-backend'?" in bad_id.stderr
    bad_step = run("draft", "acme-backend", "call-9", *sample, *NOW)
    assert bad_step.exit_code == 2 and "its steps: thank-you, follow-up-1" in bad_step.stderr


def test_profiles_list_and_show():
    listing = run("profiles").stdout
    for name in ("standard", "balanced", "paced", "persistent", "email-only"):
        assert name in listing
    shown = run("profiles", "show", "paced")
    assert "follow-up-2" in shown.stdout and "previous step +14d" in shown.stdout
    assert run("profiles", "show", "nope").exit_code == 4


def test_user_profiles_and_templates_come_from_the_config_folder(isolated_config):
    (isolated_config / "profiles").mkdir()
    (isolated_config / "profiles" / "gentle.toml").write_text(
        'title = "One slow follow-up"\n[[step]]\nid = "f"\nkind = "follow-up"\n'
        'channel = "email"\nafter_interview = { days = 20 }\n'
    )
    (isolated_config / "templates").mkdir()
    (isolated_config / "templates" / "follow-up-1.email.j2").write_text(
        "Subject: Hello {{ interview.company }}\n\nMy own words, {{ contact.first_name }}.\n"
    )
    assert "gentle" in run("profiles").stdout
    result = run(
        "draft",
        "acme-backend",
        "f",
        "-f",
        str(SAMPLES / "interviews.toml"),
        "--profile",
        "gentle",
        *NOW,
    )
    assert "My own words, Dana." in result.stdout, result.stderr


def test_a_broken_user_template_is_a_clear_error(isolated_config):
    (isolated_config / "templates").mkdir()
    (isolated_config / "templates" / "follow-up-1.email.j2").write_text(
        "Subject: x\n\n{{ contact.nickname }}\n"
    )
    result = run("validate", str(SAMPLES), *NOW)
    assert result.exit_code == 5
    assert "follow-up-1.email.j2" in result.stderr and "nickname" in result.stderr


def test_config_supplies_candidate_and_defaults(isolated_config, tmp_path):
    (isolated_config / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nbusiness_time = "10:15"\n'
        '[candidate]\nname = "Kim Config"\nemail = "kim@example.com"\n'
    )
    csv = tmp_path / "i.csv"
    csv.write_text(
        "company,role,date,contact_name,contact_email\nAcme,Dev,2026-11-16 10:00,Dana,d@a.example\n"
    )
    result = run("draft", "acme", "follow-up-1", "-f", str(csv), "--now", "2026-11-01")
    assert "Kim Config" in result.stdout
    assert "10:15 CET" in result.stdout
    assert result.stderr == ""


def test_a_bare_csv_without_candidate_warns_once_and_keeps_a_placeholder(tmp_path):
    csv = tmp_path / "i.csv"
    csv.write_text("company,role,date,timezone,contact_name\nAcme,Dev,2026-11-16 10:00,UTC,Dana\n")
    result = run("generate", str(csv), "-o", "-", "--now", "2026-11-01T00:00")
    assert result.exit_code == 0
    assert result.stderr.count("[Your name]") == 1
    assert "[Your name]" in result.stdout


def test_init_writes_a_starter_that_validates_and_never_overwrites(tmp_path):
    path = tmp_path / "interviews.toml"
    assert run("init", str(path)).exit_code == 0
    add = ("add", "-f", str(path), "--company", "Acme", "--role", "Dev", "--date", "2026-11-20")
    assert run(*add, "--timezone", "UTC", "--contact", "Dana; dana@acme.example").exit_code == 0
    assert run("validate", str(path), "--now", "2026-11-01T00:00").exit_code == 3  # placeholders
    path.write_text(path.read_text().replace("[Your name]", "Alex Morgan"))
    path.write_text(path.read_text().replace("[your email]", "alex@example.com"))
    path.write_text(path.read_text().replace('"[your phone]"', '"+1 212 555 0100"'))
    assert run("validate", str(path), "--now", "2026-11-01T00:00").exit_code == 0
    path.write_text("# mine\n")
    result = run("init", str(path))
    assert result.exit_code == 7 and path.read_text() == "# mine\n"


def _every_command(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            found += _every_command(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def test_every_command_has_help_text():
    commands = _every_command(main)
    assert ("sync",) in commands and ("profiles", "show") in commands and len(commands) > 12
    for command in commands:
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout, command
        assert len(result.stdout.splitlines()) > 3, command
        described = main if not command else main.get_command(None, command[0])  # type: ignore[arg-type]
        for name in command[1:]:
            assert isinstance(described, click.Group)
            described = described.get_command(None, name)  # type: ignore[arg-type]
        assert described is not None and (described.help or "").strip(), command


def test_version():
    assert run("--version").stdout.startswith("followcal, version ")


def test_a_broken_config_lists_every_problem_and_never_accepts_a_password(isolated_config):
    (isolated_config / "config.toml").write_text(
        'timezone = 3\nbogus = "x"\nbusiness_time = "9am"\n[sync]\npassword = "s3cret"\n'
        'urll = "https://dav.example"\n'
    )
    result = run("plan", str(SAMPLES), *NOW)
    assert result.exit_code == 6
    for expected in (
        "'timezone' must be text",
        "unknown setting 'bogus'",
        "'business_time' must be a time like 09:30",
        "[sync] must not hold a password",
        "unknown setting 'sync.urll' (did you mean 'url'?)",
    ):
        assert expected in result.stderr
    assert "s3cret" not in result.stderr + result.stdout
