"""Time zones: validate names, find the machine's zone, write VTIMEZONEs that every client reads.

Why not icalendar's ``add_missing_timezones()`` / ``Timezone.from_tzid()``: they write
observances as DTSTART plus RDATE lists, which ical.js (Nextcloud, Thunderbird) and vobject
(Radicale) read an hour wrong (see shared/COMPAT.md, "Time"). Outlook and Thunderbird write one
STANDARD and one DAYLIGHT observance with a yearly RRULE; every parser we test reads that shape
right, so that is what we write, and only after checking that the rule reproduces zoneinfo's
offsets for the instants that will use it.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import icalendar

__all__ = [
    "build_vtimezone",
    "country_name",
    "known_place_zones",
    "resolve_zone",
    "system_zone_name",
    "zone_country",
]

_DAY = timedelta(days=1)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Files that live in the zoneinfo directory but are not zone names another machine knows.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
# Outlook and Thunderbird start their rules in 1970 (Outlook 1601): any fixed year works,
# 1970 is the one most parsers are tested with.
_RULE_EPOCH_YEAR = 1970


# --------------------------------------------------------------------------- names


@functools.cache
def _known_zones() -> tuple[str, ...]:
    # Walking the zoneinfo tree costs ~20 ms, so only the error path pays for it.
    return tuple(sorted(zoneinfo.available_timezones() - _NOT_ZONES))


def known_place_zones() -> list[str]:
    """Every zone name a person may give for a place (for completion): tzdata's, without
    the abbreviations and fixed offsets that resolve_zone refuses."""
    return [zone for zone in _known_zones() if _not_a_place(zone) is None]


def _suggestions(name: str) -> list[str]:
    zones = _known_zones()
    key = name.strip().replace(" ", "_").casefold()
    by_folded = {zone.casefold(): zone for zone in zones}
    # People type "berlin" or "new york": match the city part as well as the full name.
    by_city: dict[str, list[str]] = {}
    for zone in zones:
        by_city.setdefault(zone.rsplit("/", 1)[-1].casefold(), []).append(zone)
    found: list[str] = []
    if key in by_folded:
        found.append(by_folded[key])
    for match in difflib.get_close_matches(key, by_folded, n=3, cutoff=0.6):
        found.append(by_folded[match])
    for match in difflib.get_close_matches(key, by_city, n=3, cutoff=0.75):
        found.extend(by_city[match])
    return list(dict.fromkeys(found))[:3]


def _unknown(name: str, why: str) -> ValueError:
    hint = _suggestions(name)
    if hint:
        return ValueError(f"{why}. Did you mean {' or '.join(hint)}?")
    return ValueError(f"{why}. Use an IANA name such as Europe/Berlin or America/New_York.")


# What people type for a zone that is not a place. tzdata knows some of these (EST, CET,
# MST, EST5EDT...) but only as old links to one city each (EST is Panama, CET Brussels), so a
# New York bank typed as "EST" would get Panama's holidays and phone numbers. The rest (PST,
# IST, BST, "Eastern") tzdata does not know at all. Each maps to the places people most
# likely mean, most likely first; the ambiguous ones (IST, CST, BST) name every reading.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "est": ("America/New_York", "America/Toronto"),
    "edt": ("America/New_York", "America/Toronto"),
    "et": ("America/New_York", "America/Toronto"),
    "eastern": ("America/New_York", "America/Toronto"),
    "eastern time": ("America/New_York", "America/Toronto"),
    "est5edt": ("America/New_York",),
    "cst": ("America/Chicago", "America/Mexico_City", "Asia/Shanghai"),
    "cdt": ("America/Chicago", "America/Mexico_City"),
    "ct": ("America/Chicago", "America/Mexico_City"),
    "central": ("America/Chicago", "America/Mexico_City"),
    "central time": ("America/Chicago", "America/Mexico_City"),
    "cst6cdt": ("America/Chicago",),
    "mst": ("America/Denver", "America/Phoenix", "America/Edmonton"),
    "mdt": ("America/Denver", "America/Edmonton"),
    "mt": ("America/Denver", "America/Phoenix"),
    "mountain": ("America/Denver", "America/Phoenix"),
    "mountain time": ("America/Denver", "America/Phoenix"),
    "mst7mdt": ("America/Denver",),
    "pst": ("America/Los_Angeles", "America/Vancouver"),
    "pdt": ("America/Los_Angeles", "America/Vancouver"),
    "pt": ("America/Los_Angeles", "America/Vancouver"),
    "pacific": ("America/Los_Angeles", "America/Vancouver"),
    "pacific time": ("America/Los_Angeles", "America/Vancouver"),
    "pst8pdt": ("America/Los_Angeles",),
    "akst": ("America/Anchorage",),
    "akdt": ("America/Anchorage",),
    "hst": ("Pacific/Honolulu",),
    "ast": ("America/Halifax", "Asia/Riyadh"),
    "adt": ("America/Halifax",),
    "atlantic": ("America/Halifax",),
    "nst": ("America/St_Johns",),
    "ndt": ("America/St_Johns",),
    "gmt": ("Europe/London", "UTC"),
    "bst": ("Europe/London", "Asia/Dhaka"),
    "uk": ("Europe/London",),
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "wet": ("Europe/Lisbon",),
    "west": ("Europe/Lisbon",),
    "cet": ("Europe/Berlin", "Europe/Paris", "Europe/Madrid"),
    "cest": ("Europe/Berlin", "Europe/Paris", "Europe/Madrid"),
    "met": ("Europe/Berlin", "Europe/Paris"),
    "mez": ("Europe/Berlin",),
    "mesz": ("Europe/Berlin",),
    "eet": ("Europe/Athens", "Europe/Helsinki", "Europe/Bucharest"),
    "eest": ("Europe/Athens", "Europe/Helsinki", "Europe/Bucharest"),
    "msk": ("Europe/Moscow",),
    "trt": ("Europe/Istanbul",),
    "sast": ("Africa/Johannesburg",),
    "wat": ("Africa/Lagos",),
    "cat": ("Africa/Maputo", "Africa/Harare"),
    "eat": ("Africa/Nairobi",),
    "gst": ("Asia/Dubai",),
    "pkt": ("Asia/Karachi",),
    "ict": ("Asia/Bangkok", "Asia/Ho_Chi_Minh"),
    "wib": ("Asia/Jakarta",),
    "sgt": ("Asia/Singapore",),
    "hkt": ("Asia/Hong_Kong",),
    "pht": ("Asia/Manila",),
    "jst": ("Asia/Tokyo",),
    "kst": ("Asia/Seoul",),
    "awst": ("Australia/Perth",),
    "acst": ("Australia/Adelaide", "Australia/Darwin"),
    "acdt": ("Australia/Adelaide",),
    "aest": ("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"),
    "aedt": ("Australia/Sydney", "Australia/Melbourne"),
    "nzst": ("Pacific/Auckland",),
    "nzdt": ("Pacific/Auckland",),
    "brt": ("America/Sao_Paulo",),
    "art": ("America/Argentina/Buenos_Aires",),
    "clt": ("America/Santiago",),
    "cot": ("America/Bogota",),
    "pet": ("America/Lima",),
}
# Zone names of no place that are still fine to write: UTC is the machine default of many
# servers, and an interview "in UTC" is unusual but means exactly one thing.
_PLACELESS_OK = frozenset({"UTC", "Etc/UTC"})
# An offset typed as a zone ("UTC+2", "GMT-05:00", "+0100"): a fixed offset never follows a
# place's summer time, so it is refused like an abbreviation.
_OFFSET = re.compile(r"^(?:utc|gmt|z)?\s*[+-]\s*\d{1,2}(?::?\d{2})?$", re.IGNORECASE)


def _not_a_place(key: str) -> ValueError | None:
    """Why ``key`` names a clock rather than a place (EST, CET, UTC+2), or None if it is a place."""
    folded = " ".join(key.replace("_", " ").split()).casefold()
    likely = _ABBREVIATIONS.get(folded)
    if likely is None and folded.endswith(" time"):
        likely = _ABBREVIATIONS.get(folded.removesuffix(" time"))
    if likely is not None:
        return ValueError(
            f"{key!r} is an abbreviation, not a place: it does not say when summer time starts "
            f"or which country's holidays apply. Use the zone of the place, such as "
            f"{' or '.join(likely)}."
        )
    if _OFFSET.match(key) or (key.startswith("Etc/") and key not in _PLACELESS_OK):
        return ValueError(
            f"{key!r} is a fixed offset, not a place: it does not follow summer time. Use the "
            "zone of the place, such as Europe/Berlin or America/New_York."
        )
    if key in _PLACELESS_OK:
        return None
    if "/" not in key and key.upper() == key and zone_country(key) is None:
        # EST, CET, GMT0, UCT, ...: tzdata's old all-capital names of no place.
        return ValueError(
            f"{key!r} is not the zone of a place. Use one such as Europe/Berlin or "
            "America/New_York."
        )
    return None


def resolve_zone(name: str) -> zoneinfo.ZoneInfo:
    """Return the zone called ``name`` (an IANA name of a place, such as ``Europe/Berlin``).

    Abbreviations and offsets (EST, CET, IST, "Eastern", UTC+2) are refused with the places
    they most likely mean: they say neither when summer time starts nor which country's
    holidays and phone numbers apply. Raises ValueError with a readable message, suggesting
    close names when there are any.
    """
    key = name.strip()
    if not key:
        raise ValueError("Time zone name is empty. Use an IANA name such as Europe/Berlin.")
    if (refused := _not_a_place(key)) is not None:
        raise refused
    # ZoneInfo would open absolute paths and climb out of the tz directory on "..": a zone
    # name that reaches the calendar file must be one that other machines know too.
    parts = key.split("/")
    if key.startswith(("/", "\\")) or "\\" in key or "\0" in key or "." in parts or ".." in parts:
        raise _unknown(key, f"{key!r} is a path, not a time zone name")
    if key in _NOT_ZONES:
        raise _unknown(key, f"{key!r} is not a time zone name")
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a directory such as "America" (IsADirectoryError) or an unreadable file.
        raise _unknown(key, f"Unknown time zone {key!r}") from None


def system_zone_name() -> str:
    """The machine's IANA zone name, or "UTC" when it cannot be told."""
    import tzlocal  # only the commands that need a default zone pay for the import

    try:
        name = tzlocal.get_localzone_name()
    except (LookupError, ValueError, OSError):
        # ZoneInfoNotFoundError (a KeyError) on conflicting configs or a POSIX TZ string.
        return "UTC"
    if not isinstance(name, str):
        # tzlocal returns None when only an unnamed /etc/localtime exists.
        return "UTC"
    try:
        return resolve_zone(name).key
    except ValueError:
        return "UTC"


# --------------------------------------------------------------------------- countries


def _tz_table(name: str) -> str:
    """One of tzdata's tables: the `tzdata` package's copy (a dependency, so every install
    has it), else the system's zoneinfo folders."""
    from importlib import resources

    try:
        return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        pass
    for folder in zoneinfo.TZPATH:
        try:
            with open(f"{folder}/{name}", encoding="utf-8") as table:
                return table.read()
        except OSError:
            continue
    return ""


@functools.cache
def _zone_countries() -> dict[str, str]:
    """Zone name -> ISO 3166-1 code, from zone.tab (one country per zone), with the old
    names that tzdata keeps as links ("US/Eastern", "Asia/Calcutta") following their target."""
    countries: dict[str, str] = {}
    for line in _tz_table("zone.tab").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                countries[fields[2]] = fields[0]
    for line in _tz_table("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()[:3]
            if target in countries and alias not in countries:
                countries[alias] = countries[target]
    return countries


@functools.cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for line in _tz_table("iso3166.tab").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            code, name = line.split("\t", 1)
            names[code] = name.strip()
    return names


def zone_country(zone_name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country a zone belongs to ("Europe/Berlin" -> "DE"),
    or None for zones of no country ("UTC", "Etc/GMT+5")."""
    return _zone_countries().get(zone_name.strip())


def country_name(code: str) -> str | None:
    """The English name of an ISO 3166-1 alpha-2 code ("DE" -> "Germany"); None if unknown."""
    return _country_names().get(code.upper())


# --------------------------------------------------------------------------- transitions


@dataclass(frozen=True)
class _Transition:
    at: datetime  # aware, UTC
    before: timedelta
    after: timedelta
    name: str  # abbreviation in force after `at`

    @property
    def wall(self) -> datetime:
        """Local wall time just before the change (how VTIMEZONE DTSTARTs are written)."""
        return (self.at + self.before).replace(tzinfo=None)


def _offset(tz: zoneinfo.ZoneInfo, at: datetime) -> timedelta:
    offset = at.astimezone(tz).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return offset


def _transitions(tz: zoneinfo.ZoneInfo, year: int) -> list[_Transition]:
    """zoneinfo's offset changes whose local wall time falls in ``year``, oldest first.

    Day steps find the days, a bisection to the second finds the instant: ~400 offset look-ups
    a year instead of 8,760 hourly ones. Changes of abbreviation alone are not transitions here.
    """
    start = datetime(year, 1, 1, tzinfo=UTC) - _DAY  # margins: offsets shift the year edge
    end = datetime(year + 1, 1, 1, tzinfo=UTC) + _DAY
    found: list[_Transition] = []
    day, before = start, _offset(tz, start)
    while day < end:
        nxt = day + _DAY
        after = _offset(tz, nxt)
        if after != before:
            low, high = 0, 86_400  # seconds after `day`: offset(low) == before != offset(high)
            while high - low > 1:
                mid = (low + high) // 2
                if _offset(tz, day + timedelta(seconds=mid)) == before:
                    low = mid
                else:
                    high = mid
            at = day + timedelta(seconds=high)
            change = _Transition(at, before, _offset(tz, at), at.astimezone(tz).tzname() or "")
            if change.wall.year == year:
                found.append(change)
        day, before = nxt, after
    return found


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Rule:
    """One yearly observance: "the <ordinal> <weekday> of <month> at <clock>" local time."""

    month: int
    weekday: int  # Monday is 0, as in datetime
    ordinal: int  # 1..4, or -1 for the last one in the month
    clock: time  # wall time before the change
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    def wall(self, year: int) -> datetime:
        first_weekday, days = calendar.monthrange(year, self.month)
        if self.ordinal == -1:
            last_weekday = (first_weekday + days - 1) % 7
            day = days - (last_weekday - self.weekday) % 7
        else:
            day = 1 + (self.weekday - first_weekday) % 7 + 7 * (self.ordinal - 1)
        return datetime.combine(datetime(year, self.month, day), self.clock)

    def at(self, year: int) -> datetime:
        return (self.wall(year) - self.offset_from).replace(tzinfo=UTC)

    def rrule(self) -> dict[str, object]:
        return {
            "FREQ": "YEARLY",
            "BYMONTH": self.month,
            "BYDAY": f"{self.ordinal}{_WEEKDAYS[self.weekday]}",
        }


def _rule_for(changes: Sequence[_Transition], daylight: bool) -> _Rule | None:
    """The single yearly rule behind one change per year, or None if there is none."""
    walls = [change.wall for change in changes]
    first = changes[0]
    shape = {
        (wall.month, wall.weekday(), wall.time(), c.before, c.after)
        for wall, c in zip(walls, changes, strict=True)
    }
    if len(shape) != 1:
        return None
    # Prefer "last" when every year is a last one (EU: days 25..31 are 4th or 5th Sundays).
    if all(wall.day + 7 > calendar.monthrange(wall.year, wall.month)[1] for wall in walls):
        ordinal = -1
    else:
        ordinals = {(wall.day - 1) // 7 + 1 for wall in walls}
        if len(ordinals) != 1:
            return None
        ordinal = ordinals.pop()
    wall = walls[0]
    return _Rule(
        month=wall.month,
        weekday=wall.weekday(),
        ordinal=ordinal,
        clock=wall.time(),
        offset_from=first.before,
        offset_to=first.after,
        name=first.name,
        daylight=daylight,
    )


def _rules_for(by_year: dict[int, list[_Transition]]) -> tuple[_Rule, _Rule] | None:
    """A (STANDARD, DAYLIGHT) pair that matches every year's two changes, or None."""
    onsets: list[_Transition] = []
    ends: list[_Transition] = []
    for changes in by_year.values():
        ups = [c for c in changes if c.after > c.before]
        downs = [c for c in changes if c.after < c.before]
        if len(ups) != 1 or len(downs) != 1 or len(changes) != 2:
            return None  # no DST this year, or Morocco-style extra changes
        onsets.extend(ups)
        ends.extend(downs)
    # The larger offset is "daylight", as Outlook writes Europe/Dublin (whose tzdata is reversed).
    daylight = _rule_for(onsets, daylight=True)
    standard = _rule_for(ends, daylight=False)
    if daylight is None or standard is None:
        return None
    if (daylight.offset_from, daylight.offset_to) != (standard.offset_to, standard.offset_from):
        return None
    return standard, daylight


class _Model:
    """What a parser computes from our VTIMEZONE, written independently of how we derived it."""

    def __init__(self, rules: Sequence[_Rule], fixed: timedelta, years: Iterable[int]) -> None:
        self.fixed = fixed
        span = sorted(set(years))
        self.changes = sorted(
            (rule.at(year), rule.offset_to)
            for rule in rules
            for year in range(span[0] - 1, span[-1] + 2)
        )
        self.offsets = {fixed} | {rule.offset_to for rule in rules}

    def offset_at(self, at: datetime) -> timedelta:
        current = self.fixed
        for start, offset in self.changes:
            if start > at:
                break
            current = offset
        return current

    def offsets_for_wall(self, wall: datetime) -> set[timedelta]:
        """Offsets under which ``wall`` is a real local time: two if ambiguous, none if skipped."""
        return {o for o in self.offsets if self.offset_at((wall - o).replace(tzinfo=UTC)) == o}


def _wall(tz: zoneinfo.ZoneInfo, instant: datetime) -> tuple[datetime, timedelta | None]:
    """The wall time a writer puts in the file for ``instant``, and its real UTC offset."""
    if getattr(instant.tzinfo, "key", None) == tz.key:
        # Written as given: a skipped time (02:30 on a spring-forward night) stays skipped.
        return instant.replace(tzinfo=None), instant.astimezone(tz).utcoffset()
    local = instant.astimezone(tz)
    return local.replace(tzinfo=None), local.utcoffset()


def _verify(
    tz: zoneinfo.ZoneInfo,
    model: _Model,
    rules: Sequence[_Rule],
    by_year: dict[int, list[_Transition]],
    instants: Sequence[datetime],
) -> bool:
    for instant in instants:
        # The file carries only the wall time: it must map back to exactly this offset. Parsers
        # split on the rest (ical.js takes the second 01:30 of a fall-back night, the Python
        # ones the first; vobject and ical.js read a skipped 02:30 as DST, icalendar as
        # standard time), and UTC is the safe way to write those.
        wall, offset = _wall(tz, instant)
        if model.offsets_for_wall(wall) != {offset}:
            return False
    for year, changes in by_year.items():
        actual = [(c.at, c.before, c.after) for c in changes]
        implied = sorted((r.at(year), r.offset_from, r.offset_to) for r in rules)
        if actual != implied:
            return False
        probes = [datetime(year, 1, 1, tzinfo=UTC), datetime(year, 7, 1, tzinfo=UTC)]
        for at, _, _ in actual:
            probes.extend(at + timedelta(hours=h) for h in range(-24, 25))
        if any(model.offset_at(p) != _offset(tz, p) for p in probes):
            return False
    return True


# --------------------------------------------------------------------------- VTIMEZONE


def build_vtimezone(tzid: str, instants: Iterable[datetime]) -> icalendar.Timezone | None:
    """A VTIMEZONE for ``tzid`` valid for ``instants``, or None when a yearly rule can't say it.

    Observances are RRULE-based (one STANDARD and one DAYLIGHT with ``FREQ=YEARLY``), derived
    from zoneinfo's transitions in the years of ``instants`` and verified against zoneinfo.
    A zone without DST in those years gets one STANDARD observance. Instants already in
    ``tzid``'s zone are checked at the wall time they carry, since that is what gets written;
    others are converted. None means "write these events in UTC": the rule changed between the
    years, changes don't fall on an nth weekday, a wall time is ambiguous or skipped, or there
    are no instants. Raises ValueError for an unknown zone or a naive datetime.
    """
    tz = resolve_zone(tzid)
    moments = list(instants)
    if any(m.tzinfo is None or m.utcoffset() is None for m in moments):
        raise ValueError("build_vtimezone needs aware datetimes")
    if not moments:
        return None
    years = sorted({_wall(tz, m)[0].year for m in moments})

    by_year = {year: _transitions(tz, year) for year in years}
    rules: tuple[_Rule, ...]
    if not any(by_year.values()):
        fixed = _offset(tz, datetime(years[0], 1, 1, tzinfo=UTC))
        rules = ()
    else:
        pair = _rules_for(by_year)
        if pair is None:
            return None
        rules = pair
        fixed = pair[0].offset_to
    if not _verify(tz, _Model(rules, fixed, years), rules, by_year, moments):
        return None
    return _component(tz, rules, fixed, years[0])


def _component(
    tz: zoneinfo.ZoneInfo, rules: Sequence[_Rule], fixed: timedelta, year: int
) -> icalendar.Timezone:
    import icalendar  # ~55 ms: only commands that write calendars pay for it

    vtimezone = icalendar.Timezone()
    vtimezone.add("TZID", tz.key)
    if not rules:
        standard = icalendar.TimezoneStandard()
        standard.add("DTSTART", datetime(_RULE_EPOCH_YEAR, 1, 1))
        standard.add("TZOFFSETFROM", fixed)
        standard.add("TZOFFSETTO", fixed)
        if name := datetime(year, 1, 1, tzinfo=UTC).astimezone(tz).tzname():
            standard.add("TZNAME", name)
        vtimezone.add_component(standard)
        return vtimezone
    for rule in rules:
        observance = icalendar.TimezoneDaylight() if rule.daylight else icalendar.TimezoneStandard()
        observance.add("DTSTART", rule.wall(_RULE_EPOCH_YEAR))
        observance.add("RRULE", rule.rrule())
        observance.add("TZOFFSETFROM", rule.offset_from)
        observance.add("TZOFFSETTO", rule.offset_to)
        if rule.name:  # TZNAME is optional, and an empty one is invalid
            observance.add("TZNAME", rule.name)
        vtimezone.add_component(observance)
    return vtimezone
