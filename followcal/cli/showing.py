"""The commands that only show: plan, agenda, draft, profiles and validate. They change no
file, but for `draft --eml`, whose .eml files `mail.eml` writes. Loaded only when one of
them runs (cli/__init__.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from followcal.cli.completing import complete_ids, complete_profiles, complete_steps
from followcal.cli.naming import resolve_interview, resolve_step
from followcal.cli.options import FILES_OPTION, plan_options, read_inputs, run_plan
from followcal.cli.rendering import drafts_text, use_color
from followcal.text import printable


@click.command("plan")
@read_inputs
@click.option("--json", "as_json", is_flag=True, help="Print a stable JSON list instead.")
@plan_options
def plan_command(
    inputs: tuple[Path, ...], files: tuple[Path, ...], as_json: bool, **options: Any
) -> None:
    """Show the planned actions with each interview's and step's id, missed ones marked."""
    from followcal.output import plan_json, plan_table, table_width

    run = run_plan((*inputs, *files), **options)
    actions = run.visible_actions
    if as_json:
        click.echo(plan_json(actions))
    else:
        width, color = table_width(), use_color()
        click.echo(plan_table(actions, run.my_zone_name, width=width, color=color))


@click.command()
@click.argument("interview_id", metavar="ID", shell_complete=complete_ids)
@click.argument("step", required=False, shell_complete=complete_steps)
@click.option(
    "--eml",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Write the email as an .eml file your mail program opens as a draft.",
)
@click.option("--force", is_flag=True, help="With --eml: overwrite a file followcal did not write.")
@FILES_OPTION
@plan_options
def draft(
    interview_id: str,
    step: str | None,
    eml: Path | None,
    force: bool,
    files: tuple[Path, ...],
    **options: Any,
) -> None:
    """Print the drafted message(s) for one interview's step (default: the next one).

    ID may be any unique start of the id ("acme"). STEP is named as `plan` shows it
    ("follow-up 1/2", "call 2"), by its id (follow-up-1) or by its kind (thank-you).
    With --eml FILE, write the email instead as a draft (X-Unsent) for Thunderbird, Outlook
    or Apple Mail; a step for each interviewer writes FILE-1.eml, FILE-2.eml, ...
    """
    from followcal.queries import actions_of, next_to_send

    run = run_plan(files, **options)
    interview_id = resolve_interview(run, interview_id)
    mine = actions_of(run.visible_actions, interview_id)
    if step is None:
        chosen = next_to_send(run.actions, interview_id)
        if not chosen:
            click.echo(f"Nothing is left to send for {interview_id}.")
            return
    else:
        step_id = resolve_step(mine, step, interview_id)
        chosen = [a for a in mine if a.step.id == step_id]
    if eml is not None:
        from followcal.mail.eml import write_eml_drafts

        for path in write_eml_drafts(run.drafts(chosen), run.candidate, run.now, eml, force):
            click.echo(f"Wrote {path}")
        return
    click.echo(drafts_text(run.drafts(chosen), run.my_zone_name))


@click.group(invoke_without_command=True)
@click.pass_context
def profiles(ctx: click.Context) -> None:
    """List the cadence profiles (built-in and your own)."""
    if ctx.invoked_subcommand is not None:
        return
    from followcal.config import load_config
    from followcal.profiles import available

    for info in available(load_config().profiles_folder):
        click.echo(printable(f"{info.name:<12} {info.title}  [{info.origin}]"))


@profiles.command("show")
@click.argument("name", shell_complete=complete_profiles)
def profiles_show(name: str) -> None:
    """Show one profile: what it does, its steps, and its file."""
    from followcal.config import load_config
    from followcal.profiles import find, load

    path = find(name, load_config().profiles_folder)
    profile = load(path)
    click.echo(printable(f"{profile.name}: {profile.title}\n\n{profile.description}\n"))
    click.echo(f"At most {profile.max_follow_ups} follow-up(s). Steps:")
    for step in profile.steps:
        timing = ", ".join(
            f"{label} +{t.days}d" + (f" (window {t.window[0]}-{t.window[1]})" if t.window else "")
            for label, t in (
                ("decision date", step.after_decision),
                ("interview", step.after_interview),
                ("previous step", step.after_previous),
            )
            if t
        )
        click.echo(
            f"  {step.id:<18} {step.kind:<12} {step.channel:<7} {step.recipients:<6} {timing}"
        )
    click.echo(f"\nFile: {path}")


@click.command()
@read_inputs
@plan_options
def validate(inputs: tuple[Path, ...], files: tuple[Path, ...], **options: Any) -> None:
    """Check interview files, profiles and templates; report every problem.

    The placeholders 'followcal init' writes for your name, email and phone fail it: every
    other command only warns about them.
    """
    from followcal.cli.rendering import warn
    from followcal.entries import CANDIDATE_PLACEHOLDERS
    from followcal.errors import InputError, TemplateError
    from followcal.language_checks import draft_problems, language_hints, unrendered

    run = run_plan((*inputs, *files), **options)
    drafted = run.drafts()  # renders every message: a broken template or missing value fails here
    if broken := unrendered(drafted):
        raise TemplateError("; ".join(broken))
    for problem in draft_problems(drafted):
        warn(problem)
    for hint in language_hints(run.entries.interviews, run.candidate):
        click.echo(f"Hint: {hint}", err=True)
    # Other commands only warn: a draft signed "[Your name]" cannot be sent as it is.
    waiting = [w for w in run.entries.warnings if w.entry == "[candidate]"
               and w.field in CANDIDATE_PLACEHOLDERS and "placeholder" in w.message]  # fmt: skip
    if waiting:
        raise InputError(waiting)
    count = len(run.entries.interviews)
    warned = f", {len(run.warnings)} warning(s) above" if run.warnings else ""
    click.echo(f"OK: {count} interview(s), {len(run.actions)} planned action(s){warned}")


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
    from followcal.queries import agenda as agenda_of

    run = run_plan((*inputs, *files), **options)
    overdue, coming, later = agenda_of(run.actions, run.now, days)
    if as_json:
        click.echo(agenda_json(overdue, coming))
        return
    click.echo(
        agenda_table(
            overdue, coming, run.my_zone_name, days=days,
            next_action=later[0] if later else None, width=table_width(), color=use_color(),
        )
    )  # fmt: skip
