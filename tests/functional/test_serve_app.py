"""The kiosk's and the desk's apps as a browser tab runs them (`skapa_tui.serve.web_app`),
headless in this process (issue 15):

- focus as in the terminal: the web driver's blur as the app starts is
  taken back, so the welcome's code field has the focus and the first keys
  land in it; a blur the page reports later counts, and the focus comes back
  with the page's;
- on a touch screen every tap target of the kiosk's screens is at least two
  rows high, and without touch (the terminal, a mouse) nothing changes;
- the desk's summary in a browser goes to Textual's deliver_binary, named by
  the date, and nothing is written on the server's disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Button, Input

from skapa_tui.resources import flow_library
from skapa_tui.serve.web_app import web_app
from skapa_tui.ui.kiosk_app import KioskApp
from skapa_tui.ui.screens.dialog import DialogScreen
from skapa_tui.ui.screens.review import ReviewRow
from skapa_tui.ui.screens.thanks import ThanksScreen
from skapa_tui.ui.widgets.choices import ChoiceRow
from skapa_tui.ui.widgets.language_switch import LanguageSwitch
from skapa_tui.ui.widgets.log_in import LogIn

from .kiosk_helpers import LANG, answer_all, log_in, make_store, wait_for, wait_for_question

TAPPED = (Button, LogIn, LanguageSwitch, ChoiceRow, ReviewRow)
"""What a finger taps on the kiosk's screens."""


def kiosk(data: Path, cls=KioskApp, **options):
    options.setdefault("settle", 0.0)
    return cls(make_store(data), flow_library(), lang=LANG, **options)


def focused_id(app) -> str | None:
    return getattr(app.focused, "id", None)


async def test_the_drivers_first_blur_is_taken_back_and_keys_land_in_the_code(tmp_path):
    app = kiosk(tmp_path / "data", web_app(KioskApp))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: focused_id(app) == "code", "the code field")
        app.post_message(events.AppBlur())  # what Textual's web driver does as the app starts
        await wait_for(pilot, lambda: app.app_focus and focused_id(app) == "code", "the focus back")
        await pilot.press(*"AB")
        assert app.query_one("#code", Input).value == "AB"
        # later blurs are the page's: the app is blurred until the page has the focus again
        app.post_message(events.AppBlur())
        await wait_for(pilot, lambda: not app.app_focus and app.focused is None, "the page's blur")
        app.post_message(events.AppFocus())
        await wait_for(pilot, lambda: focused_id(app) == "code", "the focus with the page's")


async def test_the_focus_comes_to_a_new_screens_first_field_when_the_page_gives_it(tmp_path):
    app = kiosk(tmp_path / "data", web_app(KioskApp))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: focused_id(app) == "code", "the code field")
        app.post_message(events.AppBlur())
        await wait_for(pilot, lambda: focused_id(app) == "code", "the driver's blur taken back")
        await log_in(pilot)
        await wait_for_question(pilot)
        app.post_message(events.AppBlur())  # the page lost the focus
        await wait_for(pilot, lambda: app.focused is None, "blurred")
        app.take_break()  # meanwhile the person left: a fresh welcome
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "the welcome")
        assert not app.app_focus
        app.post_message(events.AppFocus())
        await wait_for(pilot, lambda: app.app_focus and focused_id(app) == "code", "the code field")


def too_small(app) -> list[str]:
    """Tap targets on screen less than two rows high."""
    return [f"{type(w).__name__}#{w.id} {w.region.height} rows" for w in app.screen.query("*")
            if isinstance(w, TAPPED) and w.display and w.region.height and w.region.height < 2]


async def visit_every_screen(app, pilot, check) -> None:
    await wait_for(pilot, lambda: focused_id(app) == "code", "the welcome")
    await pilot.pause()
    check("welcome")
    await log_in(pilot)
    await wait_for_question(pilot)
    await wait_for(pilot, lambda: isinstance(app.screen, DialogScreen)
                   and any(r.display for r in app.screen.query(ChoiceRow)), "the answers")
    await pilot.pause()
    check("question")
    await answer_all(pilot, "3")
    await pilot.pause()
    check("review")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
    await pilot.pause()
    check("thanks")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_on_a_touch_screen_every_tap_target_is_two_rows_high(tmp_path, size):
    app = kiosk(tmp_path / "data", web_app(KioskApp, touch=True))
    found: dict[str, list[str]] = {}

    def check(screen: str) -> None:
        assert any(isinstance(w, TAPPED) for w in app.screen.query("*")), screen
        found[screen] = too_small(app)

    async with app.run_test(size=size) as pilot:
        await visit_every_screen(app, pilot, check)
    assert found == {name: [] for name in ("welcome", "question", "review", "thanks")}


async def test_without_touch_the_layout_is_the_terminals(tmp_path):
    sizes = {}
    for cls in (KioskApp, web_app(KioskApp)):
        app = kiosk(tmp_path / cls.__name__, cls)
        seen: list[tuple[str, int]] = []

        def check(screen: str, app=app, seen=seen) -> None:
            seen.extend((f"{screen}:{type(w).__name__}#{w.id}", w.region.height)
                        for w in app.screen.query("*") if isinstance(w, TAPPED) and w.display)

        async with app.run_test(size=(80, 24)) as pilot:
            await visit_every_screen(app, pilot, check)
        sizes[cls] = seen
    assert sizes[KioskApp] == sizes[web_app(KioskApp)]
    assert any(height == 1 for _name, height in sizes[KioskApp]), "the terminal has one-row targets"


async def test_in_a_browser_the_summary_goes_to_the_browser(tmp_path, monkeypatch):
    from skapa_tui.ui.screens.participant import ParticipantScreen
    from skapa_tui.ui.screens.summary_save import SummarySaveScreen
    from skapa_tui.ui.supervisor_app import SupervisorApp

    from .desk_helpers import ME, MY_PASSPHRASE, sign_in
    from .desk_helpers import make_store as desk_store

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    store = desk_store(tmp_path / "data", "AB12")
    cls = web_app(SupervisorApp)
    monkeypatch.setattr(cls, "is_web", property(lambda self: True))
    delivered: list[tuple[bytes, dict]] = []

    def deliver_binary(self, path_or_file, **options):
        delivered.append((path_or_file.read(), options))
        return "0" * 32

    monkeypatch.setattr(cls, "deliver_binary", deliver_binary)
    app = cls(store, flow_library(), lang=LANG, settle=0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, ME, MY_PASSPHRASE)
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CaseloadScreen", "the caseload")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the participant")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SummarySaveScreen), "the summary")
        await pilot.pause()
        assert not app.screen.query("#path")  # no file on the server to name
        assert focused_id(app) == "save"
        await pilot.press("enter")
        await wait_for(pilot, lambda: delivered, "the delivery")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the page again")
    [(data, options)] = delivered
    assert data.startswith(b"%PDF")
    assert options["mime_type"] == "application/pdf"
    assert options["save_filename"].startswith("skapa-summary-") and "AB12" not in options["save_filename"]
    assert list(home.rglob("*.pdf")) == [] and list(tmp_path.rglob("*.pdf")) == []


async def test_the_apps_own_start_runs_once(tmp_path, monkeypatch):
    calls = []
    original = KioskApp.on_mount
    monkeypatch.setattr(KioskApp, "on_mount", lambda self: (calls.append(1), original(self)))
    app = kiosk(tmp_path / "data", web_app(KioskApp))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: focused_id(app) == "code", "the welcome")
    assert calls == [1]
