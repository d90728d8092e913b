"""Actions -> drafted messages: builds each template's context and renders it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from followcal.drafting import Draft, render_draft
from followcal.model import Action, Candidate, Contact, Interview
from followcal.names import display_name, greeting_name, join_names
from followcal.phones import phone_display, phone_uri
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


def names(contacts: Sequence[Contact]) -> str:
    """The recipients' full names, for summaries and notes: 'Dana Smith and Lee Park'."""
    return join_names([display_name(contact) for contact in contacts])


def is_formal(action: Action) -> bool:
    """Letters, cards and `traditional` companies greet formally ("Dear Dr. Lim")."""
    return action.step.channel in ("letter", "card") or action.interview.traditional


def message_topic(action: Action) -> str | None:
    """What "our conversation about ..." refers to: one recipient's own topic, else the
    interview's. Never the notes: they are private."""
    if len(action.contacts) == 1 and action.contacts[0].topic:
        return action.contacts[0].topic
    return action.interview.topic


def postal_address(action: Action) -> list[str] | None:
    """The lines under the recipients' names on a letter or card: one recipient's own
    address, else the company's; None when neither is known."""
    if len(action.contacts) == 1 and action.contacts[0].address:
        return action.contacts[0].address.splitlines()
    if action.interview.address:
        return action.interview.address.splitlines()
    return None


def contact_phone(contact: Contact, interview: Interview) -> tuple[str, str | None] | None:
    """(international text, tel: URI) for the contact's phone, or None without one."""
    if not contact.phone:
        return None
    region = interview.country_code  # national numbers are read as dialled there
    try:
        return phone_display(contact.phone, region), phone_uri(contact.phone, region)
    except ValueError:
        # entries refuse a bad number; an Interview built in code may still carry one
        return contact.phone, None


def first_messages(actions: Sequence[Action]) -> set[str]:
    """UIDs of each interview's first outreach step (every person's copy of it, when it
    writes to each interviewer): the one place the mutual connection is mentioned."""
    first: dict[str, Action] = {}
    for action in actions:
        if not action.step.is_outreach or action.cancelled or action.offer_from is not None:
            continue
        key = action.interview.id
        if key not in first or action.start < first[key].start:
            first[key] = action
    steps = {(action.interview.id, action.step.id) for action in first.values()}
    return {action.uid for action in actions if (action.interview.id, action.step.id) in steps}


def _phrase(topic: str | None) -> str | None:
    """A topic as the middle of a sentence: a closing full stop (which `validate` warns
    about) is dropped, so that "about the migration." does not end in two."""
    if topic and topic.endswith(".") and not topic.endswith(".."):
        return topic[:-1].rstrip() or None
    return topic


def context(
    action: Action, candidate: Candidate | None, *, names_connection: bool = True
) -> dict[str, Any]:
    """Everything a template may use. Notes are not in it: they are the candidate's own."""
    interview = action.interview
    me = candidate or Candidate()
    formal = is_formal(action)
    topic = _phrase(message_topic(action))
    return {
        "contact": _person(action.contacts[0], interview, formal),
        "contacts": [_person(c, interview, formal) for c in action.contacts],
        "greeting_names": join_names([greeting_name(c, formal) for c in action.contacts]),
        "recipient_names": names(action.contacts),
        "formal": formal,
        "topic": topic,
        "postal_address": postal_address(action),
        "interview": {
            "id": interview.id,
            "company": interview.company,
            "role": interview.role,
            "date_text": long_date(interview.start.date()),
            "time_text": f"{interview.start:%H:%M}",
            "decision_by_text": long_date(interview.decision_by) if interview.decision_by else None,
            "topic": topic,
            "notes_detail": topic,  # the name older templates used: now the topic, never notes
            "mutual_connection": interview.mutual_connection if names_connection else None,
            "round": interview.round,
            # not happened yet when this message goes (a withdrawal calls it off)
            "upcoming": interview.start > action.start,
        },
        "candidate": {
            "name": me.name or NAME_PLACEHOLDER,
            "email": me.email,
            "phone": me.phone,
            "signature": me.signature,
            # the return address atop a letter: one line per line, blank lines dropped
            "address": [line.strip() for line in (me.address or "").splitlines() if line.strip()],
        },
        "step": {
            "kind": action.step.kind,
            "number": action.number,
            "channel": action.step.channel,
            "promises_call": action.step.promises_call,
            "is_last": action.number > 0 and action.number == action.of,
            "letter_date": f"{action.start.day} {action.start:%B %Y}",  # a letter's date line
        },
        "offer": _offer(action),
    }


def _person(contact: Contact, interview: Interview, formal: bool) -> dict[str, Any]:
    """One contact, as templates see them (`contact`, and each of `contacts`)."""
    phone = contact_phone(contact, interview)
    return {
        "name": display_name(contact),
        "first_name": greeting_name(contact, formal=False),
        "formal_name": greeting_name(contact, formal=True),
        "greeting": greeting_name(contact, formal),
        "title": contact.title,
        "email": contact.email,
        "phone": phone[0] if phone else None,
        "tel": phone[1] if phone else None,
        "topic": _phrase(contact.topic),
        "address": contact.address.splitlines() if contact.address else None,
    }


def _offer(action: Action) -> dict[str, str] | None:
    offer = action.offer_from
    if offer is None or offer.offer_deadline is None:
        return None
    return {"company": offer.company, "deadline_text": long_date(offer.offer_deadline)}


def draft_actions(
    actions: Sequence[Action],
    env: SandboxedEnvironment,
    candidate: Candidate | None,
    plan: Sequence[Action] | None = None,
) -> list[DraftedAction]:
    """Draft each action; `plan` is the whole plan they come from (default: `actions`), so
    that a message drafted alone still knows whether an earlier one named the connection."""
    first = first_messages(actions if plan is None else plan)
    drafted = []
    for action in actions:
        name = template_name(action.step, action.number)
        values = context(action, candidate, names_connection=action.uid in first)
        draft = render_draft(env, name, values)
        drafted.append(DraftedAction(action, draft, name))
    return drafted
