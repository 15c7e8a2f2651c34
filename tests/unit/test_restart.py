"""The kiosk's restart loop and its crash-loop guard, with stand-in apps.

The real app crashing headless and in a terminal is tested in
tests/functional/test_kiosk_crash.py and tests/functional/test_cli.py.
"""

from __future__ import annotations

import pytest

from skapa_tui.ui.restart import CRASHES, WITHIN_SECONDS, CrashGuard, KioskStopped, crash_of, keep_running


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class StandIn:
    """Ends as told: ``crash`` (an error Textual handled), ``return_code``."""

    def __init__(self, crash: Exception | None = None, return_code: int | None = 0):
        self.crash = crash
        self.return_code = return_code
        self.options: dict | None = None

    def run(self, **options):
        self.options = options


def apps_in_turn(*apps: StandIn):
    made: list[StandIn] = []
    queue = list(apps)

    def make() -> StandIn:
        made.append(queue.pop(0))
        return made[-1]

    return make, made


def test_the_guard_stops_at_three_crashes_within_a_minute():
    assert (CRASHES, WITHIN_SECONDS) == (3, 60.0)
    clock = Clock()
    guard = CrashGuard(clock=clock)
    assert not guard.crashed()
    clock.now += 30
    assert not guard.crashed()
    clock.now += 29
    assert guard.crashed()


def test_the_guard_forgets_crashes_older_than_a_minute():
    clock = Clock()
    guard = CrashGuard(clock=clock)
    for _ in range(10):
        assert not guard.crashed()
        clock.now += 31  # never three within 60 seconds
    clock.now += 100
    assert not guard.crashed() and not guard.crashed()
    assert guard.crashed()


def test_an_app_that_ends_as_it_should_is_not_run_again(tmp_path):
    log = tmp_path / "logs" / "kiosk-errors.log"
    for ended in (StandIn(return_code=0), StandIn(return_code=None)):  # ctrl+q; SIGINT
        make, made = apps_in_turn(ended)
        keep_running(make, log, headless=True)
        assert made == [ended] and ended.options == {"headless": True}
    assert not log.parent.exists()


def test_a_crash_is_logged_and_a_fresh_app_runs(tmp_path):
    log = tmp_path / "logs" / "kiosk-errors.log"
    make, made = apps_in_turn(StandIn(RuntimeError("bug one"), 1), StandIn(RuntimeError("bug two"), 1),
                              StandIn())
    keep_running(make, log)
    assert len(made) == 3
    text = log.read_text()
    assert text.index("RuntimeError: bug one") < text.index("RuntimeError: bug two")


def test_a_failure_without_a_recorded_error_still_counts(tmp_path):
    app = StandIn(None, return_code=1)
    assert "return code 1" in str(crash_of(app))
    log = tmp_path / "kiosk-errors.log"
    make, made = apps_in_turn(app, StandIn())
    keep_running(make, log)
    assert len(made) == 2 and "no error was recorded" in log.read_text()


def test_too_many_crashes_too_fast_stop_the_kiosk(tmp_path):
    log = tmp_path / "logs" / "kiosk-errors.log"
    clock = Clock()
    make, made = apps_in_turn(*(StandIn(RuntimeError(f"bug {n}"), 1) for n in range(5)))
    with pytest.raises(KioskStopped) as stopped:
        keep_running(make, log, guard=CrashGuard(clock=clock))
    assert stopped.value.log == log
    assert len(made) == 3
    assert log.read_text().count("--- ") == 3


def test_an_error_out_of_run_itself_is_not_swallowed(tmp_path):
    class Broken(StandIn):
        def run(self, **options):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        keep_running(lambda: Broken(), tmp_path / "kiosk-errors.log")
    assert not (tmp_path / "kiosk-errors.log").exists()
