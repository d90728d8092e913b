"""One way to say each thing: the file option, ids and steps, wording, exit codes, output."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path

import click
import pytest

from followcal.cli import main
from followcal.ids import IdKey, derive_ids, resolve
from tests.helpers import invoke, write_interviews

ROOT = Path(__file__).parent.parent
NOW = ["--now", "2026-11-25T08:00"]
TWO_ACMES = """\
[candidate]
name = "Alex Morgan"
email = "alex@example.com"

[[interview]]
company = "Acme Corp"
role = "Backend Engineer"
date = 2026-11-20T14:00:00
timezone = "America/New_York"
decision_by = 2026-12-01

[[interview.contacts]]
name = "Dana Smith"
email = "dana@acme.example"

[[interview]]
company = "Acme Corp"
role = "Data Engineer"
date = 2026-11-21T10:00:00
timezone = "America/New_York"
profile = "paced"

[[interview.contacts]]
name = "Lee Park"
email = "lee@acme.example"
phone = "+1 312 555 0143"

[[interview]]
company = "Lakeshore Labs"
role = "Platform Engineer"
date = 2026-11-19T10:00:00
timezone = "America/Chicago"

[[interview.contacts]]
name = "Sam Taylor"
email = "sam@lakeshore.example"
"""


def cli(*args: str, stdin: str | None = None, **env: str):
    return invoke(list(args), input=stdin, catch_exceptions=False, env=env)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_interviews(tmp_path, TWO_ACMES)
    return tmp_path


def planned(*args: str) -> list[dict]:
    result = cli("plan", "--json", *NOW, *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# -- the file option ------------------------------------------------------------------------


def _command(name: str) -> click.Command:
    command = main.get_command(click.Context(main), name)
    assert command is not None, name
    return command


def _options(command: click.Command) -> set[str]:
    return {opt for param in command.params for opt in param.opts}


def test_every_command_that_reads_interviews_takes_f_and_file():
    # import reads a spreadsheet
    # auth signs in to Google and reads no interviews
    readers = set(main.list_commands(click.Context(main))) - {"profiles", "init", "import", "auth"}
    assert readers >= {"generate", "plan", "draft", "agenda", "validate", "sync", "add", "sent"}
    for name in readers:
        assert {"-f", "--file"} <= _options(_command(name)), name


def test_read_only_commands_take_several_files_by_f_or_as_inputs(tmp_path):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(TWO_ACMES)
    second.write_text(
        (ROOT / "samples" / "interviews.toml").read_text().replace("[candidate]", "[x]", 0)
    )
    by_f = planned("-f", str(first), "-f", str(second))
    mixed = planned(str(first), "-f", str(second))
    assert by_f == mixed
    assert {"lakeshore-labs", "acme-backend"} <= {item["interview"] for item in by_f}
    for command in ("agenda", "validate"):
        assert cli(command, "-f", str(first), "--file", str(second), *NOW).exit_code == 0
    out = tmp_path / "out.ics"
    assert cli("generate", "-f", str(first), "-o", str(out), *NOW).exit_code == 0


def test_draft_takes_the_file_by_f(folder, tmp_path):
    moved = tmp_path / "elsewhere.toml"
    (folder / "interviews.toml").rename(moved)
    result = cli("draft", "lakeshore", "-f", str(moved), *NOW)
    assert result.exit_code == 0, result.stderr
    assert "Sam" in result.stdout


# -- ids ------------------------------------------------------------------------------------


def test_derived_ids_are_short_and_grow_only_where_needed(folder):
    ids = {item["interview"] for item in planned()}
    assert ids == {"acme-corp-backend-engineer", "acme-corp-data-engineer", "lakeshore-labs"}


def test_derive_ids_adds_the_date_when_the_role_does_not_tell_apart():
    day1, day2 = date(2026, 11, 20), date(2026, 12, 4)
    keys = [
        IdKey(None, "Acme", "Dev", day1),
        IdKey(None, "Acme", "Dev", day2),
        IdKey("acme", "Other", "Role", day1),  # an explicit id stays, and is taken
        IdKey(None, "Initech", "Dev", day1),
        IdKey(None, None, "Dev", day1),  # incomplete: no id
    ]
    assert derive_ids(keys) == ["acme-2026-11-20", "acme-2026-12-04", "acme", "initech", None]


def test_resolve_takes_a_unique_prefix_and_lists_an_ambiguous_one():
    known = ["acme-backend", "acme-data", "lakeshore-labs"]
    assert resolve("lakeshore", known) == ["lakeshore-labs"]
    assert resolve("Acme", known) == ["acme-backend", "acme-data"]
    assert resolve("acme-data", known) == ["acme-data"]
    assert resolve("zzz", known) == []


def test_plan_and_agenda_show_interview_and_step_ids(folder):
    table = cli("plan", *NOW, COLUMNS="200").stdout
    header = table.splitlines()[0]
    assert "ID" in header and "STEP ID" in header
    assert re.search(r"lakeshore-labs\s+follow-up 1/2\s+follow-up-1", table), table
    agenda = cli("agenda", "--days", "30", *NOW, COLUMNS="200").stdout
    assert re.search(r"lakeshore-labs\s+follow-up-1", agenda)


@pytest.mark.parametrize(
    "step", ["follow-up 1/2", "Follow-up 1", "follow-up-1", "follow-up-1 ", "follow-up 1 of 2"]
)
def test_a_step_may_be_named_as_shown_or_by_id(folder, step):
    result = cli("sent", "lakeshore", step, "--on", "2026-12-04T10:00", *NOW)
    assert result.exit_code == 0, result.stderr
    # --on is on your own clock (UTC here); the file keeps the company's (Chicago).
    assert '"follow-up-1" = 2026-12-04T04:00:00' in (folder / "interviews.toml").read_text()


@pytest.mark.parametrize("step", ["thank you", "Thank You", "thankyou", "Thank_you"])
def test_a_step_may_be_typed_with_spaces_or_none(folder, step):
    result = cli("sent", "lakeshore", step, "--on", "2026-11-19T17:00", *NOW)
    assert result.exit_code == 0, result.stderr
    assert "Recorded thank-you for lakeshore-labs" in result.stdout, result.stdout
    assert '"thank-you" = 2026-11-19T' in (folder / "interviews.toml").read_text()


@pytest.mark.parametrize("state", ["heard back", "Heard Back", "heard_back"])
def test_a_state_may_be_typed_as_words(folder, state):
    result = cli("status", "lakeshore", state, *NOW)
    assert result.exit_code == 0, result.stderr
    assert "lakeshore-labs is now heard-back" in result.stdout


def test_call_2_names_the_paced_profiles_call(folder):
    result = cli("sent", "acme-corp-d", "call 2", "--on", "2026-12-20T10:00", *NOW)
    assert result.exit_code == 0, result.stderr
    assert "Recorded follow-up-2 for acme-corp-data-engineer" in result.stdout


def test_an_ambiguous_prefix_lists_the_candidates_and_changes_nothing(folder):
    result = cli("status", "acme", "heard-back", *NOW)
    assert result.exit_code == 2
    assert "'acme' could be any of acme-corp-backend-engineer, acme-corp-data-engineer" in (
        result.stderr
    )
    assert (folder / "interviews.toml").read_text() == TWO_ACMES
    step = cli("sent", "lakeshore", "follow-up", *NOW)
    assert step.exit_code == 2
    assert "could be any of follow-up-1 (follow-up 1/2), follow-up-2 (follow-up 2/2)" in (
        step.stderr
    )


@pytest.mark.parametrize(
    "command",
    [
        ["sent", "nope", "thank-you"],
        ["status", "nope", "rejected"],
        ["offer", "nope", "--deadline", "2026-12-20"],
        ["accept", "nope"],
        ["draft", "nope"],
    ],
)
def test_an_unknown_id_is_worded_alike_in_every_command(folder, command):
    result = cli(*command, *NOW)
    assert result.exit_code == 2
    assert "Invalid value for 'ID': no interview has the id 'nope'; the ids are: " in (
        result.stderr
    )


def test_editing_and_reading_agree_on_derived_ids(folder):
    for item in planned():
        if item["step_id"] == "follow-up-1":
            result = cli("sent", item["interview"], "follow-up-1", "--on", "2026-12-10", *NOW)
            assert result.exit_code == 0, result.stderr
    assert (folder / "interviews.toml").read_text().count('"follow-up-1" =') == 3


# -- time, wording and exit codes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["plan", "--now", "tomorrow"], "--now"),
        (["plan", "--business-time", "25:99"], "--business-time"),
        (["plan", "--tz", "Mars/Base"], "--tz"),
        (["plan", "--holidays", "XX"], "--holidays"),
        (["plan", "--profile", "nope"], "--profile"),
        (["sent", "lakeshore", "thank-you", "--on", "yesterday"], "--on"),
        (["offer", "lakeshore", "--deadline", "soon"], "--deadline"),
        (["offer", "lakeshore", "--deadline", "2026-11-02", *NOW], "--deadline"),
        (["sent", "lakeshore", "thank-you", "--on", "2026-11-02", *NOW], "--on"),
        (["offer", "lakeshore", "--deadline", "2026-12-10", "--on", "2026-11-02", *NOW], "--on"),
        (["sent", "lakeshore", "thank-you", "--to", "Nobody", *NOW], "--to"),
        (["add", "--company", "X", "--date", "monday"], "--date"),
        (["add", "--timezone", "Mars/Base"], "--timezone"),
        (["add", "--contact", "Dana; email=not-an-email"], "--contact"),
    ],
)
def test_a_bad_option_value_is_a_usage_error(folder, args, option):
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert f"Invalid value for '{option}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_same_value_from_the_config_is_a_config_error(folder, isolated_config):
    (isolated_config / "config.toml").write_text('business_time = "25:99"\n')
    result = cli("plan", *NOW)
    assert result.exit_code == 6 and "'business_time' must be a time" in result.stderr


def test_add_accepts_now_and_reports_the_next_step(folder):
    result = cli(
        "add", "--company", "Hooli", "--role", "Platform Engineer", "--date", "2026-12-01 14:00",
        "--timezone", "Europe/Paris", "--contact", "Gavin Belson; CEO; gavin@hooli.example",
        "--now", "2026-12-01T16:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        "as 'hooli': the interview is Tue 2026-12-01 14:00 CET in Europe/Paris, 13:00 UTC on "
        "your clock (UTC); next: thank-you on Wed 2026-12-02 09:30 CET"
    ) in result.stdout


def _readme_exit_codes() -> dict[int, str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+?) \|", section, flags=re.M)
    return {int(code): meaning for code, meaning in rows}


def test_the_readme_exit_code_table_matches_what_commands_return(folder, tmp_path):
    from followcal import errors

    table = _readme_exit_codes()
    kinds = [getattr(errors, name) for name in dir(errors)]
    codes = {k.EXIT_CODE for k in kinds if isinstance(k, type) and hasattr(k, "EXIT_CODE")}
    assert codes <= set(table), codes - set(table)
    (tmp_path / "bad.toml").write_text("[[interview]]\ncompany = 1\n")
    (tmp_path / "mine.ics").write_text("my own\n")
    (tmp_path / "p.toml").write_text("title = 3\n")
    (tmp_path / "t").mkdir()
    cases = {
        0: ["validate", *NOW],
        1: ["offer", "lakeshore", "--deadline", "2026-12-20", "--verbal", *NOW],
        2: ["plan", "--now", "soon"],
        3: ["validate", str(tmp_path / "bad.toml")],
        4: ["plan", "--profile", str(tmp_path / "p.toml"), *NOW],
        7: ["generate", "-o", str(tmp_path / "mine.ics"), *NOW],
    }
    for code, args in cases.items():
        result = cli(*args)
        assert result.exit_code == code, (code, args, result.stderr)
    recorded = ["sent", "lakeshore", "thank-you", "--on", "2026-11-21", *NOW]
    assert cli(*recorded).exit_code == 0
    assert cli(*recorded).exit_code == 3  # already recorded: row 3 says so
    for code in (0, 1, 2, 3, 4, 5, 6, 7):
        assert code in table


# -- output ---------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_tables_fit_the_terminal_width(folder, columns):
    for command in (["plan", *NOW], ["agenda", "--days", "30", *NOW]):
        out = cli(*command, COLUMNS=str(columns)).stdout
        lines = out.splitlines()
        assert len(lines) > 3
        assert max(len(line) for line in lines) <= columns, out
    wide = cli("plan", *NOW, COLUMNS="300").stdout
    # Every row is still there: wrapping adds lines, never drops rows.
    assert wide.count("MISSED") == cli("plan", *NOW, COLUMNS="80").stdout.count("MISSED")


def test_no_colour_off_a_terminal_or_with_no_color_and_alerts_stand_out_on_one():
    from followcal.cli.rendering import use_color
    from followcal.output import plan_table
    from tests.helpers import interview, plan_for

    class Tty:
        def isatty(self) -> bool:
            return True

    assert use_color(Tty()) is True  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_COLOR", "1")
        assert use_color(Tty()) is False  # type: ignore[arg-type]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    actions = plan_for(interview(), now=datetime(2026, 12, 30, tzinfo=ZoneInfo("UTC")))
    coloured = plan_table(actions, width=80, color=True)
    assert "\x1b[" in coloured and click.unstyle(coloured) == plan_table(actions, width=80)
    assert "\x1b[1m\x1b[31mMISSED" in coloured or "\x1b[31m\x1b[1mMISSED" in coloured


def test_piped_output_and_no_color_have_no_escape_codes(folder):
    result = cli("plan", *NOW, NO_COLOR="1")
    assert "\x1b[" not in result.stdout and "\x1b[" not in result.stderr
    assert "\x1b[" not in cli("validate", "nope.toml").stderr


def test_an_empty_agenda_says_when_the_next_action_is(folder):
    result = cli("agenda", "--days", "1", "--now", "2026-11-17T08:00")
    assert result.exit_code == 0
    assert result.stdout == (
        "Nothing to do today or tomorrow. Next: Lakeshore Labs: thank-you email to Sam Taylor "
        "on Fri 2026-11-20 15:30 UTC (09:30 CST) (lakeshore-labs thank-you).\n"
    )
    closed = TWO_ACMES.replace(
        "\n[[interview.contacts]]", 'status = "rejected"\n\n[[interview.contacts]]'
    )
    write_interviews(folder, closed)
    later = cli("agenda", *NOW)
    assert later.stdout == "Nothing to do in the next 7 days, and nothing planned after that.\n"


# -- adding and starting --------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch):
    """A person at a terminal: CliRunner's input is then read as their answers."""
    monkeypatch.setattr("followcal.cli.asking.stdin_is_terminal", lambda: True)


def test_interactive_add_asks_every_field_and_checks_each_answer_as_typed(folder, terminal):
    answers = [
        "Hooli", "Platform Engineer",
        "Mars/Base", "Europe/Paris",            # a bad zone, asked again
        "monday", "2026-12-01 14:00",           # a bad date, asked again (on Paris's clock)
        "2026-11-01", "2026-12-08",             # a decision before the interview, asked again
        "the move to event sourcing",           # topic
        "Gavin Belson", "CEO",
        "gavin@", "gavin@hooli.example",        # a bad email, asked again
        "12", "+33 1 23 45 67 89",              # a bad phone, asked again
        "Mr Belson",                            # salutation
        "y",                                    # another contact
        "Monica Hall", "", "monica@hooli.example", "", "", "n",
        "the board demo", "",                   # what was discussed with each of the panel
        "klingon", "en",                        # Paris suggests French; Hooli writes English
        "Bring the benchmark numbers",          # notes
        "Richard Hendricks",                    # mutual connection
        "nope", "balanced",                     # a bad profile, asked again
        "fax", "email",                         # a bad channel, asked again
        "y",                                    # traditional
        "n",                                    # no contact
        "1 Hooli Way",                          # address (a traditional company gets letters)
        "Mountain View, CA 94043", "",          # its next line; Enter ends the address
    ]  # fmt: skip
    result = cli("add", "--now", "2026-11-30T08:00", stdin="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    for complaint in ("'monday' is not a date", "Mars/Base", "is before the interview",
                      "'gavin@' is not a valid email address", "'12'", "unknown profile",
                      "'fax' is not one of", "'klingon' is not a language"):  # fmt: skip
        assert complaint in result.stderr, complaint
    text = (folder / "interviews.toml").read_text()
    for line in (
        'company = "Hooli"', "date = 2026-12-01T14:00:00", 'timezone = "Europe/Paris"',
        "decision_by = 2026-12-08", 'topic = "the move to event sourcing"',
        'profile = "balanced"', 'channel = "email"', 'mutual_connection = "Richard Hendricks"',
        'address = """\n1 Hooli Way\nMountain View, CA 94043"""',
        'notes = "Bring the benchmark numbers"', "traditional = true",
        'email = "gavin@hooli.example"', 'phone = "+33 1 23 45 67 89"',
        'salutation = "Mr Belson"', 'name = "Monica Hall"', 'topic = "the board demo"',
        'language = "en"',
    ):  # fmt: skip
        assert line in text, line
    assert "What you discussed with Monica Hall" in result.stderr
    assert "no_contact" not in text and "as 'hooli'" in result.stdout


def test_no_message_names_the_extras_in_a_form_a_checkout_cannot_install():
    for path in (ROOT / "followcal").rglob("*.py"):
        assert "followcal[" not in path.read_text(), path  # from a checkout: '.[keyring]'


def test_make_sample_says_where_followcal_is():
    recipe = (ROOT / "Makefile").read_text().split("\nsample:", 1)[1].split("\n\n", 1)[0]
    assert "followcal is installed" in recipe and "$(abspath $(BIN))/followcal" in recipe


def test_every_field_a_person_fills_in_has_an_option():
    options = _options(_command("add"))
    for option in ("--company", "--role", "--date", "--timezone", "--decision-by", "--topic",
                   "--contact", "--notes", "--mutual-connection", "--profile", "--channel",
                   "--traditional", "--no-contact", "--address", "--country", "--round",
                   "--id", "--now", "--no-input", "-f"):  # fmt: skip
        assert option in options, option


def test_add_by_options_writes_every_field(folder):
    result = cli(
        "add", "--company", "Pied Piper", "--role", "CTO", "--date", "2026-12-02 10:00",
        "--timezone", "America/Los_Angeles", "--decision-by", "2026-12-09",
        "--topic", "compression at the edge", "--notes", "private", "--mutual-connection", "Jared",
        "--profile", "paced", "--channel", "phone", "--no-contact", "--traditional",
        "--address", "5230 Newell Road", "--contact",
        "Erlich Bachman; Founder; salutation=Mr Bachman; +1 650 555 0100",
        "--now", "2026-12-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = (folder / "interviews.toml").read_text()
    for line in ("no_contact = true", "traditional = true", 'channel = "phone"',
                 'salutation = "Mr Bachman"', 'phone = "+1 650 555 0100"', 'profile = "paced"',
                 'topic = "compression at the edge"'):  # fmt: skip
        assert line in text, line


@pytest.mark.parametrize("no_input", [True, False])
def test_add_without_a_terminal_never_asks_and_names_every_missing_option(folder, no_input):
    args = ["add", "--role", "Dev", *(["--no-input"] if no_input else [])]
    result = cli(*args, stdin="Hooli\n")
    assert result.exit_code == 2
    assert "missing --company, --date, --contact" in result.stderr
    assert "Company" not in result.stderr  # no question was asked
    assert (folder / "interviews.toml").read_text() == TWO_ACMES


def test_add_no_input_at_a_terminal_does_not_ask_either(folder, terminal):
    result = cli("add", "--no-input", "--company", "Hooli", stdin="x\n")
    assert result.exit_code == 2 and "missing --role, --date, --contact" in result.stderr


def test_add_keeps_the_id_an_earlier_interview_was_known_by(folder):
    head = TWO_ACMES.split('[[interview]]\ncompany = "Acme')[0]
    lakeshore = TWO_ACMES[TWO_ACMES.index('[[interview]]\ncompany = "Lakeshore') :]
    write_interviews(folder, head + lakeshore)
    assert {i["interview"] for i in planned()} == {"lakeshore-labs"}
    result = cli(
        "add", "--company", "Lakeshore Labs", "--role", "SRE", "--date", "2026-12-01 10:00",
        "--contact", "Kim; kim@lakeshore.example", *NOW,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Kept the id 'lakeshore-labs'" in result.stdout
    assert {i["interview"] for i in planned()} == {"lakeshore-labs", "lakeshore-labs-sre"}


def test_init_asks_for_your_details_at_a_terminal(tmp_path, terminal):
    path = tmp_path / "interviews.toml"
    answers = "Alex Morgan\nnot-an-email\nalex@example.com\nEurope/Berln\nEurope/Berlin\n" \
              "+1 212 555 0100\n"  # fmt: skip
    result = cli("init", str(path), stdin=answers)
    assert result.exit_code == 0, result.stderr
    assert "'not-an-email' is not a valid email address" in result.stderr
    assert "Europe/Berlin" in result.stderr  # the suggestion for the typo
    text = path.read_text()
    assert 'name = "Alex Morgan"' in text and 'timezone = "Europe/Berlin"' in text
    assert "\n[[interview]]" not in text and "# [[interview]]" in text


def test_init_reads_your_phone_in_your_zones_country(tmp_path, terminal):
    # People type their own number as they dial it at home: init asks the zone first and
    # reads the number there, as every command reads [candidate] phone afterwards.
    path = tmp_path / "interviews.toml"
    answers = "Sam Lee\nsam.lee@example.com\nAmerica/Toronto\n(416) 555 0199\n"
    result = cli("init", str(path), stdin=answers)
    assert result.exit_code == 0, result.stderr
    assert "no country code" not in result.stderr
    candidate = tomllib.loads(path.read_text())["candidate"]
    assert candidate["phone"] == "(416) 555 0199"
    assert candidate["timezone"] == "America/Toronto"


def test_init_without_a_country_never_points_at_an_interview(tmp_path, terminal):
    path = tmp_path / "interviews.toml"
    answers = "Sam Lee\nsam.lee@example.com\nEtc/UTC\n(416) 555 0199\n+1 416 555 0199\n"
    result = cli("init", str(path), stdin=answers)
    assert result.exit_code == 0, result.stderr
    assert "has no country code; write it with its country code" in result.stderr
    assert "interview" not in result.stderr
    assert tomllib.loads(path.read_text())["candidate"]["phone"] == "+1 416 555 0199"


def test_init_without_a_terminal_writes_placeholders_that_validate_reports(tmp_path):
    path = tmp_path / "interviews.toml"
    result = cli("init", str(path), stdin="Alex\n")
    assert result.exit_code == 0
    assert 'name = "[Your name]"' in path.read_text()
    empty = cli("validate", str(path), *NOW)
    assert empty.exit_code == 3 and "add one with 'followcal add'" in empty.stderr
    added = cli(
        "add", "-f", str(path), "--company", "Hooli", "--role", "Dev", "--date", "2026-12-01",
        "--timezone", "Europe/Paris", "--contact", "Gavin; gavin@hooli.example", *NOW,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    checked = cli("validate", str(path), *NOW)
    assert checked.exit_code == 3  # other commands warn; validate fails until they are replaced
    for key in ("name", "email", "phone"):
        assert f"field '{key}': still the placeholder that 'followcal init' wrote" in (
            checked.stderr
        )
    plan = cli("plan", "--json", "-f", str(path), *NOW)
    assert plan.exit_code == 0 and "placeholder" in plan.stderr
    assert "Acme" not in plan.stdout  # the example never reaches the plan
    text = path.read_text().replace("[Your name]", "Alex").replace("[your email]", "a@x.example")
    path.write_text(text.replace('"[your phone]"', '"+1 212 555 0100"'))
    assert cli("validate", str(path), *NOW).exit_code == 0


@pytest.mark.parametrize(
    "command",
    [["plan"], ["agenda"], ["validate"], ["generate"], ["sent", "x", "y"], ["status", "x", "offer"],
     ["draft", "x"], ["sync"], ["accept", "x"], ["inbox"], ["prepare"]],
)  # fmt: skip
def test_a_folder_without_an_interviews_file_says_how_to_start(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = cli(*command)
    assert result.exit_code == 3
    assert "no interviews file here: start one with 'followcal init'" in result.stderr
    assert not (tmp_path / "followups.ics").exists()


# -- one rule, one place --------------------------------------------------------------------


def test_dates_and_times_are_read_in_one_place_only():
    readers = ("fromisoformat", "isoparse", "strptime", "dateutil")
    for path in (ROOT / "followcal").rglob("*.py"):
        if path.name == "dates.py":
            continue
        text = path.read_text()
        assert not any(reader in text for reader in readers), path
    from followcal import editing, entries

    assert "derive_ids" in vars(entries) and "derive_ids" in vars(editing)  # one derivation


@pytest.mark.parametrize("text", ["2026-12-04 10:00", "2026-12-04T10:00", "2026-12-04T10:00:00"])
def test_the_same_date_text_works_in_files_and_on_the_command_line(folder, text):
    interview_date = text.replace("2026-12-04", "2026-11-19")
    body = TWO_ACMES.replace("date = 2026-11-19T10:00:00", f'date = "{interview_date}"')
    write_interviews(folder, body)
    assert cli("validate", "--now", text).exit_code == 0
    result = cli("sent", "lakeshore", "thank-you", "--on", text, "--now", text)
    assert result.exit_code == 0, result.stderr


def test_a_real_terminal_is_recognised_and_asked(tmp_path):
    """No stand-in: stdin is a pseudo-terminal, as when a person runs `followcal add`."""
    import os
    import pty
    import subprocess
    import sys

    controller, terminal_side = pty.openpty()
    answers = ["Hooli", "PE", "Europe/Paris", "2026-12-01 10:00", "", "", "Gavin", "",
               "gavin@hooli.example", "", "", "n", "en", "", "", "", "", "n", "n"]  # fmt: skip
    os.write(controller, ("\n".join(answers) + "\n").encode())
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "followcal", "add", "--now", "2026-11-30"],
        stdin=terminal_side, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60,
    )  # fmt: skip
    os.close(terminal_side)
    os.close(controller)
    assert done.returncode == 0, done.stderr
    assert "Company:" in done.stderr and "Add another contact?" in done.stderr
    assert 'email = "gavin@hooli.example"' in (tmp_path / "interviews.toml").read_text()


def test_an_id_in_its_long_form_still_names_the_interview(folder):
    """Ids people wrote down before ids became short, or that a larger set of files gives."""
    result = cli("status", "lakeshore-labs-platform-engineer-2026-11-19", "heard-back", *NOW)
    assert result.exit_code == 0, result.stderr
    assert "lakeshore-labs is now heard-back" in result.stdout
    longer = cli("sent", "acme-corp-data-engineer-2026-11-21", "call 2", "--on", "2026-12-20", *NOW)
    assert longer.exit_code == 0, longer.stderr


def test_add_says_a_file_problem_before_asking_anything(folder, terminal):
    broken = TWO_ACMES.replace('role = "Data Engineer"', 'role = "Data Engineer"\nduration = -5')
    write_interviews(folder, broken)
    result = cli("add", stdin="Hooli\n")
    assert result.exit_code == 3 and "duration" in result.stderr
    assert "Company" not in result.stderr  # nothing was asked, so nothing typed is lost
    fresh = folder / "fresh.toml"
    assert cli("init", str(fresh), "--no-input").exit_code == 0
    answers = ["Hooli", "PE", "Europe/Paris", "2026-12-01 10:00", "", "", "Gavin", "",
               "gavin@hooli.example", "", "", "n", "en", "", "", "", "", "n", "n"]  # fmt: skip
    added = cli("add", "-f", str(fresh), "--now", "2026-11-30", stdin="\n".join(answers) + "\n")
    assert added.exit_code == 0, added.stderr  # a new file from init has nothing to fix yet


def test_add_refuses_an_interview_already_in_the_file(folder):
    """Added twice, every message would be planned twice; the file stays as it was."""
    result = cli(
        "add", "--company", "acme corp", "--role", "Backend Engineer",
        "--date", "2026-11-20 14:00", "--contact", "Dana; dana@acme.example", *NOW,
    )  # fmt: skip
    assert result.exit_code == 3
    assert "already in the file as 'acme-corp-backend-engineer'" in result.stderr
    assert (folder / "interviews.toml").read_text() == TWO_ACMES
    later = cli(
        "add", "--company", "Acme Corp", "--role", "Backend Engineer", "--round", "2",
        "--date", "2026-11-20 14:00", "--contact", "Dana; dana@acme.example", *NOW,
    )  # fmt: skip
    assert later.exit_code == 0, later.stderr


def test_interactive_add_says_it_is_a_duplicate_before_asking_more(folder, terminal):
    result = cli("add", stdin="Acme Corp\nBackend Engineer\n\n2026-11-20 14:00\n")
    assert result.exit_code == 3 and "already in the file" in result.stderr
    assert "decide" not in result.stderr  # asked no further question
    assert (folder / "interviews.toml").read_text() == TWO_ACMES


def test_status_before_the_interview_is_recorded(folder):
    """A company may cancel, or you may withdraw, before the interview has happened."""
    result = cli("status", "lakeshore", "withdrawn", "--yes", "--now", "2026-11-10T08:00")
    assert result.exit_code == 0, result.stderr
    assert "lakeshore-labs is now withdrawn" in result.stdout
    assert "status_date = 2026-11-10" in (folder / "interviews.toml").read_text()


def test_each_draft_says_who_it_is_for(folder):
    """Two drafts of one step differ only by their greeting: the header names the person."""
    result = cli("draft", "acme-corp-b", "thank-you", *NOW)
    assert result.exit_code == 0, result.stderr
    headers = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert headers == ["# Fri 2026-11-20 21:00 UTC (thank-you) to Dana Smith <dana@acme.example>"]


def test_interactive_add_offers_your_own_zone_for_the_company(tmp_path, terminal):
    path = write_interviews(
        tmp_path, '[candidate]\nname = "Alex Morgan"\ntimezone = "America/Toronto"\n'
    )
    answers = ["Hooli", "PE", "", "2026-12-01 10:00", "", "", "Gavin", "",
               "gavin@hooli.example", "", "", "n", "", "", "", "", "n", "n"]  # fmt: skip
    added = cli("add", "-f", str(path), "--now", "2026-11-30", stdin="\n".join(answers) + "\n")
    assert added.exit_code == 0, added.stderr
    assert "[America/Toronto]" in added.stderr  # the default shown at the question
    assert 'timezone = "America/Toronto"' in path.read_text().split("[[interview]]")[1]


def test_add_takes_a_zone_typed_in_lower_case_and_writes_its_own_spelling(tmp_path):
    path = tmp_path / "interviews.toml"
    result = cli(
        "add", "-f", str(path), "--company", "Initech", "--role", "Developer",
        "--date", "2026-12-01 14:00", "--timezone", "america/chicago",
        "--contact", "Bill Lumbergh; bill@initech.example", *NOW,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads(path.read_text())["interview"][0]["timezone"] == "America/Chicago"
