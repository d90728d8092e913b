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


def slugify(text: str) -> str:
    """ASCII, lower-case, dash-separated: stable across runs and machines."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "entry"


def forms(key: IdKey) -> list[str]:
    """The candidate ids of one interview, shortest first."""
    assert key.company and key.role and key.day
    company, role, day = slugify(key.company), slugify(key.role), key.day.isoformat()
    return [company, f"{company}-{role}", f"{company}-{day}", f"{company}-{role}-{day}"]


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
            for form in forms(key):
                found[form].add(interview_id)
    return {form: next(iter(ids)) for form, ids in found.items() if len(ids) == 1}


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
