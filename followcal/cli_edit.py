"""Commands that record what happened in the user's interviews file, and the agenda.

Each edit goes through `editing.InterviewsFile`: comments and layout survive, the new text
is checked before it is written, and the write is atomic, so a failed command changes nothing.
Each editing command holds the file's edit lock from its first read to its write
(`@_holds_the_lock`), so two commands at once never lose an update.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from followcal.cli_common import INPUTS, plan_options, run_plan
from followcal.errors import FollowcalError, InputError, Problem
from followcal.model import STATUSES

if TYPE_CHECKING:
    from followcal.editing import InterviewsFile
    from followcal.model import Action, Interview
    from followcal.pipeline import Run

T = TypeVar("T")

VERBAL_OFFER_WARNING = (
    "a verbal offer can fall through: if you tell a company you are waiting on, it may simply "
    "wish you luck with the new job. Tell them once the offer is in writing, or pass --force."
)

FILE_OPTION = click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(path_type=Path),
    envvar="FOLLOWCAL_FILE",
    help="The interviews file (default: interviews.toml here, or the config's interviews_file).",
)


def _file(file: Path | None) -> Path:
    from followcal.config import load_config
    from followcal.pipeline import default_inputs

    return file or default_inputs(load_config())[0]


def _holds_the_lock(command: Callable[..., None]) -> Callable[..., None]:
    """Run an editing command under the edit lock of the file it edits (see fileio.locked)."""

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        from followcal.fileio import locked

        with locked(kwargs.get("input_file") or _file(kwargs["file"])):
            command(**kwargs)

    return run


def _parse_moment(text: str, what: str) -> datetime:
    return _parse(text, what, datetime.fromisoformat, "a date-time like 2026-12-04T10:00")


def _parse_day(text: str, what: str) -> date:
    return _parse(text, what, date.fromisoformat, "a date like 2026-12-04")


def _parse(text: str, what: str, parser: Callable[[str], T], example: str) -> T:
    try:
        return parser(text)
    except ValueError:
        raise click.BadParameter(f"'{text}' is not {example}", param_hint=what) from None


def _open(path: Path, interview_id: str) -> InterviewsFile:
    from followcal.editing import InterviewsFile

    document = InterviewsFile.open(path)
    document.find(interview_id)  # unknown ids fail here, with a suggestion
    return document


def _actions_of(run: Run, interview_id: str) -> list[Action]:
    return [a for a in run.visible_actions if a.interview.id == interview_id]


def _next_step(run: Run, interview_id: str) -> str:
    upcoming = [a for a in run.open_actions if a.interview.id == interview_id]
    if not upcoming:
        return "nothing more is planned for it"
    first = upcoming[0]
    return f"next: {first.step.id} on {when(first.start, run.my_zone_name)}"


def when(moment: datetime, zone_name: str) -> str:
    """'Tue 2026-12-08 07:15 EST (America/Toronto)': a confirmation always names the zone."""
    from followcal.timezones import resolve_zone

    local = moment.astimezone(resolve_zone(zone_name))
    label = f"{local:%Z}"
    return f"{local:%a %Y-%m-%d %H:%M} {label}" + ("" if label == zone_name else f" ({zone_name})")


@click.command()
@click.argument("interview_id", metavar="ID")
@click.argument("step", metavar="STEP")
@click.option("--on", "on", metavar="DATE-TIME", help="When you did it (default: now).")
@click.option(
    "--to",
    "to",
    metavar="NAME",
    help="Done for this contact only (a prefix of the name); the others stay planned.",
)
@click.option("--force", is_flag=True, help="Replace a time recorded earlier for this step.")
@FILE_OPTION
@plan_options
@_holds_the_lock
def sent(
    interview_id: str,
    step: str,
    on: str | None,
    to: str | None,
    force: bool,
    file: Path | None,
    **options: Any,
) -> None:
    """Record that you did STEP (e.g. thank-you, follow-up-1) for interview ID.

    The steps after it count from the real date, and it is no longer a reminder: `generate`
    writes its event as cancelled if it was still ahead, and `sync` removes it. With --to,
    it is done for that person only (a thank-you goes to each interviewer separately).
    """
    path = _file(file)
    run = run_plan((path,), **options)
    mine = _actions_of(run, interview_id)
    document = _open(path, interview_id)
    matches = sorted({a.step.id for a in mine if step in (a.step.id, a.step.kind)})
    if len(matches) != 1:
        planned = ", ".join(sorted({a.step.id for a in mine})) or "none"
        why = "is ambiguous" if matches else "is not planned"
        raise InputError(
            [
                Problem(
                    str(path),
                    f"step '{step}' {why}; planned steps: {planned}",
                    interview_id,
                    "step",
                )
            ]
        )
    interview = mine[0].interview
    zone = interview.start.tzinfo
    # A naive --on is your own clock; the file keeps it on the company's, as it always has.
    moment = _parse_moment(on, "--on") if on else run.now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=run.now.tzinfo)
    moment = moment.astimezone(zone)
    if moment < interview.start:
        raise InputError(
            [Problem(str(path), f"--on {when(moment, run.my_zone_name)} is before the "
                     f"interview ({when(interview.start, run.my_zone_name)})",
                     interview_id, "sent")]
        )  # fmt: skip
    contact = _contact_named(path, interview, to) if to is not None else None
    document.record_sent(
        interview_id, matches[0], moment.replace(tzinfo=None, microsecond=0), contact, force
    )
    document.save(run.zone_name)
    after = run_plan((path,), **options)
    whom = f" to {contact}" if contact else ""
    then = _still_to_do(after, interview_id, matches[0]) or _next_step(after, interview_id)
    click.echo(
        f"Recorded {matches[0]}{whom} for {interview_id} on "
        f"{when(moment, run.my_zone_name)}; {then}"
    )


def _contact_named(path: Path, interview: Interview, prefix: str) -> str:
    """The contact whose name starts with `prefix` (or one of whose names does)."""
    wanted = prefix.strip().casefold()
    names = [contact.name for contact in interview.contacts]
    exact = [name for name in names if name.casefold() == wanted]
    found = exact or [name for name in names if name.casefold().startswith(wanted)]
    found = found or [n for n in names if any(w.startswith(wanted) for w in n.casefold().split())]
    if len(found) == 1:
        return found[0]
    why = f"matches {' and '.join(found)}" if found else "matches no contact"
    raise InputError(
        [Problem(str(path), f"--to '{prefix}' {why}; the contacts are: {', '.join(names)}",
                 interview.id, "contacts")]
    )  # fmt: skip


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
@click.argument("interview_id", metavar="ID")
@click.argument("state", metavar="STATE", type=click.Choice(STATUSES))
@click.option("--on", "on", metavar="DATE", help="When it happened (default: today).")
@FILE_OPTION
@plan_options
@_holds_the_lock
def status(
    interview_id: str, state: str, on: str | None, file: Path | None, **options: Any
) -> None:
    """Set interview ID's status: waiting, heard-back, offer, rejected or withdrawn.

    Anything but waiting ends its outreach: `generate` writes the future events as
    cancelled and `sync` deletes them.
    """
    path = _file(file)
    run = run_plan((path,), **options)
    document = _open(path, interview_id)
    day = _checked_day(run, path, interview_id, on)
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
    day = _parse_day(on, "--on") if on else run.now.date()
    interview = next(i for i in run.entries.interviews if i.id == interview_id)
    if day < interview.start.date():
        raise InputError(
            [Problem(str(path), f"--on {day} is before the interview ({interview.start.date()})",
                     interview_id, "status_date")]
        )  # fmt: skip
    return day


@click.command()
@click.argument("interview_id", metavar="ID")
@click.option("--deadline", required=True, metavar="DATE", help="When you must answer the offer.")
@click.option(
    "--written/--verbal", default=True, help="Is the offer in writing? (default: written)"
)
@click.option("--on", "on", metavar="DATE", help="When you got it (default: today).")
@click.option("--force", is_flag=True, help="Record a verbal offer anyway.")
@FILE_OPTION
@plan_options
@_holds_the_lock
def offer(
    interview_id: str,
    deadline: str,
    written: bool,
    on: str | None,
    force: bool,
    file: Path | None,
    **options: Any,
) -> None:
    """Record an offer from interview ID; tell the companies you are still waiting on.

    A written offer gives every other waiting interview a "tell them about your offer" email
    on the next business morning, before the deadline. A verbal one is refused unless --force.
    """
    if not written and not force:
        raise FollowcalError(f"not recorded: {VERBAL_OFFER_WARNING}")
    path = _file(file)
    run = run_plan((path,), **options)
    document = _open(path, interview_id)
    day = _checked_day(run, path, interview_id, on)
    deadline_day = _parse_day(deadline, "--deadline")
    if deadline_day <= day:
        raise InputError(
            [Problem(str(path), f"the deadline {deadline_day} must come after {day}",
                     interview_id, "offer_deadline")]
        )  # fmt: skip
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
@INPUTS
@click.option("--days", default=7, show_default=True, type=click.IntRange(0, 365),
              help="How many days ahead.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead.")
@plan_options
def agenda(inputs: tuple[Path, ...], days: int, as_json: bool, **options: Any) -> None:
    """What to do today and in the next N days, overdue actions first."""
    from followcal.output import agenda_json, agenda_table
    from followcal.planning import overdue as overdue_actions

    run = run_plan(inputs, **options)
    overdue = overdue_actions(run.actions)
    horizon = datetime.combine(run.now.date() + timedelta(days=days + 1), datetime.min.time())
    horizon = horizon.replace(tzinfo=run.now.tzinfo)
    coming = [a for a in run.open_actions if a.start < horizon]
    zone = run.my_zone_name
    click.echo(agenda_json(overdue, coming) if as_json else agenda_table(overdue, coming, zone))


def _contact_option(text: str) -> dict[str, str]:
    """'Dana Smith; Engineering Manager; dana@acme.example; +1 555 0142' (all but the name
    optional, in any order after it: an @ marks the email, digits the phone)."""
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if not parts:
        raise click.BadParameter("a contact needs at least a name", param_hint="--contact")
    contact = {"name": parts[0]}
    for part in parts[1:]:
        if "@" in part:
            contact["email"] = part
        elif sum(ch.isdigit() for ch in part) >= 5:
            contact["phone"] = part
        else:
            contact["title"] = part
    return contact


def _ask(label: str, check: Any, default: str | None = None, required: bool = True) -> str | None:
    """Prompt until the answer passes `check`: errors show at once, not after every question."""
    while True:
        answer = click.prompt(label, default=default or ("" if not required else None),
                              show_default=bool(default))  # fmt: skip
        if not answer and not required:
            return None
        try:
            check(answer)
        except (ValueError, click.BadParameter) as err:
            click.secho(f"  {err}", err=True, fg="red")
            continue
        return str(answer)


@click.command()
@click.argument("input_file", required=False, type=click.Path(path_type=Path), metavar="[INPUT]")
@FILE_OPTION
@click.option("--company")
@click.option("--role")
@click.option("--date", "when", metavar="DATE-TIME", help="Local start, e.g. 2026-12-01T14:00.")
@click.option("--timezone", metavar="ZONE", help="The company's time zone.")
@click.option("--decision-by", metavar="DATE", help="When they said they would decide.")
@click.option("--notes", help="Private notes: shown in the events, never in a message.")
@click.option("--contact", "contacts", multiple=True, metavar="'NAME; TITLE; EMAIL; PHONE'",
              help="A person you met (repeat for each).")  # fmt: skip
@click.option("--profile", metavar="NAME", help="Cadence profile for this interview.")
@click.option("--round", "round_", type=click.IntRange(1, 20), help="Interview round (2, 3...).")
@click.option("--id", "interview_id", metavar="ID", help="A short id (default: derived).")
@_holds_the_lock
def add(
    input_file: Path | None,
    file: Path | None,
    company: str | None,
    role: str | None,
    when: str | None,
    timezone: str | None,
    decision_by: str | None,
    notes: str | None,
    contacts: tuple[str, ...],
    profile: str | None,
    round_: int | None,
    interview_id: str | None,
    **_: Any,
) -> None:
    """Add an interview, by prompts or by options (for scripts); appended to the file.

    A later round for the same company and role (--round 2) starts a fresh cadence and
    cancels the earlier round's pending follow-ups.
    """
    from followcal.config import load_config
    from followcal.editing import InterviewsFile
    from followcal.timezones import resolve_zone, system_zone_name

    path = input_file or _file(file)
    config = load_config()
    default_zone = config.timezone or system_zone_name()
    company = company or _ask("Company", str.strip)
    role = role or _ask("Role", str.strip)
    when = when or _ask("Date and time (e.g. 2026-12-01T14:00)", lambda v: _parse_moment(v, "date"))
    if timezone is None:
        timezone = _ask("Time zone", resolve_zone, default=default_zone)
    contact_list = [_contact_option(text) for text in contacts]
    while not contact_list or (not contacts and click.confirm("Add another contact?")):
        name = _ask("Contact name", str.strip)
        contact = {"name": name or ""}
        for key, label in (("title", "Title"), ("email", "Email"), ("phone", "Phone")):
            value = _ask(f"  {label}", str.strip, required=False)
            if value:
                contact[key] = value
        contact_list.append(contact)
    if decision_by is None and not contacts:
        decision_by = _ask("Decision expected by (date, optional)",
                           lambda v: _parse_day(v, "decision"), required=False)  # fmt: skip
    fields: dict[str, object] = {}
    if interview_id:
        fields["id"] = interview_id
    fields.update(company=company, role=role, date=_parse_moment(str(when), "--date"))
    fields["timezone"] = timezone
    if decision_by:
        fields["decision_by"] = _parse_day(decision_by, "--decision-by")
    if profile:
        fields["profile"] = profile
    if round_:
        fields["round"] = round_
    if notes:
        fields["notes"] = notes
    document = InterviewsFile.open(path, missing_ok=True)
    document.append_interview(fields, contact_list)
    document.save(default_zone)
    click.echo(f"Added {company} ({role}) to {path}")
