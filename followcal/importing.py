"""A spreadsheet's interviews written as a commented interviews file (`followcal import`).

A spreadsheet can be read but not edited in place (its layout is the spreadsheet
program's), so people who track interviews in one import it once and record what happens
in the TOML file from then on.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from followcal.editing import key_lines
from followcal.regions import zone_region

if TYPE_CHECKING:
    from collections.abc import Sequence

    from followcal.model import Interview

# Interview fields that are not written as such: derived, or written another way.
_NOT_WRITTEN = {"id", "company", "role", "start", "timezone", "contacts", "source", "sent",
                "sent_to"}  # fmt: skip


def interviews_toml(interviews: Sequence[Interview], source: str, today: date) -> str:
    """The text of an interviews file holding these interviews, with explaining comments."""
    lines = [
        f"# Interviews for followcal, imported from {source} on {today.isoformat()}.",
        "# Keep this file from now on: the spreadsheet is not read again. Record what happens",
        "# with 'followcal sent ID STEP', 'followcal status ID STATE' and 'followcal offer ID';",
        "# they change only the values they record and keep your comments and layout.",
        "# 'followcal init' writes a commented example of every field.",
    ]
    for interview in interviews:
        lines += ["", f"# {interview.company}: {interview.role}", "[[interview]]"]
        lines += key_lines(_fields(interview))
        for contact in interview.contacts:
            values = {k: v for k, v in dataclasses.asdict(contact).items() if v is not None}
            lines += ["", "[[interview.contacts]]", *key_lines(values)]
    return "\n".join(lines) + "\n"


def _fields(interview: Interview) -> dict[str, object]:
    """The values a person would have written: the id (kept stable), then every field
    that differs from its default."""
    values: dict[str, object] = {
        "id": interview.id,
        "company": interview.company,
        "role": interview.role,
        "date": interview.start.replace(tzinfo=None),
        "timezone": interview.timezone,
    }
    for field in dataclasses.fields(interview):
        if field.name in _NOT_WRITTEN:
            continue
        value = getattr(interview, field.name)
        if field.default is not dataclasses.MISSING and value == field.default:
            continue
        if field.name == "country" and value == zone_region(interview.timezone):
            continue  # follows from the time zone: writing it would only repeat it
        if isinstance(value, timedelta):
            value = int(value.total_seconds() // 60)
        if isinstance(value, datetime | date | str | bool | int | tuple):
            values[field.name] = value
    return values
