"""The error log in the data folder: what went wrong in the program, for staff
and for whoever looks after skapa.

Where it is (folders 0700, files 0600, whatever the umask)::

    <root>/
      logs/
        kiosk-errors.log     appended to: one entry for each unexpected error
                             that ended the kiosk app (the kiosk then starts
                             again by itself)
        kiosk-errors.log.1   the entries before, once the log grew past
                             ``MAX_BYTES``
        kiosk-errors.lock    flock held while an entry is written

The logs folder is made only when the first entry is written, so only in a
folder the Store has already opened as skapa data; the Store looks at its own
files and folders only (see `skapa_tui.storage.store`).

Erasing a participant (``Store.erase_participant``) also takes their code,
and the name of their file (``participants/<name>.json``, which the key
links back to the code), out of every log (`erase_code`): an error's message
may have named either.

An entry is a header line with the time (UTC, ISO 8601), skapa's version and
the process id, then the traceback as `traceback.format_exception` writes it:
file names, line numbers, lines of code and the error's message. It never
holds the values of variables (no locals), where a PIN would be: a rich
traceback with locals, as Textual shows one, could show the PIN being typed.

Only the standard library: nothing here loads until an error is logged.
Imports neither textual nor rich.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from .files import FILE_MODE, commit, discard, folder_error, locked, private_dir, stage

LOGS_DIR = "logs"
KIOSK_ERRORS = "kiosk-errors.log"
ERASED = "[erased]"
"""What stands in a log where an erased participant's code stood."""
MAX_BYTES = 1_000_000
"""A log larger than this is renamed to ``<name>.1`` (replacing the one
before) when the next entry comes, so the folder never fills up."""


def kiosk_error_log(root: Path) -> Path:
    """The kiosk's error log in the data folder ``root`` (it may not exist yet)."""
    return Path(root).expanduser() / LOGS_DIR / KIOSK_ERRORS


def entry(error: BaseException, *, version: str, when: datetime | None = None) -> str:
    """One entry of the log: a header line and the plain traceback of ``error``."""
    import traceback

    when = (when or datetime.now(UTC)).astimezone(UTC)
    header = f"--- {when.isoformat(timespec='seconds')} skapa {version} (process {os.getpid()}) ---\n"
    return header + "".join(traceback.format_exception(error)) + "\n"


def append_error(log: Path, error: BaseException, *, version: str) -> None:
    """Add an entry for ``error`` to ``log`` and make sure it is on disk.

    The folder is made private (0700) and the file is created 0600 if
    needed. A folder or file that cannot be written raises DataFolderError."""
    folder = log.parent
    private_dir(folder)
    data = entry(error, version=version).encode("utf-8", errors="replace")
    with locked(folder / f"{log.stem}.lock"):
        try:
            if log.stat().st_size > MAX_BYTES:
                os.replace(log, log.with_name(f"{log.name}.1"))
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise folder_error(log, exc) from exc
        try:
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
        except OSError as exc:
            raise folder_error(log, exc) from exc
        try:
            if (os.fstat(fd).st_mode & 0o777) != FILE_MODE:
                os.fchmod(fd, FILE_MODE)  # an older file, or one the umask was kind to
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError as exc:
            raise folder_error(log, exc) from exc
        finally:
            os.close(fd)


def erase_code(root: Path, code: str, name: str | None = None) -> int:
    """Put `ERASED` for ``code`` (as a word, in any case), and for the file
    name ``name`` (the participant file's name without ``.json``), in every
    log of the data folder ``root`` and its older part; returns how many
    logs changed.

    Each log is rewritten whole and atomically (0600) under its lock, so an
    entry being appended meanwhile is neither lost nor half-scrubbed."""
    with scrubbed_logs(root, code, name) as commit_logs:
        return commit_logs()


@contextlib.contextmanager
def scrubbed_logs(root: Path, code: str, name: str | None = None) -> Iterator[Callable[[], int]]:
    """`erase_code` in two steps, for an erasure that must be all or nothing:
    on entering, every log's lock is taken and its scrubbed copy written
    aside (a full disk fails here, and nothing has changed); the function
    yielded puts them in place (a rename each) and returns how many logs
    changed. Leaving without calling it drops the copies."""
    folder = Path(root).expanduser() / LOGS_DIR
    try:
        logs = sorted(p for p in folder.glob("*.log") if p.is_file())
    except OSError as exc:
        raise folder_error(folder, exc) from exc
    words = [re.escape(code.encode("utf-8"))]
    if name:
        words.append(re.escape(name.encode("ascii")))
    pattern = re.compile(rb"(?<![0-9A-Za-z])(?:" + rb"|".join(words) + rb")(?![0-9A-Za-z])", re.IGNORECASE)
    staged: list[tuple[Path, Path]] = []
    committed = False
    with contextlib.ExitStack() as locks:
        try:
            for log in logs:
                locks.enter_context(locked(folder / f"{log.stem}.lock"))
                for path in (log, log.with_name(f"{log.name}.1")):
                    try:
                        data = path.read_bytes()
                    except FileNotFoundError:
                        continue
                    except OSError as exc:
                        raise folder_error(path, exc) from exc
                    scrubbed = pattern.sub(ERASED.encode("ascii"), data)
                    if scrubbed != data:
                        staged.append((stage(path, scrubbed), path))

            def commit_all() -> int:
                nonlocal committed
                for tmp, path in staged:
                    commit(tmp, path)
                committed = True
                return len(staged)

            yield commit_all
        finally:
            if not committed:
                for tmp, _path in staged:
                    discard(tmp)
