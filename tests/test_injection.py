"""No text can inject iCalendar structure, and nothing reaches the terminal raw.

Every text that reaches the .ics passes through `text.ics_text`; the calendar is checked
with icalendar and vobject (what Radicale reads uploads with), in this process and in one
run with PYTHONOPTIMIZE=1, where icalendar's own guard (an `assert`) is gone.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import vobject  # type: ignore[import-untyped]
from click.testing import CliRunner
from icalendar import Calendar

from followcal.cli import main
from followcal.drafting import make_environment
from followcal.messages import draft_actions
from followcal.model import Candidate, Contact
from tests.helpers import interview, plan_for, whole_calendar
from tests.oracles import assert_parsers_agree

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 1, tzinfo=UTC)
# A line break of each kind, each followed by what would be a property of its own.
PAYLOAD = (
    "Acme\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@example\r\n"
    "ATTENDEE:mailto:cr@evil.example\rX-INJECTED-CR:1\nX-INJECTED-LF:1\x0bX-VT:1"
)
INJECTED = ("ATTENDEE", "X-INJECTED-CR", "X-INJECTED-LF", "X-VT", "ORGANIZER")


NAME = "Jobs\rATTENDEE:mailto:name@evil.example"


def hostile_calendar(name: str = NAME) -> tuple[bytes, set[str]]:
    """A calendar whose company, role, contact title and calendar name carry the payload,
    and the UIDs the plan holds."""
    dana = Contact("Dana Smith", PAYLOAD, "dana@acme.example", "+1 555 0142")
    entry = interview(company=PAYLOAD, role=PAYLOAD, contacts=(dana,))
    actions = plan_for(entry, profile="balanced")
    drafted = draft_actions(actions, make_environment(None), Candidate("Alex Morgan"))
    data = whole_calendar(drafted, now=NOW, as_todos=False, name=name)
    return data, {action.uid for action in actions}


def assert_no_injection(data: bytes, planned: set[str]) -> None:
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert {str(event["UID"]) for event in events} == planned
    for component in calendar.walk():
        assert not [name for name in component if name in INJECTED], component.name
    parsed = vobject.readOne(data.decode("utf-8"))
    assert not [name for name in INJECTED if name.lower() in parsed.contents]
    vevents = parsed.contents["vevent"]
    assert {event.uid.value for event in vevents} == planned
    for event in vevents:
        assert not [name for name in INJECTED if name.lower() in event.contents]
    summary = str(events[0]["SUMMARY"])
    assert "END:VEVENT BEGIN:VEVENT" in summary  # the payload stays as text, on one line
    assert_parsers_agree(data)


@pytest.mark.server  # node's ical.js, or a server it starts
def test_company_role_and_title_cannot_inject_events_or_properties():
    data, planned = hostile_calendar()
    assert_no_injection(data, planned)
    assert "\r" not in str(Calendar.from_ical(data)["X-WR-CALNAME"])


CHILD = """
import pickle, sys
sys.path.insert(0, sys.argv[1])
from tests.test_injection import hostile_calendar
assert not __debug__, "PYTHONOPTIMIZE is not in effect"
sys.stdout.buffer.write(pickle.dumps(hostile_calendar()))
"""


@pytest.mark.server  # the child checks with node's ical.js too
def test_no_injection_with_python_optimize_either():
    """icalendar checks for line breaks with an assert, which -O removes: ours must hold."""
    env = {**os.environ, "PYTHONOPTIMIZE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(REPO)], env=env, capture_output=True, check=True
    )
    data, planned = pickle.loads(done.stdout)
    assert_no_injection(data, planned)


def test_a_calendar_name_in_the_config_with_a_line_break_is_a_config_error(tmp_path, monkeypatch):
    from tests.test_lifecycle import FILE

    config = tmp_path / "config.toml"
    config.write_text('calendar_name = "Jobs\\rATTENDEE:mailto:config@evil.example"\n')
    monkeypatch.setenv("FOLLOWCAL_CONFIG", str(config))
    interviews = tmp_path / "interviews.toml"
    interviews.write_text(FILE)
    result = CliRunner().invoke(
        main, ["generate", str(interviews), "-o", "-", "--now", "2026-11-25T08:00"]
    )
    assert result.exit_code == 6 and not result.stdout
    assert "'calendar_name' contains the control character U+000D" in result.stderr


ESCAPES = ("\x1b[2J", "\x1b]0;owned\x07", "\x9b31m", "\u202e")


def test_control_characters_in_one_line_fields_are_a_clear_error_shown_escaped(tmp_path):
    from tests.test_lifecycle import FILE

    for escape in ESCAPES[:3]:
        path = tmp_path / "interviews.toml"
        in_toml = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escape)
        path.write_text(FILE.replace('company = "Acme Corp"', f'company = "Acme{in_toml}Corp"'))
        result = CliRunner().invoke(main, ["plan", str(path), "--now", "2026-11-25T08:00"])
        assert result.exit_code == 3
        assert "field 'company': contains the control character U+" in result.stderr
        assert not [ch for ch in result.stderr if ch in "\x1b\x07\x9b"]
    # A value quoted back in an error is shown with its escapes visible.
    path.write_text(FILE.replace("decision_by = 2026-12-01", 'decision_by = "2026\\u001b[2J"'))
    result = CliRunner().invoke(main, ["plan", str(path), "--now", "2026-11-25T08:00"])
    assert result.exit_code == 3
    assert "field 'decision_by': '2026\\x1b[2J' is not" in result.stderr
    assert "\x1b" not in result.stderr


def test_bidi_overrides_never_reach_the_terminal_raw(tmp_path):
    from tests.test_lifecycle import FILE

    path = tmp_path / "interviews.toml"
    path.write_text(FILE.replace('name = "Dana Smith"', 'name = "Dana \u202eSmith"'))
    for command in ("plan", "agenda"):
        args = [command, str(path), "--now", "2026-11-25T08:00"]
        result = CliRunner().invoke(
            main, [*args, *(["--days", "30"] if command == "agenda" else [])]
        )
        assert result.exit_code == 0, result.stderr
        assert "\u202e" not in result.stdout + result.stderr
    shown = CliRunner().invoke(main, ["plan", str(path), "--now", "2026-11-25T08:00"]).stdout
    assert "Dana \\u2" in shown  # escaped, visibly (the table may wrap it)
