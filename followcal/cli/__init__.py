"""The command line's front door: the `followcal` group, its error handling, and where each
command lives. Nothing else lives here.

Each command's module is imported only when that command runs, so `followcal --help` costs
little more than importing click itself (the benchmark in benchmarks/generate_bench.py
measures it). `--help` lists the commands from the short help written below; a test checks
that it matches each command's own help, so the two cannot drift apart.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from typing import Any

import click

from followcal import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "FOLLOWCAL"}

# name: ("module:attribute", the short help that `followcal --help` shows)
COMMANDS: Mapping[str, tuple[str, str]] = {
    "accept": (
        "followcal.cli.recording:accept",
        "Record that you accepted the offer from interview ID, and close every other one.",
    ),
    "add": (
        "followcal.cli.recording:add",
        "Add an interview, by questions or by options (for scripts); appended to the file.",
    ),
    "auth": (
        "followcal.cli.auth:auth",
        "Sign in to a calendar service that takes no password (Google).",
    ),
    "agenda": (
        "followcal.cli.showing:agenda",
        "What to do today and in the next N days, overdue actions first.",
    ),
    "draft": (
        "followcal.cli.showing:draft",
        "Print the drafted message(s) for one interview's step (default: the next one).",
    ),
    "generate": (
        "followcal.cli.writing:generate",
        "Write every upcoming follow-up as a calendar file (.ics) to import.",
    ),
    "import": (
        "followcal.cli.writing:import_command",
        "Turn a spreadsheet (CSV, or Excel's Unicode text) into a commented interviews file.",
    ),
    "inbox": (
        "followcal.cli.mail:inbox",
        "Find replies, rejections, invitations and offers in your mailbox; propose the changes.",
    ),
    "init": (
        "followcal.cli.writing:init",
        "Write a starter interviews file (never over an existing one).",
    ),
    "offer": (
        "followcal.cli.recording:offer",
        "Record an offer from interview ID; tell the companies you are still waiting on.",
    ),
    "plan": (
        "followcal.cli.showing:plan_command",
        "Show the planned actions with each interview's and step's id, missed ones marked.",
    ),
    "prepare": (
        "followcal.cli.mail:prepare",
        "Put today's email follow-ups in your Drafts folder, ready to review and send.",
    ),
    "profiles": (
        "followcal.cli.showing:profiles",
        "List the cadence profiles (built-in and your own).",
    ),
    "sent": ("followcal.cli.recording:sent", "Record that you did STEP for interview ID."),
    "status": (
        "followcal.cli.recording:status",
        "Set interview ID's status: waiting, heard-back, offer, rejected or withdrawn.",
    ),
    "sync": (
        "followcal.cli.sync:sync",
        "Keep a CalDAV calendar in step with the plan (Nextcloud, Radicale, iCloud, ...).",
    ),
    "validate": (
        "followcal.cli.showing:validate",
        "Check interview files, profiles and templates; report every problem.",
    ),
}


class FollowcalGroup(click.Group):
    """Loads each command when it is used, and turns FollowcalError into a message and its
    exit code, in one place for all commands."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name][0].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list in `--help`, from COMMANDS: listing must not import every command."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        # A bare Command shortens the text exactly as the real one would (its public API).
        rows = [
            (name, click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit))
            for name in names
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as err:
            from followcal.errors import FollowcalError

            if not isinstance(err, FollowcalError) or (ctx.obj and ctx.obj.get("debug")):
                raise
            from followcal.cli.rendering import echo
            from followcal.text import printable

            for line in printable(str(err)).splitlines():
                echo(f"Error: {line}", err=True, fg="red")
            ctx.exit(err.EXIT_CODE)


@click.group(cls=FollowcalGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="followcal")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Plan, draft and schedule your follow-ups after job interviews.

    INPUT (or -f FILE) names TOML or CSV interview files, or folders holding them
    (default: interviews.toml here, or the config's interviews_file). Start with
    'followcal init', then 'followcal add'.
    """
    ctx.obj = {"debug": debug}


if __name__ == "__main__":
    sys.exit(main(prog_name="followcal"))
