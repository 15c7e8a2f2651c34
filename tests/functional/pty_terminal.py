"""The real ``skapa`` in a pseudo-terminal, read as a person sees it.

`PtyApp` starts a command in a pseudo-terminal of a given size, keeps
reading what it writes (a program whose output is not read blocks, and
would look frozen) and feeds it to pyte, a terminal emulator, so a test
reads the screen as rows of text, as a person at the terminal would.

- `send(*keys)`: key names as a person presses them (``"enter"``,
  ``"tab"``, ``"shift+tab"``, ``"backspace"``, ``"escape"``, the arrows,
  ``"space"``), or any other string typed as it is; `paste(text)` pastes
  (bracketed, as a terminal pastes).
- `wait_for(text)` / `wait_until(condition)`: read until the screen shows
  it; a timeout fails with the screen as it is.
- `responds()`: whether the program still redraws when the terminal is
  resized (a frozen Textual app does not): the liveness probe.
- `resize(columns, rows)`, `terminate()` (SIGTERM; returns the exit code),
  and `raw`: every byte written, to check what the terminal was left in.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyte

KEYS = {
    "enter": "\r", "tab": "\t", "shift+tab": "\x1b[Z", "backspace": "\x7f", "escape": "\x1b",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D", "space": " ",
    "home": "\x1b[H", "end": "\x1b[F", "pageup": "\x1b[5~", "pagedown": "\x1b[6~",
    "ctrl+c": "\x03", "ctrl+q": "\x11", "ctrl+l": "\x0c",
}
"""What a terminal sends for each key (xterm)."""


class PtyApp:
    shown_at: float | None = None
    """When a test last saw a question appear (`kiosk_pty.question_on_screen`)."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, size: tuple[int, int] = (80, 24)):
        self.columns, self.rows = size
        self.screen = pyte.Screen(self.columns, self.rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._written = 0
        self._changes = 0
        """Chunks fed to the screen and resizes: `text` is made again when it moved."""
        self._text: tuple[int, str] = (-1, "")
        self._flat: tuple[str | None, str] = (None, "")
        self.master, slave = os.openpty()
        self._set_size(slave)
        self.cooked_modes = termios.tcgetattr(slave)

        def controlling_terminal() -> None:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            signal.signal(signal.SIGINT, signal.SIG_DFL)

        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                                        start_new_session=True, preexec_fn=controlling_terminal)
        os.close(slave)
        self._reader = threading.Thread(target=self._read_all, daemon=True)
        self._reader.start()

    # ---- output ---------------------------------------------------------------

    def _read_all(self) -> None:
        """Read until the program's end (EIO) or `close`. Never after `close`:
        it closes the descriptor only once this thread has stopped, since the
        next pseudo-terminal gets the same number, and a reader left behind
        took a share of the next program's output (a test then saw a
        garbled, stale screen; found when the kiosk's tests ran in two lanes)."""
        while not self._stopping.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if not ready:
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.raw += chunk
                self._written += len(chunk)
                self._changes += 1
                try:
                    self.stream.feed(chunk)
                except Exception:  # pyte does not know a sequence: the screen stays readable
                    pass

    @property
    def written(self) -> int:
        """Bytes the program has written so far."""
        with self._lock:
            return self._written

    def text(self) -> str:
        """The screen as it is now, row by row (made again only when the screen changed:
        tests ask for it every few milliseconds while they wait)."""
        with self._lock:
            if self._text[0] != self._changes:
                self._text = (self._changes, "\n".join(line.rstrip() for line in self.screen.display))
            return self._text[1]

    def lines(self) -> list[str]:
        return self.text().splitlines()

    FRAMES = re.compile("[\u2500-\u259f]")
    """Box-drawing and block characters: the frames and edges around texts."""

    def flat(self) -> str:
        """The screen's text with its rows joined, frames left out and spaces
        collapsed: a sentence wrapped over two rows of a box is found as one."""
        text = self.text()
        if self._flat[0] is not text:
            self._flat = (text, " ".join(self.FRAMES.sub(" ", text).split()))
        return self._flat[1]

    def shows(self, text: str) -> bool:
        return " ".join(text.split()) in self.flat()

    def wait_until(self, condition: Callable[[], object], what: str = "", timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or condition}; the screen:\n{self.text()}")
            if not self.alive():
                time.sleep(0.1)
                if not condition():
                    raise AssertionError(f"the program ended ({self.process.returncode}) while waiting for "
                                         f"{what or condition}; the screen:\n{self.text()}")
            time.sleep(0.02)

    def wait_for(self, text: str, timeout: float = 20) -> None:
        self.wait_until(lambda: self.shows(text), repr(text), timeout)

    def wait_quiet(self, quiet: float = 0.15, timeout: float = 10) -> None:
        """Until nothing has been written for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        last, since = self.written, time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.02)
            now = self.written
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    # ---- input ---------------------------------------------------------------

    KEY_GAP = 0.02
    """Seconds between two keys: a terminal reads keys that come together as
    one burst, which Textual may take for a paste."""

    def send(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key).encode("utf-8"))
            time.sleep(self.KEY_GAP)

    def type(self, text: str) -> None:
        self.send(*text)

    def paste(self, text: str) -> None:
        os.write(self.master, b"\x1b[200~" + text.encode("utf-8") + b"\x1b[201~")

    # ---- the terminal ------------------------------------------------------------

    def _set_size(self, fd: int) -> None:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.columns, 0, 0))

    def resize(self, columns: int, rows: int) -> None:
        """As a person resizing the window: the program gets SIGWINCH."""
        with self._lock:
            self.columns, self.rows = columns, rows
            self.screen.resize(rows, columns)
            self._changes += 1
        self._set_size(self.master)
        try:
            os.killpg(self.process.pid, signal.SIGWINCH)
        except ProcessLookupError:
            pass

    def responds(self, timeout: float = 10) -> bool:
        """Whether the program lays its screen out again when the terminal is
        resized, within ``timeout`` seconds: ten columns wider, then back.

        The top row must then reach to (nearly) the new right edge: skapa's
        title bar spans the width on every screen. A frozen Textual app may
        still write a few bytes on a resize, but it lays nothing out again,
        so its top row stays as short as it was."""
        columns, rows = self.columns, self.rows
        for width, wide_enough in ((columns + 10, columns + 8), (columns, columns - 2)):
            before = self.written
            self.resize(width, rows)
            deadline = time.monotonic() + timeout
            while not (self.written > before and self.lines()
                       and wide_enough <= len(self.lines()[0]) <= width):
                if time.monotonic() > deadline or not self.alive():
                    return False
                time.sleep(0.01)
        self.wait_quiet(0.05)
        return True

    def alive(self) -> bool:
        return self.process.poll() is None

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait(self, timeout: float = 20) -> int:
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=2)
        return code

    def terminate(self, timeout: float = 20) -> int:
        if self.alive():
            self.process.terminate()
        try:
            return self.wait(timeout)
        finally:
            self._reader.join(timeout=2)

    def close(self) -> None:
        if self.alive():
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
        self._stopping.set()
        self._reader.join()
        try:
            os.close(self.master)
        except OSError:
            pass

    def terminal_modes_restored(self) -> bool:
        """Whether the terminal is back in the modes it had before (echo and
        line editing on: not left in raw mode). On Linux the master end
        reads the terminal's modes."""
        lflag = termios.tcgetattr(self.master)[3]
        wanted = self.cooked_modes[3] & (termios.ECHO | termios.ICANON)
        return lflag & (termios.ECHO | termios.ICANON) == wanted

    def left_clean(self) -> list[str]:
        """What the program left on in the terminal at its end: [] when it put
        the terminal back (the alternate screen left, mouse tracking off,
        the cursor shown), else the modes still on."""
        raw = bytes(self.raw)
        problems = []
        for mode, name in (("1049", "the alternate screen"), ("1000", "mouse tracking"),
                           ("1003", "mouse tracking (any motion)"), ("1006", "SGR mouse reports"),
                           ("2004", "bracketed paste")):
            on, off = raw.rfind(f"\x1b[?{mode}h".encode()), raw.rfind(f"\x1b[?{mode}l".encode())
            if on > off:
                problems.append(name)
        if raw.rfind(b"\x1b[?25l") > raw.rfind(b"\x1b[?25h"):
            problems.append("the cursor hidden")
        return problems
