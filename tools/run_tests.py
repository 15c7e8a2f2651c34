"""`make test`'s pytest: the whole suite as two runs at once, on a machine of two cores.

- **The terminal lanes** (marker ``terminal``, lanes in ``tests/conftest.py``:
  the kiosk and the desk in a real pseudo-terminal, the random walk, the
  browser): each lane runs one test at a time, the lanes side by side, at
  the machine's normal priority. These tests tell a frozen app from a slow
  one by a limit of seconds, so they must never wait for the CPU.
- **The rest** (``not terminal``), in ``JOBS`` pytest-xdist workers at a lower
  priority (``nice``): they take whatever CPU the lanes leave. Most of a
  pilot test's time is waiting for the app to settle, so more workers than
  cores pay.

Both runs keep their temporary folders in memory (``/dev/shm``, where the
system has one) rather than on the disk: the suite writes thousands of small
files, each with an fsync, and a disk busy with those made a terminal test's
app wait for its own save. The folders are removed at the end, unless a test
failed (the path is said).

The lanes' output comes as it happens; the rest's when it is done; then one
line for each run. The exit code is 0 only when both passed. Arguments are
passed to both runs (``python -m tools.run_tests --jobs 4 -k kiosk``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LANES = 4
"""Workers for the terminal lanes: one per lane (tests/conftest.py, REAL_TERMINAL)."""
NICE = 10
"""How much lower the rest runs than the lanes."""
NO_TESTS = 5
"""pytest's exit code when nothing was collected (a -k that picks none of one run's tests)."""


def scratch_root() -> Path:
    """A private folder for both runs' temporary files: in memory when the system has a tmpfs."""
    shm = Path("/dev/shm")
    where = shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None
    return Path(tempfile.mkdtemp(prefix="skapa-tests-", dir=where))


def pytest(marker: str, workers: int, basetemp: Path, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", "-n", str(workers), "--dist", "loadgroup", "-m", marker,
            f"--basetemp={basetemp}", *extra]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.run_tests", description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=8, help="workers for the tests that are not terminal ones")
    args, extra = parser.parse_known_args(argv)
    root = scratch_root()
    started = time.monotonic()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as rest_output:
        rest = subprocess.Popen(pytest("not terminal", args.jobs, root / "rest", extra), stdout=rest_output,
                                stderr=subprocess.STDOUT, preexec_fn=lambda: os.nice(NICE))
        lanes_code = subprocess.call(pytest("terminal", LANES, root / "lanes", extra))
        lanes_done = time.monotonic() - started
        rest_code = rest.wait()
        rest_done = time.monotonic() - started
        rest_output.seek(0)
        sys.stdout.write(rest_output.read())
    print(f"\nterminal lanes: exit {lanes_code}, {lanes_done:.0f} s; "
          f"the rest ({args.jobs} workers): exit {rest_code}, {rest_done:.0f} s")
    passed = all(code in (0, NO_TESTS) for code in (lanes_code, rest_code)) \
        and (lanes_code, rest_code) != (NO_TESTS, NO_TESTS)
    if passed:
        shutil.rmtree(root, ignore_errors=True)
    else:
        print(f"the tests' temporary folders are kept in {root}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
