"""A real Dovecot IMAP server for tests, run from a private folder on 127.0.0.1.

The set-up is the one measured in ../shared/MAIL.md: Debian's `dovecot-imapd`, run in the
foreground (`-F`) so the test owns the process, mail owned by the `dovecot` user. One server
serves a whole test session; each test gets its own user (and so its own empty mailbox), which
keeps the suite fast: Dovecot takes about a second to start.

Special-use folders are declared the way providers do, under German names, so that the code
under test must find them by their \\Sent and \\Drafts flags, not by their names.

Messages can be put in place two ways: `deliver` writes Maildir files straight into a user's
folder (what a mail delivery agent does: fast, with any flags), `append` goes through IMAP.
The helpers here never use the code under test.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
# The IMAP server Dovecot starts (Debian's dovecot-imapd); dovecot-core alone lacks it.
DOVECOT_IMAP = "/usr/lib/dovecot/imap"
START_TIMEOUT = 20.0
USERS = 300  # enough for every test of a session to have its own
PASSWORD = "s3cret-Pässword-42"  # not ASCII: logins must survive that
SENT_FOLDER = "Gesendete Objekte"
DRAFTS_FOLDER = "Entwürfe"
INSTALL_HINT = (
    "the mail tests need Dovecot: install it with `apt-get install -y dovecot-imapd` "
    "(make test does this when it runs as root), then run them as root"
)

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/run/state
log_path = {dir}/dovecot.log
{ssl}
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
auth_mechanisms = plain login xoauth2 oauthbearer
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/users
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {dir}/oauth2.conf.ext
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={dir}/mail/%u
}}
mail_location = maildir:~/Maildir
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = 0
namespace inbox {{
  inbox = yes
  separator = /
  mailbox "{sent}" {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox "{drafts}" {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Archiv {{
    special_use = \\Archive
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
  chroot =
}}
service anvil {{
  chroot =
  # No auth penalty (a delay doubling with each failed login from one address, up to 15 s):
  # the tests fail logins on purpose from 127.0.0.1 and would wait seconds for each.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""

OAUTH2_CONFIG = """\
introspection_mode = post
introspection_url = http://127.0.0.1:{port}/introspect
username_attribute = username
active_attribute = active
active_value = true
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _TokenEndpoint(BaseHTTPRequestHandler):
    """RFC 7662 token introspection: the tokens the test issued are active, nothing else."""

    tokens: ClassVar[dict[str, str]] = {}  # replaced per server

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        token = (form.get("token") or [""])[0]
        user = self.tokens.get(token)
        body = json.dumps({"active": "true", "username": user} if user else {"active": "false"})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@dataclass
class DovecotServer:
    folder: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    tokens: dict[str, str] = field(default_factory=dict)
    # (certificate, key) PEM files: TLS on, IMAPS on `imaps_port`, STARTTLS on `port`, and
    # no login before TLS. None: plain text only (the measured set-up of MAIL.md).
    certificate: tuple[Path, Path] | None = None
    imaps_port: int = 0
    _http: ThreadingHTTPServer | None = None
    _next_user: int = 0

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def url(self) -> str:
        return f"imap://127.0.0.1:{self.port}"

    def start(self) -> None:
        if not (Path(DOVECOT).exists() and Path(DOVECOT_IMAP).exists()):
            raise RuntimeError(INSTALL_HINT)
        if os.geteuid() != 0:
            raise RuntimeError(INSTALL_HINT)
        handler = type("Endpoint", (_TokenEndpoint,), {"tokens": self.tokens})
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        self.port = free_port()
        if self.certificate:
            self.imaps_port = free_port()
            cert, key = self.certificate
            ssl = f"ssl = yes\nssl_cert = <{cert}\nssl_key = <{key}\ndisable_plaintext_auth = yes"
        else:
            ssl = "ssl = no\ndisable_plaintext_auth = no"
        for name in ("run", "run/state", "mail"):
            (self.folder / name).mkdir(parents=True, exist_ok=True)
        (self.folder / "users").write_text(
            "".join(
                f"user{n}:{{PLAIN}}{PASSWORD}::::{self.folder}/mail/user{n}::\n"
                for n in range(USERS)
            )
        )
        (self.folder / "oauth2.conf.ext").write_text(
            OAUTH2_CONFIG.format(port=self._http.server_address[1])
        )
        (self.folder / "dovecot.conf").write_text(
            CONFIG.format(
                dir=self.folder,
                port=self.port,
                imaps_port=self.imaps_port,
                ssl=ssl,
                sent=SENT_FOLDER,
                drafts=DRAFTS_FOLDER,
            )
        )
        shutil.chown(self.folder / "mail", "dovecot", "dovecot")
        log = (self.folder / "stdout.log").open("ab")
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.folder / "dovecot.conf")], stdout=log, stderr=log
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        if self._http is not None:
            self._http.shutdown()

    def log(self) -> str:
        texts = []
        for name in ("dovecot.log", "stdout.log"):
            path = self.folder / name
            if path.exists():
                texts.append(path.read_text(errors="replace")[-4000:])
        return "\n".join(texts)

    # -- users and their mail ---------------------------------------------------------

    def add_user(self, password: str = PASSWORD) -> tuple[str, str]:
        """A new user with an empty mailbox: (user name, password).

        The users are all written before Dovecot starts: it re-reads its passwd-file only
        when the file's modification time changes, which two quick additions may not do.
        """
        self._next_user += 1
        if self._next_user >= USERS or password != PASSWORD:
            raise RuntimeError(f"the test server has {USERS} users, all with PASSWORD")
        return f"user{self._next_user}", password

    def issue_token(self, user: str) -> str:
        token = f"tok-{uuid.uuid4().hex}"
        self.tokens[token] = user
        return token

    def maildir(self, user: str, folder: str = "INBOX") -> Path:
        root = self.folder / "mail" / user / "Maildir"
        return root if folder == "INBOX" else root / f".{_mutf7(folder)}"

    def deliver(self, user: str, folder: str, messages: list[tuple[bytes, str]]) -> None:
        """Write (message, flags) pairs into the user's folder, as Maildir files.

        `flags` uses Maildir letters: S seen, R replied, F flagged, D draft, T trashed.
        """
        target = self.maildir(user, folder)
        for sub in ("cur", "new", "tmp"):
            (target / sub).mkdir(parents=True, exist_ok=True)
        for number, (data, flags) in enumerate(messages):
            unique = f"{1700000000 + number}.M{uuid.uuid4().hex}.followcal-test"
            name = f"{unique}:2,{''.join(sorted(flags))}"
            (target / "cur" / name).write_bytes(data)
        subprocess.run(
            ["chown", "-R", "dovecot:dovecot", str(self.folder / "mail" / user)], check=True
        )

    def snapshot(self, user: str) -> dict[str, bytes]:
        """Every file of the user's mailbox that holds mail, with its bytes (flags are in
        Maildir file names): a change of any flag, a move or a deletion changes it."""
        root = self.folder / "mail" / user / "Maildir"
        return {
            str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.parent.name in ("cur", "new")
        }


def _mutf7(name: str) -> str:
    """The folder's name as Dovecot stores it on disk (modified UTF-7, RFC 3501)."""
    from imapclient.imap_utf7 import encode

    return encode(name).decode("ascii")


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    yield from _serve(None)


def _serve(certificate: tuple[Path, Path] | None) -> Iterator[DovecotServer]:
    folder = Path(tempfile.mkdtemp(prefix="followcal-dovecot-"))
    folder.chmod(0o755)  # the mail processes run as the dovecot user
    server = DovecotServer(folder, certificate=certificate)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def dovecot_tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DovecotServer]:
    """Dovecot with TLS: IMAPS, and STARTTLS required before any login."""
    from tests.test_sync import self_signed_certificate

    yield from _serve(self_signed_certificate(tmp_path_factory.mktemp("tls")))
