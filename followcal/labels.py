"""How an action is named for people: the one line shown on a lock screen, in the agenda
and in the JSON output. Below both `calendar` and `output`, so neither imports the other."""

from __future__ import annotations

from followcal.model import Action
from followcal.names import display_name, join_names


def summary(action: Action) -> str:
    """A line that reads well on a lock screen: what to do, to whom, at which company."""
    step, company = action.step, action.interview.company
    who = join_names([display_name(contact) for contact in action.contacts])
    count = f" ({action.number}/{action.of})" if action.of > 1 else ""
    if step.kind == "thank-you":
        if step.channel in ("letter", "card"):
            return f"Mail a thank-you {step.channel} to {who} - {company}"
        return f"Thank-you {step.channel} to {who} - {company}"
    if step.channel == "phone":
        return f"Call {who}{count} - {company}"
    if step.is_follow_up:
        return f"Follow-up {step.channel}{count} to {who} - {company}"
    if step.kind == "offer-news" and action.offer_from:
        return f"Tell {who} about your offer from {action.offer_from.company} - {company}"
    if step.kind == "withdrawal":
        return f"Withdraw your application: email {who} - {company}"
    if step.kind == "move-on":
        return f"Time to move on: {company} - {action.interview.role}"
    return f"Check for news yourself: {company} - {action.interview.role}"
