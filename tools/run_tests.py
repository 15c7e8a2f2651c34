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

Both runs may write bytecode (``__pycache__``, git ignores it) whatever
``PYTHONDONTWRITEBYTECODE`` says: without it every worker rewrote the
asserts of all the test modules again (5.3 s of CPU a worker where it now
takes 1.7) and every ``skapa`` a test starts compiled the package again.
``skapa_tui`` is compiled once before the workers start, so that they do not
all compile it at the same time.

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
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.conftest import IN_LANES, LANES, NOT_IN_LANES  # noqa: E402 - declared beside the tests

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


COLLECTED = "SKAPA_TESTS_COLLECTED"
"""A folder where each of the rest's workers leaves a file once it has collected (tests/conftest.py)."""


def wait_for_collection(rest: subprocess.Popen, collected: Path, workers: int, timeout: float = 120) -> None:
    """Until the rest's workers have all collected their tests (or the run ended).

    The lanes start only then: begun together, the lanes' start (their apps,
    Chromium) took the CPU from the rest's workers, which, at their lower
    priority, began their first test 25-40 s late, and the rest, the longer
    of the two runs, ended that much later."""
    deadline = time.monotonic() + timeout
    while len(list(collected.iterdir())) < workers and rest.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.run_tests", description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=6, help="workers for the tests that are not terminal ones")
    args, extra = parser.parse_known_args(argv)
    root = scratch_root()
    started = time.monotonic()
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    compileall.compile_dir(ROOT / "skapa_tui", quiet=1)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as rest_output:
        collected = root / "collected"
        collected.mkdir()
        rest = subprocess.Popen(pytest(NOT_IN_LANES, args.jobs, root / "rest", extra), stdout=rest_output,
                                stderr=subprocess.STDOUT, preexec_fn=lambda: os.nice(NICE),
                                env={**env, COLLECTED: str(collected)})
        wait_for_collection(rest, collected, args.jobs)
        lanes_code = subprocess.call(pytest(IN_LANES, len(LANES), root / "lanes", extra), env=env)
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
