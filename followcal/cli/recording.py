"""The commands that record what happened in the user's interviews file: add, sent,
status, offer and accept.

Each edit goes through `editing.InterviewsFile`: comments and layout survive, the new text
is checked before it is written, and the write is atomic, so a failed command changes nothing.
Each editing command holds the file's edit lock from its first read to its write
(`@holds_edit_lock`), so two commands at once never lose an update.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followcal.cli import asking
from followcal.cli.asking import checked
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
from followcal.cli.questions import ID, InterviewForm, both_clocks
from followcal.cli.rendering import echo, when
from followcal.dates import DATETIME_EXAMPLE
from followcal.errors import FollowcalError
from followcal.late import missed_thank_you_notes
from followcal.model import ENTRY_CHANNELS, STATUSES, Status
from followcal.queries import actions_of, closed_by_accepting, left_to_do, newly_cancelled

if TYPE_CHECKING:
    from followcal.config import Config
    from followcal.editing import InterviewsFile
    from followcal.model import Interview
    from followcal.pipeline import Run

VERBAL_OFFER_WARNING = (
    "a verbal offer can fall through: if you tell a company you are waiting on, it may simply "
    "wish you luck with the new job. Tell them once the offer is in writing, or pass --force."
)
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
        if word.replace(" ", "-") in self.choices:  # "heard back", as people type it
            return word.replace(" ", "-")
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


def _next_step(run: Run, interview_id: str) -> str:
    upcoming = actions_of(run.open_actions, interview_id)
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
    """
    path = edit_path(file)
    run = run_plan((path,), **options)
    interview_id = resolve_interview(run, interview_id)
    mine = actions_of(run.visible_actions, interview_id)
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
    left = left_to_do(run.actions, interview_id, step_id)
    return f"{step_id} is still to do for {', '.join(left)}" if left else ""


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
    state: Status,
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
    """
    path = edit_path(file)
    run = run_plan((path,), **options)
    interview_id = resolve_interview(run, interview_id)
    document = _open(path, interview_id)
    # A company may cancel, or you may withdraw, before the interview; an answer or an
    # offer comes after it.
    if state in ("offer", "heard-back"):
        day = _checked_day(run, path, interview_id, on)
    else:
        day = local_day(on, run.now.date())
    if not _status_confirmed(run, interview_id, state, yes, dry_run):
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


def _status_confirmed(run: Run, interview_id: str, state: str, yes: bool, dry_run: bool) -> bool:
    """A closing state says what it cancels and asks; --dry-run only shows the change."""
    interview = run.interview(interview_id)
    ahead = actions_of(run.open_actions, interview_id)
    if state in CLOSING_STATUSES and ahead:
        steps = ", ".join(dict.fromkeys(a.step.id for a in ahead))
        return confirm_changes(
            f"This sets {interview.company} ({interview_id}) to {state}:",
            [f"{interview.company} ({interview_id}): its planned {steps} are cancelled; "
             "nothing more is sent to them"],
            yes,
            dry_run,
        )  # fmt: skip
    if dry_run:
        echo(f"{interview.company} ({interview_id}) would be set to {state}.")
        dry_run_note()
        return False
    return True


def _checked_day(run: Run, path: Path, interview_id: str, on: str | None) -> date:
    day = local_day(on, run.now.date())
    interview = run.interview(interview_id)
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
    if not _offer_confirmed(run, interview_id, deadline_day, written, yes, dry_run):
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


def _offer_confirmed(
    run: Run, interview_id: str, deadline: date, written: bool, yes: bool, dry_run: bool
) -> bool:
    """An offer that will tell other companies lists them and asks."""
    interview = run.interview(interview_id)
    told = [
        i for i in run.entries.interviews
        if i.id != interview_id and i.status == "waiting" and not i.no_contact and written
    ]  # fmt: skip
    if not (told or dry_run):
        return True
    changes = [f"{interview.company} ({interview_id}): offer recorded, deadline {deadline}"]
    changes += [f"{other.company} ({other.id}): an email telling them of your offer, so "
                "that they can decide before your deadline" for other in told]  # fmt: skip
    heading = f"This records the offer from {interview.company} and changes:"
    return confirm_changes(heading, changes, yes, dry_run)


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
    """
    path = edit_path(file)
    run = run_plan((path,), **options)
    interview_id = resolve_interview(run, interview_id)
    document = _open(path, interview_id)
    day = _checked_day(run, path, interview_id, on)
    others = closed_by_accepting(run.entries.interviews, interview_id)
    if not _acceptance_confirmed(run, interview_id, others, day, force, yes, dry_run):
        return
    document.record_acceptance(interview_id, day, [interview.id for interview in others])
    document.save(run.zone_name)
    after = run_plan((path,), **options)
    accepted = after.interview(interview_id)
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
    cancelled = newly_cancelled(run.actions, after.actions)
    if cancelled:
        click.echo(calendar_follows_hint(cancelled))


def _acceptance_confirmed(
    run: Run,
    interview_id: str,
    others: Sequence[Interview],
    day: date,
    force: bool,
    yes: bool,
    dry_run: bool,
) -> bool:
    """Only an interview whose offer the file records (or --force); then the list of what
    closes, company by company, and the question."""
    chosen = run.interview(interview_id)
    if chosen.status != "offer" and not force:
        instead = ", ".join(
            f"{i.company} ({i.id})" for i in run.entries.interviews if i.status == "offer"
        )
        recorded = f"; the offers recorded are from {instead}" if instead else ""
        raise FollowcalError(
            f"not recorded: {chosen.company} ({interview_id}) has made no offer that the "
            f"file records{recorded}. Record theirs first with 'followcal offer "
            f"{interview_id} --deadline DATE', or pass --force to accept it anyway."
        )
    changes = [f"{chosen.company} ({interview_id}): accepted on {day}"]
    for other in others:
        what = "closed" if other.no_contact else "closed, with a withdrawal email"
        extra = " (it made you an offer)" if other.status == "offer" else ""
        changes.append(f"{other.company} ({other.id}): {what}{extra}")
    heading = f"This accepts {chosen.company} ({chosen.role}) and closes every other interview:"
    return confirm_changes(heading, changes, yes, dry_run)


def _refuse_a_duplicate(path: Path, form: InterviewForm, round_: int | None) -> None:
    """The same interview twice would plan every message twice: refuse as soon as company,
    role and date are known, before any further question."""
    from datetime import datetime

    from followcal.entries import load_entries
    from followcal.errors import InputError, Problem
    from followcal.queries import duplicate_of

    values = form.values
    moment = values.get("date")
    if not (path.exists() and "company" in values and "role" in values):
        return
    if not isinstance(moment, datetime):
        return
    try:
        known = load_entries((path,), form.default_zone).interviews
    except InputError:
        return  # an empty file, or one whose problems the save reports in full
    same = duplicate_of(known, str(values["company"]), str(values["role"]), moment, round_ or 1)
    if same is not None:
        message = (
            f"this interview is already in the file as '{same.id}'; record what happened "
            "with 'followcal sent', 'status' or 'offer', or add a later one with --round"
        )
        raise InputError([Problem(str(path), message, entry=same.id)])


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
@click.option("--language", metavar="CODE",
              help="Write to them in this language: en, de, fr or es.")  # fmt: skip
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
    """
    from followcal.config import load_config
    from followcal.timezones import system_zone_name

    config = load_config()
    form = InterviewForm(config.timezone or system_zone_name(), traditional=traditional,
                         no_contact=no_contact)  # fmt: skip
    given["date"] = given.pop("when")
    form.take_options(given, contacts)
    if interview_id is not None:
        checked(ID, interview_id)
    interactive = not no_input and asking.stdin_is_terminal()
    if not interactive and (missing := form.missing_options()):
        raise click.UsageError(
            f"missing {', '.join(missing)}: add asks no questions "
            + ("with --no-input" if no_input else "without a terminal")
        )
    path = edit_path(file, missing_ok=True)
    if interactive:
        _ask_the_rest(path, form, config, round_)
    fields = form.file_fields(given.get("decision_by"), interview_id, round_)
    if not interactive:  # at a terminal it was checked before the questions that follow
        _refuse_a_duplicate(path, form, round_)
    if dry_run:
        _check_without_writing(path, fields, form)
        return
    new_id, pinned = _append(path, fields, form)
    for old in pinned:
        echo(f"Kept the id '{old}' of an earlier interview: written into it as id = \"{old}\"")
    run = run_plan((path,), now=now)
    upcoming = actions_of(run.open_actions, new_id)
    nxt = (
        f"next: {upcoming[0].step.id} on {upcoming[0].start:%a %Y-%m-%d %H:%M %Z}"
        if upcoming
        else "nothing is planned for it"
    )
    added = run.interview(new_id)
    echo(f"Added {fields['company']} ({fields['role']}) to {path} as '{new_id}': the interview "
         f"is {both_clocks(added.start, added.timezone, run.my_zone_name)}; {nxt}")  # fmt: skip
    named = file is not None
    for note in missed_thank_you_notes(actions_of(run.actions, new_id), run.now, name_files=named):
        echo(note)


def _check_without_writing(path: Path, fields: Mapping[str, object], form: InterviewForm) -> None:
    """--dry-run: the same refusal the save would give, and nothing written."""
    from followcal.editing import InterviewsFile

    document = InterviewsFile.open(path, missing_ok=True)
    document.append_interview(fields, form.contacts)
    document.check(form.default_zone)
    echo(f"Would add {fields['company']} ({fields['role']}) to {path}.")
    dry_run_note()


def _ask_the_rest(path: Path, form: InterviewForm, config: Config, round_: int | None) -> None:
    """At a terminal: every question not answered by an option."""
    from followcal.editing import InterviewsFile

    # A problem already in the file would refuse the save: say so before any question.
    existing = InterviewsFile.open(path, missing_ok=True)
    existing.check(form.default_zone)
    # Most interviews are where you live: offer your own zone for the company's.
    your_zone = (
        existing.candidate_zone()
        or (config.candidate.timezone if config.candidate else None)
        or form.default_zone
    )
    form.ask_first(your_zone, once_known=lambda: _refuse_a_duplicate(path, form, round_))
    form.ask_rest()


def _append(path: Path, fields: Mapping[str, object], form: InterviewForm) -> tuple[str, list[str]]:
    """Append the interview to the file: its new id, and the earlier ids written into
    their interviews to keep them."""
    from followcal.editing import InterviewsFile

    document = InterviewsFile.open(path, missing_ok=True)
    pinned = document.append_interview(fields, form.contacts)
    document.save(form.default_zone)
    return document.ids()[-1], pinned
