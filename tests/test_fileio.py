from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from followcal.errors import OutputError
from followcal.fileio import locked, write_atomic
from tests.test_lifecycle import FILE

REPO = Path(__file__).resolve().parent.parent


def test_write_atomic_replaces_keeps_the_mode_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("old")
    os.chmod(path, 0o600)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_write_atomic_writes_through_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "interviews.toml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "interviews.toml"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "f.txt"
    path.write_text("old")

    def broken_replace(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match=r"f\.txt: cannot write it: disk full"):
        write_atomic(path, b"new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_a_new_file_is_private_whatever_the_umask_and_an_old_one_keeps_its_mode(tmp_path):
    old_umask = os.umask(0o022)
    try:
        new = tmp_path / "followups.ics"
        write_atomic(new, b"new")
        assert new.stat().st_mode & 0o777 == 0o600
        shared = tmp_path / "shared.ics"
        shared.write_bytes(b"old")
        os.chmod(shared, 0o640)
        write_atomic(shared, b"new")
        assert shared.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old_umask)


def test_the_commands_create_private_files(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from followcal.cli import main

    monkeypatch.chdir(tmp_path)
    old_umask = os.umask(0o022)
    try:
        runner = CliRunner()
        assert runner.invoke(main, ["init"]).exit_code == 0
        add = ["add", "--company", "Acme", "--role", "Engineer", "--date", "2026-11-20T10:00",
               "--timezone", "UTC", "--contact", "Dana; dana@acme.example"]  # fmt: skip
        add += ["-f", "new.toml"]
        result = runner.invoke(main, add)
        assert result.exit_code == 0, result.stderr
        result = runner.invoke(main, ["generate", "new.toml", "--now", "2026-11-21T08:00"])
        assert result.exit_code == 0, result.stderr
    finally:
        os.umask(old_umask)
    for name in ("interviews.toml", "new.toml", "followups.ics", ".new.toml.followcal.lock"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name


def test_an_edit_leaves_no_copy_outside_the_files_own_folder(tmp_path, monkeypatch):
    """The old check wrote the edited text to followcal-edit-* in the system temp folder."""
    from datetime import date

    from followcal.editing import InterviewsFile
    from tests.test_lifecycle import FILE

    system_temp = tmp_path / "tmp"
    system_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    path = tmp_path / "interviews.toml"
    path.write_text(FILE)
    with InterviewsFile.edit(path) as document:
        document.set_status("acme", "rejected", date(2026, 11, 25))
        document.save("UTC")
    assert list(system_temp.iterdir()) == []
    assert 'status = "rejected"' in path.read_text()


# -- the edit lock ---------------------------------------------------------------------------


def test_a_symlink_in_the_lock_files_place_is_never_followed(tmp_path):
    """A dangling symlink there made followcal create (and lock) its target elsewhere."""
    path = tmp_path / "interviews.toml"
    path.write_text("")
    elsewhere = tmp_path / "elsewhere" / "created-by-followcal"
    elsewhere.parent.mkdir()
    (tmp_path / ".interviews.toml.followcal.lock").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="is a symbolic link") as caught, locked(path):
        pass
    assert str(path) in str(caught.value)
    assert not elsewhere.exists()
    assert path.read_text() == ""


def test_without_fcntl_plan_still_runs(tmp_path):
    """On Windows `import fcntl` fails: it was at the top of fileio, so every command died."""
    entries = tmp_path / "interviews.toml"
    entries.write_text(FILE)
    script = (
        "import sys\n"
        "import portalocker  # first: here it is built on fcntl, on Windows on msvcrt\n"
        "sys.modules['fcntl'] = None  # as on Windows: importing it raises ImportError\n"
        "from followcal.cli import main\n"
        "main(['plan', sys.argv[1], '--now', '2026-11-25T08:00'], prog_name='followcal')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(entries)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "acme" in done.stdout.lower()


@pytest.fixture
def portable_locks(monkeypatch):
    """fileio as it runs on Windows: portalocker's locks (here over the same flock)."""
    monkeypatch.setattr("followcal.fileio._fcntl", None)


def test_portalockers_lock_keeps_a_second_editor_out_and_is_released(tmp_path, portable_locks):
    path = tmp_path / "interviews.toml"
    path.write_text(FILE)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from followcal.fileio import locked\n"
         "with locked(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()",
         str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(OutputError, match="another followcal command"), locked(path, 0.1):
            pass
    finally:
        assert holder.stdin is not None
        holder.stdin.close()  # the holder leaves its block and exits
        holder.wait(timeout=30)
    with locked(path, wait=5):
        write_atomic(path, b"changed\n")
    assert path.read_bytes() == b"changed\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".interviews.toml.followcal.lock",
        "interviews.toml",
    ]


def test_a_named_mode_is_set_before_the_file_takes_its_name(tmp_path, monkeypatch):
    # A secret over an old file someone widened: 0600 at once, never 0644 for a moment.
    path = tmp_path / "google-grant.json"
    path.write_text("old")
    os.chmod(path, 0o644)
    modes_at_rename: list[int] = []
    real_replace = os.replace

    def watching_replace(source: str, target: object) -> None:
        modes_at_rename.append(os.stat(source).st_mode & 0o777)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watching_replace)
    write_atomic(path, b"secret", mode=0o600)
    assert modes_at_rename == [0o600]
    assert path.stat().st_mode & 0o777 == 0o600 and path.read_bytes() == b"secret"
    assert [p.name for p in tmp_path.iterdir()] == ["google-grant.json"]


def test_an_exclusive_write_leaves_a_file_already_there(tmp_path):
    path = tmp_path / "draft-ids.key"
    write_atomic(path, b"first", mode=0o600, exclusive=True)
    assert path.read_bytes() == b"first" and path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        write_atomic(path, b"second", mode=0o600, exclusive=True)
    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["draft-ids.key"]
