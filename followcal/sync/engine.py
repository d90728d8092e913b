"""`sync_calendar`: list the calendar, plan (pure), guard, write; the one entry point."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from followcal.sync.client import CalDAVClient
from followcal.sync.discovery import calendar_label, find_calendar
from followcal.sync.errors import (
    ConnectionFailedError,
    MassDeletionError,
    ServerTimeoutError,
    SyncError,
)
from followcal.sync.identity import adopt
from followcal.sync.listing import Listing, list_objects
from followcal.sync.lossy import is_cancelled
from followcal.sync.model import Progress, SyncReport, SyncTarget
from followcal.sync.objects import path_of
from followcal.sync.probe import load_kept
from followcal.sync.quirks import guess_server, quirks_of
from followcal.sync.reconcile import (
    INTERVIEW_MARKER,
    Desired,
    Memory,
    Plan,
    Remote,
    base_uid,
    make_plan,
    mass_deletion,
)
from followcal.sync.redact import check_target, safe_url
from followcal.sync.state import CalendarState, load, save, state_path
from followcal.sync.writes import apply

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
    not_before: datetime | None = None,
) -> SyncReport:
    """Make followcal's objects in the target calendar match `desired` (UID -> VCALENDAR).

    Each VCALENDAR holds exactly one VEVENT or VTODO with that UID (ending in @followcal) and
    an X-FOLLOWCAL-INTERVIEW marker; a missing or stale X-FOLLOWCAL-HASH is stamped here.
    `progress(done, total)` is called before the first write and after each one.
    Objects of ours that start before `keep_before` and are no longer desired are kept: a step
    whose moment has passed drops out of the plan, but it stays in the calendar as history.
    Nothing that starts before `not_before` is created (the real time, when the run is "as
    of" an earlier moment, `--now`): history is only what really happened.
    `interviews` holds the ids of every interview in the input, closed ones included: deleting
    an event of one of them follows a change the user recorded (a status, a sent message, a
    later round, an accepted offer) and is never questioned. Events whose interview is missing
    from the input are the guard's business (see `mass_deletion`), unless this copy never had
    their interview: then another copy of the file made them, and they are left alone (see
    `make_plan`'s memory, kept by sync/state.py); None means the interviews of `desired`.
    `overwrite_edits` overwrites (and deletes) events the user edited on the server.
    Raises a SyncError subclass; MassDeletionError, unless `allow_deletions`, when the input
    looks wrong (see `mass_deletion`); InvalidTargetError, before any connection, for a URL
    that is not http(s) with a host and a valid port, or a CA bundle that cannot be read.
    """
    check_target(target.url, target.ca_bundle)
    wanted = {uid: Desired.of(uid, cal) for uid, cal in desired.items()}
    lossy = quirks_of(target.server or guess_server(target.url)).lossy
    if lossy:  # Google deletes what is sent as CANCELLED: a cancelled step is deleted instead
        wanted = {uid: w for uid, w in wanted.items() if not is_cancelled(w.component)}
    known = (
        set(interviews)
        if interviews is not None
        else {str(w.component.get(INTERVIEW_MARKER, "")) for w in wanted.values()}
    )
    with CalDAVClient(target) as client:
        url, name, exists = find_calendar(client, create=target.create and not dry_run)
        path = state_path(url, target.username, target.state_dir)
        client.kept = load_kept(target, url) if lossy else None
        state = load(path) if exists and not client.calendar_created else CalendarState()
        listing = (
            list_objects(client, url, state.objects, state.ctag, state.sync_token)
            if exists
            else Listing([], None, None)
        )
        remotes, ctag = listing.remotes, listing.ctag
        if lossy:
            adopt(remotes, {path_of(h): r for h, r in state.objects.items()}, wanted, client.kept)
        report = SyncReport(
            calendar_url=safe_url(url),
            calendar_name=name,
            dry_run=dry_run,
            calendar_created=client.calendar_created or (not exists),
            server=client.server,
        )
        memory = (
            Memory(frozenset(state.interviews), frozenset(state.steps))
            if state.remembered
            else None
        )
        plan = make_plan(
            wanted,
            remotes,
            url,
            overwrite_edits=overwrite_edits,
            keep_before=keep_before,
            interviews=known,
            memory=memory,
            past_before=not_before,
            as_uid=lossy,
        )
        report.unchanged = plan.unchanged
        report.conflicts.extend(plan.conflicts)
        report.notices.extend(_notices(plan, name, url))
        report.already_past = plan.already_past

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
            report.downloaded = client.downloaded
            return report

        total = len(plan.ops)
        if progress is not None:
            progress(0, total)
        for done, op in enumerate(plan.ops, start=1):
            client.changes.setdefault(path_of(op.href), None)  # in flight: unknown till answered
            try:
                apply(client, op, report, overwrite_edits=overwrite_edits)
            except SyncError as exc:
                # Remember what is known (a write in flight as unknown): the next run then
                # neither trusts a stale listing nor takes its own delete for another copy's.
                save(path, _remembered(state, remotes, client.changes, None, None, known, plan))
                if not isinstance(exc, ConnectionFailedError | ServerTimeoutError):
                    raise
                # The write in flight may have landed; the next run lists the calendar again
                # and finishes the job without duplicates.
                raise type(exc)(
                    f"{exc}; the connection broke during the sync, after {done - 1} of {total} "
                    "writes: some writes may have landed, and running sync again converges"
                ) from None
            if progress is not None:
                progress(done, total)
        report.requests = client.requests
        report.downloaded = client.downloaded
        # A write answered with an error leaves that object unknown: its remembered copy is
        # dropped, and a token would never bring it back (it may not have changed since).
        token = listing.sync_token if not client.unsure else None
        if (
            plan.ops
            or ctag is None
            or ctag != state.ctag
            or token != state.sync_token
            or _listed_anew(state, remotes)
            or not known <= state.interviews
        ):
            save(path, _remembered(state, remotes, client.changes, ctag, token, known, plan))
        return report


def _listed_anew(state: CalendarState, remotes: list[Remote]) -> bool:
    """Whether the calendar holds other objects (or ETags) than remembered: a CTag in whole
    seconds (SOGo) can stay the same across a change."""
    remembered = {path_of(h): r.etag for h, r in state.objects.items()}
    return remembered != {path_of(r.href): r.etag for r in remotes}


def _remembered(
    state: CalendarState,
    remotes: list[Remote],
    changes: Mapping[str, Remote | None],
    ctag: str | None,
    sync_token: str | None,
    interviews: set[str],
    plan: Plan,
) -> CalendarState:
    """What the next sync starts from: the listing with this sync's own writes applied."""
    objects = {path_of(r.href): r for r in remotes}
    for path, written in changes.items():
        if written is None:
            objects.pop(path, None)
        else:
            objects[path] = written
    steps = {base_uid(r.uid) for r in objects.values() if r.ours and r.uid}
    # The ctag and token read before the writes: the next sync sees the writes as changes
    # (the CTag moved; sync-collection names them since the token), and downloads none of
    # them again when the server answered each with its ETag.
    return CalendarState(
        ctag=ctag if not changes else None,
        sync_token=sync_token,
        objects={r.href: r for r in objects.values()},
        interviews=state.interviews | interviews,
        steps=steps | plan.not_brought_back,
    )


def _notices(plan: Plan, name: str | None, url: str) -> list[str]:
    if not plan.not_ours_to_delete and not plan.not_brought_back:
        return []
    parts = []
    if plan.not_ours_to_delete:
        parts.append(f"left {plan.not_ours_to_delete} events of interviews this file never had")
    if plan.not_brought_back:
        parts.append(
            f"did not bring back {_count(len(plan.not_brought_back), 'event')} deleted "
            "there since this copy's last sync"
        )
    return [
        f"another copy of your interviews file (another device?) seems to sync to "
        f"{calendar_label(name, url)}: this sync {' and '.join(parts)}; keep one copy of "
        "the file (share it between devices) and sync from the one that is up to date"
    ]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
