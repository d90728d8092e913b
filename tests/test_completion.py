"""Shell completion of ids, steps, profiles and zones (issue 16), through Click's own
completion protocol, as bash calls it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import invoke, write_interviews

FILE = """
[[interview]]
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00
timezone = "America/New_York"

[[interview.contacts]]
name = "Dana Smith"
email = "dana@acme.example"

[[interview]]
company = "Acme Corp"
role = "Data Engineer"
date = 2026-11-21T10:00:00
timezone = "America/New_York"

[[interview.contacts]]
name = "Lee Park"
email = "lee@acme.example"
"""


def complete(words: str) -> list[str]:
    parts = words.split(" ")
    result = invoke(
        [],
        prog_name="followcal",
        env={
            "_FOLLOWCAL_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        },
    )
    return [line.split(",", 1)[1] for line in result.output.splitlines() if "," in line]


@pytest.fixture(autouse=True)
def interviews(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_interviews(tmp_path, FILE)


def test_ids_complete():
    assert complete("followcal draft acme-corp-b") == ["acme-corp-backend-engineer"]
    assert complete("followcal sent ac") == [
        "acme-corp-backend-engineer",
        "acme-corp-data-engineer",
    ]


def test_steps_complete_for_the_interview():
    found = complete("followcal sent acme-corp-backend-engineer follow")
    assert found == ["follow-up-1", "follow-up-2"]


def test_profiles_complete():
    assert complete("followcal plan --profile pa") == ["paced"]
    assert complete("followcal add --profile pa") == ["paced"]
    assert complete("followcal profiles show pa") == ["paced"]


def test_ids_steps_and_states_complete_for_every_command_that_takes_them():
    backend = "acme-corp-backend-engineer"
    for command in ("draft", "sent", "status", "offer", "accept"):
        assert backend in complete(f"followcal {command} acme-corp-b"), command
    assert complete(f"followcal draft {backend} thank") == ["thank-you"]
    assert complete(f"followcal status {backend} rej") == ["rejected"]
    assert complete("followcal sta") == ["status"]


@pytest.mark.parametrize(("typed", "meant"), [("profiles shw", "show"), ("auth gogle", "google")])
def test_a_mistyped_subcommand_names_the_likely_one(typed: str, meant: str):
    result = invoke(typed.split(), prog_name="followcal")
    assert result.exit_code == 2
    assert f"Did you mean '{meant}'?" in result.output


def test_zones_complete_by_start_or_city_and_never_offer_an_abbreviation():
    assert "Europe/Berlin" in complete("followcal plan --tz europe/be")
    assert complete("followcal add --timezone toronto") == ["America/Toronto"]
    assert "EST" not in complete("followcal plan --tz E")
    assert "CET" not in complete("followcal plan --tz C")


def test_a_broken_file_completes_nothing_and_prints_no_traceback(tmp_path: Path):
    write_interviews(tmp_path, "[[interview]\n")
    assert complete("followcal draft a") == []


# -- examples in each command's --help (issue 16) --------------------------------------


@pytest.mark.parametrize("name", sorted(__import__("followcal.cli").cli.COMMANDS))
def test_every_command_help_shows_examples_of_itself(name: str):
    result = invoke([name, "--help"], prog_name="followcal")
    assert result.exit_code == 0
    examples = result.output.split("Examples:", 1)[1]
    lines = [line.strip() for line in examples.splitlines() if line.strip()]
    starts = [line for line in lines if line.startswith("followcal ")]
    assert starts, result.output
    assert all(line.split()[1] == name for line in starts), starts
