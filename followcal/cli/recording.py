"""Commands that record what happened in the user's interviews file, and the agenda.

Each edit goes through `editing.InterviewsFile`: comments and layout survive, the new text
is checked before it is written, and the write is atomic, so a failed command changes nothing.
Each editing command holds the file's edit lock from its first read to its write
(`@holds_edit_lock`), so two commands at once never lose an update.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followcal.cli.options import (
    FILE_OPTION,
    check_day,
    check_moment,
    edit_path,
    holds_edit_lock,
    local_day,
    local_moment,
    plan_options,
    read_inputs,
    resolve_interview,
    resolve_step,
    run_plan,
    use_color,
)
from followcal.errors import FollowcalError
from followcal.vocabulary import STATUSES

if TYPE_CHECKING:
    from followcal.editing import InterviewsFile
    from followcal.model import Action, Interview
    from followcal.pipeline import Run

VERBAL_OFFER_WARNING = (
    "a verbal offer can fall through: if you tell a company you are waiting on, it may simply "
    "wish you luck with the new job. Tell them once the offer is in writing, or pass --force."
)


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


def when(moment: datetime, zone_name: str) -> str:
    """'Tue 2026-12-08 07:15 EST (America/Toronto)': a confirmation always names the zone."""
    from followcal.timezones import resolve_zone

    local = moment.astimezone(resolve_zone(zone_name))
    label = f"{local:%Z}"
    return f"{local:%a %Y-%m-%d %H:%M} {label}" + ("" if label == zone_name else f" ({zone_name})")


@click.command()
@click.argument("interview_id", metavar="ID")
@click.argument("step", metavar="STEP")
@click.option("--on", "on", metavar="DATE-TIME", callback=check_moment,
              help="When you did it (default: now).")  # fmt: skip
@click.option(
    "--to",
    "to",
    metavar="NAME",
    help="Done for this contact only (a prefix of the name); the others stay planned.",
)
@click.option("--force", is_flag=True, help="Replace a time recorded earlier for this step.")
@FILE_OPTION
@plan_options
@holds_edit_lock
def sent(
    interview_id: str,
    step: str,
    on: str | None,
    to: str | None,
    force: bool,
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
    contact = _contact_named(interview, to) if to is not None else None
    document.record_sent(
        interview_id, step_id, moment.replace(tzinfo=None, microsecond=0), contact, force
    )
    document.save(run.zone_name)
    after = run_plan((path,), **options)
    whom = f" to {contact}" if contact else ""
    then = _still_to_do(after, interview_id, step_id) or _next_step(after, interview_id)
    click.echo(
        f"Recorded {step_id}{whom} for {interview_id} on {when(moment, run.my_zone_name)}; {then}"
    )


def _contact_named(interview: Interview, prefix: str) -> str:
    """The contact whose name starts with `prefix` (or one of whose names does)."""
    wanted = prefix.strip().casefold()
    names = [contact.name for contact in interview.contacts]
    exact = [name for name in names if name.casefold() == wanted]
    found = exact or [name for name in names if name.casefold().startswith(wanted)]
    found = found or [n for n in names if any(w.startswith(wanted) for w in n.casefold().split())]
    if len(found) == 1:
        return found[0]
    why = f"matches {' and '.join(found)}" if found else "matches no contact"
    raise click.BadParameter(
        f"'{prefix}' {why}; the contacts of {interview.id} are: {', '.join(names)}",
        param_hint="'--to'",
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
@click.argument("interview_id", metavar="ID")
@click.argument("state", metavar="STATE", type=click.Choice(STATUSES))
@click.option("--on", "on", metavar="DATE", callback=check_day,
              help="When it happened (default: today).")  # fmt: skip
@FILE_OPTION
@plan_options
@holds_edit_lock
def status(
    interview_id: str, state: str, on: str | None, file: Path | None, **options: Any
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
    # A company may cancel, or you may withdraw, before the interview; an offer comes after.
    if state == "offer":
        day = _checked_day(run, path, interview_id, on)
    else:
        day = local_day(on, run.now.date())
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
@click.argument("interview_id", metavar="ID")
@click.option("--deadline", required=True, metavar="DATE", callback=check_day,
              help="When you must answer the offer.")  # fmt: skip
@click.option(
    "--written/--verbal", default=True, help="Is the offer in writing? (default: written)"
)
@click.option("--on", "on", metavar="DATE", callback=check_day,
              help="When you got it (default: today).")  # fmt: skip
@click.option("--force", is_flag=True, help="Record a verbal offer anyway.")
@FILE_OPTION
@plan_options
@holds_edit_lock
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
@read_inputs
@click.option("--days", default=7, show_default=True, type=click.IntRange(0, 365),
              help="How many days ahead.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead.")
@plan_options
def agenda(
    inputs: tuple[Path, ...], files: tuple[Path, ...], days: int, as_json: bool, **options: Any
) -> None:
    """What to do today and in the next N days, overdue actions first."""
    from followcal.output import agenda_json, agenda_table, table_width
    from followcal.planning import overdue as overdue_actions

    run = run_plan((*inputs, *files), **options)
    overdue = overdue_actions(run.actions)
    horizon = datetime.combine(run.now.date() + timedelta(days=days + 1), datetime.min.time())
    horizon = horizon.replace(tzinfo=run.now.tzinfo)
    coming = [a for a in run.open_actions if a.start < horizon]
    if as_json:
        click.echo(agenda_json(overdue, coming))
        return
    later = [a for a in run.open_actions if a.start >= horizon]
    click.echo(
        agenda_table(
            overdue, coming, run.my_zone_name, days=days,
            next_action=later[0] if later else None, width=table_width(), color=use_color(),
        )
    )  # fmt: skip
