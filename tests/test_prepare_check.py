"""`prepare` reaches the mailbox even when nothing is due, so a cron job with a wrong
--imap fails today, not on the morning a follow-up is due (issue 16). Real Dovecot."""

from __future__ import annotations

from pathlib import Path

from tests.dovecot_server import PASSWORD, DovecotServer
from tests.dovecot_server import dovecot as dovecot
from tests.helpers import invoke, write_interviews

FILE = """\
[candidate]
name = "Alex Morgan"
email = "alex.morgan@example.com"

[[interview]]
id = "acme"
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00
timezone = "America/New_York"
sent = { thank-you = 2026-11-20T18:00:00 }

[[interview.contacts]]
name = "Dana Smith"
email = "dana.smith@acme.example"
"""
# Nothing is due on this day: the thank-you went, the first follow-up is a week away.
QUIET_DAY = ["--now", "2026-11-23T08:00"]


def prepare(tmp_path: Path, *args: str, password: str = PASSWORD):
    data = write_interviews(tmp_path, FILE)
    return invoke(
        ["prepare", "-f", str(data), *args, *QUIET_DAY],
        env={"FOLLOWCAL_IMAP_PASSWORD": password},
    )  # fmt: skip


def test_a_wrong_password_fails_even_when_nothing_is_due(dovecot: DovecotServer, tmp_path):
    user, _ = dovecot.add_user(PASSWORD)
    args = ("--imap", dovecot.url, "--username", user)
    wrong = prepare(tmp_path, *args, password="not-the-password")
    assert wrong.exit_code != 0, wrong.output
    right = prepare(tmp_path, *args)
    assert right.exit_code == 0, right.output
    assert "No email is due today; the mailbox and its Drafts folder are reachable" in (
        right.output
    )


def test_a_closed_port_fails_even_when_nothing_is_due(tmp_path):
    from tests.dovecot_server import free_port

    result = prepare(tmp_path, "--imap", f"imap://127.0.0.1:{free_port()}", "--username", "x")
    assert result.exit_code != 0
    assert "No email is due" not in result.output


def test_a_maildir_instead_of_imap_fails_even_when_nothing_is_due(tmp_path):
    result = prepare(tmp_path, "--maildir", str(tmp_path))
    assert result.exit_code == 2
    assert "needs --imap URL" in result.output
