"""Small builders shared by the tests: real profiles, real entries, no mocks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from followcal.model import Action, Contact, Interview
from followcal.planning import PlanSettings, plan
from followcal.profiles import ProfileLibrary

if TYPE_CHECKING:
    from click.testing import Result

DANA = Contact("Dana Smith", "Engineering Manager", "dana@acme.example", "+1 212 555 0142")
LEE = Contact("Lee Park", "Senior Engineer", "lee@acme.example", "+1 212 555 0143")
LIBRARY = ProfileLibrary(None)
EARLY = datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC"))
# One interview with one contact, as an interviews file holds it.
HARBOR_BANK = """
[[interview]]
id = "bank"
company = "Harbor Bank"
role = "Data Engineer"
date = 2026-11-20T14:00:00
timezone = "America/New_York"

[[interview.contacts]]
name = "Dana Smith"
email = "dana@harbor.example"
"""


def interview(
    when: str = "2026-11-17T14:00",
    zone: str = "America/New_York",
    contacts: tuple[Contact, ...] = (DANA, LEE),
    **fields: object,
) -> Interview:
    values: dict[str, object] = {
        "id": "acme",
        "company": "Acme Corp",
        "role": "Backend Engineer",
        "start": datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(zone)),
        "timezone": zone,
        "contacts": contacts,
        "source": "test.toml",
    }
    values.update(fields)
    return Interview(**values)  # type: ignore[arg-type]


def plan_for(
    *interviews: Interview, profile: str = "standard", now: datetime = EARLY, **settings: object
) -> list[Action]:
    chosen = {i.id: LIBRARY.get(i.profile or profile) for i in interviews}
    return plan(interviews, lambda i: chosen[i.id], PlanSettings(now=now, **settings))  # type: ignore[arg-type]


def files_in(folder: Path) -> list[str]:
    """The names in a folder, sorted, without the edit lock (it stays there, empty, by design)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".followcal.lock"))


def local(action: Action) -> str:
    """'2026-11-18 Wed 09:30' in the interview's zone: easy to compare against an article."""
    return f"{action.start:%Y-%m-%d %a %H:%M}"


def days_after(action: Action, day: date) -> int:
    return (action.start.date() - day).days


def steps(actions: list[Action]) -> list[tuple[str, str, str, str]]:
    """(step id, channel, contacts, local time) for compact assertions."""
    return [
        (a.step.id, a.step.channel, "+".join(c.name.split()[0] for c in a.contacts), local(a))
        for a in actions
    ]


__all__ = [
    "DANA", "LEE", "days_after", "files_in", "interview", "invoke", "local", "plan_for", "steps",
    "timedelta", "write_interviews",
]  # fmt: skip


def whole_calendar(*args: Any, **kwargs: Any) -> bytes:
    """The calendar file generate writes (`calendar_chunks`), as one piece."""
    from followcal.calendar import calendar_chunks

    return b"".join(calendar_chunks(*args, **kwargs))


def write_interviews(folder: Path, text: str) -> Path:
    """`text` written as `folder/interviews.toml`, the file the CLI finds there by default."""
    path = folder / "interviews.toml"
    path.write_text(text)
    return path


def invoke(args: Sequence[str], **options: Any) -> Result:
    """The real `followcal` through Click's runner; `options` as `CliRunner.invoke` takes them
    (input, env, catch_exceptions, prog_name)."""
    from click.testing import CliRunner

    from followcal.cli import main

    return CliRunner().invoke(main, list(args), **options)
