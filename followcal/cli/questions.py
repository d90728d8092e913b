"""What `add` and `init` ask, and the check on each answer or option value.

At a terminal, add asks for every field a person fills in, and checks each answer as it is
typed (`asking`). Optional fields are skipped with Enter. The same checks hold a value given
as an option, so a bad one is a usage error naming the option.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import click

from followcal.cli.asking import (
    Check,
    Field,
    ask,
    ask_more_lines,
    checked,
    confirm,
    lines_value,
    text_value,
)
from followcal.dates import DATETIME_EXAMPLE, parse_day, parse_moment
from followcal.model import ENTRY_CHANNELS


def moment_value(value: str) -> object:
    from datetime import time

    return parse_moment(value, bare_date_time=time(9, 0))


def zone_value(value: str) -> str:
    from followcal.timezones import resolve_zone

    resolve_zone(value)  # ValueError with a suggestion for a near miss
    return value


def contact_check(field: str, region: str | None = None) -> Check:
    """The check on a contact's email or phone (a phone read as dialled in `region`)."""

    def check(value: str) -> str:
        from followcal.entries import contact_value_problem

        why = contact_value_problem(field, value.strip(), region)
        if why:
            raise ValueError(why)
        return value.strip()

    return check


def channel_value(value: str) -> str:
    if value.strip().lower() not in ENTRY_CHANNELS:
        raise ValueError(f"'{value}' is not one of {', '.join(ENTRY_CHANNELS)}")
    return value.strip().lower()


def profile_value(value: str) -> str:
    from followcal.config import load_config
    from followcal.errors import ProfileError
    from followcal.profiles import ProfileLibrary

    try:
        ProfileLibrary(load_config().profiles_folder).get(value.strip())
    except ProfileError as err:
        raise ValueError(str(err)) from None
    return value.strip()


def language_value(value: str) -> str:
    from followcal.languages import language_problem

    code = value.strip().lower()
    if why := language_problem(code):
        raise ValueError(why)
    return code


def id_value(value: str) -> str:
    from followcal.ids import slugify

    if slugify(value) != value:
        raise ValueError(f"use lower-case letters, digits and dashes, like '{slugify(value)}'")
    return value


ID = Field("id", "--id", "id", id_value)
TIMEZONE = Field("timezone", "--timezone", "The company's time zone", zone_value)
DECISION_BY = Field(
    "decision_by", "--decision-by", "When they said they would decide (a date)", parse_day
)
# In the order they are asked; the contacts and the yes/no questions come after them.
FIELDS = (
    Field("company", "--company", "Company", text_value, required=True),
    Field("role", "--role", "Role", text_value, required=True),
    # The zone first, so that the time is asked on the company's clock and said to be.
    TIMEZONE,
    Field(
        "date",
        "--date",
        f"Date and time of the interview (like {DATETIME_EXAMPLE})",
        moment_value,
        required=True,
    ),
    DECISION_BY,
    Field("topic", "--topic", "The topic you discussed most, as a phrase", text_value),
)
# Options only: asked for when they matter (an address for a letter), or rarely needed.
ADDRESS = Field(
    "address", "--address", "Their postal address, for a letter or card: first line", lines_value
)
COUNTRY = Field("country", "--country", "Country (ISO code like DE or US-CA)", text_value)
LANGUAGE = Field(
    "language", "--language", "The language to write to them in (en, de, fr, es)", language_value
)
LATER_FIELDS = (
    Field("notes", "--notes", "Private notes (in your calendar, never in a message)", lines_value),
    Field("mutual_connection", "--mutual-connection", "Someone you both know", text_value),
    Field("profile", "--profile", "Cadence profile (see 'followcal profiles')", profile_value),
    Field(
        "channel",
        "--channel",
        f"How they asked to be contacted ({', '.join(ENTRY_CHANNELS)})",
        channel_value,
    ),
)


def contact_fields(region: str | None) -> tuple[Field, ...]:
    """A contact's fields; a phone without a country code is read as dialled in `region`."""
    return (
        Field("title", "title", "Title", text_value),
        Field("email", "email", "Email", contact_check("email")),
        Field("phone", "phone", "Phone", contact_check("phone", region)),
        Field("salutation", "salutation", "How to greet them (like 'Dr. Smith')", text_value),
    )


def known_fields() -> tuple[set[str], set[str]]:
    """The interview and contact fields this version of the file format has."""
    from followcal.entries import CONTACT_FIELDS as CONTACT_KEYS
    from followcal.entries import INTERVIEW_FIELDS

    return set(INTERVIEW_FIELDS), set(CONTACT_KEYS)


def after_interview(field: Field, start: object) -> Field:
    """The decision date's check also holds it against the interview's date."""
    if field.key != "decision_by" or start is None:
        return field

    def check(value: str) -> object:
        day = parse_day(value)
        if day < start.date():  # type: ignore[attr-defined]
            raise ValueError(f"{day} is before the interview ({start.date()})")  # type: ignore[attr-defined]
        return day

    return Field(field.key, field.option, field.question, check, field.required)


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
        contact[key] = str(checked(by_key[key], value, hint="--contact"))
    return contact


def ask_contacts(region: str | None) -> list[dict[str, str]]:
    _, contact_keys = known_fields()
    contacts: list[dict[str, str]] = []
    while True:
        number = len(contacts) + 1
        name = ask(Field("name", "name", f"Contact {number}: name", text_value, required=True))
        contact = {"name": str(name)}
        for field in contact_fields(region):
            if field.key == "salutation":
                field = _greeting_field(field, contact["name"])
            if field.key in contact_keys:
                value = ask(field, indent="  ")
                if value is not None:
                    contact[field.key] = str(value)
        contacts.append(contact)
        if not confirm("Add another contact?", default=False):
            break
    if len(contacts) > 1 and "topic" in contact_keys:
        # A panel compares notes: each thank-you should mention that person's own part.
        for contact in contacts:
            question = f"What you discussed with {contact['name']}, as a phrase"
            value = ask(Field("topic", "topic", question, text_value), indent="  ")
            if value is not None:
                contact["topic"] = str(value)
    return contacts


def _greeting_field(field: Field, name: str) -> Field:
    """The greeting question, asked plainly where the name leaves its short form in doubt
    ("María José García López"): messages would otherwise greet them in full."""
    from followcal.model import Contact
    from followcal.names import guessed_in_full

    if not guessed_in_full(Contact(name)):
        return field
    question = (
        f"How should messages greet {name}? The given name is not clear from the name "
        "(like 'María José' or 'Dr García')"
    )
    return Field(field.key, field.option, question, field.check, field.required)


def placeholder_candidate() -> list[str]:
    """`init` without a person to ask: the [candidate] lines, as placeholders to replace."""
    import tomlkit

    from followcal.entries import CANDIDATE_PLACEHOLDERS
    from followcal.timezones import system_zone_name

    lines = [f"{key} = {tomlkit.string(value).as_string()}" for key, value in
             CANDIDATE_PLACEHOLDERS.items()]  # fmt: skip
    zone = f'# timezone = "{system_zone_name()}"  # where you are (default: this computer)'
    return [*lines, zone]


def ask_candidate() -> list[str]:
    """`init` at a terminal: your details as [candidate] lines, each checked as it is
    typed; Enter leaves an optional one out."""
    import tomlkit

    from followcal.timezones import system_zone_name

    questions = [
        (Field("name", "name", "Your name, as you sign", text_value, required=True), None),
        (Field("email", "email", "Your email", contact_check("email")), None),
        (Field("phone", "phone", "Your phone, with its country code", contact_check("phone")),
         None),
        (Field("timezone", "timezone", "Your time zone", zone_value), system_zone_name()),
    ]  # fmt: skip
    lines = []
    for field, default in questions:
        answer = ask(field, default=default)
        if answer is None:
            lines.append(f'# {field.key} = ""')
        else:
            lines.append(f"{field.key} = {tomlkit.string(str(answer)).as_string()}")
    return lines


def on_their_clock(field: Field, company: object, zone: object) -> Field:
    """The date question, naming whose clock the answer is on: the company's."""
    if field.key != "date" or not zone:
        return field
    whose = f"{company}'s" if company else "the company's"
    question = f"Date and time of the interview, on {whose} clock ({zone}), like {DATETIME_EXAMPLE}"
    return Field(field.key, field.option, question, field.check, field.required)


def both_clocks(moment: object, zone_name: str, my_zone_name: str) -> str:
    """'Fri 2026-11-20 10:00 CET in Europe/Berlin, 04:00 EST on your clock (America/Toronto)'."""
    from datetime import datetime

    from followcal.timezones import resolve_zone

    if not isinstance(moment, datetime):
        return ""
    theirs = moment.replace(tzinfo=resolve_zone(zone_name)) if moment.tzinfo is None else moment
    theirs = theirs.astimezone(resolve_zone(zone_name))
    shown = f"{theirs:%a %Y-%m-%d %H:%M %Z} in {zone_name}"
    if my_zone_name == zone_name:
        return f"{shown} (your own zone too)"
    mine = theirs.astimezone(resolve_zone(my_zone_name))
    day = f"{mine:%a %Y-%m-%d }" if mine.date() != theirs.date() else ""
    return f"{shown}, {day}{mine:%H:%M %Z} on your clock ({my_zone_name})"


# The interview's keys in the file, in the order `add` writes them.
FILE_ORDER = (
    "company", "role", "date", "timezone", "country", "decision_by", "topic", "profile",
    "channel", "mutual_connection", "address", "notes", "language",
)  # fmt: skip


@dataclass
class InterviewForm:
    """The interview `add` builds: from its options first, then (at a terminal) from the
    questions left, each value checked as it comes in."""

    default_zone: str
    values: dict[str, object] = dataclasses.field(default_factory=dict)
    contacts: list[dict[str, str]] = dataclasses.field(default_factory=list)
    traditional: bool | None = None
    no_contact: bool | None = None

    def take_options(self, given: Mapping[str, object], contacts: Sequence[str]) -> None:
        """The values given as options; a bad one is a usage error naming its option."""
        for question in (*FIELDS, *LATER_FIELDS, ADDRESS, COUNTRY, LANGUAGE):
            if given.get(question.key) is not None:
                self.values[question.key] = checked(question, str(given[question.key]))
        self.contacts = [parse_contact_option(text, self.region()) for text in contacts]

    def region(self) -> str | None:
        """Where a phone number without a country code is dialled: as entries reads it."""
        from followcal.timezones import zone_country

        country = self.values.get("country")
        zone = str(self.values.get("timezone") or self.default_zone)
        return str(country).split("-")[0].upper() if country else zone_country(zone)

    def missing_options(self) -> list[str]:
        """The options a script must give: add asks no questions without a terminal."""
        missing = [q.option for q in FIELDS if q.required and q.key not in self.values]
        return missing + ([] if self.contacts else ["--contact"])

    def ask_first(self, your_zone: str, once_known: Callable[[], None]) -> None:
        """Company, role, the company's zone (offering yours), the date on the company's
        clock (shown back on both clocks), the decision date and the topic; `once_known`
        runs when company, role and date are known."""
        from followcal.cli.rendering import echo

        interview_keys, _ = known_fields()
        for question in FIELDS:
            if question.key == "decision_by":
                once_known()
            if question.key not in self.values and question.key in interview_keys:
                default = your_zone if question.key == "timezone" else None
                asked = on_their_clock(
                    after_interview(question, self.values.get("date")),
                    self.values.get("company"),
                    self.values.get("timezone"),
                )
                self._ask(asked, default)
                if question.key == "date" and self.values.get("timezone"):
                    zone = str(self.values["timezone"])
                    shown = both_clocks(self.values.get("date"), zone, your_zone)
                    echo(f"  That is {shown}.", err=True)

    def ask_rest(self) -> None:
        """The contacts (unless given), the rarer fields, the yes/no questions, and a postal
        address when a letter or card will need one."""
        interview_keys, _ = known_fields()
        if not self.contacts:
            self.contacts = ask_contacts(self.region())
        self._ask_language()
        for question in LATER_FIELDS:
            if question.key not in self.values and question.key in interview_keys:
                self._ask(question)
        if self.traditional is None:
            self.traditional = confirm("A traditional company (mail a thank-you card)?", False)
        if self.no_contact is None:
            self.no_contact = confirm("Did they ask you not to contact them?", False)
        wants_post = self.traditional or self.values.get("channel") == "letter"
        if wants_post and "address" not in self.values and "address" in interview_keys:
            answer = ask(ADDRESS)
            if answer is not None:
                self.values["address"] = ask_more_lines(str(answer))

    def _ask_language(self) -> None:
        """Only where the company's country usually hires in another language followcal
        writes in: offered as the default, Enter takes it."""
        from followcal.languages import DEFAULT_LANGUAGE, usual_language

        usual = usual_language(self.region())
        if "language" in self.values or usual in (None, DEFAULT_LANGUAGE):
            return
        self._ask(LANGUAGE, default=usual)

    def _ask(self, question: Field, default: str | None = None) -> None:
        answer = ask(question, default=default)
        if answer is not None:
            self.values[question.key] = answer

    def file_fields(
        self, decision_by: str | None, interview_id: str | None, round_: int | None
    ) -> dict[str, object]:
        """The new interview's fields as the file gets them. A decision date given as an
        option is held against the interview's date, now that both are known."""
        interview_keys, _ = known_fields()
        self.values.setdefault("timezone", self.default_zone)
        if decision_by is not None and "date" in self.values:
            checked(after_interview(DECISION_BY, self.values["date"]), decision_by)
        unknown = [key for key in self.values if key not in interview_keys]
        if unknown:
            raise click.UsageError(f"this version cannot record {', '.join(unknown)}")
        fields: dict[str, object] = {"id": interview_id} if interview_id else {}
        fields.update({key: self.values[key] for key in FILE_ORDER if key in self.values})
        flags = {"traditional": self.traditional, "no_contact": self.no_contact}
        fields.update({key: True for key, value in flags.items() if value})
        if round_:
            fields["round"] = round_
        return fields
