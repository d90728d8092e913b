"""What a message may say: private notes, topics, names and greetings, addresses, phones.

Each test reads the messages the way their recipient (a hiring manager) will, through the
real pipeline: entries file -> plan -> drafts -> calendar file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from followcal.cli import main
from followcal.drafting import make_environment
from followcal.messages import draft_actions
from followcal.model import Candidate, Contact
from followcal.names import parse_name
from followcal.phones import phone_display, phone_uri
from tests.helpers import DANA, LEE, interview, plan_for

NOW = ["--now", "2026-11-01T08:00", "--tz", "America/Chicago"]
SECRET = "Salary band 90-110k, manager seemed disorganised."
PRIVATE_HEADING = "-- Your private notes (not in the message) --"
ENV = make_environment(None)
ME = Candidate("Alex Morgan", "alex@example.com", "+1 312 555 0100", None)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def entry_file(tmp_path: Path, body: str, *, name: str = "interviews.toml") -> Path:
    path = tmp_path / name
    path.write_text(
        '[candidate]\nname = "Alex Morgan"\nemail = "alex@example.com"\n\n' + body,
        encoding="utf-8",
    )
    return path


def unfold(ics: bytes) -> str:
    return ics.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


def unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def events(ics: str) -> list[dict[str, str]]:
    """Each VEVENT's properties (first value of each name), unescaped."""
    found = []
    for block in ics.split("BEGIN:VEVENT\r\n")[1:]:
        block = block.split("END:VEVENT", 1)[0]
        props: dict[str, str] = {}
        for line in block.split("\r\n"):
            name, _, value = line.partition(":")
            props.setdefault(name.split(";")[0], unescape(value))
        found.append(props)
    return found


NOTES_ENTRY = f'''
[[interview]]
id = "acme"
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-17T14:00:00
timezone = "America/Chicago"
profile = "persistent"
notes = """
{SECRET}
They asked about on-call rotations.
"""

[[interview.contacts]]
name = "Dana Smith"
email = "dana@acme.example"
phone = "+1 312 555 0147"
'''
EXTENSION_ENTRY = NOTES_ENTRY.replace('"+1 312 555 0147"', '"(312) 555-0147 ext. 12"')


# --- notes are private ------------------------------------------------------------------


def test_notes_never_reach_a_message_subject_or_link_in_the_calendar(tmp_path: Path) -> None:
    path = entry_file(tmp_path, NOTES_ENTRY)
    out = tmp_path / "out.ics"
    result = run("generate", str(path), "-o", str(out), *NOW)
    assert result.exit_code == 0, result.stderr
    ics = unfold(out.read_bytes())
    found = events(ics)
    assert found
    for event in found:
        message, heading, private = event["DESCRIPTION"].partition(PRIVATE_HEADING)
        assert heading, "the notes belong in the event, under a private heading"
        assert SECRET in private and "on-call rotations" in private
        for text in (message, event["SUMMARY"], unquote(event.get("URL", ""))):
            assert "Salary" not in text and "disorganised" not in text
            assert "on-call" not in text
    # on the bytes: each event holds the note once, in its private section, and nowhere else
    assert ics.count("Salary band 90-110k") == len(found)


def test_draft_output_never_shows_the_notes(tmp_path: Path) -> None:
    path = entry_file(tmp_path, NOTES_ENTRY)
    for step in ("thank-you", "call-1", "call-2", "call-3"):
        result = run("draft", "acme", "-f", str(path), step, *NOW)
        assert result.exit_code == 0, result.stderr
        assert "Salary" not in result.stdout and "on-call" not in result.stdout


NOTED_PLAN = plan_for(interview(mutual_connection="Priya Shah"), profile="persistent") + plan_for(
    interview(id="globex", mutual_connection="Priya Shah"), profile="standard"
)
PLAIN_DRAFTS = [d.draft for d in draft_actions(NOTED_PLAN, ENV, ME)]


@given(notes=st.text(min_size=1, max_size=60))
def test_drafts_do_not_depend_on_the_notes(notes: str) -> None:
    """Whatever the notes say, every message, subject and link is the same as without them."""
    noted = [replace(a, interview=replace(a.interview, notes=notes)) for a in NOTED_PLAN]
    assert [d.draft for d in draft_actions(noted, ENV, ME)] == PLAIN_DRAFTS


# --- topic ------------------------------------------------------------------------------


def test_a_topic_is_what_the_message_mentions_and_a_sentence_gets_a_warning(
    tmp_path: Path,
) -> None:
    body = NOTES_ENTRY.replace('profile = "persistent"', 'topic = "They asked about on-call."')
    path = entry_file(tmp_path, body)
    result = run("validate", str(path), *NOW)
    assert result.exit_code == 0, result.stderr
    assert "field 'topic'" in result.stderr and "reads like a sentence" in result.stderr
    assert "warning(s) above" in result.stdout
    assert 'topic = "the plan to' in result.stderr  # an example of what reads well


@pytest.mark.parametrize(
    "topic",
    [
        "They asked about on-call rotations.",
        "We talked about the roadmap",
        "about the roadmap",
        "Great chat. Liked the team",
        "The migration.",
    ],
)
def test_topics_that_read_like_sentences_are_warned_about(tmp_path: Path, topic: str) -> None:
    body = NOTES_ENTRY.replace('profile = "persistent"', f'topic = "{topic}"')
    result = run("validate", str(entry_file(tmp_path, body)), *NOW)
    assert result.exit_code == 0 and "field 'topic'" in result.stderr


@pytest.mark.parametrize("topic", ["the plan to split billing", "Kafka streams", "IT security"])
def test_phrases_pass_without_a_warning(tmp_path: Path, topic: str) -> None:
    body = NOTES_ENTRY.replace('profile = "persistent"', f'topic = "{topic}"')
    result = run("validate", str(entry_file(tmp_path, body)), *NOW)
    assert result.exit_code == 0 and "topic" not in result.stderr


def test_a_contacts_topic_personalises_their_own_message() -> None:
    dana = Contact("Dana Smith", email="d@acme.example", topic="the on-call rota")
    lee = Contact("Lee Park", email="l@acme.example")
    entry = interview(contacts=(dana, lee), topic="the billing rewrite")
    drafted = draft_actions(plan_for(entry, profile="email-only"), ENV, ME)
    thanks = {d.action.contacts[0].name: d.draft.body for d in drafted if d.action.per_contact}
    assert "our conversation about the on-call rota" in thanks["Dana Smith"]
    assert "our conversation about the billing rewrite" in thanks["Lee Park"]


def test_without_a_topic_the_message_needs_none_and_the_event_hints_at_one(
    tmp_path: Path,
) -> None:
    path = entry_file(tmp_path, NOTES_ENTRY)
    out = tmp_path / "out.ics"
    run("generate", str(path), "-o", str(out), *NOW)
    for event in events(unfold(out.read_bytes())):
        message = event["DESCRIPTION"].partition("-- Contact --")[0]
        assert "conversation about" not in message
        assert "Tip: a `topic` on this interview" in event["DESCRIPTION"]


# --- names and greetings ------------------------------------------------------------------

# (name as written, informal greeting, formal greeting, full name for an envelope)
NAMES = [
    ("Dana Smith", "Dana", "Dana Smith", "Dana Smith"),
    ("Dr. Sarah Lim", "Sarah", "Dr. Lim", "Dr. Sarah Lim"),
    ("Dr Sarah Lim", "Sarah", "Dr Lim", "Dr Sarah Lim"),
    ("Prof. Heinz Weber", "Heinz", "Prof. Weber", "Prof. Heinz Weber"),
    ("Smith, John", "John", "John Smith", "John Smith"),
    ("Lim, Sarah, PhD", "Sarah", "Sarah Lim", "Sarah Lim, PhD"),
    ("John Smith Jr.", "John", "John Smith", "John Smith Jr."),
    ("Sarah J. Lim", "Sarah", "Sarah J. Lim", "Sarah J. Lim"),
    ("Ludwig van Beethoven", "Ludwig", "Ludwig van Beethoven", "Ludwig van Beethoven"),
    ("Ms Tan", "Ms Tan", "Ms Tan", "Ms Tan"),
    ("Sir Patrick Stewart", "Patrick", "Sir Patrick", "Sir Patrick Stewart"),
    ("O'Brien, Mary-Kate", "Mary-Kate", "Mary-Kate O'Brien", "Mary-Kate O'Brien"),
    ("Aroha", "Aroha", "Aroha", "Aroha"),
    ("Tobias Müller", "Tobias", "Tobias Müller", "Tobias Müller"),
    ("Jean-Luc Picard", "Jean-Luc", "Jean-Luc Picard", "Jean-Luc Picard"),
    ("Dr. med. Klaus Weber", "Klaus", "Dr. med. Weber", "Dr. med. Klaus Weber"),
    ("Mr. J. R. Ewing", "Mr. J. R. Ewing", "Mr. Ewing", "Mr. J. R. Ewing"),
    # family name first, or two given names: not guessable, so the whole name
    ("Tan Wei Ling", "Tan Wei Ling", "Tan Wei Ling", "Tan Wei Ling"),
    ("Prof. Tan Wei Ling", "Prof. Tan Wei Ling", "Prof. Tan Wei Ling", "Prof. Tan Wei Ling"),
    ("Mary Ann Smith", "Mary Ann Smith", "Mary Ann Smith", "Mary Ann Smith"),
    ("María José García López", *["María José García López"] * 3),
    ("Nguyễn Văn An", "Nguyễn Văn An", "Nguyễn Văn An", "Nguyễn Văn An"),
    ("Tan, Wei Ling", "Wei Ling", "Wei Ling Tan", "Wei Ling Tan"),
]


@pytest.mark.parametrize(("written", "informal", "formal", "full"), NAMES)
def test_names_as_people_write_them(written: str, informal: str, formal: str, full: str) -> None:
    parsed = parse_name(written)
    assert (parsed.informal, parsed.formal, parsed.display) == (informal, formal, full)
    for greeting in (parsed.informal, parsed.formal):
        assert "," not in greeting and greeting.rstrip(".") not in ("Dr", "Prof", "Ms", "Mr")


# Names as people type them into trackers and address books, a job title after the name:
# (written, informal greeting, formal greeting, full name, the title kept apart)
NAMES_WITH_TITLES = [
    ("Bill Lumbergh, VP Engineering", "Bill", "Bill Lumbergh", "Bill Lumbergh", "VP Engineering"),
    # two given names: greeted in full, as without the title
    ("Ana María García-López, Head of Talent", *["Ana María García-López"] * 3, "Head of Talent"),
    ("Tom Jones, Director of Engineering", "Tom", "Tom Jones", "Tom Jones",
     "Director of Engineering"),
    ("Priya Patel, HR", "Priya", "Priya Patel", "Priya Patel", "HR"),
    ("Jane Doe, CEO", "Jane", "Jane Doe", "Jane Doe", "CEO"),
    ("Sarah Lim, Senior Recruiter", "Sarah", "Sarah Lim", "Sarah Lim", "Senior Recruiter"),
    ("Lumbergh, Bill, VP Engineering", "Bill", "Bill Lumbergh", "Bill Lumbergh",
     "VP Engineering"),
    ("Jane Doe, PhD, Head of Talent", "Jane", "Jane Doe", "Jane Doe, PhD", "Head of Talent"),
    ("Jane Doe - Talent Acquisition", "Jane", "Jane Doe", "Jane Doe", "Talent Acquisition"),
    ("Jane Doe | Recruiter", "Jane", "Jane Doe", "Jane Doe", "Recruiter"),
    ("Jane Doe (Recruiter)", "Jane", "Jane Doe", "Jane Doe", "Recruiter"),
    # suffixes, the comma form and titles before the name are read as they always were
    ("Jane Doe, PhD", "Jane", "Jane Doe", "Jane Doe, PhD", None),
    ("Jane Doe, MBA", "Jane", "Jane Doe", "Jane Doe, MBA", None),
    ("John Smith, Jr.", "John", "John Smith", "John Smith, Jr.", None),
    ("Doe, Jane", "Jane", "Jane Doe", "Jane Doe", None),
    ("Dr. Jane Doe", "Jane", "Dr. Doe", "Dr. Jane Doe", None),
    ("Smith, Dean", "Dean", "Dean Smith", "Dean Smith", None),
    ("García López, Ana María", "Ana María", "Ana María García López", "Ana María García López",
     None),
    ("Robert (Bob) Smith", "Bob", "Robert Smith", "Robert Smith", None),
]  # fmt: skip


@pytest.mark.parametrize(("written", "informal", "formal", "full", "title"), NAMES_WITH_TITLES)
def test_a_job_title_typed_after_the_name_is_not_greeted(
    written: str, informal: str, formal: str, full: str, title: str | None
) -> None:
    parsed = parse_name(written)
    assert (parsed.informal, parsed.formal, parsed.display) == (informal, formal, full)
    assert parsed.role == title


def test_bill_from_the_tracker_is_hi_bill_and_dear_bill_lumbergh(tmp_path: Path) -> None:
    bill = Contact("Bill Lumbergh, VP Engineering", email="bill@initech.example")
    assert first_body((bill,), "standard").startswith("Hi Bill,\n")
    letter = first_body((bill,), "persistent")
    assert "\nDear Bill Lumbergh,\n" in letter and "VP Engineering" not in letter
    german = first_body((bill,), "standard", language="de")
    assert german.startswith("Guten Tag Bill Lumbergh,\n"), german[:60]
    path = entry_file(
        tmp_path,
        """
[[interview]]
id = "initech"
company = "Initech"
role = "Engineer"
date = 2026-11-17T14:00:00
timezone = "America/Chicago"

[[interview.contacts]]
name = "Bill Lumbergh, VP Engineering"
email = "bill@initech.example"
""",
    )
    out = tmp_path / "out.ics"
    assert run("generate", str(path), "-o", str(out), *NOW).exit_code == 0
    text = unfold(out.read_bytes())
    assert "CONTACT:Bill Lumbergh\\, VP Engineering\\, bill@initech.example" in text
    assert "Hi VP Engineering" not in text and "Hi Bill\\," in text


def test_each_name_is_read_once_however_many_people_a_file_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run asks for each contact's greeting several times (plan, drafts, event): with more
    people than a bounded cache held, every name went through nameparser again each time."""
    import nameparser

    from followcal import names

    names.parse_name.cache_clear()
    parsed: list[str] = []
    original = nameparser.HumanName

    def counting(written: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(written)
        return original(written, *args, **kwargs)

    monkeypatch.setattr(nameparser, "HumanName", counting)
    people = [Contact(f"Robin Example{n}") for n in range(5000)]
    for _ in range(2):  # as the drafts, then the events, ask again
        for person in people:
            assert names.greeting_name(person, formal=False) == "Robin"
    assert len(parsed) == len(set(parsed)) == len(people)


def first_body(
    contacts: tuple[Contact, ...], profile: str, step: str | None = None, **fields: Any
) -> str:
    """The body of the interview's first message, or of its first `step` message."""
    entry = interview(contacts=contacts, **fields)
    drafted = draft_actions(plan_for(entry, profile=profile), ENV, ME)
    return next(d for d in drafted if step in (None, d.action.step.id)).draft.body


def test_a_doctor_is_greeted_by_title_in_a_letter_and_by_name_in_an_email() -> None:
    sarah = Contact("Dr. Sarah Lim", email="s@acme.example")
    letter = first_body((sarah,), "persistent")
    assert "\nDear Dr. Lim,\n" in letter and "Dear Dr.," not in letter
    assert first_body((sarah,), "standard").startswith("Hi Sarah,\n")


def test_family_name_first_comma_form_and_several_people(tmp_path: Path) -> None:
    csv = (
        "company,role,date,timezone,contact_name,contact_email\n"
        "Acme,Engineer,2026-11-17 14:00,America/Chicago,Aroha Ngata,a@acme.example\n"
        'Acme,Engineer,2026-11-17 14:00,America/Chicago,"Smith, John",j@acme.example\n'
        "Acme,Engineer,2026-11-17 14:00,America/Chicago,Tan Wei Ling,t@acme.example\n"
    )
    path = tmp_path / "sheet.csv"
    path.write_text(csv, encoding="utf-8")
    result = run("draft", "acme", "-f", str(path), "follow-up-1", *NOW)
    assert result.exit_code == 0, result.stderr
    assert "Hi Aroha, John and Tan Wei Ling,\n" in result.stdout
    wide = CliRunner(env={"COLUMNS": "200"})
    table = wide.invoke(main, ["plan", str(path), *NOW], catch_exceptions=False).stdout
    assert "Aroha Ngata, John Smith and Tan Wei Ling" in table and "Smith, John" not in table


def test_a_traditional_company_is_greeted_formally_in_emails() -> None:
    sarah = Contact("Dr. Sarah Lim", email="s@acme.example")
    body = first_body((sarah, LEE), "standard", "follow-up-1", traditional=True)
    assert body.startswith("Dear Dr. Lim and Lee Park,\n")


def test_salutation_is_the_exact_greeting() -> None:
    tan = Contact("Tan Wei Ling", email="t@acme.example", salutation="Ms Tan")
    # A formal greeting sets the register of the whole message: "Dear", not "Hi Ms Tan".
    assert first_body((tan,), "standard").startswith("Dear Ms Tan,\n")
    assert "\nDear Ms Tan,\n" in first_body((tan,), "persistent")


# --- addresses ----------------------------------------------------------------------------


def test_letters_print_the_address_and_the_event_says_when_it_is_missing(
    tmp_path: Path,
) -> None:
    with_address = interview(contacts=(DANA,), address="Acme Corp\n1 Main Street\nSpringfield")
    drafted = draft_actions(plan_for(with_address, profile="persistent"), ENV, ME)
    assert drafted[0].draft.body.startswith(
        "Dana Smith\nEngineering Manager\nAcme Corp\n1 Main Street\nSpringfield\n\n"
    )

    path = entry_file(tmp_path, NOTES_ENTRY)
    result = run("validate", str(path), *NOW)
    assert "the thank-you-letter letter to Dana Smith has no postal address" in result.stderr
    out = tmp_path / "out.ics"
    run("generate", str(path), "-o", str(out), *NOW)
    letter = next(e for e in events(unfold(out.read_bytes())) if "letter" in e["SUMMARY"])
    assert "No postal address: add `address` to acme in" in letter["DESCRIPTION"]


def test_a_contacts_own_address_wins_for_a_letter_to_them(tmp_path: Path) -> None:
    body = NOTES_ENTRY + 'address = """\nHome Office\n9 Elm Road\nOak Park, IL 60302\n"""\n'
    path = entry_file(tmp_path, body)
    result = run("draft", "acme", "-f", str(path), "thank-you", *NOW)
    assert "Dana Smith\nAcme Corp\nHome Office\n9 Elm Road\nOak Park, IL 60302\n" in result.stdout
    assert "no postal address" not in run("validate", str(path), *NOW).stderr


# --- phone numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "region", "uri", "shown"),
    [
        ("(312) 555-0147 ext. 12", "US", "tel:+13125550147;ext=12", "+1 312-555-0147 ext. 12"),
        ("312-555-0147 x12", "US", "tel:+13125550147;ext=12", "+1 312-555-0147 ext. 12"),
        ("3125550147", "US", "tel:+13125550147", "+1 312-555-0147"),
        ("+1 (312) 555-0147", "DE", "tel:+13125550147", "+1 312-555-0147"),
        ("030 5550 1234", "DE", "tel:+493055501234", "+49 30 55501234"),
        ("020 7946 0958", "GB", "tel:+442079460958", "+44 20 7946 0958"),
        ("+44 20 7946 0958", None, "tel:+442079460958", "+44 20 7946 0958"),
        ("(02) 5550 1234", "AU", "tel:+61255501234", "+61 2 5550 1234"),
    ],
)
def test_phone_numbers_as_people_write_them(
    written: str, region: str | None, uri: str, shown: str
) -> None:
    assert phone_uri(written, region) == uri
    assert phone_display(written, region) == shown


@pytest.mark.parametrize("bad", ["555-12", "call reception", "+1 555 0100", "3125550147"])
def test_a_bad_phone_number_is_an_error_naming_the_field(tmp_path: Path, bad: str) -> None:
    body = NOTES_ENTRY.replace('"+1 312 555 0147"', f'"{bad}"').replace(
        'timezone = "America/Chicago"', 'timezone = "UTC"'
    )
    result = run("validate", str(entry_file(tmp_path, body)), *NOW)
    assert result.exit_code == 3
    assert "entry #1 (acme), field 'contacts[1].phone'" in result.stderr
    assert "Traceback" not in result.stderr


def test_calls_dial_e164_with_the_extension_and_show_the_international_number(
    tmp_path: Path,
) -> None:
    path = entry_file(tmp_path, EXTENSION_ENTRY)
    out = tmp_path / "out.ics"
    assert run("generate", str(path), "-o", str(out), *NOW).exit_code == 0
    calls = [e for e in events(unfold(out.read_bytes())) if ": call " in e["SUMMARY"]]
    assert calls
    for call in calls:
        assert call["URL"] == "tel:+13125550147;ext=12"
        assert "Phone: +1 312-555-0147 ext. 12" in call["DESCRIPTION"]
        assert "Call: tel:+13125550147;ext=12" in call["DESCRIPTION"]


# --- text faults ------------------------------------------------------------------------


def test_the_mutual_connection_is_named_once_per_interview() -> None:
    entry = interview(mutual_connection="Priya Shah", decision_by=None)
    for profile in ("standard", "persistent", "email-only", "paced", "balanced"):
        drafted = draft_actions(plan_for(entry, profile=profile), ENV, ME)
        naming = [d for d in drafted if "Priya Shah" in d.draft.text]
        outreach = [d for d in drafted if d.action.step.is_outreach]
        first_time = min(d.action.start for d in outreach)
        # once: every message naming Priya goes out at the first moment (one per person
        # when the first step writes to each interviewer separately)
        assert naming, profile
        assert all(d.action.start == first_time for d in naming), profile
        assert len({d.action.step.id for d in naming}) == 1, profile


def test_drafting_one_later_step_alone_does_not_name_the_connection_again(
    tmp_path: Path,
) -> None:
    body = NOTES_ENTRY.replace('profile = "persistent"', 'mutual_connection = "Priya Shah"')
    path = entry_file(tmp_path, body)
    assert "Priya Shah" in run("draft", "acme", "-f", str(path), "thank-you", *NOW).stdout
    for step in ("follow-up-1", "follow-up-2"):
        assert "Priya Shah" not in run("draft", "acme", "-f", str(path), step, *NOW).stdout


def test_no_message_says_yours_without_something_to_refer_to() -> None:
    entry = interview(decision_by=interview().start.date().replace(day=28))
    for profile in ("standard", "persistent", "email-only", "paced", "balanced"):
        for drafted in draft_actions(plan_for(entry, profile=profile), ENV, ME):
            assert not re.search(r"fit around yours|around yours\b", drafted.draft.text)


@pytest.mark.parametrize(
    ("line", "warning"),
    [
        ('name = "Dr."', "is only a title"),
        ('salutation = "Dear Dr Lim"', 'salutation = "Dr Lim"'),
    ],
)
def test_names_and_salutations_that_would_greet_oddly_are_warned_about(
    tmp_path: Path, line: str, warning: str
) -> None:
    body = NOTES_ENTRY.replace('name = "Dana Smith"', 'name = "Dana Smith"\n' + line)
    if line.startswith("name"):
        body = NOTES_ENTRY.replace('name = "Dana Smith"', line)
    result = run("validate", str(entry_file(tmp_path, body)), *NOW)
    assert result.exit_code == 0 and warning in result.stderr


def test_the_event_says_when_a_name_is_greeted_in_full(tmp_path: Path) -> None:
    body = NOTES_ENTRY.replace('name = "Dana Smith"', 'name = "Tan Wei Ling"')
    path = entry_file(tmp_path, body)
    out = tmp_path / "out.ics"
    assert run("generate", str(path), "-o", str(out), *NOW).exit_code == 0
    for event in events(unfold(out.read_bytes())):
        assert 'Greeted as "Tan Wei Ling"' in event["DESCRIPTION"]
        assert "add `salutation`" in event["DESCRIPTION"]
    with_salutation = body.replace(
        'name = "Tan Wei Ling"', 'name = "Tan Wei Ling"\nsalutation = "Wei Ling"'
    )
    path = entry_file(tmp_path, with_salutation)
    run("generate", str(path), "-o", str(out), *NOW)
    assert "Greeted as" not in unfold(out.read_bytes())
    assert "Hello Wei Ling, this is Alex Morgan" in unescape(unfold(out.read_bytes()))
