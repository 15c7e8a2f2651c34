"""The data folder: its description and key, file names, locks and the index.

Layout of a data folder (folders 0700, files 0600, whatever the umask)::

    <root>/
      skapa-data.json        {"format": 1, "key": <hex>}: marks the folder as
                             skapa's; the key names the participant and
                             supervisor files
      folder.lock            flock for adding participants and supervisors,
                             for assignments, and for the index
      index.json             {"format": 2, "participants": {<name>: {"code": ..,
                             "supervisor": <id> | null}}}: derived data, rebuilt
                             from the files when its names do not match them
                             (a format-1 index {<name>: <code>} is still read)
      participants/
        <name>.json          one TinyDB file per participant (see below)
        <name>.lock          flock held for each read-modify-write of it
      supervisors/
        <name>.json          one TinyDB file per supervisor
        <name>.lock
      erasures.json          {"format": 1, "erasures": [{"at": <time>, "by": ..,
                             "by_kind": "supervisor" | "user"}]}: one entry
                             for each participant erased (``Store.erase_participant``),
                             appended under the folder lock; no code, no file
                             name, nothing about the person (absent until the
                             first erasure)
      logins.json          wrong logins counted per typed code or id, known
                             or not, under HMAC names (see ``tries``)
      logins.lock
      logs/
        kiosk-errors.log     the kiosk's errors (see ``error_log``): no answers,
                             no PINs

``<name>`` is the first 32 hex digits of HMAC-SHA256(key, normalized code)
(of the supervisor id for a supervisor), so codes and ids do not appear in
file names and cannot be guessed from them without the key.

The key is what links every file to its person, so it is guarded when the
folder is opened (`Folder`), before anything is written:

- Only an empty folder (nothing in it, or only skapa's own empty
  skeleton) gets a new key. A folder with participant or supervisor files,
  an index or a record of erasures but no ``skapa-data.json`` is refused
  (`KeyMissing`): its key must come back from a backup, or every file would
  read as damaged and every code could be added a second time.
- A key that does not fit the files (another folder's, or one made after
  the real one was lost) is refused too (`KeyMismatch`): a few readable
  participant and supervisor files are read, and at least one of them must
  be named for its code or id with this key.
- With ``create=False`` (the commands that only read, and the apps) a
  folder that does not exist, or has never been set up, is refused
  (`NoDataFolder`) instead of being made.

A participant file holds these TinyDB tables (every document has "format",
2 now; see ``documents`` for the rules of reading them)::

    "participant":   {"1": {"format", "code", "pin": "scrypt$...", "created_at",
                            ["follow_up": <date>,] ["failed_logins": n,]
                            ["resting_until": ...]}}
    "readings":      {"<n>": {"format", "id", "flow", "flow_version", "role",
                              "rater", "entry", "entered_by", "meeting_date",
                              "lang", "started_at", "completed_at", "position",
                              "answers": [{"item", "indicator", "value",
                                           "answered_at"}]}}
    "assignments":   {"<n>": {"format", "supervisor", "previous", "on", "at", "by",
                              ["by_user": <who ran participants assign>]}}
    "interventions": {"<n>": {"format", "id", "kind", "group", "text", "start",
                              "end", "responsible", "added_by", "added_at",
                              ["ended_by", "ended_at"]}}
    "plans":         {"<n>": {"format", "id", "made_at", "made_by", "goal",
                              "next_follow_up", "interventions": [<id>, ...]}}
    "corrections":   {"<n>": {"format", "reading", "item", "old", "new", "by",
                              "at", "why"}}
    "notes":         {"<n>": {"format", "meeting_date", "text", "by", "at"}}
    "access":        {"<n>": {"format", "by", "by_kind": "supervisor"|"user", "at",
                              "what": "page"|"forms"|"conversation"|"progression"
                                      |"summary"|"export"}}

(``notes`` are the supervisors' own meeting notes and ``access`` who opened
the participant's data: see ``domain.access``. Neither is read for a
history, so the report never sees them; both go with the file.)

A supervisor file holds one table::

    "supervisor": {"1": {"format", "id", "name", "passphrase": "scrypt$...",
                         "active", "created_at", "role", ["contact": <one line>,]
                         ["failed_logins": n,]
                         ["resting_until": ...]}}

Times are ISO 8601 with offset (UTC); dates (``meeting_date``, ``on``,
``start``, ``end``, ``follow_up``) are ISO dates. A value is 1-5, an
option id, a list of option ids or null. Nothing else is stored: no
participant names, never a PIN or passphrase in clear. ``failed_logins``
and ``resting_until`` were written by an earlier skapa (wrong logins are
now counted in ``logins.json``, per typed code, known or not: see
``tries``); they are read and dropped with the next new secret.

Files of the first format (table "sessions" without rater, entry,
entered_by and meeting_date; the participant document of format 1) are
read as readings of the participant at the kiosk, dated the local date they
were started, and are upgraded to the new format by their next write, in
the same atomic write.

Every change holds the file's lock for its whole read-modify-write and
writes the file atomically (temp file, fsync, rename, fsync of the folder)
before it returns; the folder lock, when needed too, is always taken first.

Erasing a participant (the right to erasure) holds the folder lock and the
participant's lock, first writes aside everything that changes (the index
without them, the error logs without their code or file name, the entry
appended to ``erasures.json``), so that a full disk stops it before
anything is removed; then removes their file, any temp file of it, a
kept-aside damaged index that names them, puts the new files in place and
removes their lock file. Because a participant's
lock file can be removed, it is taken with `Folder.participant_lock`, which
checks after the flock that the file it holds is still the one at that path
(else it tries again): a process that waited on the removed lock finds no
file and raises ``UnknownParticipant``; nothing brings the participant back.
Reads take no lock: a file is only ever replaced whole. A file that cannot
be read as skapa data raises ``DamagedData`` naming it and is never written
over; other participants keep working.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..domain import reading as clock
from ..domain.indicators import N_
from .error_log import LOGS_DIR
from .errors import DamagedData, DataFolderError, KeyMismatch, KeyMissing, NoDataFolder
from .files import (
    TMP_PREFIX,
    atomic_write,
    commit,
    dump_json,
    folder_error,
    fsync_dir,
    load_json,
    lock_fd,
    locked,
    parse_json,
    private_dir,
    read_data_file,
    remove_stale_temps,
    stage,
)

META_FORMAT = 1
"""The format of ``skapa-data.json`` (the folder's description and key)."""
INDEX_FORMAT = 2
META_FILE = "skapa-data.json"
INDEX_FILE = "index.json"
ERASURES_FILE = "erasures.json"
ERASURES_FORMAT = 1
FOLDER_LOCK = "folder.lock"
PARTICIPANTS_DIR = "participants"
SUPERVISORS_DIR = "supervisors"
NAME_HEX = 32
_NAME = re.compile(rf"[0-9a-f]{{{NAME_HEX}}}")
FILE_NAME = _NAME
"""A data file's name (without ``.json``)."""

KEY_SAMPLE = 3
"""How many readable files of each kind (participants, supervisors) are
read at most to see that the key fits them."""
KEY_TRIES = 20
"""How many files of each kind are tried at most to find those readable ones."""


UNKNOWN = object()
"""The supervisor of an index entry read from a format-1 index (not known there)."""


@dataclass(frozen=True)
class Entry:
    """One participant in the index."""

    code: str
    supervisor: object  # str | None, or UNKNOWN


def without_key(root: Path, create: bool) -> None:
    """Raise unless the folder ``root``, which has no key file, may get a new
    key now: `KeyMissing` when it holds skapa data, `NoDataFolder` unless
    ``create``, DataFolderError when it holds files that are not skapa's."""
    try:
        names = os.listdir(root) if root.is_dir() else []
        has_data = any(n in (INDEX_FILE, ERASURES_FILE) for n in names) or any(
            Folder.file_names(folder) for folder in (root / PARTICIPANTS_DIR, root / SUPERVISORS_DIR)
            if folder.is_dir())
    except OSError as exc:
        raise folder_error(root, exc) from exc
    if has_data:
        raise KeyMissing(file=str(root / META_FILE), folder=str(root))
    if not create:
        raise NoDataFolder(folder=str(root))
    # Our own names may be there while another process sets the folder up.
    ours = (FOLDER_LOCK, META_FILE, INDEX_FILE, ERASURES_FILE, PARTICIPANTS_DIR, SUPERVISORS_DIR, LOGS_DIR,
            "logins.json", "logins.lock")
    if any(n not in ours and not n.startswith(TMP_PREFIX) for n in names):
        raise DataFolderError(
            N_("{folder} is not empty and is not a skapa data folder; choose an empty or a new folder."),
            folder=str(root),
        )


def require_data_folder(root: Path | str) -> None:
    """Raise as ``Folder(root, create=False)`` would when ``root`` is no skapa
    data folder (missing, not a folder, never set up, its key file gone),
    without opening it: a quick look before an app starts."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise DataFolderError(N_("{folder} is not a folder."), folder=str(root))
    if not (root / META_FILE).exists():
        without_key(root, create=False)


class Folder:
    """The data folder's place, key, names, locks and index.

    ``create``: make the folder (and its key) when it is new and empty;
    without it such a folder raises `NoDataFolder`."""

    def __init__(self, root: Path | str, *, create: bool = True):
        self.root = Path(root).expanduser()
        self.participants_dir = self.root / PARTICIPANTS_DIR
        self.supervisors_dir = self.root / SUPERVISORS_DIR
        self.lock = self.root / FOLDER_LOCK
        self._key = self._open(create)
        self._check_key()
        for folder in (self.root, self.participants_dir, self.supervisors_dir):
            remove_stale_temps(folder)

    def _open(self, create: bool) -> bytes:
        root = self.root
        meta_path = root / META_FILE
        if root.exists() and not root.is_dir():
            raise DataFolderError(N_("{folder} is not a folder."), folder=str(root))
        if not meta_path.exists():
            without_key(root, create)
        private_dir(root)
        if not os.access(root, os.R_OK | os.W_OK | os.X_OK):
            raise DataFolderError(
                N_("The data folder cannot be used: you have no access to {file}"), file=str(root)
            )
        with locked(self.lock):
            meta = load_json(meta_path)
            if meta is None:
                without_key(root, create)  # again, under the lock: the files may have come meanwhile
                meta = {"format": META_FORMAT, "key": os.urandom(32).hex()}
                atomic_write(meta_path, dump_json(meta))
            private_dir(self.participants_dir)
            private_dir(self.supervisors_dir)
        if not isinstance(meta, dict) or isinstance(meta.get("format"), bool) \
                or not isinstance(meta.get("format"), int):
            raise DamagedData(meta_path, "not a skapa data folder description")
        if meta["format"] > META_FORMAT:
            raise DataFolderError(
                N_("The data folder {folder} was made by a newer version of skapa."), folder=str(root)
            )
        try:
            key = bytes.fromhex(meta["key"])
        except (KeyError, TypeError, ValueError):
            raise DamagedData(meta_path, "no key") from None
        if len(key) < 16:
            raise DamagedData(meta_path, "key too short")
        return key

    def _check_key(self) -> None:
        """`KeyMismatch` unless one of a few readable files is named for its
        code (or id) with this key; a folder with no readable file passes."""
        read = 0
        for folder, table, field in ((self.participants_dir, "participant", "code"),
                                     (self.supervisors_dir, "supervisor", "id")):
            readable = 0
            for name in sorted(self.file_names(folder))[:KEY_TRIES]:
                try:
                    data = parse_json(folder / f"{name}.json", read_data_file(folder / f"{name}.json"))
                except (DamagedData, DataFolderError):
                    continue
                text = _stored_name(data, table, field)
                if text is None:
                    continue
                if self.name(text) == name:
                    return
                read += 1
                readable += 1
                if readable >= KEY_SAMPLE:
                    break
        if read:
            raise KeyMismatch(file=str(self.root / META_FILE), folder=str(self.root))

    # -- names -------------------------------------------------------------

    def name(self, text: str) -> str:
        """The file name (without suffix) of a normalized code or supervisor id."""
        import hashlib
        import hmac

        return hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:NAME_HEX]

    def participant_paths(self, code: str) -> tuple[Path, Path]:
        """(file, lock) of the participant ``code`` (normalized)."""
        name = self.name(code)
        return self.participants_dir / f"{name}.json", self.participants_dir / f"{name}.lock"

    def supervisor_paths(self, supervisor: str) -> tuple[Path, Path]:
        """(file, lock) of the supervisor ``supervisor`` (normalized id)."""
        name = self.name(supervisor)
        return self.supervisors_dir / f"{name}.json", self.supervisors_dir / f"{name}.lock"

    @staticmethod
    @contextlib.contextmanager
    def participant_lock(lock_path: Path) -> Iterator[Callable[[], None]]:
        """Like `files.locked`, for a participant's lock file, which an erasure
        removes: after the flock, the file held must still be the one at
        ``lock_path``, else (it was removed, or removed and made again) the
        lock is taken again. Yields ``remove``, which unlinks the lock file
        while it is held (every process waiting on it then tries again)."""
        while True:
            fd = lock_fd(lock_path)
            try:
                try:
                    held = os.fstat(fd)
                    try:
                        there = os.stat(lock_path)
                    except FileNotFoundError:
                        continue
                except OSError as exc:
                    raise folder_error(lock_path, exc) from exc
                if (held.st_dev, held.st_ino) != (there.st_dev, there.st_ino):
                    continue

                def remove() -> None:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(lock_path)
                    fsync_dir(lock_path.parent)

                yield remove
                return
            finally:
                os.close(fd)  # closing releases the flock

    @staticmethod
    def file_names(folder: Path) -> set[str]:
        """The names of the data files in ``folder`` (participants or supervisors)."""
        try:
            with os.scandir(folder) as entries:
                return {
                    e.name[:-5] for e in entries
                    if e.name.endswith(".json") and _NAME.fullmatch(e.name[:-5])
                }
        except OSError as exc:
            raise DataFolderError(
                N_("The data folder cannot be used: {file}: {reason}"),
                file=str(folder), reason=exc.strerror or str(exc),
            ) from exc

    # -- the index -----------------------------------------------------------

    def read_index(self) -> dict[str, Entry]:
        """The index as stored ({} when missing or not readable: it is rebuilt)."""
        path = self.root / INDEX_FILE
        try:
            data = parse_json(path, read_data_file(path))
        except DamagedData:  # (an index that cannot be read too: it is derived data)
            return {}
        entries = data.get("participants") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            return {}
        index: dict[str, Entry] = {}
        for name, value in entries.items():
            if isinstance(value, str):  # format 1: {name: code}
                index[name] = Entry(value, UNKNOWN)
            elif (isinstance(value, dict) and isinstance(value.get("code"), str)
                  and (value.get("supervisor") is None or isinstance(value.get("supervisor"), str))):
                index[name] = Entry(value["code"], value.get("supervisor"))
            else:
                return {}
        return index

    def write_index(self, index: dict[str, Entry]) -> None:
        """Write the index (the caller holds the folder lock); entries of an
        unknown supervisor are written as none only if every one is known."""
        self.commit_index(stage(self.root / INDEX_FILE, self._index_data(index)))

    def stage_index(self, index: dict[str, Entry]) -> Path:
        """`write_index` in two steps: the new index written aside (`files.stage`) ..."""
        return stage(self.root / INDEX_FILE, self._index_data(index))

    def commit_index(self, staged: Path) -> None:
        """... and put in place (the caller holds the folder lock)."""
        path = self.root / INDEX_FILE
        try:
            parse_json(path, read_data_file(path))
        except DamagedData:
            # The index is derived from the participant files, but a file that
            # could not be read is still never written over: keep it aside.
            with contextlib.suppress(OSError):
                os.replace(path, path.with_name(
                    f"{INDEX_FILE}.damaged-{clock.now().strftime('%Y%m%dT%H%M%S')}"))
        commit(staged, path)

    @staticmethod
    def _index_data(index: dict[str, Entry]) -> bytes:
        if any(e.supervisor is UNKNOWN for e in index.values()):
            entries: dict = {name: e.code for name, e in sorted(index.items())}
            return dump_json({"format": 1, "participants": entries})
        entries = {name: {"code": e.code, "supervisor": e.supervisor} for name, e in sorted(index.items())}
        return dump_json({"format": INDEX_FORMAT, "participants": entries})

    # -- erasures ---------------------------------------------------------------

    def read_erasures(self) -> list[dict]:
        """The entries of ``erasures.json``, oldest first ([] before the first erasure)."""
        path = self.root / ERASURES_FILE
        data = load_json(path)
        if data is None:
            return []
        fmt = data.get("format") if isinstance(data, dict) else None
        entries = data.get("erasures") if isinstance(data, dict) else None
        if isinstance(fmt, bool) or not isinstance(fmt, int) or not isinstance(entries, list) \
                or not all(isinstance(e, dict) for e in entries):
            raise DamagedData(path, "not a list of erasures")
        if fmt > ERASURES_FORMAT:
            raise DataFolderError(
                N_("The data folder {folder} was made by a newer version of skapa."), folder=str(self.root))
        return entries

    def add_erasure(self, entry: dict) -> None:
        """Append ``entry`` to ``erasures.json`` (the caller holds the folder
        lock); a damaged file raises DamagedData and is never written over."""
        commit(self.stage_erasure(entry), self.root / ERASURES_FILE)

    def stage_erasure(self, entry: dict) -> Path:
        """`add_erasure` written aside (`files.stage`), for `files.commit` to put in place."""
        entries = self.read_erasures()
        return stage(self.root / ERASURES_FILE,
                     dump_json({"format": ERASURES_FORMAT, "erasures": [*entries, entry]}))

    def leftovers_naming(self, code: str, name: str) -> list[Path]:
        """Files in the folder that may hold ``code`` or its file ``name``
        besides the participant's own: temp files of the index left by a
        crash and kept-aside damaged indexes that contain either (the caller
        holds the folder lock, so no temp file of the index is being written)."""
        found = []
        needles = (dump_json(code), name.encode("ascii"))
        try:
            with os.scandir(self.root) as entries:
                candidates = [Path(e.path) for e in entries
                              if e.is_file(follow_symlinks=False)
                              and (e.name.startswith(f"{TMP_PREFIX}{INDEX_FILE}")
                                   or e.name.startswith(f"{INDEX_FILE}.damaged-"))]
        except OSError as exc:
            raise folder_error(self.root, exc) from exc
        for path in candidates:
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                continue
            if any(needle in raw for needle in needles):
                found.append(path)
        return found


def _stored_name(data: object, table: str, field: str) -> str | None:
    """The code (or id) a data file holds, as stored; None when it has none."""
    docs = data.get(table) if isinstance(data, dict) else None
    if not isinstance(docs, dict) or len(docs) != 1:
        return None
    (doc,) = docs.values()
    value = doc.get(field) if isinstance(doc, dict) else None
    return value if isinstance(value, str) else None
