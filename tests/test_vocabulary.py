"""One typed vocabulary (followcal.model): each word defined once, and mypy refuses a
misspelt one wherever it is compared or assigned."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api

from followcal.model import ACTION_STATES, STATUSES
from tests.helpers import interview, plan_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("status", STATUSES)
def test_each_status_answers_the_three_questions_asked_of_it(status):
    one = interview(status=status)
    assert one.awaiting_answer is (status == "waiting")  # followcal keeps following up
    assert one.undecided is (status in ("waiting", "heard-back"))  # mail may change it
    assert one.considering is (status in ("waiting", "heard-back", "offer"))  # accept tells it
    # Each narrows the next: a company you still follow up is undecided, and still deciding.
    assert not one.awaiting_answer or one.undecided
    assert not one.undecided or one.considering


def test_an_action_stands_in_exactly_one_state():
    actions = plan_for(interview(status="rejected")) + plan_for(interview())
    for action in actions:
        flags = [action.is_open, action.missed, action.done, action.cancelled]
        assert flags.count(True) == 1 and action.state in ACTION_STATES
        assert action.retired is (action.state in ("done", "cancelled"))


def test_mypy_refuses_a_misspelt_status_or_state(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # where mypy finds the package
    snippet = tmp_path / "misspelt.py"
    snippet.write_text(
        textwrap.dedent(
            """
            from followcal.model import Action, Interview

            def stalled(interview: Interview) -> bool:
                return interview.status == "wating"

            def gone(action: Action) -> bool:
                return action.state == "canceled"

            def checked(interview: Interview) -> bool:
                return interview.status == "waiting"
            """
        )
    )
    out, _, code = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(snippet)]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert code == 1
    assert [line.split(":")[1] for line in errors] == ["5", "8"], out  # the correct one passes
    assert all("Non-overlapping equality check" in line for line in errors), out
