"""Entries + profiles -> dated actions. Pure: no I/O, no clock; `now` is an argument.

The rules every profile shares live here; what differs between profiles is data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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


# Article 000: at most one message a week to a company, across all its interviews.
OUTREACH_SPACING = timedelta(days=7)
OFFER_NEWS = Step(
    id="offer-news",
    kind="offer-news",
    channel="email",
    template="offer-news",
    recipients="all",
    after_interview=Timing(0),
)


class _Bookings:
    """The outreach days already given to each company, to keep a week between messages."""

    def __init__(self) -> None:
        self._days: dict[str, list[tuple[date, tuple[str, str]]]] = {}

    def clash(self, company: str, day: date, owner: tuple[str, str]) -> date | None:
        """The booked day that `day` comes too close to, if any (the owner's own are fine)."""
        for booked, who in self._days.get(company.casefold(), []):
            if who != owner and abs((day - booked).days) < OUTREACH_SPACING.days:
                return booked
        return None

    def book(self, company: str, day: date, owner: tuple[str, str]) -> None:
        self._days.setdefault(company.casefold(), []).append((day, owner))


def plan(
    interviews: Iterable[Interview],
    profile_for: Callable[[Interview], Profile],
    settings: PlanSettings,
) -> list[Action]:
    """Every action for every interview, sorted by time, each flagged missed, done or cancelled.

    Offer news is planned first (it cannot wait); then interviews in date order, so that
    when two interviews at one company compete for a week, the later interview's step moves.
    """
    interviews = sorted(interviews, key=lambda i: (i.start, i.id))
    bookings = _Bookings()
    actions = _offer_news(interviews, settings, bookings)
    superseded = _superseded(interviews)
    for interview in interviews:
        active = interview.status == "waiting" and interview.id not in superseded
        actions.extend(
            _plan_interview(interview, profile_for(interview), settings, bookings, active)
        )
    # A stable sort keeps interview, step and contact order among actions at one moment.
    return sorted(actions, key=lambda a: a.start)


def _superseded(interviews: Sequence[Interview]) -> set[str]:
    """Interviews for a job that has a later round: its fresh cadence replaces theirs."""
    latest: dict[tuple[str, str], int] = {}
    for interview in interviews:
        key = (interview.company.casefold(), interview.role.casefold())
        latest[key] = max(latest.get(key, 0), interview.round)
    return {i.id for i in interviews if i.round < latest[(i.company.casefold(), i.role.casefold())]}


def _offer_news(
    interviews: Sequence[Interview], settings: PlanSettings, bookings: _Bookings
) -> list[Action]:
    """A written offer with a deadline: tell every company still deciding, next business morning.

    A verbal offer never gets here (the CLI refuses to record one without --force, and an
    entry without offer_written gives no news): article 000 warns it can backfire.
    """
    actions = []
    for offer in interviews:
        if not (offer.status == "offer" and offer.offer_written and offer.offer_deadline):
            continue
        recorded = offer.status_date or settings.now.date()
        for other in interviews:
            if other.status != "waiting" or other.no_contact:
                continue
            if other.company.casefold() == offer.company.casefold():
                continue
            zone = other.start.tzinfo
            assert isinstance(zone, ZoneInfo)
            day = settings.next_business_day(recorded + timedelta(days=1))
            if day >= offer.offer_deadline:
                continue  # too late to matter: the deadline comes first
            start = datetime.combine(day, settings.business_time, tzinfo=zone)
            owner = (other.id, f"offer-news/{offer.id}")
            bookings.book(other.company, day, owner)
            actions.append(
                Action(
                    interview=other,
                    step=OFFER_NEWS,
                    contacts=other.contacts,
                    start=start,
                    missed=start < settings.now and OFFER_NEWS.id not in other.sent,
                    done=OFFER_NEWS.id in other.sent,
                    offer_from=offer,
                )
            )
    return actions


def steps_for(interview: Interview, profile: Profile) -> list[Step]:
    """The profile's steps as they apply to this entry (channel asked for, tradition, limit)."""
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
    bookings: _Bookings,
    active: bool,
) -> list[Action]:
    """One interview's steps. Inactive interviews (closed, or an earlier round) keep only
    their future steps, flagged cancelled, so calendars that honour updates remove them."""
    steps = steps_for(interview, profile)
    total = sum(1 for step in steps if step.kind in ("follow-up", "call"))
    zone = interview.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    actions: list[Action] = []
    previous: datetime | None = None
    number = 0
    for step in steps:
        start = _schedule(step, interview, previous, settings, zone)
        sent = _done_at(interview, step, interview.contacts)
        owner = (interview.id, step.id)
        if step.is_outreach and sent is not None:
            bookings.book(interview.company, sent.date(), owner)
        elif step.is_outreach and active and start >= settings.now:
            # Only what is still ahead moves: a missed step stays where it was, unbooked.
            start = _keep_a_week_apart(start, step, interview, settings, bookings, owner)
            bookings.book(interview.company, start.date(), owner)
        if step.kind in ("follow-up", "call"):
            number += 1
        # Later steps count from when this one really happened (article 000).
        previous = sent or start
        for contacts in _recipients(step, interview):
            done_at = _done_at(interview, step, contacts)
            # Sent to some of them only (`sent --to`): the reminder is for the others.
            waiting = tuple(c for c in contacts if interview.sent_for(step.id, c) is None)
            cancelled = not active and done_at is None
            if cancelled and start < settings.now:
                continue  # a past step of a closed interview: nothing left to cancel
            actions.append(
                Action(
                    interview=interview,
                    step=step,
                    contacts=waiting or contacts,
                    start=start,
                    number=number if step.kind in ("follow-up", "call") else 0,
                    of=total,
                    missed=start < settings.now and done_at is None and active,
                    done=done_at is not None,
                    cancelled=cancelled,
                    per_contact=step.recipients == "each",
                )
            )
    return actions


def _done_at(interview: Interview, step: Step, contacts: Sequence[Contact]) -> datetime | None:
    """When the step was done for all of `contacts` (the latest of their times), or None."""
    times = [interview.sent_for(step.id, contact) for contact in contacts]
    if not times or any(moment is None for moment in times):
        return interview.sent.get(step.id)
    return max(moment for moment in times if moment is not None)


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


def _keep_a_week_apart(
    start: datetime,
    step: Step,
    interview: Interview,
    settings: PlanSettings,
    bookings: _Bookings,
    owner: tuple[str, str],
) -> datetime:
    """Move an outreach step until it is a week from every other message to that company."""
    day = start.date()
    while (booked := bookings.clash(interview.company, day, owner)) is not None:
        day = booked + OUTREACH_SPACING
        if step.weekdays_only:
            day = settings.next_business_day(day)
    if day == start.date():
        return start
    return datetime.combine(day, start.timetz()).astimezone(start.tzinfo)
