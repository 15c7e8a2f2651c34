"""Reading the stored documents: the declared formats (msgspec Structs) against a bare json.loads.

A BIP-scale data folder (`benchmarks.storage.generate`: 4,000 participants,
30,000 readings, 300 supervisors) is written straight in the Store's
format. Then every participant file is read once, each of these ways in
turn, ``--repeat`` times (so that whatever else the machine does weighs on
all of them alike), and the medians are compared:

- *bytes*: open and read every file, nothing more (the floor);
- *json.loads* (the baseline): the bytes parsed into dictionaries by the
  standard library, unchecked: what any checker written over dictionaries
  starts from;
- *msgspec untyped*: msgspec's JSON decoding into dictionaries;
- *msgspec Structs*: typed decoding straight from the bytes into the
  declared Structs (every field checked), without the domain's objects;
- *skapa's reading*: `documents.read_participant`, what the Store does:
  typed decoding and the domain's objects (`History`).

Target: skapa's reading (checked, into domain objects) <= 1.25x the bare,
unchecked json.loads. When this benchmark chose msgspec, it also measured
the hand-written checks over json.loads that skapa had before (``Shape``):
2.08x, against 1.02x for msgspec's typed decoding with the domain's
objects (the README's "Benchmarks" has the numbers).

``python -m benchmarks.formats [--participants N] [--readings N]
[--supervisors N] [--repeat N]``; ``main`` returns 0 when the target is
met, 1 when not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from skapa_tui.storage import documents

from .storage import generate

TARGET_RATIO = 1.25
"""skapa's reading against json.loads; the hand-written checks before msgspec took 2.08x."""


def _paths(root: Path) -> list[Path]:
    return sorted((root / "participants").glob("*.json"))


def ways(paths: list[Path]) -> dict[str, Callable[[], int]]:
    """Each way of reading every file of ``paths``: a call that returns how many it read."""

    def read_bytes() -> int:
        for path in paths:
            path.read_bytes()
        return len(paths)

    def stdlib() -> int:
        for path in paths:
            json.loads(path.read_bytes())
        return len(paths)

    untyped = msgspec.json.Decoder()

    def msgspec_untyped() -> int:
        for path in paths:
            untyped.decode(path.read_bytes())
        return len(paths)

    typed = msgspec.json.Decoder(documents.ParticipantFile)

    def structs() -> int:
        for path in paths:
            typed.decode(path.read_bytes())
        return len(paths)

    def skapa() -> int:
        for path in paths:
            documents.read_participant(path, path.read_bytes())
        return len(paths)

    found = {"bytes": read_bytes, "json.loads": stdlib}
    found.update({"msgspec untyped": msgspec_untyped, "msgspec Structs": structs, "skapa's reading": skapa})
    return found


def _ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(participants: int, readings: int, supervisors: int, repeat: int) -> tuple[list[str], bool]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="skapa-bench-formats-") as tmp:
        root = Path(tmp) / "data"
        t0 = time.perf_counter()
        made = generate(root, participants, readings, supervisors)
        lines.append(f"formats: {participants:,} participant files, {len(made['all_readings']):,} readings, "
                     f"{made['answers']:,} answers (written directly in {time.perf_counter() - t0:.1f} s)")
        paths = _paths(root)
        calls = ways(paths)
        for call in calls.values():  # warm up (the page cache, imports) and check they all read every file
            assert call() == len(paths)
        times: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(repeat):
            for name, call in calls.items():
                times[name].append(_ms(call))
    medians = {name: statistics.median(found) for name, found in times.items()}
    base = medians["json.loads"]
    for name, ms in medians.items():
        lines.append(f"  {name:<20} {ms:8,.0f} ms  {ms / base:5.2f}x json.loads")
    ratio = medians["skapa's reading"] / base
    passed = ratio <= TARGET_RATIO
    lines.append(f"skapa's reading (checked, into the domain's objects) {ratio:.2f}x the bare json.loads "
                 f"(median of {repeat}); <= {TARGET_RATIO:g}x: {'PASS' if passed else 'FAIL'}")
    return lines, passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.formats", description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=4000)
    parser.add_argument("--readings", type=int, default=30000)
    parser.add_argument("--supervisors", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not (0 < args.participants <= args.readings and 0 < args.supervisors and args.repeat > 0):
        parser.error("need 0 < participants <= readings, supervisors > 0 and repeat > 0")
    lines, passed = measure(args.participants, args.readings, args.supervisors, args.repeat)
    for line in lines:
        print(line, flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
