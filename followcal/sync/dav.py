"""WebDAV/CalDAV on the wire: the request bodies sync sends and the multistatus it reads.

The standard library's ElementTree reads answers; nothing else. Each `<response>` keeps its
`<href>` exactly as the server wrote it, so the client can check its origin before trusting
it (caldav's parser cut every href down to its path, another host's too).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from xml.sax.saxutils import escape

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
CS = "{http://calendarserver.org/ns/}"
CALENDAR = CALDAV + "calendar"
COLLECTION = DAV + "collection"
GETETAG = DAV + "getetag"
GETCTAG = CS + "getctag"
HOME_SET = CALDAV + "calendar-home-set"
PRINCIPAL = DAV + "current-user-principal"
DISPLAYNAME = DAV + "displayname"
RESOURCETYPE = DAV + "resourcetype"
SYNC_TOKEN = DAV + "sync-token"

XML_TYPE = 'application/xml; charset="utf-8"'
ICS_TYPE = "text/calendar; charset=utf-8"
_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
_NS = 'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/"'


def propfind(*props: str) -> str:
    wanted = "".join(f"<{p}/>" for p in props)
    return f"{_HEAD}<D:propfind {_NS}><D:prop>{wanted}</D:prop></D:propfind>"


PROBE = propfind(
    "D:resourcetype", "D:displayname", "D:current-user-principal", "C:calendar-home-set",
    "CS:getctag", "D:sync-token",
)  # fmt: skip
HOME = propfind("C:calendar-home-set")
CALENDARS = propfind("D:resourcetype", "D:displayname")
ETAGS = propfind("D:resourcetype", "D:getetag")
CTAG = propfind("CS:getctag", "D:sync-token")


def multiget(paths: list[str]) -> str:
    hrefs = "".join(f"<D:href>{escape(p)}</D:href>" for p in paths)
    return (
        f"{_HEAD}<C:calendar-multiget {_NS}><D:prop><D:getetag/><C:calendar-data/></D:prop>"
        f"{hrefs}</C:calendar-multiget>"
    )


def sync_collection(token: str) -> str:
    """RFC 6578's REPORT: what changed since `token`, members only, their ETags alone. No
    DAV:limit: Xandikos 0.2 answers one with the first N changes and the token of all of
    them (measured, ../shared/COMPAT.md), so the rest would be lost."""
    return (
        f"{_HEAD}<D:sync-collection {_NS}><D:sync-token>{escape(token)}</D:sync-token>"
        "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"
    )


def mkcalendar(name: str) -> str:
    return (
        f"{_HEAD}<C:mkcalendar {_NS}><D:set><D:prop><D:displayname>{escape(name)}"
        "</D:displayname></D:prop></D:set></C:mkcalendar>"
    )


@dataclass
class Entry:
    """One `<response>` of a multistatus: its href as written, status, and properties."""

    href: str
    status: int = 200
    props: dict[str, Any] = field(default_factory=dict)
    # The status was the response's own (`<response><status>`), not inferred from its
    # propstats: only that 404 says the object is gone (RFC 6578 §3.5).
    own_status: bool = False


@dataclass
class DAVResponse:
    """An HTTP answer: status, headers, body, and its XML when it has any."""

    status: int
    headers: Message
    raw: bytes
    url: str
    reason: str = ""
    _tree: ET.Element | None = None
    _parsed: bool = False

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", "replace")

    @property
    def tree(self) -> ET.Element | None:
        """The parsed XML, or None when the body is not XML (a 404 page, nothing)."""
        if not self._parsed:
            self._parsed = True
            if self.raw.lstrip()[:1] == b"<":
                try:
                    self._tree = ET.fromstring(self.raw)
                except ET.ParseError:
                    self._tree = None
        return self._tree

    def entries(self) -> list[Entry]:
        """Every `<response>`; raises ET.ParseError (a SyntaxError) when it is not XML."""
        root = ET.fromstring(self.raw) if self.tree is None else self.tree
        found = []
        for response in root.iter(DAV + "response"):
            entry = Entry(response.findtext(DAV + "href") or "")
            status = response.findtext(DAV + "status")
            if status is not None:
                entry.status, entry.own_status = _status(status), True
            ok = False
            for propstat in response.findall(DAV + "propstat"):
                if not 200 <= _status(propstat.findtext(DAV + "status") or "") < 300:
                    continue
                ok = True
                for prop in propstat.iter(DAV + "prop"):
                    for element in prop:
                        entry.props[element.tag] = _value(element)
            if status is None and not ok and response.find(DAV + "propstat") is not None:
                entry.status = 404
            found.append(entry)
        return found


def _status(line: str) -> int:
    parts = line.split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 500


def _value(element: ET.Element) -> Any:
    if element.tag == RESOURCETYPE:
        return [child.tag for child in element]
    hrefs = [h.text or "" for h in element.iter(DAV + "href")]
    if hrefs:
        return hrefs[0] if len(hrefs) == 1 else hrefs
    if element.tag == CALDAV + "calendar-data":
        return element.text or ""  # as the server sent it: its line ends are the data's
    return (element.text or "").strip()
