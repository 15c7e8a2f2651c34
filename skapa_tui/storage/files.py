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
- ``tinydb_storage.AtomicJSONStorage`` is the TinyDB ``Storage`` on top of
  these (in its own module, so that TinyDB loads at the first login, not at
  start-up).

OSErrors become ``DataFolderError``; bad content becomes ``DamagedData``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..domain.indicators import N_
from .errors import DamagedData, DataFolderError

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_PREFIX = ".tmp-"
STALE_TMP_SECONDS = 3600


def folder_error(path: Path | str | None, exc: OSError) -> DataFolderError:
    """The DataFolderError that says an OSError on ``path`` in the user's words."""
    return DataFolderError(
        N_("The data folder cannot be used: {file}: {reason}"),
        file=str(path or ""),
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
        raise folder_error(path, exc) from exc


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` durably and atomically; the file ends 0600."""
    folder = path.parent
    tmp = folder / f"{TMP_PREFIX}{path.name}-{os.urandom(6).hex()}"
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
        raise folder_error(path, exc) from exc


def write_private(path: Path, write: Callable[[IO], None], *, binary: bool = False) -> None:
    """Write a file of the user's (an export, a report, a summary) that only
    they can read (0600), all or nothing: ``write`` gets the open file (text
    in UTF-8, or bytes when ``binary``). OSErrors are raised as they are, for
    the caller to say in its own words."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with (open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="")) as fp:
            write(fp)
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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

    Removing a lock file while another process waits on it would let two
    processes hold "the" lock at once, so lock files stay, with one
    exception: erasing a participant removes their lock file, and
    ``Folder.participant_lock`` checks after taking a participant's lock that
    it still holds the file at that path (and takes it again if not).
    """
    fd = lock_fd(lock_path)
    try:
        yield
    finally:
        os.close(fd)  # closing releases the flock


def lock_fd(lock_path: Path) -> int:
    """A file descriptor of ``lock_path`` (created 0600 if missing) with an
    exclusive flock on it: closing it releases the lock. DataFolderError when
    the file cannot be opened or locked."""
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    except OSError as exc:
        raise folder_error(lock_path, exc) from exc
    try:
        if (os.fstat(fd).st_mode & 0o777) != FILE_MODE:
            os.fchmod(fd, FILE_MODE)
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as exc:
        os.close(fd)
        raise folder_error(lock_path, exc) from exc
    return fd


def read_bytes(path: Path) -> bytes | None:
    """The content of ``path``, or None when it does not exist."""
    try:
        with open(path, "rb") as fp:
            return fp.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise folder_error(path, exc) from exc


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
