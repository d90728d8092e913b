"""One mail message as followcal reads it: a few headers and the start of its text.

Parsing uses the standard library's `email` with `policy.default` (encoded words, charsets).
The text is the message's own words: the plain part (or the HTML part turned into text), with
everything quoted from earlier messages cut off, so a reply that quotes the candidate's own
"I understand if you decide not to move forward" never reads as a rejection.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from typing import Any

TEXT_LIMIT = 6000  # characters of text kept: the verdict is always near the top
MAX_PARTS = 64  # MIME parts looked at: real mail has a handful, a hostile one thousands

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


class UnreadableMessage(ValueError):
    """A message the parser cannot make sense of: the scan skips it, with this warning."""

    def __init__(self, folder: str, ident: str, reason: str) -> None:
        super().__init__(f"skipped a message in {folder} ({ident}): {reason}")


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
    calendar_request: bool = False  # carries a text/calendar part with METHOD:REQUEST
    dmarc_fail: bool = False  # the receiving server found the From domain forged

    @property
    def from_domain(self) -> str:
        return self.from_address.rpartition("@")[2]


def parse_message(data: bytes, folder: str) -> MailMessage | None:
    """The message's facts; None when it has no usable date or sender.

    Raises UnreadableMessage (naming the folder and the message) when the parser fails on
    it in a way no header-by-header care can catch (a thousand nested multiparts).
    """
    try:
        return _parse(data, folder)
    except (RecursionError, MemoryError, AttributeError, TypeError, ValueError, LookupError,
            AssertionError) as err:  # fmt: skip
        raise UnreadableMessage(folder, _ident(data), type(err).__name__) from None


def _ident(data: bytes) -> str:
    """The Message-ID as written, else the start of the stable key: enough to find it."""
    found = re.search(rb"^message-id:[ \t]*(<[^>\r\n]{1,200}>)", data[:65536], re.I | re.M)
    if found:
        return found.group(1).decode("ascii", "replace")
    return "no Message-ID, sha256 " + hashlib.sha256(data).hexdigest()[:16]


def _parse(data: bytes, folder: str) -> MailMessage | None:
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
        if _header(message, name_)
    }
    subject = " ".join(_header(message, "subject").split())
    parts = _parts(message)
    text = own_words(body_text(message, parts))[:TEXT_LIMIT]
    return MailMessage(
        folder=folder,
        message_id=message_id or stable_key(date, address, recipients, subject, text),
        date=date,
        from_address=address,
        from_name=name,
        to=recipients,
        subject=subject,
        in_reply_to=tuple(dict.fromkeys(references)),
        headers=headers,
        text=text,
        calendar_request=any(_is_request(part) for part in parts),
        dmarc_fail=_dmarc_fail(message),
    )


def stable_key(
    date: datetime, sender: str, recipients: tuple[str, ...], subject: str, text: str
) -> str:
    """A Message-ID for a message that has none (common in Outlook and Exchange exports):
    made from what the message says, so every process and machine computes the same one
    (Python's hash() changes with each process)."""
    facts = "\n".join(
        (date.astimezone(UTC).isoformat(), sender, ",".join(sorted(recipients)), subject,
         " ".join(text.split())[:2000])
    )  # fmt: skip
    return f"<no-id-{hashlib.sha256(facts.encode()).hexdigest()[:32]}@followcal.invalid>"


def _header(message: Any, name: str) -> str:
    try:
        value = message.get(name)
        return str(value) if value is not None else ""
    except Exception:  # a header the standard library's parser cannot make sense of
        return ""


def _date(message: object) -> datetime | None:
    from email.utils import parsedate_to_datetime

    raw = _header(message, "date")
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _addresses(message: Any, name: str) -> list[tuple[str, str]]:
    """(lower-case address, display name) for each address in the header; none when the
    standard library's address parser fails on it (it raises AttributeError on some)."""
    try:
        header = message.get(name)
        addresses = tuple(getattr(header, "addresses", ()))
        found = []
        for item in addresses:
            if isinstance(item, Address) and item.addr_spec and "@" in item.addr_spec:
                found.append((item.addr_spec.lower(), item.display_name or ""))
        return found
    except Exception:
        return []


def _dmarc_fail(message: Any) -> bool:
    """Authentication-Results (RFC 8601) from the receiving server saying dmarc=fail."""
    try:
        values = message.get_all("authentication-results") or ()
    except Exception:
        return False
    return any(re.search(r"\bdmarc\s*=\s*fail\b", str(v), re.IGNORECASE) for v in values)


def _parts(message: Any) -> list[Any]:
    """The message's leaf parts, breadth first, at most MAX_PARTS, without recursion."""
    leaves: list[Any] = []
    queue = [message]
    seen = 0
    while queue and seen < MAX_PARTS * 4:
        part = queue.pop(0)
        seen += 1
        if part.is_multipart():
            payload = part.get_payload()
            queue.extend(payload if isinstance(payload, list) else [])
        elif len(leaves) < MAX_PARTS:
            leaves.append(part)
    return leaves


def _is_request(part: Any) -> bool:
    if part.get_content_type() != "text/calendar":
        return False
    if str(part.get_param("method", "", header="content-type")).upper() == "REQUEST":
        return True
    payload = part.get_payload(decode=True)
    return isinstance(payload, bytes) and re.search(rb"^METHOD:REQUEST", payload, re.M) is not None


def body_text(message: object, parts: list[Any] | None = None) -> str:
    """The plain-text part, or the HTML part as text; "" when neither can be read.

    The parts are looked at without recursion (`message.get_body` recurses once per level
    of nesting, and a hostile message nests a thousand): the first text/plain that is not
    an attachment, else the first text/html.
    """
    leaves = parts if parts is not None else _parts(message)
    chosen = None
    for subtype in ("plain", "html"):
        chosen = next(
            (
                p
                for p in leaves
                if p.get_content_type() == f"text/{subtype}"
                and p.get_content_disposition() != "attachment"
            ),
            None,
        )
        if chosen is not None:
            break
    if chosen is None:
        return ""
    try:
        content = chosen.get_content()
    except (LookupError, ValueError, AssertionError):  # unknown charset, broken encoding
        payload = chosen.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if chosen.get_content_subtype() == "html" else content


# Containers of quoted earlier messages, as Gmail, Outlook, Apple Mail and Thunderbird
# write them, and what a reader never sees.
_HIDDEN = (
    "//head | //script | //style | //title | //blockquote"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
    " | //*[@id='divRplyFwdMsg'] | //*[@id='appendonsend']"
    " | //*[contains(@class, 'moz-cite-prefix')] | //*[@type='cite']"
)


def html_to_text(html: str) -> str:
    """The visible text of an HTML mail, without what it quotes.

    lxml's HTML parser (libxml2) builds the tree as browsers would (void elements such as
    <meta> and <link> in a <head>, unclosed tags, broken markup); inscriptis lays it out as
    text, keeping inline elements on their line and breaking at blocks, so a phrase split
    by <b> or <span> still reads as one. Measured here on a 56 kB message: inscriptis and
    html2text about 2 ms each, selectolax 0.03 ms; html2text is GPL-licensed and writes
    Markdown, and selectolax's text() breaks lines at every inline element, so inscriptis.
    """
    import lxml.html
    from inscriptis import Inscriptis
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig

    if not html.strip():
        return ""
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return ""
    for hidden in tree.xpath(_HIDDEN):
        if hidden.getparent() is not None:
            hidden.drop_tree()
    text = Inscriptis(tree, ParserConfig(css=CSS_PROFILES["strict"])).get_text()
    lines = (" ".join(line.split()) for line in text.splitlines())
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
