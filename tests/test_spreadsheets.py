"""Spreadsheets as people export them: encodings, delimiters, headers, dates, bad cells."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from followcal.entries import INTERVIEW_FIELDS, NOT_IN_SPREADSHEETS, load_entries
from followcal.errors import InputError
from followcal.spreadsheet import decode, normalize_header, sheet_date, sniff_delimiter
from tests import sheet_fixtures as sheets


def write(tmp_path: Path, data: bytes, name: str = "tracker.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def problems(path: Path, **options: object) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_entries([path], "UTC", **options)  # type: ignore[arg-type]
    return [str(p) for p in caught.value.problems]


# -- what each program writes ----------------------------------------------------------------


def test_excel_on_windows_cp1252_with_semicolons_and_dotted_dates(tmp_path):
    entries = load_entries([write(tmp_path, sheets.EXCEL_WINDOWS_CP1252)], "UTC")
    (entry,) = entries.interviews
    assert entry.company == "Bäckerei Müller GmbH" and entry.role == "Verkäufer"
    assert [c.name for c in entry.contacts] == ["Jürgen Groß", "Anna Weiß"]
    assert entry.start.isoformat() == "2026-11-30T14:00:00+01:00"
    assert entry.notes == "Führung; Kasse"
    # the tracker's own column is left alone, and said so once
    assert tuple(str(w) for w in entries.warnings) == (
        f"{tmp_path / 'tracker.csv'}: ignored 1 column(s) followcal does not use: 'Salary'",
    )


def test_excel_csv_utf8_with_bom_month_first_dates_and_a_multi_line_note(tmp_path):
    entries = load_entries([write(tmp_path, sheets.EXCEL_WINDOWS_UTF8)], "UTC")
    (entry,) = entries.interviews
    assert entry.company == "Café Zoé"
    assert entry.start.isoformat() == "2026-11-30T14:00:00-05:00"
    assert entry.notes == 'the tasting menu, "farm to table"\nTeam of four.'
    assert [c.email for c in entry.contacts] == ["zoe@cafe.example", "marc@cafe.example"]
    assert "'job_link'" in str(entries.warnings[0])


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    path = write(tmp_path, sheets.EXCEL_UNICODE_TEXT, "tracker.txt")
    (entry,) = load_entries([path], "UTC").interviews
    assert entry.contacts[0].name == "Åsa Öberg" and entry.contacts[0].phone == "+46 8 123 456"
    assert entry.start.date() == date(2026, 11, 30)  # a bare date: 30 > 12 puts the day first
    assert entry.notes == "the “northern lights”\tproject"


def test_libreoffice_utf8_with_lf_and_iso_dates(tmp_path):
    (entry,) = load_entries([write(tmp_path, sheets.LIBREOFFICE)], "UTC").interviews
    assert entry.contacts[0].title == "Head of Data, EMEA"
    assert entry.start.isoformat() == "2026-11-18T10:00:00+01:00"


def test_google_sheets_without_a_final_line_break(tmp_path):
    (entry,) = load_entries([write(tmp_path, sheets.GOOGLE_SHEETS)], "UTC").interviews
    assert [c.name for c in entry.contacts] == ["Bill Lumbergh", "Milton Waddams"]
    assert entry.start.isoformat() == "2026-11-19T10:00:00+00:00"
    assert entry.decision_by == date(2026, 12, 1)
    assert entry.status == "waiting"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (sheets.EXCEL_WINDOWS_CP1252, "cp1252"),
        (sheets.EXCEL_WINDOWS_UTF8, "utf-8"),
        (sheets.EXCEL_UNICODE_TEXT, "utf-16"),
        (sheets.LIBREOFFICE, "utf-8"),
        ("a\tb\r\n".encode("utf-16-le"), "utf-16-le"),
        ("a\tb\r\n".encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_the_encoding_is_found_by_explicit_rules(data, encoding):
    assert decode(data)[1] == encoding


def test_delimiters_come_from_the_header_row_not_from_commas_in_notes():
    assert sniff_delimiter("company;role;notes\r\nA;B;one, two, three, four\r\n") == ";"
    assert sniff_delimiter("company\trole\nA\tB, C\n") == "\t"
    assert sniff_delimiter('"company","role"\n') == ","


# -- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Contact Name", "contact_name", " CONTACT-NAME ", "Contact"])
def test_headers_match_whatever_their_case_spaces_or_underscores(header):
    assert normalize_header(header) == "contact_name"


def test_a_repeated_header_is_an_error_naming_both_columns(tmp_path):
    data = (
        b"company,role,date,Contact Name,contact_email,contact_name\n"
        b"A,B,2026-11-20,Dana,d@a.example,Lee\n"
    )
    assert problems(write(tmp_path, data)) == [
        f"{tmp_path / 'tracker.csv'}: columns D ('Contact Name') and F ('contact_name') both "
        "mean contact_name; keep one of them"
    ]


def test_a_row_longer_than_the_header_is_an_error_naming_the_row(tmp_path):
    data = (
        b"company,role,date,contact_name,notes\n"
        b"Acme,Dev,2026-11-20,Dana,fine\n"
        b"Acme,Dev,2026-11-20,Lee,they liked the demo, and the plan\n"
    )
    (message,) = problems(write(tmp_path, data))
    assert message == (
        f"{tmp_path / 'tracker.csv'}: row 3 has 6 cells but the header has 5 columns; the "
        "text 'and the plan' would be lost. A cell holding a comma must be in double quotes"
    )


def test_empty_cells_beyond_the_header_lose_nothing_and_are_fine(tmp_path):
    data = b"company,role,date,contact_name\r\nAcme,Dev,2026-11-20,Dana,,\r\n"
    assert len(load_entries([write(tmp_path, data)], "UTC").interviews) == 1


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("11/30/2026 14:00", False, "2026-11-30T14:00:00"),
        ("30.11.2026 14:00", False, "2026-11-30T14:00:00"),
        ("30/11/2026", True, "2026-11-30"),
        ("1/12/2026 2:30 PM", True, "2026-12-01T14:30:00"),
        ("12/1/2026 12:05 am", False, "2026-12-01T00:05:00"),
        ("2026/11/30", True, "2026-11-30"),
        ("30-11-26", True, "2026-11-30"),
        ("46356", True, "2026-11-30"),
        ("46356.583333", True, "2026-11-30T14:00:00"),
        ("2026-11-30", True, None),  # ISO: read by the project's own date reader
        ("12345", True, None),  # a number, but no date this tool would plan for
    ],
)
def test_dates_as_spreadsheets_show_them(text, day_first, expected):
    value = sheet_date(text, day_first)
    assert (value.isoformat() if value else None) == expected


def test_an_ambiguous_day_month_order_is_an_error_explaining_why(tmp_path):
    path = write(tmp_path, b"company,role,date,contact_name\nAcme,Dev,11/12/2026 10:00,Dana\n")
    assert problems(path) == [
        f"{path}: '11/12/2026 10:00' (row 2, date) could be 11 December or 12 November, and "
        'no date in the file has a day above 12 to tell; set date_format = "DD/MM/YYYY" or '
        '"MM/DD/YYYY" in the config, or pass --date-format'
    ]
    (day_first,) = load_entries([path], "UTC", date_format="DD/MM/YYYY").interviews
    (month_first,) = load_entries([path], "UTC", date_format="MM/DD/YYYY").interviews
    assert day_first.start.date() == date(2026, 12, 11)
    assert month_first.start.date() == date(2026, 11, 12)


def test_one_unambiguous_date_settles_the_order_for_the_whole_file(tmp_path):
    data = b"company,role,date,decision_by,contact_name\nAcme,Dev,11/12/2026,11/30/2026,Dana\n"
    (entry,) = load_entries([write(tmp_path, data)], "UTC").interviews
    assert entry.start.date() == date(2026, 11, 12)


def test_dates_that_disagree_or_contradict_date_format_are_errors(tmp_path):
    data = b"company,role,date,decision_by,contact_name\nAcme,Dev,30/11/2026,12/14/2026,Dana\n"
    path = write(tmp_path, data)
    assert problems(path) == [
        f"{path}: the dates disagree about their order: '30/11/2026' (row 2) puts the day "
        "first, '12/14/2026' (row 2) the month; make them agree"
    ]
    assert problems(path, date_format="DD/MM/YYYY") == [
        f"{path}: row 2, decision_by: '12/14/2026' cannot be a date in the order DD/MM/YYYY "
        "that date_format sets"
    ]


def test_a_date_that_does_not_exist_is_an_error_not_a_traceback(tmp_path):
    path = write(tmp_path, b"company,role,date,contact_name\nAcme,Dev,31.02.2026,Dana\n")
    (problem,) = problems(path)
    assert problem.startswith(f"{path}, entry row 2 (Acme), field 'date': '31.02.2026' is not a")


# -- every problem at once, never a traceback --------------------------------------------


def test_an_unknown_profile_is_reported_together_with_a_bad_duration(tmp_path):
    data = "company,role,date,contact_name,duration,profile\nAcme,Dev,2026-11-20,Dana,²,stnadard\n"
    path = write(tmp_path, data.encode())
    found = problems(path, check_profile=lambda name: f"no profile named '{name}'")
    assert found == [
        f"{path}, entry row 2 (Acme), field 'duration': must be a whole number, not '²'",
        f"{path}, entry row 2 (Acme), field 'profile': no profile named 'stnadard'",
    ]


# -- the command line ----------------------------------------------------------------------


def cli(*args: str):
    from click.testing import CliRunner

    from followcal.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


NOW = ["--now", "2026-11-25T08:00"]


def test_import_writes_a_commented_interviews_file_that_plans_the_same(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, sheets.EXCEL_WINDOWS_CP1252)
    result = cli("import", "tracker.csv", *NOW)
    assert result.exit_code == 0, result.stderr
    assert "Wrote 1 interview(s) from tracker.csv to interviews.toml" in result.stdout
    assert "ignored 1 column(s) followcal does not use: 'Salary'" in result.stderr
    text = (tmp_path / "interviews.toml").read_text(encoding="utf-8")
    assert text.startswith("# Interviews for followcal, imported from tracker.csv on 2026-11-25.")
    assert 'company = "Bäckerei Müller GmbH"\n' in text and "date = 2026-11-30T14:00:00\n" in text
    from_sheet = cli("plan", "--json", "tracker.csv", *NOW).stdout
    assert cli("plan", "--json", "interviews.toml", *NOW).stdout == from_sheet
    # the editing commands work on the imported file
    entry_id = "backerei-muller-gmbh"
    recorded = cli("sent", entry_id, "thank-you", "--to", "anna", "-f", "interviews.toml",
                   "--on", "2026-11-30T18:00", *NOW)  # fmt: skip
    assert recorded.exit_code == 0, recorded.stderr


def test_import_never_overwrites_a_file_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, sheets.LIBREOFFICE)
    (tmp_path / "interviews.toml").write_text("# mine\n")
    refused = cli("import", "tracker.csv", *NOW)
    assert refused.exit_code == 7
    assert "interviews.toml already exists; choose another -o, or pass --force" in refused.stderr
    assert (tmp_path / "interviews.toml").read_text() == "# mine\n"
    assert cli("import", "tracker.csv", "--force", "--yes", *NOW).exit_code == 0
    assert "Globex" in (tmp_path / "interviews.toml").read_text()


def test_a_bad_spreadsheet_imports_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, b"company,role,date,timezone,contact_name\nAcme,Dev,11/12/2026,UTC,Dana\n")
    result = cli("import", "tracker.csv", *NOW)
    assert result.exit_code == 3 and "pass --date-format" in result.stderr
    assert not (tmp_path / "interviews.toml").exists()
    fixed = cli("import", "tracker.csv", "--date-format", "dd/mm/yyyy", *NOW)
    assert fixed.exit_code == 0, fixed.stderr
    assert "date = 2026-12-11T09:00:00" in (tmp_path / "interviews.toml").read_text()
    assert cli("plan", "tracker.csv", "--date-format", "12/11", *NOW).exit_code == 2


@pytest.mark.parametrize(
    "command",
    [
        ["status", "globex", "rejected"],
        ["sent", "globex", "thank-you"],
        ["offer", "globex", "--deadline", "2026-12-20"],
        ["accept", "globex"],
        ["add", "--company", "Initech", "--role", "Dev", "--date", "2026-12-01 10:00",
         "--timezone", "UTC", "--contact", "Bill; bill@initech.example", "--no-input"],
    ],
    ids=lambda command: command[0],
)  # fmt: skip
@pytest.mark.parametrize("name", ["tracker.csv", "tracker.toml"])
def test_editing_commands_on_a_spreadsheet_point_at_import(tmp_path, monkeypatch, name, command):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, sheets.LIBREOFFICE, name)
    result = cli(*command, "-f", name, *NOW)
    assert result.exit_code == 3, result.output
    assert f"followcal import {name}'" in result.stderr
    assert "not valid TOML" not in result.stderr
    assert path.read_bytes() == sheets.LIBREOFFICE


def test_date_format_in_the_config_settles_the_order(tmp_path, monkeypatch, isolated_config):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        b"company,role,date,timezone,contact_name,contact_email\n"
        b"Acme,Dev,1/12/2026,UTC,Dana,d@a.example\n",
    )
    config = isolated_config / "config.toml"
    config.write_text('date_format = "dd/mm/yyyy"\n')
    result = cli("plan", "--json", "tracker.csv", *NOW)
    assert result.exit_code == 0, result.stderr
    thanks = next(a for a in json.loads(result.stdout) if a["step_id"] == "thank-you")
    assert thanks["start"].startswith("2026-12-02T09:30")  # the morning after 1 December
    config.write_text('date_format = "12/1"\n')
    broken = cli("plan", "tracker.csv", *NOW)
    assert broken.exit_code == 6
    assert '\'date_format\' must be "DD/MM/YYYY" or "MM/DD/YYYY"' in broken.stderr


def test_the_sample_spreadsheet_imports_to_a_file_that_plans_exactly_the_same(tmp_path):
    sample = Path(__file__).parent.parent / "samples" / "spreadsheet-export.csv"
    out = tmp_path / "imported.toml"
    result = cli("import", str(sample), "-o", str(out), *NOW)
    assert result.exit_code == 0, result.stderr
    plans = [json.loads(cli("plan", "--json", str(f), *NOW).stdout) for f in (sample, out)]
    assert plans[0] == plans[1] and plans[0]


def test_every_column_a_spreadsheet_can_hold_survives_import(tmp_path):
    row = {
        "id": "acme-sales", "company": "Acme", "role": "Sales Lead",
        "date": "30/11/2026 14:30", "timezone": "Europe/Berlin", "duration": "45",
        "decision_by": "11/12/2026", "profile": "paced", "channel": "phone",
        "no_contact": "no", "traditional": "yes", "notes": "line one\nline two",
        "mutual_connection": "Priya Shah", "status": "heard-back", "follow_up_gap_days": "9",
        "round": "2", "status_date": "01/12/2026", "offer_deadline": "", "offer_written": "",
        "country": "DE-BY", "accepted_elsewhere": "", "topic": "the spring launch",
        "address": "Acme GmbH\nHauptstr. 1\n80331 München", "back_on": "", "language": "de",
        "contact_name": "Dana Smith", "contact_title": "Head of Sales",
        "contact_email": "dana@acme.example", "contact_phone": "089 1234567",
        "contact_salutation": "Frau Smith", "contact_topic": "the spring launch",
        "contact_address": "Acme GmbH\nPostfach 2\n80331 München",
    }  # fmt: skip
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(row), delimiter=";")
    writer.writeheader()
    writer.writerow(row)
    sheet = write(tmp_path, buffer.getvalue().encode("cp1252"))
    assert set(row) >= {c for c in (set(INTERVIEW_FIELDS) - NOT_IN_SPREADSHEETS)}
    out = tmp_path / "imported.toml"
    assert cli("import", str(sheet), "-o", str(out), *NOW).exit_code == 0
    (from_sheet,) = load_entries([sheet], "UTC").interviews
    (imported,) = load_entries([out], "UTC").interviews
    assert replace(imported, source="") == replace(from_sheet, source="")
    assert from_sheet.decision_by == date(2026, 12, 11)  # 30/11 settled the order


def test_the_command_line_reports_a_bad_duration_and_an_unknown_profile_at_once(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[[interview]]\nid = "acme"\ncompany = "Acme"\nrole = "Dev"\ndate = 2026-11-20T10:00:00\n'
        'duration = "²"\nprofile = "persistant"\n'
        '[[interview.contacts]]\nname = "Dana"\nemail = "dana@acme.example"\n',
        encoding="utf-8",
    )
    result = cli("validate", str(path), *NOW)
    assert result.exit_code == 3
    assert "field 'duration': must be a whole number, not '²'" in result.stderr
    assert "field 'profile': unknown profile 'persistant' (did you mean 'persistent'?)" in (
        result.stderr
    )
    assert "Traceback" not in result.output


def test_a_sep_line_names_the_delimiter_as_excel_reads_it(tmp_path):
    data = (
        b"sep=;\r\ncompany;role;date;contact_name;notes\r\nAcme;Dev;2026-11-20;Dana;a, b, c, d\r\n"
    )
    (entry,) = load_entries([write(tmp_path, data)], "UTC").interviews
    assert entry.notes == "a, b, c, d"
    wide = data + b"Acme;Dev;2026-11-20;Lee;x;y\r\n"
    assert problems(write(tmp_path, wide))[0].endswith(
        "row 3 has 6 cells but the header has 5 columns; the text 'y' would be lost. A cell "
        "holding a semicolon must be in double quotes"
    )
