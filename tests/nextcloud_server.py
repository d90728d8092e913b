"""Nextcloud's CalDAV engine for tests: the kit in ../shared/servers/nextcloud-sabre/.

sabre/dav 4.7.0 with the libraries Nextcloud 31 and 32 bundle, under PHP's built-in server
with SQLite, in Nextcloud's URL layout (`/remote.php/dav/calendars/USER/`). With `nc=True`
(the default here) the kit also plays two behaviours of Nextcloud's own CalDavBackend: one UID
per calendar (400) and the calendar trash bin, in the generation `trashbin` names
(`reject`: NC 22 until PR #34375; `rename`: after it until PR #61881; `purge`: after that;
`off`: retention 0). The kit's README and server.php say what is real and what is emulated.

The kit is read-only: it is started from where it is, with its data in a temp folder, and
stopped by the process id it recorded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from tests.radicale_server import RadicaleServer, created_calendar, free_port, mkcalendar_body

KIT = Path(__file__).resolve().parents[2] / "shared" / "servers" / "nextcloud-sabre"
USERNAME = "fcuser"
PASSWORD = "Nc-Pass-31"
APP_PASSWORD = "AppPass-xyz12-34567"  # a second password for the same login
TRASHBIN_MODES = ("reject", "rename", "purge", "off")


def nextcloud_available() -> bool:
    """The kit beside the project, and a PHP with the extensions it needs."""
    return (KIT / "start_ncdav.sh").exists() and shutil.which("php") is not None


@dataclass
class NextcloudServer:
    """One kit instance: its own port, SQLite database and PHP workers."""

    root: Path
    trashbin: str = "rename"
    nc: bool = True
    port: int = field(default_factory=free_port)
    username: str = USERNAME
    password: str = PASSWORD
    calendar_url: str = ""

    def __post_init__(self) -> None:
        assert self.trashbin in TRASHBIN_MODES
        self.work = Path(tempfile.mkdtemp(prefix="followcal-ncdav-", dir=self.root))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def url(self) -> str:
        """What a user types from Nextcloud's settings: the DAV root."""
        return urljoin(self.base, "remote.php/dav/")

    @property
    def home_url(self) -> str:
        return urljoin(self.base, f"remote.php/dav/calendars/{self.username}/")

    def start(self) -> None:
        env = {
            **os.environ,
            "NCDAV_NC": "1" if self.nc else "",
            "NCDAV_TRASHBIN": self.trashbin,
            "WORKERS": "2",  # two cores, shared: enough for a client and the test's own checks
        }
        subprocess.run(
            [str(KIT / "start_ncdav.sh"), str(self.work), str(self.port), self.username,
             self.password, APP_PASSWORD],
            check=True, env=env, stdout=subprocess.DEVNULL, timeout=60,
        )  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            [str(KIT / "stop_ncdav.sh"), str(self.work)],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
        )
        shutil.rmtree(self.work, ignore_errors=True)

    def set_trashbin(self, mode: str) -> None:
        """Switch the emulated Nextcloud generation while the server runs."""
        assert mode in TRASHBIN_MODES
        (self.work / "data" / "trashbin-mode").write_text(mode + "\n")

    def trashed(self) -> list[tuple[str, str]]:
        """(uri, uid) of every object in the emulated trash bin, read from its database."""
        import sqlite3

        with sqlite3.connect(self.work / "data" / "db.sqlite") as db:
            return [(str(u), str(i)) for u, i in db.execute("SELECT uri, uid FROM nc_trash")]

    # -- plain HTTP, as "the user" (Radicale's helpers: Basic auth, same requests) ----------

    dav = RadicaleServer.dav
    objects = RadicaleServer.objects
    put_object = RadicaleServer.put_object
    path_of = RadicaleServer.path_of
    tls = None

    def make_calendar(self, slug: str, display_name: str) -> str:
        url = urljoin(self.home_url, f"{slug}/")
        headers = {"Content-Type": "application/xml"}
        return created_calendar(
            url, self.dav("MKCALENDAR", url, mkcalendar_body(display_name), headers)
        )
