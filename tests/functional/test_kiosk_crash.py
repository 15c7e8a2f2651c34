"""A bug in the kiosk: logged privately, never shown, and the kiosk starts again.

The real `run_kiosk` runs headless on a real data folder; an ``auto_pilot``
drives each app it starts (the restart loop makes a fresh app after a
crash, so the pilot is called once for each). A bug is injected by
monkeypatching a screen's handler to raise.

These tests also pin what the kiosk relies on in Textual's private
`App._handle_exception` (see `SkapaApp._handle_exception`): that every
unhandled error goes through it, that it ends the app with return_code 1,
and that Textual prints its traceback on ``app.error_console``. A Textual
upgrade that changes any of this fails them.
"""

from __future__ import annotations

import os
import stat
import time

import pytest
from textual.widgets import Input

from skapa_tui import __version__, i18n
from skapa_tui.storage import Store
from skapa_tui.ui.kiosk_app import KioskApp, run_kiosk
from skapa_tui.ui.restart import CRASHES, KioskStopped
from skapa_tui.ui.screens.dialog import DialogScreen
from skapa_tui.ui.screens.welcome import WelcomeScreen

from .kiosk_helpers import (
    CODE,
    LANG,
    OTHER,
    PIN,
    answer,
    log_in,
    screen_texts,
    shipped_flow,
    tr,
    wait_for,
    wait_for_question,
)

QUESTIONS = [q.id for q in shipped_flow().questions]
BUG = "an injected bug"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def log_of(data):
    return data / "logs" / "kiosk-errors.log"


@pytest.fixture
def data(tmp_path):
    data = tmp_path / "data"
    Store(data).add_participant(CODE, PIN)
    return data


@pytest.fixture
def loose_umask():
    """The log must be private even when the umask lets everyone read."""
    old = os.umask(0o000)
    yield
    os.umask(old)


def pilots(*steps):
    """An auto_pilot that runs ``steps[n]`` on the n-th app the kiosk starts;
    ``apps`` lists those apps."""
    apps: list[KioskApp] = []

    async def auto_pilot(pilot) -> None:
        app = pilot.app
        apps.append(app)
        app.settle = 0.0  # answers count at once (as kiosk_helpers.make_app does)
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "code", "the welcome")
        await steps[len(apps) - 1](pilot)

    return auto_pilot, apps


async def crashed(pilot) -> None:
    """Wait until the bug has ended the app."""
    await wait_for(pilot, lambda: pilot.app.crash is not None, "the bug to end the app")


def no_traceback_shown(capfd) -> None:
    shown = capfd.readouterr()
    for text in (shown.out, shown.err):
        assert "Traceback" not in text and BUG not in text, text[-2000:]


def test_a_bug_in_a_handler_is_logged_and_the_kiosk_starts_again(data, monkeypatch, capfd, loose_umask):
    choose = DialogScreen.choose
    calls = []

    def choose_with_a_bug(self, value):
        calls.append(value)
        if len(calls) == 3:
            raise RuntimeError(BUG)
        return choose(self, value)

    monkeypatch.setattr(DialogScreen, "choose", choose_with_a_bug)

    async def first(pilot):
        app = pilot.app
        await pilot.click(f"#lang-{OTHER}")  # the participant's language is not the kiosk's
        await wait_for(pilot, lambda: app.lang == OTHER, OTHER)
        await log_in(pilot)
        await answer(pilot, "3")
        await answer(pilot, "4")
        await wait_for_question(pilot)
        await pilot.press("2")
        await crashed(pilot)

    async def second(pilot):
        app = pilot.app
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1
        assert app.visit is None
        assert (app.lang, i18n.current_language()) == (LANG, LANG)  # the kiosk's language
        assert tr(LANG, "Welcome!") in screen_texts(app)
        assert [field.value for field in app.screen.query(Input)] == ["", ""]
        assert not app.welcome.shows_anything
        await log_in(pilot)
        resumed_at = await wait_for_question(pilot)
        assert resumed_at == QUESTIONS[2]  # the two answers before the crash are kept
        app.exit()

    auto_pilot, apps = pilots(first, second)
    assert run_kiosk(data, LANG, headless=True, size=(100, 30), auto_pilot=auto_pilot) == 0

    assert len(apps) == 2
    assert isinstance(apps[0].crash, RuntimeError) and str(apps[0].crash) == BUG
    assert apps[0].return_code == 1  # Textual ended it as a failure
    assert "Traceback" in apps[0].error_console.file.getvalue()  # what Textual printed went nowhere
    assert apps[1].crash is None and apps[1].return_code == 0

    log = log_of(data)
    assert (mode(log.parent), mode(log)) == (0o700, 0o600)
    text = log.read_text(encoding="utf-8")
    assert text.count(f" skapa {__version__} (process ") == 1
    assert "Traceback (most recent call last):" in text
    assert "in choose_with_a_bug" in text and text.rstrip().endswith(f"RuntimeError: {BUG}")
    no_traceback_shown(capfd)

    [session] = Store(data).readings(CODE)
    assert session.completed_at is None
    assert {item: a.value for item, a in session.answers.items()} == {QUESTIONS[0]: 3, QUESTIONS[1]: 4}


def test_a_bug_at_login_leaves_no_pin_in_the_log_or_on_screen(tmp_path, monkeypatch, capfd):
    data, code, pin = tmp_path / "data", "PIN-CHECK", "86420357"
    Store(data).add_participant(code, pin)

    def check_login_with_a_bug(self, code, pin):
        raise RuntimeError(BUG)

    monkeypatch.setattr(Store, "check_login", check_login_with_a_bug)

    async def first(pilot):
        await log_in(pilot, code, pin)
        await crashed(pilot)

    async def second(pilot):
        assert [field.value for field in pilot.app.screen.query(Input)] == ["", ""]
        pilot.app.exit()

    auto_pilot, apps = pilots(first, second)
    run_kiosk(data, OTHER, headless=True, size=(100, 30), auto_pilot=auto_pilot)

    assert len(apps) == 2
    text = log_of(data).read_text(encoding="utf-8")
    assert "in check_login" in text and f"RuntimeError: {BUG}" in text
    assert pin not in text
    shown = capfd.readouterr()
    assert pin not in shown.out + shown.err
    assert "Traceback" not in shown.out + shown.err


def test_the_same_bug_again_and_again_stops_the_kiosk(data, monkeypatch, capfd):
    def on_mount_with_a_bug(self):
        raise RuntimeError(BUG)

    monkeypatch.setattr(WelcomeScreen, "on_mount", on_mount_with_a_bug, raising=False)

    with pytest.raises(KioskStopped) as stopped:
        run_kiosk(data, LANG, headless=True, size=(100, 30))
    assert stopped.value.log == log_of(data)
    assert log_of(data).read_text(encoding="utf-8").count(f"RuntimeError: {BUG}") == CRASHES
    no_traceback_shown(capfd)


def test_ctrl_q_with_allow_quit_stops_the_kiosk_without_a_restart(data, capfd):
    async def quit_(pilot):
        await pilot.press("ctrl+q")

    auto_pilot, apps = pilots(quit_)
    assert run_kiosk(data, LANG, allow_quit=True, headless=True, size=(100, 30), auto_pilot=auto_pilot) == 0
    assert len(apps) == 1 and apps[0].crash is None and apps[0].return_code == 0
    assert not log_of(data).parent.exists()


def screen_of_a_visit(app: KioskApp, which: str) -> object:
    """A screen the kiosk shows during a visit, new (to be pushed, then popped at once)."""
    from skapa_tui.ui.screens.confirm import ConfirmScreen
    from skapa_tui.ui.screens.review import ReviewScreen
    from skapa_tui.ui.screens.still_there import StillThereScreen
    from skapa_tui.ui.screens.thanks import ThanksScreen

    visit = app.visit
    assert visit is not None
    return {
        "the yes-or-no question": lambda: ConfirmScreen("Are you still there?", "Welcome!", "Yes", "No"),
        "the review": lambda: ReviewScreen(visit, focus=visit.flow.questions[0].id),
        "the questions": lambda: DialogScreen(visit, saving=app.saving),
        "the countdown": lambda: StillThereScreen(until=time.monotonic() + 30),
        "the thanks": lambda: ThanksScreen(visit.flow, 30),
    }[which]()


@pytest.mark.parametrize("which", ["the yes-or-no question", "the review", "the questions", "the countdown",
                                   "the thanks"])
async def test_a_screen_put_away_as_soon_as_it_comes_ends_nothing(tmp_path, which):
    """The random walk found it twice: a key (or going idle) took a screen
    (the yes-or-no question, then the review) away before its content had
    come, and saying its texts on mount then found nothing to say them in
    (NoMatches), which ended the kiosk. Every on_mount stands behind
    `unless_taken_away` now."""
    from .kiosk_helpers import log_in, make_app, wait_for_question

    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await wait_for_question(pilot)
        questions = app.screen
        app.push_screen(screen_of_a_visit(app, which))
        app.pop_screen()
        await pilot.pause(0.2)
        assert app.crash is None and app.is_running
        assert app.screen is questions
