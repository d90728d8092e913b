"""The words interview files, profiles and options accept, as plain tuples.

The command line's option declarations (`click.Choice`) need them when the CLI module loads,
before any command runs: kept apart from `model` so that `followcal --help` loads neither the
data model nor any reader (tests/test_startup.py checks it).
"""

from __future__ import annotations

# "accepted": the offer taken (`followcal accept`), which closes every other interview.
STATUSES = ("waiting", "heard-back", "offer", "rejected", "withdrawn", "accepted")
ENTRY_CHANNELS = ("email", "phone", "letter")
STEP_KINDS = (
    "thank-you", "follow-up", "call", "move-on", "check-status", "offer-news", "withdrawal",
)  # fmt: skip
CHANNELS = ("email", "phone", "letter", "card", "none")
OUTREACH_KINDS = ("thank-you", "follow-up", "call", "offer-news", "withdrawal")
DATE_FORMATS = ("DD/MM/YYYY", "MM/DD/YYYY")  # how a spreadsheet writes its dates
