"""Whether a file that names a command may be trusted to run it (as ssh asks of its config).

A `password_command` runs with the user's rights: if anyone else can write the file that
names it (mode 0666, or a folder others can write without the sticky bit), they choose what
runs. ssh refuses such a config; so does followcal, saying how to fix it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["writable_by_others"]


def writable_by_others(path: Path) -> str | None:
    """Why someone other than the owner (or root) could change ``path``, or None.

    Checks the file and the folders above it, as ssh does. On Windows, where modes do not
    say this, it returns None."""
    if os.name == "nt":
        return None
    me = os.geteuid()
    try:
        target = path.resolve(strict=True)
    except OSError:
        return None  # a missing file holds no command
    for place in (target, *target.parents):
        try:
            info = place.stat()
        except OSError:
            return None
        if info.st_uid not in (me, 0):
            return f"{place} belongs to another user (uid {info.st_uid})"
        mode = stat.S_IMODE(info.st_mode)
        if place == target and mode & 0o022:
            return f"others can write {place} (mode {mode:04o})"
        if place != target and mode & 0o002 and not mode & stat.S_ISVTX:
            return f"anyone can write the folder {place} (mode {mode:04o}), so replace the file"
    return None
