# ruff: noqa: E501 (one phrase pattern per line reads better than split regular expressions)
"""What a message means: reply, rejection, invitation, offer, automatic, out of office.

Each verdict carries its evidence (the phrase or header that decided it), so a person can
judge it before anything is recorded. The rules lean towards caution: a closing verdict
(rejection, offer) needs wording that has no other plausible reading, and only the sender's
own words count (`message.own_words` has already cut what they quoted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from followcal.mail.message import MailMessage


@dataclass(frozen=True)
class Verdict:
    kind: str
    evidence: str
    returns: date | None = None  # out of office: the first day back, when stated


def _phrases(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Wording with no other plausible reading: enough on its own.
STRONG_REJECTION = _phrases(
    r"decided not to (?:move|proceed|progress|go) (?:forward|further|ahead)",
    r"not (?:to )?(?:move|moving) forward with your (?:application|candidacy)",
    r"(?:decided|chosen|opted) to (?:pursue|proceed with|move forward with|continue with) "
    r"(?:other|another|a different) (?:candidates?|applicants?|profiles?)",
    r"pursu(?:e|ing) other candidates",
    r"not (?:been )?selected for (?:this|the) (?:position|role)",
    r"(?:will|would) not be (?:moving|taking) (?:you|your application) forward",
    r"position has (?:now )?been filled",
    r"not (?:be )?(?:progressing|proceeding) (?:with )?your application",
    r"decided to go (?:in|with) (?:a )?different direction",
    r"we have decided not to offer you",
    r"decided not to (?:move forward|proceed|progress|continue) (?:further )?with (?:your|you)",
    r"(?:will not|won't|will no longer) be (?:progressing|proceeding with|moving forward with|taking forward) your (?:application|candidacy)",
    r"your (?:application|candidacy) (?:has been|was|is|had been) (?:not successful|unsuccessful)",
    r"unsuccessful on this occasion",
    # German
    r"(?:für|zugunsten) (?:eine[n]?|andere[n]?) (?:andere[n]? )?(?:Kandidat|Bewerber)",
    r"(?:uns|wir)\b[^.]{0,60}\bgegen (?:Sie|Ihre Bewerbung|Ihre Kandidatur) entschieden",
    r"Ihre Bewerbung (?:leider )?nicht (?:weiter )?berücksichtigen",
    r"(?:leider )?eine Absage",
    # French
    r"(?:ne|n')[^.]{0,40}donner (?:une )?suite (?:favorable )?à votre candidature",
    r"retenu (?:un|une|d'autres) (?:autre )?(?:candidat|profil)",
    r"votre candidature n'a pas été retenue",
    r"ne (?:pas )?poursuivre (?:le processus )?avec vous",
)
# Wording that also occurs in ordinary mail: it corroborates, never decides alone.
WEAK_REJECTION = _phrases(
    r"regret to inform",
    r"(?:was|were|has been|have been) not successful|unsuccessful",
    r"unable to offer",
    r"unfortunately",
    r"best of luck (?:in|with) your (?:job )?search",
    r"wish you (?:the best|every success|all the best|success) in your (?:future|search|career)",
    r"other candidates? (?:whose|who)",
    r"leider",
    r"malheureusement",
    r"nous sommes au regret",
    r"viel erfolg (?:bei|für) (?:Ihre|Ihrer) (?:weitere|Suche)",
)
OFFER = _phrases(
    r"(?:pleased|delighted|happy|excited|thrilled) to (?:extend|make|offer) (?:you )?(?:an|the|a formal|a written|our) offer",
    r"(?:pleased|delighted|happy|excited|thrilled) to offer you (?:the|a) (?:position|role|job)",
    r"offer letter (?:is )?attached|attached (?:is|you will find) (?:your|the) offer",
    r"(?:your|a) (?:formal|written) offer",
    r"freuen uns,? Ihnen (?:die Stelle|ein (?:Vertrags)?angebot|einen Vertrag)",
    r"Vertragsangebot",
    r"(?:le )?plaisir de vous (?:proposer|faire une proposition|faire une offre)",
    r"proposition d'embauche|promesse d'embauche",
)
INVITATION = _phrases(
    r"(?:invite|inviting) you (?:to|for) (?:a |an |the )?(?:next|second|third|final|further|follow-up|on-?site|technical|panel)",
    r"(?:next|second|third|final|another) (?:round|stage|interview)",
    r"(?:schedule|arrange|set up|book) (?:a|an|the|your|some) (?:time|call|interview|meeting|chat|conversation)",
    r"(?:share|send (?:me|us)) your availability|what (?:times|days) (?:work|suit) (?:best )?for you",
    r"(?:move|moving) (?:you )?forward to the (?:next|final)",
    r"(?:zweite[n]?|nächste[n]?|weitere[n]?|finale[n]?) (?:Runde|Gespräch|Gesprächsrunde|Interview)",
    r"(?:laden|lade) (?:Sie|dich) (?:gerne )?(?:herzlich )?(?:zu|ein)",
    r"(?:prochaine|deuxième|dernière) (?:étape|entretien)|second entretien",
    r"vous (?:inviter|convier) (?:à|pour)",
    r"vos disponibilités",
)
ACKNOWLEDGEMENT = _phrases(
    r"(?:received|receipt of) your application",
    r"thank you for (?:applying|your application|your interest)",
    r"Ihre Bewerbung (?:ist )?(?:bei uns )?eingegangen|Eingangsbestätigung",
    r"nous avons (?:bien )?reçu votre candidature|accusé de réception",
)
OUT_OF_OFFICE_SUBJECT = _phrases(
    r"out of (?:the )?office",
    r"automatic reply",
    r"auto(?:matic)?[- ]?reply",
    r"away from",
    r"on (?:annual )?leave",
    r"abwesenheit",
    r"automatische antwort",
    r"nicht im büro",
    r"absence du bureau",
    r"réponse automatique",
    r"absent(?:e)? du bureau",
)
OUT_OF_OFFICE_BODY = _phrases(
    r"(?:i am|i'm) (?:currently )?(?:out of (?:the )?office|away|on (?:annual )?leave|on vacation|travelling)",
    r"limited access to (?:my )?e-?mail",
    r"ich bin (?:bis|vom|ab|derzeit|zurzeit)|nicht im Büro|abwesend",
    r"je suis (?:absent|absente|en congés?)|actuellement absent",
)


def classify(message: MailMessage, from_ats: bool) -> Verdict:
    """The message's kind and the evidence for it (`message.folder == "sent"`: a send)."""
    if message.folder == "sent":
        return Verdict("sent", "in your Sent folder")
    text = f"{message.subject}\n{message.text}"
    headers = message.headers
    auto_reply = headers.get("auto-submitted", "").startswith("auto-replied") or any(
        name in headers for name in ("x-autoreply", "x-autorespond")
    )
    ooo = OUT_OF_OFFICE_SUBJECT.search(message.subject)
    if auto_reply or ooo:
        if ooo or OUT_OF_OFFICE_BODY.search(message.text):
            returns = return_date(message.text, message.date)
            evidence = _quote(ooo or OUT_OF_OFFICE_BODY.search(message.text))
            if returns:
                evidence += f"; back {returns:%a %Y-%m-%d}"
            return Verdict("out-of-office", evidence, returns)
        return Verdict("automatic", "Auto-Submitted: auto-replied")
    bulk = _bulk_marker(headers)
    if bulk and not from_ats:
        return Verdict("automatic", bulk)  # a newsletter or a mailing list
    strong = STRONG_REJECTION.search(text)
    weak = [match.group(0) for match in WEAK_REJECTION.finditer(text)]
    if strong:
        extra = f' (also "{weak[0]}")' if weak else ""
        return Verdict("rejection", f'"{strong.group(0)}"{extra}')
    offer = OFFER.search(text)
    if offer:
        return Verdict("offer", _quote(offer))
    invitation = INVITATION.search(text)
    if invitation and not weak:
        return Verdict("invitation", _quote(invitation))
    acknowledgement = ACKNOWLEDGEMENT.search(text)
    marker = _auto_marker(headers)
    if acknowledgement and (from_ats or marker or not _personal(message)):
        return Verdict("automatic", _quote(acknowledgement) + (f"; {marker}" if marker else ""))
    if marker or from_ats or not _personal(message):
        why = marker or ("sent by an applicant-tracking system" if from_ats else "no-reply sender")
        if weak:
            why += f'; "{weak[0]}" alone does not decide'
        return Verdict("automatic", why)
    if weak:
        return Verdict("reply", f'written by a person; "{weak[0]}" alone does not decide')
    return Verdict("reply", "written by a person")


def _quote(match: re.Match[str] | None) -> str:
    return f'"{match.group(0)}"' if match else ""


def _bulk_marker(headers: dict[str, str]) -> str:
    if "list-id" in headers:
        return "List-Id"
    if headers.get("precedence") in ("bulk", "list", "junk"):
        return f"Precedence: {headers['precedence']}"
    if "list-unsubscribe" in headers:
        return "List-Unsubscribe"
    return ""


def _auto_marker(headers: dict[str, str]) -> str:
    value = headers.get("auto-submitted", "")
    if value and value != "no":
        return f"Auto-Submitted: {value.split(';')[0]}"
    return _bulk_marker(headers)


_NO_REPLY = re.compile(
    r"^(?:no-?reply|do-?not-?reply|noreply|notifications?|mailer-daemon|jobs|careers|recruiting|talent|hr|bewerbung|candidates?|emplois?|jobs-noreply)[.\-+@]",
    re.IGNORECASE,
)


def _personal(message: MailMessage) -> bool:
    """Whether a person (not a role address or a robot) seems to have written it."""
    return not _NO_REPLY.match(message.from_address)


# -- return dates ------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "januar", "jänner", "janvier", "janv"),
            ("february", "feb", "februar", "février", "févr"),
            ("march", "mar", "märz", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juni", "juin"),
            ("july", "jul", "juli", "juillet", "juil"),
            ("august", "aug", "août"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "oktober", "okt", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "dezember", "dez", "décembre", "déc"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
# Phrases that introduce the day someone is back (or the last day away: "until").
_BACK = (
    r"(?:back|return(?:ing)?|in the office|wieder (?:im Büro|erreichbar|da)|zurück|de retour"
    r"|retour(?:ne)?(?:rai)?|ab dem|ab|à partir du|dès le)"
)
_UNTIL = r"(?:until|till|through|bis (?:zum|einschließlich)?|jusqu'au)"
_DAY_MONTH = rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+)?(?P<m1>{_MONTH})\.?(?:,?\s+(?P<y1>\d{{4}}))?"
_MONTH_DAY = rf"(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?"
_NUMERIC = r"(?P<d3>\d{1,2})[./](?P<m3>\d{1,2})[./](?P<y3>\d{4}|\d{2})?"
_ISO = r"(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})"
_WHEN = rf"(?:(?:[A-Za-zéû]+day|[A-Za-zé]+tag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+(?:the\s+|le\s+|den\s+)?)?(?:{_ISO}|{_DAY_MONTH}|{_MONTH_DAY}|{_NUMERIC})"
_RETURN = re.compile(
    rf"(?P<kind>{_BACK}|{_UNTIL})\b[^.\n]{{0,40}}?\b(?:on\s+|am\s+|le\s+|the\s+|dem\s+|zum\s+)?{_WHEN}",
    re.IGNORECASE,
)


def return_date(text: str, sent: datetime) -> date | None:
    """The first day the sender is back, when the message states it.

    "back on 7 December", "until 4 December" (back the day after), "ab dem 07.12.2026",
    "de retour le 7 décembre". A date without a year is the next one after the message.
    """
    for match in _RETURN.finditer(text):
        day = _date_of(match, sent.date())
        if day is None:
            continue
        if re.match(_UNTIL, match.group("kind"), re.IGNORECASE):
            day += timedelta(days=1)
        if day >= sent.date():
            return day
    return None


def _date_of(match: re.Match[str], today: date) -> date | None:
    groups = match.groupdict()
    try:
        if groups["y4"]:
            return date(int(groups["y4"]), int(groups["m4"]), int(groups["d4"]))
        if groups["d1"]:
            day, month, year = int(groups["d1"]), MONTHS[groups["m1"].lower()], groups["y1"]
        elif groups["d2"]:
            day, month, year = int(groups["d2"]), MONTHS[groups["m2"].lower()], groups["y2"]
        else:
            day, month, year = int(groups["d3"]), int(groups["m3"]), groups["y3"]
            if year and len(year) == 2:
                year = f"20{year}"
        if year:
            return date(int(year), month, day)
        guess = date(today.year, month, day)
        return guess if guess >= today - timedelta(days=1) else date(today.year + 1, month, day)
    except (ValueError, KeyError):
        return None
