"""Issue 19: messages in the company's language, German, French and Spanish, as a native
would write them; what only the candidate reads stays in the candidate's language."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from followcal.cli import main
from followcal.drafting import BUILTIN_TEMPLATES, make_environment
from followcal.languages import LANGUAGE_CODES, french_spacing, long_date_in, template_path
from followcal.messages import draft_actions
from followcal.model import Candidate, Contact
from followcal.salutations import opening
from tests.helpers import interview, plan_for
from tests.test_golden import LANGUAGE_TEMPLATES, render_language

ENV = make_environment(None)
OTHER = [code for code in LANGUAGE_CODES if code != "en"]
ENGLISH = sorted(p.name for p in BUILTIN_TEMPLATES.glob("*.j2") if not p.name.startswith("_"))
# Words no German, French or Spanish message to a hiring manager should hold.
ENGLISH_WORDS = re.compile(r"\b(the|and|interview|position|thank you)\b", re.IGNORECASE)

WEISS = Contact("Jürgen Weiß", "Vertriebsleiter", "j.weiss@nordwind.example", "030 2345678")
ME = Candidate(
    "Alex Morgan", "alex@example.com", "+49 30 1234567", address="Torstraße 12\n10119 Berlin"
)


def german(language: str = "de", contacts: tuple[Contact, ...] = (WEISS,), **fields: object):
    return interview(
        "2026-11-20T10:00", "Europe/Berlin", contacts, company="Nordwind Handel GmbH",
        role="Key Account Manager", country="DE", language=language, **fields,
    )  # fmt: skip


def drafts_of(*interviews, me=ME, profile="standard"):
    actions = [a for a in plan_for(*interviews, profile=profile) if not a.cancelled]
    return draft_actions(actions, ENV, me)


# -- every built-in set is complete ---------------------------------------------------------


@pytest.mark.parametrize("code", OTHER)
def test_every_language_has_every_template_the_english_set_has(code: str) -> None:
    folder = BUILTIN_TEMPLATES / code
    assert sorted(p.name for p in folder.glob("*.j2")) == ENGLISH


@pytest.mark.parametrize("name", LANGUAGE_TEMPLATES)
def test_no_english_word_reaches_the_recipient(name: str) -> None:
    text = render_language(name)  # a call's labels and stage directions too
    messages = [line for line in text.splitlines() if not line.startswith(("==== ", "# "))]
    found = {m.group(0).lower() for line in messages for m in ENGLISH_WORDS.finditer(line)}
    assert not found, f"{name}: English in a {name[:2]} draft: {sorted(found)}"


@pytest.mark.parametrize("name", [n for n in LANGUAGE_TEMPLATES if not n.endswith(".none.j2")])
def test_the_registers_are_formal(name: str) -> None:
    text = render_language(name)
    informal = {"de": r"\b(du|dich|dir|dein\w*|Hallo)\b", "fr": r"\b(tu|toi|ton|ta|tes|Salut)\b",
                "es": r"\b(tú|te|tu|tus|Hola)\b"}[name[:2]]  # fmt: skip
    assert not re.search(informal, text), name


# -- the seven elements, in each language ------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_follow_up_carries_the_seven_elements(code: str, isolated_config, tmp_path) -> None:
    """validate's check, on every built-in follow-up, call and offer news of the language."""
    from followcal.language_checks import draft_problems

    company = german(language=code)
    offered = replace(company, id="other", status="offer", offer_deadline=date(2026, 12, 20),
                      offer_written=True)  # fmt: skip
    drafted = []
    for profile in ("standard", "balanced", "paced", "persistent", "email-only"):
        for channel in (None, "phone", "letter"):
            chosen = replace(company, decision_by=date(2026, 11, 27), channel=channel)
            drafted += drafts_of(chosen, profile=profile)
    drafted += drafts_of(company, replace(offered, company="Contoso"))
    templates = {d.template for d in drafted}
    pairs = ((1, "email"), (2, "email"), (1, "phone"), (2, "phone"), (3, "phone"), (1, "letter"))
    checked = {template_path(code, f"follow-up-{n}.{channel}.j2") for n, channel in pairs}
    assert checked <= templates, sorted(templates)
    assert draft_problems(drafted) == []


# -- dates, greetings, typography --------------------------------------------------------------


def test_dates_are_written_in_each_language() -> None:
    day = date(2026, 11, 20)
    assert long_date_in(day, "de") == "20. November 2026"  # running text: no weekday
    assert long_date_in(day, "fr") == "vendredi 20 novembre 2026"
    assert long_date_in(day, "es") == "viernes 20 de noviembre de 2026"


def test_a_greeting_guesses_no_gender_without_a_salutation() -> None:
    claire = Contact("Claire Martin")
    assert opening([WEISS], "de", "email").line == "Guten Tag Jürgen Weiß,"
    assert opening([claire], "fr", "email").line == "Bonjour Claire Martin,"
    assert opening([claire], "fr", "letter").line == "Madame, Monsieur,"
    assert opening([Contact("Lucía García")], "es", "email").line == "Buenos días, Lucía García:"


def test_a_salutation_gives_the_formal_greeting() -> None:
    weiss = replace(WEISS, salutation="Herr Weiß")
    braun = Contact("Anna Braun", salutation="Frau Braun")
    assert opening([weiss], "de", "letter").line == "Sehr geehrter Herr Weiß,"
    assert opening([braun, weiss], "de", "email").line == (
        "Sehr geehrte Frau Braun, sehr geehrter Herr Weiß,"
    )
    # one without a salutation: the neutral form for all, never a guessed Herr or Frau
    assert opening([braun, WEISS], "de", "email").line == "Guten Tag Frau Braun und Jürgen Weiß,"
    claire = Contact("Claire Martin", salutation="Mme Martin")
    assert opening([claire], "fr", "letter").line == "Madame,"
    assert opening([claire], "fr", "email").line == "Bonjour Madame Martin,"
    garcia = Contact("Lucía García", salutation="Sra. García")
    assert opening([garcia], "es", "email").line == "Estimada Sra. García:"


def test_french_sets_a_narrow_no_break_space_before_high_punctuation() -> None:
    assert french_spacing("Objet : suivi ? Oui ; à 14:00 mailto:x") == (
        "Objet\u202f: suivi\u202f? Oui\u202f; à 14:00 mailto:x"
    )
    letter = render_language("fr/follow-up-1.letter.j2")
    assert "Objet\u202f: ma candidature" in letter and "réflexion\u202f?" in letter
    calls = render_language("fr/follow-up-1.phone.j2")
    assert "\nSi l\u2019on décroche\u202f:\n" in calls  # a call's labels are French too
    for text in (letter, calls):
        assert not re.search(r" [:;?!]", text)


# -- the whole plan, through the CLI ----------------------------------------------------------


def write(path: Path, language: str, country: str, zone: str, contact: str) -> Path:
    path.write_text(
        '[candidate]\nname = "Alex Morgan"\nemail = "alex@example.com"\n\n'
        f'[[interview]]\nid = "co"\ncompany = "Nordwind"\nrole = "Key Account Manager"\n'
        f'date = "2026-11-20 10:00"\ntimezone = "{zone}"\ncountry = "{country}"\n'
        f'language = "{language}"\ndecision_by = "2026-11-27"\n'
        f"[[interview.contacts]]\n{contact}\n",
        encoding="utf-8",
    )
    return path


NOW = ["--now", "2026-11-10T08:00"]


def test_an_unknown_language_names_the_file_entry_field_and_the_choices(isolated_config, tmp_path):
    path = write(tmp_path / "i.toml", "nl", "NL", "Europe/Amsterdam", 'name = "Eva de Vries"')
    before = path.read_text()
    result = CliRunner().invoke(main, ["validate", str(path), *NOW])
    assert result.exit_code != 0
    assert "i.toml" in result.stderr and "language" in result.stderr
    assert "'nl'" in result.stderr and "'de' (German)" in result.stderr
    assert "'es' (Spanish)" in result.stderr and "Traceback" not in result.output
    assert path.read_text() == before


def test_a_german_interview_gets_a_german_plan_with_english_event_titles(isolated_config, tmp_path):
    path = write(tmp_path / "i.toml", "de", "DE", "Europe/Berlin",
                 'name = "Jürgen Weiß"\nemail = "j.weiss@nordwind.example"')  # fmt: skip
    result = CliRunner().invoke(main, ["draft", "co", "follow-up-1", "-f", str(path), *NOW])
    assert result.exit_code == 0, result.stderr
    assert "Guten Tag Jürgen Weiß," in result.stdout
    assert "am 20. November 2026" in result.stdout
    assert "Freundliche Grüße" in result.stdout
    out = tmp_path / "f.ics"
    result = CliRunner().invoke(main, ["generate", str(path), "-o", str(out), *NOW])
    assert result.exit_code == 0, result.stderr
    ics = out.read_text(encoding="utf-8")
    summaries = [unquote(line) for line in ics.splitlines() if line.startswith("SUMMARY")]
    assert summaries and all("Nordwind" in s for s in summaries)
    assert any("follow" in s.lower() or "thank" in s.lower() for s in summaries), summaries
    assert "subject=Nachfrage" in ics.replace("\r\n ", "")


def test_validate_hints_once_where_the_country_hires_in_another_language(isolated_config, tmp_path):
    path = write(tmp_path / "i.toml", "en", "DE", "Europe/Berlin",
                 'name = "Jürgen Weiß"\nemail = "j@n.example"')  # fmt: skip
    text = path.read_text().replace('language = "en"\n', "")
    second = text.split("[[interview]]", 1)[1].replace('id = "co"', 'id = "co2"')
    path.write_text(text + "\n[[interview]]" + second.replace("2026-11-20", "2026-11-21"))
    result = CliRunner().invoke(main, ["validate", str(path), *NOW])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("usually hire in German") == 1
    path.write_text(
        path.read_text().replace('country = "DE"\n', 'country = "DE"\nlanguage = "de"\n')
    )
    result = CliRunner().invoke(main, ["validate", str(path), *NOW])
    assert result.exit_code == 0 and "usually hire" not in result.stderr


def test_a_user_template_overrides_the_built_in_for_its_language(isolated_config, tmp_path):
    folder = isolated_config / "templates" / "de"
    folder.mkdir(parents=True)
    (folder / "follow-up-1.email.j2").write_text(
        "Subject: Meine Nachfrage\n\n{{ greeting_line }}\n\nmeine eigenen Worte.\n",
        encoding="utf-8",
    )
    path = write(tmp_path / "i.toml", "de", "DE", "Europe/Berlin",
                 'name = "Jürgen Weiß"\nemail = "j@n.example"')  # fmt: skip
    result = CliRunner().invoke(main, ["draft", "co", "follow-up-1", "-f", str(path), *NOW])
    assert "meine eigenen Worte." in result.stdout, result.stderr
    # and validate holds it to the seven elements, in German
    result = CliRunner().invoke(main, ["validate", str(path), *NOW])
    assert "de/follow-up-1.email.j2" in result.stderr and "missing" in result.stderr


def test_private_notes_stay_in_the_candidates_language(tmp_path):
    quiet = german(no_contact=True)
    notes = [d for d in drafts_of(quiet) if d.action.step.channel == "none"]
    assert notes and all(d.template == "check-status.none.j2" for d in notes)
    assert all("Check on your" in d.draft.text for d in notes)
    mine = replace(ME, language="de")
    assert all(d.template.startswith("de/") for d in drafts_of(quiet, me=mine)
               if d.action.step.channel == "none")  # fmt: skip


def test_a_contact_can_have_a_language_of_their_own() -> None:
    lyon = german(contacts=(replace(WEISS, language="fr"),))
    first = next(d for d in drafts_of(lyon) if d.action.step.kind == "thank-you")
    assert first.template == "fr/thank-you.email.j2"
    assert first.draft.subject and first.draft.subject.startswith("Merci")


def test_the_candidates_phone_and_letter_date_line_follow_the_country() -> None:
    address = "Nordwind Handel GmbH\nFriedrichstraße 100\n10117 Berlin"
    paper = german(channel="letter", address=address)
    letters = [d for d in drafts_of(paper) if d.action.step.channel == "letter"]
    assert letters
    for letter in letters:
        day = letter.action.start.day
        assert re.search(rf"^Berlin, {day}\. \w+ 2026$", letter.draft.text, re.M), letter.draft.text
        assert "+49 30 1234567" in letter.draft.text  # dialled at home: as typed
    # from a candidate in Chicago, the same number is written for dialling from abroad
    chicago = replace(ME, phone="+1 312 555 0100", timezone="America/Chicago", address=None)
    abroad = drafts_of(paper, me=chicago)
    assert all("+1 312-555-0100" in d.draft.text for d in abroad if d.action.step.is_outreach
               and d.action.step.channel != "phone")  # fmt: skip
    assert all(re.search(r"^\d+\. \w+ 2026$", d.draft.text, re.M) for d in abroad
               if d.action.step.channel == "letter")  # fmt: skip


def test_add_records_a_language_given_as_an_option(isolated_config, tmp_path):
    path = tmp_path / "i.toml"
    base = ["add", "-f", str(path), "--no-input", "--company", "Nordwind", "--role", "Vertrieb",
            "--date", "2026-11-20 10:00", "--timezone", "Europe/Berlin",
            "--contact", "Jürgen Weiß; j@n.example"]  # fmt: skip
    bad = CliRunner().invoke(main, [*base, "--language", "xx"])
    assert bad.exit_code == 2 and "'xx' is not a language" in bad.stderr
    assert not path.exists()
    good = CliRunner().invoke(main, [*base, "--language", "DE", *NOW])
    assert good.exit_code == 0, good.stderr
    assert 'language = "de"' in path.read_text(encoding="utf-8")


# -- properties -----------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NAMES = st.lists(
    st.text(st.characters(categories=("L",)), min_size=1, max_size=12), min_size=1, max_size=3
).map(" ".join)
GENDERED = re.compile(r"\b(Herr|Frau|geehrter?|Madame|Monsieur|Mesdames|Messieurs|Sra?\.|"
                      r"Srta\.|Estimad[oa]|Dra?\.)(?=\W|$)")  # fmt: skip
# A name the user typed as "madame" is greeted "Madame": the user wrote that word, any case.
TYPED_GENDERED = re.compile(GENDERED.pattern, re.IGNORECASE)


@given(st.lists(NAMES, min_size=1, max_size=3), st.sampled_from(OTHER),
       st.sampled_from(["email", "letter", "card", "phone"]))  # fmt: skip
def test_no_greeting_guesses_a_gender_the_user_did_not_write(names, code, channel):
    contacts = [Contact(name) for name in names if not TYPED_GENDERED.search(name)]
    if not contacts:
        return
    line = opening(contacts, code, channel).line
    if code == "fr" and channel == "letter":
        assert line == "Madame, Monsieur,"  # the form that names both
    else:
        assert not GENDERED.search(line), line


@given(st.text(st.sampled_from("ab :;?!\u202f\n14/")))
def test_french_spacing_is_idempotent_and_leaves_no_plain_space_before_a_sign(text):
    once = french_spacing(text)
    assert french_spacing(once) == once
    # a sign that ends a word (followed by a space or the end), as in prose
    assert not re.search(r"[^\s/] [;:?!]([ \t\n\u00a0]|$)", once)
