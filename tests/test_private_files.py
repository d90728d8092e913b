"""Files followcal keeps for itself (the probe's findings, the Google sign-in, the draft
Message-ID key) are written like the user's own: whole or not at all, and private."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from followcal import oauth
from followcal.mail import drafts
from followcal.sync.model import SyncTarget
from followcal.sync.probe import ProbeReport, load_kept, probe_file, save_kept

REPO = Path(__file__).resolve().parent.parent
URL = "https://cal.example.com/ann/job-search/"


def test_the_probes_findings_are_private(tmp_path):
    old_umask = os.umask(0o022)
    try:
        target = SyncTarget("https://cal.example.com/", "ann", state_dir=str(tmp_path))
        save_kept(target, URL, ProbeReport(URL, "Job search", kept=["SUMMARY"]))
    finally:
        os.umask(old_umask)
    path = probe_file(target, URL)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_kept(target, URL) == frozenset({"SUMMARY"})


def test_a_probe_that_cannot_be_written_whole_leaves_the_old_findings(tmp_path):
    # A file-size limit makes the write fail halfway (as a full disk does): what an earlier
    # probe found must survive, whole.
    target = SyncTarget("https://cal.example.com/", "ann", state_dir=str(tmp_path))
    save_kept(target, URL, ProbeReport(URL, "Job search", kept=["SUMMARY"]))
    before = probe_file(target, URL).read_bytes()
    script = textwrap.dedent(
        f"""
        import resource, signal
        from followcal.sync.model import SyncTarget
        from followcal.sync.probe import ProbeReport, save_kept
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))
        target = SyncTarget("https://cal.example.com/", "ann", state_dir={str(tmp_path)!r})
        save_kept(target, {URL!r}, ProbeReport({URL!r}, "x" * 5000, kept=["DESCRIPTION"]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr  # keeping the findings is best effort
    assert probe_file(target, URL).read_bytes() == before
    assert load_kept(target, URL) == frozenset({"SUMMARY"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [probe_file(target, URL).name]


@pytest.fixture
def no_keyring(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setitem(sys.modules, "keyring", None)  # not installed: the file instead


def test_the_google_grant_file_is_made_private_again(tmp_path, no_keyring):
    path = oauth.grant_file()
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    os.chmod(path, 0o644)
    grant = {"client_id": "c", "token_uri": "https://oauth2.example/token", "refresh_token": "r"}
    assert oauth.save_grant(grant) == str(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert oauth.load_grant() == grant
    assert sorted(p.name for p in path.parent.iterdir()) == ["google-grant.json"]


def test_a_draft_key_cut_short_is_replaced_by_a_whole_one(tmp_path, monkeypatch):
    # An older version killed between creating the key file and writing it left it empty:
    # an empty HMAC key makes every Message-ID one anybody can work out.
    monkeypatch.setenv("FOLLOWCAL_CONFIG", str(tmp_path / "config.toml"))
    key_file = tmp_path / "draft-ids.key"
    key_file.write_text("")
    first = drafts.message_id_for("acme/thank-you", "ann@example.com")
    assert len(bytes.fromhex(key_file.read_text().strip())) == 32
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert drafts.message_id_for("acme/thank-you", "ann@example.com") == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft-ids.key"]


def test_the_draft_key_is_made_once(tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWCAL_CONFIG", str(tmp_path / "config.toml"))
    first = drafts.message_id_for("acme/thank-you", None)
    kept = (tmp_path / "draft-ids.key").read_bytes()
    assert drafts.message_id_for("acme/thank-you", None) == first
    assert (tmp_path / "draft-ids.key").read_bytes() == kept


def test_a_fifo_where_the_grant_or_the_findings_go_is_no_grant_and_never_hangs(tmp_path):
    # Read as every input is (fileio.read_input): a FIFO would block a plain read forever.
    grant = tmp_path / "config" / "followcal" / "google-grant.json"
    grant.parent.mkdir(parents=True)
    os.mkfifo(grant)
    target = SyncTarget("https://cal.example.com/", "ann", state_dir=str(tmp_path / "state"))
    findings = probe_file(target, URL)
    findings.parent.mkdir(parents=True)
    os.mkfifo(findings)
    script = textwrap.dedent(
        f"""
        import sys
        sys.modules["keyring"] = None
        from followcal.oauth import load_grant
        from followcal.sync.model import SyncTarget
        from followcal.sync.probe import load_kept
        target = SyncTarget("https://cal.example.com/", "ann", state_dir={target.state_dir!r})
        print(load_grant(), load_kept(target, {URL!r}))
        """
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
            timeout=20,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("reading a FIFO hung")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["None", "None"]
