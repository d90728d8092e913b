"""The built-in message templates and the rendering rules around them (followcal.drafting)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from followcal.drafting import (
    BUILTIN_TEMPLATES,
    Draft,
    mailto_link,
    make_environment,
    render_draft,
)
from followcal.errors import TemplateError

EXPECTED_TEMPLATES = {
    "thank-you.email.j2",
    "thank-you.letter.j2",
    "thank-you.card.j2",
    "follow-up-1.email.j2",
    "follow-up-1.phone.j2",
    "follow-up-1.letter.j2",
    "follow-up-2.email.j2",
    "follow-up-2.phone.j2",
    "follow-up-2.letter.j2",
    "follow-up-3.phone.j2",
    "follow-up-3.email.j2",
    "follow-up-3.letter.j2",
    "move-on.none.j2",
    "check-status.none.j2",
    "offer-news.email.j2",
    "offer-news.phone.j2",
    "withdrawal.email.j2",
}
# Files starting with "_" are partials that the messages include, not messages themselves.
TEMPLATES = sorted(p.name for p in BUILTIN_TEMPLATES.glob("*.j2") if not p.name.startswith("_"))
FOLLOW_UPS = [name for name in TEMPLATES if name.startswith("follow-up-")]
SEVEN_ELEMENTS = [*FOLLOW_UPS, "offer-news.email.j2"]
OUTGOING = [name for name in TEMPLATES if not name.endswith(".none.j2")]
EMAILS = [name for name in TEMPLATES if name.endswith(".email.j2")]
PHONES = [name for name in TEMPLATES if name.endswith(".phone.j2")]
THANK_YOUS = [name for name in TEMPLATES if name.startswith("thank-you.")]

# Phrases that read as needy, pushy or guilt-tripping (article 003 warns against all of them).
NEGATIVE = [
    "just checking in",
    "checking in again",
    "following up again",
    "one last time",
    "really need",
    "need this job",
    "desperate",
    "please hire",
    "haven't heard",
    "have not heard",
    "still waiting",
    "no response",
    "no reply",
    "ignored",
    "any news yet",
    "as i said",
    "per my last",
    "urgent",
    "asap",
    "as soon as possible",
    "disappointed",
    "frustrat",
    "sorry to bother",
    "bother you",
    "pester",
    "chasing",
    "last chance",
    "begging",
    "i deserve",
    "why haven't",
    "unfortunately",
]

DANA = {
    "name": "Dana Whitfield",
    "first_name": "Dana",
    "formal_name": "Dana Whitfield",
    "greeting": "Dana",
    "title": "Engineering Manager",
    "email": "dana.whitfield@northwind.example",
    "phone": "+1 212-555-0142",
    "tel": "tel:+12125550142",
    "topic": None,
    "address": None,
}
LEE = {
    "name": "Lee Park",
    "first_name": "Lee",
    "formal_name": "Lee Park",
    "greeting": "Lee",
    "title": None,
    "email": "lee+hiring@northwind.example",
    "phone": None,
    "tel": None,
    "topic": None,
    "address": None,
}
CANDIDATE_PHONE = "+1 555 123 4567"
CANDIDATE_EMAIL = "alex.morgan@example.com"


def split_name(template_name: str) -> tuple[str, str, int]:
    stem, channel = template_name.removesuffix(".j2").rsplit(".", 1)
    if stem.startswith("follow-up-"):
        return "follow-up", channel, int(stem.rsplit("-", 1)[1])
    return stem, channel, 0


def make_context(template_name: str, *, full: bool = True, **changes: Any) -> dict[str, Any]:
    """The context contract: every key present; `full=False` leaves every optional value None."""
    kind, channel, number = split_name(template_name)
    if channel == "phone":
        kind = "call"
    contacts = [DANA, LEE] if full else [{**DANA, "title": None, "phone": None}]
    context: dict[str, Any] = {
        "contact": contacts[0],
        "contacts": contacts,
        "greeting_names": "Dana and Lee" if full else "Dana",
        "recipient_names": "Dana Whitfield and Lee Park" if full else "Dana Whitfield",
        "formal": False,
        "topic": "the migration to event sourcing" if full else None,
        "postal_address": ["1 Harbour Street", "Leeds LS1 4AP"] if full else None,
        "interview": {
            "id": "northwind-2026-11",
            "company": "Northwind Analytics",
            "role": "Senior Data Engineer",
            "date_text": "Tuesday, 17 November 2026",
            "time_text": "14:00",
            "decision_by_text": "Friday, 27 November 2026" if full else None,
            "topic": "the migration to event sourcing" if full else None,
            "notes_detail": "the migration to event sourcing" if full else None,
            "mutual_connection": "Priya Raman" if full else None,
            "round": 2 if full else 1,
            "upcoming": False,
        },
        "candidate": {
            "name": "Alex Morgan" if full else "[Your name]",
            "email": CANDIDATE_EMAIL if full else None,
            "phone": CANDIDATE_PHONE if full else None,
            "signature": None,
        },
        "step": {
            "kind": kind,
            "number": number,
            "channel": channel,
            "promises_call": full,
            "is_last": number == 3,
            "letter_date": "3 December 2026",
        },
        # offer-news needs its offer even in the minimal context; other steps get None
        "offer": (
            {"company": "Contoso Labs", "deadline_text": "Monday, 7 December 2026"}
            if template_name.startswith("offer-news") or full
            else None
        ),
    }
    for key, value in changes.items():
        context[key] = {**context[key], **value} if isinstance(value, dict) else value
    return context


@pytest.fixture(scope="module")
def env() -> Any:
    return make_environment(None)


def render(env: Any, name: str, *, full: bool = True, **changes: Any) -> Draft:
    return render_draft(env, name, make_context(name, full=full, **changes))


def words(text: str) -> int:
    return len(text.split())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n", text) if s.strip()]


def sentence_key(sentence: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[\w'+@.-]+", sentence.lower().rstrip(".?!")))


def parts(draft: Draft) -> dict[str, str]:
    """A phone draft's two scripts, by label."""
    call, _, voicemail = draft.body.partition("Voicemail script:")
    return {"call": call.removeprefix("Call script:"), "voicemail": voicemail}


def assert_seven_elements(text: str, context: dict[str, Any]) -> None:
    """Article 000's seven elements of a follow-up, each checked on its own."""
    lowered = text.lower()
    # 1. the interviewer's first name
    assert context["contact"]["first_name"] in text
    # 2. that this follows up on the status of the candidacy
    assert re.search(r"follow(ing)?[ -]up", lowered)
    assert re.search(r"status|update|where .{0,40}stands?|timeline", lowered)
    # 3. the job title and the interview date
    assert context["interview"]["role"] in text
    assert context["interview"]["date_text"] in text
    # 4. restated interest in the role
    assert re.search(r"interest|enthusias|excited|keen|eager", lowered)
    # 5. a direct question about the status, and looking forward to hearing back
    assert re.search(r"[^.?!\n]{10,}\?", text)
    assert re.search(r"look(ing)? forward|hear(ing)? from you", lowered)
    # 6. a thank-you
    assert re.search(r"\bthank", lowered)
    # 7. a positive tone: nothing needy, pushy or guilt-tripping, no exclamation marks
    assert_positive(text)


def assert_positive(text: str) -> None:
    lowered = text.lower()
    found = [phrase for phrase in NEGATIVE if phrase in lowered]
    assert not found, f"negative phrasing: {found}"
    assert "!" not in text


# --- every built-in template --------------------------------------------------------------


def test_the_expected_templates_are_built_in() -> None:
    assert set(TEMPLATES) == EXPECTED_TEMPLATES


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("name", TEMPLATES)
def test_renders_clean_text(env: Any, name: str, full: bool) -> None:
    draft = render(env, name, full=full)
    text = draft.text
    assert draft.body
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert "  " not in text
    assert not re.search(r" [,.;:?]", text), "space before punctuation"
    assert "None" not in text
    assert not re.search(r"\{\{|\{%|%\}|\}\}|\{#|#\}", text), "template syntax leaked"
    assert not re.search(r"\b(\w+) \1\b", text), "a word repeated"


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("name", EMAILS)
def test_emails_are_short_and_have_a_subject(env: Any, name: str, full: bool) -> None:
    draft = render(env, name, full=full)
    assert words(draft.body) <= 150
    assert draft.subject
    assert "\n" not in draft.subject
    assert draft.text.startswith(f"Subject: {draft.subject}\n\nHi ")


@pytest.mark.parametrize("name", [n for n in TEMPLATES if not n.endswith(".email.j2")])
def test_only_emails_have_a_subject(env: Any, name: str) -> None:
    draft = render(env, name)
    assert draft.subject is None
    assert draft.text == draft.body


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("name", SEVEN_ELEMENTS)
def test_follow_ups_carry_the_seven_elements(env: Any, name: str, full: bool) -> None:
    context = make_context(name, full=full)
    draft = render_draft(env, name, context)
    if name.endswith(".phone.j2"):
        # each script must stand on its own: they may only get the voicemail
        for script in parts(draft).values():
            assert_seven_elements(script, context)
    else:
        assert_seven_elements(draft.body, context)


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("name", TEMPLATES)
def test_no_desperate_phrasing_anywhere(env: Any, name: str, full: bool) -> None:
    assert_positive(render(env, name, full=full).text)


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("channel", ["email", "phone", "letter"])
@pytest.mark.parametrize(("first", "second"), [(1, 2), (2, 3), (1, 3)])
def test_each_follow_up_is_worded_differently(
    env: Any, channel: str, first: int, second: int, full: bool
) -> None:
    a = render(env, f"follow-up-{first}.{channel}.j2", full=full)
    b = render(env, f"follow-up-{second}.{channel}.j2", full=full)
    assert a.subject != b.subject or a.subject is None
    long_a = {sentence_key(s) for s in sentences(a.body) if len(sentence_key(s)) > 6}
    shared = long_a & {sentence_key(s) for s in sentences(b.body)}
    assert not shared, f"sentences shared: {shared}"


@pytest.mark.parametrize("first", [1, 2])
def test_follow_up_emails_have_different_subjects(env: Any, first: int) -> None:
    a = render(env, f"follow-up-{first}.email.j2")
    b = render(env, f"follow-up-{first + 1}.email.j2")
    assert a.subject and b.subject and a.subject != b.subject


@pytest.mark.parametrize("name", OUTGOING)
def test_connection_and_topic_appear_when_given(env: Any, name: str) -> None:
    text = render(env, name).text
    # offer news is about the offer: naming a shared acquaintance there reads as leverage;
    # a withdrawal is a goodbye, where it has no place either
    assert ("Priya Raman" in text) == (not name.startswith(("offer-news", "withdrawal")))
    assert "our conversation about the migration to event sourcing" in text.lower()


@pytest.mark.parametrize("name", [*FOLLOW_UPS, "check-status.none.j2"])
def test_their_timeline_appears_when_given(env: Any, name: str) -> None:
    assert "Friday, 27 November 2026" in render(env, name).text


def test_follow_up_one_uses_the_timeline_they_gave(env: Any) -> None:
    body = render(env, "follow-up-1.email.j2").body
    assert "you hoped to decide by Friday, 27 November 2026" in body


@pytest.mark.parametrize("name", PHONES)
def test_phone_templates_hold_a_call_and_a_voicemail_script(env: Any, name: str) -> None:
    draft = render(env, name)
    lines = draft.body.splitlines()
    assert lines[0] == "Call script:"
    assert "Voicemail script:" in lines
    scripts = parts(draft)
    if name.startswith("follow-up"):
        assert "references" in scripts["call"]  # offer news asks about timing instead
    assert "Alex Morgan" in scripts["call"]
    assert CANDIDATE_PHONE in scripts["voicemail"]
    assert "slowly" in scripts["voicemail"]
    assert words(scripts["voicemail"]) < words(scripts["call"])
    assert words(scripts["voicemail"]) <= 80
    # one person answers the phone: the script greets the contact, not everybody
    assert "Dana and Lee" not in draft.body


@pytest.mark.parametrize("name", PHONES)
def test_phone_script_without_a_candidate_phone_leaves_a_placeholder(env: Any, name: str) -> None:
    assert "[your phone number]" in parts(render(env, name, full=False))["voicemail"]


@pytest.mark.parametrize("name", THANK_YOUS)
def test_thank_yous_include_the_candidates_contact_details(env: Any, name: str) -> None:
    body = render(env, name).body
    assert CANDIDATE_PHONE in body
    assert CANDIDATE_EMAIL in body
    assert "Northwind Analytics" in body
    assert re.search(r"experience", body)  # why the candidate fits


@pytest.mark.parametrize("name", THANK_YOUS)
def test_thank_you_promises_a_call_only_when_the_step_says_so(env: Any, name: str) -> None:
    promised = render(env, name, step={"promises_call": True}).body
    not_promised = render(env, name, step={"promises_call": False}).body
    assert re.search(r"\bcall\b|telephone", promised)
    assert "about a week" in promised
    assert "about a week" not in not_promised


def test_signature_replaces_the_name_without_repeating_details(env: Any) -> None:
    signature = f"Alex Morgan\nData engineer\n{CANDIDATE_EMAIL}"
    body = render(env, "thank-you.email.j2", candidate={"signature": signature}).body
    assert body.endswith(f"Best regards,\n{signature}\n{CANDIDATE_PHONE}")
    assert body.count(CANDIDATE_EMAIL) == 1


def test_messages_to_everyone_greet_everyone(env: Any) -> None:
    draft = render(env, "follow-up-1.email.j2")
    assert draft.body.startswith("Hi Dana and Lee,\n\n")


@pytest.mark.parametrize("name", [n for n in TEMPLATES if n.endswith(".letter.j2")])
def test_letters_start_with_the_recipients_address_block(env: Any, name: str) -> None:
    body = render(env, name).body
    assert body.startswith(
        "Dana Whitfield\nEngineering Manager\nLee Park\nNorthwind Analytics\n"
        "1 Harbour Street\nLeeds LS1 4AP\n\n3 December 2026\n\nDear Dana and Lee,"
    )


def test_offer_news_names_the_written_offer_and_its_deadline(env: Any) -> None:
    body = render(env, "offer-news.email.j2").body
    assert "written offer from Contoso Labs" in body
    assert "Monday, 7 December 2026" in body


def test_offer_news_without_an_offer_is_an_error(env: Any) -> None:
    context = make_context("offer-news.email.j2", offer=None)
    with pytest.raises(TemplateError, match=r"offer-news\.email\.j2.*'company'"):
        render_draft(env, "offer-news.email.j2", context)


def test_private_notes_say_no_outreach(env: Any) -> None:
    move_on = render(env, "move-on.none.j2").body
    assert "twice" in move_on
    assert "written offer" in move_on  # the one exception (article 000)
    assert "get in touch" in move_on  # what to do if they do answer
    check = render(env, "check-status.none.j2").body
    assert "portal" in check
    assert "inbox" in check
    assert "no message to send" in check


def test_move_on_counts_more_than_two_follow_ups(env: Any) -> None:
    body = render(env, "move-on.none.j2", step={"number": 3}).body
    assert "followed up 3 times" in body


# --- links --------------------------------------------------------------------------------


def test_email_draft_links_to_all_recipients(env: Any) -> None:
    draft = render(env, "follow-up-1.email.j2")
    assert draft.link is not None
    target, _, query = draft.link.removeprefix("mailto:").partition("?")
    assert unquote(target).split(",") == [DANA["email"], LEE["email"]]
    fields = dict(pair.split("=", 1) for pair in query.split("&"))
    assert unquote(fields["subject"]) == draft.subject
    # No body: the message is in the event, right above the link (see mailto_link).
    assert set(fields) == {"subject"}


def test_phone_draft_links_to_the_contacts_number(env: Any) -> None:
    assert render(env, "follow-up-1.phone.j2").link == "tel:+12125550142"
    no_phone = render(env, "follow-up-1.phone.j2", contact={"phone": None, "tel": None})
    assert no_phone.link is None


@pytest.mark.parametrize("name", ["thank-you.letter.j2", "thank-you.card.j2", "move-on.none.j2"])
def test_other_channels_have_no_link(env: Any, name: str) -> None:
    assert render(env, name).link is None


def test_mailto_link_encodes_everything() -> None:
    subject = "Q&A: 100% = yes? #1 +plus Émilie"
    link = mailto_link(["a@example.com", "b+tag@example.com"], subject)
    assert link.startswith("mailto:a@example.com,b+tag@example.com?subject=")
    query = link.partition("?")[2]
    assert " " not in link and "&" not in query and "#" not in link
    fields = dict(pair.split("=", 1) for pair in query.split("&"))
    assert set(fields) == {"subject"}
    assert unquote(fields["subject"]) == subject


def test_mailto_link_without_subject_or_addresses() -> None:
    assert mailto_link([], None) == "mailto:"
    assert mailto_link(["a@example.com"], None) == "mailto:a@example.com"


# --- the user's templates folder ----------------------------------------------------------


def test_user_template_overrides_the_built_in(tmp_path: Path) -> None:
    (tmp_path / "follow-up-1.email.j2").write_text(
        "Subject: My own words\n\nHello {{ contact.first_name }},\n\nMine.\n\n"
        '{% include "_signature.j2" %}\n',
        encoding="utf-8",
    )
    env = make_environment(tmp_path)
    name = "follow-up-1.email.j2"
    draft = render_draft(env, name, make_context(name))
    assert draft.subject == "My own words"
    assert draft.body.startswith("Hello Dana,\n\nMine.\n\nAlex Morgan")
    # the templates the user did not copy still come from the package
    other = render_draft(env, "follow-up-2.email.j2", make_context("follow-up-2.email.j2"))
    assert other.subject == render(make_environment(None), "follow-up-2.email.j2").subject


def test_missing_user_folder_falls_back_to_the_built_ins(tmp_path: Path) -> None:
    env = make_environment(tmp_path / "does-not-exist")
    name = "thank-you.email.j2"
    assert render_draft(env, name, make_context(name)).subject


def test_whitespace_is_normalised(tmp_path: Path) -> None:
    (tmp_path / "x.email.j2").write_text(
        "\n\nSubject:   Spaced   out  \n\n\n\nHi   \n\n\n\nBody line  \n\n\n", encoding="utf-8"
    )
    draft = render_draft(make_environment(tmp_path), "x.email.j2", make_context("x.email.j2"))
    assert draft == Draft(subject="Spaced out", body="Hi\n\nBody line", link=draft.link)


def test_an_empty_message_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.letter.j2").write_text("{% if false %}text{% endif %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="empty message"):
        render_draft(make_environment(tmp_path), "x.letter.j2", make_context("x.letter.j2"))


def user_error(tmp_path: Path, source: str, name: str = "follow-up-1.email.j2") -> str:
    (tmp_path / name).write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_draft(make_environment(tmp_path), name, make_context(name))
    message = str(caught.value)
    assert "\n" not in message
    assert name in message
    assert caught.value.EXIT_CODE == 5
    return message


def test_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    message = user_error(tmp_path, "Subject: Hi\n\n{{ contact.first_name }\n")
    assert str(tmp_path / "follow-up-1.email.j2") in message  # the user's copy, by path
    assert "line 3" in message


def test_unclosed_block_is_a_syntax_error(tmp_path: Path) -> None:
    message = user_error(tmp_path, "Subject: Hi\n\n{% if contact.first_name %}\nHi\n")
    assert "endif" in message


def test_undefined_field_names_template_line_and_field(tmp_path: Path) -> None:
    message = user_error(
        tmp_path, "Subject: Hi\n\nDear {{ contact.first_name }},\n\n{{ contact.nickname }}\n"
    )
    assert message.endswith(", line 5: 'contact' has no attribute 'nickname'")


def test_undefined_variable_and_list_item_fields(tmp_path: Path) -> None:
    assert user_error(tmp_path, "{{ nickname }}").endswith("line 1: 'nickname' is undefined")
    assert user_error(tmp_path, "{{ contacts[1].nickname }}").endswith(
        "'contacts[1]' has no attribute 'nickname'"
    )


def test_error_in_an_included_file_names_both(tmp_path: Path) -> None:
    (tmp_path / "_mine.j2").write_text("ok\n{{ interview.salary }}\n", encoding="utf-8")
    message = user_error(tmp_path, 'Subject: Hi\n\n{% include "_mine.j2" %}\n')
    assert "_mine.j2" in message
    assert "line 2: 'interview' has no attribute 'salary'" in message


def test_missing_include_is_reported(tmp_path: Path) -> None:
    message = user_error(tmp_path, 'Subject: Hi\n\n{% include "_nowhere.j2" %}\n')
    assert "'_nowhere.j2' not found" in message


def test_missing_built_in_field_names_the_built_in_template(env: Any) -> None:
    name = "follow-up-2.email.j2"
    context = make_context(name)
    del context["interview"]["decision_by_text"]
    with pytest.raises(TemplateError) as caught:
        render_draft(env, name, context)
    assert str(caught.value).startswith(f"template '{name}', line ")
    assert str(caught.value).endswith("'interview' has no attribute 'decision_by_text'")


def test_missing_template_is_a_template_error(env: Any) -> None:
    with pytest.raises(TemplateError, match=r"'follow-up-9\.fax\.j2' not found"):
        render_draft(env, "follow-up-9.fax.j2", make_context("follow-up-1.email.j2"))


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ contact.__class__ }}",
        "{{ contact._followcal_label }}",
        "{{ contacts.append(1) }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_the_sandbox_blocks_internals(tmp_path: Path, source: str) -> None:
    message = user_error(tmp_path, source)
    assert "line 1" in message
    assert re.search(r"unsafe|sandbox|undefined", message)


def test_runtime_errors_in_a_template_become_template_errors(tmp_path: Path) -> None:
    assert "division by zero" in user_error(tmp_path, "{% set n = 0 %}{{ 1 / n }}")
    assert "range" in user_error(tmp_path, "{{ range(10 ** 9) | list | length }}").lower()


def test_a_template_cannot_change_the_callers_context(tmp_path: Path) -> None:
    (tmp_path / "x.letter.j2").write_text(
        "{% set ignored = contact.update({'first_name': 'X'}) %}Hi", encoding="utf-8"
    )
    context = make_context("x.letter.j2")
    with pytest.raises(TemplateError):
        render_draft(make_environment(tmp_path), "x.letter.j2", context)
    assert context["contact"]["first_name"] == "Dana"


def test_importing_drafting_does_not_import_jinja() -> None:
    code = "import sys, followcal.drafting; sys.exit('jinja2' in sys.modules)"
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, check=False)
    assert result.returncode == 0
