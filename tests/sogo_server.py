"""A real SOGo 5.8 (Debian's `sogo`) for tests, on 127.0.0.1, with its own PostgreSQL.

SOGo is the server that ignores `If-None-Match: *` and `If-Match` on DELETE, and answers a
calendar-query without a component kind with nothing (shared/COMPAT.md). Set-up, as measured
there: PostgreSQL (a throw-away cluster, run as `postgres`, which refuses root), memcached,
and sogod as the `sogo` user with one worker and no detaching. gnustep-base ignores `$HOME`,
so `GNUSTEP_CONFIG_FILE` names a file that points the user defaults at our own folder, where
`sogod.plist` holds the settings. Users come from a plain SQL table (plain passwords, HTTP
Basic auth for DAV). Start-up takes a few seconds (PostgreSQL's initdb most of it), so the
suite starts one per test module; idle workers ignore SIGTERM, so the process group is
killed after a grace period.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from tests.radicale_server import (
    RadicaleServer,
    created_calendar,
    free_port,
    mkcalendar_body,
    wait_until_ready,
)

SOGOD = "/usr/sbin/sogod"
PG_BIN = Path("/usr/lib/postgresql")
USERNAME = "sogouser"
PASSWORD = "sogo test password"


def sogo_available() -> bool:
    """Installed, and runnable here: starting it takes root (runuser to postgres and sogo)."""
    installed = Path(SOGOD).exists() and shutil.which("memcached") is not None
    return installed and _pg_bin() is not None and os.geteuid() == 0


def _pg_bin() -> Path | None:
    versions = sorted(PG_BIN.glob("*/bin/initdb")) if PG_BIN.exists() else []
    return versions[-1].parent if versions else None


def _as(user: str, command: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["runuser", "-u", user, "--", *command], check=True, **kwargs)  # type: ignore[call-overload]


@dataclass
class SOGoServer:
    """PostgreSQL + memcached + sogod, in a folder of their own; `stop` ends all three."""

    root: Path  # for the pytest-side log only: the servers' own files live in `work`
    port: int = field(default_factory=free_port)
    username: str = USERNAME
    password: str = PASSWORD
    calendar_url: str = ""

    def __post_init__(self) -> None:
        # Under /tmp, readable by the `postgres` and `sogo` users (pytest's tmp_path is not).
        self.work = Path(tempfile.mkdtemp(prefix="followcal-sogo-"))
        os.chmod(self.work, 0o755)
        self.pg_port = free_port()
        self.memcached_port = free_port()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.run = self.work / "run"  # sogod's own files: written by the `sogo` user
        self.log = self.run / "sogo.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/SOGo/dav/{self.username}/"

    @property
    def home_url(self) -> str:
        return urljoin(self.url, "Calendar/")

    def start(self) -> None:
        pg = _pg_bin()
        assert pg is not None
        data, sockets = self.work / "pg", self.work / "pgsock"
        for folder in (data, sockets):
            folder.mkdir()
            shutil.chown(folder, "postgres", "postgres")
        _as("postgres", [str(pg / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        _as("postgres", [str(pg / "pg_ctl"), "-D", str(data), "-l", str(data / "log"), "-w",
                         "-o", f"-p {self.pg_port} -k {sockets} -c listen_addresses=127.0.0.1 "
                         "-c fsync=off -c synchronous_commit=off", "start"],
            stdout=subprocess.DEVNULL)  # fmt: skip
        self.pg_data, self.pg = data, pg
        psql = [str(pg / "psql"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres",
                "-v", "ON_ERROR_STOP=1", "-q"]  # fmt: skip
        _as("postgres", [*psql, "-c", "CREATE USER sogo PASSWORD 'sogo'"])
        _as("postgres", [*psql, "-c", "CREATE DATABASE sogo OWNER sogo"])
        table = (
            "CREATE TABLE sogo_users (c_uid varchar(64) PRIMARY KEY, c_name varchar(64), "
            "c_password varchar(128), c_cn varchar(128), mail varchar(128));"
            f"INSERT INTO sogo_users VALUES ('{self.username}', '{self.username}', "
            f"'{self.password}', 'Sogo User', '{self.username}@example.com');"
            "ALTER TABLE sogo_users OWNER TO sogo;"
        )
        _as("postgres", [*psql, "-d", "sogo", "-c", table])

        self.processes.append(
            subprocess.Popen(
                [
                    "memcached",
                    "-l",
                    "127.0.0.1",
                    "-p",
                    str(self.memcached_port),
                    "-U",
                    "0",
                    "-u",
                    "nobody",
                    "-m",
                    "16",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        defaults = self.work / "defaults"
        defaults.mkdir()
        db = f"postgresql://sogo:sogo@127.0.0.1:{self.pg_port}/sogo"
        (defaults / "sogod.plist").write_text(
            "{\n"
            f'  SOGoProfileURL = "{db}/sogo_user_profile";\n'
            f'  OCSFolderInfoURL = "{db}/sogo_folder_info";\n'
            f'  OCSSessionsFolderURL = "{db}/sogo_sessions_folder";\n'
            f'  OCSEMailAlarmsFolderURL = "{db}/sogo_alarms_folder";\n'
            "  SOGoUserSources = ({ type = sql; id = users; "
            f'viewURL = "{db}/sogo_users"; canAuthenticate = YES; isAddressBook = NO; '
            "userPasswordAlgorithm = plain; });\n"
            f'  SOGoMemcachedHost = "127.0.0.1:{self.memcached_port}";\n'
            f'  WOPort = "127.0.0.1:{self.port}";\n'
            f'  WOPidFile = "{self.run / "sogo.pid"}";\n'
            f'  WOLogFile = "{self.log}";\n'
            "  WOWorkersCount = 1;\n"
            "  SOGoTimeZone = UTC;\n"
            "  SOGoLanguage = English;\n"
            "  SOGoMailDomain = example.com;\n"
            "  SOGoAppointmentSendEMailNotifications = NO;\n"
            "}\n",
            encoding="utf-8",
        )
        config = self.work / "GNUstep.conf"
        config.write_text(f"GNUSTEP_USER_DEFAULTS_DIR={defaults}\nGNUSTEP_USER_DIR={self.work}\n")
        for path in (defaults, defaults / "sogod.plist", config):
            shutil.chown(path, "sogo", "sogo")
        self.run.mkdir()
        self.log.touch()
        for path in (self.run, self.log):
            shutil.chown(path, "sogo", "sogo")
        env = {**os.environ, "GNUSTEP_CONFIG_FILE": str(config), "HOME": str(self.work)}
        process = subprocess.Popen(
            [
                "runuser",
                "-u",
                "sogo",
                "--",
                "env",
                f"GNUSTEP_CONFIG_FILE={config}",
                SOGOD,
                "-WONoDetach",
                "YES",
                "-WOWorkersCount",
                "1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        self.processes.append(process)

        def answers() -> bool:
            return self.dav("PROPFIND", self.home_url, headers={"Depth": "0"}).status == 207

        try:
            wait_until_ready(process, answers, "SOGo", self.log)  # type: ignore[arg-type]
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
                try:
                    process.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)
            # sogod's worker may outlive its parent in the same group
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()
        if getattr(self, "pg_data", None) is not None:
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    str(self.pg / "pg_ctl"),
                    "-D",
                    str(self.pg_data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.pg_data = None
        shutil.rmtree(self.work, ignore_errors=True)

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


if __name__ == "__main__":  # a manual check: python -m tests.sogo_server
    server = SOGoServer(Path(tempfile.mkdtemp()))
    started = time.monotonic()
    server.start()
    print(f"SOGo up in {time.monotonic() - started:.1f} s at {server.url}")
    print(server.make_calendar("probe", "Probe"))
    server.stop()
