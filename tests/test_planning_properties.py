"""The planner's invariants, over random interviews, zones, countries and candidates.

Each property is checked on every action of a random plan: no outreach on a company's day
off, a real week between messages to one company, no reminder in the candidate's night,
and every step where its profile puts it unless the action says why it moved.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from followcal.daysoff import DEFAULT_QUIET_PERIODS, holiday_calendar
from followcal.model import Action, Interview, Profile, Timing
from followcal.planning import PlanSettings, plan, steps_for
from followcal.timezones import zone_country
from tests.helpers import DANA, LEE, LIBRARY

ZONES = (
    "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Toronto",
    "America/Sao_Paulo", "Europe/Berlin", "Europe/London", "Africa/Cairo", "Asia/Kolkata",
    "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
)  # fmt: skip
REGIONS = {"America/New_York": "US-NY", "Europe/Berlin": "DE-BY", "Europe/London": "GB-SCT"}
PROFILES = ("standard", "balanced", "paced", "persistent", "email-only")
EARLY = datetime(2000, 1, 1, tzinfo=UTC)
WAKING = (time(7), time(22))
BUSINESS = (time(9), time(17))


@dataclass(frozen=True)
class Scenario:
    interviews: tuple[Interview, ...]
    profile: Profile
    settings: PlanSettings

    def actions(self) -> list[Action]:
        return plan(self.interviews, lambda _: self.profile, self.settings)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    zone = draw(st.sampled_from(ZONES))
    regional = draw(st.booleans()) and zone in REGIONS
    country = REGIONS[zone] if regional else zone_country(zone)
    me = ZoneInfo(draw(st.sampled_from(ZONES)))
    first = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
    interviews = []
    # One or two interviews at one company (two roles), so the week rule has work to do.
    for number in range(draw(st.integers(1, 2))):
        day = first + timedelta(days=draw(st.integers(0, 10)) if number else 0)
        start = datetime.combine(
            day, time(draw(st.integers(8, 17)), draw(st.sampled_from((0, 30)))), ZoneInfo(zone)
        )
        decision = draw(st.none() | st.integers(0, 21))
        interviews.append(
            Interview(
                id=f"acme-{number}",
                company="Acme",
                role=f"Role {number}",
                start=start,
                timezone=zone,
                country=country,
                contacts=(DANA, LEE)[: draw(st.integers(1, 2))],
                source="test.toml",
                duration=timedelta(minutes=draw(st.sampled_from((30, 60, 90)))),
                decision_by=day + timedelta(days=decision) if decision is not None else None,
                channel=draw(st.sampled_from((None, "email", "phone", "letter"))),
                traditional=draw(st.booleans()),
                follow_up_gap_days=draw(st.none() | st.integers(5, 20)),
            )
        )
    if draw(st.booleans()):
        # A written offer from another company, recorded some days after the first interview.
        recorded = first + timedelta(days=draw(st.integers(-5, 30)))
        offer_zone = draw(st.sampled_from(ZONES))
        interviews.append(
            Interview(
                id="globex",
                company="Globex",
                role="Engineer",
                start=datetime.combine(
                    recorded - timedelta(days=7), time(10), ZoneInfo(offer_zone)
                ),
                timezone=offer_zone,
                country=zone_country(offer_zone),
                contacts=(DANA,),
                source="test.toml",
                status="offer",
                status_date=recorded,
                offer_deadline=recorded + timedelta(days=draw(st.integers(2, 20))),
                offer_written=True,
            )
        )
    settings = PlanSettings(now=EARLY, candidate_zone=me)
    return Scenario(tuple(interviews), LIBRARY.get(draw(st.sampled_from(PROFILES))), settings)


def _outreach(actions: list[Action]) -> list[Action]:
    return [a for a in actions if a.step.is_outreach and not a.cancelled]


def _company_day(action: Action) -> date:
    return action.sends.astimezone(action.interview.start.tzinfo).date()


def _thanks_on_the_day(action: Action) -> bool:
    """A thank-you on the interview day itself: the company worked that day, whatever its
    calendar says (a Saturday interview is thanked on the Saturday)."""
    return action.step.kind == "thank-you" and _company_day(action) == action.interview.start.date()


def _right_after(action: Action) -> bool:
    """A thank-you sent right after the interview, while the candidate is still up."""
    after = action.sends - action.interview.end
    return action.step.kind == "thank-you" and timedelta(0) < after <= timedelta(hours=1)


@given(scenarios())
def test_no_outreach_on_a_weekend_a_public_holiday_or_in_the_quiet_period(scenario):
    for action in _outreach(scenario.actions()):
        if _thanks_on_the_day(action):
            continue
        if action.step.kind == "thank-you" and action.step.channel in ("letter", "card"):
            continue  # posted within a day on the candidate's errand; it arrives days later
        day = _company_day(action)
        calendar = holiday_calendar(action.interview.country) if action.interview.country else None
        weekend = calendar.weekend if calendar is not None else {5, 6}
        assert day.weekday() not in weekend, (action.step.id, day)
        assert not any(day in period for period in DEFAULT_QUIET_PERIODS), (action.step.id, day)
        assert calendar is None or calendar.get(day) is None, (action.step.id, day)
        if action.step.channel in ("letter", "card"):
            continue  # posted on the candidate's own errand: their waking hours, not the office's
        local = action.sends.astimezone(action.interview.start.tzinfo).time()
        assert BUSINESS[0] <= local <= BUSINESS[1], (action.step.id, action.sends)


@given(scenarios())
def test_a_real_week_between_two_messages_to_one_company(scenario):
    messages = {
        (a.interview.id, a.step.id): (a.sends.astimezone(UTC), a.step.kind)
        for a in _outreach(scenario.actions())
        if a.interview.company == "Acme"
    }
    for (earlier, kind_1), (later, kind_2) in itertools.pairwise(sorted(messages.values())):
        if "thank-you" in (kind_1, kind_2):
            continue  # the documented exception: thanks for a meeting are owed within a day
        assert later - earlier >= timedelta(days=7), (kind_1, earlier, kind_2, later)


@given(scenarios())
def test_no_reminder_rings_in_the_candidates_night(scenario):
    me = scenario.settings.candidate_zone
    for action in scenario.actions():
        if _right_after(action) and action.alarm >= action.interview.end:
            continue  # the candidate was up for the interview: thanks go before they sleep
        rings = action.alarm.astimezone(me).time()
        assert WAKING[0] <= rings <= WAKING[1], (action.step.id, action.alarm.astimezone(me))


@given(scenarios())
def test_every_step_is_where_its_profile_puts_it_or_says_why_it_moved(scenario):
    actions = scenario.actions()
    for interview in scenario.interviews:
        if interview.status != "waiting":
            continue
        # Offer news goes once per company, to one of its interviews.
        news = [a for a in actions if a.interview.company == interview.company and a.offer_from]
        previous: datetime | None = None
        last_follow_up: datetime | None = None
        for step in steps_for(interview, scenario.profile):
            mine = [a for a in actions if a.interview.id == interview.id and a.step.id == step.id]
            assert mine, step.id
            action = mine[0]
            spaced = step.is_follow_up and last_follow_up and interview.follow_up_gap_days
            if spaced:
                # The recruiter's spacing sets every later follow-up, in any profile.
                anchor = last_follow_up.astimezone(interview.start.tzinfo).date()
                timing = Timing(interview.follow_up_gap_days)
            elif step.after_decision and interview.decision_by:
                anchor, timing = interview.decision_by, step.after_decision
            elif step.after_previous and previous is not None:
                anchor = previous.astimezone(interview.start.tzinfo).date()
                timing = step.after_previous
            else:
                anchor = interview.start.date()
                timing = step.after_interview or step.after_previous
            assert timing is not None
            days = timing.days
            if (
                not spaced
                and step.use_follow_up_gap
                and previous is not None
                and interview.follow_up_gap_days
            ):
                days = interview.follow_up_gap_days
            expected = anchor + timedelta(days=days)
            while (expected - interview.start.date()).days in step.avoid_days_after_interview:
                expected += timedelta(days=1)
            if action.reason is None:
                # Outreach counts days on the company's calendar; a reminder only you see
                # comes on your own clock, so on that day of yours.
                zone = (
                    interview.start.tzinfo
                    if step.is_outreach
                    else scenario.settings.my_zone(interview)
                )
                day = action.sends.astimezone(zone).date()
                assert day == expected, (step.id, action.sends, expected)
            else:
                assert action.reason.strip(), step.id
            previous = action.sends
            if action.reason == "the news of your offer, that week, takes its place":
                # It gave way to the offer news: the next step counts from the news.
                assert action.cancelled and news
                previous = news[0].sends
            if step.is_follow_up:
                last_follow_up = previous
