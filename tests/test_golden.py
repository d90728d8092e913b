"""Every built-in template, rendered with every combination of its optional values, compared
with a golden file in tests/golden/ that a person has read as its recipient would.

After changing a template (or adding one), regenerate and then REVIEW the result:

    FOLLOWCAL_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
    git diff tests/golden/

Each golden file holds one block per distinct message, headed by every combination that
produced it. A new built-in template is picked up by itself (and fails until its golden file
exists); one that needs more than the shared context (an offer, a withdrawal reason) gets a
line in SETUP below, and one that varies with a value of its own gets it in EXTRA_DIMENSIONS.
"""

from __future__ import annotations

import difflib
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followcal.drafting import BUILTIN_TEMPLATES, make_environment, render_draft
from followcal.languages import LANGUAGE_CODES
from followcal.messages import context, draft_actions
from followcal.model import Action, Candidate, Contact, Interview, Step

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FOLLOWCAL_UPDATE_GOLDEN", "") not in ("", "0")
TEMPLATES = sorted(p.name for p in BUILTIN_TEMPLATES.glob("*.j2") if not p.name.startswith("_"))
ENV = make_environment(None)

ZONE = ZoneInfo("America/Chicago")
ME = Candidate(
    "Alex Morgan",
    "alex.morgan@example.com",
    "+1 312 555 0100",
    address="1550 North Milwaukee Avenue\nChicago, IL 60622",
)
SARAH = Contact(
    "Dr. Sarah Lim", "Sales Director", "s.lim@northwind.example", "(312) 555-0147 ext. 12"
)
JOHN = Contact("Smith, John", "Regional Manager", "j.smith@northwind.example")
WEI_LING = Contact("Tan Wei Ling", "Head of Partnerships", "weiling.tan@northwind.example")
ADDRESS = "Northwind Traders\n200 West Madison Street, Suite 1400\nChicago, IL 60606"
OFFER = Interview(
    id="contoso",
    company="Contoso Labs",
    role="Sales Lead",
    start=datetime(2026, 11, 10, 10, 0, tzinfo=ZONE),
    timezone="America/Chicago",
    contacts=(Contact("Kim Lee"),),
    source="golden",
    status="offer",
    offer_deadline=date(2026, 12, 7),
    offer_written=True,
)

# The optional values every template is rendered with: name -> (value if off, value if on).
DIMENSIONS: dict[str, tuple[object, object]] = {
    "topic": (None, "expanding into the Pacific Northwest next spring"),
    "decision": (None, date(2026, 11, 27)),
    "connection": (None, "Priya Shah"),
    "contacts": ((SARAH,), (SARAH, JOHN, WEI_LING)),
    "round": (1, 2),
}
# Values only some templates use, by channel or by template stem.
EXTRA_DIMENSIONS: dict[str, dict[str, tuple[object, object]]] = {
    # paper posted from another country (the candidate in Sydney) takes longer to arrive
    "letter": {"address": (None, ADDRESS), "abroad": (False, True)},
    "card": {"address": (None, ADDRESS), "abroad": (False, True)},
    # letters and cards are always formal; a traditional company makes emails and calls so;
    # an agency recruiter (recruiter_for) is written to about their client's job
    "email": {"traditional": (False, True), "recruiter": (False, True)},
    "phone": {"traditional": (False, True), "recruiter": (False, True)},
    # a thank-you sent on the interview day itself says "today"
    "thank-you": {"promises_call": (False, True), "same_day": (False, True)},
    # accepting an offer withdraws from interviews still to come as well as past ones, and
    # declines any other offer
    "withdrawal": {"upcoming": (False, True), "offered": (False, True)},
}
# Templates that need more than the shared values: the action they are drafted for.
SETUP: dict[str, Callable[[Action], Action]] = {
    "offer-news": lambda action: replace(action, offer_from=OFFER),
}


def split(template: str) -> tuple[str, str, int]:
    """'follow-up-2.phone.j2' -> ('follow-up', 'phone', 2)."""
    stem, channel = template.removesuffix(".j2").rsplit(".", 1)
    if stem.startswith("follow-up-"):
        return "follow-up", channel, int(stem.rsplit("-", 1)[1])
    return stem, channel, 0


def dimensions(template: str) -> dict[str, tuple[object, object]]:
    stem, channel, _ = split(template)
    return {**DIMENSIONS, **EXTRA_DIMENSIONS.get(channel, {}), **EXTRA_DIMENSIONS.get(stem, {})}


# Each other language's messages go to a company where it is spoken, from a candidate there.
@dataclass(frozen=True)
class Setting:
    me: Candidate
    company: str
    role: str
    zone: str
    country: str
    # one recipient greeted by name alone; several, each with a salutation saying how
    one: tuple[Contact, ...]
    several: tuple[Contact, ...]
    topic: str
    connection: str
    address: str
    client: str


SETTINGS: dict[str, Setting] = {
    "de": Setting(
        Candidate(
            "Alex Morgan",
            "alex.morgan@example.com",
            "+49 30 1234567",
            address="Torstraße 12\n10119 Berlin",
            language="de",
        ),
        "Nordwind Handel GmbH",
        "Key Account Manager",
        "Europe/Berlin",
        "DE",
        (Contact("Jürgen Weiß", "Vertriebsleiter", "j.weiss@nordwind.example", "030 2345678"),),
        (
            Contact(
                "Jürgen Weiß",
                "Vertriebsleiter",
                "j.weiss@nordwind.example",
                "030 2345678",
                salutation="Herr Weiß",
            ),
            Contact(
                "Dr. Anna Braun",
                "Personalleiterin",
                "a.braun@nordwind.example",
                salutation="Frau Dr. Braun",
            ),
        ),
        "die Expansion nach Österreich im nächsten Frühjahr",
        "Priya Shah",
        "Nordwind Handel GmbH\nFriedrichstraße 100\n10117 Berlin",
        "Fabrikam Health",
    ),
    "fr": Setting(
        Candidate(
            "Alex Morgan",
            "alex.morgan@example.com",
            "+33 4 72 00 00 00",
            address="12 rue de la République\n69002 Lyon",
            language="fr",
        ),
        "Vent du Nord SAS",
        "Responsable grands comptes",
        "Europe/Paris",
        "FR",
        (
            Contact(
                "Claire Martin",
                "Directrice commerciale",
                "c.martin@ventdunord.example",
                "04 78 12 34 56",
            ),
        ),
        (
            Contact(
                "Claire Martin",
                "Directrice commerciale",
                "c.martin@ventdunord.example",
                "04 78 12 34 56",
                salutation="Madame Martin",
            ),
            Contact(
                "Luc Bernard",
                "Responsable RH",
                "l.bernard@ventdunord.example",
                salutation="M. Bernard",
            ),
        ),
        "l\u2019ouverture du marché belge au printemps prochain",
        "Priya Shah",
        "Vent du Nord SAS\n8 quai Saint-Antoine\n69002 Lyon",
        "Fabrikam Santé",
    ),
    "es": Setting(
        Candidate(
            "Alex Morgan",
            "alex.morgan@example.com",
            "+34 912 345 678",
            address="Calle de Alcalá 20\n28014 Madrid",
            language="es",
        ),
        "Viento Norte S.L.",
        "Gerente de cuentas",
        "Europe/Madrid",
        "ES",
        (
            Contact(
                "Lucía García", "Directora comercial", "l.garcia@vientonorte.example", "912 345 600"
            ),
        ),
        (
            Contact(
                "Lucía García",
                "Directora comercial",
                "l.garcia@vientonorte.example",
                "912 345 600",
                salutation="Sra. García",
            ),
            Contact(
                "Pedro López",
                "Responsable de personas",
                "p.lopez@vientonorte.example",
                salutation="Sr. López",
            ),
        ),
        "la expansión a Portugal la próxima primavera",
        "Priya Shah",
        "Viento Norte S.L.\nPaseo de la Castellana 50\n28046 Madrid",
        "Fabrikam Salud",
    ),
}
OTHER_LANGUAGES = [code for code in LANGUAGE_CODES if code != "en"]
LANGUAGE_TEMPLATES = [
    f"{code}/{p.name}"
    for code in OTHER_LANGUAGES
    for p in sorted((BUILTIN_TEMPLATES / code).glob("*.j2"))
    if not p.name.startswith("_")
]


def localize(action: Action, values: dict[str, object], setting: Setting, code: str) -> Action:
    """The same action, for a company where `code` is spoken."""
    zone = ZoneInfo(setting.zone)
    contacts = setting.several if values["contacts"] != DIMENSIONS["contacts"][0] else setting.one
    if values.get("recruiter"):
        contacts = tuple(replace(c, recruiter_for=setting.client) for c in contacts)
    interview = replace(
        action.interview,
        company=setting.company,
        role=setting.role,
        start=action.interview.start.replace(tzinfo=zone),
        timezone=setting.zone,
        country=setting.country,
        contacts=contacts,
        language=code,
        topic=setting.topic if values["topic"] else None,
        mutual_connection=setting.connection if values["connection"] else None,
        address=setting.address if values.get("address") else None,
    )
    return replace(
        action, interview=interview, contacts=contacts, start=action.start.replace(tzinfo=zone)
    )


def render_language(name: str) -> str:
    """The golden text of one language's template, drafted as `followcal draft` does."""
    code, template = name.split("/")
    setting = SETTINGS[code]
    dims = dimensions(template)
    keys = list(dims)
    blocks: dict[str, list[str]] = {}
    for switches in itertools.product((False, True), repeat=len(keys)):
        values = {key: dims[key][on] for key, on in zip(keys, switches, strict=True)}
        label = ", ".join(
            f"{key}={_show(key, on, values[key])}" for key, on in zip(keys, switches, strict=True)
        )
        me = replace(
            setting.me, timezone="Australia/Sydney" if values.get("abroad") else setting.zone
        )
        action = localize(action_for(template, values), values, setting, code)
        drafted = draft_actions([action], ENV, me)[0]
        assert drafted.template == name
        draft = drafted.draft
        dial = draft.link if draft.link and draft.link.startswith("tel:") else None
        text = draft.text + (f"\n[link: {dial}]" if dial else "")
        if draft.link and draft.link.startswith("mailto:"):
            text += f"\n[link: {draft.link}]"
        blocks.setdefault(text, []).append(label)
    out = [
        f"# {name}: every combination of its optional values ({len(keys)} switches).",
        "# Regenerate with FOLLOWCAL_UPDATE_GOLDEN=1 (see tests/test_golden.py), then review.",
    ]
    for text, labels in blocks.items():
        out += ["", *(f"==== {label}" for label in labels), "", text]
    return "\n".join(out) + "\n"


def action_for(template: str, values: dict[str, object]) -> Action:
    stem, channel, number = split(template)
    kind = "call" if channel == "phone" else stem
    step = Step(
        id=template.removesuffix(".j2"),
        kind=kind,
        channel=channel,
        template=stem,
        promises_call=bool(values.get("promises_call", False)),
    )
    contacts = values["contacts"]
    assert isinstance(contacts, tuple)
    if values.get("recruiter"):
        contacts = tuple(replace(c, recruiter_for="Fabrikam Health") for c in contacts)
    interview = Interview(
        id="northwind-sales",
        company="Northwind Traders",
        role="Account Executive",
        start=datetime(2026, 11, 17, 14, 0, tzinfo=ZONE),
        timezone="America/Chicago",
        country="US",
        contacts=contacts,
        source="golden",
        decision_by=values["decision"],  # type: ignore[arg-type]
        topic=values["topic"],  # type: ignore[arg-type]
        mutual_connection=values["connection"],  # type: ignore[arg-type]
        round=values["round"],  # type: ignore[arg-type]
        address=values.get("address"),  # type: ignore[arg-type]
        traditional=bool(values.get("traditional", False)),
        offer_deadline=date(2026, 12, 1) if values.get("offered") else None,
        accepted_elsewhere=bool(values.get("offered")),
    )
    start = interview.start + timedelta(days=7 * number + (1 if number == 0 else 0))
    if values.get("upcoming"):
        start = interview.start - timedelta(days=14)
    if values.get("same_day"):
        start = interview.start + timedelta(hours=2)
    if not values.get("same_day"):
        start = start.replace(hour=9, minute=30)
    action = Action(interview, step, contacts, start, number, 3)
    return SETUP.get(stem, lambda same: same)(action)


def render_all(template: str) -> str:
    """The golden text: each distinct message once, under every combination giving it."""
    dims = dimensions(template)
    names = list(dims)
    blocks: dict[str, list[str]] = {}
    for switches in itertools.product((False, True), repeat=len(names)):
        values = {name: dims[name][on] for name, on in zip(names, switches, strict=True)}
        label = ", ".join(
            f"{name}={_show(name, on, values[name])}"
            for name, on in zip(names, switches, strict=True)
        )
        me = replace(ME, timezone="Australia/Sydney") if values.get("abroad") else ME
        draft = render_draft(ENV, template, context(action_for(template, values), me))
        dial = draft.link if draft.link and draft.link.startswith("tel:") else None
        text = draft.text + (f"\n[link: {dial}]" if dial else "")
        blocks.setdefault(text, []).append(label)
    out = [
        f"# {template}: every combination of its optional values ({len(names)} switches).",
        "# Regenerate with FOLLOWCAL_UPDATE_GOLDEN=1 (see tests/test_golden.py), then review.",
    ]
    for text, labels in blocks.items():
        out += ["", *(f"==== {label}" for label in labels), "", text]
    return "\n".join(out) + "\n"


def _show(name: str, on: bool, value: object) -> str:
    if name == "contacts":
        return "several" if on else "one"
    if name == "round":
        return str(value)
    return "yes" if on else "no"


@pytest.mark.parametrize("template", [*TEMPLATES, *LANGUAGE_TEMPLATES])
def test_template_matches_its_reviewed_golden_file(template: str) -> None:
    path = GOLDEN / f"{template.removesuffix('.j2')}.txt"
    actual = render_language(template) if "/" in template else render_all(template)
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), (
        f"no golden file for {template}: run FOLLOWCAL_UPDATE_GOLDEN=1 pytest "
        "tests/test_golden.py, then read the new file as its recipient would"
    )
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                str(path),
                "rendered now",
            )
        )
        pytest.fail(f"{template} no longer matches its golden file:\n{diff}")


def test_every_golden_file_belongs_to_a_template() -> None:
    written = {str(p.relative_to(GOLDEN).with_suffix("")) for p in GOLDEN.glob("**/*.txt")}
    stale = written - {t.removesuffix(".j2") for t in [*TEMPLATES, *LANGUAGE_TEMPLATES]}
    assert not stale, f"golden files without a template: {sorted(stale)}"
