"""Shell completion of the names people type: interview ids, step ids, profiles and zones.

Click calls these while the shell asks (`_FOLLOWCAL_COMPLETE=bash_source followcal`, see the
README's "Shell completion"). Each reads as little as it can and never fails: a broken file
or a missing one simply completes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

__all__ = ["complete_ids", "complete_profiles", "complete_steps", "complete_zones"]


def _file(ctx: click.Context) -> Path:
    given = ctx.params.get("file")
    if isinstance(given, Path):
        return given
    files = ctx.params.get("files")
    if files:
        return Path(files[0])
    from followcal.config import load_config
    from followcal.pipeline import default_inputs

    return default_inputs(load_config())[0]


def _interviews(ctx: click.Context) -> list[Any]:
    from followcal.entries import load_entries
    from followcal.timezones import system_zone_name

    try:
        return list(load_entries((_file(ctx),), system_zone_name()).interviews)
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return [
        CompletionItem(i.id, help=f"{i.company}: {i.role}")
        for i in _interviews(ctx)
        if i.id.startswith(incomplete)
    ]


def complete_steps(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from followcal.config import load_config
    from followcal.profiles import ProfileLibrary

    wanted = ctx.params.get("interview_id") or ""
    try:
        library = ProfileLibrary(load_config().profiles_folder)
        steps: dict[str, str] = {}
        for interview in _interviews(ctx):
            if interview.id.startswith(wanted):
                for step in library.get(interview.profile or "standard").steps:
                    steps.setdefault(step.id, step.kind)
    except Exception:
        return []
    return [CompletionItem(s, help=kind) for s, kind in steps.items() if s.startswith(incomplete)]


def complete_profiles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from followcal.config import load_config
    from followcal.profiles import available

    try:
        infos = available(load_config().profiles_folder)
    except Exception:
        return []
    return [CompletionItem(i.name, help=i.title) for i in infos if i.name.startswith(incomplete)]


def complete_zones(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """IANA zones of places, matched case-blind by their start or their city's."""
    from followcal.timezones import known_place_zones

    typed = incomplete.casefold()
    return [
        CompletionItem(zone)
        for zone in known_place_zones()
        if zone.casefold().startswith(typed)
        or zone.rsplit("/", 1)[-1].casefold().startswith(typed.replace(" ", "_"))
    ]
