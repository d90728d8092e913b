"""The house's shape, checked: data flows one way through declared layers, no private name
crosses a module, and units stay small (CONTRIBUTING.md explains each rule).

LAYERS is the one map of the package, bottom first. A module may import (at the top, inside
a function or for type checking alike) only modules in layers below its own. Every module
of the package is in it exactly once: a new module fails here until it is given a layer.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "followcal"

# Bottom first: (what the layer holds, its modules).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("the vocabulary and plain helpers: no followcal import", (
        "followcal", "model", "errors", "dates", "text", "timezones", "ids", "limits",
        "phones", "icswrite", "fingerprint", "mail", "mail.message", "addresses", "trackers",
        "trust", "languages", "secret_store",
    )),
    ("files on disk, names, words, credentials", (
        "fileio", "names", "credentials", "drafting", "queries", "regions",
        "sync.errors", "sync.dav", "sync.quirks", "sync.lossy",
        "mail.classifying", "mail.sources", "spreadsheet", "late",
    )),
    ("days off, profiles, labels; the Google sign-in", (
        "daysoff", "oauth", "profiles", "labels", "sync.redact", "sync.wire", "mail.relating",
        "salutations",
    )),
    ("readers of the user's files; plans, messages and tables", (
        "entries", "config", "planning", "messages", "output", "sync.model", "sync.transport",
        "sync.objects",
        "mail.proposals",
    )),
    ("one run, calendars, edits of the user's file, mail findings and drafts", (
        "pipeline", "calendar", "editing", "sync.reconcile", "sync.state", "sync.identity",
        "mail.drafts",
        "mail.report",
        "mail.scan", "language_checks",
    )),
    ("imports, recorded findings, files of drafts; the CalDAV client", (
        "importing", "mail.apply", "mail.eml", "sync.client",
    )),
    ("what CalDAV cannot do on Google: making a calendar", ("sync.rest",)),
    ("what changed since a sync-token (sync-collection)", ("sync.tokens",)),
    ("the CalDAV client's jobs: finding the calendar, listing it", (
        "sync.discovery", "sync.listing", "sync.gated",
    )),
    ("the CalDAV client's writes; the probe", ("sync.writes", "sync.probe")),
    ("one sync", ("sync.engine",)),
    ("sync's front", ("sync",)),
    ("cli: printing; completing names; examples; where a value came from", (
        "cli.rendering", "cli.completing", "cli.examples", "cli.origins",
    )),
    ("cli: options, naming, asking", ("cli.options", "cli.naming", "cli.asking")),
    ("cli: what add and init ask; confirming changes", ("cli.questions", "cli.confirming")),
    ("cli: the commands, by what they do to your data", (
        "cli.showing", "cli.writing", "cli.recording", "cli.mail", "cli.sync", "cli.auth",
    )),
    ("cli: the group, loading each command when it runs", ("cli",)),
    ("the manual pages, written from the help", ("cli.manpages",)),
    ("python -m followcal", ("__main__",)),
)  # fmt: skip

LAYER_OF = {
    ("followcal" if name == "followcal" else f"followcal.{name}"): index
    for index, (_, names) in enumerate(LAYERS)
    for name in names
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@cache
def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The followcal modules `path` imports; `from followcal.cli import asking` is the
    module followcal.cli.asking, `from followcal import __version__` the package."""
    found = set()
    for node in ast.walk(tree_of(path)):  # inside functions too: a lazy import is still one
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "followcal":
                continue
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "followcal")
    return found


def test_the_map_covers_every_module_once():
    declared = [name for _, names in LAYERS for name in names]
    assert len(declared) == len(set(declared)), "a module is in two layers"
    modules = set(package_modules())
    assert modules - set(LAYER_OF) == set(), "give each new module a layer in LAYERS"
    assert set(LAYER_OF) - modules == set(), "LAYERS names a module that does not exist"


@pytest.mark.parametrize("module", sorted(package_modules()))
def test_a_module_imports_only_layers_below_its_own(module):
    modules = package_modules()
    own = LAYER_OF[module]
    above = {
        imported: LAYERS[LAYER_OF[imported]][0]
        for imported in imported_modules(modules[module], set(modules))
        if LAYER_OF.get(imported, -1) >= own
    }
    assert not above, f"{module} ({LAYERS[own][0]}) imports from its layer or above: {above}"


@pytest.mark.parametrize(
    ("module", "not_imported"),
    [
        ("output", "calendar"),  # output needs only `labels.summary`
        ("config", "entries"),  # `suggest` lives in `text`, CANDIDATE_FIELDS in `model`
        ("profiles", "entries"),
        ("labels", "calendar"),
        ("text", "entries"),
        ("fileio", "editing"),
        ("limits", "entries"),
        ("planning", "pipeline"),  # planning is pure: data in, dated actions out
        ("queries", "pipeline"),
        ("pipeline", "cli.rendering"),  # nothing below the CLI prints
    ],
)
def test_the_map_keeps_the_flow_the_style_guide_draws(module, not_imported):
    """The pairs this file used to check one by one: the map forbids each import."""
    assert LAYER_OF[f"followcal.{module}"] <= LAYER_OF[f"followcal.{not_imported}"]


def private_imports(path: Path) -> list[str]:
    """`from followcal.x import _name`, and `module._name` on an imported followcal module."""
    tree = tree_of(path)
    modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("followcal")
        for alias in node.names
        if f"{node.module}.{alias.name}" in package_modules()
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("followcal"):
            found += [f"{node.module}.{a.name}" for a in node.names if _private(a.name)]
        elif (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@pytest.mark.parametrize("module", sorted(package_modules()))
def test_no_private_name_crosses_a_module(module):
    assert private_imports(package_modules()[module]) == []


# Units over the limits that belong to other work, each with where it is being handled.
# Anything new over a limit fails: split it, or give its docstring a line "Size: <why>".
MAX_FUNCTION_LINES = 60
MAX_CLASS_LINES = 300
KNOWN_LARGE = {
    "followcal.fingerprint._content",  # issue 14: its speed-up reshapes it
    "followcal.sync.discovery.find_calendar",  # issue 18 moved it here whole; to split next
    "followcal.sync.engine.sync_calendar",
    "followcal.sync.reconcile.make_plan",
}


def large_units(module: str, path: Path) -> list[str]:
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}.{child.name}"
                limit = MAX_CLASS_LINES if isinstance(child, ast.ClassDef) else MAX_FUNCTION_LINES
                size = (child.end_lineno or child.lineno) - child.lineno + 1
                reason = any(
                    line.strip().startswith("Size: ")
                    for line in (ast.get_docstring(child) or "").splitlines()
                )
                if size > limit and not reason and name not in KNOWN_LARGE:
                    found.append(f"{name}: {size} lines (limit {limit})")
                visit(child, name)

    visit(tree_of(path), module)
    return found


@pytest.mark.parametrize("module", sorted(package_modules()))
def test_units_stay_small(module):
    assert large_units(module, package_modules()[module]) == []


def test_the_checks_catch_what_they_look_for(tmp_path):
    """Each check on a module written to break it: a test that cannot fail proves nothing."""
    bad = tmp_path / "bad.py"
    body = "\n".join(f"    x = {n}" for n in range(61))
    bad.write_text(
        "from followcal.cli import asking\n"
        "from followcal.entries import _FileReader\n"
        "def long():\n" + body + "\n"
        "    return asking._day\n"
    )
    known = set(package_modules())
    assert imported_modules(bad, known) == {"followcal.cli.asking", "followcal.entries"}
    assert private_imports(bad) == ["followcal.entries._FileReader", "asking._day"]
    assert large_units("followcal.bad", bad) == ["followcal.bad.long: 63 lines (limit 60)"]
