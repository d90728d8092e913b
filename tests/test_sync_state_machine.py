"""Sync as a state machine (vdirsyncer's pattern): random changes, edits, faults, syncs.

Hypothesis drives a model of the user's entries (added, changed, closed by a recorded status),
of the user's own edits on the server, of foreign events in the same calendar, of network
faults through a real loopback proxy (a write dropped before it reaches the server, or after
it landed with its answer lost), of objects the server refuses (a 415 or 403 with its reason),
of a second device syncing an older copy of the file (issue 18), of the user deleting events
(foreign ones and ours) on the server, of this copy losing its state file, and of the server
forgetting its sync-tokens (a 403 valid-sync-token to sync-collection). After every step
nothing foreign or user-edited is lost and no UID is stored twice; after every sync that
completes, the server holds exactly the planned events plus everything foreign and
user-edited (until a second device has synced: then the second device's rules are checked
instead), minus what the user deleted while this copy remembered it; and what the device
remembers (sync/state.py, which the next sync-collection starts from) is the calendar
exactly, href by href and ETag by ETag; a refusal never stops the rest of a sync.

Cheap by design, for CI's 1,000 examples: one Radicale for the module on tmpfs (/dev/shm),
a fresh calendar per example, a few steps per example, a handful of events.
"""

from __future__ import annotations

import tempfile
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from followcal.fingerprint import fingerprint
from followcal.sync import (
    ConnectionFailedError,
    MassDeletionError,
    SyncTarget,
    resource_name,
    sync_calendar,
)
from followcal.sync.discovery import as_collection
from followcal.sync.objects import path_of
from followcal.sync.state import load, state_path
from tests.dav_proxy import DAVProxy, Reply, Request
from tests.radicale_server import RadicaleServer
from tests.test_sync import FOREIGN_ICS, make_item, parse

pytestmark = pytest.mark.server  # every run starts its own Radicale

NUMBERS = st.integers(min_value=1, max_value=5)


@pytest.fixture(scope="module")
def radicale_on_tmpfs() -> Iterator[RadicaleServer]:
    shm = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(prefix="followcal-sm-", dir=shm if shm.is_dir() else None))
    server = RadicaleServer(root=root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        import shutil

        shutil.rmtree(root, ignore_errors=True)


class SyncMachine(RuleBasedStateMachine):
    server: RadicaleServer
    proxy: DAVProxy

    def __init__(self) -> None:
        super().__init__()
        slug = self.slug = "sm-" + uuid.uuid4().hex[:12]
        self.server.calendar_url = self.server.make_calendar(slug, slug)
        self.target = SyncTarget(
            url=self.proxy.url(self.server.calendar_url),
            username=self.server.username,
            password=self.server.password,
            timeout=10,
        )
        self.desired: dict[str, icalendar.Calendar] = {}
        self.interviews: set[str] = set()
        self.versions: dict[int, int] = {}
        self.user_edited: dict[str, str] = {}  # uid -> the summary the user gave it
        self.foreign: dict[str, str] = {}  # href -> data as stored
        self.fault: tuple[int, bool] | None = None  # (drop from this write on, after landing)
        self.refuse: tuple[str, int] | None = None  # (this object's path, 415 or 403)
        self.user_deleted: set[str] = set()  # ours deleted by the user while A remembered
        self.a_remembers = False  # whether A's state file is there (it synced, not forgot)
        self.tokens_forgotten = False  # the next sync's sync-collection gets a 403
        self.proxy.rule = lambda request: None
        # Device B: its own memory, and its own (older) copy of the file, once it took one.
        self.b_target = SyncTarget(
            url=self.target.url,
            username=self.target.username,
            password=self.target.password,
            timeout=10,
            state_dir=tempfile.mkdtemp(prefix="followcal-sm-b-"),
        )
        self.b_file: tuple[dict[str, icalendar.Calendar], set[str]] | None = None
        self.b_synced_interviews: set[str] = set()
        self.b_seen: set[str] | None = None  # our steps on the server after B's last sync
        self.b_has_synced = False

    # -- the user's entries ----------------------------------------------------------------

    @rule(n=NUMBERS)
    def add_or_change_an_entry(self, n: int) -> None:
        self.versions[n] = self.versions.get(n, -1) + 1
        uid, cal = make_item(n, summary=f"Follow up with company {n}, v{self.versions[n]}")
        self.desired[uid] = cal
        self.interviews.add(f"interview-{n}")

    @rule(n=NUMBERS)
    def close_an_interview(self, n: int) -> None:
        """`status heard-back`: its events leave the plan; the interview stays in the file."""
        self.desired.pop(f"step-{n:04d}@followcal", None)

    # -- the server, behind followcal's back ---------------------------------------------

    @rule(n=NUMBERS)
    def user_edits_an_event(self, n: int) -> None:
        uid = f"step-{n:04d}@followcal"
        stored = self.stored_by_uid().get(uid)
        if not stored:
            return
        obj = stored[0]
        cal = icalendar.Calendar.from_ical(obj.data)
        comp = next(c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO"))
        summary = f"My own words {n}, {uuid.uuid4().hex[:4]}"
        comp["SUMMARY"] = icalendar.vText(summary)
        self.server.put_object(obj.href, cal.to_ical(), etag=obj.etag)
        self.user_edited[uid] = summary

    @rule(k=st.integers(min_value=1, max_value=3))
    def a_foreign_event_appears(self, k: int) -> None:
        href = self.server.calendar_url + f"dentist-{k}.ics"
        if href in self.foreign:
            return
        ics = FOREIGN_ICS.replace("dentist-42@example.com", f"dentist-{k}@example.com")
        self.server.put_object(href, ics, create=True)
        assert self.server.objects()[href].data  # the server serves it
        self.foreign[href] = self.files_on_the_server()[_file_name(href)]

    @rule(n=NUMBERS)
    def user_deletes_one_of_ours(self, n: int) -> None:
        uid = f"step-{n:04d}@followcal"
        stored = self.stored_by_uid().get(uid)
        if not stored:
            return
        assert self.server.dav("DELETE", stored[0].href).status in (200, 204)
        self.user_edited.pop(uid, None)
        if self.a_remembers:  # A saw it there: it takes the deletion for the user's, and keeps it
            self.user_deleted.add(uid)

    @rule(k=st.integers(min_value=1, max_value=3))
    def user_deletes_a_foreign_event(self, k: int) -> None:
        href = self.server.calendar_url + f"dentist-{k}.ics"
        if self.foreign.pop(href, None) is not None:
            assert self.server.dav("DELETE", href).status in (200, 204)

    @rule(n=NUMBERS, k=st.integers(min_value=1, max_value=3))
    def the_user_deletes_on_the_phone_then_a_syncs(self, n: int, k: int) -> None:
        """Deletions between two syncs, which only sync-collection's 404s (or a full
        listing) can tell: composed, so that short examples reach the token path too."""
        self.user_deletes_one_of_ours(n)
        self.user_deletes_a_foreign_event(k)
        self.sync()

    @rule()
    def device_a_loses_its_state(self) -> None:
        """A new laptop, a cleaned home folder: the next sync is a first one, tokens and all."""
        self.a_state_path().unlink(missing_ok=True)
        self.a_remembers = False
        self.user_deleted.clear()  # remembering nothing, A brings back what it plans

    @rule()
    def the_server_forgets_its_sync_tokens(self) -> None:
        self.tokens_forgotten = True

    @rule(n=NUMBERS, status=st.sampled_from([415, 403]))
    def the_server_will_refuse_an_object(self, n: int, status: int) -> None:
        self.refuse = (resource_name(f"step-{n:04d}@followcal"), status)

    # -- a second device, with an older copy of the file ------------------------------------

    @rule()
    def device_b_takes_a_copy_of_the_file(self) -> None:
        self.b_file = (dict(self.desired), set(self.interviews))

    @rule()
    def device_b_syncs_its_copy(self) -> None:
        if self.b_file is None:
            return
        desired, interviews = self.b_file
        before = self.stored_by_uid()
        try:
            sync_calendar(self.b_target, desired, interviews=interviews)
        except MassDeletionError:
            return  # B's first sync, remembering nothing, with A's interviews missing: guarded
        after = self.stored_by_uid()
        if self.b_seen is not None:  # B remembers an earlier sync of its own
            remembered = interviews | self.b_synced_interviews
            for uid, copies in before.items():
                interview = str(parse(copies[0].data).get("X-FOLLOWCAL-INTERVIEW", ""))
                if uid.endswith("@followcal") and interview not in remembered:
                    assert uid in after, f"B deleted {uid} of an interview it never had"
            for uid in self.b_seen - set(before):
                assert uid not in after, f"B brought back {uid}, deleted by another copy"
        if set(after) != set(before):
            self.b_has_synced = True  # A's plan is no longer all that is on the server
        self.check_remembered(
            state_path(
                as_collection(self.b_target.url), self.b_target.username, self.b_target.state_dir
            )
        )
        self.b_synced_interviews |= interviews
        self.b_seen = {uid for uid in after if uid.endswith("@followcal")}

    @rule(at=st.integers(min_value=1, max_value=3), landed=st.booleans())
    def the_network_will_fail(self, at: int, landed: bool) -> None:
        self.fault = (at, landed)

    # -- syncing ---------------------------------------------------------------------------

    @rule()
    def sync(self) -> None:
        writes: list[str] = []
        fault = self.fault
        self.fault = None

        refuse = self.refuse
        self.refuse = None
        forgotten = self.tokens_forgotten
        self.tokens_forgotten = False

        def faulty(request: Request) -> Reply | None:
            if forgotten and request.method == "REPORT" and b"sync-collection" in request.body:
                return Reply(403, {"Content-Type": "application/xml"}, EXPIRED)
            if request.method not in ("PUT", "DELETE"):
                return None
            if refuse is not None and request.path.endswith("/" + refuse[0]):
                words = b"<d:error xmlns:d='DAV:'><s:message xmlns:s='http://sabredav.org/ns'>"
                return Reply(
                    refuse[1],
                    {"Content-Type": "application/xml"},
                    words + b"No.</s:message></d:error>",
                )
            if fault is None:
                return None
            writes.append(request.path)
            if len(writes) >= fault[0]:
                return Reply(drop=True, forward_first=fault[1] and len(writes) == fault[0])
            return None

        self.proxy.rule = faulty
        try:
            report = sync_calendar(self.target, self.desired, interviews=self.interviews)
        except ConnectionFailedError as exc:
            assert fault is not None, exc
            assert "running sync again converges" in str(exc)
            self.a_planned()
            return
        finally:
            self.proxy.rule = lambda request: None
        self.a_planned()
        if not report.refused:  # a refused write leaves that object unknown, on purpose
            self.check_remembered(self.a_state_path())
        # A refusal is that object's failure alone, listed with the server's words.
        assert all(line.endswith("No.") for line in report.refused), report.refused
        assert len(report.refused) <= 1 and (refuse is not None or not report.refused)
        if report.refused:
            assert report.exit_code == (11 if refuse and refuse[1] == 403 else 13)
        refused_uid = {uid for uid in self.desired if refuse and resource_name(uid) == refuse[0]}
        if not self.b_has_synced:
            self.check_exact(skip=refused_uid if report.refused else set())

    def a_planned(self) -> None:
        """A's sync saved its memory: a deleted step stays deleted while it is planned (a
        step that left the plan leaves A's memory, and is created again if planned again)."""
        self.a_remembers = True
        self.user_deleted &= set(self.desired)

    def a_state_path(self) -> Path:
        return state_path(as_collection(self.target.url), self.target.username)

    def check_remembered(self, path: Path) -> None:
        """The device's memory, which its next sync-collection is applied to, is the
        calendar exactly: the same hrefs, each at the ETag the server has."""
        remembered = {path_of(h): r.etag for h, r in load(path).objects.items()}
        answer = self.server.dav("PROPFIND", self.server.calendar_url, ETAGS, {"Depth": "1"})
        stored = {}
        for item in ET.fromstring(answer.body).findall("D:response", _NS):
            href = path_of(item.findtext("D:href", namespaces=_NS) or "")
            if href.rstrip("/") != path_of(self.server.calendar_url).rstrip("/"):
                stored[href] = item.findtext(".//D:getetag", namespaces=_NS)
        assert remembered == stored

    def check_exact(self, skip: set[str]) -> None:
        stored = self.stored_by_uid()
        ours = {uid for uid in stored if uid.endswith("@followcal")} - skip
        expected = (set(self.desired) | set(self.user_edited)) - self.user_deleted - skip
        assert ours == expected, (ours, self.desired, self.user_deleted)
        for uid, want in self.desired.items():
            if uid in self.user_edited or uid in skip or uid in self.user_deleted:
                continue
            comp = parse(stored[uid][0].data)
            assert fingerprint(comp) == fingerprint(want), uid

    # -- what must hold after every step ---------------------------------------------------

    @invariant()
    def nothing_foreign_or_edited_is_lost_and_nothing_is_doubled(self) -> None:
        # Read from Radicale's own storage, not through a REPORT: after every step of every
        # example, that was half of the whole run. What the server answers is still checked
        # over the protocol after each sync (check_exact) and by every rule that reads it.
        files = self.files_on_the_server()
        stored: dict[str, list[str]] = {}
        for data in files.values():
            stored.setdefault(str(parse(data)["UID"]), []).append(data)
        assert all(len(copies) == 1 for copies in stored.values()), Counter(
            {uid: len(c) for uid, c in stored.items()}
        )
        for href, data in self.foreign.items():
            assert files[_file_name(href)] == data
        for uid, summary in self.user_edited.items():
            assert str(parse(stored[uid][0])["SUMMARY"]) == summary

    def files_on_the_server(self) -> dict[str, str]:
        """Each object of this example's calendar as Radicale stores it: file name -> text."""
        folder = self.server.root / "collections" / "collection-root" / self.server.username
        return {
            path.name: path.read_text(encoding="utf-8")
            for path in (folder / self.slug).iterdir()
            if not path.name.startswith(".")  # Radicale's own props and caches
        }

    def stored_by_uid(self, objects: dict[str, Any] | None = None) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {}
        for obj in (self.server.objects() if objects is None else objects).values():
            found.setdefault(str(parse(obj.data)["UID"]), []).append(obj)
        return found


ETAGS = (
    '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/>'
    "</D:prop></D:propfind>"
)
_NS = {"D": "DAV:"}
EXPIRED = b'<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>'


def _file_name(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def test_sync_state_machine(radicale_on_tmpfs: RadicaleServer) -> None:
    proxy = DAVProxy(radicale_on_tmpfs.url).start()
    try:
        SyncMachine.server = radicale_on_tmpfs
        SyncMachine.proxy = proxy
        # Few steps per example, so that CI's 1,000 examples stay affordable.
        run_state_machine_as_test(
            SyncMachine, settings=settings(settings(), stateful_step_count=12)
        )
    finally:
        proxy.stop()
