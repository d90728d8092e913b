"""What servers do unlike the RFCs, as measured (shared/COMPAT.md) or documented.

A few facts per server kind, taken from what was run here (Radicale, Xandikos, SOGo 5.8,
Nextcloud's sabre/dav 4.7 kit) and from caldav 3.6's `compatibility_hints.py` (measured against
about twenty servers), which is no longer a dependency: only the facts a sync that must not
lose data needs are kept here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Quirks:
    # `If-None-Match: *` is not honoured (a PUT overwrites): look before each create.
    ignores_if_none_match: bool = False
    # The CTag is a modification time in whole seconds: list the ETags every time.
    coarse_ctag: bool = False
    # A trash bin keeps deleted objects by UID and address (Nextcloud 22+): a new copy goes
    # under a new UID generation; refused logins are answered slowly (up to about 30 s).
    trash_bin: bool = False
    # Google (shared/GOOGLE.md): keeps only its data model's properties (X- markers are lost,
    # so identity is the UID namespace and the sync state: sync/lossy.py, sync/identity.py),
    # refuses updates unless SEQUENCE and DTSTAMP go up, names objects <UID>.ics, lists
    # ghosts that answer 404, deletes an event sent as CANCELLED; Bearer tokens only.
    lossy: bool = False
    # RFC 6578 sync-collection lists what changed since the saved token (sync/tokens.py).
    # Off where it is not proven exact: SOGo's token is its CTag, a time in whole seconds, and
    # a token read in the second of a change answers nothing for it (measured: an edit, a
    # delete and a create, all missed); Google's known bugs (GOOGLE.md §5: 507s, propstat
    # 404s) are not played by tests/google_emulator.py, so nothing there proves them handled.
    sync_collection: bool = True


STANDARD = Quirks()
GOOGLE_HOST = "apidata.googleusercontent.com"
KINDS: Mapping[str, Quirks] = {
    # measured here (shared/COMPAT.md): preconditions ignored; c_lastmodified in seconds
    "sogo": Quirks(ignores_if_none_match=True, coarse_ctag=True, sync_collection=False),
    # caldav's hints: compares `*` as a literal ETag, so the PUT overwrites
    "zimbra": Quirks(ignores_if_none_match=True),
    "nextcloud": Quirks(trash_bin=True),
    # If-None-Match is "not supported" (Google's CalDAV guide): look before each create.
    "google": Quirks(ignores_if_none_match=True, lossy=True, sync_collection=False),
    # no quirk that changes what sync sends; named so that `server = "..."` is accepted
    **{
        kind: STANDARD
        for kind in (
            "radicale", "xandikos", "baikal", "cyrus", "fastmail", "davical", "icloud", "gmx",
            "posteo", "mailbox.org", "bedework", "stalwart", "ox", "synology",
        )
    },
}  # fmt: skip


def known_servers() -> list[str]:
    """The names `--server` and `server` in [sync] accept."""
    return sorted(KINDS)


def quirks_of(kind: str | None) -> Quirks:
    return KINDS.get(kind or "", STANDARD)


def guess_server(url: str, headers: Mapping[str, str] | None = None) -> str | None:
    """The server kind, from the URL's layout or the Server header; None when unknown."""
    parts = urlsplit(url)
    path = parts.path.lower()
    if (parts.hostname or "").lower() == GOOGLE_HOST:
        return "google"
    server = ((headers or {}).get("Server", "") or "").lower()
    if "/sogo/" in path + "/" or "sogo" in server:
        return "sogo"
    if "/remote.php/dav" in path:
        return "nextcloud"
    if "zimbra" in server:
        return "zimbra"
    return None
