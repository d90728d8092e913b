"""Property tests for the spreadsheet reader: any text in any cell reads back exactly or is
a clean error, in every encoding and with every delimiter a spreadsheet program uses."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from followcal.entries import (
    CSV_CONTACT_COLUMNS,
    INTERVIEW_FIELDS,
    NOT_IN_SPREADSHEETS,
    load_entries,
)
from followcal.errors import InputError

COLUMNS = [f for f in INTERVIEW_FIELDS if f not in NOT_IN_SPREADSHEETS] + list(CSV_CONTACT_COLUMNS)
DELIMITERS = st.sampled_from([",", ";", "\t"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])
LINE_ENDS = st.sampled_from(["\r\n", "\n"])
# Any character a file can hold: everything but lone surrogates.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
# What a person types into a cell: no control characters (those are dropped or refused).
TYPED_TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40)
FOLDER = Path(tempfile.mkdtemp(prefix="followcal-props-"))


def sheet_bytes(rows: list[dict[str, str]], delimiter: str, encoding: str, line_end: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer, fieldnames=COLUMNS, delimiter=delimiter, lineterminator=line_end
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def read(data: bytes, name: str) -> object:
    path = FOLDER / name
    path.write_bytes(data)
    return load_entries([path], "UTC")


@given(
    st.fixed_dictionaries({column: ANY_TEXT for column in COLUMNS}),
    DELIMITERS,
    ENCODINGS,
    LINE_ENDS,
)
def test_any_text_in_any_cell_reads_or_is_a_clean_error(row, delimiter, encoding, line_end):
    try:
        read(sheet_bytes([row], delimiter, encoding, line_end), "any.csv")
    except InputError as err:
        assert err.problems and all(str(problem) for problem in err.problems)


@given(
    st.fixed_dictionaries(
        {
            "company": TYPED_TEXT,
            "role": TYPED_TEXT,
            "notes": TYPED_TEXT,
            "mutual_connection": TYPED_TEXT,
            "contact_name": TYPED_TEXT,
            "contact_title": TYPED_TEXT,
        }
    ),
    DELIMITERS,
    ENCODINGS,
    LINE_ENDS,
)
def test_typed_text_reads_back_exactly(cells, delimiter, encoding, line_end):
    row = dict.fromkeys(COLUMNS, "") | cells | {"date": "2026-11-20 14:00", "id": "x"}
    try:
        entries = read(sheet_bytes([row], delimiter, encoding, line_end), "typed.csv")
    except InputError as err:
        # Only a value that is blank once trimmed may be refused (a required field).
        assert any(not cells[name].strip() for name in ("company", "role", "contact_name")), err
        return
    (entry,) = entries.interviews  # type: ignore[attr-defined]
    for field in ("company", "role", "notes", "mutual_connection"):
        assert getattr(entry, field) == (cells[field].strip() or None)
    (contact,) = entry.contacts
    assert contact.name == cells["contact_name"].strip()
    assert contact.title == (cells["contact_title"].strip() or None)


@given(st.lists(TYPED_TEXT, min_size=1, max_size=4), DELIMITERS, ENCODINGS, LINE_ENDS)
def test_every_contact_row_of_an_interview_is_kept_in_order(names, delimiter, encoding, line_end):
    base = dict.fromkeys(COLUMNS, "") | {
        "id": "x", "company": "Acme", "role": "Dev", "date": "2026-11-20 14:00",
    }  # fmt: skip
    rows = [base | {"contact_name": name} for name in names]
    kept = [name.strip() for name in names if name.strip()]  # a blank row holds nothing
    try:
        entries = read(sheet_bytes(rows, delimiter, encoding, line_end), "contacts.csv")
    except InputError:
        assert not kept  # no contact at all is the only refusal
        return
    (entry,) = entries.interviews  # type: ignore[attr-defined]
    assert [contact.name for contact in entry.contacts] == kept
