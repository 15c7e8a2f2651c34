"""Hypothesis walks the kiosk in its own process (Textual's pilot): programs
of random keys, logins, language switches and idle pauses, shrunk to the
smallest failing one when one fails.

The walk in a real terminal (test_kiosk_walk.py) is the long one; this one
is short and many: each program starts a fresh kiosk headless, so a program
costs about a second and Hypothesis can shrink a failure to a few steps.
After every step the kiosk must still handle its messages (a pause of the
pilot comes back: a frozen app never does), and an idle pause must bring
the start screen back with nothing of the person on it.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skapa_tui.ui.screens.welcome import WelcomeScreen

from .kiosk_helpers import CODE, LANG, OTHER, PIN, make_app

KEYS = [*"0123456789", "enter", "space", "backspace", "escape", "tab", "shift+tab", "up", "down",
        "left", "right", "a", "-"]

STEP = st.one_of(
    st.tuples(st.just("keys"), st.lists(st.sampled_from(KEYS), min_size=1, max_size=12)),
    st.tuples(st.just("log in"), st.booleans()),
    st.tuples(st.just("idle"), st.none()),
)


async def walk(tmp_path, steps) -> None:
    app = make_app(tmp_path, LANG, thanks_seconds=60, countdown_seconds=0.5)
    async with app.run_test(size=(80, 24)) as pilot:

        async def alive(what: str) -> None:
            try:
                await asyncio.wait_for(pilot.pause(), 10)
            except TimeoutError:
                raise AssertionError(f"the kiosk stopped handling its messages after {what}") from None
            assert app.crash is None, app.crash

        for kind, arg in steps:
            if kind == "keys":
                await pilot.press(*arg)
            elif kind == "log in" and isinstance(app.screen, WelcomeScreen) and app.visit is None:
                if arg:
                    await pilot.click(f"#lang-{OTHER}")
                app.screen.query_one("#code").focus()
                await pilot.press(*CODE, "enter", *PIN, "enter")
            elif kind == "idle":
                app.last_input = time.monotonic() - app.idle_seconds - 1
                deadline = time.monotonic() + 10
                while not (len(app.screen_stack) == 1 and app.visit is None):
                    assert time.monotonic() < deadline, f"idle did not bring the start screen: {app.screen}"
                    await pilot.pause(0.05)
                    if app.countdown_until is None and len(app.screen_stack) > 1:
                        app.last_input = time.monotonic() - app.idle_seconds - 1
            await alive(f"{kind} {arg}")


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=5, max_size=30))
def test_hypothesis_walks_never_freeze_the_kiosk(tmp_path_factory, steps):
    asyncio.run(walk(tmp_path_factory.mktemp("walk"), steps))
