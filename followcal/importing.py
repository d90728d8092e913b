"""A spreadsheet's interviews written as a commented interviews file (`followcal import`).

A spreadsheet can be read but not edited in place (its layout is the spreadsheet
program's), so people who track interviews in one import it once and record what happens
in the TOML file from then on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from followcal.editing import key_lines
from followcal.regions import zone_region

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from followcal.model import Interview

# Interview fields that are not written as such: derived, or written another way.
_NOT_WRITTEN = {"id", "company", "role", "start", "timezone", "contacts", "source", "sent",
                "sent_to"}  # fmt: skip


# What the interviews file records of what happened since: the spreadsheet never holds these
# (it is not read again after an import), so a re-import keeps the file's.
RECORDED = (
    "status", "status_date", "sent", "mail_seen", "back_on", "offer_deadline", "offer_written",
    "accepted_elsewhere",
)  # fmt: skip


def interviews_toml(
    interviews: Sequence[Interview],
    source: str,
    today: date,
    recorded: Mapping[str, Mapping[str, Any]] | None = None,
    candidate: Mapping[str, Any] | None = None,
) -> str:
    """The text of an interviews file holding these interviews, with explaining comments.

    `recorded` gives, by interview id, the values of RECORDED as the earlier file wrote
    them; `candidate` its [candidate] table. Both are written as they were."""
    recorded = recorded or {}
    lines = [
        f"# Interviews for followcal, imported from {source} on {today.isoformat()}.",
        "# Keep this file from now on: the spreadsheet is not read again. Record what happens",
        "# with 'followcal sent ID STEP', 'followcal status ID STATE' and 'followcal offer ID';",
        "# they change only the values they record and keep your comments and layout.",
        "# 'followcal init' writes a commented example of every field.",
    ]
    if candidate:
        lines += ["", "[candidate]", *key_lines(dict(candidate))]
    for interview in interviews:
        lines += ["", f"# {interview.company}: {interview.role}", "[[interview]]"]
        fields = _fields(interview)
        kept = recorded.get(interview.id, {})
        for key in kept:
            fields.pop(key, None)  # the file's record wins over the sheet's word
        fields.update({key: kept[key] for key in RECORDED if key in kept and key != "sent"})
        lines += key_lines(fields)
        if "sent" in kept:
            lines.append(f"sent = {_inline(kept['sent'])}")
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


def _inline(table: Mapping[str, Any]) -> str:
    """A `sent` table as the file had it, as one inline table."""
    import tomlkit

    inline = tomlkit.inline_table()
    for key, value in table.items():
        if isinstance(value, Mapping):
            inner = tomlkit.inline_table()
            inner.update(value)
            inline[key] = inner
        else:
            inline[key] = value
    return str(inline.as_string())


# -- re-importing over a file that records what happened --------------------------------


@dataclass(frozen=True)
class Merge:
    """A re-import: the file to write, and what it changes, company by company."""

    text: str
    changes: list[str] = dataclasses.field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.changes)


def merge_import(
    imported: Sequence[Interview],
    existing: Sequence[Interview],
    existing_raw: Sequence[Mapping[str, Any]],
    candidate: Mapping[str, Any] | None,
    source: str,
    today: date,
) -> Merge:
    """The sheet's interviews merged into an interviews file that was written before.

    The sheet gives the details (date, role, contacts, notes); the file keeps what it
    recorded since (RECORDED: sent, status, mail seen, offers), which a sheet never holds.
    An interview the file has and the sheet no longer has is kept as the file has it: its
    history would be lost otherwise. `existing_raw` is the file's [[interview]] tables, in
    the order of `existing`."""
    by_id = {old.id: (old, raw) for old, raw in zip(existing, existing_raw, strict=True)}
    by_key = {_key(old): (old, raw) for old, raw in zip(existing, existing_raw, strict=True)}
    written: list[Interview] = []
    recorded: dict[str, dict[str, Any]] = {}
    changes: list[str] = []
    matched: set[str] = set()
    for new in imported:
        found = by_id.get(new.id) or by_key.get(_key(new))
        if found is None:
            changes.append(f"{new.company} ({new.id}): new, {new.role} on {_shown(new.start)}")
            written.append(new)
            continue
        old, raw = found
        matched.add(old.id)
        new = dataclasses.replace(new, id=old.id)  # the id people have been typing
        written.append(new)
        recorded[new.id] = {key: raw[key] for key in RECORDED if key in raw}
        changes.extend(f"{new.company} ({new.id}): {change}" for change in _differences(old, new))
        if kept := _kept(old, new, raw):
            changes.append(f"{new.company} ({new.id}): keeps what the file recorded: {kept}")
    for old, raw in zip(existing, existing_raw, strict=True):
        if old.id not in matched:
            written.append(old)
            recorded[old.id] = {key: raw[key] for key in RECORDED if key in raw}
            if any(key in raw for key in RECORDED):
                changes.append(
                    f"{old.company} ({old.id}): not in the sheet; kept, with what it recorded"
                )
    return Merge(interviews_toml(written, source, today, recorded, candidate), changes)


def _key(interview: Interview) -> tuple[str, str, date]:
    return (interview.company.casefold(), interview.role.casefold(), interview.start.date())


def _shown(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} ({moment.tzinfo})"


def _differences(old: Interview, new: Interview) -> list[str]:
    """What the sheet changes of the details, in words."""
    found = []
    if old.start != new.start or old.timezone != new.timezone:
        found.append(f"date {_shown(old.start)} -> {_shown(new.start)}")
    for name in ("role", "decision_by", "notes", "topic", "profile", "channel"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            found.append(f"{name} {before or '(none)'} -> {after or '(none)'}")
    people_before = [f"{c.name} <{c.email or c.phone or ''}>" for c in old.contacts]
    people_after = [f"{c.name} <{c.email or c.phone or ''}>" for c in new.contacts]
    if people_before != people_after:
        found.append(f"contacts {', '.join(people_before)} -> {', '.join(people_after)}")
    return found


def _kept(old: Interview, new: Interview, raw: Mapping[str, Any]) -> str:
    """The recorded history kept, said briefly; where the sheet said otherwise, both."""
    parts = []
    if "status" in raw:
        said = f" (the sheet says {new.status})" if new.status != old.status else ""
        parts.append(f"status {old.status}{said}")
    done = sorted({*old.sent, *old.sent_to})
    if done:
        parts.append(f"sent {', '.join(done)}")
    if old.offer_deadline:
        parts.append(f"offer deadline {old.offer_deadline}")
    if old.mail_seen:
        parts.append(f"{len(old.mail_seen)} message(s) from the mailbox")
    return "; ".join(parts)


def reimport(
    path: Path, imported: Sequence[Interview], default_zone: str, source: str, today: date
) -> Merge:
    """`import --force` over ``path``: the merge of the sheet into what the file holds.

    Raises InputError when the file cannot be read as an interviews file: a file whose
    history we cannot read is one we cannot keep, so it is never replaced."""
    import tomllib

    from followcal.entries import load_entries
    from followcal.errors import InputError, Problem
    from followcal.fileio import read_input

    try:
        document = tomllib.loads(read_input(path).decode("utf-8-sig"))
    except (OSError, ValueError) as err:  # UnicodeDecodeError and TOMLDecodeError too
        raise InputError(
            [Problem(str(path), f"cannot read it as an interviews file, so it is kept: {err}")]
        ) from None
    raw = [table for table in document.get("interview", []) if isinstance(table, dict)]
    # A file of comments only records nothing; any interview in it must read, or it stays.
    existing = load_entries((path,), default_zone).interviews if raw else ()
    candidate = document.get("candidate")
    return merge_import(
        imported, existing, raw, candidate if isinstance(candidate, dict) else None, source, today
    )
