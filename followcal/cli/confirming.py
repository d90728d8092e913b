"""Before a command changes other interviews: say what changes, company by company, and ask.

`accept`, `offer`, `status` with a closing state and `import --force` change more than the
line typed, and a wrong id (`accept hud` for `kiez`) would plan a withdrawal email to the
company that made the offer. So each lists what it will do and asks at a terminal; `--yes`
answers for a script; without a terminal and without `--yes` it refuses and says so.
`--dry-run` shows the same list and writes nothing. Neither flag is ever read from a
FOLLOWCAL_* variable (see DESTRUCTIVE_FLAGS in followcal.cli).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from followcal.cli import asking
from followcal.cli.rendering import echo
from followcal.errors import FollowcalError

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["DRY_RUN_OPTION", "YES_OPTION", "confirm_changes", "dry_run_note"]

YES_OPTION = click.option(
    "--yes", is_flag=True, help="Go ahead without asking (for scripts); never from a variable."
)
DRY_RUN_OPTION = click.option(
    "--dry-run", is_flag=True, help="Show what would change, and write nothing."
)


class NotConfirmed(FollowcalError):
    """The person said no, or nobody was there to say yes."""

    EXIT_CODE = 1


def confirm_changes(heading: str, changes: Sequence[str], yes: bool, dry_run: bool) -> bool:
    """Print `heading` and each change; True when the command should go on and write.

    With `dry_run`, False (after the list). With `yes`, True. At a terminal, the person's
    answer (no is the default). Otherwise NotConfirmed, naming --yes and --dry-run."""
    echo(heading)
    for change in changes:
        echo(f"  {change}")
    if dry_run:
        echo("Dry run: nothing was written.")
        return False
    if yes:
        return True
    if not asking.stdin_is_terminal():
        raise NotConfirmed(
            "not done: this changes the interviews listed above, and there is no terminal to "
            "ask at. Check the list, then run it again with --yes (or --dry-run to only look)."
        )
    if click.confirm("Go ahead?", default=False, err=True):
        return True
    raise NotConfirmed("not done: nothing was written.")


def dry_run_note() -> None:
    echo("Dry run: nothing was written.")


def calendar_follows_hint(count: int) -> str:
    """What to do so that a calendar drops `count` cancelled reminders, true per target
    (shared/COMPAT.md, "Identity and updates"): only CalDAV sync removes them everywhere."""
    return (
        f"{count} planned reminder(s) cancelled. To take them out of your calendar: "
        "'followcal sync' removes them from a CalDAV calendar (Nextcloud, iCloud, Fastmail, "
        "and the phones that sync with them). A file you imported into Google Calendar or "
        "Outlook is not changed by importing again: delete them there by hand, or delete "
        "the calendar you imported into and import a fresh 'followcal generate' file. "
        "Evolution and GNOME Calendar mark them cancelled when you import the new file."
    )
