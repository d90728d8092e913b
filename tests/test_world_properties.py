"""The planner's promises over generated worlds: a candidate somewhere, several companies in
several countries and zones (Friday-Saturday weekends, half-hour and 45-minute offsets,
regional holidays), interviews on any day at any hour, some with offers and later rounds.

For every plan: no reminder in the candidate's night (but the thank-you right after an
interview they were up for), and a reminder only the candidate sees (checking for news,
moving on) wholly inside their waking hours, on their own clock; no message on a company's
weekend, public holiday (in its region) or quiet period (but a thank-you on the interview
day itself, which they worked), a real week between two messages to one company
(thank-yous aside: they are owed within a day), and every thank-you within 24 real hours
of its interview unless it carries a flag.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from followcal.daysoff import DEFAULT_QUIET_PERIODS, holiday_calendar
from followcal.model import Action, Contact, Interview
from followcal.planning import PlanSettings, plan
from followcal.regions import zone_region
from tests.helpers import LIBRARY

ZONES = (
    "Australia/Sydney", "Europe/London", "Europe/Madrid", "America/Sao_Paulo",
    "Asia/Jerusalem", "Asia/Riyadh", "Asia/Dubai", "Asia/Kathmandu", "Pacific/Chatham",
    "Asia/Tokyo", "Asia/Shanghai", "America/New_York", "America/Los_Angeles", "Asia/Kolkata",
    "Africa/Cairo", "Asia/Tehran", "America/Vancouver", "Europe/Berlin",
)  # fmt: skip
PROFILES = ("standard", "balanced", "paced", "persistent", "email-only")
WAKING = (time(7), time(22))
BUSINESS = (time(9), time(17))
EARLY = datetime(2000, 1, 1, tzinfo=UTC)
PANEL = tuple(
    Contact(name, email=f"{name.split()[0].lower()}@example.com", phone="+44 20 7946 0000")
    for name in ("Fiona Campbell", "Kenji Tanaka", "Amira Haddad")
)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[Interview], PlanSettings, str]:
    home = draw(st.sampled_from(ZONES))
    first = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
    interviews: list[Interview] = []
    for number in range(draw(st.integers(1, 3))):
        zone = draw(st.sampled_from(ZONES))
        day = first + timedelta(days=draw(st.integers(0, 40)))
        start = datetime.combine(
            day, time(draw(st.integers(7, 18)), draw(st.sampled_from((0, 30)))), ZoneInfo(zone)
        )
        company = f"Company {number}"
        rounds = draw(st.integers(1, 2))
        for round_number in range(1, rounds + 1):
            later = start + timedelta(days=draw(st.integers(3, 20))) * (round_number - 1)
            decision = draw(st.none() | st.integers(0, 21))
            interviews.append(
                Interview(
                    id=f"c{number}-r{round_number}",
                    company=company,
                    role="Engineer",
                    start=later,
                    timezone=zone,
                    country=zone_region(zone),
                    contacts=PANEL[: draw(st.integers(1, 3))],
                    source="world.toml",
                    duration=timedelta(minutes=draw(st.sampled_from((30, 45, 60, 90)))),
                    decision_by=later.date() + timedelta(days=decision)
                    if decision is not None
                    else None,
                    channel=draw(st.sampled_from((None, None, "email", "phone", "letter"))),
                    traditional=draw(st.booleans()),
                    round=round_number,
                )
            )
    if draw(st.booleans()):
        recorded = first + timedelta(days=draw(st.integers(0, 40)))
        offer_zone = draw(st.sampled_from(ZONES))
        interviews.append(
            Interview(
                id="offer",
                company="Offer Co",
                role="Engineer",
                start=datetime.combine(
                    recorded - timedelta(days=5), time(10), ZoneInfo(offer_zone)
                ),
                timezone=offer_zone,
                country=zone_region(offer_zone),
                contacts=PANEL[:1],
                source="world.toml",
                status="offer",
                status_date=recorded,
                offer_deadline=recorded + timedelta(days=draw(st.integers(2, 20))),
                offer_written=True,
            )
        )
    settings = PlanSettings(
        now=EARLY, candidate_zone=ZoneInfo(home), home_country=zone_region(home)
    )
    return interviews, settings, draw(st.sampled_from(PROFILES))


def _plan(world: tuple[list[Interview], PlanSettings, str]) -> list[Action]:
    interviews, settings, profile = world
    chosen = LIBRARY.get(profile)
    return plan(interviews, lambda _: chosen, settings)


def _live(actions: list[Action]) -> list[Action]:
    return [a for a in actions if not a.cancelled]


def _company_day(action: Action) -> date:
    return action.sends.astimezone(action.interview.start.tzinfo).date()


def _right_after(action: Action) -> bool:
    after = action.sends - action.interview.end
    return action.step.kind == "thank-you" and timedelta(0) < after <= timedelta(hours=1)


@given(worlds())
def test_no_reminder_in_the_candidates_night(world):
    me = world[1].candidate_zone
    for action in _live(_plan(world)):
        if _right_after(action) and action.alarm >= action.interview.end:
            continue  # they were up for the interview
        rings = action.alarm.astimezone(me).time()
        assert WAKING[0] <= rings <= WAKING[1], (action.step.id, action.alarm.astimezone(me))


@given(worlds())
def test_no_message_on_a_companys_weekend_holiday_or_quiet_period(world):
    for action in _live(_plan(world)):
        if not action.step.is_outreach:
            continue
        day = _company_day(action)
        if action.step.kind == "thank-you" and (
            day == action.interview.start.date() or action.step.channel in ("letter", "card")
        ):
            continue  # the interview day itself, or paper posted on the candidate's errand
        country = action.interview.country
        calendar = holiday_calendar(country) if country else None
        weekend = calendar.weekend if calendar is not None else {5, 6}
        assert day.weekday() not in weekend, (action.step.id, country, day)
        assert calendar is None or calendar.get(day) is None, (action.step.id, country, day)
        assert not any(day in period for period in DEFAULT_QUIET_PERIODS), (action.step.id, day)
        if action.step.channel not in ("letter", "card"):
            local = action.sends.astimezone(action.interview.start.tzinfo).time()
            assert BUSINESS[0] <= local <= BUSINESS[1], (action.step.id, action.sends)


@given(worlds())
def test_a_week_between_messages_to_one_company(world):
    sends: dict[str, list[tuple[datetime, str]]] = {}
    for action in _live(_plan(world)):
        if action.step.is_outreach and action.step.kind != "thank-you":
            sends.setdefault(action.interview.company, []).append(
                (action.sends.astimezone(UTC), f"{action.interview.id}/{action.step.id}")
            )
    for company, times in sends.items():
        unique = sorted(set(times))
        for (earlier, one), (later, other) in itertools.pairwise(unique):
            if one == other:
                continue  # one step's copies to each person of a panel
            assert later - earlier >= timedelta(days=7), (company, one, earlier, other, later)


@given(worlds())
def test_every_thank_you_within_24_real_hours_unless_flagged(world):
    for action in _live(_plan(world)):
        if action.step.kind != "thank-you" or action.flag:
            continue
        after = action.sends - action.interview.end
        assert timedelta(0) < after <= timedelta(hours=24), (action.interview.id, after)
        assert action.alarm >= action.interview.end, (action.interview.id, action.alarm)


@given(worlds())
def test_private_reminders_avoid_the_candidates_own_holidays(world):
    settings = world[1]
    me, home = settings.candidate_zone, settings.home_country
    calendar = holiday_calendar(home) if home else None
    for action in _live(_plan(world)):
        if action.step.is_outreach:
            continue
        day = action.start.astimezone(me).date()
        assert calendar is None or calendar.get(day) is None, (home, day)
        assert not any(day in period for period in DEFAULT_QUIET_PERIODS), day


@given(worlds())
def test_a_reminder_only_you_see_is_wholly_in_your_own_waking_hours(world):
    settings = world[1]
    me = settings.candidate_zone
    for action in _live(_plan(world)):
        if action.step.is_outreach:
            continue  # the company's steps keep to its hours and to yours
        rings, ends = action.alarm.astimezone(me), action.end.astimezone(me)
        where = (action.interview.id, action.step.id, rings, ends)
        assert rings.date() == ends.date(), where
        assert WAKING[0] <= rings.time() and ends.time() <= WAKING[1], where
        if action.step.time == "business":
            # At the business time of your own morning: never the company's clock.
            assert action.start.astimezone(me).time() == settings.business_time, where
