"""A drafted email step as a real mail message: for the Drafts folder or an .eml file.

The Message-ID comes from the step's UID, so the same step always makes the same message:
`prepare` can tell whether it already put one in Drafts, and never adds it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from followcal.messages import DraftedAction
from followcal.model import Candidate


@dataclass(frozen=True)
class MailDraft:
    action_uid: str
    message_id: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    message: EmailMessage

    def as_bytes(self) -> bytes:
        from email.policy import SMTP

        return self.message.as_bytes(policy=SMTP)


class NoAddress(ValueError):
    """The step's contacts have no email address: there is nobody to write to."""


def message_id_for(action_uid: str) -> str:
    """'<0b1c...@followcal>': a step's UID is already a valid Message-ID body."""
    return f"<{action_uid}>"


def build_draft(
    item: DraftedAction, candidate: Candidate | None, now: datetime, unsent: bool = False
) -> MailDraft:
    """The message for one drafted email step: the first contact in To, the others in Cc.

    `unsent` adds `X-Unsent: 1`, which makes Outlook, Thunderbird and Apple Mail open an
    .eml file as a draft to edit and send rather than as a received message.
    """
    action = item.action
    addressed = [c for c in action.contacts if c.email]
    if not addressed:
        names = ", ".join(c.name for c in action.contacts)
        raise NoAddress(f"{action.interview.id} {action.step.id}: no email address for {names}")
    first, rest = addressed[0], addressed[1:]
    message = EmailMessage()
    if candidate and candidate.email:
        message["From"] = formataddr((candidate.name or "", candidate.email))
    message["To"] = formataddr((first.name, first.email or ""))
    if rest:
        message["Cc"] = ", ".join(formataddr((c.name, c.email or "")) for c in rest)
    subject = item.draft.subject or f"{action.interview.role} at {action.interview.company}"
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message_id = message_id_for(action.uid)
    message["Message-ID"] = message_id
    if unsent:
        message["X-Unsent"] = "1"
    message["X-Followcal-Step"] = f"{action.interview.id} {action.step.id}"
    body = item.draft.body if item.draft.body.endswith("\n") else item.draft.body + "\n"
    message.set_content(body)
    return MailDraft(
        action_uid=action.uid,
        message_id=message_id,
        to=(first.email or "",),
        cc=tuple(c.email or "" for c in rest),
        subject=subject,
        message=message,
    )
