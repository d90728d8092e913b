"""One scan of a mailbox: what to search for, then the findings.

The candidate's Sent folder is read first (to the interviews' people), so that replies to
those messages can be recognised even from addresses nobody wrote down; then the inbox, for
mail from the contacts, the companies' domains, the applicant-tracking systems, or answering
the candidate's messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from followcal.mail.proposals import Finding, find
from followcal.mail.relating import ATS_DOMAINS, Relater, company_domains, contact_addresses
from followcal.mail.sources import MailSource, Search
from followcal.model import Action, Interview


def scan(
    source: MailSource,
    interviews: Sequence[Interview],
    actions: Sequence[Action],
    now: datetime,
) -> list[Finding]:
    """Findings for the open interviews, oldest first (nothing when none is open)."""
    open_ones = [i for i in interviews if i.undecided]
    if not open_ones:
        return []
    since = min(i.start for i in open_ones).date()
    people = sorted({address for i in open_ones for address in contact_addresses(i)})
    domains = sorted({domain for i in open_ones for domain in company_domains(i)})
    # A domain also finds its people; the search is wide, relating decides exactly.
    recipients = tuple(a for a in people if a.rpartition("@")[2] not in domains) + tuple(domains)
    sent = [m for m in source.messages("sent", Search(since, recipients)) if m.date <= now]
    answered = tuple(sorted(Relater(interviews, sent).sent_ids))
    senders = recipients + ATS_DOMAINS
    inbox = [m for m in source.messages("inbox", Search(since, senders, answered)) if m.date <= now]
    findings = find(inbox, sent, interviews, actions)
    return [f for f in findings if f.interview.undecided]
