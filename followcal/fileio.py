"""The user's files on disk: bounded reads, atomic private writes, and the edit lock.

Every file followcal reads goes through `read_input`, every file it writes through
`write_atomic`, and every read-modify-write of a user's file runs inside `locked`, so these
rules hold everywhere:

- Inputs are regular files of at most MAX_INPUT_BYTES (never a FIFO, a device or /dev/zero).
- A write replaces the file in one rename: readers see the old file or the new one, and a
  kill -9 at any moment leaves no half-written file. The temporary file sits beside the
  target (`.NAME.followcal-XXXX.tmp`), so no copy of personal data is left anywhere else; one
  left behind by a killed process is removed by the next write.
- New files are readable by the user only (0600); an existing file keeps its mode, unless
  the caller names one (`mode`: a secret is 0600 whatever the old file's mode was). The mode
  is set on the temporary file before it takes the name, so the file never has wider
  permissions, not even for a moment.
- Output goes only to a regular file (or a new one): never into a FIFO, a device or a loop.
- A file that exists is replaced only if followcal wrote it (`check_ours`: its own mark in
  its first bytes), or when the user says so (--force).
- Editing commands take an advisory lock (`.NAME.followcal.lock`, beside the file) from the
  read to the rename, so two commands at once never lose each other's update. The lock file
  is opened without following a symlink: one planted there cannot make followcal create or
  lock a file elsewhere.

Locks are `fcntl.flock` where the platform has it (Linux, macOS, the BSDs) and portalocker's
otherwise (Windows: msvcrt or pywin32). portalocker is not used everywhere because importing
it costs about 40 ms (it reads its own package metadata), paid by every command that writes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from followcal.errors import OutputError

MAX_INPUT_BYTES = 4_000_000  # an interviews file of a thousand interviews is about 1 MB
LOCK_WAIT_SECONDS = 10.0  # how long an edit waits for another one to finish
NEW_FILE_MODE = 0o600  # interviews, calendars, config and state hold contact details
_TEMP_SUFFIX = ".tmp"

# Lock files held by this process (reentrant: an edit that also writes takes it once).
_held: dict[Path, int] = {}
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows
_NON_BLOCKING = getattr(os, "O_NONBLOCK", 0)  # not on Windows, which has no FIFOs to block on

_fcntl: ModuleType | None
try:
    import fcntl as _fcntl
except ImportError:  # Windows: portalocker's locks (see the module docstring)
    _fcntl = None


class UnreadableInput(Exception):
    """An input file that followcal will not read; the message says why, for the user.

    Each reader turns it into its own error kind (InputError, ConfigError, ProfileError).
    """


def read_input(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises FileNotFoundError for a missing file (callers word that themselves) and
    UnreadableInput for anything else: a folder, a FIFO, a device, a file too large, or an
    OS error. A FIFO is opened without blocking, so it can never hang the command.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NON_BLOCKING | os.O_CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as err:
        raise UnreadableInput(_why(err)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInput(f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > limit:
            raise UnreadableInput(_too_large(info.st_size, limit))
        if _NON_BLOCKING:
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise UnreadableInput(_why(err)) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while being read
        raise UnreadableInput(_too_large(len(data), limit))
    return data


def write_atomic(
    path: Path, data: bytes | Iterable[bytes], mode: int | None = None, exclusive: bool = False
) -> None:
    """Write `data` (bytes, or pieces of bytes to write as they come) to `path` so that
    readers see the old file or the new one, never half.

    `mode` is the file's permission bits (0o600 for a secret); None keeps an existing
    file's mode and makes a new one 0600. `exclusive` writes only a new file: when one has
    the name already (another run made it first), FileExistsError, and that file stays.

    A symlink is written through (dotfile managers and sync folders link the real file),
    never replaced. Raises OutputError, naming the file, when the target is not a regular
    file (a FIFO, a device, a symlink loop) or cannot be written; the old file then stays.
    """
    target = writable_target(path)
    try:
        _write(target, data, mode, exclusive)
    except FileExistsError:
        if exclusive:
            raise
        raise OutputError(f"{path}: cannot write it: the file appeared meanwhile") from None
    except OSError as err:
        raise OutputError(f"{path}: cannot write it: {err.strerror or err}") from None


def writable_target(path: Path, instead: str = "use -o - for standard output") -> Path:
    """The real file a write to `path` lands in (symlinks followed), checked to be writable:
    missing or a regular file. OutputError otherwise (its message ends with what to do
    `instead`), so nothing waits on a FIFO or replaces a device node, whatever --force says."""
    loop = OutputError(f"{path}: a symlink loop; give another file name")
    try:
        info = os.stat(path)  # through symlinks: /dev/stdout is the pipe it points to
    except FileNotFoundError:
        pass  # a new file, or a dangling symlink: written through, creating its target
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise loop from None
        raise OutputError(f"{path}: cannot write it: {_why(err)}") from None
    else:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path} is a folder; give a file name")
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(
                f"{path} is not a regular file ({_kind(info.st_mode)}); followcal writes "
                f"only to files ({instead})"
            )
    if not path.is_symlink():
        return path
    try:
        return path.resolve(strict=False)
    except (RuntimeError, OSError):
        raise loop from None


# How much of a file `check_ours` reads: followcal writes its mark in a file's first lines.
OWN_MARK_WITHIN = 8192


def check_ours(
    path: Path,
    mark: bytes,
    force: bool,
    start: bytes = b"",
    hint: str = "choose another name",
    instead: str = "use -o - for standard output",
) -> None:
    """Refuse (OutputError) to replace a file followcal did not write: ours begins with
    `start` and holds `mark` in its first OWN_MARK_WITHIN bytes. `force` replaces any.

    Whatever `force` says, only a regular file (or a new one) is written: never a FIFO, a
    device or a folder. A symlink to a missing file counts as a file that exists: it is the
    user's link, and its target is not ours.
    """
    target = writable_target(path, instead)
    if force or not (path.exists() or path.is_symlink()):
        return
    head = read_head(target, OWN_MARK_WITHIN)
    if not (head.startswith(start) and mark in head):
        raise OutputError(f"{path} exists and was not written by followcal; {hint} or pass --force")


def read_head(path: Path, size: int) -> bytes:
    """The first `size` bytes of a regular file (never blocks on a FIFO); b"" if it is not."""
    try:
        fd = os.open(path, os.O_RDONLY | _NON_BLOCKING | os.O_CLOEXEC)
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, size)
    except OSError:
        return b""
    finally:
        os.close(fd)


@contextmanager
def locked(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the edit lock of `path` for the block: read, change and write it inside.

    The lock is an advisory lock on `.NAME.followcal.lock` beside the real file (it stays
    there, empty: removing it would let two commands lock different files). Another
    followcal command editing the same file is waited for up to `wait` seconds, then
    OutputError says so (`wait` defaults to LOCK_WAIT_SECONDS). Reentrant within one
    process. Editors do not take the lock; `editing.InterviewsFile.save` checks for their
    changes instead.
    """
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    lock_path = _lock_path(path)
    if lock_path in _held:
        _held[lock_path] += 1
        try:
            yield
        finally:
            _held[lock_path] -= 1
        return
    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | _NO_FOLLOW
    try:
        fd = os.open(lock_path, flags, NEW_FILE_MODE)
    except OSError as err:
        why = _why(err)
        if err.errno == errno.ELOOP or lock_path.is_symlink():
            why = f"{lock_path} is a symbolic link (followcal never follows one there); remove it"
        raise OutputError(f"{path}: cannot lock it for editing: {why}") from None
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise OutputError(
                    f"{path}: another followcal command is editing it (waited {wait:g} s); "
                    "nothing was changed, run the command again once it has finished"
                ) from None
            time.sleep(0.02)
        _held[lock_path] = 1
        try:
            yield
        finally:
            del _held[lock_path]
    finally:
        os.close(fd)  # closing releases the lock


# -- helpers ---------------------------------------------------------------------------


def _try_lock(fd: int) -> bool:
    """Take the exclusive advisory lock of the open file `fd`; False, at once, if another
    process holds it. Raises OSError when the file system has no locks."""
    if _fcntl is not None:
        try:
            _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import portalocker

    try:
        portalocker.lock(fd, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
    except portalocker.AlreadyLocked:
        return False
    except portalocker.LockException as err:
        raise OSError(errno.ENOLCK, str(err)) from None
    return True


def _lock_path(path: Path) -> Path:
    real = path.resolve(strict=False) if path.is_symlink() else path.absolute()
    return real.with_name(f".{real.name}.followcal.lock")


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.followcal-"


def _write(path: Path, data: bytes | Iterable[bytes], mode: int | None, exclusive: bool) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    _remove_stale_temporaries(folder, path)
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=_TEMP_SUFFIX, dir=folder)
    replaced = False
    try:
        # Held until the rename: a temporary file nobody holds is a leftover of a killed run.
        # A file just made with a name of its own: no other process can hold its lock.
        _try_lock(fd)
        with os.fdopen(fd, "wb", closefd=False) as tmp:
            tmp.writelines([data] if isinstance(data, bytes) else data)
            tmp.flush()
            os.fsync(tmp.fileno())
        # mkstemp made it 0600 whatever the umask: a new file stays so, an old one keeps its
        # mode, and a mode the caller names is set here, before the file takes the name.
        if mode is None:
            with contextlib.suppress(FileNotFoundError):
                mode = path.stat().st_mode & 0o7777
        if mode is not None:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:  # Windows (before Python 3.13)
                os.chmod(tmp_name, mode)
        if exclusive:
            os.link(tmp_name, path)  # the whole file takes the name, or nothing: never two
        else:
            os.replace(tmp_name, path)
            replaced = True
        _sync_folder(folder)
    finally:
        if not replaced:
            Path(tmp_name).unlink(missing_ok=True)
        os.close(fd)


def _remove_stale_temporaries(folder: Path, path: Path) -> None:
    """Remove this file's temporaries left by a killed run (nobody holds their lock)."""
    prefix = _temp_prefix(path)
    try:
        names = [name for name in os.listdir(folder) if name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        if not name.endswith(_TEMP_SUFFIX):
            continue
        stale = folder / name
        try:
            fd = os.open(stale, os.O_RDONLY | _NO_FOLLOW | _NON_BLOCKING | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode) or not _try_lock(fd):
                continue  # not a file of ours, or still being written by a live command
            stale.unlink(missing_ok=True)
        except OSError:
            continue  # still being written by a live command
        finally:
            os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size:,} bytes; followcal reads files up to {limit:,} bytes)"


def _why(err: OSError) -> str:
    return err.strerror or str(err)
