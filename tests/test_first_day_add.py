"""`add` asks the interview's time on the company's clock and shows both clocks back; a
missed thank-you is said, with the late one etiquette allows (issue 16)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import invoke, write_interviews

CANDIDATE = '[candidate]\nname = "Priya Raman"\ntimezone = "America/Toronto"\n'


def cli(*args: str, stdin: str | None = None):
    return invoke(list(args), input=stdin)


def test_add_asks_the_time_on_the_companys_clock_and_shows_both(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("followcal.cli.asking.stdin_is_terminal", lambda: True)
    path = write_interviews(tmp_path, CANDIDATE)
    answers = ["Kiezkraft", "Backend Engineer", "Europe/Berlin", "2026-11-20 10:00", "", "",
               "Jonas Weber", "", "jonas@kiezkraft.example", "", "", "n", "de", "", "", "", "",
               "n", "n"]  # fmt: skip
    result = cli("add", "-f", str(path), "--now", "2026-11-10", stdin="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "on Kiezkraft's clock (Europe/Berlin)" in result.output
    both = "Fri 2026-11-20 10:00 CET in Europe/Berlin, 04:00 EST on your clock (America/Toronto)"
    assert f"That is {both}." in result.output
    assert f"the interview is {both}" in result.output
    assert "date = 2026-11-20T10:00:00" in path.read_text()
    assert 'language = "de"' in path.read_text()  # asked, as Berlin suggests German


def add_kiezkraft(path: Path, now: str):
    """`add` without questions: a Berlin interview on 2026-11-20 10:00, as of `now`."""
    return cli(
        "add", "-f", str(path), "--no-input", "--company", "Kiezkraft", "--role", "Dev",
        "--date", "2026-11-20 10:00", "--timezone", "Europe/Berlin",
        "--contact", "Jonas Weber; jonas@kiezkraft.example", "--now", now,
    )  # fmt: skip


def test_an_interview_added_late_says_the_thank_you_was_missed(tmp_path: Path):
    path = write_interviews(tmp_path, CANDIDATE)
    result = add_kiezkraft(path, now="2026-11-22T12:00")
    assert result.exit_code == 0, result.output
    assert "the thank-you was due" in result.output and "was missed" in result.output
    assert "A late one is still welcome until Fri 2026-11-27" in result.output
    assert f"'followcal draft kiezkraft thank-you -f {path}'" in result.output
    draft = cli("draft", "-f", str(path), "kiezkraft", "thank-you", "--now", "2026-11-22T12:00")
    assert draft.exit_code == 0, draft.output
    assert "Thank you for meeting with me" in draft.output
    generated = cli("generate", "-f", str(path), "-o", str(tmp_path / "f.ics"),
                    "--now", "2026-11-22T12:00")  # fmt: skip
    assert generated.exit_code == 0, generated.output
    assert "A late one is still welcome" in generated.output


def test_past_a_week_the_late_thank_you_is_no_longer_offered(tmp_path: Path):
    path = write_interviews(tmp_path, CANDIDATE)
    result = add_kiezkraft(path, now="2026-12-01T12:00")
    assert result.exit_code == 0, result.output
    assert "a week has passed, so it is no longer worth sending" in result.output
    generated = cli("generate", "-f", str(path), "-o", str(tmp_path / "f.ics"),
                    "--now", "2026-12-01T12:00")  # fmt: skip
    assert "thank-you" not in generated.output


# -- draft --eml refuses what is not a file before reading it (issue 16) --------------------

EML_FILE = (
    CANDIDATE
    + """
[[interview]]
id = "kiez"
company = "Kiezkraft"
role = "Dev"
date = 2026-11-20T10:00:00
timezone = "Europe/Berlin"

[[interview.contacts]]
name = "Jonas Weber"
email = "jonas@kiezkraft.example"
"""
)


def test_draft_eml_to_a_folder_is_refused_without_a_traceback(tmp_path: Path):
    path = write_interviews(tmp_path, EML_FILE)
    folder = tmp_path / "drafts"
    folder.mkdir()
    result = cli("draft", "-f", str(path), "kiez", "thank-you", "--eml", str(folder),
                 "--now", "2026-11-20T12:00")  # fmt: skip
    assert result.exit_code == 7, result.output
    assert "is a folder" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_draft_eml_to_a_fifo_is_refused_without_waiting(tmp_path: Path):
    import os
    import subprocess
    import sys

    path = write_interviews(tmp_path, EML_FILE)
    fifo = tmp_path / "draft.eml"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "followcal", "draft", "-f", str(path), "kiez", "thank-you",
         "--eml", str(fifo), "--now", "2026-11-20T12:00"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 7, done.stderr
    assert "not a regular file" in done.stderr


def test_the_late_thank_you_hint_after_generate_names_the_file_it_read(tmp_path, monkeypatch):
    # `make sample` runs `generate samples/`: the hinted commands must find the interview
    # when typed as shown, from the same folder, where there is no interviews.toml.
    import re
    import shlex
    import shutil

    # A copy: `sent --dry-run` takes the edit lock, whose file must not land in the checkout.
    samples = tmp_path / "samples"
    shutil.copytree(Path(__file__).parent.parent / "samples", samples)
    monkeypatch.chdir(tmp_path)
    now = ["--now", "2026-11-25T08:00"]
    generated = cli("generate", str(samples), "-o", "f.ics", *now)
    assert generated.exit_code == 0, generated.output
    hinted = re.findall(r"'followcal (draft acme-backend thank-you[^']*)'", generated.output)
    assert hinted, generated.output
    draft = cli(*shlex.split(hinted[0]), *now)
    assert draft.exit_code == 0, draft.output
    assert "Hi Dana" in draft.output
    sent = re.findall(r"'followcal (sent acme-backend thank-you[^']*)'", generated.output)
    assert sent and cli(*shlex.split(sent[0]), "--dry-run", *now).exit_code == 0


def test_the_late_hint_for_a_missed_card_does_not_say_the_draft_is_an_email(tmp_path):
    samples = Path(__file__).parent.parent / "samples" / "interviews.toml"
    now = ["--now", "2026-11-25T08:00"]
    generated = cli("generate", "-f", str(samples), "-o", str(tmp_path / "f.ics"), *now)
    assert generated.exit_code == 0, generated.output
    hartwell = next(line for line in generated.output.splitlines() if "(hartwell-" in line)
    assert "shows the card's words to put in it" in hartwell, hartwell
    acme = next(line for line in generated.output.splitlines() if "(acme-backend)" in line)
    assert "thank-you -f " in acme and "' shows it," in acme, acme
