"""Drafts as mail: no value from an interviews file can add a header line, addresses are
checked by email-validator, and nothing marks the draft as a tool's.

The header check here is plain Python over the bytes (split lines, unfold, read names), so
it does not depend on the interpreter's `email` package or its patch level.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followcal.drafting import Draft
from followcal.mail.drafts import NoAddress, build_draft
from followcal.messages import DraftedAction
from followcal.model import Candidate, Contact
from tests.helpers import interview, plan_for

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
EVIL = "=?utf-8?q?=0D=0ABcc:_evil@attacker.example?="
ALLOWED = {"from", "to", "cc", "subject", "date", "message-id", "x-unsent", "mime-version",
           "content-type", "content-transfer-encoding"}  # fmt: skip


def header_names(data: bytes) -> list[str]:
    """The header names of a message, read with nothing but bytes and str methods."""
    head, separator, _ = data.partition(b"\r\n\r\n")
    assert separator, "no blank line after the headers"
    assert b"\n" not in head.replace(b"\r\n", b"") and b"\r" not in head.replace(b"\r\n", b"")
    names = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            assert names, "a continuation line before any header"
            continue
        name, colon, _ = line.partition(b":")
        assert colon and re.fullmatch(rb"[A-Za-z0-9-]+", name), line
        names.append(name.decode().lower())
    return names


def item(company: str = "Acme Corp", role: str = "Backend Engineer", name: str = "Dana Smith",
         email: str = "dana@acme.example", subject: str | None = None,
         ident: str = "acme") -> DraftedAction:  # fmt: skip
    contact = Contact(name, None, email)
    entry = interview(id=ident, company=company, role=role, contacts=(contact,))
    action = next(a for a in plan_for(entry) if a.step.channel == "email")
    return DraftedAction(action, Draft(subject, "Hello,\n\nThank you.\n", None), "x")


ME = Candidate(name="Alex Morgan", email="alex@mail.example.com")  # type: ignore[call-arg]


def test_an_encoded_word_in_a_company_adds_no_header():
    for subject in (None, f"Our talk about {EVIL}"):
        mail = build_draft(item(company=EVIL, role=EVIL, subject=subject), ME, NOW)
        names = header_names(mail.as_bytes())
        assert "bcc" not in names and set(names) <= ALLOWED
        assert names.count("to") == 1 and names.count("subject") == 1


def test_the_interpreter_reads_no_bcc_either():
    from email import message_from_bytes, policy

    mail = build_draft(item(company=EVIL, name=f"Dana {EVIL}"), ME, NOW, unsent=True)
    parsed = message_from_bytes(mail.as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None
    assert "\n" not in str(parsed["Subject"]) and "\r" not in str(parsed["Subject"])
    assert parsed["To"].addresses[0].addr_spec == "dana@acme.example"


@given(
    company=st.text(min_size=1, max_size=60),
    role=st.text(min_size=1, max_size=60),
    name=st.text(min_size=1, max_size=40),
)
def test_no_value_makes_a_header_line(company, role, name):
    mail = build_draft(item(company=company, role=role, name=name), ME, NOW, unsent=True)
    names = header_names(mail.as_bytes())
    assert set(names) <= ALLOWED
    assert [n for n in names if n in ("to", "subject", "from", "message-id")] == [
        "from", "to", "subject", "message-id"
    ]  # fmt: skip


def test_an_internationalised_domain_is_written_in_ascii():
    mail = build_draft(item(email="dana@acmé.example"), ME, NOW)
    assert mail.to == ("dana@xn--acm-dma.example",)
    assert b"dana@xn--acm-dma.example" in mail.as_bytes()


@pytest.mark.parametrize("email", ["dané@acme.example", "not an address"])
def test_an_address_a_draft_cannot_carry_is_a_clear_error(email):
    with pytest.raises(NoAddress, match="acme"):
        build_draft(item(email=email), ME, NOW)


def test_nothing_marks_the_draft_as_a_tools():
    mail = build_draft(item(), ME, NOW)
    data = mail.as_bytes()
    assert b"followcal" not in data.lower()
    assert b"x-followcal" not in data.lower()
    assert re.fullmatch(r"<[a-z2-7]{32}@mail\.example\.com>", mail.message_id)
    again = build_draft(item(), ME, NOW)
    assert again.message_id == mail.message_id  # found again by prepare
    other = build_draft(item(company="Globex", ident="globex"), ME, NOW)
    assert other.action_uid != mail.action_uid and other.message_id != mail.message_id
    assert mail.action_uid.partition("@")[0] not in mail.message_id  # not the step's UID
