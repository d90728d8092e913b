"""A drafted email step as a real mail message: for the Drafts folder or an .eml file.

The header block is written here, line by line, rather than by assigning strings to an
`email.message.EmailMessage`: the standard library decodes encoded words in a value it is
given ("=?utf-8?q?=0D=0ABcc:...?=" becomes a line break and a Bcc header on some Python
releases), so no value that came from an interviews file ever reaches its header parser.
Each value is cleaned of line breaks and control characters, and written either as folded
ASCII or entirely as RFC 2047 encoded words: it can never make a line of its own.

Nothing in a draft marks it as a tool's: no X- header of ours, and a Message-ID in the
sender's own domain whose left part is a keyed hash of the step (HMAC-SHA256 with a random
key kept beside the config), so that `prepare` can find its own draft again while nobody
else can compute or recognise it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

from followcal.errors import OutputError
from followcal.fileio import UnreadableInput, read_input, write_atomic
from followcal.messages import DraftedAction
from followcal.model import Candidate

MAX_LINE = 78
_KEY_BYTES = 32  # the draft Message-IDs' HMAC key
# What never goes into a header value: line breaks of every kind and other controls.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


@dataclass(frozen=True)
class MailDraft:
    action_uid: str
    message_id: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    data: bytes

    def as_bytes(self) -> bytes:
        return self.data


class NoAddress(ValueError):
    """The step's contacts have no usable email address: there is nobody to write to."""


def clean(value: str) -> str:
    """One line of text: controls and line breaks become spaces, runs of space one."""
    return " ".join(_CONTROLS.sub(" ", value).split())


def _needs_encoding(value: str) -> bool:
    return not value.isascii() or "=?" in value


def header(name: str, value: str) -> bytes:
    """`Name: value` as CRLF-terminated bytes, folded at 78 columns; any value that is not
    plain ASCII (or looks like an encoded word) is written as encoded words."""
    value = clean(value)
    if _needs_encoding(value):
        encoded = Header(value, "utf-8", maxlinelen=MAX_LINE, header_name=name).encode(
            linesep="\r\n"
        )
        return f"{name}: {encoded}\r\n".encode("ascii")
    return _fold(f"{name}: {value}").encode("ascii")


def _fold(line: str) -> str:
    """Fold at spaces to MAX_LINE (a word longer than that stays whole, as RFC 5322 lets)."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > MAX_LINE:
            out.append(current)
            current = " " + word
        else:
            current = f"{current} {word}" if current else word
    out.append(current)
    return "\r\n".join(out) + "\r\n"


def ascii_address(address: str, who: str) -> str:
    """The address as it can go in a header, checked by email-validator: an internationalised
    domain in its ASCII (IDNA) form. A local part that is not ASCII needs SMTPUTF8, which a
    draft cannot count on: NoAddress says so, naming whose address it is."""
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(address, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError as err:
        raise NoAddress(f"{who}: the address {address!r} is not valid: {err}") from None
    if checked.ascii_email is None:
        raise NoAddress(
            f"{who}: the address {address!r} has letters beyond ASCII before the @, which "
            "mail servers need SMTPUTF8 for; write the address the person gave in ASCII"
        )
    return checked.ascii_email


def mailbox(name: str, address: str) -> str:
    """'Name <address>', the name quoted or encoded as it needs."""
    name = clean(name)
    if not name:
        return address
    if _needs_encoding(name):
        encoded = Header(name, "utf-8", header_name="To").encode(linesep="\r\n")
        return f"{encoded} <{address}>"
    if re.search(r'[()<>\[\]:;@\\,."]', name):
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{quoted}" <{address}>'
    return f"{name} <{address}>"


def _address_header(name: str, mailboxes: list[str]) -> bytes:
    """An address list folded between addresses; each mailbox is already ASCII."""
    line = f"{name}: "
    lines: list[str] = []
    for index, box in enumerate(mailboxes):
        piece = box + ("," if index < len(mailboxes) - 1 else "")
        if len(line) + len(piece) > MAX_LINE and line.strip() != f"{name}:":
            lines.append(line.rstrip())
            line = " "
        line += piece + " "
    lines.append(line.rstrip())
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


# -- Message-IDs -----------------------------------------------------------------------


def _key() -> bytes:
    """The random key behind draft Message-IDs, made once and kept beside the config (only
    its owner can read it). Where it cannot be kept, a fresh one per run: drafts are then
    found again by recipient and subject only."""
    from followcal.config import config_path

    path = config_path().parent / "draft-ids.key"
    try:
        return _read_key(path)
    except FileNotFoundError:
        exclusive = True
    except (UnreadableInput, ValueError):
        exclusive = False  # cut short (an older version killed while writing it): replace it
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Whole or not at all: a key cut short would be unreadable for good.
        write_atomic(path, f"{key.hex()}\n".encode("ascii"), mode=0o600, exclusive=exclusive)
    except FileExistsError:  # another run made it meanwhile: use theirs
        try:
            return _read_key(path)
        except (OSError, UnreadableInput, ValueError):
            return key
    except (OSError, OutputError):
        return key
    return key


def _read_key(path: Path) -> bytes:
    """The key kept in `path`; ValueError when the file holds no whole key."""
    key = bytes.fromhex(read_input(path, 1000).decode("ascii").strip())
    if len(key) != _KEY_BYTES:
        raise ValueError("not a whole key")
    return key


def message_id_for(action_uid: str, sender: str | None) -> str:
    """'<26 letters and digits@the sender's domain>': the same for a step on this machine,
    and meaningless to anyone else."""
    digest = hmac.new(_key(), action_uid.encode(), hashlib.sha256).digest()
    token = base64.b32encode(digest[:20]).decode().lower().rstrip("=")
    domain = sender.rpartition("@")[2] if sender and "@" in sender else _own_host()
    return f"<{token}@{domain}>"


def _own_host() -> str:
    import socket

    name = socket.getfqdn()
    return name if name and name.isascii() and "." in name else "localhost.localdomain"


# -- the message -----------------------------------------------------------------------


def build_draft(
    item: DraftedAction, candidate: Candidate | None, now: datetime, unsent: bool = False
) -> MailDraft:
    """The message for one drafted email step: the first contact in To, the others in Cc.

    `unsent` adds `X-Unsent: 1`, which makes Outlook, Thunderbird and Apple Mail open an
    .eml file as a draft to edit and send rather than as a received message (the mail
    program writes a new message when it is sent, without it).
    """
    from email.message import EmailMessage
    from email.policy import SMTP

    action = item.action
    label = f"{action.interview.id} {action.step.id}"
    addressed = [c for c in action.contacts if c.email]
    if not addressed:
        names = ", ".join(c.name for c in action.contacts)
        raise NoAddress(f"{label}: no email address for {names}")
    recipients = [(c.name, ascii_address(c.email or "", f"{label}, {c.name}")) for c in addressed]
    sender = None
    if candidate and candidate.email:
        sender = ascii_address(candidate.email, "your own address ([candidate] email)")
    subject = clean(item.draft.subject or f"{action.interview.role} at {action.interview.company}")
    message_id = message_id_for(action.uid, sender)
    head = b""
    if sender:
        head += _address_header(
            "From", [mailbox((candidate.name or "") if candidate else "", sender)]
        )
    head += _address_header("To", [mailbox(*recipients[0])])
    if len(recipients) > 1:
        head += _address_header("Cc", [mailbox(n, a) for n, a in recipients[1:]])
    head += header("Subject", subject)
    head += header("Date", format_datetime(now))
    head += header("Message-ID", message_id)
    if unsent:
        head += header("X-Unsent", "1")
    # The body part alone goes through the email package: its headers are its own.
    body = EmailMessage()
    text = item.draft.body if item.draft.body.endswith("\n") else item.draft.body + "\n"
    body.set_content(text)
    body_bytes = body.as_bytes(policy=SMTP)
    return MailDraft(
        action_uid=action.uid,
        message_id=message_id,
        to=(recipients[0][1],),
        cc=tuple(a for _, a in recipients[1:]),
        subject=subject,
        data=head + body_bytes,  # the body part brings MIME-Version and Content-Type
    )
