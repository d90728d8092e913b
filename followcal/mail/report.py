"""Findings as a table for people and as stable JSON for scripts.

Everything shown comes from other people's mail, so control characters (terminal escape
sequences among them) are taken out before it reaches a terminal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import tzinfo

from followcal.mail.proposals import Finding
from followcal.text import printable


def clean(text: str, width: int | None = None) -> str:
    """One line, safe on a terminal (followcal.text.printable), at most `width` long."""
    text = printable(" ".join(text.split()))
    if width is not None and len(text) > width:
        return text[: width - 1] + "…"
    return text


def findings_json(findings: Sequence[Finding]) -> str:
    """One object per related message, oldest first. Stable keys (documented in README)."""
    items = []
    for f in findings:
        change = f.change
        items.append(
            {
                "interview": f.interview.id,
                "message_id": f.message.message_id,
                "date": f.message.date.isoformat(),
                "from": f.message.from_address,
                "from_name": f.message.from_name,
                "subject": f.message.subject,
                "folder": f.message.folder,
                "kind": f.verdict.kind,
                "evidence": f.verdict.evidence,
                "related_by": f.reason,
                "change": change.words if change else None,
                "proposal": None
                if change is None
                else {
                    "what": change.what,
                    "status": change.status,
                    "step": change.step,
                    "contacts": list(change.contacts),
                    "when": change.when.isoformat() if change.when else None,
                    "back_on": change.back_on.isoformat() if change.back_on else None,
                    "next_round": change.next_round,
                    "check": change.check,
                },
            }
        )
    return json.dumps(items, indent=2, ensure_ascii=False)


def findings_table(findings: Sequence[Finding], zone: tzinfo | None = None) -> str:
    """Dates in `zone` (the candidate's own), so the list reads in one clock."""
    if not findings:
        return "No mail about your open interviews."
    lines = []
    for f in findings:
        m = f.message
        sender = clean(m.from_name or m.from_address, 28)
        lines.append(
            f"{f.interview.id}  {m.date.astimezone(zone):%Y-%m-%d %H:%M %Z}  {sender}  "
            f'"{clean(m.subject, 60)}"'
        )
        # the whole deciding sentence: a person judges it (message.py keeps it short)
        lines.append(f"    {f.verdict.kind}: {clean(f.verdict.evidence, 240)} ({f.reason})")
        lines.append(f"    -> {f.change.words if f.change else 'no change'}")
    proposals = sum(1 for f in findings if f.change)
    lines.append("")
    lines.append(
        f"{len(findings)} message(s), {proposals} proposed change(s)"
        + (": run with --apply to record them" if proposals else "")
    )
    return "\n".join(lines)
