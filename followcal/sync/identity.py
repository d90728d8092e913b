"""Which objects are followcal's on a lossy store, and which of them the user edited.

On Google (sync/lossy.py) no X- marker survives: an object is followcal's when its UID is in
followcal's namespace (`...@followcal`), and the sync state (sync/state.py) says what Google
gave back right after followcal's own last write (`Remote.written`). A user's edit is a change
of the kept fields since then. The state is a cache: without it (lost, or another device),
an object whose kept fields are what the plan wants is adopted as is; any other is left
alone and reported ("in doubt"), never overwritten, deleted or duplicated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from followcal.sync.lossy import content_of
from followcal.sync.objects import INTERVIEW_MARKER, UID_SUFFIX, Desired, Remote, base_uid, path_of


def adopt(
    remotes: Iterable[Remote],
    known: Mapping[str, Remote],
    wanted: Mapping[str, Desired],
    kept: frozenset[str] | None = None,
) -> None:
    """Mark each of `remotes` in followcal's namespace as ours, edited or not, in place.

    `known` is the state's objects by path (what this copy saw last time). `fingerprint` is
    set so that reconcile's `decide` compares what matters here: the wanted fingerprint when
    the object already holds what is wanted, another value when it does not.
    """
    for remote in remotes:
        uid = remote.uid or ""
        if not uid.endswith(UID_SUFFIX) or remote.content is None:
            remote.ours = False
            continue
        record = known.get(path_of(remote.href))
        if record is not None and record.uid == uid and record.written is not None:
            remote.written, remote.wrote = record.written, record.wrote
            remote.interview = remote.interview or record.interview
        want = wanted.get(base_uid(uid))
        want_content = content_of(want.component, kept) if want is not None else None
        if want is not None:
            remote.interview = remote.interview or str(want.component.get(INTERVIEW_MARKER, ""))
        if want_content is not None and want_content == remote.content:
            # It holds exactly what is wanted: followcal wrote it (from another device, or
            # before the state was lost), or nothing of the user's is in it. Adopted as
            # unedited, so that the next change of plan updates it.
            remote.written = remote.wrote = remote.content
        remote.ours = True
        # Without memory (and not what is wanted), whether the user edited it cannot be told:
        # in doubt, it counts as edited, so it is left alone and reported.
        remote.edited = remote.written is None or remote.content != remote.written
        holds_wanted = want_content is not None and (
            remote.content == want_content or (not remote.edited and remote.wrote == want_content)
        )
        remote.fingerprint = (
            want.fingerprint if want is not None and holds_wanted else remote.content
        )


def written(
    href: str, remote: Remote | None, want: Desired, kept: frozenset[str] | None = None
) -> Remote | None:
    """What the state keeps of an object read back right after followcal wrote `want`."""
    if remote is None or remote.content is None or remote.uid is None:
        return None
    remote.ours = True
    remote.edited = False
    remote.written = remote.content
    remote.wrote = content_of(want.component, kept)
    remote.fingerprint = want.fingerprint
    remote.interview = str(want.component.get(INTERVIEW_MARKER, ""))
    remote.href = href
    return remote
