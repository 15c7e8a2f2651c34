"""A random walk over the real kiosk in a pseudo-terminal: it never freezes,
and going idle always brings back the start screen.

A seeded walk drives the real ``skapa kiosk`` with bursts of random keys
(digits, 0, Enter, Space, Backspace, Escape, Tab, shift+Tab, the arrows,
letters, pastes), logins, language switches and idle pauses,
over every screen a participant can reach. After every step the kiosk must
still lay its screen out again when the terminal is resized (a frozen app
does not); after every idle pause the start screen must be back with
nothing of the person on it; at the end nothing may be in the error log (no
crash, no freeze the keeper had to end) and the kiosk must stop cleanly.

A run presses at least ``SKAPA_WALK_KEYS`` keys (5,000 by default). The
walk is seeded: the seed is printed, and ``SKAPA_WALK_SEED=<seed>`` replays
it; a failure names the seed and the last steps.

Why not Hypothesis's stateful testing here: each run takes minutes of real
time in a real terminal, and Hypothesis begins with the simplest program
(one step over and over) and finds its strength in shrinking, which would
rerun the walk many times. So this walk is a plain seeded one, and the
same walk runs under Hypothesis in the app's own process, where a program
costs a second and shrinking is cheap (test_kiosk_walk_pilot.py).
"""

from __future__ import annotations

import os
import random
import time

import pytest

from skapa_tui import i18n

from .kiosk_pty import CODE, FLOW, PIN, said, start_kiosk

KEYS_PER_RUN = int(os.environ.get("SKAPA_WALK_KEYS", "5000"))
IDLE, COUNTDOWN = 2, 2
"""The walk's kiosk goes idle fast, so that idle pauses are cheap."""
IDLE_EVERY = 25
"""Steps between two idle pauses, at least."""
LANGS = tuple(i18n.offered_languages())

KEYS = (
    [*"0123456789"] * 3 + ["enter"] * 6 + ["space"] * 3 + ["backspace"] * 3 + ["escape"] * 2
    + ["tab"] * 3 + ["shift+tab"] * 2 + ["up", "down", "left", "right"] * 2 + [*"abcxyz-"]
)
"""The keys a burst draws from, weighted by how often a person presses them."""

# Its lane (one test at a time) and marker `terminal`: tests/conftest.py, REAL_TERMINAL.


def burst(seed_value: int, length: int) -> list[str]:
    return random.Random(seed_value).choices(KEYS, k=length)


class KioskWalk:
    """The walk's steps (each a method) and what must hold after each."""

    def __init__(self, tmp_path, rng: random.Random):
        self.rng = rng
        self.lang = LANGS[0]
        self.kiosk = start_kiosk(tmp_path, self.lang, (80, 24), "--idle-seconds", str(IDLE),
                                 "--countdown-seconds", str(COUNTDOWN))
        self.kiosk.KEY_GAP = 0.01
        self.keys_sent = 0
        self.since_idle = 0
        self.steps: list[str] = []
        self.person_texts = [said(lang, a.text) for lang in LANGS for q in FLOW.questions[:2] for a in q.anchors]

    def press(self, keys: list[str]) -> None:
        self.kiosk.send(*keys)
        self.keys_sent += len(keys)

    def at_welcome(self) -> bool:
        return any(self.kiosk.shows(said(lang, "Your code")) for lang in LANGS)

    # ---- steps ---------------------------------------------------------------------

    def step(self) -> None:
        """One step, chosen at random among those that apply now."""
        choices = [(self.keys, 12), (self.paste, 1)]
        if self.at_welcome():
            choices.append((self.log_in, 4))
        if self.since_idle >= IDLE_EVERY:
            choices.append((self.go_idle, 3))
        action = self.rng.choices([c[0] for c in choices], [c[1] for c in choices])[0]
        self.since_idle += 1
        action()
        self.still_responds()

    def keys(self) -> None:
        burst_seed, length = self.rng.randrange(2**32), self.rng.randint(20, 45)
        self.steps.append(f"keys(burst({burst_seed}, {length}))")
        self.press(burst(burst_seed, length))

    def paste(self) -> None:
        text = self.rng.choice(["1234", "DEMO1", "hej då", "3\r4\r", "\t\t\r", "x" * 80])
        self.steps.append(f"paste({text!r})")
        self.kiosk.paste(text)
        self.keys_sent += 1

    def log_in(self) -> None:
        """Log in (sometimes in the other language first), so that the walk reaches every screen."""
        other_language = self.rng.random() < 0.4
        self.steps.append(f"log_in(other_language={other_language})")
        keys = ["backspace"] * 12
        if other_language:
            keys += ["shift+tab", "enter"]
        self.press([*keys, *CODE, "enter", *PIN, "enter"])

    def go_idle(self) -> None:
        """Nobody at the kiosk: the countdown, then the start screen with nothing of the person."""
        self.steps.append("go_idle()")
        self.since_idle = 0
        deadline = time.monotonic() + IDLE + COUNTDOWN + 10
        while time.monotonic() < deadline:
            if self.at_welcome() and not any(self.kiosk.shows(t) for t in self.person_texts):
                break
            time.sleep(0.2)
        assert self.at_welcome(), f"idle did not bring the start screen back:\n{self.kiosk.text()}"
        assert not any(self.kiosk.shows(t) for t in self.person_texts), self.kiosk.text()

    # ---- after every step ----------------------------------------------------------------

    def still_responds(self) -> None:
        assert self.kiosk.alive(), f"the kiosk ended:\n{self.kiosk.text()}"
        assert self.kiosk.responds(), f"the kiosk stopped responding:\n{self.kiosk.text()}"
        assert "Traceback" not in self.kiosk.text()

    def stop(self) -> int:
        code = self.kiosk.terminate()
        self.kiosk.close()
        return code


def test_a_random_walk_never_freezes_the_kiosk(tmp_path, capsys):
    walk_seed = int(os.environ.get("SKAPA_WALK_SEED") or random.randrange(2**32))
    with capsys.disabled():
        print(f"\nkiosk walk: seed {walk_seed} (replay: SKAPA_WALK_SEED={walk_seed}), "
              f"{KEYS_PER_RUN} keys or more")
    walk = KioskWalk(tmp_path, random.Random(walk_seed))
    try:
        while walk.keys_sent < KEYS_PER_RUN:
            walk.step()
        walk.go_idle()  # and at the end, idle brings the start screen too
    except AssertionError as failed:
        raise AssertionError(f"seed {walk_seed}, after {len(walk.steps)} steps "
                             f"(the last: {walk.steps[-5:]}): {failed}") from None
    finally:
        code = walk.stop()
    assert code == 0, f"the kiosk did not stop cleanly: {code} (seed {walk_seed})"
    log = tmp_path / "data" / "logs" / "kiosk-errors.log"
    assert not log.exists(), f"the kiosk logged errors (seed {walk_seed}):\n{log.read_text()[-3000:]}"


@pytest.mark.parametrize("length", [20, 45])
def test_a_burst_is_the_same_for_the_same_seed(length):
    assert burst(7, length) == burst(7, length) and len(burst(7, length)) == length
