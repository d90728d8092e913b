"""Rendering plans for people (a table) and for programs (JSON, documented as stable)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from followcal.calendar import summary
from followcal.model import Action


def step_label(action: Action) -> str:
    if action.number:
        return f"{action.step.kind} {action.number}/{action.of}"
    return action.step.kind


def when(action: Action, my_zone: str | None = None) -> str:
    """Your time first (your zone), then the company's where its clock reads differently:
    'Mon 2026-12-07 07:15 EST (13:15 CET)'. A message prepared the evening before shows
    when it goes as well."""
    mine = _in(action.start, my_zone)
    text = f"{mine:%a %Y-%m-%d %H:%M %Z}"
    theirs = action.start
    if theirs.utcoffset() != mine.utcoffset() or theirs.tzname() != mine.tzname():
        text += f" ({theirs:%H:%M %Z})"
    if action.send_at is not None:
        send_mine = _in(action.send_at, my_zone)
        text += f", sends {send_mine:%a %H:%M}"
    return text


def _in(moment: datetime, zone_name: str | None) -> datetime:
    if zone_name is None:
        return moment
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(zone_name))


def plan_table(actions: Sequence[Action], my_zone: str | None = None) -> str:
    if not actions:
        return "Nothing planned: no interview is waiting for an answer."
    rows = [("WHEN", "COMPANY", "STEP", "CHANNEL", "CONTACT", "")]
    for action in actions:
        when_text = when(action, my_zone)
        contact = ", ".join(c.name for c in action.contacts)
        rows.append(
            (
                when_text,
                action.interview.company,
                step_label(action),
                action.step.channel,
                contact,
                _state(action),
            )
        )
    return _columns(rows) + _flags(actions)


def _flags(actions: Sequence[Action]) -> str:
    """Problems the planner could not solve, under the table where they are seen."""
    lines = sorted(
        {f"! {a.interview.company} {a.step.id}: {a.flag}" for a in actions if a.flag and a.is_open}
    )
    return "".join(f"\n{line}" for line in lines)


def _state(action: Action) -> str:
    if action.done:
        sent = action.interview.sent.get(action.step.id)
        return f"DONE {sent:%Y-%m-%d}" if sent else "DONE"
    if action.missed:
        return "MISSED"
    return "CHECK TIME" if action.flag else ""


def agenda_table(
    overdue: Sequence[Action], coming: Sequence[Action], my_zone: str | None = None
) -> str:
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
                    when(action, my_zone),
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
        "send_at": action.send_at.isoformat() if action.send_at else None,
        "moved_because": action.reason,
        "flag": action.flag,
        "missed": action.missed,
        "done": action.done,
        "uid": action.uid,
        "summary": summary(action),
    }


def plan_json(actions: Sequence[Action]) -> str:
    """The stable machine-readable plan: see README, "followcal plan --json"."""
    items = [_item(action) for action in actions]
    return json.dumps(items, indent=2, ensure_ascii=False)
