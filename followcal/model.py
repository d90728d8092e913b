"""The data that flows through followcal: entries in, dated actions out, and the one
vocabulary they are written in.

Plain frozen dataclasses, no behaviour beyond small derived values and predicates, so every
layer can import them without pulling in anything heavy. Each word a file, a profile or an
option may use (a status, a channel, a step's kind, an action's state) is a `Literal` type
here, with its tuple for the readers' checks derived from it: mypy then catches a misspelt
state anywhere it is compared or assigned.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal, get_args

# An interview's status. "accepted": the offer taken (`followcal accept`), which closes every
# other interview.
Status = Literal["waiting", "heard-back", "offer", "rejected", "withdrawn", "accepted"]
STATUSES: tuple[Status, ...] = get_args(Status)
# Where the company has not decided yet, so an email from it may still change the status.
UNDECIDED_STATUSES: tuple[Status, ...] = ("waiting", "heard-back")
# Where the company may still hire you: accepting another offer closes it with a withdrawal.
CONSIDERING_STATUSES: tuple[Status, ...] = ("waiting", "heard-back", "offer")

# How a step reaches the company; an entry may ask for the first three only.
Channel = Literal["email", "phone", "letter", "card", "none"]
CHANNELS: tuple[Channel, ...] = get_args(Channel)
EntryChannel = Literal["email", "phone", "letter"]
ENTRY_CHANNELS: tuple[EntryChannel, ...] = get_args(EntryChannel)

StepKind = Literal[
    "thank-you", "follow-up", "call", "move-on", "check-status", "offer-news", "withdrawal"
]
STEP_KINDS: tuple[StepKind, ...] = get_args(StepKind)
# The steps that write to or call the company (the others are private reminders).
OUTREACH_KINDS: tuple[StepKind, ...] = (
    "thank-you", "follow-up", "call", "offer-news", "withdrawal",
)  # fmt: skip
# Counted towards a profile's follow-up limit, and numbered (1/2, 2/2).
FOLLOW_UP_KINDS: tuple[StepKind, ...] = ("follow-up", "call")
# Who a step goes to: everyone in one message, each person separately, or the first only.
Recipients = Literal["each", "all", "first"]
RECIPIENTS: tuple[Recipients, ...] = get_args(Recipients)

# Where a planned action stands. open: still to do; missed: its moment passed unrecorded;
# done: recorded as sent (`followcal sent`); cancelled: it left the plan (a status changed,
# a later round), so calendars remove it.
ActionState = Literal["open", "missed", "done", "cancelled"]
ACTION_STATES: tuple[ActionState, ...] = get_args(ActionState)

# Every UID we make lives under this suffix: it is how sync recognizes its own objects.
UID_DOMAIN = "followcal"
# uuid5(NAMESPACE_DNS, "followcal.invalid"), written out: computing it at import would load
# hashlib into every start-up, `followcal --help` included (a test checks the two agree).
_UID_NAMESPACE = uuid.UUID("db7d4464-5360-51bd-b8ad-0f586ac4225e")


@dataclass(frozen=True)
class Contact:
    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    # What messages may say to this person: the exact greeting ("Dr Lim", "John"), and the
    # detail that completes "our conversation about ..." when it was theirs alone.
    salutation: str | None = None
    topic: str | None = None
    address: str | None = None  # postal, several lines: for letters and cards
    # An agency recruiter: the client company they recruit for, the employer messages name.
    recruiter_for: str | None = None
    # ISO 639-1: this person is written to in another language than the interview's
    language: str | None = None


# The [candidate] keys, in the interviews file and the config.
CANDIDATE_FIELDS = ("name", "email", "phone", "signature", "timezone", "address", "language")


@dataclass(frozen=True)
class Candidate:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    signature: str | None = None
    timezone: str | None = None  # where you are: your reminders ring in your waking hours
    address: str | None = None  # your postal address, several lines: atop your letters
    # ISO 639-1: the default for messages, and what your own notes and hints are written in
    language: str | None = None


@dataclass(frozen=True)
class Interview:
    id: str
    company: str
    role: str
    start: datetime  # aware, in the company's zone
    timezone: str
    contacts: tuple[Contact, ...]
    source: str  # the file it came from, for messages
    # Where the company is: ISO 3166-1 code with an optional subdivision ("US-CA", "GB-SCT");
    # the entry's `country`, else the country of its time zone, else None (a zone like UTC).
    country: str | None = None
    duration: timedelta = timedelta(hours=1)
    decision_by: date | None = None
    profile: str | None = None
    channel: EntryChannel | None = None
    no_contact: bool = False
    traditional: bool = False
    notes: str | None = None  # private: shown in the event, never quoted in a message
    topic: str | None = None  # completes "our conversation about ..." in the messages
    address: str | None = None  # the company's postal address, for letters and cards
    mutual_connection: str | None = None
    status: Status = "waiting"
    follow_up_gap_days: int | None = None
    round: int = 1
    # What happened since: filled in by `followcal sent`, `status` and `offer`.
    sent: Mapping[str, datetime] = field(default_factory=dict)
    # Steps done for some people only (`sent --to`): step id -> contact name -> when.
    sent_to: Mapping[str, Mapping[str, datetime]] = field(default_factory=dict)
    status_date: date | None = None
    offer_deadline: date | None = None
    offer_written: bool = False
    # From the mailbox (`followcal inbox --apply`): the day a contact said they are back
    # (outreach waits until the business morning after), and the Message-IDs already applied.
    back_on: date | None = None
    mail_seen: tuple[str, ...] = ()
    # Closed by `followcal accept` of another offer: a short withdrawal email tells them.
    accepted_elsewhere: bool = False
    # ISO 639-1: the language the messages to this company are written in (None: yours)
    language: str | None = None

    @property
    def end(self) -> datetime:
        return _later(self.start, self.duration)

    @property
    def awaiting_answer(self) -> bool:
        """You wait on the company's answer: followcal keeps following up."""
        return self.status == "waiting"

    @property
    def undecided(self) -> bool:
        """The company has not decided (it may have replied): its mail may change that."""
        return self.status in UNDECIDED_STATUSES

    @property
    def considering(self) -> bool:
        """The company may still hire you: taking another offer means telling it."""
        return self.status in CONSIDERING_STATUSES

    def sent_for(self, step_id: str, contact: Contact) -> datetime | None:
        """When this step was done for this person: for everyone, or for them alone."""
        whole = self.sent.get(step_id)
        if whole is not None:
            return whole
        return self.sent_to.get(step_id, {}).get(contact.name.casefold())

    @property
    def country_code(self) -> str | None:
        """The ISO 3166-1 alpha-2 part of `country` ("US" for "US-CA"): a phone region."""
        return self.country.partition("-")[0] if self.country else None


@dataclass(frozen=True)
class Timing:
    """When a step falls: `days` after its anchor, kept inside `window` (days) if given."""

    days: int
    window: tuple[int, int] | None = None


@dataclass(frozen=True)
class Step:
    id: str
    kind: StepKind
    channel: Channel
    template: str
    recipients: Recipients = "all"
    after_decision: Timing | None = None
    after_interview: Timing | None = None
    after_previous: Timing | None = None
    use_follow_up_gap: bool = False
    time: str = "business"  # "business", "after-interview" or "HH:MM"
    within_hours: int | None = None
    weekdays_only: bool = True
    promises_call: bool = False
    alarm_minutes: int = 15
    # None: 30 minutes for outreach (a week view shows it), 15 for a private reminder.
    duration_minutes: int | None = None
    avoid_days_after_interview: tuple[int, ...] = ()
    if_traditional: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_outreach(self) -> bool:
        return self.kind in OUTREACH_KINDS

    @property
    def length_minutes(self) -> int:
        """How long the event lasts: a week view cannot show a 15-minute block's title."""
        if self.duration_minutes is not None:
            return self.duration_minutes
        return 30 if self.is_outreach else 15

    @property
    def is_follow_up(self) -> bool:
        """Counts towards the profile's follow-up limit and is numbered (1/2, 2/2)."""
        return self.kind in FOLLOW_UP_KINDS


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str
    steps: tuple[Step, ...]
    no_contact: Step
    max_follow_ups: int
    source: str


@dataclass(frozen=True)
class Action:
    """One thing to do at one moment: a step of a profile applied to one interview."""

    interview: Interview
    step: Step  # with the entry's channel and traditional overrides already applied
    contacts: tuple[Contact, ...]
    start: datetime  # aware, in the interview's zone
    number: int = 0  # follow-up number (1, 2, ...); 0 for thank-yous and private reminders
    of: int = 0  # how many follow-ups the plan holds for this interview
    state: ActionState = "open"
    per_contact: bool = False
    offer_from: Interview | None = None  # for offer-news: the interview that made the offer
    # Why the planner moved it from where its profile puts it (a holiday, the week between
    # messages, your night): shown by `plan` and in the event.
    reason: str | None = None
    # When the message itself should go, where the event (your reminder) comes earlier: an
    # email due in your night is prepared the evening before and scheduled to send.
    send_at: datetime | None = None
    # A problem the planner could not solve (a call with no hour inside both days).
    flag: str | None = None
    alarm_before: int | None = None  # minutes; overrides the step's when the planner moved it

    @property
    def uid(self) -> str:
        who = self.contacts[0].name.casefold() if self.per_contact else "all"
        if self.per_contact:
            contact = self.contacts[0]
            namesakes = [c for c in self.interview.contacts if c.name.casefold() == who]
            if len(namesakes) > 1:
                # Two people of one name on one panel: each needs an event of their own. Only
                # then is more than the name used, so that every other UID stays as it was.
                place = next((i for i, c in enumerate(namesakes) if c is contact), 0)
                who += f"/{contact.email or contact.phone or place}".casefold()
        step = self.step.id + (f"/{self.offer_from.id}" if self.offer_from else "")
        key = f"{self.interview.id}/{step}/{who}"
        return f"{uuid.uuid5(_UID_NAMESPACE, key)}@{UID_DOMAIN}"

    @property
    def end(self) -> datetime:
        return _later(self.start, timedelta(minutes=self.step.length_minutes))

    @property
    def alarm_minutes(self) -> int:
        return self.step.alarm_minutes if self.alarm_before is None else self.alarm_before

    @property
    def alarm(self) -> datetime:
        """When the reminder rings (real elapsed time before the start)."""
        return self.start - timedelta(minutes=self.alarm_minutes)

    @property
    def sends(self) -> datetime:
        """When the message goes (or the call is made): `send_at`, else the start."""
        return self.send_at or self.start

    # Predicates on `state`, the one field that says where an action stands.
    @property
    def is_open(self) -> bool:
        """Still to do: neither passed, nor done, nor cancelled."""
        return self.state == "open"

    @property
    def missed(self) -> bool:
        """Its moment passed and it was not recorded as sent."""
        return self.state == "missed"

    @property
    def done(self) -> bool:
        return self.state == "done"

    @property
    def cancelled(self) -> bool:
        return self.state == "cancelled"

    @property
    def retired(self) -> bool:
        """Done or cancelled: a calendar keeps it only as a cancellation."""
        return self.state in ("done", "cancelled")


def _later(moment: datetime, elapsed: timedelta) -> datetime:
    """`moment` plus real elapsed time, in its own zone. Python adds to an aware datetime on
    the wall clock, which is an hour off across a daylight-saving change."""
    return (moment.astimezone(UTC) + elapsed).astimezone(moment.tzinfo)
