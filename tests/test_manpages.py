"""The manual pages in man/man1 (issue 16): written from the help, kept in step with it,
read by the real man and groff without a warning, one for every command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from followcal.cli import COMMANDS
from followcal.cli.manpages import check_or_write, pages
from tests.helpers import invoke

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "man" / "man1"
COMMITTED = sorted(FOLDER.glob("*.1"))


def test_the_committed_pages_are_what_the_help_writes_now():
    """A help text changed without `make man` fails here."""
    written = pages()
    assert sorted(p.name for p in COMMITTED) == sorted(written), "run make man"
    for path in COMMITTED:
        assert path.read_text(encoding="utf-8") == written[path.name], f"run make man: {path}"
    assert check_or_write(FOLDER, check=True) == []


def test_a_changed_help_makes_the_check_fail(tmp_path: Path, monkeypatch):
    from followcal.cli import main

    for name, text in pages().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "followcal-gone.1").write_text(".TH GONE 1\n")
    assert check_or_write(tmp_path, check=True) == ["followcal-gone.1"]
    import click

    plan = main.get_command(click.Context(main), "plan")
    assert plan is not None and plan.help
    monkeypatch.setattr(plan, "help", plan.help + "\n\nA sentence added to the help.")
    assert "followcal-plan.1" in check_or_write(tmp_path, check=True)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is missing: make test installs it (Debian's man-db and groff-base)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.mark.parametrize("page", COMMITTED, ids=lambda p: p.name)
def test_each_page_renders_without_a_warning(page: Path):
    groff = subprocess.run(
        [_tool("groff"), "-man", "-ww", "-z", str(page)], capture_output=True, text=True
    )
    assert groff.returncode == 0 and groff.stderr == "", groff.stderr
    env = {**os.environ, "LC_ALL": "C.UTF-8", "MANWIDTH": "80", "MAN_KEEP_FORMATTING": ""}
    shown = subprocess.run(
        [_tool("man"), "--warnings=w", "-E", "UTF-8", "-l", str(page)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert shown.returncode == 0 and shown.stderr == "", shown.stderr
    text = re.sub(r".\x08", "", shown.stdout)  # no bold or underline by backspacing
    assert "NAME" in text and "SYNOPSIS" in text


def _listed_commands() -> list[str]:
    """The commands `followcal --help` lists, read from its output."""
    listing = invoke(["--help"], prog_name="followcal").output.split("Commands:", 1)[1]
    return re.findall(r"^  (\S+)", listing, flags=re.M)


def _options_in_help(args: list[str]) -> set[str]:
    """Every switch the command's --help shows ("--dry-run", "-f")."""
    help_text = invoke([*args, "--help"], prog_name="followcal").output
    options = help_text.split("Options:", 1)[1].split("Examples:", 1)[0]
    return set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", options))


def _shown(page: str) -> str:
    """The page as man shows it, plain."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "MANWIDTH": "200"}
    done = subprocess.run(
        [_tool("man"), "-E", "UTF-8", "-l", str(FOLDER / page)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return re.sub(r".\x08", "", done.stdout)


def test_every_command_has_its_page_and_is_listed_in_followcal_1():
    listed = _listed_commands()
    assert set(listed) == set(COMMANDS)
    main_page = _shown("followcal.1")
    for name in listed:
        assert (FOLDER / f"followcal-{name}.1").exists(), name
        assert re.search(rf"^ {{7}}{name}\b", main_page, flags=re.M), name
        assert f"followcal-{name}(1)" in main_page
    for group, sub in [("auth", "google"), ("profiles", "show")]:
        assert (FOLDER / f"followcal-{group}-{sub}.1").exists()
        assert f"followcal-{group}-{sub}(1)" in _shown(f"followcal-{group}.1")


@pytest.mark.parametrize(
    "args", [[], *([name] for name in sorted(COMMANDS)), ["auth", "google"], ["profiles", "show"]],
    ids=lambda a: " ".join(a) or "followcal",
)  # fmt: skip
def test_each_page_has_every_option_and_example_of_the_help(args: list[str]):
    shown = _shown("-".join(["followcal", *args]) + ".1")
    options = _options_in_help(args)
    assert "--help" in options
    for option in options:
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", shown), option
    help_text = invoke([*args, "--help"], prog_name="followcal").output
    if "Examples:" in help_text:
        section = shown.split("\nEXAMPLES\n", 1)[1]
        for line in help_text.split("Examples:", 1)[1].strip().splitlines():
            assert line.strip() in section, line


def test_troffs_own_characters_in_a_help_text_print_as_typed():
    """click-man passed help text through: `\\Draft` in prepare's help was a troff escape,
    and a line opening with a quote a request. Here they print as the help has them, and
    the examples' minus signs and quotes stay ASCII, so a copied command still runs."""
    assert "flagged \\Draft." in " ".join(_shown("followcal-prepare.1").split())
    add = _shown("followcal-add.1")
    assert '--role "Platform Engineer" --timezone Europe/Paris \\' in add
    assert "Start with 'followcal init', then 'followcal add'." in " ".join(
        _shown("followcal.1").split()
    )
