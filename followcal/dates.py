"""The one reader of dates and times written as text, for files and command lines alike.

Every place that turns text into a date or a moment (entry fields, `--now`, `--on`,
`--date`, `--deadline`, editing) calls `parse_date_text`, so the same text means the same
thing everywhere: ISO 8601 dates, and date-times with a `T` or a space between date and
time, with or without seconds and a UTC offset. Times of day (`--business-time`, profile
step times, business hours) go through `parse_clock`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Literal, get_args

DATE_EXAMPLE = "2026-11-20"
DATETIME_EXAMPLE = "2026-11-20 14:30"
# How a spreadsheet's 1/2/2026 reads, when no date in it says (--date-format, the config).
DateFormat = Literal["DD/MM/YYYY", "MM/DD/YYYY"]
DATE_FORMATS: tuple[DateFormat, ...] = get_args(DateFormat)


def parse_date_text(text: str) -> date | datetime:
    """A `date` for a bare date, a `datetime` (naive, or aware when an offset is written)
    for a date and a time. Raises ValueError with a message that says what was expected."""
    value = text.strip()
    try:
        if len(value) <= 10 and ":" not in value:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a date like {DATE_EXAMPLE} or a date and time like {DATETIME_EXAMPLE}"
        ) from None


CLOCK_EXAMPLE = "09:30"


# H:MM, HH:MM or HH:MM:SS, nothing else: time.fromisoformat also takes "0930", "09",
# "09:30:00.5" and "09:30+02:00", which the config file never did. One shape everywhere
# (command line, config, profiles), so a value that works in one place works in all.
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")


def parse_clock(text: str) -> time:
    """A time of day, HH:MM (or HH:MM:SS). Raises ValueError saying what was expected."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a time like {CLOCK_EXAMPLE}")
    hour, minute, second = match.groups()
    return time(int(hour), int(minute), int(second or 0))


def parse_moment(text: str, bare_date_time: time = time(0, 0)) -> datetime:
    """A date-time; a bare date means `bare_date_time` on that day (midnight by default)."""
    value = parse_date_text(text)
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, bare_date_time)


def parse_day(text: str) -> date:
    """A calendar date; a date-time is accepted and its date kept."""
    value = parse_date_text(text)
    return value.date() if isinstance(value, datetime) else value
