# ruff: noqa: RUF001 (en dashes in subjects, as people type them)
"""Writes the mail corpus: one .eml file per message, and manifest.toml with what each means.

The messages are written by hand below, modelled on the mail people receive from employers
and applicant-tracking systems (see ../shared/MAIL.md), about the interviews in
interviews.toml. The .eml files are committed; run this again after changing a message:

    python tests/mail_corpus/build.py

Expected values in the manifest: `kind` (reply, rejection, invitation, offer, automatic,
out-of-office, sent, or unrelated when it is about none of the interviews), `interview`, and
`change` ("heard-back", "rejected", "offer", "back-on YYYY-MM-DD", "sent STEP", "round N" for
an invitation once the interview is already heard-back; absent: none).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
ALEX = "Alex Morgan <alex.morgan@example.com>"
MESSAGES: list[dict[str, object]] = []


def when(text: str, zone: str = "UTC") -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def mid(name: str, sender: str) -> str:
    domain = sender.rpartition("@")[2].rstrip(">")
    digest = hashlib.sha1(name.encode()).hexdigest()[:16]
    return f"<{digest}.{name}@mail.{domain}>"


def add(
    name: str,
    date: str,
    sender: str,
    subject: str,
    body: str,
    expect: tuple[str, str | None, str | None],
    *,
    zone: str = "UTC",
    to: str = ALEX,
    folder: str = "inbox",
    html: str | None = None,
    html_only: bool = False,
    headers: dict[str, str] | None = None,
    answers: str | None = None,
) -> None:
    message = EmailMessage()
    sent_at = when(date, zone)
    message["Return-Path"] = f"<{sender.rpartition('<')[2].rstrip('>') or sender}>"
    message["Received"] = (
        f"from mail-out.{sender.rpartition('@')[2].rstrip('>')} (198.51.100.23) by "
        f"mx.example.com with ESMTPS; {format_datetime(sent_at)}"
    )
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = mid(name, sender)
    if answers:
        message["In-Reply-To"] = answers
        message["References"] = answers
    for key, value in (headers or {}).items():
        message[key] = value
    if html_only:
        message.set_content(html or body, subtype="html")
    else:
        message.set_content(body)
        if html:
            message.add_alternative(html, subtype="html")
    if message.is_multipart():
        message.set_boundary(f"=_followcal-corpus-{name}")  # the same files on every build
    data = message.as_bytes(policy=SMTP)
    kind, interview, change = expect
    MESSAGES.append(
        {
            "file": f"{folder}/{name}.eml",
            "folder": folder,
            "kind": kind,
            "interview": interview,
            "change": change,
            "data": data,
        }
    )


def sent(
    name: str,
    date: str,
    to: str,
    subject: str,
    body: str,
    expect: tuple[str, str | None, str | None],
    zone: str = "UTC",
) -> str:
    add(
        name,
        date,
        ALEX,
        subject,
        body,
        expect,
        zone=zone,
        to=to,
        folder="sent",
        headers={"User-Agent": "Mozilla Thunderbird"},
    )
    return mid(name, ALEX)


def html_of(text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.strip().split("\n\n"))
    return f'<html><body style="font-family:Arial">{paragraphs}</body></html>'


ATS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}

# -- acme-backend: thank-yous, a reply, a final-round invitation, then a no ----------------
s01 = sent(
    "s01-thanks-dana",
    "2026-11-21T08:40",
    "Dana Smith <dana.smith@acme.example>",
    "Thank you for Friday's conversation",
    "Hi Dana,\n\nThank you for taking the time to talk with me on Friday about the Backend "
    "Engineer role. I enjoyed hearing how the team plans to split the billing system.\n\n"
    "Best regards,\nAlex Morgan\n",
    ("sent", "acme-backend", "sent thank-you"),
    zone="America/New_York",
)
s02 = sent(
    "s02-thanks-lee",
    "2026-11-21T08:46",
    "Lee Park <lee.park@acme.example>",
    "Thank you for the interview",
    "Hi Lee,\n\nThanks for walking me through the on-call rotation yesterday. The way you "
    "described the incident reviews stayed with me.\n\nBest,\nAlex\n",
    ("sent", "acme-backend", "sent thank-you"),
    zone="America/New_York",
)
add(
    "i01-lee-reply",
    "2026-11-21T10:02",
    "Lee Park <lee.park@acme.example>",
    "Re: Thank you for the interview",
    "Hi Alex,\n\nThanks for the kind note! It was great talking to you too. I'll pass on "
    "my feedback to Dana today.\n\nLee\n\nOn Sat, 21 Nov 2026 at 08:46, Alex Morgan "
    "<alex.morgan@example.com> wrote:\n> Hi Lee,\n> Thanks for walking me through the on-call "
    "rotation yesterday.\n",
    ("reply", "acme-backend", "heard-back"),
    zone="America/New_York",
    answers=s02,
)
add(
    "i02-dana-before",
    "2026-11-16T12:00",
    "Dana Smith <dana.smith@acme.example>",
    "Interview on Friday 20 November",
    "Hi Alex,\n\nLooking forward to meeting you on Friday at 2pm. Lee Park from the platform "
    "team will join us. If anything changes, just reply to this email.\n\nDana\n",
    ("unrelated", None, None),
    zone="America/New_York",
)
add(
    "i03-acme-final-round",
    "2026-12-01T15:20",
    "Acme Corp <no-reply@us.greenhouse-mail.io>",
    "Acme Corp - Backend Engineer: next steps",
    "Hi Alex,\n\nThank you for interviewing with Acme Corp for the Backend Engineer position. "
    "The team would like to invite you to a final round with our VP of Engineering.\n\n"
    "Please use the link below to share your availability for next week.\n\n"
    "https://app.greenhouse.io/scheduling/abc123\n\nBest,\nAcme Recruiting\n",
    ("invitation", "acme-backend", "round 2"),
    headers=ATS,
)
add(
    "i04-acme-news",
    "2026-12-02T14:00",
    "Acme Corp <news@acme.example>",
    "Acme Engineering Digest: December",
    "This month at Acme: we moved our billing system to services, our next round of "
    "open-source grants, and three talks from our engineers.\n\nUnsubscribe: "
    "https://acme.example/unsubscribe\n",
    # Acme has two interviews, and a newsletter names no role: it relates to neither.
    ("unrelated", None, None),
    html=html_of(
        "This month at Acme: billing services, the next round of open-source grants, three talks."
    ),
    headers={
        "List-Id": "Acme Engineering Digest <digest.acme.example>",
        "List-Unsubscribe": "<https://acme.example/unsubscribe>",
        "Precedence": "bulk",
    },
)
add(
    "i05-dana-rejection",
    "2026-12-08T16:45",
    "Dana Smith <dana.smith@acme.example>",
    "Backend Engineer role",
    "Hi Alex,\n\nThank you again for your time and for meeting our VP last week. It was a "
    "close call, but after a lot of discussion the team has decided to move forward with "
    "another candidate for the Backend Engineer role.\n\nI enjoyed our conversations and "
    "would be glad to stay in touch.\n\nBest wishes,\nDana\n",
    ("rejection", "acme-backend", "rejected"),
    zone="America/New_York",
)
add(
    "i06-acme-other-role",
    "2026-11-30T11:00",
    "Acme Corp <no-reply@us.greenhouse-mail.io>",
    "Your application to Acme Corp",
    "Hi Alex,\n\nThank you for your interest in the Machine Learning Engineer position at "
    "Acme Corp. After careful review, we have decided not to move forward with your "
    "application at this time.\n\nWe wish you the best in your search.\n\nAcme Recruiting\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "i07-acme-talent-other-role",
    "2026-12-04T09:10",
    "Acme Talent Team <talent@acme.example>",
    "Your application for Product Manager",
    "Hello Alex,\n\nThank you for applying for the Product Manager role at Acme Corp. "
    "Unfortunately we will not be moving your application forward.\n\nKind regards,\n"
    "Acme Talent Team\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "i08-acme-ack-other-role",
    "2026-12-05T09:00",
    "Acme Corp <no-reply@us.greenhouse-mail.io>",
    "Thank you for applying to Acme Corp",
    "Hi Alex,\n\nThank you for applying for the Staff Engineer position at Acme Corp. We have "
    "received your application and will be in touch if your experience matches.\n",
    ("unrelated", None, None),
    headers=ATS,
)

# -- acme-data: a reply quoting the candidate, then the ATS says no ------------------------
add(
    "a01-riya-before",
    "2026-11-19T09:30",
    "Riya Patel <riya.patel@acme.example>",
    "Scheduling: Data Analyst interview",
    "Hi Alex, could you do Tuesday 24 November at 10am? We'll meet in the Hudson room.\nRiya\n",
    ("unrelated", None, None),
    zone="America/New_York",
)
s03 = sent(
    "s03-riya-follow-up",
    "2026-11-26T09:05",
    "Riya Patel <riya.patel@acme.example>",
    "Data Analyst role: checking in",
    "Hi Riya,\n\nThank you again for Tuesday. I'm still very interested in the role, and I "
    "understand if you decide not to move forward with my application; either way I'd be "
    "grateful to know where things stand.\n\nBest,\nAlex\n",
    ("sent", "acme-data", "sent follow-up-1"),
    zone="America/New_York",
)
add(
    "a02-riya-reply-quoting",
    "2026-11-27T09:12",
    "Riya Patel <riya.patel@acme.example>",
    "Re: Data Analyst role: checking in",
    "Hi Alex,\n\nThanks for checking in! We're still interviewing this week and hope to "
    "decide by Friday.\n\nRiya\n\nOn Thu, 26 Nov 2026 at 09:05, Alex Morgan "
    "<alex.morgan@example.com> wrote:\n> Hi Riya,\n>\n> Thank you again for Tuesday. I'm "
    "still very interested in the role, and I\n> understand if you decide not to move "
    "forward with my application; either way\n> I'd be grateful to know where things "
    "stand.\n",
    ("reply", "acme-data", "heard-back"),
    zone="America/New_York",
    answers=s03,
)
add(
    "a03-acme-data-no",
    "2026-12-03T18:30",
    "Acme Corp <no-reply@us.greenhouse-mail.io>",
    "Your application to Acme Corp",
    "Hi Alex,\n\nThank you for your interest in the Data Analyst position at Acme Corp and "
    "for the time you spent with our team.\n\nAfter careful consideration, we have decided "
    "not to move forward with your application at this time.\n\nBest,\nAcme Recruiting\n",
    ("rejection", "acme-data", "rejected"),
    headers=ATS,
)

# -- hartwell-analyst: a follow-up, an out-of-office, a British no -------------------------
s04 = sent(
    "s04-hale-follow-up",
    "2026-12-02T09:30",
    "Margaret Hale <m.hale@hartwell.example>",
    "Financial Analyst position",
    "Dear Ms Hale,\n\nI hope you are well. I wanted to follow up on my interview on 24 "
    "November for the Financial Analyst position.\n\nKind regards,\nAlex Morgan\n",
    ("sent", "hartwell-analyst", "sent follow-up-1"),
    zone="Europe/London",
)
add(
    "h01-hale-ooo",
    "2026-12-02T09:31",
    "Margaret Hale <m.hale@hartwell.example>",
    "Automatic reply: Financial Analyst position",
    "Thank you for your email. I am out of the office until Wednesday 9 December with no "
    "access to email. For urgent matters please contact finance@hartwell.example.\n\n"
    "Margaret Hale\n",
    ("out-of-office", "hartwell-analyst", "back-on 2026-12-10"),
    zone="Europe/London",
    answers=s04,
    headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
)
add(
    "h02-hale-rejection",
    "2026-12-11T14:05",
    "Margaret Hale <m.hale@hartwell.example>",
    "Financial Analyst position",
    "Dear Alex,\n\nThank you for your patience. I regret to inform you that your application "
    "has been unsuccessful on this occasion. We had a very strong field.\n\nWe will keep your "
    "details on file.\n\nYours sincerely,\nMargaret Hale\nFinance Director\n",
    ("rejection", "hartwell-analyst", "rejected"),
    zone="Europe/London",
)
add(
    "h03-hartwell-newsletter",
    "2026-12-03T07:00",
    "Hartwell & Sons <updates@hartwell.example>",
    "Hartwell Quarterly: year-end outlook",
    "Our year-end outlook, a note on the new ledger system, and season's greetings from "
    "everyone at Hartwell & Sons.\n",
    ("automatic", "hartwell-analyst", None),
    headers={"List-Unsubscribe": "<mailto:unsubscribe@hartwell.example>", "Precedence": "list"},
)

# -- lumen-design: German acknowledgement, out-of-office, Personio's no -------------------
add(
    "l01-personio-ack",
    "2026-11-05T10:00",
    "Lumen Labs GmbH <jobs@lumenlabs.jobs.personio.de>",
    "Eingangsbestätigung Ihrer Bewerbung als Product Designer",
    "Hallo Alex,\n\nvielen Dank für Ihre Bewerbung als Product Designer. Ihre Bewerbung ist "
    "bei uns eingegangen und wir melden uns in Kürze.\n\nIhr Lumen Labs Team\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "l02-becker-ooo",
    "2026-11-30T08:00",
    "Jana Becker <j.becker@lumenlabs.example>",
    "Abwesenheitsnotiz: Nachfrage Product Designer",
    "Vielen Dank für Ihre Nachricht. Ich bin bis zum 04.12.2026 nicht im Büro und habe "
    "keinen Zugriff auf meine E-Mails. Ab dem 07.12. bin ich wieder erreichbar.\n\n"
    "Jana Becker\n",
    ("out-of-office", "lumen-design", "back-on 2026-12-05"),
    zone="Europe/Berlin",
    headers={"Auto-Submitted": "auto-replied"},
)
add(
    "l03-personio-no",
    "2026-12-09T15:00",
    "Lumen Labs GmbH <jobs@lumenlabs.jobs.personio.de>",
    "Ihre Bewerbung als Product Designer bei Lumen Labs",
    "Hallo Alex,\n\nnochmals vielen Dank für Ihr Interesse und die Zeit, die Sie sich für "
    "die Gespräche genommen haben. Leider müssen wir Ihnen mitteilen, dass wir uns für eine "
    "andere Kandidatin entschieden haben.\n\nWir wünschen Ihnen viel Erfolg für Ihre weitere "
    "Suche.\n\nIhr Lumen Labs Team\n",
    ("rejection", "lumen-design", "rejected"),
    zone="Europe/Berlin",
    headers=ATS,
)
add(
    "l04-lumen-newsletter",
    "2026-12-01T06:00",
    "Lumen Labs <newsletter@lumenlabs.example>",
    "Lumen Labs Newsletter – Dezember",
    "Neuigkeiten aus dem Studio: unser neues Designsystem, die zweite Runde unseres "
    "Mentoring-Programms und offene Stellen.\n",
    ("automatic", "lumen-design", None),
    html=html_of("Neuigkeiten aus dem Studio: Designsystem, zweite Runde Mentoring."),
    headers={
        "List-Id": "<newsletter.lumenlabs.example>",
        "List-Unsubscribe": "<https://lumenlabs.example/abmelden>",
    },
)

# -- bleu-frontend: French invitation and offer, Teamtailor about another role -----------
add(
    "b01-teamtailor-ack",
    "2026-11-10T09:00",
    "Atelier Bleu <no-reply@teamtailor-mail.com>",
    "Nous avons bien reçu votre candidature",
    "Bonjour Alex,\n\nNous avons bien reçu votre candidature au poste de Développeur "
    "Front-end et nous revenons vers vous rapidement.\n\nL'équipe Atelier Bleu\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "b02-martin-invitation",
    "2026-11-26T11:30",
    "Claire Martin <claire.martin@atelierbleu.example>",
    "Second entretien – Atelier Bleu",
    "Bonjour Alex,\n\nMerci encore pour notre échange de jeudi. Nous aimerions vous inviter "
    "à un second entretien avec notre directrice technique. Pourriez-vous m'indiquer vos "
    "disponibilités la semaine prochaine ?\n\nBien à vous,\nClaire Martin\n",
    ("invitation", "bleu-frontend", "heard-back"),
    zone="Europe/Paris",
)
add(
    "b03-martin-offer",
    "2026-12-09T17:00",
    "Claire Martin <claire.martin@atelierbleu.example>",
    "Proposition – Atelier Bleu",
    "Bonjour Alex,\n\nSuite à vos entretiens, nous avons le plaisir de vous proposer le poste "
    "de Développeur Front-end. Vous trouverez ci-joint notre proposition d'embauche.\n\n"
    "Nous restons à votre disposition pour en discuter.\n\nClaire Martin\n",
    ("offer", "bleu-frontend", "offer"),
    zone="Europe/Paris",
    html=html_of(
        "Bonjour Alex,\n\nNous avons le plaisir de vous proposer le poste de "
        "Développeur Front-end.\n\nClaire Martin"
    ),
)
add(
    "b04-teamtailor-other-role",
    "2026-12-02T10:00",
    "Atelier Bleu <no-reply@teamtailor-mail.com>",
    "Votre candidature chez Atelier Bleu",
    "Bonjour Alex,\n\nMerci pour l'intérêt porté au poste de Designer UX. Malheureusement, "
    "nous ne sommes pas en mesure de donner une suite favorable à votre candidature.\n\n"
    "L'équipe Atelier Bleu\n",
    ("unrelated", None, None),
    headers=ATS,
)

# -- northwind-sales: Lever, a reply quoting the candidate (Outlook), another role --------
s05 = sent(
    "s05-rivera-thanks",
    "2026-11-26T08:00",
    "Carlos Rivera <c.rivera@northwind.example>",
    "Thank you – Account Executive interview",
    "Hi Carlos,\n\nThank you for yesterday's conversation about the Pacific Northwest "
    "expansion. If you're pursuing other candidates as well, I'd appreciate knowing your "
    "timeline.\n\nBest regards,\nAlex Morgan\n",
    ("sent", "northwind-sales", "sent thank-you"),
    zone="America/Chicago",
)
add(
    "n01-lever-ack",
    "2026-11-26T10:00",
    "Northwind Traders <no-reply@hire.lever.co>",
    "Northwind Traders: assessment received",
    "Hi Alex,\n\nThank you for your application. We have received your completed sales "
    "assessment for the Account Executive role.\n\nNorthwind Traders Talent Team\n",
    ("automatic", "northwind-sales", None),
    headers=ATS,
)
add(
    "n02-rivera-reply-outlook",
    "2026-11-27T13:40",
    "Carlos Rivera <c.rivera@northwind.example>",
    "RE: Thank you – Account Executive interview",
    "Hi Alex,\n\nGood to hear from you. We're finishing interviews this week and expect to "
    "decide by 4 December.\n\nCarlos\n\n________________________________\nFrom: Alex Morgan "
    "<alex.morgan@example.com>\nSent: Thursday, November 26, 2026 8:00 AM\nTo: Carlos Rivera\n"
    "Subject: Thank you – Account Executive interview\n\nIf you're pursuing other candidates "
    "as well, I'd appreciate knowing your timeline.\n",
    ("reply", "northwind-sales", "heard-back"),
    zone="America/Chicago",
    answers=s05,
    html="<html><body><div>Hi Alex,</div><div>Good to hear from you. We're finishing "
    "interviews this week and expect to decide by 4 December.</div><div>Carlos</div>"
    '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Alex Morgan<br>'
    "<b>Sent:</b> Thursday<br></div><div>If you're pursuing other candidates as well, I'd "
    "appreciate knowing your timeline.</div></body></html>",
)
add(
    "n03-lever-no",
    "2026-12-07T20:15",
    "Northwind Traders <no-reply@hire.lever.co>",
    "Northwind Traders - Account Executive",
    "Hi Alex,\n\nThank you for taking the time to interview for the Account Executive role. "
    "We appreciate your interest, but we will not be moving your application forward.\n\n"
    "We wish you every success in your future endeavours.\n\nNorthwind Traders\n",
    ("rejection", "northwind-sales", "rejected"),
    headers=ATS,
)
add(
    "n04-lever-other-role",
    "2026-12-01T20:15",
    "Northwind Traders <no-reply@hire.lever.co>",
    "Northwind Traders - Sales Development Representative",
    "Hi Alex,\n\nThank you for applying for the Sales Development Representative position. "
    "We have decided to move forward with other candidates for this role.\n\n"
    "Northwind Traders\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "n05-rivera-before",
    "2026-11-23T15:00",
    "Carlos Rivera <c.rivera@northwind.example>",
    "Confirming Wednesday",
    "Hi Alex, confirming Wednesday at 11 in our Chicago office. Ask for me at reception.\nCarlos\n",
    ("unrelated", None, None),
    zone="America/Chicago",
)

# -- quanta-sre: a free-mail recruiter, an answer from a colleague, Ashby's no ------------
add(
    "q01-ashby-ack",
    "2026-11-02T17:00",
    "Quanta Systems <no-reply@ashbyhq.com>",
    "Thanks for applying to Quanta Systems",
    "Hi Alex, thanks for applying for the Site Reliability Engineer role. We received your "
    "application and will review it soon.\n",
    ("unrelated", None, None),
    headers=ATS,
)
s06 = sent(
    "s06-sam-thanks",
    "2026-11-19T18:30",
    "Sam Ortiz <sam.ortiz.recruits@gmail.com>",
    "Thanks for today",
    "Hi Sam,\n\nThanks for setting up today's conversation with the infrastructure team, and "
    "please pass my thanks on to Jordan.\n\nAlex\n",
    ("sent", "quanta-sre", "sent thank-you"),
    zone="America/Los_Angeles",
)
add(
    "q02-jordan-answers",
    "2026-11-20T09:15",
    "Jordan Lee <jordan.lee.dev@outlook.com>",
    "Re: Thanks for today",
    "Hi Alex, Sam forwarded your note. Thanks, I enjoyed the discussion about error budgets!"
    "\n\nJordan\n",
    ("reply", "quanta-sre", "heard-back"),
    zone="America/Los_Angeles",
    answers=s06,
)
add(
    "q03-sam-invitation",
    "2026-11-24T12:00",
    "Sam Ortiz <sam.ortiz.recruits@gmail.com>",
    "Quanta: technical interview",
    "Hi Alex,\n\nGood news: the team would like to move you forward to the next round, a "
    "technical interview with two engineers. Could you send me your availability for next "
    "Tuesday or Wednesday?\n\nSam\n",
    ("invitation", "quanta-sre", "round 2"),
    zone="America/Los_Angeles",
)
add(
    "q04-ashby-no",
    "2026-12-04T22:00",
    "Quanta Systems Recruiting <no-reply@ashbyhq.com>",
    "Update on your Quanta Systems application",
    "Hi Alex,\n\nThank you for the time you invested in interviewing with us. We've decided "
    "to pursue other candidates for the Site Reliability Engineer role.\n\nQuanta Systems\n",
    ("rejection", "quanta-sre", "rejected"),
    headers=ATS,
)

# -- orbital-data: Workday, HTML only ----------------------------------------------------
add(
    "o01-workday-ack",
    "2026-10-28T12:00",
    "Orbital Health <orbitalhealth@myworkday.com>",
    "We've received your application",
    "",
    ("unrelated", None, None),
    html_only=True,
    headers=ATS,
    html=html_of(
        "Dear Alex,\n\nThank you for your application for Data Engineer (R-10432) "
        "at Orbital Health. We have received your application."
    ),
)
add(
    "o02-nair-reply",
    "2026-11-24T16:00",
    "Priya Nair <priya.nair@orbitalhealth.example>",
    "Re: Data Engineer interview",
    "Hi Alex,\n\nThanks for your note. The panel meets on Thursday; I expect to have news for "
    "you early next week.\n\nPriya\n",
    ("reply", "orbital-data", "heard-back"),
    zone="America/Denver",
)
add(
    "o03-workday-no",
    "2026-12-01T19:00",
    "Orbital Health <orbitalhealth@myworkday.com>",
    "Update on your application for Data Engineer (R-10432)",
    "",
    ("rejection", "orbital-data", "rejected"),
    html_only=True,
    headers=ATS,
    html=html_of(
        "Dear Alex,\n\nThank you for your interest in Orbital Health. We have "
        "reviewed your candidacy for the Data Engineer position and regret to inform you that "
        "you have not been selected for this position.\n\nOrbital Health Talent Acquisition"
    ),
)

# -- finch-risk: iCIMS status update, an out-of-office without a date, iCIMS's no --------
add(
    "f01-hughes-ooo",
    "2026-11-20T09:00",
    "Tom Hughes <tom.hughes@finchbank.example>",
    "Out of Office: Risk Analyst interview",
    "I'm travelling with limited access to email. I will reply as soon as I can.\n\nTom\n",
    ("out-of-office", "finch-risk", None),
    zone="Europe/London",
    headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"},
)
add(
    "f02-icims-status",
    "2026-11-25T12:00",
    "Finch Bank Careers <finchbank-careers@talent.icims.com>",
    "Finch Bank: your application status has changed",
    "Dear Alex,\n\nThe status of your application for Risk Analyst at Finch Bank has been "
    "updated. Please log in to the Finch Bank careers portal to view it.\n\n"
    "Finch Bank Recruitment\n",
    ("automatic", "finch-risk", None),
    headers=ATS,
)
add(
    "f03-icims-no",
    "2026-12-02T12:00",
    "Finch Bank Careers <finchbank-careers@talent.icims.com>",
    "Your application for Risk Analyst at Finch Bank",
    "Dear Alex,\n\nThank you for your interest in the Risk Analyst role at Finch Bank. After "
    "careful consideration we have decided to proceed with other candidates whose "
    "experience more closely matches our needs.\n\nFinch Bank Recruitment\n",
    ("rejection", "finch-risk", "rejected"),
    headers=ATS,
)

# -- pinegrove-marketing: SmartRecruiters, a slow reply with a weak phrase ---------------
add(
    "p01-smartr-references",
    "2026-11-28T15:00",
    "Pinegrove Studios <noreply@smartrecruiters.com>",
    "Pinegrove Studios: references received",
    "Hi Alex,\n\nThank you for your application. We have received both of your references "
    "for the Marketing Manager role.\n",
    ("automatic", "pinegrove-marketing", None),
    headers=ATS,
)
add(
    "p02-chen-slow",
    "2026-12-01T17:20",
    "Mia Chen <mia.chen@pinegrove.example>",
    "Re: Marketing Manager",
    "Hi Alex,\n\nThanks for your patience. Unfortunately our CEO is travelling, so the "
    "decision will take another week. I'll be in touch by the 9th.\n\nMia\n",
    ("reply", "pinegrove-marketing", None),
    zone="America/Toronto",
)
add(
    "p03-smartr-no",
    "2026-12-10T15:00",
    "Pinegrove Studios <noreply@smartrecruiters.com>",
    "Marketing Manager at Pinegrove Studios",
    "Dear Alex,\n\nThank you for your interest in Pinegrove Studios. Unfortunately, the "
    "position has been filled.\n\nWe wish you the best of luck in your job search.\n",
    ("rejection", "pinegrove-marketing", "rejected"),
    headers=ATS,
)
add(
    "p04-pinegrove-news",
    "2026-12-04T13:00",
    "Pinegrove Studios <hello@pinegrove.example>",
    "Behind the scenes at Pinegrove",
    "Our winter release, a studio tour and the team's favourite films of the year.\n",
    ("automatic", "pinegrove-marketing", None),
    headers={
        "List-Unsubscribe": "<https://pinegrove.example/u>",
        "List-Id": "pinegrove news <news.pinegrove.example>",
    },
)

# -- tessel-qa: Workable's no, an out-of-office, a newsletter with a trap ---------------
add(
    "t01-vries-ooo",
    "2026-11-23T08:00",
    "Daan de Vries <daan@tessel.example>",
    "Out of office",
    "Hi, I'm on annual leave and will be back on Monday, 7 December. For "
    "anything urgent, contact people@tessel.example.\n",
    ("out-of-office", "tessel-qa", "back-on 2026-12-07"),
    zone="Europe/Amsterdam",
    headers={"X-Autoreply": "yes", "Auto-Submitted": "auto-replied"},
)
add(
    "t02-tessel-newsletter",
    "2026-11-26T10:00",
    "Tessel <news@tessel.example>",
    "Tessel webinars: the next round starts soon",
    "Unfortunately our autumn webinar is sold out, but the next round of sessions opens in "
    "January. We decided not to move forward with the old dashboard: meet the new one.\n",
    ("automatic", "tessel-qa", None),
    headers={"List-Unsubscribe": "<https://tessel.example/unsubscribe>", "Precedence": "bulk"},
)
add(
    "t03-workable-no",
    "2026-12-08T09:00",
    "Tessel <noreply@candidates.workablemail.com>",
    "Your application for QA Engineer at Tessel",
    "Hi Alex,\n\nThanks for your interest in the QA Engineer role at Tessel. We've reviewed "
    "your interviews carefully and we won't be progressing your application further.\n\n"
    "Best of luck in your job search,\nTessel\n",
    ("rejection", "tessel-qa", "rejected"),
    headers=ATS,
)

# -- kestrel-ops: Recruitee, an invitation, an Outlook automatic reply, then no --------
add(
    "k01-recruitee-ack",
    "2026-11-01T09:00",
    "Kestrel Logistics <no-reply@recruitee.com>",
    "Thank you for your application",
    "Hi Alex, thank you for your application for Operations Lead at Kestrel Logistics.\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "k02-byrne-invite",
    "2026-11-30T10:00",
    "Aoife Byrne <aoife.byrne@kestrel-logistics.example>",
    "Next steps – Operations Lead",
    "Hi Alex,\n\nThanks for coming in on Friday. We'd like to set up a call with our COO as "
    "the final stage. What times work best for you on Thursday?\n\nAoife\n",
    ("invitation", "kestrel-ops", "heard-back"),
    zone="Europe/Dublin",
)
add(
    "k03-byrne-auto",
    "2026-12-03T12:00",
    "Aoife Byrne <aoife.byrne@kestrel-logistics.example>",
    "Automatic reply: Re: Next steps – Operations Lead",
    "I am currently out of the office and will return on 2026-12-07. I will respond to your "
    "message when I am back.\n",
    ("out-of-office", "kestrel-ops", None),
    zone="Europe/Dublin",
    headers={
        "Auto-Submitted": "auto-replied",
        "X-MS-Exchange-Generated-Message-Source": "Mailbox Rules Agent",
    },
)
add(
    "k04-recruitee-no",
    "2026-12-11T11:00",
    "Kestrel Logistics <no-reply@recruitee.com>",
    "Your application at Kestrel Logistics",
    "Dear Alex,\n\nThank you for your time. We have decided not to proceed with your "
    "application for the Operations Lead position.\n\nKestrel Logistics\n",
    ("rejection", "kestrel-ops", "rejected"),
    headers=ATS,
)

# -- greenleaf-analyst: an HTML reply quoting the candidate, Greenhouse's no ------------
s07 = sent(
    "s07-haddad-follow-up",
    "2026-12-02T10:00",
    "Omar Haddad <omar.haddad@greenleaf.example>",
    "Energy Analyst: following up",
    "Hi Omar,\n\nI'm following up on our interview on 21 November. If you have decided not "
    "to move forward, I'd still welcome any feedback.\n\nBest,\nAlex\n",
    ("sent", "greenleaf-analyst", "sent follow-up-1"),
    zone="America/New_York",
)
add(
    "g01-haddad-html-reply",
    "2026-12-02T15:00",
    "Omar Haddad <omar.haddad@greenleaf.example>",
    "Re: Energy Analyst: following up",
    "Hi Alex,\n\nThanks for following up. We're still talking to a few people; I'll let you "
    "know next week.\n\nOmar\n\nOn Wed, Dec 2, 2026 at 10:00 AM Alex Morgan wrote:\n> If you "
    "have decided not to move forward, I'd still welcome any feedback.\n",
    ("reply", "greenleaf-analyst", "heard-back"),
    zone="America/New_York",
    answers=s07,
    html='<div dir="ltr">Hi Alex,<br><br>Thanks for following up. We\'re still talking to a '
    'few people; I\'ll let you know next week.<br><br>Omar</div><br><div class="gmail_quote">'
    '<div class="gmail_attr">On Wed, Dec 2, 2026 at 10:00 AM Alex Morgan wrote:<br></div>'
    '<blockquote class="gmail_quote">If you have decided not to move forward, I\'d still '
    "welcome any feedback.</blockquote></div>",
)
add(
    "g02-greenhouse-no",
    "2026-12-09T21:00",
    "Greenleaf Energy <no-reply@us.greenhouse-mail.io>",
    "Greenleaf Energy: Energy Analyst",
    "Hi Alex,\n\nThank you for interviewing with Greenleaf Energy. We've decided to move "
    "forward with other candidates whose experience more closely matches the role.\n\n"
    "Greenleaf Energy Recruiting\n",
    ("rejection", "greenleaf-analyst", "rejected"),
    headers=ATS,
)

# -- solenne-pm: a French reply quoting the candidate, Teamtailor's no ------------------
add(
    "so1-moreau-reply",
    "2026-11-27T10:30",
    "Julien Moreau <j.moreau@solenne.example>",
    "Re: Entretien chef de projet digital",
    "Bonjour Alex,\n\nMerci pour votre message. Nous finalisons les entretiens cette semaine "
    "et je reviens vers vous lundi.\n\nCordialement,\nJulien\n\nLe 26 nov. 2026 à 10:00, Alex "
    "Morgan <alex.morgan@example.com> a écrit :\n> Si vous avez retenu un autre candidat, "
    "je vous serais reconnaissant de me le dire.\n",
    ("reply", "solenne-pm", "heard-back"),
    zone="Europe/Paris",
)
add(
    "so2-teamtailor-no",
    "2026-12-07T09:00",
    "Solenne <no-reply@teamtailor-mail.com>",
    "Votre candidature chez Solenne",
    "Bonjour Alex,\n\nNous vous remercions pour l'intérêt que vous portez à Solenne. Après "
    "étude attentive, nous avons retenu un autre profil pour le poste de Chef de projet "
    "digital.\n\nNous vous souhaitons une bonne continuation.\n\nL'équipe Solenne\n",
    ("rejection", "solenne-pm", "rejected"),
    headers=ATS,
)

# -- brandt-dev: a German reply quoting the candidate, an invitation, an offer ----------
s08 = sent(
    "s08-brandt-follow-up",
    "2026-11-30T10:00",
    "Stefan Brandt <s.brandt@brandt-kuehn.example>",
    "Nachfrage: Softwareentwickler",
    "Sehr geehrter Herr Brandt,\n\nvielen Dank nochmals für das Gespräch am Freitag. Ich "
    "wollte nachfragen, wie der Stand ist.\n\nMit freundlichen Grüßen\nAlex Morgan\n",
    ("sent", "brandt-dev", "sent follow-up-1"),
    zone="Europe/Berlin",
)
add(
    "br1-brandt-reply",
    "2026-11-30T15:00",
    "Stefan Brandt <s.brandt@brandt-kuehn.example>",
    "AW: Nachfrage: Softwareentwickler",
    "Hallo Herr Morgan,\n\ndanke für Ihre Nachricht. Wir sprechen diese Woche intern und "
    "melden uns bis Freitag.\n\nBeste Grüße\nStefan Brandt\n\nAm 30.11.2026 um 10:00 schrieb "
    "Alex Morgan <alex.morgan@example.com>:\n> Falls Sie sich für einen anderen Kandidaten "
    "entschieden haben, geben Sie mir gern Bescheid.\n",
    ("reply", "brandt-dev", "heard-back"),
    zone="Europe/Berlin",
    answers=s08,
)
add(
    "br2-brandt-invite",
    "2026-12-03T11:00",
    "Stefan Brandt <s.brandt@brandt-kuehn.example>",
    "Einladung zur zweiten Gesprächsrunde",
    "Hallo Herr Morgan,\n\nwir möchten Sie gerne zu einem zweiten Gespräch mit unserem CTO "
    "einladen. Passt Ihnen der 8. Dezember um 14 Uhr?\n\nBeste Grüße\nStefan Brandt\n",
    ("invitation", "brandt-dev", "round 2"),
    zone="Europe/Berlin",
)
add(
    "br3-brandt-offer",
    "2026-12-10T16:00",
    "Stefan Brandt <s.brandt@brandt-kuehn.example>",
    "Ihr Vertragsangebot – Brandt & Kühn",
    "Hallo Herr Morgan,\n\nwir freuen uns, Ihnen ein Vertragsangebot für die Stelle als "
    "Softwareentwickler zu machen. Die Unterlagen finden Sie im Anhang.\n\nBeste Grüße\n"
    "Stefan Brandt\n",
    ("offer", "brandt-dev", "offer"),
    zone="Europe/Berlin",
)

# -- vega-csm: an invitation, an offer --------------------------------------------------
add(
    "v01-lind-invite",
    "2026-11-25T14:00",
    "Nora Lind <nora.lind@vegacloud.example>",
    "Next round – Customer Success Manager",
    "Hi Alex,\n\nThe team enjoyed meeting you. We'd like to invite you to a panel interview "
    "with two of our account directors. Could you share your availability for next week?\n\n"
    "Nora\n",
    ("invitation", "vega-csm", "heard-back"),
    zone="America/New_York",
)
add(
    "v02-lind-offer",
    "2026-12-08T12:00",
    "Nora Lind <nora.lind@vegacloud.example>",
    "Offer – Customer Success Manager",
    "Hi Alex,\n\nI'm delighted to extend an offer for the Customer Success Manager role! "
    "Your offer letter is attached; let's talk through it tomorrow.\n\nNora\n",
    ("offer", "vega-csm", "offer"),
    zone="America/New_York",
)

# -- rivet-marketing: a French out-of-office, then a personal no -----------------------
add(
    "r01-rivet-ooo",
    "2026-11-27T09:00",
    "Élodie Rivet <elodie@maisonrivet.example>",
    "Réponse automatique : Remerciements",
    "Bonjour,\n\nJe suis absente du bureau et serai de retour le 7 décembre. Je vous "
    "répondrai dès que possible.\n\nÉlodie Rivet\n",
    ("out-of-office", "rivet-marketing", "back-on 2026-12-07"),
    zone="Europe/Paris",
    headers={"Auto-Submitted": "auto-replied"},
)
add(
    "r02-rivet-no",
    "2026-12-09T10:00",
    "Élodie Rivet <elodie@maisonrivet.example>",
    "Votre candidature – Responsable marketing",
    "Bonjour Alex,\n\nMerci pour le temps consacré à nos échanges. Malheureusement, nous "
    "avons retenu une autre candidate dont le parcours correspond davantage à nos besoins.\n\n"
    "Je vous souhaite une belle réussite.\n\nÉlodie\n",
    ("rejection", "rivet-marketing", "rejected"),
    zone="Europe/Paris",
)

# -- harbor-ds: an ATS invitation naming the company, a formal offer --------------------
add(
    "hb1-ashby-invite",
    "2026-11-24T15:00",
    "Harbor Analytics <no-reply@ashbyhq.com>",
    "Harbor Analytics: final interview",
    "Hi Alex,\n\nThanks for your time so far. We'd like to invite you to a final interview "
    "for the Data Scientist role at Harbor Analytics. Please share your availability using "
    "the link below.\n",
    ("invitation", "harbor-ds", "round 2"),
    headers=ATS,
)
add(
    "hb2-okafor-offer",
    "2026-12-11T18:00",
    "Ben Okafor <ben.okafor@harboranalytics.example>",
    "Your offer from Harbor Analytics",
    "Hi Alex,\n\nGreat news: we're excited to extend you an offer to join Harbor Analytics "
    "as a Data Scientist. Your formal offer is attached.\n\nBen\n",
    ("offer", "harbor-ds", "offer"),
    zone="America/New_York",
    html=html_of(
        "Hi Alex,\n\nGreat news: we're excited to extend you an offer to join "
        "Harbor Analytics as a Data Scientist.\n\nBen"
    ),
)
add(
    "hb3-harbor-update",
    "2026-12-05T12:00",
    "Harbor Analytics <product@harboranalytics.example>",
    "Product update: we decided not to move forward with v1 dashboards",
    "We decided not to move forward with the v1 dashboards. Here's what replaces them.\n",
    ("automatic", "harbor-ds", None),
    headers={"List-Unsubscribe": "<https://harboranalytics.example/u>"},
)

# -- falkenrot-data: German personal no --------------------------------------------------
add(
    "fa1-wolf-no",
    "2026-12-07T10:00",
    "Katrin Wolf <k.wolf@falkenrot.example>",
    "Ihre Bewerbung als Datenanalyst",
    "Sehr geehrter Herr Morgan,\n\nvielen Dank für das angenehme Gespräch. Nach reiflicher "
    "Überlegung haben wir uns leider gegen Ihre Bewerbung entschieden.\n\nFür Ihren weiteren "
    "Weg wünschen wir Ihnen alles Gute.\n\nMit freundlichen Grüßen\nKatrin Wolf\n",
    ("rejection", "falkenrot-data", "rejected"),
    zone="Europe/Berlin",
)
add(
    "fa2-wolf-before",
    "2026-11-20T10:00",
    "Katrin Wolf <k.wolf@falkenrot.example>",
    "Einladung zum Vorstellungsgespräch",
    "Sehr geehrter Herr Morgan,\n\nwir laden Sie herzlich zu einem Gespräch am 26. November "
    "um 9 Uhr ein.\n\nMit freundlichen Grüßen\nKatrin Wolf\n",
    ("unrelated", None, None),
    zone="Europe/Berlin",
)

# -- mail about nobody's interview ----------------------------------------------------
add(
    "u01-globex-lever",
    "2026-12-02T12:00",
    "Globex <no-reply@hire.lever.co>",
    "Globex - Product Manager",
    "Hi Alex,\n\nThank you for your interest in Globex. We have "
    "decided not to move forward with your application.\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "u02-initech-greenhouse",
    "2026-12-03T12:00",
    "Initech <no-reply@us.greenhouse-mail.io>",
    "Initech: schedule your interview",
    "Hi Alex, we'd like to invite you to a first interview for the Support Engineer role at "
    "Initech.\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "u03-linkedin",
    "2026-12-04T06:00",
    "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>",
    "30 new jobs for 'backend engineer'",
    "Acme Corp is hiring: Backend Engineer, Staff Engineer...\n",
    ("unrelated", None, None),
    headers={"List-Unsubscribe": "<https://linkedin.com/u>", "Precedence": "bulk"},
)
add(
    "u04-friend",
    "2026-12-05T19:00",
    "Sam Taylor <sam.taylor@example.net>",
    "dinner?",
    "Hey, are you free Saturday? Unfortunately Jo can't make it.\n",
    ("unrelated", None, None),
)
add(
    "u05-bank",
    "2026-12-06T07:00",
    "Example Bank <alerts@examplebank.example>",
    "Your December statement is ready",
    "Your statement is ready to view online.\n",
    ("unrelated", None, None),
    headers={"Auto-Submitted": "auto-generated"},
)
add(
    "u06-indeed",
    "2026-12-07T07:00",
    "Indeed <alert@indeed.com>",
    "Data Analyst jobs near you",
    "New: Data Analyst at Acme Corp.\n",
    ("unrelated", None, None),
    headers={"List-Unsubscribe": "<https://indeed.com/u>"},
)
add(
    "u07-workday-unknown",
    "2026-12-08T07:00",
    "Umbrella Corp <umbrella@myworkday.com>",
    "Your application for Lab Technician",
    "Dear Alex, you have not been selected for this position.\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "u08-recruiter-spam",
    "2026-12-09T08:00",
    "Talent Scout <scout@hirefast.example>",
    "Exciting opportunity",
    "Hi Alex, I'd like to schedule a call about a role that fits your profile.\n",
    ("unrelated", None, None),
)
sent(
    "s09-friend",
    "2026-12-05T20:00",
    "Sam Taylor <sam.taylor@example.net>",
    "Re: dinner?",
    "Yes, Saturday works!\n",
    ("unrelated", None, None),
)
add(
    "u09-acme-before-ats",
    "2026-11-12T12:00",
    "Acme Corp <no-reply@us.greenhouse-mail.io>",
    "Acme Corp: interview invitation",
    "Hi Alex, we'd like to invite you to an interview for "
    "the Backend Engineer position at Acme Corp.\n",
    ("unrelated", None, None),
    headers=ATS,
)
add(
    "u10-hale-before",
    "2026-11-18T12:00",
    "Margaret Hale <m.hale@hartwell.example>",
    "Interview arrangements",
    "Dear Alex, we look forward to seeing you on 24 November at 10.30.\n",
    ("unrelated", None, None),
    zone="Europe/London",
)

# -- more replies, invitations and sends across the interviews ---------------------------
add(
    "x01-byrne-reply-quote",
    "2026-12-08T09:30",
    "Aoife Byrne <aoife.byrne@kestrel-logistics.example>",
    "RE: Operations Lead",
    "Hi Alex, sorry for the delay, I was away. We're meeting Thursday and I'll update you "
    "after.\n\nAoife\n\n-----Original Message-----\nFrom: Alex Morgan\nSent: 4 December 2026\n"
    "I understand if you're pursuing other candidates.\n",
    ("reply", "kestrel-ops", None),
    zone="Europe/Dublin",
)
add(
    "x02-vries-reply",
    "2026-12-07T10:00",
    "Daan de Vries <daan@tessel.example>",
    "Re: QA Engineer",
    "Hi Alex,\n\nBack from leave now. Thanks for your patience; I'll have "
    "an answer for you this week.\n\nDaan\n",
    ("reply", "tessel-qa", "heard-back"),
    zone="Europe/Amsterdam",
)
add(
    "x03-becker-reply-de",
    "2026-12-07T11:00",
    "Jana Becker <j.becker@lumenlabs.example>",
    "AW: Nachfrage Product Designer",
    "Hallo Alex,\n\ndanke für Ihre Geduld. Wir haben noch zwei Gespräche und melden uns "
    "Ende der Woche.\n\nViele Grüße\nJana\n",
    ("reply", "lumen-design", "heard-back"),
    zone="Europe/Berlin",
)
add(
    "x04-hughes-reply",
    "2026-11-24T10:00",
    "Tom Hughes <tom.hughes@finchbank.example>",
    "Re: Risk Analyst interview",
    "Hi Alex,\n\nThanks for the note. HR will be in touch via the portal.\n\nTom\n",
    ("reply", "finch-risk", "heard-back"),
    zone="Europe/London",
)
add(
    "x05-okafor-reply",
    "2026-11-19T09:00",
    "Ben Okafor <ben.okafor@harboranalytics.example>",
    "Re: Thank you",
    "Hi Alex, glad you enjoyed it. Recruiting will send next steps.\n\nBen\n",
    ("reply", "harbor-ds", "heard-back"),
    zone="America/New_York",
)
s10 = sent(
    "s10-okafor-thanks",
    "2026-11-18T18:00",
    "Ben Okafor <ben.okafor@harboranalytics.example>",
    "Thank you",
    "Hi Ben,\n\nThank you for today's conversation about the forecasting models.\n\nAlex\n",
    ("sent", "harbor-ds", "sent thank-you"),
    zone="America/New_York",
)
sent(
    "s11-lind-thanks",
    "2026-11-23T19:30",
    "Nora Lind <nora.lind@vegacloud.example>",
    "Thank you, Nora",
    "Hi Nora,\n\nThank you for the conversation this afternoon.\n\nAlex\n",
    ("sent", "vega-csm", "sent thank-you"),
    zone="America/New_York",
)
sent(
    "s12-wolf-thanks",
    "2026-11-26T17:00",
    "Katrin Wolf <k.wolf@falkenrot.example>",
    "Vielen Dank für das Gespräch",
    "Sehr geehrte Frau Wolf,\n\nvielen Dank für das "
    "Gespräch heute.\n\nMit freundlichen Grüßen\nAlex Morgan\n",
    ("sent", "falkenrot-data", "sent thank-you"),
    zone="Europe/Berlin",
)
add(
    "x06-moreau-invite",
    "2026-12-01T10:00",
    "Julien Moreau <j.moreau@solenne.example>",
    "Prochaine étape",
    "Bonjour Alex,\n\nNous souhaitons vous convier à un entretien avec "
    "notre directrice. Quelles sont vos disponibilités jeudi ?\n\nJulien\n",
    ("invitation", "solenne-pm", "round 2"),
    zone="Europe/Paris",
)
add(
    "x07-chen-invite",
    "2026-11-27T14:00",
    "Mia Chen <mia.chen@pinegrove.example>",
    "Marketing Manager – next round",
    "Hi Alex,\n\nWe'd love to have you back for a second interview with our creative "
    "director. Could you share your availability for Monday?\n\nMia\n",
    ("invitation", "pinegrove-marketing", "heard-back"),
    zone="America/Toronto",
)
add(
    "x08-rivera-invite",
    "2026-11-30T16:00",
    "Carlos Rivera <c.rivera@northwind.example>",
    "Northwind: final interview",
    "Hi Alex,\n\nWe'd like to invite you to a final interview "
    "with our VP of Sales on Thursday.\n\nCarlos\n",
    ("invitation", "northwind-sales", "round 2"),
    zone="America/Chicago",
)
add(
    "x09-wolf-ooo-no-date",
    "2026-11-30T08:00",
    "Katrin Wolf <k.wolf@falkenrot.example>",
    "Abwesenheitsnotiz",
    "Ich bin derzeit nicht im Büro. Ihre Nachricht wird nicht weitergeleitet.\n",
    ("out-of-office", "falkenrot-data", None),
    zone="Europe/Berlin",
    headers={"Auto-Submitted": "auto-replied"},
)
add(
    "x10-greenleaf-ack",
    "2026-11-22T09:00",
    "Greenleaf Energy <no-reply@us.greenhouse-mail.io>",
    "Greenleaf Energy: interview feedback form",
    "Hi Alex, thank you for interviewing with "
    "Greenleaf Energy. Please take a minute to rate your interview experience.\n",
    ("automatic", "greenleaf-analyst", None),
    headers=ATS,
)


def write() -> None:
    import tomllib  # noqa: F401  (the manifest is read with it)

    lines = ["# Expected meaning of each message (see build.py).", ""]
    for entry in MESSAGES:
        path = HERE / str(entry["file"])
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(entry["data"])  # type: ignore[arg-type]
        lines.append("[[message]]")
        for key in ("file", "folder", "kind", "interview", "change"):
            if entry[key] is not None:
                lines.append(f'{key} = "{entry[key]}"')
        lines.append("")
    (HERE / "manifest.toml").write_text("\n".join(lines))
    print(f"wrote {len(MESSAGES)} messages")


if __name__ == "__main__":
    write()
