"""The system keyring (the optional `keyring` package), under followcal's one service name.

The CalDAV and mail passwords (`credentials`) and the Google sign-in (`oauth`) are kept
there as entries of the service "followcal". Any failure (the package not installed, no
usable backend, a locked keyring, D-Bus down) reads as "not there" or "not kept": the
caller then asks, or falls back to a private file. The value is never put in an error.
"""

from __future__ import annotations

SERVICE = "followcal"


def lookup(entry: str) -> str | None:
    """The value kept under `entry`, or None when there is none (or no keyring to ask)."""
    try:
        import keyring

        value = keyring.get_password(SERVICE, entry)
    except Exception:  # no package, no backend, locked: "not there"
        return None
    return value if isinstance(value, str) and value else None


def keep(entry: str, value: str) -> bool:
    """Keep `value` under `entry`; False when there is no keyring that would take it."""
    try:
        import keyring

        keyring.set_password(SERVICE, entry, value)
    except Exception:  # no package or no usable backend: the caller's fallback instead
        return False
    return True
