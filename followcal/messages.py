"""Actions -> drafted messages: builds each template's context and renders it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from followcal.drafting import Draft, render_draft
from followcal.model import Action, Candidate, Contact
from followcal.profiles import template_name

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

NAME_PLACEHOLDER = "[Your name]"


@dataclass(frozen=True)
class DraftedAction:
    action: Action
    draft: Draft
    template: str


def long_date(day: date) -> str:
    """'Tuesday, 17 November 2026': no locale, so output is the same on every machine."""
    return f"{day:%A}, {day.day} {day:%B %Y}"


def names(contacts: Sequence[Contact], attribute: str = "name") -> str:
    parts = [str(getattr(contact, attribute)) for contact in contacts]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def notes_detail(notes: str | None) -> str | None:
    """The first line of the notes: the one detail a message quotes."""
    if not notes:
        return None
    first = notes.strip().splitlines()[0].strip().rstrip(".")
    return first or None


def context(action: Action, candidate: Candidate | None) -> dict[str, Any]:
    interview = action.interview
    me = candidate or Candidate()

    def person(contact: Contact) -> dict[str, str | None]:
        return {
            "name": contact.name,
            "first_name": contact.first_name,
            "title": contact.title,
            "email": contact.email,
            "phone": contact.phone,
        }

    return {
        "contact": person(action.contacts[0]),
        "contacts": [person(c) for c in action.contacts],
        "greeting_names": names(action.contacts, "first_name"),
        "interview": {
            "id": interview.id,
            "company": interview.company,
            "role": interview.role,
            "date_text": long_date(interview.start.date()),
            "time_text": f"{interview.start:%H:%M}",
            "decision_by_text": long_date(interview.decision_by) if interview.decision_by else None,
            "notes_detail": notes_detail(interview.notes),
            "mutual_connection": interview.mutual_connection,
            "round": interview.round,
        },
        "candidate": {
            "name": me.name or NAME_PLACEHOLDER,
            "email": me.email,
            "phone": me.phone,
            "signature": me.signature,
        },
        "step": {
            "kind": action.step.kind,
            "number": action.number,
            "channel": action.step.channel,
            "promises_call": action.step.promises_call,
            "is_last": action.number > 0 and action.number == action.of,
        },
        "offer": _offer(action),
    }


def _offer(action: Action) -> dict[str, str] | None:
    offer = action.offer_from
    if offer is None or offer.offer_deadline is None:
        return None
    return {"company": offer.company, "deadline_text": long_date(offer.offer_deadline)}


def draft_actions(
    actions: Sequence[Action], env: SandboxedEnvironment, candidate: Candidate | None
) -> list[DraftedAction]:
    drafted = []
    for action in actions:
        name = template_name(action.step, action.number)
        draft = render_draft(env, name, context(action, candidate))
        drafted.append(DraftedAction(action, draft, name))
    return drafted
