"""The languages followcal writes messages in: what each needs beyond its templates.

A language is an ISO 639-1 code with a folder of templates (`templates/<code>/`, English at
the top) and the few rules Python applies around them: how names are joined, how a greeting
opens, where the date line of a letter goes, French spacing before `: ; ? !`. Adding one
(Dutch, Portuguese, Italian next) is a `Language` here plus its template folder.
Babel is imported inside the functions: `followcal --help` must not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, also the Babel locale and the templates folder
    name: str  # in English, for messages to the candidate
    and_word: str  # joins the last two names: "Jürgen Weiß und Anna Braun"
    # the countries whose companies usually hire in this language (for `validate`'s hint)
    countries: frozenset[str] = field(default_factory=frozenset)
    # " at Northwind" in a subject: the first thing dropped when it is too long
    at_words: tuple[str, ...] = ()
    # a message's gist, for a subject whose role leaves no room for the sentence
    gists: dict[str, str] = field(default_factory=dict)
    # the line that opens a call draft's voicemail script (its templates write it; `validate`
    # checks each script of a call on its own)
    voicemail_label: str = "Voicemail script:"


_SPANISH_SPEAKING = frozenset({
    "ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV",
    "NI", "CR", "PA", "UY",
})  # fmt: skip
LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language(
            "en",
            "English",
            "and",
            frozenset({"US", "GB", "IE", "AU", "NZ", "SG", "ZA"}),
            (" at ", " with "),
            {
                "thank-you": "thank you for your time",
                "follow-up": "following up",
                "offer-news": "a question about timing",
                "withdrawal": "withdrawing my application",
            },
        ),
        Language(
            "de",
            "German",
            "und",
            frozenset({"DE", "AT", "LI"}),
            (" bei der ", " bei "),
            {
                "thank-you": "vielen Dank für das Gespräch",
                "follow-up": "Nachfrage zum Stand",
                "offer-news": "Frage zum Zeitplan",
                "withdrawal": "Rückzug meiner Bewerbung",
            },
            "Für die Mailbox:",
        ),
        Language(
            "fr",
            "French",
            "et",
            frozenset({"FR", "MC"}),
            (" chez ",),
            {
                "thank-you": "merci pour notre entretien",
                "follow-up": "suivi de ma candidature",
                "offer-news": "question de calendrier",
                "withdrawal": "retrait de ma candidature",
            },
            "Message pour le répondeur\u202f:",
        ),
        Language(
            "es",
            "Spanish",
            "y",
            _SPANISH_SPEAKING,
            (" en ",),
            {
                "thank-you": "gracias por la entrevista",
                "follow-up": "seguimiento de mi candidatura",
                "offer-news": "consulta sobre plazos",
                "withdrawal": "retirada de mi candidatura",
            },
            "Mensaje para el buzón de voz:",
        ),
    )
}
LANGUAGE_CODES: tuple[str, ...] = tuple(LANGUAGES)


def language_problem(value: str) -> str | None:
    """Why `value` is not a language followcal writes in (None when it is one)."""
    if value in LANGUAGES:
        return None
    known = ", ".join(f"'{code}' ({lang.name})" for code, lang in LANGUAGES.items())
    return f"'{value}' is not a language followcal writes in; use one of {known}"


def usual_language(country_code: str | None) -> str | None:
    """The language a company in this country usually hires in, where followcal has it."""
    if not country_code:
        return None
    return next((c for c, lang in LANGUAGES.items() if country_code in lang.countries), None)


def template_path(language: str, name: str) -> str:
    """`de/follow-up-1.email.j2`; English templates sit at the top of the folder."""
    return name if language == DEFAULT_LANGUAGE else f"{language}/{name}"


def join_in(language: str, parts: Sequence[str]) -> str:
    """'A', 'A und B', 'A, B und C'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {LANGUAGES[language].and_word} " + parts[-1]


# German names a company by its legal form's gender: "bei der Nordwind GmbH", "für die
# Nordwind AG", but "bei Siemens". Every form here is feminine (die Gesellschaft).
_GERMAN_FORMS = re.compile(r"\b(GmbH|AG|SE|KG|OHG|UG|KGaA|GbR|mbH)(\s*&\s*Co\.?\s*KG)?\.?$")


def german_company(company: str) -> dict[str, str]:
    """The company after a German preposition or as a subject: `company_dat` ("der
    Nordwind GmbH"), `company_acc` and `company_nom` ("die Nordwind GmbH")."""
    if _GERMAN_FORMS.search(company):
        return {"company_dat": f"der {company}", "company_acc": f"die {company}",
                "company_nom": f"die {company}"}  # fmt: skip
    return {"company_dat": company, "company_acc": company, "company_nom": company}


def long_date_in(day: date, language: str) -> str:
    """'20. November 2026', 'vendredi 20 novembre 2026', 'viernes 20 de noviembre de 2026':
    Babel's names and order, as running text writes a date. German leaves the weekday out:
    "am Freitag, 20. November 2026" would need a closing comma after the year wherever the
    sentence goes on ("..., gesprochen haben"), and "am 20. November 2026" needs none."""
    from babel.dates import format_date

    if language == "de":
        return str(format_date(day, "long", locale="de"))
    if language == "es":
        return str(format_date(day, "EEEE d 'de' MMMM 'de' y", locale="es"))
    return str(format_date(day, "full", locale=language))


def clock_in(moment: datetime, language: str) -> str:
    """The time of day as the language writes it ('14:00')."""
    from babel.dates import format_time

    if language == "fr":  # French writes the hour with "h": "14 h", "9 h 30"
        return str(
            format_time(moment.time(), "H' h 'mm" if moment.minute else "H' h'", locale="fr")
        )
    return str(format_time(moment.time(), "short", locale=language))


def spanish_hello(hour: int, country: str | None) -> str:
    """'Buenos días' until lunch, 'Buenas tardes' after it: Spain lunches late (about 14:00),
    so its morning lasts longer than Mexico's or Argentina's (noon)."""
    afternoon = 14 if country == "ES" else 12
    return "Buenas tardes" if hour >= afternoon else "Buenos días"


# A postcode before or after the town on an address's last line ("10115 Berlin").
_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}-)?\d{4,5}\s+|\s+\d{4,5}$")


def town_of(address: Sequence[str]) -> str | None:
    """The town on an address's last line, without its postcode: '10115 Berlin' -> 'Berlin'."""
    if not address:
        return None
    town = _POSTCODE.sub("", address[-1].strip()).strip(" ,")
    return town if town and not any(ch.isdigit() for ch in town) else None


def letter_date_line(day: date, language: str, town: str | None) -> str:
    """A letter's date line as the country writes it: 'Berlin, 20. November 2026',
    'Lyon, le 20 novembre 2026', 'Madrid, 20 de noviembre de 2026'; without a town, the
    date alone ('Le 20 novembre 2026')."""
    from babel.dates import format_date

    when = str(format_date(day, "long", locale=language))
    if language == "fr":
        return f"{town}, le {when}" if town else f"Le {when}"
    return f"{town}, {when}" if town else when


# French sets a narrow no-break space before : ; ? ! (and none before a colon in 14:00, a
# URL or an address): one rule applied to the rendered text, so templates stay readable.
_FRENCH_SPACE = re.compile(r"(?<=[^\s/])[ \u00a0\u202f]?([;:?!])(?=[ \t\n\u00a0]|$)")


# A call draft's English labels, in a French template written before the labels were French:
# they keep their English colon.
_LABELS = ("Call script:", "Voicemail script:")


def french_spacing(text: str) -> str:
    return "\n".join(
        line if line in _LABELS else _FRENCH_SPACE.sub("\u202f\\1", line)
        for line in text.split("\n")
    )


# French drops the vowel of "de" and "que" before a word that starts with one: "au service
# d'Atelier Lumen", "le poste d'ingénieur", "qu'Isabelle". The templates cannot know the
# company, role or person they are given, so the rule runs on the rendered text. Not before
# "h" (aspirated or mute, it depends on the word) nor "y" ("de Yann", but "d'Yves").
_ELIDED = re.compile(r"\b([Dd]e|[Qq]ue) (?=[AEIOUÀÂÆÉÈÊËÎÏÔŒÙÛÜaeiouàâæéèêëîïôœùûü])")


def french_elision(text: str) -> str:
    return _ELIDED.sub(lambda m: m.group(1)[:-1] + "\u2019", text)


def finish_text(text: str, language: str) -> str:
    """The language's typography on a rendered message."""
    return french_spacing(french_elision(text)) if language == "fr" else text
