"""Which interview a message is about.

A message relates to an interview when it is dated after the interview started and:
it comes from one of the interview's contacts; or from the company's own domain (taken from
the contacts' addresses, free-mail domains excluded); or it answers a message the candidate
sent to that interview's people; or it comes from an applicant-tracking system and names the
company. When a company has several interviews, the role decides; a message naming a role
that is none of the candidate's interviews there is about another application and relates
to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from followcal.addresses import free_mail_domains
from followcal.mail.message import MailMessage
from followcal.model import Interview


def _load_ats() -> tuple[tuple[str, ...], dict[str, str]]:
    """(every relay domain, domain -> vendor) from data/ats_senders.toml, which keeps the
    list with the source of each entry."""
    import tomllib

    data = tomllib.loads((Path(__file__).parent / "data" / "ats_senders.toml").read_text())
    vendors = {domain: entry["name"] for entry in data["ats"] for domain in entry["domains"]}
    return tuple(vendors), vendors


ATS_DOMAINS, ATS_VENDORS = _load_ats()


# Words a company name carries that a message may leave out.
_LEGAL_FORMS = re.compile(
    r"\b(?:inc|corp|corporation|co|ltd|llc|plc|gmbh|ag|se|sa|sas|sarl|bv|nv|ab|oy|group|"
    r"holdings?|company|& sons|and sons)\b\.?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Relation:
    interview: Interview
    reason: str


def _ats_domain(domain: str) -> str | None:
    """The vendor whose relay this domain is (or a sub-domain of), else None."""
    parts = domain.lower().split(".")
    for start in range(len(parts) - 1):
        vendor = ATS_VENDORS.get(".".join(parts[start:]))
        if vendor:
            return vendor
    return None


def is_ats(address: str) -> bool:
    return _ats_domain(address.rpartition("@")[2]) is not None


def company_domains(interview: Interview) -> set[str]:
    domains = set()
    for contact in interview.contacts:
        if contact.email and "@" in contact.email:
            domain = contact.email.rpartition("@")[2].strip().lower()
            if domain and domain not in free_mail_domains() and not _ats_domain(domain):
                domains.add(domain)
    return domains


def contact_addresses(interview: Interview) -> set[str]:
    return {c.email.strip().lower() for c in interview.contacts if c.email and "@" in c.email}


def _in_domain(domain: str, domains: Iterable[str]) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in domains)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())


def company_key(company: str) -> str:
    """'Hartwell & Sons Ltd.' -> 'hartwell': what a message would call the company."""
    return _normal(_LEGAL_FORMS.sub(" ", company)).replace("&", "").strip() or _normal(company)


def names_company(message: MailMessage, interview: Interview) -> bool:
    """Whether mail from an applicant-tracking system is about this interview's company:
    named in the sender's display name ("Globex Recruiting", "Monday.com via Greenhouse"),
    or in the subject where a company goes ("... at X", "with X", "to X", "X: ...",
    "... - X"). Never from the body: "interviewing with Globex on Monday" or "our Block
    Storage team" do not name the companies Monday or Block."""
    key = company_key(interview.company)
    if not key:
        return False
    word = rf"(?<!\w){re.escape(key)}(?!\w)"
    if re.search(word, _normal(message.from_name)):
        return True
    # Workday and iCIMS put the company in the address: guidehouse@myworkday.com,
    # somatus+autoreply@talent.icims.com.
    local = re.split(r"[+.]", message.from_address.partition("@")[0])[0]
    if local and local == key.replace(" ", ""):
        return True
    subject = _normal(message.subject)
    slot = (
        rf"(?:\b(?:at|with|to|from|for|join|joining|by)\s+(?:the\s+)?{word})"
        rf"|(?:^{word}\s*(?:$|[:|\-\u2013]|\s(?:application|interview|recruiting|careers|talent|hiring)))"
        rf"|(?:[|\-\u2013]\s*{word}\s*$)"
    )
    # _normal drops punctuation; look at the subject with its separators kept too
    raw = " ".join(re.sub(r"[^\w&:|\-\u2013]+", " ", message.subject.casefold()).split())
    return re.search(slot, subject) is not None or re.search(slot, raw) is not None


def names_role(message: MailMessage, role: str) -> bool:
    haystack = _normal(f"{message.subject}\n{message.text}")
    return re.search(rf"(?<!\w){re.escape(_normal(role))}(?!\w)", haystack) is not None


# "for the Data Engineer position", "Your application: Data Engineer", "Stelle als ...",
# "le poste de ...": a role the message is about, when it names one.
_ROLE_PHRASES = re.compile(
    r"(?:for|as|to|in) (?:the|our|a|an|this) (?P<a>[A-Z][\w/&+\-]*(?: [A-Z][\w/&+\-]*){0,5}) "
    r"(?:position|role|opening|vacancy)"
    r"|(?:position|role) of (?P<b>[A-Z][\w/&+\-]*(?: [A-Z][\w/&+\-]*){0,5})"
    r"|(?:Stelle|Position) als (?P<c>[\w/&+\-]+(?: [\w/&+\-]+){0,4}?)(?=[ ,.;:]|$)"
    r"|poste d[e'] ?(?P<d>[\w/&+\-]+(?: [\w/&+\-]+){0,4}?)(?=[ ,.;:]|$)"
    r"|application[:\s]+(?:for\s+)?(?P<e>[A-Z][\w/&+\-]*(?: [A-Z][\w/&+\-]*){0,5})"
    r"(?= at| -|$|[,.;])",
)


def roles_named(message: MailMessage) -> list[str]:
    found = []
    for text in (message.subject, message.text):
        for match in _ROLE_PHRASES.finditer(text):
            role = next(group for group in match.groups() if group)
            found.append(role)
    return found


def _role_fits(message: MailMessage, interview: Interview) -> bool | None:
    """True: names this interview's role; False: names only other roles; None: names none."""
    if names_role(message, interview.role):
        return True
    named = roles_named(message)
    if not named:
        return None
    mine = set(_normal(interview.role).split())
    for role in named:
        words = set(_normal(role).split())
        if words and (words <= mine or mine <= words):
            return True
    return False


class Relater:
    """Relates messages to a fixed set of interviews (built once per scan)."""

    def __init__(self, interviews: Sequence[Interview], sent: Sequence[MailMessage] = ()):
        self.interviews = list(interviews)
        # Message-IDs the candidate sent -> the interviews whose people they were sent to.
        self.sent_ids: dict[str, list[Interview]] = {}
        for message in sent:
            targets = [i for i in self.interviews if self._addressed_to(message, i)]
            if targets:
                self.sent_ids[message.message_id] = targets

    @staticmethod
    def _addressed_to(message: MailMessage, interview: Interview) -> bool:
        addresses, domains = contact_addresses(interview), company_domains(interview)
        return any(
            to in addresses or _in_domain(to.rpartition("@")[2], domains) for to in message.to
        )

    def relate(self, message: MailMessage) -> Relation | None:
        candidates: list[Relation] = []
        ats = is_ats(message.from_address)
        for interview in self.interviews:
            if message.date <= interview.start:
                continue
            reason = self._reason(message, interview, ats)
            if reason:
                candidates.append(Relation(interview, reason))
        return self._choose(message, candidates)

    def _reason(self, message: MailMessage, interview: Interview, ats: bool) -> str | None:
        sender = message.from_address
        if message.folder == "sent":
            return "sent to its contact" if self._addressed_to(message, interview) else None
        # A From that the receiving server found forged (DMARC) proves nothing about who
        # wrote it; an ATS relay's domain says nothing about the company it writes for.
        if not message.dmarc_fail:
            if sender in contact_addresses(interview):
                return "from its contact"
            if not ats and _in_domain(message.from_domain, company_domains(interview)):
                return f"from {interview.company}'s domain"
        if any(interview in self.sent_ids.get(ref, ()) for ref in message.in_reply_to):
            return "answers your message"
        if ats and names_company(message, interview):
            return f"applicant-tracking mail naming {interview.company}"
        return None

    def _choose(self, message: MailMessage, candidates: list[Relation]) -> Relation | None:
        """One interview, or none when the message is about another application."""
        if not candidates:
            return None
        # Prefer the strongest tie (a contact over a domain over an ATS), then the role.
        personal = [
            r
            for r in candidates
            if r.reason in ("from its contact", "answers your message", "sent to its contact")
        ]
        pool = personal or candidates
        fits = {id(r): _role_fits(message, r.interview) for r in pool}
        named = [r for r in pool if fits[id(r)]]
        if named:
            pool = named
        elif any(fit is False for fit in fits.values()) and not personal:
            return None  # it names a role the candidate did not interview for here
        if len(pool) > 1:
            # Several interviews fit equally: the latest one the message is after (a later
            # round supersedes an earlier one); different companies cannot both fit.
            companies = {company_key(r.interview.company) for r in pool}
            if len(companies) > 1 or len({r.interview.role for r in pool}) > 1:
                return None
            return max(pool, key=lambda r: r.interview.start)
        return pool[0]
