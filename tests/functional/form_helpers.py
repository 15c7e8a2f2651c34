"""A stand-in desk app for the form, quick entry and correction screens.

The real `SupervisorApp` is built elsewhere; these tests drive the screens
in a small `SkapaApp` over a real data folder, a real `Desk` (with a fixed
clock, so dates on screen are stable) and the shipped flows and catalogs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.screen import Screen

from skapa_tui import i18n
from skapa_tui.domain.flow import MULTIPLE_ANSWER, SCALE_ANSWER, SINGLE_ANSWER, Flow, Question
from skapa_tui.domain.indicators import SUPERVISOR
from skapa_tui.logic.desk import Desk
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.app_base import SkapaApp
from skapa_tui.ui.screens.correction import CorrectionScreen
from skapa_tui.ui.screens.form import FormReviewScreen, FormScreen
from skapa_tui.ui.screens.quick_entry import QuickEntryScreen
from skapa_tui.ui.supervisor_app import SupervisorApp

from .kiosk_helpers import wait_for  # noqa: F401  (re-exported)

SUPERVISOR_ID, PASSPHRASE, CODE = "eva", "a long passphrase", "ANNA-7"
TODAY = date(2026, 11, 20)
"""The desk's today in these tests (a fixed day before the real one: the store refuses future dates)."""
LANGS = i18n.offered_languages()
LANG = i18n.DEFAULT_LANGUAGE
OTHER = next(lang for lang in LANGS if lang != LANG)


def fix_today(monkeypatch) -> None:
    """The store's today is the desk's: live readings are dated TODAY."""
    from skapa_tui.domain import reading

    monkeypatch.setattr(reading, "today", lambda: TODAY)


def make_store(data: Path) -> Store:
    store = Store(data)
    store.add_supervisor(SUPERVISOR_ID, PASSPHRASE, name="Eva")
    store.add_participant(CODE, "4321", supervisor=SUPERVISOR_ID)
    return store


def make_desk(data: Path, store: Store | None = None) -> Desk:
    store = store or make_store(data)
    library = flow_library()
    return Desk(store, store.supervisor(SUPERVISOR_ID), library, library.guide(), clock=lambda: TODAY)


def form_flow(role: str = SUPERVISOR) -> Flow:
    return flow_library().current(Desk.FLOWS[role])


def of_kind(flow: Flow, kind: str) -> Question:
    return next(q for q in flow.questions if q.answer == kind)


def key_for(question: Question, n: int) -> tuple[list[str], object]:
    """Keys that answer ``question`` (``n`` picks which answer) and the value stored."""
    if question.answer == SCALE_ANSWER:
        value = question.anchors[n % len(question.anchors)].value
        return [str(value)], value
    if question.answer == SINGLE_ANSWER:
        k = n % len(question.options)
        return [str(k + 1)], question.options[k].id
    assert question.answer == MULTIPLE_ANSWER
    picks = sorted({n % len(question.options), (n + 2) % len(question.options)})
    return [str(k + 1) for k in picks] + ["enter"], tuple(question.options[k].id for k in picks)


class DeskStandIn(SkapaApp):
    """Opens a reading through the desk and shows it in the form; or a modal.
    With the desk's styles: the desk's screens have theirs in its stylesheet."""

    NAME = "skapa desk (test)"
    CSS_PATH = SupervisorApp.CSS_PATH

    def __init__(self, desk: Desk, *, lang: str = LANG, role: str = SUPERVISOR, start: str = "form"):
        super().__init__(lang=lang)
        self.desk = desk
        self.role = role
        self.start = start
        self.results: list[object] = []
        self.visit = None

    def on_mount(self) -> None:
        self.push_screen(Screen())
        if self.start == "form":
            self.open_form(self.role)
        elif self.start == "quick":
            self.push_screen(QuickEntryScreen(self.desk, CODE), self.after_quick_entry)
        elif self.start == "correction":
            self.push_screen(CorrectionScreen(self.desk, CODE), self.results.append)

    def open_form(self, role: str, *, paper: bool = False, day: date | None = None) -> None:
        self.visit = self.desk.open_reading(CODE, role=role, paper=paper, meeting_date=day,
                                            lang=self.lang, on_trouble=self.tell_save_trouble)
        self.push_screen(FormScreen(self.visit, saving=self.saving), self.results.append)

    def after_quick_entry(self, result) -> None:
        self.results.append(result)
        if result is not None:
            role, day = result
            self.open_form(role, paper=True, day=day)


def tr(lang: str, msgid: str) -> str:
    return i18n.translation(lang).gettext(msgid) if lang != "en" else msgid


async def wait_asked(pilot, item: str | None = None) -> str:
    """Wait until the form shows a question (``item`` when given); return its id."""
    app = pilot.app

    def ready():
        screen = app.screen
        return isinstance(screen, FormScreen) and screen.asked is not None and (
            item is None or screen.asked == item)

    await wait_for(pilot, ready, f"question {item or ''}")
    return app.screen.asked


async def wait_review(pilot) -> FormReviewScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FormReviewScreen), "the review")
    return pilot.app.screen


async def answer_form(pilot, flow: Flow, start: int = 0) -> dict[str, object]:
    """Answer every question from the current one on; return what should be stored."""
    expected = {}
    questions = list(flow.questions)
    while True:
        item = await wait_asked(pilot)
        question = flow.question(item)
        keys, value = key_for(question, questions.index(question) + start)
        for key in keys:
            await pilot.press(key)
        expected[item] = value
        await wait_for(pilot, lambda item=item: isinstance(pilot.app.screen, FormReviewScreen)
                       or pilot.app.screen.asked != item, f"past {item}")
        if isinstance(pilot.app.screen, FormReviewScreen):
            return expected
