"""A review of the German, French and Spanish drafts as their recipients read them: each test
renders drafts the way `followcal draft` does and asserts on the text a hiring manager gets."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date, time

import pytest
from click.testing import CliRunner

from followcal.cli import main
from followcal.drafting import BUILTIN_TEMPLATES, make_environment
from followcal.languages import LANGUAGES
from followcal.messages import DraftedAction, draft_actions
from followcal.model import Candidate, Contact
from tests.helpers import interview, plan_for

ENV = make_environment(None)
ME = Candidate("Alex Morgan", "alex@example.com", address="Torstraße 12\n10119 Berlin")
PLACES = {
    "de": ("Europe/Berlin", "DE", "Nordwind Handel GmbH", "Key Account Manager"),
    "fr": ("Europe/Paris", "FR", "Vent du Nord", "Responsable grands comptes"),
    "es": ("Europe/Madrid", "ES", "Viento Norte", "Gerente de cuentas"),
}
ALL_PROFILES = ("standard", "balanced", "paced", "persistent", "email-only")


def company(code: str, contacts: tuple[Contact, ...], **fields: object):
    zone, country, name, role = PLACES[code]
    values: dict[str, object] = {"company": name, "role": role, "country": country}
    values.update(fields)
    return interview("2026-11-17T10:00", zone, contacts, language=code, **values)


def drafts(
    *interviews, me: Candidate = ME, profile: str = "standard", **settings: object
) -> list[DraftedAction]:
    actions = [a for a in plan_for(*interviews, profile=profile, **settings) if not a.cancelled]
    return draft_actions(actions, ENV, me)


def every_draft(code: str, contacts: tuple[Contact, ...], **fields: object) -> list[str]:
    """Every message of every profile, on every channel, with and without a decision date,
    and the news of another company's offer."""
    return [d.draft.text for d in every_drafted(code, contacts, **fields)]


def every_drafted(
    code: str, contacts: tuple[Contact, ...], **fields: object
) -> list[DraftedAction]:
    found = []
    for profile in ALL_PROFILES:
        for channel, traditional in itertools.product((None, "email", "phone", "letter"), (0, 1)):
            for decision in (None, date(2026, 11, 27)):
                chosen = company(code, contacts, channel=channel, decision_by=decision,
                                 traditional=bool(traditional), **fields)  # fmt: skip
                offered = replace(chosen, id="other", company="Contoso", status="offer",
                                  status_date=date(2026, 11, 25), offer_written=True,
                                  offer_deadline=date(2026, 12, 20))  # fmt: skip
                for others in ((), (offered,)):
                    found += [
                        d
                        for d in drafts(chosen, *others, profile=profile)
                        if d.action.step.channel != "none" and d.action.interview.id != "other"
                    ]
    return found


def test_the_review_covers_every_template_of_each_language() -> None:
    for code in ("de", "fr", "es"):
        templates = {d.template for d in every_drafted(code, (ONE[code],))}
        names = {p.name for p in (BUILTIN_TEMPLATES / code).glob("*.j2")}
        missing = {n for n in names if f"{code}/{n}" not in templates}
        # the withdrawal follows `accept`, the notes are the candidate's own
        assert missing == {"withdrawal.email.j2", "check-status.none.j2", "move-on.none.j2"}, code


WEISS = Contact("Jürgen Weiß", salutation="Herr Dr. Weiß", email="j@nordwind.example")
MARTIN = Contact("Claire Martin", salutation="Madame Martin", email="c@vdn.example")
GARCIA = Contact("Lucía García", salutation="Sra. García", email="l@vn.example")
ONE = {"de": WEISS, "fr": MARTIN, "es": GARCIA}


# -- call scripts: the candidate speaks the company's language, so reads it too ---------------

ENGLISH_DIRECTIONS = re.compile(r"Call script|Voicemail script|say it slowly|your phone number")


@pytest.mark.parametrize("code", ["de", "fr", "es"])
def test_a_call_draft_has_no_english_stage_direction(code: str) -> None:
    calls = [
        d.draft.text
        for profile in ("paced", "persistent")
        for d in drafts(company(code, (ONE[code],), channel="phone"), profile=profile)
        if d.action.step.channel == "phone"
    ]
    assert calls
    for text in calls:
        assert not ENGLISH_DIRECTIONS.search(text), text
        # the voicemail script opens on the label validate splits the draft at
        assert f"\n{LANGUAGES[code].voicemail_label}\n" in text, text
    placeholder = {"de": "Ihre eigene Telefonnummer", "fr": "votre propre numéro",
                   "es": "tu número de teléfono"}[code]  # fmt: skip
    assert all(placeholder in text for text in calls)  # ME has no phone number


def test_a_call_draft_through_the_cli_reads_in_german(isolated_config, tmp_path) -> None:
    path = tmp_path / "i.toml"
    path.write_text(
        '[candidate]\nname = "Alex Morgan"\nphone = "+49 30 1234567"\n\n'
        '[[interview]]\nid = "nw"\ncompany = "Nordwind"\nrole = "Vertrieb"\n'
        'date = "2026-11-18 14:30"\ntimezone = "Europe/Berlin"\nlanguage = "de"\n'
        'channel = "phone"\nprofile = "persistent"\n'
        '[[interview.contacts]]\nname = "Katrin Vogel"\nsalutation = "Frau Vogel"\n'
        'phone = "089 1234567"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["draft", "nw", "call-1", "-f", str(path), "--now", "2026-11-10T08:00"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Wenn jemand abnimmt:" in result.stdout and "Für die Mailbox:" in result.stdout
    assert "[langsam sprechen, dann wiederholen]" in result.stdout
    assert not ENGLISH_DIRECTIONS.search(result.stdout)


# -- French: "de" and "que" elide before a vowel -------------------------------------------------

UNELIDED = re.compile(r"\b(de|que) [AEIOUÉÈÀaeiouéèà]", re.IGNORECASE)


def test_french_elides_de_and_que_before_a_company_role_or_name_with_a_vowel() -> None:
    isabelle = Contact("Isabelle Roux", salutation="Madame Roux", email="i@lumen.example")
    recruiter = replace(isabelle, recruiter_for="Atelier Lumen")
    texts = every_draft("fr", (isabelle,), company="Atelier Lumen", role="Ingénieur",
                        mutual_connection="Emma Lefèvre", topic="Lille")  # fmt: skip
    texts += every_draft("fr", (recruiter,), company="Orbis Conseil", role="Ingénieur")
    assert any("au service d\u2019Atelier Lumen" in t for t in texts)
    assert any("au poste d\u2019Ingénieur" in t for t in texts)
    assert any("qu\u2019Emma Lefèvre" in t for t in texts)
    for text in texts:
        assert not UNELIDED.search(text), UNELIDED.search(text)
    # and a consonant keeps its "de": the rule does not over-reach
    plain = every_draft("fr", (isabelle,), company="Vent du Nord", role="Responsable")
    assert any("au poste de Responsable" in t for t in plain)


# -- German: dates as running text writes them, tenses that fit -----------------------------------

# "am Freitag, 20. November 2026 gesprochen": a weekday date the sentence runs on after
# without the comma that closes it
UNCLOSED_DATE = re.compile(r"\b\w+tag, \d+\. \w+ \d{4}(?! ?[,.;:?)]| Uhr\b)|\bbis \d+\. ")


def test_german_dates_in_running_text_need_no_closing_comma_and_deadlines_say_bis_zum() -> None:
    texts = every_draft("de", (WEISS,), topic="die Expansion nach Österreich")
    assert texts
    for text in texts:
        assert not UNCLOSED_DATE.search(text), UNCLOSED_DATE.search(text)
    assert any("am 17. November 2026 gesprochen haben" in t for t in texts)
    assert any("bis zum 27. November 2026 entscheiden" in t for t in texts)


def test_a_german_follow_up_after_the_decision_date_speaks_of_it_in_the_past() -> None:
    follow_ups = [
        d.draft.text
        for channel in (None, "letter")
        for d in drafts(company("de", (WEISS,), channel=channel, decision_by=date(2026, 11, 27)))
        if d.action.step.id == "follow-up-1"
    ]
    assert len(follow_ups) == 2
    for text in follow_ups:
        assert "bis zum 27. November 2026 entscheiden wollten" in text
        assert "entscheiden möchten" not in text
        # "Stand" once: the question asks something the first sentence did not
        assert text.count("Stand") == 1, text


# -- Spanish: the greeting fits the hour where they are --------------------------------------------


def test_a_spanish_call_in_the_afternoon_says_buenas_tardes() -> None:
    torres = Contact("Mariana Torres", salutation="Dra. Torres", phone="55 1234 5678")
    mexico = interview("2026-11-18T16:00", "America/Mexico_City", (torres,), company="Grupo Aurora",
                       role="Analista de datos", language="es", channel="phone")  # fmt: skip
    # calls planned for 15:00 their time (as for a candidate in Berlin, after their day)
    late = drafts(mexico, profile="persistent", business_time=time(15, 0))
    calls = [d for d in late if d.action.step.channel == "phone"]
    zone = mexico.start.tzinfo
    assert calls and all(d.action.sends.astimezone(zone).hour >= 12 for d in calls)
    for call in calls:
        assert call.draft.text.count("Buenas tardes, Dra. Torres,") == 2, call.draft.text
        assert "Buenos días" not in call.draft.text
    # a morning email in Madrid keeps "Buenos días"; Madrid's afternoon starts after lunch
    lucia = Contact("Lucía García", email="l@vn.example")
    madrid = [d for d in drafts(company("es", (lucia,))) if d.action.step.channel == "email"]
    assert madrid and all(d.draft.body.startswith("Buenos días, Lucía García:") for d in madrid)
    from followcal.languages import spanish_hello

    assert spanish_hello(13, "ES") == "Buenos días" and spanish_hello(13, "MX") == "Buenas tardes"


# -- French forms of address ----------------------------------------------------------------------


def test_a_french_doctor_is_docteur_in_every_greeting_and_in_the_letter_closing() -> None:
    laurent = Contact("Sophie Laurent", salutation="Dr Laurent", email="s@rive.example",
                      phone="01 42 00 00 00")  # fmt: skip
    texts = every_draft("fr", (laurent,))
    assert texts and not any("Dr Laurent" in t for t in texts)
    assert any("Bonjour Docteur Laurent,\n" in t for t in texts)  # an email
    assert any("\nBonjour Docteur Laurent, " in t for t in texts)  # a call
    letters = [t for t in texts if "\nObjet\u202f:" in t]
    assert letters
    for letter in letters:
        assert "\nDocteur,\n" in letter and "Madame, Monsieur" not in letter
        assert "je vous prie d\u2019agréer, Docteur, l\u2019expression" in letter


def test_validate_finds_the_doctor_s_name_in_a_french_call() -> None:
    from followcal.language_checks import draft_problems

    laurent = Contact("Sophie Laurent", salutation="Dr Laurent", phone="01 42 00 00 00")
    drafted = [
        d
        for profile in ("paced", "persistent")
        for d in drafts(company("fr", (laurent,), channel="phone"), profile=profile)
    ]
    assert any(d.template == "fr/follow-up-1.phone.j2" for d in drafted)
    assert draft_problems(drafted) == []


def test_a_french_letter_to_someone_on_first_name_terms_greets_them_by_it() -> None:
    marc = Contact("Marc Petit", salutation="Marc", email="marc@lumen.example")
    letters = [t for t in every_draft("fr", (marc,)) if "\nObjet\u202f:" in t]
    assert letters
    for letter in letters:
        assert "\nBonjour Marc,\n" in letter and "Madame, Monsieur" not in letter
        assert "je vous adresse mes bien cordiales salutations" in letter
        assert "agréer, ," not in letter
    # nobody named: the neutral form, and the closing repeats it
    anyone = [t for t in every_draft("fr", (Contact("Marc Petit"),)) if "\nObjet\u202f:" in t]
    assert anyone and all("agréer, Madame, Monsieur, l\u2019expression" in t for t in anyone)


# -- what reads as translated from English -------------------------------------------------------

CALQUES = re.compile(
    r"Woche läuft gut|votre semaine se passe bien|teniendo una buena semana"
    r"|sobre nuestra conversación sobre|y contribuer\."
    # "one of the highlights of my search", "with the full picture"
    r"|schönsten Momenten|moments forts de mes recherches|mejores momentos de mi búsqueda"
    r"|vollständigen Bild|con toda la información"
)


@pytest.mark.parametrize("code", ["de", "fr", "es"])
def test_no_draft_carries_a_pleasantry_or_phrase_translated_word_for_word(code: str) -> None:
    panel = (ONE[code], replace(ONE[code], name="Zweite Person", email="z@x.example"))
    texts = every_draft(code, (ONE[code],), topic="X") + every_draft(code, panel, topic="X")
    assert texts
    for text in texts:
        assert not CALQUES.search(text), CALQUES.search(text)


def test_spanish_names_the_mutual_connection_unambiguously_and_asks_without_an_echo() -> None:
    recruiter = replace(GARCIA, recruiter_for="Fabrikam Salud")
    texts = every_draft("es", (GARCIA,), mutual_connection="Priya Shah")
    texts += every_draft("es", (recruiter,), mutual_connection="Priya Shah")
    # "saber que conocemos a Priya Shah" reads as "that we know her", not "both of us"
    assert not any("conocemos a Priya Shah" in t for t in texts)
    assert any("que Priya Shah es un contacto en común" in t for t in texts)
    for text in texts:
        for paragraph in text.split("\n\n"):
            assert paragraph.count("noticias") <= 1, paragraph


def test_german_thanks_a_recruiter_without_a_second_gespraech() -> None:
    recruiter = replace(WEISS, recruiter_for="Fabrikam Health")
    thanks = [d.draft.text for d in drafts(company("de", (recruiter,)))
              if d.action.step.kind == "thank-you"]  # fmt: skip
    assert thanks
    for text in thanks:
        assert "ins Gespräch gebracht" not in text and "und mich dort empfohlen haben" in text


def test_validate_hints_at_a_german_salutation_without_herr_or_frau(isolated_config, tmp_path):
    path = tmp_path / "i.toml"
    path.write_text(
        '[candidate]\nname = "Alex Morgan"\n\n'
        '[[interview]]\nid = "nw"\ncompany = "Nordwind"\nrole = "Vertrieb"\n'
        'date = "2026-11-18 14:30"\ntimezone = "Europe/Berlin"\nlanguage = "de"\n'
        '[[interview.contacts]]\nname = "Jürgen Weiß"\nsalutation = "Dr. Weiß"\n'
        'email = "j@nordwind.example"\n'
        '[[interview.contacts]]\nname = "Anna Braun"\nsalutation = "Frau Prof. Braun"\n'
        'email = "a@nordwind.example"\n',
        encoding="utf-8",
    )
    now = ["--now", "2026-11-10T08:00"]
    result = CliRunner().invoke(main, ["validate", str(path), *now])
    assert result.exit_code == 0, result.stderr
    assert 'write salutation = "Herr Dr. Weiß" or "Frau Dr. Weiß"' in result.stderr
    assert "Braun: German greets" not in result.stderr  # "Frau Prof. Braun" is complete
    draft = CliRunner().invoke(main, ["draft", "nw", "thank-you", "-f", str(path), *now])
    assert "Guten Tag Dr. Weiß," in draft.stdout  # what the hint warns of


# The words each language's drafts tend to repeat: within one paragraph, at most this often.
ECHOES = {"de": {"Stand": 1, "gern": 2}, "fr": {"nouvelles": 1, "nouveau": 1},
          "es": {"noticias": 1}}  # fmt: skip


@pytest.mark.parametrize("code", ["de", "fr", "es"])
def test_no_paragraph_says_the_same_word_over_and_over(code: str) -> None:
    recruiter = replace(ONE[code], recruiter_for="Fabrikam")
    drafted = every_drafted(code, (ONE[code],), topic="X", mutual_connection="Priya Shah")
    drafted += every_drafted(code, (recruiter,), topic="X")
    for item in drafted:
        for paragraph in item.draft.text.split("\n\n"):
            for word, most in ECHOES[code].items():
                # "nouveau" counts the "nouvelles" of the same sentence: "vos nouvelles dès que
                # vous aurez du nouveau"
                found = len(re.findall(rf"\b{word}", paragraph))
                if word == "nouveau":
                    found += len(re.findall(r"\bnouvelles\b", paragraph))
                assert found <= most, f"{item.template}: {word} x{found}: {paragraph}"
