"""Editing the interviews file in place: only the edited values change, byte for byte."""

from __future__ import annotations

import tempfile
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followcal.editing import InterviewsFile
from followcal.entries import load_entries
from followcal.errors import InputError, OutputError
from tests.helpers import files_in

ORIGINAL = '''\
# My job search, autumn 2026.
# Times are local to each company.

[candidate]
name = "Alex Morgan"
email = "alex.morgan@example.com"

[[interview]]
id = "acme-backend"                  # keep stable
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00           # local start time
timezone = "America/New_York"

# They said early December.
decision_by = 2026-12-01
status = "waiting"   # still hoping
notes = """
the plan to split the billing monolith into services
Weekly architecture review. Team of six.
"""

[[interview.contacts]]
name = "Dana Smith"                  # hiring manager
email = "dana.smith@acme.example"

[[interview.contacts]]
name = 'Lee Park'
email = "lee.park@acme.example"

# Second one: no id, derived from company, role and date.
[[interview]]
company = "Globex"
role = "Platform Engineer"
date = "2026-11-23 10:30"
timezone = "Europe/Berlin"

[[interview.contacts]]
name = "Hank Scorpio"
phone = "+49 30 1234567"
'''

GLOBEX = "globex"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "interviews.toml"
    path.write_text(ORIGINAL, encoding="utf-8")
    return path


def opened(path: Path) -> InterviewsFile:
    return InterviewsFile.open(path)


def test_opening_changes_nothing_and_lists_explicit_and_derived_ids(path):
    interviews = opened(path)
    assert interviews.text() == ORIGINAL
    assert interviews.ids() == ["acme-backend", GLOBEX]
    assert interviews.find(GLOBEX)["company"] == "Globex"


def test_record_sent_adds_an_inline_table_then_a_second_step_then_replaces_one(path):
    interviews = opened(path)
    interviews.record_sent("acme-backend", "follow-up-1", datetime(2026, 12, 4, 10, 0, 7, 5000))
    expected = '''\
# My job search, autumn 2026.
# Times are local to each company.

[candidate]
name = "Alex Morgan"
email = "alex.morgan@example.com"

[[interview]]
id = "acme-backend"                  # keep stable
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00           # local start time
timezone = "America/New_York"

# They said early December.
decision_by = 2026-12-01
status = "waiting"   # still hoping
notes = """
the plan to split the billing monolith into services
Weekly architecture review. Team of six.
"""
sent = { "follow-up-1" = 2026-12-04T10:00:07 }

[[interview.contacts]]
name = "Dana Smith"                  # hiring manager
email = "dana.smith@acme.example"

[[interview.contacts]]
name = 'Lee Park'
email = "lee.park@acme.example"

# Second one: no id, derived from company, role and date.
[[interview]]
company = "Globex"
role = "Platform Engineer"
date = "2026-11-23 10:30"
timezone = "Europe/Berlin"

[[interview.contacts]]
name = "Hank Scorpio"
phone = "+49 30 1234567"
'''
    assert interviews.text() == expected
    interviews.record_sent("acme-backend", "follow-up-2", datetime(2026, 12, 11, 9, 30))
    after_second = '''\
# My job search, autumn 2026.
# Times are local to each company.

[candidate]
name = "Alex Morgan"
email = "alex.morgan@example.com"

[[interview]]
id = "acme-backend"                  # keep stable
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00           # local start time
timezone = "America/New_York"

# They said early December.
decision_by = 2026-12-01
status = "waiting"   # still hoping
notes = """
the plan to split the billing monolith into services
Weekly architecture review. Team of six.
"""
sent = { "follow-up-1" = 2026-12-04T10:00:07, "follow-up-2" = 2026-12-11T09:30:00 }

[[interview.contacts]]
name = "Dana Smith"                  # hiring manager
email = "dana.smith@acme.example"

[[interview.contacts]]
name = 'Lee Park'
email = "lee.park@acme.example"

# Second one: no id, derived from company, role and date.
[[interview]]
company = "Globex"
role = "Platform Engineer"
date = "2026-11-23 10:30"
timezone = "Europe/Berlin"

[[interview.contacts]]
name = "Hank Scorpio"
phone = "+49 30 1234567"
'''
    assert interviews.text() == after_second
    with pytest.raises(
        InputError,
        match=r"already recorded on 2026-12-04 10:00 \(America/New_York time\); pass --force",
    ):
        interviews.record_sent("acme-backend", "follow-up-1", datetime(2026, 12, 4, 16, 45))
    assert interviews.text() == after_second
    interviews.record_sent("acme-backend", "follow-up-1", datetime(2026, 12, 4, 16, 45), force=True)
    assert interviews.text() == after_second.replace("2026-12-04T10:00:07", "2026-12-04T16:45:00")


def test_record_sent_to_one_contact_writes_a_time_per_person_in_each_style(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[[interview]]\nid = "a"\nsent = {thank-you = 2026-11-20T16:00:00}  # done\n'
        '[[interview]]\nid = "b"\n[interview.sent]\nx = 2026-11-20T16:00:00\n'
        '[[interview]]\nid = "c"\n',
        encoding="utf-8",
    )
    interviews = opened(path)
    for interview_id in "abc":
        interviews.record_sent(interview_id, "follow-up-1", datetime(2026, 12, 1, 9), "Dana Smith")
        interviews.record_sent(interview_id, "follow-up-1", datetime(2026, 12, 1, 10), "Lee")
    both = '{ "Dana Smith" = 2026-12-01T09:00:00, "Lee" = 2026-12-01T10:00:00 }'
    assert interviews.text() == (
        '[[interview]]\nid = "a"\n'
        f"sent = {{thank-you = 2026-11-20T16:00:00, follow-up-1 = {both}}}  # done\n"
        '[[interview]]\nid = "b"\n[interview.sent]\nx = 2026-11-20T16:00:00\n'
        f"follow-up-1 = {both}\n"
        f'[[interview]]\nid = "c"\nsent = {{ "follow-up-1" = {both} }}\n'
    )
    parsed = tomllib.loads(interviews.text())["interview"]
    assert parsed[2]["sent"]["follow-up-1"]["Lee"] == datetime(2026, 12, 1, 10)


def test_re_recording_says_when_it_was_recorded_and_force_replaces_it(path):
    interviews = opened(path)
    interviews.record_sent("acme-backend", "thank-you", datetime(2026, 11, 21, 9), "Dana Smith")
    cases = [
        (
            "dana smith",
            r"for Dana Smith on 2026-11-21 09:00 \(America/New_York time\); pass --force",
        ),
        (None, r"for Dana Smith on 2026-11-21 09:00 \(America/New_York time\); record the others"),
    ]
    for contact, message in cases:
        with pytest.raises(InputError, match=message):
            interviews.record_sent("acme-backend", "thank-you", datetime(2026, 11, 22), contact)
    interviews.record_sent("acme-backend", "thank-you", datetime(2026, 11, 22), "dana smith", True)
    assert 'sent = { "thank-you" = { "Dana Smith" = 2026-11-22T00:00:00 } }' in interviews.text()
    interviews.record_sent("acme-backend", "thank-you", datetime(2026, 11, 23), force=True)
    assert 'sent = { "thank-you" = 2026-11-23T00:00:00 }' in interviews.text()
    with pytest.raises(
        InputError,
        match=r"recorded on 2026-11-23 00:00 \(America/New_York time\) for everyone; pass --force",
    ):
        interviews.record_sent("acme-backend", "thank-you", datetime(2026, 11, 24), "Lee Park")


def test_set_status_replaces_in_place_keeping_the_comment_and_adds_the_date(path):
    interviews = opened(path)
    interviews.set_status("acme-backend", "heard-back", date(2026, 12, 2))
    expected = '''\
# My job search, autumn 2026.
# Times are local to each company.

[candidate]
name = "Alex Morgan"
email = "alex.morgan@example.com"

[[interview]]
id = "acme-backend"                  # keep stable
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00           # local start time
timezone = "America/New_York"

# They said early December.
decision_by = 2026-12-01
status = "heard-back"   # still hoping
notes = """
the plan to split the billing monolith into services
Weekly architecture review. Team of six.
"""
status_date = 2026-12-02

[[interview.contacts]]
name = "Dana Smith"                  # hiring manager
email = "dana.smith@acme.example"

[[interview.contacts]]
name = 'Lee Park'
email = "lee.park@acme.example"

# Second one: no id, derived from company, role and date.
[[interview]]
company = "Globex"
role = "Platform Engineer"
date = "2026-11-23 10:30"
timezone = "Europe/Berlin"

[[interview.contacts]]
name = "Hank Scorpio"
phone = "+49 30 1234567"
'''
    assert interviews.text() == expected


def test_set_status_adds_both_keys_to_an_interview_found_by_its_derived_id(path):
    interviews = opened(path)
    interviews.set_status(GLOBEX, "rejected", date(2026, 12, 3))
    expected = '''\
# My job search, autumn 2026.
# Times are local to each company.

[candidate]
name = "Alex Morgan"
email = "alex.morgan@example.com"

[[interview]]
id = "acme-backend"                  # keep stable
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00           # local start time
timezone = "America/New_York"

# They said early December.
decision_by = 2026-12-01
status = "waiting"   # still hoping
notes = """
the plan to split the billing monolith into services
Weekly architecture review. Team of six.
"""

[[interview.contacts]]
name = "Dana Smith"                  # hiring manager
email = "dana.smith@acme.example"

[[interview.contacts]]
name = 'Lee Park'
email = "lee.park@acme.example"

# Second one: no id, derived from company, role and date.
[[interview]]
company = "Globex"
role = "Platform Engineer"
date = "2026-11-23 10:30"
timezone = "Europe/Berlin"
status = "rejected"
status_date = 2026-12-03

[[interview.contacts]]
name = "Hank Scorpio"
phone = "+49 30 1234567"
'''
    assert interviews.text() == expected


def test_record_offer_sets_status_date_deadline_and_written(path):
    interviews = opened(path)
    interviews.record_offer("acme-backend", date(2026, 12, 18), True, date(2026, 12, 9))
    expected = '''\
# My job search, autumn 2026.
# Times are local to each company.

[candidate]
name = "Alex Morgan"
email = "alex.morgan@example.com"

[[interview]]
id = "acme-backend"                  # keep stable
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00           # local start time
timezone = "America/New_York"

# They said early December.
decision_by = 2026-12-01
status = "offer"   # still hoping
notes = """
the plan to split the billing monolith into services
Weekly architecture review. Team of six.
"""
status_date = 2026-12-09
offer_deadline = 2026-12-18
offer_written = true

[[interview.contacts]]
name = "Dana Smith"                  # hiring manager
email = "dana.smith@acme.example"

[[interview.contacts]]
name = 'Lee Park'
email = "lee.park@acme.example"

# Second one: no id, derived from company, role and date.
[[interview]]
company = "Globex"
role = "Platform Engineer"
date = "2026-11-23 10:30"
timezone = "Europe/Berlin"

[[interview.contacts]]
name = "Hank Scorpio"
phone = "+49 30 1234567"
'''
    assert interviews.text() == expected
    # A second offer (a revised deadline) replaces the values where they now are.
    interviews.record_offer("acme-backend", date(2026, 12, 23), False, date(2026, 12, 10))
    assert "status_date = 2026-12-10\noffer_deadline = 2026-12-23\noffer_written = false\n" in (
        interviews.text()
    )


INITECH_FIELDS: dict[str, object] = {
    "company": "Initech",
    "role": "Site Reliability Engineer",
    "date": datetime(2026, 12, 1, 9, 30),
    "timezone": "America/Chicago",
    "decision_by": date(2026, 12, 8),
    "duration": 45,
    "traditional": True,
    "notes": 'the "TPS report" pipeline\nThey page at night.\n',
    "mutual_connection": None,
}
INITECH_CONTACTS = [
    {"name": "Bill Lumbergh", "title": "Director", "email": "bill@initech.example"},
    {"name": "Milton Waddams", "phone": "+1 212 555 0199"},
]
INITECH_TEXT = '''\
[[interview]]
company = "Initech"
role = "Site Reliability Engineer"
date = 2026-12-01T09:30:00
timezone = "America/Chicago"
decision_by = 2026-12-08
duration = 45
traditional = true
notes = """
the "TPS report" pipeline
They page at night.
"""

[[interview.contacts]]
name = "Bill Lumbergh"
title = "Director"
email = "bill@initech.example"

[[interview.contacts]]
name = "Milton Waddams"
phone = "+1 212 555 0199"
'''


def test_append_interview_to_an_existing_file_goes_last_after_a_blank_line(path):
    interviews = opened(path)
    interviews.append_interview(INITECH_FIELDS, INITECH_CONTACTS)
    assert interviews.text() == ORIGINAL + "\n" + INITECH_TEXT
    assert interviews.ids()[-1] == "initech"
    parsed = tomllib.loads(interviews.text())
    assert parsed["interview"][2]["notes"] == INITECH_FIELDS["notes"]
    assert parsed["interview"][2]["contacts"][1] == INITECH_CONTACTS[1]
    interviews.save("UTC")
    assert len(load_entries([path], "UTC").interviews) == 3


def test_append_interview_to_a_file_without_interviews_or_final_newline(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text('# Mine.\n[candidate]\nname = "Alex Morgan"', encoding="utf-8")
    interviews = opened(path)
    assert interviews.ids() == []
    interviews.append_interview(INITECH_FIELDS, INITECH_CONTACTS)
    assert interviews.text() == '# Mine.\n[candidate]\nname = "Alex Morgan"\n\n' + INITECH_TEXT
    interviews.save("UTC")
    assert path.read_text(encoding="utf-8") == interviews.text()


def test_append_interview_to_an_empty_file(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_bytes(b"")
    interviews = opened(path)
    interviews.append_interview(INITECH_FIELDS, INITECH_CONTACTS)
    assert interviews.text() == INITECH_TEXT


def test_append_interview_creates_a_missing_file_with_a_header(tmp_path):
    path = tmp_path / "interviews.toml"
    with pytest.raises(InputError, match="no such file"):
        InterviewsFile.open(path)
    interviews = InterviewsFile.open(path, missing_ok=True)
    assert interviews.text() == "" and interviews.ids() == []
    interviews.append_interview(INITECH_FIELDS, INITECH_CONTACTS)
    expected = (
        "# Interviews for followcal: one [[interview]] table per interview,\n"
        "# one [[interview.contacts]] table per person you met. 'followcal init' writes\n"
        "# a commented example of every field.\n"
        "\n" + INITECH_TEXT
    )
    assert interviews.text() == expected
    interviews.save("UTC")
    assert path.read_text(encoding="utf-8") == expected
    assert files_in(tmp_path) == ["interviews.toml"]


def test_a_new_key_lands_above_the_contacts_never_inside_the_last_contact(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[[interview]]\ncompany = "A"\nrole = "R"\ndate = 2026-11-20\n'
        '[[interview.contacts]]\nname = "Dana"\n'
        '[[interview.contacts]]\nname = "Lee"\n',
        encoding="utf-8",
    )
    interviews = opened(path)
    interviews.set_status("a", "offer", date(2026, 12, 1))
    interviews.record_sent("a", "thank-you", datetime(2026, 11, 20, 16, 0))
    assert interviews.text() == (
        '[[interview]]\ncompany = "A"\nrole = "R"\ndate = 2026-11-20\n'
        'status = "offer"\nstatus_date = 2026-12-01\n'
        'sent = { "thank-you" = 2026-11-20T16:00:00 }\n'
        '[[interview.contacts]]\nname = "Dana"\n'
        '[[interview.contacts]]\nname = "Lee"\n'
    )
    (interview,) = tomllib.loads(interviews.text())["interview"]
    assert interview["status"] == "offer"
    assert interview["contacts"] == [{"name": "Dana"}, {"name": "Lee"}]


def test_a_new_key_stays_above_a_comment_about_the_next_interview(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[[interview]]\nid = "a"\ncompany = "A"  # first\n'
        'contacts = [{ name = "Dana", email = "d@a.example" }]\n'
        "\n# The next one.\n"
        '[[interview]]\nid = "b"\n',
        encoding="utf-8",
    )
    interviews = opened(path)
    interviews.set_status("a", "withdrawn", date(2026, 12, 1))
    assert interviews.text() == (
        '[[interview]]\nid = "a"\ncompany = "A"  # first\n'
        'contacts = [{ name = "Dana", email = "d@a.example" }]\n'
        'status = "withdrawn"\nstatus_date = 2026-12-01\n'
        "\n# The next one.\n"
        '[[interview]]\nid = "b"\n'
    )


def test_tomlkit_still_needs_and_has_the_internals_editing_uses():
    """editing.py places a new key with tomlkit's Container._insert_at plus dict.__setitem__
    on the table (pinned tomlkit < 0.16). This fails when an upgrade changes either, or when
    tomlkit's public append starts keeping a comment about the next table below a new key:
    then switch editing.py to the public API and relax the pin."""
    import inspect

    import tomlkit
    from tomlkit.container import Container

    text = '[[interview]]\nid = "a"\n\n# The next one.\n[[interview]]\nid = "b"\n'
    public = tomlkit.parse(text)
    public["interview"][0].append("status", "waiting")
    assert public.as_string().index("# The next one.") < public.as_string().index("status")

    assert list(inspect.signature(Container._insert_at).parameters) == [
        "self",
        "idx",
        "key",
        "item",
    ]
    document = tomlkit.parse(text)
    table = document["interview"][0]
    value = tomlkit.item("waiting")
    value.trivia.trail = "\n"
    table.value._insert_at(1, tomlkit.key("status"), value)
    dict.__setitem__(table, "status", value)
    assert document.as_string() == (
        '[[interview]]\nid = "a"\nstatus = "waiting"\n\n# The next one.\n[[interview]]\nid = "b"\n'
    )
    assert table["status"] == "waiting" and dict(table)["status"] == "waiting"
    assert tomllib.loads(document.as_string())["interview"][0]["status"] == "waiting"


def test_record_sent_into_tables_the_user_wrote_follows_their_style(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[[interview]]\nid = "a"\nsent = {thank-you = 2026-11-20T16:00:00}  # done\n'
        '[[interview]]\nid = "b"\nsent.thank-you = 2026-11-20T16:00:00\nround = 2\n'
        '[[interview]]\nid = "c"\n\n[interview.sent]\n"thank-you" = 2026-11-20T16:00:00 # ok\n'
        "\n# end\n",
        encoding="utf-8",
    )
    interviews = opened(path)
    when = datetime(2026, 12, 4, 10, 0)
    for interview_id in ("a", "b", "c"):
        interviews.record_sent(interview_id, "follow-up-1", when)
    interviews.record_sent("c", "thank-you", datetime(2026, 11, 21, 8, 0), force=True)
    assert interviews.text() == (
        '[[interview]]\nid = "a"\n'
        "sent = {thank-you = 2026-11-20T16:00:00, follow-up-1 = 2026-12-04T10:00:00}  # done\n"
        '[[interview]]\nid = "b"\nsent.thank-you = 2026-11-20T16:00:00\n'
        "sent.follow-up-1 = 2026-12-04T10:00:00\nround = 2\n"
        '[[interview]]\nid = "c"\n\n[interview.sent]\n"thank-you" = 2026-11-21T08:00:00 # ok\n'
        '"follow-up-1" = 2026-12-04T10:00:00\n'
        "\n# end\n"
    )
    sent = [entry["sent"] for entry in tomllib.loads(interviews.text())["interview"]]
    assert all(entry["follow-up-1"] == when for entry in sent)


def test_an_aware_time_is_written_as_the_interviews_local_time(path):
    interviews = opened(path)
    interviews.record_sent("acme-backend", "thank-you", datetime(2026, 11, 20, 20, 0, tzinfo=UTC))
    assert 'sent = { "thank-you" = 2026-11-20T15:00:00 }\n' in interviews.text()


def test_an_unknown_id_names_the_file_suggests_and_lists_the_ids(path):
    interviews = opened(path)
    with pytest.raises(InputError) as caught:
        interviews.set_status("acme-backnd", "offer", date(2026, 12, 1))
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert str(caught.value) == (
        f"{path}: no interview has the id 'acme-backnd' (did you mean 'acme-backend'?); "
        f"the ids are: acme-backend, {GLOBEX}"
    )
    assert interviews.text() == ORIGINAL


def test_an_edit_that_makes_the_file_invalid_names_it_and_writes_nothing(path):
    interviews = opened(path)
    interviews.set_status("acme-backend", "maybe", date(2026, 12, 1))
    with pytest.raises(InputError) as caught:
        interviews.save("UTC")
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.field == "status" and "'maybe' is not one of" in problem.message
    assert str(caught.value).startswith(f"{path}, entry #1 (acme-backend), field 'status'")
    assert path.read_bytes() == ORIGINAL.encode("utf-8")
    assert files_in(path.parent) == ["interviews.toml"]


def test_save_writes_atomically_and_the_result_reads_back(path):
    interviews = opened(path)
    interviews.record_sent("acme-backend", "follow-up-1", datetime(2026, 12, 4, 10, 0))
    interviews.set_status(GLOBEX, "heard-back", date(2026, 12, 2))
    interviews.save("UTC")
    assert path.read_text(encoding="utf-8") == interviews.text()
    assert files_in(path.parent) == ["interviews.toml"]
    _, globex = load_entries([path], "UTC").interviews
    assert globex.status == "heard-back"
    # A second save from the same object is fine: it wrote the file itself.
    interviews.record_sent("acme-backend", "follow-up-2", datetime(2026, 12, 11, 10, 0))
    interviews.save("UTC")
    assert '"follow-up-2" = 2026-12-11T10:00:00' in path.read_text(encoding="utf-8")


def test_save_refuses_when_the_file_changed_since_it_was_opened(path):
    interviews = opened(path)
    interviews.set_status("acme-backend", "offer", date(2026, 12, 1))
    path.write_text(ORIGINAL + "# edited meanwhile\n", encoding="utf-8")
    with pytest.raises(OutputError, match="changed while followcal was editing it"):
        interviews.save("UTC")
    assert path.read_text(encoding="utf-8") == ORIGINAL + "# edited meanwhile\n"


def test_a_byte_order_mark_and_crlf_line_ends_are_kept(path):
    path.write_bytes(b"\xef\xbb\xbf" + ORIGINAL.replace("\n", "\r\n").encode("utf-8"))
    interviews = opened(path)
    interviews.set_status(GLOBEX, "rejected", date(2026, 12, 3))
    interviews.append_interview(INITECH_FIELDS, INITECH_CONTACTS)
    interviews.save("UTC")
    expected = ORIGINAL.replace(
        'timezone = "Europe/Berlin"\n',
        'timezone = "Europe/Berlin"\nstatus = "rejected"\nstatus_date = 2026-12-03\n',
    )
    assert path.read_bytes() == b"\xef\xbb\xbf" + (expected + "\n" + INITECH_TEXT).replace(
        "\n", "\r\n"
    ).encode("utf-8")
    assert len(load_entries([path], "UTC").interviews) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'[[interview]]\ncompany = "A\n', "not valid TOML"),
        (b"\xff\xfe[\x00[\x00", "not a UTF-8 text file"),
        (b"a = 1\x00", "contains NUL bytes"),
    ],
)
def test_a_file_that_cannot_be_edited_is_an_input_error_naming_it(tmp_path, content, message):
    path = tmp_path / "interviews.toml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        InterviewsFile.open(path)
    assert caught.value.problems[0].file == str(path)


def test_values_of_other_types_are_refused(tmp_path):
    interviews = InterviewsFile.open(tmp_path / "new.toml", missing_ok=True)
    with pytest.raises(TypeError, match="float"):
        interviews.append_interview({"company": "A", "duration": 1.5}, [])
    assert interviews.text() == ""


PROPERTY_FOLDER = Path(tempfile.mkdtemp(prefix="followcal-edit-props-"))


@given(
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20),
    st.sampled_from(
        [
            "",
            "sent = { thank-you = 2026-11-20T16:00:00 }\n",
            "[interview.sent]\nx = 2026-11-20T16:00:00\n",
        ]
    ),
)
def test_any_contact_name_is_recorded_as_a_key_that_reads_back(name, sent):
    path = PROPERTY_FOLDER / "interviews.toml"
    path.write_text('[[interview]]\nid = "a"\n' + sent, encoding="utf-8")
    interviews = opened(path)
    interviews.record_sent("a", "follow-up-1", datetime(2026, 12, 1, 9), contact=name)
    interviews.record_sent("a", "follow-up-1", datetime(2026, 12, 1, 10), contact=name + "x")
    times = tomllib.loads(interviews.text())["interview"][0]["sent"]["follow-up-1"]
    assert times == {name: datetime(2026, 12, 1, 9), name + "x": datetime(2026, 12, 1, 10)}
