"""The terminal handed to the participant: their own reading in the kiosk's
screens, nothing of the desk on them, the passphrase to get back."""

from __future__ import annotations

from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.reading import ENTRY_HANDOVER
from skapa_tui.storage import Store
from skapa_tui.ui.messages import HandOverRequested
from skapa_tui.ui.screens.caseload import CaseloadScreen
from skapa_tui.ui.screens.dialog import DialogScreen
from skapa_tui.ui.screens.lock import LockScreen
from skapa_tui.ui.screens.thanks import ThanksScreen

from .desk_helpers import ME, MY_PASSPHRASE, make_app, make_store, rendered_text, signed_in, wait_for
from .kiosk_helpers import answer, answer_all, shipped_flow, spread_answers

FLOW = shipped_flow()
QUESTIONS = [q.id for q in FLOW.questions]


async def hand_over(pilot, code: str) -> None:
    app = pilot.app
    app.screen.post_message(HandOverRequested(code))
    await wait_for(pilot, lambda: isinstance(app.screen, DialogScreen)
                   and app.visit is not None and app.visit.dialog._shown is not None, "the participant's question")


async def test_the_participant_answers_as_their_own_reading_and_the_passphrase_takes_it_back(tmp_path):
    from skapa_tui.domain.reading import today

    app = make_app(make_store(tmp_path, "OTHER-1", "P-1"), clock=today)
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        caseload = app.screen
        from textual.widgets import DataTable

        from skapa_tui.i18n import fmt_date

        def p1_date() -> str:
            return str(caseload.query_one(DataTable).get_cell("P-1", "participant"))

        assert p1_date() == "–"
        caseload.poller.pause()  # only the ParticipantChanged after the lock may update it
        await hand_over(pilot, "P-1")
        assert "OTHER-1" not in rendered_text(app)  # nothing of the caseload
        await pilot.press("ctrl+q")  # the participant cannot end the desk
        keys, values = spread_answers(FLOW)
        await answer_all(pilot, keys)
        assert app.is_running
        await pilot.press("enter")  # send from the review
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        assert "OTHER-1" not in rendered_text(app) and "P-1" not in rendered_text(app)
        await pilot.press(*MY_PASSPHRASE, "enter")
        await wait_for(pilot, lambda: app.screen is caseload, "the desk again")
        await wait_for(pilot, lambda: p1_date() == fmt_date(today(), app.lang, "short"), "the page read again")
        assert app.crash is None and app.handover is None
    [reading] = Store(tmp_path).readings("P-1")
    assert reading.completed_at is not None
    assert (reading.role, reading.rater, reading.entry, reading.entered_by) == (PARTICIPANT, None, ENTRY_HANDOVER, ME)
    assert [reading.answers[i].value for i in QUESTIONS] == values


async def test_a_break_saves_and_locks(tmp_path):
    from skapa_tui.domain.reading import today

    app = make_app(make_store(tmp_path, "P-1"), clock=today)
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        await hand_over(pilot, "P-1")
        item = await answer(pilot, "4")
        await wait_for(pilot, lambda: app.visit.dialog._shown is not None, "the next question")
        await pilot.pause()
        assert await pilot.click("#pause")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await pilot.press(*MY_PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the desk again")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, "quit now the desk is the supervisor's")
    [reading] = Store(tmp_path).readings("P-1")
    assert reading.completed_at is None and reading.answers[item].value == 4


async def test_idle_during_a_hand_over_saves_and_locks(tmp_path):
    from skapa_tui.domain.reading import today

    from .desk_helpers import go_idle

    app = make_app(make_store(tmp_path, "P-1"), clock=today)
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        await hand_over(pilot, "P-1")
        item = await answer(pilot, "2")
        go_idle(app)
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        assert app.handover is None and app.visit is None
    [reading] = Store(tmp_path).readings("P-1")
    assert reading.answers[item].value == 2
