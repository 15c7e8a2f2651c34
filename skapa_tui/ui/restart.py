"""The kiosk starts again by itself after a bug ended it.

A bug that raises in a handler ends a Textual app. At a shared kiosk that
must not leave the participant in front of a shell or a traceback, so
`keep_running` runs the app again and again:

- an app that ended because of an error (``app.crash``, which `SkapaApp`
  records; see `SkapaApp._handle_exception`) has its traceback appended to
  the error log in the data folder (`skapa_tui.storage.error_log`), and a
  fresh app starts at an empty welcome. Nothing is lost: every answer was
  saved when it was given, and the person can log in again and go on.
- an app that ended any other way (ctrl+q with ``--allow-quit``, SIGINT,
  ``app.exit()``) ends the loop, as it always did.
- ``CRASHES`` crashes within ``WITHIN_SECONDS`` mean the error happens again
  at once: the loop stops with `KioskStopped`, which names the log, and the
  CLI says so in one line (exit 1).

An exception that leaves ``App.run`` itself (not one of Textual's handled
errors) is not caught here: the CLI says it in one line, as before.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

CRASHES = 3
WITHIN_SECONDS = 60.0


class KioskStopped(Exception):
    """The kiosk crashed ``CRASHES`` times within ``WITHIN_SECONDS`` and stopped;
    ``log`` holds the tracebacks."""

    def __init__(self, log: Path):
        super().__init__(str(log))
        self.log = log


class CrashGuard:
    """Counts crashes; says when there were too many too close together."""

    def __init__(self, crashes: int = CRASHES, within: float = WITHIN_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.crashes = crashes
        self.within = within
        self.clock = clock
        self._times: deque[float] = deque()

    def crashed(self) -> bool:
        """Note a crash now; True when it is time to stop."""
        now = self.clock()
        self._times.append(now)
        while self._times and self._times[0] <= now - self.within:
            self._times.popleft()
        return len(self._times) >= self.crashes


class _RunsOnce(Protocol):
    crash: BaseException | None

    @property
    def return_code(self) -> int | None: ...

    def run(self, **options: Any) -> Any: ...


def crash_of(app: _RunsOnce) -> BaseException | None:
    """The error that ended ``app``, or None when it ended as it should."""
    if app.crash is not None:
        return app.crash
    if app.return_code not in (None, 0):
        # Textual says the app failed but we were not told why (a Textual
        # that no longer goes through _handle_exception): still a crash.
        return RuntimeError(f"the kiosk app ended with return code {app.return_code} "
                            "and no error was recorded")
    return None


def keep_running(make_app: Callable[[], _RunsOnce], log: Path, *,
                 guard: CrashGuard | None = None, **run_options: Any) -> None:
    """Run ``make_app()`` until it ends without an error; after each crash log
    it in ``log`` and start a fresh app. ``run_options`` go to ``App.run``.

    Raises KioskStopped after too many crashes too close together, and the
    storage's DataFolderError when the log cannot be written."""
    guard = guard or CrashGuard()
    while True:
        app = make_app()
        app.run(**run_options)
        error = crash_of(app)
        if error is None:
            return
        from .. import __version__
        from ..storage.error_log import append_error

        append_error(log, error, version=__version__)
        if guard.crashed():
            raise KioskStopped(log)
