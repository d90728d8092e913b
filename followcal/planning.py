"""Entries + profiles -> dated actions. Pure: no I/O, no clock; `now` is an argument.

The rules every profile shares live here; what differs between profiles is data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from followcal.model import Action, Contact, Interview, Profile, Step, Timing
from followcal.profiles import apply_traditional

# How soon after the interview ends a same-day task (posting a card) is scheduled.
AFTER_INTERVIEW = timedelta(hours=1)


@dataclass(frozen=True)
class PlanSettings:
    now: datetime
    business_time: time = time(9, 30)
    # Extra non-working days (public holidays), when the user named a country.
    is_holiday: Callable[[date], bool] | None = None

    def is_business_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        return not (self.is_holiday and self.is_holiday(day))

    def next_business_day(self, day: date) -> date:
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day


def plan(
    interviews: Iterable[Interview],
    profile_for: Callable[[Interview], Profile],
    settings: PlanSettings,
) -> list[Action]:
    """Every action for every interview, sorted by time; missed ones flagged, not dropped.

    Interviews are planned in date order so that when two of them at one company would
    put outreach on the same day, the later interview's step is the one that moves.
    """
    booked: dict[tuple[str, date], tuple[str, str]] = {}
    actions: list[Action] = []
    for interview in sorted(interviews, key=lambda i: (i.start, i.id)):
        actions.extend(_plan_interview(interview, profile_for(interview), settings, booked))
    # A stable sort keeps interview, step and contact order among actions at one moment.
    return sorted(actions, key=lambda a: a.start)


def steps_for(interview: Interview, profile: Profile) -> list[Step]:
    """The profile's steps as they apply to this entry (channel asked for, tradition, limit)."""
    if interview.status != "waiting":
        return []
    if interview.no_contact:
        return [profile.no_contact]
    steps: list[Step] = []
    follow_ups = 0
    for step in profile.steps:
        if interview.traditional:
            step = apply_traditional(step)
        if step.kind in ("follow-up", "call"):
            follow_ups += 1
            if follow_ups > profile.max_follow_ups:
                continue
            if interview.channel:
                # The company said how it wants to be reached: every follow-up uses that.
                kind = "call" if interview.channel == "phone" else "follow-up"
                step = replace(step, channel=interview.channel, kind=kind)
        steps.append(step)
    return steps


def _plan_interview(
    interview: Interview,
    profile: Profile,
    settings: PlanSettings,
    booked: dict[tuple[str, date], tuple[str, str]],
) -> list[Action]:
    steps = steps_for(interview, profile)
    total = sum(1 for step in steps if step.kind in ("follow-up", "call"))
    zone = interview.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    actions: list[Action] = []
    previous: datetime | None = None
    number = 0
    for step in steps:
        start = _schedule(step, interview, previous, settings, zone)
        if step.is_outreach:
            start = _avoid_company_clash(start, step, interview, settings, booked)
        if step.kind in ("follow-up", "call"):
            number += 1
        missed = start < settings.now
        recipients = _recipients(step, interview)
        for contacts in recipients:
            actions.append(
                Action(
                    interview=interview,
                    step=step,
                    contacts=contacts,
                    start=start,
                    number=number if step.kind in ("follow-up", "call") else 0,
                    of=total,
                    missed=missed,
                    per_contact=step.recipients == "each",
                )
            )
        previous = start
    return actions


def _recipients(step: Step, interview: Interview) -> list[tuple[Contact, ...]]:
    if step.recipients == "each":
        return [(contact,) for contact in interview.contacts]
    if step.recipients == "first":
        return [interview.contacts[:1]]
    return [interview.contacts]


def _schedule(
    step: Step,
    interview: Interview,
    previous: datetime | None,
    settings: PlanSettings,
    zone: ZoneInfo,
) -> datetime:
    anchor, timing = _anchor(step, interview, previous)
    days = timing.days
    if step.use_follow_up_gap and previous is not None and interview.follow_up_gap_days:
        days = interview.follow_up_gap_days
    interview_day = interview.start.date()
    day = anchor + timedelta(days=days)
    while (day - interview_day).days in step.avoid_days_after_interview:
        day += timedelta(days=1)
    if step.weekdays_only:
        day = _business_day_in_window(day, anchor, timing, step, interview_day, settings)

    if step.time == "after-interview":
        start = (interview.end + AFTER_INTERVIEW).astimezone(zone)
        start = start + timedelta(days=(day - interview_day).days)
    else:
        clock = settings.business_time if step.time == "business" else time.fromisoformat(step.time)
        start = datetime.combine(day, clock, tzinfo=zone)
    if step.within_hours is not None and start > interview.end + timedelta(hours=step.within_hours):
        # "the next morning" would be too late: do it soon after the interview instead.
        start = (interview.end + AFTER_INTERVIEW).astimezone(zone)
    # Normalize across a daylight-saving change so the wall time reads as written.
    return start.astimezone(zone)


def _anchor(step: Step, interview: Interview, previous: datetime | None) -> tuple[date, Timing]:
    if step.after_decision and interview.decision_by:
        return interview.decision_by, step.after_decision
    if step.after_previous and previous is not None:
        return previous.date(), step.after_previous
    if step.after_interview:
        return interview.start.date(), step.after_interview
    # A first step anchored on "previous" falls back to the interview itself.
    assert step.after_previous is not None
    return interview.start.date(), step.after_previous


def _business_day_in_window(
    day: date,
    anchor: date,
    timing: Timing,
    step: Step,
    interview_day: date,
    settings: PlanSettings,
) -> date:
    """The first business day from `day`; if that leaves the window, the last one inside it."""
    moved = settings.next_business_day(day)
    if timing.window is None or (moved - anchor).days <= timing.window[1]:
        return moved
    earliest = anchor + timedelta(days=timing.window[0])
    back = day
    while back >= earliest:
        if settings.is_business_day(back) and (
            (back - interview_day).days not in step.avoid_days_after_interview
        ):
            return back
        back -= timedelta(days=1)
    return moved  # no business day inside the window at all (a long holiday): go late


def _avoid_company_clash(
    start: datetime,
    step: Step,
    interview: Interview,
    settings: PlanSettings,
    booked: dict[tuple[str, date], tuple[str, str]],
) -> datetime:
    """Never two outreach steps to one company on one day: the later one moves on a day."""
    company = interview.company.casefold()
    owner = (interview.id, step.id)
    while booked.get((company, start.date()), owner) != owner:
        day = start.date() + timedelta(days=1)
        if step.weekdays_only:
            day = settings.next_business_day(day)
        start = datetime.combine(day, start.timetz()).astimezone(start.tzinfo)
    booked[(company, start.date())] = owner
    return start
