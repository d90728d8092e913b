"""`followcal sync` end to end: real interview files, the real pipeline, a real Radicale."""

from __future__ import annotations

import importlib
import os
import pty
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from followcal.cli import main

cli_sync = importlib.import_module("followcal.cli.sync")  # the module, not the command

SAMPLE = Path(__file__).parent.parent / "samples" / "interviews.toml"
NOW = "2026-11-25T08:00"


@pytest.fixture(autouse=True)
def wall_clock_at_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """The samples are dated late November 2026: the wall clock is pinned where --now is, as
    if the run happened then (a run whose --now is earlier than the wall clock is its own
    test below)."""
    monkeypatch.setattr(cli_sync, "real_time", lambda: datetime(2026, 11, 25, 8, tzinfo=UTC))


def sync(server, *args: str, password: str | None = None, input_file: Path = SAMPLE):
    env = {"FOLLOWCAL_PASSWORD": password or server.password}
    command = ["sync", str(input_file), "--url", server.calendar_url, "--username",
               server.username, "--now", NOW, "--tz", "UTC", *args]  # fmt: skip
    return CliRunner().invoke(main, command, env=env, catch_exceptions=False)


def events(server) -> dict[str, Calendar]:
    found = {}
    for stored in server.objects().values():
        calendar = Calendar.from_ical(stored.data)
        for component in calendar.walk():
            if component.name in ("VEVENT", "VTODO"):
                found[str(component["UID"])] = component
    return found


def plan_uids(input_file: Path = SAMPLE, *extra: str) -> set[str]:
    import json

    result = CliRunner().invoke(
        main, ["plan", str(input_file), "--json", "--now", NOW, "--tz", "UTC", *extra]
    )
    return {item["uid"] for item in json.loads(result.stdout) if not item["missed"]}


def test_first_sync_creates_the_plan_with_alarms_and_a_resync_writes_nothing(radicale):
    result = sync(radicale)
    assert result.exit_code == 0, result.stderr
    planned = plan_uids()
    assert f"{len(planned)} created, 0 updated, 0 deleted" in result.stdout
    stored = events(radicale)
    assert set(stored) == planned
    assert all(len(event.walk("VALARM")) == 1 for event in stored.values())
    again = sync(radicale)
    assert f"0 created, 0 updated, 0 deleted, {len(planned)} unchanged, 0 conflicts" in (
        again.stdout
    )


def test_a_changed_entry_updates_only_its_events_and_heard_back_deletes_them(radicale, tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text(SAMPLE.read_text())
    sync(radicale, input_file=path)
    before = {uid: e["DESCRIPTION"] for uid, e in events(radicale).items()}
    path.write_text(path.read_text().replace(
        "Jo runs the Seattle office.", "Jo runs the Denver office."))  # fmt: skip
    result = sync(radicale, input_file=path)
    after = events(radicale)
    changed = {uid for uid in before if after[uid]["DESCRIPTION"] != before[uid]}
    northwind = {uid for uid, e in after.items() if e["X-FOLLOWCAL-INTERVIEW"] == "northwind-sales"}
    assert changed == northwind and changed
    assert f"0 created, {len(changed)} updated, 0 deleted" in result.stdout

    path.write_text(path.read_text().replace(
        'id = "acme-backend"\n', 'id = "acme-backend"\nstatus = "heard-back"\n'))  # fmt: skip
    result = sync(radicale, input_file=path)
    remaining = events(radicale)
    assert not [e for e in remaining.values() if e["X-FOLLOWCAL-INTERVIEW"] == "acme-backend"]
    assert set(remaining) == plan_uids(path)
    assert "3 deleted" in result.stdout


def test_past_events_stay_as_history_when_time_moves_on(radicale):
    sync(radicale)
    count = len(events(radicale))
    later = CliRunner().invoke(
        main,
        ["sync", str(SAMPLE), "--url", radicale.calendar_url, "--username", radicale.username,
         "--now", "2026-12-05T12:00", "--tz", "UTC"],
        env={"FOLLOWCAL_PASSWORD": radicale.password},
    )  # fmt: skip
    assert later.exit_code == 0, later.stderr
    assert "0 deleted" in later.stdout
    assert len(events(radicale)) == count


def test_a_users_own_event_survives_and_a_user_edit_is_a_conflict(radicale):
    foreign = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\nBEGIN:VEVENT\r\n"
        "UID:dentist@example.com\r\nDTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261203T150000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    radicale.put_object(radicale.calendar_url + "dentist.ics", foreign, create=True)
    sync(radicale)
    stored = radicale.objects()
    href, edited = next((h, o) for h, o in stored.items() if "call Jo Evans" in o.data)
    radicale.put_object(href, edited.data.replace("call Jo Evans", "call Jo (mobile)"),
                        etag=edited.etag)  # fmt: skip
    result = sync(radicale)
    assert result.exit_code == 14  # as documented: the rest synced, a conflict awaits the user
    assert "1 conflicts" in result.stdout and "Conflict:" in result.stderr
    assert "call Jo (mobile)" in radicale.objects()[href].data
    assert radicale.objects()[radicale.calendar_url + "dentist.ics"].data == (
        stored[radicale.calendar_url + "dentist.ics"].data
    )
    deletions_only = sync(radicale, "--allow-deletions")
    assert deletions_only.exit_code == 14 and "call Jo (mobile)" in radicale.objects()[href].data
    forced = sync(radicale, "--overwrite-edits")
    assert forced.exit_code == 0 and "1 updated" in forced.stdout
    assert "call Jo (mobile)" not in radicale.objects()[href].data


def test_mass_deletion_guard_then_allow_deletions(radicale, tmp_path):
    sync(radicale)
    tiny = tmp_path / "one.toml"
    tiny.write_text(
        '[[interview]]\ncompany = "Solo"\nrole = "Dev"\ndate = 2026-11-24T10:00:00\n'
        '[[interview.contacts]]\nname = "Ann Lee"\nemail = "ann@solo.example"\n'
    )
    before = len(events(radicale))
    result = sync(radicale, input_file=tiny)
    assert result.exit_code == 18 and "refusing to delete" in result.stderr
    assert len(events(radicale)) == before
    assert sync(radicale, "--overwrite-edits", input_file=tiny).exit_code == 18
    dry = sync(radicale, "--dry-run", "--allow-deletions", input_file=tiny)
    assert "would delete" in dry.stdout and len(events(radicale)) == before
    assert sync(radicale, "--allow-deletions", input_file=tiny).exit_code == 0
    assert set(events(radicale)) == plan_uids(tiny)
    sync(radicale)
    assert sync(radicale, "--force", input_file=tiny).exit_code == 0  # --force: both flags
    assert set(events(radicale)) == plan_uids(tiny)


def test_a_recorded_status_on_a_small_calendar_deletes_without_the_guard(radicale, tmp_path):
    """The routine `status heard-back` once tripped the guard (exit 18): it must not."""
    tiny = tmp_path / "one.toml"
    tiny.write_text(
        '[[interview]]\ncompany = "Solo"\nrole = "Dev"\ndate = 2026-11-24T10:00:00\n'
        '[[interview.contacts]]\nname = "Ann Lee"\nemail = "ann@solo.example"\n'
    )
    assert sync(radicale, input_file=tiny).exit_code == 0
    assert len(events(radicale)) >= 3
    status = CliRunner().invoke(
        main, ["status", "solo", "heard-back", "-f", str(tiny), "--now", NOW]
    )
    assert status.exit_code == 0, status.stderr
    result = sync(radicale, input_file=tiny)
    assert result.exit_code == 0, result.stderr
    assert events(radicale) == {}


def test_wrong_password_and_server_down_fail_cleanly_without_secrets(radicale):
    result = sync(radicale, password="hunter2-wrong")
    assert result.exit_code == 10
    assert "hunter2" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    radicale.stop()
    down = sync(radicale)
    assert down.exit_code == 16 and "Traceback" not in down.stderr


def test_todos_and_settings_from_the_config_file(radicale, isolated_config):
    (isolated_config / "config.toml").write_text(
        f'[sync]\nurl = "{radicale.url}"\nusername = "{radicale.username}"\n'
        'calendar = "Followcal test"\n'
    )
    result = CliRunner().invoke(
        main, ["sync", str(SAMPLE), "--as", "todos", "--now", NOW],
        env={"FOLLOWCAL_PASSWORD": radicale.password},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    stored = events(radicale)
    assert stored and all(e.name == "VTODO" for e in stored.values())
    assert all(e.walk("VALARM")[0]["TRIGGER"].params["RELATED"] == "END" for e in stored.values())


def test_no_url_is_a_usage_error():
    result = CliRunner().invoke(main, ["sync", str(SAMPLE)], env={"FOLLOWCAL_PASSWORD": "x"})
    assert result.exit_code == 2 and "no CalDAV URL" in result.stderr


def _sync_at_a_terminal(server) -> tuple[int, str]:
    """`followcal sync` in its own process whose stderr is a terminal (a pty): its exit code
    and what that terminal showed."""
    leader, follower = pty.openpty()
    command = [sys.executable, "-m", "followcal", "sync", str(SAMPLE), "--url",
               server.calendar_url, "--username", server.username,
               "--now", NOW, "--tz", "UTC"]  # fmt: skip
    env = {**os.environ, "FOLLOWCAL_PASSWORD": server.password}
    with subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower, env=env
    ) as process:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the process has closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        code = process.wait(timeout=60)
    os.close(leader)
    return code, shown.decode("utf-8", "replace")


def test_a_progress_bar_shows_at_a_terminal_with_work_and_never_in_a_pipe(radicale):
    piped = sync(radicale, "--dry-run")
    assert piped.exit_code == 0 and "Syncing" not in piped.stderr
    code, shown = _sync_at_a_terminal(radicale)  # the first sync: every event to write
    assert code == 0, shown
    assert "Syncing" in shown and "100%" in shown
    code, shown = _sync_at_a_terminal(radicale)  # nothing changed: no bar
    assert code == 0 and "Syncing" not in shown, shown


def test_a_run_as_of_an_earlier_now_never_creates_steps_already_past(radicale, monkeypatch) -> None:
    """Issue 18: --now in the past must not write history that never happened."""
    monkeypatch.setattr(cli_sync, "real_time", lambda: datetime(2026, 12, 2, 12, tzinfo=UTC))
    result = sync(radicale)
    assert result.exit_code == 0, result.output
    starts = [c.decoded("DTSTART", None) or c.decoded("DUE") for c in events(radicale).values()]
    assert starts and all(start >= datetime(2026, 12, 2, 12, tzinfo=UTC) for start in starts)
    assert len(events(radicale)) < len(plan_uids())
    assert "already past in real time were not created" in result.stderr
