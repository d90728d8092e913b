"""Discovery: from the URL the user gave to one calendar (made, when asked and missing).

The URL may be a bare host (RFC 6764's `/.well-known/caldav`, as DAVx5 and iOS find
Nextcloud's `/remote.php/dav/`), the DAV root, a principal, a calendar home or a calendar.
A handful of PROPFINDs, fewer than caldav's own walk; the calendar's CTag comes with the
first one when the URL is the calendar itself, so a resync of an unchanged calendar costs
one request.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from followcal.sync import dav
from followcal.sync.client import CalDAVClient
from followcal.sync.errors import CalendarNotFoundError
from followcal.sync.redact import safe_url
from followcal.sync.rest import insert_calendar


@dataclass
class CalendarInfo:
    url: str
    name: str | None


def find_calendar(client: CalDAVClient, *, create: bool) -> tuple[str, str | None, bool]:
    """(calendar URL, display name, exists); exists is False only for a dry-run create."""
    wanted = client.target.calendar
    base = client.base
    if wanted and _looks_like_url(wanted):
        return as_collection(urljoin(base, wanted)), None, True

    try:
        probe = propfind(client, base, dav.PROBE, depth=0, what="finding the calendar")
    except CalendarNotFoundError:
        if urlsplit(base).path not in ("", "/"):
            raise
        base = well_known(client, base)  # a bare host: RFC 6764
        probe = propfind(client, base, dav.PROBE, depth=0, what="finding the calendar")
    here = next(iter(probe.values()), {})
    if dav.CALENDAR in _as_list(here.get(dav.RESOURCETYPE)):
        name = here.get(dav.DISPLAYNAME)
        name = name if isinstance(name, str) else None
        if wanted is None or _name_matches(wanted, name):
            ctag = here.get(dav.GETCTAG)
            if isinstance(ctag, str) and ctag:
                client.ctags[as_collection(base)] = ctag  # the listing needs no request
            token = here.get(dav.SYNC_TOKEN)
            if isinstance(token, str) and token:
                client.sync_tokens[as_collection(base)] = token
            return as_collection(base), name, True

    home = _href(here.get(dav.HOME_SET))
    if home is None:
        principal = _href(here.get(dav.PRINCIPAL))
        principal_url = urljoin(base, principal) if principal else base
        if _same_url(principal_url, base):
            home = principal_url
        else:
            found = propfind(client, principal_url, dav.HOME, depth=0, what="finding the calendar")
            props = next(iter(found.values()), {})
            home = _href(props.get(dav.HOME_SET))
            home = home or principal_url
    home_url = as_collection(urljoin(base, home))

    listing = propfind(client, home_url, dav.CALENDARS, depth=1, what="listing calendars")
    calendars = [
        CalendarInfo(
            as_collection(urljoin(home_url, href)),
            props.get(dav.DISPLAYNAME) if isinstance(props.get(dav.DISPLAYNAME), str) else None,
        )
        for href, props in listing.items()
        if dav.CALENDAR in _as_list(props.get(dav.RESOURCETYPE))
    ]

    if wanted is None:
        if len(calendars) == 1:
            return calendars[0].url, calendars[0].name, True
        if not calendars:
            raise CalendarNotFoundError(
                f"no calendars at {safe_url(home_url)}; name one to create it"
            )
        raise CalendarNotFoundError(
            f"{len(calendars)} calendars at {safe_url(home_url)}; choose one of: "
            + _list_calendars(calendars)
        )
    matches = [c for c in calendars if c.name == wanted] or [
        c
        for c in calendars
        if (c.name or "").casefold() == wanted.casefold() or _last_segment(c.url) == wanted
    ]
    if len(matches) == 1:
        return matches[0].url, matches[0].name, True
    if len(matches) > 1:
        raise CalendarNotFoundError(
            f"several calendars are named {wanted!r}; choose one by URL: "
            + _list_calendars(matches)
        )
    if create and client.quirks.lossy:  # Google: no MKCALENDAR; the REST API makes it
        insert_calendar(client, wanted)
        client.calendar_created = True
        return _found_after_insert(client, home_url, wanted)
    if create:
        return make_calendar(client, home_url, wanted), wanted, True
    if client.target.create:  # dry run: it would be made in the calendar home
        return home_url, wanted, False
    existing = _list_calendars(calendars) if calendars else "none"
    raise CalendarNotFoundError(f"no calendar named {wanted!r}; calendars: {existing}")


def _found_after_insert(client: CalDAVClient, home_url: str, wanted: str) -> tuple[str, str, bool]:
    listing = propfind(client, home_url, dav.CALENDARS, depth=1, what="listing calendars")
    for href, props in listing.items():
        name = props.get(dav.DISPLAYNAME)
        if dav.CALENDAR in _as_list(props.get(dav.RESOURCETYPE)) and name == wanted:
            return as_collection(urljoin(home_url, href)), wanted, True
    raise CalendarNotFoundError(
        f"Google made the calendar {wanted!r}, but does not offer it over CalDAV yet: tick it "
        "at https://calendar.google.com/calendar/syncselect and sync again"
    )


def well_known(client: CalDAVClient, root: str) -> str:
    """RFC 6764: a bare host's `/.well-known/caldav` redirects to its DAV root (Nextcloud:
    301 to /remote.php/dav/). The session follows the redirect of a PROPFIND."""
    url = urljoin(root, "/.well-known/caldav")
    response = client.request(
        url, "PROPFIND", dav.PROBE, {"Depth": "0", "Content-Type": dav.XML_TYPE},
        what="finding the calendar",
    )  # fmt: skip
    if response.status == 207 and response.url.rstrip("/") != url:
        client.learn_server(response.url, {})
        return as_collection(response.url)
    raise CalendarNotFoundError(
        f"nothing found at {safe_url(root)} (404 Not Found), and no /.well-known/caldav "
        "there: give the CalDAV URL (Nextcloud: https://HOST/remote.php/dav)"
    )


def propfind(
    client: CalDAVClient, url: str, body: str, *, depth: int, what: str
) -> dict[str, dict[str, Any]]:
    response = client.request(
        url, "PROPFIND", body, {"Depth": str(depth), "Content-Type": dav.XML_TYPE}, what=what
    )
    client.check_multistatus(response, url, what)
    with client.errors(url, what):
        entries = response.entries()
    return {e.href: e.props for e in entries if e.status < 300}


def make_calendar(client: CalDAVClient, home_url: str, name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "calendar"
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    url = as_collection(urljoin(home_url, f"{slug}-{digest}"))
    what = f"creating calendar {name!r}"
    response = client.request(
        url, "MKCALENDAR", dav.mkcalendar(name), {"Content-Type": dav.XML_TYPE}, what=what
    )
    client.check(response, url, what, (200, 201))
    client.calendar_created = True
    return url


def _looks_like_url(value: str) -> bool:
    return value.startswith(("http://", "https://", "/"))


def as_collection(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _same_url(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.hostname, pa.port, unquote(pa.path).rstrip("/")) == (
        pb.hostname,
        pb.port,
        unquote(pb.path).rstrip("/"),
    )


_DEFAULT_PORTS = {"http": 80, "https": 443}
_DAV_RESPONSE = "{DAV:}response"
_DAV_HREF = "{DAV:}href"


def _last_segment(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])


def _name_matches(wanted: str, name: str | None) -> bool:
    return name is not None and (name == wanted or name.casefold() == wanted.casefold())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _href(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) and value else None


def _list_calendars(calendars: list[CalendarInfo]) -> str:
    return ", ".join(
        f"{c.name!r} ({safe_url(c.url)})" if c.name else safe_url(c.url) for c in calendars
    )


def calendar_label(name: str | None, url: str) -> str:
    return f"calendar {name!r}" if name else safe_url(url)
