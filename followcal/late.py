"""A missed thank-you, said as such, with the late one that etiquette still allows.

A thank-you is due within a day of the interview, but one that arrives within a week is
still welcome: "within 24 hours of an interview and never later than a week" (Catherine
Conlan, Monster, "When Is It Too Late to Send a Thank-You Note?"); "it's best if the letter
arrives within a week" (careertrend.com, "How Long Is Too Long to Wait Before Writing an
Interview Thank You Letter?"). After a few days, email rather than post, so that it arrives
in time (Monster, same article). Past a week it is no longer offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from followcal.model import Action

__all__ = ["LATE_THANK_YOU_WINDOW", "missed_thank_you_notes", "missed_thank_yous"]

LATE_THANK_YOU_WINDOW = timedelta(days=7)


def missed_thank_yous(actions: Sequence[Action]) -> list[Action]:
    """The thank-yous that were missed: their moment passed and none was recorded."""
    return [a for a in actions if a.step.kind == "thank-you" and a.missed and not a.cancelled]


def missed_thank_you_notes(
    actions: Sequence[Action], now: datetime, still_welcome_only: bool = False
) -> list[str]:
    """One sentence per interview whose thank-you was missed: when it was due, and the late
    one to send now (by email) while a week has not passed, or that it is too late (left out
    with `still_welcome_only`: a command run every day need not repeat it forever)."""
    notes: list[str] = []
    seen: set[str] = set()
    for action in missed_thank_yous(actions):
        interview = action.interview
        if interview.id in seen:
            continue
        seen.add(interview.id)
        due = f"{action.start:%a %Y-%m-%d %H:%M} {action.start:%Z}"
        deadline = interview.end + LATE_THANK_YOU_WINDOW
        if now < deadline:
            notes.append(
                f"{interview.company} ({interview.id}): the thank-you was due {due} and was "
                f"missed. A late one is still welcome until {deadline:%a %Y-%m-%d} (a week "
                f"after the interview), best by email: 'followcal draft {interview.id} "
                "thank-you' shows it, 'followcal sent "
                f"{interview.id} thank-you' records it."
            )
        elif not still_welcome_only:
            notes.append(
                f"{interview.company} ({interview.id}): the thank-you was due {due} and was "
                "missed; a week has passed, so it is no longer worth sending: the follow-ups "
                "carry on as planned."
            )
    return notes
