"""Days when no message goes out: weekends, the company's public holidays, quiet periods.

The public holidays come from the `holidays` package, imported on first use; each country's
days are kept a year at a time in the user's cache folder, so that later runs need not import
it (see `_SavedHolidays`).
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_MM_DD = re.compile(r"^(\d{2})-(\d{2})$")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class QuietPeriod:
    """Days of the year when offices are half empty and messages sink: (month, day) bounds,
    both inclusive; a period may run over the new year (24 December to 1 January)."""

    first: tuple[int, int]
    last: tuple[int, int]

    @classmethod
    def parse(cls, text: str) -> QuietPeriod:
        """'12-24..01-01' (month-day to month-day). Raises ValueError with an example."""
        first, sep, last = text.strip().partition("..")
        bounds = [_month_day(part) for part in (first, last)] if sep else [None]
        if None in bounds:
            raise ValueError(f"'{text}' is not a period like '12-24..01-01' (month-day..month-day)")
        return cls(bounds[0], bounds[1])  # type: ignore[arg-type]

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        key = (day.month, day.day)
        if self.first <= self.last:
            return self.first <= key <= self.last
        return key >= self.first or key <= self.last

    def __str__(self) -> str:
        return f"{_text(self.first)} to {_text(self.last)}"


def _month_day(text: str) -> tuple[int, int] | None:
    match = _MM_DD.match(text.strip())
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2024, month, day)  # a leap year, so 02-29 is a day
    except ValueError:
        return None
    return month, day


def _text(month_day: tuple[int, int]) -> str:
    return f"{month_day[1]} {_MONTHS[month_day[0] - 1]}"


_WEEKEND = frozenset({5, 6})  # Saturday and Sunday, where the country's own is not known

# The week between Christmas Eve and New Year's Day: most hiring managers are away.
DEFAULT_QUIET_PERIODS = (QuietPeriod((12, 24), (1, 1)),)


@dataclass(frozen=True)
class DaysOff:
    """Which days outreach avoids, and why (the reason is shown when a step moves)."""

    quiet_periods: Sequence[QuietPeriod] = DEFAULT_QUIET_PERIODS
    holidays: bool = True
    # One country for every company (`--holidays DE`), instead of each interview's own.
    country: str | None = None

    def reason(self, day: date, country: str | None) -> str | None:
        """Why no message goes out on `day` to a company in `country`; None on a working day."""
        code = self.country or country
        # The country's own weekend: Friday and Saturday in Egypt or Israel, Friday in Iran.
        weekend = _saved_holidays().weekend(code) if code else _WEEKEND
        if day.weekday() in weekend:
            return f"{day:%A}s are not working days"
        for period in self.quiet_periods:
            if day in period:
                return f"no messages in the quiet period ({period})"
        name = self.holiday(day, country)
        if name:
            return f"{name} is a public holiday in {self.country or country}"
        return None

    def own_reason(self, day: date, country: str | None) -> str | None:
        """Why a private reminder skips `day` where you live (`country`): a public holiday
        or a quiet period; weekends are yours to plan in."""
        for period in self.quiet_periods:
            if day in period:
                return f"the quiet period ({period})"
        name = self.holiday(day, country)
        return f"{name}, a public holiday where you are" if name else None

    def holiday(self, day: date, country: str | None) -> str | None:
        code = self.country or country
        if not (self.holidays and code):
            return None
        return _saved_holidays().name(code, day)


def is_supported(code: str) -> bool:
    """Whether the holidays package has a calendar for 'DE' or 'US-CA'."""
    return _saved_holidays().supported(code)


class _SavedHolidays:
    """Each country's public holidays, kept in the user's cache folder: a run whose countries
    and years are already there needs no `holidays` import, which costs about 0.2 s of CPU
    (the package loads the module of every country it knows before it gives one).

    One small JSON file per country (`DE.json`: supported, weekend) and per country and year
    (`DE-2026.json`: its holidays), in a folder per version of the package
    (`holidays/0.109/`), so that an upgrade starts afresh while two installs of one version
    share it. A file is written once, atomically, when it is new: runs at the same time, or
    from two installs, never overwrite each other's, and a file that cannot be read or
    written is simply done without. What a run adds is written when the process ends, so
    planning itself writes nothing."""

    def __init__(self, folder: Path | None) -> None:
        version = _package_version()
        self.folder = folder / version if folder is not None and version else None
        self.countries: dict[str, dict[str, Any]] = {}
        self.years: dict[str, dict[str, str]] = {}  # "DE-2026": {"2026-10-03": "..."}
        self.new: dict[str, object] = {}  # file stem -> its content, to write at exit
        atexit.register(self.save)

    def supported(self, code: str) -> bool:
        return bool(self._country(code)["supported"])

    def weekend(self, code: str) -> frozenset[int]:
        """The country's weekdays off (Monday is 0); Saturday and Sunday where unknown."""
        return frozenset(self._country(code)["weekend"])

    def name(self, code: str, day: date) -> str | None:
        code = code.upper()
        if not self._country(code)["supported"]:
            return None
        stem = f"{code}-{day.year}"
        days = self.years.get(stem)
        if days is None:
            days = self._read(stem, _is_year) or self._made(stem, _year_of(code, day.year))
            self.years[stem] = days
        name = days.get(day.isoformat())
        return str(name) if name else None

    def _country(self, code: str) -> dict[str, Any]:
        code = code.upper()
        country = self.countries.get(code)
        if country is None:
            country = self._read(code, _is_country) or self._made(code, _country_of(code))
            self.countries[code] = country
        return country

    def _read(self, stem: str, valid: Callable[[object], bool]) -> Any:
        """The saved content of `stem`, or None when it is missing, damaged or unreadable."""
        if self.folder is None:
            return None
        try:
            found = json.loads((self.folder / f"{stem}.json").read_bytes())
        except (OSError, ValueError):
            return None
        return found if valid(found) else None

    def _made(self, stem: str, content: Any) -> Any:
        self.new[stem] = content
        return content

    def save(self) -> None:
        """Write the files this run made that are not there yet (another run's stay)."""
        if self.folder is None or not self.new:
            return
        from followcal.errors import OutputError
        from followcal.fileio import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for stem, content in self.new.items():
                path = self.folder / f"{stem}.json"
                if not path.exists():
                    write_atomic(path, json.dumps(content, sort_keys=True).encode("utf-8"))
        except (OSError, OutputError):
            self.folder = None  # a read-only cache folder: work without it
        self.new = {}


def _country_of(code: str) -> dict[str, Any]:
    calendar = holiday_calendar(code)
    weekend = sorted(calendar.weekend) if calendar is not None else sorted(_WEEKEND)
    return {"supported": calendar is not None, "weekend": weekend}


def _year_of(code: str, year: int) -> dict[str, str]:
    calendar = holiday_calendar(code)
    calendar.get(date(year, 1, 1))  # fills in the whole year
    return {str(when): str(calendar.get(when)) for when in calendar if when.year == year}


def _is_country(found: object) -> bool:
    return (
        isinstance(found, dict)
        and isinstance(found.get("supported"), bool)
        and isinstance(found.get("weekend"), list)
        and all(isinstance(day, int) for day in found["weekend"])
    )


def _is_year(found: object) -> bool:
    return isinstance(found, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in found.items()
    )


@functools.cache
def _saved_holidays() -> _SavedHolidays:
    import platformdirs

    return _SavedHolidays(Path(platformdirs.user_cache_dir("followcal")) / "holidays")


def _package_version() -> str | None:
    """The installed `holidays` version, read from its dist-info folder's name without
    importing it (importlib.metadata alone costs 35 ms); where that folder is not beside the
    package, a key of the package's place and date, so that the cache is that install's own.
    None when it is not installed."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    try:
        for entry in os.scandir(package.parent):
            match = _DIST_INFO.fullmatch(entry.name)
            if match:
                return match.group(1)
        stamp = os.stat(spec.origin).st_mtime_ns
    except OSError:
        return None
    import hashlib

    digest = hashlib.sha256(f"{spec.origin}:{stamp}".encode()).hexdigest()[:16]
    return f"install-{digest}"


_DIST_INFO = re.compile(r"holidays-([0-9][0-9A-Za-z.+!-]*)\.dist-info")


@functools.cache
def holiday_calendar(code: str) -> Any:
    """The public holidays of 'DE', 'US-CA' or 'GB-SCT' (English names where the package has
    them), or None for a country it does not cover. Years fill in lazily on look-up."""
    import holidays

    country, _, subdivision = code.upper().partition("-")
    try:
        calendar = holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError:
        return None
    if "en_US" in (calendar.supported_languages or ()):
        calendar = holidays.country_holidays(country, subdiv=subdivision or None, language="en_US")
    return calendar
