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
