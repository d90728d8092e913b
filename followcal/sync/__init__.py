"""Push followcal's events to a CalDAV calendar, touching nothing else in it.

The package's layout follows its jobs (vdirsyncer keeps its algorithm apart from its storage
the same way):

- `errors`: the error kinds, each with its exit code;
- `model`: what a sync is asked (`SyncTarget`) and what it did (`SyncReport`);
- `reconcile`: pure reconciliation, free of I/O: listed objects and wanted ones in, the
  writes out, and the mass-deletion guard;
- `client`, `discovery`, `listing`, `writes`, `dav`, `quirks`: followcal's own small CalDAV
  client (one owner for every request; client.py says why caldav was dropped);
- `state`: what this copy remembers of each calendar between syncs;
- `transport`: HTTP bounded in time and size, with redirect rules and Retry-After;
- `redact`: what of a URL, a password or a TLS failure may be shown;
- `engine`: `sync_calendar`, which ties them together.

One calendar object per event, at an address derived from its UID. A resync of an unchanged
calendar costs one request at any size (its CTag); otherwise listing costs one PROPFIND plus
reading what changed; each change is one request (a delete two: its ETag is read again
first): PUT with `If-None-Match: *` to create, PUT with `If-Match` to update, DELETE with
`If-Match` to delete. A 412 is a conflict, never retried blindly.
"""

from __future__ import annotations

from followcal.sync.engine import sync_calendar
from followcal.sync.errors import (
    AuthenticationError,
    CalendarNotFoundError,
    ConflictError,
    ConnectionFailedError,
    InvalidTargetError,
    MassDeletionError,
    PermissionDeniedError,
    PreconditionIgnoredError,
    RedirectRefusedError,
    RejectedObjectError,
    ResponseTooLargeError,
    ServerTimeoutError,
    SyncError,
    TLSError,
)
from followcal.sync.model import MAX_RESPONSE, SyncReport, SyncTarget
from followcal.sync.quirks import guess_server, known_servers
from followcal.sync.reconcile import is_ours, mass_deletion, resource_name

__all__ = [
    "MAX_RESPONSE",
    "AuthenticationError",
    "CalendarNotFoundError",
    "ConflictError",
    "ConnectionFailedError",
    "InvalidTargetError",
    "MassDeletionError",
    "PermissionDeniedError",
    "PreconditionIgnoredError",
    "RedirectRefusedError",
    "RejectedObjectError",
    "ResponseTooLargeError",
    "ServerTimeoutError",
    "SyncError",
    "SyncReport",
    "SyncTarget",
    "TLSError",
    "guess_server",
    "is_ours",
    "known_servers",
    "mass_deletion",
    "resource_name",
    "sync_calendar",
]
