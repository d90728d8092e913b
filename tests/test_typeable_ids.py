"""Ids a person can type: transliterated, not dropped, and found by any word of the company
in either spelling; ids of older versions still resolve (issue 16)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from followcal.ids import IdKey, aliases, by_company_words, derive_ids, slugify
from tests.helpers import invoke, write_interviews

ENTRIES = """
[candidate]
name = "Priya Raman"
email = "priya.raman@example.com"

[[interview]]
company = "Bäckerei Müller GmbH"
role = "Backend Engineer"
date = 2026-11-20T10:00:00
timezone = "Europe/Berlin"

[[interview.contacts]]
name = "Jonas Weber"
email = "jonas@baeckerei.example"

[[interview]]
company = "Ørsted A/S"
role = "Data Engineer"
date = 2026-11-23T10:00:00
timezone = "Europe/Copenhagen"

[[interview.contacts]]
name = "Mette Hansen"
email = "mette@orsted.example"
"""


@pytest.mark.parametrize(
    ("company", "slug"),
    [
        ("Ørsted A/S", "orsted-a-s"),
        ("Bäckerei Müller GmbH", "backerei-muller-gmbh"),
        ("Straße & Co", "strasse-co"),
        ("Łódź Software", "lodz-software"),
        ("Яндекс", "yandeks"),
        ("Acme Corp", "acme-corp"),
    ],
)
def test_letters_are_transliterated_not_dropped(company: str, slug: str):
    assert slugify(company) == slug


def test_any_word_in_either_spelling_finds_the_company():
    companies = [("backerei-muller-gmbh", "Bäckerei Müller GmbH"), ("kiezkraft", "Kiezkraft")]
    for typed in ("baeckerei", "backerei", "muller", "mueller", "Müller", "mu"):
        assert by_company_words(typed, companies) == ["backerei-muller-gmbh"], typed
    assert by_company_words("kiez", companies) == ["kiezkraft"]
    assert by_company_words("zz", companies) == []


def test_the_id_of_an_older_version_still_resolves():
    key = IdKey(None, "Ørsted A/S", "Data Engineer", date(2026, 11, 23))
    (new_id,) = derive_ids([key])
    assert new_id == "orsted-a-s"
    assert aliases([(new_id, key)])["rsted-a-s"] == new_id


@pytest.mark.parametrize("typed", ["baeckerei", "muller", "mueller", "backerei-muller-gmbh"])
def test_draft_finds_the_interview_by_what_people_type(tmp_path: Path, typed: str):
    path = write_interviews(tmp_path, ENTRIES)
    result = invoke(["draft", "--now", "2026-11-01T08:00", "-f", str(path), typed])
    assert result.exit_code == 0, result.output
    assert "Jonas" in result.output and "Mette" not in result.output


@pytest.mark.parametrize("typed", ["orsted", "oersted", "rsted-a-s"])
def test_orsted_is_typeable(tmp_path: Path, typed: str):
    path = write_interviews(tmp_path, ENTRIES)
    result = invoke(["draft", "--now", "2026-11-01T08:00", "-f", str(path), typed])
    assert result.exit_code == 0, result.output
    assert "Mette" in result.output


def test_plan_shows_the_transliterated_id(tmp_path: Path):
    path = write_interviews(tmp_path, ENTRIES)
    result = invoke(["plan", "--now", "2026-11-01T08:00", str(path)])
    assert result.exit_code == 0, result.output
    assert "orsted" in result.output
    assert " rsted" not in result.output


def test_two_contacts_of_one_name_get_events_of_their_own():
    from followcal.model import Contact
    from tests.helpers import interview, plan_for

    senior = Contact("Alex Kim", "Director", "alex.kim@acme.example")
    junior = Contact("Alex Kim", "Engineer", "akim@acme.example")
    actions = [a for a in plan_for(interview(contacts=(senior, junior))) if a.per_contact]
    assert actions
    by_step: dict[str, set[str]] = {}
    for action in actions:
        by_step.setdefault(action.step.id, set()).add(action.uid)
    assert all(len(uids) == 2 for uids in by_step.values()), by_step


def test_a_contact_of_a_unique_name_keeps_its_uid():
    """Only namesakes get the longer key: every other event keeps its UID across versions."""
    import uuid

    from followcal.model import _UID_NAMESPACE
    from tests.helpers import interview, plan_for

    action = next(a for a in plan_for(interview()) if a.per_contact)
    key = f"acme/{action.step.id}/{action.contacts[0].name.casefold()}"
    assert action.uid == f"{uuid.uuid5(_UID_NAMESPACE, key)}@followcal"
