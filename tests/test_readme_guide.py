"""The README answers a new user first (issue 16): its first screen says how to get going
with Google, Outlook or a phone, a table of contents follows, each question has its own
heading, every link inside it lands, and the developer material lives under docs/."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def headings() -> list[str]:
    """Headings outside code blocks (TOML comments in examples start with '# ' too)."""
    found, in_code = [], False
    for line in README.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and re.match(r"^#{1,6} ", line):
            found.append(line.lstrip("#").strip())
    return found


def anchor(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_the_first_screen_says_how_to_start_with_google_outlook_or_a_phone():
    first_screen = "\n".join(README.splitlines()[:30])
    for words in ("Google Calendar", "Outlook", "phone", "followcal init", "followcal add"):
        assert words in first_screen, words


def test_each_question_has_its_own_heading():
    found = headings()
    for heading in ("Contents", "Google Calendar", "Outlook", "Android", "iPhone", "Gmail",
                    "Outlook.com", "Fastmail", "iCloud", "My plan changed: what now?"):  # fmt: skip
        assert heading in found, heading


def test_every_link_inside_the_readme_lands():
    anchors = {anchor(h) for h in headings()}
    links = set(re.findall(r"\]\(#([^)]+)\)", README))
    assert links and links <= anchors, links - anchors
    for path in re.findall(r"\]\(((?:docs|samples)/[^)#]+)", README):
        assert (ROOT / path).exists(), path


def test_developer_material_is_in_docs():
    assert "## Speed" not in README and "## Reliability" not in README
    assert "| guarantee | test |" not in README
    assert "| guarantee | test |" in (ROOT / "docs/reliability.md").read_text()
    assert "make bench" in (ROOT / "docs/speed.md").read_text()
