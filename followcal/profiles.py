"""Cadence profiles: TOML data files describing which steps to take and when.

Built-in profiles ship in `profiles/` (inside the package once installed); a user's own
live in the config folder's `profiles/` and win over built-ins of the same name; a path
to a .toml file works too. Every field is checked, and problems name file, step and field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from followcal.errors import ProfileError
from followcal.fileio import UnreadableInput, read_input
from followcal.limits import (
    MAX_DAYS,
    MAX_FOLLOW_UPS,
    MAX_HOURS,
    MAX_MINUTES,
    TomlProblem,
    load_toml,
)
from followcal.model import CHANNELS, RECIPIENTS, STEP_KINDS, Profile, Step, Timing
from followcal.text import control_character_problem, suggest

DEFAULT_PROFILE = "standard"

TIMING_FIELDS = ("after_decision", "after_interview", "after_previous")
PROFILE_KEYS = ("name", "title", "description", "limits", "step", "no_contact")
STEP_KEYS = tuple(f.name for f in fields(Step))
# What an entry's `traditional = true` may change in a step.
TRADITIONAL_KEYS = ("channel", "template", "time", "within_hours", "weekdays_only", *TIMING_FIELDS)


def builtin_folder() -> Path:
    """The built-in profiles: inside the installed package, or at the top of a checkout."""
    packaged = Path(__file__).parent / "profiles"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "profiles"


@dataclass(frozen=True)
class ProfileInfo:
    name: str
    title: str
    path: Path
    origin: str  # "built-in" or "user"


def available(user_folder: Path | None) -> list[ProfileInfo]:
    """Every profile by name; a user's file hides a built-in of the same name."""
    found: dict[str, ProfileInfo] = {}
    for origin, folder in (("built-in", builtin_folder()), ("user", user_folder)):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            found[path.stem] = ProfileInfo(path.stem, _peek_title(path), path, origin)
    return sorted(found.values(), key=lambda info: info.name)


def find(name_or_path: str, user_folder: Path | None) -> Path:
    candidate = Path(name_or_path).expanduser()
    if name_or_path.endswith(".toml") or "/" in name_or_path:
        if candidate.is_file():
            return candidate
        raise ProfileError(f"profile file {name_or_path} does not exist")
    infos = {info.name: info for info in available(user_folder)}
    if name_or_path not in infos:
        raise ProfileError(
            f"unknown profile '{name_or_path}'{suggest(name_or_path, infos)}; "
            f"available: {', '.join(infos)}"
        )
    return infos[name_or_path].path


class ProfileLibrary:
    """Loads each profile once per run, by name or path."""

    def __init__(self, user_folder: Path | None) -> None:
        self.user_folder = user_folder
        self._loaded: dict[str, Profile] = {}

    def get(self, name_or_path: str) -> Profile:
        if name_or_path not in self._loaded:
            self._loaded[name_or_path] = load(find(name_or_path, self.user_folder))
        return self._loaded[name_or_path]


def _peek_title(path: Path) -> str:
    try:
        return str(load_toml(read_input(path).decode("utf-8")).get("title", ""))
    except (OSError, UnreadableInput, TomlProblem, UnicodeDecodeError):
        return "(unreadable)"


def load(path: Path) -> Profile:
    try:
        document = load_toml(read_input(path).decode("utf-8"))
    except (OSError, UnreadableInput, UnicodeDecodeError) as err:
        raise ProfileError(f"{path}: cannot read the profile: {err}") from None
    except TomlProblem as err:
        raise ProfileError(f"{path}: {err}") from None
    return _ProfileParser(path).parse(document)


class _ProfileParser:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.path}: {where}: {message}")

    def parse(self, document: dict[str, Any]) -> Profile:
        for key in document:
            if key not in PROFILE_KEYS:
                self.problem(key, f"unknown key{suggest(key, PROFILE_KEYS)}")
        raw_steps = document.get("step", [])
        if not isinstance(raw_steps, list) or not raw_steps:
            self.problem("step", "a profile needs at least one [[step]]")
            raw_steps = []
        steps = [self._step(f"step {i}", raw) for i, raw in enumerate(raw_steps, start=1)]
        ids = [step.id for step in steps if step]
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            self.problem(f"step '{duplicate}'", "step ids must be unique")
        raw_no_contact = document.get("no_contact", {"after_interview": {"days": 14}})
        if not isinstance(raw_no_contact, dict):
            self.problem("no_contact", "must be a table")
            raw_no_contact = {"after_interview": {"days": 14}}
        no_contact = self._step(
            "no_contact",
            {"id": "check-status", "kind": "check-status", "channel": "none", **raw_no_contact},
        )
        limits = document.get("limits", {})
        max_follow_ups = limits.get("max_follow_ups", 2) if isinstance(limits, dict) else None
        if not _whole(max_follow_ups, 0, MAX_FOLLOW_UPS):
            self.problem(
                "limits.max_follow_ups", f"must be a whole number from 0 to {MAX_FOLLOW_UPS}"
            )
        if self.problems:
            raise ProfileError("\n".join(self.problems))
        assert no_contact is not None and isinstance(max_follow_ups, int)
        return Profile(
            name=str(document.get("name", self.path.stem)),
            title=str(document.get("title", "")),
            description=str(document.get("description", "")).strip(),
            steps=tuple(step for step in steps if step),
            no_contact=no_contact,
            max_follow_ups=max_follow_ups,
            source=str(self.path),
        )

    def _step(self, where: str, raw: object) -> Step | None:
        if not isinstance(raw, dict):
            self.problem(where, "must be a table")
            return None
        before = len(self.problems)
        if isinstance(raw.get("id"), str):
            where = f"step '{raw['id']}'"
        for key in raw:
            if key not in STEP_KEYS:
                self.problem(where, f"unknown field '{key}'{suggest(key, STEP_KEYS)}")
        values = {key: raw[key] for key in raw if key in STEP_KEYS}
        for key in ("id", "kind", "channel"):
            if key not in values:
                self.problem(where, f"'{key}' is required")
        self._check_choice(where, values, "kind", STEP_KINDS)
        self._check_choice(where, values, "channel", CHANNELS)
        self._check_choice(where, values, "recipients", RECIPIENTS)
        for key in TIMING_FIELDS:
            if key in values:
                values[key] = self._timing(where, key, values[key])
        if not any(key in values for key in ("after_interview", "after_previous")):
            self.problem(where, "needs 'after_interview' or 'after_previous' (the fallback anchor)")
        self._check_values(where, values, "")
        if isinstance(values.get("avoid_days_after_interview"), list):
            values["avoid_days_after_interview"] = tuple(values["avoid_days_after_interview"])
        traditional = values.get("if_traditional", {})
        if not isinstance(traditional, dict):
            self.problem(where, "'if_traditional' must be a table")
        else:
            for key in traditional:
                if key not in TRADITIONAL_KEYS:
                    self.problem(where, f"if_traditional cannot change '{key}'")
            self._check_choice(where, traditional, "channel", CHANNELS, "if_traditional.")
            self._check_values(where, traditional, "if_traditional.")
            for key in TIMING_FIELDS:
                if key in traditional:
                    traditional[key] = self._timing(
                        where, f"if_traditional.{key}", traditional[key]
                    )
        if len(self.problems) > before:
            return None
        values.setdefault("template", _default_template(values["kind"]))
        try:
            return Step(**values)
        except TypeError as err:  # a wrong type that slipped past the checks above
            self.problem(where, str(err))
            return None

    def _check_choice(
        self,
        where: str,
        values: dict[str, Any],
        key: str,
        allowed: tuple[str, ...],
        prefix: str = "",
    ) -> None:
        if key in values and values[key] not in allowed:
            value = str(values[key])
            self.problem(
                where,
                f"'{prefix}{key}' must be one of {', '.join(allowed)}{suggest(value, allowed)}",
            )

    def _check_values(self, where: str, values: dict[str, Any], prefix: str) -> None:
        """Each value has its type and a sensible range, so no profile crashes the planner."""
        for key in ("id", "kind", "channel", "template", "recipients"):
            if key in values and not isinstance(values[key], str):
                self.problem(where, f"'{prefix}{key}' must be text")
            elif key in values and (control := control_character_problem(values[key])):
                self.problem(where, f"'{prefix}{key}' {control}")
        for key in ("use_follow_up_gap", "weekdays_only", "promises_call"):
            if key in values and not isinstance(values[key], bool):
                self.problem(where, f"'{prefix}{key}' must be true or false")
        for key, low, high in (
            ("within_hours", 1, MAX_HOURS),
            ("alarm_minutes", 0, MAX_MINUTES),
            ("duration_minutes", 1, MAX_MINUTES),
        ):
            if key in values and not _whole(values[key], low, high):
                self.problem(where, f"'{prefix}{key}' must be a whole number from {low} to {high}")
        if "time" in values:
            time_of_day = values["time"]
            if not isinstance(time_of_day, str) or (
                time_of_day not in ("business", "after-interview") and not _is_clock(time_of_day)
            ):
                self.problem(
                    where, f"'{prefix}time' must be 'business', 'after-interview' or HH:MM"
                )
        avoid = values.get("avoid_days_after_interview", [])
        if not isinstance(avoid, list) or not all(_whole(day, 0, MAX_DAYS) for day in avoid):
            self.problem(
                where,
                f"'{prefix}avoid_days_after_interview' must be a list of days from 0 to "
                f"{MAX_DAYS}, like [1, 2]",
            )

    def _timing(self, where: str, key: str, raw: object) -> Timing | None:
        example = "{ days = 3, window = [2, 9] }"
        if not isinstance(raw, dict) or not _whole(raw.get("days"), 0, MAX_DAYS):
            self.problem(
                where, f"'{key}' must be a table like {example}, days from 0 to {MAX_DAYS}"
            )
            return None
        for extra in raw:
            if extra not in ("days", "window"):
                self.problem(where, f"'{key}' has an unknown key '{extra}'")
                return None
        window = raw.get("window")
        if window is not None and not (
            isinstance(window, list)
            and len(window) == 2
            and all(_whole(day, 0, MAX_DAYS) for day in window)
            and window[0] <= raw["days"] <= window[1]
        ):
            self.problem(
                where, f"'{key}.window' must be [min, max] days around days, from 0 to {MAX_DAYS}"
            )
            return None
        return Timing(raw["days"], tuple(window) if window else None)


def _whole(value: object, low: int, high: int) -> bool:
    """A whole number (not true/false, not text) from low to high."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _default_template(kind: str) -> str:
    # follow-ups and calls get their number appended at planning time
    return {"call": "follow-up", "follow-up": "follow-up"}.get(kind, kind)


def template_name(step: Step, number: int) -> str:
    """The template file for a step: `<template>.<channel>.j2`, follow-ups numbered."""
    base = step.template
    if base == "follow-up":
        base = f"follow-up-{min(number, 3)}"
    return f"{base}.{step.channel}.j2"


def apply_traditional(step: Step) -> Step:
    return replace(step, **step.if_traditional) if step.if_traditional else step  # type: ignore[arg-type]


def _is_clock(text: str) -> bool:
    """The one clock reader's verdict (dates.parse_clock), as the config and options use."""
    from followcal.dates import parse_clock

    try:
        parse_clock(text)
    except ValueError:
        return False
    return True
