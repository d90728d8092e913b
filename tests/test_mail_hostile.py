"""`followcal inbox` against a hostile IMAP server that the test starts on 127.0.0.1.

Each failure must end the command within its deadline, with one line and exit 20, in bounded
memory; Ctrl-C must end it at once. The command runs in its own process, as a user runs it,
so that time, memory and signals are its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.helpers import invoke, write_interviews
from tests.imap_hostile import PASSWORD, USER, HostileImap

# The fixture (an explicit re-export, so pytest finds it here).
from tests.imap_hostile import hostile as hostile
from tests.mail_corpus import corpus

TIMEOUT = 2.0


def followcal(server: HostileImap, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "followcal",
        "inbox",
        "-f",
        str(corpus.INTERVIEWS),
        "--imap",
        server.url,
        "--username",
        USER,
        "--timeout",
        str(TIMEOUT),
        "--now",
        corpus.NOW,
        *extra,
    ]


def environment(tmp_path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        FOLLOWCAL_IMAP_PASSWORD=PASSWORD,
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        HOME=str(tmp_path),
    )
    return env


# Runs the command as its only child and writes that child's peak memory (kB) to a file:
# RUSAGE_CHILDREN in the test process would also hold every server an earlier test started.
MEASURED = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run(
    server: HostileImap, tmp_path, limit: float = 20.0
) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", MEASURED, str(tmp_path / "peak-kb"), *followcal(server)],
        capture_output=True,
        text=True,
        timeout=limit,
        env=environment(tmp_path),
        stdin=subprocess.DEVNULL,
    )
    return result, time.monotonic() - started


@pytest.mark.parametrize(
    "hostile",
    ["trickle", "endless", "drop", "bad-search", "garbage-fetch", "huge-literal", "silent"],
    indirect=True,
)
def test_a_failing_server_ends_the_scan_with_one_line(hostile, tmp_path):
    result, took = run(hostile, tmp_path)
    peak_kb = int((tmp_path / "peak-kb").read_text())
    assert result.returncode == 20, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr and PASSWORD not in result.stderr
    # one deadline for the command that failed, and a short one for the LOGOUT after it
    assert took < TIMEOUT * 3 + 8, took
    assert 0 < peak_kb < 400_000, peak_kb  # kB: a 400 MB literal is never held


@pytest.mark.parametrize("hostile", ["silent", "hang-logout"], indirect=True)
def test_ctrl_c_ends_the_scan_at_once(hostile, tmp_path):
    process = subprocess.Popen(
        followcal(hostile, "--timeout", "30"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(tmp_path),
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        wanted = "SEARCH" if hostile.behaviour == "silent" else "LOGOUT"
        while wanted not in hostile.commands and time.monotonic() < deadline:
            time.sleep(0.05)
        assert wanted in hostile.commands, hostile.commands
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, stderr = process.communicate(timeout=10)
        assert time.monotonic() - started < 1.5
        assert b"Traceback" not in stderr
        assert process.returncode != 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_imapclient_still_keeps_its_imaplib_object_where_we_bound_it():
    """The byte limits hook imaplib's documented read methods through IMAPClient's private
    `_imap` attribute (imapclient is pinned below 5): this fails when that changes."""
    import imaplib

    from imapclient import IMAPClient

    server = HostileImap("hang-logout")
    server.start()
    try:
        client = IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=5)
        assert isinstance(client._imap, imaplib.IMAP4)
        assert callable(type(client._imap).read) and callable(type(client._imap).readline)
        client.socket().close()
    finally:
        server.stop()


@pytest.mark.parametrize("bundle", ["missing.pem", "not-a-bundle.pem"])
def test_a_bad_ca_bundle_is_one_line(tmp_path, bundle):
    (tmp_path / "not-a-bundle.pem").write_text("this is not a certificate\n")
    env = environment(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "followcal", "inbox", "-f", str(corpus.INTERVIEWS), "--imap",
         "imaps://127.0.0.1:9", "--username", USER, "--ca-bundle", str(tmp_path / bundle)],
        capture_output=True, text=True, timeout=30, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 20, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot load the CA bundle '{tmp_path / bundle}': "
        + (
            "No such file or directory"
            if bundle == "missing.pem"
            else "not a PEM certificate bundle"
        )
    ]


def _prepare(server: HostileImap, tmp_path):
    from tests.test_mail_imap import PREPARE_FILE

    data = write_interviews(tmp_path, PREPARE_FILE)
    args = ["prepare", "-f", str(data), "--imap", server.url, "--username", USER,
            "--now", "2026-11-20T08:00", "--timeout", "5"]  # fmt: skip
    return invoke(args, env={"FOLLOWCAL_IMAP_PASSWORD": PASSWORD})


@pytest.mark.parametrize("hostile", ["search-finds-nothing"], indirect=True)
def test_a_server_whose_header_search_finds_nothing_gets_no_duplicate(hostile, tmp_path):
    first = _prepare(hostile, tmp_path)
    assert first.exit_code == 0, first.output
    assert len(hostile.appended) == 2
    again = _prepare(hostile, tmp_path)
    assert again.exit_code == 0, again.output
    assert again.output.count("already in") == 2 and len(hostile.appended) == 2


@pytest.mark.parametrize("hostile", ["inbox-drafts"], indirect=True)
def test_drafts_never_go_into_an_inbox_flagged_drafts(hostile, tmp_path):
    result = _prepare(hostile, tmp_path)
    assert result.exit_code == 0, result.output
    assert [folder for folder, _ in hostile.appended] == ["Drafts", "Drafts"]
