"""The terminal handed to the participant: their own reading in the kiosk's
screens, nothing of the desk on them, the passphrase to get back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.reading import ENTRY_HANDOVER
from skapa_tui.storage import Store
from skapa_tui.ui.messages import HandOverRequested
from skapa_tui.ui.screens.caseload import CaseloadScreen
from skapa_tui.ui.screens.confirm import ConfirmScreen
from skapa_tui.ui.screens.dialog import DialogScreen
from skapa_tui.ui.screens.lock import LockScreen
from skapa_tui.ui.screens.review import ReviewScreen
from skapa_tui.ui.screens.still_there import StillThereScreen
from skapa_tui.ui.screens.thanks import ThanksScreen
from skapa_tui.ui.widgets.choices import ChoiceRow

from .desk_helpers import LANG, LANGS, ME, MY_PASSPHRASE, make_app, make_store, rendered_text, signed_in, t, wait_for
from .kiosk_helpers import answer, answer_all, screen_texts, shipped_flow, spread_answers
from .kiosk_pty import said_n

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


async def test_idle_during_a_hand_over_asks_first_then_locks(tmp_path):
    """As at the kiosk: "are you still there?" with a countdown that says the
    truth (the screen locks), and only then the lock; the answers are kept."""
    from skapa_tui.domain.reading import today

    from .desk_helpers import go_idle

    app = make_app(make_store(tmp_path, "P-1"), clock=today, countdown_seconds=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        await hand_over(pilot, "P-1")
        item = await answer(pilot, "2")
        go_idle(app)
        await wait_for(pilot, lambda: isinstance(app.screen, StillThereScreen)
                       and t(LANG, "Are you still there?") in screen_texts(app), "are you still there?")
        said = screen_texts(app)
        assert t(LANG, "Are you still there?") in said and t(LANG, "Your answers are saved.") in said
        lines = {line.strip() for line in said.splitlines()}
        assert countdowns(LANG, "In {n} second the screen locks.", "In {n} seconds the screen locks.", 1) & lines
        assert not countdowns(LANG, "In {n} second the screen goes back to the start.",
                              "In {n} seconds the screen goes back to the start.", 30) & lines
        assert app.handover == "P-1" and not app.locked
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        assert app.handover is None and app.visit is None and app.countdown_until is None
        assert not any(isinstance(s, (StillThereScreen, DialogScreen)) for s in app.screen_stack)
        await pilot.press(*MY_PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the desk again")
    [reading] = Store(tmp_path).readings("P-1")
    assert reading.answers[item].value == 2 and reading.completed_at is None


async def test_a_key_on_the_countdown_gives_the_participant_their_time_back(tmp_path):
    from textual import events

    from skapa_tui.domain.reading import today

    from .desk_helpers import go_idle

    app = make_app(make_store(tmp_path, "P-1"), clock=today, countdown_seconds=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        await hand_over(pilot, "P-1")
        dialog = app.screen
        go_idle(app)
        await wait_for(pilot, lambda: isinstance(app.screen, StillThereScreen), "are you still there?")
        countdown = app.screen
        for key in ("x", "y"):  # together: the countdown closes once, and the chat stays
            countdown.post_message(events.Key(key, key))
        await wait_for(pilot, lambda: app.screen is dialog, "the chat again")
        await pilot.pause()
        assert app.handover == "P-1" and app.countdown_until is None and not app.locked
        item = await answer(pilot, "5")  # and it goes on where it was
    [reading] = Store(tmp_path).readings("P-1")
    assert reading.answers[item].value == 5


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_a_follow_up_at_a_hand_over_is_the_kiosks_chat(tmp_path, lang):
    """What the participant chose last time and when, before each question;
    a line about the change after each answer; nothing preselected; the
    question before sending with answers missing; at the thanks their own
    answers over time and, said as it is, the screen back to the supervisor."""
    from skapa_tui.domain.reading import today
    from skapa_tui.logic.recall import STAYED, WENT_DOWN, WENT_UP, fmt_day
    from skapa_tui.ui.widgets.own_answers import OwnAnswers

    from .kiosk_helpers import chat_texts

    store = make_store(tmp_path, "P-1")
    earlier = today() - timedelta(days=91)
    first, second, third = FLOW.questions[:3]
    paper_reading(store, "P-1", earlier, {first.id: 3, second.id: 3, third.id: 3})
    app = make_app(store, lang=lang, clock=today, thanks_seconds=600)  # the thanks waits for the test's keys
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        await hand_over(pilot, "P-1")
        said = chat_texts(app)
        recall = said[-1]
        assert fmt_day(earlier, lang) in recall and t(lang, first.anchor(3).text) in recall
        assert not [r for r in app.screen.query(ChoiceRow) if r.display and r.has_class("-chosen")]
        await answer(pilot, "4")
        assert {t(lang, m) for m in WENT_UP} & set(chat_texts(app))
        await answer(pilot, "3")
        assert {t(lang, m) for m in STAYED} & set(chat_texts(app))
        await answer(pilot, "1")
        assert {t(lang, m) for m in WENT_DOWN} & set(chat_texts(app))
        await wait_for(pilot, lambda: app.visit.dialog._shown is not None, "the fourth question")
        assert await pilot.click("#review")
        await wait_for(pilot, lambda: review_ready(app), "the review")
        assert app.handover == "P-1"
        await answer_left(pilot)  # seven questions without an answer: asked first, then answered
        await wait_for(pilot, lambda: review_ready(app), "the review, all answered")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
        thanks = rendered_text(app)
        assert t(lang, "Please give the screen back to your supervisor.") in thanks
        assert t(lang, "Here you can see your answers over time.") in thanks
        assert app.screen.query(OwnAnswers)
        assert not countdowns(lang, "In {n} second the screen goes back to the start.",
                              "In {n} seconds the screen goes back to the start.", 30) & {
            line.strip() for line in thanks.splitlines()}
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
    [_, reading] = Store(tmp_path).readings("P-1")
    assert reading.completed_at is not None and reading.entry == ENTRY_HANDOVER
    assert [reading.answers[q.id].value for q in (first, second, third)] == [4, 3, 1]


async def answer_left(pilot) -> None:
    """From the review's question "answer them": each question left, answered with 2."""
    app = pilot.app
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen.focused is not None,
                   "the question before sending")
    await pilot.press("enter")  # "Answer them"
    while True:
        await wait_for(pilot, lambda: review_ready(app)
                       or (isinstance(app.screen, DialogScreen) and app.visit.dialog._shown is not None),
                       "a question or the review")
        if isinstance(app.screen, ReviewScreen):
            return
        await answer(pilot, "2")


def review_ready(app) -> bool:
    """The review is on screen and takes keys (a row has the focus): an Enter
    pressed before that, on a busy machine, is not the review's."""
    return isinstance(app.screen, ReviewScreen) and app.screen.focused is not None


def countdowns(lang: str, singular: str, plural: str, most: int) -> set[str]:
    """The countdown's line as ``lang`` says it, for every second from 0 to ``most``."""
    return {said_n(lang, singular, plural, n) for n in range(most + 1)}


def paper_reading(store: Store, code: str, day, values: dict) -> None:
    """A sent reading of the participant's own form, typed in from paper for ``day``."""
    from skapa_tui.domain.reading import ENTRY_PAPER, Answer, now

    reading = store.start_reading(code, flow=FLOW.id, flow_version=FLOW.version, role=PARTICIPANT,
                                  rater=None, entry=ENTRY_PAPER, entered_by=ME, meeting_date=day, lang=LANG)
    for item, value in values.items():
        q = FLOW.question(item)
        store.save_answer(code, reading.id, Answer(q.id, q.indicator, value, now()), None)
    store.complete_reading(code, reading.id)


async def test_a_reading_begun_at_the_kiosk_goes_on_at_the_hand_over(tmp_path):
    """As the kiosk itself would: welcome back, on from where they stopped, the same reading."""
    from skapa_tui.domain.reading import ENTRY_KIOSK, Answer, now, today

    from .kiosk_helpers import chat_texts

    store = make_store(tmp_path, "P-1")
    begun = store.start_reading("P-1", flow=FLOW.id, flow_version=FLOW.version, role=PARTICIPANT, rater=None,
                                entry=ENTRY_KIOSK, entered_by=None, meeting_date=today(), lang=LANG)
    first, second, third = FLOW.questions[:3]
    for q, value in ((first, 5), (second, 4)):
        store.save_answer("P-1", begun.id, Answer(q.id, q.indicator, value, now()), third.id)
    app = make_app(store, clock=today)
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        await hand_over(pilot, "P-1")
        assert app.visit.reading.id == begun.id and app.visit.dialog.state == third.id
        assert t(LANG, FLOW.messages["welcome_back"]) in chat_texts(app)
        await answer_all(pilot, "3")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
    [reading] = Store(tmp_path).readings("P-1")
    assert reading.id == begun.id and reading.completed_at is not None and reading.entry == ENTRY_KIOSK
    assert [reading.answers[q.id].value for q in (first, second, third)] == [5, 4, 3]


async def test_a_break_at_the_hand_over_goes_on_at_the_kiosk(tmp_path):
    from skapa_tui.domain.reading import today
    from skapa_tui.resources import flow_library
    from skapa_tui.ui.kiosk_app import KioskApp

    from .kiosk_helpers import log_in, wait_for_question

    app = make_app(make_store(tmp_path, "P-1"), clock=today)
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        await hand_over(pilot, "P-1")
        item = await answer(pilot, "2")
        await wait_for(pilot, lambda: app.visit.dialog._shown is not None, "the next question")
        assert await pilot.click("#pause")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
    [begun] = Store(tmp_path).readings("P-1")
    kiosk = KioskApp(Store(tmp_path), flow_library(), lang=LANG, settle=0.0)
    async with kiosk.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "P-1", "1234")
        assert await wait_for_question(pilot) == FLOW.questions[1].id
        assert kiosk.visit.reading.id == begun.id
    [reading] = Store(tmp_path).readings("P-1")
    assert reading.answers[item].value == 2 and reading.entry == ENTRY_HANDOVER
