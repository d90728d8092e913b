"""What the commands print, and how: colour only for a person at a terminal, control
characters from a user's file escaped, and the sentences several commands share (a moment
with its zone, who a draft is for). Tables and JSON themselves come from `followcal.output`.

- Colour: only on a terminal, and never when NO_COLOR is set (https://no-color.org).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

import click

if TYPE_CHECKING:
    from followcal.messages import DraftedAction
    from followcal.model import Action


def use_color(stream: TextIO | None = None) -> bool:
    """Colour only for a person at a terminal who has not asked for none (NO_COLOR)."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def echo(text: str = "", err: bool = False, **style: Any) -> None:
    """click.echo with optional style, coloured only where `use_color` allows; control
    characters from a user's file are shown escaped, never sent to the terminal raw."""
    from followcal.text import printable

    text = printable(text)
    stream = sys.stderr if err else sys.stdout
    color = use_color(stream)
    click.echo(click.style(text, **style) if style and color else text, err=err, color=color)


def warn(text: str) -> None:
    echo(f"Warning: {text}", err=True, fg="yellow")


def when(moment: datetime, zone_name: str) -> str:
    """'Tue 2026-12-08 07:15 EST (America/Toronto)': a confirmation always names the zone."""
    from followcal.timezones import resolve_zone

    local = moment.astimezone(resolve_zone(zone_name))
    label = f"{local:%Z}"
    return f"{local:%a %Y-%m-%d %H:%M} {label}" + ("" if label == zone_name else f" ({zone_name})")


def recipients(action: Action) -> str:
    """Who a draft is for: two drafts of one step differ only by their greeting otherwise."""
    from followcal.names import display_name

    by_email = action.step.channel == "email"
    return ", ".join(
        f"{display_name(c)} <{c.email}>" if by_email and c.email else display_name(c)
        for c in action.contacts
    )


def drafts_text(items: Iterable[DraftedAction], zone_name: str) -> str:
    """`draft`'s output: each message under a header saying when, which step and to whom."""
    from followcal.text import printable

    texts = []
    for item in items:
        header = (
            f"# {when(item.action.sends, zone_name)} ({item.action.step.id})"
            f" to {recipients(item.action)}"
        )
        if item.action.send_at is not None and item.action.reason:
            header += f"\n# {item.action.reason}"  # when to schedule the send, both zones
        if item.action.flag:
            header += f"\n# check the time: {item.action.flag}"
        texts.append(f"{header}\n{item.draft.text}")
    return printable("\n\n".join(texts))
