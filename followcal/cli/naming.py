"""How a person names things on the command line, with one wording for an unknown or
ambiguous name in every command.

- An interview: by its id or any unique prefix of it (or an alias an older id had).
- A step: by its id, its kind, or its label as `plan` shows it ("follow-up 1/2", "call 2").
- A contact: by a prefix of their name, or of one of their names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from followcal.model import Action, Interview
    from followcal.pipeline import Run


def _listing(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def resolve_interview(run: Run, given: str) -> str:
    """The full id of the interview `given` names (its id or a unique prefix of it)."""
    from followcal.ids import IdKey, aliases, by_company_words, resolve, slugify
    from followcal.text import suggest

    ids = [interview.id for interview in run.entries.interviews]
    found = resolve(given, ids)
    if len(found) == 1:
        return found[0]
    if not found:
        keys = [
            (i.id, IdKey(None, i.company, i.role, i.start.date())) for i in run.entries.interviews
        ]
        alias = aliases(keys).get(given.strip()) or aliases(keys).get(slugify(given))
        if alias is not None:
            return alias
        found = by_company_words(given, [(i.id, i.company) for i in run.entries.interviews])
        if len(found) == 1:
            return found[0]
    if found:
        raise click.BadParameter(
            f"'{given}' could be any of {_listing(found)}: type more of the id",
            param_hint="'ID'",
        )
    raise click.BadParameter(
        f"no interview has the id '{given}'{suggest(given, ids)}; the ids are: {_listing(ids)}",
        param_hint="'ID'",
    )


def _step_names(action: Action) -> set[str]:
    """Every way a person may name this action's step."""
    from followcal.output import step_label

    names = {action.step.id, step_label(action)}
    if action.number:
        names |= {f"{action.step.kind} {action.number}", f"{action.step.kind}-{action.number}"}
        names.add(f"{action.step.kind} {action.number} of {action.of}")
    return names


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _shown(actions: Sequence[Action]) -> list[str]:
    """Each step once, by id and (where it differs) as tables show it."""
    from followcal.output import step_label

    shown: dict[str, str] = {}
    for action in actions:
        label = step_label(action)
        shown.setdefault(
            action.step.id, action.step.id + (f" ({label})" if label != action.step.id else "")
        )
    return list(shown.values())


def resolve_step(actions: Sequence[Action], given: str, interview_id: str) -> str:
    """The step id that `given` names among one interview's actions: its id, its label as
    shown ("follow-up 1/2", "call 2"), its kind when only one step has it, or a unique
    prefix of its id."""
    if not actions:
        raise click.BadParameter(
            f"nothing is planned for {interview_id} (it is no longer waiting, or asked not to "
            "be contacted)",
            param_hint="'STEP'",
        )
    wanted = _normal(given)
    rules: list[Callable[[Action], bool]] = [
        lambda a: wanted in {_normal(name) for name in _step_names(a)},
        lambda a: wanted == a.step.kind,
        lambda a: a.step.id.startswith(wanted) and bool(wanted),
    ]
    for rule in rules:
        matched = [a for a in actions if rule(a)]
        ids = list(dict.fromkeys(a.step.id for a in matched))
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise click.BadParameter(
                f"'{given}' could be any of {_listing(_shown(matched))} of {interview_id}: "
                "name one",
                param_hint="'STEP'",
            )
    raise click.BadParameter(
        f"no step '{given}' is planned for {interview_id}; its steps: {_listing(_shown(actions))}",
        param_hint="'STEP'",
    )


def resolve_contact(interview: Interview, prefix: str) -> str:
    """The contact whose name starts with `prefix` (or one of whose names does)."""
    wanted = prefix.strip().casefold()
    names = [contact.name for contact in interview.contacts]
    exact = [name for name in names if name.casefold() == wanted]
    found = exact or [name for name in names if name.casefold().startswith(wanted)]
    found = found or [n for n in names if any(w.startswith(wanted) for w in n.casefold().split())]
    if len(found) == 1:
        return found[0]
    why = f"matches {' and '.join(found)}" if found else "matches no contact"
    raise click.BadParameter(
        f"'{prefix}' {why}; the contacts of {interview.id} are: {', '.join(names)}",
        param_hint="'--to'",
    )
