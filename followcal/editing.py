"""Editing the user's interviews file in place, keeping it theirs.

Only the values a command changes are touched: comments, key order, blank lines, quoting and
the formatting of everything else survive byte for byte (tomlkit keeps the layout). Before
anything is written, the edited text is checked exactly as `followcal validate` would check
it, so a failed command leaves the file as it was; the write itself is atomic.

An edit runs inside `InterviewsFile.edit(path)`, which holds the file's edit lock
(`fileio.locked`) from the read to the rename: two followcal commands at once never lose an
update, and a change made meanwhile by an editor (which takes no lock) is refused, not
overwritten.

tomlkit is imported inside the functions that need it: the CLI starts without it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followcal.dates import parse_date_text
from followcal.entries import is_spreadsheet, load_entries
from followcal.errors import InputError, OutputError, Problem
from followcal.fileio import UnreadableInput, locked, read_input, write_atomic
from followcal.ids import IdKey, derive_ids
from followcal.limits import TOO_DEEP, TomlProblem, check_toml_shape
from followcal.spreadsheet import SPREADSHEET_HINT, looks_like_a_spreadsheet
from followcal.text import suggest
from followcal.timezones import resolve_zone

if TYPE_CHECKING:
    from tomlkit.items import AbstractTable, InlineTable, Item, Key, Table
    from tomlkit.toml_document import TOMLDocument

    from followcal.model import Status

_BOM = "\ufeff"

# Written at the top of an interviews file that followcal creates itself.
NEW_FILE_HEADER = (
    "# Interviews for followcal: one [[interview]] table per interview,\n"
    "# one [[interview.contacts]] table per person you met. 'followcal init' writes\n"
    "# a commented example of every field.\n"
)


class InterviewsFile:
    """An interviews TOML file opened for editing."""

    def __init__(
        self, path: Path, document: TOMLDocument, original: bytes | None, bom: bool, newline: str
    ) -> None:
        self.path = path
        self._document = document
        self._original = _digest(original)  # what was read; None when there was no file
        self._bom = bom
        self._newline = newline

    # -- opening -------------------------------------------------------------------

    @classmethod
    @contextmanager
    def edit(cls, path: Path, missing_ok: bool = False) -> Iterator[InterviewsFile]:
        """Open `path` for editing under its edit lock, held until the block ends.

        The way every command changes an interviews file (`sent`, `status`, `add`,
        `inbox --apply`, `accept`, ...): make the changes, then `save` inside the block.
        Waits briefly for another followcal command editing the same file, then fails
        with OutputError; raises InputError as `open` does.
        """
        with locked(path):
            yield cls.open(path, missing_ok)

    @classmethod
    def open(cls, path: Path, missing_ok: bool = False) -> InterviewsFile:
        """Read and parse `path`; with `missing_ok`, a missing file opens empty.

        Raises InputError, naming the file, when it cannot be read, is not UTF-8 text or
        is not TOML. To change the file, use `edit`, which also holds the lock.
        """
        data = _read(path, missing_ok)
        if data is None:
            import tomlkit

            return cls(path, tomlkit.document(), None, bom=False, newline="\n")
        document, bom, newline = _document_of(path, data)
        return cls(path, document, data, bom=bom, newline=newline)

    # -- reading -------------------------------------------------------------------

    def text(self) -> str:
        """The file's text with the edits made so far (without a byte-order mark)."""
        return self._document.as_string()

    def ids(self) -> list[str]:
        """Every interview's id: its `id`, or the one derived from company, role and date.

        Interviews whose id cannot be derived (a missing company, role or date) are left out.
        """
        return [interview_id for _, interview_id in self._ids() if interview_id is not None]

    def _ids(self) -> list[tuple[Table, str | None]]:
        tables = self._interviews()
        return list(zip(tables, derive_ids([_id_key(table) for table in tables]), strict=True))

    def find(self, interview_id: str) -> Table:
        """The [[interview]] table with this id; InputError naming the file if there is none."""
        ids = []
        for table, found in self._ids():
            if found == interview_id:
                return table
            if found is not None:
                ids.append(found)
        listing = f"; the ids are: {', '.join(ids)}" if ids else "; the file has no interviews"
        raise _error(
            self.path,
            f"no interview has the id '{interview_id}'{suggest(interview_id, ids)}{listing}",
        )

    # -- editing -------------------------------------------------------------------

    def record_sent(
        self,
        interview_id: str,
        step_id: str,
        when: datetime,
        contact: str | None = None,
        force: bool = False,
    ) -> None:
        """Record that step `step_id` was done at `when` (for everyone, or for one contact).

        Without `contact`: `sent.<step_id> = when`. With `contact` (a contact's name as
        written in the file): `sent.<step_id> = { "<name>" = when, ... }`, one time per
        person, so the step stays planned for the others.

        A step (or a person's part of it) that is already recorded raises InputError
        saying when, unless `force` replaces it. Times are local, whole seconds, no
        offset: an aware `when` is converted to the interview's `timezone` (or, when it
        names none, the computer's zone), the zone followcal reads them in.
        """
        from tomlkit.items import InlineTable, Table

        table = self.find(interview_id)
        if when.tzinfo is not None:
            when = when.astimezone(_zone_of(table)).replace(tzinfo=None)
        stamp = when.replace(microsecond=0)
        sent = table.get("sent")
        if sent is not None and not isinstance(sent, InlineTable | Table):
            raise _error(
                self.path,
                "must be a table of step ids and times, like sent = { thank-you = ... }",
                entry=interview_id,
                field="sent",
            )
        earlier = sent.get(step_id) if sent is not None else None
        problem = None if force else _rerecorded(step_id, earlier, contact, _zone_of(table))
        if problem is not None:
            raise _error(self.path, problem, entry=interview_id, field=f"sent.{step_id}")
        if contact is None:
            value: object = stamp
        elif isinstance(earlier, InlineTable):
            same = [str(key) for key in earlier if str(key).casefold() == contact.casefold()]
            value = _inline_with(earlier, same[0] if same else contact, _render_value(stamp),
                                 quoted=True, replace=bool(same))  # fmt: skip
        elif isinstance(earlier, Table):
            self._set(earlier, contact, stamp)
            return
        else:
            value = _parse_value(f"{{ {_step_key(contact, True).as_string()} = "
                                 f"{_render_value(stamp)} }}")  # fmt: skip
        self._set_sent(table, step_id, value)

    def _set_sent(self, table: Table, step_id: str, value: object) -> None:
        """Put `sent.<step_id> = value` into the interview's sent table, in the user's style."""
        import tomlkit
        from tomlkit.items import InlineTable, Table

        item = value if isinstance(value, InlineTable) else tomlkit.item(value)
        sent = table.get("sent")
        if sent is None:
            key = _step_key(step_id, quoted=True)
            inline = _parse_value(f"{{ {key.as_string()} = {item.as_string()} }}")
            self._insert(table, tomlkit.key("sent"), inline)
        elif isinstance(sent, InlineTable):
            if step_id in sent:
                sent[step_id] = item
            else:
                table["sent"] = _inline_with(sent, step_id, item.as_string())
        elif isinstance(sent, Table):
            if step_id in sent:
                sent[step_id] = item
            else:
                key = _step_key(step_id, quoted=not _all_bare(sent))
                self._insert(sent, key, item)

    def set_status(self, interview_id: str, state: Status, on: date) -> None:
        """status = state, status_date = on (replaced in place, or added to the interview)."""
        table = self.find(interview_id)
        self._set(table, "status", state)
        self._set(table, "status_date", _just_date(on))

    def record_offer(self, interview_id: str, deadline: date, written: bool, on: date) -> None:
        """status = "offer" as of `on`, with the offer's deadline and whether it is written."""
        table = self.find(interview_id)
        self._set(table, "status", "offer")
        self._set(table, "status_date", _just_date(on))
        self._set(table, "offer_deadline", _just_date(deadline))
        self._set(table, "offer_written", written)

    def set_back_on(self, interview_id: str, day: date) -> None:
        """back_on = day: a contact is away until then (from an out-of-office reply)."""
        self._set(self.find(interview_id), "back_on", _just_date(day))

    def record_mail_seen(self, interview_id: str, message_ids: Sequence[str]) -> None:
        """Add Message-IDs to the interview's `mail_seen` list (kept once each, in order)."""
        from tomlkit.items import Array

        table = self.find(interview_id)
        existing = table.get("mail_seen")
        if isinstance(existing, Array):
            for message_id in message_ids:
                if message_id not in existing:
                    existing.append(message_id)
            return
        self._set(table, "mail_seen", list(dict.fromkeys(message_ids)))

    def record_acceptance(self, interview_id: str, on: date, others: Sequence[str]) -> None:
        """status = "accepted" as of `on`; each of `others` becomes "withdrawn" that day,
        with `accepted_elsewhere = true` so that a withdrawal email is planned for it."""
        table = self.find(interview_id)
        self._set(table, "status", "accepted")
        self._set(table, "status_date", _just_date(on))
        for other_id in others:
            other = self.find(other_id)
            self._set(other, "status", "withdrawn")
            self._set(other, "status_date", _just_date(on))
            self._set(other, "accepted_elsewhere", True)

    def append_interview(
        self, fields: Mapping[str, object], contacts: Sequence[Mapping[str, str]]
    ) -> list[str]:
        """Add an [[interview]] table at the end of the file, after a blank line.

        Keys keep the order given; None values are left out. Each contact becomes an
        [[interview.contacts]] table. A file that did not exist starts with a short header.
        An earlier interview whose derived id the new one would lengthen ("acme" becoming
        "acme-backend-engineer") keeps it, written as its `id`: ids people use and the
        calendar's UIDs stay stable. Returns those ids.
        """
        before = self._ids()
        text = _appended(self.text(), fields, contacts, self._newline, self._original is None)
        self._document = _parse(self.path, text)
        pinned = []
        for (_, old), (table, new) in zip(before, self._ids(), strict=False):
            if old is not None and new != old:
                self._set(table, "id", old)
                pinned.append(old)
        return pinned

    # -- writing -------------------------------------------------------------------

    def candidate_zone(self) -> str | None:
        """The `timezone` of the file's [candidate] table, as written (None when absent)."""
        table = self._document.get("candidate")
        zone = table.get("timezone") if isinstance(table, Mapping) else None
        return str(zone) if isinstance(zone, str) and zone else None

    def check(self, default_zone: str) -> None:
        """InputError, as `save` would raise it, when the text is not valid now. An empty or
        new file passes: it has no interviews yet only because none was added."""
        if self._interviews():
            self._validate(self.text().encode("utf-8"), default_zone)

    def save(self, default_zone: str) -> None:
        """Check the edited text as `followcal validate` would, then write it atomically.

        Raises InputError (naming this file) when the result would not be valid, and
        OutputError when the file changed on disk since it was opened (an editor saved it)
        or cannot be written; in every failure the file is left as it was. Call it inside
        `edit`: the lock is taken here too, but only `edit` covers the read as well.
        """
        data = ((_BOM if self._bom else "") + self.text()).encode("utf-8")
        self._validate(data, default_zone)
        with locked(self.path):
            try:
                current: bytes | None = read_input(self.path)
            except FileNotFoundError:
                current = None
            except UnreadableInput as err:
                raise OutputError(f"{self.path}: cannot read it: {err}") from None
            if _digest(current) != self._original:
                raise OutputError(
                    f"{self.path}: the file changed while followcal was editing it (saved "
                    "by an editor?); nothing was written, run the command again"
                )
            write_atomic(self.path, data)
        self._original = _digest(data)

    # -- helpers -------------------------------------------------------------------

    def _validate(self, data: bytes, default_zone: str) -> None:
        # Checked in memory, as if read from the file: no copy lands in a temporary folder.
        load_entries([self.path], default_zone, contents={self.path: data})

    def _interviews(self) -> list[Table]:
        return _interview_tables(self._document, self.path)

    def _set(self, table: Table, name: str, value: object) -> None:
        """Replace a value in place (its comment stays), or add it to the table's keys."""
        import tomlkit

        if name in table:
            table[name] = value
        else:
            self._insert(table, tomlkit.key(name), tomlkit.item(value))

    def _insert(self, table: Table, key: Key, value: Item) -> None:
        """Add a key right after the table's last own key.

        Not simply appended: anything after that key (a blank line, a comment about the
        next table, [[interview.contacts]] sub-tables) stays after it.
        """
        from tomlkit.items import AoT, Table

        body = table.value.body
        last, indent = None, ""
        for index, (name, item) in enumerate(body):
            if name is None or isinstance(item, AoT):
                continue
            if isinstance(item, Table):
                if not name.is_dotted():
                    continue  # a [sub.table]: the table's own keys come before it
            else:
                indent = item.trivia.indent
            last = index
        value.trivia.indent = indent
        value.trivia.trail = self._newline
        if last is None or last == len(body) - 1:
            table.append(key, value)
            return
        # No public insert at a position: tomlkit's append lands below a comment about the next
        # table. Its internals instead (pinned < 0.16), as Table.append uses them; a test fails
        # when they change: test_tomlkit_still_needs_and_has_the_internals_editing_uses.
        table.value._insert_at(last + 1, key, value)
        dict.__setitem__(table, key.key, value)


# -- module helpers --------------------------------------------------------------------


def _rerecorded(
    step_id: str, earlier: object, contact: str | None, zone: tzinfo | None
) -> str | None:
    """What is wrong with recording the step again when it (or this person's part of it)
    is already recorded, or None. Times are stored on the company's clock, so the message
    names it: the confirmation of `sent` showed the candidate's."""
    if earlier is None:
        return None

    def shown(value: object) -> str:
        text = _shown_plain(value)
        key = getattr(zone, "key", None)
        return f"{text} ({key} time)" if key and isinstance(value, datetime) else text

    if not isinstance(earlier, Mapping):
        return (
            f"{step_id} is already recorded on {shown(earlier)}"
            + (" for everyone" if contact else "")
            + "; pass --force to replace that date"
        )
    done = {str(name): moment for name, moment in earlier.items()}
    if contact is None:
        who = ", ".join(f"{name} on {shown(m)}" for name, m in done.items())
        return (
            f"{step_id} is already recorded for {who}; record the others with "
            "--to NAME, or pass --force to record it for everyone"
        )
    same = [name for name in done if name.casefold() == contact.casefold()]
    if not same:
        return None
    return (
        f"{step_id} is already recorded for {same[0]} on "
        f"{shown(done[same[0]])}; pass --force to replace that date"
    )


def _appended(
    text: str,
    fields: Mapping[str, object],
    contacts: Sequence[Mapping[str, str]],
    newline: str,
    new_file: bool,
) -> str:
    """`text` with an [[interview]] table (and its contacts) added at the end, after a blank
    line, in the file's own line endings; a new file starts with a short header."""
    lines = ["[[interview]]", *key_lines(fields)]
    for contact in contacts:
        lines += ["", "[[interview.contacts]]", *key_lines(contact)]
    chunk = "\n".join(lines) + "\n"
    if new_file and not text:
        text = NEW_FILE_HEADER.replace("\n", newline) + newline
    elif text.strip():
        tail = text[len(text.rstrip(" \t\r\n")) :]
        text += newline * max(0, 2 - tail.count("\n"))
    return text + chunk.replace("\n", newline)


def _interview_tables(document: TOMLDocument, path: Path) -> list[Table]:
    """The [[interview]] tables; InputError when `interview` is written another way."""
    from tomlkit.items import AoT

    interviews = document.get("interview")
    if interviews is None:
        return []
    if not isinstance(interviews, AoT):
        raise _error(path, "'interview' must be written as [[interview]] tables", field="interview")
    return list(interviews.body)


def _read(path: Path, missing_ok: bool) -> bytes | None:
    """The file's bytes (None: missing, and `missing_ok`); InputError naming the file when
    it cannot be read, or is a spreadsheet."""
    if is_spreadsheet(path):
        raise _error(path, SPREADSHEET_HINT.format(path=path))
    try:
        return read_input(path)
    except FileNotFoundError:
        if not missing_ok:
            raise _error(path, "no such file") from None
        return None
    except UnreadableInput as err:
        raise _error(path, f"cannot read it: {err}") from None


def _document_of(path: Path, data: bytes) -> tuple[TOMLDocument, bool, str]:
    """The file's TOML document, whether it began with a byte-order mark, and its line
    ending; InputError when it is not UTF-8 text, is not TOML, or would be reformatted."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _error(
            path, "not a UTF-8 text file (is it a binary or a spreadsheet file?)"
        ) from None
    bom = text.startswith(_BOM)
    text = text.removeprefix(_BOM)
    if "\x00" in text:
        raise _error(path, "not a text file: it contains NUL bytes")
    if looks_like_a_spreadsheet(text):
        raise _error(path, SPREADSHEET_HINT.format(path=path))
    document = _parse(path, text)
    if document.as_string() != text:
        # Never seen, but editing would then change more than the edited values.
        raise _error(path, "followcal cannot edit this file without reformatting it")
    first_break = text.find("\n")
    newline = "\r\n" if first_break > 0 and text[first_break - 1] == "\r" else "\n"
    return document, bom, newline


def _error(
    path: Path, message: str, entry: str | None = None, field: str | None = None
) -> InputError:
    return InputError([Problem(str(path), message, entry=entry, field=field)])


def _parse(path: Path, text: str) -> TOMLDocument:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        check_toml_shape(text)
        return tomlkit.parse(text)
    except TomlProblem as err:
        raise _error(path, str(err)) from None
    except RecursionError:
        raise _error(path, TOO_DEEP) from None
    except (TOMLKitError, ValueError) as err:
        raise _error(path, f"not valid TOML: {err}") from None


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _parse_value(text: str) -> Item:
    import tomlkit

    item: Item = tomlkit.parse(f"value = {text}").item("value")  # type: ignore[assignment]
    return item


def _id_key(table: Mapping[str, Any]) -> IdKey:
    """What followcal.entries derives this interview's id from."""

    def text(name: str) -> str | None:
        value = table.get(name)
        return value.strip() or None if isinstance(value, str) else None

    return IdKey(text("id"), text("company"), text("role"), _day(table.get("date")))


def _day(value: object) -> date | None:
    """The calendar date of an interview's `date`, read the way followcal.entries reads it."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = parse_date_text(value)
    except ValueError:
        return None
    return parsed.date() if isinstance(parsed, datetime) else parsed


def _zone_of(table: Mapping[str, Any]) -> tzinfo | None:
    """The zone named by the interview's `timezone`; None (the computer's zone) otherwise."""
    name = table.get("timezone")
    if not isinstance(name, str):
        return None
    try:
        return resolve_zone(name)
    except ValueError:
        return None


def _shown_plain(value: object) -> str:
    """A recorded time as the messages show it: 2026-12-04 10:00."""
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else str(value)


def _just_date(value: date) -> date:
    """A date even when given a datetime (TOML would otherwise get a date-time)."""
    return value.date() if isinstance(value, datetime) else value


def _step_key(step_id: str, quoted: bool) -> Key:
    from tomlkit.items import KeyType, SingleKey

    return SingleKey(step_id, t=KeyType.Basic) if quoted else SingleKey(step_id)


def _all_bare(table: AbstractTable) -> bool:
    """Whether every key of the table is written bare (then a new one is too, if it can be)."""
    from tomlkit.items import KeyType, SingleKey

    names = [name for name, _ in table.value.body if name is not None]
    return bool(names) and all(
        isinstance(name, SingleKey) and name.t is KeyType.Bare for name in names
    )


def _inline_with(
    inline: InlineTable, name: str, rendered: str, quoted: bool = False, replace: bool = False
) -> Item:
    """A copy of an inline table, written as the user wrote it, with one more key (or, with
    `replace`, that key's value replaced).

    Rebuilt from its text: tomlkit's own append loses the space before the closing brace.
    """
    if replace:
        copy = _parse_value(inline.as_string())
        assert isinstance(copy, dict)
        copy[name] = _parse_value(rendered)
        return copy
    before_brace = inline.as_string().rstrip()[:-1]
    kept = before_brace.rstrip()
    padding = before_brace[len(kept) :]
    key = _step_key(name, quoted=quoted or not _all_bare(inline)).as_string()
    pair = f"{key} = {rendered}"
    if kept == "{":
        text = f"{{ {pair} }}"
    else:
        separator = " " if kept.endswith(",") else ", "
        text = f"{kept}{separator}{pair}{padding}}}"
    return _parse_value(text)


def key_lines(fields: Mapping[str, object]) -> list[str]:
    """`key = value` lines in TOML, in the order given; None values are left out."""
    import tomlkit

    return [
        f"{tomlkit.key(name).as_string()} = {_render_value(value)}"
        for name, value in fields.items()
        if value is not None
    ]


def _render_value(value: object) -> str:
    """A value as TOML text; text with line breaks becomes a multi-line string."""
    import tomlkit

    if isinstance(value, str) and "\n" in value:
        rendered = tomlkit.string(value, multiline=True).as_string().replace("\r", "\\r")
        # The line break right after the opening quotes is not part of the value.
        return '"""\n' + rendered[3:]
    if isinstance(value, str | bool | int | datetime | date):
        return tomlkit.item(value).as_string()
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return str(tomlkit.item(list(value)).as_string())
    raise TypeError(f"cannot write {type(value).__name__} to an interviews file")
