from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# The real servers' fixtures, registered once for every test module (a test asks for
# `radicale`, `xandikos`, `dav`/`dav_server` (each server kind), `dovecot` or `dovecot_tls`).
pytest_plugins = [
    "tests.radicale_server",
    "tests.xandikos_server",
    "tests.dav_servers",
    "tests.dovecot_server",
]
# A test that asks for one of these starts a server: marked `server`, so that
# `make test-fast` (-m "not server") leaves it out. Tests that start one themselves, or
# node's ical.js, carry the mark in their module.
SERVER_FIXTURES = frozenset({"radicale", "xandikos", "dav_server", "dav", "dovecot", "dovecot_tls"})

# More examples in CI, where time is cheaper than a missed bug: at least 1,000 per property,
# so each example must stay cheap (milliseconds). The dev profile keeps local runs quick.
settings.register_profile(
    "ci",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Exactly "true", as CI services set it and .ci/run does: CI=false or CI=0 is a local run.
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)


@pytest.fixture
def http_log(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, dict[str, str]]]:
    """Every HTTP request sync's session is asked to send: (method, url, headers)."""
    from followcal.sync.transport import BoundedSession

    log: list[tuple[str, str, dict[str, str]]] = []
    original = BoundedSession.request

    def counting(
        self: Any, method: str, url: str, data: Any = None, headers: Any = None, **kw: Any
    ):
        log.append((method, str(url), dict(headers or {})))
        return original(self, method, url, data, headers, **kw)

    monkeypatch.setattr(BoundedSession, "request", counting)
    return log


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory, monkeypatch):
    """No test reads the developer's own config, keyring password or FOLLOWCAL_* settings."""
    for name in list(os.environ):
        if name.startswith("FOLLOWCAL_"):
            monkeypatch.delenv(name)
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("FOLLOWCAL_CONFIG", str(folder / "config.toml"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "cache"))  # the saved public holidays
    monkeypatch.setenv("XDG_STATE_HOME", str(folder / "state"))  # what sync remembers
    monkeypatch.setenv("TZ", "UTC")
    # keyring's backend that holds nothing; tests of the keyring path set their own in memory
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    return folder
