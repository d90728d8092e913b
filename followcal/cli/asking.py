"""Asking a person at a terminal: a question is a `Field` whose check runs on each answer,
so nothing typed is thrown away by a late error. The same check turns a value given as an
option into a usage error (exit 2). Which questions `add` and `init` ask is `questions`'s job.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import click

from followcal.cli.rendering import echo

Check = Callable[[str], object]  # raises ValueError with a message the person can act on


def stdin_is_terminal() -> bool:
    """Whether a person can answer questions (tests replace this to act as one)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass(frozen=True)
class Field:
    """One field: its key in the file, its option, its question and its check."""

    key: str  # the key in the interviews file
    option: str
    question: str
    check: Check
    required: bool = False


def text_value(value: str) -> str:
    """One line of text, trimmed."""
    if not value.strip():
        raise ValueError("it cannot be empty")
    if any(ord(ch) < 32 for ch in value):
        raise ValueError("it cannot hold control characters")
    return value.strip()


def lines_value(value: str) -> str:
    """Text of several lines (an address, notes): each line trimmed, blank lines dropped."""
    lines = [line.strip() for line in value.replace("\r\n", "\n").split("\n")]
    text = "\n".join(line for line in lines if line)
    if not text:
        raise ValueError("it cannot be empty")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise ValueError("it cannot hold control characters")
    return text


def checked(field: Field, value: str, hint: str | None = None) -> object:
    """A value given as an option: a bad one is a usage error (exit 2)."""
    try:
        return field.check(value)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint=f"'{hint or field.option}'") from None


def ask(field: Field, default: str | None = None, indent: str = "") -> object | None:
    """Ask until the answer passes the field's check; Enter skips an optional field."""
    label = indent + field.question + ("" if field.required or default else " (Enter to skip)")
    while True:
        answer: str = click.prompt(label, default=default or "", show_default=bool(default),
                                   err=True)  # fmt: skip
        if not answer.strip():
            if field.required:
                echo(
                    f"{indent}  Needed: {field.question[:1].lower() + field.question[1:]}.",
                    err=True,
                    fg="red",
                )
                continue
            return None
        try:
            return field.check(answer)
        except ValueError as err:
            echo(f"{indent}  {err}", err=True, fg="red")


def ask_more_lines(first: str) -> str:
    """The rest of a postal address, a line at a time, until an empty line."""
    lines = [first]
    while True:
        more: str = click.prompt("  Next line (Enter when done)", default="",
                                 show_default=False, err=True)  # fmt: skip
        if not more.strip():
            return "\n".join(lines)
        try:
            lines.append(lines_value(more))
        except ValueError as err:
            echo(f"  {err}", err=True, fg="red")


def confirm(question: str, default: bool) -> bool:
    return click.confirm(question, default=default, err=True)


def ask_written_offer_deadline(received: date) -> date | None:
    """Is an offer in writing, and by when must you answer? None: verbal, or no deadline
    after the day it came."""
    if not confirm("  Is the offer in writing?", default=False):
        return None
    answer = click.prompt("  Deadline to answer (YYYY-MM-DD)", default="", err=True,
                          show_default=False)  # fmt: skip
    deadline = _day(answer)
    return deadline if deadline and deadline > received else None


def _day(text: str) -> date | None:
    from followcal.dates import parse_day

    try:
        return parse_day(text.strip()) if text.strip() else None
    except ValueError:
        return None
