"""Reading interview entries from TOML or CSV files, checking every field on the way.

Every problem in every file is collected before anything is raised, so the user fixes
their file once instead of once per run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from followcal.dates import DATE_EXAMPLE, DATETIME_EXAMPLE, parse_date_text
from followcal.errors import InputError, Problem
from followcal.fileio import UnreadableInput, read_input
from followcal.ids import IdKey, derive_ids, slugify
from followcal.limits import (
    MAX_DAYS,
    MAX_DURATION_MINUTES,
    MAX_ROUNDS,
    TomlProblem,
    load_toml,
    year_problem,
)
from followcal.model import (
    CANDIDATE_FIELDS,
    ENTRY_CHANNELS,
    STATUSES,
    Candidate,
    Contact,
    Interview,
)
from followcal.regions import zone_region
from followcal.spreadsheet import (
    DATE_COLUMNS,
    SPREADSHEET_HINT,
    DateCell,
    day_first,
    decode,
    looks_like_a_spreadsheet,
    read_sheet,
    sheet_date,
)
from followcal.text import control_character_problem, suggest
from followcal.timezones import country_name, resolve_zone

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

# A word of the vocabulary in model.py (a status, a channel): `choice` returns its type.
Word = TypeVar("Word", bound=str)

INTERVIEW_FIELDS = (
    "id", "company", "role", "date", "timezone", "duration", "decision_by", "profile",
    "channel", "no_contact", "traditional", "notes", "mutual_connection", "status",
    "follow_up_gap_days", "round", "contacts", "sent", "status_date", "offer_deadline",
    "offer_written", "country", "accepted_elsewhere", "topic", "address", "back_on",
    "mail_seen", "language",
)  # fmt: skip
CONTACT_FIELDS = (
    "name", "title", "email", "phone", "salutation", "topic", "address", "recruiter_for",
    "language",
)  # fmt: skip
_MULTILINE_CONTACT_FIELDS = ("address",)
# What `followcal init` writes where it could not ask: drafts show them, and every command
# warns until they are replaced.
CANDIDATE_PLACEHOLDERS = {"name": "[Your name]", "email": "[your email]", "phone": "[your phone]"}
CSV_CONTACT_COLUMNS = {f"contact_{name}": name for name in CONTACT_FIELDS}
SHEET_SUFFIXES = (".csv", ".tsv")
# Fields a spreadsheet cannot hold: tables and lists that followcal's own commands write.
NOT_IN_SPREADSHEETS = frozenset({"contacts", "sent", "mail_seen"})
TOP_LEVEL_KEYS = ("interview", "candidate")

_COUNTRY = re.compile(r"^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$")
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,9}$")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}


@dataclass(frozen=True)
class Entries:
    interviews: tuple[Interview, ...]
    candidate: Candidate | None
    # Things that work but read oddly in a message (a topic written as a sentence): shown by
    # every command, and listed by `validate`.
    warnings: tuple[Problem, ...] = ()


def contact_value_problem(field: str, value: str, region: str | None) -> str | None:
    """Why a contact's `email` or `phone` is not valid (None when it is): the one check, for
    files and for `followcal add` as the value is typed. `region` is the country a phone
    number without a country code is dialled in."""
    if field == "language":
        from followcal.languages import language_problem

        return language_problem(value)
    if field == "email":
        from followcal.addresses import email_problem

        return email_problem(value)
    if field == "phone":
        from followcal.phones import parse_phone

        try:
            parse_phone(value, region)
        except ValueError as err:
            return str(err)
    return None


def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders become their *.toml and *.csv files, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() in (".toml", *SHEET_SUFFIXES))
            )
        else:
            files.append(path)
    return files


def is_spreadsheet(path: Path) -> bool:
    """CSV, TSV, or Excel's "Unicode text" (.txt): read as a spreadsheet, not as TOML."""
    return path.suffix.lower() in (*SHEET_SUFFIXES, ".txt")


def load_entries(
    paths: Sequence[Path],
    default_zone: str,
    date_format: str | None = None,
    check_profile: Callable[[str], str | None] | None = None,
    contents: Mapping[Path, bytes] | None = None,
    sheet_zones: Mapping[str, str] | None = None,
    zone_is_a_guess: bool = False,
) -> Entries:
    """Read and check every file; raise InputError listing all problems, or return entries.

    `date_format` ("DD/MM/YYYY" or "MM/DD/YYYY") says how to read a spreadsheet's `1/2/2026`;
    `check_profile` returns why a profile name is unknown, so that it is reported with
    every other problem of the entry. `contents` gives the bytes of some files instead of
    reading them: an edit is checked in memory before it is written, so no copy of the file
    ever lands elsewhere. `sheet_zones` gives the zone of each company (by its name, case
    ignored) whose spreadsheet rows name none, as a person answered when asked.
    `zone_is_a_guess`: `default_zone` is only this computer's (no --tz, no config
    `timezone`), so a spreadsheet row with no zone is refused, never guessed.
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    interviews: list[Interview] = []
    candidate: Candidate | None = None
    for path in paths:
        if path.is_dir() and not expand_inputs([path]):
            problems.append(Problem(str(path), "the folder holds no .toml or .csv file"))
    keys: list[IdKey] = []
    for path in expand_inputs(paths):
        reader = _FileReader(path, default_zone, date_format, check_profile, sheet_zones)
        reader.zone_is_a_guess = zone_is_a_guess
        found = reader.read((contents or {}).get(path))
        problems.extend(reader.problems)
        warnings.extend(reader.warnings)
        interviews.extend(interview for interview, _ in found)
        keys.extend(key for _, key in found)
        candidate = candidate or reader.candidate
    # Ids are derived over every interview read together: short where that is unique.
    interviews = [
        replace(interview, id=new_id or interview.id)
        for interview, new_id in zip(interviews, derive_ids(keys), strict=True)
    ]
    seen: dict[str, Interview] = {}
    for interview in interviews:
        if interview.id in seen:
            problems.append(
                Problem(
                    interview.source,
                    f"the id is also used by an entry in {seen[interview.id].source}; "
                    "ids must be unique",
                    entry=interview.id,
                    field="id",
                )
            )
        seen[interview.id] = interview
    if not paths:
        problems.append(Problem("(no input)", "no interview file given"))
    if problems:
        raise InputError(problems)
    return Entries(tuple(interviews), candidate, tuple(warnings))


def sheet_companies_without_zone(path: Path) -> list[str]:
    """The companies of a spreadsheet whose rows name no time zone, in order: the ones to
    ask about at a terminal. Empty for a file that cannot be read (reading it says why)."""
    known = (set(INTERVIEW_FIELDS) - NOT_IN_SPREADSHEETS) | set(CSV_CONTACT_COLUMNS) | {"time"}
    try:
        text, _ = decode(read_input(path))
    except (OSError, UnreadableInput, ValueError):
        return []
    companies: dict[str, str] = {}
    for _, cells in read_sheet(text, known).rows:
        company = cells.get("company", "").strip()
        if company and not cells.get("timezone", "").strip():
            companies.setdefault(company.casefold(), company)
    return list(companies.values())


class _FileReader:
    """Turns one file into interviews, noting problems instead of stopping at the first."""

    def __init__(
        self,
        path: Path,
        default_zone: str,
        date_format: str | None = None,
        check_profile: Callable[[str], str | None] | None = None,
        sheet_zones: Mapping[str, str] | None = None,
    ) -> None:
        self.path = path
        self.name = str(path)
        self.default_zone = default_zone
        self.date_format = date_format
        self.check_profile = check_profile
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.candidate: Candidate | None = None
        self.sheet_columns: dict[str, str] | None = None  # a spreadsheet's columns, by field
        self.sheet_zones = sheet_zones or {}
        self.zone_is_a_guess = False

    def problem(self, message: str, entry: str | None = None, field: str | None = None) -> None:
        if field is not None and self.sheet_columns is not None:
            message += _column_hint(self.sheet_columns, field, message)
        self.problems.append(Problem(self.name, message, entry=entry, field=field))

    def read(self, data: bytes | None = None) -> list[tuple[Interview, IdKey]]:
        text = self._read_text(data)
        if text is None:
            return []
        raw_entries = self._parse_csv(text) if is_spreadsheet(self.path) else self._parse_toml(text)
        interviews = []
        for label, raw in raw_entries:
            found = self._interview(label, raw)
            if found is not None:
                interviews.append(found)
        return interviews

    def _read_text(self, data: bytes | None) -> str | None:
        if data is None:
            try:
                data = read_input(self.path)
            except FileNotFoundError:
                self.problem("no such file")
                return None
            except UnreadableInput as err:
                self.problem(f"cannot read it: {err}")
                return None
        if is_spreadsheet(self.path):
            try:
                text, _ = decode(data)
            except ValueError as err:
                self.problem(str(err))
                return None
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.problem("not a UTF-8 text file (is it a binary or a spreadsheet file?)")
                return None
        if "\x00" in text:
            self.problem("not a text file: it contains NUL bytes")
            return None
        return text

    # -- formats ---------------------------------------------------------------------

    def _parse_toml(self, text: str) -> list[tuple[str, dict[str, Any]]]:
        try:
            document = load_toml(text)
        except TomlProblem as err:
            if looks_like_a_spreadsheet(text):
                self.problem(SPREADSHEET_HINT.format(path=self.path))
            else:
                self.problem(str(err))
            return []
        for key in document:
            if key not in TOP_LEVEL_KEYS:
                self.problem(f"unknown table '{key}'{suggest(key, TOP_LEVEL_KEYS)}", field=key)
        if "candidate" in document:
            self.candidate = self._candidate(document["candidate"])
        raw_interviews = document.get("interview", [])
        if not isinstance(raw_interviews, list) or not all(
            isinstance(item, dict) for item in raw_interviews
        ):
            self.problem("'interview' must be written as [[interview]] tables", field="interview")
            return []
        if not raw_interviews:
            self.problem(
                "no [[interview]] entries found: add one with 'followcal add', or copy the "
                "commented example"
            )
        return [(f"#{number}", raw) for number, raw in enumerate(raw_interviews, start=1)]

    def _parse_csv(self, text: str) -> list[tuple[str, dict[str, Any]]]:
        """Rows of a spreadsheet; rows that share an id (or company, role and date) are one
        interview, each adding a contact."""
        known = (set(INTERVIEW_FIELDS) - NOT_IN_SPREADSHEETS) | set(CSV_CONTACT_COLUMNS)
        sheet = read_sheet(text, known | {"time"})
        self.sheet_columns = sheet.columns
        for message in sheet.problems:
            self.problem(message)
        self.warnings.extend(Problem(self.name, note) for note in sheet.notes)
        self._read_sheet_dates(sheet.rows)
        _join_sheet_times(self, sheet.rows)
        rows = _sheet_statuses(self, sheet.rows)
        merged: dict[tuple[str, ...], tuple[str, dict[str, Any]]] = {}
        for row_number, cells in rows:
            interview = {k: v for k, v in cells.items() if k not in CSV_CONTACT_COLUMNS}
            interview = {k: v for k, v in interview.items() if v != ""}
            contact = {
                CSV_CONTACT_COLUMNS[k]: v for k, v in cells.items() if k in CSV_CONTACT_COLUMNS
            }
            contact = {k: v for k, v in contact.items() if v != ""}
            key = (
                ("id", str(interview["id"]))
                if "id" in interview
                else (
                    "company+role+date",
                    str(interview.get("company", "")).casefold(),
                    str(interview.get("role", "")).casefold(),
                    str(interview.get("date", "")),
                )
            )
            if key not in merged:
                merged[key] = (f"row {row_number}", {**interview, "contacts": []})
            if contact:
                merged[key][1]["contacts"].append(contact)
        _sheet_zones(self, merged.values())
        return list(merged.values())

    def _read_sheet_dates(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Turn the dates a spreadsheet shows (30/11/2026, 11/30/2026 2:00 PM, 30.11.2026,
        46356) into dates, in place; ISO text is left for the checker to read."""
        cells = [
            DateCell(number, name, str(values[name]))
            for number, values in rows
            for name in DATE_COLUMNS
            if values.get(name)
        ]
        is_day_first, problem = day_first(cells, self.date_format)
        if problem:
            # Read on in the likelier order anyway: the problem already stops the run, and
            # this keeps a second message per date from burying the one that explains it.
            self.problem(problem)
        orders = (is_day_first, not is_day_first) if problem else (is_day_first,)
        for _, values in rows:
            for name in DATE_COLUMNS:
                for order in orders:
                    try:
                        parsed = sheet_date(values[name], order) if values.get(name) else None
                    except ValueError:
                        continue  # 31/02/2026: left as text, the checker says it is no date
                    if parsed is not None:
                        values[name] = parsed
                    break

    # -- fields ----------------------------------------------------------------------

    def _candidate(self, raw: object) -> Candidate | None:
        if not isinstance(raw, dict):
            self.problem("[candidate] must be a table", field="candidate")
            return None
        values: dict[str, str | None] = {}
        for key, value in raw.items():
            if key not in CANDIDATE_FIELDS:
                self.problem(
                    f"unknown field '{key}'{suggest(key, CANDIDATE_FIELDS)}",
                    entry="[candidate]",
                    field=key,
                )
            elif not isinstance(value, str):
                self.problem("must be text", entry="[candidate]", field=key)
            elif key not in ("signature", "address") and (
                control := control_character_problem(value.strip())
            ):
                self.problem(control, entry="[candidate]", field=key)
            else:
                values[key] = _drop_controls(value).strip() or None
                if key == "language" and values[key]:
                    from followcal.languages import language_problem

                    values[key] = value.strip().lower()
                    if why := language_problem(value.strip().lower()):
                        self.problem(why, entry="[candidate]", field=key)
                if (
                    key == "email"
                    and values[key]
                    and values[key] != CANDIDATE_PLACEHOLDERS["email"]
                    and (why := contact_value_problem("email", str(values[key]), None))
                ):
                    self.problem(why, entry="[candidate]", field=key)
                if key == "timezone" and values[key]:
                    try:
                        resolve_zone(value)
                    except ValueError as err:
                        self.problem(str(err), entry="[candidate]", field=key)
                if values[key] == CANDIDATE_PLACEHOLDERS.get(key):
                    self.warnings.append(
                        Problem(
                            self.name,
                            f"still the placeholder that 'followcal init' wrote: put your {key} "
                            "here (drafts show the placeholder until you do)",
                            "[candidate]",
                            key,
                        )
                    )
        return Candidate(**values)

    def _interview(self, label: str, raw: dict[str, Any]) -> tuple[Interview, IdKey] | None:
        """The interview, with its explicit id or none yet, and what its id derives from."""
        before = len(self.problems)
        entry = _EntryChecker(self, label, raw)
        for key in raw:
            if key not in INTERVIEW_FIELDS:
                entry.problem(key, f"unknown field{suggest(key, INTERVIEW_FIELDS)}")

        company = entry.text("company", required=True)
        role = entry.text("role", required=True)
        zone_name = entry.text("timezone") or self.default_zone
        zone = _zone_of(entry, zone_name)
        start_local = entry.datetime_value("date", required=True)
        duration = entry.integer("duration", minimum=1, maximum=MAX_DURATION_MINUTES)
        decision_by = entry.date_value("decision_by")
        status = entry.choice("status", STATUSES) or "waiting"
        channel = entry.choice("channel", ENTRY_CHANNELS)
        # the entry's country, else its zone's (its region where the zone has one): the one
        # rule, also the region for phone numbers
        country = entry.country() or (zone_region(zone.key) if zone else None)
        contacts = entry.contacts(country.partition("-")[0] if country else None)
        if start_local and decision_by and decision_by < start_local.date():
            entry.problem(
                "decision_by",
                f"{decision_by.isoformat()} is before the interview "
                f"({start_local.date().isoformat()})",
            )
        interview_id = _checked_id(entry)
        fields = self._details(entry)
        fields["sent"], fields["sent_to"] = entry.sent(zone, contacts)
        if len(self.problems) > before or not (company and role and start_local and zone):
            return None
        if start_local.tzinfo is None:
            start = start_local.replace(tzinfo=zone)
        else:
            start = start_local.astimezone(zone)
        id_key = IdKey(interview_id, company, role, start_local.date())
        interview = Interview(
            id=interview_id or "",
            company=company,
            role=role,
            start=start,
            timezone=zone_name,
            country=country,
            contacts=tuple(contacts),
            source=self.name,
            duration=timedelta(minutes=duration) if duration else timedelta(hours=1),
            decision_by=decision_by,
            channel=channel,
            status=status,
            **fields,  # type: ignore[arg-type]
        )
        return interview, id_key

    def _details(self, entry: _EntryChecker) -> dict[str, object]:
        """The interview's optional fields, and what happened since (status, offer, mail)."""
        return dict(
            no_contact=entry.boolean("no_contact"),
            traditional=entry.boolean("traditional"),
            notes=entry.text("notes", multiline=True),
            topic=entry.topic("topic"),
            address=entry.address("address"),
            mutual_connection=entry.text("mutual_connection"),
            profile=self._profile(entry),
            follow_up_gap_days=entry.integer("follow_up_gap_days", minimum=1, maximum=MAX_DAYS),
            round=entry.integer("round", minimum=1, maximum=MAX_ROUNDS) or 1,
            status_date=entry.date_value("status_date"),
            offer_deadline=entry.date_value("offer_deadline"),
            offer_written=entry.boolean("offer_written"),
            back_on=entry.date_value("back_on"),
            language=_language(entry),
            mail_seen=entry.text_list("mail_seen"),
            accepted_elsewhere=entry.boolean("accepted_elsewhere"),
        )

    def _profile(self, entry: _EntryChecker) -> str | None:
        name = entry.text("profile")
        if name is not None and self.check_profile is not None:
            why = self.check_profile(name)
            if why is not None:
                entry.problem("profile", why)
        return name


def _zone_of(entry: _EntryChecker, zone_name: str) -> ZoneInfo | None:
    """The entry's time zone; None, with a problem, if there is no such zone."""
    try:
        return resolve_zone(zone_name)
    except ValueError as err:
        entry.problem("timezone", str(err))
        return None


def _checked_id(entry: _EntryChecker) -> str | None:
    """The entry's own id, if it gives one: a slug, or a problem saying what one looks like."""
    interview_id = entry.text("id")
    if interview_id is not None and slugify(interview_id) != interview_id:
        entry.problem(
            "id", f"use lower-case letters, digits and dashes, like '{slugify(interview_id)}'"
        )
    return interview_id


# -- spreadsheet rows: times, tracker statuses, zones, columns (for _FileReader) -------


def _column_hint(sheet_columns: Mapping[str, str], field: str, message: str) -> str:
    """Where a spreadsheet keeps ``field``: its column as the sheet shows it, or which
    column to add. A tracker's "Position" is followcal's role; say both."""
    column = field.removeprefix("contacts[").split("].")[-1] if "]." in field else field
    name = f"contact_{column}" if field.startswith("contacts[") else column
    if name in sheet_columns:
        shown = sheet_columns[name]
        # Named only where the sheet calls it something else ("Position" for role).
        typed = shown.split(", ", 1)[-1].strip("'")
        return "" if re.sub(r"[\s_\-]+", "_", typed.casefold()) == name else f" ({shown})"
    if message.endswith("is required"):
        return f" (the sheet has no {name} column: add one, headed '{name}')"
    return ""


def _join_sheet_times(reader: _FileReader, rows: list[tuple[int, dict[str, Any]]]) -> None:
    """A separate time column joins its row's date: 2026-11-20 and 14:00 are 14:00 on
    that day. Before, it was ignored, and every interview was at 09:00."""
    from followcal.spreadsheet import sheet_time

    for number, values in rows:
        text = str(values.pop("time", "") or "").strip()
        if not text:
            continue
        clock = sheet_time(text)
        day = values.get("date")
        if isinstance(day, str) and day.strip():
            try:
                day = parse_date_text(day)  # ISO text, which the sheet reader leaves
            except ValueError:
                continue  # the checker names the date that is none
        if clock is None:
            reader.problem(f"'{text}' is not a time like 14:00 or 2:00 PM", f"row {number}", "time")
        elif isinstance(day, datetime):
            if day.time() not in (clock, time(0, 0)):
                reader.problem(
                    f"the date says {day:%H:%M} and the time column {clock:%H:%M}: keep one",
                    f"row {number}",
                    "time",
                )
            values["date"] = datetime.combine(day.date(), clock)
        elif isinstance(day, date):
            values["date"] = datetime.combine(day, clock)


def _sheet_statuses(
    reader: _FileReader, rows: list[tuple[int, dict[str, Any]]]
) -> list[tuple[int, dict[str, Any]]]:
    """The trackers' status words as followcal's states (trackers.py); a row from before
    any interview (Wishlist, Applied) with no interview date is left out, with a note."""
    from followcal.trackers import PRE_INTERVIEW, STATUS_WORDS, UNCLEAR_STATUSES, status_key

    kept: list[tuple[int, dict[str, Any]]] = []
    skipped: list[str] = []
    for number, values in rows:
        raw = str(values.get("status") or "").strip()
        word = status_key(raw)
        if not word or word in STATUSES:
            kept.append((number, values))
            continue
        if word in PRE_INTERVIEW:
            if not values.get("date"):
                skipped.append(str(number))
                continue
            values["status"] = "waiting"
        elif word in STATUS_WORDS:
            values["status"] = STATUS_WORDS[word]
        elif word in UNCLEAR_STATUSES:
            reader.problem(f"'{raw}': {UNCLEAR_STATUSES[word]}", f"row {number}", "status")
            values.pop("status")
        elif word.replace(" ", "-") in STATUSES:
            values["status"] = word.replace(" ", "-")
        else:
            reader.problem(
                f"'{raw}' is not a status followcal knows: write Interviewing (for an "
                "interview with no answer yet), Heard back, Offer, Accepted, Rejected or "
                "Withdrawn",
                f"row {number}",
                "status",
            )
            values.pop("status")
        kept.append((number, values))
    if skipped:
        reader.warnings.append(
            Problem(
                reader.name,
                f"left out {len(skipped)} row(s) with no interview yet (no date, and a "
                f"status such as Applied): row(s) {', '.join(skipped)}",
            )
        )
    return kept


def _sheet_zones(reader: _FileReader, entries: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Every interview of a spreadsheet needs the company's zone: from its column, or as
    a person answered when asked (`sheet_zones`). Never the candidate's own by default:
    a Berlin call read on Toronto's clock rings six hours wrong."""
    missing: list[str] = []
    for label, values in entries:
        if str(values.get("timezone") or "").strip():
            continue
        company = str(values.get("company") or "").strip()
        answer = reader.sheet_zones.get(company.casefold())
        if answer:
            values["timezone"] = answer
        elif reader.zone_is_a_guess:
            missing.append(f"{label} ({company})" if company else label)
    if missing:
        hint = "add a column headed 'timezone'"
        if "timezone" in (reader.sheet_columns or {}):
            hint = f"fill in {reader.sheet_columns['timezone']}"  # type: ignore[index]
        reader.problem(
            f"no time zone for {', '.join(missing)}: {hint} with each company's zone "
            "(such as Europe/Berlin or America/New_York), pass --tz ZONE when every row "
            "shares one, or run 'followcal import' at a terminal to be asked. followcal "
            "does not guess it: a wrong zone moves every message by hours."
        )


class _EntryChecker:
    """Typed getters over one raw entry; each bad value becomes a Problem, not an exception."""

    def __init__(self, reader: _FileReader, label: str, raw: Mapping[str, Any]) -> None:
        self.reader = reader
        self.raw = raw
        name = raw.get("id") or raw.get("company")
        self.label = f"{label} ({name})" if isinstance(name, str) and name else label

    def problem(self, field: str, message: str) -> None:
        self.reader.problem(message, entry=self.label, field=field)

    def warning(self, field: str, message: str) -> None:
        self.reader.warnings.append(Problem(self.reader.name, message, self.label, field))

    def topic(self, field: str, value: str | None = None) -> str | None:
        """A phrase that completes "our conversation about ...": warn when it is not one."""
        if value is None:
            value = self.text(field)
        if value is None:
            return None
        topic = " ".join(value.split())
        advice = topic_advice(topic)
        if advice:
            self.warning(
                field,
                f'{advice}; a topic completes "our conversation about ...", like '
                f'topic = "{TOPIC_EXAMPLE}" (keep private remarks in `notes`)',
            )
        return topic

    def address(self, field: str, value: str | None = None) -> str | None:
        """A postal address: one line per line of the envelope, blank lines dropped."""
        if value is None:
            value = self.text(field, multiline=True)
        if value is None:
            return None
        lines = [" ".join(line.split()) for line in value.splitlines()]
        return "\n".join(line for line in lines if line) or None

    def _get(self, field: str, required: bool) -> Any:
        value = self.raw.get(field)
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                value = None
        if value is None and required:
            self.problem(field, "is required")
        return value

    def text(self, field: str, required: bool = False, multiline: bool = False) -> str | None:
        """Text; one line unless `multiline` (then line breaks and tabs stay, and other
        control characters, such as a CR from a Windows file, are dropped)."""
        value = self._get(field, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(field, f"must be text, not {_type_name(value)}")
            return None
        if multiline:
            return _drop_controls(value)
        # A control character in a name is a paste accident or an attack on a terminal.
        control = control_character_problem(value)
        if control:
            self.problem(field, control)
            return None
        return value

    def choice(self, field: str, allowed: Sequence[Word]) -> Word | None:
        """One of the vocabulary's words (`allowed`), in any case; None, with a problem, if
        it is none of them."""
        value = self.text(field)
        if value is None:
            return None
        normalized = value.lower()
        for word in allowed:
            if word == normalized:
                return word
        self.problem(
            field, f"'{value}' is not one of {', '.join(allowed)}{suggest(normalized, allowed)}"
        )
        return None

    def boolean(self, field: str) -> bool:
        value = self._get(field, False)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        self.problem(field, f"must be true or false, not {value!r}")
        return False

    def integer(self, field: str, minimum: int, maximum: int) -> int | None:
        value = self._get(field, False)
        if value is None:
            return None
        # Only ASCII digits: "²".isdigit() is true, and int("²") raises.
        if isinstance(value, str) and _WHOLE_NUMBER.match(value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(field, f"must be a whole number, not {value!r}")
            return None
        if not minimum <= value <= maximum:
            shown = value if abs(value) < 10**12 else f"{str(value)[:12]}..."
            self.problem(field, f"must be between {minimum} and {maximum}, not {shown}")
            return None
        return value

    def datetime_value(self, field: str, required: bool = False) -> datetime | None:
        """A local date-time; a bare date means the time is unknown and reads as 09:00."""
        value = self._parse_temporal(field, required)
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime.combine(value, time(9, 0))
        return None

    def text_list(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(field, "must be a list of text values")
            return ()
        return tuple(value)

    def date_value(self, field: str) -> date | None:
        value = self._parse_temporal(field, False)
        return value.date() if isinstance(value, datetime) else value

    def _parse_temporal(self, field: str, required: bool) -> date | None:
        value = self._temporal(field, required)
        if value is not None and (out_of_range := year_problem(value)):
            self.problem(field, out_of_range)
            return None
        return value

    def _temporal(self, field: str, required: bool) -> date | None:
        value = self._get(field, required)
        if value is None:
            return None
        if isinstance(value, datetime):
            # An explicit offset in the file wins over the zone: keep the wall time it means.
            return value.replace(tzinfo=None) if value.tzinfo is None else value
        if isinstance(value, date):
            return value
        if isinstance(value, time):
            self.problem(field, "needs a date, not only a time")
            return None
        if not isinstance(value, str):
            self.problem(field, f"must be a date like 2026-11-20, not {_type_name(value)}")
            return None
        return self._parse_date_text(field, value)

    def _parse_date_text(self, field: str, value: str) -> date | None:
        try:
            return parse_date_text(value)
        except ValueError:
            self.problem(
                field,
                f"'{value}' is not a valid date; write it like {DATE_EXAMPLE} or "
                f"{DATETIME_EXAMPLE}",
            )
            return None

    def country(self) -> str | None:
        """ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision: "DE", "US-CA"."""
        value = self.text("country")
        if value is None:
            return None
        code = value.strip().upper().replace("_", "-")
        match = _COUNTRY.match(code)
        if match is None or country_name(match.group(1)) is None:
            self.problem(
                "country",
                f"'{value}' is not a country code; use ISO 3166-1 like 'DE', or with a region "
                "like 'US-CA', 'DE-BY', 'GB-SCT'",
            )
            return None
        if match.group(2) and not _known_subdivision(match.group(1), match.group(2)):
            self.problem(
                "country",
                f"'{value}': {country_name(match.group(1))} has no region "
                f"'{match.group(2)}' that followcal knows for its public holidays",
            )
            return None
        return code

    def sent(
        self, zone: ZoneInfo | None, contacts: Sequence[Contact]
    ) -> tuple[dict[str, datetime], dict[str, dict[str, datetime]]]:
        """When each step was really done: for everyone, or person by person.

        `sent = { follow-up-1 = 2026-12-04T10:00:00, thank-you = { "Dana Smith" = ... } }`.
        The second map is keyed by step id, then by the contact's name, case-folded.
        """
        raw = self.raw.get("sent")
        if raw is None:
            return {}, {}
        if not isinstance(raw, dict):
            self.problem("sent", "must be a table of step id = date-time")
            return {}, {}
        names = {contact.name.casefold(): contact.name for contact in contacts}
        sent: dict[str, datetime] = {}
        sent_to: dict[str, dict[str, datetime]] = {}
        for step_id, value in raw.items():
            if isinstance(value, dict):
                people = sent_to.setdefault(str(step_id), {})
                for name, moment in value.items():
                    field = f"sent.{step_id}.{name}"
                    if str(name).casefold() not in names:
                        known = ", ".join(names.values()) or "none"
                        self.problem(field, f"'{name}' is not one of the contacts ({known})")
                        continue
                    when = self._sent_time(field, moment, zone)
                    if when is not None:
                        people[str(name).casefold()] = when
            else:
                when = self._sent_time(f"sent.{step_id}", value, zone)
                if when is not None:
                    sent[str(step_id)] = when
        return sent, {step: people for step, people in sent_to.items() if people}

    def _sent_time(self, field: str, value: object, zone: ZoneInfo | None) -> datetime | None:
        # A checker over just this value reuses the date parsing and error reporting.
        when = _EntryChecker(self.reader, self.label, {field: value})
        moment = when.datetime_value(field, required=True)
        if moment is None or zone is None:
            return None
        aware = moment if moment.tzinfo else moment.replace(tzinfo=zone)
        return aware.astimezone(zone)

    def contacts(self, region: str | None) -> list[Contact]:
        raw_contacts = self.raw.get("contacts")
        if not raw_contacts:
            self.problem("contacts", "at least one contact is required (name, and email or phone)")
            return []
        if not isinstance(raw_contacts, list) or not all(isinstance(c, dict) for c in raw_contacts):
            self.problem("contacts", "write contacts as [[interview.contacts]] tables")
            return []
        contacts = []
        for number, raw in enumerate(raw_contacts, start=1):
            contact = self._contact(number, raw, region)
            if contact:
                contacts.append(contact)
        return contacts

    def _contact(self, number: int, raw: Mapping[str, Any], region: str | None) -> Contact | None:
        def problem(field: str, message: str) -> None:
            self.problem(f"contacts[{number}].{field}", message)

        values: dict[str, str] = {}
        for key, value in raw.items():
            if key not in CONTACT_FIELDS:
                problem(key, f"unknown field{suggest(key, CONTACT_FIELDS)}")
            elif not isinstance(value, str):
                problem(key, f"must be text, not {_type_name(value)}")
            elif key not in _MULTILINE_CONTACT_FIELDS and (
                control := control_character_problem(value)
            ):
                problem(key, control)
            elif value.strip():
                values[key] = _drop_controls(value).strip()
        if "language" in values:
            values["language"] = values["language"].lower()
        for key, value in values.items():
            why = contact_value_problem(key, value, region)
            if why:
                problem(key, why)
        if "name" not in values:
            problem("name", "is required")
            return None
        field = f"contacts[{number}]"
        if "topic" in values:
            values["topic"] = self.topic(f"{field}.topic", values["topic"]) or ""
        if "address" in values:
            values["address"] = self.address(f"{field}.address", values["address"]) or ""
        if "salutation" in values:
            values["salutation"] = " ".join(values["salutation"].split()).rstrip(",")
            opener = values["salutation"].split()[0].casefold()
            if opener in ("dear", "hi", "hello"):
                self.warning(
                    f"{field}.salutation",
                    f"the message already opens with a greeting: write only the name, like "
                    f'salutation = "{values["salutation"].split(" ", 1)[-1]}"',
                )
        from followcal.names import may_be_only_a_title, parse_name

        if may_be_only_a_title(values["name"]) and not parse_name(values["name"]).has_name:
            self.warning(
                f"{field}.name",
                f"'{values['name']}' is only a title: add the person's name, or a "
                "salutation for the greeting",
            )
        return Contact(**{k: v for k, v in values.items() if v})


def _language(entry: _EntryChecker) -> str | None:
    """ISO 639-1, one followcal writes in: "de", "fr", "es" (None: the candidate's)."""
    from followcal.languages import language_problem

    value = entry.text("language")
    if value is None:
        return None
    code = value.strip().lower()
    if why := language_problem(code):
        entry.problem("language", why)
        return None
    return code


TOPIC_EXAMPLE = "the plan to move billing onto event streams"
# Words that start a sentence about someone rather than a phrase about a subject.
_SENTENCE_STARTS = {
    "i", "i'm", "we", "we're", "they", "they're", "he", "she", "you", "it", "it's", "there",
    "this", "that", "these", "those",
}  # fmt: skip


def topic_advice(topic: str) -> str | None:
    """Why `topic` would read oddly after "our conversation about", or None if it reads well."""
    words = topic.split()
    first = words[0] if words else ""
    if first.casefold() == "about":
        return "it starts with 'about', which the message already says"
    if first.casefold().strip(",") in _SENTENCE_STARTS and first != first.upper():
        return f"it reads like a sentence (it starts with '{first}')"
    if topic.endswith((".", "!", "?")) and not topic.endswith(("etc.", "...")):
        return "it reads like a sentence (it ends with a full stop)"
    if re.search(r"[a-z]{2}[.!?]\s+[A-Z]", topic):
        return "it holds more than one sentence"
    if len(topic) > 120:
        return f"it is long ({len(topic)} characters) for a phrase in a message"
    return None


def _known_subdivision(country: str, subdivision: str) -> bool:
    """Whether the holidays package knows this region (only asked when an entry names one)."""
    import holidays  # heavy: only entries that name a region pay for it

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    # Countries it has no calendar for: accept any region rather than block the entry.
    return country not in supported or subdivision in supported[country]


def _drop_controls(value: str) -> str:
    """Multi-line text without control characters but line breaks and tabs."""
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def _type_name(value: object) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)
