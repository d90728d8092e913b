"""How a mail finding becomes an edit of the interviews file (`inbox --apply`).

Each finding carries a proposed `Change`; recording one is a single edit of the user's own
file through `editing.InterviewsFile`, with the message remembered in `mail_seen` so that it
is never proposed again. Asking the person comes first, in the command (no lock is held
while a person thinks); recording comes after, in one locked edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from followcal.editing import InterviewsFile
from followcal.errors import InputError
from followcal.mail.proposals import Finding


@dataclass(frozen=True)
class Approved:
    """A finding the person agreed to record."""

    finding: Finding
    # For an offer: the deadline to answer a written one; None records a verbal offer.
    offer_deadline: date | None = None


def record_findings(path: Path, approved: Sequence[Approved], zone_name: str) -> list[Finding]:
    """Record each approved finding in the file at `path`, in one locked edit, so that a
    scan from cron and a `status` typed meanwhile never lose an update. A message already
    recorded meanwhile by another run is skipped. The findings recorded, in order."""
    recorded = []
    with InterviewsFile.edit(path) as document:
        for item in approved:
            finding = item.finding
            table = document.find(finding.interview.id)
            if finding.message.message_id in list(table.get("mail_seen") or ()):
                continue  # applied meanwhile by another run
            record_change(document, finding, item.offer_deadline)
            document.record_mail_seen(finding.interview.id, [finding.message.message_id])
            recorded.append(finding)
        if recorded:
            document.save(zone_name)
    return recorded


def record_change(document: InterviewsFile, finding: Finding, offer_deadline: date | None) -> None:
    """One finding's change, as an edit of `document` (not yet saved)."""
    change = finding.change
    if change is None:
        return
    interview_id = finding.interview.id
    if change.what == "sent" and change.step and change.when:
        for name in change.contacts or (None,):
            # Recorded by hand meanwhile (InputError): the earlier record stands.
            with suppress(InputError):
                document.record_sent(interview_id, change.step, change.when, contact=name)
    elif change.what == "back-on" and change.back_on:
        document.set_back_on(interview_id, change.back_on)
    elif change.status == "offer" and offer_deadline is not None:
        document.record_offer(interview_id, offer_deadline, True, change.on)
    elif change.status:
        document.set_status(interview_id, change.status, change.on)
