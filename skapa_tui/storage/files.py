"""Private, atomic, locked files.

- ``private_dir`` makes a folder with mode 0700 whatever the umask.
- ``atomic_write`` replaces a file so that a crash or power cut leaves either
  the old or the new content, never a mix: a temp file in the same folder,
  created 0600, is written, flushed and fsynced, renamed over the target with
  ``os.replace``, and the folder is fsynced so the rename itself is durable.
- ``locked`` holds an exclusive ``fcntl.flock`` on a sidecar lock file for the
  whole read-modify-write of one operation, so processes sharing the folder
  never lose each other's updates. Readers need no lock: a file is only ever
  replaced whole.
- ``AtomicJSONStorage`` is a TinyDB ``Storage`` on top of these: it reads the
  whole file (``DamagedData`` if it is not a JSON object of tables) and writes
  it atomically; it refuses to write over a file it could not read.

OSErrors become ``DataFolderError``; bad content becomes ``DamagedData``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from ..domain.indicators import N_
from .errors import DamagedData, DataFolderError

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_PREFIX = ".tmp-"
STALE_TMP_SECONDS = 3600


def _folder_error(path: Path, exc: OSError) -> DataFolderError:
    return DataFolderError(
        N_("The data folder cannot be used: {file}: {reason}"),
        file=str(path),
        reason=exc.strerror or str(exc),
    )


def private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if missing and make it 0700."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
        if (path.stat().st_mode & 0o777) != DIR_MODE:
            os.chmod(path, DIR_MODE)
    except OSError as exc:
        raise _folder_error(path, exc) from exc


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` durably and atomically; the file ends 0600."""
    folder = path.parent
    tmp = folder / f"{TMP_PREFIX}{path.name}-{secrets.token_hex(6)}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)  # the umask may have taken bits away; never adds any
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _folder_error(path, exc) from exc


def remove_stale_temps(folder: Path, older_than: float = STALE_TMP_SECONDS) -> int:
    """Remove temp files left by a crash (they may hold personal data); returns how many."""
    removed = 0
    limit = time.time() - older_than
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(TMP_PREFIX) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        if entry.stat(follow_symlinks=False).st_mtime < limit:
                            os.unlink(entry.path)
                            removed += 1
    except OSError:
        pass
    return removed


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive flock on ``lock_path`` (created 0600 if missing) for the block.

    Lock files are never removed: removing one while another process waits
    on it would let two processes hold "the" lock at once.
    """
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    except OSError as exc:
        raise _folder_error(lock_path, exc) from exc
    try:
        try:
            if (os.fstat(fd).st_mode & 0o777) != FILE_MODE:
                os.fchmod(fd, FILE_MODE)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            raise _folder_error(lock_path, exc) from exc
        yield
    finally:
        os.close(fd)  # closing releases the flock


def read_bytes(path: Path) -> bytes | None:
    """The content of ``path``, or None when it does not exist."""
    try:
        with open(path, "rb") as fp:
            return fp.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _folder_error(path, exc) from exc


def load_json(path: Path) -> Any:
    """The JSON value in ``path`` (None if missing); DamagedData if it is not JSON."""
    raw = read_bytes(path)
    if raw is None:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DamagedData(path, f"not JSON: {exc}") from exc


def dump_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage: whole-file JSON, written atomically, never over a damaged file.

    Use it only while holding the file's lock (``locked``) when writing. It
    does not create the file on opening; a missing file reads as empty.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._read_ok = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        self._read_ok = False
        data = load_json(self.path)
        if data is None and not self.path.exists():
            self._read_ok = True
            return None
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
            for table in data.values()
        ):
            raise DamagedData(self.path, "not a set of TinyDB tables")
        self._read_ok = True
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not self._read_ok:
            # TinyDB always reads before it writes; a failed read must never
            # be followed by a write that would replace what could not be read.
            raise DamagedData(self.path, "not read before writing")
        try:
            payload = dump_json(data)
        except (TypeError, ValueError) as exc:
            raise DataFolderError(
                N_("The data could not be stored: {file}: {reason}"), file=str(self.path), reason=str(exc)
            ) from exc
        atomic_write(self.path, payload)

    def close(self) -> None:
        pass
