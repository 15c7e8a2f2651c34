"""``python -m tests.attacks [--day YYYY-MM-DD] [--keys N]``: every attack's numbers.

With ``--keys N`` the demo is attacked N times, each with a folder key of its
own (the noise differs, the data do not), and each attack's worst run is shown.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date

from . import DAYS, KEY, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.attacks")
    parser.add_argument("--day", type=date.fromisoformat, action="append")
    parser.add_argument("--keys", type=int, default=0, help="also attack with this many random folder keys")
    args = parser.parse_args(argv)
    beaten = False
    for day in args.day or DAYS:
        keys = [KEY] + [os.urandom(32).hex() for _ in range(args.keys)]
        worst: dict[tuple[str, str], object] = {}
        for key in keys:
            start = time.perf_counter()
            scores = run(day, key, check=key == KEY)
            print(f"-- the demo made on {day}, key {key[:8]}…: {time.perf_counter() - start:.1f} s", flush=True)
            for s in scores:
                if len(keys) == 1:
                    print("  " + s.line())
                seen = worst.get((s.attack, s.kind))
                if seen is None or s.edge > seen.edge:
                    worst[(s.attack, s.kind)] = s
                beaten |= s.beats
        if len(keys) > 1:
            print(f"-- the worst of {len(keys)} keys:")
            for s in worst.values():
                print("  " + s.line())
    return 1 if beaten else 0


if __name__ == "__main__":
    sys.exit(main())
