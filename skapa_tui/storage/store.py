"""The data folder: one TinyDB file per participant, locked and written atomically.

Layout of a data folder (folders 0700, files 0600, whatever the umask)::

    <root>/
      skapa-data.json        {"format": 1, "key": <hex>}: marks the folder as
                             skapa's; the key names participant files
      folder.lock            flock for adding participants and the index
      index.json             {"format": 1, "participants": {<name>: <code>}}:
                             derived data, rebuilt from the files when it does
                             not match them
      participants/
        <name>.json          one TinyDB file per participant
        <name>.lock          flock held for each read-modify-write of it
      logs/
        kiosk-errors.log     the kiosk's errors (see ``error_log``): no answers,
                             no PINs

``<name>`` is the first 32 hex digits of HMAC-SHA256(key, normalized code),
so codes do not appear in file names and cannot be guessed from them without
the key. The participant file holds two TinyDB tables::

    "participant": {"1": {"format": 1, "code": ..., "pin": "scrypt$...", "created_at": ...,
                          ["failed_logins": n,] ["resting_until": ...]}}
    "sessions":    {"<n>": {"id", "role", "flow", "flow_version", "lang",
                            "started_at", "completed_at", "position",
                            "answers": [{"item", "indicator", "value", "answered_at"}]}}

Times are ISO 8601 with offset (UTC). Nothing else is stored: no names, no
free text, never the PIN. ``failed_logins`` (wrong PINs in a row) and
``resting_until`` are there only while a code has had wrong PINs: after
``LOGIN_TRIES`` in a row the code rests for ``LOGIN_REST``, whichever kiosk
or process the tries came from, and the right PIN removes both.

Every Store operation that changes a participant holds that participant's
lock for its whole read-modify-write and writes the file atomically (temp
file, fsync, rename, fsync of the folder) before it returns. Reads take no
lock: a file is only ever replaced whole. A file that cannot be read as
skapa data raises ``DamagedData`` naming it and is never written over; other
participants keep working.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import participant as rules
from ..domain.indicators import BY_ID, N_, PARTICIPANT, SCALE, SUPERVISOR
from ..domain.session import Answer, Session, now
from . import pins
from .errors import (
    DamagedData,
    DataFolderError,
    InvalidCode,
    InvalidPin,
    InvalidValue,
    LoginResting,
    ParticipantExists,
    SessionCompleted,
    UnknownParticipant,
    UnknownSession,
)
from .error_log import LOGS_DIR
from .files import (
    TMP_PREFIX,
    atomic_write,
    dump_json,
    folder_error,
    load_json,
    locked,
    private_dir,
    remove_stale_temps,
)

if TYPE_CHECKING:
    from tinydb import TinyDB

# TinyDB, hashlib and hmac load at the first login (see `_read`, `_name`):
# the kiosk's welcome must be ready fast.

FORMAT = 1
META_FILE = "skapa-data.json"
INDEX_FILE = "index.json"
FOLDER_LOCK = "folder.lock"
PARTICIPANTS_DIR = "participants"
PARTICIPANT_TABLE = "participant"
SESSIONS_TABLE = "sessions"
NAME_HEX = 32
LOGIN_TRIES = 5
"""Wrong PINs in a row for one code before it rests for ``LOGIN_REST``."""
LOGIN_REST = timedelta(seconds=60)

ROLES = (PARTICIPANT, SUPERVISOR)
_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
_LANG = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?")
_POSITION = re.compile(r"[A-Za-z0-9_.:-]{1,100}")
_NAME = re.compile(rf"[0-9a-f]{{{NAME_HEX}}}")


# -- conversions between the domain and the stored documents -----------------

def _time_text(value: datetime, name: str) -> str:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(N_("{name} must be a time with a time zone."), name=name)
    return value.astimezone(timezone.utc).isoformat()


def _answer_doc(answer: Answer) -> dict[str, Any]:
    if not isinstance(answer, Answer):
        raise InvalidValue(name="answer")
    if not (isinstance(answer.item, str) and _ID.fullmatch(answer.item)):
        raise InvalidValue(name="item")
    if answer.indicator not in BY_ID:
        raise InvalidValue(N_("There is no indicator {indicator}."), indicator=str(answer.indicator))
    value = answer.value
    if value is not None and (isinstance(value, bool) or value not in SCALE):
        raise InvalidValue(N_("An answer is 1 to 5, or none when skipped."), name="value")
    return {
        "item": answer.item,
        "indicator": answer.indicator,
        "value": value,
        "answered_at": _time_text(answer.answered_at, "answered_at"),
    }


def _check_position(position: str | None) -> None:
    if position is not None and not (isinstance(position, str) and _POSITION.fullmatch(position)):
        raise InvalidValue(name="position")


def _check_lang(lang: str) -> None:
    if not (isinstance(lang, str) and _LANG.fullmatch(lang)):
        raise InvalidValue(name="lang")


class _Shape:
    """Reads stored documents strictly; any surprise is DamagedData for ``path``."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, what: str) -> DamagedData:
        return DamagedData(self.path, f"{where}: {what}")

    def text(self, doc: dict, key: str, where: str, *, optional: bool = False) -> str | None:
        value = doc.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value:
            raise self.fail(f"{where}.{key}", "not a text")
        return value

    def time(self, doc: dict, key: str, where: str, *, optional: bool = False) -> datetime | None:
        value = doc.get(key)
        if value is None and optional:
            return None
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise self.fail(f"{where}.{key}", "not a time with a time zone")
        return parsed

    def participant(self, tables: dict | None, code: str | None = None) -> dict:
        if tables is None:
            raise self.fail("file", "empty")
        table = tables.get(PARTICIPANT_TABLE)
        if not isinstance(table, dict) or len(table) != 1:
            raise self.fail(PARTICIPANT_TABLE, "not exactly one participant")
        ((key, doc),) = table.items()
        if not key.isdigit():
            raise self.fail(PARTICIPANT_TABLE, "not a document number")
        if doc.get("format") != FORMAT:
            raise self.fail(f"{PARTICIPANT_TABLE}.format", f"not {FORMAT}")
        stored = self.text(doc, "code", PARTICIPANT_TABLE)
        if code is not None and stored != code:
            raise self.fail(f"{PARTICIPANT_TABLE}.code", "belongs to another code")
        try:
            pins.parse_hash(doc.get("pin"))
        except pins.BadPinHash as exc:
            raise self.fail(f"{PARTICIPANT_TABLE}.pin", str(exc)) from None
        self.time(doc, "created_at", PARTICIPANT_TABLE)
        failed = doc.get("failed_logins", 0)
        if isinstance(failed, bool) or not isinstance(failed, int) or not 0 <= failed < LOGIN_TRIES:
            raise self.fail(f"{PARTICIPANT_TABLE}.failed_logins", f"not a number from 0 to {LOGIN_TRIES - 1}")
        self.time(doc, "resting_until", PARTICIPANT_TABLE, optional=True)
        return doc

    def session(self, doc: dict, where: str) -> Session:
        version = doc.get("flow_version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise self.fail(f"{where}.flow_version", "not a number")
        raw_answers = doc.get("answers")
        if not isinstance(raw_answers, list):
            raise self.fail(f"{where}.answers", "not a list")
        answers: dict[str, Answer] = {}
        for n, raw in enumerate(raw_answers):
            at = f"{where}.answers[{n}]"
            if not isinstance(raw, dict):
                raise self.fail(at, "not an object")
            value = raw.get("value")
            if value is not None and (isinstance(value, bool) or value not in SCALE):
                raise self.fail(f"{at}.value", "not 1-5 or null")
            item = self.text(raw, "item", at)
            answers[item] = Answer(item, self.text(raw, "indicator", at), value, self.time(raw, "answered_at", at))
        return Session(
            id=self.text(doc, "id", where),
            role=self.text(doc, "role", where),
            flow=self.text(doc, "flow", where),
            flow_version=version,
            lang=self.text(doc, "lang", where),
            started_at=self.time(doc, "started_at", where),
            completed_at=self.time(doc, "completed_at", where, optional=True),
            position=self.text(doc, "position", where, optional=True),
            answers=answers,
        )

    def sessions(self, tables: dict) -> list[tuple[int, Session]]:
        """(doc_id, session) oldest first."""
        table = tables.get(SESSIONS_TABLE, {})
        if not isinstance(table, dict):
            raise self.fail(SESSIONS_TABLE, "not a table")
        found: list[tuple[int, Session]] = []
        for key, doc in table.items():
            try:
                doc_id = int(key)
            except ValueError:
                raise self.fail(f"{SESSIONS_TABLE}.{key}", "not a document number") from None
            found.append((doc_id, self.session(doc, f"{SESSIONS_TABLE}.{key}")))
        ids = [s.id for _, s in found]
        if len(set(ids)) != len(ids):
            raise self.fail(SESSIONS_TABLE, "two sessions with the same id")
        found.sort(key=lambda pair: (pair[1].started_at, pair[0]))
        return found


@dataclass
class _Record:
    """One participant file, read and checked, during one operation."""

    path: Path
    db: TinyDB
    tables: dict
    participant: dict
    sessions: list[tuple[int, Session]]

    @property
    def participant_id(self) -> list[int]:
        """``doc_ids`` for a TinyDB update of the participant document."""
        return [int(next(iter(self.tables[PARTICIPANT_TABLE])))]

    def find(self, code: str, session_id: str) -> tuple[int, Session]:
        for doc_id, session in self.sessions:
            if session.id == session_id:
                return doc_id, session
        raise UnknownSession(code=code, session=str(session_id))


def _guarded(method: Callable) -> Callable:
    """No OSError leaves the Store raw: it becomes a DataFolderError naming the file."""

    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def generator(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from method(*args, **kwargs)
            except OSError as exc:
                raise folder_error(exc.filename, exc) from exc

        return generator

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except OSError as exc:
            raise folder_error(exc.filename, exc) from exc

    return wrapper


class Store:
    """The data folder. Safe to use from several processes at once (kiosk, supervisor).

    Every public method raises only StorageErrors (and the InvalidCode and
    InvalidPin that are also StorageErrors) for bad input, bad files and a
    folder that cannot be used.
    """

    def __init__(self, root: Path | str):
        self.root = Path(root).expanduser()
        self.participants_dir = self.root / PARTICIPANTS_DIR
        self._key = self._open_folder()
        remove_stale_temps(self.root)
        remove_stale_temps(self.participants_dir)

    # -- the folder ------------------------------------------------------

    def _open_folder(self) -> bytes:
        root = self.root
        meta_path = root / META_FILE
        if root.exists() and not root.is_dir():
            raise DataFolderError(N_("{folder} is not a folder."), folder=str(root))
        if not meta_path.exists():
            try:
                # Our own names may be there while another process sets the folder up.
                ours = (FOLDER_LOCK, META_FILE, INDEX_FILE, PARTICIPANTS_DIR, LOGS_DIR)
                strangers = [
                    n for n in (os.listdir(root) if root.exists() else [])
                    if n not in ours and not n.startswith(TMP_PREFIX)
                ]
            except OSError as exc:
                raise DataFolderError(
                    N_("The data folder cannot be used: {file}: {reason}"), file=str(root), reason=exc.strerror or str(exc)
                ) from exc
            if strangers:
                raise DataFolderError(
                    N_("{folder} is not empty and is not a skapa data folder; choose an empty or a new folder."),
                    folder=str(root),
                )
        private_dir(root)
        if not os.access(root, os.R_OK | os.W_OK | os.X_OK):
            raise DataFolderError(
                N_("The data folder cannot be used: you have no access to {file}"), file=str(root)
            )
        with locked(root / FOLDER_LOCK):
            meta = load_json(meta_path)
            if meta is None:
                meta = {"format": FORMAT, "key": os.urandom(32).hex()}
                atomic_write(meta_path, dump_json(meta))
            private_dir(self.participants_dir)
        if not isinstance(meta, dict) or not isinstance(meta.get("format"), int):
            raise DamagedData(meta_path, "not a skapa data folder description")
        if meta["format"] > FORMAT:
            raise DataFolderError(
                N_("The data folder {folder} was made by a newer version of skapa."), folder=str(root)
            )
        try:
            key = bytes.fromhex(meta.get("key", ""))
        except (TypeError, ValueError):
            key = b""
        if len(key) < 16:
            raise DamagedData(meta_path, "no valid key")
        return key

    def _name(self, code: str) -> str:
        import hashlib
        import hmac

        return hmac.new(self._key, code.encode("utf-8"), hashlib.sha256).hexdigest()[:NAME_HEX]

    def _paths(self, code: str) -> tuple[Path, Path]:
        name = self._name(code)
        return self.participants_dir / f"{name}.json", self.participants_dir / f"{name}.lock"

    def path_of(self, code: str) -> Path:
        """The file that holds the participant ``code`` (it may not exist)."""
        return self._paths(_code(code))[0]

    # -- participant files ----------------------------------------------

    def _read(self, path: Path, code: str | None) -> _Record:
        from tinydb import TinyDB

        from .tinydb_storage import AtomicJSONStorage

        db = TinyDB(path, storage=AtomicJSONStorage)
        tables = db.storage.read()
        if tables is None:
            raise UnknownParticipant(code=code or path.stem)
        shape = _Shape(path)
        participant = shape.participant(tables, code)
        return _Record(path, db, tables, participant, shape.sessions(tables))

    def _read_named(self, name: str) -> _Record:
        """The record in the file ``name``, which must be the one its code is named to."""
        path = self.participants_dir / f"{name}.json"
        record = self._read(path, None)
        if self._name(record.participant["code"]) != name:
            # Readable, but not under the name its code gets in this folder
            # (copied from another folder, or its code edited): not trusted.
            raise DamagedData(path, "not named for the code it holds")
        return record

    @contextlib.contextmanager
    def _changing(self, code: str) -> Iterator[_Record]:
        """The participant's record, read and checked under its lock, for one change."""
        code = _code(code)
        path, lock = self._paths(code)
        if not path.exists():  # no lock file for a code nobody has
            raise UnknownParticipant(code=code)
        with locked(lock):
            yield self._read(path, code)

    def _session_update(self, record: _Record, doc_id: int, fields: dict[str, Any]) -> None:
        record.db.table(SESSIONS_TABLE).update(fields, doc_ids=[doc_id])

    # -- participants ------------------------------------------------------

    def add_participant(self, code: str, pin: str) -> str:
        """Add a participant; returns the normalized code."""
        code = _code(code)
        pin = _pin(pin)
        pin_hash = pins.hash_pin(pin)  # slow: outside the locks
        path, lock = self._paths(code)
        with locked(self.root / FOLDER_LOCK), locked(lock):
            if path.exists():
                raise ParticipantExists(code=code)
            doc = {"format": FORMAT, "code": code, "pin": pin_hash, "created_at": now().isoformat()}
            atomic_write(path, dump_json({PARTICIPANT_TABLE: {"1": doc}, SESSIONS_TABLE: {}}))
            index = self._read_index()
            index[path.stem] = code
            self._write_index(index)
        return code

    def check_login(self, code: str, pin: str) -> str | None:
        """The normalized code when code and PIN are right, else None.

        Costs one scrypt computation whether or not the code exists or is
        well-formed, or rests. A damaged participant file raises DamagedData;
        a code that has had ``LOGIN_TRIES`` wrong PINs in a row raises
        LoginResting, even for the right PIN, until its rest is over. A right
        PIN writes nothing unless there were wrong ones before it.
        """
        try:
            code = rules.normalize_code(code)
            pin = rules.check_pin(pin)
        except rules.ParticipantRuleError:
            pins.verify_pin("0000", pins.DUMMY_HASH)
            return None
        path, _ = self._paths(code)
        if not path.exists():
            pins.verify_pin(pin, pins.DUMMY_HASH)
            if not self.participants_dir.is_dir():
                raise DataFolderError(
                    N_("The data folder cannot be used: {file} is not a folder"),
                    file=str(self.participants_dir),
                )
            return None
        record = self._read(path, code)
        resting = _resting_until(record.participant)
        if resting is not None:
            pins.verify_pin(pin, pins.DUMMY_HASH)  # the same cost as a try
            raise LoginResting(resting)
        right = pins.verify_pin(pin, record.participant["pin"])
        if right and not _login_marks(record.participant):
            return code  # the usual case: nothing to write
        with self._changing(code) as record:
            doc = record.participant
            table = record.db.table(PARTICIPANT_TABLE)
            if right:
                table.update(_forget_logins, doc_ids=record.participant_id)
                return code
            if (resting := _resting_until(doc)) is not None:  # another kiosk made it rest meanwhile
                raise LoginResting(resting)
            failed = doc.get("failed_logins", 0) + 1
            if failed < LOGIN_TRIES:
                table.update({"failed_logins": failed}, doc_ids=record.participant_id)
            else:
                table.update({"failed_logins": 0, "resting_until": (now() + LOGIN_REST).isoformat()},
                             doc_ids=record.participant_id)
        return None

    def change_pin(self, code: str, pin: str) -> None:
        """Give the participant a new PIN (for a supervisor, when it is forgotten)."""
        pin_hash = pins.hash_pin(_pin(pin))
        with self._changing(code) as record:
            def new_pin(doc: dict) -> None:
                doc["pin"] = pin_hash
                _forget_logins(doc)

            record.db.table(PARTICIPANT_TABLE).update(new_pin, doc_ids=record.participant_id)


    def participant_codes(self) -> list[str]:
        """Every participant's code, sorted, read from the index (fast: no participant
        file is opened, so a damaged file's code is still listed; ``damaged_files``
        finds those)."""
        index = self._read_index()
        names = self._file_names()
        if set(index) != names:
            with locked(self.root / FOLDER_LOCK):
                index = self._reconcile_index(self._file_names())
        return sorted(index.values())

    def damaged_files(self) -> list[Path]:
        """Participant files that cannot be read as skapa data (reads every file: slow)."""
        damaged = []
        for name in sorted(self._file_names()):
            try:
                self._read_named(name)
            except DamagedData as exc:
                damaged.extend(exc.files)
            except UnknownParticipant:
                pass
        return damaged

    def _file_names(self) -> set[str]:
        try:
            with os.scandir(self.participants_dir) as entries:
                return {
                    e.name[:-5] for e in entries
                    if e.name.endswith(".json") and _NAME.fullmatch(e.name[:-5])
                }
        except OSError as exc:
            raise DataFolderError(
                N_("The data folder cannot be used: {file}: {reason}"),
                file=str(self.participants_dir), reason=exc.strerror or str(exc),
            ) from exc

    def _read_index(self) -> dict[str, str]:
        path = self.root / INDEX_FILE
        try:
            data = load_json(path)
        except DamagedData:
            return {}
        if data is None:
            return {}
        entries = data.get("participants") if isinstance(data, dict) else None
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            return {}
        return dict(entries)

    def _write_index(self, index: dict[str, str]) -> None:
        path = self.root / INDEX_FILE
        try:
            load_json(path)
        except DamagedData:
            # The index is derived from the participant files, but a file that
            # could not be read is still never written over: keep it aside.
            with contextlib.suppress(OSError):
                os.replace(path, path.with_name(f"{INDEX_FILE}.damaged-{now().strftime('%Y%m%dT%H%M%S')}"))
        atomic_write(path, dump_json({"format": FORMAT, "participants": dict(sorted(index.items()))}))

    def _reconcile_index(self, names: set[str]) -> dict[str, str]:
        """Make the index match the files (caller holds the folder lock)."""
        old = self._read_index()
        index = {name: code for name, code in old.items() if name in names}
        for name in names - set(index):
            try:
                index[name] = self._read_named(name).participant["code"]
            except (DamagedData, UnknownParticipant):
                continue
        if index != old:
            self._write_index(index)
        return index

    # -- sessions ----------------------------------------------------------

    def sessions(self, code: str) -> list[Session]:
        """The participant's sessions, oldest first."""
        code = _code(code)
        path, _ = self._paths(code)
        return [session for _, session in self._read(path, code).sessions]

    def start_session(self, code: str, *, role: str, flow: str, flow_version: int, lang: str) -> Session:
        if role not in ROLES:
            raise InvalidValue(name="role")
        if not (isinstance(flow, str) and _ID.fullmatch(flow)):
            raise InvalidValue(name="flow")
        if isinstance(flow_version, bool) or not isinstance(flow_version, int) or flow_version < 1:
            raise InvalidValue(name="flow_version")
        _check_lang(lang)
        with self._changing(code) as record:
            taken = {s.id for _, s in record.sessions}
            session_id = os.urandom(8).hex()
            while session_id in taken:
                session_id = os.urandom(8).hex()
            session = Session(session_id, role, flow, flow_version, lang, now())
            record.db.table(SESSIONS_TABLE).insert({
                "id": session.id,
                "role": role,
                "flow": flow,
                "flow_version": flow_version,
                "lang": lang,
                "started_at": session.started_at.isoformat(),
                "completed_at": None,
                "position": None,
                "answers": [],
            })
        return session

    def open_session(self, code: str, *, role: str, flow: str) -> Session | None:
        """The newest unfinished session of that role and flow, or None."""
        for session in reversed(self.sessions(code)):
            if session.role == role and session.flow == flow and not session.finished:
                return session
        return None

    def save_answer(self, code: str, session_id: str, answer: Answer, position: str | None) -> None:
        """Store ``answer`` (replacing an earlier one to the same item) durably, and the position."""
        doc = _answer_doc(answer)
        _check_position(position)
        with self._changing(code) as record:
            doc_id, session = record.find(record.participant["code"], session_id)
            if session.finished:
                raise SessionCompleted(session=session_id)
            answers = list(record.tables[SESSIONS_TABLE][str(doc_id)]["answers"])
            for n, earlier in enumerate(answers):
                if earlier.get("item") == doc["item"]:
                    answers[n] = doc  # replaced in place: the order stays the flow's
                    break
            else:
                answers.append(doc)
            self._session_update(record, doc_id, {"answers": answers, "position": position})

    def save_position(self, code: str, session_id: str, position: str | None, lang: str | None = None) -> None:
        """Remember where the person stopped (and the language, when given)."""
        _check_position(position)
        fields: dict[str, Any] = {"position": position}
        if lang is not None:
            _check_lang(lang)
            fields["lang"] = lang
        with self._changing(code) as record:
            doc_id, session = record.find(record.participant["code"], session_id)
            if session.finished:
                raise SessionCompleted(session=session_id)
            self._session_update(record, doc_id, fields)

    def complete_session(self, code: str, session_id: str) -> Session:
        """Mark the session sent (sets completed_at); a second call changes nothing."""
        with self._changing(code) as record:
            doc_id, session = record.find(record.participant["code"], session_id)
            if session.finished:
                return session
            session.completed_at = now()
            self._session_update(record, doc_id, {"completed_at": session.completed_at.isoformat()})
        return session

    # -- for export ----------------------------------------------------------

    def read_all(self) -> Iterator[tuple[str, list[Session]] | DamagedData]:
        """(code, sessions) for every participant in code order; a DamagedData for each damaged file."""
        names = self._file_names()
        index = self._read_index()
        if set(index) != names:
            with locked(self.root / FOLDER_LOCK):
                index = self._reconcile_index(names)
        known = sorted(index.items(), key=lambda item: item[1])
        for name, code in known:
            path = self.participants_dir / f"{name}.json"
            try:
                yield code, [s for _, s in self._read(path, code).sessions]
            except UnknownParticipant:
                continue
            except DamagedData as exc:
                yield exc
        for name in sorted(names - set(index)):
            try:
                self._read_named(name)
            except UnknownParticipant:
                continue
            except DamagedData as exc:
                yield exc


def _login_marks(doc: dict) -> list[str]:
    """The login bookkeeping a participant document holds now (normally none)."""
    return [key for key in ("failed_logins", "resting_until") if key in doc]


def _forget_logins(doc: dict) -> None:
    """A TinyDB update: the right PIN (or a new one) ends the wrong tries and any rest."""
    for key in _login_marks(doc):
        del doc[key]


def _resting_until(doc: dict) -> datetime | None:
    """When the code's rest ends, if it rests now."""
    until = doc.get("resting_until")
    if until is None:
        return None
    until = datetime.fromisoformat(until)  # checked by _Shape when the file was read
    return until if now() < until else None


def _code(code: str) -> str:
    try:
        return rules.normalize_code(code)
    except rules.InvalidCode as exc:
        raise InvalidCode(exc.message, **exc.fields) from None


def _pin(pin: str) -> str:
    try:
        return rules.check_pin(pin)
    except rules.InvalidPin as exc:
        raise InvalidPin(exc.message, **exc.fields) from None


def _guard_public(cls: type) -> None:
    for name, value in list(vars(cls).items()):
        if callable(value) and (not name.startswith("_") or name == "__init__"):
            setattr(cls, name, _guarded(value))


_guard_public(Store)
