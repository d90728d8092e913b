"""The manual pages, written from each command's --help: `followcal(1)` for the group and one
page per command, `followcal-plan(1)`, as git and click-man name them (`make man` writes
them to man/man1; the wheel installs them in share/man/man1).

Why not click-man (0.6.0): it lists a group's commands from `Group.commands`, which is empty
here until a command runs (the group loads each one when it is used, to start fast), so it
wrote followcal.1 alone; and it leaves out the examples (the epilog), shortens each command's
summary to 45 characters, and passes the help text to troff unescaped, so `\\Draft` and a
line that starts with a quote become troff requests. This module reads the same pieces
through Click's public API (`list_commands`, `get_command`, `collect_usage_pieces`,
`get_help_record`) and escapes every line.

    python -m followcal.cli.manpages man/man1           # write the pages
    python -m followcal.cli.manpages --check man/man1   # exit 1 if any is out of date
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from followcal import __version__
from followcal.cli import COMMANDS, main
from followcal.cli.origins import variables_of

__all__ = ["pages", "render"]

HEADER = (
    '.\\" Written by followcal/cli/manpages.py from the --help of each command;'
    " run 'make man' after changing a help text, rather than editing this file."
)


def pages() -> dict[str, str]:
    """Every page, by file name ("followcal-plan.1"), in the order `man -k` would list them."""
    root = click.Context(main, info_name="followcal", **main.context_settings)
    return {f"{page_name(ctx)}.1": render(ctx) for ctx in _contexts(root)}


def _contexts(ctx: click.Context) -> Iterator[click.Context]:
    yield ctx
    command = ctx.command
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _contexts(_child(ctx, sub, name))


def _child(ctx: click.Context, command: click.Command, name: str) -> click.Context:
    """The context Click makes for `command` under `ctx` (its help options, its variables)."""
    return click.Context(command, info_name=name, parent=ctx, **command.context_settings)


def page_name(ctx: click.Context) -> str:
    return ctx.command_path.replace(" ", "-")


def render(ctx: click.Context) -> str:
    """One command's page, in man(7) markup."""
    command = ctx.command
    name = page_name(ctx)
    lines = [
        HEADER,
        f'.TH "{escape(name.upper())}" "1" "" "followcal {__version__}" "followcal manual"',
        ".nh",  # ids, options and zones are never hyphenated, and lines are not justified
        ".ad l",
        ".SH NAME",
        f"{escape(name)} \\- {escape(_summary(ctx))}",
        ".SH SYNOPSIS",
        f".B {escape(ctx.command_path)}",
        escape(" ".join(command.collect_usage_pieces(ctx))),
    ]
    if command.help:
        lines += [".SH DESCRIPTION", *_text(inspect.cleandoc(command.help).partition("\f")[0])]
    if isinstance(command, click.Group):
        lines += _commands_section(ctx, command)
    lines += _options_section(ctx)
    lines += _environment_section(ctx)
    if command.epilog:
        lines += _epilog(command.epilog)
    lines += _see_also(ctx)
    return "\n".join(lines) + "\n"


def _summary(ctx: click.Context) -> str:
    """The line `followcal --help` lists the command by, whole (Click shortens it there)."""
    name = ctx.info_name or ""
    if ctx.parent is not None and ctx.parent.parent is None and name in COMMANDS:
        return COMMANDS[name][1]
    return ctx.command.get_short_help_str(limit=1000)


def _commands_section(ctx: click.Context, group: click.Group) -> list[str]:
    lines = [".SH COMMANDS"]
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        if sub is None or sub.hidden:
            continue
        child = _child(ctx, sub, name)
        lines += [
            ".TP",
            f"\\fB{escape(name)}\\fR",
            escape(_summary(child)),
            f"See \\fB{escape(page_name(child))}\\fR(1).",
        ]
    return lines


def _options_section(ctx: click.Context) -> list[str]:
    lines = [".SH OPTIONS"]
    for param in ctx.command.get_params(ctx):
        record = param.get_help_record(ctx) if isinstance(param, click.Option) else None
        if record is None:  # arguments: the synopsis and the description name them
            continue
        spelling, help_text = record
        lines += [".TP", _switches(spelling), *_text(help_text, paragraphs=".IP")]
    return lines


def _switches(spelling: str) -> str:
    """ "-f, --file FILE" as bold switches and an italic value; "--x / --no-x" alike."""
    parts = []
    for alternative in re.split(r"(, | / )", spelling):
        if alternative in (", ", " / "):
            parts.append(escape(alternative))
            continue
        switch, _, value = alternative.partition(" ")
        part = f"\\fB{escape(switch)}\\fR"
        if value:
            part += f" \\fI{escape(value)}\\fR"
        parts.append(part)
    return "".join(parts)


def _environment_section(ctx: click.Context) -> list[str]:
    """Each option's FOLLOWCAL_* variable, as Click reads it, and the ones never read."""
    read, never = [], []
    for param in ctx.command.get_params(ctx):
        if not isinstance(param, click.Option) or param.hidden or param.is_eager:
            continue  # --help and --version act before any variable is read
        variables = variables_of(param, ctx)
        if variables:
            read.append((variables, param.opts[-1]))
        else:
            never.append(param.opts[-1])
    if not read:
        return []
    lines = [
        ".SH ENVIRONMENT",
        "Each option below may be set by a variable instead; an option typed on the"
        " command line wins. An error about a value read from a variable names it.",
    ]
    for variables, option in read:
        lines += [".TP", ", ".join(f"\\fB{escape(v)}\\fR" for v in variables)]
        lines.append(f"The same as \\fB{escape(option)}\\fR.")
    if never:
        listed = ", ".join(f"\\fB{escape(option)}\\fR" for option in never)
        lines += [".PP", f"Never read from a variable: {listed}."]
    return lines


def _epilog(epilog: str) -> list[str]:
    """The epilog's "Examples:" heading becomes the man page's EXAMPLES section."""
    heading, _, rest = inspect.cleandoc(epilog).partition("\n")
    if heading.endswith(":"):
        return [f'.SH "{escape(heading[:-1].upper())}"', *_text(rest)]
    return [".SH NOTES", *_text(epilog)]


def _see_also(ctx: click.Context) -> list[str]:
    if ctx.parent is None:
        names = [page_name(child) for child in list(_contexts(ctx))[1:]]
    else:
        names = [page_name(ctx.parent)]
    return [".SH SEE ALSO", ",\n".join(f"\\fB{escape(name)}\\fR(1)" for name in names)]


def _text(text: str, paragraphs: str = ".PP") -> list[str]:
    """Help text as Click lays it out: paragraphs are filled; one that starts with \\b is
    kept line for line (examples, lists)."""
    lines: list[str] = []
    blocks = [block for block in re.split(r"\n\s*\n", text.strip("\n")) if block.strip()]
    for index, block in enumerate(blocks):
        if index:
            lines.append(paragraphs)
        rows = block.splitlines()
        if rows[0].strip() == "\b":
            kept = inspect.cleandoc("\n".join(rows[1:]))
            lines += [".RS 4", ".nf", *(escape(row) for row in kept.splitlines()), ".fi", ".RE"]
        else:
            lines += [escape(_code(row.strip())) for row in rows]
    return lines


def _code(line: str) -> str:
    """`generate` in a help text names a command or a field: bold, as man pages set them."""
    return re.sub(r"`([^`]+)`", "\x00B\\1\x00R", line)


def escape(text: str) -> str:
    """Text as troff prints it literally: backslashes, minus signs and quotes stay what
    they are (copied from the page, a command still works), no line starts a request, and
    every character outside ASCII is named."""
    out = text.replace("\\", "\\e").replace("-", "\\-").replace("'", "\\(aq").replace("`", "\\(ga")
    out = out.replace("\x00B", "\\fB").replace("\x00R", "\\fR")
    out = "".join(ch if ord(ch) < 128 else f"\\[u{ord(ch):04X}]" for ch in out)
    return f"\\&{out}" if out.startswith(".") else out


def check_or_write(folder: Path, check: bool) -> list[str]:
    """The pages that differ from (or are missing in) `folder`; written unless `check`."""
    written = pages()
    stale = sorted({p.name for p in folder.glob("followcal*.1")} - set(written))
    for name in stale:  # a command that is gone
        if not check:
            (folder / name).unlink()
    for name, text in written.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not check:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return stale


def _main(argv: list[str]) -> int:
    check = "--check" in argv
    (folder,) = [arg for arg in argv if arg != "--check"] or ["man/man1"]
    stale = check_or_write(Path(folder), check)
    for name in stale:
        print(f"{folder}/{name}: {'out of date' if check else 'written'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
