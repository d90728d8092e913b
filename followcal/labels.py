"""How an action is named for people: the one line shown on a lock screen, in the agenda
and in the JSON output. Below both `calendar` and `output`, so neither imports the other."""

from __future__ import annotations

from followcal.model import Action
from followcal.names import display_name, join_names


def summary(action: Action) -> str:
    """A line that reads well where calendars cut it short (month views and phones show
    about 15 characters): what differs first, the company, then what to do and to whom."""
    step, company = action.step, action.interview.company
    who = join_names([display_name(contact) for contact in action.contacts])
    count = f" ({action.number}/{action.of})" if action.of > 1 else ""
    if step.kind == "thank-you":
        if step.channel in ("letter", "card"):
            return f"{company}: mail a thank-you {step.channel} to {who}"
        return f"{company}: thank-you {step.channel} to {who}"
    if step.kind == "offer-news" and action.offer_from:
        verb = "call" if step.channel == "phone" else "tell"
        return f"{company}: {verb} {who} about your offer from {action.offer_from.company}"
    if step.channel == "phone":
        return f"{company}: call {who}{count}"
    if step.is_follow_up:
        return f"{company}: follow-up {step.channel}{count} to {who}"
    if step.kind == "withdrawal":
        return f"{company}: withdrawal email to {who}"
    if step.kind == "move-on":
        return f"{company}: time to move on ({action.interview.role})"
    return f"{company}: check for news yourself ({action.interview.role})"
