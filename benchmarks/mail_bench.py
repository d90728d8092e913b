"""Benchmark `followcal inbox`: accuracy on the mail corpus, and speed on a large mailbox.

Run from the repository root, as root (Dovecot drops privileges):

    .venv/bin/python benchmarks/mail_bench.py [--sizes 2000 20000]

1. Accuracy: scans tests/mail_corpus (as a Maildir) and prints a confusion table of the
   expected kind of each message against the one found, the wrong closing proposals
   (target: none) and the share of messages that should propose something that do
   (target: at least 95%).
2. Real mail: the score on tests/mail_real (real job-search mail written by others), on
   its development part and on its held-out part (the figure the README gives).
3. Local mailboxes: a 50,000-message Maildir and mbox (the corpus hidden among other mail),
   scanned as `followcal inbox --maildir/--mbox` does (headers first, then a full parse of
   the candidates only), against a floor of what any header-first scan must do (read
   every message's header block, and parse the corpus messages, the only ones that can
   match), and against a scan that parses every message in full; the findings of all
   scans must be the same. Target: within 3x the floor.
4. Scale: starts Dovecot the way the tests do, fills a mailbox with the corpus plus N other
   messages, and times a scan (cold: Dovecot builds its index; warm: a second run),
   counting the IMAP commands and the messages fetched. Both must stay flat as N grows:
   they follow the matching messages, not the size of the mailbox.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followcal.config import Config
from followcal.mail.message import parse_message
from followcal.mail.scan import scan
from followcal.mail.sources import (
    ImapLogin,
    ImapSource,
    MaildirSource,
    MboxSource,
    _matches,
)
from followcal.pipeline import Run, RunOptions, prepare
from tests.dovecot_server import PASSWORD, SENT_FOLDER, DovecotServer
from tests.mail_corpus import corpus
from tests.mail_real import corpus as real

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


def real_mail() -> bool:
    print("\nReal job-search mail written by others (tests/mail_real/README.md)")
    ok = True
    for part, held_out in (("development", False), ("held-out", True)):
        chosen = [i for i in real.items() if i.held_out == held_out]
        score = real.score(chosen)
        print(f"  {part}: {len(chosen)} messages; {score.summary()}")
        ok = ok and not score.wrong_closings and score.found >= 0.9 * score.rejections
    return ok


RECEIVED = (
    "Received: from mail-out{n}.example.net (mail-out{n}.example.net [192.0.2.{h}])\r\n"
    " by mx.example.com with ESMTPS id {n:08x}; Mon, 01 Dec 2026 08:00:00 +0000\r\n"
)


def noise(count: int) -> list[tuple[bytes, str]]:
    messages = []
    for n in range(count):
        sender = SENDERS[n % len(SENDERS)]
        day = 1 + n % 28
        data = (
            "".join(RECEIVED.format(n=n + k, h=k) for k in range(4))
            + f"From: Someone <{sender}>\r\nTo: Alex Morgan <alex.morgan@example.com>\r\n"
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


def _floor_maildir(root: Path) -> int:
    """Every message's header block read, nothing parsed: the least a scan can do."""
    count = 0
    for folder in (root, root / ".Sent"):
        for entry in os.scandir(folder / "cur"):
            with open(entry.path, "rb") as handle:
                start = handle.read(16384)
            start.find(b"\r\n\r\n")
            count += 1
    return count


def _floor_mbox(folder: Path) -> int:
    count = 0
    for name in ("Inbox", "Sent"):
        with open(folder / name, "rb") as handle:
            in_head = False
            for line in handle:
                if line.startswith(b"From "):
                    count += 1
                    in_head = True
                elif in_head and line in (b"\n", b"\r\n"):
                    in_head = False
    return count


class _FullParse(MaildirSource):
    """The scan as it was before: every message read whole and parsed, then matched."""

    def messages(self, role: str, search: Any) -> Any:
        location = self._folder(role)
        if location is None:
            return
        for sub in ("cur", "new"):
            for entry in sorted(os.scandir(location / sub), key=lambda e: e.name):
                message = parse_message(Path(entry.path).read_bytes(), role)
                if message is not None and _matches(message, search):
                    yield message


def _best(seconds: list[float]) -> float:
    return min(seconds)


def local(run: Run, size: int) -> bool:
    from tests.mail_corpus.corpus import from_findings

    print(f"\nLocal mailboxes of {size:,} messages (seconds; best of 3, the full parse once)")
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        root = corpus.write_maildir(base / "Mail")
        for number, (data, flags) in enumerate(noise(size - len(corpus.files("inbox")))):
            (root / "cur" / f"noise-{number:06d}:2,{flags}").write_bytes(data)
        box = corpus.write_mbox(base / "Local Folders")
        import mailbox

        inbox = mailbox.mbox(box / "Inbox")
        for data, _ in noise(size - len(corpus.files("inbox"))):
            inbox.add(data)
        inbox.flush()
        inbox.close()

        def timed(make: Any, runs: int = 3) -> tuple[float, Any]:
            times, result = [], None
            for _ in range(runs):
                start = time.perf_counter()
                result = make()
                times.append(time.perf_counter() - start)
            return _best(times), result

        people = run.entries.interviews
        candidates = [p.read_bytes() for f in ("inbox", "sent") for p in corpus.files(f)]
        parse, _ = timed(lambda: [parse_message(data, "inbox") for data in candidates])
        floor_dir, _ = timed(lambda: _floor_maildir(root))
        floor_box, _ = timed(lambda: _floor_mbox(box))
        floor_dir += parse
        floor_box += parse
        scan_dir, found_dir = timed(
            lambda: scan(MaildirSource(root, {}), people, run.actions, run.now)
        )
        full_dir, found_full = timed(
            lambda: scan(_FullParse(root, {}), people, run.actions, run.now), runs=1
        )
        scan_box, found_box = timed(lambda: scan(MboxSource(box, {}), people, run.actions, run.now))
        same = from_findings(found_dir) == from_findings(found_full) == from_findings(found_box)
        print(f"  {'':8} {'floor':>7} {'scan':>7} {'ratio':>6} {'full parse':>11}")
        print(
            f"  {'Maildir':8} {floor_dir:>7.2f} {scan_dir:>7.2f} {scan_dir / floor_dir:>5.1f}x "
            f"{full_dir:>10.2f}"
        )
        print(f"  {'mbox':8} {floor_box:>7.2f} {scan_box:>7.2f} {scan_box / floor_box:>5.1f}x")
        print(f"  findings identical to a full parse of every message: {'yes' if same else 'NO'}")
        ok = same and scan_dir <= 3 * floor_dir and scan_box <= 3 * floor_box
        print(f"  target: within 3x the floor: {'met' if ok else 'NOT met'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--local-size", type=int, default=50_000)
    args = parser.parse_args()
    run = load_run()
    ok = accuracy(run)
    ok = real_mail() and ok
    ok = local(run, args.local_size) and ok
    scale(run, args.sizes)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
