"""What people copy out of a table stays whole: ids, step ids, email addresses and phone
numbers are never split across lines, at 80 or 100 columns or any other width, and text
wraps at words (issue 16)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followcal.model import Action, Contact
from followcal.output import agenda_table, plan_table
from tests.helpers import interview, invoke, plan_for

SAMPLES = Path(__file__).parent.parent / "samples"
NOW = ["--now", "2026-12-01T09:00"]


def _lines_holding(token: str, table: str) -> list[str]:
    """The lines that hold `token` whole, as a word (not inside a longer one)."""
    pattern = re.compile(rf"(?<![\w.@+-]){re.escape(token)}(?![\w@-])")
    return [line for line in table.splitlines() if pattern.search(line)]


def _ids(actions: list[Action]) -> set[str]:
    return {a.interview.id for a in actions} | {a.step.id for a in actions}


def _addresses(actions: list[Action]) -> set[str]:
    return {c.email for a in actions if a.step.channel != "phone" for c in a.contacts if c.email}


def _assert_whole(table: str, tokens: set[str]) -> None:
    for token in tokens:
        assert _lines_holding(token, table), f"{token!r} is split:\n{table}"


def _assert_fits(table: str, width: int) -> None:
    for line in table.splitlines():
        # Only a line holding nothing but one word longer than the terminal may run over.
        assert len(line) <= width or len(line.split()) == 1, f"{line!r} is wider than {width}"


@pytest.fixture
def sample_folder(tmp_path, monkeypatch) -> Path:
    shutil.copy(SAMPLES / "interviews.toml", tmp_path / "interviews.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("columns", [60, 80, 100, 120])
@pytest.mark.parametrize("command", [["plan"], ["agenda", "--days", "30"]])
def test_the_samples_never_split_an_id_an_address_or_a_number(sample_folder, command, columns):
    table = invoke([*command, *NOW], env={"COLUMNS": str(columns)}).stdout
    items = json.loads(invoke([*command, *NOW, "--json"]).stdout)
    assert items, "the samples plan something"
    tokens = {item["interview"] for item in items} | {item["step_id"] for item in items}
    tokens |= set(re.findall(r"[\w.+-]+@[\w.-]+\w", table.replace("\n", " ")))
    assert "hartwell-analyst" in tokens and "thank-you-letter" in tokens
    _assert_whole(table, tokens)
    if command[0] == "agenda":
        for number in ("+1 312 555 0175", "dana.smith@acme.example"):
            assert _lines_holding(number, table), table
    _assert_fits(table, columns)


def test_a_wide_terminal_keeps_one_line_per_action(sample_folder):
    table = invoke(["plan", *NOW], env={"COLUMNS": "200"}).stdout
    rows = table.splitlines()
    assert rows[0].split()[:2] == ["WHEN", "ID"]
    assert len(rows) == 1 + len(json.loads(invoke(["plan", *NOW, "--json"]).stdout))


def test_text_wraps_at_words_not_inside_them(sample_folder):
    table = invoke(["agenda", "--days", "30", *NOW], env={"COLUMNS": "80"}).stdout
    words = {"thank-you", "Northwind", "Traders:", "Rivera", "Margaret"}
    for word in words:
        assert _lines_holding(word.rstrip(":"), table), word
    assert not re.search(r"\w-$", table, re.MULTILINE), table  # no "thank-" at a line's end


SLUG = st.from_regex(r"[a-z0-9]{1,9}(-[a-z0-9]{1,9}){0,3}", fullmatch=True)
NAME = st.from_regex(r"[A-Z][a-z]{1,9}( [A-Z][a-z]{1,12}){0,2}", fullmatch=True)
EMAIL = st.builds(
    lambda user, host: f"{user}@{host}.example",
    st.from_regex(r"[a-z]{1,12}(\.[a-z]{1,12})?", fullmatch=True),
    SLUG,
)
CONTACT = st.builds(lambda name, email: Contact(name, None, email, "+1 212 555 0142"), NAME, EMAIL)


@given(
    ids=st.lists(SLUG, min_size=1, max_size=3, unique=True),
    company=NAME,
    contacts=st.lists(CONTACT, min_size=1, max_size=3, unique_by=lambda c: c.name),
    width=st.integers(min_value=40, max_value=200),
)
def test_no_width_splits_what_people_copy(ids, company, contacts, width):
    interviews = [interview(id=slug, company=company, contacts=tuple(contacts)) for slug in ids]
    actions = plan_for(*interviews, now=datetime(2026, 11, 20, tzinfo=ZoneInfo("UTC")))
    assert actions
    plan = plan_table(actions, "Australia/Sydney", width=width)
    agenda = agenda_table(actions[:2], actions[2:], "Australia/Sydney", days=60, width=width)
    _assert_whole(plan, _ids(actions))
    _assert_whole(agenda, _ids(actions) | _addresses(actions))  # the agenda says how to reach
    for table in (plan, agenda):
        _assert_fits(table, width)


def test_piped_output_keeps_each_action_on_one_line_for_grep(sample_folder):
    piped = invoke(["plan", *NOW], env={"COLUMNS": None}).stdout  # CliRunner is not a terminal
    assert all(len(line.split("  ")) > 3 for line in piped.splitlines()), piped
    hartwell = [line for line in piped.splitlines() if "hartwell-analyst" in line]
    assert len(hartwell) == 2 and all("Margaret Hale" in line for line in hartwell)
