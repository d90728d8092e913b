"""Reading interview spreadsheets (CSV) as the programs people use really write them.

Excel, LibreOffice and Google Sheets differ in encoding (cp1252, UTF-8 with or without a
byte-order mark, UTF-16), delimiter (comma, semicolon, tab) and the way dates are shown
(`11/30/2026 14:00`, `30.11.2026 14:00`, a serial number). This module turns such a file
into header names and rows of text, and dates into `date`/`datetime` values; `entries`
checks the fields as it checks a TOML file. Each problem is returned, never raised.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from followcal.trackers import COLUMNS

DELIMITERS = (",", ";", "\t")
# Columns whose cells are dates; `date` may carry a time of day too.
DATE_COLUMNS = ("date", "decision_by", "status_date", "offer_deadline", "back_on")

# Header names people type for a field, after normalizing (lower case, "_" between words):
# the job trackers' own words (followcal/trackers.py says where each comes from).
ALIASES = COLUMNS

_SEP_LINE = re.compile(r'^sep=([^"\r\n])\r?\n', re.IGNORECASE)
# Excel counts days from 1899-12-30 (1900-03-01 is 61: it keeps Lotus's 29 Feb 1900).
_EXCEL_EPOCH = datetime(1899, 12, 30)
# Serial numbers of 1970-01-01 and 2100-12-31: outside that, a number is not a date.
_SERIAL_RANGE = (25569, 73415)
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
_TIME = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?"
# 30/11/2026 or 11/30/2026 (also with dashes, as some locales show them): order unknown.
_SLASHED = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})" + _TIME + "$")
# 30.11.2026: a dotted date always puts the day first (German, Russian, Polish, ...).
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\.?" + _TIME + "$")
# 2026/11/30: the year first always means year, month, day (Japanese, Chinese locales).
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})" + _TIME + "$")


# What the editing commands and the TOML reader say when given a spreadsheet.
SPREADSHEET_HINT = (
    "this is a spreadsheet, and followcal records what happens in a TOML interviews file; "
    "turn it into one with 'followcal import {path}', then use that file (-f interviews.toml)"
)


def looks_like_a_spreadsheet(text: str) -> bool:
    """A first line of names between commas, semicolons or tabs, and no TOML syntax."""
    first = text.lstrip().split("\n", 1)[0]
    return not any(mark in first for mark in "=[#") and any(sep in first for sep in ",;\t")


@dataclass
class Sheet:
    """A spreadsheet read into fields: one dict per row, keyed by field name."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # field name -> the column as the sheet shows it ("column B, 'Position'"), for messages
    columns: dict[str, str] = field(default_factory=dict)


# -- bytes to text -------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of a spreadsheet export and the encoding it was in.

    Explicit rules, not a statistical guess: a byte-order mark says UTF-8 or UTF-16; UTF-16
    without one shows as a zero in every other byte; text that is valid UTF-8 is UTF-8;
    anything else is Excel's Windows encoding, cp1252. (charset-normalizer 3.5 read a short
    cp1252 export as cp1250, turning "crème" into "crčme", and a two-line one as big5.)
    Raises ValueError when the bytes are none of these.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_as(data, encoding), encoding.removesuffix("-sig")
    head = data[:200]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        return _decode_as(data, "utf-16-le"), "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
        return _decode_as(data, "utf-16-be"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_as(data, "cp1252"), "cp1252"


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise ValueError(
            f"not a text file in {encoding.removesuffix('-sig')} (byte {err.start} cannot be "
            "read); save the spreadsheet as CSV UTF-8"
        ) from None


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the header row into the most cells.

    The header row holds field names, which never contain a delimiter, so it decides
    reliably where csv.Sniffer, weighing the data rows, can be misled by commas in notes.
    """
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        if len(header) > best_count:
            best, best_count = delimiter, len(header)
    return best


# -- rows to fields ------------------------------------------------------------------------


def normalize_header(name: str) -> str:
    """'Contact Name', 'contact_name' and ' CONTACT-NAME ' all become 'contact_name'."""
    key = re.sub(r"[\s_\-]+", "_", name.strip().casefold()).strip("_")
    return ALIASES.get(key, key)


def column_letter(index: int) -> str:
    """Column 0 is A, 25 is Z, 26 is AA: as the spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_sheet(text: str, known: Iterable[str]) -> Sheet:
    """Header and rows of a CSV text; rows keyed by field name, known columns only.

    Rows are numbered as the spreadsheet numbers them (the header is row 1). A repeated
    column, or a row with text beyond the last column, is a problem; unknown columns are
    left out with one note that lists them.
    """
    sheet = Sheet()
    declared = _SEP_LINE.match(text)
    if declared:
        # "sep=;" on the first line: Excel's own way of naming the delimiter (it hides it).
        delimiter, text = declared.group(1), text[declared.end() :]
    else:
        delimiter = sniff_delimiter(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records or not any(cell.strip() for cell in records[0]):
        sheet.problems.append("the CSV file has no header row")
        return sheet
    header = records[0]
    columns = _columns(header, records[1:], set(known), sheet)
    width = len(header)
    for number, record in enumerate(records[1:], start=2):
        extra = [cell for cell in record[width:] if cell.strip()]
        if extra:
            sheet.problems.append(
                f"row {number} has {len(record)} cells but the header has {width} columns; "
                f"the text '{delimiter.join(record[width:]).strip()}' would be lost. A cell "
                f"holding a {_delimiter_name(delimiter)} must be in double quotes"
            )
            continue
        cells = {name: record[i].strip() for i, name in columns.items() if i < len(record)}
        if any(cells.values()):
            sheet.rows.append((number, cells))
    return sheet


def _columns(
    header: Sequence[str], rows: Sequence[Sequence[str]], known: set[str], sheet: Sheet
) -> dict[int, str]:
    """Which field each column holds (by index), from the header: a column named twice is
    a problem, unknown ones are noted once."""
    columns: dict[int, str] = {}
    first_seen: dict[str, int] = {}
    unknown: list[str] = []
    for index, raw_name in enumerate(header):
        name = normalize_header(raw_name)
        if not name:
            if any(index < len(row) and row[index].strip() for row in rows):
                unknown.append(f"column {column_letter(index)} (no header)")
            continue
        if name not in known:
            unknown.append(f"'{raw_name.strip()}'")
            continue
        if name in first_seen:
            earlier = first_seen[name]
            sheet.problems.append(
                f"columns {column_letter(earlier)} ('{header[earlier].strip()}') and "
                f"{column_letter(index)} ('{raw_name.strip()}') both mean {name}; "
                "keep one of them"
            )
            continue
        first_seen[name] = index
        columns[index] = name
        sheet.columns[name] = f"column {column_letter(index)}, '{raw_name.strip()}'"
    if unknown:
        sheet.notes.append(
            f"ignored {len(unknown)} column(s) followcal does not use: {', '.join(unknown)}"
            + _close_matches(unknown, known)
        )
    return columns


def _close_matches(unknown: Sequence[str], known: Iterable[str]) -> str:
    import difflib

    hints = []
    for label in unknown:
        name = normalize_header(label.strip("'"))
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.8)
        if close:
            hints.append(f"{label} (did you mean '{close[0]}'?)")
    return f"; check {', '.join(hints)}" if hints else ""


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}.get(delimiter, f"'{delimiter}'")


# -- dates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateCell:
    row: int
    field: str
    text: str


def day_first(cells: Sequence[DateCell], date_format: str | None) -> tuple[bool, str | None]:
    """Whether the file's `a/b/yyyy` dates put the day first, or why that is unclear.

    Returns (day_first, problem). A day above 12 settles the order for the whole file;
    `date_format` ("DD/MM/YYYY" or "MM/DD/YYYY") settles it when no date does.
    """
    day_evidence: DateCell | None = None
    month_evidence: DateCell | None = None
    ambiguous: DateCell | None = None
    for cell in cells:
        match = _SLASHED.match(cell.text)
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            day_evidence = day_evidence or cell
        elif second > 12 >= first:
            month_evidence = month_evidence or cell
        elif first != second:
            ambiguous = ambiguous or cell
    if date_format is not None:
        wanted_day_first = date_format.upper() == "DD/MM/YYYY"
        against = month_evidence if wanted_day_first else day_evidence
        if against is not None:
            return wanted_day_first, (
                f"row {against.row}, {against.field}: '{against.text}' cannot be a date in "
                f"the order {date_format.upper()} that date_format sets"
            )
        return wanted_day_first, None
    if day_evidence and month_evidence:
        return True, (
            f"the dates disagree about their order: '{day_evidence.text}' (row "
            f"{day_evidence.row}) puts the day first, '{month_evidence.text}' (row "
            f"{month_evidence.row}) the month; make them agree"
        )
    if day_evidence or month_evidence:
        return day_evidence is not None, None
    if ambiguous is not None:
        first, second = (int(g) for g in _SLASHED.match(ambiguous.text).groups()[:2])  # type: ignore[union-attr]
        return True, (
            f"'{ambiguous.text}' (row {ambiguous.row}, {ambiguous.field}) could be "
            f"{_spelled(first, second)} or {_spelled(second, first)}, and no date in the file "
            'has a day above 12 to tell; set date_format = "DD/MM/YYYY" or "MM/DD/YYYY" '
            "in the config, or pass --date-format"
        )
    return True, None


def _spelled(day: int, month: int) -> str:
    return f"{day} {date(2000, month, 1):%B}"


_CLOCK_12 = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([AaPp])\.?\s*[Mm]\.?$")
_CLOCK_24 = re.compile(r"^(\d{1,2})[:.h](\d{2})(?::(\d{2}))?$")


def sheet_time(text: str) -> time | None:
    """A time of day as a sheet shows it: 14:00, 14.00, 14h00, 2:00 PM, 2 pm, or Excel's
    fraction of a day (0.5833 is 14:00). None when the text is none of these."""
    value = text.strip()
    if match := _CLOCK_12.match(value):
        hour, minute, second, meridiem = match.groups()
        if not 1 <= int(hour) <= 12:
            return None
        hours = int(hour) % 12 + (12 if meridiem.lower() == "p" else 0)
        return _clock(hours, minute, second)
    if match := _CLOCK_24.match(value):
        return _clock(int(match.group(1)), match.group(2), match.group(3))
    if re.fullmatch(r"0?[.,]\d+", value):
        minutes = round(float(value.replace(",", ".")) * 24 * 60)
        return time(*divmod(minutes, 60)) if minutes < 24 * 60 else None
    return None


def _clock(hours: int, minute: str | None, second: str | None) -> time | None:
    if hours > 23 or int(minute or 0) > 59 or int(second or 0) > 59:
        return None
    return time(hours, int(minute or 0), int(second or 0))


def sheet_date(text: str, is_day_first: bool) -> date | datetime | None:
    """A date as a spreadsheet shows it, or None when the text is not one of those forms.

    Only the forms ISO 8601 lacks live here: ISO text (and anything else) is left to
    `followcal.dates.parse_date_text`, the project's one date reader, which the entry
    checker applies to every date field. Raises ValueError for a date that has the form but
    does not exist (31/02/2026)."""
    value = text.strip()
    if _SERIAL.match(value):
        serial = float(value.replace(",", "."))
        if not _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
            return None
        moment = _EXCEL_EPOCH + timedelta(minutes=round(serial * 24 * 60))
        return moment.date() if serial.is_integer() else moment
    if match := _SLASHED.match(value):
        first, second, year = match.group(1, 2, 3)
        day, month = (first, second) if is_day_first else (second, first)
        return _build(year, month, day, match.groups()[3:])
    if match := _DOTTED.match(value):
        return _build(match.group(3), match.group(2), match.group(1), match.groups()[3:])
    if match := _YEAR_FIRST.match(value):
        return _build(match.group(1), match.group(2), match.group(3), match.groups()[3:])
    return None


def _build(year: str, month: str, day: str, clock: Sequence[str | None]) -> date | datetime:
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    day_value = date(full_year, int(month), int(day))
    hour, minute, second, meridiem = clock
    if hour is None:
        return day_value
    hours = int(hour)
    if meridiem:
        if not 1 <= hours <= 12:
            raise ValueError(f"{hour} is not an hour on a 12-hour clock")
        hours = hours % 12 + (12 if meridiem.lower().startswith("p") else 0)
    return datetime.combine(day_value, time(hours, int(minute or 0), int(second or 0)))
