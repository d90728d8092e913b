"""followcal inbox on local mail (Maildir, mbox), the classifier, drafts as .eml files.

The IMAP side, against a real Dovecot, is in test_mail_imap.py.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from followcal.cli import main
from followcal.mail.classifying import classify, return_date
from followcal.mail.message import parse_message
from followcal.mail.sources import DRAFTS_NAMES, SENT_NAMES, is_this_computer, pick_folder
from tests.helpers import interview, plan_for
from tests.mail_corpus import corpus


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)


def inbox_json(*source: str, file: Path = corpus.INTERVIEWS) -> list[dict]:
    result = run_cli("inbox", "-f", str(file), *source, "--json", "--now", corpus.NOW)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_targets(found: list[dict]) -> corpus.Score:
    score = corpus.score(corpus.from_json(found))
    assert score.wrong_closing == []
    assert score.recall >= 0.95, score.mismatches
    return score


def test_the_corpus_is_large_and_varied():
    entries = corpus.manifest()
    assert len(entries) >= 80
    kinds = {e["kind"] for e in entries}
    assert kinds >= {
        "reply",
        "rejection",
        "invitation",
        "offer",
        "automatic",
        "out-of-office",
        "sent",
        "unrelated",
    }
    senders = " ".join(p.read_text(errors="replace") for p in corpus.files("inbox"))
    for ats in (
        "greenhouse-mail.io",
        "hire.lever.co",
        "ashbyhq.com",
        "myworkday.com",
        "smartrecruiters.com",
        "icims.com",
        "workablemail.com",
        "teamtailor-mail.com",
        "personio.de",
        "recruitee.com",
    ):
        assert ats in senders


def test_maildir_scan_meets_the_accuracy_targets(tmp_path):
    root = corpus.write_maildir(tmp_path / "Mail")
    score = assert_targets(inbox_json("--maildir", str(root)))
    assert score.mismatches == []


def test_mbox_scan_meets_the_accuracy_targets(tmp_path):
    folder = corpus.write_mbox(tmp_path / "Local Folders")
    score = assert_targets(inbox_json("--mbox", str(folder)))
    assert score.mismatches == []


def test_local_scan_changes_no_file(tmp_path):
    root = corpus.write_maildir(tmp_path / "Mail")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    inbox_json("--maildir", str(root))
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    assert before == after


def test_json_objects_have_the_documented_keys(tmp_path):
    found = inbox_json("--maildir", str(corpus.write_maildir(tmp_path / "M")))
    keys = {"interview", "message_id", "date", "from", "subject", "kind", "evidence", "change"}
    assert found and all(keys <= set(item) for item in found)
    assert {item["kind"] for item in found} <= {
        "reply",
        "rejection",
        "invitation",
        "offer",
        "automatic",
        "out-of-office",
        "sent",
    }
    rejection = next(
        i for i in found if i["message_id"].endswith("i05-dana-rejection@mail.acme.example>")
    )
    assert rejection["change"] == "status heard-back -> rejected"
    assert "another candidate" in rejection["evidence"]


def test_apply_records_once_and_never_proposes_again(tmp_path):
    data = tmp_path / "interviews.toml"
    shutil.copy(corpus.INTERVIEWS, data)
    root = corpus.write_maildir(tmp_path / "Mail")
    args = ("inbox", "-f", str(data), "--maildir", str(root), "--now", corpus.NOW)
    refused = run_cli(*args, "--apply")  # not a terminal, no --yes
    assert refused.exit_code == 2 and "--yes" in refused.output
    assert data.read_bytes() == corpus.INTERVIEWS.read_bytes()
    applied = run_cli(*args, "--apply", "--yes")
    assert applied.exit_code == 0, applied.output
    text = data.read_text()
    assert 'status = "rejected"' in text and "mail_seen = [" in text
    assert "back_on = 2026-12-10" in text  # Margaret Hale is away until 9 December
    again = inbox_json("--maildir", str(root), file=data)
    assert all(item["change"] is None for item in again)
    plan = run_cli("plan", str(data), "--now", corpus.NOW, "--json")
    assert plan.exit_code == 0, plan.output


def test_apply_asks_before_each_change_on_a_terminal(tmp_path, monkeypatch):
    data = tmp_path / "interviews.toml"
    shutil.copy(corpus.INTERVIEWS, data)
    root = corpus.write_maildir(tmp_path / "Mail")
    monkeypatch.setattr("followcal.cli.asking.stdin_is_terminal", lambda: True)
    answers = "n\n" * 200
    result = run_cli(
        "inbox",
        "-f",
        str(data),
        "--maildir",
        str(root),
        "--now",
        corpus.NOW,
        "--apply",
        input=answers,
    )
    assert result.exit_code == 0, result.output
    assert "Record acme-backend" in result.output
    assert data.read_bytes() == corpus.INTERVIEWS.read_bytes()  # every one declined


# -- the classifier ---------------------------------------------------------------------

SENT_AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def message(
    body: str,
    subject: str = "Re: your application",
    sender: str = "dana@acme.example",
    headers: str = "",
) -> object:
    raw = (
        f"From: Dana <{sender}>\r\nTo: alex@example.com\r\nSubject: {subject}\r\n"
        f"Date: Wed, 02 Dec 2026 09:00:00 +0000\r\nMessage-ID: <x@y>\r\n{headers}\r\n{body}"
    )
    parsed = parse_message(raw.encode(), "inbox")
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("We have decided not to move forward with your application.", "rejection"),
        (
            "Thanks! We'll decide next week.\n\nOn Mon, Alex wrote:\n> if you decided not to "
            "move forward, please tell me",
            "reply",
        ),
        ("Thanks!\n> we are pursuing other candidates", "reply"),
        ("I regret to inform you that the panel moved to Friday.", "reply"),
        ("We would like to invite you to a second interview.", "invitation"),
        ("We are delighted to extend an offer to you.", "offer"),
        ("Leider haben wir uns gegen Ihre Bewerbung entschieden.", "rejection"),
        ("Nous avons retenu un autre candidat.", "rejection"),
    ],
)
def test_kinds(body, kind):
    assert classify(message(body), from_ats=False).kind == kind  # type: ignore[arg-type]


def test_a_newsletter_is_automatic_whatever_it_says():
    news = message(
        "We decided not to move forward with the old dashboard.",
        headers="List-Id: <news.acme.example>\r\n",
    )
    assert classify(news, from_ats=False).kind == "automatic"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("I am out of the office until Wednesday 9 December.", date(2026, 12, 10)),
        ("I'll be back on Monday, 7 December.", date(2026, 12, 7)),
        ("Ich bin bis zum 04.12.2026 nicht im Büro.", date(2026, 12, 5)),
        ("Je serai de retour le 7 décembre.", date(2026, 12, 7)),
        ("I will return on 2027-01-04.", date(2027, 1, 4)),
        ("I'm travelling with limited access to email.", None),
    ],
)
def test_return_dates(text, back):
    assert return_date(text, SENT_AT) == back


def test_folder_discovery_by_special_use_then_names():
    listing = [
        ((b"\\HasNoChildren",), "INBOX"),
        ((b"\\Sent",), "Gesendete Objekte"),
        ((), "Sent"),
        ((), "Brouillons"),
    ]
    assert pick_folder(listing, "\\Sent", SENT_NAMES) == "Gesendete Objekte"
    assert pick_folder(listing, "\\Drafts", DRAFTS_NAMES) == "Brouillons"
    assert pick_folder([((), "INBOX.Sent Items")], "\\Sent", SENT_NAMES) == "INBOX.Sent Items"
    assert pick_folder([((), "[Gmail]/Sent Mail")], "\\Sent", SENT_NAMES) == "[Gmail]/Sent Mail"
    assert pick_folder([((), "Archive")], "\\Sent", SENT_NAMES) is None


@pytest.mark.parametrize("name", ["passwd", "one-message.eml"])
def test_a_file_that_is_not_an_mbox_is_an_error_not_no_mail(tmp_path, name):
    not_mbox = tmp_path / name
    if name == "passwd":
        not_mbox.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    else:
        shutil.copy(corpus.files("inbox")[0], not_mbox)
    result = run_cli("inbox", "-f", str(corpus.INTERVIEWS), "--mbox", str(not_mbox),
                     "--now", corpus.NOW)  # fmt: skip
    assert result.exit_code == 20, result.output
    assert f"{not_mbox}: not an mbox file" in result.stderr and "No mail" not in result.output


def test_an_empty_or_blank_mbox_is_no_mail(tmp_path):
    for text in ("", "\n\n"):
        empty = tmp_path / "Inbox"
        empty.write_text(text, encoding="utf-8")
        result = run_cli("inbox", "-f", str(corpus.INTERVIEWS), "--mbox", str(empty),
                         "--now", corpus.NOW)  # fmt: skip
        assert result.exit_code == 0, result.output


def test_a_mistyped_imap_url_is_said_before_any_password_is_asked_for():
    result = run_cli("inbox", "-f", str(corpus.INTERVIEWS), "--imap", "bogus://mail.example",
                     "--username", "me", input="secret\n")  # fmt: skip
    assert result.exit_code == 6 and "not an IMAP URL" in result.stderr, result.output
    assert "password" not in result.output.casefold()


def test_an_imap_url_with_a_password_is_refused_without_showing_it():
    for url in ("imap:/me:hunter2@mail.example", "imaps://me:hunter2@mail.example"):
        # A password found (so the URL is what is checked, whatever the order of checks)
        result = run_cli("inbox", "-f", str(corpus.INTERVIEWS), "--imap", url,
                         "--username", "me", env={"FOLLOWCAL_IMAP_PASSWORD": "pw"})  # fmt: skip
        assert result.exit_code == 6 and "hunter2" not in result.output, result.output


def test_plain_text_only_to_loopback():
    assert all(map(is_this_computer, ["127.0.0.1", "::1", "localhost", "127.0.0.2"]))
    assert not any(map(is_this_computer, ["192.0.2.10", "2001:db8::1", "no-such-host.invalid"]))


def test_back_on_moves_the_next_follow_up_past_the_return():
    now = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    plain = plan_for(interview(), now=now)
    away = plan_for(interview(back_on=date(2026, 11, 30)), now=now)
    first = next(a for a in plain if a.step.id == "follow-up-1")
    moved = next(a for a in away if a.step.id == "follow-up-1")
    assert first.start.date() <= date(2026, 11, 30)
    assert moved.start.date() == date(2026, 12, 1)  # Tuesday: the business morning after


# -- one draft as an .eml file -------------------------------------------------------------


def test_draft_eml_opens_as_an_unsent_draft(tmp_path):
    target = tmp_path / "follow-up.eml"
    result = run_cli(
        "draft",
        "-f",
        str(corpus.INTERVIEWS),
        "acme-data",
        "follow-up-1",
        "--eml",
        str(target),
        "--now",
        "2026-11-25T08:00",
    )
    assert result.exit_code == 0, result.output
    mail = message_from_bytes(target.read_bytes(), policy=policy.default)
    assert mail["X-Unsent"] == "1"
    assert mail["To"] == "Riya Patel <riya.patel@acme.example>"
    assert mail["From"] == "Alex Morgan <alex.morgan@example.com>"
    assert mail["Subject"] and "Riya" in mail.get_body().get_content()
    assert mail["Message-ID"].endswith("@example.com>") and "followcal" not in mail.as_string()
    mine = target.read_bytes()
    user_file = tmp_path / "mine.eml"
    user_file.write_bytes(b"From: me\r\n\r\nmy own draft\r\n")
    refused = run_cli(
        "draft",
        "-f",
        str(corpus.INTERVIEWS),
        "acme-data",
        "follow-up-1",
        "--eml",
        str(user_file),
        "--now",
        "2026-11-25T08:00",
    )
    assert refused.exit_code != 0 and user_file.read_bytes() == b"From: me\r\n\r\nmy own draft\r\n"
    again = run_cli(
        "draft",
        "-f",
        str(corpus.INTERVIEWS),
        "acme-data",
        "follow-up-1",
        "--eml",
        str(target),
        "--now",
        "2026-11-25T08:00",
    )
    assert again.exit_code == 0 and target.read_bytes().split(b"\n")[0] == mine.split(b"\n")[0]


def test_config_refuses_a_mail_password(isolated_config):
    (isolated_config / "config.toml").write_text(
        '[mail]\nimap = "imaps://x"\npassword = "hunter2"\n'
    )
    result = run_cli("inbox", "-f", str(corpus.INTERVIEWS))
    assert result.exit_code != 0
    assert "hunter2" not in result.output and "[mail] must not hold a password" in result.output


def test_broken_mail_files_are_skipped_not_fatal(tmp_path):
    root = corpus.write_maildir(tmp_path / "Mail")
    (root / "cur" / "garbage:2,S").write_bytes(b"\x00\xff\xfe not a message \x80\r\n\r\n")
    (root / "cur" / "no-date:2,S").write_bytes(
        b"From: dana.smith@acme.example\r\nSubject: =?utf-8?q?broken=ZZ?=\r\n\r\nHello\r\n"
    )
    (root / "cur" / "bad-charset:2,S").write_bytes(
        b"From: Dana <dana.smith@acme.example>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n"
        b"Message-ID: <b@c>\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\n"
        b"We decided not to move forward with your application.\r\n"
    )
    found = inbox_json("--maildir", str(root))
    assert len(found) >= 70


def test_phone_steps_are_never_marked_from_mail(tmp_path):
    data = tmp_path / "interviews.toml"
    data.write_text(
        corpus.INTERVIEWS.read_text().replace(
            'id = "acme-data"', 'id = "acme-data"\nprofile = "persistent"', 1
        )
    )
    found = inbox_json("--maildir", str(corpus.write_maildir(tmp_path / "M")), file=data)
    sends = [i for i in found if i["interview"] == "acme-data" and i["kind"] == "sent"]
    assert sends
    for item in sends:
        step = (item["proposal"] or {}).get("step")
        assert step is None or not step.startswith("call")


QUOTE_STYLES = (
    "Thanks, Alex!\n\n{lines}",
    "Thanks, Alex!\n\nOn Mon, 30 Nov 2026, Alex wrote:\n{text}",
    "Danke!\n\nAm 30.11.2026 um 10:00 schrieb Alex:\n{text}",
)


@given(st.text(min_size=1, max_size=300), st.sampled_from(QUOTE_STYLES))
def test_quoted_words_never_close_an_interview(quoted, style):
    lines = "\n".join(f"> {line}" for line in quoted.splitlines() or [quoted])
    body = style.format(lines=lines, text=quoted)
    verdict = classify(message(body, subject="Re: checking in"), from_ats=False)  # type: ignore[arg-type]
    assert verdict.kind == "reply"


def test_escape_sequences_in_mail_never_reach_the_terminal(tmp_path):
    root = corpus.write_maildir(tmp_path / "Mail")
    (root / "cur" / "evil:2,S").write_bytes(
        b"From: =?utf-8?q?Dana_=1B[2J=1B]0;pwned=07?= <dana.smith@acme.example>\r\n"
        b"Subject: =?utf-8?q?Re:_hello_=1B[31mred=E2=80=AEtxt.exe?=\r\n"
        b"Date: Fri, 04 Dec 2026 10:00:00 +0000\r\nMessage-ID: <evil@acme.example>\r\n\r\n"
        b"Thanks \x1b[2J for your note!\r\n"
    )
    result = run_cli("inbox", "-f", str(corpus.INTERVIEWS), "--maildir", str(root),
                     "--now", corpus.NOW)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "\x1b" not in result.output
        and "\u202e" not in result.output
        and "\x07" not in result.output
    )
    assert "red" in result.output


def test_a_step_to_everyone_goes_to_the_first_with_the_others_in_cc(tmp_path):
    target = tmp_path / "f.eml"
    result = run_cli("draft", "-f", str(corpus.INTERVIEWS), "acme-backend", "follow-up-1",
                     "--eml", str(target), "--now", "2026-11-21T08:00")  # fmt: skip
    assert result.exit_code == 0, result.output
    mail = message_from_bytes(target.read_bytes(), policy=policy.default)
    assert mail["To"] == "Dana Smith <dana.smith@acme.example>"
    assert mail["Cc"] == "Lee Park <lee.park@acme.example>"


def test_prepare_dry_run_lists_the_next_days_without_a_mailbox():
    args = ("prepare", "-f", str(corpus.INTERVIEWS), "--now", "2026-11-20T08:00", "--dry-run")
    today = run_cli(*args)
    assert today.exit_code == 0, today.output
    week = run_cli(*args, "--days", "7")
    assert week.exit_code == 0, week.output
    assert today.output.count("would add") < week.output.count("would add")


def test_mail_settings_come_from_the_config(tmp_path, isolated_config):
    root = corpus.write_maildir(tmp_path / "Mail")
    (isolated_config / "config.toml").write_text(f'[mail]\nmaildir = "{root}"\n')
    result = run_cli("inbox", "-f", str(corpus.INTERVIEWS), "--now", corpus.NOW, "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == len(inbox_json("--maildir", str(root)))
    nothing = run_cli("inbox", "-f", str(corpus.INTERVIEWS), "--maildir", str(tmp_path / "none"))
    assert nothing.exit_code == 20 and "no such file or folder" in nothing.output
