"""How a German, French or Spanish message opens: a greeting that never guesses a gender.

The name alone says nothing certain about how a person is addressed, so the neutral form is
the rule ("Guten Tag Jürgen Weiß,", "Bonjour Claire Martin,", "Buenos días, Lucía García:");
only a `salutation` the user wrote ("Herr Weiß", "Madame Martin", "Sra. García") turns it
into the gendered formal one ("Sehr geehrter Herr Weiß,", "Madame,", "Estimada Sra. García:").
English greetings stay with messages.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from followcal.languages import join_in
from followcal.model import Channel, Contact
from followcal.names import display_name

# The first word of a salutation that says how a person is addressed, by language.
_GENDERED: dict[str, dict[str, str]] = {
    "de": {"herr": "m", "frau": "f"},
    "fr": {"monsieur": "m", "m.": "m", "madame": "f", "mme": "f", "mme.": "f"},
    "es": {"sr.": "m", "sr": "m", "dr.": "m", "sra.": "f", "sra": "f", "srta.": "f",
           "dra.": "f", "don": "m", "doña": "f"},
}  # fmt: skip
# French writes the title out in a greeting: "Madame Martin", never "Mme Martin", and a
# doctor is "Docteur Laurent" (said and written), never "Dr Laurent".
_FRENCH_TITLE = {"m.": "Monsieur", "mme": "Madame", "mme.": "Madame", "dr": "Docteur",
                 "dr.": "Docteur"}  # fmt: skip


@dataclass(frozen=True)
class Opening:
    line: str  # the greeting line, punctuation included
    # French letters repeat the form of address in their closing formula ("Madame,")
    term: str


def gender(contact: Contact, language: str) -> str | None:
    """'m' or 'f' when the user's salutation says so; None otherwise (never guessed)."""
    if not contact.salutation:
        return None
    first = contact.salutation.split()[0].casefold()
    return _GENDERED.get(language, {}).get(first)


def addressed(contact: Contact, language: str) -> str | None:
    """The person as a call script says their name: the salutation, French titles written
    out ("Madame Martin"); None without one (the script then greets without a name)."""
    if not contact.salutation:
        return None
    if language == "fr":
        first, _, rest = contact.salutation.partition(" ")
        title = _FRENCH_TITLE.get(first.casefold())
        if title:
            return f"{title} {rest}".strip()
    return contact.salutation


def _name(contact: Contact, language: str) -> str:
    return addressed(contact, language) or display_name(contact)


def opening(
    contacts: Sequence[Contact], language: str, channel: Channel, hello: str = "Buenos días"
) -> Opening:
    """The greeting for these recipients in `language` (de, fr, es), on this channel;
    `hello` is the Spanish greeting for the time of day the message goes."""
    genders = [gender(c, language) for c in contacts]
    known = all(genders)
    if language == "de":
        if known:
            line = _gendered_line(
                contacts, genders, language, ("Sehr geehrter ", "Sehr geehrte "), ","
            )
        else:
            line = "Guten Tag " + join_in(language, [_name(c, language) for c in contacts]) + ","
        return Opening(line, "")
    if language == "fr":
        term = _french_term(genders) if known else "Madame, Monsieur"
        if channel == "letter":
            return _french_letter(contacts, term, known)
        return Opening(
            "Bonjour " + join_in(language, [_name(c, language) for c in contacts]) + ",", term
        )
    # Spanish: the greeting ends in a colon
    if known:
        line = _gendered_line(contacts, genders, language, ("Estimado ", "Estimada "), ":")
    else:
        line = f"{hello}, " + join_in(language, [_name(c, language) for c in contacts]) + ":"
    return Opening(line, "")


def _french_letter(contacts: Sequence[Contact], term: str, known: bool) -> Opening:
    """A French letter opens on the form of address alone ("Madame,"), which its closing
    repeats. One person the user names otherwise is greeted so: a doctor "Docteur," (and
    "Docteur" in the closing), a first name "Bonjour Marc," (with a closing that needs no
    form of address); the neutral "Madame, Monsieur," is for the rest."""
    named = addressed(contacts[0], "fr") if len(contacts) == 1 else None
    if known or named is None:
        return Opening(f"{term},", term)
    if named.startswith("Docteur"):
        return Opening("Docteur,", "Docteur")
    return Opening(f"Bonjour {named},", "")


def _gendered_line(
    contacts: Sequence[Contact],
    genders: Sequence[str | None],
    language: str,
    titles: tuple[str, str],
    end: str,
) -> str:
    """Each recipient after the title for their gender (masculine, feminine); a title after
    the first starts in lower case, as one sentence runs on."""
    masculine, feminine = titles
    parts = [
        (masculine if g == "m" else feminine) + _name(c, language)
        for c, g in zip(contacts, genders, strict=True)
    ]
    return ", ".join([parts[0], *(p[0].lower() + p[1:] for p in parts[1:])]) + end


def _french_term(genders: Sequence[str | None]) -> str:
    """'Madame', 'Monsieur', or both for a mixed group ('Madame, Monsieur')."""
    terms = [term for g, term in (("f", "Madame"), ("m", "Monsieur")) if g in genders]
    if len(terms) == 1 and len(genders) > 1:
        terms = [terms[0] + "s" if terms[0] == "Madame" else "Messieurs"]
        return "Mesdames" if terms[0] == "Madames" else terms[0]
    return ", ".join(terms)
