"""What real employers' mail broke (issue 15): each case as the sender built it.

The texts here are short unit cases for one rule each; the accuracy figure comes from the
corpus of real mail in tests/mail_real/ (test_mail_real_corpus.py), never from these.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from followcal.mail.classifying import classify
from followcal.mail.message import html_to_text, parse_message
from followcal.mail.relating import Relater, company_domains, is_ats
from followcal.model import Contact
from tests.helpers import interview

AFTER = "Wed, 02 Dec 2026 09:00:00 +0000"


def raw(
    body: str,
    subject: str = "Your application",
    sender: str = "Dana <dana@acme.example>",
    headers: str = "",
    content_type: str = "text/plain; charset=utf-8",
    message_id: str | None = "<x@y>",
) -> bytes:
    mid = f"Message-ID: {message_id}\r\n" if message_id else ""
    return (
        f"From: {sender}\r\nTo: alex@example.com\r\nSubject: {subject}\r\nDate: {AFTER}\r\n"
        f"{mid}MIME-Version: 1.0\r\nContent-Type: {content_type}\r\n{headers}\r\n{body}"
    ).encode()


def parsed(*args: object, folder: str = "inbox", **kwargs: object):
    found = parse_message(raw(*args, **kwargs), folder)  # type: ignore[arg-type]
    assert found is not None
    return found


def verdict(body: str, **kwargs: object):
    message = parsed(body, **kwargs)
    return classify(message, is_ats(message.from_address))


# -- HTML with a <head> -----------------------------------------------------------------


def test_html_with_a_head_reads_as_its_body():
    html = (
        '<html><head><meta charset="utf-8"><link rel="stylesheet" href="x.css">'
        "<style>p {color: red}</style><title>Update</title></head>"
        "<body><p>We have decided not to move forward</p></body></html>"
    )
    assert html_to_text(html) == "We have decided not to move forward"


def test_html_keeps_inline_words_on_one_line_and_drops_quotes():
    html = (
        "<html><body><p>We have <b>decided</b> not to <span>move forward</span>.</p>"
        '<div class="gmail_quote">On Mon, Alex wrote:<br>I hope you hire me</div>'
        "<blockquote>earlier text</blockquote></body></html>"
    )
    text = html_to_text(html)
    assert "We have decided not to move forward." in text
    assert "hope" not in text and "earlier" not in text


# -- relays of applicant-tracking systems -----------------------------------------------

ICIMS = interview(
    id="icims",
    company="iCIMS",
    when="2026-11-17T14:00",
    contacts=(Contact("Pat Lee", None, "pat.lee@icims.com"),),
)


def relate(message, *interviews):
    return Relater(list(interviews)).relate(message)


def test_an_ats_relay_is_not_the_company_it_belongs_to():
    rejection = parsed(
        "Thank you for your interest in InterSystems. We have decided not to move forward "
        "with your application.\n\nPowered by iCIMS",
        sender="InterSystems <noreply+abc@talent.icims.com>",
        subject="Your application to InterSystems",
    )
    assert relate(rejection, ICIMS) is None
    assert "icims.com" not in company_domains(ICIMS) or is_ats("x@talent.icims.com")


def test_ats_mail_names_the_company_in_its_sender_or_subject_not_its_body():
    monday = interview(id="monday", company="Monday", contacts=())
    block = interview(id="block", company="Block", contacts=())
    globex = parsed(
        "Thank you for interviewing with Globex on Monday. We have decided not to move "
        "forward with your application.",
        sender="Globex Recruiting <no-reply@us.greenhouse-mail.io>",
        subject="Your application to Globex",
    )
    initech = parsed(
        "Thanks for your interest in our Block Storage team at Initech. We have decided not "
        "to move forward.",
        sender="Initech <no-reply@hire.lever.co>",
        subject="Initech: your application",
    )
    assert relate(globex, monday) is None
    assert relate(initech, block) is None
    ours = parsed(
        "We have decided not to move forward.",
        sender="Monday.com Talent <no-reply@us.greenhouse-mail.io>",
        subject="Your application",
    )
    assert relate(ours, monday) is not None


@pytest.mark.parametrize(
    "sender",
    [
        "no-reply@appreview.gem.com",
        "notifications@noreply.taleo.net",
        "careers@applytojob.com",
        "noreply@kenexa.com",
        "jobs@comeet-notifications.com",
        "noreply@adp.com",
        "noreply@dayforcehcm.com",
        "no-reply@phenompeople.com",
        "noreply@eightfold.ai",
        "noreply@avature.net",
        "noreply@successfactors.eu",
        "no-reply@breezy.hr",
        "noreply@candidatecare.com",
        "noreply@brassring.com",
    ],
)
def test_the_less_known_ats_senders_are_known(sender):
    assert is_ats(sender)


# -- wording of real rejections ---------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Another candidate has been selected for this position.",
        "You were not chosen for further consideration.",
        "We are not able to offer you employment at this time.",
        "We are not able to offer you further consideration for this role.",
        "We wanted to let you know that the position has been filled.",
        "After review, we will not take you to the next step.",
        "We have chosen to proceed to the next stage with other candidates.",
        "A Hiring Manager elected not to issue a job offer.",
        "We are putting this position on hold and are closing all applications.",
        "The role you had applied to is no longer available.",
        "Unfortunately, you were not the most competitive candidate for the role.",
        "We don't see a strong mutual fit at this time.",
        "We are already moving forward with other applicants.",
        "We have decided to move forward with an alternative candidate.",
    ],
)
def test_real_rejection_wordings(sentence):
    person = verdict(f"Hi Alex,\n\n{sentence}\n\nBest,\nDana")
    assert person.kind == "rejection", person
    assert sentence.rstrip(".").split()[-1] in person.evidence
    ats = verdict(
        f"Hi Alex,\n\n{sentence}",
        sender="Acme Corp <no-reply@ashbyhq.com>",
        headers="List-Unsubscribe: <mailto:u@ashbyhq.com>\r\n",
    )
    assert ats.kind == "rejection", ats


# -- ordinary mail that must not close anything ----------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Thank you for applying to Acme. If you are not selected for this position, keep an "
        "eye on our jobs page for other openings.",
        "We have received your application. We will contact you with the next stage if your "
        "profile matches.",
        "Thank you for completing the assessment. We have received your results and our team "
        "will review them.",
    ],
)
def test_confirmations_are_not_decisions(body):
    seen = verdict(body, sender="Acme Careers <careers@acme.example>")
    assert seen.kind == "automatic", seen
    person = verdict(body, sender="Dana <dana@acme.example>")
    assert person.kind == "automatic", person


def test_a_rejection_for_another_role_does_not_close_this_one():
    backend = interview(id="acme", company="Acme Corp", role="Backend Engineer", contacts=())
    other = parsed(
        "Thank you for your interest in Acme. We have decided not to move forward with your "
        "application. We encourage you to apply to the Data Analyst role when it reopens.",
        sender="Acme Corp <no-reply@hire.lever.co>",
        subject="Your application to Acme Corp: Data Analyst",
    )
    assert relate(other, backend) is None


# -- scheduling and offers --------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "I would like to set up a 30 minute Teams meeting to discuss the next steps.",
        "Could you please provide me with your availability for next week?",
    ],
)
def test_scheduling_is_an_invitation(body):
    assert verdict(body).kind == "invitation"


def test_a_calendar_request_is_an_invitation():
    body = (
        "--b\r\nContent-Type: text/plain\r\n\r\nSee the invitation.\r\n"
        "--b\r\nContent-Type: text/calendar; method=REQUEST; charset=utf-8\r\n\r\n"
        "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Interview\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n--b--\r\n"
    )
    seen = verdict(body, content_type='multipart/alternative; boundary="b"')
    assert seen.kind == "invitation" and "calendar" in seen.evidence


def test_an_ats_offer_letter_is_an_offer():
    seen = verdict(
        "Congratulations! Your offer letter from Acme Corp is ready. Please review and sign "
        "your offer by Friday.",
        sender="Acme Corp <no-reply@myworkday.com>",
    )
    assert seen.kind == "offer"


# -- keys and broken messages -----------------------------------------------------------


def test_a_message_without_message_id_has_the_same_key_in_every_process():
    data = raw("Thanks again", message_id=None)
    script = (
        "import sys; from followcal.mail.message import parse_message; "
        "print(parse_message(sys.stdin.buffer.read(), 'sent').message_id)"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=data,
            capture_output=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(keys) == 1


def test_deeply_nested_multiparts_are_unreadable_not_a_crash():
    from followcal.mail.message import UnreadableMessage

    depth = 1200
    parts = "".join(
        f'--b{n}\r\nContent-Type: multipart/mixed; boundary="b{n + 1}"\r\n\r\n'
        for n in range(depth)
    )
    data = raw(parts + "x\r\n", content_type='multipart/mixed; boundary="b0"')
    with pytest.raises(UnreadableMessage, match="<x@y>"):
        parse_message(data, "inbox")


def test_a_header_the_parser_chokes_on_is_not_a_crash():
    data = (  # an AttributeError inside the standard library's address parser
        b"From: Dana <dana@acme.example>\r\nTo: a@[\r\n"
        b"Date: " + AFTER.encode() + b"\r\nMessage-ID: <m@x>\r\n\r\nbody\r\n"
    )
    message = parse_message(data, "inbox")  # read, without the recipients it cannot parse
    assert message is not None and message.to == () and message.text == "body"


# -- trust -----------------------------------------------------------------------------


def test_free_mail_domains_come_from_a_maintained_list():
    people = interview(
        contacts=(
            Contact("A", None, "a@yahoo.co.uk"),
            Contact("B", None, "b@hotmail.fr"),
            Contact("C", None, "c@btinternet.com"),
            Contact("D", None, "d@qq.com"),
        )
    )
    assert company_domains(people) == set()


def test_dmarc_fail_is_never_from_its_contact():
    acme = interview(id="acme", when="2026-11-17T14:00")
    forged = parsed(
        "Let's set up a call.",
        sender="Dana <dana@acme.example>",
        headers="Authentication-Results: mx.example.com; dmarc=fail (p=reject) "
        "header.from=acme.example\r\n",
    )
    assert relate(forged, acme) is None
    honest = parsed("Let's set up a call.", sender="Dana <dana@acme.example>")
    relation = relate(honest, acme)
    assert relation is not None and relation.reason == "from its contact"


def test_the_deciding_sentence_is_shown():
    seen = verdict(
        "Hi Alex,\n\nThank you for your time last week. After much thought, we have decided "
        "not to move forward with your application. We wish you well."
    )
    assert "After much thought, we have decided not to move forward" in seen.evidence


def test_weak_evidence_is_only_a_possible_rejection():
    seen = verdict(
        "Thank you for your interest in Acme. Unfortunately, we regret to inform you that "
        "we are unable to offer you a position.",
        sender="Acme Careers <careers@acme.example>",
    )
    assert seen.kind in ("rejection", "maybe-rejection")
    vague = verdict(
        "Unfortunately, I regret to inform you the panel has moved. Your application is "
        "still being reviewed.",
        sender="Acme Careers <careers@acme.example>",
    )
    assert vague.kind != "rejection"


def test_an_out_of_office_with_a_far_return_date_is_flagged():
    from followcal.mail.proposals import find

    acme = interview(id="acme", when="2026-11-17T14:00")
    away = parsed(
        "I am out of the office until 31/12/2100 with no access to email.",
        subject="Automatic reply: follow-up",
        headers="Auto-Submitted: auto-replied\r\n",
    )
    findings = find([away], [], [acme], [])
    assert len(findings) == 1
    assert findings[0].change is None  # past the years a plan can hold: nothing to wait for
    later = parsed(
        "I am out of the office until 1 June 2027 with no access to email.",
        subject="Automatic reply: follow-up",
        headers="Auto-Submitted: auto-replied\r\n",
    )
    change = find([later], [], [acme], [])[0].change
    assert change is not None and change.check and "check" in change.words


def test_utc_is_what_parse_gives_without_a_zone():
    message = parse_message(
        raw("hello").replace(AFTER.encode(), b"Wed, 02 Dec 2026 09:00:00"), "inbox"
    )
    assert message is not None and message.date == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


# -- local mailboxes --------------------------------------------------------------------


def _huge(size: int) -> bytes:
    line = b"All work and no play makes a very long attachment. " * 20 + b"\n"
    return raw("We have decided not to move forward.\n").replace(b"\r\n", b"\n") + line * (
        size // len(line)
    )


@pytest.mark.parametrize("kind", ["maildir", "mbox"])
def test_a_huge_local_message_costs_no_more_memory_than_a_small_one(tmp_path, kind):
    import tracemalloc
    from datetime import date

    from followcal.mail.sources import MaildirSource, MboxSource, Search

    data = _huge(40_000_000)
    if kind == "maildir":
        for sub in ("cur", "new", "tmp"):
            (tmp_path / sub).mkdir()
        (tmp_path / "cur" / "big:2,S").write_bytes(data)
        source = MaildirSource(tmp_path, {})
    else:
        (tmp_path / "Inbox").write_bytes(
            b"From dana@acme.example Wed Dec  2 09:00:00 2026\n" + data
        )
        source = MboxSource(tmp_path / "Inbox", {})
    tracemalloc.start()
    try:
        found = list(source.messages("inbox", Search(date(2026, 11, 1), ("acme.example",))))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(found) == 1 and found[0].text.startswith("We have decided not to move forward.")
    assert peak < 4_000_000, peak


def test_a_hostile_local_message_does_not_end_the_scan(tmp_path):
    """1,200 nested multiparts: read only to TEXT_BYTES, as over IMAP, and without the
    recursion that made the whole scan fail."""
    from datetime import date

    from followcal.mail.sources import MaildirSource, Search

    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    parts = "".join(
        f'--b{n}\r\nContent-Type: multipart/mixed; boundary="b{n + 1}"\r\n\r\n' for n in range(1200)
    )
    (tmp_path / "cur" / "nested:2,S").write_bytes(
        raw(parts, content_type='multipart/mixed; boundary="b0"', message_id="<deep@x>")
    )
    (tmp_path / "cur" / "plain:2,S").write_bytes(raw("Thanks, talk soon."))
    source = MaildirSource(tmp_path, {})
    found = list(source.messages("inbox", Search(date(2026, 11, 1), ("acme.example",))))
    assert sorted(m.text for m in found) == ["", "Thanks, talk soon."]


# -- --apply --------------------------------------------------------------------------


@pytest.mark.parametrize("until", ["31/12/2100", "30/12/2100"])
def test_an_auto_reply_with_a_far_return_date_does_not_block_apply(tmp_path, until):
    from click.testing import CliRunner

    from followcal.cli import main
    from tests.mail_corpus import corpus

    root = corpus.write_maildir(tmp_path / "Mail")
    away = next((root / "cur").glob("h01-hale-ooo*"))
    head = re.split(rb"\r?\n\r?\n", away.read_bytes(), maxsplit=1)[0]
    away.write_bytes(
        head.replace(b"quoted-printable", b"8bit")
        + f"\r\n\r\nI am out of the office until {until} with no access to email.\r\n".encode()
    )
    data = tmp_path / "interviews.toml"
    data.write_text(corpus.INTERVIEWS.read_text())
    result = CliRunner().invoke(
        main,
        ["inbox", "-f", str(data), "--maildir", str(root), "--now", corpus.NOW, "--apply",
         "--yes"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    recorded = [line for line in result.output.splitlines() if line.startswith("Recorded ")]
    assert len(recorded) > 10 and "2100" not in data.read_text()
    assert not any("hartwell-analyst: " in line and "waits" in line for line in recorded)
    if until == "30/12/2100":  # a date a plan can hold, months away: a person checks it
        assert "Not recorded with --yes" in result.output and "hartwell-analyst" in result.output
