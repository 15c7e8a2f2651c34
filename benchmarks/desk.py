"""The supervisor's desk at BIP scale: opening a caseload of 60 and the
conversation, beside the time to read every participant file once (same run).

The data folder (4,000 participants, 30,000 readings, 300 supervisors, the
first with a caseload of 60) is written by `benchmarks.storage.generate`
straight in the Store's format. Then, each on a fresh `Store` and `Desk`, as
a supervisor signing in at another terminal would:

- ``caseload``: `Desk.refresh` (the index, then each of the 60 files) and
  `Desk.rows` (the rows with their warnings), what `CaseloadScreen` does
  when it opens;
- ``caseload poll``: `Desk.refresh` when nothing changed (every 2 s on screen);
- ``conversation``: `Desk.comparison` of one participant (their history,
  each side's latest reading read against its flow version, the guide);

beside ``read every file``: `Store.read_all` over all 4,000 files once.
Medians of a few runs. Targets: caseload and conversation <= 50 ms each.
``python -m benchmarks.desk [--participants N] [--readings N] [--supervisors N] [--runs N]``;
`main` returns 0 when both targets are met, 1 when not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from skapa_tui.logic.desk import Desk
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store

from .storage import CASELOAD, generate

TARGET_MS = 50.0


def _ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(participants: int, readings: int, supervisors: int, runs: int) -> tuple[list[str], bool]:
    library = flow_library()
    guide = library.guide()
    with tempfile.TemporaryDirectory(prefix="skapa-bench-desk-") as tmp:
        root = Path(tmp) / "data"
        made = time.perf_counter()
        generated = generate(root, participants, readings, supervisors)
        made = time.perf_counter() - made
        supervisor_id = generated["supervisors"][0]

        def fresh_desk() -> Desk:
            store = Store(root)
            return Desk(store, store.supervisor(supervisor_id), library, guide)

        def open_caseload() -> int:
            desk = fresh_desk()
            desk.refresh()
            return len(desk.rows())

        assert open_caseload() == min(CASELOAD, participants)  # and warm the file cache
        caseload_ms = statistics.median(_ms(open_caseload) for _ in range(runs))

        desk = fresh_desk()
        desk.refresh()
        poll_ms = statistics.median(_ms(desk.refresh) for _ in range(runs))

        code = desk.codes()[0]
        fresh_desk().comparison(code)
        conversation_ms = statistics.median(
            _ms(lambda d=fresh_desk(): d.comparison(code))  # noqa: B008 - a new desk per run, untimed
            for _ in range(runs))

        store = Store(root)
        read_every_ms = statistics.median(_ms(lambda: sum(1 for _ in store.read_all())) for _ in range(3))

    def line(name: str, ms: float, target: float | None = None) -> str:
        ratio = f"{ms / read_every_ms:6.3f}x of reading every file"
        goal = "" if target is None else f"   (target <= {target:.0f} ms: {'met' if ms <= target else 'NOT met'})"
        return f"  {name:<20} {ms:8.1f} ms   {ratio}{goal}"

    lines = [
        f"the desk at {participants} participants, {readings} readings, {supervisors} supervisors "
        f"(folder written in {made:.0f} s); medians of {runs} runs:",
        f"  {'read every file':<20} {read_every_ms:8.1f} ms   (the baseline)",
        line("caseload", caseload_ms, TARGET_MS),
        line("caseload poll", poll_ms),
        line("conversation", conversation_ms, TARGET_MS),
    ]
    return lines, caseload_ms <= TARGET_MS and conversation_ms <= TARGET_MS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.desk", description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=4000)
    parser.add_argument("--readings", type=int, default=30000)
    parser.add_argument("--supervisors", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    if not (0 < args.participants <= args.readings and args.supervisors > 1 and args.runs > 0):
        parser.error("need 0 < participants <= readings, supervisors > 1, runs > 0")
    lines, passed = measure(args.participants, args.readings, args.supervisors, args.runs)
    for text in lines:
        print(text, flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
