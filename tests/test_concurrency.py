"""Editing commands at the same time, and kill -9 at any moment: nothing is ever lost.

Real processes race on a real file. Each worker process starts once and runs followcal's
commands in-process on request (a process start per command would cost seconds a round),
so each round's two commands really do run at the same moment in two processes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followcal.editing import InterviewsFile
from followcal.entries import load_entries
from followcal.errors import OutputError
from followcal.fileio import locked, write_atomic
from tests.helpers import files_in
from tests.test_lifecycle import FILE

# 200 in CI (CI=true, like hypothesis's profile); 20 in a local or `make test-fast` run, where
# one round in ten still races both pairs of commands many times over.
ROUNDS = 200 if os.environ.get("CI") == "true" else 20
REPO = Path(__file__).resolve().parent.parent

# Runs one followcal command per JSON line on stdin; answers its exit code and stderr.
WORKER = """
import contextlib, io, json, sys
from followcal.cli import main
for line in sys.stdin:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main.main(json.loads(line), prog_name="followcal", standalone_mode=False)
        except Exception as error:
            code, err = 99, io.StringIO(repr(error))
    print(json.dumps([code or 0, err.getvalue()]), flush=True)
"""


class Worker:
    def __init__(self, folder: Path) -> None:
        env = {**os.environ, "FOLLOWCAL_CONFIG": str(folder / "config.toml"), "TZ": "UTC"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=folder,
            env=env,
            text=True,
        )

    def start(self, *args: str) -> None:
        assert self.process.stdin is not None
        now = [] if args[0] == "add" else ["--now", "2026-11-25T08:00"]
        self.process.stdin.write(json.dumps([*args, *now]) + "\n")
        self.process.stdin.flush()

    def result(self) -> tuple[int, str]:
        assert self.process.stdout is not None
        code, stderr = json.loads(self.process.stdout.readline())
        return code, stderr

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def workers(tmp_path):
    (tmp_path / "interviews.toml").write_text(FILE)
    pair = (Worker(tmp_path), Worker(tmp_path))
    yield pair
    for worker in pair:
        worker.close()


def test_two_hundred_rounds_of_parallel_edits_lose_no_update(tmp_path, workers):
    """Each round runs two editing commands at once; after it, both changes are there.

    Without the lock, two `sent` lost 25 of 200 rounds and `add` beside `status` lost
    a whole interview.
    """
    first, second = workers
    path = tmp_path / "interviews.toml"
    base = datetime(2026, 11, 26, 9, 0)
    added: list[str] = []
    for number in range(ROUNDS):
        moment = base + timedelta(minutes=number)
        if number % 2 == 0:
            when = moment.isoformat(timespec="minutes") + "+00:00"
            first.start("sent", "acme", "follow-up-1", "--on", when, "--force")
            second.start("sent", "globex", "follow-up-1", "--on", when, "--force")
        else:
            state = "heard-back" if number % 4 == 1 else "waiting"
            company = f"Company {number}"
            first.start("add", "--company", company, "--role", "Engineer",
                        "--date", "2026-11-21T10:00", "--timezone", "UTC",
                        "--contact", "Pat Doe; pat@company.example")  # fmt: skip
            second.start("status", "initech", state, "--on", "2026-11-24")
            added.append(company)
        for worker in workers:
            code, stderr = worker.result()
            assert code == 0, f"round {number}: {stderr}"
        interviews = {i.id: i for i in load_entries([path], "UTC").interviews}
        if number % 2 == 0:
            for interview_id in ("acme", "globex"):
                recorded = interviews[interview_id].sent["follow-up-1"]
                lost = f"round {number}: {interview_id}'s update was lost"
                assert recorded == moment.replace(tzinfo=UTC), lost
        else:
            assert interviews["initech"].status == state, f"round {number}: status lost"
            companies = {i.company for i in interviews.values()}
            assert set(added) <= companies, f"round {number}: an added interview was lost"
    assert files_in(tmp_path) == ["interviews.toml"]


def test_an_edit_waits_for_the_lock_then_fails_clearly_and_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "interviews.toml"
    path.write_text(FILE)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from followcal.fileio import locked\n"
         "with locked(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)",
         str(path)],
        stdout=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setattr("followcal.fileio.LOCK_WAIT_SECONDS", 0.3)
        started = time.monotonic()
        busy = pytest.raises(OutputError, match="another followcal command is editing it")
        with busy, InterviewsFile.edit(path) as document:
            document.set_status("acme", "rejected", date(2026, 11, 25))
            document.save("UTC")
        assert 0.3 <= time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    assert path.read_text() == FILE


def test_the_lock_is_reentrant_and_released(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text(FILE)
    with InterviewsFile.edit(path) as document, locked(path):
        document.set_status("acme", "rejected", date(2026, 11, 25))
        document.save("UTC")  # takes the lock again, from the same process: no wait
    with locked(path, wait=0):  # released: free at once
        pass
    assert 'status = "rejected"' in path.read_text()


# A writer that rewrites one file forever, each version a whole number of equal lines; it
# says when its first write is done, so the kill lands inside the loop, not in start-up.
WRITER = """
import sys
from pathlib import Path
from followcal.fileio import write_atomic
path, number = Path(sys.argv[1]), 0
while True:
    number += 1
    write_atomic(path, (f"version {number:08d}\\n" * 20000).encode())
    if number == 1:
        print("writing", flush=True)
"""


def _whole(data: bytes) -> bool:
    lines = data.split(b"\n")
    return lines[-1] == b"" and len(lines) == 20001 and len(set(lines[:-1])) == 1


def test_kill_9_at_any_moment_leaves_a_whole_file_and_the_next_write_cleans_up(tmp_path):
    path = tmp_path / "followups.ics"
    write_atomic(path, b"version 00000000\n" * 20000)
    for attempt in range(30):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        # Writes follow each other back to back, each some milliseconds long: offsets
        # spread over 0-30 ms land at different points of one (the write, the sync, the rename).
        time.sleep((attempt % 11) * 0.003)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert _whole(path.read_bytes()), f"attempt {attempt}: a half-written file"
    leftovers = [name for name in files_in(tmp_path) if name != "followups.ics"]
    assert all(name.startswith(".followups.ics.followcal-") for name in leftovers)
    write_atomic(path, b"final\n")
    assert files_in(tmp_path) == ["followups.ics"]
    assert path.read_bytes() == b"final\n"
