"""The commands that write a new file: generate (a calendar), import (an interviews file
from a spreadsheet) and init (a starter interviews file). None overwrites a file followcal
did not write, unless told to (`draft --eml` writes its .eml files through `mail.eml`, by
the same rule)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followcal.cli import asking
from followcal.cli.confirming import DRY_RUN_OPTION, YES_OPTION, confirm_changes, dry_run_note
from followcal.cli.options import AS_OPTION, check_one_line, plan_options, read_inputs, run_plan
from followcal.cli.questions import ask_candidate, placeholder_candidate
from followcal.cli.rendering import echo, warn
from followcal.errors import OutputError

if TYPE_CHECKING:
    pass


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path), metavar="FILE.csv")
@click.option(
    "-o",
    "--output",
    default="interviews.toml",
    show_default=True,
    metavar="FILE.toml|-",
    help="The interviews file to write; - for standard output.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Import again over an interviews file written before: the sheet's details replace "
    "the file's, and what the file recorded since (sent, status, offers, mail) is kept.",
)
@YES_OPTION
@DRY_RUN_OPTION
@plan_options
def import_command(
    source: Path, output: str, force: bool, yes: bool, dry_run: bool, **options: Any
) -> None:
    """Turn a spreadsheet (CSV, or Excel's Unicode text) into a commented interviews file.

    Every row is checked first, as `validate` would; nothing is written unless all of it
    reads. From then on, record what happens in the new file with sent, status and offer.
    Rows with no time zone are asked about at a terminal (or take --tz), never guessed.
    With --force over a file written before, it lists what changes, company by company,
    and asks.
    """
    from followcal.fileio import write_atomic
    from followcal.importing import interviews_toml, reimport

    _ask_sheet_zones(source, options)
    run = run_plan((source,), **options)
    text = interviews_toml(run.entries.interviews, source.name, run.now.date())
    count = len(run.entries.interviews)
    if output == "-":
        click.echo(text, nl=False)
        return
    path = Path(output)
    if path.resolve() == source.resolve():
        raise OutputError(f"{path} is the spreadsheet itself; choose another -o")
    if path.exists() or path.is_symlink():
        if not force:
            raise OutputError(
                f"{path} already exists; choose another -o, or pass --force to import again "
                "into it (what it recorded is kept)"
            )
        merge = reimport(path, run.entries.interviews, run.zone_name, source.name,
                         run.now.date())  # fmt: skip
        changes = merge.changes or ["nothing: the sheet says what the file already says"]
        if not confirm_changes(f"Importing {source} again into {path}:", changes, yes, dry_run):
            return
        text = merge.text
    elif dry_run:
        echo(f"Would write {count} interview(s) from {source} to {path}.")
        dry_run_note()
        return
    write_atomic(path, text.encode("utf-8"))
    click.echo(f"Wrote {count} interview(s) from {source} to {path}; "
               f"record what happens there, e.g. 'followcal sent ID STEP -f {path}'")  # fmt: skip


def _ask_sheet_zones(source: Path, options: dict[str, Any]) -> None:
    """At a terminal, ask the zone of each company whose rows give none (unless --tz or the
    config's `timezone` gives one for every entry): a guess would move every message."""
    from followcal.cli.asking import Field, ask
    from followcal.cli.questions import zone_value
    from followcal.config import load_config
    from followcal.entries import is_spreadsheet, sheet_companies_without_zone

    if options.get("tz") or not asking.stdin_is_terminal() or not is_spreadsheet(source):
        return
    if load_config().timezone:
        return
    missing = sheet_companies_without_zone(source)
    if not missing:
        return
    echo("The sheet gives no time zone for these companies: type each one's, where the "
         "interview's clock is (such as Europe/Berlin or America/New_York).", err=True)  # fmt: skip
    answers: dict[str, str] = {}
    for company in missing:
        field = Field("timezone", "--tz", f"Time zone of {company}", zone_value, required=True)
        answers[company.casefold()] = str(ask(field))
    options["sheet_zones"] = answers


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
    callback=check_one_line,
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
    from followcal.calendar import (
        CALENDAR_MARK,
        CALENDAR_START,
        DEFAULT_CALENDAR_NAME,
        GOOGLE_IMPORT_LIMIT,
        calendar_chunks,
    )
    from followcal.fileio import check_ours, write_atomic

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
        check_ours(path, CALENDAR_MARK, force, CALENDAR_START, hint="choose another -o")
        write_atomic(path, data)
        notes = [f"{retired} cancelled or done"] if retired else []
        notes += [f"{missed} earlier steps missed: see 'followcal plan'"] if missed else []
        click.echo(
            f"Wrote {upcoming} {as_kind} to {path}" + (f" ({'; '.join(notes)})" if notes else "")
        )
    from followcal.late import missed_thank_you_notes

    for note in missed_thank_you_notes(run.actions, run.now, still_welcome_only=True):
        echo(note, err=output == "-")
    size = sum(sizes)
    if size > GOOGLE_IMPORT_LIMIT:
        warn(f"the file is {size // 1000} kB; Google Calendar refuses imports over about 1 MB")


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

    from followcal.fileio import write_atomic

    if path.exists():
        raise OutputError(f"{path} already exists; followcal init never overwrites a file")
    interactive = not no_input and asking.stdin_is_terminal()
    lines = ask_candidate() if interactive else placeholder_candidate()
    starter = files("followcal").joinpath("starter.toml").read_text(encoding="utf-8")
    write_atomic(path, starter.replace("@CANDIDATE@", "\n".join(lines)).encode("utf-8"))
    echo(f"Wrote {path}. Next: 'followcal add' for each interview, then 'followcal plan'.")
    if not interactive:
        echo(f"Put your own name, email and phone in its [candidate] table: {path}")
