"""The mail corpus as the tests and the benchmark use it: laid out as a Maildir, an mbox or
a Dovecot account, and scored against manifest.toml.

Scoring follows the issue's targets: no wrong closing proposal (rejected, heard-back or
offer) on any message, and at least 95% of the messages that should propose something do.
"""

from __future__ import annotations

import mailbox
import shutil
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
INTERVIEWS = HERE / "interviews.toml"
NOW = "2026-12-14T09:00"
CLOSING = ("rejected", "heard-back", "offer")
# Flags the messages carry in the mailbox (Maildir letters), so a read-only test has some
# unread, flagged and answered messages to watch.
FLAG_CYCLE = ("S", "", "RS", "FS", "")


def manifest() -> list[dict[str, Any]]:
    return list(tomllib.loads((HERE / "manifest.toml").read_text())["message"])


def files(folder: str) -> list[Path]:
    return sorted((HERE / folder).glob("*.eml"))


def write_maildir(root: Path, sent_name: str = ".Sent") -> Path:
    """A Maildir++ tree (Dovecot, Courier): the inbox at `root`, Sent in `root/.Sent`."""
    for folder, target in (("inbox", root), ("sent", root / sent_name)):
        for sub in ("cur", "new", "tmp"):
            (target / sub).mkdir(parents=True, exist_ok=True)
        for number, path in enumerate(files(folder)):
            flags = FLAG_CYCLE[number % len(FLAG_CYCLE)] if folder == "inbox" else "S"
            shutil.copy(path, target / "cur" / f"{path.stem}:2,{flags}")
    return root


def write_mbox(folder: Path) -> Path:
    """Thunderbird's Local Folders: files named Inbox and Sent side by side."""
    folder.mkdir(parents=True, exist_ok=True)
    for source, name in (("inbox", "Inbox"), ("sent", "Sent")):
        box = mailbox.mbox(folder / name)
        for path in files(source):
            box.add(path.read_bytes())
        box.flush()
        box.close()
    return folder


def messages_with_flags(folder: str) -> list[tuple[bytes, str]]:
    result = []
    for number, path in enumerate(files(folder)):
        flags = FLAG_CYCLE[number % len(FLAG_CYCLE)] if folder == "inbox" else "S"
        result.append((path.read_bytes(), flags))
    return result


@dataclass
class Score:
    total: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    wrong_closing: list[str] = field(default_factory=list)
    should_propose: int = 0
    proposed_right: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.proposed_right / self.should_propose if self.should_propose else 1.0

    def table(self) -> str:
        kinds = sorted({k for pair in self.confusion for k in pair})
        width = max(len(k) for k in kinds) + 2
        lines = ["expected \\ found".ljust(width + 4) + "".join(k[:12].rjust(14) for k in kinds)]
        for expected in kinds:
            row = "".join(str(self.confusion[(expected, got)] or ".").rjust(14) for got in kinds)
            lines.append(expected.ljust(width + 4) + row)
        return "\n".join(lines)


def change_label(finding: Any) -> str | None:
    change = finding.change
    if change is None:
        return None
    if change.what == "status":
        return str(change.status)
    if change.what == "sent":
        return f"sent {change.step}"
    if change.what == "round":
        return f"round {change.next_round}"
    return f"back-on {change.back_on}"


def score(found: Sequence[dict[str, Any]]) -> Score:
    """`found`: one dict per related message, with message_id, kind, interview, change
    (as `followcal inbox --json` prints, with `change` replaced by change_label)."""
    from followcal.mail.message import parse_message

    by_id = {item["message_id"]: item for item in found}
    result = Score()
    for expected in manifest():
        data = (HERE / expected["file"]).read_bytes()
        message = parse_message(data, expected["folder"])
        assert message is not None, expected["file"]
        got = by_id.get(message.message_id)
        got_kind = got["kind"] if got else "unrelated"
        got_interview = got["interview"] if got else None
        got_change = got["label"] if got else None
        want_change = expected.get("change")
        result.total += 1
        result.confusion[(expected["kind"], got_kind)] += 1
        if want_change:
            result.should_propose += 1
            if got_change == want_change and got_interview == expected.get("interview"):
                result.proposed_right += 1
        if got_change in CLOSING and (
            got_change != want_change or got_interview != expected.get("interview")
        ):
            result.wrong_closing.append(f"{expected['file']}: {got_change} on {got_interview}")
        if (got_kind, got_interview, got_change) != (
            expected["kind"],
            expected.get("interview"),
            want_change,
        ):
            result.mismatches.append(
                f"{expected['file']}: expected {expected['kind']}/{expected.get('interview')}/"
                f"{want_change}, found {got_kind}/{got_interview}/{got_change}"
            )
    return result


def from_findings(findings: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "message_id": f.message.message_id,
            "kind": f.verdict.kind,
            "interview": f.interview.id,
            "label": change_label(f),
        }
        for f in findings
    ]


def from_json(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same from `followcal inbox --json` output (its `proposal` object)."""
    found = []
    for item in items:
        proposal = item["proposal"]
        label = None
        if proposal:
            if proposal["what"] == "status":
                label = proposal["status"]
            elif proposal["what"] == "sent":
                label = f"sent {proposal['step']}"
            elif proposal["what"] == "round":
                label = f"round {proposal['next_round']}"
            else:
                label = f"back-on {proposal['back_on']}"
        found.append(
            {
                "message_id": item["message_id"],
                "kind": item["kind"],
                "interview": item["interview"],
                "label": label,
            }
        )
    return found
