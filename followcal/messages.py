"""Actions -> drafted messages: builds each template's context and renders it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from followcal.drafting import Draft, mailto_link, render_draft
from followcal.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    clock_in,
    finish_text,
    german_company,
    join_in,
    letter_date_line,
    long_date_in,
    spanish_hello,
    template_path,
    town_of,
)
from followcal.model import Action, Candidate, Contact, Interview
from followcal.names import display_name, greeting_name, join_names, sure_of_greeting
from followcal.phones import parse_phone, phone_display, phone_uri
from followcal.profiles import template_name
from followcal.salutations import addressed, opening

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
    """Letters, cards and `traditional` companies greet formally ("Dear Dr. Lim"), and so
    does a message to anyone whose greeting is a formal one ("Mr Zhang", "Tanaka-san"):
    one register for the whole message, never "Hi Mr Zhang"."""
    return (
        action.step.channel in ("letter", "card")
        or action.interview.traditional
        or any(formal_salutation(c.salutation) for c in action.contacts)
    )


# Titles and honorifics that make a greeting formal.
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "madam",
        "herr",
        "frau",
        "sr",
        "sra",
        "srta",
        "dott",
        "dra",
    ]
)
_HONORIFICS = ("-san", "-sama", "-sensei", "さん", "様", "先生")


def formal_salutation(salutation: str | None) -> bool:
    if not salutation:
        return False
    first = salutation.split()[0].rstrip(".").casefold() if salutation.split() else ""
    return first in _TITLES or salutation.endswith(_HONORIFICS)


# The same honorific in either script: a Japanese name gets it in Japanese.
_IN_JAPANESE = {"-san": "さん", "-sama": "様", "-sensei": "先生"}
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def greetings(contacts: Sequence[Contact], formal: bool) -> list[str]:
    """What follows "Dear" for each recipient, in one register: where one greeting carries
    a Japanese honorific ("Tanaka-san"), so does every other one ("佐藤花子さん"), rather
    than "Tanaka-san and 佐藤花子"."""
    names = [greeting_name(c, formal) for c in contacts]
    honorific = next(
        (h for c in contacts if c.salutation for h in _HONORIFICS if c.salutation.endswith(h)),
        None,
    )
    if honorific is None:
        return names
    latin = {v: k for k, v in _IN_JAPANESE.items()}
    marked = []
    for contact, name in zip(contacts, names, strict=True):
        if contact.salutation or name.endswith(_HONORIFICS):
            marked.append(name)
        elif _JAPANESE.search(name):
            marked.append(name + _IN_JAPANESE.get(honorific, honorific))
        else:
            marked.append(name + latin.get(honorific, honorific))
    return marked


def role_text(role: str) -> str:
    """The role as the middle of "the ... position": a leading article typed with it
    ("the Head of Platform") would make "the the"."""
    words = role.split(maxsplit=1)
    if len(words) == 2 and words[0].casefold() in ("the", "a", "an"):
        return words[1]
    return role


# A subject longer than this is cut short by mail apps' lists and phone notifications.
SUBJECT_LIMIT = 70
_ROLE_TAIL = re.compile(r"\s*(?:,|\(|\s[-\u2013\u2014/|]\s).*$")


def shorter_subject(
    subject: str, role: str, company: str, kind: str = "", language: str = DEFAULT_LANGUAGE
) -> str:
    """A subject within SUBJECT_LIMIT characters, shortened where it loses least: first the
    company (the sender's address and the body name it), then the role's qualifier after a
    comma or bracket ("Senior Engineer, Payments (EMEA)" -> "Senior Engineer"); where the
    sentence still does not fit, the role first and the message's gist after it; whole
    words only, never part of one."""
    if len(subject) <= SUBJECT_LIMIT:
        return subject
    words = LANGUAGES[language]
    for at in (f"{word}{company}" for word in words.at_words):
        if at in subject:
            subject = subject.replace(at, "")
            break
    head = _ROLE_TAIL.sub("", role) or role
    if len(subject) > SUBJECT_LIMIT and head != role and role in subject:
        subject = subject.replace(role, head)
    if len(subject) <= SUBJECT_LIMIT:
        return subject
    gist = words.gists.get(kind) or words.gists["follow-up"]
    if role in subject or head in subject:
        subject = f"{head}: {gist}"
        if len(subject) <= SUBJECT_LIMIT:
            return subject
    cut = subject[: SUBJECT_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:-\u2013")
    return f"{cut}…"


def _finish(draft: Draft, action: Action, role: str, language: str = DEFAULT_LANGUAGE) -> Draft:
    """The last touches after rendering: no doubled full stop after a company whose name
    ends in one ("Harbour & Co.."), a subject short enough to read in a list, and the
    language's typography (French spaces before : ; ? !)."""
    company = action.interview.company
    fixed = {"body": draft.body, "subject": draft.subject}
    for name in {company, *(c.recruiter_for for c in action.contacts if c.recruiter_for)}:
        if name.endswith("."):
            for key, value in fixed.items():
                if value:
                    fixed[key] = value.replace(f"{name}.", name)
    subject = fixed["subject"]
    if subject:
        # the employer the subject names: the client, in a message to an agency's recruiter
        clients = {c.recruiter_for for c in action.contacts}
        employer = (clients.pop() if len(clients) == 1 else None) or company
        subject = shorter_subject(subject, role, employer, action.step.kind, language)
        subject = finish_text(subject, language)
    if fixed["body"]:
        fixed["body"] = finish_text(fixed["body"], language)
    link = draft.link
    if link and link.startswith("mailto:") and subject != draft.subject:
        link = mailto_link([c.email for c in action.contacts if c.email], subject)
    return Draft(subject=subject, body=fixed["body"] or draft.body, link=link)


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


def candidate_region(candidate: Candidate) -> str | None:
    """The country the candidate lives in (their zone's): where their own number is dialled."""
    from followcal.timezones import zone_country

    return zone_country(candidate.timezone) if candidate.timezone else None


def candidate_phone(candidate: Candidate, interview: Interview) -> str | None:
    """The candidate's number as the recipient can dial it: read in the candidate's own
    country, written as typed for a company there and internationally for one abroad.
    As typed when it cannot be read (`validate` warns about that)."""
    if not candidate.phone:
        return None
    import phonenumbers

    try:
        number = parse_phone(candidate.phone, candidate_region(candidate))
    except ValueError:
        return candidate.phone
    if phonenumbers.region_code_for_number(number) == interview.country_code:
        return candidate.phone  # dialled at home: as you wrote it
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


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


def _names_company(address: list[str] | None, company: str) -> bool:
    """Whether the address's first line already names the company ("Ipê Pagamentos S.A."
    for "Ipê Pagamentos"): the company then is not written above it a second time."""
    if not address:
        return False

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.casefold())

    line, name = words(address[0]), words(company)
    shorter = min(len(line), len(name))
    return shorter > 0 and line[:shorter] == name[:shorter]


def _phrase(topic: str | None) -> str | None:
    """A topic as the middle of a sentence: a closing full stop (which `validate` warns
    about) is dropped, so that "about the migration." does not end in two."""
    if topic and topic.endswith(".") and not topic.endswith(".."):
        return topic[:-1].rstrip() or None
    return topic


def says_today(action: Action) -> bool:
    """An email that goes on the interview day (their date) says "today", not the date; a
    missed one is drafted to send late, so it names the date."""
    interview = action.interview
    sent_on = action.sends.astimezone(interview.start.tzinfo).date()
    return (
        action.step.channel == "email" and sent_on == interview.start.date() and not action.missed
    )


def context(
    action: Action, candidate: Candidate | None, *, names_connection: bool = True
) -> dict[str, Any]:
    """Everything a template may use. Notes are not in it: they are the candidate's own."""
    interview = action.interview
    me = candidate or Candidate()
    formal = is_formal(action)
    topic = _phrase(message_topic(action))
    sent_on = action.sends.astimezone(interview.start.tzinfo).date()
    # Written to an agency's recruiter: the job is at their client, the employer to name.
    clients = {c.recruiter_for for c in action.contacts}
    client = clients.pop() if len(clients) == 1 else None
    employer = client or interview.company
    return {
        "contact": _person(action.contacts[0], interview, formal),
        "contacts": [_person(c, interview, formal) for c in action.contacts],
        "greeting_names": join_names(greetings(action.contacts, formal)),
        "recipient_names": names(action.contacts),
        "formal": formal,
        "topic": topic,
        "postal_address": postal_address(action),
        "interview": {
            "id": interview.id,
            "company": employer,
            # the agency a recruiter works at (their letters go there); None for an employer
            "agency": interview.company if client else None,
            "recruiter": client is not None,
            "role": role_text(interview.role),
            "date_text": long_date(interview.start.date()),
            "time_text": f"{interview.start:%H:%M}",
            "decision_by_text": long_date(interview.decision_by) if interview.decision_by else None,
            "topic": topic,
            "notes_detail": topic,  # the name older templates used: now the topic, never notes
            "mutual_connection": interview.mutual_connection if names_connection else None,
            "round": interview.round,
            # not happened yet when this message goes (a withdrawal calls it off)
            "upcoming": interview.start > action.start,
            "today": says_today(action),
            # a decision date still to come when the message goes: quoted as ahead
            "decision_ahead": bool(interview.decision_by and interview.decision_by >= sent_on),
            "address_names_company": _names_company(postal_address(action), interview.company),
            # they made an offer (`followcal offer`): a withdrawal declines it
            "offered": interview.offer_deadline is not None and interview.accepted_elsewhere,
        },
        "candidate": _signer(me, interview),
        "step": {
            "kind": action.step.kind,
            "number": action.number,
            "channel": action.step.channel,
            "promises_call": action.step.promises_call,
            "is_last": action.number > 0 and action.number == action.of,
            "letter_date": f"{action.start.day} {action.start:%B %Y}",  # a letter's date line
            # paper that crosses a border takes longer: a promise of "a week" would not hold
            "posted_abroad": action.step.channel in ("letter", "card")
            and candidate_region(me) not in (None, interview.country_code),
        },
        "offer": _offer(action),
    }


def _signer(me: Candidate, interview: Interview) -> dict[str, Any]:
    """You, as the templates sign you (`candidate`), your number dialable from `interview`'s
    country."""
    return {
        "name": me.name or NAME_PLACEHOLDER,
        "email": me.email,
        "phone": candidate_phone(me, interview),
        "phone_typed": me.phone,  # as written: the signature may already hold it
        "signature": me.signature,
        # the return address atop a letter: one line per line, blank lines dropped
        "address": [line.strip() for line in (me.address or "").splitlines() if line.strip()],
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
        # What a call script says aloud: no name where its short form is uncertain
        # ("Hello, this is ..." rather than a whole name of five parts).
        "spoken": greeting_name(contact, formal) if sure_of_greeting(contact) else None,
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
        language = message_language(action, candidate)
        name = template_path(language, template_name(action.step, action.number))
        values = context(action, candidate, names_connection=action.uid in first)
        if language != DEFAULT_LANGUAGE:
            values = localized(values, action, language)
        role = values["interview"]["role"]
        draft = _finish(render_draft(env, name, values), action, role, language)
        drafted.append(DraftedAction(action, draft, name))
    return drafted


def message_language(action: Action, candidate: Candidate | None) -> str:
    """The language a message is written in: the recipients' own when they share one, else
    the interview's, else the candidate's. A private note (no channel) is the candidate's."""
    mine = (candidate.language if candidate else None) or DEFAULT_LANGUAGE
    if action.step.channel == "none":
        return mine
    theirs = {c.language for c in action.contacts}
    if len(theirs) == 1 and None not in theirs:
        return theirs.pop() or mine
    return action.interview.language or mine


def localized(values: dict[str, Any], action: Action, language: str) -> dict[str, Any]:
    """The context in `language`: dates and times through Babel, names joined with its own
    word, the greeting line, the letter's date line with the sender's town."""
    interview = action.interview
    # the time of day where they are when it goes: a call at 15:00 in Mexico City is
    # "Buenas tardes"; paper is read at any hour, so it keeps the morning's greeting
    local_hour = action.sends.astimezone(interview.start.tzinfo).hour
    on_paper = action.step.channel in ("letter", "card")
    hello = spanish_hello(9 if on_paper else local_hour, interview.country_code)
    greeting = opening(action.contacts, language, action.step.channel, hello)
    company = german_company(values["interview"]["company"]) if language == "de" else {}
    offer = values["offer"]
    if offer is not None and action.offer_from and action.offer_from.offer_deadline:
        offer = {**offer, "deadline_text": long_date_in(action.offer_from.offer_deadline, language)}
    town = town_of(values["candidate"]["address"])
    people = [
        {
            **person,
            "addressed": addressed(contact, language),
            # a call greets by the salutation, else by the whole name: never a guessed title
            "spoken_name": addressed(contact, language) or person["name"],
        }
        for person, contact in zip(values["contacts"], action.contacts, strict=True)
    ]
    return {
        **values,
        "language": language,
        "hello": hello,  # Spanish: "Buenos días" or "Buenas tardes", by the hour it goes
        "greeting_line": greeting.line,
        "greeting_term": greeting.term,
        "contact": people[0],
        "contacts": people,
        "recipient_names": join_in(language, [p["name"] for p in people]),
        "greeting_names": join_in(language, [p["addressed"] or p["name"] for p in people]),
        "interview": {
            **values["interview"],
            **company,
            "date_text": long_date_in(interview.start.date(), language),
            "time_text": clock_in(interview.start, language),
            "decision_by_text": long_date_in(interview.decision_by, language)
            if interview.decision_by
            else None,
        },
        "step": {
            **values["step"],
            "letter_date": letter_date_line(action.start.date(), language, town),
        },
        "offer": offer,
    }
