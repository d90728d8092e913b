"""What `validate` checks about languages: the company's country hires in another language
(a hint, once per country and language), and every follow-up drafted, whatever its language
and whoever wrote its template, carries the seven elements and no unrendered variable."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from followcal.languages import DEFAULT_LANGUAGE, LANGUAGES, usual_language
from followcal.model import Candidate, Interview

if TYPE_CHECKING:
    from followcal.messages import DraftedAction

# Per language: the words that carry elements 2, 4, 5 and 6 of article 000's seven (the
# name, role, date and question are checked from the values themselves).
_MARKERS: dict[str, dict[str, str]] = {
    "en": {
        "that it follows up on the candidacy": r"follow(ing)?[ -]up|status|update",
        "restated interest": r"interest|enthusias|excited|keen|eager",
        "looking forward to hearing back": r"look(ing)? forward|hear(ing)? from you|reply",
        "a thank-you": r"\bthank",
    },
    "de": {
        "that it follows up on the candidacy": r"nachfrag|nachzufragen|erkundig|anknüpf|stand",
        "restated interest": r"interess|begeister|reizt|gern",
        "looking forward to hearing back": r"freue mich|von ihnen zu hören|rückmeldung|antwort",
        "a thank-you": r"dank",
    },
    "fr": {
        "that it follows up on the candidacy": r"revenir vers vous|reviens vers vous|faire "
        r"(le|un dernier) point|au sujet de ma candidature|candidature",
        "restated interest": r"intéress|enthousias|plaît|cœur|aimerais",
        "looking forward to hearing back": "dans l\u2019attente|nouvelles|au plaisir|retour",
        "a thank-you": r"merci|remerci",
    },
    "es": {
        "that it follows up on the candidacy": r"seguimiento|retomar|candidatura",
        "restated interest": r"interés|interesando|entusias|atrayendo|ganas|encantaría",
        "looking forward to hearing back": r"a la espera|noticias suyas|sus noticias",
        "a thank-you": r"gracias|agradezco|agradeceré",
    },
}
# Template syntax left in a message: a brace typed for a variable that never rendered.
_UNRENDERED = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CHECKED_KINDS = ("follow-up", "call", "offer-news")


def language_hints(interviews: Sequence[Interview], candidate: Candidate | None) -> list[str]:
    """One hint per country and chosen language where companies there usually hire in
    another language followcal writes in; never an error (an English-speaking team in
    Berlin writes in English). And one per German contact greeted by a title alone."""
    mine = (candidate.language if candidate else None) or DEFAULT_LANGUAGE
    hints: dict[tuple[str, str], str] = {}
    for interview in interviews:
        usual = usual_language(interview.country_code)
        chosen = interview.language or mine
        key = (interview.country_code or "", chosen)
        if usual is None or usual == chosen or key in hints:
            continue
        hints[key] = (
            f"{interview.source}: {interview.id}: companies in {interview.country_code} usually "
            f"hire in {LANGUAGES[usual].name}, but its messages are in "
            f'{LANGUAGES[chosen].name}; set language = "{usual}" if that is what they use'
        )
    return list(hints.values()) + _german_title_hints(interviews, mine)


# A German salutation names the person's gender before a title: "Herr Dr. Weiß".
_GERMAN_TITLES = ("dr.", "dr", "prof.", "prof", "professor", "professorin")


def _german_title_hints(interviews: Sequence[Interview], mine: str) -> list[str]:
    """A contact written to in German whose salutation is a title alone ("Dr. Weiß"): the
    greeting cannot be the formal one, which needs "Herr" or "Frau" before the title."""
    hints = []
    for interview in interviews:
        for contact in interview.contacts:
            language = contact.language or interview.language or mine
            salutation = contact.salutation or ""
            first = salutation.split()[0].casefold() if salutation.split() else ""
            if language == "de" and first in _GERMAN_TITLES:
                hints.append(
                    f"{interview.source}: {interview.id}: {contact.name}: German greets "
                    f'"{salutation}" as "Guten Tag {salutation},"; write salutation = '
                    f'"Herr {salutation}" or "Frau {salutation}" for "Sehr geehrte(r) ..."'
                )
    return hints


def unrendered(drafted: Sequence[DraftedAction]) -> list[str]:
    """Templates whose message still shows template syntax ("{{ contact.nme }}" typed in a
    way Jinja printed as text): such a message cannot be sent as it is."""
    found = {item.template for item in drafted if _UNRENDERED.search(item.draft.text)}
    return [
        f"template {name!r}: its message shows unrendered template syntax" for name in sorted(found)
    ]


def draft_problems(drafted: Sequence[DraftedAction]) -> list[str]:
    """Each follow-up template's missing elements of the seven, once per template."""
    problems: dict[str, str] = {}
    for item in drafted:
        if item.template in problems:
            continue
        text = item.draft.text
        if item.action.step.kind not in _CHECKED_KINDS:
            continue
        language = item.template.split("/")[0] if "/" in item.template else DEFAULT_LANGUAGE
        label = LANGUAGES[language].voicemail_label
        scripts = text.split(label) if label in text else [text]
        missing = sorted(
            {m for script in scripts for m in missing_elements(script, item, language)}
        )
        if missing:
            problems[item.template] = (
                f"template {item.template!r} ({item.action.interview.id}): "
                f"missing {', '.join(missing)}"
            )
    return list(problems.values())


def missing_elements(text: str, item: DraftedAction, language: str) -> list[str]:
    """The seven elements this message lacks (none for a complete one)."""
    from followcal.names import display_name, greeting_name
    from followcal.salutations import addressed

    interview = item.action.interview
    contact = item.action.contacts[0]
    names = {display_name(contact), greeting_name(contact, False), greeting_name(contact, True)}
    names.add(contact.salutation or "")
    names.add(addressed(contact, language) or "")  # "Docteur Laurent" for "Dr Laurent"
    lowered = text.casefold()
    missing = [
        what
        for what, pattern in _MARKERS.get(language, _MARKERS[DEFAULT_LANGUAGE]).items()
        if not re.search(pattern, lowered)
    ]
    if not any(name and name in text for name in names):
        missing.append("the recipient's name")
    role = (
        interview.role.split(maxsplit=1)[-1]
        if interview.role.casefold().startswith("the ")
        else interview.role
    )
    if role not in text:
        missing.append("the role")
    if str(interview.start.year) not in text:
        missing.append("the interview date")
    if not re.search(r"[^.?!\n]{10,}\?", text):
        missing.append("a direct question")
    if "!" in text:
        missing.append("a calm tone (no exclamation marks)")
    return missing
