"""Google's OAuth 2.0 endpoints on loopback: consent, the code for tokens (PKCE checked), and
refresh. The "browser" (tests/fake_browser.py) opens the authorization address; this server
answers as Google does once the user consents: a redirect to the app's loopback address with
a code. A refresh token can be revoked, after which Google answers `invalid_grant`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID = "1234-test.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-test-client-secret-never-shown"


@dataclass
class OAuthServer:
    tokens: set[str]  # access tokens it issues go here (the emulator's accepted tokens)
    codes: dict[str, str] = field(default_factory=dict)  # code -> PKCE challenge
    refresh_tokens: set[str] = field(default_factory=set)
    revoked: set[str] = field(default_factory=set)
    log: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        oauth = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the consent page, already agreed to
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                oauth.log.append(query)
                if query.get("code_challenge_method") != "S256" or "code_challenge" not in query:
                    self.answer(400, {"error": "invalid_request"})
                    return
                code = secrets.token_urlsafe(12)
                oauth.codes[code] = query["code_challenge"]
                back = {"code": code, "state": query.get("state", ""), "scope": query["scope"]}
                self.send_response(302)
                self.send_header("Location", query["redirect_uri"] + "?" + urlencode(back))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                basic = self.headers.get("Authorization", "")
                if basic.startswith("Basic "):  # client credentials may come either way
                    pair = base64.b64decode(basic[6:]).decode()
                    form["client_id"], _, form["client_secret"] = pair.partition(":")
                oauth.log.append(form)
                self.answer(*oauth.token(form))

            def answer(self, status: int, data: dict[str, Any]) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") == "authorization_code":
            challenge = self.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "").encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if challenge is None or digest.decode() != challenge:
                return 400, {"error": "invalid_grant"}
            refresh = "1//refresh-" + secrets.token_urlsafe(16)
            self.refresh_tokens.add(refresh)
            return 200, self.issue(refresh=refresh)
        if form.get("grant_type") == "refresh_token":
            refresh = form.get("refresh_token", "")
            if refresh not in self.refresh_tokens or refresh in self.revoked:
                return 400, {
                    "error": "invalid_grant",
                    "error_description": "Token has been expired or revoked.",
                }
            return 200, self.issue()
        return 400, {"error": "unsupported_grant_type"}

    def issue(self, refresh: str | None = None) -> dict[str, Any]:
        access = "ya29.issued-" + secrets.token_urlsafe(16)
        self.tokens.add(access)
        data: dict[str, Any] = {
            "access_token": access, "expires_in": 3599, "token_type": "Bearer",
            "scope": "https://www.googleapis.com/auth/calendar",
        }  # fmt: skip
        if refresh:
            data["refresh_token"] = refresh
        return data

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def client_secrets(self) -> dict[str, Any]:
        """What the Cloud console's "Download JSON" gives for a Desktop app, aimed here."""
        return {
            "installed": {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "auth_uri": self.url + "/o/oauth2/auth",
                "token_uri": self.url + "/token",
                "redirect_uris": ["http://localhost"],
            }
        }

    def start(self) -> OAuthServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
