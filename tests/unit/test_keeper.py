"""The kiosk's keeper (`skapa_tui.ui.restart.keep_in_child`), with real child
processes: a child that stops beating is ended, logged with its stacks and
replaced; one that crashes is replaced; too many too close together stop
the kiosk; a signal from outside ends it cleanly.

The children here are small functions, not the kiosk app: the keeper knows
nothing of the app but the heartbeat pipe (the app's side is tested with
the real kiosk in a terminal, tests/functional/test_kiosk_pty.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from skapa_tui.ui import restart
from skapa_tui.ui.restart import CRASHED, HEARTBEAT, Heartbeat, KioskStopped, keep_in_child

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the keeper forks")


def runs(counter: Path) -> int:
    """How many children have started (each child adds a line)."""
    return len(counter.read_text().splitlines()) if counter.exists() else 0


def note_start(counter: Path) -> int:
    with counter.open("a") as f:
        f.write("started\n")
    return runs(counter)


def test_a_child_that_stops_beating_is_logged_with_its_stacks_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(restart, "DUMP_SECONDS", 0.5)
    counter, log = tmp_path / "runs", tmp_path / "logs" / "kiosk-errors.log"

    def child(fd: int) -> int:
        n = note_start(counter)
        heart = Heartbeat(fd)
        if n == 1:
            import asyncio

            async def frozen() -> None:
                heart.install()  # stacks on SIGUSR1, as the app does
                heart.beat()
                await asyncio.Event().wait()  # waits for ever, as the review once made the app do

            asyncio.run(frozen())
        heart.beat()
        return 0

    assert keep_in_child(child, log, stall=0.5, start=5.0) == 0
    assert runs(counter) == 2
    text = log.read_text()
    assert "stopped responding" in text and "frozen" in text  # the stack of the waiting task
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_a_child_whose_loop_is_stuck_is_replaced_too(tmp_path, monkeypatch):
    """A loop that never returns (no event loop to answer): faulthandler says the stacks."""
    monkeypatch.setattr(restart, "DUMP_SECONDS", 0.5)
    counter, log = tmp_path / "runs", tmp_path / "logs" / "kiosk-errors.log"

    def child(fd: int) -> int:
        n = note_start(counter)
        heart = Heartbeat(fd)
        if n == 1:
            import faulthandler

            signal.signal(signal.SIGUSR1, lambda *_: None)  # as the app's loop takes it, unanswered
            faulthandler.register(signal.SIGUSR2, file=fd, all_threads=True)
            heart.beat()
            while True:  # busy for ever, the loop never returns
                sum(range(1000))
        return 0

    assert keep_in_child(child, log, stall=0.5, start=5.0) == 0
    assert runs(counter) == 2
    assert "stopped responding" in log.read_text() and "in child" in log.read_text()


def test_crashes_are_restarted_until_too_many_come_too_close(tmp_path):
    counter, log = tmp_path / "runs", tmp_path / "logs" / "kiosk-errors.log"

    def child(fd: int) -> int:
        note_start(counter)
        Heartbeat(fd).beat()
        return CRASHED  # a child that logged its own bug

    with pytest.raises(KioskStopped) as stopped:
        keep_in_child(child, log, stall=5.0, start=5.0)
    assert stopped.value.log == log and runs(counter) == restart.CRASHES


def test_a_child_killed_from_outside_is_logged_and_replaced(tmp_path):
    counter, log = tmp_path / "runs", tmp_path / "logs" / "kiosk-errors.log"

    def child(fd: int) -> int:
        if note_start(counter) == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        return 0

    assert keep_in_child(child, log, stall=5.0, start=5.0) == 0
    assert runs(counter) == 2 and "signal 9" in log.read_text()


KEEPER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from skapa_tui.ui.restart import Heartbeat, keep_in_child

    def child(fd):
        heart = Heartbeat(fd)
        print("child", os.getpid(), flush=True)
        try:
            while True:
                heart.beat()
                time.sleep(0.1)
        except SystemExit:
            raise
    print("keeper ended", keep_in_child(child, Path(sys.argv[1]), stall=5.0, start=5.0), flush=True)
""")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_from_outside_ends_the_kiosk_cleanly(tmp_path, signum):
    log = tmp_path / "logs" / "kiosk-errors.log"
    keeper = subprocess.Popen([sys.executable, "-c", KEEPER, str(log)], stdout=subprocess.PIPE, text=True)
    try:
        first = keeper.stdout.readline()
        assert first.startswith("child ")
        child = int(first.split()[1])
        keeper.send_signal(signum)
        out, _ = keeper.communicate(timeout=15)
    finally:
        if keeper.poll() is None:
            keeper.kill()
    assert keeper.returncode == 0 and "keeper ended 0" in out
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # the child is gone too
    assert not log.exists()  # a stop is not an error


def test_the_heartbeat_never_blocks_the_app(tmp_path):
    read, write = os.pipe()
    heart = Heartbeat(write)
    for _ in range(200_000):  # far more than a pipe holds, and nobody reads: beats are dropped
        heart.beat()
    assert os.read(read, 10) == HEARTBEAT * 10
    os.close(read)
    heart.beat()  # a closed pipe is no error either
    os.close(write)
