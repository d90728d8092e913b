"""A real Xandikos CalDAV server for tests, run as a subprocess on 127.0.0.1.

Usage in a test module (the fixture is registered in tests/conftest.py)::

    def test_something(xandikos):
        xandikos.url, xandikos.calendar_url, xandikos.username, xandikos.password

Xandikos matters because it answers every calendar object's GET and PUT with a `Schedule-Tag`
header (RFC 6638) beside the ETag, which makes caldav 3.6 send `If-Schedule-Tag-Match` instead
of `If-Match` unless told otherwise (see shared/COMPAT.md); followcal must keep using If-Match.

`xandikos serve --defaults` makes the principal `/user/` with one calendar,
`/user/calendars/calendar/`. Xandikos has no authentication unless given `--htpasswd` (which
it only allows over TLS): `username` and `password` are what followcal's SyncTarget gets, and
the server ignores them. Start-up takes about half a second; every test gets its own server and
storage. The plain-HTTP helpers (`objects`, `put_object`) are Radicale's, run over this
server's own `dav`, so they play "the user" without going through the code under test.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.radicale_server import (
    RadicaleServer,
    Response,
    created_calendar,
    free_port,
    launch,
    mkcalendar_body,
    stop_process,
    wait_until_ready,
)

PRINCIPAL = "/user/"
CALENDAR_PATH = "/user/calendars/calendar/"  # what --defaults creates
USERNAME = "user"
PASSWORD = "ignored by xandikos"


@dataclass
class XandikosServer:
    """One Xandikos process with its own storage and port."""

    root: Path
    port: int = field(default_factory=free_port)
    username: str = USERNAME
    password: str = PASSWORD
    process: subprocess.Popen[bytes] | None = None
    calendar_url: str = ""

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.log = self.root / "xandikos.log"
        self.calendar_url = self.default_calendar_url

    @property
    def url(self) -> str:
        """The server root."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def default_calendar_url(self) -> str:
        return urljoin(self.url, CALENDAR_PATH)

    def make_calendar(self, slug: str, display_name: str) -> str:
        """A new calendar beside the default one (MKCALENDAR, as Radicale's helper does)."""
        url = urljoin(self.url, f"{PRINCIPAL}calendars/{slug}/")
        headers = {"Content-Type": "application/xml"}
        return created_calendar(
            url, self.dav("MKCALENDAR", url, mkcalendar_body(display_name), headers)
        )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        command = [
            sys.executable,
            "-m",
            "xandikos",
            "serve",
            "--directory",
            str(self.root / "data"),
            "--state-dir",
            str(self.root / "state"),
            "--defaults",
            "--current-user-principal",
            PRINCIPAL,
            "--listen-address",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--no-detect-systemd",
        ]
        self.process = launch(command, self.log)

        def answers() -> bool:
            # Answering a PROPFIND on the calendar means the defaults exist too.
            answer = self.dav("PROPFIND", self.default_calendar_url, headers={"Depth": "0"})
            return answer.status == 207

        try:
            wait_until_ready(self.process, answers, "Xandikos", self.log)
        except RuntimeError:
            self.process = None
            raise

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    # -- plain HTTP, as "the user" -----------------------------------------------------------

    def dav(
        self,
        method: str,
        url: str,
        body: str | bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> Response:
        """One request, no authentication (Xandikos asks for none); errors are responses."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        request = urllib.request.Request(urljoin(self.url, url), data=data or None, method=method)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return Response(resp.status, dict(resp.headers.items()), resp.read())
        except urllib.error.HTTPError as err:
            return Response(err.code, dict(err.headers.items()), err.read())

    # Radicale's helpers only need `dav`, `url` and `calendar_url`: the same code, this server.
    objects = RadicaleServer.objects
    put_object = RadicaleServer.put_object
    path_of = RadicaleServer.path_of


def start_xandikos(root: Path) -> XandikosServer:
    """A started server with fresh storage and an empty calendar at `calendar_url`."""
    server = XandikosServer(root=root)
    server.start()
    return server


@pytest.fixture
def xandikos(tmp_path: Path) -> Iterator[XandikosServer]:
    server = start_xandikos(tmp_path / "xandikos")
    try:
        yield server
    finally:
        server.stop()
