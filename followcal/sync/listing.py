"""What is in the calendar, at the cost of what changed since this copy last looked.

What this copy read last time (sync/state.py: each object's ETag and what followcal read from
it, the calendar's CTag and its sync-token) is reused: an unchanged CTag means nothing
changed, so nothing is listed. Otherwise, with a saved token, one sync-collection REPORT
(sync/tokens.py) names what changed and what was removed since; without one, or when the
server cannot answer it (an expired token, no such report), one Depth-1 PROPFIND lists every
href and ETag, and the token read with the CTag before it is kept for the next sync. Either
way only the objects whose ETag changed are read, with calendar-multiget in batches. A
calendar-query is never sent: SOGo answers one without a component kind with nothing, and
Radicale refuses (400) one whose answer would hold more than 10,000 events
(`max_expand_occurrence`), which a shared calendar reaches. Only what is inside the calendar,
by the href as the server wrote it, is read, updated or dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from followcal.sync import dav
from followcal.sync.client import CalDAVClient, strong
from followcal.sync.errors import SyncError
from followcal.sync.objects import Remote, path_of
from followcal.sync.redact import host_of, safe_url
from followcal.sync.tokens import Changes, changes_since

# Objects read per calendar-multiget: far below Radicale's 10,000 events an answer.
MULTIGET_BATCH = 200
_HEADERS = {"Content-Type": dav.XML_TYPE}


@dataclass
class Listing:
    """What is in the calendar now, and what the next sync starts from."""

    remotes: list[Remote]
    ctag: str | None
    sync_token: str | None  # what the next sync asks sync-collection from; None: list it all
    incremental: bool = False  # listed with sync-collection, not by a listing of it all


def list_objects(
    client: CalDAVClient,
    calendar_url: str,
    known: Mapping[str, Remote],
    known_ctag: str | None,
    known_token: str | None = None,
) -> Listing:
    """Every object in the calendar with what followcal reads from it, the CTag and token."""
    ctag = client.ctags.get(calendar_url) or calendar_ctag(client, calendar_url)
    if ctag is not None and ctag == known_ctag and not client.quirks.coarse_ctag:
        return Listing(list(known.values()), ctag, known_token)
    by_path = {path_of(href): remote for href, remote in known.items()}
    if known_token and client.quirks.sync_collection:
        changes = changes_since(client, calendar_url, known_token)
        # A CTag that moved with nothing to show for it is a token not to trust (a server
        # whose token is coarser than its changes): the whole calendar is listed instead.
        if changes is not None and (changes.changed or changes.removed or known_ctag is None):
            changed = _apply(client, calendar_url, by_path, changes)
            return Listing(changed, ctag, changes.token, incremental=True)
    # Read before the listing (with the CTag), so that it never covers a change the listing
    # missed: the next sync-collection answers anything since, once more at worst.
    token = client.sync_tokens.get(calendar_url) if client.quirks.sync_collection else None
    remotes: list[Remote] = []
    to_read: list[str] = []
    for href, etag in members(client, calendar_url).items():
        cached = by_path.get(path_of(href))
        if etag and cached is not None and cached.etag == etag:
            remotes.append(cached)
        else:
            to_read.append(href)
    remotes += _read(client, calendar_url, to_read)
    return Listing(remotes, ctag, token)


def _apply(
    client: CalDAVClient, calendar_url: str, by_path: dict[str, Remote], changes: Changes
) -> list[Remote]:
    """The remembered objects with sync-collection's changes: removed ones dropped, changed
    ones read again (unless their ETag is the one remembered)."""
    objects = dict(by_path)
    to_read: list[str] = []
    for href in changes.removed:
        if is_inside(href, calendar_url):  # never trusted for an href outside the calendar
            objects.pop(path_of(href), None)
    for href, etag in changes.changed.items():
        if not is_inside(href, calendar_url):
            continue
        cached = objects.get(path_of(href))
        if not (etag and cached is not None and cached.etag == etag):
            objects.pop(path_of(href), None)
            to_read.append(href)
    return list(objects.values()) + _read(client, calendar_url, to_read)


def _read(client: CalDAVClient, calendar_url: str, hrefs: list[str]) -> list[Remote]:
    remotes: list[Remote] = []
    for start in range(0, len(hrefs), MULTIGET_BATCH):
        remotes += multiget(client, calendar_url, hrefs[start : start + MULTIGET_BATCH])
    return remotes


def calendar_ctag(client: CalDAVClient, calendar_url: str) -> str | None:
    """The calendar's CTag (calendarserver.org's getctag): it changes with any object. Its
    DAV:sync-token, asked in the same request, is kept in `client.sync_tokens`."""
    entries = _entries(client, calendar_url, "PROPFIND", dav.CTAG, 0, "listing the calendar")
    found = next((e.props for e in entries if e.status < 300), {})
    token = found.get(dav.SYNC_TOKEN)
    if isinstance(token, str) and token:
        client.sync_tokens[calendar_url] = token
    value = found.get(dav.GETCTAG)
    return value if isinstance(value, str) and value else None


def members(client: CalDAVClient, calendar_url: str) -> dict[str, str | None]:
    """href -> ETag of the objects (not collections) inside the calendar: one PROPFIND."""
    found: dict[str, str | None] = {}
    for entry in _entries(client, calendar_url, "PROPFIND", dav.ETAGS, 1, "listing the calendar"):
        url = urljoin(calendar_url, entry.href)
        is_collection = dav.COLLECTION in (entry.props.get(dav.RESOURCETYPE) or [])
        if entry.status < 300 and not is_collection and is_inside(url, calendar_url):
            etag = entry.props.get(dav.GETETAG)
            found[url] = strong(etag) if isinstance(etag, str) else None
    return found


def multiget(client: CalDAVClient, calendar_url: str, hrefs: list[str]) -> list[Remote]:
    what = "reading the calendar's objects"
    body = dav.multiget([urlsplit(href).path for href in hrefs])
    remotes = []
    for entry in _entries(client, calendar_url, "REPORT", body, 1, what):
        href = urljoin(calendar_url, entry.href)
        data = entry.props.get(dav.CALDAV + "calendar-data")
        # Only what is inside this calendar: an href elsewhere (another collection, another
        # host) is never ours to update or delete, whatever the server says.
        if entry.status < 300 and is_inside(href, calendar_url) and isinstance(data, str):
            etag = entry.props.get(dav.GETETAG)
            remotes.append(
                Remote.parse(
                    href, strong(etag if isinstance(etag, str) else None), data, client.kept
                )
            )
    # Google lists ghosts that answer 404 (GOOGLE.md §5): nothing there, so nothing to do.
    if len(remotes) < len(hrefs) and not client.quirks.lossy:
        raise SyncError(
            f"{host_of(calendar_url)} lists {len(hrefs)} objects in "
            f"{safe_url(calendar_url)} but returns {len(remotes)} of them: followcal cannot "
            "tell what is there, so it changes nothing"
        )
    client.downloaded += len(remotes)
    return remotes


def etag_now(client: CalDAVClient, href: str) -> tuple[bool, str | None]:
    """(exists, ETag) of one object, read right now: one PROPFIND of Depth 0."""
    what = "checking an event"
    response = client.request(href, "PROPFIND", dav.ETAGS, {**_HEADERS, "Depth": "0"}, what=what)
    if response.status == 404:
        return False, None
    client.check_multistatus(response, href, what)
    with client.errors(href, what):
        entries = response.entries()
    mine = [e for e in entries if path_of(urljoin(href, e.href)) == path_of(href)] or entries
    for entry in mine:
        if entry.status < 300:
            etag = entry.props.get(dav.GETETAG)
            return True, strong(etag) if isinstance(etag, str) else None
    return True, None


def fetch(client: CalDAVClient, href: str) -> Remote | None:
    """Re-read one object (when a create finds something there); None if it is not there."""
    what = "reading an event"
    response = client.request(href, "GET", "", {"Accept": "text/calendar"}, what=what)
    if response.status == 404:
        return None
    client.check(response, href, what, (200,))
    return Remote.parse(href, strong(response.headers.get("ETag")), response.text)


def _entries(
    client: CalDAVClient, url: str, method: str, body: str, depth: int, what: str
) -> list[dav.Entry]:
    response = client.request(url, method, body, {**_HEADERS, "Depth": str(depth)}, what=what)
    client.check_multistatus(response, url, what)
    with client.errors(url, what):
        return response.entries()


_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_inside(url: str, collection: str) -> bool:
    """Whether `url` is a resource under `collection`: same origin, below its path."""
    try:
        pu, pc = urlsplit(url), urlsplit(collection)
        origin_u = (pu.scheme.lower(), pu.hostname, pu.port or _DEFAULT_PORTS.get(pu.scheme))
        origin_c = (pc.scheme.lower(), pc.hostname, pc.port or _DEFAULT_PORTS.get(pc.scheme))
    except ValueError:
        return False
    if origin_u != origin_c:
        return False
    path, base = unquote(pu.path), unquote(pc.path).rstrip("/") + "/"
    if not path.startswith(base) or not path[len(base) :].strip("/"):
        return False
    return not {".", ".."} & set(path.split("/"))  # no climbing back out
