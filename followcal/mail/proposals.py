"""Related, classified messages -> the changes they propose to the interviews file.

A reply or an invitation proposes heard-back (an invitation also suggests adding the next
round); a rejection proposes rejected; an offer proposes offer; an out-of-office reply moves
the next follow-up past the return date; a message in Sent records the email step it
fulfilled. Automatic mail changes nothing. A message whose Message-ID is already recorded on
its interview (`mail_seen`) proposes nothing again, and a proposal never moves an interview
backwards (a reply does not reopen a rejection).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from followcal.mail.classifying import Verdict, classify
from followcal.mail.message import MailMessage
from followcal.mail.relating import Relater, is_ats
from followcal.model import Action, Interview, Status

DEFAULT_THANK_YOU_HOURS = 48  # when a profile's thank-you states no window

# Which status each may follow: a later message may close an interview that is only
# heard-back, but nothing reopens a closed one.
_OPEN_FOR: dict[Status, tuple[Status, ...]] = {
    "heard-back": ("waiting",),
    "rejected": ("waiting", "heard-back"),
    "offer": ("waiting", "heard-back"),
}


@dataclass(frozen=True)
class Change:
    """One edit of the interviews file, in words and as data."""

    what: str  # "status", "sent", "back-on" or "round" (an invitation: nothing to record)
    words: str
    on: date
    status: Status | None = None
    step: str | None = None
    contacts: tuple[str, ...] = ()  # a send to some of the step's people only: their names
    when: datetime | None = None
    back_on: date | None = None
    next_round: int | None = None  # an invitation: the round to add


@dataclass(frozen=True)
class Finding:
    message: MailMessage
    interview: Interview
    reason: str
    verdict: Verdict
    change: Change | None


def find(
    inbox: Sequence[MailMessage],
    sent: Sequence[MailMessage],
    interviews: Sequence[Interview],
    actions: Sequence[Action],
) -> list[Finding]:
    """Every message that relates to an interview, oldest first, with its proposal.

    Proposals build on each other in date order: after a rejection, a later reply from the
    same company proposes nothing; two sends do not record the same step twice.
    """
    relater = Relater(interviews, sent)
    status = {i.id: i.status for i in interviews}
    done: set[tuple[str, str, str | None]] = {
        (i.id, step, None) for i in interviews for step in i.sent
    }
    findings = []
    for message in sorted([*inbox, *sent], key=lambda m: m.date):
        relation = relater.relate(message)
        if relation is None:
            continue
        interview = relation.interview
        verdict = classify(message, is_ats(message.from_address))
        change = None
        if message.message_id not in interview.mail_seen:
            change = _change(message, verdict, interview, status, done, actions)
        if change and change.status:
            status[interview.id] = change.status
        if change and change.step:
            for name in change.contacts or (None,):
                done.add((interview.id, change.step, name))
        findings.append(Finding(message, interview, relation.reason, verdict, change))
    return findings


def _change(
    message: MailMessage,
    verdict: Verdict,
    interview: Interview,
    status: dict[str, Status],
    done: set[tuple[str, str, str | None]],
    actions: Sequence[Action],
) -> Change | None:
    day = message.date.astimezone(interview.start.tzinfo).date()
    current = status[interview.id]
    status_for: dict[str, Status] = {
        "reply": "heard-back",
        "invitation": "heard-back",
        "rejection": "rejected",
        "offer": "offer",
    }
    wanted = status_for.get(verdict.kind)
    if wanted:
        if current not in _OPEN_FOR[wanted]:
            if verdict.kind == "invitation" and current == "heard-back":
                # Already heard back: the news is the next round itself.
                later = interview.round + 1
                return Change("round", f"add round {later} once you know its date",
                              day, next_round=later)  # fmt: skip
            return None
        words = f"status {current} -> {wanted}"
        next_round: int | None = None
        if verdict.kind == "invitation":
            next_round = interview.round + 1
            words += f"; add round {next_round} once you know its date"
        if wanted == "offer":
            words += " (you say whether it is in writing)"
        return Change("status", words, day, status=wanted, next_round=next_round)
    if verdict.kind == "out-of-office" and verdict.returns and current == "waiting":
        if interview.back_on and interview.back_on >= verdict.returns:
            return None
        return Change(
            "back-on",
            f"next follow-up waits until after {verdict.returns:%a %Y-%m-%d}",
            day,
            back_on=verdict.returns,
        )
    if verdict.kind == "sent":
        return _sent_change(message, interview, done, actions)
    return None


def _sent_change(
    message: MailMessage,
    interview: Interview,
    done: set[tuple[str, str, str | None]],
    actions: Sequence[Action],
) -> Change | None:
    """The email step this send fulfilled: the thank-you within its window, otherwise the
    next follow-up not yet done. Calls and letters are never marked from a send."""
    recipients = set(message.to)
    mine = [
        a
        for a in actions
        if a.interview.id == interview.id
        and a.step.channel == "email"
        and a.step.kind in ("thank-you", "follow-up")
        and not a.done
        and (interview.id, a.step.id, None) not in done
        and (interview.id, a.step.id, a.contacts[0].name if a.per_contact else None) not in done
        and any(c.email and c.email.lower() in recipients for c in a.contacts)
    ]
    when = message.date.astimezone(interview.start.tzinfo)
    thank_you = [a for a in mine if a.step.kind == "thank-you"]
    if thank_you:
        hours = thank_you[0].step.within_hours or DEFAULT_THANK_YOU_HOURS
        if when <= interview.end + timedelta(hours=hours):
            return _record(thank_you[0], when, recipients)
    follow_ups = sorted((a for a in mine if a.step.kind == "follow-up"), key=lambda a: a.start)
    if follow_ups:
        return _record(follow_ups[0], when, recipients)
    return None


def _record(action: Action, when: datetime, recipients: set[str]) -> Change:
    """Sent to all of the step's people: the step is done; to some: done for them."""
    reached = [c for c in action.contacts if c.email and c.email.lower() in recipients]
    everyone = len(reached) == len(action.contacts) and not action.per_contact
    names = () if everyone else tuple(c.name for c in reached)
    words = f"record {action.step.id} as sent" + (f" to {', '.join(names)}" if names else "")
    words += f" on {when:%Y-%m-%d %H:%M %Z}"
    return Change(
        "sent",
        words,
        when.date(),
        step=action.step.id,
        contacts=names,
        when=when.replace(microsecond=0),
    )
