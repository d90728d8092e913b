"""What a new user meets on a first day: the starter file as they will edit it, and drafts
read the way the hiring manager receiving them will (found by trying the tool as a new user)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from followcal.cli import main

NOW = ["--now", "2026-11-01T08:00", "--tz", "America/Chicago"]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _uncommented_example(starter: str) -> str:
    """The starter's example interview as a user makes it live: the '# ' taken off."""
    lines = starter.splitlines()
    start = lines.index("# [[interview]]")
    return "\n".join(line[2:] if line.startswith("# ") else line for line in lines[start:])


def test_the_starter_example_uncommented_holds_no_comment_text_in_its_values(tmp_path: Path):
    path = tmp_path / "interviews.toml"
    assert run("init", "--no-input", str(path)).exit_code == 0
    example = tomllib.loads(_uncommented_example(path.read_text()))["interview"][0]
    # A comment on the line that opens a multi-line string is part of the string.
    assert example["address"] == "1 Main Street\nSpringfield, IL 62701\n"
    for key, value in example.items():
        assert "#" not in str(value), key


def test_a_decision_date_is_never_used_as_an_adjective():
    """'I know the Friday, 4 December 2026 date you mentioned' reads like a form letter."""
    from tests.test_golden import TEMPLATES, render_all

    weekday = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    checked = 0
    for template in TEMPLATES:
        text = render_all(template)
        assert not re.search(rf"\bthe ({weekday}), \d", text), template
        assert " date you " not in text and " date has passed" not in text, template
        if template.startswith(("follow-up-2", "follow-up-3")):
            checked += "hoped to decide by" in text or "mentioned deciding by" in text
    assert checked == 6  # the follow-ups 2 and 3, by email, letter and phone


LETTER_ENTRY = """
[[interview]]
id = "hargreaves"
company = "Hargreaves & Sons"
role = "Legal Operations Analyst"
date = 2026-10-20T10:00:00
timezone = "Europe/London"
channel = "letter"
address = \"\"\"
12 Bedford Row
London WC1R 4BU
\"\"\"

[[interview.contacts]]
name = "Tan Wei Ling"
title = "Practice Director"
"""


def _letter_file(tmp_path: Path, candidate_address: str | None) -> Path:
    path = tmp_path / "interviews.toml"
    mine = f'address = """\n{candidate_address}\n"""\n' if candidate_address else ""
    path.write_text(
        f'[candidate]\nname = "Priya Raman"\nemail = "priya@example.com"\n{mine}{LETTER_ENTRY}',
        encoding="utf-8",
    )
    return path


def test_a_letter_opens_with_the_senders_name_and_postal_address(tmp_path: Path):
    path = _letter_file(tmp_path, "12 King Street West\n\nToronto ON  M5H 1A1")
    result = run("draft", "-f", str(path), "hargreaves", "follow-up-1", *NOW)
    assert result.exit_code == 0, result.output
    letter = result.stdout.split("\n", 1)[1]  # under the "# when (step)" line
    assert letter.startswith(
        "Priya Raman\n12 King Street West\nToronto ON  M5H 1A1\n\n"
        "Tan Wei Ling\nPractice Director\nHargreaves & Sons\n12 Bedford Row\nLondon WC1R 4BU\n\n"
    )
    assert "return address" not in run("validate", str(path), *NOW).stderr


def test_a_letter_without_the_senders_address_is_flagged(tmp_path: Path):
    path = _letter_file(tmp_path, None)
    letter = run("draft", "-f", str(path), "hargreaves", "follow-up-1", *NOW).stdout
    assert letter.split("\n", 1)[1].startswith("Tan Wei Ling\n")
    result = run("validate", str(path), *NOW)
    assert result.exit_code == 0
    assert "letters (hargreaves) have no return address: add `address` under [candidate]" in (
        result.stderr
    )


def test_a_withdrawal_before_the_interview_calls_it_off(tmp_path: Path):
    """Accepting an offer on 25 November withdraws from an interview set for 22 December:
    no thanks for 'the time you have given me' or 'getting to know you and the team'."""
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[candidate]\nname = "Priya Raman"\n\n'
        '[[interview]]\nid = "zalando"\ncompany = "Zalando"\nrole = "Data Engineer"\n'
        'date = 2026-11-10T09:30:00\ntimezone = "Europe/Berlin"\n'
        '[[interview.contacts]]\nname = "Dr. Sarah Lim"\nemail = "s.lim@zalando.example"\n\n'
        '[[interview]]\nid = "northwind"\ncompany = "Northwind"\nrole = "Operations Manager"\n'
        'date = 2026-12-22T15:00:00\ntimezone = "America/Chicago"\n'
        '[[interview.contacts]]\nname = "José Álvarez-Núñez"\nemail = "jose@northwind.example"\n',
        encoding="utf-8",
    )
    now = ["--now", "2026-11-25T10:00", "--tz", "America/Toronto"]
    assert run("accept", "-f", str(path), "zalando", "--force", "--yes", *now).exit_code == 0
    result = run("draft", "-f", str(path), "northwind", "withdrawal", *now)
    assert result.exit_code == 0, result.output
    body = result.stdout
    assert "Hi José,\n\nThank you for inviting me to interview" in body
    assert "on Tuesday, 22 December 2026." in body and "cancel our interview" in body
    assert "getting to know you" not in body and "time you have given me" not in body


def test_a_topic_ending_in_a_full_stop_does_not_end_its_sentence_twice(tmp_path: Path):
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[candidate]\nname = "Priya Raman"\n\n'
        '[[interview]]\nid = "shopify"\ncompany = "Shopify"\nrole = "Staff Engineer"\n'
        'date = 2026-11-26T14:00:00\ntimezone = "America/Toronto"\n'
        'topic = "the move to Kafka."\n'
        '[[interview.contacts]]\nname = "Dana Lee"\nemail = "dana@shopify.example"\n',
        encoding="utf-8",
    )
    result = run("draft", "-f", str(path), "shopify", "thank-you", *NOW)
    assert "our conversation about the move to Kafka.\n" in result.stdout
    assert ".." not in result.stdout
    assert "full stop" in result.stderr or "sentence" in result.stderr  # still warned about


def test_add_takes_a_postal_address_of_several_lines(tmp_path: Path):
    """'it cannot hold control characters' refused --address $'12 Bedford Row\\nLondon ...',
    and at a terminal only its first line was asked for: the postcode never reached the card."""
    path = tmp_path / "interviews.toml"
    path.write_text('[candidate]\nname = "Priya Raman"\n', encoding="utf-8")
    result = run(
        "add", "-f", str(path), "--no-input", "--company", "Hargreaves & Sons",
        "--role", "Analyst", "--date", "2026-11-24 10:00", "--timezone", "Europe/London",
        "--traditional", "--contact", "Tan Wei Ling; Practice Director",
        "--address", "12 Bedford Row\r\n  London WC1R 4BU\n", "--now", "2026-11-23T08:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    card = run("draft", "-f", str(path), "hargreaves", "thank-you", "--now", "2026-11-23T08:00")
    assert "Hargreaves & Sons\n12 Bedford Row\nLondon WC1R 4BU\n\nDear Tan Wei Ling," in (
        card.stdout
    )
