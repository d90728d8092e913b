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
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followcal.drafting import BUILTIN_TEMPLATES, make_environment, render_draft
from followcal.messages import context
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


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_matches_its_reviewed_golden_file(template: str) -> None:
    path = GOLDEN / f"{template.removesuffix('.j2')}.txt"
    actual = render_all(template)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
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
    stale = {p.stem for p in GOLDEN.glob("*.txt")} - {t.removesuffix(".j2") for t in TEMPLATES}
    assert not stale, f"golden files without a template: {sorted(stale)}"
