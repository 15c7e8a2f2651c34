"""What the tests of ``skapa serve`` share (tests/functional/test_serve_*.py, tests/browser)."""

from __future__ import annotations

from pathlib import Path


def session_pids(data: Path) -> list[int]:
    """Every ``skapa_tui.serve.session`` process for the data folder ``data``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"skapa_tui.serve.session" in args and str(data).encode() in args:
            try:
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                found.append(int(entry.name))
    return found
