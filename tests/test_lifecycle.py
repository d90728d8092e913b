"""The lifecycle commands on a real commented file, and generate/sync reflecting each change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.helpers import files_in, invoke, write_interviews

NOW = ["--now", "2026-11-25T08:00"]


@pytest.fixture(autouse=True)
def wall_clock_at_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """sync creates nothing already past on the wall clock (issue 18): it is pinned at --now."""
    from datetime import UTC, datetime
    from importlib import import_module

    sync_module = import_module("followcal.cli.sync")
    monkeypatch.setattr(sync_module, "real_time", lambda: datetime(2026, 11, 25, 8, tzinfo=UTC))


FILE = """\
# My job search. Keep this file in git.

[candidate]
name = "Alex Morgan"  # how I sign
email = "alex@example.com"
timezone = "America/New_York"  # where I live: naive times on the command line mean this

# First choice.
[[interview]]
id = "acme"
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00
timezone = "America/New_York"
decision_by = 2026-12-01  # they said "early December"
status = "waiting"  # update me

[[interview.contacts]]
name = "Dana Smith"
email = "dana@acme.example"

# Backup.
[[interview]]
id = "globex"
company = "Globex"
role = "Data Engineer"
date = 2026-11-18T10:00:00
timezone = "Europe/Berlin"

[[interview.contacts]]
name = "Sam Taylor"
email = "sam@globex.example"

[[interview]]
id = "initech"
company = "Initech"
role = "Engineer"
date = 2026-11-19T10:00:00
timezone = "Europe/London"
status = "rejected"

[[interview.contacts]]
name = "Bill Lumbergh"
email = "bill@initech.example"
"""


@pytest.fixture
def interviews(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_interviews(tmp_path, FILE)


def cli(*args: str, stdin: str | None = None, columns: int = 200):
    return invoke(list(args), input=stdin, catch_exceptions=False, env={"COLUMNS": str(columns)})


def planned(*extra: str) -> list[dict]:
    return json.loads(cli("plan", "--json", *NOW, *extra).stdout)


def test_sent_records_the_step_keeps_the_file_and_re_anchors_the_next(interviews):
    before = {i["step_id"]: i["start"] for i in planned() if i["interview"] == "acme"}
    result = cli("sent", "acme", "follow-up-1", "--on", "2026-12-07T11:00", *NOW)
    assert result.exit_code == 0, result.stderr
    assert "next: follow-up-2 on Thu 2026-12-17" in result.stdout
    assert interviews.read_text() == FILE.replace(
        'status = "waiting"  # update me\n',
        'status = "waiting"  # update me\nsent = { "follow-up-1" = 2026-12-07T11:00:00 }\n',
    )
    after = {i["step_id"]: i for i in planned() if i["interview"] == "acme"}
    assert after["follow-up-1"]["done"] is True
    assert before["follow-up-2"] != after["follow-up-2"]["start"]
    assert after["follow-up-2"]["start"].startswith("2026-12-17T09:30")


def test_sent_step_is_cancelled_in_the_calendar_file(interviews):
    cli("sent", "acme", "follow-up-1", "--on", "2026-11-26T11:00", *NOW)
    data = cli("generate", "-o", "-", *NOW).stdout.encode()
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    done = next(
        e for s, e in events.items() if s.startswith("Done: Acme Corp: follow-up email (1/2)")
    )
    assert done["STATUS"] == "CANCELLED" and done["SEQUENCE"] == 1
    assert not done.walk("VALARM")


def test_status_heard_back_cancels_future_events_and_keeps_comments(interviews):
    result = cli("status", "acme", "heard-back", "--on", "2026-11-26", *NOW)
    assert result.exit_code == 0, result.stderr
    assert "3 future action(s) cancelled" in result.stdout
    assert interviews.read_text() == FILE.replace(
        'status = "waiting"  # update me\n',
        'status = "heard-back"  # update me\nstatus_date = 2026-11-26\n',
    )
    assert not [i for i in planned() if i["interview"] == "acme"]
    data = cli("generate", "-o", "-", *NOW).stdout.encode()
    acme = [e for e in Calendar.from_ical(data).walk("VEVENT")
            if e["X-FOLLOWCAL-INTERVIEW"] == "acme"]  # fmt: skip
    assert len(acme) == 3
    assert all(e["STATUS"] == "CANCELLED" and e["SEQUENCE"] == 1 for e in acme)


def test_a_written_offer_nudges_the_waiting_ones_and_a_verbal_one_is_refused(interviews):
    verbal = cli("offer", "globex", "--deadline", "2026-12-10", "--verbal", *NOW)
    assert verbal.exit_code == 1 and "verbal offer can fall through" in verbal.stderr
    assert interviews.read_text() == FILE
    result = cli("offer", "globex", "--deadline", "2026-12-10", "--on", "2026-11-25", "--yes", *NOW)
    assert result.exit_code == 0, result.stderr
    # Thursday 26 November is Thanksgiving in the US: the news waits for Friday, 09:30 in
    # New York, which the confirmation shows on your own clock, zone named.
    assert "tell Acme Corp (acme) on Fri 2026-11-27 09:30 EST (America/New_York)" in result.stdout
    assert "Initech" not in result.stdout  # rejected: nobody to tell
    news = [i for i in planned() if i["step"] == "offer-news"]
    assert [(i["interview"], i["start"][:16]) for i in news] == [("acme", "2026-11-27T09:30")]
    draft = cli("draft", "acme", "offer-news", *NOW)
    assert "Globex" in draft.stdout and "Thursday, 10 December 2026" in draft.stdout
    assert "Dana" in draft.stdout
    globex = planned()
    assert not [i for i in globex if i["interview"] == "globex"]


def test_agenda_lists_overdue_first_then_the_coming_days(interviews):
    result = cli("agenda", "--days", "7", "--now", "2026-11-23T12:00")
    lines = result.stdout.splitlines()
    assert lines[1].startswith("OVERDUE") and "thank-you email to Sam Taylor" in lines[1]
    assert not any("Initech" in line for line in lines)
    items = json.loads(cli("agenda", "--json", "--days", "30", "--now", "2026-11-23T12:00").stdout)
    assert items[0]["overdue"] is True and items[-1]["overdue"] is False
    assert all(i["start"] < "2026-12-24" for i in items)


def test_add_by_options_appends_and_a_second_round_replaces_the_first(interviews):
    result = cli(
        "add", "--company", "Acme Corp", "--role", "Backend Engineer", "--date",
        "2026-11-27T15:00", "--timezone", "America/New_York", "--round", "2",
        "--contact", "Dana Smith; Engineering Manager; dana@acme.example", "--id", "acme-2",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = interviews.read_text()
    assert text.startswith(FILE)
    assert (
        'id = "acme-2"' in text
        and "round = 2" in text
        and 'title = "Engineering Manager"' in (text)
    )
    items = planned()
    # The first round's follow-ups are cancelled; its thank-you (that interview happened) stays.
    assert {i["step"] for i in items if i["interview"] == "acme"} <= {"thank-you"}
    assert [i for i in items if i["interview"] == "acme-2"]


def test_add_by_prompts_validates_as_it_goes(interviews, monkeypatch):
    monkeypatch.setattr("followcal.cli.asking.stdin_is_terminal", lambda: True)
    answers = "\n".join([
        "Hooli", "Platform Engineer", "Mars/Base", "Europe/Paris", "next tuesday",
        "2026-11-30T09:00", "2026-12-08", "", "Gavin Belson", "CEO", "gavin@hooli.example", "", "",
        "n", "en", "", "", "", "", "n", "n",
    ]) + "\n"  # fmt: skip
    result = cli("add", stdin=answers)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "'next tuesday' is not a date" in result.stderr and "Mars/Base" in result.stderr
    text = interviews.read_text()
    assert 'company = "Hooli"' in text and 'timezone = "Europe/Paris"' in text
    assert "decision_by = 2026-12-08" in text and 'email = "gavin@hooli.example"' in text


def test_add_asks_plainly_for_the_greeting_of_an_uncertain_name(interviews, monkeypatch):
    # Issue 17: "María José García López" would be greeted in full in every message.
    monkeypatch.setattr("followcal.cli.asking.stdin_is_terminal", lambda: True)
    answers = "\n".join([
        "Hooli", "Platform Engineer", "Europe/Madrid", "2026-11-30T09:00", "2026-12-08", "",
        "María José García López", "CTO", "mj@hooli.example", "", "María José", "n",
        "en", "", "", "", "", "n", "n",
    ]) + "\n"  # fmt: skip
    result = cli("add", stdin=answers)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "How should messages greet María José García López?" in result.stderr
    assert 'salutation = "María José"' in interviews.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sent", "acme-x", "follow-up-1"], "did you mean 'acme'?"),
        (["sent", "acme", "call-7"], "no step 'call-7' is planned for acme"),
        (["sent", "acme", "follow-up-1", "--on", "2026-11-01T10:00"], "before the interview"),
        (["status", "acme", "maybe"], "'maybe' is not one of"),
        (["status", "acme", "offer", "--on", "2026-11-01"], "before the interview"),
        (["status", "acme", "heard-back", "--on", "2026-11-01"], "before the interview"),
        (["offer", "acme", "--deadline", "2026-11-20"], "is not after the day of the offer"),
        (["offer", "acme", "--deadline", "soon"], "not a date"),
    ],
)
def test_bad_ids_steps_states_and_dates_change_nothing(interviews, args, message):
    result = cli(*args, *NOW)
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert interviews.read_text() == FILE
    assert files_in(interviews.parent) == ["interviews.toml"]


def test_sync_reflects_each_change(radicale, interviews):
    env = {"FOLLOWCAL_PASSWORD": radicale.password}
    target = ["--url", radicale.calendar_url, "--username", radicale.username, *NOW]

    def sync(*extra: str) -> str:
        result = invoke(["sync", *target, *extra], env=env)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    def on_server() -> set[str]:
        summaries = set()
        for stored in radicale.objects().values():
            for event in Calendar.from_ical(stored.data).walk("VEVENT"):
                summaries.add(str(event["SUMMARY"]))
        return summaries

    sync()
    assert "Acme Corp: follow-up email (1/2) to Dana Smith" in on_server()
    cli("sent", "acme", "follow-up-1", "--on", "2026-11-26T10:00", *NOW)
    assert "1 deleted" in sync()  # the reminder for what is done goes, the next one moves
    cli("offer", "globex", "--deadline", "2026-12-10", "--on", "2026-11-25", "--yes", *NOW)
    # Globex's three pending reminders go, and so does Acme's move-on reminder, due after
    # the offer's deadline: more than half of ours, but the recorded offer says why, so the
    # mass-deletion guard has nothing to ask.
    assert "1 created, 0 updated, 4 deleted" in sync()
    assert "Acme Corp: tell Dana Smith about your offer from Globex" in on_server()
    assert not [s for s in on_server() if s.endswith("- Globex")]
    cli("status", "acme", "heard-back", *NOW)
    sync()  # every remaining event goes, and the recorded status explains it
    assert not [s for s in on_server() if "Acme" in s]


TWO_PEOPLE = FILE.replace(
    '[[interview.contacts]]\nname = "Dana Smith"\nemail = "dana@acme.example"\n',
    '[[interview.contacts]]\nname = "Dana Smith"\nemail = "dana@acme.example"\n\n'
    '[[interview.contacts]]\nname = "Lee Park"\nemail = "lee@acme.example"\n',
)
BEFORE_THANKS = ["--now", "2026-11-20T16:00"]


def test_sent_to_one_person_leaves_the_thank_you_planned_for_the_other(interviews):
    interviews.write_text(TWO_PEOPLE)
    result = cli("sent", "acme", "thank-you", "--to", "dana", "--on", "2026-11-20T17:00",
                 *BEFORE_THANKS)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Recorded thank-you to Dana Smith" in result.stdout
    assert "thank-you is still to do for Lee Park" in result.stdout
    assert 'sent = { "thank-you" = { "Dana Smith" = 2026-11-20T17:00:00 } }' in (
        interviews.read_text()
    )
    thanks = {
        tuple(i["contacts"]): i["done"]
        for i in json.loads(cli("plan", "--json", *BEFORE_THANKS).stdout)
        if i["interview"] == "acme" and i["step_id"] == "thank-you"
    }
    assert thanks == {("Dana Smith",): True, ("Lee Park",): False}
    # The second person by a prefix of their surname; then the step is done for everyone.
    result = cli("sent", "acme", "thank-you", "--to", "park", "--on", "2026-11-20T18:00",
                 *BEFORE_THANKS)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "next: follow-up-1" in result.stdout


def test_re_recording_a_step_needs_force_and_names_the_earlier_date(interviews):
    assert cli("sent", "acme", "follow-up-1", "--on", "2026-12-07T11:00", *NOW).exit_code == 0
    before = interviews.read_text()
    again = cli("sent", "acme", "follow-up-1", "--on", "2026-12-08T11:00", *NOW)
    assert again.exit_code == 3
    # the company's clock, named: `sent` confirmed it on the candidate's
    assert "recorded on 2026-12-07 11:00 (America/New_York time); pass --force" in again.stderr
    assert interviews.read_text() == before
    forced = cli("sent", "acme", "follow-up-1", "--on", "2026-12-08T11:00", "--force", *NOW)
    assert forced.exit_code == 0, forced.stderr
    assert '"follow-up-1" = 2026-12-08T11:00:00' in interviews.read_text()


@pytest.mark.parametrize(
    ("name", "message"),
    [("x", "'--to': 'x' matches no contact; the contacts of acme are: Dana Smith, Lee Park"),
     ("", "'--to': '' matches Dana Smith and Lee Park")],
)  # fmt: skip
def test_sent_to_an_unknown_or_ambiguous_name_lists_the_contacts(interviews, name, message):
    interviews.write_text(TWO_PEOPLE)
    result = cli("sent", "acme", "thank-you", "--to", name, "--on", "2026-11-20T17:00")
    assert result.exit_code == 2 and message in result.stderr  # a bad option value: usage
    assert interviews.read_text() == TWO_PEOPLE


def test_validate_warns_when_follow_up_gap_days_has_no_later_follow_up_to_space(interviews):
    text = FILE.replace('status = "waiting"  # update me\n',
                        'status = "waiting"  # update me\nfollow_up_gap_days = 10\n')  # fmt: skip
    interviews.write_text(text)
    standard = cli("validate", *NOW)
    assert standard.exit_code == 0 and "follow_up_gap_days" not in standard.stderr
    single = cli("validate", "--profile", "email-only", *NOW)
    assert single.exit_code == 0
    assert (
        "entry acme, field 'follow_up_gap_days': it has no effect, because the 'email-only' "
        "profile plans no follow-up after the first"
    ) in single.stderr


def test_accept_closes_every_other_interview_with_one_withdrawal_email_each(interviews):
    cli("offer", "globex", "--deadline", "2026-12-10", "--on", "2026-11-25", "--yes", *NOW)
    result = cli("accept", "globex", "--on", "2026-11-27", "--yes", *NOW)  # a Friday
    assert result.exit_code == 0, result.stderr
    assert "Recorded that you accepted Globex (Data Engineer) on 2026-11-27" in result.stdout
    assert "Acme Corp (acme): a withdrawal email to draft and send on Mon 2026-11-30 09:30 EST" in (
        result.stdout
    )
    assert "Initech" not in result.stdout  # already rejected: nothing to close
    text = interviews.read_text()
    assert (
        'status = "withdrawn"  # update me\nstatus_date = 2026-11-27\naccepted_elsewhere = true\n'
        in text
    )
    assert 'status = "accepted"\nstatus_date = 2026-11-27\n' in text
    still_open = [(i["interview"], i["step_id"]) for i in planned() if not i["done"]]
    assert still_open == [("acme", "withdrawal")]
    # everything else that was planned is written as cancelled, so calendars drop it
    data = cli("generate", "-o", "-", *NOW).stdout.encode()
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    live = [e for e in events if e.get("STATUS") != "CANCELLED"]
    assert [str(e["SUMMARY"]) for e in live] == ["Acme Corp: withdrawal email to Dana Smith"]
    assert "I have accepted an offer from another company" in str(live[0]["DESCRIPTION"])
    cancelled = [str(e["SUMMARY"]) for e in events if e.get("STATUS") == "CANCELLED"]
    assert any("about your offer from Globex" in summary for summary in cancelled)


def test_accept_then_sync_leaves_only_the_withdrawal_on_the_server(radicale, interviews):
    env = {"FOLLOWCAL_PASSWORD": radicale.password}
    target = ["--url", radicale.calendar_url, "--username", radicale.username, *NOW]
    first = invoke(["sync", *target], env=env)
    assert first.exit_code == 0, first.stderr
    assert cli("accept", "globex", "--on", "2026-11-27", "--force", "--yes", *NOW).exit_code == 0
    second = invoke(["sync", *target], env=env)
    assert second.exit_code == 0, second.stderr  # the recorded acceptance explains it all
    summaries = {
        str(event["SUMMARY"])
        for stored in radicale.objects().values()
        for event in Calendar.from_ical(stored.data).walk("VEVENT")
    }
    assert summaries == {"Acme Corp: withdrawal email to Dana Smith"}
