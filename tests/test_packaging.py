"""The built wheel carries the profiles, templates and starter file, and runs from them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def version() -> str:
    from followcal import __version__

    return __version__


def test_an_installed_wheel_finds_its_profiles_and_templates(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("followcal-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for profile in ROOT.joinpath("profiles").glob("*.toml"):
        assert f"followcal/profiles/{profile.name}" in names
    for template in ROOT.joinpath("followcal", "templates").glob("*.j2"):
        assert f"followcal/templates/{template.name}" in names
    assert "followcal/starter.toml" in names
    # man finds these in <prefix>/share/man beside <prefix>/bin (pipx, pip --user, a venv)
    for page in ROOT.joinpath("man", "man1").glob("*.1"):
        assert f"followcal-{version()}.data/data/share/man/man1/{page.name}" in names

    # Run from the unpacked wheel only: PYTHONPATH puts it ahead of the editable checkout,
    # and the working folder is elsewhere, so the repository's profiles/ can't be reached.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    env = {"PYTHONPATH": str(site), "FOLLOWCAL_CONFIG": str(work / "none.toml"), "PATH": ""}
    check = (
        "import followcal, sys; assert followcal.__file__.startswith(sys.argv[1]), "
        "followcal.__file__"
    )
    subprocess.run([sys.executable, "-c", check, str(site)], check=True, env=env, cwd=work)
    run = [sys.executable, "-m", "followcal"]
    listing = subprocess.run(
        [*run, "profiles"], check=True, env=env, cwd=work, capture_output=True, text=True
    )
    assert "persistent" in listing.stdout and "built-in" in listing.stdout
    subprocess.run([*run, "init", "mine.toml"], check=True, env=env, cwd=work)
    subprocess.run(
        [*run, "add", "-f", "mine.toml", "--company", "Acme", "--role", "Dev", "--date",
         "2026-11-20 14:00", "--timezone", "UTC", "--contact", "Dana; dana@acme.example",
         "--now", "2026-11-01T09:00"],
        check=True, env=env, cwd=work, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [*run, "generate", "mine.toml", "--now", "2026-11-01T09:00", "--tz", "UTC"],
        check=True, env=env, cwd=work, capture_output=True,
    )  # fmt: skip
    assert (work / "followups.ics").read_bytes().count(b"BEGIN:VEVENT") > 0


# Declared without followcal importing them, and why.
USED_WITHOUT_AN_IMPORT = {"tzdata": "zone.tab, read as a file (followcal/timezones.py)"}


def test_every_dependency_is_one_followcal_uses() -> None:
    """A dependency nothing imports is a pin with no reason left (python-dateutil stayed, with
    a `<3` for caldav's sake, after caldav was dropped); it comes with its users instead."""
    import ast
    import re
    import tomllib
    from importlib.metadata import packages_distributions

    def canonical(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    dists_of = packages_distributions()
    imported: set[str] = set()
    for path in (ROOT / "followcal").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                imported.update(canonical(d) for d in dists_of.get(name.split(".")[0], []))
    with open(ROOT / "pyproject.toml", "rb") as handle:
        declared = tomllib.load(handle)["project"]["dependencies"]
    names = {canonical(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in declared}
    unused = names - imported - set(USED_WITHOUT_AN_IMPORT)
    assert unused == set(), f"declared but never imported by followcal: {sorted(unused)}"
