"""Rendering plans for people (a table) and for programs (JSON, documented as stable)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
    """The terminal's width (COLUMNS wins). Piped or redirected, there is no edge to wrap
    at: each action stays on one line, for grep and for scripts."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return max(40, int(columns))
    if not sys.stdout.isatty():
        return UNLIMITED
    return max(40, shutil.get_terminal_size((80, 24)).columns)


UNLIMITED = 1_000_000


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
    floors = {0: _WHEN_FLOOR, 5: 8}
    table = _columns(rows, width, color, floors=floors, flexible=(5, 2), prose=(5,))
    if table is None:  # too narrow for columns: one block per action instead
        blocks = [_block(action, my_zone, _state(action)) for action in actions]
        table = _blocks(blocks, width, color)
    return table + _flags(actions, width)


def _block(action: Action, my_zone: str | None, state: str, reach: str = "") -> _Block:
    """One action as a block: its time and state, then "id step-id" and what to do, then
    how to reach them (the agenda's)."""
    what = f"{action.interview.id} {action.step.id}  {summary(action)}"
    return _Block(heading=(when(action, my_zone), state), lines=(what, reach) if reach else (what,))


_NBSP = "\xa0"


def _unbroken(moment: str) -> str:
    """'09:30 EST' stays on one line when a column wraps (textwrap never breaks at NBSP)."""
    return re.sub(r"(\d\d:\d\d) (\S+)", rf"\1{_NBSP}\2", moment)


def _flags(actions: Sequence[Action], width: int = 80) -> str:
    """Problems the planner could not solve, under the table where they are seen."""
    lines = sorted(
        {f"! {a.interview.company} {a.step.id}: {a.flag}" for a in actions if a.flag and a.is_open}
    )
    return "".join("\n" + "\n".join(_wrap(printable(line), width, indent="  ")) for line in lines)


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
    labelled = [("OVERDUE", a) for a in overdue] + [("", a) for a in coming]
    for label, action in labelled:
        rows.append(
            (label, _unbroken(when(action, my_zone)), action.interview.id, action.step.id,
             summary(action), _reach(action))
        )  # fmt: skip
    # The summary names the channel and the people; REACH says how to reach them.
    floors = {1: _WHEN_FLOOR, 4: 12}
    table = _columns(rows, width, color, floors=floors, flexible=(4, 5), prose=(4,))
    if table is not None:
        return table
    blocks = [_block(action, my_zone, label, _reach(action)) for label, action in labelled]
    return _blocks(blocks, width, color)


def _reach(action: Action) -> str:
    """The phone numbers for a call, else the email addresses (what you need to act)."""
    if action.step.channel == "phone":
        found = [c.phone for c in action.contacts if c.phone]
    else:
        found = [c.email for c in action.contacts if c.email]
    # A phone number is one word to copy: its spaces never wrap.
    return ", ".join(number.replace(" ", _NBSP) for number in found)


def agenda_json(overdue: Sequence[Action], coming: Sequence[Action]) -> str:
    items = [{**_item(action), "overdue": action in overdue} for action in [*overdue, *coming]]
    return json.dumps(items, indent=2, ensure_ascii=False)


_GAP = "  "
_WHEN_FLOOR = len("Thu 2026-12-03")  # the time and zone wrap below the date
# Prose may break inside a word only when the word is longer than this (a URL, say).
_LONGEST_PROSE_WORD = 20
_INDENT = "    "


def _words(cell: str) -> list[str]:
    return cell.split(" ")  # NBSP joins what must stay together ("09:30 EST", a phone number)


def fit_widths(
    rows: Sequence[Sequence[str]],
    width: int,
    floors: Mapping[int, int] | None = None,
    flexible: Sequence[int] = (),
    prose: Sequence[int] = (),
) -> list[int] | None:
    """Column widths that fit `width`, or None when they cannot without breaking a word
    that must stay whole. Every column keeps its longest word (an id, an address, a step
    id is one word), except that a `prose` column may break a word longer than
    _LONGEST_PROSE_WORD; `floors` may ask for more. The `flexible` columns give way first,
    then the others, the widest first, one character at a time."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    asked = floors or {}
    lowest = []
    for i, natural in enumerate(widths):
        longest_word = max(len(word) for row in rows for word in _words(row[i]))
        if i in prose:
            longest_word = min(longest_word, _LONGEST_PROSE_WORD)
        lowest.append(min(natural, max(asked.get(i, 0), longest_word)))
    available = width - len(_GAP) * (len(widths) - 1)
    if sum(lowest) > available:
        return None
    for group in (list(flexible), list(range(len(widths)))):
        while sum(widths) > available:
            shrinkable = [i for i in group if widths[i] > lowest[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
    return widths


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of at most `width` that break only between words: never at a hyphen (an id
    is "hartwell-analyst", not "hartwell-" and "analyst"), and inside a word only when that
    word alone is wider than the line. NBSP keeps its pairs together and prints as a space."""
    lines = textwrap.wrap(
        text, max(1, width), subsequent_indent=indent, break_on_hyphens=False,
        break_long_words=False,
    )  # fmt: skip
    return [line.replace(_NBSP, " ") for line in lines] or [""]


def _columns(
    rows: Sequence[tuple[str, ...]],
    width: int = 80,
    color: bool = False,
    floors: Mapping[int, int] | None = None,
    flexible: Sequence[int] = (),
    prose: Sequence[int] = (),
) -> str | None:
    """Rows as aligned columns no wider than `width`; a long cell wraps at words within its
    column. None when the columns do not fit (the caller then shows blocks)."""
    # Nothing from a user's file reaches the terminal raw (escape sequences, bidi overrides).
    rows = [tuple(printable(cell) for cell in row) for row in rows]
    widths = fit_widths(rows, width, floors, flexible, prose)
    if widths is None:
        return None
    lines = []
    for row in rows:
        cells = [
            (textwrap.wrap(cell, w, break_on_hyphens=False) if w > 0 else []) or [""]
            for cell, w in zip(row, widths, strict=True)
        ]
        for depth in range(max(len(cell) for cell in cells)):
            parts = []
            for cell, w in zip(cells, widths, strict=True):
                text = (cell[depth] if depth < len(cell) else "").replace(_NBSP, " ")
                parts.append(_styled(text, w, color))
            lines.append(_GAP.join(parts).rstrip())
    return "\n".join(lines)


def _styled(text: str, width: int, color: bool) -> str:
    padded = text.ljust(width)
    if color and text in _ALERTS:
        return click.style(text, fg=_ALERTS[text], bold=True) + " " * (width - len(text))
    return padded


@dataclass(frozen=True)
class _Block:
    """One action where columns do not fit: its time and state, then what to copy and do."""

    heading: tuple[str, str]
    lines: tuple[str, ...]


def _blocks(blocks: Sequence[_Block], width: int, color: bool) -> str:
    """Blocks separated by a blank line: 'WHEN  STATE', then indented lines wrapped at words,
    so an id, a step id or an address is always whole on one line."""
    out = []
    for block in blocks:
        moment, state = (printable(part) for part in block.heading)
        heading = _unbroken(moment)
        if state:
            heading += _GAP + state.replace(" ", _NBSP)
        wrapped = _wrap(heading, width, indent=_INDENT)
        if color and state in _ALERTS and wrapped[-1].endswith(state):
            alert = click.style(state, fg=_ALERTS[state], bold=True)
            wrapped[-1] = wrapped[-1][: -len(state)] + alert
        for line in block.lines:
            # The first line of each holds "id step-id": a later line is indented further.
            body = _wrap(printable(line), width - len(_INDENT), indent=_INDENT)
            wrapped += [_INDENT + part for part in body]
        out.append("\n".join(wrapped))
    return "\n\n".join(out)


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
