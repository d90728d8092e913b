"""One mail message as followcal reads it: a few headers and the start of its text.

Parsing uses the standard library's `email` with `policy.default` (encoded words, charsets).
The text is the message's own words: the plain part (or the HTML part turned into text), with
everything quoted from earlier messages cut off, so a reply that quotes the candidate's own
"I understand if you decide not to move forward" never reads as a rejection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from html.parser import HTMLParser

TEXT_LIMIT = 6000  # characters of text kept: the verdict is always near the top

# Headers that mark mail written by a machine (RFC 3834 and common practice).
AUTOMATIC_HEADERS = (
    "auto-submitted",
    "x-autoreply",
    "x-autorespond",
    "precedence",
    "list-id",
    "list-unsubscribe",
    "x-auto-response-suppress",
)


@dataclass(frozen=True)
class MailMessage:
    folder: str  # "inbox" or "sent"
    message_id: str
    date: datetime  # aware
    from_address: str  # lower case
    from_name: str
    to: tuple[str, ...]  # lower-case addresses, To and Cc
    subject: str
    in_reply_to: tuple[str, ...]  # In-Reply-To and References
    headers: dict[str, str]  # the AUTOMATIC_HEADERS present, lower-case names
    text: str  # the sender's own words, quotes removed

    @property
    def from_domain(self) -> str:
        return self.from_address.rpartition("@")[2]


def parse_message(data: bytes, folder: str) -> MailMessage | None:
    """The message's facts; None when it has no usable date or sender."""
    from email import message_from_bytes, policy
    from email.message import EmailMessage

    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    date = _date(message)
    sender = _addresses(message, "from")
    if date is None or not sender:
        return None
    address, name = sender[0]
    recipients = tuple(a for a, _ in _addresses(message, "to") + _addresses(message, "cc"))
    message_id = _header(message, "message-id").strip()
    references = re.findall(r"<[^<>\s]+>", _header(message, "in-reply-to"))
    references += re.findall(r"<[^<>\s]+>", _header(message, "references"))
    headers = {
        name_: _header(message, name_).strip().lower()
        for name_ in AUTOMATIC_HEADERS
        if message.get(name_) is not None
    }
    return MailMessage(
        folder=folder,
        message_id=message_id or f"<no-id-{hash(data) & 0xFFFFFFFF:x}@followcal.invalid>",
        date=date,
        from_address=address,
        from_name=name,
        to=recipients,
        subject=" ".join(_header(message, "subject").split()),
        in_reply_to=tuple(dict.fromkeys(references)),
        headers=headers,
        text=own_words(body_text(message))[:TEXT_LIMIT],
    )


def _header(message: object, name: str) -> str:
    try:
        value = message.get(name)  # type: ignore[attr-defined]
    except (ValueError, IndexError, TypeError):  # a header the parser cannot make sense of
        return ""
    return str(value) if value is not None else ""


def _date(message: object) -> datetime | None:
    from email.utils import parsedate_to_datetime

    raw = _header(message, "date")
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _addresses(message: object, name: str) -> list[tuple[str, str]]:
    """(lower-case address, display name) for each address in the header."""
    try:
        header = message.get(name)  # type: ignore[attr-defined]
        addresses = getattr(header, "addresses", ())
    except (ValueError, IndexError, TypeError):
        return []
    found = []
    for item in addresses:
        if isinstance(item, Address) and item.addr_spec and "@" in item.addr_spec:
            found.append((item.addr_spec.lower(), item.display_name or ""))
    return found


def body_text(message: object) -> str:
    """The plain-text part, or the HTML part as text; "" when neither can be read."""
    from email.message import EmailMessage

    assert isinstance(message, EmailMessage)
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError, ValueError):
        part = None
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # unknown charset, broken encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_subtype() == "html" else content


class _TextOfHtml(HTMLParser):
    """Visible text of an HTML mail; quoted blocks (blockquote, Gmail's and Outlook's quote
    containers) are dropped, as are scripts and styles."""

    SKIP = ("script", "style", "head", "blockquote")
    BREAKS = ("br", "p", "div", "tr", "li", "h1", "h2", "h3", "table")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = " ".join(value or "" for key, value in attrs if key in ("class", "id"))
        if (
            self.skipping
            or tag in self.SKIP
            or "gmail_quote" in classes
            or ("divRplyFwdMsg" in classes or "appendonsend" in classes)
        ):
            self.skipping.append(tag)
            return
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if self.skipping[-1] == tag:
                self.skipping.pop()
            return
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        pass
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


# Where a reply's own text ends and the quoted message begins, in the languages and mail
# programs people use: "On Tue, ... wrote:", "Am ... schrieb ...:", "Le ... a écrit :",
# Outlook's "-----Original Message-----" or a "From: ... Sent: ..." block.
_QUOTE_START = re.compile(
    r"^\s*(?:"
    r"on\b.{0,200}\bwrote:?\s*$"
    r"|am\b.{0,200}\bschrieb\b.*$"
    r"|le\b.{0,200}\ba\s+écrit\s*:?\s*$"
    r"|-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine)\s*-{2,}"
    r"|_{10,}\s*$"
    r"|(?:from|von|de)\s*:\s.*$"
    r")",
    re.IGNORECASE,
)


def own_words(text: str) -> str:
    """The text before the first quoted part: no "> " lines, nothing after an attribution.

    The "From:" form counts only when a "Sent:"/"Gesendet:"/"Envoyé :" line follows it closely,
    as in Outlook's quote header (a body may well say "From: the hiring team").
    """
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line.lstrip().startswith(">"):
            break
        if _QUOTE_START.match(line):
            if re.match(r"^\s*(from|von|de)\s*:", line, re.IGNORECASE):
                nearby = "\n".join(lines[index + 1 : index + 4])
                if not re.search(
                    r"^\s*(sent|gesendet|envoyé|date)\s*:", nearby, re.IGNORECASE | re.MULTILINE
                ):
                    kept.append(line)
                    continue
            break
        kept.append(line)
    return "\n".join(kept).strip()
