"""Rendering plans for people (a table) and for programs (JSON, documented as stable)."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from datetime import datetime

import click

from followcal.labels import summary
from followcal.model import Action
from followcal.names import display_name, join_names
from followcal.text import printable


def step_label(action: Action) -> str:
    """A step as tables show it, and as commands accept it: "follow-up 1/2", "thank-you"."""
    if action.number:
        return f"{action.step.kind} {action.number}/{action.of}"
    return action.step.kind


def table_width() -> int:
    """The terminal's width (COLUMNS wins; 80 when the output is not a terminal)."""
    return max(40, shutil.get_terminal_size((80, 24)).columns)


# States that need the reader's attention: shown bold red on a terminal.
_ALERTS = {"OVERDUE": "red", "MISSED": "red"}


def when(action: Action, my_zone: str | None = None) -> str:
    """Your time first (your zone), then the company's where its clock reads differently:
    'Mon 2026-12-07 07:15 EST (13:15 CET)'. A message prepared the evening before shows
    when it goes as well."""
    mine = _in(action.start, my_zone)
    text = f"{mine:%a %Y-%m-%d %H:%M %Z}"
    theirs = action.start
    if theirs.utcoffset() != mine.utcoffset():
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


def plan_table(
    actions: Sequence[Action], my_zone: str | None = None, width: int = 80, color: bool = False
) -> str:
    if not actions:
        return "Nothing planned: no interview is waiting for an answer."
    rows = [("WHEN", "ID", "STEP", "STEP ID", "VIA", "CONTACT", "")]
    for action in actions:
        rows.append(
            (
                _unbroken(when(action, my_zone)),
                action.interview.id,
                step_label(action),
                action.step.id,
                action.step.channel,
                join_names([display_name(c) for c in action.contacts]),  # "Smith, John" reordered
                _state(action),
            )
        )
    # WHEN, ID, STEP, STEP ID, VIA, CONTACT, state
    floors = {0: _WHEN_FLOOR, 1: 12, 2: 9, 3: 12, 5: 8, 6: 10}
    return _columns(rows, width, color, floors=floors, flexible=(5, 2)) + _flags(actions, width)


_NBSP = "\xa0"


def _unbroken(moment: str) -> str:
    """'09:30 EST' stays on one line when a column wraps (textwrap never breaks at NBSP)."""
    return re.sub(r"(\d\d:\d\d) (\S+)", rf"\1{_NBSP}\2", moment)


def _flags(actions: Sequence[Action], width: int = 80) -> str:
    """Problems the planner could not solve, under the table where they are seen."""
    lines = sorted(
        {f"! {a.interview.company} {a.step.id}: {a.flag}" for a in actions if a.flag and a.is_open}
    )
    return "".join(
        "\n" + textwrap.fill(printable(line), width, subsequent_indent="  ") for line in lines
    )


def _state(action: Action) -> str:
    if action.done:
        sent = action.interview.sent.get(action.step.id)
        return f"DONE {sent:%Y-%m-%d}" if sent else "DONE"
    if action.missed:
        return "MISSED"
    return "CHECK TIME" if action.flag else ""


def agenda_table(
    overdue: Sequence[Action],
    coming: Sequence[Action],
    my_zone: str | None = None,
    days: int = 7,
    next_action: Action | None = None,
    width: int = 80,
    color: bool = False,
) -> str:
    if not (overdue or coming):
        period = {0: "today", 1: "today or tomorrow"}.get(days, f"in the next {days} days")
        if next_action is None:
            return f"Nothing to do {period}, and nothing planned after that."
        return printable(
            f"Nothing to do {period}. Next: {summary(next_action)} on "
            f"{when(next_action, my_zone)} ({next_action.interview.id} {next_action.step.id})."
        )
    rows = [("", "WHEN", "ID", "STEP ID", "WHAT", "REACH")]
    for label, actions in (("OVERDUE", overdue), ("", coming)):
        for action in actions:
            rows.append(
                (
                    label,
                    _unbroken(when(action, my_zone)),
                    action.interview.id,
                    action.step.id,
                    summary(action),
                    _reach(action),
                )
            )
    # The summary names the channel and the people; REACH says how to reach them.
    floors = {1: _WHEN_FLOOR, 2: 12, 3: 12, 4: 12, 5: 12}
    return _columns(rows, width, color, floors=floors, flexible=(4, 5))


def _reach(action: Action) -> str:
    """The phone numbers for a call, else the email addresses (what you need to act)."""
    if action.step.channel == "phone":
        found = [c.phone for c in action.contacts if c.phone]
    else:
        found = [c.email for c in action.contacts if c.email]
    return ", ".join(found)


def agenda_json(overdue: Sequence[Action], coming: Sequence[Action]) -> str:
    items = [{**_item(action), "overdue": action in overdue} for action in [*overdue, *coming]]
    return json.dumps(items, indent=2, ensure_ascii=False)


_GAP = "  "
_WHEN_FLOOR = len("Thu 2026-12-03")  # the time and zone wrap below the date


def fit_widths(
    rows: Sequence[Sequence[str]],
    width: int,
    floors: Mapping[int, int] | None = None,
    flexible: Sequence[int] = (),
) -> list[int]:
    """Column widths that fit `width`. The `flexible` columns (prose) give way first, then
    the others; within each set the widest gives way first, one character at a time, down
    to its floor (given, else its natural width). Cells then wrap inside their columns."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    floors = floors or {}
    lowest = [min(w, floors.get(i, w)) for i, w in enumerate(widths)]
    available = width - len(_GAP) * (len(widths) - 1)
    everything = list(range(len(widths)))
    # Last resort on a very narrow terminal: every column down to a few characters.
    tiny = [min(w, 4) for w in widths]
    for group, floor in ((list(flexible), lowest), (everything, lowest), (everything, tiny)):
        while sum(widths) > available:
            shrinkable = [i for i in group if widths[i] > floor[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
    return widths


def _columns(
    rows: Sequence[tuple[str, ...]],
    width: int = 80,
    color: bool = False,
    floors: Mapping[int, int] | None = None,
    flexible: Sequence[int] = (),
) -> str:
    """Rows as aligned columns no wider than `width`; a long cell wraps within its column
    (a row may take several lines, but never runs past the edge of the terminal)."""
    # Nothing from a user's file reaches the terminal raw (escape sequences, bidi overrides).
    rows = [tuple(printable(cell) for cell in row) for row in rows]
    widths = fit_widths(rows, width, floors, flexible)
    lines = []
    for row in rows:
        cells = [
            (textwrap.wrap(cell, w, break_on_hyphens=True) if w > 0 else []) or [""]
            for cell, w in zip(row, widths, strict=True)
        ]
        for depth in range(max(len(cell) for cell in cells)):
            parts = []
            for cell, w in zip(cells, widths, strict=True):
                text = (cell[depth] if depth < len(cell) else "").replace(_NBSP, " ")
                padded = text.ljust(w)
                if color and text in _ALERTS:
                    padded = click.style(text, fg=_ALERTS[text], bold=True) + " " * (w - len(text))
                parts.append(padded)
            lines.append(_GAP.join(parts).rstrip())
    return "\n".join(lines)


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
