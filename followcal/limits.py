"""The bounds every input is held to, so no file or option can crash or stall followcal.

A value outside them is the user's mistake (or an attack), reported like any other bad
value: a one-line message naming the file, the entry and the field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

# Dates: a job search happens now; these bounds keep every date arithmetic and every
# time-zone conversion far from the ends of Python's calendar (year 1 and 9999).
MIN_YEAR = 1970
MAX_YEAR = 2100

MAX_DURATION_MINUTES = 24 * 60  # up to a full day on site
MAX_DAYS = 365  # any gap, offset or window, in days
MAX_HOURS = 24 * 365
MAX_MINUTES = 7 * 24 * 60  # alarms and step durations
MAX_ROUNDS = 20
MAX_FOLLOW_UPS = 20

# TOML: tomllib slows down with the square of a dotted key's length (40,000 parts took 23 s
# and 6.3 GB), so such keys are refused before parsing. Real keys have two or three parts.
MAX_KEY_PARTS = 32
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]{0,200}"|'[^'\n]{0,200}')"""
_DOTTED_KEY = re.compile(rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})+")
_PART = re.compile(_KEY_PART)


TOO_DEEP = "values are nested too deeply (lists or tables inside each other)"


class TomlProblem(ValueError):
    """A TOML text followcal will not read: not TOML, or shaped to exhaust the parser."""


def load_toml(text: str) -> dict[str, Any]:
    """tomllib.loads, bounded: refuses very long dotted keys and very deep nesting."""
    import tomllib

    check_toml_shape(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise TomlProblem(f"not valid TOML: {err}") from None
    except RecursionError:
        raise TomlProblem(TOO_DEEP) from None


def check_toml_shape(text: str) -> None:
    """TomlProblem when the text holds a key of more than MAX_KEY_PARTS dotted parts."""
    for line_number, line in enumerate(text.split("\n"), start=1):
        # Cheap first: a line with few dots cannot hold a long key (keys never span lines).
        if line.count(".") >= MAX_KEY_PARTS:
            for chain in _DOTTED_KEY.finditer(line):
                if chain.group().count(".") >= MAX_KEY_PARTS and (
                    len(_PART.findall(chain.group())) > MAX_KEY_PARTS
                ):
                    raise TomlProblem(
                        f"line {line_number}: a dotted key of more than {MAX_KEY_PARTS} "
                        "parts; followcal does not read keys nested that deep"
                    )


def year_problem(value: date) -> str | None:
    """Why a date is out of range, or None when it is fine."""
    if MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return f"{value.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR}"
