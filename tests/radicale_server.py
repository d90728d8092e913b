"""A real Radicale CalDAV server for tests, run as a subprocess on 127.0.0.1.

Usage in a test module (the fixture is registered in tests/conftest.py)::

    def test_something(radicale):
        radicale.url, radicale.username, radicale.password, radicale.calendar_url
        radicale.stop(); radicale.start(); radicale.restart()

Start-up takes about 0.2 s, so every test gets its own server, user and storage. The helper
methods (`dav`, `objects`, `put_object`, ...) talk HTTP with the standard library only, so
they can play "the user" without going through the code under test.
"""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

USERNAME = "alice"
PASSWORD = "correct horse battery staple"
CALENDAR_NAME = "Followcal test"
CALENDAR_SLUG = "followcal-test"
START_TIMEOUT = 15.0

_NS = {"D": "DAV:", "C": "urn:ietf:params:xml:ns:caldav"}
# One query per component kind: SOGo answers a bare VCALENDAR filter with nothing.
_REPORT_ALL = [
    '<?xml version="1.0" encoding="utf-8"?>'
    '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
    "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
    f'<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="{kind}"/>'
    "</C:comp-filter></C:filter></C:calendar-query>"
    for kind in ("VEVENT", "VTODO")
]


def launch(command: list[str], log_path: Path) -> subprocess.Popen[bytes]:
    """A server subprocess logging to `log_path` (unbuffered, so the log is complete)."""
    with log_path.open("ab") as log:
        return subprocess.Popen(
            command, stdout=log, stderr=log, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )


def wait_until_ready(
    process: subprocess.Popen[bytes], ready: Callable[[], bool], name: str, log_path: Path
) -> None:
    """Poll `ready` until it is true; fail with the server's log if it dies or never answers."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start-up:\n{log_path.read_text()}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.02)
    stop_process(process)
    raise RuntimeError(f"{name} did not answer within {START_TIMEOUT} s:\n{log_path.read_text()}")


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def mkcalendar_body(display_name: str) -> str:
    """The MKCALENDAR request that names the new calendar: the same on every server."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
        f"<D:set><D:prop><D:displayname>{display_name}</D:displayname></D:prop></D:set>"
        "</C:mkcalendar>"
    )


def created_calendar(url: str, resp: Response) -> str:
    """`url`, once MKCALENDAR answered 201; else the server's answer as an error."""
    if resp.status != 201:
        raise RuntimeError(f"MKCALENDAR {url}: {resp.status} {resp.text}")
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class StoredObject:
    href: str
    etag: str
    data: str


@dataclass
class RadicaleServer:
    """One Radicale process with its own storage, users and port (kept across restarts)."""

    root: Path
    port: int = field(default_factory=free_port)
    username: str = USERNAME
    password: str = PASSWORD
    tls: tuple[Path, Path] | None = None  # (certificate, key)
    calendar_url: str = ""
    extra_config: str = ""  # more of Radicale's own settings, e.g. a [reporting] limit
    process: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.users = self.root / "users"
        self.config = self.root / "config"
        self.log = self.root / "radicale.log"
        self.add_user(self.username, self.password)
        self._write_config()

    # -- addresses ---------------------------------------------------------------------------

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def url(self) -> str:
        """The server root."""
        return f"{self.scheme}://127.0.0.1:{self.port}/"

    def user_url(self, username: str | None = None) -> str:
        return urljoin(self.url, f"{username or self.username}/")

    # -- life cycle --------------------------------------------------------------------------

    def _write_config(self) -> None:
        tls = ""
        if self.tls:
            cert, key = self.tls
            tls = f"ssl = True\ncertificate = {cert}\nkey = {key}\n"
        self.config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            f"{tls}"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {self.users}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {self.root / 'collections'}\n"
            "[web]\n"
            "type = none\n"
            "[logging]\n"
            "level = warning\n" + self.extra_config,
            encoding="utf-8",
        )

    def add_user(self, username: str, password: str) -> None:
        with self.users.open("a", encoding="utf-8") as fh:
            fh.write(f"{username}:{password}\n")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        self.process = launch(
            [sys.executable, "-m", "radicale", "--config", str(self.config)], self.log
        )

        def answers() -> bool:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            return True

        try:
            wait_until_ready(self.process, answers, "Radicale", self.log)
        except RuntimeError:
            self.process = None
            raise

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    # -- plain HTTP, as "the user" -----------------------------------------------------------

    def dav(
        self,
        method: str,
        url: str,
        body: str | bytes = b"",
        headers: dict[str, str] | None = None,
        *,
        username: str | None = None,
        password: str | None = None,
    ) -> Response:
        data = body.encode("utf-8") if isinstance(body, str) else body
        auth = f"{username or self.username}:{password or self.password}".encode()
        request = urllib.request.Request(urljoin(self.url, url), data=data or None, method=method)
        request.add_header("Authorization", "Basic " + base64.b64encode(auth).decode())
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        context = None
        if self.tls:
            import ssl

            context = ssl.create_default_context(cafile=str(self.tls[0]))
        try:
            with urllib.request.urlopen(request, timeout=10, context=context) as resp:
                return Response(resp.status, dict(resp.headers.items()), resp.read())
        except urllib.error.HTTPError as err:
            return Response(err.code, dict(err.headers.items()), err.read())

    def make_calendar(
        self,
        slug: str,
        display_name: str,
        *,
        username: str | None = None,
        password: str | None = None,
    ) -> str:
        url = urljoin(self.user_url(username), f"{slug}/")
        resp = self.dav(
            "MKCALENDAR", url, mkcalendar_body(display_name), username=username, password=password
        )
        return created_calendar(url, resp)

    def calendars(self) -> dict[str, str | None]:
        """URL -> display name of the user's calendars."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:">'
            "<D:prop><D:resourcetype/><D:displayname/></D:prop></D:propfind>"
        )
        resp = self.dav("PROPFIND", self.user_url(), body, {"Depth": "1"})
        found: dict[str, str | None] = {}
        for item in ET.fromstring(resp.body).findall("D:response", _NS):
            href = item.findtext("D:href", namespaces=_NS) or ""
            if item.find(".//D:resourcetype/C:calendar", _NS) is None:
                continue
            found[urljoin(self.url, href)] = item.findtext(".//D:displayname", namespaces=_NS)
        return found

    def objects(self, calendar_url: str | None = None) -> dict[str, StoredObject]:
        """Every object in the calendar (one REPORT): href -> (etag, data)."""
        url = calendar_url or self.calendar_url
        found: dict[str, StoredObject] = {}
        for query in _REPORT_ALL:
            resp = self.dav("REPORT", url, query, {"Depth": "1", "Content-Type": "application/xml"})
            assert resp.status == 207, resp.text
            for item in ET.fromstring(resp.body).findall("D:response", _NS):
                href = urljoin(self.url, item.findtext("D:href", namespaces=_NS) or "")
                data = item.findtext(".//C:calendar-data", namespaces=_NS)
                if data is None:
                    continue
                etag = item.findtext(".//D:getetag", namespaces=_NS) or ""
                found[href] = StoredObject(href, etag, data)
        return found

    def put_object(
        self, href: str, ics: str | bytes, *, etag: str | None = None, create: bool = False
    ) -> Response:
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        if create:
            headers["If-None-Match"] = "*"
        resp = self.dav("PUT", href, ics, headers)
        assert resp.status in (201, 204), f"PUT {href}: {resp.status} {resp.text}"
        return resp

    def path_of(self, url: str) -> str:
        return urlsplit(url).path


def start_radicale(root: Path, *, tls: tuple[Path, Path] | None = None) -> RadicaleServer:
    """A started server with a fresh user and an empty calendar at `calendar_url`."""
    server = RadicaleServer(root=root, tls=tls)
    server.start()
    server.calendar_url = server.make_calendar(CALENDAR_SLUG, CALENDAR_NAME)
    return server


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    server = start_radicale(tmp_path / "radicale")
    try:
        yield server
    finally:
        server.stop()
