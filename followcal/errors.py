"""Errors that reach the user: each kind carries its own exit code (todoman's pattern)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    file: str
    message: str
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.entry:
            where += f", entry {self.entry}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class FollowcalError(Exception):
    """Base class: the CLI prints the message and exits with EXIT_CODE, no traceback."""

    EXIT_CODE = 1
    # The command-line option whose value is wrong, where the error is about one ("--url"):
    # when that value came from a FOLLOWCAL_* variable, the CLI names it.
    option: str | None = None


class OptionError(FollowcalError):
    """A bad value given on the command line (or in a FOLLOWCAL_* variable): a usage error,
    with the exit code Click gives its own."""

    EXIT_CODE = 2

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(f"Invalid value for '{option}': {message}")


class InputError(FollowcalError):
    """The interviews file(s) have problems; all of them are reported at once."""

    EXIT_CODE = 3

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ProfileError(FollowcalError):
    EXIT_CODE = 4


class TemplateError(FollowcalError):
    EXIT_CODE = 5


class ConfigError(FollowcalError):
    EXIT_CODE = 6


class OutputError(FollowcalError):
    """Refusing to write (a file we did not create) or failing to write."""

    EXIT_CODE = 7
