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
# Flags that let a command destroy or overwrite what it would otherwise refuse to, or skip
# the question before it does. Each must be typed on the command line, never read from a
# FOLLOWCAL_* variable: one forgotten in a shell profile would switch the guard off for good.
DESTRUCTIVE_FLAGS = frozenset({"force", "allow_deletions", "overwrite_edits", "yes"})

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


class FollowcalContext(click.Context):
    """A click.Context that leaves itself in `meta` (which Click shares between a context and
    its children) as it is made: the last one made is the command that runs. Click has
    closed that context by the time an error reaches the group, which still needs it to
    tell where each value came from (cli.origins)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meta[INNERMOST_CONTEXT] = self


INNERMOST_CONTEXT = "followcal.innermost_context"


def _use_our_context(command: click.Command) -> None:
    command.context_class = FollowcalContext
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _use_our_context(sub)


class FollowcalGroup(click.Group):
    """Loads each command when it is used, and turns FollowcalError into a message and its
    exit code, in one place for all commands."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name][0].split(":")
            command = getattr(importlib.import_module(module), attribute)
            from followcal.cli.examples import epilog

            command.epilog = command.epilog or epilog(cmd_name)
            for param in command.params:
                if param.name in DESTRUCTIVE_FLAGS:
                    param.envvar = None
                    if isinstance(param, click.Option):
                        param.allow_from_autoenv = False
            _use_our_context(command)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown command says which one was likely meant ('stats': did you mean status?)."""
        name = args[0] if args else ""
        if args and self.get_command(ctx, name) is None and not name.startswith("-"):
            from followcal.text import suggest

            near = suggest(name, self.list_commands(ctx))
            raise click.UsageError(f"No such command '{name}'{near}.", ctx)
        return super().resolve_command(ctx, args)

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
        except click.BadParameter as err:
            from followcal.cli.origins import from_the_environment

            named = from_the_environment(err)
            if named is None:
                raise
            raise named from None
        except Exception as err:
            from followcal.errors import FollowcalError

            if not isinstance(err, FollowcalError) or (ctx.obj and ctx.obj.get("debug")):
                raise
            from followcal.cli.origins import values_from_the_environment
            from followcal.cli.rendering import echo
            from followcal.text import printable

            ran = ctx.meta.get(INNERMOST_CONTEXT, ctx)
            message = values_from_the_environment(ran, str(err), getattr(err, "option", None))
            for line in printable(message).splitlines():
                echo(f"Error: {line}", err=True, fg="red")
            ctx.exit(err.EXIT_CODE)


def _start_logging(verbose: int, debug: bool) -> None:
    """followcal's own log on stderr: -v what it reads and decides, -vv or --debug every
    step. Only the `followcal` loggers speak: the libraries below (caldav, imapclient) stay
    quiet, so no request, header or credential of theirs is ever shown."""
    import logging

    if not (verbose or debug):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("followcal: %(message)s"))
    logger = logging.getLogger("followcal")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug or verbose > 1 else logging.INFO)
    logger.propagate = False


FollowcalGroup.context_class = FollowcalContext


@click.group(cls=FollowcalGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="followcal")
@click.option("-v", "--verbose", count=True,
              help="Say what is read and decided on stderr (-vv: every step).")  # fmt: skip
@click.option("--debug", is_flag=True, help="Log every step, and show tracebacks.")
@click.pass_context
def main(ctx: click.Context, verbose: int, debug: bool) -> None:
    """Plan, draft and schedule your follow-ups after job interviews.

    INPUT (or -f FILE) names TOML or CSV interview files, or folders holding them
    (default: interviews.toml here, or the config's interviews_file). Start with
    'followcal init', then 'followcal add'.
    """
    _start_logging(verbose, debug)
    ctx.obj = {"debug": debug}


if __name__ == "__main__":
    sys.exit(main(prog_name="followcal"))
