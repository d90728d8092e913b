"""`followcal accept`: the end of the search. Record the offer taken, close the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from followcal.cli.options import (
    FILE_OPTION,
    check_day,
    edit_path,
    holds_edit_lock,
    plan_options,
    resolve_interview,
    run_plan,
)
from followcal.cli.recording import _checked_day, _open, when

# Interviews still open when an offer is accepted: each is closed with a withdrawal email.
OPEN_STATUSES = ("waiting", "heard-back", "offer")


@click.command()
@click.argument("interview_id", metavar="ID")
@click.option("--on", "on", metavar="DATE", callback=check_day,
              help="When you accepted (default: today).")  # fmt: skip
@FILE_OPTION
@plan_options
@holds_edit_lock
def accept(interview_id: str, on: str | None, file: Path | None, **options: Any) -> None:
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
    others = [
        interview
        for interview in run.entries.interviews
        if interview.id != interview_id and interview.status in OPEN_STATUSES
    ]
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
        click.echo(f"{cancelled} planned reminder(s) cancelled: run 'followcal sync' (or "
                   "'followcal generate' and import the file) to remove them.")  # fmt: skip
