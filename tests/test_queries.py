"""The questions commands ask of a plan (followcal.queries), answered below the CLI."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from followcal.model import STATUSES
from followcal.queries import (
    agenda,
    closed_by_accepting,
    emails_due,
    left_to_do,
    newly_cancelled,
)
from tests.helpers import DANA, LEE, interview, plan_for

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize("status", STATUSES)
def test_accepting_closes_every_other_interview_still_considering_you(status):
    accepted = interview(id="taken", company="Taken Inc", status="offer")
    other = interview(id="other", company="Other Co", status=status)
    closed = closed_by_accepting([accepted, other], "taken")
    # An offer you did not take, a company you heard back from, one still deciding: each is
    # told. A rejection, a withdrawal or an acceptance is over already.
    expected = status in ("waiting", "heard-back", "offer")
    assert closed == ([other] if expected else [])
    assert accepted not in closed_by_accepting([accepted, other], "taken")


def test_emails_due_are_the_open_email_steps_from_today_to_the_horizon():
    actions = plan_for(interview(), now=datetime(2026, 11, 17, 8, 0, tzinfo=NEW_YORK))
    today = date(2026, 11, 18)
    due = emails_due(actions, today, 0, NEW_YORK)
    assert [(a.step.id, a.contacts[0].name) for a in due] == [
        ("thank-you", DANA.name), ("thank-you", LEE.name),
    ]  # fmt: skip
    ten_days = emails_due(actions, today, 10, NEW_YORK)
    assert [a.step.id for a in ten_days] == ["thank-you", "thank-you", "follow-up-1"]
    assert emails_due(actions, date(2026, 11, 19), 7, NEW_YORK) == []  # nothing that week
    retired = [replace(a, state="done") for a in due]
    assert emails_due(retired, today, 0, NEW_YORK) == []


def test_a_step_done_for_one_person_is_left_to_do_for_the_other():
    sent = interview(sent_to={"thank-you": {"dana smith": datetime(2026, 11, 17, 18, 0)}})
    actions = plan_for(sent, now=datetime(2026, 11, 17, 19, 0, tzinfo=NEW_YORK))
    assert left_to_do(actions, "acme", "thank-you") == [LEE.name]
    assert left_to_do(plan_for(interview()), "acme", "thank-you") == [DANA.name, LEE.name]


def test_newly_cancelled_counts_only_what_was_still_to_do():
    before = plan_for(interview())
    after = plan_for(interview(status="rejected"))
    assert newly_cancelled(before, after) == sum(1 for a in after if a.cancelled) > 0
    assert newly_cancelled(after, after) == 0


def test_the_agenda_splits_open_actions_at_the_end_of_the_nth_day():
    now = datetime(2026, 11, 17, 8, 0, tzinfo=NEW_YORK)
    actions = plan_for(interview(), now=now)
    overdue, coming, later = agenda(actions, now, 1)  # today and tomorrow, the 18th
    assert overdue == [] and [a.step.id for a in coming] == ["thank-you", "thank-you"]
    assert [a.step.id for a in later] == ["follow-up-1", "follow-up-2", "move-on"]
    assert agenda(actions, now, 0)[1] == []  # the thank-yous go on the 18th, not today
