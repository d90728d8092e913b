"""`import --force` merges: what the file recorded (sent, status, mail seen, offers) is kept,
and what changes is said company by company before anything is written (issue 16)."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from followcal.cli import main
from followcal.entries import load_entries
from followcal.importing import reimport

SHEET = (
    "Company,Position,Interview Date,Time Zone,Interviewer,Interviewer Email\n"
    "Kiezkraft,Backend Engineer,2026-11-20 10:00,Europe/Berlin,Jonas Weber,jonas@kiez.example\n"
    "Harbor Bank,Data Engineer,2026-11-24 14:30,America/New_York,Dana Smith,dana@harbor.example\n"
)
NOW = ["--now", "2026-11-26T08:00"]


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def recorded_file(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tracker.csv").write_text(SHEET)
    assert cli("import", "tracker.csv", *NOW).exit_code == 0
    path = tmp_path / "interviews.toml"
    assert cli("sent", "kiezkraft", "thank-you", "-f", str(path), *NOW).exit_code == 0
    result = cli("status", "harbor-bank", "heard-back", "-f", str(path), *NOW)
    assert result.exit_code == 0, result.output
    return path


def test_a_reimport_keeps_what_the_file_recorded(tmp_path: Path, monkeypatch):
    path = recorded_file(tmp_path, monkeypatch)
    moved = SHEET.replace("2026-11-20 10:00", "2026-11-20 11:00") + (
        "Fenwick,Platform Engineer,2026-11-27 09:00,Europe/London,Ann Lee,ann@fenwick.example\n"
    )
    (tmp_path / "tracker.csv").write_text(moved)
    imported = load_entries([tmp_path / "tracker.csv"], "UTC").interviews
    merge = reimport(path, imported, "UTC", "tracker.csv", date(2026, 11, 26))
    document = tomllib.loads(merge.text)
    kiez, bank, fenwick = document["interview"]
    assert "thank-you" in kiez["sent"]
    assert kiez["date"].isoformat() == "2026-11-20T11:00:00"
    assert bank["status"] == "heard-back"
    assert "sent" not in fenwick and "status" not in fenwick
    said = "\n".join(merge.changes)
    assert (
        "Kiezkraft (kiezkraft): date 2026-11-20 10:00 (Europe/Berlin) -> 2026-11-20 11:00" in said
    )
    assert "Kiezkraft (kiezkraft): keeps what the file recorded: sent thank-you" in said
    assert "Harbor Bank (harbor-bank): keeps what the file recorded: status heard-back" in said
    assert "Fenwick (fenwick): new" in said


def test_an_interview_the_sheet_no_longer_has_is_kept(tmp_path: Path, monkeypatch):
    path = recorded_file(tmp_path, monkeypatch)
    (tmp_path / "tracker.csv").write_text("\n".join(SHEET.splitlines()[:2]) + "\n")
    imported = load_entries([tmp_path / "tracker.csv"], "UTC").interviews
    merge = reimport(path, imported, "UTC", "tracker.csv", date(2026, 11, 26))
    companies = [i["company"] for i in tomllib.loads(merge.text)["interview"]]
    assert companies == ["Kiezkraft", "Harbor Bank"]
    assert any("Harbor Bank (harbor-bank): not in the sheet; kept" in c for c in merge.changes)


def test_the_candidate_table_survives_a_reimport(tmp_path: Path, monkeypatch):
    path = recorded_file(tmp_path, monkeypatch)
    path.write_text('[candidate]\nname = "Priya Raman"\n' + path.read_text())
    imported = load_entries([tmp_path / "tracker.csv"], "UTC").interviews
    merge = reimport(path, imported, "UTC", "tracker.csv", date(2026, 11, 26))
    assert tomllib.loads(merge.text)["candidate"]["name"] == "Priya Raman"


def test_import_force_shows_the_changes_and_asks_before_writing(tmp_path: Path, monkeypatch):
    path = recorded_file(tmp_path, monkeypatch)
    recorded = path.read_text()
    (tmp_path / "tracker.csv").write_text(SHEET.replace("2026-11-20 10:00", "2026-11-20 11:00"))
    refused = cli("import", "tracker.csv", "--force", *NOW)
    assert refused.exit_code == 1
    assert "Kiezkraft (kiezkraft): date 2026-11-20 10:00 (Europe/Berlin)" in refused.output
    assert "no terminal to ask at" in refused.output
    assert path.read_text() == recorded
    looked = cli("import", "tracker.csv", "--force", "--dry-run", *NOW)
    assert looked.exit_code == 0 and "Dry run" in looked.output
    assert path.read_text() == recorded
    done = cli("import", "tracker.csv", "--force", "--yes", *NOW)
    assert done.exit_code == 0, done.output
    document = tomllib.loads(path.read_text())
    kiez, bank = document["interview"]
    assert "thank-you" in kiez["sent"] and bank["status"] == "heard-back"
    # the heard-back is kept: no follow-up is planned again to a company that answered
    import json

    plan = json.loads(cli("plan", "--json", "-f", str(path), *NOW).stdout)
    assert plan and not [a for a in plan if a["interview"] == "harbor-bank" and not a["done"]
                         and a["step_id"].startswith("follow-up")]  # fmt: skip


def test_import_asks_each_companys_zone_at_a_terminal(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("followcal.cli.asking.stdin_is_terminal", lambda: True)
    no_zones = "Company,Position,Interview Date,Interviewer\n" + (
        "Kiezkraft,Backend Engineer,2026-11-20 10:00,Jonas Weber\n"
        "Harbor Bank,Data Engineer,2026-11-24 14:30,Dana Smith\n"
    )
    (tmp_path / "tracker.csv").write_text(no_zones)
    result = CliRunner().invoke(
        main, ["import", "tracker.csv", *NOW], input="CET\nEurope/Berlin\nAmerica/New_York\n"
    )
    assert result.exit_code == 0, result.output
    assert "Time zone of Kiezkraft" in result.output and "Time zone of Harbor Bank" in result.output
    assert "Europe/Berlin" in result.output  # CET refused, naming the likely zones
    kiez, bank = tomllib.loads((tmp_path / "interviews.toml").read_text())["interview"]
    assert (kiez["timezone"], bank["timezone"]) == ("Europe/Berlin", "America/New_York")
