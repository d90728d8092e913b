"""Reading interview files: both formats, every field, every kind of bad input."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from followcal.entries import load_entries
from followcal.errors import InputError

GOOD = """
[candidate]
name = "Alex Morgan"
email = "alex@example.com"

[[interview]]
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-17T14:00:00
timezone = "America/New_York"
decision_by = 2026-11-27
duration = 45
traditional = true
notes = "the billing rewrite"

[[interview.contacts]]
name = "Dana Smith"
email = "dana@acme.example"
"""


def write(tmp_path: Path, text: str | bytes, name: str = "interviews.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_entries([path], "UTC")
    return [str(p) for p in caught.value.problems]


def test_a_good_toml_file_reads_with_a_derived_id(tmp_path):
    entries = load_entries([write(tmp_path, GOOD)], "UTC")
    (entry,) = entries.interviews
    assert entry.id == "acme-corp"
    assert entry.start.isoformat() == "2026-11-17T14:00:00-05:00"
    assert entry.duration == timedelta(minutes=45)
    assert entry.decision_by == date(2026, 11, 27)
    assert entry.traditional and entry.status == "waiting"
    assert entries.candidate and entries.candidate.name == "Alex Morgan"


def test_the_default_zone_applies_when_an_entry_names_none(tmp_path):
    text = GOOD.replace('timezone = "America/New_York"\n', "")
    (entry,) = load_entries([write(tmp_path, text)], "Europe/Berlin").interviews
    assert entry.timezone == "Europe/Berlin"
    assert entry.start.utcoffset() == timedelta(hours=1)


def test_a_european_csv_with_bom_semicolons_and_crlf_reads_like_any_other(tmp_path):
    text = (
        "\ufeffid;company;role;date;timezone;contact_name;contact_email;contact_phone\r\n"
        "bw;Brightwave GmbH;Data Engineer;2026-11-26 15:00;Europe/Berlin;Jana Becker;"
        "jana@bw.example;+49 30 5550 1234\r\n"
        "bw;Brightwave GmbH;Data Engineer;2026-11-26 15:00;Europe/Berlin;Tobias Müller;;\r\n"
    )
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    (entry,) = load_entries([path], "UTC").interviews
    assert entry.id == "bw"
    assert [c.name for c in entry.contacts] == ["Jana Becker", "Tobias Müller"]
    assert entry.contacts[0].phone == "+49 30 5550 1234"
    assert entry.start.isoformat() == "2026-11-26T15:00:00+01:00"


def test_csv_rows_without_id_merge_on_company_role_and_date(tmp_path):
    text = (
        "company,role,date,contact_name\n"
        "Acme,Engineer,2026-11-17 10:00,Dana Smith\n"
        "Acme,Engineer,2026-11-17 10:00,Lee Park\n"
        "Acme,Designer,2026-11-17 10:00,Sam Lee\n"
    )
    entries = load_entries([write(tmp_path, text, "x.csv")], "UTC").interviews
    assert [len(e.contacts) for e in entries] == [2, 1]


def test_every_problem_is_reported_at_once_naming_file_entry_and_field(tmp_path):
    text = """
[[interview]]
company = "Acme"
role = "Engineer"
date = 2026-11-17T14:00:00
timezone = "Mars/Olympus"
decision_by = 2026-11-10
stauts = "waiting"
channel = "pigeon"
duration = "long"

[[interview.contacts]]
title = "Manager"
email = "not-an-address"

[[interview]]
company = "Globex"
date = "2026-13-45"
"""
    path = write(tmp_path, text)
    found = problems(path)
    joined = "\n".join(found)
    assert all(line.startswith(str(path)) for line in found)
    assert "entry #1 (Acme), field 'timezone'" in joined
    assert "entry #1 (Acme), field 'decision_by': 2026-11-10 is before the interview" in joined
    assert "field 'stauts': unknown field (did you mean 'status'?)" in joined
    assert "field 'channel': 'pigeon' is not one of email, phone, letter" in joined
    assert "field 'duration': must be a whole number" in joined
    assert "field 'contacts[1].name': is required" in joined
    assert "field 'contacts[1].email'" in joined
    assert "entry #2 (Globex), field 'role': is required" in joined
    assert "entry #2 (Globex), field 'date': '2026-13-45' is not a valid date" in joined
    assert "entry #2 (Globex), field 'contacts': at least one contact is required" in joined


def test_unknown_zone_suggests_the_near_one(tmp_path):
    text = GOOD.replace("America/New_York", "America/New_Yrok")
    assert any("America/New_York" in p for p in problems(write(tmp_path, text)))


def test_malformed_toml_names_the_line(tmp_path):
    (message,) = problems(write(tmp_path, GOOD.replace('role = "Backend', "role = Backend")))
    assert "not valid TOML" in message and "line" in message


def test_binary_garbage_is_reported_not_raised(tmp_path):
    (message,) = problems(write(tmp_path, bytes(range(256)) * 4, "junk.toml"))
    assert "junk.toml" in message and "not a UTF-8 text file" in message


def test_a_missing_file_and_duplicate_ids_are_reported(tmp_path):
    path = write(tmp_path, GOOD.replace('company = "Acme Corp"', 'id = "x"\ncompany = "Acme Corp"'))
    again = write(tmp_path, path.read_text(), "other.toml")
    with pytest.raises(InputError) as caught:
        load_entries([path, again, tmp_path / "nope.toml"], "UTC")
    text = str(caught.value)
    assert "nope.toml: no such file" in text
    assert "ids must be unique" in text


def test_control_characters_are_stripped_from_text(tmp_path):
    text = GOOD.replace('"the billing rewrite"', '"the billing\\u0007 rewrite\\u001b[31m"')
    (entry,) = load_entries([write(tmp_path, text)], "UTC").interviews
    assert entry.notes == "the billing rewrite[31m"


def test_a_folder_reads_its_toml_and_csv_files(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, "company,role,date,contact_name\nGlobex,PM,2026-11-18,Sam\n", "b.csv")
    write(tmp_path, "ignored", "notes.txt")
    entries = load_entries([tmp_path], "UTC")
    assert [e.company for e in entries.interviews] == ["Globex", "Acme Corp"]  # file-name order


def test_an_empty_folder_is_reported(tmp_path):
    with pytest.raises(InputError, match=r"the folder holds no \.toml or \.csv file"):
        load_entries([tmp_path], "UTC")


def test_per_person_sent_times_read_by_name_and_an_unknown_name_is_an_error(tmp_path):
    text = GOOD.replace(
        'notes = "the billing rewrite"\n',
        'notes = "the billing rewrite"\n'
        'sent = { thank-you = { "dana smith" = 2026-11-18T08:00:00 } }\n',
    )
    (entry,) = load_entries([write(tmp_path, text)], "UTC").interviews
    assert entry.sent == {}
    assert entry.sent_for("thank-you", entry.contacts[0]).isoformat() == "2026-11-18T08:00:00-05:00"
    wrong = text.replace('"dana smith"', '"Dan Smith"')
    assert problems(write(tmp_path, wrong)) == [
        f"{tmp_path / 'interviews.toml'}, entry #1 (Acme Corp), field 'sent.thank-you.Dan Smith': "
        "'Dan Smith' is not one of the contacts (Dana Smith)"
    ]
