"""The supervisor's conversation, plan and participant page, headless: a real
data folder with two supervisors and a participant, readings stored through
the store as the forms store them, a Desk with a fixed clock, and a small
SkapaApp that shows one screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from textual.screen import Screen
from textual.widgets import Static

from skapa_tui.domain import reading as reading_module
from skapa_tui.domain.flow import Flow
from skapa_tui.domain.indicators import SCALE, SUPERVISOR
from skapa_tui.domain.library import FlowLibrary
from skapa_tui.domain.reading import ENTRY_KIOSK, ENTRY_LIVE, ENTRY_PAPER, Answer, Reading
from skapa_tui.logic.desk import Desk
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.app_base import SkapaApp
from skapa_tui.ui.messages import HandOverRequested, ParticipantChanged
from skapa_tui.ui.supervisor_app import SupervisorApp

from .kiosk_helpers import LANG, LANGS, OTHER, tr, wait_for  # noqa: F401  (re-exported)

CODE, PIN = "ANNA-7", "4321"
ME, COLLEAGUE = "anna", "bo"
PASSPHRASE = "a long passphrase"
TODAY = date(2026, 11, 30)
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def freeze(monkeypatch) -> None:
    """Today is `TODAY` for the store too, and its clock ticks a second a call
    from `AT`: what the screens show does not depend on when the test runs."""
    from datetime import timedelta

    ticks = iter(range(10**6))
    monkeypatch.setattr(reading_module, "today", lambda: TODAY)
    monkeypatch.setattr(reading_module, "now", lambda: AT + timedelta(seconds=next(ticks)))


def make_store(data: Path) -> Store:
    store = Store(data)
    store.add_supervisor(ME, PASSPHRASE, name="Anna Berg")
    store.add_supervisor(COLLEAGUE, PASSPHRASE, name="Bo Lund")
    store.add_participant(CODE, PIN, supervisor=ME, by=ME)
    return store


def make_desk(store: Store, library: FlowLibrary | None = None) -> Desk:
    library = library or flow_library()
    return Desk(store, store.supervisor(ME), library, library.guide(), clock=lambda: TODAY)


def store_reading(store: Store, flow: Flow, values: dict[str, object], *, day: date = TODAY,
                  entry: str | None = None, finished: bool = True, lang: str = LANG) -> Reading:
    """A reading of ``flow`` with ``values`` by item id, stored answer by answer
    through the store as a form stores it (and sent, unless ``finished`` is False)."""
    role = flow.role
    supervisor = role == SUPERVISOR
    if entry is None:
        entry = ENTRY_PAPER if day != TODAY else ENTRY_LIVE if supervisor else ENTRY_KIOSK
    reading = store.start_reading(CODE, flow=flow.id, flow_version=flow.version, role=role,
                                  rater=ME if supervisor else None, entry=entry,
                                  entered_by=None if entry == ENTRY_KIOSK else ME,
                                  meeting_date=day, lang=lang)
    for item, value in values.items():
        store.save_answer(CODE, reading.id, Answer(item, flow.question(item).indicator, value, AT), item)
    if finished:
        return store.complete_reading(CODE, reading.id)
    return reading


def ratings(flow: Flow, by_indicator: dict[str, int | None], default: int | None = 3) -> dict[str, object]:
    """Answers to ``flow``'s rated questions: ``by_indicator``'s value, else ``default``."""
    return {q.id: by_indicator.get(q.indicator, default) for q in flow.questions if q.rates}


class TalkApp(SkapaApp):
    """Shows one of the supervisor's screens and notes what it tells the app.
    With the desk's styles: the desk's screens have theirs in its stylesheet."""

    NAME = "skapa talk (test)"
    CSS_PATH = SupervisorApp.CSS_PATH

    def __init__(self, make_screen: Callable[[], Screen], lang: str = LANG):
        super().__init__(lang=lang)
        self.make_screen = make_screen
        self.heard: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())

    def on_hand_over_requested(self, message: HandOverRequested) -> None:
        self.heard.append(("hand over", message.code))

    def on_participant_changed(self, message: ParticipantChanged) -> None:
        self.heard.append(("changed", message.code))


def texts(screen) -> str:
    """Every Static's text on ``screen``, one per line."""
    return "\n".join(str(w.render()) for w in screen.query(Static))


def scale(n: int) -> int:
    return SCALE[n % len(SCALE)]
