"""The user's config file: defaults for options, the candidate's details, sync settings.

It lives in the platform's config folder (platformdirs), or where FOLLOWCAL_CONFIG points.
A missing file is fine; a broken one is an error naming the key.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from followcal.dates import DATE_FORMATS, parse_clock
from followcal.errors import ConfigError
from followcal.fileio import UnreadableInput, read_input
from followcal.limits import TomlProblem, load_toml
from followcal.model import CANDIDATE_FIELDS, Candidate
from followcal.text import control_character_problem, suggest

SETTINGS = (
    "timezone", "profile", "business_time", "holidays", "calendar_name", "interviews_file",
    "business_hours", "waking_hours", "date_format",
)  # fmt: skip
LIST_SETTINGS = ("quiet_periods",)
SYNC_SETTINGS = (
    "url", "username", "calendar", "password_command", "ca_bundle", "server",
    "oauth2_token_command",
)  # fmt: skip
MAIL_SETTINGS = (
    "imap", "maildir", "mbox", "username", "password_command", "oauth2_token_command",
    "sent_folder", "drafts_folder", "ca_bundle",
)  # fmt: skip
SECTIONS = ("candidate", "sync", "mail")
_SPAN = re.compile(r"^(([01]\d|2[0-3]):[0-5]\d)\s*-\s*(([01]\d|2[0-3]):[0-5]\d|24:00)$")

# Settings that may span lines; every other one is one line of text.
_MULTILINE = ("signature", "address")


@dataclass(frozen=True)
class Config:
    path: Path
    timezone: str | None = None
    profile: str | None = None
    business_time: str | None = None
    holidays: str | None = None
    calendar_name: str | None = None
    interviews_file: str | None = None
    business_hours: str | None = None  # "09:00-17:00", the company's zone
    waking_hours: str | None = None  # "07:00-22:00", the candidate's zone
    quiet_periods: tuple[str, ...] | None = None  # ("12-24..01-01",); () for none
    date_format: str | None = None  # how a spreadsheet's 1/2/2026 reads: "DD/MM/YYYY"
    candidate: Candidate | None = None
    sync: dict[str, str] = field(default_factory=dict)
    mail: dict[str, str] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def templates_folder(self) -> Path:
        return self.folder / "templates"

    @property
    def profiles_folder(self) -> Path:
        return self.folder / "profiles"


def config_path() -> Path:
    explicit = os.environ.get("FOLLOWCAL_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("followcal")) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        text = read_input(path).decode("utf-8-sig")
    except FileNotFoundError:
        return Config(path)
    except (UnreadableInput, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the config file: {err}") from None
    try:
        document = load_toml(text)
    except TomlProblem as err:
        raise ConfigError(f"{path}: {err}") from None
    return _parse(path, document)


def _parse(path: Path, document: dict[str, Any]) -> Config:
    problems: list[str] = []
    top_level = {
        key: value
        for key, value in document.items()
        if key not in SECTIONS and key not in LIST_SETTINGS
    }
    settings = _text_values(top_level, SETTINGS, "", problems, also_known=SECTIONS + LIST_SETTINGS)
    if "business_time" in settings:
        try:
            parse_clock(settings["business_time"])
        except ValueError:
            problems.append("'business_time' must be a time like 09:30")
    for key in ("business_hours", "waking_hours"):
        if key in settings:
            try:
                parse_span(settings[key])
            except ValueError as err:
                problems.append(f"'{key}': {err}")
    quiet = _quiet_periods(document.get("quiet_periods"), problems)
    if "date_format" in settings:
        settings["date_format"] = settings["date_format"].strip().upper()
        if settings["date_format"] not in DATE_FORMATS:
            problems.append('\'date_format\' must be "DD/MM/YYYY" or "MM/DD/YYYY"')
    candidate = _section(document, "candidate", CANDIDATE_FIELDS, problems)
    _check_candidate(settings, candidate, problems)
    if candidate.get("language"):
        from followcal.languages import language_problem

        candidate["language"] = candidate["language"].strip().lower()
        if why := language_problem(candidate["language"]):
            problems.append(f"'candidate.language': {why}")
    sync = _secret_free_section(
        document, "sync", SYNC_SETTINGS, "FOLLOWCAL_PASSWORD, the keyring or password_command",
        problems,
    )  # fmt: skip
    mail = _secret_free_section(
        document, "mail", MAIL_SETTINGS,
        "FOLLOWCAL_IMAP_PASSWORD, the keyring, password_command or oauth2_token_command",
        problems,
    )  # fmt: skip
    _refuse_commands_others_can_change(path, sync, mail, problems)
    if problems:
        raise ConfigError("\n".join(f"{path}: {problem}" for problem in problems))
    return Config(
        path,
        quiet_periods=quiet,
        candidate=Candidate(**candidate) if candidate else None,
        sync=sync,
        mail=mail,
        **settings,
    )


def _check_candidate(
    settings: dict[str, str], candidate: dict[str, str], problems: list[str]
) -> None:
    """The candidate's address, and every zone the config names (a place, not EST)."""
    if candidate.get("email"):
        from followcal.addresses import email_problem

        if why := email_problem(candidate["email"].strip()):
            problems.append(f"'candidate.email': {why}")
    for key, zone in (
        ("timezone", settings.get("timezone")),
        ("candidate.timezone", candidate.get("timezone")),
    ):
        if zone:
            from followcal.timezones import resolve_zone

            try:
                resolve_zone(zone)
            except ValueError as err:
                problems.append(f"'{key}': {err}")


def _refuse_commands_others_can_change(
    path: Path, sync: dict[str, str], mail: dict[str, str], problems: list[str]
) -> None:
    """A command named in a file others can write would run what they chose (ssh's rule)."""
    commands = [f"{section}.{key}" for section, table in (("sync", sync), ("mail", mail))
                for key in table if key.endswith("_command")]  # fmt: skip
    if commands:
        from followcal.trust import writable_by_others

        if why := writable_by_others(path):
            problems.append(
                f"{why}, and it names a command to run ({', '.join(commands)}): followcal "
                f"runs no command from a file others can change. Make it yours alone: "
                f"chmod go-w '{path}'"
            )


def _secret_free_section(
    document: dict[str, Any],
    name: str,
    allowed: tuple[str, ...],
    instead: str,
    problems: list[str],
) -> dict[str, str]:
    """A section that must never hold a password (a config file is no place for one)."""
    raw = document.get(name, {})
    if isinstance(raw, dict) and "password" in raw:
        problems.append(f"[{name}] must not hold a password: use {instead}")
        raw = {key: value for key, value in raw.items() if key != "password"}
    return _section({name: raw}, name, allowed, problems)


def _section(
    document: dict[str, Any], name: str, allowed: tuple[str, ...], problems: list[str]
) -> dict[str, str]:
    raw = document.get(name, {})
    if not isinstance(raw, dict):
        problems.append(f"[{name}] must be a table")
        return {}
    return _text_values(raw, allowed, f"{name}.", problems)


def _text_values(
    raw: dict[str, Any],
    allowed: tuple[str, ...],
    prefix: str,
    problems: list[str],
    also_known: tuple[str, ...] = (),
) -> dict[str, str]:
    """The known keys of one table, each checked to be text; the rest become problems."""
    values = {}
    for key, value in raw.items():
        if key not in allowed:
            near = suggest(key, allowed + also_known)
            problems.append(f"unknown setting '{prefix}{key}'{near}")
        elif not isinstance(value, str):
            problems.append(f"'{prefix}{key}' must be text")
        elif key not in _MULTILINE and (control := control_character_problem(value)):
            problems.append(f"'{prefix}{key}' {control}")
        else:
            values[key] = value
    return values


def parse_span(text: str) -> tuple[time, time]:
    """'09:00-17:00' -> (09:00, 17:00); the end must come after the start."""
    match = _SPAN.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a span of the day like 09:00-17:00")
    start = parse_clock(match.group(1))
    end = (
        time.max.replace(microsecond=0)
        if match.group(3) == "24:00"
        else parse_clock(match.group(3))
    )
    if end <= start:
        raise ValueError(f"'{text}' ends before it starts; write it like 07:00-22:00")
    return start, end


def _quiet_periods(raw: object, problems: list[str]) -> tuple[str, ...] | None:
    """`quiet_periods = ["12-24..01-01", "08-01..08-15"]`; [] turns them off."""
    from followcal.daysoff import QuietPeriod

    if raw is None:
        return None
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        problems.append("'quiet_periods' must be a list like [\"12-24..01-01\"]")
        return None
    for item in raw:
        try:
            QuietPeriod.parse(item)
        except ValueError as err:
            problems.append(f"'quiet_periods': {err}")
    return tuple(raw)
