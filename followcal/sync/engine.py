"""`sync_calendar`: list the calendar, plan (pure), guard, write; the one entry point."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from followcal.sync.client import CalDAVClient, calendar_label
from followcal.sync.errors import ConnectionFailedError, MassDeletionError, ServerTimeoutError
from followcal.sync.model import Progress, SyncReport, SyncTarget
from followcal.sync.reconcile import INTERVIEW_MARKER, Desired, make_plan, mass_deletion
from followcal.sync.redact import check_target, safe_url

if TYPE_CHECKING:
    import icalendar


def sync_calendar(
    target: SyncTarget,
    desired: Mapping[str, icalendar.Calendar],
    *,
    interviews: Collection[str] | None = None,
    allow_deletions: bool = False,
    overwrite_edits: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    keep_before: datetime | None = None,
) -> SyncReport:
    """Make followcal's objects in the target calendar match `desired` (UID -> VCALENDAR).

    Each VCALENDAR holds exactly one VEVENT or VTODO with that UID (ending in @followcal) and
    an X-FOLLOWCAL-INTERVIEW marker; a missing or stale X-FOLLOWCAL-HASH is stamped here.
    `progress(done, total)` is called before the first write and after each one.
    Objects of ours that start before `keep_before` and are no longer desired are kept: a step
    whose moment has passed drops out of the plan, but it stays in the calendar as history.
    `interviews` holds the ids of every interview in the input, closed ones included: deleting
    an event of one of them follows a change the user recorded (a status, a sent message, a
    later round, an accepted offer) and is never questioned. Events whose interview is missing
    from the input are the guard's business (see `mass_deletion`); None means the interviews of
    `desired`. `overwrite_edits` overwrites (and deletes) events the user edited on the server.
    Raises a SyncError subclass; MassDeletionError, unless `allow_deletions`, when the input
    looks wrong (see `mass_deletion`); InvalidTargetError, before any connection, for a URL
    that is not http(s) with a host and a valid port, or a CA bundle that cannot be read.
    """
    check_target(target.url, target.ca_bundle)
    wanted = {uid: Desired.of(uid, cal) for uid, cal in desired.items()}
    with CalDAVClient(target) as client:
        url, name, exists = client.find_calendar(create=target.create and not dry_run)
        remotes = client.list_objects(url) if exists else []
        report = SyncReport(
            calendar_url=safe_url(url),
            calendar_name=name,
            dry_run=dry_run,
            calendar_created=client.calendar_created or (not exists),
            server=client.server,
        )
        plan = make_plan(
            wanted, remotes, url, overwrite_edits=overwrite_edits, keep_before=keep_before
        )
        report.unchanged = plan.unchanged
        report.conflicts.extend(plan.conflicts)

        known = (
            set(interviews)
            if interviews is not None
            else {str(w.component.get(INTERVIEW_MARKER, "")) for w in wanted.values()}
        )
        guard = mass_deletion(plan, remotes, known, keep_before)
        if guard is not None and not allow_deletions:
            vanished, deletable = guard
            every = " (all of them)" if vanished == deletable else ""
            raise MassDeletionError(
                f"refusing to delete {vanished} of the {deletable} upcoming followcal events"
                f"{every} in {calendar_label(name, url)}: their interviews are not in the "
                "input (the wrong file?); pass --allow-deletions to delete them"
            )

        if dry_run:
            for op in plan.ops:
                report.record(op.kind, op.label)
            report.requests = client.requests
            return report

        total = len(plan.ops)
        if progress is not None:
            progress(0, total)
        for done, op in enumerate(plan.ops, start=1):
            try:
                client.apply(op, report, overwrite_edits=overwrite_edits)
            except (ConnectionFailedError, ServerTimeoutError) as exc:
                # The write in flight may have landed; the next run lists the calendar again
                # and finishes the job without duplicates.
                raise type(exc)(
                    f"{exc}; the connection broke during the sync, after {done - 1} of {total} "
                    "writes: some writes may have landed, and running sync again converges"
                ) from None
            if progress is not None:
                progress(done, total)
        report.requests = client.requests
        return report
