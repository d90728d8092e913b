"""followcal auth google: sign in to Google once, for `followcal sync --server google`."""

from __future__ import annotations

from pathlib import Path

import click

from followcal.cli.rendering import echo


@click.group()
def auth() -> None:
    """Sign in to a calendar service that takes no password (Google)."""


@auth.command("google")
@click.option(
    "--client-secrets",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="The JSON of your own Desktop-app OAuth client (Google Cloud console, Credentials).",
)
@click.option(
    "--no-browser", is_flag=True, help="Print the sign-in address instead of opening a browser."
)
def google(client_secrets: Path | None, no_browser: bool) -> None:
    """Sign in to Google in the browser; the sign-in is kept for every later sync.

    Needs your own OAuth client (the README walks you through the Cloud console): followcal
    ships none. Without --client-secrets, signs in again with the client saved last time.
    """
    from followcal.oauth import load_grant, sign_in

    where = sign_in(client_secrets, load_grant(), browser=not no_browser)
    echo(
        f"Signed in to Google; the sign-in is kept in {where}. "
        "Next: followcal sync --server google --calendar NAME --probe",
        err=True,
    )
