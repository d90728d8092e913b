"""Real job-search mail written by others, scored against its own labels.

The messages and their labels come from public sources (see README.md in this folder); a
fixed third of them (chosen by a hash of the text, before any rule was tuned) is held out:
its figures are the ones reported, and rules are never tuned on it.

Each message is read as followcal reads mail: a whole message is built around the text
(sender, subject, date) and goes through `parse_message` and `classify`. The sources give
the text only, so each is tried with two senders: an automatic one (no-reply@ at the
employer) and a person at the employer; a rejection must be found with both, and a message
that is not a rejection must close nothing with either.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from followcal.mail.classifying import Verdict, classify
from followcal.mail.message import parse_message

HERE = Path(__file__).parent
SENDERS = {
    "automatic": "Employer Careers <no-reply@employer.example>",
    "person": "Jordan Lee <jordan.lee@employer.example>",
}


@dataclass(frozen=True)
class Item:
    source: str
    number: int
    text: str
    label: str  # "rejection" or "other", as the source labelled it

    @property
    def held_out(self) -> bool:
        return hashlib.sha256(self.text.encode()).digest()[0] % 3 == 0

    @property
    def name(self) -> str:
        return f"{self.source}#{self.number}"


def items() -> list[Item]:
    found = []
    with open(HERE / "sethpoly_rejections.csv", newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            label = "rejection" if row["label"] == "reject" else "other"
            found.append(Item("sethpoly", number, row["text"], label))
    return found


def verdict(item: Item, sender: str) -> Verdict:
    body = item.text.replace("\r\n", "\n").replace("\n", "\r\n")
    raw = (
        f"From: {SENDERS[sender]}\r\nTo: Alex Morgan <alex.morgan@example.com>\r\n"
        f"Subject: Your application\r\nDate: Wed, 02 Dec 2026 09:00:00 +0000\r\n"
        f"Message-ID: <{item.name}.{sender}@employer.example>\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()
    message = parse_message(raw, "inbox")
    assert message is not None
    return classify(message, from_ats=False)


@dataclass
class Score:
    rejections: int = 0
    found: int = 0  # proposed as a rejection with both senders
    flagged: int = 0  # proposed as "looks like a rejection: check it" (asked, never --yes)
    others: int = 0
    wrong_closings: list[str] = field(default_factory=list)  # rejected or offer, on a non-rejection
    false_alarms: list[str] = field(default_factory=list)  # "check it" on a non-rejection
    misses: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        return (
            f"rejections found {self.found}/{self.rejections}"
            f" (+{self.flagged} flagged to check); wrong closings {len(self.wrong_closings)}"
            f" of {self.others} other messages; false 'check it' {len(self.false_alarms)}"
        )


def score(chosen: list[Item]) -> Score:
    result = Score()
    for item in chosen:
        kinds = {sender: verdict(item, sender) for sender in SENDERS}
        for sender, seen in kinds.items():
            result.kinds[f"{item.label}/{sender}: {seen.kind}"] += 1
        if item.label == "rejection":
            result.rejections += 1
            if all(v.kind == "rejection" for v in kinds.values()):
                result.found += 1
            elif all(v.kind in ("rejection", "maybe-rejection") for v in kinds.values()):
                result.flagged += 1
            else:
                result.misses.append(f"{item.name}: {item.text[:160]!r}")
        else:
            result.others += 1
            for sender, seen in kinds.items():
                if seen.kind in ("rejection", "offer"):
                    result.wrong_closings.append(f"{item.name} ({sender}): {seen.evidence}")
                elif seen.kind == "maybe-rejection":
                    result.false_alarms.append(f"{item.name} ({sender}): {seen.evidence}")
    return result


if __name__ == "__main__":
    import sys

    part = sys.argv[1] if len(sys.argv) > 1 else "development"
    chosen = [i for i in items() if i.held_out == (part == "held-out")]
    result = score(chosen)
    print(f"{part}: {len(chosen)} messages; {result.summary()}")
    if part == "development":
        for line in result.misses + result.wrong_closings + result.false_alarms:
            print("  ", line)
