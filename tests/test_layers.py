"""Data flows one way: a module never imports one above it (STYLE.md's layer map)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "followcal"

# (module, a module above it that it must not import)
FORBIDDEN = [
    ("output", "calendar"),  # output needs only `labels.summary`
    ("config", "entries"),  # `suggest` lives in `text`, CANDIDATE_FIELDS in `model`
    ("profiles", "entries"),
    ("labels", "calendar"),
    ("text", "entries"),
    ("fileio", "editing"),
    ("limits", "entries"),
]


def imported_modules(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):  # inside functions too: a lazy import is still a dependency
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(("module", "above"), FORBIDDEN)
def test_no_import_against_the_flow(module, above):
    assert f"followcal.{above}" not in imported_modules(module)
