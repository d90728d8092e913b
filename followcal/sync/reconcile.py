"""Reconciliation, pure: what is wanted and what the server holds in, the writes out.

No I/O here: the client lists the calendar into `Remote`s, `make_plan` decides, and the
client carries the plan out. Only objects followcal made are ever changed or deleted: UID
ending in `@followcal` and an `X-FOLLOWCAL-INTERVIEW` property. Each carries
`X-FOLLOWCAL-HASH`, the semantic fingerprint of what followcal wrote; when what is on the
server no longer matches its own stamp, the user edited it, and it is reported as a conflict
and left alone unless `overwrite_edits`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal
from urllib.parse import unquote

from followcal.sync.objects import (
    INTERVIEW_MARKER,
    UID_SUFFIX,
    Desired,
    Remote,
    base_uid,
    fresh_uid,
    is_ours,
    resource_name,
    starts_before,
)

__all__ = [
    "INTERVIEW_MARKER",
    "UID_SUFFIX",
    "Desired",
    "Memory",
    "Op",
    "Plan",
    "Remote",
    "base_uid",
    "decide",
    "fresh_uid",
    "is_history",
    "is_ours",
    "make_plan",
    "mass_deletion",
    "resource_name",
]


def mass_deletion(
    plan: Plan,
    remotes: Collection[Remote],
    interviews: Collection[str],
    keep_before: datetime | None,
) -> tuple[int, int] | None:
    """(vanished, deletable) when the planned deletions look like a wrong input, else None.

    vdirsyncer's rule: guard against a source that looks wrong, not against changes the user
    asked for. Deletable events are followcal's upcoming events (history is never deleted).
    A deletion whose interview is still in the input follows a recorded change and never
    counts. The rest (their interview vanished from the input) trip the guard when they are
    more than half of the deletable events, which includes all of them.
    """
    deletable = sum(1 for r in remotes if r.ours and not is_history(r, keep_before))
    vanished = sum(
        1
        for op in plan.ops
        if op.kind == "delete" and op.uid not in plan.wanted and op.interview not in interviews
    )
    if vanished and 2 * vanished > deletable:
        return vanished, deletable
    return None


def is_history(remote: Remote, keep_before: datetime | None) -> bool:
    return bool(keep_before and remote.start and remote.start < keep_before)


@dataclass
class Op:
    kind: Literal["create", "update", "delete"]
    uid: str
    label: str
    href: str
    etag: str | None = None
    desired: Desired | None = None
    sequence_above: int | None = None
    interview: str | None = None


@dataclass
class Plan:
    ops: list[Op] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    wanted: frozenset[str] = frozenset()
    # Left alone as another copy's doing (see `Memory`): events of interviews this copy never
    # had, and steps deleted on the server by someone else (not brought back).
    not_ours_to_delete: int = 0
    not_brought_back: set[str] = field(default_factory=set)  # their UIDs: still remembered
    already_past: int = 0  # not created: their moment passed before the sync ran


@dataclass
class Memory:
    """What this copy synced before (sync/state.py): every interview its file ever had, and
    the steps of its own on the server after its last sync."""

    interviews: frozenset[str]
    steps: frozenset[str]


def make_plan(
    wanted: Mapping[str, Desired],
    remotes: list[Remote],
    calendar_url: str,
    *,
    overwrite_edits: bool,
    keep_before: datetime | None = None,
    interviews: Collection[str] = (),
    memory: Memory | None = None,
    past_before: datetime | None = None,
    as_uid: bool = False,
) -> Plan:
    """The writes that make the calendar match `wanted`.

    With `memory` (this copy synced before), two rules keep two copies of the interviews file
    (two devices) from undoing each other: an event of an interview neither in `interviews`
    nor ever synced by this copy is left alone (another copy added it), and a step this copy
    saw on the server last time that is gone now is not created again (another copy recorded
    it as done, or the user deleted it). `past_before` (the real time, when the run's own
    "now" is earlier) keeps steps already past from being created: history is what happened.
    `as_uid`: objects are named exactly `<UID>.ics` (Google).
    """
    plan = Plan(wanted=frozenset(wanted))
    by_uid: dict[str, list[Remote]] = {}
    for remote in remotes:
        if remote.uid is not None:
            by_uid.setdefault(base_uid(remote.uid), []).append(remote)
    creates: list[Op] = []
    updates: list[Op] = []
    deletes: list[Op] = []

    def delete_or_keep(remote: Remote, uid: str) -> None:
        if remote.edited and not overwrite_edits:
            plan.conflicts.append(f"{remote.label}: edited on the server, so not deleted")
        else:
            deletes.append(
                Op(
                    "delete",
                    uid,
                    remote.label,
                    remote.href,
                    remote.etag,
                    interview=remote.interview,
                )
            )

    for uid, want in wanted.items():
        group = by_uid.get(uid, [])
        ours = [r for r in group if r.ours]
        if not ours:
            if group:
                plan.conflicts.append(
                    f"{want.label}: its UID is taken by an object followcal did not create"
                )
            elif memory is not None and uid in memory.steps:
                plan.not_brought_back.add(uid)
            elif past_before is not None and starts_before(want.component, past_before):
                plan.already_past += 1
            else:
                creates.append(
                    Op(
                        "create",
                        uid,
                        want.label,
                        calendar_url + resource_name(uid, as_uid=as_uid),
                        desired=want,
                    )
                )
            continue
        # Prefer the copy at our own address; any further copies of ours are duplicates.
        ours.sort(key=lambda r: (not _at_own_address(r, uid, as_uid), r.href))
        keep, duplicates = ours[0], ours[1:]
        for dup in duplicates:
            delete_or_keep(dup, uid)
        decision = decide(want, keep, overwrite_edits=overwrite_edits)
        if decision == "unchanged":
            plan.unchanged += 1
        elif decision == "conflict":
            plan.conflicts.append(f"{keep.label}: edited on the server, so not overwritten")
        else:
            updates.append(
                Op(
                    "update",
                    uid,
                    want.label,
                    keep.href,
                    keep.etag,
                    desired=want,
                    sequence_above=keep.sequence,
                )
            )
    for uid, group in by_uid.items():
        if uid in wanted:
            continue
        for remote in group:
            if not remote.ours:
                continue
            if is_history(remote, keep_before):
                plan.unchanged += 1
            elif (
                memory is not None
                and remote.interview not in interviews
                and remote.interview not in memory.interviews
            ):
                plan.not_ours_to_delete += 1
            else:
                delete_or_keep(remote, uid)
    # Creates before deletes: a sync cut short never leaves fewer events than it found.
    plan.ops = creates + updates + deletes
    return plan


def _at_own_address(remote: Remote, uid: str, as_uid: bool) -> bool:
    name = unquote(remote.href.rsplit("/", 1)[-1])
    return name == unquote(resource_name(remote.uid or uid, as_uid=as_uid))


def decide(want: Desired, remote: Remote, *, overwrite_edits: bool) -> str:
    if remote.edited and not overwrite_edits:
        # The user's version wins, even when it happens to match ours.
        return "unchanged" if remote.fingerprint == want.fingerprint else "conflict"
    if remote.edited or remote.fingerprint != want.fingerprint:
        return "update"
    return "unchanged"
