"""Run every benchmark module in this folder (or the ones named) and print their lines.

Exit status: 0 when every benchmark met its target, 1 when one did not,
2 when one could not run.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(FOLDER)]) if not m.name.startswith("_"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    available = modules()
    chosen = argv or available
    unknown = [name for name in chosen if name not in available]
    if unknown:
        print(f"no benchmark named {', '.join(unknown)}; there are: {', '.join(available)}", file=sys.stderr)
        return 2
    status = 0
    for name in chosen:
        print(f"== {name} ==", flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"{__package__ or 'benchmarks'}.{name}")
            result = module.main([])
        except Exception:  # one broken benchmark must not hide the others
            traceback.print_exc()
            result = 2
        print(f"({name}: {time.perf_counter() - start:.0f} s)", flush=True)
        print(flush=True)
        status = max(status, int(result or 0))
    return status


if __name__ == "__main__":
    sys.exit(main())
