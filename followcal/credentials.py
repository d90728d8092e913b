"""Find the CalDAV password without ever logging, printing or echoing it.

Order: the FOLLOWCAL_PASSWORD environment variable, a configured password command, the system
keyring (when the optional `keyring` package is installed), an interactive prompt (when
allowed); otherwise an error that says how to provide one.

A password command's password is the first line of its output (UTF-8), as `pass` users
expect: `pass show caldav` prints the password, then whatever else the entry holds
(`login: ...`, `url: ...`). A blank first line is an error, never an empty password.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from followcal import secret_store
from followcal.errors import ConfigError

ENV_VAR = "FOLLOWCAL_PASSWORD"
IMAP_ENV_VAR = "FOLLOWCAL_IMAP_PASSWORD"  # `followcal inbox` and `prepare`: the mail password
COMMAND_TIMEOUT = 120.0  # seconds: long enough to type a GPG passphrase into pinentry


class CredentialsError(ConfigError):
    """No password could be found, or the password command failed (a configuration problem)."""


def keyring_key(username: str, url: str) -> str:
    """The keyring entry's name under the "followcal" service: username@host.

    Only the host is ever taken from `url` (never its user name or password); a URL without
    one, or one that cannot be parsed, gives "username@(no host)".
    """
    try:
        host = urlsplit(url).hostname
    except ValueError:  # "http://[::1/": unbalanced brackets
        host = None
    return f"{username}@{host or '(no host)'}"


def resolve_password(
    username: str,
    url: str,
    *,
    env: Mapping[str, str] = os.environ,
    password_command: str | None = None,
    allow_prompt: bool = False,
    prompt: Callable[[str], str] | None = None,
    env_var: str = ENV_VAR,
) -> str:
    """The password for `username` on the server at `url` (see the module docstring).

    `prompt` receives the question (no trailing newline) and returns the typed answer;
    without one, `getpass.getpass` is used when `allow_prompt` is true.
    """
    from_env = env.get(env_var)
    if from_env:
        return from_env
    if password_command:
        return _run_password_command(password_command)
    key = keyring_key(username, url)
    from_keyring = secret_store.lookup(key)
    if from_keyring:
        return from_keyring
    if allow_prompt:
        if prompt is None:
            import getpass

            prompt = getpass.getpass
        answer = prompt(f"Password for {key}: ")
        if answer and answer.strip():
            return answer
        raise CredentialsError(f"no password entered for {key}")
    raise CredentialsError(
        f"no password for {key}: set {env_var}, configure a password command "
        f'(e.g. password_command = "pass show caldav"), store it with '
        f"`keyring set {secret_store.SERVICE} {key}`, or run interactively to be asked"
    )


def _run_password_command(command: str) -> str:
    """The first line of the command's output: the password, as `pass show` prints it.

    Any further lines are ignored (`pass` keeps the login, a URL or notes there). The output
    must be UTF-8; an empty or blank first line is refused, never taken as the password.
    """
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise CredentialsError(f"cannot parse the password command: {exc}") from None
    if not argv:
        raise CredentialsError("the password command is empty")
    program = argv[0]
    try:
        result = subprocess.run(
            argv,
            capture_output=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise CredentialsError(f"password command not found: {program}") from None
    except PermissionError:
        raise CredentialsError(f"password command is not executable: {program}") from None
    except subprocess.TimeoutExpired:
        raise CredentialsError(
            f"password command {program} did not finish within {COMMAND_TIMEOUT:.0f} s"
        ) from None
    except OSError as exc:
        raise CredentialsError(
            f"password command {program} could not run: {exc.strerror}"
        ) from None
    if result.returncode != 0:
        # Never show its output: stdout or stderr may hold the secret.
        raise CredentialsError(
            f"password command {program} failed with exit status {result.returncode}"
        )
    try:
        output = result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        # Never show the bytes: they are the secret, or part of it.
        raise CredentialsError(
            f"password command {program} printed something that is not UTF-8 text"
        ) from None
    password = output.split("\n", 1)[0].rstrip("\r")
    if not output.strip():
        raise CredentialsError(f"password command {program} printed no password")
    if not password.strip():
        raise CredentialsError(
            f"password command {program} printed a blank first line: the password must be "
            "its first line"
        )
    return password


def run_token_command(command: str) -> str:
    """An OAuth2 access token: the first line a command prints (the convention of mutt's and
    aerc's token commands, e.g. `oama access you@gmail.com`). Checked like a password command;
    its output is never shown."""
    return _run_password_command(command)
