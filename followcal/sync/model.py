"""What a sync is asked to do (SyncTarget) and what it did (SyncReport)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from followcal.sync.redact import safe_url

Progress = Callable[[int, int], None]

MAX_RESPONSE = 64 * 1024 * 1024  # a listing of 10,000 events is about 30 MB


@dataclass
class SyncTarget:
    """Where to sync. `url` may be a server root, a principal or a calendar URL.

    `calendar` selects by display name or URL (relative to `url` or absolute); None means the
    calendar at `url` itself, or the account's only calendar. `create` makes a calendar with
    that display name when none exists. `ca_bundle` is a PEM file trusted for a private CA.
    `timeout` is a deadline in seconds for each request, from connecting to the last byte of
    the answer. `server` names the server's kind in sync/quirks.py ("sogo",
    "nextcloud", ...); None works it out from the server's answers. `max_response` caps the
    size in bytes of any one answer. `state_dir` is where this copy remembers each calendar
    between syncs (sync/state.py); None: the user's state folder. `token` is an OAuth 2.0
    access token sent instead of a password (never shown, like the password).
    """

    url: str
    username: str | None = None
    password: str | None = None
    calendar: str | None = None
    create: bool = False
    ca_bundle: str | None = None
    timeout: float = 30
    server: str | None = None
    max_response: int = MAX_RESPONSE
    state_dir: str | None = None
    token: str | None = None  # an OAuth 2.0 access token, sent as Bearer (Google)
    rest_url: str | None = None  # Google's Calendar REST API root (sync/rest.py), if not its own

    def __repr__(self) -> str:  # no password, and no userinfo from the URL either
        return (
            f"SyncTarget(url={safe_url(self.url)!r}, username={self.username!r}, "
            f"calendar={self.calendar!r}, create={self.create!r}, "
            f"ca_bundle={self.ca_bundle!r}, timeout={self.timeout!r}, server={self.server!r})"
        )


@dataclass
class SyncReport:
    """What a sync did (or, with dry_run, would do). Labels read "SUMMARY (start)".

    `conflicts` are "label: reason" lines for events left alone: edited on the server
    (overwrite_edits overwrites them), changed during the sync (412), or a UID taken by an
    object followcal did not create. `refused` are "label: what, the server's own words"
    lines for objects the server would not take (400/403/415): the rest of the sync went on,
    and `refused_exit` holds each refusal's exit code. `notices` say what else the user
    should know (another copy of the file syncing to this calendar). `requests` counts the
    HTTP requests made, `downloaded` the objects read. `server` is the server kind whose
    quirks were followed (None: a standard server).
    """

    calendar_url: str
    calendar_name: str | None
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    dry_run: bool = False
    calendar_created: bool = False
    requests: int = 0
    downloaded: int = 0
    server: str | None = None
    refused: list[str] = field(default_factory=list)
    refused_exit: list[int] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    already_past: int = 0  # steps not created: past in real time (a run with an earlier --now)

    @property
    def exit_code(self) -> int:
        """0 when all went through; else what failed: 11 (403), 13 (400/415), 14 (conflicts)."""
        if self.refused_exit:
            return min(self.refused_exit)
        return 14 if self.conflicts or self.notices else 0

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.updated) + len(self.deleted)

    def record(self, kind: str, label: str) -> None:
        {"create": self.created, "update": self.updated, "delete": self.deleted}[kind].append(label)
