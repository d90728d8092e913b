"""Four independent readers of an .ics file, for tests that must hold in every client.

- ``icalendar``: the library followcal writes with (resolves known TZIDs through zoneinfo).
- ``ical``: allenporter's strict parser (Home Assistant's calendar).
- ``vobject``: what Radicale reads files with; resolves TZIDs through the file's VTIMEZONE.
- ``icaljs``: ical.js from npm (Nextcloud's web calendar, Thunderbird), run by node; it also
  resolves TZIDs through the file's VTIMEZONE. Needs ``npm ci --prefix tests/js`` once.

Each reader maps UID to the start of every VEVENT (DTSTART) and VTODO (DUE): an aware UTC
datetime for DATE-TIME values, a naive midnight datetime for DATE values (a day, not an
instant, so it never equals an instant). Components without that property are left out.
Floating times, a TZID without a VTIMEZONE, a missing or repeated UID make a reader reject
the file: a client would have to guess there.
"""

from __future__ import annotations

import atexit
import base64
import json
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

__all__ = ["PARSERS", "OracleSetupError", "assert_parsers_agree", "instants_by_parser"]

PARSERS = ("icalendar", "ical", "vobject", "icaljs")
NPM_COMMAND = "npm ci --prefix tests/js"

_JS_DIR = Path(__file__).resolve().parent / "js"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Which property holds "when" for each component we read.
_WANTED = {"VEVENT": "DTSTART", "VTODO": "DUE"}


class OracleSetupError(RuntimeError):
    """The oracle itself cannot run (node or ical.js missing): an error, never a skip."""


class _Rejected(Exception):
    """One reader refused the file (or would have had to guess)."""


def _as_instant(value: object, where: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _Rejected(f"{where}: floating time {value.isoformat()}")
        return value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise _Rejected(f"{where}: expected a date or date-time, got {value!r}")


# (component name, UID, start or None when the component has no start)
_Entry = tuple[str, object, datetime | None]


def _collect(entries: list[_Entry]) -> dict[str, datetime]:
    seen: set[str] = set()
    result: dict[str, datetime] = {}
    for kind, uid, start in entries:
        if not isinstance(uid, str) or not uid:
            raise _Rejected(f"{kind} without UID")
        if uid in seen:
            raise _Rejected(f"UID {uid} used twice")
        seen.add(uid)
        if start is not None:
            result[uid] = start
    return result


# --------------------------------------------------------------------------- python readers


def _by_icalendar(ics: bytes) -> dict[str, datetime]:
    import icalendar

    cal = icalendar.Calendar.from_ical(ics)
    # icalendar skips properties it cannot parse and only notes them: a real client breaks.
    for component in cal.walk():
        if component.errors:
            raise _Rejected(f"{component.name}: {component.errors}")
    zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    entries: list[_Entry] = []
    for component in cal.subcomponents:
        kind = str(component.name)
        name = _WANTED.get(kind)
        if name is None:
            continue
        uid = str(component["UID"]) if "UID" in component else None
        start = None
        if name in component:
            tzid = component[name].params.get("TZID")
            if tzid is not None and str(tzid) not in zones:
                raise _Rejected(f"{uid}: TZID {tzid} has no VTIMEZONE")
            start = _as_instant(component.decoded(name), f"{uid} {name}")
        entries.append((kind, uid, start))
    return _collect(entries)


def _by_ical(ics: bytes) -> dict[str, datetime]:
    from ical.calendar_stream import IcsCalendarStream

    # No TZID check here: ical swaps TZIDs for tzinfos while parsing (and is strict anyway).
    cal = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    entries: list[_Entry] = [
        ("VEVENT", e.uid, _as_instant(e.dtstart, f"{e.uid} DTSTART")) for e in cal.events
    ]
    entries += [
        ("VTODO", t.uid, None if t.due is None else _as_instant(t.due, f"{t.uid} DUE"))
        for t in cal.todos
    ]
    return _collect(entries)


def _by_vobject(ics: bytes) -> dict[str, datetime]:
    import vobject.icalendar  # type: ignore[import-untyped]

    # vobject keeps VTIMEZONEs in one process-wide dict and never replaces an entry, so the
    # first file's "America/New_York" would be used for every later file. Reset it per file
    # to what vobject starts with.
    registry: dict[str, Any] = vars(vobject.icalendar)["__tzidMap"]
    registry.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)

    # As Radicale reads uploads (radicale.item.read_components).
    components = list(vobject.readComponents(ics.decode("utf-8"), allowQP=True))
    if len(components) != 1 or components[0].name != "VCALENDAR":
        raise _Rejected(f"expected one VCALENDAR, got {[c.name for c in components]}")
    cal = components[0]
    zones = {tz.tzid.value for tz in cal.contents.get("vtimezone", [])}
    entries: list[_Entry] = []
    for component in cal.getChildren():
        name = _WANTED.get(component.name)
        if name is None:
            continue
        uids = component.contents.get("uid", [])
        uid = uids[0].value if uids else None
        start = None
        if props := component.contents.get(name.lower()):
            # vobject swaps TZID for a tzinfo and keeps the original name in this parameter.
            tzids = props[0].params.get("X-VOBJ-ORIGINAL-TZID", [])
            if tzids and tzids[0] not in zones:
                raise _Rejected(f"{uid}: TZID {tzids[0]} has no VTIMEZONE")
            start = _as_instant(props[0].value, f"{uid} {name}")
        entries.append((component.name, uid, start))
    return _collect(entries)


# --------------------------------------------------------------------------- ical.js (node)


class _IcalJs:
    """One node process running tests/js/parse_ics.mjs: a request and an answer per line."""

    def __init__(self) -> None:
        if not (_JS_DIR / "node_modules" / "ical.js" / "package.json").is_file():
            raise OracleSetupError(
                f"ical.js is not installed under {_JS_DIR / 'node_modules'}: "
                f"run `{NPM_COMMAND}` from the repository root (needs node >= 18 and npm)."
            )
        node = shutil.which("node")
        if node is None:
            raise OracleSetupError(
                f"node is not on PATH: install node >= 18, then run `{NPM_COMMAND}`."
            )
        # Kept for the session, closed in close(): node's stderr explains a crash.
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [node, str(_JS_DIR / "parse_ics.mjs")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self._lock = threading.Lock()

    def parse(self, ics: bytes) -> dict[str, Any]:
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        with self._lock:
            try:
                stdin.write(base64.b64encode(ics) + b"\n")
                stdin.flush()
                line = stdout.readline()
            except (BrokenPipeError, ValueError):
                line = b""
        if not line:
            self._stderr.seek(0)
            why = self._stderr.read().decode("utf-8", "replace").strip()
            raise OracleSetupError(f"the ical.js process ended ({self._process.poll()}): {why}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()  # EOF ends the node loop
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._stderr.close()


_icaljs_process: _IcalJs | None = None
_icaljs_lock = threading.Lock()


def _close_icaljs() -> None:
    global _icaljs_process
    if _icaljs_process is not None:
        _icaljs_process.close()
        _icaljs_process = None


atexit.register(_close_icaljs)  # EOF on stdin also ends node if Python dies without atexit


def _by_icaljs(ics: bytes) -> dict[str, datetime]:
    global _icaljs_process
    with _icaljs_lock:
        if _icaljs_process is None:
            _icaljs_process = _IcalJs()  # started by the first file, kept for the session
        process = _icaljs_process
    try:
        answer = process.parse(ics)
    except OracleSetupError:
        with _icaljs_lock:  # start a fresh process on the next call
            if _icaljs_process is process:
                _icaljs_process = None
        raise
    if set(answer) == {"error"} and isinstance(answer["error"], str):
        raise _Rejected(answer["error"])
    result: dict[str, datetime] = {}
    for uid, value in answer.items():
        if isinstance(value, str):  # DATE, as YYYY-MM-DD
            result[uid] = datetime.strptime(value, "%Y-%m-%d")
        else:
            result[uid] = _EPOCH + timedelta(milliseconds=value)
    return result


_READERS: dict[str, Callable[[bytes], dict[str, datetime]]] = {
    "icalendar": _by_icalendar,
    "ical": _by_ical,
    "vobject": _by_vobject,
    "icaljs": _by_icaljs,
}


# --------------------------------------------------------------------------- public


def instants_by_parser(ics: bytes) -> dict[str, dict[str, datetime]]:
    """{parser: {UID: start}} for each of the four parsers; AssertionError if any rejects."""
    results: dict[str, dict[str, datetime]] = {}
    failures: list[str] = []
    for parser, read in _READERS.items():
        try:
            results[parser] = read(ics)
        except OracleSetupError:
            raise
        except Exception as error:  # whatever a parser raises means "this client fails"
            detail = getattr(error, "detailed_error", None)  # ical keeps the reason here
            why = f"{error} ({detail!r:.300})" if detail else str(error)
            failures.append(f"  {parser}: {type(error).__name__}: {why}")
    if failures:
        raise AssertionError("parsers rejected the file:\n" + "\n".join(failures))
    return results


def _show(value: datetime | None) -> str:
    if value is None:
        return "missing"
    return value.date().isoformat() if value.tzinfo is None else value.isoformat()


def assert_parsers_agree(ics: bytes) -> dict[str, datetime]:
    """Assert all four parsers accept ``ics`` and read the same UIDs at the same instants."""
    results = instants_by_parser(ics)
    reference = results[PARSERS[0]]
    problems: list[str] = []
    uids = sorted(set().union(*(set(r) for r in results.values())))
    for uid in uids:
        seen = {parser: results[parser].get(uid) for parser in PARSERS}
        if len(set(seen.values())) > 1:
            problems.append(f"  {uid}: " + ", ".join(f"{p}={_show(v)}" for p, v in seen.items()))
    if problems:
        raise AssertionError("parsers disagree:\n" + "\n".join(problems))
    return reference
