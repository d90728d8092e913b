"""`add` asks the interview's time on the company's clock and shows both clocks back; a
missed thank-you is said, with the late one etiquette allows (issue 16)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from followcal.cli import main

CANDIDATE = '[candidate]\nname = "Priya Raman"\ntimezone = "America/Toronto"\n'


def cli(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_add_asks_the_time_on_the_companys_clock_and_shows_both(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("followcal.cli.asking.stdin_is_terminal", lambda: True)
    path = tmp_path / "interviews.toml"
    path.write_text(CANDIDATE)
    answers = ["Kiezkraft", "Backend Engineer", "Europe/Berlin", "2026-11-20 10:00", "", "",
               "Jonas Weber", "", "jonas@kiezkraft.example", "", "", "n", "", "", "", "", "n",
               "n"]  # fmt: skip
    result = cli("add", "-f", str(path), "--now", "2026-11-10", stdin="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "on Kiezkraft's clock (Europe/Berlin)" in result.output
    both = "Fri 2026-11-20 10:00 CET in Europe/Berlin, 04:00 EST on your clock (America/Toronto)"
    assert f"That is {both}." in result.output
    assert f"the interview is {both}" in result.output
    assert "date = 2026-11-20T10:00:00" in path.read_text()


def test_an_interview_added_late_says_the_thank_you_was_missed(tmp_path: Path):
    path = tmp_path / "interviews.toml"
    path.write_text(CANDIDATE)
    result = cli(
        "add", "-f", str(path), "--no-input", "--company", "Kiezkraft", "--role", "Dev",
        "--date", "2026-11-20 10:00", "--timezone", "Europe/Berlin",
        "--contact", "Jonas Weber; jonas@kiezkraft.example", "--now", "2026-11-22T12:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "the thank-you was due" in result.output and "was missed" in result.output
    assert "A late one is still welcome until Fri 2026-11-27" in result.output
    assert "'followcal draft kiezkraft thank-you'" in result.output
    draft = cli("draft", "-f", str(path), "kiezkraft", "thank-you", "--now", "2026-11-22T12:00")
    assert draft.exit_code == 0, draft.output
    assert "Thank you for meeting with me" in draft.output
    generated = cli("generate", "-f", str(path), "-o", str(tmp_path / "f.ics"),
                    "--now", "2026-11-22T12:00")  # fmt: skip
    assert generated.exit_code == 0, generated.output
    assert "A late one is still welcome" in generated.output


def test_past_a_week_the_late_thank_you_is_no_longer_offered(tmp_path: Path):
    path = tmp_path / "interviews.toml"
    path.write_text(CANDIDATE)
    result = cli(
        "add", "-f", str(path), "--no-input", "--company", "Kiezkraft", "--role", "Dev",
        "--date", "2026-11-20 10:00", "--timezone", "Europe/Berlin",
        "--contact", "Jonas Weber; jonas@kiezkraft.example", "--now", "2026-12-01T12:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "a week has passed, so it is no longer worth sending" in result.output
    generated = cli("generate", "-f", str(path), "-o", str(tmp_path / "f.ics"),
                    "--now", "2026-12-01T12:00")  # fmt: skip
    assert "thank-you" not in generated.output
