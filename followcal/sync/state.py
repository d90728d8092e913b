"""What this copy of followcal remembers about a calendar between two syncs.

One JSON file per calendar and user, in the user's state folder (platformdirs'
`user_state_dir`, `~/.local/state/followcal/sync/` on Linux). It holds:

- the calendar's CTag when it was last listed, its DAV:sync-token, and each object's ETag
  with what followcal read from it (a `Remote`): a resync whose CTag is unchanged lists
  nothing, one whose CTag changed asks sync-collection what changed since the token (or,
  without one, lists every ETag), and downloads only the objects whose ETag changed;
- the interviews this copy of the interviews file has ever synced, and the steps (UIDs) of
  its own that were on the server after its last sync: an event of an interview this file
  never had, or a step that vanished from the server without this copy deleting it, is
  another copy's doing (a second device with its own file), not something to undo.

It is a cache and a memory, never the truth: a missing or unreadable file means a first sync
(everything is listed, nothing is assumed), and the server's answers always win over it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from followcal.dates import parse_moment
from followcal.errors import OutputError
from followcal.fileio import write_atomic
from followcal.sync.objects import Remote

_VERSION = 1


@dataclass
class CalendarState:
    ctag: str | None = None
    # RFC 6578's token: the objects below are the calendar as of it, or later (never earlier)
    sync_token: str | None = None
    objects: dict[str, Remote] = field(default_factory=dict)  # href -> as last read
    interviews: set[str] = field(default_factory=set)
    steps: set[str] = field(default_factory=set)
    remembered: bool = False  # False: this copy never synced this calendar (or forgot)


def state_path(calendar_url: str, username: str | None, folder: str | None = None) -> Path:
    import platformdirs

    key = hashlib.sha256(f"{username or ''}\n{calendar_url}".encode()).hexdigest()[:24]
    base = Path(folder) if folder else Path(platformdirs.user_state_dir("followcal")) / "sync"
    return base / f"{key}.json"


def load(path: Path) -> CalendarState:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != _VERSION:
            return CalendarState()
        return CalendarState(
            ctag=data.get("ctag"),
            sync_token=data.get("sync_token") if isinstance(data.get("sync_token"), str) else None,
            objects={o["href"]: _remote(o) for o in data.get("objects", [])},
            interviews=set(data.get("interviews", [])),
            steps=set(data.get("steps", [])),
            remembered=True,
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return CalendarState()  # forgotten: the next sync lists everything, as a first one


def save(path: Path, state: CalendarState) -> None:
    """Write atomically; a folder that cannot be written only costs the next sync a listing."""
    data = {
        "version": _VERSION,
        "ctag": state.ctag,
        "sync_token": state.sync_token,
        "objects": [_plain(r) for r in state.objects.values()],
        "interviews": sorted(state.interviews),
        "steps": sorted(state.steps),
    }
    with contextlib.suppress(OSError, OutputError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, separators=(",", ":")).encode())


def _plain(remote: Remote) -> dict[str, Any]:
    out = asdict(remote)
    out["start"] = remote.start.isoformat() if remote.start else None
    return out


def _remote(data: dict[str, Any]) -> Remote:
    start = data.get("start")
    return Remote(**{**data, "start": parse_moment(start) if start else None})
