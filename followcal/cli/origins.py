"""Where a value came from, for the errors about it: a value read from a FOLLOWCAL_* variable
says so. The person never typed it, and would look for it on the command line.

Click names the variable only for values it checks as it parses the options. Most checks
run later: in a command's body (`--on` before the interview, an unknown `--profile`) or
below the CLI (a file that does not exist, a country code in the entry `add` builds). The
group hands every error that reaches it to `from_the_environment` or
`values_from_the_environment`, here, once for every command.

Both take the context of the command that ran, where Click records where each value came
from (`Context.get_parameter_source`); the group keeps it for them (`FollowcalContext`).
"""

from __future__ import annotations

import os
import re

import click
from click.core import ParameterSource

__all__ = [
    "from_the_environment",
    "values_from_the_environment",
    "variables_of",
]

# Variables whose value is itself a credential (FOLLOWCAL_SYNC_INSECURE_PASSWORD): their
# errors name the variable but never repeat the value. A password command or a client's
# file is not one, and is shown.
_SECRET = re.compile(r"(PASSWORD|TOKEN|SECRET)$")


def variables_of(param: click.Parameter, ctx: click.Context) -> list[str]:
    """The variables Click reads `param` from, as it does: its own `envvar`, else the
    automatic FOLLOWCAL_<COMMAND>_<NAME> (none for an option kept off the environment)."""
    if isinstance(param.envvar, str):
        return [param.envvar]
    if param.envvar:
        return list(param.envvar)
    if (
        isinstance(param, click.Option)
        and param.allow_from_autoenv
        and ctx.auto_envvar_prefix
        and param.name
    ):
        return [f"{ctx.auto_envvar_prefix}_{param.name.upper()}"]
    return []


def _variable_behind(param: click.Parameter, ctx: click.Context) -> str | None:
    """The variable that gave `param` its value in this run, or None if it was typed (or is
    a default)."""
    if (
        param.name is None
        or ctx.get_parameter_source(param.name) is not ParameterSource.ENVIRONMENT
    ):
        return None
    return next((name for name in variables_of(param, ctx) if os.environ.get(name)), None)


def _param_named(ctx: click.Context, hint: str) -> click.Parameter | None:
    """The parameter a hint such as "'--on'" or "'-f' / '--file'" names, in ctx's command."""
    names = set(re.findall(r"[\w-]+", hint))
    for param in ctx.command.params:
        spelled = {*param.opts, *param.secondary_opts}
        if isinstance(param, click.Argument):
            spelled.add(param.human_readable_name)
        if spelled & names:
            return param
    return None


def from_the_environment(err: click.BadParameter) -> click.BadParameter | None:
    """The same error saying which variable the bad value came from, or None if it was
    typed. Checks in a command's body raise it with a hint ("'--on'") but no parameter:
    the hint is looked up."""
    ctx = err.ctx
    if ctx is None:
        return None
    param = err.param or (
        _param_named(ctx, err.param_hint) if isinstance(err.param_hint, str) else None
    )
    if param is None:
        return None
    variable = _variable_behind(param, ctx)
    if variable is None:
        return None
    message = err.message
    value = ctx.params.get(param.name or "", os.environ.get(variable))
    if _SECRET.search(variable) and isinstance(value, str) and value:
        message = message.replace(value, "[hidden]")
    message += f" (the value came from the environment variable {variable})"
    return click.BadParameter(message, ctx, err.param, err.param_hint)


def values_from_the_environment(ctx: click.Context, message: str, option: str | None) -> str:
    """`message` (a FollowcalError's), each line that shows a value read from a variable
    saying so; `option` is the one the error is about, when it says ("--now").

    A secret's value never shows: where it would, the line names only the variable."""
    notes: list[tuple[str, str]] = []  # (the value as the message may show it, its variable)
    blamed: str | None = None
    for param in ctx.command.params:
        variable = _variable_behind(param, ctx)
        if variable is None:
            continue
        if option is not None and option in param.opts:
            blamed = variable
        value = ctx.params.get(param.name or "")
        values = value if isinstance(value, tuple | list) else (value,)
        for one in values:
            if isinstance(one, str | os.PathLike) and len(str(one)) > 1:
                notes.append((str(one), variable))
    lines = message.splitlines()
    for index, line in enumerate(lines):
        for value, variable in notes:
            if not re.search(rf"(?<![\w/.-]){re.escape(value)}(?![\w/-])", line):
                continue
            if _SECRET.search(variable):
                line = line.replace(value, "[hidden]")
                line += f" (the value came from the environment variable {variable})"
            else:
                line += f" ({value} came from the environment variable {variable})"
            blamed = None if blamed == variable else blamed
        lines[index] = line
    if blamed is not None and lines:
        lines[0] += f" (the value came from the environment variable {blamed})"
    return "\n".join(lines)
