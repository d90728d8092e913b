"""An interview's country: given, or the country of its time zone (tzdata's zone table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from followcal.entries import load_entries
from followcal.errors import InputError
from followcal.timezones import zone_country

ENTRY = """
[[interview]]
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-17T14:00:00
timezone = "{zone}"
{extra}

[[interview.contacts]]
name = "Dana Smith"
email = "dana@acme.example"
"""


def read(tmp_path: Path, zone: str = "America/Chicago", extra: str = "") -> object:
    path = tmp_path / "interviews.toml"
    path.write_text(ENTRY.format(zone=zone, extra=extra), encoding="utf-8")
    (interview,) = load_entries([path], "UTC").interviews
    return interview


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/Berlin", "DE"),
        ("America/Toronto", "CA"),
        ("America/Chicago", "US"),
        ("Europe/London", "GB"),
        ("Asia/Kolkata", "IN"),
        ("Asia/Calcutta", "IN"),  # an old name tzdata keeps as a link
        ("US/Eastern", "US"),
        ("Australia/Sydney", "AU"),
        ("UTC", None),
        ("Etc/GMT+5", None),
    ],
)
def test_a_zone_maps_to_its_country(zone, country):
    assert zone_country(zone) == country


def test_the_country_defaults_to_the_zones(tmp_path):
    interview = read(tmp_path, "Europe/Berlin")
    assert interview.country == "DE"  # type: ignore[attr-defined]
    assert interview.country_code == "DE"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("given", "stored"),
    [("us-ca", "US-CA"), ("DE-BY", "DE-BY"), ("GB-SCT", "GB-SCT"), ("fr", "FR")],
)
def test_a_given_country_wins_and_is_normalised(tmp_path, given, stored):
    interview = read(tmp_path, "Europe/Berlin", f'country = "{given}"')
    assert interview.country == stored  # type: ignore[attr-defined]
    assert interview.country_code == stored.partition("-")[0]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("Germany", "is not a country code"),
        ("XX", "is not a country code"),
        ("DE-ZZ", "has no region 'ZZ'"),
    ],
)
def test_a_bad_country_names_the_field(tmp_path, given, says):
    with pytest.raises(InputError) as caught:
        read(tmp_path, "Europe/Berlin", f'country = "{given}"')
    (problem,) = caught.value.problems
    assert problem.field == "country" and says in str(problem)


def test_a_csv_column_gives_the_country(tmp_path):
    path = tmp_path / "interviews.csv"
    path.write_text(
        "company,role,date,timezone,country,contact_name,contact_email\n"
        "Acme,Dev,2026-11-16 10:00,America/Los_Angeles,us-ca,Dana,d@a.example\n"
        "Beta,Dev,2026-11-17 10:00,Europe/Berlin,,Lee,l@b.example\n",
        encoding="utf-8",
    )
    acme, beta = load_entries([path], "UTC").interviews
    assert (acme.country, beta.country) == ("US-CA", "DE")
