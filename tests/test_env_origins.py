"""An error about a value that came from a FOLLOWCAL_* variable names the variable (issue 16),
for the values checked after Click has parsed the options: in a command's body or below the
CLI. (Those Click checks itself already named it.) The person never typed the value, and
would look for it on the command line.

Each case failed before: the message named the option or the file, never the variable.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from tests.helpers import HARBOR_BANK, invoke, write_interviews

ENTRY = HARBOR_BANK

NOW = "2026-11-21T08:00"
ADD = ["add", "--no-input", "--company", "Kiezkraft", "--role", "Backend Engineer",
       "--date", "2026-12-01 10:00", "--timezone", "Europe/Berlin",
       "--contact", "Jonas Weber"]  # fmt: skip
# (the command, the variable, its bad value, the option it stands for, a word of the check)
CASES = [
    (["plan"], "FOLLOWCAL_PROFILE", "pacd", "--profile", "unknown profile"),
    (["plan"], "FOLLOWCAL_PROFILE", "{tmp}/broken.toml", "--profile", "not valid TOML"),
    (["plan"], "FOLLOWCAL_HOLIDAYS", "XX", "--holidays", "unknown country"),
    (["plan"], "FOLLOWCAL_FILE", "{tmp}/missing.toml", "-f", "no such file"),
    (["sent", "bank", "thank-you"], "FOLLOWCAL_FILE", "{tmp}/missing.toml", "-f", "no such file"),
    (["sent", "bank", "thank-you"], "FOLLOWCAL_SENT_TO", "nobody", "--to", "matches no contact"),
    (["sent", "bank", "thank-you"], "FOLLOWCAL_SENT_ON", "2026-01-01", "--on",
     "before the interview"),
    (["offer", "bank", "--yes"], "FOLLOWCAL_OFFER_DEADLINE", "2026-01-01", "--deadline",
     "not after"),
    (["offer", "bank", "--yes", "--deadline", "2026-12-20"], "FOLLOWCAL_OFFER_ON", "2026-01-01",
     "--on", "before the interview"),
    (["accept", "bank", "--yes", "--force"], "FOLLOWCAL_ACCEPT_ON", "2026-01-01", "--on",
     "before the interview"),
    ([a for a in ADD if a not in ("--timezone", "Europe/Berlin")], "FOLLOWCAL_ADD_TIMEZONE", "EST",
     "--timezone", "America/New_York"),
    (ADD, "FOLLOWCAL_ADD_COUNTRY", "ZZ", "--country", "not a country code"),
    (ADD, "FOLLOWCAL_ADD_LANGUAGE", "xx", "--language", "not a language"),
    ([a for a in ADD if a not in ("--date", "2026-12-01 10:00")], "FOLLOWCAL_ADD_WHEN", "soon",
     "--date", "not a date"),
    (ADD, "FOLLOWCAL_ADD_DECISION_BY", "soon", "--decision-by", "not a date"),
    (ADD, "FOLLOWCAL_ADD_CHANNEL", "pigeon", "--channel", "not one of"),
    (ADD, "FOLLOWCAL_ADD_PROFILE", "pacd", "--profile", "unknown profile"),
    (ADD, "FOLLOWCAL_ADD_INTERVIEW_ID", "Kiez Kraft!", "--id", "lower-case letters"),
    (ADD, "FOLLOWCAL_ADD_ADDRESS", "Hauptstr. 1\x07", "--address", "control characters"),
    (["generate"], "FOLLOWCAL_GENERATE_OUTPUT", "{tmp}/no/such/folder/f.ics", "-o", "cannot write"),
    (["generate"], "FOLLOWCAL_GENERATE_OUTPUT", "{tmp}/interviews.toml", "-o", "not written by"),
    (["import", "{tmp}/tracker.csv"], "FOLLOWCAL_IMPORT_OUTPUT", "{tmp}/no/such/folder/i.toml",
     "-o", "cannot write"),
    (["draft", "bank"], "FOLLOWCAL_DRAFT_EML", "{tmp}", "--eml", "is a folder"),
    (["inbox"], "FOLLOWCAL_INBOX_MAILDIR", "{tmp}/no-mail", "--maildir", "no such file"),
    (["inbox", "--imap", "imaps://127.0.0.1:9", "--username", "u"],
     "FOLLOWCAL_INBOX_PASSWORD_COMMAND", "false", "--password-command", "failed"),
    (["sync", "--url", "https://127.0.0.1:9/", "--username", "u"],
     "FOLLOWCAL_SYNC_PASSWORD_COMMAND", "false", "--password-command", "failed"),
    (["sync", "--username", "u"], "FOLLOWCAL_SYNC_URL", "caldav.example.com/dav", "--url",
     "must start with http"),
    (["sync", "--url", "https://127.0.0.1:9/", "--username", "u"], "FOLLOWCAL_SYNC_SERVER_KIND",
     "nextclod", "--server", "unknown server kind"),
    (["sync", "--url", "https://127.0.0.1:9/", "--username", "u"], "FOLLOWCAL_SYNC_CA_BUNDLE",
     "{tmp}/no-ca.pem", "--ca-bundle", "CA bundle"),
]  # fmt: skip


def _typed(args: list[str], option: str, value: str) -> list[str]:
    """The same run with the value typed as the option (INPUT for -f, as people type it)."""
    if option == "-f" and args[0] == "plan":
        return [*args, value]
    return [*args, option, value]


@pytest.mark.parametrize(
    ("args", "variable", "value", "option", "check"), CASES, ids=[f"{c[1]}={c[2]}" for c in CASES]
)
def test_a_late_check_names_the_variable_the_value_came_from(
    tmp_path: Path, monkeypatch, args: list[str], variable: str, value: str, option: str, check: str
):
    monkeypatch.chdir(tmp_path)
    path = write_interviews(tmp_path, ENTRY)
    (tmp_path / "broken.toml").write_text("[[step]\n")
    (tmp_path / "tracker.csv").write_text(
        "company,role,date,timezone,contact_name\nAcme,Dev,2026-11-20 10:00,UTC,Dana\n"
    )
    value = value.format(tmp=tmp_path)
    args = [a.format(tmp=tmp_path) for a in args]
    env = {"FOLLOWCAL_NOW": NOW, variable: value}
    if not variable.endswith("PASSWORD_COMMAND"):  # FOLLOWCAL_PASSWORD would come first
        env["FOLLOWCAL_PASSWORD"] = "pw-Hunter2-secret"

    result = invoke(args, env=env)

    assert result.exit_code != 0, result.output
    assert check in result.output, result.output
    assert f"from the environment variable {variable}" in result.output, result.output
    assert "pw-Hunter2-secret" not in result.output
    assert path.read_text() == ENTRY  # nothing was written
    typed = invoke(_typed(args, option, value), env={k: v for k, v in env.items() if k != variable})
    assert typed.exit_code == result.exit_code, typed.output
    assert check in typed.output and "environment variable" not in typed.output, typed.output


def test_a_url_from_a_variable_is_named_but_never_shown(tmp_path: Path, monkeypatch):
    """A URL that does not parse may hide its password anywhere: the variable is named, the
    value is not repeated."""
    monkeypatch.chdir(tmp_path)
    write_interviews(tmp_path, ENTRY)
    url = "alex:Hunter2-pw@caldav.example.com/dav"
    env = {"FOLLOWCAL_SYNC_URL": url, "FOLLOWCAL_NOW": NOW, "FOLLOWCAL_PASSWORD": "pw"}
    result = invoke(["sync", "--username", "alex"], env=env)
    assert result.exit_code == 19
    assert "FOLLOWCAL_SYNC_URL" in result.output
    assert "Hunter2" not in result.output


def test_a_credential_from_a_variable_is_named_and_never_shown():
    """No check of followcal's quotes a password today; this one does, so that the day one
    does, the value is still hidden and the variable named."""
    from followcal.cli import FollowcalContext, FollowcalGroup
    from followcal.errors import FollowcalError

    @click.command()
    @click.option("--insecure-password")
    def log_in(insecure_password: str) -> None:
        raise FollowcalError(f"the server refused {insecure_password} for alex")

    log_in.context_class = FollowcalContext
    group = FollowcalGroup("followcal", commands={"log-in": log_in})
    group.context_class = FollowcalContext
    from click.testing import CliRunner

    result = CliRunner().invoke(
        group, ["log-in"], auto_envvar_prefix="FOLLOWCAL",
        env={"FOLLOWCAL_LOG_IN_INSECURE_PASSWORD": "Hunter2-pw"},
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Hunter2" not in result.output
    assert "the server refused [hidden] for alex" in result.output
    assert "FOLLOWCAL_LOG_IN_INSECURE_PASSWORD" in result.output
