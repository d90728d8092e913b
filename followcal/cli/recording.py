"""The commands that record what happened in the user's interviews file: add, sent,
status, offer and accept.

Each edit goes through `editing.InterviewsFile`: comments and layout survive, the new text
is checked before it is written, and the write is atomic, so a failed command changes nothing.
Each editing command holds the file's edit lock from its first read to its write
(`@holds_edit_lock`), so two commands at once never lose an update.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followcal.cli import asking
from followcal.cli.asking import ask, ask_more_lines, checked
from followcal.cli.completing import (
    complete_ids,
    complete_profiles,
    complete_steps,
    complete_zones,
)
from followcal.cli.confirming import (
    DRY_RUN_OPTION,
    YES_OPTION,
    calendar_follows_hint,
    confirm_changes,
    dry_run_note,
)
from followcal.cli.naming import resolve_contact, resolve_interview, resolve_step
from followcal.cli.options import (
    FILE_OPTION,
    check_day,
    check_moment,
    edit_path,
    holds_edit_lock,
    holds_edit_lock_creating,
    local_day,
    local_moment,
    plan_options,
    run_plan,
)
from followcal.cli.questions import (
    ADDRESS,
    COUNTRY,
    DECISION_BY,
    FIELDS,
    ID,
    LATER_FIELDS,
    after_interview,
    ask_contacts,
    both_clocks,
    known_fields,
    on_their_clock,
    parse_contact_option,
)
from followcal.cli.rendering import echo, when
from followcal.dates import DATETIME_EXAMPLE
from followcal.errors import FollowcalError
from followcal.late import missed_thank_you_notes
from followcal.vocabulary import ENTRY_CHANNELS, STATUSES

if TYPE_CHECKING:
    from followcal.editing import InterviewsFile
    from followcal.model import Action
    from followcal.pipeline import Run

VERBAL_OFFER_WARNING = (
    "a verbal offer can fall through: if you tell a company you are waiting on, it may simply "
    "wish you luck with the new job. Tell them once the offer is in writing, or pass --force."
)
# Interviews still open when an offer is accepted: each is closed with a withdrawal email.
OPEN_STATUSES = ("waiting", "heard-back", "offer")
# States that end an interview's outreach: setting one cancels what was planned for it.
CLOSING_STATUSES = ("rejected", "withdrawn", "accepted")


class StateChoice(click.Choice):  # type: ignore[type-arg]
    """A state, with the one likely meant for a typo ('rejcted') or a tracker's word
    ('interviewed' is waiting, 'ghosted' explained) in the error."""

    name = "state"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value.strip().lower() in self.choices:
            return value.strip().lower()
        from followcal.text import suggest
        from followcal.trackers import STATUS_WORDS, UNCLEAR_STATUSES, status_key

        word = status_key(str(value))
        if word in STATUS_WORDS:
            hint = f" ('{value}' is {STATUS_WORDS[word]} here)"
        elif word in UNCLEAR_STATUSES:
            hint = f" ({UNCLEAR_STATUSES[word]})"
        else:
            hint = suggest(word, list(self.choices))
        self.fail(f"'{value}' is not one of {', '.join(self.choices)}{hint}", param, ctx)


def _open(path: Path, interview_id: str) -> InterviewsFile:
    from followcal.editing import InterviewsFile

    document = InterviewsFile.open(path)
    document.find(interview_id)  # the run and the file agree on ids: this only guards
    return document


def _actions_of(run: Run, interview_id: str) -> list[Action]:
    return [a for a in run.visible_actions if a.interview.id == interview_id]


def _next_step(run: Run, interview_id: str) -> str:
    upcoming = [a for a in run.open_actions if a.interview.id == interview_id]
    if not upcoming:
        return "nothing more is planned for it"
    first = upcoming[0]
    return f"next: {first.step.id} on {when(first.start, run.my_zone_name)}"


@click.command()
@click.argument("interview_id", metavar="ID", shell_complete=complete_ids)
@click.argument("step", metavar="STEP", shell_complete=complete_steps)
@click.option("--on", "on", metavar="DATE-TIME", callback=check_moment,
              help="When you did it (default: now).")  # fmt: skip
@click.option(
    "--to",
    "to",
    metavar="NAME",
    help="Done for this contact only (a prefix of the name); the others stay planned.",
)
@click.option("--force", is_flag=True, help="Replace a time recorded earlier for this step.")
@DRY_RUN_OPTION
@FILE_OPTION
@plan_options
@holds_edit_lock
def sent(
    interview_id: str,
    step: str,
    on: str | None,
    to: str | None,
    force: bool,
    dry_run: bool,
    file: Path | None,
    **options: Any,
) -> None:
    """Record that you did STEP for interview ID.

    ID may be any unique start of the id ("acme"). STEP is named as `plan` shows it
    ("follow-up 1/2", "call 2"), by its id (follow-up-1) or by its kind (thank-you).
    The steps after it count from the real date, and it is no longer a reminder: `generate`
    writes its event as cancelled if it was still ahead, and `sync` removes it. With --to,
    it is done for that person only (a thank-you goes to each interviewer separately).

    Examples:

    \b
      followcal sent acme thank-you
      followcal sent acme "follow-up 1/2" --on "2026-12-07 11:00"
      followcal sent acme thank-you --to dana
    """
    path = edit_path(file)
    run = run_plan((path,), **options)
    interview_id = resolve_interview(run, interview_id)
    mine = _actions_of(run, interview_id)
    step_id = resolve_step(mine, step, interview_id)
    document = _open(path, interview_id)
    interview = mine[0].interview
    zone = interview.start.tzinfo
    # A naive --on is your own clock; the file keeps it on the company's, as it always has.
    moment = local_moment(on, run.now)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=run.now.tzinfo)
    moment = moment.astimezone(zone)
    if moment < interview.start:
        raise click.BadParameter(
            f"{when(moment, run.my_zone_name)} is before the interview "
            f"({when(interview.start, run.my_zone_name)})",
            param_hint="'--on'",
        )
    contact = resolve_contact(interview, to) if to is not None else None
    document.record_sent(
        interview_id, step_id, moment.replace(tzinfo=None, microsecond=0), contact, force
    )
    if dry_run:
        whom = f" to {contact}" if contact else ""
        echo(f"Would record {step_id}{whom} for {interview_id} on "
             f"{when(moment, run.my_zone_name)}.")  # fmt: skip
        dry_run_note()
        return
    document.save(run.zone_name)
    after = run_plan((path,), **options)
    whom = f" to {contact}" if contact else ""
    then = _still_to_do(after, interview_id, step_id) or _next_step(after, interview_id)
    click.echo(
        f"Recorded {step_id}{whom} for {interview_id} on {when(moment, run.my_zone_name)}; {then}"
    )


def _still_to_do(run: Run, interview_id: str, step_id: str) -> str:
    """'still to do for Lee Park' when a step was recorded for some of its people only."""
    left = [
        contact.name
        for action in run.open_actions + [a for a in run.actions if a.missed]
        if action.interview.id == interview_id and action.step.id == step_id
        for contact in action.contacts
    ]
    return f"{step_id} is still to do for {', '.join(dict.fromkeys(left))}" if left else ""


@click.command()
@click.argument("interview_id", metavar="ID", shell_complete=complete_ids)
@click.argument("state", metavar="STATE", type=StateChoice(STATUSES))
@click.option("--on", "on", metavar="DATE", callback=check_day,
              help="When it happened (default: today).")  # fmt: skip
@YES_OPTION
@DRY_RUN_OPTION
@FILE_OPTION
@plan_options
@holds_edit_lock
def status(
    interview_id: str,
    state: str,
    on: str | None,
    yes: bool,
    dry_run: bool,
    file: Path | None,
    **options: Any,
) -> None:
    """Set interview ID's status: waiting, heard-back, offer, rejected or withdrawn.

    ID may be any unique start of the id. Anything but waiting ends its outreach:
    `generate` writes the future events as cancelled and `sync` deletes them. To take an
    offer, use `followcal accept ID`: it also closes the other interviews, graciously.

    Examples:

    \b
      followcal status acme heard-back
      followcal status acme rejected --dry-run
    """
    path = edit_path(file)
    run = run_plan((path,), **options)
    interview_id = resolve_interview(run, interview_id)
    document = _open(path, interview_id)
    # A company may cancel, or you may withdraw, before the interview; an offer comes after.
    if state == "offer":
        day = _checked_day(run, path, interview_id, on)
    else:
        day = local_day(on, run.now.date())
    interview = next(i for i in run.entries.interviews if i.id == interview_id)
    ahead = [a for a in run.open_actions if a.interview.id == interview_id]
    if state in CLOSING_STATUSES and ahead:
        steps = ", ".join(dict.fromkeys(a.step.id for a in ahead))
        if not confirm_changes(
            f"This sets {interview.company} ({interview_id}) to {state}:",
            [f"{interview.company} ({interview_id}): its planned {steps} are cancelled; "
             "nothing more is sent to them"],
            yes,
            dry_run,
        ):  # fmt: skip
            return
    elif dry_run:
        echo(f"{interview.company} ({interview_id}) would be set to {state}.")
        dry_run_note()
        return
    document.set_status(interview_id, state, day)
    document.save(run.zone_name)
    after = run_plan((path,), **options)
    gone = sum(1 for a in after.actions if a.interview.id == interview_id and a.cancelled)
    click.echo(
        f"{interview_id} is now {state}"
        + (
            f"; {gone} future action(s) cancelled"
            if gone
            else f"; {_next_step(after, interview_id)}"
        )
    )


def _checked_day(run: Run, path: Path, interview_id: str, on: str | None) -> date:
    day = local_day(on, run.now.date())
    interview = next(i for i in run.entries.interviews if i.id == interview_id)
    if day < interview.start.date():
        raise click.BadParameter(
            f"{day} is before the interview ({interview.start.date()})", param_hint="'--on'"
        )
    return day


@click.command()
@click.argument("interview_id", metavar="ID", shell_complete=complete_ids)
@click.option("--deadline", required=True, metavar="DATE", callback=check_day,
              help="When you must answer the offer.")  # fmt: skip
@click.option(
    "--written/--verbal", default=True, help="Is the offer in writing? (default: written)"
)
@click.option("--on", "on", metavar="DATE", callback=check_day,
              help="When you got it (default: today).")  # fmt: skip
@click.option("--force", is_flag=True, help="Record a verbal offer anyway.")
@YES_OPTION
@DRY_RUN_OPTION
@FILE_OPTION
@plan_options
@holds_edit_lock
def offer(
    interview_id: str,
    deadline: str,
    written: bool,
    on: str | None,
    force: bool,
    yes: bool,
    dry_run: bool,
    file: Path | None,
    **options: Any,
) -> None:
    """Record an offer from interview ID; tell the companies you are still waiting on.

    A written offer gives every other waiting interview a "tell them about your offer" email
    on the next business morning, before the deadline. A verbal one is refused unless --force.

    Examples:

    \b
      followcal offer globex --deadline 2026-12-10
      followcal offer globex --deadline 2026-12-10 --dry-run
    """
    if not written and not force:
        raise FollowcalError(f"not recorded: {VERBAL_OFFER_WARNING}")
    path = edit_path(file)
    run = run_plan((path,), **options)
    interview_id = resolve_interview(run, interview_id)
    document = _open(path, interview_id)
    day = _checked_day(run, path, interview_id, on)
    deadline_day = local_day(deadline, day)
    if deadline_day <= day:
        raise click.BadParameter(
            f"{deadline_day} is not after the day of the offer ({day})",
            param_hint="'--deadline'",
        )
    interview = next(i for i in run.entries.interviews if i.id == interview_id)
    told = [
        i for i in run.entries.interviews
        if i.id != interview_id and i.status == "waiting" and not i.no_contact and written
    ]  # fmt: skip
    changes = [f"{interview.company} ({interview_id}): offer recorded, deadline {deadline_day}"]
    changes += [f"{other.company} ({other.id}): an email telling them of your offer, so "
                "that they can decide before your deadline" for other in told]  # fmt: skip
    if told or dry_run:
        heading = f"This records the offer from {interview.company} and changes:"
        if not confirm_changes(heading, changes, yes, dry_run):
            return
    document.record_offer(interview_id, deadline_day, written, day)
    document.save(run.zone_name)
    after = run_plan((path,), **options)
    news = [a for a in after.open_actions if a.offer_from and a.offer_from.id == interview_id]
    click.echo(f"Recorded the {'written' if written else 'verbal'} offer from {interview_id} "
               f"(deadline {deadline_day}).")  # fmt: skip
    for action in news:
        click.echo(f"  tell {action.interview.company} ({action.interview.id}) on "
                   f"{when(action.sends, run.my_zone_name)}")  # fmt: skip
    if written and not news:
        click.echo("  no other interview is waiting on an answer: nobody to tell")


@click.command()
@click.argument("interview_id", metavar="ID", shell_complete=complete_ids)
@click.option("--on", "on", metavar="DATE", callback=check_day,
              help="When you accepted (default: today).")  # fmt: skip
@click.option("--force", is_flag=True,
              help="Accept although no offer from it is recorded (a call, say).")  # fmt: skip
@YES_OPTION
@DRY_RUN_OPTION
@FILE_OPTION
@plan_options
@holds_edit_lock
def accept(
    interview_id: str,
    on: str | None,
    force: bool,
    yes: bool,
    dry_run: bool,
    file: Path | None,
    **options: Any,
) -> None:
    """Record that you accepted the offer from interview ID, and close every other one.

    ID may be any unique start of the id. Each company still considering you gets a
    short, gracious withdrawal email, planned for its next business morning; every other
    planned reminder is cancelled, so `generate` writes it as cancelled and `sync`
    removes it.

    Examples:

    \b
      followcal accept globex --dry-run   # see who is told
      followcal accept globex
    """
    path = edit_path(file)
    run = run_plan((path,), **options)
    interview_id = resolve_interview(run, interview_id)
    document = _open(path, interview_id)
    day = _checked_day(run, path, interview_id, on)
    chosen = next(i for i in run.entries.interviews if i.id == interview_id)
    with_offers = [i for i in run.entries.interviews if i.status == "offer"]
    if chosen.status != "offer" and not force:
        instead = ", ".join(f"{i.company} ({i.id})" for i in with_offers)
        recorded = f"; the offers recorded are from {instead}" if instead else ""
        raise FollowcalError(
            f"not recorded: {chosen.company} ({interview_id}) has made no offer that the "
            f"file records{recorded}. Record theirs first with 'followcal offer "
            f"{interview_id} --deadline DATE', or pass --force to accept it anyway."
        )
    others = [
        interview
        for interview in run.entries.interviews
        if interview.id != interview_id and interview.status in OPEN_STATUSES
    ]
    changes = [f"{chosen.company} ({interview_id}): accepted on {day}"]
    for other in others:
        what = "closed" if other.no_contact else "closed, with a withdrawal email"
        extra = " (it made you an offer)" if other.status == "offer" else ""
        changes.append(f"{other.company} ({other.id}): {what}{extra}")
    if not confirm_changes(
        f"This accepts {chosen.company} ({chosen.role}) and closes every other interview:",
        changes,
        yes,
        dry_run,
    ):
        return
    document.record_acceptance(interview_id, day, [interview.id for interview in others])
    document.save(run.zone_name)
    after = run_plan((path,), **options)
    accepted = next(i for i in after.entries.interviews if i.id == interview_id)
    click.echo(f"Congratulations! Recorded that you accepted {accepted.company} "
               f"({accepted.role}) on {day}.")  # fmt: skip
    letters = {a.interview.id: a for a in after.open_actions if a.step.kind == "withdrawal"}
    for other in others:
        letter = letters.get(other.id)
        note = (
            f"a withdrawal email to draft and send on {when(letter.sends, run.my_zone_name)}"
            if letter
            else "closed (no email: no contact to write to, or asked not to be contacted)"
        )
        click.echo(f"  {other.company} ({other.id}): {note}")
    if not others:
        click.echo("  no other interview was open: nobody to tell")
    before = {a.uid for a in run.open_actions}
    cancelled = sum(1 for a in after.actions if a.cancelled and a.uid in before)
    if cancelled:
        click.echo(calendar_follows_hint(cancelled))


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


@click.command()
@FILE_OPTION
@click.option("--company", metavar="TEXT", help="The company.")
@click.option("--role", metavar="TEXT", help="The role you interviewed for.")
@click.option("--date", "when", metavar="DATE-TIME",
              help=f"When the interview started, local time, e.g. {DATETIME_EXAMPLE}.")  # fmt: skip
@click.option("--timezone", metavar="ZONE", shell_complete=complete_zones,
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
@click.option(
    "--profile",
    metavar="NAME",
    shell_complete=complete_profiles,
    help="Cadence profile for this interview.",
)
@click.option("--channel", metavar="CHANNEL", help="How they asked to be contacted: "
              + ", ".join(ENTRY_CHANNELS) + ".")  # fmt: skip
@click.option("--traditional/--not-traditional", default=None,
              help="An old-fashioned company: the thank-you becomes a mailed card.")  # fmt: skip
@click.option("--no-contact/--contact-ok", "no_contact", default=None,
              help="They asked not to be contacted: only a private reminder.")  # fmt: skip
@click.option("--round", "round_", type=click.IntRange(1, 20), help="Interview round (2, 3...).")
@click.option("--id", "interview_id", metavar="ID", help="A short id (default: derived).")
@click.option("--no-input", is_flag=True, help="Never ask; fail on a missing required option.")
@DRY_RUN_OPTION
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
    dry_run: bool,
    now: str | None,
    **given: str | None,
) -> None:
    """Add an interview, by questions or by options (for scripts); appended to the file.

    At a terminal, add asks for each field not given as an option (Enter skips an optional
    one). With --no-input or without a terminal it never asks. A later round for the same
    company and role (--round 2) starts a fresh cadence and cancels the earlier round's
    pending follow-ups.

    Examples:

    \b
      followcal add                       # asks, at a terminal
      followcal add --company Hooli --role "Platform Engineer" --timezone Europe/Paris \
          --date "2026-12-01 14:00" --contact "Gavin Belson; CEO; gavin@hooli.example"
    """
    from followcal.config import load_config
    from followcal.editing import InterviewsFile
    from followcal.timezones import system_zone_name, zone_country

    interview_keys, _ = known_fields()
    given["date"] = given.pop("when")
    interactive = not no_input and asking.stdin_is_terminal()
    config = load_config()
    default_zone = config.timezone or system_zone_name()
    values: dict[str, object] = {}
    for field in (*FIELDS, *LATER_FIELDS, ADDRESS, COUNTRY):
        if given.get(field.key) is not None:
            values[field.key] = checked(field, str(given[field.key]))
    if interview_id is not None:
        checked(ID, interview_id)

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
            if field.key == "decision_by":  # company, role and date are known by now
                _refuse_a_duplicate(path, values, round_, default_zone)
            if field.key not in values and field.key in interview_keys:
                default = your_zone if field.key == "timezone" else None
                question = on_their_clock(
                    after_interview(field, values.get("date")),
                    values.get("company"),
                    values.get("timezone"),
                )
                answer = ask(question, default=default)
                if answer is not None:
                    values[field.key] = answer
                if field.key == "date" and values.get("timezone"):
                    echo(f"  That is {both_clocks(answer, str(values['timezone']), your_zone)}.",
                         err=True)  # fmt: skip
        if not contact_list:
            contact_list = ask_contacts(region())
        for field in LATER_FIELDS:
            if field.key not in values and field.key in interview_keys:
                answer = ask(field)
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
            answer = ask(ADDRESS)
            if answer is not None:
                values["address"] = ask_more_lines(str(answer))
    values.setdefault("timezone", default_zone)
    if given.get("decision_by") is not None and "date" in values:
        checked(after_interview(DECISION_BY, values["date"]), str(given["decision_by"]))
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
    if dry_run:
        document.check(default_zone)  # the same refusal the save would give
        echo(f"Would add {values['company']} ({values['role']}) to {path}.")
        dry_run_note()
        return
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
    added = next(i for i in run.entries.interviews if i.id == new_id)
    echo(f"Added {values['company']} ({values['role']}) to {path} as '{new_id}': the interview "
         f"is {both_clocks(added.start, added.timezone, run.my_zone_name)}; {nxt}")  # fmt: skip
    for note in missed_thank_you_notes(
        [a for a in run.actions if a.interview.id == new_id], run.now
    ):
        echo(note)
