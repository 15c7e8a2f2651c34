"""The participant's kiosk end to end: the real app headless, real data folders, real catalogs."""

from __future__ import annotations

import time

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.engine import REVIEW
from skapa_tui.storage import Store
from skapa_tui.ui.screens.dialog import DialogScreen
from skapa_tui.ui.screens.review import ReviewScreen
from skapa_tui.ui.screens.still_there import StillThereScreen
from skapa_tui.ui.screens.thanks import ThanksScreen
from skapa_tui.ui.screens.welcome import WelcomeScreen
from skapa_tui.ui.widgets.choices import answer_text

from .kiosk_helpers import (
    CODE,
    LANG,
    LANGS,
    OTHER,
    PIN,
    answer,
    answer_all,
    chat_texts,
    go_idle,
    log_in,
    make_app,
    screen_texts,
    shipped_flow,
    spread_answers,
    stored,
    tr,
    wait_for,
    wait_for_question,
)

FLOW = shipped_flow()
QUESTIONS = [q.id for q in FLOW.questions]


def sessions(data):
    return Store(data).readings(CODE)


@pytest.mark.parametrize("lang", LANGS)
async def test_whole_dialog_in_each_language(tmp_path, lang):
    app = make_app(tmp_path, lang, thanks_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        assert tr(lang, "Welcome!") in screen_texts(app)
        assert app.focused is app.screen.query_one("#code", Input)
        await log_in(pilot)
        # the greeting and the first question follow at once, with no key between
        first = await wait_for_question(pilot)
        assert first == QUESTIONS[0]
        chat = chat_texts(app)
        assert chat[0] == tr(lang, FLOW.messages["greeting"])
        assert tr(lang, FLOW.question(first).text) in chat
        keys, values = spread_answers(FLOW)
        for key, value in zip(keys, values):
            item = await answer(pilot, key)
            if app.visit.dialog.state != REVIEW:
                # the chosen answer is echoed as the person's reply
                assert answer_text(FLOW.question(item), value) in chat_texts(app)
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        review = screen_texts(app)
        for item, value in zip(QUESTIONS, values):
            assert answer_text(FLOW.question(item), value) in review
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
        assert tr(lang, FLOW.messages["thanks"]) in screen_texts(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome again")
        # nothing of this person is left on screen
        assert app.screen.query_one("#code", Input).value == ""
        assert app.screen.query_one("#pin", Input).value == ""
        assert len(app.screen_stack) == 1
    [session] = sessions(tmp_path)
    assert session.completed_at is not None and session.lang == lang
    assert session.role == PARTICIPANT and session.flow == FLOW.id and session.flow_version == FLOW.version
    assert [session.answers[i].value for i in QUESTIONS] == values


async def test_each_answer_is_echoed_and_stored_at_once(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        item = await answer(pilot, "4")
        chat = chat_texts(app)
        reply = chat.index(tr(LANG, FLOW.question(item).anchor(4).text))
        assert chat.index(tr(LANG, FLOW.question(item).text)) < reply, "the reply follows its question"
        # stored before anything else happens: read from another Store on the same folder
        [session] = sessions(tmp_path)
        assert session.answers[item].value == 4 and session.completed_at is None


async def test_back_and_skip(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        first = await answer(pilot, "2")
        second = await answer(pilot, "0")  # I'd rather not answer
        assert tr(LANG, "I'd rather not answer") in chat_texts(app)
        third = await wait_for_question(pilot)
        await pilot.press("backspace")
        await wait_for(pilot, lambda: app.visit.dialog.state == second, "back to the second question")
        assert tr(LANG, "Let's go back to the question before.") in chat_texts(app)
        await answer(pilot, "5")
        assert await wait_for_question(pilot) == third
    [session] = sessions(tmp_path)
    assert session.answers[first].value == 2
    assert session.answers[second].value == 5
    assert third not in session.answers


async def test_skip_shows_in_review_and_is_stored_as_null(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await answer(pilot, "0")
        await answer_all(pilot, "3")
        assert tr(LANG, "You chose not to answer") in screen_texts(app)
    [session] = sessions(tmp_path)
    assert session.answers[QUESTIONS[0]].value is None


async def test_change_an_answer_on_the_review(tmp_path):
    app = make_app(tmp_path, thanks_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await answer_all(pilot, "2")
        target = QUESTIONS[len(QUESTIONS) // 2]
        app.screen.query_one(f"#edit-{target}").scroll_visible(animate=False)  # as a person scrolls
        await pilot.pause()
        await pilot.click(f"#edit-{target}")
        await wait_for(pilot, lambda: isinstance(app.screen, DialogScreen), "the question again")
        assert await wait_for_question(pilot) == target
        await answer(pilot, "5")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review again")
        assert answer_text(FLOW.question(target), stored(FLOW.question(target), "5")) in screen_texts(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
    [session] = sessions(tmp_path)
    assert session.answers[target].value == stored(FLOW.question(target), "5") and session.completed_at is not None
    assert {i: a.value for i, a in session.answers.items() if i != target} == {
        i: stored(FLOW.question(i), "2") for i in QUESTIONS if i != target}


async def test_resume_after_an_abandoned_session(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        done = [await answer(pilot, "4") for _ in range(len(QUESTIONS) // 2)]
        await pilot.click("#pause")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
        assert app.screen.query_one("#code", Input).value == ""
    # a new kiosk process on the same folder
    app = make_app(tmp_path / "unused")
    app.store = Store(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        item = await wait_for_question(pilot)
        assert item == QUESTIONS[len(done)]
        assert chat_texts(app)[0] == tr(LANG, FLOW.messages["welcome_back"])
        await answer_all(pilot, "1")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
    [session] = sessions(tmp_path)
    assert [session.answers[i].value for i in done] == [4] * len(done)
    assert len(session.answers) == len(QUESTIONS) and session.completed_at is not None


async def test_idle_countdown_saves_and_returns_to_welcome(tmp_path):
    # A long countdown, then run out on purpose (as go_idle does for the idle
    # time): a short one could end before a loaded machine looks at the screen.
    app = make_app(tmp_path, idle_seconds=60, countdown_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        item = await answer(pilot, "3")
        go_idle(app)
        await wait_for(pilot, lambda: isinstance(app.screen, StillThereScreen)
                       and tr(LANG, "Are you still there?") in screen_texts(app), "are you still there?")
        app.screen.until = time.monotonic()
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
        assert app.visit is None and len(app.screen_stack) == 1
        assert app.screen.query_one("#code", Input).value == ""
    [session] = sessions(tmp_path)
    assert session.answers[item].value == 3 and session.completed_at is None
    assert session.position == QUESTIONS[1]


@pytest.mark.parametrize("keys", [["x"], ["x", "y"]], ids=["one key", "two keys at once"])
async def test_a_key_on_the_countdown_keeps_the_session(tmp_path, keys):
    from textual import events

    app = make_app(tmp_path, idle_seconds=60, countdown_seconds=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await wait_for_question(pilot)
        go_idle(app)
        await wait_for(pilot, lambda: isinstance(app.screen, StillThereScreen), "are you still there?")
        app.idle_seconds = 3600
        countdown = app.screen
        for key in keys:  # posted together: the countdown must close once, not pop the dialog too
            countdown.post_message(events.Key(key, key))
        await wait_for(pilot, lambda: isinstance(app.screen, DialogScreen), "the dialog again")
        await pilot.pause()
        assert app.visit is not None
        assert [type(s).__name__ for s in app.screen_stack] == ["WelcomeScreen", "DialogScreen"]


async def test_idle_clears_a_half_typed_login(tmp_path):
    app = make_app(tmp_path, idle_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*CODE)
        await wait_for(pilot, lambda: app.screen.query_one("#code", Input).value == CODE, "the code typed")
        go_idle(app)
        await wait_for(pilot, lambda: app.screen.query_one("#code", Input).value == "", "the code cleared")


async def test_idle_clears_the_last_persons_message(tmp_path):
    app = make_app(tmp_path, idle_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, CODE, "0000")
        wrong = tr(LANG, "The code or the PIN is not right. Please try again, or ask your supervisor.")
        await wait_for(pilot, lambda: wrong in screen_texts(app), "the message")
        go_idle(app)
        await wait_for(pilot, lambda: wrong not in screen_texts(app)
                       and app.screen.query_one("#code", Input).value == "", "the welcome cleared")


@pytest.mark.parametrize("code,pin", [(CODE, "9999"), ("NOBODY", PIN)])
async def test_wrong_code_or_pin_gets_one_kind_message(tmp_path, code, pin):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, code, pin)
        message = tr(LANG, "The code or the PIN is not right. Please try again, or ask your supervisor.")
        await wait_for(pilot, lambda: message in screen_texts(app), "the message")
        assert isinstance(app.screen, WelcomeScreen) and app.visit is None
        assert app.screen.query_one("#pin", Input).value == ""
    assert Store(tmp_path).readings(CODE) == []


async def test_many_wrong_pins_make_the_login_rest(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, CODE, "0000")
        for _ in range(4):
            # after a wrong try nothing typed stays, for whoever comes next: the code field has focus
            await wait_for(pilot, lambda: app.focused is app.screen.query_one("#code", Input)
                           and not app.screen.query_one("#code", Input).value, "the code field, empty")
            await log_in(pilot, CODE, "0000")
        rest = tr(LANG, "Please wait a minute and try again, or ask your supervisor.")
        await wait_for(pilot, lambda: rest in screen_texts(app), "the rest message")
        await log_in(pilot)  # even the right PIN waits
        await wait_for(pilot, lambda: rest in screen_texts(app), "the rest message again")
        assert app.visit is None and isinstance(app.screen, WelcomeScreen)


async def test_a_code_with_wrong_pins_at_other_kiosks_rests_here_too(tmp_path):
    from skapa_tui.storage.store import LOGIN_TRIES

    app = make_app(tmp_path)
    Store(tmp_path).add_participant("CD34", "5678")
    for _ in range(LOGIN_TRIES):  # another kiosk, another process: the same data folder
        assert Store(tmp_path).check_login(CODE, "0000") is None
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, CODE, PIN)
        rest = tr(LANG, "Please wait a minute and try again, or ask your supervisor.")
        await wait_for(pilot, lambda: rest in screen_texts(app), "the rest message")
        assert app.visit is None
        app.welcome.clear()
        await log_in(pilot, "CD34", "5678")  # somebody else is not held up
        await wait_for_question(pilot)
        assert app.visit.code == "CD34"


async def test_two_fast_presses_never_skip_a_question(tmp_path):
    app = make_app(tmp_path, settle=5.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        first = await wait_for_question(pilot)
        app.visit.dialog.settle = 0.0  # the person has read the first question
        await pilot.press("2")
        app.visit.dialog.settle = 5.0
        await pilot.press("2", "2")
        second = app.visit.dialog.state
        assert second == QUESTIONS[1]
        assert first != second
        assert tr(LANG, FLOW.question(second).text) in chat_texts(app)
    [session] = sessions(tmp_path)
    assert list(session.answers) == [first] and session.answers[first].value == 2


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c", "ctrl+p", "escape", "ctrl+d", "ctrl+z",
                                 "ctrl+backslash", "f1", "ctrl+w", "tab", "ctrl+s"])
async def test_kiosk_keys_never_leave_the_app(tmp_path, key):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await wait_for_question(pilot)
        screen = app.screen
        await pilot.press(key)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.screen is screen
        assert not app.screen.query(CommandPalette) and not isinstance(app.screen, CommandPalette)


async def test_language_switch_rerenders_at_once(tmp_path):
    app = make_app(tmp_path, LANG)
    async with app.run_test(size=(80, 24)) as pilot:
        assert tr(LANG, "Welcome!") in screen_texts(app)
        await pilot.click(f"#lang-{OTHER}")
        await wait_for(pilot, lambda: tr(OTHER, "Welcome!") in screen_texts(app), OTHER)
        await log_in(pilot)
        item = await wait_for_question(pilot)
        assert tr(OTHER, FLOW.question(item).text) in chat_texts(app)
        await pilot.click(f"#lang-{LANG}")
        await wait_for(pilot, lambda: tr(LANG, FLOW.question(item).text) in chat_texts(app), LANG)
        assert tr(LANG, FLOW.messages["greeting"]) == chat_texts(app)[0]
    [session] = sessions(tmp_path)
    assert session.lang == LANG


async def test_mouse_answers_too(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#code")
        await pilot.press(*CODE)
        await pilot.click("#pin")
        await pilot.press(*PIN)
        await pilot.click("#login")
        item = await wait_for_question(pilot)
        rows = app.screen.choices.rows
        await pilot.click(rows[3])
        await wait_for(pilot, lambda: app.visit.dialog.state != item, "the click to answer")
    [session] = sessions(tmp_path)
    assert session.answers[item].value == 4


async def test_allow_quit_lets_staff_stop_a_trial_kiosk(tmp_path):
    app = make_app(tmp_path, allow_quit=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, "the kiosk to stop")


async def test_an_answer_that_cannot_be_saved_is_not_taken(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        first = await answer(pilot, "3")
        item = await wait_for_question(pilot)
        # the participant's file is damaged behind the kiosk's back
        path = app.store.path_of(CODE)
        damaged = b'{"not": "skapa data"'
        path.write_bytes(damaged)
        await pilot.press("4")
        message = tr(LANG, "Your answer could not be saved. Please try again, or ask your supervisor.")
        await wait_for(pilot, lambda: any(message in str(t.message) for t in app._notifications),
                       "the kind message")
        assert app.visit.dialog.state == item and item not in app.visit.dialog.answers
        assert isinstance(app.screen, DialogScreen) and app.is_running
        assert path.read_bytes() == damaged, "a damaged file is never written over"
    assert first


async def test_sending_marks_the_session_complete_once(tmp_path):
    app = make_app(tmp_path, thanks_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await answer_all(pilot, "3")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
        assert not app._notifications, "no trouble reported on a normal send"
    [session] = sessions(tmp_path)
    assert session.completed_at is not None and len(session.answers) == len(QUESTIONS)


async def test_the_next_person_never_sees_the_last_persons_answers(tmp_path):
    app = make_app(tmp_path)
    app.store.add_participant("BO-2", "8642")
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        first = await answer(pilot, "5")
        mine = tr(LANG, FLOW.question(first).anchor(5).text)
        assert mine in chat_texts(app)
        await pilot.click("#pause")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
        assert mine not in screen_texts(app)
        await log_in(pilot, "BO-2", "8642")
        assert await wait_for_question(pilot) == QUESTIONS[0]
        chat = chat_texts(app)
        assert chat[0] == tr(LANG, FLOW.messages["greeting"]), "a new session, not the other's"
        assert mine not in chat
        assert app.visit.dialog.answers == {}
    assert Store(tmp_path).readings("BO-2")[0].answers == {}


async def test_the_language_switch_works_from_the_keyboard(tmp_path):
    app = make_app(tmp_path, LANG)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "code", "the code field")
        # shift+tab goes back from the code field through the switches (round the
        # screen's fields again after the first)
        for _ in range(len(LANGS) + 3):
            if getattr(app.focused, "id", None) == f"lang-{OTHER}":
                break
            await pilot.press("shift+tab")
        assert getattr(app.focused, "id", None) == f"lang-{OTHER}"
        await pilot.press("enter")
        await wait_for(pilot, lambda: tr(OTHER, "Welcome!") in screen_texts(app), OTHER)
        assert app.screen.query_one(f"#lang-{OTHER}").has_class("-current")
        assert not app.screen.query_one(f"#lang-{LANG}").has_class("-current")


async def test_a_session_left_before_any_answer_begins_again_with_the_greeting(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await wait_for_question(pilot)
        await pilot.click("#pause")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
        await log_in(pilot)
        assert await wait_for_question(pilot) == QUESTIONS[0]
        assert chat_texts(app)[0] == tr(LANG, FLOW.messages["greeting"])
    assert len(sessions(tmp_path)) == 1, "the same session goes on"


async def test_going_back_marks_the_earlier_answer_skip_included(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await answer(pilot, "4")
        await answer(pilot, "0")
        await wait_for_question(pilot)
        for item, expected in ((QUESTIONS[1], None), (QUESTIONS[0], 4)):
            await pilot.press("backspace")
            await wait_for(pilot, lambda item=item: app.visit.dialog.state == item, f"back to {item}")
            await wait_for_question(pilot)
            chosen = [row.value for row in app.screen.choices.rows if row.has_class("-chosen")]
            assert chosen == [expected]
            assert app.screen.choices.cursor is None  # marked, not under the cursor: Enter chooses nothing


async def test_answers_that_cannot_be_sent_keep_the_review_open(tmp_path):
    app = make_app(tmp_path, thanks_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await answer_all(pilot, "2")
        review = app.screen
        path = app.store.path_of(CODE)
        good = path.read_bytes()
        damaged = b'{"not": "skapa data"'
        path.write_bytes(damaged)  # behind the kiosk's back
        await pilot.press("enter")
        message = tr(LANG, "Your answer could not be saved. Please try again, or ask your supervisor.")
        await wait_for(pilot, lambda: any(message in str(t.message) for t in app._notifications),
                       "the kind message")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen is not review,
                       "the review again")
        assert app.visit is not None and app.visit.dialog.state == REVIEW
        assert path.read_bytes() == damaged, "a damaged file is never written over"
        path.write_bytes(good)  # mended: sending again works
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
        assert [type(s).__name__ for s in app.screen_stack] == ["WelcomeScreen", "ThanksScreen"]
    [session] = sessions(tmp_path)
    assert session.completed_at is not None and len(session.answers) == len(QUESTIONS)


async def test_a_second_login_request_while_the_first_opens_the_dialog_is_ignored(tmp_path):
    from skapa_tui.ui.messages import LoginRequested

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(2):  # as two Enters in the PIN field, handled one after the other
            app.welcome.post_message(LoginRequested(CODE, PIN))
        await wait_for_question(pilot)
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["WelcomeScreen", "DialogScreen"]
        assert PIN not in repr(LoginRequested(CODE, PIN)), "a PIN never shows in a message's repr"
    assert len(sessions(tmp_path)) == 1
