"""The keyring path, through the real `keyring` library with a backend kept in memory
(keyring.set_keyring is its public way to choose one): the CalDAV password is read from it,
the Google sign-in is kept in it, and a keyring that fails is the same as none."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

from followcal import oauth
from followcal.credentials import CredentialsError, resolve_password

PACKAGE = Path(__file__).resolve().parent.parent / "followcal"
URL = "https://cal.example.com/remote.php/dav"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A whole keyring backend that keeps its passwords in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def failing() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # what keyring chooses when no backend works
    try:
        yield
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "followcal"


def no_prompt(question: str) -> str:
    raise AssertionError(f"asked {question!r}")


def test_the_password_comes_from_the_keyring(memory: MemoryKeyring) -> None:
    keyring.set_password("followcal", "ann@cal.example.com", "kr")  # `keyring set` does this
    assert resolve_password("ann", URL, env={}, prompt=no_prompt) == "kr"
    assert resolve_password("ann", URL, env={"FOLLOWCAL_PASSWORD": "env"}) == "env"


def test_without_the_entry_the_prompt_then_an_error_naming_the_entry(
    memory: MemoryKeyring,
) -> None:
    keyring.set_password("followcal", "bob@cal.example.com", "someone else's")
    asked: list[str] = []
    answer = resolve_password(
        "ann", URL, env={}, allow_prompt=True, prompt=lambda q: asked.append(q) or "typed"
    )
    assert answer == "typed" and asked == ["Password for ann@cal.example.com: "]
    with pytest.raises(CredentialsError) as caught:
        resolve_password("ann", URL, env={}, allow_prompt=False, prompt=no_prompt)
    message = str(caught.value)
    assert "FOLLOWCAL_PASSWORD" in message
    assert "`keyring set followcal ann@cal.example.com`" in message
    assert caught.value.EXIT_CODE == 6


def test_a_failing_keyring_is_no_keyring(failing: None) -> None:
    with pytest.raises(CredentialsError, match=r"no password for ann@cal\.example\.com"):
        resolve_password("ann", URL, env={}, prompt=no_prompt)


GRANT = {
    "client_id": "client.apps.example",
    "client_secret": "not-so-secret",
    "token_uri": "https://oauth2.example/token",
    "auth_uri": "https://accounts.example/o/oauth2/auth",
    "refresh_token": "1//refresh",
}


def test_the_google_sign_in_is_kept_in_the_keyring_and_only_there(
    memory: MemoryKeyring, config_home: Path
) -> None:
    config_home.mkdir(parents=True)
    (config_home / "google-grant.json").write_text("{}")  # an earlier copy, without a keyring
    assert oauth.save_grant(GRANT) == "the system keyring"
    assert list(memory.entries) == [("followcal", "google-oauth-grant")]
    assert not (config_home / "google-grant.json").exists()
    assert oauth.load_grant() == GRANT


def test_without_a_working_keyring_the_sign_in_goes_to_a_private_file(
    failing: None, config_home: Path
) -> None:
    old_umask = os.umask(0o022)
    try:
        where = oauth.save_grant(GRANT)
    finally:
        os.umask(old_umask)
    path = config_home / "google-grant.json"
    assert where == str(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert oauth.load_grant() == GRANT


def test_one_module_talks_to_the_keyring() -> None:
    # One reader, one service name: credentials and oauth ask followcal.secret_store.
    talking = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name.split(".")[0] == "keyring" for name in names):
                talking.add(path.relative_to(PACKAGE).as_posix())
    assert talking == {"secret_store.py"}
    spelled = [
        path.name
        for path in PACKAGE.rglob("*.py")
        if 'SERVICE = "followcal"' in path.read_text(encoding="utf-8")
        or 'KEYRING_SERVICE = "followcal"' in path.read_text(encoding="utf-8")
    ]
    assert spelled == ["secret_store.py"]
