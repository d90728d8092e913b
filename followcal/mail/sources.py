"""Where mail comes from: an IMAP server, a Maildir or an mbox, behind one interface.

Every source is read-only by construction. The IMAP source EXAMINEs folders (never SELECT),
searches on the server, and fetches with BODY.PEEK only the headers and the start of the text
of the messages that match, so its work grows with the matches, not with the mailbox. The
local sources open their files for reading only and apply the same search themselves.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from followcal.errors import ConfigError, FollowcalError
from followcal.mail.message import MailMessage, UnreadableMessage, parse_message

TEXT_BYTES = 8192  # the start of a message's text: where its verdict is
HEADER_BYTES = 256 * 1024  # a header block longer than this is cut (real ones are < 20 kB)
FETCH_BATCH = 500  # UIDs per FETCH command

# Common names of the Sent and Drafts folders, for servers without special-use flags.
SENT_NAMES = (
    "Sent",
    "Sent Items",
    "Sent Mail",
    "Sent Messages",
    "[Gmail]/Sent Mail",
    "[Google Mail]/Sent Mail",
    "Gesendet",
    "Gesendete Objekte",
    "Gesendete Elemente",
    "Gesendete Nachrichten",
    "Envoyés",
    "Éléments envoyés",
    "Messages envoyés",
    "Enviados",
    "Elementos enviados",
    "Posta inviata",
    "Inviati",
    "Verzonden",
    "Verzonden items",
    "Skickat",
    "Sendt",
    "Wysłane",
)
DRAFTS_NAMES = (
    "Drafts",
    "[Gmail]/Drafts",
    "[Google Mail]/Drafts",
    "Draft",
    "Entwürfe",
    "Brouillons",
    "Borradores",
    "Bozze",
    "Concepten",
    "Utkast",
    "Kladder",
    "Kopie robocze",
)


class MailError(FollowcalError):
    """The mailbox cannot be reached or read (network, login, a missing folder)."""

    EXIT_CODE = 20


@dataclass(frozen=True)
class Search:
    """What a scan asks a folder for: mail since a day, from (or to) these addresses or
    domains, or answering these Message-IDs."""

    since: date
    senders: tuple[str, ...] = ()  # matched against From (inbox) or To/Cc (sent)
    answering: tuple[str, ...] = ()  # Message-IDs the messages may reference


class MailSource(Protocol):
    def messages(self, role: str, search: Search) -> Iterator[MailMessage]:
        """The messages of the folder with this role ("inbox" or "sent") matching `search`."""
        ...

    def close(self) -> None: ...


def pick_folder(
    folders: Sequence[tuple[Sequence[bytes | str], str]], flag: str, names: Sequence[str]
) -> str | None:
    """The folder carrying the special-use `flag` (RFC 6154), else the first common name.

    `folders` holds (flags, name) pairs as LIST returns them. Names match without regard to
    case, also one level down ("INBOX.Sent", "INBOX/Sent").
    """
    wanted = flag.lower()
    for flags, name in folders:
        if any((f.decode() if isinstance(f, bytes) else f).lower() == wanted for f in flags):
            return name
    by_name = {name.casefold(): name for _, name in folders}
    for candidate in names:
        for prefix in ("", "inbox.", "inbox/"):
            found = by_name.get(prefix + candidate.casefold())
            if found:
                return found
    return None


def _matches(message: MailMessage, search: Search) -> bool:
    if message.date.date() < search.since:
        return False
    addresses = message.to if message.folder == "sent" else (message.from_address,)
    for address in addresses:
        if any(pattern in address for pattern in search.senders):
            return True
    return any(ref in search.answering for ref in message.in_reply_to)


_FIELD = re.compile(rb"^([A-Za-z-]+)[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.MULTILINE)


class _HeaderFilter:
    """A quick look at the raw header block that keeps every message `_matches` could
    accept (and drops most of the others) before anything is parsed: the addresses' header
    lines checked for the search's addresses and domains, the references for its
    Message-IDs, and the Date against its first day. A message it keeps is then parsed in
    full and checked again, so the findings are exactly those of a full parse."""

    def __init__(self, role: str, search: Search) -> None:
        self.fields = (b"to", b"cc") if role == "sent" else (b"from",)
        patterns = sorted({p.lower() for p in search.senders}, key=len, reverse=True)
        self.senders = (
            re.compile("|".join(re.escape(p) for p in patterns).encode()) if patterns else None
        )
        self.answering = frozenset(ref.encode() for ref in search.answering)
        self.since = search.since

    def keeps(self, head: bytes) -> bool:
        from email.utils import parsedate_tz

        addresses: list[bytes] = []
        references: list[bytes] = []
        day: bytes | None = None
        for match in _FIELD.finditer(head):
            name = match.group(1).lower()
            if name in self.fields:
                addresses.append(match.group(2))
            elif name in (b"in-reply-to", b"references"):
                references.append(match.group(2))
            elif name == b"date":
                day = match.group(2)
        if day is not None:
            parsed = parsedate_tz(day.decode("latin-1").strip())
            # a day and more of margin for the zones: the full parse decides exactly
            if parsed and date(*parsed[:3]) < self.since - timedelta(days=1):
                return False
        if self.senders and self.senders.search(b"\n".join(addresses).lower()):
            return True
        if self.answering and references:
            found = re.findall(rb"<[^<>\s]+>", b" ".join(references))
            return not self.answering.isdisjoint(found)
        return False


def _split_head(data: bytes) -> tuple[bytes, bytes]:
    """(header block, what follows it) of the start of a message."""
    match = re.search(rb"\r?\n\r?\n", data)
    if match is None:
        return data, b""
    return data[: match.end()], data[match.end() :]


# -- local copies ---------------------------------------------------------------------


class _LocalSource:
    """Shared by Maildir and mbox: a quick look at each message's raw headers, then a full
    parse of the candidates only. Each message is read to at most its header block
    (HEADER_BYTES) and TEXT_BYTES of text, as the IMAP source fetches: a message of
    hundreds of megabytes costs no more memory than a small one."""

    def __init__(self, path: Path, folders: dict[str, str | None]) -> None:
        if not path.exists():
            raise MailError(f"{path}: no such file or folder")
        self.path = path
        self.overrides = folders
        self.commands = 0  # local sources send no commands; kept for the benchmark
        self.skipped: list[str] = []  # one warning per message that could not be read

    def close(self) -> None:
        pass

    def messages(self, role: str, search: Search) -> Iterator[MailMessage]:
        try:
            location = self._folder(role)
        except OSError as err:
            raise MailError(f"{self.path}: cannot read it: {err.strerror}") from None
        if location is None:
            return
        wanted = _HeaderFilter(role, search)
        for ident, head, text in self._read(location):
            if not wanted.keeps(head):
                continue
            try:
                message = parse_message(head + text, role)
            except UnreadableMessage as err:
                self.skipped.append(f"{location} ({ident}): {err}")
                continue
            if message is not None and _matches(message, search):
                yield message

    def _folder(self, role: str) -> Path | None:
        raise NotImplementedError

    def _read(self, location: Path) -> Iterator[tuple[str, bytes, bytes]]:
        """(name, header block, start of the text) of each message."""
        raise NotImplementedError

    def _named(self, role: str, candidates: Sequence[Path]) -> Path | None:
        override = self.overrides.get(role)
        if override:
            path = Path(override).expanduser()
            path = path if path.is_absolute() else self.path / override
            if not path.exists():
                raise MailError(f"{path}: no such {role} folder")
            return path
        names = SENT_NAMES if role == "sent" else DRAFTS_NAMES
        by_name = {p.name.lstrip(".").casefold(): p for p in candidates}
        for name in names:
            found = by_name.get(name.casefold()) or by_name.get(name.replace("/", ".").casefold())
            if found:
                return found
        return None


class MaildirSource(_LocalSource):
    """A Maildir: the folder itself is the inbox (or holds INBOX/Inbox); Sent is a sibling
    folder (mbsync, offlineimap) or a Maildir++ sub-folder (.Sent, Dovecot, Courier)."""

    def _folder(self, role: str) -> Path | None:
        if role == "inbox":
            for candidate in (self.path, self.path / "INBOX", self.path / "Inbox"):
                if (candidate / "cur").is_dir():
                    return candidate
            raise MailError(f"{self.path}: not a Maildir (no cur/ folder)")
        if not self.path.is_dir():
            return None
        subfolders = [p for p in self.path.iterdir() if (p / "cur").is_dir()]
        return self._named(role, subfolders)

    def _read(self, location: Path) -> Iterator[tuple[str, bytes, bytes]]:
        for sub in ("cur", "new"):
            folder = location / sub
            if not folder.is_dir():
                continue
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.name.startswith("."):
                    continue
                try:
                    with open(entry.path, "rb") as handle:
                        start = handle.read(16384)
                        head, text = _split_head(start)
                        if not text and len(start) == 16384:  # a long header block
                            start += handle.read(HEADER_BYTES - len(start))
                            head, text = _split_head(start)
                        if len(text) < TEXT_BYTES:
                            text += handle.read(TEXT_BYTES - len(text))
                except (IsADirectoryError, FileNotFoundError):
                    continue  # moved by a mail program while we read: skip it
                except OSError:
                    continue
                yield f"{sub}/{entry.name}", head, text[:TEXT_BYTES]


class MboxSource(_LocalSource):
    """An mbox file (the inbox), or a folder of them (Thunderbird's Local Folders: Inbox,
    Sent, Drafts side by side)."""

    def _folder(self, role: str) -> Path | None:
        if role == "inbox":
            if self.path.is_file():
                return self.path
            for name in ("Inbox", "INBOX", "inbox"):
                if (self.path / name).is_file():
                    return self.path / name
            raise MailError(f"{self.path}: not an mbox file, nor a folder with an Inbox file")
        folder = self.path if self.path.is_dir() else self.path.parent
        return self._named(role, [p for p in folder.iterdir() if p.is_file()])

    def _read(self, location: Path) -> Iterator[tuple[str, bytes, bytes]]:
        """Line by line (each line read in pieces of at most 64 kB), as `mailbox.mbox` splits
        messages (at every line that starts with "From "), keeping the header block and the
        start of the text of each: memory stays flat however large a message is."""
        number = 0
        head: list[bytes] = []
        text: list[bytes] = []
        sizes = [0, 0]
        in_head = True
        started = False

        def finish() -> tuple[str, bytes, bytes]:
            return f"message {number}", b"".join(head), b"".join(text)[:TEXT_BYTES]

        with open(location, "rb") as handle:
            line = handle.readline(65536)
            at_start = True  # the piece begins a line (the one before it ended in a newline)
            while line:
                if at_start and line.startswith(b"From "):
                    if started:
                        yield finish()
                    number += 1
                    started, in_head = True, True
                    head, text, sizes = [], [], [0, 0]
                elif started and in_head:
                    if line in (b"\n", b"\r\n"):
                        in_head = False
                    if sizes[0] < HEADER_BYTES:
                        head.append(line)
                        sizes[0] += len(line)
                elif started and sizes[1] < TEXT_BYTES:
                    text.append(line)
                    sizes[1] += len(line)
                at_start = line.endswith(b"\n")
                line = handle.readline(65536)
            if started:
                yield finish()


# -- IMAP -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImapLogin:
    url: str
    username: str
    password: str | None = None
    token: str | None = None  # an OAuth2 bearer token: XOAUTH2
    ca_bundle: str | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:  # never the secret, not even in a traceback
        return f"ImapLogin(url={self.url!r}, username={self.username!r})"


@dataclass
class ImapSource:
    """A live IMAP account. Use `connect`; `commands` counts the IMAP commands sent."""

    client: Any
    folders: dict[str, str | None] = field(default_factory=dict)
    commands: int = 0
    _listing: list[tuple[Sequence[bytes], str]] | None = None

    @classmethod
    def connect(cls, login: ImapLogin, folders: dict[str, str | None]) -> ImapSource:
        import ssl

        from imapclient import IMAPClient
        from imapclient.exceptions import IMAPClientError, LoginError

        host, port, secure = _endpoint(login.url)
        context = ssl.create_default_context(cafile=login.ca_bundle)
        source = cls(client=None, folders=folders)
        try:
            client = IMAPClient(
                host, port=port, ssl=secure, ssl_context=context, timeout=login.timeout
            )
            source.client = client
            source.commands += 1  # the capability probe
            if not secure:
                if client.has_capability("STARTTLS"):
                    client.starttls(context)
                    source.commands += 1
                elif not _loopback(host):
                    raise MailError(
                        f"{host} does not offer STARTTLS: use imaps://{host} (plain text is "
                        "allowed only to this computer)"
                    )
            source.commands += 1
            if login.token is not None:
                client.oauth2_login(login.username, login.token)
            elif (login.password or "").isascii() and login.username.isascii():
                client.login(login.username, login.password or "")
            else:  # LOGIN takes ASCII only; AUTHENTICATE PLAIN carries UTF-8
                client.plain_login(login.username, login.password or "")
        except LoginError:
            source.close()
            raise MailError(
                f"the server at {host} refused the login for {login.username} "
                "(check the user name, the app password or the token command)"
            ) from None
        except (OSError, IMAPClientError, ssl.SSLError) as err:
            source.close()
            raise MailError(
                f"cannot reach the IMAP server at {host}:{port}: {_safe_reason(err, login)}"
            ) from None
        return source

    def close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.logout()
            self.commands += 1
        except Exception:  # the connection may already be gone; nothing to save
            pass
        self.client = None

    def folder(self, role: str) -> str | None:
        """The folder for "inbox", "sent" or "drafts": an override, special use, a name."""
        if role == "inbox":
            return "INBOX"
        override = self.folders.get(role)
        if override:
            return override
        if self._listing is None:
            self.commands += 1
            self._listing = [(flags, name) for flags, _, name in self.client.list_folders()]
        flag = "\\Sent" if role == "sent" else "\\Drafts"
        return pick_folder(self._listing, flag, SENT_NAMES if role == "sent" else DRAFTS_NAMES)

    def _examine(self, name: str) -> None:
        self.commands += 1
        try:
            self.client.select_folder(name, readonly=True)  # EXAMINE
        except Exception as err:
            raise MailError(f"cannot open the folder '{name}': {err}") from None

    def messages(self, role: str, search: Search) -> Iterator[MailMessage]:
        name = self.folder(role)
        if name is None:
            return
        self._examine(name)
        criteria = _criteria(role, search)
        if criteria is None:
            return
        self.commands += 1
        charset = "UTF-8" if any(not p.isascii() for p in search.senders) else None
        uids = sorted(self.client.search(criteria, charset=charset))
        wanted = ["BODY.PEEK[HEADER]", f"BODY.PEEK[TEXT]<0.{TEXT_BYTES}>"]
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            self.commands += 1
            fetched = self.client.fetch(batch, wanted)
            for uid in batch:
                data = fetched.get(uid, {})
                header = data.get(b"BODY[HEADER]") or b""
                text = data.get(b"BODY[TEXT]<0>") or b""
                message = parse_message(header + text, role)
                if message is not None:
                    yield message

    # -- drafts (prepare) -------------------------------------------------------------

    def has_message(self, folder: str, message_id: str, to: str, subject: str) -> bool:
        """Whether `folder` holds this Message-ID, or a message to `to` with this subject
        (a draft the user edited and their mail program saved under a new id)."""
        self._examine(folder)
        self.commands += 1
        by_id = self.client.search(["HEADER", "Message-ID", message_id])
        if by_id:
            return True
        self.commands += 1
        same = self.client.search(["TO", to, "SUBJECT", subject], charset="UTF-8")
        return bool(same)

    def append(self, folder: str, data: bytes) -> None:
        self.commands += 1
        self.client.append(folder, data, flags=("\\Draft",))


def _criteria(role: str, search: Search) -> list[Any] | None:
    field = "TO" if role == "sent" else "FROM"
    options: list[list[Any]] = [[field, pattern] for pattern in search.senders]
    if role == "sent":
        options += [["CC", pattern] for pattern in search.senders]
    options += [["HEADER", "References", ref] for ref in search.answering]
    options += [["HEADER", "In-Reply-To", ref] for ref in search.answering]
    if not options:
        return None
    return ["SINCE", search.since, *_any_of(options)]


def _any_of(options: list[list[Any]]) -> list[Any]:
    """IMAP's OR takes two keys: a balanced tree of ORs keeps the nesting shallow."""
    if len(options) == 1:
        return options[0]
    middle = len(options) // 2
    return ["OR", _any_of(options[:middle]), _any_of(options[middle:])]


def _endpoint(url: str) -> tuple[str, int, bool]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigError(f"not an IMAP URL: {url!r} (use imaps://host or imap://host)") from None
    if parts.scheme not in ("imaps", "imap") or not parts.hostname:
        raise ConfigError(
            f"not an IMAP URL: {url!r} (use imaps://host[:port], or imap://host for STARTTLS)"
        )
    if parts.username or parts.password:
        raise ConfigError("put the user name in --username, not in the URL")
    secure = parts.scheme == "imaps"
    return unquote(parts.hostname), port or (993 if secure else 143), secure


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            return all(
                ipaddress.ip_address(info[4][0]).is_loopback
                for info in socket.getaddrinfo(host, None)
            )
        except (OSError, ValueError):
            return False


def _safe_reason(err: BaseException, login: ImapLogin) -> str:
    text = str(err) or type(err).__name__
    for secret in (login.password, login.token):
        if secret:
            text = text.replace(secret, "***")
    return re.sub(r"\s+", " ", text)[:200]
