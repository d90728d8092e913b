"""Entries + profiles -> dated actions. Pure: no I/O, no clock; `now` is an argument.

The rules every profile shares live here; what differs between profiles is data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from followcal.dates import parse_clock
from followcal.daysoff import DaysOff
from followcal.model import (
    Action,
    ActionState,
    Contact,
    Interview,
    Profile,
    Step,
    StepKind,
    Timing,
)
from followcal.profiles import apply_traditional

# How soon after the interview ends a same-day task (posting a card) is scheduled.
AFTER_INTERVIEW = timedelta(hours=1)
# A thank-you goes within this many hours of the interview, unless its profile says sooner.
THANKS_WITHIN = 24
# A thank-you that cannot wait for the next morning goes this soon after the interview ends.
RIGHT_AFTER = timedelta(minutes=30)
# Letters and cards: posted on your own errand, so your waking hours, not their office's.
POSTED = ("letter", "card")
# How long a letter posted abroad may take to arrive (international standard post is
# commonly quoted at one to three weeks): a promised call waits for it, not a week.
POST_ABROAD = timedelta(days=14)
# An email due in your night is prepared the evening before, at this time (your zone).
EVENING = time(20, 0)
# How far a step may be pushed looking for a working day with hours that suit both sides.
_SEARCH_DAYS = 60


@dataclass(frozen=True)
class PlanSettings:
    now: datetime
    business_time: time = time(9, 30)  # when outreach goes, in the company's zone
    business_hours: tuple[time, time] = (time(9, 0), time(17, 0))  # the company's zone
    waking_hours: tuple[time, time] = (time(7, 0), time(22, 0))  # the candidate's zone
    # The candidate's zone; None: the company's (you live where you interview).
    candidate_zone: ZoneInfo | None = None
    days_off: DaysOff = field(default_factory=DaysOff)
    # Where you live (ISO code, with a region): your own holidays hold your private
    # reminders. None: the company's country when you live where you interview.
    home_country: str | None = None

    def day_off(self, day: date, interview: Interview) -> str | None:
        """Why outreach to this interview's company skips `day`, or None."""
        return self.days_off.reason(day, interview.country)

    def my_zone(self, interview: Interview) -> ZoneInfo:
        return self.candidate_zone or _zone(interview)

    def my_country(self, interview: Interview) -> str | None:
        return self.home_country if self.candidate_zone else interview.country


def _zone(interview: Interview) -> ZoneInfo:
    zone = interview.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    return zone


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


# Article 000: at most one message a week to a company, across all its interviews,
# measured in real elapsed time.
OUTREACH_SPACING = timedelta(days=7)
OFFER_NEWS = Step(
    id="offer-news",
    kind="offer-news",
    channel="email",
    template="offer-news",
    recipients="all",
    after_interview=Timing(0),
)
# A company that asked to be phoned hears the news the same way: a call to its first contact.
OFFER_NEWS_CALL = replace(OFFER_NEWS, channel="phone", recipients="first")
# After `followcal accept`: one short email to each other company, the next business morning.
WITHDRAWAL = Step(
    id="withdrawal",
    kind="withdrawal",
    channel="email",
    template="withdrawal",
    recipients="all",
    after_interview=Timing(0),
)


@dataclass(frozen=True)
class _Booking:
    at: datetime  # UTC: when the message goes
    owner: tuple[str, str]
    offer_news: bool = False


class _Bookings:
    """The messages already given to each company, to keep a week between them."""

    def __init__(self) -> None:
        self._by_company: dict[str, list[_Booking]] = {}

    def clash(
        self, company: str, at: datetime, owner: tuple[str, str], offer_news: bool = True
    ) -> _Booking | None:
        """The booked message that `at` comes too close to, if any (the owner's own are fine;
        offer news too, unless `offer_news`)."""
        for booking in self._by_company.get(company.casefold(), []):
            if booking.owner == owner or (booking.offer_news and not offer_news):
                continue
            if abs(_utc(at) - booking.at) < OUTREACH_SPACING:
                return booking
        return None

    def book(
        self, company: str, at: datetime, owner: tuple[str, str], offer_news: bool = False
    ) -> None:
        self._by_company.setdefault(company.casefold(), []).append(
            _Booking(_utc(at), owner, offer_news)
        )


@dataclass(frozen=True)
class _Placed:
    start: datetime
    reason: str | None = None
    send_at: datetime | None = None
    flag: str | None = None
    alarm_before: int | None = None

    @property
    def sends(self) -> datetime:
        return self.send_at or self.start

    def action_fields(self) -> dict[str, Any]:
        """What an Action takes from where it was placed."""
        return {
            "start": self.start,
            "reason": self.reason,
            "send_at": self.send_at,
            "flag": self.flag,
            "alarm_before": self.alarm_before,
        }


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
    superseded = _superseded(interviews)
    actions = _offer_news(interviews, settings, bookings, superseded, profile_for)
    actions += _withdrawals(interviews, settings, bookings)
    # Found once: looking through every interview for each one would be quadratic.
    written_offers = [
        i for i in interviews if i.status == "offer" and i.offer_written and i.offer_deadline
    ]
    for interview in interviews:
        waiting = interview.awaiting_answer
        active = waiting and interview.id not in superseded
        cutoff = _offer_deadline(interview, written_offers)
        actions.extend(
            _plan_interview(
                interview,
                profile_for(interview),
                settings,
                bookings,
                active,
                cutoff,
                thanks_stay=waiting,
            )
        )
    # A stable sort keeps interview, step and contact order among actions at one moment.
    return sorted(actions, key=lambda a: _utc(a.start))


def _offer_deadline(interview: Interview, offers: Sequence[Interview]) -> date | None:
    """The earliest deadline of a written offer (from `offers`) from another company: the
    candidate has decided by then, so this interview's follow-ups after it are cancelled.
    None for an interview held after the deadline: going to it shows the offer was not
    taken, so its plan stands."""
    deadlines = [
        offer.offer_deadline
        for offer in offers
        if offer.offer_deadline is not None
        and offer.company.casefold() != interview.company.casefold()
    ]
    cutoff = min(deadlines, default=None)
    if cutoff is not None and interview.start.date() > cutoff:
        return None
    return cutoff


def _superseded(interviews: Sequence[Interview]) -> set[str]:
    """Interviews for a job that has a later round: its fresh cadence replaces theirs."""
    latest: dict[tuple[str, str], int] = {}
    for interview in interviews:
        key = (interview.company.casefold(), interview.role.casefold())
        latest[key] = max(latest.get(key, 0), interview.round)
    return {i.id for i in interviews if i.round < latest[(i.company.casefold(), i.role.casefold())]}


def _offer_news(
    interviews: Sequence[Interview],
    settings: PlanSettings,
    bookings: _Bookings,
    superseded: set[str],
    profile_for: Callable[[Interview], Profile],
) -> list[Action]:
    """A written offer with a deadline: tell every company still deciding, next business
    morning, in one message per company (its latest interview's contacts), and only
    companies you have already met (telling one before its interview is premature) and not
    yet moved on from (its plan's reminder to move on has not come). By phone to a company
    that asked for calls.

    A verbal offer never gets here (the CLI refuses to record one without --force, and an
    entry without offer_written gives no news): article 000 warns it can backfire.
    """
    actions = []
    told: set[str] = set()
    offers = [
        i
        for i in interviews
        if i.status in ("offer", "accepted") and i.offer_written and i.offer_deadline
    ]
    offers.sort(key=lambda i: (i.status_date or settings.now.date(), i.id))
    for offer in offers:
        for other in _to_tell(offer, interviews, superseded, told):
            action = _offer_news_for(offer, other, settings, profile_for(other))
            if action is None:
                continue
            told.add(other.company.casefold())
            owner = (other.id, f"offer-news/{offer.id}")
            bookings.book(other.company, action.sends, owner, offer_news=True)
            if not (action.cancelled and _utc(action.start) < _utc(settings.now)):
                actions.append(action)
    return actions


def _to_tell(
    offer: Interview, interviews: Sequence[Interview], superseded: set[str], told: set[str]
) -> list[Interview]:
    """The interviews to tell of `offer`: at each other company not yet told, the latest
    interview still awaiting an answer (or, once the offer is accepted, closed by it)."""
    latest: dict[str, Interview] = {}
    for other in interviews:
        company = other.company.casefold()
        # Once the offer is accepted, the news it gave is withdrawn: cancelled events.
        closed_by_accept = offer.status == "accepted" and other.accepted_elsewhere
        if (
            (not other.awaiting_answer and not closed_by_accept)
            or other.no_contact
            or other.id in superseded
            or company == offer.company.casefold()
            or company in told
        ):
            continue
        latest[company] = other  # interviews come sorted by start: the last one wins
    return list(latest.values())


def _offer_news_for(
    offer: Interview, other: Interview, settings: PlanSettings, profile: Profile
) -> Action | None:
    """The news of `offer` for `other`'s company, the business morning after it was
    recorded, on its channel; None when it would come too late (after the deadline), too
    early (before you met them) or after its plan moved on from it."""
    assert offer.offer_deadline is not None
    recorded = offer.status_date or settings.now.date()
    step = OFFER_NEWS_CALL if other.channel == "phone" else OFFER_NEWS
    placed = _place(
        step, other, recorded + timedelta(days=1), settings,
        _preferred(step, other, settings), _utc(settings.now), None,
    )  # fmt: skip
    deadline = _at(offer.offer_deadline, time(0), settings.my_zone(other))
    if _utc(placed.sends) >= _utc(deadline):
        return None  # too late to matter: the deadline (your date) comes first
    if _utc(other.end) > _utc(placed.sends):
        return None  # not met yet: news of an offer would only rush them
    # Last, as it plans the interview afresh: the cheap checks above often decide first.
    if _moved_on(other, profile, settings, placed.sends):
        return None  # the plan let this one go: news now would only puzzle them
    done = OFFER_NEWS.id in other.sent
    cancelled = offer.status == "accepted" and not done
    return Action(
        interview=other,
        step=step,
        contacts=other.contacts[:1] if step.recipients == "first" else other.contacts,
        state=_state(done, cancelled, past=_utc(placed.start) < _utc(settings.now)),
        offer_from=offer,
        **placed.action_fields(),
    )


def _moved_on(interview: Interview, profile: Profile, settings: PlanSettings, by: datetime) -> bool:
    """Whether the interview's own plan says to move on from it before `by`."""
    steps = _plan_interview(interview, profile, settings, _Bookings(), active=True)
    return any(a.step.kind == "move-on" and _utc(a.start) <= _utc(by) for a in steps)


def _withdrawals(
    interviews: Sequence[Interview], settings: PlanSettings, bookings: _Bookings
) -> list[Action]:
    """After an accepted offer: a short, gracious withdrawal to every company it closed
    (`accepted_elsewhere`), the next business morning, one message per company."""
    accepted = [i for i in interviews if i.status == "accepted"]
    if not accepted:
        return []
    decided = min(i.status_date or settings.now.date() for i in accepted)
    latest: dict[str, Interview] = {}
    for other in interviews:
        if other.accepted_elsewhere and not other.no_contact and other.contacts:
            latest[other.company.casefold()] = other  # sorted by start: the last one wins
    actions = []
    for other in latest.values():
        placed = _place(
            WITHDRAWAL, other, (other.status_date or decided) + timedelta(days=1), settings,
            _preferred(WITHDRAWAL, other, settings), None, None,
        )  # fmt: skip
        if placed is None:
            continue
        bookings.book(other.company, placed.sends, (other.id, WITHDRAWAL.id))
        done = WITHDRAWAL.id in other.sent
        actions.append(
            Action(
                interview=other,
                step=WITHDRAWAL,
                contacts=other.contacts,
                state=_state(done, False, past=_utc(placed.start) < _utc(settings.now)),
                **placed.action_fields(),
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
        if step.is_follow_up:
            follow_ups += 1
            if follow_ups > profile.max_follow_ups:
                continue
            if interview.channel:
                # The company said how it wants to be reached: every follow-up uses that.
                kind: StepKind = "call" if interview.channel == "phone" else "follow-up"
                step = replace(step, channel=interview.channel, kind=kind)
        steps.append(step)
    return steps


def _plan_interview(
    interview: Interview,
    profile: Profile,
    settings: PlanSettings,
    bookings: _Bookings,
    active: bool,
    cutoff: date | None = None,
    thanks_stay: bool = False,
) -> list[Action]:
    """One interview's steps. Inactive interviews (closed, or an earlier round) keep only
    their future steps, flagged cancelled, so calendars that honour updates remove them;
    so do the steps after `cutoff` (another company's offer deadline). With `thanks_stay`
    (an earlier round still waiting) its thank-you stays: that interview did happen."""
    steps = steps_for(interview, profile)
    interview_active = active
    total = sum(1 for step in steps if step.is_follow_up)
    actions: list[Action] = []
    previous: datetime | None = None
    last_follow_up: datetime | None = None
    number = 0
    posted_abroad: datetime | None = None  # a thank-you letter sent across a border
    for step in steps:
        active = interview_active or (thanks_stay and step.kind == "thank-you")
        # The recruiter's preferred spacing (follow_up_gap_days) sets every later follow-up.
        gap_from = last_follow_up if step.is_follow_up else None
        placed = _schedule(step, interview, previous, settings, gap_from)
        if step.is_follow_up and posted_abroad is not None:
            placed = _after_the_post(placed, step, interview, settings, posted_abroad)
        sent = _done_at(interview, step, interview.contacts)
        placed, replaced_by = _booked(placed, step, interview, settings, bookings, active, sent)
        if step.is_follow_up:
            number += 1
        # Later steps count from when this one really happened (article 000).
        previous = sent or (replaced_by.at if replaced_by else placed.sends)
        if step.kind == "thank-you" and step.channel in POSTED and _abroad(interview, settings):
            posted_abroad = previous
        if step.is_follow_up:
            last_follow_up = previous
        if replaced_by is not None:
            placed = replace(placed, reason="the news of your offer, that week, takes its place")
        # Another company's written offer is decided by its deadline: nothing after it.
        decided = cutoff is not None and placed.start.date() > cutoff and step.kind != "thank-you"
        planned = _Planned(step, placed, number if step.is_follow_up else 0, total)
        closed = not active or decided
        actions += _step_actions(interview, planned, settings, closed, replaced_by is not None)
    return actions


@dataclass(frozen=True)
class _Planned:
    """One step of one interview, placed and numbered, before it is split by recipient."""

    step: Step
    placed: _Placed
    number: int  # follow-up number; 0 for the other steps
    of: int  # how many follow-ups the interview's plan holds


def _booked(
    placed: _Placed,
    step: Step,
    interview: Interview,
    settings: PlanSettings,
    bookings: _Bookings,
    active: bool,
    sent: datetime | None,
) -> tuple[_Placed, _Booking | None]:
    """Where outreach lands once the company's other messages are booked: after a contact's
    return, a week from the others; and the booking that takes its place, if one does."""
    owner = (interview.id, step.id)
    if not step.is_outreach:
        return placed, None
    if sent is not None:
        bookings.book(interview.company, sent, owner)
        return placed, None
    if not active:
        return placed, None
    placed = _after_return(placed, step, interview, settings)
    if _utc(placed.start) < _utc(settings.now):
        return placed, None  # only what is still ahead moves: a missed step stays, unbooked
    placed, replaced_by = _keep_a_week_apart(placed, step, interview, settings, bookings, owner)
    if replaced_by is None:
        bookings.book(interview.company, placed.sends, owner)
    return placed, replaced_by


def _step_actions(
    interview: Interview,
    planned: _Planned,
    settings: PlanSettings,
    closed: bool,
    replaced: bool,
) -> list[Action]:
    """A placed step's actions, one per recipient group, each in its state. A `closed`
    interview's steps still ahead are cancelled (the past ones dropped); so is a step whose
    week another message took (`replaced`)."""
    step, placed = planned.step, planned.placed
    past = _utc(placed.start) < _utc(settings.now)
    actions = []
    for contacts in _recipients(step, interview):
        done_at = _done_at(interview, step, contacts)
        # Sent to some of them only (`sent --to`): the reminder is for the others.
        waiting = tuple(c for c in contacts if interview.sent_for(step.id, c) is None)
        cancelled = (closed and done_at is None) or replaced
        if cancelled and past:
            continue  # a past step of a closed interview: nothing left to cancel
        actions.append(
            Action(
                interview=interview,
                step=step,
                contacts=waiting or contacts,
                number=planned.number,
                of=planned.of,
                state=_state(done_at is not None, cancelled, past=past and not closed),
                per_contact=step.recipients == "each",
                **placed.action_fields(),
            )
        )
    return actions


def _state(done: bool, cancelled: bool, past: bool) -> ActionState:
    """Where an action stands: done wins (it happened), then cancelled (it left the plan),
    then missed (its moment passed unrecorded)."""
    if done:
        return "done"
    if cancelled:
        return "cancelled"
    return "missed" if past else "open"


def _abroad(interview: Interview, settings: PlanSettings) -> bool:
    home = settings.home_country if settings.candidate_zone else None
    there = interview.country_code
    return bool(home and there and home.partition("-")[0] != there)


def _after_the_post(
    placed: _Placed, step: Step, interview: Interview, settings: PlanSettings, posted: datetime
) -> _Placed:
    """A follow-up after a thank-you letter posted abroad waits until the letter can have
    arrived: a call about "my letter" before it lands would come first."""
    arrives = _utc(posted) + POST_ABROAD
    if _utc(placed.sends) >= arrives:
        return placed
    moved = _place(
        step, interview, arrives.astimezone(_zone(interview)).date(), settings,
        _preferred(step, interview, settings), arrives, None,
    )  # fmt: skip
    why = f"your letter goes abroad: about {POST_ABROAD.days} days in the post before a call"
    return replace(moved, reason=why)


def _after_return(
    placed: _Placed, step: Step, interview: Interview, settings: PlanSettings
) -> _Placed:
    """A contact said they are away until `back_on` (an out-of-office reply): outreach
    falling before then waits for the first working morning after it. A step already
    missed stays where it was."""
    back_on = interview.back_on
    start = placed.start
    if back_on is None or start.date() > back_on or _utc(start) < _utc(settings.now):
        return placed
    moved = _place(
        step, interview, back_on + timedelta(days=1), settings,
        _preferred(step, interview, settings), _utc(interview.end), None,
    )  # fmt: skip
    return replace(moved, reason=f"they are away until {back_on:%a %d %b}: after their return")


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


def _at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone)


def _preferred(
    step: Step, interview: Interview, settings: PlanSettings
) -> Callable[[date], datetime]:
    """The moment a step would like on a given day, before any rule moves it: on the
    company's clock for outreach, on yours for a reminder only you see (checking for news at
    09:30 in Sydney is no help to someone who lives in Chicago)."""
    zone = _zone(interview) if step.is_outreach else settings.my_zone(interview)
    if step.time == "after-interview":
        soon = (_utc(interview.end) + AFTER_INTERVIEW).astimezone(zone)
        return lambda day: soon if day == soon.date() else _at(day, soon.time(), zone)
    clock = settings.business_time if step.time == "business" else parse_clock(step.time)
    return lambda day: _at(day, clock, zone)


def _schedule(
    step: Step,
    interview: Interview,
    previous: datetime | None,
    settings: PlanSettings,
    gap_from: datetime | None = None,
) -> _Placed:
    anchor, timing = _anchor(step, interview, previous)
    days = timing.days
    if gap_from is not None and interview.follow_up_gap_days:
        # The recruiter's own spacing replaces the profile's timing and window.
        anchor = gap_from.astimezone(_zone(interview)).date()
        timing = Timing(interview.follow_up_gap_days)
        days = timing.days
    elif step.use_follow_up_gap and previous is not None and interview.follow_up_gap_days:
        days = interview.follow_up_gap_days
    interview_day = interview.start.date()
    day = anchor + timedelta(days=days)
    while (day - interview_day).days in step.avoid_days_after_interview:
        day += timedelta(days=1)
    preferred = _preferred(step, interview, settings)

    def off(candidate: date) -> str | None:
        if step.is_outreach:
            return settings.day_off(candidate, interview)
        if step.weekdays_only and candidate.weekday() >= 5:
            return f"{candidate:%A}s are not working days"
        return None

    day, reason = _day_in_window(day, anchor, timing, step, interview_day, off)
    if not step.is_outreach:
        return _place_private(step, interview, preferred(day), settings, reason)
    # A reminder never rings while the interview is still going on.
    after = _utc(interview.end) + timedelta(minutes=step.alarm_minutes)
    placed = _place(step, interview, day, settings, preferred, after, reason)
    # Every thank-you is owed within a day (article 003), whatever else its profile says.
    within = step.within_hours
    if within is None and step.kind == "thank-you":
        within = THANKS_WITHIN
    if within is not None:
        placed = _within_hours(placed, step, interview, settings, within)
    return placed


def _within_hours(
    placed: _Placed, step: Step, interview: Interview, settings: PlanSettings, hours: int
) -> _Placed:
    """A thank-you owed within `hours`: where "the next morning" comes later (their next
    working day is more than a day away, or it falls in your night), it goes on the
    interview day itself, in the hours you both keep; where none are left, right after the
    interview: you were awake for it. Later than `hours` only with a flag saying why."""
    limit = _utc(interview.end) + timedelta(hours=hours)
    if _utc(placed.sends) <= limit:
        return placed
    zone, me = _zone(interview), settings.my_zone(interview)
    # The company worked that day (it held the interview), whatever its calendar says.
    right_after = _utc(interview.end) + max(RIGHT_AFTER, timedelta(minutes=step.alarm_minutes))
    want = _utc(interview.end) + AFTER_INTERVIEW
    business = _business_window(interview.start.date(), interview, settings, step)
    both = [
        (max(low, business[0]), min(high, business[1]))
        for low, high in _waking_windows(business[0], me, settings, step)
        if max(low, business[0]) <= min(high, business[1])
    ]
    if step.channel in POSTED:
        both = _waking_windows(want, me, settings, step)
    at = _fit(want, both, right_after)
    if at is not None and at <= limit:
        why = f"the same day, to stay within {hours} hours of the interview"
        return _Placed(at.astimezone(zone), why)
    if right_after <= limit:
        why = (
            "right after the interview, while you are still up: the rest of that day is your "
            f"night, and the next morning would be more than {hours} hours after it"
        )
        return _Placed(right_after.astimezone(zone), why)
    late = (_utc(placed.sends) - _utc(interview.end)).total_seconds() / 3600
    flag = (
        f"the thank-you goes {late:.0f} hours after the interview, later than the "
        f"{hours} hours it is owed in: {placed.reason or 'no earlier hour was free'}"
    )
    return replace(placed, flag=flag)


def _anchor(step: Step, interview: Interview, previous: datetime | None) -> tuple[date, Timing]:
    if step.after_decision and interview.decision_by:
        return interview.decision_by, step.after_decision
    if step.after_previous and previous is not None:
        return previous.astimezone(_zone(interview)).date(), step.after_previous
    if step.after_interview:
        return interview.start.date(), step.after_interview
    # A first step anchored on "previous" falls back to the interview itself.
    assert step.after_previous is not None
    return interview.start.date(), step.after_previous


def _day_in_window(
    day: date,
    anchor: date,
    timing: Timing,
    step: Step,
    interview_day: date,
    off: Callable[[date], str | None],
) -> tuple[date, str | None]:
    """The first working day from `day`; if that leaves the window, the last one inside it.
    With the reason the day moved (None when it did not)."""
    reason = off(day)
    if reason is None:
        return day, None
    moved = day
    for _ in range(_SEARCH_DAYS):
        if off(moved) is None:
            break
        moved += timedelta(days=1)
    if timing.window is None or (moved - anchor).days <= timing.window[1]:
        return moved, reason
    earliest = anchor + timedelta(days=timing.window[0])
    back = day
    while back >= earliest:
        if off(back) is None and (back - interview_day).days not in step.avoid_days_after_interview:
            return back, reason
        back -= timedelta(days=1)
    return moved, reason  # no working day inside the window at all (a long holiday): go late


def _business_window(
    day: date, interview: Interview, settings: PlanSettings, step: Step
) -> tuple[datetime, datetime]:
    """UTC bounds for the start of a step on the company's day: inside its business hours."""
    zone = _zone(interview)
    opens = _utc(_at(day, settings.business_hours[0], zone))
    closes = _utc(_at(day, settings.business_hours[1], zone))
    return opens, max(opens, closes - timedelta(minutes=step.length_minutes))


def _waking_windows(
    around: datetime, me: ZoneInfo, settings: PlanSettings, step: Step
) -> list[tuple[datetime, datetime]]:
    """UTC bounds for starts whose reminder rings, and which begin, in your waking hours."""
    base = around.astimezone(me).date()
    alarm = timedelta(minutes=step.alarm_minutes)
    windows = []
    for offset in (-1, 0, 1):
        day = base + timedelta(days=offset)
        low = _utc(_at(day, settings.waking_hours[0], me)) + alarm
        high = _utc(_at(day, settings.waking_hours[1], me))
        if low <= high:
            windows.append((low, high))
    return windows


def _fit(
    want: datetime, windows: Sequence[tuple[datetime, datetime]], not_before: datetime | None
) -> datetime | None:
    """The moment nearest `want` inside one of `windows`, not before `not_before`."""
    best: datetime | None = None
    for low, high in windows:
        if not_before is not None:
            low = max(low, not_before)
        if low > high:
            continue
        point = min(max(want, low), high)
        if best is None or abs(point - want) < abs(best - want):
            best = point
    return best


def _clocks(moment: datetime, interview: Interview, me: ZoneInfo, day: bool = False) -> str:
    """'09:30 in Europe/Berlin (03:30 your time, America/Toronto)', or '09:30' when both
    clocks agree; with the date first when `day`."""
    fmt = "%a %d %b %H:%M" if day else "%H:%M"
    there = moment.astimezone(_zone(interview))
    here = moment.astimezone(me)
    if here.utcoffset() == there.utcoffset():
        return f"{there:{fmt}}"
    return f"{there:{fmt}} in {interview.timezone} ({here:{fmt}} your time, {me.key})"


def _evening_before(send: datetime, me: ZoneInfo, settings: PlanSettings) -> datetime:
    """Your evening before `send`: when to prepare a message and schedule it to go."""
    bedtime = datetime.combine(date(2000, 1, 1), settings.waking_hours[1])
    clock = min(EVENING, (bedtime - timedelta(hours=1)).time())
    local = send.astimezone(me)
    day = local.date() if local.time() >= clock else local.date() - timedelta(days=1)
    return _utc(_at(day, clock, me))


def _place(
    step: Step,
    interview: Interview,
    day: date,
    settings: PlanSettings,
    preferred: Callable[[date], datetime],
    not_before: datetime | None,
    reason: str | None,
) -> _Placed:
    """Outreach on the company's working day `day` or the next one that has room: inside
    its business hours and your waking hours; where those never meet, a written message is
    prepared the evening before and scheduled to send, and a call is flagged."""
    zone, me = _zone(interview), settings.my_zone(interview)
    for _ in range(_SEARCH_DAYS):
        off = settings.day_off(day, interview)
        if off is not None:
            reason = reason or off
            day += timedelta(days=1)
            continue
        want = _utc(preferred(day))
        business = _business_window(day, interview, settings, step)
        if step.channel in POSTED:
            # You post it: any of your waking hours on that day of theirs; their office
            # hours and "schedule it to send" mean nothing for paper.
            day_bounds = (_utc(_at(day, time(0), zone)), _utc(_at(day, time(23, 59), zone)))
            business = day_bounds
        both = [
            (max(low, business[0]), min(high, business[1]))
            for low, high in _waking_windows(business[0], me, settings, step)
            if max(low, business[0]) <= min(high, business[1])
        ]
        at = _fit(want, both or [business], not_before)
        if at is None:
            reason = reason or "no working hours were left that day"
            day += timedelta(days=1)
            continue
        if both:
            if at != want and reason is None:
                hours = "your waking hours" if step.channel in POSTED else "the hours you both keep"
                reason = (
                    f"{_clocks(want, interview, me)} is outside {hours}: "
                    f"moved to {_clocks(at, interview, me)}"
                )
            return _Placed(at.astimezone(zone), reason)
        placed = _in_your_night(step, interview, at, business, not_before, settings, reason)
        if placed is not None:
            return placed
        day += timedelta(days=1)  # that evening comes before the interview is over
    return _Placed(preferred(day), reason or f"no working day within {_SEARCH_DAYS} days")


def _in_your_night(
    step: Step,
    interview: Interview,
    at: datetime,
    business: tuple[datetime, datetime],
    not_before: datetime | None,
    settings: PlanSettings,
    reason: str | None,
) -> _Placed | None:
    """Outreach at `at`, in their working hours but your night: a written message is
    prepared the evening before and scheduled to send (None when that evening comes too
    early, before `not_before`); a call is flagged."""
    zone, me = _zone(interview), settings.my_zone(interview)
    if step.channel != "phone":
        evening = _evening_before(at, me, settings)
        if not_before is not None and evening < not_before:
            return None
        why = (
            f"schedule it to send at {_clocks(at, interview, me, day=True)}: their "
            "working day falls in your night"
        )
        if reason:
            why = f"{reason}; {why}"
        return _Placed(evening.astimezone(zone), why, send_at=at.astimezone(zone))
    # A call must be live: take the working hour nearest your waking hours, and ring its
    # reminder the evening before so that you can plan for it.
    at = _nearest_to_waking(business, not_before, me, settings, step)
    evening = _evening_before(at, me, settings)
    flag = (
        f"no hour is inside both the working hours at {interview.company} and your "
        f"waking hours: the call is at {_clocks(at, interview, me)}"
    )
    minutes = int((at - evening).total_seconds() // 60)
    return _Placed(at.astimezone(zone), reason, flag=flag, alarm_before=minutes)


def _nearest_to_waking(
    business: tuple[datetime, datetime],
    not_before: datetime | None,
    me: ZoneInfo,
    settings: PlanSettings,
    step: Step,
) -> datetime:
    low = max(business[0], not_before) if not_before else business[0]
    low = min(low, business[1])
    options = [low, business[1]]

    def distance(moment: datetime) -> timedelta:
        gaps = [
            max(start - moment, moment - end, timedelta(0))
            for start, end in _waking_windows(moment, me, settings, step)
        ]
        return min(gaps)

    return min(options, key=distance)


def _place_private(
    step: Step, interview: Interview, want: datetime, settings: PlanSettings, reason: str | None
) -> _Placed:
    """A private reminder: any hour, as long as it rings while you are awake, and not on
    one of your own holidays or in the quiet period ("time to move on" on Christmas Day)."""
    me = settings.my_zone(interview)
    home = settings.my_country(interview)
    original = want
    at = _utc(want)
    length = timedelta(minutes=step.length_minutes)
    for _ in range(_SEARCH_DAYS):
        # The whole reminder, from its alarm to its end, inside your waking hours (where
        # those are shorter than that, its alarm and start).
        waking = _waking_windows(want, me, settings, step)
        whole = [(low, high - length) for low, high in waking if low <= high - length]
        fitted = _fit(_utc(want), whole or waking, None)
        assert fitted is not None  # waking hours are never empty (the config checks it)
        at = fitted
        mine = at.astimezone(me)
        own = settings.days_off.own_reason(mine.date(), home)
        if own is None:
            break
        reason = reason or f"{mine:%a %d %b} is {own}"
        want = _at(mine.date() + timedelta(days=1), mine.time(), me)
    if at != _utc(original) and reason is None:
        reason = f"{original.astimezone(me):%H:%M} your time is in your night"
    return _Placed(at.astimezone(_zone(interview)), reason)


def _keep_a_week_apart(
    placed: _Placed,
    step: Step,
    interview: Interview,
    settings: PlanSettings,
    bookings: _Bookings,
    owner: tuple[str, str],
) -> tuple[_Placed, _Booking | None]:
    """Move an outreach step until it is a week (real time) from every other message to
    that company. A follow-up that meets the offer news gives way to it: (placed, news)."""
    zone = _zone(interview)
    preferred = _preferred(step, interview, settings)
    if step.kind == "thank-you":
        # Thanks are owed within a day of a meeting the company itself set up: they never
        # wait a week for another message (the messages after them keep the week instead).
        return placed, None
    for _ in range(_SEARCH_DAYS):
        booking = bookings.clash(interview.company, placed.sends, owner)
        if booking is None:
            return placed, None
        if booking.offer_news and step.is_follow_up:
            return placed, booking
        earliest = booking.at + OUTREACH_SPACING
        why = (
            f"a week after the message to {interview.company} on "
            f"{booking.at.astimezone(zone):%a %d %b}"
        )
        moved = _place(
            step, interview, earliest.astimezone(zone).date(), settings, preferred,
            max(earliest, _utc(interview.end)), None,
        )  # fmt: skip
        placed = replace(moved, reason=why)
    return placed, None
