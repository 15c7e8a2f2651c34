"""Start-up: from process start to the kiosk's welcome screen and to the
supervisor's sign-in on the terminal, against a minimal Textual app (one
`Static`) measured in the same run.

Each run starts a fresh process in a pseudo-terminal of 80x24, as a person
at the kiosk would: for skapa the real command, ``python -m skapa_tui kiosk
--data DIR --lang sv`` on an empty temporary data folder (set up, with no
participants), unpatched; for
the baseline a script with a minimal Textual app. The clock runs in this
process from just before the process starts until the app's first screen
has been written to the terminal (its last line of text has arrived), so
interpreter start, imports, the command line, opening the data folder,
reading the flow and the catalogs, and Textual's first layout and paint all
count. The process is then killed.

Both apps run from bytecode, as installed software does: pip compiles a
wheel's modules when it installs them, but a source checkout under
``PYTHONDONTWRITEBYTECODE=1`` (set here for the processes, so that a run
leaves nothing behind) would otherwise compile skapa's changed modules
again in every run. So ``skapa_tui`` is compiled (``compileall``) before
the first run; Textual and the other dependencies were compiled by pip.

The machine is noisy, so the runs come in pairs, one of each app, in
alternating order (ABBA…), after one warm-up run of each; medians are
compared. CPU time (user + system, from the killed process's resource
usage, so it includes the few milliseconds until the kill) is printed
beside the wall time as a second view: it leaves out time spent waiting
for a CPU while other work runs on the machine.

The supervisor app (``python -m skapa_tui supervisor --data DIR --lang sv``)
runs in the same rounds, in alternating order with the other two.

Target: the kiosk and the supervisor's sign-in each on screen in at most 1.3 times the minimal app's wall
time (medians). ``python -m benchmarks.startup [--runs N]``; `main`
returns 0 when the target is met, 1 when not.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

TARGET = 1.3
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "skapa_tui"
SIZE = (24, 80)  # rows, columns

MINIMAL = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("Welcome to the minimal app")

Minimal().run()
"""

MINIMAL_SHOWN = (b"Welcome to the minimal app",)
# The welcome's last texts, in the order they are written: the PIN field's
# label, then the login control (the text above them says "log in" too).
# The frame is written top to bottom, so when they are on the terminal, the
# whole first screen is.
KIOSK_SHOWN = ("Your PIN", "Log in")
# The supervisor's sign-in, likewise: the passphrase field's label, then "Sign in".
SUPERVISOR_SHOWN = ("Your passphrase", "Sign in")


def compile_package() -> None:
    """Compile skapa's modules as pip does on install (stale or missing .pyc only)."""
    if not compileall.compile_dir(str(PACKAGE), quiet=1):
        raise RuntimeError(f"{PACKAGE} does not compile")


def kiosk_shown(texts: tuple[str, ...] = KIOSK_SHOWN) -> tuple[bytes, ...]:
    """The Swedish first screen's last texts, as the terminal gets them."""
    sys.path.insert(0, str(ROOT))
    from skapa_tui import i18n

    return tuple(i18n.translation("sv").gettext(text).encode("utf-8") for text in texts)


def shown_in_order(output: bytes, texts: tuple[bytes, ...]) -> bool:
    at = 0
    for text in texts:
        at = output.find(text, at)
        if at < 0:
            return False
        at += len(text)
    return True


def time_to_screen(argv: list[str], shown: tuple[bytes, ...]) -> tuple[float, float]:
    """Wall and CPU seconds from starting ``argv`` in a pseudo-terminal until the texts
    ``shown`` are on it, in that order."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", TERM="xterm-256color", COLORTERM="truecolor")
    env.pop("TEXTUAL", None)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env,
                               start_new_session=True)
    os.close(slave)
    output = b""
    try:
        while not shown_in_order(output, shown):
            ready, _, _ = select.select([master], [], [], 30)
            try:
                chunk = os.read(master, 1 << 16) if ready else b""
            except OSError:  # EIO: the process has ended and closed the terminal
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{' '.join(argv)} did not show {shown!r}:\n"
                                   f"{output[-2000:].decode(errors='replace')}")
            output += chunk
        elapsed = time.perf_counter() - start
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        _pid, status, usage = os.wait4(process.pid, 0)  # reaped here, with its resource usage
        process.returncode = status
        os.close(master)
    return elapsed, usage.ru_utime + usage.ru_stime


def measure(runs: int) -> tuple[list[tuple[float, float]], ...]:
    """``runs`` (wall, cpu) pairs of each app (minimal, kiosk, supervisor), interleaved."""
    compile_package()
    shown = kiosk_shown()
    desk_shown = kiosk_shown(SUPERVISOR_SHOWN)
    minimal: list[tuple[float, float]] = []
    kiosk: list[tuple[float, float]] = []
    desk: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="skapa-bench-") as tmp:
        from skapa_tui.storage import Store

        Store(Path(tmp) / "data")  # the apps open a data folder; they never make one
        minimal_app = [sys.executable, "-c", MINIMAL]
        kiosk_app = [sys.executable, "-m", "skapa_tui", "kiosk", "--data", str(Path(tmp) / "data"),
                     "--lang", "sv"]
        desk_app = [sys.executable, "-m", "skapa_tui", "supervisor", "--data", str(Path(tmp) / "data"),
                    "--lang", "sv"]
        apps = [(minimal, minimal_app, MINIMAL_SHOWN), (kiosk, kiosk_app, shown), (desk, desk_app, desk_shown)]
        for _runs, argv, texts in apps:  # warm the file cache once for each
            time_to_screen(argv, texts)
        for n in range(runs):
            for runs_of, argv, texts in (apps if n % 2 == 0 else apps[::-1]):
                runs_of.append(time_to_screen(argv, texts))
    return minimal, kiosk, desk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each app (default: 21)")
    args = parser.parse_args(argv)
    minimal, kiosk, desk = measure(max(1, args.runs))
    m_wall, k_wall, d_wall = (statistics.median(w for w, _cpu in runs) for runs in (minimal, kiosk, desk))
    m_cpu, k_cpu, d_cpu = (statistics.median(c for _wall, c in runs) for runs in (minimal, kiosk, desk))
    print(f"start-up to the first screen in an 80x24 pseudo-terminal, median of {len(minimal)} runs each:")
    print("                          wall      cpu")
    print(f"  minimal Textual app  {m_wall * 1000:7.0f} ms {m_cpu * 1000:5.0f} ms")
    met = True
    for name, wall, cpu in (("skapa kiosk", k_wall, k_cpu), ("skapa supervisor", d_wall, d_cpu)):
        ratio, cpu_ratio = wall / m_wall, cpu / m_cpu
        met = met and ratio <= TARGET
        verdict = "met" if ratio <= TARGET else "NOT met"
        print(f"  {name:<19}{wall * 1000:7.0f} ms {cpu * 1000:5.0f} ms")
        print(f"  ratio              {ratio:7.2f}x {cpu_ratio:6.2f}x   (target, wall <= {TARGET}x: {verdict})")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
