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
                _state(action),
            )
        )
    return _columns(rows)


def _state(action: Action) -> str:
    if action.done:
        sent = action.interview.sent.get(action.step.id)
        return f"DONE {sent:%Y-%m-%d}" if sent else "DONE"
    return "MISSED" if action.missed else ""


def agenda_table(overdue: Sequence[Action], coming: Sequence[Action]) -> str:
    if not (overdue or coming):
        return "Nothing to do in this period."
    rows = [("", "WHEN", "WHAT", "CHANNEL", "CONTACT")]
    for label, actions in (("OVERDUE", overdue), ("", coming)):
        for action in actions:
            contact = "; ".join(
                ", ".join(p for p in (c.name, c.email or c.phone) if p) for c in action.contacts
            )
            rows.append(
                (
                    label,
                    f"{action.start:%a %Y-%m-%d %H:%M %Z}",
                    summary(action),
                    action.step.channel,
                    contact,
                )
            )
    return _columns(rows)


def agenda_json(overdue: Sequence[Action], coming: Sequence[Action]) -> str:
    items = [{**_item(action), "overdue": action in overdue} for action in [*overdue, *coming]]
    return json.dumps(items, indent=2, ensure_ascii=False)


def _columns(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _item(action: Action) -> dict[str, object]:
    return {
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


def plan_json(actions: Sequence[Action]) -> str:
    """The stable machine-readable plan: see README, "followcal plan --json"."""
    items = [_item(action) for action in actions]
    return json.dumps(items, indent=2, ensure_ascii=False)
