"""SVG snapshots of the supervisor's sign-in, caseload and hand-over (the
countdown, the thanks), in each language, at 80x24 and 120x40.

The dates are fixed: readings typed in from paper with their meeting dates,
and the desk's own day (``TODAY``). Update with ``pytest --snapshot-update``
after a wanted change and look at the pictures before committing them.
"""

from __future__ import annotations

from datetime import UTC, date

import pytest
from textual.widgets import DataTable, Input

from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.interventions import JOB_FOCUSED, KINDS, SOCIAL
from skapa_tui.resources import flow_library

from .desk_helpers import COLLEAGUE, LANGS, ME, TODAY, make_app, make_store, signed_in, wait_for

SIZES = [(80, 24), (120, 40)]


def caseload_folder(data):
    store = make_store(data, "ANNA-7", "BO-12", "CARL-3")
    library = flow_library()
    for code, role, day in (("ANNA-7", PARTICIPANT, date(2025, 2, 3)), ("ANNA-7", SUPERVISOR, date(2025, 2, 5)),
                            ("BO-12", PARTICIPANT, date(2024, 10, 1))):
        flow = library.current("participant" if role == PARTICIPANT else "supervisor")
        reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=role,
                                      rater=ME if role == SUPERVISOR else None, entry="paper", entered_by=ME,
                                      meeting_date=day, lang="sv")
        store.complete_reading(code, reading.id)
    job = next(k for k in KINDS if k.group == JOB_FOCUSED)
    social = next(k for k in KINDS if k.group == SOCIAL)
    for kind in (job, social, social):
        store.add_intervention("ANNA-7", kind=kind.id, group=kind.group, text=None, start=date(2025, 2, 5),
                               end=None, responsible=ME, by=ME)
    store.set_follow_up("ANNA-7", date(2025, 5, 5), by=ME)
    store.set_follow_up("BO-12", date(2025, 1, 1), by=ME)
    store.assign("CARL-3", COLLEAGUE, by=None, on=date(2024, 6, 1))
    store.assign("CARL-3", ME, by=ME, on=date(2025, 1, 10))
    return store


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_sign_in(snap_compare, tmp_path, lang, size):
    assert snap_compare(make_app(make_store(tmp_path), lang), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_caseload(snap_compare, tmp_path, lang, size):
    async def run_before(pilot):
        await signed_in(pilot)
        # The filter's cursor blinks every half second: shown for good, or a
        # snapshot taken later than half a second after the focus (on a loaded
        # machine) has it off.
        pilot.app.screen.query_one("#filter", Input).cursor_blink = False
        # The table lays its rows out when idle: wait until it has (a pause ends
        # when the process looks idle, which a starved one on a loaded machine does).
        table = pilot.app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count > 0
                       and table.virtual_size.height == table.row_count + table.header_height, "the rows laid out")

    assert snap_compare(make_app(caseload_folder(tmp_path), lang, clock=lambda: TODAY), terminal_size=size,
                        run_before=run_before)


# --- the terminal handed to the participant -------------------------------------------

FROZEN = 1000.0
"""What the countdowns' clocks say, for ever."""


@pytest.fixture
def handover_clocks(monkeypatch):
    """The store's today is the desk's (a hand-over's reading is dated today), and
    the countdowns' clocks stand still."""
    import types
    from datetime import datetime

    from skapa_tui.domain import reading as reading_module
    from skapa_tui.ui import supervisor_app
    from skapa_tui.ui.screens import still_there, thanks

    monkeypatch.setattr(reading_module, "today", lambda: TODAY)
    monkeypatch.setattr(reading_module, "now", lambda: datetime(2025, 3, 14, 10, 0, tzinfo=UTC))
    frozen = types.SimpleNamespace(monotonic=lambda: FROZEN)
    for module in (supervisor_app, still_there, thanks):
        monkeypatch.setattr(module, "time", frozen)


def follow_up_folder(data):
    """ANNA-7 answered their own form three months ago (typed in from paper)."""
    from datetime import timedelta

    from skapa_tui.domain.reading import Answer, now

    store = make_store(data, "ANNA-7")
    flow = flow_library().current("participant")
    reading = store.start_reading("ANNA-7", flow=flow.id, flow_version=flow.version, role=PARTICIPANT, rater=None,
                                  entry="paper", entered_by=ME, meeting_date=TODAY - timedelta(days=91), lang="sv")
    for q, value in zip(flow.questions, [3, 2, 4, 1, 3, 5, 2, 3, 4, 2]):
        store.save_answer("ANNA-7", reading.id, Answer(q.id, q.indicator, value, now()), None)
    store.complete_reading("ANNA-7", reading.id)
    return store


async def handed_over(pilot) -> None:
    from skapa_tui.ui.messages import HandOverRequested
    from skapa_tui.ui.screens.dialog import DialogScreen

    from .kiosk_helpers import wait_for

    app = pilot.app
    await signed_in(pilot)
    app.screen.post_message(HandOverRequested("ANNA-7"))
    await wait_for(pilot, lambda: isinstance(app.screen, DialogScreen) and app.visit.dialog._shown is not None,
                   "the participant's first question")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_hand_over_still_there(snap_compare, tmp_path, lang, size, handover_clocks):
    """Idle during a hand-over: the kiosk's question, counting down to the lock."""
    from skapa_tui.ui.screens.still_there import StillThereScreen

    from .kiosk_helpers import answer, wait_for

    async def run_before(pilot):
        app = pilot.app
        await handed_over(pilot)
        await answer(pilot, "4")
        await wait_for(pilot, lambda: app.visit.dialog._shown is not None, "the next question")
        app.last_input = FROZEN - app.lock_seconds - 1  # idle, by the app's frozen clock
        await wait_for(pilot, lambda: isinstance(app.screen, StillThereScreen), "are you still there?")
        await pilot.pause()

    assert snap_compare(make_app(follow_up_folder(tmp_path), lang, clock=lambda: TODAY, countdown_seconds=30),
                        terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_hand_over_thanks(snap_compare, tmp_path, lang, size, handover_clocks):
    """Sent at a hand-over: the participant's own answers over time, and the screen back to the supervisor."""
    from skapa_tui.ui.screens.thanks import ThanksScreen

    from .kiosk_helpers import answer_all, spread, wait_for

    async def run_before(pilot):
        app = pilot.app
        await handed_over(pilot)
        await answer_all(pilot, [str(v) for v in spread(10)])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
        await pilot.pause()

    assert snap_compare(make_app(follow_up_folder(tmp_path), lang, clock=lambda: TODAY, thanks_seconds=60),
                        terminal_size=size, run_before=run_before)
