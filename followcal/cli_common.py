"""Pieces the command modules share: the planning options and running the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from followcal.spreadsheet import DATE_FORMATS

if TYPE_CHECKING:
    from followcal.pipeline import Run

F = TypeVar("F", bound=Callable[..., Any])


def plan_options(func: F) -> F:
    """The options every command that plans shares (generate, plan, draft, validate, sync)."""
    options = [
        click.option(
            "--profile",
            envvar="FOLLOWCAL_PROFILE",
            metavar="NAME|PATH",
            help="Cadence profile for entries that name none (default: standard).",
        ),
        click.option(
            "--now",
            envvar="FOLLOWCAL_NOW",
            metavar="ISO-DATETIME",
            help="Plan as if it were this moment, on your own clock unless it has an offset "
            "(default: now). Steps before it are missed.",
        ),
        click.option(
            "--tz",
            envvar="FOLLOWCAL_TZ",
            metavar="ZONE",
            help="Time zone for entries without one, e.g. Europe/Berlin, and yours unless "
            "[candidate] timezone says otherwise (default: config, then the system's).",
        ),
        click.option(
            "--business-time",
            envvar="FOLLOWCAL_BUSINESS_TIME",
            metavar="HH:MM",
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


def run_plan(inputs: tuple[Path, ...], **options: Any) -> Run:
    from followcal.config import load_config
    from followcal.pipeline import RunOptions, prepare

    run = prepare(RunOptions(inputs=inputs, **options), load_config())
    for warning in run.warnings:
        click.secho(f"Warning: {warning}", err=True, fg="yellow")
    return run


AS_OPTION = click.option(
    "--as",
    "as_kind",
    type=click.Choice(["events", "todos"]),
    default="events",
    show_default=True,
    help="Calendar events (Google, Outlook, phones) or tasks (task apps: Nextcloud Tasks, "
    "Thunderbird, tasks.org).",
)
INPUTS = click.argument("inputs", nargs=-1, type=click.Path(path_type=Path), metavar="[INPUT]...")
