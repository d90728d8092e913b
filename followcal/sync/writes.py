"""The writes: conditional creates, updates and deletes, one object each.

PUT with `If-None-Match: *` to create, PUT with `If-Match` to update, DELETE with `If-Match`
to delete (through sync/gated.py on Google); a 412 is a conflict, never retried blindly.
Where a server ignores `If-None-Match: *` (SOGo, Zimbra, Google) a create first looks at its
address; the ETag is read again right before each delete (SOGo ignores If-Match on DELETE
too). A 400, 403 or 415 is that object's failure: listed with the server's own words and
what the user can do, and the sync goes on. On Nextcloud each create is a new generation of
the step's UID (`fresh_uid`).
"""

from __future__ import annotations

from followcal.sync import dav, gated
from followcal.sync.client import CalDAVClient
from followcal.sync.dav import DAVResponse
from followcal.sync.errors import (
    PermissionDeniedError,
    PreconditionIgnoredError,
    RejectedObjectError,
)
from followcal.sync.listing import etag_now, fetch
from followcal.sync.model import SyncReport
from followcal.sync.reconcile import Op, decide, fresh_uid, resource_name
from followcal.sync.redact import host_of, safe_url


def apply(client: CalDAVClient, op: Op, report: SyncReport, *, overwrite_edits: bool) -> None:
    if op.kind == "create":
        create(client, op, report, overwrite_edits=overwrite_edits)
    elif op.kind == "update":
        update(client, op, report)
    else:
        delete(client, op, report)


def create(client: CalDAVClient, op: Op, report: SyncReport, *, overwrite_edits: bool) -> None:
    assert op.desired is not None
    if client.quirks.trash_bin:
        # Nextcloud's trash bin holds deleted objects by UID and address for 30 days and
        # refuses to take either back: each copy followcal creates there is a new one.
        create_fresh(client, op, report)
        return
    href = op.href
    if client.quirks.ignores_if_none_match:
        # This server ignores If-None-Match: *, so the PUT would overwrite whatever is
        # there: look first, as caldav's save(no_overwrite=True) searches first.
        exists, _ = etag_now(client, href)
        if exists and client.quirks.lossy:
            gated.found(client, op, report)
            return
        if exists:
            found_at_create(client, op, report, overwrite_edits=overwrite_edits)
            return
    if client.quirks.lossy:
        answer = gated.create(client, op)
        if answer.status in (200, 201, 204):
            report.created.append(op.label)
        else:
            refuse_or_raise(client, op, answer, "creating", report)
        return
    body = op.desired.render()
    what = f"creating {op.label!r}"
    response = client.request(
        href, "PUT", body, {"Content-Type": dav.ICS_TYPE, "If-None-Match": "*"}, what=what
    )
    if response.status in (200, 201):
        report.created.append(op.label)
    elif response.status == 204:
        # 204 No Content answers a PUT that replaced something: the server did not
        # enforce If-None-Match. Never assume it did: stop before anything else is lost.
        raise PreconditionIgnoredError(
            f"{host_of(href)} overwrote an object at {safe_url(href)} when asked to create "
            f"{op.label!r} only if nothing was there (If-None-Match: * ignored, 204): "
            "sync stopped; set `server` in the config's [sync] to your server's kind so "
            "that followcal checks before each create"
        )
    elif response.status == 412:
        # Already there (an earlier sync died after this write): treat it as existing.
        found_at_create(client, op, report, overwrite_edits=overwrite_edits)
    elif response.status == 409:
        report.conflicts.append(
            f"{op.label}: the server already holds this UID at another address (409)"
        )
    elif response.status == 400 and _uid_elsewhere(client.reason(response)):
        report.conflicts.append(
            f"{op.label}: the server already holds this UID at another address (400)"
        )
    elif response.status == 400 and _in_trash(client.reason(response)):
        create_fresh(client, op, report)  # a Nextcloud not recognised by its URL
    else:
        refuse_or_raise(client, op, response, "creating", report)


def create_fresh(client: CalDAVClient, op: Op, report: SyncReport) -> None:
    """Create under a new generation of the UID, at a new address (see `fresh_uid`)."""
    assert op.desired is not None
    uid = fresh_uid(op.uid)
    href = op.href.rsplit("/", 1)[0] + "/" + resource_name(uid)
    response = client.request(
        href,
        "PUT",
        op.desired.render(uid=uid),
        {"Content-Type": dav.ICS_TYPE, "If-None-Match": "*"},
        what=f"creating {op.label!r}",
    )
    if response.status in (200, 201):
        report.created.append(op.label)
    elif response.status == 400 and _uid_elsewhere(client.reason(response)):
        report.conflicts.append(
            f"{op.label}: the server already holds this UID at another address (400)"
        )
    else:
        refuse_or_raise(client, op, response, "creating", report)


def refuse_or_raise(
    client: CalDAVClient, op: Op, response: DAVResponse, doing: str, report: SyncReport
) -> None:
    """A 400/403/415 is this object's failure, listed with the server's words; the sync
    goes on. Anything else (a 5xx, a 401) is the whole sync's failure."""
    status = response.status
    if status not in (400, 403, 415):
        client.check(response, op.href, f"{doing} {op.label!r}", ())
    reason = client.reason(response) or "no reason given"
    line = f"{op.label}: the server refused {doing} it ({status}): {reason}"
    if _in_trash(reason):
        line += (
            "; Nextcloud's trash bin holds an earlier copy: empty it (Calendar, Calendar "
            "settings, Trash bin, Empty trash bin) and sync again"
        )
    report.refused.append(line)
    code = PermissionDeniedError.EXIT_CODE if status == 403 else RejectedObjectError.EXIT_CODE
    report.refused_exit.append(code)


def found_at_create(
    client: CalDAVClient, op: Op, report: SyncReport, *, overwrite_edits: bool
) -> None:
    assert op.desired is not None
    remote = fetch(client, op.href)
    if remote is None:
        report.conflicts.append(f"{op.label}: changed on the server during the sync")
        return
    if not remote.ours:
        report.conflicts.append(
            f"{op.label}: its address is taken by an object followcal did not create"
        )
        return
    decision = decide(op.desired, remote, overwrite_edits=overwrite_edits)
    if decision == "unchanged":
        report.unchanged += 1
    elif decision == "conflict":
        report.conflicts.append(f"{op.label}: edited on the server, so not overwritten")
    else:
        rewrite = Op(
            "update",
            op.uid,
            op.label,
            op.href,
            remote.etag,
            op.desired,
            sequence_above=remote.sequence,
        )
        update(client, rewrite, report)


def update(client: CalDAVClient, op: Op, report: SyncReport) -> None:
    assert op.desired is not None
    if client.quirks.lossy:
        answer = gated.update(client, op, report)
        if answer is not None:
            refuse_or_raise(client, op, answer, "updating", report)
        return
    if not op.etag:
        report.conflicts.append(f"{op.label}: the server gave no ETag, so not overwritten")
        return
    body = op.desired.render(sequence_above=op.sequence_above)
    what = f"updating {op.label!r}"
    response = client.request(
        op.href, "PUT", body, {"Content-Type": dav.ICS_TYPE, "If-Match": op.etag}, what=what
    )
    if response.status in (200, 201, 204):
        report.updated.append(op.label)
    elif response.status == 412:
        report.conflicts.append(f"{op.label}: changed on the server during the sync")
    elif response.status == 404:
        report.conflicts.append(f"{op.label}: deleted on the server during the sync")
    elif response.status == 409:
        report.conflicts.append(f"{op.label}: the server refused the update (409)")
    else:
        refuse_or_raise(client, op, response, "updating", report)


def delete(client: CalDAVClient, op: Op, report: SyncReport) -> None:
    if not op.etag:
        report.conflicts.append(f"{op.label}: the server gave no ETag, so not deleted")
        return
    # Some servers ignore If-Match on DELETE (SOGo): the ETag is read again right before,
    # so an edit made since the listing is never deleted.
    exists, etag = etag_now(client, op.href)
    if not exists:
        report.deleted.append(op.label)  # already gone, which is what we wanted
        return
    if etag != op.etag:
        report.conflicts.append(f"{op.label}: changed on the server during the sync")
        return
    what = f"deleting {op.label!r}"
    response = client.request(op.href, "DELETE", "", {"If-Match": op.etag}, what=what)
    if response.status in (200, 204, 404):  # 404: already gone, which is what we wanted
        report.deleted.append(op.label)
    elif response.status == 412:
        report.conflicts.append(f"{op.label}: changed on the server during the sync")
    else:
        refuse_or_raise(client, op, response, "deleting", report)


def _in_trash(reason: str) -> bool:
    """Nextcloud's refusals that come from its trash bin (400 on a UID, 403 on an address)."""
    lowered = reason.casefold()
    return "trashbin" in lowered or "deleted calendar object" in lowered


def _uid_elsewhere(reason: str) -> bool:
    return "uid already exists" in reason.casefold() and not _in_trash(reason)
