"""Right days and right hours: the company's holidays, quiet periods, your clock and theirs,
durations on real elapsed time, offer news once per company, and `draft`'s next step."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from followcal.cli import main
from followcal.daysoff import DaysOff, QuietPeriod
from followcal.planning import PlanSettings
from followcal.queries import next_to_send, overdue
from tests.helpers import DANA, LEE, interview, local, plan_for

TORONTO = ZoneInfo("America/Toronto")
TOKYO = ZoneInfo("Asia/Tokyo")


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def entry_file(tmp_path: Path, body: str, candidate: str = "") -> Path:
    path = tmp_path / "interviews.toml"
    path.write_text(
        f'[candidate]\nname = "Alex Morgan"\nemail = "alex@example.com"\n{candidate}\n{body}',
        encoding="utf-8",
    )
    return path


def interview_toml(
    company: str, when: str, zone: str, extra: str = "", contact: str = "Dana Smith"
) -> str:
    slug = company.lower().replace(" ", "-")
    return f"""
[[interview]]
id = "{slug}"
company = "{company}"
role = "Engineer"
date = {when}
timezone = "{zone}"
{extra}

[[interview.contacts]]
name = "{contact}"
email = "{slug}@example.com"
phone = "+49 30 1234567"
"""


# -- days off where the company is ---------------------------------------------------------


def test_no_call_to_berlin_on_christmas_day(tmp_path):
    # Persistent: calls 7, 14 and 21 days after; 21 days after Fri 4 Dec is Fri 25 Dec.
    path = entry_file(tmp_path, interview_toml("Kraftwerk", "2026-12-04T10:00:00", "Europe/Berlin"))
    result = cli("plan", str(path), "--json", "--profile", "persistent", "--now", "2026-12-01")
    assert result.exit_code == 0, result.output
    for item in json.loads(result.stdout):
        day = datetime.fromisoformat(item["start"]).date()
        assert day != date(2026, 12, 25), item
        assert not date(2026, 12, 24) <= day <= date(2027, 1, 1), item
    call_3 = next(i for i in json.loads(result.stdout) if i["step_id"] == "call-3")
    assert call_3["start"].startswith("2027-01-04T"), call_3  # the first working day after
    assert "quiet period" in call_3["moved_because"]


def test_no_email_to_chicago_on_new_years_day(tmp_path):
    # Email-only, decision on Thu 31 Dec: "the business day after" was Fri 1 Jan.
    body = interview_toml(
        "Windy Labs", "2026-12-14T10:00:00", "America/Chicago", "decision_by = 2026-12-31"
    )
    result = cli("plan", str(entry_file(tmp_path, body)), "--json", "--profile", "email-only",
                 "--now", "2026-12-01", "--holidays", "none")  # fmt: skip
    follow_up = next(i for i in json.loads(result.stdout) if i["step_id"] == "follow-up-1")
    # --holidays none turns the public holidays off; the quiet period still holds.
    assert follow_up["start"].startswith("2027-01-04T"), follow_up


def test_new_years_day_is_a_us_holiday_even_without_a_quiet_period():
    chicago = interview("2026-12-14T10:00", zone="America/Chicago", country="US",
                        decision_by=date(2026, 12, 31))  # fmt: skip
    actions = plan_for(chicago, profile="email-only", days_off=DaysOff(quiet_periods=()))
    follow_up = next(a for a in actions if a.step.id == "follow-up-1")
    assert local(follow_up) == "2027-01-04 Mon 09:30"
    assert follow_up.reason == "New Year's Day is a public holiday in US"


def test_holidays_follow_the_region_and_the_override():
    # 6 January (Epiphany) is a holiday in Bavaria, not in Berlin.
    berlin = interview("2027-01-05T10:00", zone="Europe/Berlin", country="DE-BE")
    bavaria = interview("2027-01-05T10:00", zone="Europe/Berlin", country="DE-BY")
    assert local(plan_for(berlin, profile="email-only")[0]) == "2027-01-06 Wed 09:30"
    moved = plan_for(bavaria, profile="email-only")[0]
    assert local(moved) == "2027-01-05 Tue 12:00"  # within 24 hours: soon after the interview
    # --holidays GB applies one country's holidays to every company instead.
    as_gb = plan_for(bavaria, profile="email-only", days_off=DaysOff(country="GB"))[0]
    assert local(as_gb) == "2027-01-06 Wed 09:30"


def test_the_quiet_period_is_configurable_and_documented_default():
    assert [str(p) for p in DaysOff().quiet_periods] == ["24 December to 1 January"]
    summer = QuietPeriod.parse("08-01..08-15")
    assert date(2026, 8, 10) in summer and date(2026, 8, 16) not in summer
    entry = interview("2026-07-27T10:00", decision_by=date(2026, 7, 31))
    follow_up = plan_for(entry, profile="email-only", days_off=DaysOff(quiet_periods=(summer,)))
    assert local(follow_up[-1]) == "2026-08-17 Mon 09:30"


def test_config_quiet_periods_and_hours_are_checked(isolated_config, tmp_path):
    path = entry_file(tmp_path, interview_toml("Acme", "2026-11-17T14:00:00", "America/New_York"))
    (isolated_config / "config.toml").write_text(
        'quiet_periods = ["13-01..01-01"]\nwaking_hours = "22:00-07:00"\n'
    )
    result = cli("plan", str(path))
    assert result.exit_code == 6
    assert "'quiet_periods': '13-01..01-01' is not a period" in result.stderr
    assert "'waking_hours': '22:00-07:00' ends before it starts" in result.stderr


# -- your clock and theirs -----------------------------------------------------------------


def test_a_toronto_candidate_gets_no_0330_reminder_for_a_berlin_call(isolated_config, tmp_path):
    body = interview_toml("Kraftwerk", "2026-11-16T10:00:00", "Europe/Berlin", 'channel = "phone"')
    path = entry_file(tmp_path, body, 'timezone = "America/Toronto"')
    result = cli("plan", str(path), "--json", "--now", "2026-11-01T12:00")
    assert result.exit_code == 0, result.output
    calls = [i for i in json.loads(result.stdout) if i["channel"] == "phone"]
    assert calls
    for call in calls:
        start = datetime.fromisoformat(call["start"])
        alarm = (start - timedelta(minutes=15)).astimezone(TORONTO)
        assert time(7) <= alarm.time() and start.astimezone(TORONTO).time() <= time(22)
        berlin = start.astimezone(ZoneInfo("Europe/Berlin")).time()
        assert time(9) <= berlin <= time(16, 45), call
    wide = CliRunner().invoke(main, ["plan", str(path), "--now", "2026-11-01T12:00"],
                              env={"COLUMNS": "200"})  # one line a row  # fmt: skip
    table = wide.stdout
    # Your time first, theirs beside it.
    assert "07:15 EST (13:15 CET)" in table


def test_an_email_due_in_your_night_is_prepared_the_evening_before():
    entry = interview("2026-11-17T14:00", zone="America/New_York")
    actions = plan_for(entry, profile="balanced", candidate_zone=TOKYO)
    follow_up = actions[0]
    assert follow_up.send_at is not None
    assert f"{follow_up.send_at:%a %H:%M %Z}" == "Fri 09:30 EST"
    assert f"{follow_up.start.astimezone(TOKYO):%a %H:%M}" == "Fri 20:00"  # your evening
    assert follow_up.reason == (
        "schedule it to send at Fri 27 Nov 09:30 in America/New_York "
        "(Fri 27 Nov 23:30 your time, Asia/Tokyo): their working day falls in your night"
    )


def test_the_event_body_says_when_to_schedule_the_send(tmp_path):
    body = interview_toml("Acme", "2026-11-17T14:00:00", "America/New_York")
    path = entry_file(tmp_path, body, 'timezone = "Asia/Tokyo"')
    ics = cli("generate", str(path), "-o", "-", "--profile", "balanced", "--now", "2026-11-18")
    text = re.sub(r"\r?\n ", "", ics.stdout).replace("\\n", "\n").replace("\\,", ",")
    assert "schedule it to send at Fri 27 Nov 09:30 in America/New_York (Fri 27 Nov 23:30" in text


def test_a_call_with_no_hour_inside_both_days_is_flagged(tmp_path):
    entry = interview("2026-11-17T14:00", zone="America/New_York", channel="phone")
    calls = [
        a for a in plan_for(entry, profile="paced", candidate_zone=TOKYO) if a.step.kind == "call"
    ]
    assert calls and all(a.flag for a in calls)
    for call in calls:
        assert call.alarm.astimezone(TOKYO).time() >= time(7)  # rings the evening before
        assert call.alarm.astimezone(TOKYO).time() <= time(22)
    body = interview_toml("Acme", "2026-11-17T14:00:00", "America/New_York", 'channel = "phone"')
    path = entry_file(tmp_path, body, 'timezone = "Asia/Tokyo"')
    result = cli("plan", str(path), "--profile", "paced", "--now", "2026-11-18")
    assert "CHECK TIME" in result.stdout
    flat = " ".join(result.stdout.split())  # the flag wraps to the terminal's width
    assert "no hour is inside both the working hours at Acme and your waking hours" in flat


def test_private_reminders_ring_while_you_are_awake():
    entry = interview("2026-11-17T14:00", zone="America/New_York")
    move_on = plan_for(entry, profile="balanced", candidate_zone=TOKYO)[-1]
    assert move_on.step.kind == "move-on"
    # Your own morning: not 23:30 (09:30 in New York), nor 22:00, your bedtime.
    assert f"{move_on.start.astimezone(TOKYO):%H:%M}" == "09:30"
    assert time(7) <= move_on.alarm.astimezone(TOKYO).time() <= time(22)


def test_naive_times_are_your_own_and_confirmations_name_the_zone(tmp_path):
    body = interview_toml("Acme", "2026-11-17T14:00:00", "America/New_York")
    path = entry_file(tmp_path, body, 'timezone = "Europe/Berlin"')
    result = cli("sent", "acme", "thank-you", "-f", str(path), "--on", "2026-11-17T23:00",
                 "--now", "2026-11-18T08:00")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "on Tue 2026-11-17 23:00 CET (Europe/Berlin)" in result.stdout
    # Kept in the file on the company's clock: 23:00 in Berlin is 17:00 in New York.
    assert "2026-11-17T17:00:00" in path.read_text()
    assert "(Europe/Berlin)" in result.stdout.split("next:")[1]


# -- real elapsed time ---------------------------------------------------------------------


def test_within_24_hours_is_real_time_across_a_daylight_saving_change():
    # Cairo leaves summer time at midnight after Thu 29 Oct 2026. An interview ending 09:45
    # that Thursday: Friday 09:30 is 24 h 45 min later in real time, though 23 h 45 min on
    # the wall clock. The thank-you goes soon after the interview instead.
    cairo = interview("2026-10-29T08:45", zone="Africa/Cairo", contacts=(DANA,))
    thank_you = plan_for(cairo, profile="standard")[0]
    elapsed = thank_you.sends.astimezone(UTC) - cairo.end.astimezone(UTC)
    assert elapsed <= timedelta(hours=24), elapsed
    assert local(thank_you) == "2026-10-29 Thu 10:45"


def test_an_interview_ends_after_its_real_duration():
    # 00:30 to 01:30 on the night New York falls back: ends 01:30 EST, two hours later.
    early = interview("2026-11-01T00:30", duration=timedelta(hours=2))
    assert early.end.astimezone(UTC) - early.start.astimezone(UTC) == timedelta(hours=2)


def test_a_week_between_messages_is_a_real_week():
    # A message Monday 09:30 before New York springs forward; 09:30 a week later is only
    # 6 days 23 hours on: the next one waits until a real week has passed.
    first = interview("2027-03-01T10:00", contacts=(DANA,), decision_by=date(2027, 3, 5))
    second = interview(
        "2027-03-02T10:00", id="acme-2", role="Platform Engineer", contacts=(LEE,),
        decision_by=date(2027, 3, 5),
    )  # fmt: skip
    actions = [a for a in plan_for(first, second, profile="balanced") if a.step.is_outreach]
    sends = sorted(a.sends.astimezone(UTC) for a in actions)
    assert all(b - a >= timedelta(days=7) for a, b in itertools.pairwise(sends))


# -- offer news ----------------------------------------------------------------------------


def _offer_from(company: str = "Globex", when: str = "2026-11-18T10:00") -> object:
    return interview(when, id=company.lower(), company=company, status="offer",
                     offer_written=True, offer_deadline=date(2026, 12, 10),
                     status_date=date(2026, 11, 24))  # fmt: skip


def test_offer_news_goes_once_to_a_company_with_two_roles_or_rounds():
    backend = interview("2026-11-17T14:00", id="acme-backend")
    platform = interview("2026-11-19T14:00", id="acme-platform", role="Platform Engineer")
    round_2 = interview("2026-11-20T14:00", id="acme-backend-2", round=2)
    actions = plan_for(_offer_from(), backend, platform, round_2)  # type: ignore[arg-type]
    news = [a for a in actions if a.step.kind == "offer-news"]
    assert len(news) == 1
    assert news[0].interview.id == "acme-backend-2"  # the latest interview there


def test_offer_news_waits_for_no_one_it_has_not_met():
    later = interview("2026-12-14T10:00", id="initech", company="Initech")
    actions = plan_for(_offer_from(), later)  # type: ignore[arg-type]
    assert not [a for a in actions if a.step.kind == "offer-news"]


def test_offer_news_takes_the_place_of_that_weeks_follow_up():
    acme = interview("2026-11-17T14:00", decision_by=date(2026, 11, 24))
    alone = {a.step.id: a for a in plan_for(acme)}
    assert local(alone["follow-up-1"]) == "2026-11-27 Fri 09:30"
    actions = plan_for(_offer_from(), acme)  # type: ignore[arg-type]
    news = next(a for a in actions if a.step.kind == "offer-news")
    assert local(news) == "2026-11-25 Wed 09:30"
    follow_up_1 = [a for a in actions if a.step.id == "follow-up-1"]
    assert follow_up_1 and all(a.cancelled for a in follow_up_1)
    assert "offer" in (follow_up_1[0].reason or "")
    # The next follow-up counts from the news, and no second message lands that week.
    follow_up_2 = next(a for a in actions if a.step.id == "follow-up-2")
    assert follow_up_2.sends - news.sends >= timedelta(days=7)


# -- the next step, decided by the planner -------------------------------------------------


def test_next_to_send_is_the_next_open_step_not_one_already_done():
    sent = datetime(2026, 11, 18, 9, 30, tzinfo=ZoneInfo("America/New_York"))
    acme = interview("2026-11-17T14:00", sent={"thank-you": sent})
    actions = plan_for(acme, now=datetime(2026, 11, 19, tzinfo=UTC))
    chosen = next_to_send(actions, "acme")
    assert {a.step.id for a in chosen} == {"follow-up-1"}
    assert not overdue(actions)


def test_draft_without_a_step_shows_the_next_open_one_or_says_none_is_left(tmp_path):
    body = interview_toml(
        "Acme", "2026-11-17T14:00:00", "America/New_York",
        'sent = { "thank-you" = 2026-11-18T09:30:00 }',
    )  # fmt: skip
    path = entry_file(tmp_path, body)
    result = cli("draft", "acme", "-f", str(path), "--now", "2026-11-19T08:00")
    assert result.exit_code == 0, result.output
    assert "(follow-up-1)" in result.stdout and "Thank you" not in result.stdout.splitlines()[1]
    closed = entry_file(tmp_path, body.replace("timezone =", 'status = "rejected"\ntimezone ='))
    done = cli("draft", "acme", "-f", str(closed), "--now", "2026-11-19T08:00")
    assert done.exit_code == 0
    assert done.stdout.strip() == "Nothing is left to send for acme."


def test_overdue_is_the_latest_missed_step_of_each_interview():
    acme = interview("2026-11-17T14:00")
    actions = plan_for(acme, now=datetime(2026, 12, 20, tzinfo=UTC))
    assert {a.step.id for a in overdue(actions)} == {"follow-up-2"}
    settings = PlanSettings(now=datetime(2026, 12, 20, tzinfo=UTC))
    quiet = "no messages in the quiet period (24 December to 1 January)"
    assert settings.day_off(date(2026, 12, 25), acme) == quiet


def test_add_takes_a_country(tmp_path):
    path = tmp_path / "interviews.toml"
    result = cli("add", "-f", str(path), "--company", "Brauhaus", "--role", "Engineer",
                 "--date", "2026-12-01T14:00", "--timezone", "Europe/Berlin", "--country", "DE-BY",
                 "--contact", "Jana Becker; jana@brauhaus.example")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert 'country = "DE-BY"' in path.read_text()
    bad = cli("add", "-f", str(path), "--company", "Other", "--role", "Engineer",
              "--date", "2026-12-02T14:00", "--timezone", "Europe/Berlin", "--country", "Bavaria",
              "--contact", "Jo Kim; jo@other.example")  # fmt: skip
    assert bad.exit_code != 0 and "is not a country code" in bad.stderr


def test_draft_says_when_to_schedule_a_send_due_in_your_night(tmp_path):
    body = interview_toml("Acme", "2026-11-17T14:00:00", "America/New_York")
    path = entry_file(tmp_path, body, 'timezone = "Asia/Tokyo"')
    result = cli("draft", "acme", "follow-up-1", "-f", str(path), "--profile", "balanced",
                 "--now", "2026-11-18")  # fmt: skip
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[:2]
    assert header[0].startswith("# Fri 2026-11-27 23:30 JST (Asia/Tokyo)")
    assert header[1] == (
        "# schedule it to send at Fri 27 Nov 09:30 in America/New_York "
        "(Fri 27 Nov 23:30 your time, Asia/Tokyo): their working day falls in your night"
    )


def test_holidays_option_overrides_the_country_and_a_bad_one_is_an_error(tmp_path):
    # 6 January is Epiphany in Bavaria: the email-only follow-up the business day after a
    # decision on Tue 5 January moves to the 7th when DE-BY's holidays apply to everyone.
    body = interview_toml(
        "Windy Labs", "2026-12-14T10:00:00", "America/Chicago", "decision_by = 2027-01-05"
    )
    path = entry_file(tmp_path, body)
    args = ("plan", str(path), "--json", "--profile", "email-only", "--now", "2026-12-01")
    own = json.loads(cli(*args).stdout)
    bavarian = json.loads(cli(*args, "--holidays", "DE-BY").stdout)
    pick = lambda items: next(i["start"][:10] for i in items if i["step_id"] == "follow-up-1")  # noqa: E731
    assert (pick(own), pick(bavarian)) == ("2027-01-06", "2027-01-07")
    bad = cli(*args, "--holidays", "XX")
    assert bad.exit_code == 2 and "unknown country or region 'XX'" in bad.stderr


def test_a_bad_candidate_timezone_names_the_field(isolated_config, tmp_path):
    body = interview_toml("Acme", "2026-11-17T14:00:00", "America/New_York")
    result = cli("plan", str(entry_file(tmp_path, body, 'timezone = "Toronto"')))
    assert result.exit_code == 3
    assert "[candidate]" in result.stderr and "timezone" in result.stderr
    assert "America/Toronto" in result.stderr  # the suggestion
    (isolated_config / "config.toml").write_text('[candidate]\ntimezone = "Europe/Berln"\n')
    broken = cli("plan", str(entry_file(tmp_path, body)))
    assert broken.exit_code == 6 and "'candidate.timezone'" in broken.stderr


def test_the_configs_candidate_timezone_counts_when_the_file_names_none(isolated_config, tmp_path):
    (isolated_config / "config.toml").write_text('[candidate]\ntimezone = "Asia/Singapore"\n')
    body = interview_toml("Acme", "2026-11-17T14:00:00", "America/New_York")
    args = ["plan", str(entry_file(tmp_path, body)), "--now", "2026-11-18"]
    table = CliRunner().invoke(main, args, env={"COLUMNS": "200"}).stdout  # one line a row
    assert "22:00 +08 (09:00" in table  # Singapore first, New York beside it


def test_christmas_in_berlin_is_a_holiday_even_without_a_quiet_period():
    berlin = interview("2026-12-04T10:00", zone="Europe/Berlin", country="DE", channel="phone")
    actions = plan_for(berlin, profile="persistent", days_off=DaysOff(quiet_periods=()))
    call_3 = next(a for a in actions if a.step.id == "call-3")
    # Fri 25 and Sat 26 (both holidays), Sun 27: the call goes on Monday 28 December.
    assert local(call_3) == "2026-12-28 Mon 09:30"
    assert call_3.reason == "Christmas Day is a public holiday in DE"


def test_the_weekend_is_the_companys_own():
    # Egypt rests on Friday and Saturday: a follow-up due on Friday goes on Sunday.
    cairo = interview("2026-11-17T10:00", zone="Africa/Cairo", country="EG",
                      decision_by=date(2026, 11, 26))  # fmt: skip
    follow_up = next(a for a in plan_for(cairo, profile="email-only") if a.step.is_follow_up)
    assert local(follow_up) == "2026-11-29 Sun 09:30"
    assert follow_up.reason == "Fridays are not working days"
