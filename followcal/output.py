"""Rendering plans for people (a table) and for programs (JSON, documented as stable)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from followcal.calendar import summary
from followcal.model import Action


def step_label(action: Action) -> str:
    if action.number:
        return f"{action.step.kind} {action.number}/{action.of}"
    return action.step.kind


def plan_table(actions: Sequence[Action]) -> str:
    if not actions:
        return "Nothing planned: no interview is waiting for an answer."
    rows = [("WHEN", "COMPANY", "STEP", "CHANNEL", "CONTACT", "")]
    for action in actions:
        when = f"{action.start:%a %Y-%m-%d %H:%M %Z}"
        contact = ", ".join(c.name for c in action.contacts)
        rows.append(
            (
                when,
                action.interview.company,
                step_label(action),
                action.step.channel,
                contact,
                "DONE" if action.done else "MISSED" if action.missed else "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def plan_json(actions: Sequence[Action]) -> str:
    """The stable machine-readable plan: see README, "followcal plan --json"."""
    items = [
        {
            "interview": action.interview.id,
            "company": action.interview.company,
            "role": action.interview.role,
            "step": action.step.kind,
            "step_id": action.step.id,
            "follow_up": action.number or None,
            "channel": action.step.channel,
            "contacts": [contact.name for contact in action.contacts],
            "start": action.start.isoformat(),
            "missed": action.missed,
            "done": action.done,
            "uid": action.uid,
            "summary": summary(action),
        }
        for action in actions
    ]
    return json.dumps(items, indent=2, ensure_ascii=False)
