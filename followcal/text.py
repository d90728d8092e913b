"""Text on its way out: the one cleaner for the .ics file and the one for the terminal.

Every text value that reaches a calendar goes through `ics_text`, whatever its source (an
entry, a profile, the config, an option, a template); every user-supplied text printed to
the terminal goes through `printable`. One place each, so no path can forget.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

# Unicode's control characters (category Cc: C0, DEL and C1) but the line feed.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# Format characters that reorder or hide text on a terminal (the "Trojan Source" set).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def suggest(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a name close to a known one, else ''."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def control_character_problem(value: str) -> str | None:
    """Why a one-line value cannot be used (it holds a control character), or None."""
    for ch in value:
        if unicodedata.category(ch) == "Cc":
            return (
                f"contains the control character U+{ord(ch):04X}; it must be one line of plain text"
            )
    return None


def ics_text(text: str, multiline: bool = False) -> str:
    """Text safe in any iCalendar property, for any parser, with or without `python -O`.

    Line breaks stay (as \\n, which the serializer escapes) only where `multiline`; anywhere
    else they become spaces. Every other control character, a bare CR included, is dropped:
    icalendar's own guard against a CR or LF in a value is an `assert`, which `-O` removes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    return _CONTROLS.sub("", text)


def printable(text: str) -> str:
    """Text safe to print: control characters (escape sequences, bells, a CR that hides
    the start of a line) and bidirectional overrides shown as visible escapes instead.
    Line breaks stay: callers print several lines at once."""
    if text.isprintable() or all(_harmless(ch) for ch in text):
        return text
    return "".join(ch if _harmless(ch) else f"\\x{ord(ch):02x}" if ord(ch) < 0x100
                   else f"\\u{ord(ch):04x}" for ch in text)  # fmt: skip


def _harmless(ch: str) -> bool:
    return ch == "\n" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI)
