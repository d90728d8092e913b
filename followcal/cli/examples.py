"""Examples for each command's --help, shown after its options (the group adds them as
the command loads: the commands' own docstrings stay short)."""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "agenda": (
        "followcal agenda",
        "followcal agenda --days 14 --json",
    ),
    "auth": (
        "followcal auth google --client-secrets client_secret.json",
        "followcal auth google --no-browser   # print the sign-in address",
    ),
    "draft": (
        "followcal draft acme                 # the next message",
        "followcal draft acme follow-up-1 --eml follow-up.eml",
    ),
    "generate": (
        "followcal generate                  # followups.ics",
        "followcal generate -o - | less",
    ),
    "import": (
        "followcal import tracker.csv",
        "followcal import tracker.csv --force --dry-run   # again, into interviews.toml",
    ),
    "inbox": (
        "followcal inbox --imap imaps://imap.fastmail.com --username you@fastmail.com",
        "followcal inbox --apply            # record them, asking first",
        "followcal inbox --mbox ~/mail/jobs.mbox --json",
    ),
    "init": (
        "followcal init",
        "followcal init jobs.toml --no-input",
    ),
    "plan": (
        "followcal plan",
        "followcal plan --json --now 2026-11-25T08:00",
    ),
    "prepare": (
        "followcal prepare --dry-run        # what would go to Drafts",
        "followcal prepare --days 2",
    ),
    "profiles": (
        "followcal profiles",
        "followcal profiles show paced",
    ),
    "sync": (
        "followcal sync --url https://caldav.icloud.com/ --username you@icloud.com \\",
        '    --calendar "Job follow-ups" --create',
        "followcal sync --dry-run",
    ),
    "validate": (
        "followcal validate",
        "followcal validate tracker.csv --tz Europe/Berlin",
    ),
    "sent": (
        "followcal sent acme thank-you",
        'followcal sent acme "follow-up 1/2" --on "2026-12-07 11:00"',
        "followcal sent acme thank-you --to dana",
    ),
    "status": (
        "followcal status acme heard-back",
        "followcal status acme rejected --dry-run",
    ),
    "offer": (
        "followcal offer globex --deadline 2026-12-10",
        "followcal offer globex --deadline 2026-12-10 --dry-run",
    ),
    "accept": (
        "followcal accept globex --dry-run   # see who is told",
        "followcal accept globex",
    ),
    "add": (
        "followcal add                       # asks, at a terminal",
        'followcal add --company Hooli --role "Platform Engineer" --timezone Europe/Paris \\',
        '    --date "2026-12-01 14:00" --contact "Gavin Belson; CEO; gavin@hooli.example"',
    ),
}


def epilog(command: str) -> str | None:
    """The Examples block of `command`'s --help, or None."""
    found = EXAMPLES.get(command)
    if not found:
        return None
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in found)
