"""Questions the commands ask of a plan, answered once, below the command line: what is
overdue, what `draft` shows next, which emails `prepare` drafts, which interviews an
acceptance closes. Pure: data in, answers out, no I/O and no clock (`now` is an argument).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from followcal.model import Action, Interview


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def overdue(actions: Sequence[Action]) -> list[Action]:
    """Missed steps still worth doing: the latest missed one of each interview, unless a
    later step of that interview is already done."""
    latest: dict[str, Action] = {}
    for action in actions:
        if action.missed:
            latest[action.interview.id] = action
    found = []
    for interview_id, last in latest.items():
        mine = [a for a in actions if a.interview.id == interview_id]
        if not any(a.done and a.start > last.start for a in mine):
            found += [a for a in mine if a.missed and a.step.id == last.step.id]
    return sorted(found, key=lambda a: _utc(a.start))


def next_to_send(actions: Sequence[Action], interview_id: str) -> list[Action]:
    """The step `draft ID` shows: the interview's overdue step if it has one, else its next
    open step (every recipient's action of it); empty when nothing is left to send."""
    mine = [a for a in actions if a.interview.id == interview_id and not a.cancelled]
    late = [a for a in overdue(mine)]
    upcoming = late or [a for a in mine if a.is_open]
    if not upcoming:
        return []
    first = upcoming[0]
    return [a for a in upcoming if a.step.id == first.step.id and a.offer_from == first.offer_from]


def agenda(
    actions: Sequence[Action], now: datetime, days: int
) -> tuple[list[Action], list[Action], list[Action]]:
    """`agenda --days N`: what is overdue, what is open from now to the end of the N-th day
    after today (your clock, that of `now`), and what is open after that."""
    end = datetime.combine(now.date() + timedelta(days=days + 1), time(0), tzinfo=now.tzinfo)
    still = [a for a in actions if a.is_open]
    return (
        overdue(actions),
        [a for a in still if a.start < end],
        [a for a in still if a.start >= end],
    )


def actions_of(actions: Sequence[Action], interview_id: str) -> list[Action]:
    """One interview's actions, in plan order."""
    return [a for a in actions if a.interview.id == interview_id]


def left_to_do(actions: Sequence[Action], interview_id: str, step_id: str) -> list[str]:
    """The people a step is still to do for (open or missed), once each, in plan order:
    after `sent --to`, the step stays for the others."""
    pending = [a for a in actions if a.is_open] + [a for a in actions if a.missed]
    names = [
        contact.name
        for action in pending
        if action.interview.id == interview_id and action.step.id == step_id
        for contact in action.contacts
    ]
    return list(dict.fromkeys(names))


def emails_due(
    actions: Sequence[Action], today: date, days: int, zone: tzinfo | None
) -> list[Action]:
    """What `prepare` puts in the Drafts folder: the email steps not done or cancelled
    whose message goes from `today` to `days` days later, as dated in `zone` (yours)."""
    horizon = today + timedelta(days=days)
    return [
        a
        for a in actions
        if a.step.channel == "email"
        and not a.retired
        and today <= a.sends.astimezone(zone).date() <= horizon
    ]


def closed_by_accepting(interviews: Sequence[Interview], accepted_id: str) -> list[Interview]:
    """The interviews accepting `accepted_id`'s offer closes: every other one whose
    company may still hire you (each is told with a withdrawal email)."""
    return [i for i in interviews if i.id != accepted_id and i.considering]


def newly_cancelled(before: Sequence[Action], after: Sequence[Action]) -> int:
    """How many reminders that were still to do `before` an edit are cancelled `after` it."""
    was_open = {a.uid for a in before if a.is_open}
    return sum(1 for a in after if a.cancelled and a.uid in was_open)


def duplicate_of(
    interviews: Sequence[Interview], company: str, role: str, start: datetime, round_: int
) -> Interview | None:
    """The interview already known with this company, role, start and round: adding it
    again would plan every message twice. A naive `start` is compared on the wall clock."""
    for known in interviews:
        when = known.start if start.tzinfo else known.start.replace(tzinfo=None)
        if (
            known.company.casefold() == company.casefold()
            and known.role.casefold() == role.casefold()
            and when == start
            and known.round == round_
        ):
            return known
    return None
