"""Private, atomic, locked files.

- ``private_dir`` makes a folder with mode 0700 whatever the umask, and so
  every parent folder it has to make.
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

OSErrors become ``DataFolderError``; bad content becomes ``DamagedData``. A
data file (a participant's or a supervisor's, `read_data_file`) that cannot
be read at all (no permission, another owner, not a regular file, an I/O
error) is damaged data too: it is named, left out and never written over,
like one whose content is broken.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal, TextIO, overload

from ..domain.indicators import N_
from .errors import DamagedData, DataFolderError, StorageError

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_PREFIX = ".tmp-"
STALE_TMP_SECONDS = 3600

OS_REASONS = {
    errno.ENOENT: N_("it does not exist"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EEXIST: N_("it already exists"),
}
"""Why a file could not be read or written, by the OSError's errno (msgids)."""


def os_reason(exc: OSError, translate: Callable[[str], str] = lambda text: text) -> str:
    """Why ``exc`` happened, in the language of ``translate`` (a gettext):
    `OS_REASONS`, else the system's own words."""
    reason = OS_REASONS.get(exc.errno) if exc.errno is not None else None
    return translate(reason) if reason else (exc.strerror or str(exc))


def folder_error(path: Path | str | None, exc: OSError) -> DataFolderError:
    """The DataFolderError that says an OSError on ``path`` in the user's words."""
    return DataFolderError(
        N_("The data folder cannot be used: {file}: {reason}"),
        file=str(path or ""),
        reason=exc.strerror or str(exc),
    )


def private_dir(path: Path) -> None:
    """Create ``path`` (and its missing parents, each 0700 whatever the umask)
    if missing and make it 0700."""
    try:
        missing = []
        here = path
        while not os.path.lexists(here) and here.parent != here:
            missing.append(here)
            here = here.parent
        for folder in reversed(missing):
            try:
                os.mkdir(folder, DIR_MODE)
            except FileExistsError:  # made by another process meanwhile
                continue
            os.chmod(folder, DIR_MODE)  # the umask may have taken bits away (or a 0 umask none)
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
    commit(stage(path, data), path)


def stage(path: Path, data: bytes) -> Path:
    """The first half of `atomic_write`: ``data`` in a temp file beside
    ``path`` (0600, fsynced), to be put in place by `commit` or dropped by
    `discard`. A full disk fails here, before anything has changed."""
    tmp = path.parent / f"{TMP_PREFIX}{path.name}-{os.urandom(6).hex()}"
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
    except OSError as exc:
        discard(tmp)
        raise folder_error(path, exc) from exc
    return tmp


def commit(tmp: Path, path: Path) -> None:
    """The second half of `atomic_write`: the staged ``tmp`` replaces ``path``, durably."""
    try:
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        discard(tmp)
        raise folder_error(path, exc) from exc


def discard(tmp: Path) -> None:
    """Drop a staged temp file (see `stage`)."""
    with contextlib.suppress(OSError):
        tmp.unlink()


@overload
def write_private(path: Path, write: Callable[[TextIO], object], *, binary: Literal[False] = False) -> None: ...
@overload
def write_private(path: Path, write: Callable[[BinaryIO], object], *, binary: Literal[True]) -> None: ...
def write_private(path: Path, write: Callable[..., object], *, binary: bool = False) -> None:
    """Write a file of the user's (an export, a report, a summary) that only
    they can read (0600), all or nothing: ``write`` gets the open file (text
    in UTF-8, or bytes when ``binary``). OSErrors are raised as they are, for
    the caller to say in its own words.

    A regular file already there is replaced whole (and is then 0600). A
    symbolic link is followed: its target is written. A FIFO, a terminal or
    a device (``/dev/null``, ``/dev/full``) is written into as ``cat`` would,
    never replaced and never chmod-ed. A folder raises IsADirectoryError."""
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if mode is not None and not stat.S_ISREG(mode):
        try:
            fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
            with (open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="")) as fp:
                write(fp)
        except OSError as exc:
            if exc.filename is None:  # (a write or a flush): say which file
                raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
            raise
        return
    path = target
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


_NOT_THE_FILES_FAULT = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.EINTR, errno.EAGAIN,
                                  errno.ENOTDIR})
"""OSErrors of this process (too many open files, no memory) or of the
folder (a file where the folder should be), not of the file read."""


def read_data_file(path: Path) -> bytes | None:
    """The content of the data file ``path``, or None when it does not exist.

    A file that cannot be read (no permission, another owner's, a folder, a
    FIFO or a device where a file should be, an I/O error) raises
    ``DamagedData`` naming it, like a file whose content is broken: it is
    left out and never written over. The process's own trouble (too many
    open files, no memory) and a folder's (a file in its place) is a
    DataFolderError."""
    try:
        # O_NONBLOCK: a FIFO put where a file was must not hang the reader.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DamagedData(path, "not a regular file")
        with open(fd, "rb", closefd=False) as fp:
            return fp.read()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    finally:
        os.close(fd)


def _unreadable(path: Path, exc: OSError) -> StorageError:
    if exc.errno in _NOT_THE_FILES_FAULT:
        return folder_error(path, exc)
    return DamagedData(path, f"cannot be read: {exc.strerror or exc}")


def parse_json(path: Path, raw: bytes | None) -> Any:
    """The JSON value of ``raw`` read from ``path`` (None for None); DamagedData if it is not JSON."""
    if raw is None:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DamagedData(path, f"not JSON: {exc}") from exc


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
