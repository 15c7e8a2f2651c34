"""Shared fixtures. Keep this small: a fixture used by one file lives there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def skapa_command() -> list[str]:
    """The installed ``skapa`` console script of this interpreter, else ``python -m skapa_tui``."""
    script = Path(sys.executable).with_name("skapa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "skapa_tui"]


def _clean_env(home: Path, lang: str | None = None, **extra: str) -> dict[str, str]:
    """An environment that can never reach the real data folder (HOME and XDG
    point under ``home``) and speaks ``lang``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SKAPA_", "LC_", "LANG", "PYTEST_")) and k not in ("COLUMNS", "LINES")}
    # (pytest-xdist's workers set COLUMNS and LINES; a Textual app takes them
    # for its size and never follows its terminal's)
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"),
               PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    if lang is not None:
        env["SKAPA_LANG"] = lang
    env.update(extra)
    return env


@pytest.fixture
def skapa(tmp_path: Path):
    """Run ``skapa ARGS...`` in a subprocess: ``skapa("flows", "check", lang="da")``.

    Returns the CompletedProcess (text, stdout and stderr captured); the
    default language is Swedish, the data folder is never the real one.
    """
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)

    def run(*args: object, lang: str = "sv", input: str | None = None,
            cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*skapa_command(), *map(str, args)], input=input, capture_output=True,
            text=True, encoding="utf-8", env=_clean_env(home, lang, **env),
            cwd=cwd or tmp_path, timeout=120)

    return run


@pytest.fixture(name="skapa_command")
def _skapa_command() -> list[str]:
    """The argv that starts ``skapa``."""
    return skapa_command()


@pytest.fixture
def clean_env():
    """``clean_env(home, lang, **extra)``: the environment `skapa` runs in, for
    a command run some other way (another venv, a terminal)."""
    return _clean_env


@pytest.fixture
def restore_language():
    """Put back the i18n language a test (or `cli.main`) changed."""
    from skapa_tui import i18n

    saved = i18n.current_language()
    yield
    i18n.set_language(saved)


@pytest.fixture(autouse=True)
def no_login_floor(monkeypatch):
    """Refused logins in this process take no padded time: the tests that are
    about the padding (tests/unit/test_storage.py, the bench) set it back.
    Subprocesses (the CLI, the kiosk in a terminal) keep the real floor."""
    from skapa_tui.storage import tries

    monkeypatch.setattr(tries, "LOGIN_FLOOR", 0.0)


@pytest.fixture(autouse=True)
def cheap_secret_hashing(request, monkeypatch):
    """PINs and passphrases hashed in this process with scrypt at n=2**10 rather
    than 2**14: the same scheme, stored and checked the same way, at a sixteenth
    of the work (a hash keeps its own parameters, so it verifies at the cost it
    was made with). Tests marked ``real_secret_cost`` (tests/unit/test_pins.py)
    keep the real cost; subprocesses (the CLI, a kiosk in a terminal) always do."""
    if request.node.get_closest_marker("real_secret_cost"):
        return
    from skapa_tui.storage import pins

    monkeypatch.setattr(pins, "N", 2**10)


REAL_TERMINAL = {
    "tests/browser/": "browser",
    "tests/functional/test_kiosk_pty.py": "kiosk_pty",
    "tests/functional/test_kiosk_walk.py": "kiosk_walk",
    "tests/functional/test_desk_pty.py": "desk_pty",
}
"""Tests that time a real terminal's (or browser's) answer to a key, with a
limit that tells a frozen app from a slow one (marker ``terminal``), each
with its lane (an xdist group): `make test` (`tests/run.py`) runs them in
their lanes, each lane one test at a time, beside the rest of the suite,
whose workers it runs at a lower priority, so that the busy machine never
passes for a frozen app."""


def pytest_configure(config):
    config.addinivalue_line("markers", "terminal: times a real terminal or browser; run apart (make test)")
    config.addinivalue_line("markers", "real_secret_cost: hash PINs and passphrases at the real scrypt cost")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    root = Path(str(config.rootpath))
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(root).as_posix()
        lane = next((lane for prefix, lane in REAL_TERMINAL.items() if where.startswith(prefix)), None)
        if lane is not None:
            item.add_marker(pytest.mark.terminal)
            item.add_marker(pytest.mark.xdist_group(lane))
