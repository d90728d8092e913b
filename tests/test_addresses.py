"""Addresses: a well-kept validator, and "did you mean gmail.com?" for the typos of the big
providers, for the candidate and the contacts alike (issue 16)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from followcal.addresses import email_problem, likely_address
from tests.helpers import invoke, write_interviews

INTERVIEW = """
[candidate]
name = "Priya Raman"
email = "{me}"

[[interview]]
id = "kiez"
company = "Kiezkraft"
role = "Backend Engineer"
date = 2026-11-20T10:00:00
timezone = "Europe/Berlin"

[[interview.contacts]]
name = "Jonas Weber"
email = "{them}"
"""


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("priya.raman@gmial.com", "priya.raman@gmail.com"),
        ("priya@gmail.con", "priya@gmail.com"),
        ("priya@gmail.co", "priya@gmail.com"),
        ("priya@gamil.com", "priya@gmail.com"),
        ("priya@hotmial.com", "priya@hotmail.com"),
        ("priya@outlok.com", "priya@outlook.com"),
        ("priya@yahooo.com", "priya@yahoo.com"),
        ("priya@icloud.co", "priya@icloud.com"),
    ],
)
def test_a_misspelt_big_provider_is_named(typed: str, meant: str):
    assert likely_address(typed) == meant
    problem = email_problem(typed)
    assert problem is not None and f"did you mean {meant}?" in problem


@pytest.mark.parametrize(
    "real",
    [
        "priya@gmail.com", "jonas@kiez.example", "x@gmx.at", "x@ymail.com", "x@email.com",
        "x@ge.com", "x@hotmail.fr", "x@yahoo.ca", "dana.o'neil@acme.example", "x@protonmail.ch",
    ],
)  # fmt: skip
def test_real_addresses_pass(real: str):
    assert email_problem(real) is None


@pytest.mark.parametrize("broken", ["priya@", "priya@@gmail.com", "priya@gmail", "pri ya@x.com"])
def test_broken_addresses_are_refused(broken: str):
    assert email_problem(broken) is not None


def test_validate_refuses_the_candidates_typo_naming_the_fix(tmp_path: Path):
    path = write_interviews(
        tmp_path, INTERVIEW.format(me="priya.raman@gmial.com", them="jonas@kiez.example")
    )
    result = invoke(["validate", str(path)])
    assert result.exit_code != 0
    assert "[candidate]" in result.output and "email" in result.output
    assert "did you mean priya.raman@gmail.com?" in result.output


def test_validate_refuses_a_contacts_typo(tmp_path: Path):
    path = write_interviews(
        tmp_path, INTERVIEW.format(me="priya.raman@gmail.com", them="jonas.weber@gmial.com")
    )
    result = invoke(["validate", str(path)])
    assert result.exit_code != 0
    assert "did you mean jonas.weber@gmail.com?" in result.output


def test_a_config_candidate_typo_is_refused(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('[candidate]\nname = "Priya Raman"\nemail = "priya@gmial.com"\n')
    path = write_interviews(
        tmp_path, INTERVIEW.format(me="priya.raman@gmail.com", them="jonas@kiez.example")
    )
    result = invoke(["plan", str(path)], env={"FOLLOWCAL_CONFIG": str(config)})
    assert result.exit_code != 0
    assert "did you mean priya@gmail.com?" in result.output


def test_init_at_a_terminal_asks_again_after_a_typo(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("followcal.cli.asking.stdin_is_terminal", lambda: True)
    path = tmp_path / "interviews.toml"
    answers = "Priya Raman\npriya.raman@gmial.com\npriya.raman@gmail.com\nAmerica/Toronto\n\n"
    result = invoke(["init", str(path)], input=answers)
    assert result.exit_code == 0, result.output
    assert "did you mean priya.raman@gmail.com?" in result.output
    assert tomllib.loads(path.read_text())["candidate"]["email"] == "priya.raman@gmail.com"


# -- a config others can write runs no command (issue 16) -----------------------------------


def test_a_config_others_can_write_that_names_a_command_is_refused(tmp_path: Path):
    import os

    config = tmp_path / "config.toml"
    marker = tmp_path / "ran"
    config.write_text(
        f'[sync]\nurl = "https://dav.example/"\npassword_command = "touch {marker}"\n'
    )
    os.chmod(config, 0o666)
    path = write_interviews(
        tmp_path, INTERVIEW.format(me="priya.raman@gmail.com", them="jonas@kiez.example")
    )
    result = invoke(["plan", str(path)], env={"FOLLOWCAL_CONFIG": str(config)})
    assert result.exit_code == 6, result.output
    assert "others can write" in result.output and "mode 0666" in result.output
    assert "chmod go-w" in result.output and "sync.password_command" in result.output
    assert not marker.exists()
    os.chmod(config, 0o600)
    fine = invoke(["plan", str(path)], env={"FOLLOWCAL_CONFIG": str(config)})
    assert fine.exit_code == 0, fine.output


def test_a_config_others_can_write_without_a_command_is_fine(tmp_path: Path):
    import os

    config = tmp_path / "config.toml"
    config.write_text('business_time = "09:30"\n')
    os.chmod(config, 0o666)
    path = write_interviews(
        tmp_path, INTERVIEW.format(me="priya.raman@gmail.com", them="jonas@kiez.example")
    )
    result = invoke(["plan", str(path)], env={"FOLLOWCAL_CONFIG": str(config)})
    assert result.exit_code == 0, result.output
