"""Start-up: from process start to the kiosk's welcome screen being ready,
against a minimal Textual app (one `Static`) measured in the same run.

Each run is a fresh subprocess running a tiny driver: it builds the app
(the kiosk on an empty temporary data folder), runs it headless in an
80x24 terminal and, when Textual says the app is ready (``on_ready``: the
first screen composed and shown), writes ``READY`` and the CPU time it has
used so far on its stdout and exits. The wall clock runs in this process from just before the
subprocess starts until that line arrives, so interpreter start, imports,
reading the flow and the catalogs all count.

The terminal's size is given, as a real terminal gives it: without it,
Textual's headless driver reports 80x24 while the app has taken the
console's fallback size, 80x25, and the screen is laid out for one and
then the other before the app sees it is ready, which costs an app with
more widgets more; a real terminal reports one size to both.

Both apps run from bytecode, as installed software does: pip compiles a
wheel's modules when it installs them, but a source checkout under
``PYTHONDONTWRITEBYTECODE=1`` (set here for the subprocesses, so that a
run leaves nothing behind) would otherwise compile skapa's changed modules
again in every run. So ``skapa_tui`` is compiled (``compileall``) before
the first run; Textual and the other dependencies were compiled by pip.

The machine is noisy, so the runs come in pairs, one of each app, in
alternating order (ABBA…), after one warm-up run of each; medians are
compared. CPU time (user + system, as the process itself counts it when
ready) is printed beside the wall time as a second view: it leaves out
time spent waiting for a CPU while other work runs on the machine.

Target: the kiosk ready in at most 1.3 times the minimal app's wall time
(medians). ``python -m benchmarks.startup [--runs N]``; `main` returns 0
when the target is met, 1 when not.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.3
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "skapa_tui"

# Both drivers report the same way: READY and the process's CPU seconds so far.
REPORT = """
def report():
    os.write(1, f"READY {time.process_time():.6f}\\n".encode())
"""

MINIMAL = """
import os, time
from textual.app import App
from textual.widgets import Static
""" + REPORT + """
class Minimal(App):
    def compose(self):
        yield Static("Welcome")

    def on_ready(self):
        report()
        self.exit(0)

Minimal().run(headless=True, size=(80, 24))
"""

KIOSK = """
import os, sys, time
from skapa_tui.ui.app import KioskApp
from skapa_tui.domain.flow import load_flow
from skapa_tui.resources import flow_path
from skapa_tui.storage import Store
""" + REPORT + """
# Not a subclass (Textual finds kiosk.tcss next to the app class's file):
# the kiosk's own on_ready, then READY and exit.
kiosk_on_ready = KioskApp.__dict__.get("on_ready")

def on_ready(self):
    if kiosk_on_ready is not None:
        kiosk_on_ready(self)
    report()
    self.exit(0)

KioskApp.on_ready = on_ready
KioskApp(Store(sys.argv[1]), load_flow(flow_path("participant")), lang="sv").run(headless=True, size=(80, 24))
"""


def compile_package() -> None:
    """Compile skapa's modules as pip does on install (stale or missing .pyc only)."""
    if not compileall.compile_dir(str(PACKAGE), quiet=1):
        raise RuntimeError(f"{PACKAGE} does not compile")


def time_to_ready(script: str, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds from starting a Python process running ``script`` to its READY line."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = process.communicate(timeout=60)
    words = line.split()
    if len(words) != 2 or words[0] != b"READY" or process.returncode != 0:
        raise RuntimeError(f"the app did not get ready (exit {process.returncode}):\n"
                           f"{line.decode(errors='replace')}{err.decode(errors='replace')}")
    return elapsed, float(words[1])


def measure(runs: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """``runs`` (wall, cpu) pairs of each app, the two interleaved."""
    compile_package()
    minimal: list[tuple[float, float]] = []
    kiosk: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="skapa-bench-") as tmp:
        data = str(Path(tmp) / "data")
        time_to_ready(MINIMAL)  # warm the file cache once for both
        time_to_ready(KIOSK, data)
        for n in range(runs):
            if n % 2:
                kiosk.append(time_to_ready(KIOSK, data))
                minimal.append(time_to_ready(MINIMAL))
            else:
                minimal.append(time_to_ready(MINIMAL))
                kiosk.append(time_to_ready(KIOSK, data))
    return minimal, kiosk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each app (default: 21)")
    args = parser.parse_args(argv)
    minimal, kiosk = measure(max(1, args.runs))
    m_wall, k_wall = (statistics.median(w for w, _cpu in runs) for runs in (minimal, kiosk))
    m_cpu, k_cpu = (statistics.median(c for _wall, c in runs) for runs in (minimal, kiosk))
    ratio, cpu_ratio = k_wall / m_wall, k_cpu / m_cpu
    print(f"start-up to ready, median of {len(minimal)} runs each (from bytecode):")
    print(f"                          wall      cpu")
    print(f"  minimal Textual app  {m_wall * 1000:7.0f} ms {m_cpu * 1000:5.0f} ms")
    print(f"  skapa kiosk          {k_wall * 1000:7.0f} ms {k_cpu * 1000:5.0f} ms")
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"  ratio                {ratio:7.2f}x {cpu_ratio:6.2f}x   (target, wall <= {TARGET}x: {verdict})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
