"""The options every command shares, in one place so that every command behaves alike.

- The interviews file: `-f/--file` on every command (repeatable on the read-only ones, which
  also take positional INPUTs); with none, `interviews.toml` here or the config's
  `interviews_file`; a missing default file says how to start (`followcal init`).
- Exit codes: a bad value given on the command line (or in a FOLLOWCAL_* variable) is a
  usage error, exit 2, as Click reports its own; the same value from the config file is a
  config error (6).
- Naming interviews, steps and contacts is `naming`'s job; printing is `rendering`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from followcal.cli.completing import complete_profiles, complete_zones
from followcal.cli.rendering import warn
from followcal.dates import (
    DATE_EXAMPLE,
    DATE_FORMATS,
    DATETIME_EXAMPLE,
    parse_clock,
    parse_day,
    parse_moment,
)

if TYPE_CHECKING:
    from datetime import date

    from followcal.pipeline import Run

F = TypeVar("F", bound=Callable[..., Any])
# What click calls with an option's value (ctx, param, value); it returns the value kept.
ClickCallback = Callable[[click.Context | None, click.Parameter | None, Any], Any]

START_HINT = "start one with 'followcal init' (or 'followcal add'), or name yours with -f FILE"


# -- option values: checked as Click parses them, so a bad one is a usage error (exit 2) ------


def _date_check(parse: Callable[[str], date], kind: str, example: str, doc: str) -> ClickCallback:
    """A click callback: None passes; else the value must parse, in a year followcal plans."""

    def check(ctx: click.Context | None, param: click.Parameter | None, value: Any) -> Any:
        if value is None:
            return None
        try:
            parsed = parse(value)
        except ValueError:
            raise click.BadParameter(
                f"'{value}' is not a {kind} like {example}", ctx, param
            ) from None
        _check_year(parsed, ctx, param)
        return value

    check.__doc__ = doc
    return check


check_moment = _date_check(
    parse_moment,
    "date-time",
    DATETIME_EXAMPLE,
    "A click callback: the value must be a date-time (a bare date means midnight).",
)
check_day = _date_check(
    parse_day,
    "date",
    DATE_EXAMPLE,
    "A click callback: the value must be a date (a date-time is accepted).",
)


def _check_year(value: date, ctx: click.Context | None, param: click.Parameter | None) -> None:
    from followcal.limits import year_problem

    problem = year_problem(value)
    if problem:
        raise click.BadParameter(problem, ctx, param)


def _parse_check(parse: Callable[[str], object]) -> ClickCallback:
    """A click callback that lets None through and turns parse's ValueError into a usage error."""

    def check(ctx: click.Context | None, param: click.Parameter | None, value: Any) -> Any:
        if value is None:
            return None
        try:
            parse(value)
        except ValueError as err:
            raise click.BadParameter(str(err), ctx, param) from None
        return value

    return check


def _resolve_zone(name: str) -> object:
    # Imported here: the zone database is not loaded at start-up unless a zone is given.
    from followcal.timezones import resolve_zone

    return resolve_zone(name)


_check_zone = _parse_check(_resolve_zone)
_check_clock = _parse_check(parse_clock)


def check_one_line(ctx: click.Context | None, param: click.Parameter | None, value: Any) -> Any:
    """A click callback: one line of text (a line break would end up in the .ics)."""
    from followcal.text import control_character_problem

    if isinstance(value, str) and (problem := control_character_problem(value)):
        raise click.BadParameter(problem)
    return value


def plan_options(func: F) -> F:
    """The options every command that plans shares."""
    options = [
        click.option(
            "--profile",
            envvar="FOLLOWCAL_PROFILE",
            shell_complete=complete_profiles,
            metavar="NAME|PATH",
            help="Cadence profile for entries that name none (default: standard).",
        ),
        click.option(
            "--now",
            envvar="FOLLOWCAL_NOW",
            metavar="DATE-TIME",
            callback=check_moment,
            help="Plan as if it were this moment, e.g. 2026-11-25 09:00, on your own clock "
            "unless it has an offset (default: now). Steps before it are missed.",
        ),
        click.option(
            "--tz",
            envvar="FOLLOWCAL_TZ",
            shell_complete=complete_zones,
            metavar="ZONE",
            callback=_check_zone,
            help="Time zone for entries without one, e.g. Europe/Berlin, and yours unless "
            "[candidate] timezone says otherwise (default: config, then the system's).",
        ),
        click.option(
            "--business-time",
            envvar="FOLLOWCAL_BUSINESS_TIME",
            metavar="HH:MM",
            callback=_check_clock,
            help="Time of day for outreach, in the company's zone (default: 09:30).",
        ),
        click.option(
            "--holidays",
            envvar="FOLLOWCAL_HOLIDAYS",
            metavar="COUNTRY|none",
            help="Skip this country's public holidays for every company, e.g. US, DE, GB-SCT "
            "(default: each interview's own country); 'none' skips no holidays.",
        ),
        click.option(
            "--date-format",
            envvar="FOLLOWCAL_DATE_FORMAT",
            type=click.Choice(DATE_FORMATS, case_sensitive=False),
            help="How a spreadsheet's 1/2/2026 reads, when no date in it says (default: config).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


# -- the interviews file ---------------------------------------------------------------------

FILE_HELP = "The interviews file (default: interviews.toml here, or the config's interviews_file)."

# For commands that edit one file.
FILE_OPTION = click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(path_type=Path),
    envvar="FOLLOWCAL_FILE",
    metavar="FILE",
    help=FILE_HELP,
)

# For commands that only read: any number of files or folders, as -f or as INPUT.
FILES_OPTION = click.option(
    "-f",
    "--file",
    "files",
    multiple=True,
    type=click.Path(path_type=Path),
    envvar="FOLLOWCAL_FILE",
    metavar="FILE",
    help="An interviews file or folder to read (repeatable; the same as INPUT). "
    "Default: interviews.toml here, or the config's interviews_file.",
)
INPUTS = click.argument("inputs", nargs=-1, type=click.Path(path_type=Path), metavar="[INPUT]...")


def read_inputs(func: F) -> F:
    """[INPUT]... and -f/--file (repeatable): the command gets `inputs` and `files`, and
    passes `(*inputs, *files)` to `run_plan`."""
    return INPUTS(FILES_OPTION(func))


def default_file() -> Path:
    from followcal.config import load_config
    from followcal.pipeline import default_inputs

    return default_inputs(load_config())[0]


def edit_path(file: Path | None, missing_ok: bool = False) -> Path:
    """The one file an editing command changes; a missing default says how to start."""
    path = file or default_file()
    if not missing_ok and not path.exists():
        raise _missing(path, given=file is not None)
    return path


def holds_edit_lock(command: Callable[..., None]) -> Callable[..., None]:
    """Run an editing command under the edit lock of the file it edits (`fileio.locked`),
    from its first read to its write, so two commands at once never lose an update.

    A missing file is not locked: the command reports it, and no lock file is left behind.
    """
    return _with_lock(command, creates=False)


def holds_edit_lock_creating(command: Callable[..., None]) -> Callable[..., None]:
    """`holds_edit_lock` for a command that may create the file (`add`)."""
    return _with_lock(command, creates=True)


def _with_lock(command: Callable[..., None], creates: bool) -> Callable[..., None]:
    import functools

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        from followcal.fileio import locked

        path = edit_path(kwargs.get("file"), missing_ok=True)
        if not (creates or path.exists()):
            command(**kwargs)
            return
        with locked(path):
            command(**kwargs)

    return run


def _missing(path: Path, given: bool) -> Exception:
    from followcal.errors import InputError, Problem

    if given:
        return InputError([Problem(str(path), "no such file")])
    return InputError([Problem(str(path), f"no interviews file here: {START_HINT}")])


def run_plan(inputs: Sequence[Path], **options: Any) -> Run:
    """Read, check and plan; print the warnings. `inputs` empty means the default file."""
    from followcal.config import load_config
    from followcal.errors import ProfileError
    from followcal.pipeline import RunOptions, default_inputs, prepare
    from followcal.profiles import find

    config = load_config()
    if not inputs:
        default = default_inputs(config)[0]
        if not default.exists():
            raise _missing(default, given=False)
    if options.get("profile"):
        try:  # only naming it: a broken profile file stays a profile error (exit 4)
            find(options["profile"], config.profiles_folder)
        except ProfileError as err:
            raise click.BadParameter(str(err), param_hint="'--profile'") from None
    run = prepare(RunOptions(inputs=tuple(inputs), **options), config)
    for warning in run.warnings:
        warn(warning)
    return run


def local_moment(text: str | None, now: datetime) -> datetime:
    """A moment typed on the command line (already checked), or now."""
    return parse_moment(text) if text else now


def local_day(text: str | None, today: date) -> date:
    return parse_day(text) if text else today


AS_OPTION = click.option(
    "--as",
    "as_kind",
    type=click.Choice(["events", "todos"]),
    default="events",
    show_default=True,
    help="Calendar events (Google, Outlook, phones) or tasks (task apps: Nextcloud Tasks, "
    "Thunderbird, tasks.org).",
)


# -- the mailbox: inbox and prepare ----------------------------------------------------------

MAIL_OPTION_NAMES = (
    "imap",
    "maildir",
    "mbox",
    "username",
    "password_command",
    "oauth2_token_command",
    "sent_folder",
    "drafts_folder",
    "ca_bundle",
    "timeout",
)


def mailbox_options(func: F) -> F:
    """Where the mail is and how to log in; every one may come from the config's [mail]."""
    options = [
        click.option(
            "--imap",
            metavar="URL",
            help="imaps://host[:port], or imap://host for STARTTLS (plain text only "
            "to this computer).",
        ),
        click.option("--maildir", metavar="PATH", help="A local Maildir (mbsync, offlineimap)."),
        click.option(
            "--mbox", metavar="PATH", help="A local mbox file, or a folder of them (Thunderbird)."
        ),
        click.option("--username", metavar="USER", help="The IMAP user name."),
        click.option(
            "--password-command",
            metavar="COMMAND",
            help="A command that prints the password (e.g. 'pass show mail').",
        ),
        click.option(
            "--oauth2-token-command",
            metavar="COMMAND",
            help="A command that prints an OAuth2 access token: log in with XOAUTH2 "
            "(Gmail, Outlook.com).",
        ),
        click.option("--sent-folder", metavar="NAME", help="The Sent folder (default: found)."),
        click.option("--drafts-folder", metavar="NAME", help="The Drafts folder (default: found)."),
        click.option("--ca-bundle", metavar="FILE", help="Trust this CA bundle."),
        click.option(
            "--timeout", type=float, default=30, show_default=True, help="Seconds per IMAP request."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def split_mail_options(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(mailbox options, planning options): `options` keeps the planning ones."""
    mail = {name: options.pop(name, None) for name in MAIL_OPTION_NAMES}
    return mail, options
