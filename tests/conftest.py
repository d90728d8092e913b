from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

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
settings.load_profile("ci" if os.environ.get("CI") else "dev")


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
    return folder
