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
