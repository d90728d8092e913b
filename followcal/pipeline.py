"""One run's data flow, shared by every command: files -> entries -> plan -> drafts.

Options resolve in the order a user expects: command line (or FOLLOWCAL_* variables), then
the config file, then built-in defaults.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from followcal.config import Config, parse_span
from followcal.dates import DATETIME_EXAMPLE, parse_clock, parse_moment
from followcal.entries import CANDIDATE_PLACEHOLDERS, Entries, load_entries
from followcal.errors import (
    ConfigError,
    FollowcalError,
    InputError,
    OptionError,
    Problem,
    ProfileError,
)
from followcal.model import Action, Candidate, Interview, Profile
from followcal.planning import PlanSettings, plan, steps_for
from followcal.profiles import DEFAULT_PROFILE, ProfileLibrary
from followcal.regions import zone_region
from followcal.timezones import resolve_zone, system_zone_name

if TYPE_CHECKING:
    from followcal.daysoff import DaysOff
    from followcal.messages import DraftedAction

DEFAULT_INTERVIEWS_FILE = "interviews.toml"


@dataclass(frozen=True)
class RunOptions:
    inputs: tuple[Path, ...] = ()
    profile: str | None = None
    now: str | None = None
    tz: str | None = None
    business_time: str | None = None
    holidays: str | None = None
    date_format: str | None = None
    # The zone of each company (by name, case ignored) whose spreadsheet rows give none, as
    # the person answered at a terminal (`import`).
    sheet_zones: Mapping[str, str] | None = None


@dataclass
class Run:
    config: Config
    entries: Entries
    actions: list[Action]
    now: datetime
    zone_name: str
    my_zone_name: str  # the candidate's own zone: reminders and `plan` use it
    warnings: list[str] = field(default_factory=list)

    @property
    def open_actions(self) -> list[Action]:
        """What is still to do: the reminders a calendar should carry."""
        return [action for action in self.actions if action.is_open]

    @property
    def calendar_actions(self) -> list[Action]:
        """For a calendar file: the open actions, plus future ones that are now done or
        cancelled, written as cancellations so that clients honouring updates drop them."""
        return [
            action
            for action in self.actions
            if action.is_open or (action.retired and action.start >= self.now)
        ]

    @property
    def visible_actions(self) -> list[Action]:
        """For `plan` and `draft`: everything but cancellations (they left the plan)."""
        return [action for action in self.actions if not action.cancelled]

    def interview(self, interview_id: str) -> Interview:
        """The entry with this (resolved) id."""
        return next(i for i in self.entries.interviews if i.id == interview_id)

    @property
    def candidate(self) -> Candidate | None:
        """You, as your messages sign: the interviews file's [candidate], else the config's,
        with your zone filled in (your own number is read in your country)."""
        candidate = candidate_of(self.entries, self.config)
        if candidate and not candidate.timezone:
            candidate = replace(candidate, timezone=self.my_zone_name)
        return candidate

    def drafts(self, actions: Sequence[Action] | None = None) -> list[DraftedAction]:
        from followcal.drafting import make_environment
        from followcal.messages import draft_actions

        folder = self.config.templates_folder
        env = make_environment(folder if folder.is_dir() else None)
        candidate = self.candidate
        chosen = self.actions if actions is None else actions
        return draft_actions(chosen, env, candidate, plan=self.actions)


def candidate_of(entries: Entries, config: Config) -> Candidate | None:
    """The interviews file's [candidate] table, else the config's: the one fallback."""
    return entries.candidate or config.candidate


def default_inputs(config: Config) -> tuple[Path, ...]:
    return (Path(config.interviews_file or DEFAULT_INTERVIEWS_FILE).expanduser(),)


def _bad_value(option: str | None, config_key: str, message: str) -> FollowcalError:
    """A bad value from the command line is a usage error; from the config, a config error."""
    if option:
        return OptionError(option, message)
    return ConfigError(f"config: {config_key}: {message}")


def parse_now(text: str | None, zone_name: str) -> datetime:
    zone = resolve_zone(zone_name)
    if not text:
        return datetime.now(zone).replace(microsecond=0)
    try:
        value = parse_moment(text)
    except ValueError:
        raise OptionError("--now", f"'{text}' is not a date-time like {DATETIME_EXAMPLE}") from None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def _business_time(text: str | None, option: str | None) -> time:
    if not text:
        return time(9, 30)
    try:
        return parse_clock(text)
    except ValueError as err:
        raise _bad_value(option, "business_time", str(err)) from None


def _days_off(option: str | None, config: Config, from_option: bool) -> DaysOff:
    """Holidays: each company's own country, or `--holidays XX` for all, or `none`."""
    from followcal.daysoff import DEFAULT_QUIET_PERIODS, DaysOff, QuietPeriod, is_supported

    quiet = (
        DEFAULT_QUIET_PERIODS
        if config.quiet_periods is None
        else tuple(QuietPeriod.parse(text) for text in config.quiet_periods)
    )
    if not option:
        return DaysOff(quiet)
    if option.strip().lower() == "none":
        return DaysOff(quiet, holidays=False)
    code = option.strip().upper()
    if not is_supported(code):
        raise _bad_value(
            "--holidays" if from_option else None,
            "holidays",
            f"unknown country or region '{option}'",
        )
    return DaysOff(quiet, country=code)


def _span(text: str | None, default: tuple[time, time], what: str) -> tuple[time, time]:
    if not text:
        return default
    try:
        return parse_span(text)
    except ValueError as err:
        raise ConfigError(f"{what}: {err}") from None


def candidate_zone_name(candidate: Candidate | None, options: RunOptions, config: Config) -> str:
    """Your own zone: [candidate] timezone (the interviews file's, else the config's), else
    --tz, else the config's `timezone`, else the system's."""
    return (
        (candidate.timezone if candidate else None)
        or (config.candidate.timezone if config.candidate else None)
        or options.tz
        or config.timezone
        or system_zone_name()
    )


_log = logging.getLogger(__name__)


def _log_run(
    options: RunOptions,
    config: Config,
    zone_name: str,
    entries: Entries,
    actions: Sequence[Action],
    now: datetime,
    my_zone_name: str,
) -> None:
    """-v: what was read and decided; -vv: each planned action and why it moved."""
    if not _log.isEnabledFor(logging.INFO):
        return
    source = "--tz" if options.tz else "config" if config.timezone else "this computer"
    _log.info("config: %s (%s)", config.path, "read" if config.path.exists() else "none")
    _log.info("zone for entries without one: %s (%s)", zone_name, source)
    files = ", ".join(str(p) for p in options.inputs or default_inputs(config))
    _log.info("read %d interview(s) from %s", len(entries.interviews), files)
    _log.info("planned %d action(s) as of %s (your zone %s)", len(actions), now, my_zone_name)
    for action in actions:
        why = f" ({action.reason})" if action.reason else ""
        _log.debug(
            "%s %s: %s%s", action.interview.id, action.step.id, action.start.isoformat(), why
        )


def prepare(options: RunOptions, config: Config) -> Run:
    zone_name = options.tz or config.timezone or system_zone_name()

    try:
        resolve_zone(zone_name)
    except ValueError as err:
        raise _bad_value("--tz" if options.tz else None, "timezone", str(err)) from None
    library = ProfileLibrary(config.profiles_folder)
    fallback = options.profile or config.profile or DEFAULT_PROFILE
    library.get(fallback)  # an unknown --profile is the user's option, not an entry's field
    entries = load_entries(
        options.inputs or default_inputs(config),
        zone_name,
        date_format=options.date_format or config.date_format,
        check_profile=lambda name: _profile_problem(library, name),
        zone_is_a_guess=not (options.tz or config.timezone),
        sheet_zones=options.sheet_zones,
    )
    candidate = candidate_of(entries, config)
    my_zone_name = candidate_zone_name(candidate, options, config)
    try:
        my_zone = resolve_zone(my_zone_name)
    except ValueError as err:
        raise ConfigError(f"[candidate] timezone: {err}") from None
    now = parse_now(options.now, my_zone.key)
    profiles = _profiles_by_entry(entries.interviews, library, fallback)
    settings = PlanSettings(
        now=now,
        business_time=_business_time(
            options.business_time or config.business_time,
            "--business-time" if options.business_time else None,
        ),
        business_hours=_span(config.business_hours, (time(9), time(17)), "business_hours"),
        waking_hours=_span(config.waking_hours, (time(7), time(22)), "waking_hours"),
        candidate_zone=my_zone,
        home_country=zone_region(my_zone.key),
        days_off=_days_off(options.holidays or config.holidays, config, bool(options.holidays)),
    )
    actions = plan(entries.interviews, lambda interview: profiles[interview.id], settings)
    _log_run(options, config, zone_name, entries, actions, now, my_zone.key)
    run = Run(config, entries, actions, now, zone_name, my_zone.key)
    if not candidate:
        run.warnings.append(
            "no [candidate] details in the interviews file or the config: drafts say "
            "'[Your name]' where your name and contact details belong"
        )
    run.warnings += [str(warning) for warning in entries.warnings]
    run.warnings += _candidate_phone_warnings(candidate, my_zone.key)
    run.warnings += _reachability_warnings(actions)
    run.warnings += _greeting_warnings(entries.interviews)
    run.warnings += _panel_warnings(actions)
    run.warnings += _address_warnings(actions)
    run.warnings += _return_address_warnings(actions, candidate)
    run.warnings += _gap_warnings(entries.interviews, profiles)
    run.warnings += _plan_flags(actions)
    return run


def _plan_flags(actions: Sequence[Action]) -> list[str]:
    return sorted(
        {
            f"{action.interview.source}, entry {action.interview.id}: {action.step.id}: "
            f"{action.flag}"
            for action in actions
            if action.flag and action.is_open
        }
    )


def _gap_warnings(interviews: Sequence[Interview], profiles: dict[str, Profile]) -> list[str]:
    """follow_up_gap_days spaces a second follow-up from the first: without one, say so."""
    warnings = []
    for interview in interviews:
        if not interview.follow_up_gap_days or interview.no_contact:
            continue
        profile = profiles[interview.id]
        if sum(1 for step in steps_for(interview, profile) if step.is_follow_up) < 2:
            warnings.append(
                f"{interview.source}, entry {interview.id}, field 'follow_up_gap_days': it has "
                f"no effect, because the '{profile.name}' profile plans no follow-up after the "
                "first; choose a profile with more (standard, balanced, paced, persistent)"
            )
    return warnings


def _profile_problem(library: ProfileLibrary, name: str) -> str | None:
    """Why an entry's profile cannot be used (reported with the entry's other problems)."""
    try:
        library.get(name)
    except ProfileError as err:
        return str(err)
    return None


def _profiles_by_entry(
    interviews: Sequence[Interview], library: ProfileLibrary, fallback: str
) -> dict[str, Profile]:
    """Each entry's profile; every unknown name is reported at once, against its entry."""
    problems: list[Problem] = []
    chosen: dict[str, Profile] = {}
    for interview in interviews:
        try:
            chosen[interview.id] = library.get(interview.profile or fallback)
        except ProfileError as err:
            problems.append(Problem(interview.source, str(err), interview.id, "profile"))
    if problems:
        raise InputError(problems)
    return chosen


def _address_warnings(actions: Sequence[Action]) -> list[str]:
    """A letter or card needs a postal address: one per open step that has none."""
    from followcal.messages import names, postal_address

    warnings = []
    for action in actions:
        posted = action.step.channel in ("letter", "card")
        if action.is_open and posted and postal_address(action) is None:
            interview = action.interview
            warnings.append(
                f"{interview.source}, entry {interview.id}: the {action.step.id} "
                f"{action.step.channel} to {names(action.contacts)} has no postal address; "
                "add `address` to the interview (the company's) or to the contact"
            )
    return sorted(set(warnings))


def _return_address_warnings(actions: Sequence[Action], candidate: Candidate | None) -> list[str]:
    """A posted letter carries the sender's address, so that they can answer by post."""
    if candidate and candidate.address:
        return []
    letters = sorted({a.interview.id for a in actions if a.is_open and a.step.channel == "letter"})
    if not letters:
        return []
    return [
        f"your letters ({', '.join(letters)}) have no return address: add `address` "
        "under [candidate] in the interviews file or the config"
    ]


def _candidate_phone_warnings(candidate: Candidate | None, my_zone_name: str) -> list[str]:
    """Your number goes into messages abroad: one that cannot be read cannot be rewritten
    so that they can dial it."""
    from followcal.phones import parse_phone
    from followcal.timezones import zone_country

    if not candidate or not candidate.phone or candidate.phone == CANDIDATE_PLACEHOLDERS["phone"]:
        return []
    region = zone_country(candidate.timezone or my_zone_name)
    try:
        parse_phone(candidate.phone, region)
    except ValueError as err:
        return [
            f"[candidate] phone: {err} (read as dialled in {region or 'no country'}); messages "
            "abroad need a number they can dial: write it with its country code"
        ]
    return []


def _greeting_warnings(interviews: Sequence[Interview]) -> list[str]:
    """Once per person whose short name is uncertain ("María José García López"): emails
    greet them in full and call scripts leave the name out until `salutation` says it."""
    from followcal.names import display_name, guessed_in_full

    warnings = []
    for interview in interviews:
        if interview.status != "waiting":
            continue
        for contact in interview.contacts:
            if guessed_in_full(contact):
                warnings.append(
                    f"{interview.source}, entry {interview.id}: how should messages greet "
                    f"{display_name(contact)}? Set `salutation` for them (like 'María José' or "
                    "'Dr García'); until then emails use the whole name and calls none"
                )
    return sorted(set(warnings))


def _panel_warnings(actions: Sequence[Action]) -> list[str]:
    """A panel compares notes: thank-yous written to each person should not be the same
    letter under different greetings. Each needs their own `topic`."""
    from followcal.messages import names

    by_step: dict[tuple[str, str], list[Action]] = {}
    for action in actions:
        if action.is_open and action.per_contact and action.step.kind == "thank-you":
            by_step.setdefault((action.interview.id, action.step.id), []).append(action)
    warnings = []
    for (_, step_id), group in sorted(by_step.items()):
        topics = [a.contacts[0].topic for a in group]
        same = [a.contacts[0] for a, topic in zip(group, topics, strict=True)
                if topics.count(topic) > 1]  # fmt: skip
        if len(group) > 1 and same:
            interview = group[0].interview
            warnings.append(
                f"{interview.source}, entry {interview.id}: the {step_id} messages to "
                f"{names(same)} would be identical but for the greeting; give each contact "
                "their own `topic` (what you discussed with them)"
            )
    return warnings


def _reachability_warnings(actions: Sequence[Action]) -> list[str]:
    warnings = []
    for action in actions:
        if not action.is_open:
            continue
        needed = {"email": "email", "phone": "phone"}.get(action.step.channel)
        if needed and not any(getattr(c, needed) for c in action.contacts):
            who = ", ".join(c.name for c in action.contacts)
            warnings.append(
                f"{action.interview.source}, entry {action.interview.id}: "
                f"{who} has no {needed} for the {action.step.id} step"
            )
    return sorted(set(warnings))
