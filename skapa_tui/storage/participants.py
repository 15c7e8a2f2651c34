"""Participant files: login and PIN, readings, corrections, assignments,
interventions and plans, and the index of codes and supervisors.

Each change reads the file under its lock, changes the stored dictionaries
(so fields and tables of a newer skapa stay), and writes the whole file
once, atomically: a file of the first format is upgraded in that same
write. See ``folder`` for the layout and ``documents`` for the documents.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..domain import access as seen
from ..domain import participant as rules
from ..domain import reading as clock
from ..domain.history import Assignment, History
from ..domain.indicators import N_, PARTICIPANT, SUPERVISOR
from ..domain.plan import GOAL_MAX, TEXT_MAX, Intervention, Plan, check_intervention
from ..domain.reading import (
    ENTRY_KIOSK,
    ENTRY_MODES,
    ENTRY_PAPER,
    ROLES,
    Answer,
    AnswerValue,
    Correction,
    Discard,
    Reading,
)
from . import documents as docs
from . import login, pins
from .documents import (
    ACCESS_TABLE,
    ASSIGNMENTS_TABLE,
    CORRECTIONS_TABLE,
    DISCARDS_TABLE,
    INTERVENTIONS_TABLE,
    NOTES_TABLE,
    PARTICIPANT_TABLE,
    PLANS_TABLE,
    READINGS_TABLE,
)
from .errors import (
    DamagedData,
    DataFolderError,
    InvalidCode,
    InvalidPin,
    InvalidValue,
    NotWaiting,
    ParticipantExists,
    ReadingSent,
    StorageError,
    UnknownIntervention,
    UnknownParticipant,
    UnknownReading,
)
from .files import TMP_PREFIX, atomic_write, commit, discard, dump_json, fsync_dir, locked
from .folder import ERASURES_FILE, FILE_NAME, UNKNOWN, Entry, Folder
from .supervisors import Supervisors, normalize_id

WHY_MAX = 200
"""Why an answer was corrected: a short text."""
TABLES = docs.PARTICIPANT_TABLES


def normalize_code(code: str) -> str:
    try:
        return rules.normalize_code(code)
    except rules.InvalidCode as exc:
        raise InvalidCode(exc.message, **exc.fields) from None


def check_pin(pin: str) -> str:
    try:
        return rules.check_pin(pin)
    except rules.InvalidPin as exc:
        raise InvalidPin(exc.message, **exc.fields) from None


def _new_id(taken: set[str]) -> str:
    while (new := os.urandom(8).hex()) in taken:
        pass
    return new


@dataclass
class _Record:
    """One participant file, read and checked, during one operation."""

    path: Path
    storage: Any
    tables: dict               # the stored tables (plain dictionaries, upgraded), changed in place
    pin: str                   # the PIN's hash
    history: History
    numbers: dict[str, int]    # reading id -> document number
    changed: bool = False

    @property
    def doc(self) -> dict:
        """The participant document (the stored dictionary)."""
        (doc,) = self.tables[PARTICIPANT_TABLE].values()
        return doc

    def table(self, name: str) -> dict:
        self.changed = True
        return self.tables.setdefault(name, {})

    def reading(self, reading_id: str) -> tuple[dict, Reading]:
        for reading in self.history.readings:
            if reading.id == reading_id:
                return self.tables[READINGS_TABLE][str(self.numbers[reading_id])], reading
        raise UnknownReading(code=self.history.code, reading=str(reading_id))

    def unsent(self, reading_id: str) -> tuple[dict, Reading]:
        doc, reading = self.reading(reading_id)
        if reading.finished:
            raise ReadingSent(reading=reading_id)
        return doc, reading


class Participants:
    def __init__(self, folder: Folder, supervisors: Supervisors):
        self.folder = folder
        self.supervisors = supervisors

    # -- files ----------------------------------------------------------------

    def path_of(self, code: str) -> Path:
        return self.folder.participant_paths(normalize_code(code))[0]

    def _read(self, path: Path, code: str | None, *, tables: bool = False) -> _Record:
        """The file checked and read (`documents.read_participant`); with
        ``tables``, also its tables as plain dictionaries (upgraded in memory;
        stored by the next write, if any), for a change or for what is stored."""
        from .tinydb_storage import AtomicJSONStorage

        storage = AtomicJSONStorage(path)
        raw = storage.read_bytes()
        if raw is None:
            raise UnknownParticipant(code=code or path.stem)
        doc, history, numbers = docs.read_participant(path, raw, code)
        stored: dict = {}
        if tables:
            stored = docs.read_tables(path, raw)
            docs.upgrade(stored)
        return _Record(path, storage, stored, doc.pin, history, numbers)

    def _read_named(self, name: str) -> _Record:
        """The record in the file ``name``, which must be the one its code is named to."""
        path = self.folder.participants_dir / f"{name}.json"
        record = self._read(path, None)
        if self.folder.name(record.history.code) != name:
            # Readable, but not under the name its code gets in this folder
            # (copied from another folder, or its code edited): not trusted.
            raise DamagedData(path, "not named for the code it holds")
        return record

    @contextlib.contextmanager
    def _changing(self, code: str) -> Iterator[_Record]:
        """The participant's record, read and checked under its lock, for one
        change; written once at the end when something changed."""
        code = normalize_code(code)
        path, lock = self.folder.participant_paths(code)
        if not path.exists():  # no lock file for a code nobody has
            raise UnknownParticipant(code=code)
        with self.folder.participant_lock(lock) as remove_lock:
            if not path.exists():
                # Erased while this waited: leave no lock file behind either.
                remove_lock()
                raise UnknownParticipant(code=code)
            record = self._read(path, code, tables=True)
            yield record
            if record.changed:
                record.storage.write(record.tables)

    def _by(self, by: str) -> str:
        """``by``: the id of an existing, active supervisor."""
        return self.supervisors.require_active(by)

    # -- participants and logins -----------------------------------------------

    def add(self, code: str, pin: str, supervisor: str | None, by: str | None) -> str:
        code = normalize_code(code)
        pin_hash = pins.hash_pin(check_pin(pin))  # slow: outside the locks
        if supervisor is not None:
            supervisor = self.supervisors.require_active(supervisor)
        if by is not None:
            by = self._by(by)
        path, lock = self.folder.participant_paths(code)
        with locked(self.folder.lock), self.folder.participant_lock(lock) as remove_lock:
            if path.exists():
                raise ParticipantExists(code=code)
            created = clock.now()
            tables: dict[str, dict] = {name: {} for name in TABLES}
            tables[PARTICIPANT_TABLE]["1"] = docs.participant_doc(code, pin_hash, created)
            if supervisor is not None:
                first = Assignment(supervisor, None, clock.today(), created, by)
                tables[ASSIGNMENTS_TABLE]["1"] = docs.assignment_doc(first)
            try:
                atomic_write(path, dump_json(tables))
            except DataFolderError:
                # (a full disk): no participant, so no lock file of theirs either
                with contextlib.suppress(OSError, DataFolderError):
                    remove_lock()
                raise
            index = self.folder.read_index()
            index[path.stem] = Entry(code, supervisor)
            self.folder.write_index(index)
        return code

    def check_login(self, code: str, pin: str) -> str | None:
        from .tries import PARTICIPANT, LoginTries

        tries = LoginTries(self.folder)
        try:
            code = rules.normalize_code(code)
        except rules.ParticipantRuleError:
            code = code.strip().upper()  # counted as typed: it rests like any other
        try:
            pin = rules.check_pin(pin)
            well_formed = True
        except rules.ParticipantRuleError:
            well_formed = False
        path, _ = self.folder.participant_paths(code)
        stored = None
        if well_formed and path.exists():
            stored = self._read(path, code).pin
        elif not self.folder.participants_dir.is_dir():
            raise DataFolderError(
                N_("The data folder cannot be used: {file} is not a folder"),
                file=str(self.folder.participants_dir),
            )
        return code if login.check(pin, stored, tries, tries.name(PARTICIPANT, code)) else None

    def change_pin(self, code: str, pin: str) -> None:
        from .tries import PARTICIPANT, LoginTries

        pin_hash = pins.hash_pin(check_pin(pin))
        with self._changing(code) as record:
            record.doc["pin"] = pin_hash
            login.forget(record.doc)
            record.changed = True
        tries = LoginTries(self.folder)
        tries.forget(tries.name(PARTICIPANT, rules.normalize_code(code)))  # a new PIN ends a rest at once

    def stamp(self, code: str) -> tuple[int, int, int] | None:
        try:
            st = self.path_of(code).stat()
        except FileNotFoundError:
            return None
        # Every write replaces the file (a new inode), and the clock behind
        # st_mtime_ns may tick only every few milliseconds: two writes within
        # one tick keep the time but not the inode (or, mostly, the size).
        return st.st_mtime_ns, st.st_ino, st.st_size

    # -- the index ------------------------------------------------------------------

    def index(self, *, supervisors: bool = False) -> dict[str, Entry]:
        """The index, made to match the files first (and to know every
        participant's supervisor, with ``supervisors``)."""
        index = self.folder.read_index()
        names = self.folder.file_names(self.folder.participants_dir)
        unknown = supervisors and any(e.supervisor is UNKNOWN for e in index.values())
        if set(index) != names or unknown:
            with locked(self.folder.lock):
                index = self._reconcile(self.folder.file_names(self.folder.participants_dir), supervisors)
        return index

    def _reconcile(self, names: set[str], supervisors: bool) -> dict[str, Entry]:
        """Make the index match the files (the caller holds the folder lock)."""
        old = self.folder.read_index()
        index = {name: e for name, e in old.items()
                 if name in names and not (supervisors and e.supervisor is UNKNOWN)}
        for name in names - set(index):
            try:
                history = self._read_named(name).history
            except (DamagedData, UnknownParticipant):
                continue
            index[name] = Entry(history.code, history.supervisor)
        if index != old:
            self.folder.write_index(index)
        return index

    def codes(self) -> list[str]:
        return sorted(e.code for e in self.index().values())

    def damaged(self) -> list[Path]:
        found = []
        for name in sorted(self.folder.file_names(self.folder.participants_dir)):
            try:
                self._read_named(name)
            except DamagedData as exc:
                found.extend(exc.files)
            except UnknownParticipant:
                pass
        return found

    # -- a participant's rights ----------------------------------------------------------

    def stored(self, code: str) -> tuple[History, dict]:
        """The history and the stored tables (upgraded in memory) of the participant;
        the notes and the access record checked too (DamagedData naming the field)."""
        code = normalize_code(code)
        path, _ = self.folder.participant_paths(code)
        record = self._read(path, code, tables=True)
        docs.read_records(path, record.storage.read_bytes())
        return record.history, record.tables

    def erase(self, code: str, *, by: str, by_kind: str) -> dict:
        """Remove everything about the participant from the folder and record
        that an erasure happened; returns the record (see ``folder``)."""
        code = normalize_code(code)
        path, lock = self.folder.participant_paths(code)
        if not path.exists():
            raise UnknownParticipant(code=code)
        name = path.stem
        with locked(self.folder.lock), self.folder.participant_lock(lock) as remove_lock:
            if not path.exists():
                remove_lock()
                raise UnknownParticipant(code=code)
            from .error_log import scrubbed_logs  # (loaded only here and when an error is logged)

            record = {"at": clock.now().isoformat(), "by": by, "by_kind": by_kind}
            # Everything that changes is written aside first: a full disk (or
            # a damaged record of erasures) stops the erasure before anything
            # is removed. Then only removals and renames are left.
            index = self.folder.read_index()
            index.pop(name, None)
            staged: list[Path] = []
            try:
                with scrubbed_logs(self.folder.root, code, name) as commit_logs:  # an error may have named them
                    staged.append(self.folder.stage_erasure(record))
                    staged.append(self.folder.stage_index(index))
                    path.unlink()  # even a damaged file: its name says whose it is
                    for temp in self.folder.participants_dir.glob(f"{TMP_PREFIX}{name}.json-*"):
                        with contextlib.suppress(FileNotFoundError):
                            temp.unlink()
                    fsync_dir(self.folder.participants_dir)
                    self.folder.commit_index(staged.pop())  # (it keeps a damaged index aside: looked at next)
                    for leftover in self.folder.leftovers_naming(code, name):
                        with contextlib.suppress(FileNotFoundError):
                            leftover.unlink()
                    commit_logs()
                    commit(staged.pop(), self.folder.root / ERASURES_FILE)
            finally:
                for tmp in staged:
                    discard(tmp)
            remove_lock()
        return record

    # -- reading ---------------------------------------------------------------------

    def history(self, code: str) -> History:
        code = normalize_code(code)
        path, _ = self.folder.participant_paths(code)
        return self._read(path, code).history

    def files(self) -> list[tuple[str, str | None]]:
        """The participant files in the order ``read_all`` reads them: (name,
        code) of the indexed ones by code, then (name, None) of the others
        (which the index could not read) by name."""
        names = self.folder.file_names(self.folder.participants_dir)
        index = self.index()
        listed: list[tuple[str, str | None]] = [
            (name, entry.code) for name, entry in sorted(index.items(), key=lambda item: item[1].code)]
        return listed + [(name, None) for name in sorted(names - set(index))]

    def read_files(self, files: list[tuple[str, str | None]]) -> Iterator[History | DamagedData]:
        """The histories of ``files`` (as ``files`` gives them), in that order; a
        DamagedData for each damaged file; a file gone meanwhile is left out, and
        so is a readable file that was not indexed (it was not there when the
        index was made)."""
        checked = []
        for name, code in files:
            if not (isinstance(name, str) and FILE_NAME.fullmatch(name)) or not (code is None or isinstance(code, str)):
                raise InvalidValue(name="file")
            checked.append((name, code))
        for name, code in checked:
            path = self.folder.participants_dir / f"{name}.json"
            try:
                if code is None:
                    self._read_named(name)
                    continue
                yield self._read(path, code).history
            except UnknownParticipant:
                continue
            except DamagedData as exc:
                yield exc

    def read_all(self) -> Iterator[History | DamagedData]:
        yield from self.read_files(self.files())

    # -- readings ----------------------------------------------------------------------

    def start_reading(self, code: str, *, flow: str, flow_version: int, role: str, rater: str | None,
                      entry: str, entered_by: str | None, meeting_date: date, lang: str) -> Reading:
        if role not in ROLES:
            raise InvalidValue(name="role")
        if entry not in ENTRY_MODES:
            raise InvalidValue(name="entry")
        if not (isinstance(flow, str) and docs.ID.fullmatch(flow)):
            raise InvalidValue(name="flow")
        if isinstance(flow_version, bool) or not isinstance(flow_version, int) or flow_version < 1:
            raise InvalidValue(name="flow_version")
        docs.check_lang(lang)
        today = clock.today()
        docs.date_text(meeting_date, "meeting_date", latest=today)
        if entry != ENTRY_PAPER and meeting_date != today:
            raise InvalidValue(N_("Only a reading typed in from paper has an earlier meeting date."),
                               name="meeting_date")
        if role == PARTICIPANT and rater is not None:
            raise InvalidValue(N_("A participant's own reading has no rater."), name="rater")
        if role == SUPERVISOR:
            if rater is None:
                raise InvalidValue(N_("A supervisor's reading needs its rater."), name="rater")
            rater = self._by(rater)
        if entry == ENTRY_KIOSK:
            if role != PARTICIPANT or entered_by is not None:
                raise InvalidValue(N_("At the kiosk a participant answers alone."), name="entry")
        else:
            if entered_by is None:
                raise InvalidValue(N_("Say which supervisor entered the reading."), name="entered_by")
            entered_by = self._by(entered_by)
        with self._changing(code) as record:
            reading = Reading(
                id=_new_id(set(record.numbers)), flow=flow, flow_version=flow_version, role=role,
                rater=rater, entry=entry, entered_by=entered_by, meeting_date=meeting_date, lang=lang,
                started_at=clock.now())
            table = record.table(READINGS_TABLE)
            table[docs.new_number(table)] = docs.reading_doc(reading)
        return reading

    def open_reading(self, code: str, *, flow: str, role: str, rater: str | None = None,
                     entry: str | None = None) -> Reading | None:
        for reading in reversed(self.history(code).readings):
            if (reading.role == role and reading.flow == flow and reading.rater == rater
                    and (entry is None or reading.entry == entry) and not reading.finished):
                return reading
        return None

    def save_answer(self, code: str, reading_id: str, answer: Answer, position: str | None) -> None:
        new = docs.answer_doc(answer)
        docs.check_position(position)
        with self._changing(code) as record:
            doc, _ = record.unsent(reading_id)
            answers = list(doc["answers"])
            for n, earlier in enumerate(answers):
                if earlier.get("item") == new["item"]:
                    answers[n] = new  # replaced in place: the order stays the flow's
                    break
            else:
                answers.append(new)
            doc["answers"] = answers
            doc["position"] = position
            record.changed = True

    def save_position(self, code: str, reading_id: str, position: str | None, lang: str | None) -> None:
        docs.check_position(position)
        if lang is not None:
            docs.check_lang(lang)
        with self._changing(code) as record:
            doc, _ = record.unsent(reading_id)
            doc["position"] = position
            if lang is not None:
                doc["lang"] = lang
            record.changed = True

    def complete_reading(self, code: str, reading_id: str) -> Reading:
        with self._changing(code) as record:
            doc, reading = record.reading(reading_id)
            if reading.finished:
                return reading
            reading.completed_at = clock.now()
            doc["completed_at"] = reading.completed_at.isoformat()
            record.changed = True
        return reading

    def discard_reading(self, code: str, reading_id: str, *, by: str) -> Discard | None:
        """Remove an unfinished reading. One with answers leaves a `Discard`
        (returned: which reading, whose form, how many answers, who, when;
        never the answers); one with none is just removed (None). A sent
        reading is never discarded (`ReadingSent`)."""
        by = self._by(by)
        with self._changing(code) as record:
            _, reading = record.unsent(reading_id)
            readings = record.tables[READINGS_TABLE]
            del readings[str(record.numbers[reading.id])]
            record.changed = True
            if not reading.answers:
                return None
            found = Discard(reading.id, reading.role, reading.entry, reading.meeting_date, len(reading.answers),
                            by, clock.now())
            table = record.table(DISCARDS_TABLE)
            table[docs.new_number(table)] = docs.discard_doc(found)
        return found

    def correct_answer(self, code: str, reading_id: str, item: str, value: AnswerValue, *,
                       by: str, why: str) -> Correction:
        if not (isinstance(item, str) and docs.ID.fullmatch(item)):
            raise InvalidValue(name="item")
        docs.check_value(value)
        why = docs.check_text(why, "why", WHY_MAX)
        by = self._by(by)
        with self._changing(code) as record:
            _, reading = record.reading(reading_id)
            if not reading.finished:
                raise InvalidValue(N_("Only a sent reading is corrected; until then the answer "
                                      "itself is changed."), name="reading")
            old = reading.value(item)
            if old == value:
                raise InvalidValue(N_("The new value is the same as the old one."), name="value")
            correction = Correction(reading.id, item, old, value, by, clock.now(), why)
            table = record.table(CORRECTIONS_TABLE)
            table[docs.new_number(table)] = docs.correction_doc(correction)
        return correction

    # -- supervisors ----------------------------------------------------------------------

    def assign(self, code: str, supervisor: str | None, *, by: str | None, on: date | None,
               waiting_only: bool = False, by_user: str | None = None) -> Assignment:
        """See `Store.assign`; ``waiting_only``: only a participant with no active
        supervisor (else `NotWaiting`, checked under the file's lock)."""
        today = clock.today()
        on = today if on is None else on
        docs.date_text(on, "on", latest=today)
        if supervisor is not None:
            supervisor = normalize_id(supervisor)
        if by is not None:
            by = self._by(by)
        if by_user is not None:
            by_user = _user_name(by_user, "by_user")
        with locked(self.folder.lock):
            with self._changing(code) as record:
                history = record.history
                previous = history.supervisor
                if waiting_only and previous != supervisor and not self._waiting(previous):
                    raise NotWaiting(code=history.code)
                if previous == supervisor:
                    if history.assignments:
                        return history.assignments[-1]
                    return Assignment(None, None, on, clock.now(), by)  # nobody, as before: nothing stored
                if supervisor is not None:
                    self.supervisors.require_active(supervisor)
                assignment = Assignment(supervisor, previous, on, clock.now(), by)
                table = record.table(ASSIGNMENTS_TABLE)
                doc = docs.assignment_doc(assignment)
                if by_user is not None:
                    doc["by_user"] = by_user  # an administrator's command: who ran it
                table[docs.new_number(table)] = doc
            index = self.folder.read_index()
            index[record.path.stem] = Entry(history.code, supervisor)
            self.folder.write_index(index)
        return assignment

    def _waiting(self, supervisor_id: str | None) -> bool:
        """Whether a participant of ``supervisor_id`` waits for a supervisor:
        they have none, or one who is inactive (or gone, or a leader)."""
        if supervisor_id is None:
            return True
        try:
            self.supervisors.require_active(supervisor_id)
        except DataFolderError:
            raise
        except StorageError:  # unknown, inactive, a leader, or their file damaged
            return True
        return False

    def caseload(self, supervisor_id: str) -> list[str]:
        supervisor_id = self.supervisors.get(supervisor_id).id
        return sorted(e.code for e in self.index(supervisors=True).values() if e.supervisor == supervisor_id)

    def caseloads(self) -> dict[str | None, list[str]]:
        found: dict[str | None, list[str]] = {}
        for entry in self.index(supervisors=True).values():
            found.setdefault(entry.supervisor, []).append(entry.code)  # type: ignore[arg-type]
        return {supervisor: sorted(codes) for supervisor, codes in found.items()}

    def needing_supervisor(self) -> list[str]:
        active = {s.id for s in self.supervisors.all() if s.active}
        return sorted(e.code for e in self.index(supervisors=True).values() if e.supervisor not in active)

    # -- who looked, and the supervisors' notes -------------------------------------------

    def record_access(self, code: str, *, by: str, by_kind: str, what: str) -> seen.AccessEntry:
        if what not in seen.ACCESS_KINDS:
            raise InvalidValue(name="what")
        if by_kind == seen.BY_SUPERVISOR:
            by = self.supervisors.get(by).id
        elif by_kind == seen.BY_USER:
            by = _user_name(by, "by")
        else:
            raise InvalidValue(name="by_kind")
        entry = seen.AccessEntry(by=by, by_kind=by_kind, at=clock.now(), what=what)
        with self._changing(code) as record:
            table = record.table(ACCESS_TABLE)
            table[docs.new_number(table)] = docs.access_doc(entry)
        return entry

    def records(self, code: str) -> docs.Records:
        """The participant's notes and access record (`documents.read_records`)."""
        from .tinydb_storage import AtomicJSONStorage

        code = normalize_code(code)
        path, _ = self.folder.participant_paths(code)
        raw = AtomicJSONStorage(path).read_bytes()
        if raw is None:
            raise UnknownParticipant(code=code)
        docs.read_participant(path, raw, code)  # the file is theirs, and readable
        return docs.read_records(path, raw)

    def access(self, code: str) -> list[seen.AccessEntry]:
        return self.records(code).access

    def notes(self, code: str) -> list[seen.Note]:
        return self.records(code).notes

    def save_note(self, code: str, meeting_date: date, text: str | None, *, by: str) -> seen.Note | None:
        """Write (or with an empty text, remove) ``by``'s note of the meeting on ``meeting_date``."""
        docs.date_text(meeting_date, "meeting_date", latest=clock.today())
        text = docs.check_text(text, "text", seen.NOTE_MAX, required=False)
        by = self._by(by)
        with self._changing(code) as record:
            table = record.table(NOTES_TABLE)
            day = meeting_date.isoformat()
            mine = [key for key, doc in table.items()
                    if isinstance(doc, dict) and doc.get("meeting_date") == day and doc.get("by") == by]
            if text is None:
                for key in mine:
                    del table[key]
                return None
            note = seen.Note(meeting_date=meeting_date, text=text, by=by, at=clock.now())
            if mine:
                table[mine[0]].update(docs.note_doc(note))  # fields of a newer skapa stay
            else:
                table[docs.new_number(table)] = docs.note_doc(note)
        return note

    # -- plans ---------------------------------------------------------------------------

    def add_intervention(self, code: str, *, kind: str, group: str, text: str | None, start: date,
                         end: date | None, responsible: str, by: str) -> Intervention:
        if not all(isinstance(x, str) for x in (kind, group)) or (text is not None and not isinstance(text, str)):
            raise InvalidValue(name="kind")
        try:
            check_intervention(kind, group, text)
        except ValueError as exc:
            raise InvalidValue(str(exc.args[0]), name="kind") from None
        text = docs.check_text(text, "text", TEXT_MAX, required=False) if kind == "other" else None
        responsible = docs.check_text(responsible, "responsible", TEXT_MAX)
        docs.date_text(start, "start")
        if end is not None:
            docs.date_text(end, "end")
            if end < start:
                raise InvalidValue(N_("An intervention ends on or after the day it starts."), name="end")
        by = self._by(by)
        with self._changing(code) as record:
            intervention = Intervention(
                id=_new_id({i.id for i in record.history.interventions}), kind=kind, group=group, text=text,
                start=start, end=end, responsible=responsible, added_by=by, added_at=clock.now())
            table = record.table(INTERVENTIONS_TABLE)
            table[docs.new_number(table)] = docs.intervention_doc(intervention)
        return intervention

    def end_intervention(self, code: str, intervention_id: str, *, end: date, by: str) -> Intervention:
        docs.date_text(end, "end")
        by = self._by(by)
        with self._changing(code) as record:
            table = record.tables.get(INTERVENTIONS_TABLE, {})
            for doc in table.values():
                if doc.get("id") == intervention_id:
                    break
            else:
                raise UnknownIntervention(code=record.history.code, intervention=str(intervention_id))
            found = next(i for i in record.history.interventions if i.id == intervention_id)
            if end < found.start:
                raise InvalidValue(N_("An intervention ends on or after the day it starts."), name="end")
            doc.update({"end": end.isoformat(), "ended_by": by, "ended_at": clock.now().isoformat()})
            record.changed = True
        return Intervention(found.id, found.kind, found.group, found.text, found.start, end,
                            found.responsible, found.added_by, found.added_at)

    def save_plan(self, code: str, *, goal: str, next_follow_up: date | None,
                  interventions: list[str] | tuple[str, ...], by: str) -> Plan:
        if goal is None or not isinstance(goal, str):
            raise InvalidValue(name="goal")
        goal = " ".join(goal.split())
        if len(goal) > GOAL_MAX:
            raise InvalidValue(N_("{name} has at most {max} characters."), name="goal", max=GOAL_MAX)
        if next_follow_up is not None:
            docs.date_text(next_follow_up, "next_follow_up")
        if not isinstance(interventions, (list, tuple)) or not all(isinstance(i, str) for i in interventions) \
                or len(set(interventions)) != len(interventions):
            raise InvalidValue(name="interventions")
        by = self._by(by)
        with self._changing(code) as record:
            known = {i.id for i in record.history.interventions}
            for intervention_id in interventions:
                if intervention_id not in known:
                    raise UnknownIntervention(code=record.history.code, intervention=intervention_id)
            plan = Plan(id=_new_id({p.id for p in record.history.plans}), made_at=clock.now(), made_by=by,
                        goal=goal, next_follow_up=next_follow_up, interventions=tuple(interventions))
            table = record.table(PLANS_TABLE)
            table[docs.new_number(table)] = docs.plan_doc(plan)
            _set_follow_up(record.doc, next_follow_up, by)
        return plan

    def set_follow_up(self, code: str, day: date | None, *, by: str) -> None:
        if day is not None:
            docs.date_text(day, "day")
        by = self._by(by)
        with self._changing(code) as record:
            _set_follow_up(record.doc, day, by)
            record.changed = True


def _user_name(name: Any, field: str) -> str:
    """A user name on this computer (who ran a command): one short printable line."""
    if not isinstance(name, str) or not name.strip() or len(name) > 100 \
            or any(not ch.isprintable() for ch in name):
        raise InvalidValue(name=field)
    return name.strip()


def _set_follow_up(doc: dict, day: date | None, by: str) -> None:
    doc["follow_up"] = None if day is None else day.isoformat()
    doc["follow_up_by"] = by
    doc["follow_up_at"] = clock.now().isoformat()
