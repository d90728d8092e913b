"""`followcal add`: one interview into the interviews file, by questions or by options.

At a terminal, add asks for every field a person fills in, and checks each answer as it is
typed, so nothing typed is thrown away by a late error. Optional fields are skipped with
Enter. With --no-input, or with no terminal (a script, a pipe), it never asks: a missing
required option is a usage error naming every one that is missing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import click

from followcal.cli.options import (
    FILE_OPTION,
    check_moment,
    echo,
    edit_path,
    holds_edit_lock_creating,
    run_plan,
)
from followcal.dates import DATETIME_EXAMPLE, parse_day, parse_moment
from followcal.vocabulary import ENTRY_CHANNELS

Check = Callable[[str], object]  # raises ValueError with a message the person can act on


def stdin_is_terminal() -> bool:
    """Whether a person can answer questions (tests replace this to act as one)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass(frozen=True)
class Field:
    """One interview field: its option, its question and its check."""

    key: str  # the key in the interviews file
    option: str
    question: str
    check: Check
    required: bool = False


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("it cannot be empty")
    if any(ord(ch) < 32 for ch in value):
        raise ValueError("it cannot hold control characters")
    return value.strip()


def _lines(value: str) -> str:
    """Text of several lines (an address, notes): each line trimmed, blank lines dropped."""
    lines = [line.strip() for line in value.replace("\r\n", "\n").split("\n")]
    text = "\n".join(line for line in lines if line)
    if not text:
        raise ValueError("it cannot be empty")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise ValueError("it cannot hold control characters")
    return text


def _moment(value: str) -> object:
    from datetime import time

    return parse_moment(value, bare_date_time=time(9, 0))


def _zone(value: str) -> str:
    from followcal.timezones import resolve_zone

    resolve_zone(value)  # ValueError with a suggestion for a near miss
    return value


def _contact_value(field: str, region: str | None = None) -> Check:
    def check(value: str) -> str:
        from followcal.entries import contact_value_problem

        why = contact_value_problem(field, value.strip(), region)
        if why:
            raise ValueError(why)
        return value.strip()

    return check


def _channel(value: str) -> str:
    if value.strip().lower() not in ENTRY_CHANNELS:
        raise ValueError(f"'{value}' is not one of {', '.join(ENTRY_CHANNELS)}")
    return value.strip().lower()


def _profile(value: str) -> str:
    from followcal.config import load_config
    from followcal.errors import ProfileError
    from followcal.profiles import ProfileLibrary

    try:
        ProfileLibrary(load_config().profiles_folder).get(value.strip())
    except ProfileError as err:
        raise ValueError(str(err)) from None
    return value.strip()


def _id(value: str) -> str:
    from followcal.ids import slugify

    if slugify(value) != value:
        raise ValueError(f"use lower-case letters, digits and dashes, like '{slugify(value)}'")
    return value


# In the order they are asked; the contacts and the yes/no questions come after them.
FIELDS = (
    Field("company", "--company", "Company", _text, required=True),
    Field("role", "--role", "Role", _text, required=True),
    Field(
        "date",
        "--date",
        f"Date and time of the interview (like {DATETIME_EXAMPLE})",
        _moment,
        required=True,
    ),
    Field("timezone", "--timezone", "The company's time zone", _zone),
    Field("decision_by", "--decision-by", "When they said they would decide (a date)", parse_day),
    Field("topic", "--topic", "The topic you discussed most, as a phrase", _text),
)
# Options only: asked for when they matter (an address for a letter), or rarely needed.
ADDRESS = Field(
    "address", "--address", "Their postal address, for a letter or card: first line", _lines
)
COUNTRY = Field("country", "--country", "Country (ISO code like DE or US-CA)", _text)
LATER_FIELDS = (
    Field("notes", "--notes", "Private notes (in your calendar, never in a message)", _lines),
    Field("mutual_connection", "--mutual-connection", "Someone you both know", _text),
    Field("profile", "--profile", "Cadence profile (see 'followcal profiles')", _profile),
    Field(
        "channel",
        "--channel",
        f"How they asked to be contacted ({', '.join(ENTRY_CHANNELS)})",
        _channel,
    ),
)


def contact_fields(region: str | None) -> tuple[Field, ...]:
    """A contact's fields; a phone without a country code is read as dialled in `region`."""
    return (
        Field("title", "title", "Title", _text),
        Field("email", "email", "Email", _contact_value("email")),
        Field("phone", "phone", "Phone", _contact_value("phone", region)),
        Field("salutation", "salutation", "How to greet them (like 'Dr. Smith')", _text),
    )


def _known_fields() -> tuple[set[str], set[str]]:
    """The interview and contact fields this version of the file format has."""
    from followcal.entries import CONTACT_FIELDS as CONTACT_KEYS
    from followcal.entries import INTERVIEW_FIELDS

    return set(INTERVIEW_FIELDS), set(CONTACT_KEYS)


def _after_interview(field: Field, start: object) -> Field:
    """The decision date's check also holds it against the interview's date."""
    if field.key != "decision_by" or start is None:
        return field

    def check(value: str) -> object:
        day = parse_day(value)
        if day < start.date():  # type: ignore[attr-defined]
            raise ValueError(f"{day} is before the interview ({start.date()})")  # type: ignore[attr-defined]
        return day

    return Field(field.key, field.option, field.question, check, field.required)


def _checked(field: Field, value: str, hint: str | None = None) -> object:
    """A value given as an option: a bad one is a usage error (exit 2)."""
    try:
        return field.check(value)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint=f"'{hint or field.option}'") from None


def _ask(field: Field, default: str | None = None, indent: str = "") -> object | None:
    """Ask until the answer passes the field's check; Enter skips an optional field."""
    label = indent + field.question + ("" if field.required or default else " (Enter to skip)")
    while True:
        answer: str = click.prompt(label, default=default or "", show_default=bool(default),
                                   err=True)  # fmt: skip
        if not answer.strip():
            if field.required:
                echo(f"{indent}  Needed: {field.question.lower()}.", err=True, fg="red")
                continue
            return None
        try:
            return field.check(answer)
        except ValueError as err:
            echo(f"{indent}  {err}", err=True, fg="red")


def _ask_more_lines(first: str) -> str:
    """The rest of a postal address, a line at a time, until an empty line."""
    lines = [first]
    while True:
        more: str = click.prompt("  Next line (Enter when done)", default="",
                                 show_default=False, err=True)  # fmt: skip
        if not more.strip():
            return "\n".join(lines)
        try:
            lines.append(_lines(more))
        except ValueError as err:
            echo(f"  {err}", err=True, fg="red")


def _refuse_a_duplicate(
    path: Path, values: Mapping[str, object], round_: int | None, default_zone: str
) -> None:
    """The same interview twice would plan every message twice: refuse as soon as company,
    role and date are known, before any further question."""
    from datetime import datetime

    from followcal.entries import load_entries
    from followcal.errors import InputError, Problem

    moment = values.get("date")
    if not (path.exists() and "company" in values and "role" in values):
        return
    if not isinstance(moment, datetime):
        return
    try:
        known_interviews = load_entries((path,), default_zone).interviews
    except InputError:
        return  # an empty file, or one whose problems the save reports in full
    for known in known_interviews:
        start = known.start if moment.tzinfo else known.start.replace(tzinfo=None)
        if (
            known.company.casefold() == str(values["company"]).casefold()
            and known.role.casefold() == str(values["role"]).casefold()
            and start == moment
            and known.round == (round_ or 1)
        ):
            message = (
                f"this interview is already in the file as '{known.id}'; record what happened "
                "with 'followcal sent', 'status' or 'offer', or add a later one with --round"
            )
            raise InputError([Problem(str(path), message, entry=known.id)])


def parse_contact_option(text: str, region: str | None) -> dict[str, str]:
    """'Dana Smith; Engineering Manager; dana@acme.example; +1 555 0142': the name first,
    then in any order a title, an email (it has an @) and a phone (digits); any part may be
    written as key=value (title=, email=, phone=, salutation=)."""
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if not parts:
        raise click.BadParameter("a contact needs at least a name", param_hint="'--contact'")
    contact = {"name": parts[0]}
    by_key = {field.key: field for field in contact_fields(region)}
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if sep and key.strip() in by_key:
            key, value = key.strip(), value.strip()
        elif "@" in part:
            key, value = "email", part
        elif sum(ch.isdigit() for ch in part) >= 5:
            key, value = "phone", part
        else:
            key, value = "title", part
        contact[key] = str(_checked(by_key[key], value, hint="--contact"))
    return contact


def _ask_contacts(region: str | None) -> list[dict[str, str]]:
    _, contact_keys = _known_fields()
    contacts: list[dict[str, str]] = []
    while True:
        number = len(contacts) + 1
        name = _ask(Field("name", "name", f"Contact {number}: name", _text, required=True))
        contact = {"name": str(name)}
        for field in contact_fields(region):
            if field.key in contact_keys:
                value = _ask(field, indent="  ")
                if value is not None:
                    contact[field.key] = str(value)
        contacts.append(contact)
        if not click.confirm("Add another contact?", default=False, err=True):
            return contacts


@click.command()
@FILE_OPTION
@click.option("--company", metavar="TEXT", help="The company.")
@click.option("--role", metavar="TEXT", help="The role you interviewed for.")
@click.option("--date", "when", metavar="DATE-TIME",
              help=f"When the interview started, local time, e.g. {DATETIME_EXAMPLE}.")  # fmt: skip
@click.option("--timezone", metavar="ZONE",
              help="The company's time zone (default: config, then the system's).")  # fmt: skip
@click.option("--decision-by", metavar="DATE", help="When they said they would decide.")
@click.option("--topic", metavar="TEXT", help="The topic you discussed most, as a phrase.")
@click.option("--country", metavar="CODE",
              help="The company's country, e.g. DE or US-CA (default: from the zone).")  # fmt: skip
@click.option("--address", metavar="TEXT",
              help="Postal address, for a letter or card (line breaks kept).")  # fmt: skip
@click.option("--contact", "contacts", multiple=True,
              metavar="'NAME; TITLE; EMAIL; PHONE'",
              help="A person you met (repeat for each); parts may be key=value, e.g. "
              "'salutation=Dr. Smith'.")  # fmt: skip
@click.option("--notes", metavar="TEXT", help="Private notes: in the events, never in a message.")
@click.option("--mutual-connection", metavar="NAME", help="Someone you both know.")
@click.option("--profile", metavar="NAME", help="Cadence profile for this interview.")
@click.option("--channel", metavar="CHANNEL", help="How they asked to be contacted: "
              + ", ".join(ENTRY_CHANNELS) + ".")  # fmt: skip
@click.option("--traditional/--not-traditional", default=None,
              help="An old-fashioned company: the thank-you becomes a mailed card.")  # fmt: skip
@click.option("--no-contact/--contact-ok", "no_contact", default=None,
              help="They asked not to be contacted: only a private reminder.")  # fmt: skip
@click.option("--round", "round_", type=click.IntRange(1, 20), help="Interview round (2, 3...).")
@click.option("--id", "interview_id", metavar="ID", help="A short id (default: derived).")
@click.option("--no-input", is_flag=True, help="Never ask; fail on a missing required option.")
@click.option("--now", envvar="FOLLOWCAL_NOW", metavar="DATE-TIME", callback=check_moment,
              help="Plan as if it were this moment (default: now).")  # fmt: skip
@holds_edit_lock_creating
def add(
    file: Path | None,
    contacts: tuple[str, ...],
    traditional: bool | None,
    no_contact: bool | None,
    round_: int | None,
    interview_id: str | None,
    no_input: bool,
    now: str | None,
    **given: str | None,
) -> None:
    """Add an interview, by questions or by options (for scripts); appended to the file.

    At a terminal, add asks for each field not given as an option (Enter skips an optional
    one). With --no-input or without a terminal it never asks. A later round for the same
    company and role (--round 2) starts a fresh cadence and cancels the earlier round's
    pending follow-ups.
    """
    from followcal.config import load_config
    from followcal.editing import InterviewsFile
    from followcal.timezones import system_zone_name, zone_country

    interview_keys, _ = _known_fields()
    given["date"] = given.pop("when")
    interactive = not no_input and stdin_is_terminal()
    config = load_config()
    default_zone = config.timezone or system_zone_name()
    values: dict[str, object] = {}
    for field in (*FIELDS, *LATER_FIELDS, ADDRESS, COUNTRY):
        if given.get(field.key) is not None:
            values[field.key] = _checked(field, str(given[field.key]))
    if interview_id is not None:
        _checked(Field("id", "--id", "id", _id), interview_id)

    def region() -> str | None:
        """Where a phone number without a country code is dialled: as entries reads it."""
        country = values.get("country")
        zone = str(values.get("timezone") or default_zone)
        return str(country).split("-")[0].upper() if country else zone_country(zone)

    contact_list = [parse_contact_option(text, region()) for text in contacts]
    if not interactive:
        missing = [f.option for f in FIELDS if f.required and f.key not in values]
        missing += [] if contact_list else ["--contact"]
        if missing:
            raise click.UsageError(
                f"missing {', '.join(missing)}: add asks no questions "
                + ("with --no-input" if no_input else "without a terminal")
            )
    path = edit_path(file, missing_ok=True)
    if interactive:
        # A problem already in the file would refuse the save: say so before any question.
        existing = InterviewsFile.open(path, missing_ok=True)
        existing.check(default_zone)
        # Most interviews are where you live: offer your own zone for the company's.
        your_zone = (
            existing.candidate_zone()
            or (config.candidate.timezone if config.candidate else None)
            or default_zone
        )
        for field in FIELDS:
            if field.key == "timezone":  # company, role and date are known by now
                _refuse_a_duplicate(path, values, round_, default_zone)
            if field.key not in values and field.key in interview_keys:
                default = your_zone if field.key == "timezone" else None
                answer = _ask(_after_interview(field, values.get("date")), default=default)
                if answer is not None:
                    values[field.key] = answer
        if not contact_list:
            contact_list = _ask_contacts(region())
        for field in LATER_FIELDS:
            if field.key not in values and field.key in interview_keys:
                answer = _ask(field)
                if answer is not None:
                    values[field.key] = answer
        if traditional is None:
            traditional = click.confirm(
                "A traditional company (mail a thank-you card)?", default=False, err=True
            )
        if no_contact is None:
            no_contact = click.confirm(
                "Did they ask you not to contact them?", default=False, err=True
            )
        wants_post = traditional or values.get("channel") == "letter"
        if wants_post and "address" not in values and "address" in interview_keys:
            answer = _ask(ADDRESS)
            if answer is not None:
                values["address"] = _ask_more_lines(str(answer))
    values.setdefault("timezone", default_zone)
    if given.get("decision_by") is not None and "date" in values:
        _checked(_after_interview(FIELDS[4], values["date"]), str(given["decision_by"]))
    unknown = [key for key in values if key not in interview_keys]
    if unknown:
        raise click.UsageError(f"this version cannot record {', '.join(unknown)}")
    fields: dict[str, object] = {"id": interview_id} if interview_id else {}
    for key in ("company", "role", "date", "timezone", "country", "decision_by", "topic",
                "profile", "channel", "mutual_connection", "address", "notes"):  # fmt: skip
        if key in values:
            fields[key] = values[key]
    if traditional:
        fields["traditional"] = True
    if no_contact:
        fields["no_contact"] = True
    if round_:
        fields["round"] = round_
    if not interactive:  # at a terminal it was checked before the questions that follow
        _refuse_a_duplicate(path, values, round_, default_zone)
    document = InterviewsFile.open(path, missing_ok=True)
    pinned = document.append_interview(fields, contact_list)
    document.save(default_zone)
    new_id = document.ids()[-1]
    for old in pinned:
        echo(f"Kept the id '{old}' of an earlier interview: written into it as id = \"{old}\"")
    run = run_plan((path,), now=now)
    upcoming = [a for a in run.open_actions if a.interview.id == new_id]
    nxt = (
        f"next: {upcoming[0].step.id} on {upcoming[0].start:%a %Y-%m-%d %H:%M %Z}"
        if upcoming
        else "nothing is planned for it"
    )
    echo(f"Added {values['company']} ({values['role']}) to {path} as '{new_id}'; {nxt}")
