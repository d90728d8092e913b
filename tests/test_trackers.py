"""Spreadsheets as people keep them: the column names and status words of Huntr, Teal,
Simplify and the job-tracker templates, a time column, and no zone guessed (issue 16)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from followcal.cli import main
from followcal.entries import load_entries
from followcal.errors import InputError
from followcal.model import STATUSES
from followcal.trackers import PRE_INTERVIEW, STATUS_WORDS, UNCLEAR_STATUSES, status_key

HEADER = (
    "Company,Position,Interview Date,Time,Interviewer,Interviewer Email,Interviewer Phone,"
    "Status,Location,Notes"
)
ROWS = (
    "Kiezkraft,Backend Engineer,2026-11-20,10:00,Jonas Weber,jonas@kiezkraft.example,"
    "+49 30 5550 1234,Interviewed,Berlin,\n"
    "Harbor Bank,Data Engineer,11/24/2026,2:30 PM,Dana Smith,dana@harbor.example,"
    "(212) 555-0187,Interviewing,New York,panel of three\n"
    "Fenwick Talent,Platform Engineer,,,,,,Applied,London,\n"
)


def cli(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def test_a_tracker_sheet_without_zones_is_refused_naming_the_rows(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tracker.csv").write_text(HEADER + "\n" + ROWS)
    result = cli("import", "tracker.csv", "--now", "2026-11-01T08:00")
    assert result.exit_code == 3, result.output
    assert "no time zone for row 2 (Kiezkraft), row 3 (Harbor Bank)" in result.output
    assert not (tmp_path / "interviews.toml").exists()


def test_a_tracker_sheet_with_a_zone_column_imports_every_column_it_has(
    tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    with_zone = (
        HEADER
        + ",Time Zone\n"
        + "".join(
            line + f",{zone}\n"
            for line, zone in zip(
                ROWS.splitlines(),
                ("Europe/Berlin", "America/New_York", "Europe/London"),
                strict=True,
            )
        )
    )
    (tmp_path / "tracker.csv").write_text(with_zone)
    result = cli("import", "tracker.csv", "--now", "2026-11-01T08:00")
    assert result.exit_code == 0, result.output
    assert "left out 1 row(s) with no interview yet" in result.output  # Fenwick: Applied
    document = tomllib.loads((tmp_path / "interviews.toml").read_text())
    kiez, bank = document["interview"]
    assert kiez["role"] == "Backend Engineer"  # from "Position"
    assert kiez["date"].isoformat() == "2026-11-20T10:00:00"  # the Time column joined
    assert bank["date"].isoformat() == "2026-11-24T14:30:00"
    assert kiez["contacts"][0]["email"] == "jonas@kiezkraft.example"
    assert bank["contacts"][0]["phone"] == "(212) 555-0187"
    assert "status" not in kiez  # "Interviewed": waiting, the default


def test_tz_says_every_row_shares_one_zone(tmp_path: Path):
    path = tmp_path / "tracker.csv"
    path.write_text(HEADER + "\n" + ROWS)
    result = cli("plan", str(path), "--tz", "America/Toronto", "--now", "2026-11-01T08:00")
    assert result.exit_code == 0, result.output


def test_an_empty_position_names_its_column(tmp_path: Path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Position,Date,Timezone,Contact\nKiezkraft,,2026-11-20,UTC,Jonas\n")
    with pytest.raises(InputError) as refused:
        load_entries([path], "UTC")
    assert "field 'role': is required (column B, 'Position')" in str(refused.value)


def test_a_missing_role_column_says_which_to_add(tmp_path: Path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Date,Timezone,Contact\nKiezkraft,2026-11-20,UTC,Jonas\n")
    with pytest.raises(InputError) as refused:
        load_entries([path], "UTC")
    assert "the sheet has no role column" in str(refused.value)


@pytest.mark.parametrize(
    ("word", "state"),
    [
        ("Interviewed", None), ("Interviewing", None), ("Phone Screen", None),
        ("Offer", "offer"), ("Negotiating", "offer"), ("Rejected", "rejected"),
        ("Not Selected", "rejected"), ("I Withdrew", "withdrawn"), ("Accepted", "accepted"),
        ("heard-back", "heard-back"),
    ],
)  # fmt: skip
def test_tracker_statuses_map_onto_followcals(tmp_path: Path, word: str, state: str | None):
    path = tmp_path / "tracker.csv"
    path.write_text(
        f"Company,Role,Date,Timezone,Contact,Status\nKiez,Dev,2026-11-20 10:00,UTC,Jonas,{word}\n"
    )
    (entry,) = load_entries([path], "UTC").interviews
    assert entry.status == (state or "waiting")


@pytest.mark.parametrize("word", ["Ghosted", "No Response", "Declined", "Closed"])
def test_statuses_that_do_not_say_what_happened_are_explained(tmp_path: Path, word: str):
    path = tmp_path / "tracker.csv"
    path.write_text(
        f"Company,Role,Date,Timezone,Contact,Status\nKiez,Dev,2026-11-20 10:00,UTC,Jonas,{word}\n"
    )
    with pytest.raises(InputError) as refused:
        load_entries([path], "UTC")
    message = str(refused.value)
    assert f"row 2, field 'status': '{word}'" in message
    assert "Withdrawn" in message or "Rejected" in message


def test_an_unknown_status_says_what_to_write(tmp_path: Path):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Company,Role,Date,Timezone,Contact,Stage\nKiez,Dev,2026-11-20 10:00,UTC,Jonas,Purple\n"
    )
    with pytest.raises(InputError) as refused:
        load_entries([path], "UTC")
    assert "'Purple' is not a status followcal knows: write Interviewing" in str(refused.value)


@pytest.mark.parametrize(
    ("cell", "clock"),
    [("14:00", "14:00"), ("2:00 PM", "14:00"), ("2 pm", "14:00"), ("14.30", "14:30"),
     ("9h15", "09:15"), ("0.5833333", "14:00"), ("12:00 AM", "00:00")],
)  # fmt: skip
def test_a_time_column_is_read_as_sheets_show_it(tmp_path: Path, cell: str, clock: str):
    path = tmp_path / "tracker.csv"
    path.write_text(f"Company,Role,Date,Time,Timezone,Contact\nKiez,Dev,2026-11-20,{cell},UTC,J\n")
    (entry,) = load_entries([path], "UTC").interviews
    assert f"{entry.start:%H:%M}" == clock


def test_a_time_column_that_contradicts_the_date_is_refused(tmp_path: Path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,Date,Time,Timezone,Contact\nK,Dev,2026-11-20 10:00,14:00,UTC,J\n")
    with pytest.raises(InputError, match="the date says 10:00 and the time column 14:00"):
        load_entries([path], "UTC")


# Status words from sources read only after the mapping was written (never tuned on): how
# many of them followcal maps or explains is a measured figure, not a target to tune to.
HELD_OUT = {
    "https://www.qarera.com/blog/job-application-tracker-vs-spreadsheet": [
        "Applied", "Phone screen scheduled", "Waiting to hear back", "Rejected", "Offer",
    ],
    "http://srahberry.com/?m=20080415": ["initial contact", "met with them", "follow up"],
}  # fmt: skip
# A second held-out set, read in stop 22 from the stored public pages of six trackers and
# guides (none of them Teal or Simplify: no copy of their lists is stored). Not tuned on:
# a word missed here is refused at import with the list of words that work.
HELD_OUT_2 = {
    "https://www.orbitjobs.ai/support/jobs/jobs-statuses": [
        "Bookmarked", "Applied", "Screening", "Interviewing", "Offer", "Accepted", "Rejected",
        "Withdrawn", "Ghosted",
    ],
    "https://resumedit.com/help/track-status": [
        "Saved", "Applied", "Interview", "Offer", "Rejected", "Withdrawn",
    ],
    "https://landing-dearhiring-team.pages.dev/docs/statuses": [
        "New", "Initial", "Interview", "No Feedback", "Rejected", "Offer", "Accepted",
        "Declined", "Canceled",
    ],
    "https://www.clearedtalentconnect.com/support/job-search/tracking-your-applications": [
        "Applied", "Phone Screen", "Technical Interview", "Final Interview", "Offer", "Hired",
        "Rejected",
    ],
    "https://builderbot2000.github.io/careerindex/spec/application-tracking": [
        "favorited", "applied", "interviewing", "offer", "rejected", "ghosted",
    ],
    "https://hiretea.com/application-status/": [
        "saved", "not applied", "applied", "in review", "action needed", "interview invited",
        "offer", "final decision", "closed", "paused",
    ],
}  # fmt: skip


def _covered(held_out: dict[str, list[str]]) -> tuple[int, int]:
    words = [word for found in held_out.values() for word in found]
    known = {*STATUS_WORDS, *PRE_INTERVIEW, *UNCLEAR_STATUSES, *STATUSES}
    return sum(status_key(word) in known for word in words), len(words)


def test_held_out_status_words_coverage_is_what_the_report_says():
    assert _covered(HELD_OUT) >= (4, 8)  # measured: 4 of 8 (Applied, Rejected, Offer, follow up)
    # measured in stop 22: 39 of 47; missed: Initial, No Feedback, Canceled, not applied,
    # action needed, interview invited, final decision, paused
    assert _covered(HELD_OUT_2) >= (39, 47)


@pytest.mark.parametrize("word", ["No Feedback", "paused", "interview invited"])
def test_a_held_out_word_followcal_does_not_know_is_refused_with_the_words_that_work(
    tmp_path: Path, word: str
):
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Company,Position,Interview Date,Time,Time Zone,Status\n"
        f"Kiezkraft,Engineer,2026-11-20,10:00,Europe/Berlin,{word}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(sheet)])
    assert result.exit_code != 0 and "Traceback" not in result.stderr
    assert word in result.stderr and "tracker.csv" in result.stderr
