"""Atomic file writes: the one helper every command uses to write a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from followcal.errors import OutputError


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or pieces of bytes to write as they come) to `path` so that
    readers see the old file or the new one, never half.

    The temporary file sits in the same folder so that os.replace stays a rename on one
    file system; it is removed if anything fails before the rename. A symlink is written
    through (dotfile managers and sync folders link the real file), never replaced.
    """
    if path.is_symlink():
        path = path.resolve()
    try:
        _write(path, data)
    except OSError as err:
        raise OutputError(f"{path}: cannot write it: {err.strerror or err}") from None


def _write(path: Path, data: bytes | Iterable[bytes]) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    replaced = False
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.writelines([data] if isinstance(data, bytes) else data)
            tmp.flush()
            os.fsync(tmp.fileno())
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
        replaced = True
    finally:
        if not replaced:
            Path(tmp_name).unlink(missing_ok=True)
