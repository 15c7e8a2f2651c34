"""Supervisor files: ``supervisors/<name>.json``, one TinyDB file per supervisor.

A supervisor has an id (the file is named for it, see ``folder``), an
optional name, an optional ``contact`` (one short line, how a participant
reaches them: it is printed on the summary to take home), a passphrase kept as an scrypt hash like a PIN, ``active``
``created_at`` and a ``role``: ``supervisor`` (participants are given to
them) or ``leader`` (no caseload: a leader sees the organisation's report
only). A document without ``role`` (written before there were leaders) is a
supervisor's. Wrong passphrases make a supervisor rest like a code
(see ``login``); a deactivated supervisor cannot log in, and their history
(readings, assignments, plans made) stays.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain import reading as clock
from ..domain import supervisor as rules
from ..domain.indicators import N_
from ..domain.supervisor import ACCOUNT_ROLES, ROLE_SUPERVISOR, Supervisor
from . import documents, login, pins
from .documents import SUPERVISOR_TABLE
from .errors import (
    DamagedData,
    InactiveSupervisor,
    InvalidPassphrase,
    InvalidSupervisorId,
    InvalidValue,
    StorageError,
    SupervisorExists,
    UnknownSupervisor,
)
from .files import atomic_write, dump_json, locked
from .folder import Folder


class LeaderHasNoCaseload(StorageError):
    """Participants cannot be given to a leader (nor changed by one)."""

    message = N_("{supervisor} is a leader: leaders have no participants.")


def check_role(role: str) -> str:
    if role not in ACCOUNT_ROLES:
        raise InvalidValue(name="role")
    return role


def normalize_id(text: str) -> str:
    try:
        return rules.normalize_id(text)
    except rules.InvalidSupervisorId as exc:
        raise InvalidSupervisorId(exc.message, **exc.fields) from None


def check_name(name: str | None) -> str | None:
    if name is not None and not isinstance(name, str):
        raise InvalidSupervisorId(rules.N_("A name has at most {max} characters."), max=rules.NAME_MAX)
    try:
        return rules.check_name(name)
    except rules.InvalidSupervisorId as exc:
        raise InvalidSupervisorId(exc.message, **exc.fields) from None


def check_contact(contact: str | None) -> str | None:
    if contact is not None and not isinstance(contact, str):
        raise InvalidSupervisorId(rules.N_("A contact has at most {max} characters, on one line."),
                                  max=rules.CONTACT_MAX)
    try:
        return rules.check_contact(contact)
    except rules.InvalidSupervisorId as exc:
        raise InvalidSupervisorId(exc.message, **exc.fields) from None


def check_passphrase(passphrase: str) -> str:
    try:
        return rules.check_passphrase(passphrase)
    except rules.InvalidPassphrase as exc:
        raise InvalidPassphrase(exc.message, **exc.fields) from None


@dataclass
class _Record:
    path: Path
    storage: Any
    tables: dict
    doc: dict
    supervisor: Supervisor
    changed: bool = False


class Supervisors:
    def __init__(self, folder: Folder):
        self.folder = folder

    # -- files --

    def _read(self, path: Path, supervisor_id: str | None) -> _Record:
        from .tinydb_storage import AtomicJSONStorage

        storage = AtomicJSONStorage(path)
        raw = storage.read_bytes()
        if raw is None:
            raise UnknownSupervisor(supervisor=supervisor_id or path.stem)
        _, supervisor = documents.read_supervisor(path, raw, supervisor_id)
        tables = documents.read_tables(path, raw)  # changed in place: fields of a newer skapa stay
        (doc,) = tables[SUPERVISOR_TABLE].values()
        return _Record(path, storage, tables, doc, supervisor)

    def _read_named(self, name: str) -> _Record:
        path = self.folder.supervisors_dir / f"{name}.json"
        record = self._read(path, None)
        if self.folder.name(record.supervisor.id) != name:
            raise DamagedData(path, "not named for the supervisor it holds")
        return record

    @contextlib.contextmanager
    def _changing(self, supervisor_id: str) -> Iterator[_Record]:
        """The supervisor's record under its lock; written when marked changed."""
        supervisor_id = normalize_id(supervisor_id)
        path, lock = self.folder.supervisor_paths(supervisor_id)
        if not path.exists():
            raise UnknownSupervisor(supervisor=supervisor_id)
        with locked(lock):
            record = self._read(path, supervisor_id)
            yield record
            if record.changed:
                record.storage.write(record.tables)

    # -- the API --

    def add(self, supervisor_id: str, passphrase: str, name: str | None = None,
            role: str = ROLE_SUPERVISOR, contact: str | None = None) -> Supervisor:
        supervisor_id = normalize_id(supervisor_id)
        name = check_name(name)
        contact = check_contact(contact)
        role = check_role(role)
        secret = pins.hash_secret(check_passphrase(passphrase))  # slow: outside the locks
        path, lock = self.folder.supervisor_paths(supervisor_id)
        with locked(self.folder.lock), locked(lock):
            if path.exists():
                raise SupervisorExists(supervisor=supervisor_id)
            created = clock.now()
            supervisor = Supervisor(supervisor_id, name, True, created, role, contact)
            doc = documents.supervisor_doc(supervisor, secret)
            atomic_write(path, dump_json({SUPERVISOR_TABLE: {"1": doc}}))
        return supervisor

    def get(self, supervisor_id: str) -> Supervisor:
        supervisor_id = normalize_id(supervisor_id)
        path, _ = self.folder.supervisor_paths(supervisor_id)
        return self._read(path, supervisor_id).supervisor

    def require_active(self, supervisor_id: str) -> str:
        """The normalized id of an existing, active supervisor with a caseload:
        one participants can be given to and who acts on them (not a leader)."""
        supervisor = self.get(supervisor_id)
        if not supervisor.active:
            raise InactiveSupervisor(supervisor=supervisor.id)
        if not supervisor.has_caseload:
            raise LeaderHasNoCaseload(supervisor=supervisor.id)
        return supervisor.id

    def exists(self, supervisor_id: str) -> bool:
        return self.folder.supervisor_paths(supervisor_id)[0].exists()

    def each(self) -> Iterator[Supervisor | DamagedData]:
        """Every supervisor by id, a DamagedData for each damaged file (after them)."""
        found, damaged = [], []
        for name in sorted(self.folder.file_names(self.folder.supervisors_dir)):
            try:
                found.append(self._read_named(name).supervisor)
            except UnknownSupervisor:
                continue
            except DamagedData as exc:
                damaged.append(exc)
        yield from sorted(found, key=lambda s: s.id)
        yield from damaged

    def all(self) -> list[Supervisor]:
        return [s for s in self.each() if isinstance(s, Supervisor)]

    def damaged(self) -> list[Path]:
        return [f for s in self.each() if isinstance(s, DamagedData) for f in s.files]

    def change_passphrase(self, supervisor_id: str, passphrase: str) -> None:
        from .tries import SUPERVISOR, LoginTries

        secret = pins.hash_secret(check_passphrase(passphrase))
        with self._changing(supervisor_id) as record:
            record.doc["passphrase"] = secret
            login.forget(record.doc)
            record.changed = True
            normalized = record.supervisor.id
        tries = LoginTries(self.folder)
        tries.forget(tries.name(SUPERVISOR, normalized))  # a new passphrase ends a rest at once

    def set_contact(self, supervisor_id: str, contact: str | None) -> Supervisor:
        """Set (or with None, remove) how participants reach the supervisor."""
        contact = check_contact(contact)
        with self._changing(supervisor_id) as record:
            if record.doc.get("contact") != contact:
                if contact is None:
                    record.doc.pop("contact", None)
                else:
                    record.doc["contact"] = contact
                record.changed = True
            s = record.supervisor
        return dataclasses.replace(s, contact=contact)

    def deactivate(self, supervisor_id: str) -> Supervisor:
        with self._changing(supervisor_id) as record:
            if record.doc["active"]:
                record.doc["active"] = False
                record.changed = True
            s = record.supervisor
        return dataclasses.replace(s, active=False)

    def check_login(self, supervisor_id: str, passphrase: str) -> Supervisor | None:
        from .tries import SUPERVISOR, LoginTries

        tries = LoginTries(self.folder)
        try:
            supervisor_id = rules.normalize_id(supervisor_id)
        except rules.ParticipantRuleError:
            supervisor_id = supervisor_id.strip().lower()  # counted as typed: it rests like any other
        try:
            passphrase = rules.check_passphrase(passphrase)
            well_formed = True
        except rules.ParticipantRuleError:
            well_formed = False
        path, _ = self.folder.supervisor_paths(supervisor_id)
        record = self._read(path, supervisor_id) if well_formed and path.exists() else None
        stored = record.doc["passphrase"] if record is not None and record.supervisor.active else None
        if login.check(passphrase, stored, tries, tries.name(SUPERVISOR, supervisor_id)):
            assert record is not None
            return record.supervisor
        return None
