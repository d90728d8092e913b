"""A hostile IMAP server on 127.0.0.1, for the failures a real server cannot be made to show.

It speaks enough IMAP4rev1 for `followcal inbox` to log in, list the folders, EXAMINE and
SEARCH, and then misbehaves in the way the test asks: it trickles its answer a byte at a
time, sends untagged lines without end, drops the connection, answers BAD, sends a FETCH
that does not parse, announces a literal of hundreds of megabytes, never answers at all,
or never answers the LOGOUT. Each connection runs in its own thread; `stop` ends them all.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import suppress

import pytest

USER = "alex"
PASSWORD = "secret"
BEHAVIOURS = (
    "trickle",  # the SEARCH answer, one byte every half second
    "endless",  # untagged SEARCH lines without end
    "drop",  # the connection closes at the SEARCH
    "bad-search",  # BAD to the SEARCH
    "garbage-fetch",  # a FETCH answer that does not parse
    "huge-literal",  # a FETCH literal of 400 MB
    "silent",  # no answer to the SEARCH, ever
    "hang-logout",  # a normal scan, then no answer to LOGOUT
    "search-finds-nothing",  # SEARCH HEADER answers nothing; FETCH shows what is there
    "inbox-drafts",  # INBOX carries the \\Drafts flag; the real Drafts folder has none
)


class HostileImap:
    def __init__(self, behaviour: str, drafts: list[bytes] | None = None) -> None:
        assert behaviour in BEHAVIOURS
        self.behaviour = behaviour
        self.drafts = drafts or []  # messages in the Drafts folder (search-finds-nothing)
        self.appended: list[tuple[str, bytes]] = []  # (folder, message) for each APPEND
        self.commands: list[str] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.sent_bytes = 0

    @property
    def url(self) -> str:
        return f"imap://127.0.0.1:{self.port}"

    def start(self) -> None:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self.threads.append(thread)

    def stop(self) -> None:
        """End every thread: shutting the listener down wakes the one blocked in accept
        (closing alone would leave it there, holding the socket)."""
        self.stopping.set()
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for thread in self.threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(connection,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _serve(self, connection: socket.socket) -> None:
        stream = connection.makefile("rb")
        try:
            self._send(connection, b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile ready\r\n")
            while not self.stopping.is_set():
                line = stream.readline(100_000)
                if not line:
                    return
                self._command(connection, stream, line)
        except OSError:
            return
        finally:
            connection.close()

    def _send(self, connection: socket.socket, data: bytes) -> None:
        connection.sendall(data)
        self.sent_bytes += len(data)

    def _command(self, connection: socket.socket, stream: object, line: bytes) -> None:
        tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
        words = rest.split(b" ")
        verb = words[0].upper()
        if verb == b"UID":
            verb = words[1].upper()
        self.commands.append(verb.decode())
        done = tag + b" OK done\r\n"
        behaviour = self.behaviour
        if verb == b"CAPABILITY":
            self._send(connection, b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + done)
        elif verb == b"LOGIN":
            self._send(connection, done)
        elif verb == b"LIST":
            inbox_flag, drafts_flag = (
                (b" \\Drafts", b"") if behaviour == "inbox-drafts" else (b"", b" \\Drafts")
            )
            self._send(
                connection,
                b'* LIST (\\HasNoChildren%s) "/" INBOX\r\n' % inbox_flag
                + b'* LIST (\\HasNoChildren \\Sent) "/" Sent\r\n'
                + b'* LIST (\\HasNoChildren%s) "/" Drafts\r\n' % drafts_flag
                + done,
            )
        elif verb in (b"EXAMINE", b"SELECT"):
            count = len(self.drafts) if b"Drafts" in rest else 1
            self._send(connection, b"* %d EXISTS\r\n* 0 RECENT\r\n" % count)
            self._send(connection, tag + b" OK [READ-ONLY] done\r\n")
        elif verb == b"SEARCH":
            self._search(connection, tag, rest, done)
        elif verb == b"FETCH":
            self._fetch(connection, tag, rest, done)
        elif verb == b"APPEND":
            self._append(connection, stream, tag, rest, done)
        elif verb == b"LOGOUT":
            if behaviour == "hang-logout":
                self.stopping.wait(60)
                return
            self._send(connection, b"* BYE bye\r\n" + done)
        elif verb == b"NOOP":
            self._send(connection, done)
        else:
            self._send(connection, tag + b" BAD unknown command\r\n")

    def _search(self, connection: socket.socket, tag: bytes, rest: bytes, done: bytes) -> None:
        behaviour = self.behaviour
        if behaviour == "trickle":
            for byte in b"* SEARCH 1 2 3 4 5 6 7 8 9\r\n" * 100:
                if self.stopping.is_set():
                    return
                self._send(connection, bytes([byte]))
                time.sleep(0.5)
        elif behaviour == "endless":
            chunk = b"* SEARCH 1\r\n" * 1000
            while not self.stopping.is_set():
                self._send(connection, chunk)
        elif behaviour == "drop":
            connection.shutdown(socket.SHUT_RDWR)
        elif behaviour == "bad-search":
            self._send(connection, tag + b" BAD Error in IMAP command: line too long\r\n")
        elif behaviour == "silent":
            self.stopping.wait(60)
        elif behaviour in ("search-finds-nothing", "inbox-drafts"):
            if b"ALL" in rest.upper():
                uids = b" ".join(b"%d" % (n + 1) for n in range(len(self.drafts)))
                self._send(connection, b"* SEARCH " + uids + b"\r\n" + done)
            else:
                self._send(connection, b"* SEARCH\r\n" + done)
        else:
            self._send(connection, b"* SEARCH 1\r\n" + done)

    def _fetch(self, connection: socket.socket, tag: bytes, rest: bytes, done: bytes) -> None:
        behaviour = self.behaviour
        if behaviour == "garbage-fetch":
            self._send(connection, b"* 1 FETCH (UID 1 BODY[HEADER]<0> ((( ]] {x}\r\n" + done)
        elif behaviour == "huge-literal":
            self._send(connection, b"* 1 FETCH (UID 1 BODY[HEADER]<0> {400000000}\r\n")
            chunk = b"X" * 1_000_000
            for _ in range(400):
                if self.stopping.is_set():
                    return
                self._send(connection, chunk)
            self._send(connection, b")\r\n" + done)
        elif behaviour in ("search-finds-nothing", "inbox-drafts"):
            for number, data in enumerate(self.drafts, start=1):
                head = data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
                self._send(
                    connection,
                    b"* %d FETCH (UID %d BODY[HEADER.FIELDS (MESSAGE-ID TO SUBJECT)] {%d}\r\n"
                    % (number, number, len(head))
                    + head
                    + b")\r\n",
                )
            self._send(connection, done)
        else:
            self._send(connection, done)

    def _append(
        self, connection: socket.socket, stream: object, tag: bytes, rest: bytes, done: bytes
    ) -> None:
        size = int(rest.rsplit(b"{", 1)[1].rstrip(b"}+"))
        self._send(connection, b"+ go ahead\r\n")
        data = stream.read(size)  # type: ignore[attr-defined]
        stream.readline()  # type: ignore[attr-defined]
        self.appended.append((rest.split(b" ")[1].strip(b'"').decode(), data))
        self.drafts.append(data)
        self._send(connection, done)


@pytest.fixture
def hostile(request: pytest.FixtureRequest) -> Iterator[HostileImap]:
    server = HostileImap(request.param)
    server.start()
    yield server
    server.stop()
