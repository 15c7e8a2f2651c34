"""Start-up: from process start to the kiosk's welcome screen being ready,
against a minimal Textual app (one `Static`) measured in the same run.

Each run is a fresh subprocess running a tiny driver: it builds the app
(the kiosk on an empty temporary data folder), runs it headless and, when
Textual says the app is ready (``on_ready``: the first screen composed and
shown), writes ``READY`` on its stdout and exits. The clock runs in this
process from just before the subprocess starts until that line arrives,
so interpreter start, imports, reading the flow and the catalogs all
count. Runs alternate between the two apps; the medians are compared.

Target: the kiosk ready in at most 1.3 times the minimal app's time.
``python -m benchmarks.startup [--runs N]``; `main` returns 0 when the
target is met, 1 when not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.3
ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """
import os
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("Welcome")

    def on_ready(self):
        os.write(1, b"READY\\n")
        self.exit(0)

Minimal().run(headless=True)
"""

KIOSK = """
import os, sys
from skapa_tui.ui.app import KioskApp
from skapa_tui.domain.flow import load_flow
from skapa_tui.resources import flow_path
from skapa_tui.storage import Store

# Not a subclass (Textual finds kiosk.tcss next to the app class's file):
# the kiosk's own on_ready, then READY and exit.
kiosk_on_ready = KioskApp.__dict__.get("on_ready")

def on_ready(self):
    if kiosk_on_ready is not None:
        kiosk_on_ready(self)
    os.write(1, b"READY\\n")
    self.exit(0)

KioskApp.on_ready = on_ready
KioskApp(Store(sys.argv[1]), load_flow(flow_path("participant")), lang="sv").run(headless=True)
"""


def time_to_ready(script: str, *args: str) -> float:
    """Seconds from starting a Python process running ``script`` to its READY line."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = process.communicate(timeout=60)
    if line.strip() != b"READY" or process.returncode != 0:
        raise RuntimeError(f"the app did not get ready (exit {process.returncode}):\n"
                           f"{line.decode(errors='replace')}{err.decode(errors='replace')}")
    return elapsed


def measure(runs: int) -> tuple[list[float], list[float]]:
    minimal: list[float] = []
    kiosk: list[float] = []
    with tempfile.TemporaryDirectory(prefix="skapa-bench-") as tmp:
        data = str(Path(tmp) / "data")
        time_to_ready(MINIMAL)  # warm the file cache once for both
        time_to_ready(KIOSK, data)
        for _ in range(runs):
            minimal.append(time_to_ready(MINIMAL))
            kiosk.append(time_to_ready(KIOSK, data))
    return minimal, kiosk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each app (default: 7)")
    args = parser.parse_args(argv)
    minimal, kiosk = measure(max(1, args.runs))
    m, k = statistics.median(minimal), statistics.median(kiosk)
    ratio = k / m
    print(f"start-up to ready, median of {len(minimal)} runs each:")
    print(f"  minimal Textual app  {m * 1000:7.0f} ms")
    print(f"  skapa kiosk          {k * 1000:7.0f} ms")
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"  ratio                {ratio:7.2f}x   (target <= {TARGET}x: {verdict})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
