"""Benchmark `followcal inbox`: accuracy on the mail corpus, and speed on a large mailbox.

Run from the repository root, as root (Dovecot drops privileges):

    .venv/bin/python benchmarks/mail_bench.py [--sizes 2000 20000]

1. Accuracy: scans tests/mail_corpus (as a Maildir) and prints a confusion table of the
   expected kind of each message against the one found, the wrong closing proposals
   (target: none) and the share of messages that should propose something that do
   (target: at least 95%).
2. Scale: starts Dovecot the way the tests do, fills a mailbox with the corpus plus N other
   messages, and times a scan (cold: Dovecot builds its index; warm: a second run),
   counting the IMAP commands and the messages fetched. Both must stay flat as N grows:
   they follow the matching messages, not the size of the mailbox.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followcal.config import Config
from followcal.mail.scan import scan
from followcal.mail.sources import ImapLogin, ImapSource, MaildirSource
from followcal.pipeline import Run, RunOptions, prepare
from tests.dovecot_server import PASSWORD, SENT_FOLDER, DovecotServer
from tests.mail_corpus import corpus

SENDERS = (
    "news@shop.example",
    "friend@example.net",
    "alerts@bank.example",
    "team@project.example",
    "noreply@social.example",
    "jobs@board.example",
)


def load_run() -> Run:
    options = RunOptions(inputs=(corpus.INTERVIEWS,), now=corpus.NOW)
    return prepare(options, Config(Path("/nonexistent/config.toml")))


def accuracy(run: Run) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        root = corpus.write_maildir(Path(folder) / "Mail")
        findings = scan(MaildirSource(root, {}), run.entries.interviews, run.actions, run.now)
    score = corpus.score(corpus.from_findings(findings))
    print(f"Accuracy on {score.total} corpus messages (rows: expected kind, columns: found)")
    print(score.table())
    print(f"wrong closing proposals: {len(score.wrong_closing)} (target 0)")
    for line in score.wrong_closing:
        print(f"  {line}")
    print(
        f"should propose: {score.should_propose}, proposed right: {score.proposed_right} "
        f"({score.recall:.1%}; target >= 95%)"
    )
    for line in score.mismatches:
        print(f"  mismatch: {line}")
    return not score.wrong_closing and score.recall >= 0.95


def noise(count: int) -> list[tuple[bytes, str]]:
    messages = []
    for n in range(count):
        sender = SENDERS[n % len(SENDERS)]
        day = 1 + n % 28
        data = (
            f"From: Someone <{sender}>\r\nTo: Alex Morgan <alex.morgan@example.com>\r\n"
            f"Subject: Message {n}\r\nDate: Mon, {day:02d} Dec 2026 08:{n % 60:02d}:00 +0000\r\n"
            f"Message-ID: <noise-{n}@{sender.split('@')[1]}>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Hello Alex, this is message {n}. Unfortunately the next round of our sale has "
            f"been filled; we decided not to move forward with the old catalogue.\r\n"
        ).encode()
        messages.append((data, "S" if n % 3 else ""))
    return messages


def timed_scan(server: DovecotServer, user: str, run: Run) -> tuple[float, int, int, int]:
    start = time.perf_counter()
    source = ImapSource.connect(ImapLogin(server.url, user, PASSWORD), {})
    fetched = 0
    original = source.messages

    def counting(role: str, search: Any) -> Any:
        nonlocal fetched
        for message in original(role, search):
            fetched += 1
            yield message

    source.messages = counting  # type: ignore[method-assign]
    findings = scan(source, run.entries.interviews, run.actions, run.now)
    source.close()
    return time.perf_counter() - start, source.commands, fetched, len(findings)


def scale(run: Run, sizes: list[int]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="followcal-bench-"))
    folder.chmod(0o755)
    server = DovecotServer(folder)
    server.start()
    try:
        print("\nScale: a scan of the corpus hidden in a larger mailbox")
        print(
            f"{'mailbox':>8} {'cold s':>8} {'warm s':>8} {'commands':>9} {'fetched':>8} "
            f"{'found':>6}"
        )
        for size in sizes:
            user, _ = server.add_user()
            inbox = corpus.messages_with_flags("inbox")
            server.deliver(user, "INBOX", inbox + noise(size - len(inbox)))
            server.deliver(user, SENT_FOLDER, corpus.messages_with_flags("sent"))
            cold = timed_scan(server, user, run)
            warm = timed_scan(server, user, run)
            print(
                f"{size:>8} {cold[0]:>8.2f} {warm[0]:>8.2f} {warm[1]:>9} {warm[2]:>8} {warm[3]:>6}"
            )
    finally:
        server.stop()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    run = load_run()
    ok = accuracy(run)
    scale(run, args.sizes)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
