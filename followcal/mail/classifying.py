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
    # The indirect wording of real rejections (issue 15): passive, "not chosen", "filled".
    r"(?:another|other|a different|an alternative) (?:candidate|applicant|individual)s? (?:has|have|was|were|had) (?:now )?been (?:selected|chosen|hired|offered)",
    r"(?:you|your (?:application|candidacy|profile|resume))\s+(?:(?:has|have|was|were|had|are|is)\s+)?(?:not been|not|haven't been|hasn't been|wasn't|weren't)\s+(?:selected|chosen|shortlisted)",
    r"(?:did not|didn't|decided not to) select (?:you|it|your (?:application|candidacy|profile|resume))",
    r"(?:extended|extend|made|offered) (?:an |the |a job )?(?:offer|position|role)(?: out)? to (?:a|another|an alternative|the successful|a different|other) (?:candidates?|applicants?)",
    r"not (?:been )?(?:chosen|selected) for (?:further|additional) consideration",
    r"(?:not (?:be )?able|unable) to offer you (?:employment|further consideration|(?:a|the|this|an?) (?:position|role|job|opportunity|interview))",
    r"(?:position|role|vacancy|opening|job|requisition) (?:has|have|had) (?:now |already |since |recently )?been filled",
    r"(?:we|we've|we have) (?:have )?(?:recently |now |already )?filled (?:this|the) (?:position|role|vacancy|opening)",
    r"(?:will|would|are|am) not (?:be )?(?:tak(?:e|ing)|mov(?:e|ing)|advanc(?:e|ing)|invit(?:e|ing)|progress(?:ing)?) (?:you|your (?:application|candidacy)) (?:forward |further |on )?(?:to|into|in|for) (?:the )?next (?:step|stage|round|phase)",
    r"(?:proceed(?:ing)?|mov(?:e|ing)|continu(?:e|ing)|go(?:ing)?) (?:forward |ahead )?(?:to the next (?:stage|step|round|phase) )?with (?:other|another|a different|an alternative|alternative|more qualified) (?:candidates?|applicants?|individuals?|profiles?)",
    r"(?:decided|chosen|opted|elected) to (?:move forward|proceed|go ahead|continue) with (?:other |another |a different |an alternative |more )?(?:candidates?|applicants?|individuals?)",
    r"(?:elected|decided|chose|chosen|opted) not to (?:issue|extend|make) (?:you )?(?:a |an )?(?:job )?offer",
    r"(?:putting|put|placed|placing|been put) (?:this|the) (?:position|role|requisition|search|opening|hiring)\b[^.]{0,20}\bon hold",
    r"(?:position|role|job|opening|requisition)\b[^.]{0,50}\b(?:is|has been|was) no longer (?:available|open)",
    r"(?:position|role|requisition|opening) (?:has been|was|had been) (?:cancelled|canceled|closed|withdrawn)",
    r"not (?:been )?(?:the|a|one of the) most (?:competitive|qualified) (?:candidates?|applicants?)",
    r"(?:do not|don't|didn't|did not|no longer) see a (?:strong |good |clear )?(?:mutual )?fit",
    r"(?:you are|you're|you were|you aren't|you weren't|was) not (?:the right|a good|a strong) (?:fit|match)",
    r"(?:not|unable to|cannot|can't|won't|will not|decided not to) (?:be )?(?:able to )?(?:move|moving|proceed|proceeding|progress|progressing) (?:forward |further |ahead )?with (?:your (?:application|candidacy|profile)|you)",
    r"you (?:will|are) not (?:be )?(?:moving|progressing|advancing) (?:forward|further|on) in",
    r"(?:not|won't|will not) be (?:moving|going) (?:forward|ahead) with your",
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
    r"not (?:be )?able to (?:offer|proceed|continue)",
    r"(?:other|another) (?:candidates?|applicants?)",
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
    r"your offer (?:letter )?(?:from [^.\n]{1,60} )?is (?:ready|available|attached|waiting)",
    r"(?:review|accept|sign|view)(?: and (?:sign|accept|e-?sign))? (?:your|the) (?:job )?offer(?: letter)?\b",
    r"congratulations[^.\n]{0,80}\b(?:offer|join(?:ing)? (?:us|the team))\b",
    r"freuen uns,? Ihnen (?:die Stelle|ein (?:Vertrags)?angebot|einen Vertrag)",
    r"Vertragsangebot",
    r"(?:le )?plaisir de vous (?:proposer|faire une proposition|faire une offre)",
    r"proposition d'embauche|promesse d'embauche",
)
INVITATION = _phrases(
    r"(?:invite|inviting) you (?:to|for) (?:a |an |the )?(?:next|second|third|final|further|follow-up|on-?site|technical|panel)",
    r"(?:next|second|third|final|another) (?:round|stage|interview)",
    r"(?:schedule|arrange|set up|book|organi[sz]e) (?:a|an|the|your|some)\b[^.\n]{0,40}?\b(?:time|call|interview|meeting|chat|conversation)",
    r"(?:share|send|provide|give)(?: me| us)?(?: with)? your availability|let (?:me|us) know your availability",
    r"(?:what|which) (?:times?|days?|dates?|slots?) (?:work|suit|are good|would work|would suit)",
    r"(?:pick|choose|select|book) (?:a )?(?:time|slot)",
    r"(?:move|moving) (?:you )?forward to the (?:next|final)",
    r"(?:zweite[n]?|nächste[n]?|weitere[n]?|finale[n]?) (?:Runde|Gespräch|Gesprächsrunde|Interview)",
    r"(?:laden|lade) (?:Sie|dich) (?:gerne )?(?:herzlich )?(?:zu|ein)",
    r"(?:prochaine|deuxième|dernière) (?:étape|entretien)|second entretien",
    r"vous (?:inviter|convier) (?:à|pour)",
    r"vos disponibilités",
)
ACKNOWLEDGEMENT = _phrases(
    r"(?:received|receipt of) your (?:application|assessment|submission|results|resume|cv|answers)",
    r"(?:thank you|thanks) for (?:completing|submitting|taking|finishing) (?:the|your|our)",
    r"(?:application|assessment|submission) (?:has been |was |is )?(?:received|submitted|complete)",
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


# Words that make a sentence a condition or a promise, not a decision: "If you are not
# selected for this position, ...", "we will contact you with the next stage".
_CONDITION = re.compile(
    r"\b(?:if|should you|in the event|unless|whether|in case|once|those who|anyone who|"
    r"applicants who|candidates who)\b",
    re.IGNORECASE,
)
_PROMISE = re.compile(
    r"\b(?:will|'ll|shall|would|may|might)\s+(?:be\s+in\s+touch|contact|reach\s+out|"
    r"let\s+you\s+know|notify|get\s+back|be\s+reviewed|review)",
    re.IGNORECASE,
)
# A rejection is about the candidate: "your application", "the position", "offer you".
_ABOUT_YOU = re.compile(
    r"\b(?:you|your)\b",
    re.IGNORECASE,
)
_REJECTION_CONTEXT = re.compile(
    r"\b(?:your (?:application|candidacy|profile|resume|cv)|(?:the|this|that) (?:position|role|"
    r"vacancy|opening|job)|offer you|next (?:step|stage|round)|Bewerbung|candidature)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The text cut into sentences (and lines), each on one line."""
    found = []
    for line in text.splitlines():
        for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(ÄÖÜÉÀ])", line):
            piece = " ".join(piece.split())
            if piece:
                found.append(piece)
    return found


def _decisive(
    pattern: re.Pattern[str], parts: list[str], about_you: bool = False
) -> tuple[str, re.Match[str]] | None:
    """The first (sentence, match) where `pattern` states a decision: not inside a
    condition or a promise that comes before it in the same sentence."""
    for sentence in parts:
        for match in pattern.finditer(sentence):
            before = sentence[: match.start()]
            if _CONDITION.search(before) or _PROMISE.search(before):
                continue
            if about_you and not _ABOUT_YOU.search(sentence):
                continue
            return sentence, match
    return None


def _evidence(sentence: str, limit: int = 220) -> str:
    return f'"{sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"}"'


def classify(message: MailMessage, from_ats: bool) -> Verdict:
    """The message's kind and the evidence for it (`message.folder == "sent"`: a send).

    The evidence is the sentence that decided, so a person can judge it.
    """
    if message.folder == "sent":
        return Verdict("sent", "in your Sent folder")
    parts = sentences(f"{message.subject}\n{message.text}")
    text = "\n".join(parts)
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
    # A mailing list (List-Id, Precedence) is news, unless it is an applicant-tracking
    # system's one-to-one mail, or it states a decision about "you": ATS rejections sent
    # through a company's own mailer carry list headers too. List-Unsubscribe alone is on
    # every ATS mail and says nothing.
    listed = _list_marker(headers)
    bulk = _bulk_marker(headers)
    strong = _decisive(STRONG_REJECTION, parts, about_you=bool(bulk and not from_ats))
    if listed and not from_ats and not strong:
        return Verdict("automatic", listed)
    weak = [match.group(0) for match in WEAK_REJECTION.finditer(text)]
    if strong:
        extra = f' (also "{weak[0]}")' if weak and weak[0] not in strong[0] else ""
        return Verdict("rejection", _evidence(strong[0]) + extra)
    offer = _decisive(OFFER, parts)
    if offer:
        return Verdict("offer", _evidence(offer[0]))
    invitation = _decisive(INVITATION, parts)
    if invitation and not weak:
        return Verdict("invitation", _evidence(invitation[0]))
    if message.calendar_request and not weak:
        return Verdict("invitation", "a calendar invitation (text/calendar, METHOD:REQUEST)")
    maybe = _maybe_rejection(parts)
    if maybe:
        return Verdict("maybe-rejection", f"looks like a rejection: check it: {_evidence(maybe)}")
    acknowledgement = ACKNOWLEDGEMENT.search(text)
    marker = _auto_marker(headers)
    if acknowledgement:
        # "We have received your application/assessment": a receipt, whoever signs it.
        return Verdict("automatic", _quote(acknowledgement) + (f"; {marker}" if marker else ""))
    if marker or from_ats or not _personal(message):
        why = marker or ("sent by an applicant-tracking system" if from_ats else "no-reply sender")
        if weak:
            why += f'; "{weak[0]}" alone does not decide'
        return Verdict("automatic", why)
    if weak:
        return Verdict("reply", f'written by a person; "{weak[0]}" alone does not decide')
    return Verdict("reply", "written by a person")


def _maybe_rejection(parts: list[str]) -> str | None:
    """A sentence with rejection wording that also occurs in ordinary mail ("unfortunately",
    "regret to inform") about the application itself: worth a person's look, never enough
    to close an interview unasked."""
    for sentence in parts:
        weak = WEAK_REJECTION.search(sentence)
        if weak and _REJECTION_CONTEXT.search(sentence):
            before = sentence[: weak.start()]
            if not (_CONDITION.search(before) or _PROMISE.search(before)):
                return sentence
    return None


def _quote(match: re.Match[str] | None) -> str:
    return f'"{match.group(0)}"' if match else ""


def _list_marker(headers: dict[str, str]) -> str:
    if "list-id" in headers:
        return "List-Id"
    if headers.get("precedence") in ("bulk", "list", "junk"):
        return f"Precedence: {headers['precedence']}"
    return ""


def _bulk_marker(headers: dict[str, str]) -> str:
    listed = _list_marker(headers)
    if listed:
        return listed
    return "List-Unsubscribe" if "list-unsubscribe" in headers else ""


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
