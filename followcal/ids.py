"""Interview ids: how they are derived, and how a short form typed by a person is resolved.

One derivation, used by the entry reader and by the file editor alike, so that `sent acme`
finds the interview `plan` showed as `acme`. A derived id is the company's slug, with the
role, the date, or both added only where that is needed to tell interviews apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class IdKey:
    """What an interview's id is made from: its own `id`, or company, role and date."""

    explicit: str | None
    company: str | None
    role: str | None
    day: date | None

    @property
    def complete(self) -> bool:
        return bool(self.company and self.role and self.day)


# How German and the Nordic languages spell their letters out: people type "baeckerei" for
# Bäckerei and "oersted" for Ørsted as often as "backerei" and "orsted". Ids keep one spelling
# (anyascii's), and a name typed in this one finds the interview too.
_SPELLED_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
     "ø": "oe", "Ø": "Oe", "æ": "ae", "Æ": "Ae", "å": "aa", "Å": "Aa"}
)  # fmt: skip


def slugify(text: str) -> str:
    """ASCII, lower-case, dash-separated: stable across runs and machines.

    Letters are transliterated (anyascii: "Ørsted" -> "orsted", "Straße" -> "strasse",
    "Москва" -> "moskva"), not dropped: an id must be one a person can type.
    """
    from anyascii import anyascii

    ascii_text = anyascii(unicodedata.normalize("NFC", text))
    return _dashed(ascii_text)


def _dashed(ascii_text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "entry"


def _legacy_slug(text: str) -> str:
    """The slug of followcal 0.3 and before, which dropped what NFKD could not decompose
    ("Ørsted A/S" -> "rsted-a-s"): ids typed from an older plan still name the interview."""
    return _dashed(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


def _company_slugs(company: str) -> set[str]:
    """Every slug a person may type for a company: anyascii's, spelled out, and the old one."""
    return {slugify(company), slugify(company.translate(_SPELLED_OUT)), _legacy_slug(company)}


def forms(key: IdKey) -> list[str]:
    """The candidate ids of one interview, shortest first."""
    assert key.company and key.role and key.day
    return _forms(slugify(key.company), slugify(key.role), key.day)


def _forms(company: str, role: str, day: date) -> list[str]:
    stamp = day.isoformat()
    return [company, f"{company}-{role}", f"{company}-{stamp}", f"{company}-{role}-{stamp}"]


def derive_ids(keys: Sequence[IdKey]) -> list[str | None]:
    """Each interview's id, in order: its explicit id as written, or the shortest derived
    form that no other interview shares (None when company, role or date is missing).

    Interviews of one company all take the same form (role, date, or both), so that their
    ids read alike. Interviews identical in company, role and date get the same id, which
    the reader reports as a repeated id.
    """
    ids: list[str | None] = [key.explicit.strip() if key.explicit else None for key in keys]
    taken = {i for i in ids if i}
    groups: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if ids[index] is None and key.complete:
            groups[forms(key)[0]].append(index)
    for members in groups.values():
        candidates = [forms(keys[index]) for index in members]
        for level in range(4):
            chosen = [form[level] for form in candidates]
            if len(set(chosen)) == len(chosen) and not taken.intersection(chosen):
                break
        for index, form in zip(members, candidates, strict=True):
            ids[index] = form[level]
    # Rare: one company's form met another's ("acme" + "corp" vs "acme-corp").
    counts: dict[str | None, int] = defaultdict(int)
    for value in ids:
        counts[value] += 1
    for members in groups.values():
        for index in members:
            if counts[ids[index]] > 1:
                ids[index] = forms(keys[index])[3]
    return ids


def aliases(keys: Sequence[tuple[str, IdKey]]) -> dict[str, str]:
    """Every longer derived form of each interview's id, to the id: an id typed in its long
    form (the only form before 0.2, or the form a larger set of files gives) still names
    the interview. Forms shared by several interviews are left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for interview_id, key in keys:
        if key.complete:
            assert key.company and key.role and key.day
            roles = {slugify(key.role), _legacy_slug(key.role)}
            for company in _company_slugs(key.company):
                for role in roles:
                    for form in _forms(company, role, key.day):
                        found[form].add(interview_id)
    return {form: next(iter(ids)) for form, ids in found.items() if len(ids) == 1}


def by_company_words(given: str, companies: Sequence[tuple[str, str]]) -> list[str]:
    """The ids (of ``(id, company)`` pairs) whose company has a word that ``given`` starts:
    "muller" and "baeckerei" both find "Bäckerei Müller GmbH", "kiez" finds "Das Kiezkraft".
    Spelled-out and transliterated forms both count; case and accents are ignored."""
    wanted = slugify(given) if given.strip() else ""
    if not wanted or wanted == "entry":
        return []
    found: list[str] = []
    for interview_id, company in companies:
        for slug in _company_slugs(company):
            words = slug.split("-")
            if any("-".join(words[i:]).startswith(wanted) for i in range(len(words))):
                found.append(interview_id)
                break
    return list(dict.fromkeys(found))


def resolve(given: str, known: Sequence[str]) -> list[str]:
    """The ids that `given` names: itself if it is one, else every id it is a prefix of
    (case and accents ignored). One result is a match; several are ambiguous."""
    if given in known:
        return [given]
    wanted = slugify(given) if given.strip() else ""
    if not wanted:
        return []
    if wanted in known:
        return [wanted]
    return [candidate for candidate in known if candidate.startswith(wanted)]
