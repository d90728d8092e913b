"""The commands that read interview files and show or write the plan: generate, plan,
draft, profiles, init and validate. Loaded only when one of them runs (see cli/__init__.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followcal.cli.options import (
    AS_OPTION,
    FILES_OPTION,
    echo,
    plan_options,
    read_inputs,
    resolve_interview,
    resolve_step,
    run_plan,
    use_color,
    warn,
)
from followcal.errors import OutputError
from followcal.text import control_character_problem, printable

if TYPE_CHECKING:
    from followcal.model import Action


def _one_line(ctx: click.Context | None, param: click.Parameter | None, value: Any) -> Any:
    """A click callback: one line of text (a line break would end up in the .ics)."""
    if isinstance(value, str) and (problem := control_character_problem(value)):
        raise click.BadParameter(problem)
    return value


@click.command()
@read_inputs
@click.option(
    "-o",
    "--output",
    default="followups.ics",
    show_default=True,
    metavar="FILE|-",
    help="Where to write the calendar; - for standard output.",
)
@AS_OPTION
@click.option(
    "--calendar-name",
    envvar="FOLLOWCAL_CALENDAR_NAME",
    metavar="TEXT",
    callback=_one_line,
    help="The calendar's display name (X-WR-CALNAME).",
)
@click.option("--force", is_flag=True, help="Overwrite an output file followcal did not write.")
@plan_options
def generate(
    inputs: tuple[Path, ...],
    files: tuple[Path, ...],
    output: str,
    as_kind: str,
    calendar_name: str | None,
    force: bool,
    **options: Any,
) -> None:
    """Write every upcoming follow-up as a calendar file (.ics) to import."""
    from followcal.calendar import DEFAULT_CALENDAR_NAME, GOOGLE_IMPORT_LIMIT, calendar_chunks
    from followcal.fileio import write_atomic

    run = run_plan((*inputs, *files), **options)
    items = run.calendar_actions
    sizes: list[int] = []

    def counted(chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            sizes.append(len(chunk))
            yield chunk

    # Written out event by event, never whole in memory: 50,000 events are 100 MB of text.
    data = counted(
        calendar_chunks(
            run.drafts(items),
            now=run.now,
            as_todos=as_kind == "todos",
            name=calendar_name or run.config.calendar_name or DEFAULT_CALENDAR_NAME,
        )
    )
    upcoming = len(run.open_actions)
    missed = sum(1 for action in run.actions if action.missed)
    retired = len(items) - upcoming
    if output == "-":
        for chunk in data:
            click.echo(chunk, nl=False)
    else:
        path = Path(output)
        _check_ours(path, force)
        write_atomic(path, data)
        notes = [f"{retired} cancelled or done"] if retired else []
        notes += [f"{missed} earlier steps missed: see 'followcal plan'"] if missed else []
        click.echo(
            f"Wrote {upcoming} {as_kind} to {path}" + (f" ({'; '.join(notes)})" if notes else "")
        )
    size = sum(sizes)
    if size > GOOGLE_IMPORT_LIMIT:
        warn(f"the file is {size // 1000} kB; Google Calendar refuses imports over about 1 MB")


def _check_ours(path: Path, force: bool) -> None:
    """Never overwrite a file the user made: only calendars followcal itself wrote.

    Whatever --force says, only regular files are written (never a FIFO or a device). A
    symlink to a missing file counts as a file that exists: it is the user's link.
    """
    from followcal.fileio import read_head, writable_target

    target = writable_target(path)
    if force or not (path.exists() or path.is_symlink()):
        return
    head = read_head(target, 4096)
    if not (head.startswith(b"BEGIN:VCALENDAR") and b"PRODID:-//followcal//" in head):
        raise OutputError(
            f"{path} exists and was not written by followcal; choose another -o or pass --force"
        )


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
@click.argument("interview_id", metavar="ID")
@click.argument("step", required=False)
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
    from followcal.cli.recording import when
    from followcal.planning import next_to_send

    run = run_plan(files, **options)
    interview_id = resolve_interview(run, interview_id)
    mine = [a for a in run.visible_actions if a.interview.id == interview_id]
    if step is None:
        chosen = next_to_send(run.actions, interview_id)
        if not chosen:
            click.echo(f"Nothing is left to send for {interview_id}.")
            return
    else:
        step_id = resolve_step(mine, step, interview_id)
        chosen = [a for a in mine if a.step.id == step_id]
    if eml is not None:
        from followcal.cli.mail import write_eml

        for path in write_eml(run.drafts(chosen), run, eml, force):
            click.echo(f"Wrote {path}")
        return
    texts = []
    for item in run.drafts(chosen):
        header = (
            f"# {when(item.action.sends, run.my_zone_name)} ({item.action.step.id})"
            f" to {_recipients(item.action)}"
        )
        if item.action.send_at is not None and item.action.reason:
            header += f"\n# {item.action.reason}"  # when to schedule the send, both zones
        if item.action.flag:
            header += f"\n# check the time: {item.action.flag}"
        texts.append(f"{header}\n{item.draft.text}")
    click.echo(printable("\n\n".join(texts)))


def _recipients(action: Action) -> str:
    """Who a draft is for: two drafts of one step differ only by their greeting otherwise."""
    from followcal.names import display_name

    by_email = action.step.channel == "email"
    return ", ".join(
        f"{display_name(c)} <{c.email}>" if by_email and c.email else display_name(c)
        for c in action.contacts
    )


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
@click.argument("name")
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
@click.argument("path", type=click.Path(path_type=Path), default="interviews.toml")
@click.option("--no-input", is_flag=True, help="Never ask; write placeholders to fill in.")
def init(path: Path, no_input: bool) -> None:
    """Write a starter interviews file (never over an existing one).

    At a terminal it asks for your name, email, phone and time zone, which sign your
    messages; otherwise it writes placeholders, which every command points out until you
    replace them. The example interview in it is commented out: it never reaches a plan.
    """
    from importlib.resources import files

    from followcal.cli.questions import stdin_is_terminal
    from followcal.fileio import write_atomic

    if path.exists():
        raise OutputError(f"{path} already exists; followcal init never overwrites a file")
    interactive = not no_input and stdin_is_terminal()
    lines = _ask_candidate() if interactive else _placeholder_candidate()
    starter = files("followcal").joinpath("starter.toml").read_text(encoding="utf-8")
    write_atomic(path, starter.replace("@CANDIDATE@", "\n".join(lines)).encode("utf-8"))
    echo(f"Wrote {path}. Next: 'followcal add' for each interview, then 'followcal plan'.")
    if not interactive:
        echo(f"Put your own name, email and phone in its [candidate] table: {path}")


def _placeholder_candidate() -> list[str]:
    import tomlkit

    from followcal.entries import CANDIDATE_PLACEHOLDERS
    from followcal.timezones import system_zone_name

    lines = [f"{key} = {tomlkit.string(value).as_string()}" for key, value in
             CANDIDATE_PLACEHOLDERS.items()]  # fmt: skip
    zone = f'# timezone = "{system_zone_name()}"  # where you are (default: this computer)'
    return [*lines, zone]


def _ask_candidate() -> list[str]:
    """Your details, each checked as it is typed; Enter leaves an optional one out."""
    import tomlkit

    from followcal.cli.questions import Field, _ask, _contact_value, _text, _zone
    from followcal.timezones import system_zone_name

    questions = [
        (Field("name", "name", "Your name, as you sign", _text, required=True), None),
        (Field("email", "email", "Your email", _contact_value("email")), None),
        (Field("phone", "phone", "Your phone, with its country code", _contact_value("phone")),
         None),
        (Field("timezone", "timezone", "Your time zone", _zone), system_zone_name()),
    ]  # fmt: skip
    lines = []
    for field, default in questions:
        answer = _ask(field, default=default)
        if answer is None:
            lines.append(f'# {field.key} = ""')
        else:
            lines.append(f"{field.key} = {tomlkit.string(str(answer)).as_string()}")
    return lines


@click.command()
@read_inputs
@plan_options
def validate(inputs: tuple[Path, ...], files: tuple[Path, ...], **options: Any) -> None:
    """Check interview files, profiles and templates; report every problem.

    The placeholders 'followcal init' writes for your name, email and phone fail it: every
    other command only warns about them.
    """
    from followcal.entries import CANDIDATE_PLACEHOLDERS
    from followcal.errors import InputError

    run = run_plan((*inputs, *files), **options)
    run.drafts()  # renders every message: a broken template or missing value fails here
    # Other commands only warn: a draft signed "[Your name]" cannot be sent as it is.
    waiting = [w for w in run.entries.warnings if w.entry == "[candidate]"
               and w.field in CANDIDATE_PLACEHOLDERS and "placeholder" in w.message]  # fmt: skip
    if waiting:
        raise InputError(waiting)
    count = len(run.entries.interviews)
    warned = f", {len(run.warnings)} warning(s) above" if run.warnings else ""
    click.echo(f"OK: {count} interview(s), {len(run.actions)} planned action(s){warned}")
