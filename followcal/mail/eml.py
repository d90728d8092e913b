"""`draft --eml`: email steps as .eml files that a mail program opens as drafts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from followcal.errors import OutputError
from followcal.fileio import check_ours, write_atomic
from followcal.mail.drafts import NoAddress, build_draft
from followcal.messages import DraftedAction
from followcal.model import Candidate

# The header `build_draft` writes into every draft: it marks an .eml file as ours.
EML_MARK = b"X-Followcal-Step:"


def eml_paths(target: Path, count: int) -> list[Path]:
    """FILE for one message; FILE-1.eml, FILE-2.eml, ... for a step sent to each person."""
    if count == 1:
        return [target]
    suffix = target.suffix or ".eml"
    return [target.with_name(f"{target.stem}-{n}{suffix}") for n in range(1, count + 1)]


def write_eml_drafts(
    items: Sequence[DraftedAction],
    candidate: Candidate | None,
    now: datetime,
    target: Path,
    force: bool,
) -> list[Path]:
    """Each email among `items` as an unsent draft (X-Unsent) at `target` (numbered when
    several); never over a file followcal did not write, unless `force`. The paths written."""
    emails = [item for item in items if item.action.step.channel == "email"]
    if not emails:
        raise OutputError("--eml writes email messages; this step is not an email")
    written = []
    for item, path in zip(emails, eml_paths(target, len(emails)), strict=True):
        check_ours(path, EML_MARK, force, instead="without --eml, draft prints the message")
        try:
            mail = build_draft(item, candidate, now, unsent=True)
        except NoAddress as err:
            raise OutputError(str(err)) from None
        write_atomic(path, mail.as_bytes())
        written.append(path)
    return written
