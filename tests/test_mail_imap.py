"""followcal inbox and prepare against a real Dovecot on 127.0.0.1 (see dovecot_server.py).

Never skipped: without Dovecot (or without root, which it needs to drop privileges) the
session fixture fails with what to install.
"""

from __future__ import annotations

import json
import shutil
from email import message_from_bytes, policy
from pathlib import Path

import imapclient
import pytest

from tests.dovecot_server import (
    DRAFTS_FOLDER,
    PASSWORD,
    SENT_FOLDER,
    DovecotServer,
)
from tests.helpers import invoke, write_interviews
from tests.mail_corpus import corpus


def run_cli(*args: str, env: dict[str, str] | None = None):
    return invoke(list(args), env=env, catch_exceptions=False)


@pytest.fixture
def account(dovecot: DovecotServer) -> tuple[DovecotServer, str]:
    """A user whose INBOX and Sent folder hold the corpus (with mixed flags)."""
    user, _ = dovecot.add_user(PASSWORD)
    dovecot.deliver(user, "INBOX", corpus.messages_with_flags("inbox"))
    dovecot.deliver(user, SENT_FOLDER, corpus.messages_with_flags("sent"))
    return dovecot, user


def _fetch_all(client: imapclient.IMAPClient, items: list[str]) -> dict:
    uids = client.search(["ALL"])
    return client.fetch(uids, items) if uids else {}


def imap_flags(server: DovecotServer, user: str) -> dict[str, list]:
    """Every message's flags in every folder, read the way a mail program would (EXAMINE)."""
    client = imapclient.IMAPClient(server.host, port=server.port, ssl=False)
    client.plain_login(user, PASSWORD)
    flags = {}
    for _, _, folder in client.list_folders():
        client.select_folder(folder, readonly=True)
        fetched = _fetch_all(client, ["FLAGS", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        flags[folder] = sorted(
            (
                data[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].strip().decode(),
                sorted(f.decode() for f in data[b"FLAGS"] if f != b"\\Recent"),
            )
            for data in fetched.values()
        )
    client.logout()
    return flags


def inbox(server: DovecotServer, user: str, *extra: str, file: Path = corpus.INTERVIEWS):
    return run_cli(
        "inbox",
        "-f",
        str(file),
        "--imap",
        server.url,
        "--username",
        user,
        "--now",
        corpus.NOW,
        *extra,
        env={"FOLLOWCAL_IMAP_PASSWORD": PASSWORD},
    )


def test_imap_scan_is_read_only_and_meets_the_targets(account):
    server, user = account
    before_flags, before_files = imap_flags(server, user), server.snapshot(user)
    assert any("\\Seen" not in f for _, f in before_flags["INBOX"])  # some are unread
    result = inbox(server, user, "--json")
    assert result.exit_code == 0, result.output
    score = corpus.score(corpus.from_json(json.loads(result.stdout)))
    assert score.wrong_closing == [] and score.recall >= 0.95
    assert score.mismatches == []
    assert imap_flags(server, user) == before_flags
    assert server.snapshot(user) == before_files
    assert PASSWORD not in result.output
    # Dovecot's own account of each session: nothing deleted, expunged or trashed.
    sessions = [
        line
        for line in server.log().splitlines()
        if f"imap({user})" in line and "Logged out" in line
    ]
    assert sessions and all("deleted=0 expunged=0 trashed=0" in line for line in sessions)


def test_imap_searches_on_the_server(account):
    """Noise that matches no search is never fetched: the scan reads what matches only."""
    from followcal.config import Config
    from followcal.mail.scan import scan
    from followcal.mail.sources import ImapLogin, ImapSource
    from followcal.pipeline import RunOptions, prepare

    server, user = account
    noise = [
        (
            f"From: shop{n}@store.example\r\nTo: alex.morgan@example.com\r\nSubject: Sale "
            f"{n}\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <n{n}@store>\r\n"
            f"\r\nWe decided not to move forward with old prices.\r\n".encode(),
            "S",
        )
        for n in range(300)
    ]
    run = prepare(RunOptions(inputs=(corpus.INTERVIEWS,), now=corpus.NOW), Config(Path("/x")))
    counts = []
    for _ in range(2):
        source = ImapSource.connect(ImapLogin(server.url, user, PASSWORD), {})
        fetched: list[str] = []
        original = source.messages

        def counting(role, search, original=original, fetched=fetched):
            for message in original(role, search):
                fetched.append(message.message_id)
                yield message

        source.messages = counting  # type: ignore[method-assign]
        findings = scan(source, run.entries.interviews, run.actions, run.now)
        source.close()
        counts.append((len(fetched), source.commands, len(findings)))
        server.deliver(user, "INBOX", noise)
    (fetched_before, commands_before, found), (fetched_after, commands_after, found_after) = counts
    assert fetched_before == fetched_after and commands_before == commands_after
    assert found == found_after
    assert fetched_before < len(corpus.manifest())  # unrelated corpus mail is not fetched either


def test_xoauth2_login_with_a_token_command(account, tmp_path):
    server, user = account
    token = server.issue_token(user)
    script = tmp_path / "token.sh"
    script.write_text(f"#!/bin/sh\necho {token}\n")
    script.chmod(0o700)
    result = run_cli(
        "inbox",
        "-f",
        str(corpus.INTERVIEWS),
        "--imap",
        server.url,
        "--username",
        user,
        "--oauth2-token-command",
        str(script),
        "--now",
        corpus.NOW,
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) > 50
    assert token not in result.output
    script.write_text("#!/bin/sh\necho tok-not-issued-123\n")
    refused = run_cli(
        "inbox",
        "-f",
        str(corpus.INTERVIEWS),
        "--imap",
        server.url,
        "--username",
        user,
        "--oauth2-token-command",
        str(script),
    )
    assert refused.exit_code == 20
    assert "refused the login" in refused.output and "tok-not-issued-123" not in refused.output


def test_a_wrong_password_is_never_shown(account):
    server, user = account
    result = run_cli(
        "inbox",
        "-f",
        str(corpus.INTERVIEWS),
        "--imap",
        server.url,
        "--username",
        user,
        env={"FOLLOWCAL_IMAP_PASSWORD": "wrong-Secret-991"},
    )
    assert result.exit_code == 20
    assert "wrong-Secret-991" not in result.output
    debug = invoke(
        [
            "--debug",
            "inbox",
            "-f",
            str(corpus.INTERVIEWS),
            "--imap",
            server.url,
            "--username",
            user,
        ],
        env={"FOLLOWCAL_IMAP_PASSWORD": "wrong-Secret-991"},
    )
    assert "wrong-Secret-991" not in debug.output + repr(debug.exception)


def test_sent_folder_override_and_apply(account, tmp_path):
    server, user = account
    data = tmp_path / "interviews.toml"
    shutil.copy(corpus.INTERVIEWS, data)
    result = inbox(server, user, "--apply", "--yes", "--sent-folder", SENT_FOLDER, file=data)
    assert result.exit_code == 0, result.output
    text = data.read_text()
    assert '"Dana Smith" = 2026-11-21T08:40:00' in text  # her thank-you, from Sent
    again = inbox(server, user, "--json", file=data)
    assert all(item["change"] is None for item in json.loads(again.stdout))


# -- prepare: today's emails as drafts ---------------------------------------------------

PREPARE_FILE = """\
[candidate]
name = "Alex Morgan"
email = "alex.morgan@example.com"

[[interview]]
id = "acme"
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00
timezone = "America/New_York"

[[interview.contacts]]
name = "Dana Smith"
email = "dana.smith@acme.example"

[[interview.contacts]]
name = "Lee Park"
email = "lee.park@acme.example"
"""


def drafts_in(server: DovecotServer, user: str) -> list[tuple[bytes, tuple[bytes, ...]]]:
    client = imapclient.IMAPClient(server.host, port=server.port, ssl=False)
    client.plain_login(user, PASSWORD)
    client.select_folder(DRAFTS_FOLDER, readonly=True)
    found = [
        (d[b"BODY[]"], d[b"FLAGS"]) for d in _fetch_all(client, ["BODY.PEEK[]", "FLAGS"]).values()
    ]
    client.logout()
    return found


def prepare_args(
    server: DovecotServer, user: str, folder: Path
) -> tuple[tuple[str, ...], dict[str, str]]:
    """`prepare` on a day the two thank-yous are due, and its environment."""
    data = write_interviews(folder, PREPARE_FILE)
    args = ("prepare", "-f", str(data), "--imap", server.url, "--username", user,
            "--now", "2026-11-20T08:00")  # fmt: skip
    return args, {"FOLLOWCAL_IMAP_PASSWORD": PASSWORD}


def test_prepare_appends_todays_drafts_once(account, tmp_path):
    server, user = account
    args, env = prepare_args(server, user, tmp_path)
    dry = run_cli(*args, "--dry-run", env=env)
    assert dry.exit_code == 0 and dry.output.count("would add") == 2
    assert drafts_in(server, user) == []
    before = imap_flags(server, user)
    first = run_cli(*args, env=env)
    assert first.exit_code == 0, first.output
    drafts = drafts_in(server, user)
    assert len(drafts) == 2
    for raw, flags in drafts:
        assert b"\\Draft" in flags
        mail = message_from_bytes(raw, policy=policy.default)
        assert mail["From"] == "Alex Morgan <alex.morgan@example.com>"
        assert mail["To"] in (
            "Dana Smith <dana.smith@acme.example>",
            "Lee Park <lee.park@acme.example>",
        )
        assert mail["Subject"] and mail["Message-ID"].endswith("@example.com>")
        assert mail["To"].split()[0] in mail.get_body().get_content()  # "Dana" / "Lee"
    after = imap_flags(server, user)
    assert {k: v for k, v in after.items() if k != DRAFTS_FOLDER} == {
        k: v for k, v in before.items() if k != DRAFTS_FOLDER
    }  # nothing else touched
    rerun = run_cli(*args, env=env)
    assert rerun.exit_code == 0 and rerun.output.count("already in") == 2
    assert len(drafts_in(server, user)) == 2


def test_prepare_leaves_an_edited_draft_alone(account, tmp_path):
    server, user = account
    args, env = prepare_args(server, user, tmp_path)
    assert run_cli(*args, env=env).exit_code == 0
    # The user edits Dana's draft: their mail program saves a new copy under a new
    # Message-ID and deletes the old one.
    client = imapclient.IMAPClient(server.host, port=server.port, ssl=False)
    client.plain_login(user, PASSWORD)
    client.select_folder(DRAFTS_FOLDER)
    for uid, item in _fetch_all(client, ["BODY.PEEK[]"]).items():
        mail = message_from_bytes(item[b"BODY[]"], policy=policy.default)
        if "Dana" in mail["To"]:
            del mail["Message-ID"]
            mail["Message-ID"] = "<edited-by-user@example.com>"
            mail.set_content("Hi Dana, my own words.\n")
            client.append(DRAFTS_FOLDER, mail.as_bytes(), flags=("\\Draft",))
            client.delete_messages([uid])
            client.expunge()
    client.logout()
    rerun = run_cli(*args, env=env)
    assert rerun.exit_code == 0, rerun.output
    drafts = drafts_in(server, user)
    assert len(drafts) == 2
    assert any(b"my own words" in raw for raw, _ in drafts)


def test_prepare_does_not_redraft_a_message_already_sent(account, tmp_path):
    server, user = account
    args, env = prepare_args(server, user, tmp_path)
    assert run_cli(*args, env=env).exit_code == 0
    # Both drafts are sent: the mail program files them in Sent under new Message-IDs.
    client = imapclient.IMAPClient(server.host, port=server.port, ssl=False)
    client.plain_login(user, PASSWORD)
    client.select_folder(DRAFTS_FOLDER)
    for uid, item in _fetch_all(client, ["BODY.PEEK[]"]).items():
        mail = message_from_bytes(item[b"BODY[]"], policy=policy.default)
        del mail["Message-ID"]
        mail["Message-ID"] = f"<sent-{uid}@example.com>"
        client.append(SENT_FOLDER, mail.as_bytes(), flags=("\\Seen",))
        client.delete_messages([uid])
    client.expunge()
    client.logout()
    rerun = run_cli(*args, env=env)
    assert rerun.exit_code == 0, rerun.output
    assert rerun.output.count(f"already in {SENT_FOLDER}") == 2
    assert drafts_in(server, user) == []


# -- TLS: imaps:// and imap:// with STARTTLS -------------------------------------------------


@pytest.mark.parametrize("scheme", ["imaps", "imap"])
def test_tls_logins_check_the_certificate(dovecot_tls, scheme):
    server = dovecot_tls
    user, _ = server.add_user(PASSWORD)
    server.deliver(user, "INBOX", corpus.messages_with_flags("inbox"))
    port = server.imaps_port if scheme == "imaps" else server.port
    url = f"{scheme}://127.0.0.1:{port}"
    ca_bundle = str(server.certificate[0])
    env = {"FOLLOWCAL_IMAP_PASSWORD": PASSWORD}
    args = ("inbox", "-f", str(corpus.INTERVIEWS), "--imap", url, "--username", user,
            "--now", corpus.NOW, "--json")  # fmt: skip
    # This server refuses logins before TLS: a plain imap:// login only works via STARTTLS.
    trusted = run_cli(*args, "--ca-bundle", ca_bundle, env=env)
    assert trusted.exit_code == 0, trusted.output
    assert len(json.loads(trusted.stdout)) > 40
    untrusted = run_cli(*args, env=env)
    assert untrusted.exit_code == 20
    assert "cannot reach the IMAP server" in untrusted.output
    assert PASSWORD not in untrusted.output


def test_inbox_never_selects_a_folder(account):
    """EXAMINE must leave \\Recent alone (RFC 3501 6.3.2); a SELECT would clear it. So if
    every message is still \\Recent after a scan, no folder was SELECTed."""
    server, user = account
    assert inbox(server, user).exit_code == 0
    client = imapclient.IMAPClient(server.host, port=server.port, ssl=False)
    client.plain_login(user, PASSWORD)
    for folder in ("INBOX", SENT_FOLDER):
        client.select_folder(folder, readonly=True)
        flags = [data[b"FLAGS"] for data in _fetch_all(client, ["FLAGS"]).values()]
        assert flags and all(b"\\Recent" in f for f in flags), folder
    client.logout()


def test_a_long_thread_is_searched_in_batches(account):
    """About 600 messages to one interview's people: one SEARCH that ORs every Message-ID
    passes Dovecot's 64 KiB command line ("IMAP command line too large")."""
    server, user = account
    sent = [
        (
            f"From: Alex Morgan <alex.morgan@example.com>\r\nTo: dana.smith@acme.example\r\n"
            f"Subject: Notes {n}\r\nDate: Fri, 20 Nov 2026 10:{n % 60:02d}:00 +0000\r\n"
            f"Message-ID: <a-rather-long-message-identifier-{n:05d}@mail.example.com>\r\n"
            f"\r\nA note.\r\n".encode(),
            "S",
        )
        for n in range(600)
    ]
    server.deliver(user, SENT_FOLDER, sent)
    result = inbox(server, user, "--json")
    assert result.exit_code == 0, result.output
    score = corpus.score(corpus.from_json(json.loads(result.stdout)))
    assert score.wrong_closing == []
