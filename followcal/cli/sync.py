"""followcal sync: the command and its report; the work is done by followcal.sync."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followcal.cli.options import AS_OPTION, plan_options, read_inputs, run_plan
from followcal.cli.rendering import echo

if TYPE_CHECKING:
    from followcal.sync import SyncTarget


@click.command()
@read_inputs
@click.option("--url", metavar="URL", help="CalDAV server, principal or calendar URL.")
@click.option("--calendar", metavar="NAME-OR-URL", help="The calendar, by display name or URL.")
@click.option("--username", metavar="USER", help="CalDAV user name.")
@click.option("--create", is_flag=True, help="Create the calendar when it does not exist.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--probe",
    is_flag=True,
    help="Write, read back, update and delete one test event; say what the calendar keeps "
    "(do this first on Google). Syncs nothing.",
)
@click.option(
    "--allow-deletions",
    is_flag=True,
    help="Delete upcoming events even when most of their interviews vanished from the input.",
)
@click.option(
    "--overwrite-edits", is_flag=True, help="Overwrite or delete events you edited on the server."
)
@click.option(
    "--force", is_flag=True, help="Both --allow-deletions and --overwrite-edits (an alias)."
)
@AS_OPTION
@click.option(
    "--password-command",
    metavar="COMMAND",
    help="A command that prints the password (e.g. 'pass show dav').",
)
@click.option(
    "--insecure-password",
    metavar="PASSWORD",
    help="The password itself. It stays in your shell history: prefer FOLLOWCAL_PASSWORD, "
    "the keyring or --password-command.",
)
@click.option(
    "--oauth2-token-command",
    metavar="COMMAND",
    help="A command that prints an OAuth 2.0 access token (Google), instead of "
    "`followcal auth google`'s saved sign-in.",
)
@click.option("--ca-bundle", metavar="FILE", help="Trust this CA bundle (a private CA).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30,
    show_default=True,
    help="Deadline in seconds for each request, from connecting to the answer's last byte.",
)
@click.option(
    "--server",
    "server_kind",
    metavar="KIND",
    help="The server's kind, for its quirks (google, sogo, nextcloud, zimbra, ...); "
    "usually worked out from its URL.",
)
@plan_options
def sync(
    inputs: tuple[Path, ...],
    files: tuple[Path, ...],
    url: str | None,
    calendar: str | None,
    username: str | None,
    create: bool,
    dry_run: bool,
    probe: bool,
    allow_deletions: bool,
    overwrite_edits: bool,
    force: bool,
    as_kind: str,
    password_command: str | None,
    insecure_password: str | None,
    oauth2_token_command: str | None,
    ca_bundle: str | None,
    timeout: float,
    server_kind: str | None,
    **options: Any,
) -> None:
    """Keep a CalDAV calendar in step with the plan (Nextcloud, Radicale, iCloud, ...).

    Creates, updates and deletes only followcal's own events; events you made or edited on
    the server are left alone. Settings may come from the config file's [sync] table.
    Exits 14 when some events were left alone as conflicts (the rest is synced).
    """
    from followcal.calendar import build_objects
    from followcal.sync import sync_calendar

    run = None if probe else run_plan((*inputs, *files), **options)
    target = _target(
        run.config.sync if run is not None else _settings(),
        url=url, username=username, calendar=calendar, create=create,
        password_command=password_command, insecure_password=insecure_password,
        oauth2_token_command=oauth2_token_command, ca_bundle=ca_bundle, timeout=timeout,
        server_kind=server_kind,
    )  # fmt: skip
    if run is None:
        _probe(target)
        return
    desired = build_objects(run.drafts(run.open_actions), now=run.now, as_todos=as_kind == "todos")
    with _progress_bar() as progress:
        report = sync_calendar(
            target,
            desired,
            interviews={interview.id for interview in run.entries.interviews},
            allow_deletions=allow_deletions or force,
            overwrite_edits=overwrite_edits or force,
            dry_run=dry_run,
            progress=progress,
            keep_before=run.now,
            not_before=_real_time_if_later(run.now),
        )
    _tell(report)


def _settings() -> Mapping[str, Any]:
    """The config's [sync] table, for --probe (which reads no interviews file)."""
    from followcal.config import load_config

    return load_config().sync


def _probe(target: SyncTarget) -> None:
    from followcal.sync.probe import probe_calendar

    found = probe_calendar(target)
    where = found.calendar_name or found.calendar_url
    click.echo(f"Probed {where} with one test event (written, read back, updated, deleted):")
    click.echo("  kept:    " + (", ".join(found.kept) or "nothing"))
    if found.changed:
        click.echo("  changed: " + ", ".join(found.changed))
    click.echo("  dropped: " + (", ".join(found.dropped) or "nothing"))
    click.echo(f"  reminder: {found.alarm}; an update: {found.updated}")
    click.echo(f"  an ETag in the answer to a write: {'yes' if found.etag_on_put else 'no'}")
    if not found.deleted:
        echo("Note: the test event could not be deleted; delete 'followcal probe'", err=True)
    click.echo("Sync now tells your edits from its own by the fields kept here.")
    if found.updated != "accepted" or found.alarm == "dropped":
        sys.exit(14)


def _tell(report: Any) -> None:
    """The report on stdout; refusals, conflicts and notes on stderr; the exit code."""
    click.echo(render_sync_report(report))
    for refused in report.refused:
        echo(f"Refused: {refused}", err=True, fg="red")
    for conflict in report.conflicts:
        echo(f"Conflict: {conflict}", err=True, fg="yellow")
    for notice in report.notices:
        echo(f"Note: {notice}", err=True, fg="yellow")
    if report.already_past:
        echo(
            f"Note: {report.already_past} steps already past in real time were not created "
            "(--now is earlier): history is only what really happened",
            err=True,
        )
    if report.exit_code:
        # The documented codes: a script (cron) learns what needs the user's eyes.
        sys.exit(report.exit_code)


def real_time() -> Any:
    """The clock on the wall (tests pin it where they pin --now)."""
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _real_time_if_later(now: Any) -> Any:
    """The real time when the run is "as of" an earlier moment (--now in the past)."""
    from datetime import timedelta

    real = real_time()
    return real if now < real - timedelta(minutes=1) else None


def _target(settings: Mapping[str, Any], **given: Any) -> SyncTarget:
    """Where to sync and as whom: each option, else the config's [sync] setting."""
    from followcal.credentials import resolve_password
    from followcal.sync import SyncTarget
    from followcal.sync.quirks import guess_server

    def setting(name: str, option: str | None = None) -> Any:
        return given.get(option or name) or settings.get(name)

    url, username = setting("url"), setting("username")
    kind = setting("server", "server_kind")
    if kind == "google" or (url and guess_server(url) == "google"):
        return google_target(url, setting, given)
    if not url:
        raise click.UsageError("no CalDAV URL: pass --url or set url in the config's [sync]")
    if not username:
        raise click.UsageError("no user name: pass --username or set username in [sync]")
    password = given["insecure_password"] or resolve_password(
        username,
        url,
        password_command=setting("password_command"),
        allow_prompt=sys.stdin.isatty(),
        prompt=lambda text: click.prompt(text, hide_input=True, err=True),
    )
    return SyncTarget(
        url=url,
        username=username,
        password=password,
        calendar=setting("calendar"),
        create=given["create"],
        ca_bundle=setting("ca_bundle"),
        timeout=given["timeout"],
        server=kind,
    )


def google_target(url: str | None, setting: Callable[..., Any], given: Any) -> SyncTarget:
    """Google: a Bearer token from --oauth2-token-command or `followcal auth google`'s
    sign-in; the calendar found by name under Google's CalDAV root unless a URL is given."""
    from followcal.sync import SyncTarget

    command = setting("oauth2_token_command")
    return SyncTarget(
        url=url or GOOGLE_CALDAV,
        token=_google_token(command),
        calendar=setting("calendar"),
        create=given["create"],
        ca_bundle=setting("ca_bundle"),
        timeout=given["timeout"],
        server="google",
    )


GOOGLE_CALDAV = "https://apidata.googleusercontent.com/caldav/v2/"


def _google_token(command: str | None) -> str:
    from followcal.credentials import run_token_command
    from followcal.oauth import GrantError, GrantRevokedError, access_token, load_grant, sign_in

    if command:
        return run_token_command(command)
    grant = load_grant()
    if grant is None:
        raise GrantError(
            "not signed in to Google: run `followcal auth google --client-secrets FILE` "
            "(or pass --oauth2-token-command)"
        )
    try:
        return access_token(grant)
    except GrantRevokedError as exc:
        if not sys.stdin.isatty():
            raise
        echo(f"{exc}; opening the browser to sign in again", err=True, fg="yellow")
        sign_in(None, grant, browser=True)
        fresh = load_grant()
        if fresh is None:
            raise
        return access_token(fresh)


def render_sync_report(report: Any) -> str:
    where = report.calendar_name or report.calendar_url
    lines = []
    if report.dry_run:
        lines.append(f"Dry run against {where}: nothing was written.")
        for verb, labels in (
            ("create", report.created),
            ("update", report.updated),
            ("delete", report.deleted),
        ):
            lines += [f"  would {verb}: {label}" for label in labels]
    prefix = "Would sync" if report.dry_run else "Synced"
    lines.append(
        f"{prefix} {where}: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.deleted)} deleted, {report.unchanged} unchanged, "
        f"{len(report.conflicts)} conflicts"
        + (f", {len(report.refused)} refused" if report.refused else "")
    )
    return "\n".join(lines)


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A bar on stderr, only for a person watching and only once there is real work."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total > 0:
            bar = click.progressbar(length=total, label="Syncing", file=sys.stderr)
            bar.__enter__()
        if bar is not None:
            bar.update(done - bar.pos)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
