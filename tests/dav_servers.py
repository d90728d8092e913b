"""Every CalDAV server the sync suite runs against, behind one fixture (vdirsyncer's pattern).

`dav_server` starts one server per test module and kind; `dav` hands each test a fresh,
empty calendar on it (its URL in `calendar_url`). The helpers a test uses to play "the user"
(`objects`, `put_object`, `dav`, `make_calendar`) are the same on every kind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.nextcloud_server import NextcloudServer, nextcloud_available
from tests.radicale_server import RadicaleServer
from tests.sogo_server import SOGoServer, sogo_available
from tests.xandikos_server import XandikosServer

DavServer = RadicaleServer | XandikosServer | SOGoServer | NextcloudServer

# SOGo and PHP (for Nextcloud's engine) come from Debian packages, which CI installs
# (Makefile): there they must run, never be skipped. On a developer's machine without them
# they are left out with a reason. Nextcloud runs in two trash-bin generations: NC 22 until
# server PR #34375 (re-creating a trashed UID: 400) and after it (the third delete: 403).
KINDS = ["radicale", "xandikos", "sogo", "nextcloud-nc22", "nextcloud"]


def _start(kind: str, root: Path) -> Any:
    if kind == "radicale":
        server: Any = RadicaleServer(root=root)
    elif kind == "xandikos":
        server = XandikosServer(root=root)
    elif kind.startswith("nextcloud"):
        if not nextcloud_available() and not os.environ.get("CI"):
            pytest.skip("PHP or ../shared/servers/nextcloud-sabre is missing (make test has PHP)")
        trashbin = "reject" if kind.endswith("nc22") else "rename"
        server = NextcloudServer(root=root, trashbin=trashbin)
    else:
        if not sogo_available() and not os.environ.get("CI"):
            pytest.skip("SOGo is not installed here, or this is not root (make test installs it)")
        server = SOGoServer(root=root)
    server.start()
    return server


@pytest.fixture(scope="module", params=KINDS)
def dav_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    server = _start(request.param, tmp_path_factory.mktemp(request.param))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dav(dav_server: Any) -> Any:
    """The module's server, with a fresh calendar of its own at `calendar_url`."""
    slug = "t-" + uuid.uuid4().hex[:12]
    dav_server.calendar_url = dav_server.make_calendar(slug, "Followcal test " + slug[2:])
    return dav_server
