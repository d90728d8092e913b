"""Each built-in profile's dates, checked against the article it follows."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followcal.daysoff import DaysOff
from tests.helpers import DANA, LEE, LIBRARY, days_after, interview, local, plan_for, steps

PROFILES = ["standard", "balanced", "paced", "persistent", "email-only"]


# -- email-only (article 003) -------------------------------------------------------------


def test_email_only_thanks_each_interviewer_next_morning_then_one_follow_up_at_two_weeks():
    # Tuesday 17 Nov 2026, 14:00 in New York; no decision date given.
    actions = plan_for(interview(), profile="email-only")
    assert steps(actions) == [
        ("thank-you", "email", "Dana", "2026-11-18 Wed 09:30"),
        ("thank-you", "email", "Lee", "2026-11-18 Wed 09:30"),
        # two weeks after the interview
        ("follow-up-1", "email", "Dana+Lee", "2026-12-01 Tue 09:30"),
    ]


def test_email_only_follows_up_the_business_day_after_their_date():
    # They said they'd decide by Friday 27 Nov: the next business day is Monday 30 Nov.
    actions = plan_for(interview(decision_by=date(2026, 11, 27)), profile="email-only")
    assert steps(actions)[-1] == ("follow-up-1", "email", "Dana+Lee", "2026-11-30 Mon 09:30")


def test_email_only_thank_you_stays_within_24_hours_of_an_early_interview():
    # Ends 08:30; "next morning at 09:30" would be 25 hours later: send it the same day.
    early = interview("2026-11-17T08:00", duration=timedelta(minutes=30))
    first = plan_for(early, profile="email-only")[0]
    assert local(first) == "2026-11-17 Tue 09:30"
    assert first.start - early.end <= timedelta(hours=24)


def test_email_only_traditional_company_gets_a_card_mailed_the_same_day():
    actions = plan_for(interview(traditional=True), profile="email-only")
    assert steps(actions)[:2] == [
        ("thank-you", "card", "Dana", "2026-11-17 Tue 16:00"),
        ("thank-you", "card", "Lee", "2026-11-17 Tue 16:00"),
    ]


def test_email_only_has_no_phone_step_unless_the_company_asked_for_calls():
    emailed = plan_for(interview(), profile="email-only")
    assert all(a.step.channel != "phone" for a in emailed)
    phoned = plan_for(interview(channel="phone"), profile="email-only")
    assert [a.step.kind for a in phoned if a.step.channel == "phone"] == ["call"]


# -- persistent (article 001) -------------------------------------------------------------


def test_persistent_letters_the_same_day_then_three_weekly_calls_to_each():
    actions = plan_for(interview(), profile="persistent")
    assert steps(actions) == [
        ("thank-you-letter", "letter", "Dana", "2026-11-17 Tue 16:00"),
        ("thank-you-letter", "letter", "Lee", "2026-11-17 Tue 16:00"),
        # A week in real time after the letter went at 16:00, not at 09:30 (6 days 17 h).
        ("call-1", "phone", "Dana", "2026-11-24 Tue 16:00"),
        ("call-1", "phone", "Lee", "2026-11-24 Tue 16:00"),
        ("call-2", "phone", "Dana", "2026-12-01 Tue 16:00"),
        ("call-2", "phone", "Lee", "2026-12-01 Tue 16:00"),
        ("call-3", "phone", "Dana", "2026-12-08 Tue 16:00"),
        ("call-3", "phone", "Lee", "2026-12-08 Tue 16:00"),
    ]
    assert all(a.step.promises_call for a in actions if a.step.kind == "thank-you")
    assert max(a.number for a in actions) == 3  # nothing after the third call


def test_persistent_calls_after_a_saturday_interview_move_to_monday():
    saturday = interview("2026-11-21T10:00")
    actions = plan_for(saturday, profile="persistent")
    # The thank-you letter is posted that Saturday (within a day of the interview, which the
    # company held on a Saturday); the calls skip the weekend.
    letter = actions[0]
    assert local(letter) == "2026-11-21 Sat 12:00"
    assert letter.reason and "24 hours" in letter.reason
    calls = [a for a in actions if a.step.channel == "phone"]
    assert {local(a) for a in calls} == {
        "2026-11-30 Mon 09:30",
        "2026-12-07 Mon 09:30",
        "2026-12-14 Mon 09:30",
    }


# -- paced (article 002) ------------------------------------------------------------------


def test_paced_emails_after_their_date_then_calls_two_weeks_later():
    actions = plan_for(interview(decision_by=date(2026, 11, 30)), profile="paced")
    assert steps(actions) == [
        ("follow-up-1", "email", "Dana+Lee", "2026-12-01 Tue 09:30"),
        ("follow-up-2", "phone", "Dana", "2026-12-15 Tue 09:30"),
    ]


def test_paced_without_a_date_waits_two_weeks_and_honours_the_recruiters_spacing():
    actions = plan_for(interview(follow_up_gap_days=10), profile="paced")
    assert steps(actions) == [
        ("follow-up-1", "email", "Dana+Lee", "2026-12-01 Tue 09:30"),
        ("follow-up-2", "phone", "Dana", "2026-12-11 Fri 09:30"),
    ]


# -- balanced (article 000) ---------------------------------------------------------------


def test_balanced_has_no_thank_you_and_waits_past_their_date():
    # Decision by Wed 25 Nov: the first follow-up 3 days later, the second 10 days after.
    actions = plan_for(interview(decision_by=date(2026, 11, 25)), profile="balanced")
    assert steps(actions) == [
        ("follow-up-1", "email", "Dana+Lee", "2026-11-30 Mon 09:30"),  # Sat 28 -> Mon
        ("follow-up-2", "email", "Dana+Lee", "2026-12-10 Thu 09:30"),
        # 24 Dec opens the quiet period, yours too: the reminder waits until it ends.
        ("move-on", "none", "Dana+Lee", "2027-01-02 Sat 09:30"),
    ]
    first, second = actions[0], actions[1]
    assert 2 <= days_after(first, date(2026, 11, 25)) <= 9
    assert 7 <= (second.start.date() - first.start.date()).days <= 14


def test_balanced_without_a_date_follows_up_8_to_14_days_later_never_exactly_7():
    for day in range(1, 29):
        entry = interview(f"2026-11-{day:02d}T14:00")
        first = plan_for(entry, profile="balanced")[0]
        gap = days_after(first, entry.start.date())
        assert 8 <= gap <= 14, (day, local(first))
        assert first.start.weekday() < 5


def test_balanced_never_lands_exactly_one_week_after_the_interview():
    # Decision by Fri 20 Nov, interview Mon 16 Nov: decision + 3 would be Mon 23 = +7 days.
    entry = interview("2026-11-16T14:00", decision_by=date(2026, 11, 20))
    first = plan_for(entry, profile="balanced")[0]
    assert local(first) == "2026-11-24 Tue 09:30"
    assert days_after(first, date(2026, 11, 16)) != 7


def test_standard_is_thank_you_then_balanced():
    entry = interview(decision_by=date(2026, 11, 25))
    standard = steps(plan_for(entry, profile="standard"))
    balanced = steps(plan_for(entry, profile="balanced"))
    assert standard[:2] == [
        ("thank-you", "email", "Dana", "2026-11-18 Wed 09:30"),
        ("thank-you", "email", "Lee", "2026-11-18 Wed 09:30"),
    ]
    assert standard[2:] == balanced


# -- rules every profile shares -----------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_outreach_other_than_thank_you_is_on_a_weekday_at_business_time(profile):
    """Every such step of the profile is planned for every interview (for each contact where
    the step goes to each), and each one lands on a weekday at business time."""
    wanted = {
        step.id
        for step in LIBRARY.get(profile).steps
        if step.is_outreach and step.kind != "thank-you"
    }
    assert wanted  # the profile has follow-ups to check
    for day in range(1, 31):
        entry = interview(f"2026-11-{day:02d}T16:30", decision_by=date(2026, 12, day % 28 + 1))
        checked = [
            action
            for action in plan_for(entry, profile=profile)
            if action.step.is_outreach and action.step.kind != "thank-you"
        ]
        assert {action.step.id for action in checked} == wanted, f"2026-11-{day:02d}"
        for action in checked:
            assert action.start.weekday() < 5, local(action)
            assert "09:00" <= f"{action.start:%H:%M}" <= "16:45"
            assert f"{action.start:%H:%M}" == "09:30" or action.reason


@pytest.mark.parametrize("profile", PROFILES)
def test_at_most_the_profiles_follow_ups_and_never_two_outreach_steps_a_day(profile):
    entry = interview(decision_by=date(2026, 11, 20))
    actions = plan_for(entry, profile=profile)
    limit = LIBRARY.get(profile).max_follow_ups
    assert max(a.number for a in actions) <= limit
    days = {}
    for action in actions:
        if action.step.is_outreach:
            assert days.setdefault(action.start.date(), action.step.id) == action.step.id


def test_dates_across_a_daylight_saving_change_keep_the_wall_time():
    # New York leaves daylight time on Sunday 1 Nov 2026: 09:30 is 13:30 UTC before, 14:30 after.
    entry = interview("2026-10-26T14:00", decision_by=None)
    actions = plan_for(entry, profile="balanced")
    first = actions[0]
    assert local(first) == "2026-11-05 Thu 09:30"
    assert first.start.utcoffset() == timedelta(hours=-5)
    assert first.start.astimezone(ZoneInfo("UTC")).hour == 14
    # Southern hemisphere: Sydney starts daylight time on Sunday 4 Oct 2026.
    sydney = interview("2026-09-28T10:00", zone="Australia/Sydney")
    follow_up = plan_for(sydney, profile="balanced")[0]
    assert local(follow_up) == "2026-10-08 Thu 09:30"
    assert follow_up.start.utcoffset() == timedelta(hours=11)


def test_the_business_time_is_configurable():
    from datetime import time

    actions = plan_for(interview(), profile="balanced", business_time=time(11, 15))
    assert f"{actions[0].start:%H:%M}" == "11:15"


def test_public_holidays_are_skipped_when_a_country_is_named():
    # Balanced, no date: interview Mon 16 Nov + 10 days = Thu 26 Nov, Thanksgiving.
    entry = interview("2026-11-16T14:00", country="US")
    plain = plan_for(entry, profile="balanced", days_off=DaysOff(holidays=False))[0]
    skipping = plan_for(entry, profile="balanced")[0]
    overridden = plan_for(
        replace(entry, country=None), profile="balanced", days_off=DaysOff(country="US")
    )[0]
    assert local(plain) == "2026-11-26 Thu 09:30"
    assert local(skipping) == "2026-11-27 Fri 09:30"
    assert skipping.reason == "Thanksgiving Day is a public holiday in US"
    assert local(overridden) == "2026-11-27 Fri 09:30"


def test_no_contact_gives_only_a_private_check_status_reminder():
    actions = plan_for(interview(no_contact=True, decision_by=date(2026, 11, 27)))
    assert [(a.step.kind, a.step.channel, a.step.is_outreach) for a in actions] == [
        ("check-status", "none", False)
    ]


@pytest.mark.parametrize(
    ("home", "expected"),
    [
        ("UTC", "2026-12-07 Mon 09:30"),  # was 22:00 UTC (09:00 in Sydney): bedtime
        ("America/Chicago", "2026-12-07 Mon 09:30"),  # was 16:30 (09:30 in Sydney)
        ("Australia/Sydney", "2026-12-07 Mon 09:30"),  # living where you interviewed
    ],
)
def test_checking_for_news_is_on_your_own_morning(home, expected):
    # The sample's globex-pm: a Sydney company that asked not to be contacted. The reminder
    # is for you alone, so it comes on your clock, not in Sydney's business hours.
    globex = interview("2026-11-23T09:00", "Australia/Sydney", no_contact=True)
    (check,) = plan_for(globex, candidate_zone=ZoneInfo(home), home_country=None)
    assert check.step.kind == "check-status"
    assert f"{check.start.astimezone(ZoneInfo(home)):%Y-%m-%d %a %H:%M}" == expected
    assert check.reason is None


@pytest.mark.parametrize("status", ["heard-back", "offer", "rejected", "withdrawn"])
def test_a_status_other_than_waiting_gives_no_outreach(status):
    # Its future steps remain only as cancellations, for clients that honour updates.
    actions = plan_for(interview(status=status))
    assert actions and all(a.cancelled and not a.is_open for a in actions)
    now = datetime(2026, 11, 20, tzinfo=ZoneInfo("UTC"))
    later = plan_for(interview(status=status), now=now)
    assert all(a.start >= now for a in later)


def test_steps_before_now_are_flagged_missed():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    actions = plan_for(interview(), now=now)
    assert [a.missed for a in actions] == [True, True, False, False, False]


def test_a_company_gets_at_most_one_message_a_week_across_its_interviews():
    first = interview("2026-11-16T10:00", id="acme-backend")
    second = interview(
        "2026-11-16T15:00", id="acme-platform", role="Platform Engineer", contacts=(LEE,)
    )
    actions = plan_for(first, second, profile="balanced")
    messages = sorted(
        {(a.start.date(), a.interview.id, a.step.id) for a in actions if a.step.is_outreach}
    )
    gaps = [(b[0] - a[0]).days for a, b in itertools.pairwise(messages)]
    assert gaps and min(gaps) >= 7, messages
    # The earlier interview keeps its dates; the later one waits its turn.
    assert [local(a) for a in actions if a.interview.id == "acme-backend"][:2] == [
        "2026-11-26 Thu 09:30",
        "2026-12-07 Mon 09:30",
    ]
    moved = next(a for a in actions if a.interview.id == "acme-platform")
    assert local(moved) == "2026-12-14 Mon 09:30"


def test_uids_are_stable_and_distinct_per_interview_step_and_contact():
    once = plan_for(interview(), profile="persistent")
    again = plan_for(interview(), profile="persistent")
    assert [a.uid for a in once] == [a.uid for a in again]
    assert len({a.uid for a in once}) == len(once)
    assert all(a.uid.endswith("@followcal") for a in once)


def test_the_company_channel_turns_calls_into_emails():
    actions = plan_for(interview(channel="email"), profile="persistent")
    assert {a.step.channel for a in actions if a.number} == {"email"}
    assert {a.step.kind for a in actions if a.number} == {"follow-up"}
    # Each interviewer gets their own thank-you letter, Dana (listed first) first.
    assert actions[0].contacts == (DANA,)
    assert [a.contacts for a in actions if a.step.kind == "thank-you"] == [(DANA,), (LEE,)]


# -- the lifecycle: what the candidate did and heard -----------------------------------------


def test_a_sent_step_is_done_and_the_next_one_counts_from_when_it_really_went():
    zone = ZoneInfo("America/New_York")
    sent = {"follow-up-1": datetime(2026, 12, 2, 10, 0, tzinfo=zone)}
    entry = interview(decision_by=date(2026, 11, 25), sent=sent)
    actions = plan_for(entry, profile="balanced")
    first, second = actions[0], actions[1]
    assert first.done and not first.is_open
    # 2 Dec + 10 days = Saturday 12 Dec, so Monday 14 Dec (not 10 Dec, as planned before).
    assert local(second) == "2026-12-14 Mon 09:30" and second.is_open


def test_a_later_round_cancels_the_first_rounds_pending_steps():
    first = interview("2026-11-10T10:00", id="acme-1")
    second = interview("2026-11-24T10:00", id="acme-2", round=2)
    now = datetime(2026, 11, 25, tzinfo=ZoneInfo("UTC"))
    actions = plan_for(first, second, now=now)
    # Its follow-ups give way; its thank-you (for an interview that happened) stays.
    follow_ups = [a for a in actions if a.interview.id == "acme-1" and a.step.kind != "thank-you"]
    assert follow_ups and all(a.cancelled for a in follow_ups)  # future ones, as cancellations
    thanks = [a for a in actions if a.interview.id == "acme-1" and a.step.kind == "thank-you"]
    assert thanks and not any(a.cancelled for a in thanks)
    assert all(not a.cancelled for a in actions if a.interview.id == "acme-2")
    assert any(a.is_open for a in actions if a.interview.id == "acme-2")


def _offer(written: bool = True, deadline: date = date(2026, 12, 10)):
    return interview(
        "2026-11-16T10:00", id="globex", company="Globex", status="offer",
        offer_deadline=deadline, offer_written=written, status_date=date(2026, 12, 1),
    )  # fmt: skip


def test_a_written_offer_nudges_every_other_waiting_interview_the_next_business_morning():
    waiting = interview("2026-11-17T14:00", id="acme")
    closed = interview("2026-11-18T14:00", id="initech", company="Initech", status="rejected")
    quiet = interview("2026-11-18T14:00", id="hooli", company="Hooli", no_contact=True)
    now = datetime(2026, 12, 1, 18, 0, tzinfo=ZoneInfo("UTC"))
    actions = plan_for(_offer(), waiting, closed, quiet, now=now)
    news = [a for a in actions if a.step.kind == "offer-news"]
    assert [(a.interview.id, local(a)) for a in news] == [("acme", "2026-12-02 Wed 09:30")]
    assert news[0].offer_from and news[0].offer_from.id == "globex"
    assert news[0].contacts == (DANA, LEE) and news[0].is_open
    # No follow-up to Acme in the same week as the news.
    acme = [a for a in actions if a.interview.id == "acme" and a.is_open and a.step.is_outreach]
    others = [a for a in acme if a.step.kind != "offer-news"]
    assert all(abs((a.start.date() - news[0].start.date()).days) >= 7 for a in others)


def test_a_verbal_offer_or_a_passed_deadline_gives_no_news():
    waiting = interview("2026-11-17T14:00", id="acme")
    for offer in (_offer(written=False), _offer(deadline=date(2026, 12, 2))):
        actions = plan_for(offer, waiting)
        assert not [a for a in actions if a.step.kind == "offer-news"]


# -- per-person records ---------------------------------------------------------------------


def test_a_step_sent_to_some_people_stays_planned_for_the_others():
    when = datetime(2026, 11, 18, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    partly = interview(
        sent_to={"thank-you": {"dana smith": when}, "follow-up-1": {"lee park": when}}
    )
    by_step = {}
    for action in plan_for(partly, profile="email-only"):
        by_step.setdefault(action.step.id, []).append(action)
    dana, lee = by_step["thank-you"]
    assert dana.done and not lee.done and not lee.missed
    (follow_up,) = by_step["follow-up-1"]
    # the reminder for a message to everyone now names only the one still waiting for it
    assert [c.name for c in follow_up.contacts] == ["Dana Smith"] and not follow_up.done
    everyone = interview(sent_to={"follow-up-1": {"lee park": when, "dana smith": when}})
    (done,) = [a for a in plan_for(everyone, profile="email-only") if a.step.id == "follow-up-1"]
    assert done.done and [c.name for c in done.contacts] == ["Dana Smith", "Lee Park"]


# -- follow_up_gap_days and an offer's deadline ----------------------------------------------


@pytest.mark.parametrize("profile", ["standard", "balanced", "paced", "persistent"])
def test_the_recruiters_spacing_sets_every_later_follow_up(profile):
    spaced = interview(follow_up_gap_days=20)
    follow_ups = {}
    for action in plan_for(spaced, profile=profile):
        if action.step.kind in ("follow-up", "call"):
            follow_ups.setdefault(action.number, action.start.date())
    numbers = sorted(follow_ups)
    assert len(numbers) >= 2
    for earlier, later in itertools.pairwise(numbers):
        gap = (follow_ups[later] - follow_ups[earlier]).days
        assert 20 <= gap <= 22, (profile, earlier, later, gap)  # 20 days, then a business day


def test_follow_ups_planned_after_another_companys_offer_deadline_are_cancelled():
    waiting = interview()  # Acme: follow-ups on 1 Dec and (standard) later in December
    offer = interview(
        id="globex",
        company="Globex",
        status="offer",
        offer_written=True,
        offer_deadline=date(2026, 12, 4),
        status_date=date(2026, 11, 24),
    )
    now = datetime(2026, 11, 25, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    acme = [a for a in plan_for(waiting, offer, now=now) if a.interview.id == "acme"]
    before = [a for a in acme if a.start.date() <= date(2026, 12, 4)]
    after = [a for a in acme if a.start.date() > date(2026, 12, 4)]
    assert after and all(a.cancelled and not a.missed for a in after)
    # before the deadline only the offer news itself may take a follow-up's place
    assert any(not a.cancelled for a in before)
    assert all(not a.cancelled or "takes its place" in (a.reason or "") for a in before)
    # a verbal offer (not in writing) changes nothing
    verbal = plan_for(waiting, replace(offer, offer_written=False), now=now)
    assert not any(a.cancelled for a in verbal if a.interview.id == "acme")


@pytest.mark.parametrize("name", ["standard", "balanced", "paced", "persistent", "email-only"])
def test_a_profile_without_a_thank_you_says_so_where_you_choose_it(name):
    # `balanced` and `paced` follow articles that prescribe no thank-you (000 and 002); one
    # picked from `followcal profiles` must not leave the interviewer unthanked unawares.
    profile = LIBRARY.get(name)
    thanks = any(step.kind == "thank-you" for step in profile.steps)
    assert thanks or profile.description.startswith("No thank-you step."), name
