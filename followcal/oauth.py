"""Google's OAuth 2.0 for sync: the browser sign-in once, then access tokens without asking.

`followcal auth google --client-secrets FILE` runs the installed-app flow (a loopback
redirect on 127.0.0.1 and PKCE, through google-auth-oauthlib's InstalledAppFlow, the optional
`google` extra) with the user's own Desktop-app client: followcal ships no client id, and
borrowing another application's is against Google's terms (shared/GOOGLE.md §1). What it
keeps, the "grant" (the refresh token with the client it belongs to), goes to the system
keyring, or where there is none to a file only its owner can read (0600).

Each sync trades the refresh token for a fresh access token (about an hour's worth) with one
POST to the client's token endpoint, over the standard library. When Google answers
`invalid_grant` (revoked, unused for six months, or a "Testing" project's seven days over),
the error says so in one line and what to run; at a terminal the command runs the browser
flow again. No token or secret is ever printed, logged or put in an error.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from followcal import secret_store
from followcal.errors import ConfigError
from followcal.fileio import UnreadableInput, read_input, write_atomic

SCOPE = "https://www.googleapis.com/auth/calendar"
KEYRING_KEY = "google-oauth-grant"  # the entry's name under secret_store.SERVICE
TIMEOUT = 30.0
_GRANT_LIMIT = 100_000  # a grant is a few hundred bytes
_GRANT_FIELDS = ("client_id", "client_secret", "token_uri", "auth_uri", "refresh_token")


class GrantError(ConfigError):
    """No usable Google sign-in: none saved, or Google refused the saved one."""


class GrantRevokedError(GrantError):
    """Google answered invalid_grant: the saved sign-in no longer works."""


REVOKED = (
    "Google no longer accepts followcal's saved sign-in (invalid_grant: revoked, unused for "
    'six months, or seven days passed while the Cloud project\'s app is in "Testing"): run '
    "`followcal auth google --client-secrets FILE` again"
)


def grant_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("followcal")) / "google-grant.json"


def save_grant(grant: dict[str, str]) -> str:
    """Keep the grant: in the keyring when there is one, else in a 0600 file. Says where."""
    text = json.dumps({k: grant[k] for k in _GRANT_FIELDS if grant.get(k)})
    if secret_store.keep(KEYRING_KEY, text):
        with contextlib.suppress(OSError):
            grant_file().unlink()  # one copy only
        return "the system keyring"
    path = grant_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise GrantError(f"{path.parent}: cannot make the folder: {err.strerror or err}") from None
    # 0600 even over an old file someone widened: the refresh token is a password.
    write_atomic(path, text.encode("utf-8"), mode=0o600)
    return str(path)


def load_grant() -> dict[str, str] | None:
    text = secret_store.lookup(KEYRING_KEY)
    if text is None:
        try:
            text = read_input(grant_file(), _GRANT_LIMIT).decode("utf-8")
        except (OSError, UnreadableInput, UnicodeDecodeError):
            return None  # none, or nothing followcal wrote (a FIFO there never hangs it)
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not data.get("refresh_token") or not data.get("token_uri"):
        return None
    return {k: str(v) for k, v in data.items() if k in _GRANT_FIELDS}


def access_token(grant: dict[str, str]) -> str:
    """A fresh access token for the saved grant (one POST to the token endpoint)."""
    form = urllib.parse.urlencode(
        {
            "grant_type": "refresh_token",
            "refresh_token": grant["refresh_token"],
            "client_id": grant.get("client_id", ""),
            "client_secret": grant.get("client_secret", ""),
        }
    ).encode()
    request = urllib.request.Request(grant["token_uri"], data=form, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    host = urllib.parse.urlsplit(grant["token_uri"]).hostname or "the token endpoint"
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            data = json.loads(answer.read(1_000_000) or b"{}")
    except urllib.error.HTTPError as err:
        error = _error_code(err)
        if error == "invalid_grant":
            raise GrantRevokedError(REVOKED) from None
        raise GrantError(
            f"{host} refused to renew the access token (HTTP {err.code}"
            + (f", {error}" if error else "")
            + "): run `followcal auth google --client-secrets FILE` again"
        ) from None
    except (OSError, ValueError) as exc:
        raise GrantError(
            f"cannot reach {host} to renew the access token: {type(exc).__name__}"
        ) from None
    token = data.get("access_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise GrantError(f"{host} answered without an access token")
    return token


def sign_in(client_secrets: Path | None, grant: dict[str, str] | None, *, browser: bool) -> str:
    """Run the browser flow (loopback redirect, PKCE) and keep the grant; says where.

    The client comes from `client_secrets` (the JSON file the Cloud console gives for a
    Desktop app) or, for a fresh flow after invalid_grant, from the saved `grant`.
    """
    config = _client_config(client_secrets, grant)
    try:
        from google_auth_oauthlib.flow import InstalledAppFlow
    except ImportError:
        raise GrantError(
            "signing in to Google needs google-auth-oauthlib: install followcal with its "
            "google extra (pip install '.[google]' from a checkout)"
        ) from None
    flow = InstalledAppFlow.from_client_config(config, scopes=[SCOPE])
    try:
        credentials = flow.run_local_server(
            host="127.0.0.1",
            port=0,
            open_browser=browser,
            authorization_prompt_message="Sign in to Google in your browser; if it did not "
            "open, visit this address:\n{url}",
            success_message="followcal is signed in to Google; you may close this window.",
            timeout_seconds=600,
            prompt="consent",  # a refresh token every time, even for a second sign-in
        )
    except Exception as exc:  # oauthlib's and the server's errors: named, never their text
        raise GrantError(f"signing in to Google failed ({type(exc).__name__})") from None
    installed = config["installed"]
    refresh = getattr(credentials, "refresh_token", None)
    if not refresh:
        raise GrantError("Google gave no refresh token; run `followcal auth google` again")
    return save_grant(
        {**{k: str(installed.get(k, "")) for k in _GRANT_FIELDS}, "refresh_token": refresh}
    )


def _client_config(path: Path | None, grant: dict[str, str] | None) -> dict[str, Any]:
    if path is None:
        if grant is None:
            raise GrantError("no saved Google client: pass --client-secrets FILE")
        fields = {k: grant[k] for k in ("client_id", "client_secret", "token_uri", "auth_uri")}
        return {"installed": {**fields, "redirect_uris": ["http://127.0.0.1"]}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GrantError(
            f"{path}: cannot read it as a client secrets file ({type(exc).__name__})"
        ) from None
    if not isinstance(data, dict) or "installed" not in data:
        kind = "a Web application client" if isinstance(data, dict) and "web" in data else "not one"
        raise GrantError(
            f"{path}: not the client secrets of a Desktop app ({kind}); in the Cloud console "
            'create an OAuth client ID of type "Desktop app" and download its JSON'
        )
    installed = data["installed"]
    missing = [k for k in ("client_id", "auth_uri", "token_uri") if not installed.get(k)]
    if missing:
        raise GrantError(f"{path}: the client secrets file lacks {', '.join(missing)}")
    return {"installed": dict(installed)}


def _error_code(err: urllib.error.HTTPError) -> str:
    try:
        data = json.loads(err.read(100_000) or b"{}")
    except (OSError, ValueError):
        return ""
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, str) and error.replace("_", "").isalnum() else ""
