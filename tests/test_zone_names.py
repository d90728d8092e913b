"""Zones are places: abbreviations and offsets (EST, CET, IST, "Eastern", UTC+2) are refused
wherever a zone is read, naming the places they most likely mean (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from followcal.timezones import resolve_zone
from tests.helpers import invoke, write_interviews

ENTRY = """
[[interview]]
id = "bank"
company = "Harbor Bank"
role = "Data Engineer"
date = 2026-11-20T14:00:00
timezone = "{zone}"

[[interview.contacts]]
name = "Dana Smith"
email = "dana@harbor.example"
phone = "(212) 555-0187"
"""


@pytest.mark.parametrize(
    ("typed", "likely"),
    [
        ("EST", "America/New_York"),
        ("est", "America/New_York"),
        ("Eastern", "America/New_York"),
        ("Eastern Time", "America/New_York"),
        ("CET", "Europe/Berlin"),
        ("PST", "America/Los_Angeles"),
        ("IST", "Asia/Kolkata"),
        ("BST", "Europe/London"),
        ("GMT", "Europe/London"),
        ("EST5EDT", "America/New_York"),
        ("MST", "America/Denver"),
    ],
)
def test_an_abbreviation_is_refused_naming_the_places_it_may_mean(typed: str, likely: str):
    with pytest.raises(ValueError, match="not a place") as refused:
        resolve_zone(typed)
    assert likely in str(refused.value)
    assert repr(typed) in str(refused.value)


@pytest.mark.parametrize("typed", ["UTC+2", "GMT-05:00", "+0100", "Etc/GMT+5", "UCT", "GMT0"])
def test_an_offset_or_a_placeless_name_is_refused(typed: str):
    with pytest.raises(ValueError, match="Europe/Berlin"):
        resolve_zone(typed)


@pytest.mark.parametrize(
    "place", ["America/New_York", "Europe/Berlin", "UTC", "Etc/UTC", "US/Eastern", "Asia/Kolkata"]
)
def test_places_still_resolve(place: str):
    assert resolve_zone(place).key == place


def test_a_toml_entry_in_est_is_refused_naming_file_entry_and_field(tmp_path: Path):
    path = write_interviews(tmp_path, ENTRY.format(zone="EST"))
    result = invoke(["validate", str(path)])
    assert result.exit_code != 0
    assert "interviews.toml" in result.output and "timezone" in result.output
    assert "America/New_York" in result.output
    assert "Panama" not in result.output


def test_a_csv_row_in_cet_is_refused(tmp_path: Path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "company,role,date,timezone,contact_name,contact_email\n"
        "Kiezkraft,Backend Engineer,2026-11-20T10:00,CET,Jonas Weber,jonas@kiez.example\n"
    )
    result = invoke(["validate", str(path)])
    assert result.exit_code != 0
    assert "Europe/Berlin" in result.output and "sheet.csv" in result.output


def test_tz_option_refuses_an_abbreviation(tmp_path: Path):
    path = write_interviews(tmp_path, ENTRY.format(zone="America/New_York"))
    result = invoke(["plan", "--tz", "PST", str(path)])
    assert result.exit_code == 2
    assert "America/Los_Angeles" in result.output


def test_add_timezone_option_refuses_an_abbreviation(tmp_path: Path):
    path = tmp_path / "interviews.toml"
    result = invoke(
        [
            "add", "-f", str(path), "--no-input", "--company", "Harbor Bank",
            "--role", "Data Engineer", "--date", "2026-11-20T14:00", "--timezone", "EST",
        ],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "America/New_York" in result.output
    assert not path.exists() or "Harbor" not in path.read_text()


def test_config_timezone_abbreviation_is_refused(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('[candidate]\nname = "Priya Raman"\ntimezone = "IST"\n')
    path = write_interviews(tmp_path, ENTRY.format(zone="America/New_York"))
    result = invoke(["plan", str(path)], env={"FOLLOWCAL_CONFIG": str(config)})
    assert result.exit_code != 0
    assert "Asia/Kolkata" in result.output


# -- one clock reader: the command line, the config and the profiles agree (issue 16) -------


@pytest.mark.parametrize("typed", ["0930", "09", "09:30:00.5", "09:30+02:00", "9.30"])
def test_business_time_on_the_command_line_refuses_what_the_config_refuses(
    tmp_path: Path, typed: str
):
    path = write_interviews(tmp_path, ENTRY.format(zone="America/New_York"))
    result = invoke(["plan", "--business-time", typed, str(path)])
    assert result.exit_code == 2, result.output
    assert "09:30" in result.output


@pytest.mark.parametrize("typed", ["09:30", "9:30", "09:30:00"])
def test_a_clock_the_command_line_takes_the_config_takes_too(tmp_path: Path, typed: str):
    config = tmp_path / "config.toml"
    config.write_text(f'business_time = "{typed}"\n')
    path = write_interviews(tmp_path, ENTRY.format(zone="America/New_York"))
    from_config = invoke(
        ["plan", "--now", "2026-11-01T08:00", str(path)],
        env={"FOLLOWCAL_CONFIG": str(config)},
    )
    from_option = invoke(
        ["plan", "--now", "2026-11-01T08:00", "--business-time", typed, str(path)],
        env={"FOLLOWCAL_CONFIG": str(tmp_path / "none.toml")},
    )  # fmt: skip
    assert from_config.exit_code == from_option.exit_code == 0, from_config.output
    assert from_config.output == from_option.output
