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
from contextlib import contextmanager, suppress
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
    wanted = {p.lower() for p in search.senders}
    for address in addresses:
        if _address_matches(address, wanted):
            return True
    return any(ref in search.answering for ref in message.in_reply_to)


def _address_matches(address: str, wanted: set[str]) -> bool:
    """The address itself, or its domain or a parent of it, is one of `wanted`
    (dana@acme.example, or acme.example for mail.acme.example too)."""
    if address in wanted:
        return True
    domain = address.rpartition("@")[2]
    parts = domain.split(".")
    return any(".".join(parts[start:]) in wanted for start in range(len(parts)))


def _field(names: bytes) -> re.Pattern[bytes]:
    """A header field with these names (lower case), with its continuation lines."""
    return re.compile(rb"^(?:" + names + rb")[ \t]*:([^\n]*(?:\r?\n[ \t][^\n]*)*)", re.M)


_FROM = _field(b"from")
_TO_CC = _field(b"to|cc")
_REFERENCES = _field(b"in-reply-to|references")
_DATE = _field(b"date")
_REFERENCE_NEEDLES = (b"\nin-reply-to:", b"\nreferences:")
# What an address looks like in a raw header (the quoted-local-part form aside, which
# still matches by its domain): enough to find every address the full parse would.
_ADDRESS = re.compile(rb"[^\s<>(),;:\"'\[\]]*@[a-z0-9_.\-\[\]]+")


def _spans(
    lower: bytes, needles: tuple[bytes, ...], fallback: re.Pattern[bytes]
) -> list[tuple[int, int]]:
    """Where the values of these fields are in a lower-case header block: each needle is
    b"\\n" + name + b":" (the block's first line is tried too), found with bytes.find, which
    is fast; `fallback` finds the obsolete form with space before the colon."""
    spans = []
    size = len(lower)
    for needle in needles:
        at = 0 if lower.startswith(needle[1:]) else lower.find(needle)
        while at >= 0:
            start = at + (len(needle) - 1 if at == 0 and lower[0] != 10 else len(needle))
            end = lower.find(b"\n", start)
            end = size if end < 0 else end
            while end + 1 < size and lower[end + 1] in (32, 9):  # continuation lines
                nxt = lower.find(b"\n", end + 1)
                end = size if nxt < 0 else nxt
            spans.append((start, end))
            at = lower.find(needle, end)
    if not spans and (b" :" in lower or b"\t:" in lower):  # the obsolete form is rare
        spans = [(m.start(1), m.end(1)) for m in fallback.finditer(lower)]
    return spans


class _HeaderFilter:
    """A quick look at the raw header block that keeps every message `_matches` could
    accept (and drops most of the others) before anything is parsed: the addresses' header
    fields checked for the search's addresses and domains, the references for its
    Message-IDs, and the Date against its first day. A message it keeps is then parsed in
    full and checked again, so the findings are exactly those of a full parse."""

    def __init__(self, role: str, search: Search) -> None:
        self.fields = _TO_CC if role == "sent" else _FROM
        self.needles = (b"\nto:", b"\ncc:") if role == "sent" else (b"\nfrom:",)
        self.wanted = {p.lower() for p in search.senders}
        self.answering = frozenset(ref.encode() for ref in search.answering)
        self.since = search.since - timedelta(days=1)  # a day of margin for the zones

    def keeps(self, head: bytes) -> bool:
        lower = head.lower()
        if self.wanted:
            for start, end in _spans(lower, self.needles, self.fields):
                for address in _ADDRESS.findall(lower, start, end):
                    if _address_matches(address.decode("latin-1"), self.wanted):
                        return self._recent(lower)
        if self.answering and (
            b"\nin-reply-to" in lower
            or b"\nreferences" in lower
            or lower.startswith((b"in-reply-to", b"references"))
        ):
            # Message-IDs are compared as written: each field is found in the lower-case
            # copy and read from the original at the same place.
            for start, end in _spans(lower, _REFERENCE_NEEDLES, _REFERENCES):
                ids = re.findall(rb"<[^<>\s]+>", head[start:end])
                if not self.answering.isdisjoint(ids):
                    return self._recent(lower)
        return False

    def _recent(self, lower: bytes) -> bool:
        from email.utils import parsedate_tz

        match = _DATE.search(lower)
        if match is None:
            return True  # the full parse decides
        parsed = parsedate_tz(match.group(1).decode("latin-1").strip())
        try:
            return not parsed or date(*parsed[:3]) >= self.since
        except ValueError:
            return True


def _split_head(data: bytes) -> tuple[bytes, bytes]:
    """(header block, what follows it) of the start of a message."""
    crlf, lf = data.find(b"\r\n\r\n"), data.find(b"\n\n")
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return data[: crlf + 4], data[crlf + 4 :]
    if lf >= 0:
        return data[: lf + 2], data[lf + 2 :]
    match = re.search(rb"\n\r\n", data)  # a CR only on the blank line
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
        for ident, head, text in self._kept(location, wanted):
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

    def _kept(self, location: Path, wanted: _HeaderFilter) -> Iterator[tuple[str, bytes, bytes]]:
        """The messages whose headers `wanted` keeps."""
        return (item for item in self._read(location) if wanted.keeps(item[1]))

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
                        if len(start) == 16384:  # more in the file than was read
                            if not text:  # a long header block
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
        """Split as `mailbox.mbox` splits (at every line that starts with "From "), through
        a read-only memory map: only the header block and the start of the text of each
        message are copied out, so memory stays flat however large a message or the file."""
        import mmap

        with open(location, "rb") as handle:
            try:
                view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file: no messages
                return
            with view:
                size = len(view)
                # An mbox starts with a "From " line (after blank lines at most): anything
                # else (one .eml, /etc/passwd) is not a mailbox, and "no mail" would be a lie.
                first = len(view[:1024]) - len(view[:1024].lstrip(b" \t\r\n"))
                if view[first : first + 5] != b"From ":
                    if first == size:
                        return  # blank: an mbox with no messages yet
                    raise MailError(
                        f"{location}: not an mbox file (an mbox starts with a line 'From "
                        "...'). Give --mbox a mailbox file (Thunderbird's Inbox, say) or "
                        "--maildir a Maildir folder: a single .eml message is neither."
                    )
                start = first
                number = 0
                while 0 <= start < size:
                    if view[start : start + 1] == b"\n":
                        start += 1
                    after = view.find(b"\nFrom ", start)
                    number += 1
                    yield _cut(view, start, size if after < 0 else after + 1, number)
                    start = after


def _cut(view: Any, start: int, end: int, number: int) -> tuple[str, bytes, bytes]:
    """(name, header block, start of the text) of the mbox message at view[start:end]."""
    first = view.find(b"\n", start, end)  # the From_ line itself is not part of the mail
    body = end if first < 0 else first + 1
    limit = min(end, body + HEADER_BYTES)
    # The first blank line, found in place (only the header block is copied), as
    # _split_head finds it.
    crlf = view.find(b"\r\n\r\n", body, limit)
    lf = view.find(b"\n\n", body, limit if crlf < 0 else crlf)
    if lf >= 0:
        head_end = lf + 2
    elif crlf >= 0:
        head_end = crlf + 4
    else:
        head, _ = _split_head(view[body:limit])
        head_end = body + len(head)
    return (
        f"message {number}",
        view[body:head_end],
        view[head_end : min(end, head_end + TEXT_BYTES)],
    )


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


# What one IMAP command may bring back: a hostile or broken server can send a literal of
# hundreds of megabytes, or untagged lines without end, which imaplib would keep in memory.
LITERAL_LIMIT = 1024 * 1024  # one literal: followcal asks for 64 kB of header, 8 kB of text
RESPONSE_LIMIT = 64 * 1024 * 1024  # everything one command brings back
HEADER_FETCH = 65536
# Dovecot refuses a command line over 64 KiB ("IMAP command line too large"); a SEARCH
# that ORs hundreds of Message-IDs gets there, so the criteria go in batches of this many.
SEARCH_BATCH = 100
LOGOUT_SECONDS = 5.0


class _Abort(Exception):
    """Raised inside imaplib's reads when a response passes its limits."""


@dataclass
class ImapSource:
    """A live IMAP account. Use `connect`; `commands` counts the IMAP commands sent.

    Every command runs under a deadline (the login's timeout, for the whole command, not
    per read: a server that trickles a byte a second is cut off too) and within byte limits;
    any failure becomes one MailError line (exit 20).
    """

    client: Any
    folders: dict[str, str | None] = field(default_factory=dict)
    commands: int = 0
    _listing: list[tuple[Sequence[bytes], str]] | None = None
    host: str = ""
    timeout: float = 30.0
    skipped: list[str] = field(default_factory=list)
    _budget: int = 0
    _timed_out: bool = False

    @classmethod
    def connect(cls, login: ImapLogin, folders: dict[str, str | None]) -> ImapSource:
        from imapclient import IMAPClient
        from imapclient.exceptions import LoginError

        host, port, secure = imap_endpoint(login.url)
        context = _tls_context(login.ca_bundle)
        source = cls(client=None, folders=folders, host=host, timeout=login.timeout)
        try:
            reach = f"cannot reach the IMAP server at {host}:{port}"
            with source._bounded("the connection", login, failure=reach):
                client = IMAPClient(
                    host, port=port, ssl=secure, ssl_context=context, timeout=login.timeout
                )
                source.client = client
                source._limit_reads()
                source.commands += 1  # the capability probe
                if not secure:
                    if client.has_capability("STARTTLS"):
                        client.starttls(context)
                        source._limit_reads()
                        source.commands += 1
                    elif not is_this_computer(host):
                        raise MailError(
                            f"{host} does not offer STARTTLS: use imaps://{host} (plain text "
                            "is allowed only to this computer)"
                        )
            source.commands += 1
            with source._bounded("the login", login):
                try:
                    if login.token is not None:
                        client.oauth2_login(login.username, login.token)
                    elif (login.password or "").isascii() and login.username.isascii():
                        client.login(login.username, login.password or "")
                    else:  # LOGIN takes ASCII only; AUTHENTICATE PLAIN carries UTF-8
                        client.plain_login(login.username, login.password or "")
                except LoginError:
                    raise MailError(
                        f"the server at {host} refused the login for {login.username} "
                        "(check the user name, the app password or the token command)"
                    ) from None
        except BaseException:  # MailError, or Ctrl-C: no LOGOUT to a half-open session
            source.abort()
            raise
        return source

    # -- bounds -----------------------------------------------------------------------

    def _limit_reads(self) -> None:
        """Put imaplib's documented read hooks (IMAP4.read and IMAP4.readline: "you may
        override this method") under the byte limits. IMAPClient keeps its imaplib object
        in `_imap`, a private attribute: imapclient is pinned below 5, and
        test_mail_hostile.py fails at once if the attribute goes away."""
        imap = self.client._imap
        read, readline = type(imap).read, type(imap).readline

        def bounded_read(size: int) -> bytes:
            if size > LITERAL_LIMIT:
                raise _Abort(f"sent a part of {size:,} bytes (followcal asks for 64 kB at most)")
            self._spend(size)
            return read(imap, size)  # type: ignore[no-any-return]

        def bounded_readline() -> bytes:
            line = readline(imap)
            self._spend(len(line))
            return line  # type: ignore[no-any-return]

        imap.read = bounded_read
        imap.readline = bounded_readline

    def _spend(self, size: int) -> None:
        self._budget -= size
        if self._budget < 0:
            raise _Abort(f"sent more than {RESPONSE_LIMIT // 1024 // 1024} MB for one command")

    def _cut(self) -> None:
        """The deadline passed: shut the socket, so that the blocked read returns now."""
        self._timed_out = True
        sock = self._socket()
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _socket(self) -> socket.socket | None:
        try:
            return self.client.socket() if self.client is not None else None
        except Exception:
            return None

    @contextmanager
    def _bounded(
        self, what: str, login: ImapLogin | None = None, failure: str | None = None
    ) -> Iterator[None]:
        """One command (or the connection): under the deadline and the byte limits, and
        every failure as one MailError line."""
        import ssl
        import threading

        from imapclient.exceptions import IMAPClientError

        self._budget = RESPONSE_LIMIT
        self._timed_out = False
        timer = threading.Timer(self.timeout, self._cut)
        timer.daemon = True
        timer.start()
        try:
            yield
        except KeyboardInterrupt:  # Ctrl-C: drop the connection, so no LOGOUT waits
            self.abort()
            raise
        except MailError:
            raise
        except _Abort as err:
            self.abort()
            raise MailError(f"the IMAP server at {self.host} {err} ({what})") from None
        except (OSError, EOFError, IMAPClientError, ssl.SSLError, ValueError, TypeError,
                IndexError, KeyError, AttributeError, AssertionError) as err:  # fmt: skip
            self.abort()
            if self._timed_out:
                raise MailError(
                    f"the IMAP server at {self.host} did not finish {what} within "
                    f"{self.timeout:g} s (--timeout)"
                ) from None
            reason = _safe_reason(err, login) if login else _one_line(err)
            start = failure or f"the IMAP server at {self.host} failed {what}"
            raise MailError(f"{start}: {reason}") from None
        finally:
            timer.cancel()

    def close(self) -> None:
        """LOGOUT, under a short deadline: a server that does not answer is cut off."""
        if self.client is None:
            return
        self.timeout = min(self.timeout, LOGOUT_SECONDS)
        with suppress(MailError), self._bounded("the logout"):
            self.commands += 1
            self.client.logout()
        self.abort()

    def abort(self) -> None:
        """Drop the connection without a word to the server (Ctrl-C, errors)."""
        client, self.client = self.client, None
        if client is None:
            return
        try:
            sock = client.socket()
        except Exception:
            sock = None
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with suppress(OSError):
                sock.close()

    # -- reading --------------------------------------------------------------------

    def folder(self, role: str) -> str | None:
        """The folder for "inbox", "sent" or "drafts": an override, special use, a name."""
        if role == "inbox":
            return "INBOX"
        override = self.folders.get(role)
        if override:
            return override
        if self._listing is None:
            self.commands += 1
            with self._bounded("the folder list"):
                self._listing = [(flags, name) for flags, _, name in self.client.list_folders()]
        flag = "\\Sent" if role == "sent" else "\\Drafts"
        names = SENT_NAMES if role == "sent" else DRAFTS_NAMES
        listing = self._listing
        if role == "drafts":
            # Some servers flag INBOX itself \Drafts: drafts never go into the inbox.
            listing = [(f, n) for f, n in listing if n.upper() != "INBOX"]
        return pick_folder(listing, flag, names)

    def _examine(self, name: str) -> None:
        from imapclient.exceptions import IMAPClientError

        self.commands += 1
        try:
            with self._bounded(f"opening the folder '{name}'"):
                try:
                    self.client.select_folder(name, readonly=True)  # EXAMINE
                except IMAPClientError as err:
                    raise MailError(f"cannot open the folder '{name}': {_one_line(err)}") from None
        except MailError:
            raise

    def _search(self, criteria: list[Any], charset: str | None, what: str) -> set[int]:
        self.commands += 1
        with self._bounded(what):
            return set(self.client.search(criteria, charset=charset))

    def messages(self, role: str, search: Search) -> Iterator[MailMessage]:
        name = self.folder(role)
        if name is None:
            return
        self._examine(name)
        charset = "UTF-8" if any(not p.isascii() for p in search.senders) else None
        uids: set[int] = set()
        for criteria in _criteria_batches(role, search):
            uids |= self._search(criteria, charset, f"the search in '{name}'")
        wanted = [f"BODY.PEEK[HEADER]<0.{HEADER_FETCH}>", f"BODY.PEEK[TEXT]<0.{TEXT_BYTES}>"]
        ordered = sorted(uids)
        for start in range(0, len(ordered), FETCH_BATCH):
            batch = ordered[start : start + FETCH_BATCH]
            self.commands += 1
            with self._bounded(f"fetching from '{name}'"):
                fetched = self.client.fetch(batch, wanted)
            for uid in batch:
                data = fetched.get(uid, {})
                header = _part(data, b"BODY[HEADER]")
                text = _part(data, b"BODY[TEXT]")
                try:
                    message = parse_message(header + text, role)
                except UnreadableMessage as err:
                    self.skipped.append(f"{name} (UID {uid}): {err}")
                    continue
                if message is not None:
                    yield message

    # -- drafts (prepare) -------------------------------------------------------------

    def has_message(self, folder: str, message_id: str, to: str, subject: str) -> bool:
        """Whether `folder` holds this Message-ID, or a message to `to` with this subject
        (a draft the user edited and their mail program saved under a new id).

        The server's header search is asked first; some servers answer it with nothing
        whatever the folder holds, so the folder's own headers are then read (the most
        recent HEADER_SCAN messages) and compared here.
        """
        self._examine(folder)
        if self._search(["HEADER", "Message-ID", message_id], None, f"the search in '{folder}'"):
            return True
        if self._search(["TO", to, "SUBJECT", subject], "UTF-8", f"the search in '{folder}'"):
            return True
        return self._scan_headers(folder, message_id, to, subject)

    def _scan_headers(self, folder: str, message_id: str, to: str, subject: str) -> bool:
        from email.parser import BytesHeaderParser
        from email.policy import default

        everything = self._search(["ALL"], None, f"listing '{folder}'")
        recent = sorted(everything)[-HEADER_SCAN:]
        wanted = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID TO SUBJECT)]"
        parser = BytesHeaderParser(policy=default)
        for start in range(0, len(recent), FETCH_BATCH):
            batch = recent[start : start + FETCH_BATCH]
            self.commands += 1
            with self._bounded(f"reading the headers in '{folder}'"):
                fetched = self.client.fetch(batch, [wanted])
            for data in fetched.values():
                raw = next((v for k, v in data.items() if k.startswith(b"BODY[HEADER")), b"")
                headers = parser.parsebytes(raw or b"")
                try:
                    if str(headers.get("message-id", "")).strip() == message_id:
                        return True
                    same_to = to.lower() in str(headers.get("to", "")).lower()
                    if same_to and " ".join(str(headers.get("subject", "")).split()) == subject:
                        return True
                except Exception:  # a header the parser cannot read: not ours
                    continue
        return False

    def append(self, folder: str, data: bytes) -> None:
        self.commands += 1
        with self._bounded(f"adding the draft to '{folder}'"):
            self.client.append(folder, data, flags=("\\Draft",))


HEADER_SCAN = 2000  # the Drafts messages looked at when the server's header search fails


def _part(data: dict[Any, Any], prefix: bytes) -> bytes:
    """A fetched section, whatever partial suffix the server names it with."""
    for key, value in data.items():
        if isinstance(key, bytes) and key.startswith(prefix) and isinstance(value, bytes):
            return value
    return b""


def _one_line(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return re.sub(r"\s+", " ", text)[:200]


def _tls_context(ca_bundle: str | None) -> Any:
    """The TLS context, trusting `ca_bundle` (a PEM file or a folder) when given."""
    import ssl

    try:
        if ca_bundle and os.path.isdir(ca_bundle):
            return ssl.create_default_context(capath=ca_bundle)
        return ssl.create_default_context(cafile=ca_bundle)
    except ssl.SSLError:
        raise MailError(
            f"cannot load the CA bundle {ca_bundle!r}: not a PEM certificate bundle"
        ) from None
    except OSError as err:
        reason = err.strerror or "cannot read it"
        raise MailError(f"cannot load the CA bundle {ca_bundle!r}: {reason}") from None


def _criteria_batches(role: str, search: Search) -> list[list[Any]]:
    """The search as one or more SEARCH commands, each short enough for any server."""
    field_ = "TO" if role == "sent" else "FROM"
    options: list[list[Any]] = [[field_, pattern] for pattern in search.senders]
    if role == "sent":
        options += [["CC", pattern] for pattern in search.senders]
    options += [["HEADER", "References", ref] for ref in search.answering]
    options += [["HEADER", "In-Reply-To", ref] for ref in search.answering]
    return [
        ["SINCE", search.since, *_any_of(options[start : start + SEARCH_BATCH])]
        for start in range(0, len(options), SEARCH_BATCH)
    ]


def _criteria(role: str, search: Search) -> list[Any] | None:
    """The whole search as one command (for a search known to be short)."""
    batches = _criteria_batches(role, search)
    return batches[0] if len(batches) == 1 else None


def _any_of(options: list[list[Any]]) -> list[Any]:
    """IMAP's OR takes two keys: a balanced tree of ORs keeps the nesting shallow."""
    if len(options) == 1:
        return options[0]
    middle = len(options) // 2
    return ["OR", _any_of(options[:middle]), _any_of(options[middle:])]


def imap_endpoint(url: str) -> tuple[str, int, bool]:
    """(host, port, TLS from the start) of an IMAP URL, or a ConfigError. Checked before
    any password is asked for; the URL is never echoed (it may hold one)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigError("not an IMAP URL (use imaps://host or imap://host)") from None
    if parts.username or parts.password:
        raise ConfigError("put the user name in --username, not in the URL")
    if parts.scheme not in ("imaps", "imap") or not parts.hostname:
        shown = re.sub(r"[^/]*@", "[hidden]@", url)  # "imap:/me:secret@host" parses hostless
        raise ConfigError(
            f"not an IMAP URL: {shown!r} (use imaps://host[:port], or imap://host for STARTTLS)"
        )
    secure = parts.scheme == "imaps"
    return unquote(parts.hostname), port or (993 if secure else 143), secure


def is_this_computer(host: str) -> bool:
    """Whether every address of `host` is loopback: the one place plain-text IMAP is allowed
    (a test server, or a local bridge such as Proton Mail Bridge)."""
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


def _safe_reason(err: BaseException, login: ImapLogin | None) -> str:
    text = str(err) or type(err).__name__
    for secret in (login.password, login.token) if login else ():
        if secret:
            text = text.replace(secret, "***")
    return re.sub(r"\s+", " ", text)[:200]
