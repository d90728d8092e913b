"""A new Google calendar, through the Calendar REST API (Google's CalDAV has no MKCALENDAR).

`calendars.insert` creates a secondary calendar owned by the signed-in user, with the same
token and scope as CalDAV; the Cloud project must have the "Google Calendar API" enabled as
well as the "CalDAV API" (shared/GOOGLE.md §2). Discovery then finds the new calendar over
CalDAV by its name, as any other.
"""

from __future__ import annotations

import json
from urllib.parse import urljoin

from followcal.sync.client import CalDAVClient
from followcal.sync.errors import PermissionDeniedError, SyncError
from followcal.sync.transport import BoundedSession

REST_ROOT = "https://www.googleapis.com/calendar/v3/"
_NOT_ENABLED = ("accessnotconfigured", "has not been used", "is disabled", "service_disabled")


def insert_calendar(client: CalDAVClient, name: str) -> str:
    """Create the calendar `name`; its Google calendar id."""
    target = client.target
    root = target.rest_url or REST_ROOT
    session = BoundedSession(
        root,
        username=None,
        password=None,
        timeout=target.timeout,
        ca_bundle=target.ca_bundle,
        max_response=1_000_000,
        redact=client.redact,
        token=target.token,
        backoff=True,
    )
    try:
        with client.errors(root, "creating the calendar"):
            answer = session.request(
                "POST",
                urljoin(root, "calendars"),
                json.dumps({"summary": name}),
                {"Content-Type": "application/json"},
            )
    finally:
        session.close()
    text = answer.text.casefold()
    if answer.status_code == 403 and any(words in text for words in _NOT_ENABLED):
        raise PermissionDeniedError(
            f"Google refused to create the calendar {name!r}: the Google Calendar API is not "
            "enabled in your Cloud project (APIs & Services, Library); creating a calendar "
            "needs it, syncing needs only the CalDAV API"
        )
    try:
        calendar_id = json.loads(answer.content).get("id") if answer.status_code < 300 else None
    except (ValueError, AttributeError):
        calendar_id = None
    if not isinstance(calendar_id, str) or not calendar_id:
        raise SyncError(
            f"Google refused to create the calendar {name!r} (HTTP {answer.status_code})"
        )
    return calendar_id
