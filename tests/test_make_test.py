"""`make test` installs what the mail tests need: the IMAP server, not only Dovecot's core
(issue 16: with dovecot-core alone, /usr/sbin/dovecot exists and 11 tests errored)."""

from __future__ import annotations

import re
from pathlib import Path

from tests import dovecot_server

ROOT = Path(__file__).resolve().parent.parent


def test_make_test_depends_on_the_imap_server_the_mail_tests_start():
    makefile = (ROOT / "Makefile").read_text()
    assigned = dict(re.findall(r"^([A-Z_]+) = (\S+)$", makefile, flags=re.M))
    test_line = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert "$(DOVECOT)" in test_line
    assert assigned["DOVECOT"] == dovecot_server.DOVECOT_IMAP == "/usr/lib/dovecot/imap"
    recipe = makefile.split("\n$(DOVECOT):", 1)[1].split("\n\n", 1)[0]
    assert "dovecot-imapd" in recipe


def test_make_test_installs_what_the_manual_pages_test_runs():
    """tests/test_manpages.py renders each page with man and groff; in CI it fails, never
    skips, when they are missing, so `make test` must install them."""
    makefile = (ROOT / "Makefile").read_text()
    assigned = dict(re.findall(r"^([A-Z_]+) = (.+)$", makefile, flags=re.M))
    joined = makefile.replace("\\\n", " ")  # a rule's continued lines as one
    test_rule = joined.split("\ntest:", 1)[1].split("\n", 1)[0]
    assert "$(MAN_TOOLS)" in test_rule
    assert set(assigned["MAN_TOOLS"].split()) == {"/usr/bin/man", "/usr/bin/groff"}
    assert set(assigned["MAN_PACKAGES"].split()) == {"man-db", "groff-base"}
    recipe = makefile.split("\n$(MAN_TOOLS):", 1)[1].split("\n\n", 1)[0]
    assert "$(MAN_PACKAGES)" in recipe and "apt-get install" in recipe
