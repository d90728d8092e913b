"""`followcal auth google` and `followcal sync --server google`, end to end on loopback.

The sign-in runs google-auth-oauthlib's InstalledAppFlow for real, in a subprocess: a
"browser" ($BROWSER, tests/fake_browser.py) opens the consent address on a loopback stand-in
for Google's OAuth endpoints (tests/google_oauth.py), which checks PKCE and redirects back
with a code. Then `followcal sync` renews the access token and syncs the sample through the
Google emulation (tests/google_emulator.py); a revoked sign-in gives one line. No secret may
appear in any output or error.
"""

from __future__ import annotations

import importlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import icalendar
import pytest
from click.testing import CliRunner, Result

from followcal.cli import main
from tests.google_emulator import GoogleEmulator
from tests.google_oauth import CLIENT_SECRET, OAuthServer
from tests.radicale_server import RadicaleServer

pytestmark = pytest.mark.server

cli_sync = importlib.import_module("followcal.cli.sync")  # the module, not the command
SAMPLE = Path(__file__).parent.parent / "samples" / "interviews.toml"
NOW = "2026-11-25T08:00"
BROWSER = Path(__file__).parent / "fake_browser.py"


@pytest.fixture
def google(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[GoogleEmulator]:
    monkeypatch.setattr(cli_sync, "real_time", lambda: datetime(2026, 11, 25, 8, tzinfo=UTC))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    server = RadicaleServer(root=tmp_path / "radicale")
    server.start()
    server.calendar_url = server.make_calendar("job-search", "Job search")
    emulator = GoogleEmulator(server, tokens=set()).start()
    try:
        yield emulator
    finally:
        emulator.stop()
        server.stop()


@pytest.fixture
def oauth(google: GoogleEmulator) -> Iterator[OAuthServer]:
    server = OAuthServer(tokens=google.tokens).start()
    try:
        yield server
    finally:
        server.stop()


def sign_in(
    oauth: OAuthServer, tmp_path: Path, secrets: dict[str, object]
) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "client_secret.json"
    path.write_text(json.dumps(secrets))
    # webbrowser runs $BROWSER as one program: a script whose interpreter is this Python.
    browser = tmp_path / "browser"
    browser.write_text(f"#!{sys.executable}\n" + BROWSER.read_text())
    browser.chmod(0o700)
    env = {
        **os.environ,
        "BROWSER": str(browser),
        # The stand-in for Google's token endpoint is plain HTTP on loopback; oauthlib
        # insists on HTTPS otherwise.
        "OAUTHLIB_INSECURE_TRANSPORT": "1",
    }
    command = [sys.executable, "-m", "followcal", "auth", "google", "--client-secrets", str(path)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)


def sync(google: GoogleEmulator, *args: str) -> Result:
    command = ["sync", str(SAMPLE), "--url", google.url(google.radicale.calendar_url),
               "--server", "google", "--now", NOW, "--tz", "UTC", *args]  # fmt: skip
    return CliRunner().invoke(main, command, catch_exceptions=False)


def secrets_of(oauth: OAuthServer) -> list[str]:
    return [CLIENT_SECRET, *oauth.refresh_tokens, *oauth.tokens]


def test_sign_in_then_sync_then_a_revoked_sign_in_gives_one_line(
    google: GoogleEmulator, oauth: OAuthServer, tmp_path: Path
) -> None:
    done = sign_in(oauth, tmp_path, oauth.client_secrets())
    assert done.returncode == 0, done.stderr
    assert "Signed in to Google" in done.stderr
    grant = tmp_path / "config" / "followcal" / "google-grant.json"
    assert stat.S_IMODE(grant.stat().st_mode) == 0o600  # no keyring here: a private file
    consent = oauth.log[0]
    assert consent["code_challenge_method"] == "S256" and consent["access_type"] == "offline"
    assert consent["redirect_uri"].startswith("http://127.0.0.1:")
    assert consent["scope"] == "https://www.googleapis.com/auth/calendar"

    first = sync(google)
    assert first.exit_code == 0, first.stderr
    assert " created, 0 updated, 0 deleted" in first.stdout
    stored = google.radicale.objects()
    assert stored
    for obj in stored.values():
        event = icalendar.Calendar.from_ical(obj.data).walk("VEVENT")[0]
        assert unquote(obj.href.rsplit("/", 1)[-1]) == str(event["UID"]) + ".ics"
        assert [str(a["ACTION"]) for a in event.walk("VALARM")] == ["DISPLAY"]
    again = sync(google)
    assert again.exit_code == 0 and ", 0 updated, 0 deleted" in again.stdout
    assert "0 created" in again.stdout

    oauth.revoked |= oauth.refresh_tokens
    revoked = sync(google)
    assert revoked.exit_code != 0
    errors = [line for line in revoked.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "invalid_grant" in errors[0], revoked.stderr
    assert "followcal auth google" in errors[0]
    for output in (done.stdout, done.stderr, first.output, again.output, revoked.output):
        for secret in secrets_of(oauth):
            assert secret not in output


def test_a_token_command_instead_of_the_sign_in(google: GoogleEmulator, tmp_path: Path) -> None:
    google.tokens.add("ya29.from-a-command")
    result = sync(google, "--oauth2-token-command", "echo ya29.from-a-command")
    assert result.exit_code == 0, result.stderr
    assert "ya29.from-a-command" not in result.output
    not_signed_in = CliRunner().invoke(
        main, ["sync", str(SAMPLE), "--server", "google", "--now", NOW], catch_exceptions=False
    )
    assert not_signed_in.exit_code != 0 and "followcal auth google" in not_signed_in.stderr


def test_a_web_client_or_a_broken_file_is_refused_in_one_line(
    oauth: OAuthServer, tmp_path: Path
) -> None:
    web = sign_in(oauth, tmp_path, {"web": oauth.client_secrets()["installed"]})
    assert web.returncode != 0 and "Desktop app" in web.stderr
    assert CLIENT_SECRET not in web.stderr + web.stdout
    assert len(web.stderr.strip().splitlines()) == 1


def test_sync_probe_reports_what_the_calendar_keeps(google: GoogleEmulator) -> None:
    google.tokens.add("ya29.probe")
    result = CliRunner().invoke(
        main,
        [
            "sync",
            "--probe",
            "--url",
            google.url(google.radicale.calendar_url),
            "--server",
            "google",
            "--oauth2-token-command",
            "echo ya29.probe",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    dropped = next(line for line in result.stdout.splitlines() if "dropped:" in line)
    assert "X-FOLLOWCAL-INTERVIEW" in dropped and "CATEGORIES" in dropped
    assert "reminder: text rewritten; an update: accepted" in result.stdout
    assert google.radicale.objects() == {}


def test_the_config_names_google_and_the_token_command(google: GoogleEmulator) -> None:
    google.tokens.add("ya29.from-the-config")
    Path(os.environ["FOLLOWCAL_CONFIG"]).write_text(
        "[sync]\n"
        f'url = "{google.url(google.radicale.calendar_url)}"\n'
        'server = "google"\n'
        'oauth2_token_command = "echo ya29.from-the-config"\n'
    )
    result = CliRunner().invoke(
        main, ["sync", str(SAMPLE), "--now", NOW, "--tz", "UTC"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert " created, 0 updated" in result.stdout
