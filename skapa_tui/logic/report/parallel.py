"""Reading a folder for the report: every history with its person's secret,
a large folder in two processes at once (`store_report`).

Imports neither textual nor rich.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from ...domain.flow import Flow
from .counting import Counts, count
from .figures import RELIABILITY, Report
from .protection import covered_period, finish

PARALLEL_FROM = 200
"""A folder of fewer participant files is read in one process."""

_part_job: tuple | None = None
"""(store, flow_for, first, last, today) of the report being made: set while
the helper process is forked, so that it has them without pickling."""


def store_secrets(store: Any) -> Callable[[str], bytes]:
    """Each participant's secret (by code) in ``store``: the name of their file,
    an HMAC of the code under the folder's key (see `skapa_tui.storage.folder`).
    Nothing new is stored: whoever can read it can read the files themselves,
    and no report reader can."""

    def secret_of(code: str) -> bytes:
        return bytes.fromhex(store.path_of(code).stem)

    return secret_of


def with_secrets(files: list[tuple[str, str | None]], histories: Iterable[Any]) -> Iterator[tuple[Any, bytes]]:
    """The histories ``store.read_histories(files)`` gives, each with its file's
    name as its secret (the same as `store_secrets`, without computing it again)."""
    for (name, _code), history in zip(files, histories):
        yield history, bytes.fromhex(name)


def _read(store: Any, files: list[tuple[str, str | None]], flow_for: Callable[[str, int], Flow],
          first: date, last: date, today: date) -> Counts:
    return count(with_secrets(files, store.read_histories(files)), flow_for, first, last, today)


def _count_part(files: list[tuple[str, str | None]]) -> Counts:
    """In the forked helper: the counts of the files of its part."""
    assert _part_job is not None
    store, flow_for, first, last, today = _part_job
    return _read(store, files, flow_for, first, last, today)


def _helpers() -> int:
    """How many processes to fork to read a large folder: one where forking is
    safe (``os.fork`` is there, no other thread running: the terminal app's
    threads could hold locks a forked process would wait on forever) and a
    second processor is there to run it; else none."""
    import os
    import threading

    if not hasattr(os, "fork") or threading.active_count() != 1:
        return 0
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        processors = os.cpu_count() or 1
    return 1 if processors >= 2 else 0


class _Helper:
    """A forked process that counts some files (`_count_part`) and sends its
    `Counts` back through a pipe. It leaves with ``os._exit``: it runs
    nothing of this process's (no exit handlers, no buffers flushed twice).
    A plain fork, not a process pool: no threads to start and stop (measured:
    some 5 % of the whole report at 4,000 participants, on two processors)."""

    def __init__(self, pid: int, incoming: int) -> None:
        self.pid, self.incoming = pid, incoming

    @classmethod
    def fork(cls, files: list[tuple[str, str | None]]) -> _Helper | None:
        """The helper counting ``files``, or None when no process could be forked."""
        import os
        import pickle

        try:
            incoming, outgoing = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(incoming)
            os.close(outgoing)
            return None
        if pid == 0:  # the helper
            status = 1
            try:
                os.close(incoming)
                data = pickle.dumps(_count_part(files), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(outgoing, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(outgoing)
        return cls(pid, incoming)

    def counts(self) -> Counts | None:
        """Its counts, once it has sent them; None when it failed or was killed."""
        import os
        import pickle

        try:
            with os.fdopen(self.incoming, "rb") as pipe:
                data = pipe.read()
        except OSError:
            data = b""
        finally:
            _, status = os.waitpid(self.pid, 0)
        if status != 0 or not data:
            return None
        try:
            counts = pickle.loads(data)
        except Exception:  # noqa: BLE001 - half sent: counted here instead
            return None
        return counts if isinstance(counts, Counts) else None

    def stop(self) -> None:
        """End it without its counts (this process is giving up the report)."""
        import os
        import signal

        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        self.counts()


def store_report(store: Any, *, flow_for: Callable[[str, int], Flow], first: date | None,
                 last: date | None, today: date, reliability: float = RELIABILITY) -> Report:
    """The report of a `Store`, ``build_report(store.read_all(), secret_of=store_secrets(store), ...)``,
    made faster: a folder of `PARALLEL_FROM` or more files is read in two
    halves at once where a second processor is there (`_helpers`), every
    other file by a forked process that sends back only its counts
    (`Counts`). Taking every other file shares the work out evenly without
    looking at the files first; the counts do not depend on the order of the
    histories (sums of keys are integers, and `protection` sorts the people),
    so the figures are the same to the last digit. When the helper fails (it
    cannot start, it is killed...), this process reads its half too, so any
    error is the one ``read_all`` would raise."""
    if not 0 <= reliability < 1:
        raise ValueError("the reliability must be from 0 to below 1")
    # Reading makes hundreds of thousands of small objects and no cycles
    # worth collecting meanwhile: Python's cycle collector, run every 700
    # allocations, took about a third of the time (measured with benchmarks.report).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _store_report(store, flow_for, first, last, today, reliability)
    finally:
        if collecting:
            gc.enable()


def _store_report(store: Any, flow_for: Callable[[str, int], Flow], first: date | None, last: date | None,
                  today: date, reliability: float) -> Report:
    global _part_job
    period = covered_period(first, last, today)
    files = store.history_files()
    if len(files) < PARALLEL_FROM or not _helpers():
        counts = _read(store, files, flow_for, *period, today)
        return finish(counts, (first, last), period, today, reliability)
    mine, theirs = files[0::2], files[1::2]
    rest: Counts | None = None
    _part_job = (store, flow_for, *period, today)
    try:
        helper = _Helper.fork(theirs)
    finally:
        _part_job = None
    try:
        counts = _read(store, mine, flow_for, *period, today)
    except BaseException:
        if helper is not None:  # never leave it behind
            helper.stop()
        raise
    if helper is not None:
        rest = helper.counts()
    if rest is None:
        rest = _read(store, theirs, flow_for, *period, today)
    counts.merge(rest)
    return finish(counts, (first, last), period, today, reliability)
