"""Issue 17: messages right for a candidate and companies around the world.

A candidate in Sydney, companies from London to Tokyo: their own number, the thank-you's
timing, later rounds and offers, regional holidays, and the text itself.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from followcal.cli import main
from followcal.daysoff import DaysOff
from followcal.drafting import make_environment
from followcal.entries import load_entries
from followcal.messages import draft_actions
from followcal.model import Candidate, Contact
from followcal.planning import PlanSettings, plan
from followcal.regions import ZONE_REGIONS, zone_region
from followcal.timezones import zone_country
from tests.helpers import DANA, LEE, LIBRARY, interview, plan_for

SYDNEY = ZoneInfo("Australia/Sydney")
ENV = make_environment(None)
ME = Candidate("Mei-Ling O'Neill", "meiling@example.com", "0412 345 678", None, "Australia/Sydney")
EARLY = datetime(2026, 1, 1, tzinfo=UTC)


def drafts(*interviews, profile="standard", me=ME, now=EARLY, **settings):
    actions = plan_for(*interviews, profile=profile, now=now, candidate_zone=SYDNEY, **settings)
    return draft_actions([a for a in actions if not a.cancelled], ENV, me)


def thank_yous(actions):
    return [a for a in actions if a.step.kind == "thank-you" and not a.cancelled]


# -- the candidate's own number ------------------------------------------------------------


def test_the_candidates_number_is_international_in_every_message_abroad():
    london = interview("2026-11-17T10:00", "Europe/London", country="GB", channel="phone")
    texts = [d.draft.text for d in drafts(london, profile="paced")]
    assert any("+61 412 345 678" in t for t in texts), texts
    assert not any("0412 345 678" in t for t in texts)
    # Voicemail scripts included.
    calls = [t for t in texts if "Voicemail script" in t]
    assert calls and all("+61 412 345 678" in t for t in calls)


def test_the_candidates_number_stays_national_for_a_company_at_home():
    sydney = interview("2026-11-17T10:00", "Australia/Sydney", country="AU-NSW")
    texts = [d.draft.text for d in drafts(sydney)]
    assert all("0412 345 678" in t for t in texts if "Best regards" in t), texts


def test_validate_warns_when_the_candidates_number_cannot_be_read(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[candidate]\nname = "Mei-Ling O\'Neill"\nemail = "m@example.com"\nphone = "12"\n'
        'timezone = "Australia/Sydney"\n\n[[interview]]\ncompany = "Acme"\nrole = "Engineer"\n'
        'date = 2026-11-17T10:00:00\ntimezone = "Europe/London"\n'
        '[[interview.contacts]]\nname = "Dana Smith"\nemail = "dana@example.com"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(path), "--now", "2026-11-01"])
    assert "[candidate] phone" in result.output, result.output
    assert "country code" in result.output


# -- thank-yous on time everywhere ---------------------------------------------------------


def _hours_after(action) -> float:
    return (action.sends - action.interview.end).total_seconds() / 3600


def test_madrid_friday_noon_from_sydney_is_thanked_right_after_the_interview():
    # 13:00 in Madrid is 23:00 in Sydney: the rest of Friday is the candidate's night and
    # the weekend follows. The candidate was awake for the interview: thank them then.
    madrid = interview("2026-11-20T12:00", "Europe/Madrid", country="ES")
    (thanks, *_) = thank_yous(plan_for(madrid, candidate_zone=SYDNEY))
    assert 0 < _hours_after(thanks) <= 1, thanks.sends
    assert thanks.flag is None and "right after the interview" in (thanks.reason or "")
    assert thanks.alarm >= madrid.end  # the reminder rings once the interview is over


def test_tel_aviv_thursday_is_thanked_the_same_day():
    # Friday and Saturday are the weekend in Israel: "the next morning" would be Sunday; it
    # ends at 23:00 in Sydney.
    tel_aviv = interview("2026-11-19T13:00", "Asia/Jerusalem", country="IL")
    for thanks in thank_yous(plan_for(tel_aviv, candidate_zone=SYDNEY)):
        assert thanks.sends.astimezone(tel_aviv.start.tzinfo).date() == date(2026, 11, 19)
        assert 0 < _hours_after(thanks) <= 24 and thanks.flag is None


def test_a_saturday_interview_in_new_york_is_thanked_that_day():
    new_york = interview("2026-11-21T10:00", "America/New_York", country="US")
    for thanks in thank_yous(plan_for(new_york)):
        assert thanks.sends.date() == date(2026, 11, 21), thanks.sends
        assert thanks.alarm >= new_york.end


def test_a_thank_you_later_than_its_hours_carries_a_flag_saying_why():
    profile = LIBRARY.get("standard")
    steps = tuple(replace(s, within_hours=0) if s.kind == "thank-you" else s for s in profile.steps)
    strict = replace(profile, steps=steps)
    madrid = interview("2026-11-20T12:00", "Europe/Madrid", country="ES")
    settings = PlanSettings(now=EARLY, candidate_zone=SYDNEY)
    for thanks in thank_yous(plan([madrid], lambda _: strict, settings)):
        assert thanks.flag and "hours after the interview" in thanks.flag


# -- later rounds and offers ---------------------------------------------------------------


def test_a_round_one_thank_you_stays_when_round_two_is_in_the_file():
    first = interview("2026-11-10T10:00", id="acme-1")
    second = interview("2026-11-24T10:00", id="acme-2", round=2)
    actions = plan_for(first, second, now=datetime(2026, 11, 9, tzinfo=UTC))
    mine = [a for a in actions if a.interview.id == "acme-1"]
    assert [a.step.id for a in mine if a.is_open] == ["thank-you", "thank-you"]
    assert all(a.cancelled for a in mine if a.step.kind != "thank-you")


def _offer(deadline: date):
    return interview(
        "2026-11-16T10:00", id="globex", company="Globex", status="offer",
        offer_deadline=deadline, offer_written=True, status_date=date(2026, 11, 27),
    )  # fmt: skip


def test_an_offer_deadline_does_not_cancel_interviews_still_to_come():
    berlin = interview("2026-12-14T10:00", "Europe/Berlin", id="berlin", company="Kraft")
    london = interview("2026-12-17T10:00", "Europe/London", id="london", company="Tower")
    held = interview("2026-11-20T10:00", "Europe/London", id="held", company="Bridge")
    actions = plan_for(_offer(date(2026, 12, 4)), berlin, london, held)
    for later in ("berlin", "london"):
        mine = [a for a in actions if a.interview.id == later]
        assert mine and not any(a.cancelled for a in mine), later
    held_steps = [a for a in actions if a.interview.id == "held"]
    after = [a for a in held_steps if a.start.date() > date(2026, 12, 4)]
    assert after and all(a.cancelled for a in after)
    assert not any(a.cancelled for a in held_steps if a.step.kind == "thank-you")


# -- regional holidays ---------------------------------------------------------------------


def _entries(tmp_path: Path, zone: str):
    path = tmp_path / "interviews.toml"
    path.write_text(
        f'[[interview]]\ncompany = "Acme"\nrole = "Engineer"\ndate = 2026-11-17T10:00:00\n'
        f'timezone = "{zone}"\n[[interview.contacts]]\nname = "Dana Smith"\n'
        'email = "dana@example.com"\n',
        encoding="utf-8",
    )
    return load_entries([path], "UTC").interviews[0]


def test_a_london_company_keeps_englands_bank_holidays(tmp_path):
    london = _entries(tmp_path, "Europe/London")
    assert london.country == "GB-ENG"
    easter_monday, late_summer = date(2027, 3, 29), date(2027, 8, 30)
    for day in (easter_monday, late_summer):
        assert DaysOff().reason(day, london.country), day


def test_a_sydney_company_keeps_new_south_wales_holidays(tmp_path):
    sydney = _entries(tmp_path, "Australia/Sydney")
    assert sydney.country == "AU-NSW"
    labour_day, kings_birthday = date(2026, 10, 5), date(2026, 6, 8)
    for day in (labour_day, kings_birthday):
        assert DaysOff().reason(day, sydney.country), day


def test_every_zone_region_belongs_to_its_zones_country_and_has_a_calendar():
    from followcal.daysoff import is_supported

    for zone, region in ZONE_REGIONS.items():
        assert region.split("-")[0] == zone_country(zone), zone
        assert is_supported(region), region
    assert zone_region("Europe/Berlin") == "DE"  # most of Germany: the country as a whole
    assert zone_region("America/Toronto") == "CA"  # Ontario and Quebec: no one region


# -- the text ------------------------------------------------------------------------------


def _texts(*interviews, **kwargs) -> list[str]:
    return [d.draft.text for d in drafts(*interviews, **kwargs)]


def test_a_role_typed_with_its_article_does_not_read_the_the():
    role = interview(role="the Head of Platform", status="offer", offer_written=True)
    for text in _texts(interview(role="the Head of Platform")):
        assert not re.search(r"\bthe the\b", text, re.IGNORECASE), text
    assert role  # offer news and withdrawals: see the next two
    offer = replace(_offer(date(2026, 12, 20)), company="Globex")
    waiting = interview("2026-11-17T10:00", role="the Head of Platform", company="Initech",
                        id="initech")  # fmt: skip
    news = [t for t in _texts(offer, waiting) if "written offer" in t]
    assert news and not any(re.search(r"\bthe the\b", t, re.IGNORECASE) for t in news)


def test_no_doubled_full_stop_after_a_company_that_ends_in_one():
    for company in ("Harbour & Co.", "Grachten B.V."):
        for text in _texts(interview(company=company, topic="their data platform")):
            assert ".." not in text, text


def test_names_typed_in_one_case_are_greeted_as_names():
    shouting = Contact("JANE DOE", email="jane@example.com")
    quiet = Contact("siobhan o'neill", email="siobhan@example.com")
    texts = _texts(interview(contacts=(shouting, quiet)))
    assert any("Hi Jane," in t for t in texts), texts
    assert any("Hi Siobhan," in t for t in texts), texts
    assert not any("JANE" in t or "siobhan" in t for t in texts)


def test_a_nickname_in_quotes_is_the_greeting():
    bob = Contact('Robert "Bob" Smith', email="bob@example.com")
    texts = _texts(interview(contacts=(bob,)))
    assert texts and all("Hi Bob," in t for t in texts if t.startswith("Subject"))


def test_long_subjects_are_shortened_at_a_word():
    role = "Senior Staff Site Reliability Engineer, Payments Infrastructure (EMEA)"
    for drafted in drafts(interview(role=role, company="Harbour & Finch Holdings")):
        subject = drafted.draft.subject
        if subject is None:
            continue
        assert len(subject) <= 70, subject
        words = subject.rstrip("…").split()
        full = drafted.draft.body + " " + role + " position role interview Harbour Finch"
        assert all(word.strip(",:") in full or word.isalpha() for word in words), subject
        assert "Senior Staff Site Reliability Engineer" in subject, subject


# -- read as the hiring manager ------------------------------------------------------------


def test_call_scripts_do_not_speak_a_whole_name_they_are_unsure_of():
    joao = Contact("João Pedro da Silva Santos", phone="+55 11 3456 7890")
    sao_paulo = interview("2026-11-17T10:00", "America/Sao_Paulo", contacts=(joao,),
                          country="BR", channel="phone")  # fmt: skip
    calls = [t for t in _texts(sao_paulo, profile="paced") if "Call script" in t]
    assert calls
    for text in calls:
        assert "João Pedro da Silva Santos" not in text, text
        assert "Mei-Ling O'Neill" in text  # the caller still says who she is


def test_validate_asks_once_for_the_greeting_of_an_uncertain_name(tmp_path):
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[candidate]\nname = "Mei-Ling O\'Neill"\nemail = "m@example.com"\n'
        'timezone = "Australia/Sydney"\n\n[[interview]]\ncompany = "Acme"\nrole = "Engineer"\n'
        'date = 2026-11-17T10:00:00\ntimezone = "Europe/Madrid"\n'
        '[[interview.contacts]]\nname = "María José García López"\nemail = "mj@example.com"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(path), "--now", "2026-11-01"])
    warnings = [line for line in result.output.splitlines() if "María José García López" in line]
    assert len(warnings) == 1 and "salutation" in warnings[0], result.output


def test_one_register_a_message():
    zhang = Contact("Zhang Wei", email="zhang@example.com", salutation="Mr Zhang")
    texts = _texts(interview(contacts=(zhang,)))
    assert texts and not any("Hi Mr Zhang" in t for t in texts), texts
    assert any("Dear Mr Zhang," in t for t in texts)


def test_validate_warns_when_a_panels_thank_yous_would_be_identical(tmp_path):
    people = "".join(
        f'[[interview.contacts]]\nname = "{name}"\nemail = "{name[0].lower()}@example.com"\n'
        for name in ("Fiona Campbell", "Euan Ross", "Mhairi Reid")
    )
    path = tmp_path / "interviews.toml"
    path.write_text(
        '[candidate]\nname = "Mei-Ling O\'Neill"\nemail = "m@example.com"\n\n[[interview]]\n'
        'company = "Thistle Analytics"\nrole = "Engineer"\ndate = 2026-11-17T10:00:00\n'
        f'timezone = "Europe/London"\ncountry = "GB-SCT"\n{people}',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(path), "--now", "2026-11-01"])
    assert "would be identical" in result.output and "topic" in result.output, result.output


def test_panel_thank_yous_differ_by_person_with_their_topics():
    panel = tuple(
        Contact(name, email=f"{name.split()[0].lower()}@example.com", topic=topic)
        for name, topic in (("Fiona Campbell", "the data model"), ("Euan Ross", "on-call"))
    )
    bodies = [
        d.draft.body.split("\n", 1)[1]
        for d in drafts(interview(contacts=panel))
        if d.action.step.kind == "thank-you"
    ]
    assert len(bodies) == 2 and bodies[0] != bodies[1]


def test_agency_recruiters_name_the_client_as_employer():
    recruiter = Contact("Priya Nair", email="priya@harrow.example", recruiter_for="Ipê Pagamentos")
    agency = interview(company="Harrow & Finch Recruitment", role="Lead Data Engineer",
                       contacts=(recruiter,))  # fmt: skip
    texts = _texts(agency)
    assert texts
    for text in texts:
        assert "at Harrow & Finch Recruitment" not in text, text
        assert "what the team needs" not in text
    assert any("Lead Data Engineer position at Ipê Pagamentos" in t for t in texts)
    assert any("putting me forward" in t for t in texts)


def test_a_same_day_thank_you_says_today():
    madrid = interview("2026-11-20T12:00", "Europe/Madrid", country="ES")
    thanks = [d.draft.body for d in drafts(madrid) if d.action.step.kind == "thank-you"]
    assert thanks and all("meeting with me today" in t for t in thanks), thanks
    assert not any("Friday, 20 November 2026" in t for t in thanks)


def test_a_passed_decision_date_is_not_quoted_as_ahead():
    # Thanked the morning after; they hoped to decide that very interview day.
    late = interview("2026-11-17T10:00", decision_by=date(2026, 11, 17))
    thanks = [a for a in plan_for(late) if a.step.kind == "thank-you"]
    assert thanks and all(a.sends.date() == date(2026, 11, 18) for a in thanks)
    for drafted in draft_actions(thanks, ENV, ME):
        assert "hope to reach a decision" not in drafted.draft.body, drafted.draft.body


def test_a_letter_abroad_does_not_promise_a_call_before_it_can_arrive():
    sao_paulo = interview(
        "2026-11-17T10:00", "America/Sao_Paulo", country="BR", company="Ipê Pagamentos",
        address="Ipê Pagamentos S.A.\nAvenida Paulista 1000\nSão Paulo SP 01310-100\nBrazil",
    )  # fmt: skip
    actions = plan_for(sao_paulo, profile="persistent", candidate_zone=SYDNEY,
                       home_country="AU-NSW")  # fmt: skip
    letter = next(a for a in actions if a.step.kind == "thank-you")
    first_call = min((a for a in actions if a.step.kind == "call"), key=lambda a: a.sends)
    assert first_call.sends - letter.sends >= timedelta(days=14), first_call.sends
    assert "post" in (first_call.reason or "")
    assert letter.send_at is None and "schedule it to send" not in (letter.reason or "")
    text = draft_actions([letter], ENV, ME)[0].draft.text
    assert "in about a week" not in text, text
    block = text.split("17 November 2026", 1)[0]  # the address block, above the date line
    assert block.count("Ipê Pagamentos") == 1, block


def test_private_reminders_skip_your_own_holidays_and_quiet_period():
    # The move-on reminder of this interview falls in the Christmas week.
    thistle = interview("2026-11-26T10:00", "Europe/London", country="GB-SCT",
                        decision_by=date(2026, 11, 27))  # fmt: skip
    actions = plan_for(thistle, profile="balanced", candidate_zone=SYDNEY, home_country="AU-NSW")
    move_on = next(a for a in actions if a.step.kind == "move-on")
    day = move_on.start.astimezone(SYDNEY).date()
    assert not date(2026, 12, 24) <= day <= date(2027, 1, 1), day
    assert move_on.reason and "quiet period" in move_on.reason


def test_a_cards_reminder_never_rings_during_the_interview():
    # Ends 17:00 in New York, 09:00 in Sydney: the card goes right after, never before.
    for start in ("2026-11-17T15:00", "2026-11-17T16:00", "2026-11-17T16:30"):
        card = interview(start, "America/New_York", country="US", traditional=True)
        for action in plan_for(card, candidate_zone=SYDNEY):
            assert action.alarm >= card.end, (start, action.step.id, action.alarm)


def _moved_on_world():
    old = interview("2026-08-03T10:00", id="old", company="Thistle Analytics")
    phone = interview("2026-11-20T10:00", id="phone", company="Dial Co", channel="phone",
                      contacts=(DANA, LEE))  # fmt: skip
    offer = replace(_offer(date(2026, 12, 20)), status_date=date(2026, 12, 1))
    return plan_for(old, phone, offer, profile="balanced")


def test_offer_news_goes_only_to_companies_still_in_play_on_their_channel():
    news = [a for a in _moved_on_world() if a.offer_from is not None]
    assert {a.interview.id for a in news} == {"phone"}, [a.interview.id for a in news]
    (call,) = news
    assert call.step.channel == "phone" and call.contacts == (DANA,)


def test_a_withdrawal_to_a_company_that_made_an_offer_declines_it():
    offered = interview(
        status="withdrawn", accepted_elsewhere=True, offer_deadline=date(2026, 12, 10),
        status_date=date(2026, 12, 1),
    )  # fmt: skip
    accepted = replace(_offer(date(2026, 12, 10)), status="accepted")
    (letter,) = [d for d in drafts(offered, accepted) if d.action.step.kind == "withdrawal"]
    assert "decline" in letter.draft.body and "other candidates" not in letter.draft.body


# -- events as calendars show them ---------------------------------------------------------


def test_event_titles_put_the_company_first():
    from followcal.labels import summary

    for action in plan_for(interview(), interview(id="initech", company="Initech")):
        title = summary(action)
        assert title.startswith(f"{action.interview.company}: "), title


def test_outreach_events_last_30_minutes_and_keep_their_reminder():
    for action in plan_for(interview()):
        if action.step.is_outreach:
            assert action.end - action.start == timedelta(minutes=30), action.step.id
            assert action.start - action.alarm == timedelta(minutes=15), action.step.id


def test_event_text_never_carries_a_local_path(tmp_path):
    folder = tmp_path / "home" / "you" / "jobs"
    folder.mkdir(parents=True)
    path = folder / "interviews.toml"
    path.write_text(
        '[candidate]\nname = "Mei-Ling O\'Neill"\nemail = "m@example.com"\n\n[[interview]]\n'
        'company = "Initech"\nrole = "SRE"\ndate = 2026-11-17T10:00:00\n'
        'timezone = "America/New_York"\ntraditional = true\nprofile = "persistent"\n'
        '[[interview.contacts]]\nname = "Dana Smith"\nemail = "dana@example.com"\n'
        'phone = "+1 212 555 0142"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.ics"
    result = CliRunner().invoke(main, ["generate", str(path), "-o", str(out), "--now",
                                       "2026-11-01"])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "No postal address" in text  # the hint is there, without the path
    assert str(tmp_path) not in text and "interviews.toml" not in text


def test_calls_to_an_agency_recruiter_ask_about_the_client():
    recruiter = Contact("Priya Nair", phone="+44 20 7946 0000", recruiter_for="Ipê Pagamentos")
    agency = interview(
        "2026-11-23T09:00", "Europe/London", company="Harrow & Finch Recruitment",
        role="Lead Data Engineer", contacts=(recruiter,), channel="phone",
    )  # fmt: skip
    calls = [t for t in _texts(agency, profile="paced") if "Call script" in t]
    assert calls and all("heard from Ipê Pagamentos" in t for t in calls), calls
    assert not any("Harrow & Finch" in t for t in calls)


def test_a_japanese_honorific_sets_the_register_for_everyone_greeted():
    tanaka = Contact("Tanaka Kenji", email="tanaka@example.jp", salutation="Tanaka-san")
    sato = Contact("佐藤花子", email="sato@example.jp")
    texts = _texts(interview("2026-11-17T10:00", "Asia/Tokyo", country="JP",
                             contacts=(tanaka, sato)))  # fmt: skip
    greeted = [t for t in texts if "Tanaka-san and" in t]
    assert greeted and all("Dear Tanaka-san and 佐藤花子さん," in t for t in greeted), greeted


def test_a_missed_thank_you_drafted_late_does_not_say_today():
    # The hint after a missed thank-you says `followcal draft ID thank-you` shows the late one:
    # sent days later, it must name the interview's date, not call it "today".
    samples = Path(__file__).parent.parent / "samples" / "interviews.toml"
    args = ["draft", "acme-backend", "thank-you", "-f", str(samples), "--now", "2026-11-25T08:00"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Hi Dana" in result.stdout
    assert "meeting with me today" not in result.stdout, result.stdout
    assert "meeting with me on Friday, 20 November 2026" in result.stdout
