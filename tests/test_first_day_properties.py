"""Invariants of issue 16's readers, as hypothesis properties (the CI profile runs 1,000
examples each): ids are always typeable and find their company; the clock, sheet-time and
zone readers accept or refuse with a ValueError, never crash, and never let a zone of no
place through."""

from __future__ import annotations

import contextlib
import re
from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followcal.dates import parse_clock
from followcal.ids import by_company_words, slugify
from followcal.spreadsheet import sheet_time
from followcal.timezones import _ABBREVIATIONS, resolve_zone

TYPEABLE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
names = st.text(min_size=1, max_size=40)


@given(names)
def test_a_slug_is_always_typeable_and_stable(name: str):
    slug = slugify(name)
    assert TYPEABLE.match(slug), slug
    assert slugify(slug) == slug


@given(st.lists(st.text(st.characters(categories=("L",)), min_size=2, max_size=12),
                min_size=1, max_size=4))  # fmt: skip
def test_every_word_of_a_company_finds_it(words: list[str]):
    company = " ".join(words)
    for word in words:
        if slugify(word) != "entry":
            assert by_company_words(word, [("x", company)]) == ["x"], (word, company)


@given(st.times())
def test_a_written_clock_reads_back(moment: time):
    assert parse_clock(f"{moment:%H:%M}") == moment.replace(second=0, microsecond=0)
    assert parse_clock(f"{moment:%H:%M:%S}") == moment.replace(microsecond=0)
    assert sheet_time(f"{moment:%H:%M}") == moment.replace(second=0, microsecond=0)


@given(st.text(max_size=20))
def test_clock_readers_refuse_cleanly(text: str):
    with contextlib.suppress(ValueError):
        parse_clock(text)
    value = sheet_time(text)
    assert value is None or isinstance(value, time)


@given(st.text(max_size=30))
def test_the_zone_reader_accepts_places_or_refuses_with_a_message(text: str):
    try:
        zone = resolve_zone(text)
    except ValueError as err:
        assert str(err)
        return
    folded = " ".join(text.replace("_", " ").split()).casefold()
    assert folded not in _ABBREVIATIONS
    assert not zone.key.startswith("Etc/") or zone.key == "Etc/UTC"


@pytest.mark.parametrize("abbreviation", sorted(_ABBREVIATIONS))
def test_every_listed_abbreviation_names_zones_that_are_places(abbreviation: str):
    for likely in _ABBREVIATIONS[abbreviation]:
        assert resolve_zone(likely).key == likely
