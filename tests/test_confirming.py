"""Commands that change other interviews say what they will change, company by company, and
ask; `accept` needs an interview with an offer; `--dry-run` writes nothing (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import invoke, write_interviews

FILE = """
[candidate]
name = "Priya Raman"
email = "priya.raman@example.com"

[[interview]]
id = "kiez"
company = "Kiezkraft"
role = "Backend Engineer"
date = 2026-11-16T10:00:00
timezone = "Europe/Berlin"
status = "offer"
status_date = 2026-11-23
offer_deadline = 2026-12-04
offer_written = true

[[interview.contacts]]
name = "Jonas Weber"
email = "jonas@kiezkraft.example"

[[interview]]
id = "hud"
company = "Hudson Bank"
role = "Data Engineer"
date = 2026-11-17T14:00:00
timezone = "America/New_York"

[[interview.contacts]]
name = "Dana Smith"
email = "dana@hudson.example"

[[interview]]
id = "fen"
company = "Fenwick Talent"
role = "Platform Engineer"
date = 2026-11-18T11:00:00
timezone = "Europe/London"

[[interview.contacts]]
name = "Ann Lee"
email = "ann@fenwick.example"
"""
NOW = ["--now", "2026-11-24T08:00", "--tz", "America/Toronto"]


@pytest.fixture
def interviews(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_interviews(tmp_path, FILE)


def cli(*args: str, stdin: str | None = None):
    return invoke([*args, *NOW], input=stdin)


def test_accept_of_a_company_that_made_no_offer_is_refused(interviews: Path):
    result = cli("accept", "hud", "--yes")
    assert result.exit_code == 1
    assert "Hudson Bank (hud) has made no offer" in result.output
    assert "the offers recorded are from Kiezkraft (kiez)" in result.output
    assert interviews.read_text() == FILE


def test_accept_without_a_terminal_or_yes_refuses_after_saying_what_it_would_do(
    interviews: Path,
):
    result = cli("accept", "kiez")
    assert result.exit_code == 1
    assert "Hudson Bank (hud): closed, with a withdrawal email" in result.output
    assert "Fenwick Talent (fen): closed, with a withdrawal email" in result.output
    assert "no terminal to ask at" in result.output and "--yes" in result.output
    assert interviews.read_text() == FILE


def test_accept_dry_run_lists_the_changes_and_writes_nothing(interviews: Path):
    result = cli("accept", "kiez", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Kiezkraft (kiez): accepted on 2026-11-24" in result.output
    assert "Hudson Bank (hud): closed" in result.output
    assert "Dry run: nothing was written." in result.output
    assert interviews.read_text() == FILE


def test_accept_at_a_terminal_asks_and_no_means_no(interviews: Path, monkeypatch):
    monkeypatch.setattr("followcal.cli.asking.stdin_is_terminal", lambda: True)
    said_no = cli("accept", "kiez", stdin="n\n")
    assert said_no.exit_code == 1 and "Go ahead?" in said_no.output
    assert interviews.read_text() == FILE
    said_yes = cli("accept", "kiez", stdin="y\n")
    assert said_yes.exit_code == 0, said_yes.output
    assert 'status = "accepted"' in interviews.read_text()


def test_accept_force_takes_an_offer_the_file_does_not_record(interviews: Path):
    result = cli("accept", "hud", "--force", "--yes")
    assert result.exit_code == 0, result.output
    assert "Kiezkraft (kiez): closed, with a withdrawal email (it made you an offer)" in (
        result.output
    )


def test_the_calendar_hint_is_true_for_google_and_outlook(interviews: Path):
    result = cli("accept", "kiez", "--yes")
    assert result.exit_code == 0, result.output
    assert "reminder(s) cancelled" in result.output
    assert "Google Calendar or Outlook is not changed by importing again" in result.output
    assert "import the file) to remove them" not in result.output


def test_a_closing_status_says_what_it_cancels_and_asks(interviews: Path):
    refused = cli("status", "hud", "rejected")
    assert refused.exit_code == 1
    assert "Hudson Bank (hud): its planned" in refused.output
    assert interviews.read_text() == FILE
    done = cli("status", "hud", "rejected", "--yes")
    assert done.exit_code == 0, done.output
    assert 'status = "rejected"' in interviews.read_text()


def test_status_dry_run_writes_nothing(interviews: Path):
    result = cli("status", "hud", "heard-back", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output
    assert interviews.read_text() == FILE


def test_an_offer_says_whom_it_will_tell_and_asks(interviews: Path):
    text = FILE.replace('status = "offer"', 'status = "waiting"')
    interviews.write_text(text)
    refused = cli("offer", "hud", "--deadline", "2026-12-10")
    assert refused.exit_code == 1
    assert "Kiezkraft (kiez): an email telling them of your offer" in refused.output
    assert "Fenwick Talent (fen): an email telling them of your offer" in refused.output
    assert interviews.read_text() == text
    assert cli("offer", "hud", "--deadline", "2026-12-10", "--yes").exit_code == 0


@pytest.mark.parametrize(
    "command",
    [
        ["sent", "hud", "thank-you"],
        ["status", "hud", "rejected"],
        ["offer", "hud", "--deadline", "2026-12-10"],
        ["accept", "kiez"],
        ["add", "--no-input", "--company", "Initech", "--role", "Dev", "--date",
         "2026-11-20 10:00", "--timezone", "America/Chicago",
         "--contact", "Bill; bill@initech.example"],
    ],
    ids=lambda command: command[0],
)  # fmt: skip
def test_every_command_that_edits_the_file_has_a_dry_run(interviews: Path, command: list[str]):
    now = NOW[:2] if command[0] == "add" else NOW  # add takes --now, not --tz
    result = invoke([*command, "--dry-run", *now])
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was written." in result.output
    assert interviews.read_text() == FILE
