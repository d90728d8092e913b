"""What changed in a calendar since a saved sync-token: RFC 6578's sync-collection REPORT.

One REPORT answers with the hrefs changed since the token (with their ETags) and those
removed (a `<status>` of 404 right under `<response>`), and a new token; its cost is what
changed, not the calendar's size. A server that pages its answer says so with a 507 on the
calendar's own href (sabre/dav does, measured): the next page is asked with the token it gave.
Anything else (an expired or unknown token: 403 on Radicale and sabre/dav, 412 on Xandikos,
measured; a server without the report; an answer that is not a multistatus, or without a
new token) is None: the caller lists the whole calendar instead, as without a token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from followcal.sync import dav
from followcal.sync.client import CalDAVClient, strong
from followcal.sync.objects import path_of

# Pages followed before giving up on the report (then the whole calendar is listed): a
# server paging by 1,000 (Google's page size for REST) reaches 100,000 changes.
MAX_PAGES = 100


@dataclass
class Changes:
    """Since the token: href -> ETag (None: not given) of what changed, what was removed."""

    token: str
    changed: dict[str, str | None] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)


def changes_since(client: CalDAVClient, calendar_url: str, token: str) -> Changes | None:
    """Every change since `token`, all pages of it; None when the server cannot say."""
    changes = Changes(token)
    for _ in range(MAX_PAGES):
        page = _page(client, calendar_url, changes.token)
        if page is None:
            return None
        new_token, entries, truncated = page
        for href, removed, etag in entries:
            # Later pages win: an href changed, then removed, is removed (and the reverse).
            if removed:
                changes.changed.pop(href, None)
                changes.removed.add(href)
            else:
                changes.removed.discard(href)
                changes.changed[href] = etag
        if not truncated:
            changes.token = new_token
            return changes
        if new_token == changes.token and not entries:
            return None  # a truncated page that moves nothing on would never end
        changes.token = new_token
    return None


def _page(
    client: CalDAVClient, calendar_url: str, token: str
) -> tuple[str, list[tuple[str, bool, str | None]], bool] | None:
    """(new token, [(href, removed, ETag)], truncated) of one REPORT, or None."""
    response = client.request(
        calendar_url,
        "REPORT",
        dav.sync_collection(token),
        {"Content-Type": dav.XML_TYPE, "Depth": "0"},
        what="asking the calendar what changed",
    )
    if response.status != 207:
        return None  # 403/409/412 valid-sync-token, 501, a 507 for it all: list it all
    root = response.tree
    if root is None or root.tag != dav.DAV + "multistatus":
        return None
    new_token = (root.findtext(dav.SYNC_TOKEN) or "").strip()
    if not new_token:
        return None
    entries: list[tuple[str, bool, str | None]] = []
    truncated = False
    for entry in response.entries():
        href = urljoin(calendar_url, entry.href.strip())
        if path_of(href).rstrip("/") == path_of(calendar_url).rstrip("/"):
            truncated = truncated or entry.status == 507
            continue  # the calendar itself: only ever the paging mark
        # RFC 6578 §3.5: only a status right under <response> says removed; a propstat's
        # 404 is a property the server could not give for an object that is there (Google).
        removed = entry.own_status and entry.status == 404
        etag = entry.props.get(dav.GETETAG)
        known = isinstance(etag, str) and etag and not removed
        entries.append((href, removed, strong(etag) if known else None))
    return new_token, entries, truncated
