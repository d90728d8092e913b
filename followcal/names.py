"""How to greet a contact: the name a message opens with, informal or formal.

A `salutation` the user wrote always wins. Otherwise the name is parsed with nameparser
(titles such as Dr and Prof, "Family, Given", suffixes such as Jr or PhD). A parser cannot
tell "Tan Wei Ling" (family name first) from "Mary Ann Smith" (two given names), so a name
is only shortened when its shape leaves no doubt: one given name and a family name, or the
explicit "Family, Given" form. Anything else is greeted by the full name, which is never
wrong, only less familiar; `salutation` is how a user says what to call someone.

A job title typed after the name, as trackers and e-mail signatures have it ("Bill Lumbergh,
VP Engineering", "Jane Doe - Recruiter"), is kept apart (`job_title`): it is never greeted,
never part of the name, and shown where the contact's `title` would be.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from followcal.languages import join_in
from followcal.model import Contact

# Titles used with the given name, not the family name: "Sir Patrick", not "Sir Stewart".
_GIVEN_NAME_TITLES = {"sir", "dame"}
_INITIAL = re.compile(r"^\w\.?$")
# A nickname in quotes or brackets: 'Robert "Bob" Smith', "Robert (Bob) Smith".
_NICKNAME = re.compile(r"\s*(?:\"([^\"]+)\"|“([^”]+)”|\(([^)]+)\))\s*")
# Words that stay lowercase inside a name typed all in one case ("da Silva", "bin Saeed").
_PARTICLES = frozenset(
    [
        "da",
        "de",
        "del",
        "della",
        "der",
        "di",
        "do",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "van",
        "von",
        "den",
        "ter",
        "bin",
        "ibn",
        "bint",
        "binti",
    ]
)
# A patronymic after the given name: "Khalid bin Saeed Al Falasi" is Khalid.
_PATRONYMIC = frozenset({"bin", "ibn", "bint", "binti"})
# Words of a job title typed after the name, as trackers and signatures have it ("Bill
# Lumbergh, VP Engineering", "Jane Doe - Talent Partner"). None is a common given name, so
# "Smith, Dean" and "Silva, Junior" still read as a family name, then a given one.
_ROLE_WORDS = frozenset(
    (
        "vp", "svp", "evp", "avp", "ceo", "cfo", "coo", "cto", "cio", "cmo", "cpo", "cro", "cso",
        "chro", "gm", "md", "hr", "hrbp", "it", "head", "chief", "president", "vice", "director",
        "manager", "lead", "principal", "senior", "sr", "staff", "associate", "assistant",
        "executive", "officer", "founder", "co-founder", "cofounder", "owner", "partner", "talent",
        "people", "recruiter", "recruiting", "recruitment", "sourcer", "sourcing", "hiring",
        "acquisition", "coordinator", "specialist", "generalist", "consultant", "advisor",
        "adviser", "analyst", "engineer", "engineering", "developer", "software", "scientist",
        "research", "researcher", "designer", "design", "product", "marketing", "sales", "finance",
        "operations", "ops", "admin", "administrator", "representative", "team", "business",
        "strategy", "technical", "technology", "tech", "data", "legal", "programme", "program",
        "project", "global", "regional",
    )
)  # fmt: skip
# Small words that join a job title's words, never a person's names ("Head of Talent").
_ROLE_JOINERS = frozenset({"of", "for", "and", "&", "at", "@", "/", "in", "to"})
# A name, a dash or a bar, then a title: "Jane Doe - Recruiter", "Jane Doe | Talent".
_ROLE_SEPARATOR = re.compile(r"\s+[-\u2013\u2014|]\s+")


@dataclass(frozen=True)
class ParsedName:
    display: str  # the full name in reading order, as the user wrote it where possible
    informal: str  # "Sarah"; the full name when the given name cannot be told apart
    formal: str  # "Dr. Lim" where a title allows it; otherwise the full name
    has_name: bool  # False for a "name" that is only a title, like "Dr."
    ambiguous: bool = False  # has a given name that cannot be told apart ("Tan Wei Ling")
    role: str | None = None  # a job title typed after the name ("VP Engineering")


# Unbounded: a run asks for each name several times (plan, drafts, event), so a bounded cache
# smaller than the file's names evicts each one before it is asked for again and nameparser
# runs three times a name. Every entry is a name from the user's files: a few hundred bytes
# each, 4 MB for a file of 10,000 interviews.
@functools.cache
def parse_name(name: str) -> ParsedName:
    from nameparser import HumanName

    written = _cased(" ".join(name.split()))
    nickname = _nickname(written)
    if nickname:
        written = " ".join(_NICKNAME.sub(" ", written).split())
    written, role = _without_role(written)
    if nickname and _is_role(nickname):
        nickname, role = None, role or nickname  # "Jane Doe (Recruiter)" is not called that
    parsed = HumanName(written)
    title, first, middle, last = parsed.title, parsed.first, parsed.middle, parsed.last
    suffix = parsed.suffix
    if not (first or last):
        return ParsedName(written, written, written, has_name=False)
    if role:
        # The name alone is who they are ("Guten Tag Bill Lumbergh"); the title is kept apart.
        return replace(parse_name(written), role=role)

    before_comma = written.split(",", 1)[0].strip()
    family_first = "," in written and bool(last) and before_comma == last
    if family_first:
        # "Smith, John" said which part is the given name: read it back in the usual order.
        parts = [title, first, middle, last]
        display = " ".join(p for p in parts if p) + (f", {suffix}" if suffix else "")
        given = " ".join(p for p in [first, *middle.split()] if p and not _INITIAL.match(p))
        informal = given or display
        sure = bool(given)
        family_known = True
    else:
        display = written
        # One given name (initials aside) then the family name: the only shape a parser
        # reads the same way in every culture it is likely to meet.
        family_known = bool(last) and all(_INITIAL.match(p) for p in middle.split())
        sure = family_known and bool(first) and not _INITIAL.match(first)
        if middle.split()[:1] and middle.split()[0].casefold() in _PATRONYMIC and first:
            sure = True  # "bin Saeed" names the father: the given name is the first word
        informal = first if sure else _without_suffix(display, suffix)
    ambiguous = bool(first) and not sure
    if nickname:
        # The name they go by, written in quotes: the one to greet them with.
        informal, ambiguous = nickname, False

    if title and title.rstrip(".").casefold() in _GIVEN_NAME_TITLES and first and sure:
        formal = f"{title} {first}"
    elif title and last and family_known:
        formal = f"{title} {last}"
    else:
        formal = _without_suffix(display, suffix)
    return ParsedName(display, informal, formal, has_name=True, ambiguous=ambiguous)


def _without_role(written: str) -> tuple[str, str | None]:
    """The name without a job title typed after it, and that title (None when there is
    none): "Bill Lumbergh, VP Engineering" is Bill Lumbergh. A suffix (PhD, Jr.) stays."""
    separated = _ROLE_SEPARATOR.split(written, maxsplit=1)
    if len(separated) == 2 and separated[0] and _is_role(separated[1]):
        return separated[0], separated[1]
    parts = written.split(",")
    roles: list[str] = []
    while len(parts) > 1 and _is_role(parts[-1]):
        roles.insert(0, parts.pop().strip())
    return ",".join(parts).strip(), ", ".join(roles) or None


def _is_role(text: str) -> bool:
    """Whether `text` reads as a job title rather than a name or a suffix like PhD."""
    from nameparser.config import CONSTANTS

    words = [w.strip(".,()") for w in re.split(r"[\s/]+", text.casefold()) if w.strip(".,()")]
    suffixes = CONSTANTS.suffix_acronyms | CONSTANTS.suffix_not_acronyms
    if not words or all(word.replace(".", "") in suffixes for word in words):
        return False
    return any(word in _ROLE_WORDS or word in _ROLE_JOINERS for word in words)


def _nickname(written: str) -> str | None:
    match = _NICKNAME.search(written)
    if not match:
        return None
    return next(group for group in match.groups() if group).strip() or None


def _cased(written: str) -> str:
    """A name typed all in capitals or all in small letters ("JANE DOE", "siobhan ni
    bhriain"), as it is written on an envelope; a name in mixed case is the person's own."""
    letters = [ch for ch in written if ch.isalpha() and ch.upper() != ch.lower()]
    if not letters or not (written.isupper() or written.islower()):
        return written
    words = written.split(" ")
    return " ".join(
        word.lower() if i and word.lower() in _PARTICLES else _capital_word(word)
        for i, word in enumerate(words)
    )


def _capital_word(word: str) -> str:
    """'o'neill' -> "O'Neill", 'mcdonald' -> 'McDonald', 'anne-marie' -> 'Anne-Marie'."""
    word = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word.lower())
    if len(word) > 3 and word.startswith("Mc"):
        word = "Mc" + word[2:].capitalize()
    return word


def _without_suffix(display: str, suffix: str) -> str:
    if suffix and display.endswith(suffix):
        return display[: -len(suffix)].rstrip(" ,")
    return display


def display_name(contact: Contact) -> str:
    """The full name in reading order: only "Family, Given" needs the parser to reorder."""
    written = " ".join(contact.name.split())
    if not _may_need_the_parser(written):
        return _cased(written)  # as written (skips importing nameparser)
    return parse_name(contact.name).display


def job_title(contact: Contact) -> str | None:
    """The contact's `title`, or the one typed after their name ("Jane Doe, Recruiter")."""
    if contact.title or not _may_need_the_parser(" ".join(contact.name.split())):
        return contact.title
    return parse_name(contact.name).role


def _may_need_the_parser(written: str) -> bool:
    """Whether the name may be "Family, Given", carry a nickname or a job title."""
    return any(mark in written for mark in ',"(“') or bool(_ROLE_SEPARATOR.search(written))


def may_be_only_a_title(name: str) -> bool:
    """A cheap first look ("Dr.", "Prof", "Dr. med."), so most names skip the parser."""
    words = name.split()
    return len(words) == 1 or all(word.endswith(".") for word in words)


def greeting_name(contact: Contact, formal: bool) -> str:
    """What follows "Hi" or "Dear": the salutation if given, else derived from the name."""
    if contact.salutation:
        return contact.salutation
    parsed = parse_name(contact.name)
    return parsed.formal if formal else parsed.informal


def guessed_in_full(contact: Contact) -> bool:
    """True when messages greet this person by their whole name because the given name
    could not be told ("Tan Wei Ling"): worth a `salutation`."""
    if contact.salutation or len(contact.name.split()) < 2:
        return False
    return parse_name(contact.name).ambiguous


def sure_of_greeting(contact: Contact) -> bool:
    """Whether the greeting is one a person would say aloud: the user's `salutation`, or a
    short form the name leaves no doubt about."""
    if contact.salutation:
        return True
    parsed = parse_name(contact.name)
    return parsed.has_name and not parsed.ambiguous


def join_names(parts: Sequence[str]) -> str:
    """'Dana', 'Dana and Lee', 'Dana, Lee and Sam'."""
    return join_in("en", parts)
