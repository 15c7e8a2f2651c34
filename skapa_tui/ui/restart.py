"""The kiosk starts again by itself after a bug, a freeze or a crash, and a
signal from outside stops it cleanly.

A shared kiosk must never leave a participant in front of a shell, a
traceback, or a frozen screen with someone's answers on it. So the kiosk
runs under a keeper:

- `keep_in_child` (the real kiosk, where the system can fork): a small
  parent process runs each kiosk app in a child process of its own and
  watches it. The child's app sends a heartbeat about once a second from
  its message loop *through the screen on top* (`KioskApp` posts it to the
  active screen, which passes it up to the app): a screen or an app that
  stops handling its messages stops the heartbeat, whatever the reason (a
  handler waiting for ever, a loop that never ends). After
  ``STALL_SECONDS`` without one the keeper asks the child for the stacks of
  its tasks and threads (file, line and function: never a value, so never a
  PIN), ends it, writes that into the error log, puts the terminal back in
  order and starts a fresh kiosk at an empty welcome: nothing of the person
  is left, on screen or in memory. The same happens when the child dies of
  a signal nobody sent it. A child that ended because of a bug has logged
  its own traceback (`run_once`), and is started again the same way.
- SIGTERM, SIGHUP (the terminal closed) and SIGINT stop the kiosk: the
  keeper passes the signal to the child, whose app leaves the terminal as
  it found it; a child that does not end within ``STOP_SECONDS`` is killed
  and the keeper puts the terminal back itself (normal screen, no mouse
  reports, the cursor shown, the terminal's own modes). Exit code 0: every
  answer given was saved when it was given.
- `keep_running` (tests run the app headless in one process, and systems
  without fork): the same restarts after a bug, in this process.

In both, ``CRASHES`` restarts within ``WITHIN_SECONDS`` mean the error comes
back at once: the keeper stops with `KioskStopped`, which names the log, and
the CLI says so in one line (exit 1). An app that ended any other way
(ctrl+q with ``--allow-quit``, ``app.exit()``) ends the kiosk, as it always
did.

The keeper itself imports neither textual nor rich: it must stay small and
keep working whatever the app does.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

CRASHES = 3
WITHIN_SECONDS = 60.0
STALL_SECONDS = 15.0
"""No heartbeat from the kiosk app for this long: it is frozen."""
START_SECONDS = 60.0
"""The first heartbeat may take this long (a slow machine, a cold disk)."""
STOP_SECONDS = 3.0
"""A child asked to stop that is still there after this long is killed."""
DUMP_SECONDS = 1.0
"""How long the keeper waits for a frozen child's stacks, for each way of asking."""
CRASHED = 70
"""The exit code of a child whose app ended because of a bug (it logged it)."""

HEARTBEAT = b"."
DUMP_START, DUMP_END = b"\x02", b"\x03"

RESET_TERMINAL = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # no mouse reports
    "\x1b[?2004l\x1b[?1004l"  # no bracketed paste, no focus reports
    "\x1b[<u"  # the kitty keyboard protocol's mode popped
    "\x1b[0m\x1b[?25h"  # plain text, the cursor shown
    "\x1b[?1049l"  # the normal screen again
)
"""What the keeper writes to put the terminal back after a child it had to kill."""


class AppStopped(Exception):
    """An app (the kiosk, the desk) ended because of an error in the program;
    ``log`` holds the tracebacks."""

    def __init__(self, log: Path):
        super().__init__(str(log))
        self.log = log


class KioskStopped(AppStopped):
    """The kiosk crashed ``CRASHES`` times within ``WITHIN_SECONDS`` and stopped."""


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
    @property
    def crash(self) -> BaseException | None: ...  # (read only: an app may note a narrower kind)

    @property
    def return_code(self) -> int | None: ...

    def run(self, *, headless: bool = False, size: tuple[int, int] | None = None) -> object: ...


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


def log_error(log: Path, error: BaseException) -> None:
    from .. import __version__
    from ..storage.error_log import append_error

    append_error(log, error, version=__version__)


def run_once(app: _RunsOnce, log: Path, **run_options: Any) -> int:
    """Run ``app`` until it ends: 0, or `CRASHED` after logging the bug that ended it."""
    app.run(**run_options)
    error = crash_of(app)
    if error is None:
        return 0
    log_error(log, error)
    return CRASHED


def keep_running(make_app: Callable[[], _RunsOnce], log: Path, *,
                 guard: CrashGuard | None = None, **run_options: Any) -> None:
    """Run ``make_app()`` in this process until it ends without an error;
    after each crash log it in ``log`` and start a fresh app. ``run_options``
    go to ``App.run``.

    Raises KioskStopped after too many crashes too close together, and the
    storage's DataFolderError when the log cannot be written."""
    guard = guard or CrashGuard()
    while True:
        if run_once(make_app(), log, **run_options) == 0:
            return
        if guard.crashed():
            raise KioskStopped(log)


# ---- the keeper: each app in a child process -------------------------------------------


class Frozen(Exception):
    """The kiosk app stopped responding; the message holds its stacks."""


class _Keeper:
    def __init__(self, log: Path, stall: float, start: float):
        self.log = log
        self.stall = stall
        self.start = start
        self.child: int | None = None
        self.stopping: int | None = None
        self.terminal = self._terminal_modes()

    @staticmethod
    def _terminal_modes() -> list | None:
        try:
            import termios
        except ImportError:
            return None
        try:
            return termios.tcgetattr(sys.stdin.fileno())
        except (termios.error, OSError, ValueError):
            return None

    def reset_terminal(self) -> None:
        """Put the terminal back as it was before the kiosk started."""
        try:
            os.write(sys.stdout.fileno(), RESET_TERMINAL.encode("ascii"))
        except (OSError, ValueError):
            pass
        if self.terminal is not None:
            import termios

            try:
                termios.tcsetattr(sys.stdin.fileno(), termios.TCSANOW, self.terminal)
            except (termios.error, OSError, ValueError):
                pass

    def on_signal(self, signum: int, _frame: object) -> None:
        self.stopping = signum
        if self.child is not None:
            try:
                os.kill(self.child, signal.SIGTERM if signum == signal.SIGHUP else signum)
            except ProcessLookupError:
                pass

    def fork(self, run_child: Callable[[int], int]) -> int:
        """Start a child that runs ``run_child(heartbeat_fd)``; the read end of its pipe."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                os.close(read)
                for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
                    signal.signal(signum, signal.SIG_DFL)
                code = run_child(write)
            except BaseException:  # noqa: BLE001 - the child must end here, whatever happened
                import traceback

                try:
                    log_error(self.log, sys.exc_info()[1])  # type: ignore[arg-type]
                except BaseException:  # noqa: BLE001
                    traceback.print_exc()
                code = CRASHED
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        os.close(write)
        self.child = pid
        return read

    def watch(self, read: int) -> tuple[int | None, bytes | None]:
        """Wait for the child: (its wait status, None), or (None, its stacks) when it froze."""
        started = time.monotonic()
        last: float | None = None
        stop_seen: float | None = None
        while True:
            status = self._reaped()
            if status is not None:
                return status, None
            now = time.monotonic()
            if self.stopping is not None:
                stop_seen = stop_seen or now
                if now - stop_seen >= STOP_SECONDS:
                    self._kill()
                    return self._wait(), None
                timeout = 0.1
            else:
                deadline = (last + self.stall) if last is not None else (started + self.start)
                if now >= deadline:
                    return None, self._stacks(read)
                timeout = min(deadline - now, 0.5)
            try:
                ready, _, _ = select.select([read], [], [], timeout)
            except InterruptedError:
                continue
            if ready:
                if os.read(read, 4096):
                    last = time.monotonic()
                else:  # the child closed its end: it is ending
                    return self._wait(), None

    def _reaped(self) -> int | None:
        assert self.child is not None
        try:
            pid, status = os.waitpid(self.child, os.WNOHANG)
        except ChildProcessError:
            return 0
        return status if pid else None

    def _wait(self) -> int:
        assert self.child is not None
        try:
            return os.waitpid(self.child, 0)[1]
        except ChildProcessError:
            return 0

    def _kill(self) -> None:
        assert self.child is not None
        try:
            os.kill(self.child, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _stacks(self, read: int) -> bytes:
        """Ask the frozen child for its stacks (its task stacks from the event
        loop; failing that, its threads' from faulthandler), then end it."""
        assert self.child is not None
        said = bytearray()
        for signum in (signal.SIGUSR1, signal.SIGUSR2):
            try:
                os.kill(self.child, signum)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + DUMP_SECONDS
            while time.monotonic() < deadline:
                ready, _, _ = select.select([read], [], [], 0.1)
                if ready:
                    chunk = os.read(read, 65536)
                    if not chunk:
                        break
                    said += chunk
                if DUMP_END in said:
                    break
            if DUMP_END in said:
                break
        self._kill()
        self._wait()
        text = said.replace(HEARTBEAT, b"")
        return bytes(text).replace(DUMP_START, b"").replace(DUMP_END, b"").strip()


def keep_in_child(run_child: Callable[[int], int], log: Path, *, guard: CrashGuard | None = None,
                  stall: float = STALL_SECONDS, start: float = START_SECONDS) -> int:
    """Run ``run_child(heartbeat_fd)`` in a child process again and again (see
    the module's docstring) until it ends as it should, or the kiosk is
    stopped from outside: then 0.

    ``run_child`` writes `HEARTBEAT` to the fd it is given while its app
    handles messages, and returns its exit code (0, or `CRASHED` after logging
    its bug). Raises KioskStopped after too many crashes or freezes too
    close together."""
    guard = guard or CrashGuard()
    keeper = _Keeper(log, stall, start)
    previous = {signum: signal.signal(signum, keeper.on_signal)
                for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    try:
        while True:
            read = keeper.fork(run_child)
            try:
                status, stacks = keeper.watch(read)
            finally:
                os.close(read)
                keeper.child = None
            if keeper.stopping is not None:
                if status is None or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
                    keeper.reset_terminal()
                return 0
            if status is not None and os.WIFEXITED(status):
                code = os.WEXITSTATUS(status)
                if code == 0:
                    return 0
                if code != CRASHED:
                    keeper.reset_terminal()
                    log_error(log, RuntimeError(f"the kiosk app ended with exit code {code}"))
            else:
                keeper.reset_terminal()
                if status is not None:
                    log_error(log, RuntimeError(
                        f"the kiosk app was ended by signal {os.WTERMSIG(status)}"))
                else:
                    log_error(log, Frozen(
                        f"the kiosk stopped responding for {stall:g} seconds and was started again;"
                        " what it was doing:\n" + (stacks or b"(nothing said)").decode("utf-8", "replace")))
            if guard.crashed():
                raise KioskStopped(log)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


# ---- the child's side: heartbeats and stacks ---------------------------------------------


def task_stacks() -> str:
    """The stack of every asyncio task of this thread's loop: file, line and
    function of each frame (never a value)."""
    import asyncio

    lines = []
    for task in asyncio.all_tasks():
        lines.append(f"task {task.get_name()}:")
        coro: object = task.get_coro()
        while coro is not None:
            frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
            if frame is not None:
                lines.append(f"  {frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}")
            coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
            if coro is not None and not hasattr(coro, "cr_frame") and not hasattr(coro, "gi_frame"):
                lines.append(f"  waiting on {type(coro).__name__}")
                break
    return "\n".join(lines)


class Heartbeat:
    """The child's end of the pipe: heartbeats, and its stacks when asked.

    `install` (in the app's event loop) answers SIGUSR1 with the stacks of
    the loop's tasks, and SIGUSR2 with every thread's stack (faulthandler,
    which answers even when the loop itself is stuck)."""

    def __init__(self, fd: int):
        self.fd = fd
        os.set_blocking(fd, False)

    def beat(self) -> None:
        try:
            os.write(self.fd, HEARTBEAT)
        except (BlockingIOError, BrokenPipeError, OSError):
            pass

    def install(self) -> None:
        import asyncio
        import faulthandler

        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGUSR1, self._say_tasks)
        faulthandler.register(signal.SIGUSR2, file=self.fd, all_threads=True)

    def _say_tasks(self) -> None:
        text = DUMP_START + task_stacks().encode("utf-8", "replace") + DUMP_END
        try:
            os.set_blocking(self.fd, True)
            os.write(self.fd, text)
        except OSError:
            pass
        finally:
            os.set_blocking(self.fd, False)
