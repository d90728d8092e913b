"""The generic sync properties, on the Google emulation (tests/google_emulator.py).

Hypothesis drives the user's entries (added, moved, closed), the user's edits in Google's
web UI, foreign events, a lost sync state, a second device with no state of its own,
rate-limit bursts and ghosts. After every step: nothing foreign or user-edited is lost and no
UID is stored twice. After every sync: the calendar converges on the plan, except events
followcal cannot tell it wrote (its state lost and the event not what the plan wants), which
are left alone and reported, never overwritten or doubled.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from followcal.sync import SyncTarget, sync_calendar
from followcal.sync.lossy import content_of
from tests.google_emulator import TOKEN, GoogleEmulator, quota_burst
from tests.radicale_server import RadicaleServer
from tests.test_sync import FOREIGN_ICS, make_item, parse

pytestmark = pytest.mark.server

NUMBERS = st.integers(min_value=1, max_value=4)


@pytest.fixture(scope="module")
def emulator_on_tmpfs() -> Iterator[GoogleEmulator]:
    shm = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(prefix="followcal-g-", dir=shm if shm.is_dir() else None))
    server = RadicaleServer(root=root)
    server.start()
    emulator = GoogleEmulator(server).start()
    try:
        yield emulator
    finally:
        emulator.stop()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


class GoogleMachine(RuleBasedStateMachine):
    google: GoogleEmulator

    def __init__(self) -> None:
        super().__init__()
        radicale = self.google.radicale
        slug = "gm-" + uuid.uuid4().hex[:12]
        radicale.calendar_url = radicale.make_calendar(slug, slug)
        self.google.quiet()
        self.states = [tempfile.mkdtemp(prefix="followcal-gm-") for _ in range(2)]
        self.desired: dict[str, icalendar.Calendar] = {}
        self.interviews: set[str] = set()
        self.versions: dict[int, int] = {}
        self.user_edited: dict[str, str] = {}
        self.foreign: dict[str, bytes] = {}
        # Per device: steps whose stored event it cannot tell it wrote (its state lost, or
        # another device wrote another plan), what it last saw of ours (None: remembers
        # nothing), and the steps it remembers being on the server.
        self.in_doubt: list[set[str]] = [set(), set()]
        self.seen: list[dict[str, str] | None] = [None, None]
        self.steps: list[set[str] | None] = [None, None]

    def target(self, device: int) -> SyncTarget:
        return SyncTarget(
            url=self.google.url(self.google.radicale.calendar_url),
            token=TOKEN,
            server="google",
            timeout=30,  # a loaded CI machine, not a slow server, is what this allows for
            state_dir=self.states[device],
        )

    @rule(n=NUMBERS)
    def add_or_move_an_entry(self, n: int) -> None:
        self.versions[n] = self.versions.get(n, -1) + 1
        uid, cal = make_item(n, summary=f"Follow up with company {n}, v{self.versions[n]}")
        self.desired[uid] = cal
        self.interviews.add(f"interview-{n}")

    @rule(n=NUMBERS)
    def close_an_interview(self, n: int) -> None:
        self.desired.pop(f"step-{n:04d}@followcal", None)

    @rule(n=NUMBERS)
    def user_edits_in_the_web_ui(self, n: int) -> None:
        uid = f"step-{n:04d}@followcal"
        if uid not in self.stored():
            return
        summary = f"My own words {n}, {uuid.uuid4().hex[:4]}"
        self.google.web_edit(
            uid, lambda comp: comp.__setitem__("SUMMARY", icalendar.vText(summary))
        )
        self.user_edited[uid] = summary

    @rule(k=st.integers(min_value=1, max_value=2))
    def a_foreign_event_appears(self, k: int) -> None:
        href = self.google.radicale.calendar_url + f"dentist-{k}.ics"
        if href in self.foreign:
            return
        ics = FOREIGN_ICS.replace("dentist-42@example.com", f"dentist-{k}@example.com")
        self.google.radicale.put_object(href, ics, create=True)
        self.foreign[href] = self.google.radicale.objects()[href].data.encode()

    @rule(device=st.integers(min_value=0, max_value=1))
    def a_device_loses_its_state(self, device: int) -> None:
        shutil.rmtree(self.states[device], ignore_errors=True)
        self.seen[device] = self.steps[device] = None

    @rule()
    def bursts_and_ghosts_begin(self) -> None:
        self.google.burst_every, self.google.burst = 2, quota_burst(wait="0")
        path = self.google.radicale.path_of(self.google.radicale.calendar_url)
        self.google.ghosts = [path + "x_R20180213T171500%40google.com.ics"]

    @rule(device=st.integers(min_value=0, max_value=1))
    def sync(self, device: int) -> None:
        before = self.stored()
        doubt, seen = self.in_doubt[device], self.seen[device]
        for uid, comp in before.items():
            # What changed since this device last looked, and is not what the plan wants, is
            # indistinguishable from a user's edit (another device's write of another plan,
            # or anything at all when this device remembers nothing): in doubt.
            plan = self.desired.get(uid)
            moved_on = seen is None or seen.get(uid) != content_of(comp)
            if uid.endswith("@followcal") and moved_on and not (plan and self.holds(comp, plan)):
                doubt.add(uid)
        # A step this device saw on the server, gone since: another copy's doing, not undone.
        not_back = (self.steps[device] or set()) - set(before)
        report = sync_calendar(
            self.target(device), self.desired, interviews=self.interviews, allow_deletions=True
        )
        after = self.stored()
        for uid in doubt | set(self.user_edited):
            if uid in before:
                assert after.get(uid) is not None and (
                    after[uid].to_ical() == before[uid].to_ical()
                ), f"{uid} was changed though followcal could not tell it wrote it"
        for uid in set(self.desired) - doubt - set(self.user_edited) - not_back:
            assert uid in after, (uid, report)
            assert self.holds(after[uid], self.desired[uid]), uid
        ours = {uid for uid in after if uid.endswith("@followcal")}
        assert ours <= set(self.desired) | doubt | set(self.user_edited)
        for uid in list(doubt):  # holds what the plan wants: adopted again
            plan = self.desired.get(uid)
            if plan is not None and uid in after and self.holds(after[uid], plan):
                doubt.discard(uid)
        self.seen[device] = {uid: content_of(after[uid]) for uid in ours if uid not in doubt}
        self.steps[device] = ours | (not_back - set(after))

    @invariant()
    def nothing_foreign_or_edited_is_lost_and_nothing_is_doubled(self) -> None:
        stored = self.stored()  # raises on a UID stored twice
        objects = self.google.radicale.objects()
        for href, data in self.foreign.items():
            assert objects[href].data.encode() == data
        for uid, summary in self.user_edited.items():
            assert str(stored[uid]["SUMMARY"]) == summary

    @staticmethod
    def holds(stored: Any, plan: icalendar.Calendar) -> bool:
        return content_of(plan.walk("VEVENT")[0]) == content_of(stored)

    def stored(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for obj in self.google.radicale.objects().values():
            comp = parse(obj.data)
            uid = str(comp["UID"])
            assert uid not in found, f"{uid} stored twice"
            found[uid] = comp
        return found

    def teardown(self) -> None:
        for folder in self.states:
            shutil.rmtree(folder, ignore_errors=True)


def test_google_sync_state_machine(emulator_on_tmpfs: GoogleEmulator) -> None:
    GoogleMachine.google = emulator_on_tmpfs
    run_state_machine_as_test(GoogleMachine, settings=settings(settings(), stateful_step_count=6))
