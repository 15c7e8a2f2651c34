"""SVG snapshots of every kiosk screen, at 60x20, 80x24 and 120x40, in every language.

The screens: the welcome, a question, the review with questions left
without an answer, the question before sending those, the thanks with the
person's own answers over time, and "are you still there?".

`snap_compare` is synchronous: these are plain `def` tests driven with
`run_before`. Dates and countdowns are held still: the store's today is
fixed, and the clocks the countdowns read are frozen. Update with `pytest
--snapshot-update` after a wanted change and look at the pictures before
committing them.
"""

from __future__ import annotations

import types
from datetime import UTC, date, datetime, timedelta

import pytest

from skapa_tui.domain import reading as reading_module
from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.reading import ENTRY_PAPER, Answer
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.kiosk_app import KioskApp
from skapa_tui.ui.screens.confirm import ConfirmScreen
from skapa_tui.ui.screens.review import ReviewScreen
from skapa_tui.ui.screens.still_there import StillThereScreen
from skapa_tui.ui.screens.thanks import ThanksScreen

from .kiosk_helpers import (
    CODE,
    LANGS,
    PIN,
    answer,
    answer_all,
    log_in,
    make_app,
    shipped_flow,
    spread,
    wait_for,
    wait_for_question,
)

SIZES = [(60, 20), (80, 24), (120, 40)]
TODAY = date(2026, 12, 5)
EARLIER = TODAY - timedelta(days=91)
FROZEN = 1000.0
"""What the countdowns' clocks say, for ever."""
FLOW = shipped_flow()
size_id = lambda s: f"{s[0]}x{s[1]}"  # noqa: E731


@pytest.fixture
def still_clocks(monkeypatch):
    """Today is TODAY for the store, and the countdowns' clocks stand still."""
    monkeypatch.setattr(reading_module, "today", lambda: TODAY)
    monkeypatch.setattr(reading_module, "now", lambda: datetime(2026, 12, 5, 10, 0, tzinfo=UTC))
    from skapa_tui.ui import kiosk_app
    from skapa_tui.ui.screens import still_there, thanks

    frozen = types.SimpleNamespace(monotonic=lambda: FROZEN)
    for module in (kiosk_app, still_there, thanks):
        monkeypatch.setattr(module, "time", frozen)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
@pytest.mark.parametrize("lang", LANGS)
def test_welcome(snap_compare, tmp_path, lang, size):
    assert snap_compare(make_app(tmp_path, lang), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
@pytest.mark.parametrize("lang", LANGS)
def test_question(snap_compare, tmp_path, lang, size, still_clocks):
    async def run_before(pilot):
        await log_in(pilot)
        await answer(pilot, "4")
        await wait_for_question(pilot)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path, lang), terminal_size=size, run_before=run_before)


async def _review_with_unanswered(pilot) -> None:
    app = pilot.app
    await log_in(pilot)
    await answer(pilot, "2")
    await answer(pilot, "0")
    await wait_for_question(pilot)
    await pilot.click("#review")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")


@pytest.mark.parametrize("size", SIZES, ids=size_id)
@pytest.mark.parametrize("lang", LANGS)
def test_review_with_unanswered(snap_compare, tmp_path, lang, size, still_clocks):
    async def run_before(pilot):
        await _review_with_unanswered(pilot)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path, lang), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
@pytest.mark.parametrize("lang", LANGS)
def test_confirm_before_sending_unanswered(snap_compare, tmp_path, lang, size, still_clocks):
    async def run_before(pilot):
        await _review_with_unanswered(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "the question")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path, lang), terminal_size=size, run_before=run_before)


def follow_up(tmp_path) -> Store:
    """A participant with an earlier reading of their own, three months ago."""
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", "a long passphrase")
    store.add_participant(CODE, PIN, supervisor="anna")
    reading = store.start_reading(CODE, flow=FLOW.id, flow_version=FLOW.version, role=PARTICIPANT, rater=None,
                                  entry=ENTRY_PAPER, entered_by="anna", meeting_date=EARLIER, lang="sv")
    for q, value in zip(FLOW.questions, [3, 2, 4, 1, 3, 5, 2, 3, 4, 2]):
        store.save_answer(CODE, reading.id, Answer(q.id, q.indicator, value, reading_module.now()), None)
    store.complete_reading(CODE, reading.id)
    return store


@pytest.mark.parametrize("size", SIZES, ids=size_id)
@pytest.mark.parametrize("lang", LANGS)
def test_thanks_with_own_answers(snap_compare, tmp_path, lang, size, still_clocks):
    async def run_before(pilot):
        await log_in(pilot)
        await answer_all(pilot, [str(v) for v in spread(len(FLOW.questions))])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ThanksScreen), "the thanks")
        await pilot.pause()

    app = KioskApp(follow_up(tmp_path), flow_library(), lang=lang, settle=0.0, thanks_seconds=60)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
@pytest.mark.parametrize("lang", LANGS)
def test_still_there(snap_compare, tmp_path, lang, size, still_clocks):
    async def run_before(pilot):
        app = pilot.app
        await log_in(pilot)
        await wait_for_question(pilot)
        app.last_input = FROZEN - app.idle_seconds - 1  # idle, by the app's frozen clock
        await wait_for(pilot, lambda: isinstance(app.screen, StillThereScreen), "are you still there?")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path, lang, countdown_seconds=30), terminal_size=size,
                        run_before=run_before)
