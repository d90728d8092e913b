"""VTIMEZONEs that icalendar, ical, vobject and ical.js read as zoneinfo does (COMPAT "Time")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from followcal import timezones
from followcal.timezones import build_vtimezone, resolve_zone, system_zone_name
from tests import oracles
from tests.oracles import assert_parsers_agree

ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",  # DST of 30 minutes
]
YEARS = (2026, 2027)
STAMP = datetime(2026, 1, 1, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def change_days(tz: ZoneInfo, year: int) -> list[date]:
    """Days on which the zone's UTC offset changes, found without followcal's code."""
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        today = datetime.combine(day, time(0), tz).utcoffset()
        tomorrow = datetime.combine(day + timedelta(days=1), time(0), tz).utcoffset()
        if today != tomorrow:
            days.append(day)
        day += timedelta(days=1)
    return days


def meetings(tz: ZoneInfo, years: Iterable[int] = YEARS) -> list[datetime]:
    """09:30 local the day before, of and after each change in ``years``, January, July."""
    days: list[date] = []
    for year in years:
        days += [date(year, 1, 15), date(year, 7, 15)]
        for day in change_days(tz, year):
            days += [day - timedelta(days=1), day, day + timedelta(days=1)]
    return [datetime.combine(day, time(9, 30), tz) for day in sorted(set(days))]


def calendar_bytes(
    vtimezone: icalendar.Timezone, events: Iterable[datetime], todos: Iterable[datetime] = ()
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//followcal//tests//EN")
    cal.add_component(vtimezone)
    for start in events:
        event = icalendar.Event()
        event.add("UID", f"event-{start.isoformat()}@followcal.test")
        event.add("DTSTAMP", STAMP)
        event.add("DTSTART", start)
        event.add("DTEND", start + timedelta(minutes=30))
        event.add("SUMMARY", "Follow up")
        cal.add_component(event)
    for due in todos:
        todo = icalendar.Todo()
        todo.add("UID", f"todo-{due.isoformat()}@followcal.test")
        todo.add("DTSTAMP", STAMP)
        todo.add("DUE", due)
        todo.add("SUMMARY", "Send thank-you note")
        cal.add_component(todo)
    ics: bytes = cal.to_ical()
    return ics


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.server  # node's ical.js, or a server it starts
def test_all_parsers_read_events_around_dst_changes_as_zoneinfo(zone: str) -> None:
    tz = ZoneInfo(zone)
    starts = meetings(tz)
    if zone not in {"Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo"}:
        assert len(starts) == 2 * (2 + 2 * 3), "expected two changes a year"
    vtimezone = build_vtimezone(zone, starts)
    assert vtimezone is not None

    seen = assert_parsers_agree(calendar_bytes(vtimezone, starts))

    expected = {f"event-{s.isoformat()}@followcal.test": s.astimezone(UTC) for s in starts}
    assert seen == expected


@pytest.mark.parametrize(
    ("zone", "year"),
    [
        ("Africa/Casablanca", 2026),  # reversed DST, Ramadan dates: a rule for this year only
        ("America/Sao_Paulo", 2018),  # southern DST, changes at midnight
        ("Europe/Dublin", 2027),  # tzdata calls winter the "daylight" time
        ("Pacific/Chatham", 2026),  # +12:45 / +13:45
        ("America/Santiago", 2027),  # changes at 24:00 Saturday
    ],
)
@pytest.mark.server  # node's ical.js, or a server it starts
def test_unusual_zones_within_one_year(zone: str, year: int) -> None:
    tz = ZoneInfo(zone)
    starts = meetings(tz, [year])
    vtimezone = build_vtimezone(zone, starts)
    assert vtimezone is not None

    seen = assert_parsers_agree(calendar_bytes(vtimezone, starts))

    assert seen == {f"event-{s.isoformat()}@followcal.test": s.astimezone(UTC) for s in starts}


def offset(tz: ZoneInfo, at: datetime) -> timedelta:
    value = at.astimezone(tz).utcoffset()
    assert value is not None
    return value


def edges(tz: ZoneInfo) -> list[datetime]:
    """The closest unambiguous times around each change of 2026 and 2027, minute by minute."""
    found: list[datetime] = []
    for year in YEARS:
        for day in change_days(tz, year):
            at = datetime.combine(day, time(0), tz).astimezone(UTC) - timedelta(hours=12)
            for _ in range(48 * 60):
                before, after = offset(tz, at), offset(tz, at + MINUTE)
                at += MINUTE
                if after != before:
                    jump = abs(after - before)
                    found += [at - jump - MINUTE, at + jump]  # just outside a repeated hour
                    if after > before:
                        found += [at - MINUTE, at]  # either side of a skipped hour
    return [instant.astimezone(tz) for instant in found]


@pytest.mark.parametrize("zone", [z for z in ZONES if change_days(ZoneInfo(z), 2026)])
@pytest.mark.server  # node's ical.js, or a server it starts
def test_all_parsers_agree_at_the_edges_of_each_change(zone: str) -> None:
    tz = ZoneInfo(zone)
    starts = edges(tz)
    assert len(starts) == 2 * 6
    vtimezone = build_vtimezone(zone, starts)
    assert vtimezone is not None

    seen = assert_parsers_agree(calendar_bytes(vtimezone, starts))

    assert seen == {f"event-{s.isoformat()}@followcal.test": s.astimezone(UTC) for s in starts}


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Sydney", "Asia/Kolkata"])
@pytest.mark.server  # node's ical.js, or a server it starts
def test_todo_due_with_tzid_is_read_alike(zone: str) -> None:
    tz = ZoneInfo(zone)
    dues = meetings(tz)
    vtimezone = build_vtimezone(zone, dues)
    assert vtimezone is not None

    seen = assert_parsers_agree(calendar_bytes(vtimezone, [], todos=dues))

    assert seen == {f"todo-{d.isoformat()}@followcal.test": d.astimezone(UTC) for d in dues}


def test_observances_are_yearly_rules_as_outlook_writes_them() -> None:
    tz = ZoneInfo("America/New_York")
    vtimezone = build_vtimezone("America/New_York", meetings(tz))
    assert vtimezone is not None
    text = vtimezone.to_ical().decode()

    assert "RDATE" not in text and "COMMENT" not in text
    daylight, standard = vtimezone.walk("DAYLIGHT"), vtimezone.walk("STANDARD")
    assert len(daylight) == len(standard) == 1
    assert daylight[0].decoded("DTSTART") == datetime(1970, 3, 8, 2, 0)
    assert standard[0].decoded("DTSTART") == datetime(1970, 11, 1, 2, 0)
    assert daylight[0]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"
    assert standard[0]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"
    assert daylight[0].decoded("TZOFFSETFROM") == timedelta(hours=-5)
    assert daylight[0].decoded("TZOFFSETTO") == timedelta(hours=-4)
    assert (str(daylight[0]["TZNAME"]), str(standard[0]["TZNAME"])) == ("EDT", "EST")


def test_last_sunday_rule_for_europe() -> None:
    vtimezone = build_vtimezone("Europe/Berlin", meetings(ZoneInfo("Europe/Berlin")))
    assert vtimezone is not None
    (daylight,) = vtimezone.walk("DAYLIGHT")
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert daylight.decoded("DTSTART") == datetime(1970, 3, 29, 2, 0)


def test_zone_without_dst_gets_one_standard_observance() -> None:
    vtimezone = build_vtimezone("Asia/Tokyo", meetings(ZoneInfo("Asia/Tokyo")))
    assert vtimezone is not None
    assert not vtimezone.walk("DAYLIGHT")
    (standard,) = vtimezone.walk("STANDARD")
    assert "RRULE" not in standard
    assert standard.decoded("TZOFFSETFROM") == standard.decoded("TZOFFSETTO") == timedelta(hours=9)


@pytest.mark.parametrize(
    ("zone", "local_times"),
    [
        # Brazil had DST in 2018 and abolished it in 2019.
        ("America/Sao_Paulo", [datetime(2018, 1, 10, 9, 30), datetime(2020, 1, 10, 9, 30)]),
        # The US moved its DST dates in 2007.
        ("America/New_York", [datetime(2006, 3, 20, 9, 30), datetime(2007, 3, 20, 9, 30)]),
        # Venezuela went from -04:30 to -04:00 in 2016, without DST on either side.
        ("America/Caracas", [datetime(2015, 6, 1, 9, 30), datetime(2017, 6, 1, 9, 30)]),
        # Morocco leaves its (reversed) DST for Ramadan, which moves 11 days a year.
        ("Africa/Casablanca", [datetime(2026, 6, 1, 9, 30), datetime(2027, 6, 1, 9, 30)]),
    ],
)
def test_rules_that_a_yearly_rule_cannot_express_give_none(
    zone: str, local_times: list[datetime]
) -> None:
    tz = ZoneInfo(zone)
    assert build_vtimezone(zone, [t.replace(tzinfo=tz) for t in local_times]) is None


@pytest.mark.parametrize("fold", [0, 1])
def test_ambiguous_wall_time_gives_none(fold: int) -> None:
    # 01:30 happens twice on 2026-11-01 in New York; ical.js takes the second, the rest the first.
    tz = ZoneInfo("America/New_York")
    instants = [datetime(2026, 1, 15, 9, 30, tzinfo=tz), datetime(2026, 11, 1, 1, 30, fold=fold)]
    assert build_vtimezone("America/New_York", [i.replace(tzinfo=tz) for i in instants]) is None


def test_skipped_wall_time_gives_none() -> None:
    # 02:30 does not exist on 2026-03-08 in New York; parsers place it an hour apart.
    skipped = datetime(2026, 3, 8, 2, 30, tzinfo=ZoneInfo("America/New_York"))
    assert build_vtimezone("America/New_York", [skipped]) is None


def test_instants_given_in_utc_are_converted() -> None:
    tz = ZoneInfo("Europe/London")
    local = meetings(tz)
    from_utc = build_vtimezone("Europe/London", [t.astimezone(UTC) for t in local])
    from_local = build_vtimezone("Europe/London", local)
    assert from_utc is not None and from_local is not None
    assert from_utc.to_ical() == from_local.to_ical()


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        build_vtimezone("Europe/London", [datetime(2026, 1, 1, 9, 30)])


def test_no_instants_give_none() -> None:
    assert build_vtimezone("Europe/London", []) is None


@pytest.mark.parametrize("zone", ZONES)
def test_build_is_deterministic(zone: str) -> None:
    starts = meetings(ZoneInfo(zone))
    first = build_vtimezone(zone, starts)
    second = build_vtimezone(zone, reversed(starts))
    assert first is not None and second is not None
    assert first.to_ical() == second.to_ical()
    assert calendar_bytes(first, starts) == calendar_bytes(second, starts)


def test_icalendar_from_tzid_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("icalendar's generated VTIMEZONEs are read wrong (COMPAT.md)")

    monkeypatch.setattr(icalendar.Timezone, "from_tzid", refuse)
    monkeypatch.setattr(icalendar.Calendar, "add_missing_timezones", refuse)
    assert build_vtimezone("America/Chicago", meetings(ZoneInfo("America/Chicago"))) is not None


# --------------------------------------------------------------------------- names


def test_resolve_zone_returns_zoneinfo() -> None:
    assert resolve_zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert resolve_zone(" Asia/Tokyo ").key == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("America/New_Yrok", "America/New_York"),
        ("europe/berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("Asia/Calcuta", "Asia/Calcutta"),
    ],
)
def test_unknown_zone_suggests_close_names(name: str, suggestion: str) -> None:
    with pytest.raises(ValueError, match="Did you mean") as error:
        resolve_zone(name)
    assert suggestion in str(error.value)
    assert repr(name.strip()) in str(error.value)


@pytest.mark.parametrize(
    "name",
    ["", "   ", "../../etc/passwd", "/usr/share/zoneinfo/UTC", "Europe/../UTC", "Europe\\Berlin"],
)
def test_empty_and_path_like_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        resolve_zone(name)


@pytest.mark.parametrize("name", ["America", "localtime", "posixrules", "Nowhere/Special"])
def test_names_that_are_not_zones_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        resolve_zone(name)


def test_build_vtimezone_refuses_unknown_zone() -> None:
    with pytest.raises(ValueError, match="Europe/Berlin"):
        build_vtimezone("Europe/Berln", [datetime(2026, 1, 1, tzinfo=UTC)])


def test_system_zone_name_uses_tzlocal(monkeypatch: pytest.MonkeyPatch) -> None:
    import tzlocal

    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: "Europe/Berlin")
    assert system_zone_name() == "Europe/Berlin"


@pytest.mark.parametrize("answer", [None, "EST5EDT-not-a-zone", KeyError("conflicting configs")])
def test_system_zone_name_falls_back_to_utc(
    monkeypatch: pytest.MonkeyPatch, answer: str | Exception | None
) -> None:
    import tzlocal

    def fake() -> str | None:
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(tzlocal, "get_localzone_name", fake)
    assert system_zone_name() == "UTC"


def test_module_exports() -> None:
    assert set(timezones.__all__) == {
        "build_vtimezone",
        "country_name",
        "known_place_zones",
        "resolve_zone",
        "system_zone_name",
        "zone_country",
    }


def test_oracle_without_node_modules_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(oracles, "_JS_DIR", tmp_path)
    with pytest.raises(oracles.OracleSetupError, match="npm ci --prefix tests/js"):
        oracles._IcalJs()
