"""The participant's screens outside the kiosk: another `SkapaApp` (as a
supervisor's hand-over will be) shows the dialog, the review and the thanks
and decides itself what sending, a break and the end of the thanks mean.

The stand-in app has none of the kiosk's methods (open_visit, take_break,
start_over, welcome): a screen that still called one would crash it.
"""

from __future__ import annotations

from textual.screen import Screen

from skapa_tui.logic.visit import Visit
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.app_base import SkapaApp
from skapa_tui.ui.kiosk_app import KioskApp
from skapa_tui.ui.messages import AnswersSent, BreakTaken, ThanksDone
from skapa_tui.ui.screens.dialog import DialogScreen
from skapa_tui.ui.screens.thanks import ThanksScreen

from .kiosk_helpers import (
    CODE,
    LANG,
    OTHER,
    answer,
    answer_all,
    chat_texts,
    make_store,
    shipped_flow,
    spread_answers,
    tr,
    wait_for,
    wait_for_question,
)

FLOW = shipped_flow()
QUESTIONS = [q.id for q in FLOW.questions]


class HandOver(SkapaApp):
    """The participant answers on another app's terminal; then it takes the terminal back."""

    NAME = "skapa hand-over (test)"

    def __init__(self, store: Store, lang: str = LANG):
        super().__init__(lang=lang)
        self.store = store
        self.heard: list[str] = []
        self.visit: Visit | None = None

    def on_mount(self) -> None:
        self.visit = Visit.open(self.store, CODE, flow_library(), FLOW.id, self.lang, settle=0.0,
                                on_trouble=self.tell_save_trouble)
        self.push_screen(DialogScreen(self.visit, saving=self.saving))

    def on_answers_sent(self, message: AnswersSent) -> None:
        assert message.dialog is self.visit.dialog
        self.heard.append("sent")
        with self.saving():
            self.visit.send()
            self.switch_screen(ThanksScreen(FLOW, 60, settle=0.0))
            return
        message.screen.not_sent()

    def on_break_taken(self, message: BreakTaken) -> None:
        assert message.dialog is self.visit.dialog
        self.heard.append("break")
        self.pop_screen()

    def on_thanks_done(self, message: ThanksDone) -> None:
        self.heard.append("thanks done")
        self.pop_screen()


def test_the_stand_in_has_none_of_the_kiosks_methods():
    for name in ("open_visit", "take_break", "start_over", "welcome"):
        assert hasattr(KioskApp, name) and not hasattr(HandOver, name), name


async def test_another_app_sends_the_answers_and_takes_the_terminal_back(tmp_path):
    app = HandOver(make_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_for_question(pilot) == QUESTIONS[0]
        assert chat_texts(app)[0] == tr(LANG, FLOW.messages["greeting"])
        keys, values = spread_answers(FLOW)
        await answer_all(pilot, keys)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen) is Screen, "the app's own screen again")
        assert app.heard == ["sent", "thanks done"]
        assert app.is_running and app.crash is None
    [session] = Store(tmp_path).readings(CODE)
    assert session.completed_at is not None
    assert [session.answers[i].value for i in QUESTIONS] == values


async def test_another_app_decides_what_a_break_means(tmp_path):
    app = HandOver(make_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        item = await answer(pilot, "3")
        await wait_for_question(pilot)
        await pilot.click("#pause")
        await wait_for(pilot, lambda: type(app.screen) is Screen, "the app's own screen again")
        assert app.heard == ["break"] and app.crash is None
    [session] = Store(tmp_path).readings(CODE)
    assert session.answers[item].value == 3 and session.completed_at is None


async def test_the_language_switch_works_in_another_app(tmp_path):
    app = HandOver(make_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        item = await wait_for_question(pilot)
        await pilot.click(f"#lang-{OTHER}")
        await wait_for(pilot, lambda: tr(OTHER, FLOW.question(item).text) in chat_texts(app), OTHER)
        assert app.lang == OTHER and app.crash is None
