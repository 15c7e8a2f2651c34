"""Shared fixtures. Keep this small: a fixture used by one file lives there."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import zlib
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
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"), PYTHONIOENCODING="utf-8")
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


REAL_TERMINAL: dict[str, tuple[str, ...]] = {
    "tests/browser/": ("browser",),
    "tests/functional/test_kiosk_pty.py": ("kiosk_pty_1", "kiosk_pty_2"),
    "tests/functional/test_kiosk_walk.py": ("kiosk_walk",),
    "tests/functional/test_desk_pty.py": ("desk_pty",),
}
"""Tests that time a real terminal's (or browser's) answer to a key, with a
limit that tells a frozen app from a slow one (marker ``terminal``), each
with its lane (an xdist group): `make test` (`tools/run_tests.py`) runs them
in their lanes, each lane one test at a time, beside the rest of the suite,
whose workers it runs at a lower priority, so that the busy machine never
passes for a frozen app. A file with more than one lane deals its tests
among them in turn, in the order of their ids (a test's languages side by
side: they take about as long), so that no lane takes much longer than the
others: the kiosk's alone took four minutes, mostly waiting for its timers."""

LANES = [lane for lanes in REAL_TERMINAL.values() for lane in lanes]
"""Every lane: `tools/run_tests.py` gives each its worker."""
IN_LANES, NOT_IN_LANES = "terminal", "not terminal"
"""The marker expressions of `make test`'s two runs (`tools/run_tests.py`)."""


def pytest_addoption(parser):
    parser.addoption("--every-language", action="store_true",
                     help="run the tests marked one_language in every offered language, not in one")


def pytest_configure(config):
    config.addinivalue_line("markers", "terminal: times a real terminal or browser; run apart (make test)")
    config.addinivalue_line("markers", "real_secret_cost: hash PINs and passphrases at the real scrypt cost")
    config.addinivalue_line("markers", "slow: takes tens of seconds, mostly waiting (a walk, an install, a "
                                       "world of data): started before the others")
    config.addinivalue_line("markers", "one_language: parametrized by lang, but the language is not what it "
                                       "tests: runs in one offered language (--every-language: in each)")


def pytest_collection_finish(session):
    """The collector of cycles less eager, and this worker's collection announced.

    The apps under Textual's pilot run in the tests' own process and make
    objects by the million: Python's collector, at its default thresholds,
    walked them over and over, and the modules and tests collected here live
    to the end anyway (frozen: never walked again). That took 10-15 % of a
    pilot test's CPU (tests/functional/test_kiosk.py, test_plan.py and
    test_desk_snapshots.py: 33-37 s, 30 s with it). Only this process: the
    apps a test starts as programs keep Python's defaults.

    `tools/run_tests.py` starts the lanes once the rest's workers have all
    collected (SKAPA_TESTS_COLLECTED)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    collected = os.environ.get("SKAPA_TESTS_COLLECTED")
    if collected and hasattr(session.config, "workerinput"):
        Path(collected, session.config.workerinput["workerid"]).touch()


def pytest_ignore_collect(collection_path, config):
    """`make test`'s two runs (`-m terminal`, `-m "not terminal"`) skip the
    files that hold none of their tests rather than import them all and
    deselect: each lane's worker and each of the rest's saves a second or two."""
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    try:
        where = collection_path.resolve().relative_to(Path(str(config.rootpath))).as_posix()
    except ValueError:  # a file outside the project
        return None
    in_a_lane = any(where.startswith(prefix) for prefix in REAL_TERMINAL)
    marker = config.getoption("markexpr")
    if marker == IN_LANES and not in_a_lane or marker == NOT_IN_LANES and in_a_lane:
        return True
    return None


def language_for(test_name: str, languages: list[str]) -> str:
    """The one language a ``one_language`` test runs in: picked by its name,
    so that each runs in the same one every time and the suite as a whole
    runs the apps in every language."""
    return sorted(languages)[zlib.crc32(test_name.encode("utf-8")) % len(languages)]


def one_language_only(config, items: list[pytest.Item]) -> list[pytest.Item]:
    """``items`` without the other languages of the tests marked ``one_language``.

    A test that keeps data, walks keys or guards a file behaves alike in every
    language; the texts it shows are checked for every language by the
    catalogs' tests (complete, placeholders alike) and by the snapshots and
    the tests whose subject is the language, which run in each. Running such
    a test in each language doubled its cost and found nothing more."""
    if config.getoption("--every-language"):
        return items
    from skapa_tui import i18n

    languages = i18n.offered_languages()
    deselected = [item for item in items if item.get_closest_marker("one_language")
                  and isinstance(item, pytest.Function) and "lang" in item.callspec.params
                  and item.callspec.params["lang"] != language_for(item.originalname, languages)]
    if not deselected:
        return items
    config.hook.pytest_deselected(items=deselected)
    gone = set(map(id, deselected))
    return [item for item in items if id(item) not in gone]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    items[:] = one_language_only(config, items)
    # The slow ones first: pytest-xdist hands tests out in this order, and one
    # that mostly waits is best begun while the terminal lanes keep the CPU
    # busy, not at the end, where it would keep the run going on its own.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    root = Path(str(config.rootpath))
    dealt: dict[str, list[pytest.Item]] = {}
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(root).as_posix()
        prefix = next((prefix for prefix in REAL_TERMINAL if where.startswith(prefix)), None)
        if prefix is not None:
            dealt.setdefault(prefix, []).append(item)
    for prefix, terminal_items in dealt.items():
        lanes = REAL_TERMINAL[prefix]
        for n, item in enumerate(sorted(terminal_items, key=lambda item: item.nodeid)):
            item.add_marker(pytest.mark.terminal)
            item.add_marker(pytest.mark.xdist_group(lanes[n % len(lanes)]))
