"""The supervisor app's sign-in, rest, idle lock and sign-out, headless on real data folders."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from skapa_tui.storage import Store
from skapa_tui.storage.store import LOGIN_TRIES
from skapa_tui.ui.screens.lock import LockScreen
from skapa_tui.ui.supervisor_app import SIGNED_OUT, WAIT, WRONG, WRONG_PASSPHRASE

from .desk_helpers import (
    COLLEAGUE,
    COLLEAGUE_PASSPHRASE,
    LANGS,
    ME,
    MY_PASSPHRASE,
    OTHER,
    enter_in,
    go_idle,
    make_app,
    make_store,
    message_of,
    rendered_text,
    screen_name,
    sign_in,
    signed_in,
    t,
    wait_for,
)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_the_right_id_and_passphrase_open_my_caseload(tmp_path, lang):
    app = make_app(make_store(tmp_path, "P-1"), lang)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.focused.id == "supervisor-id"
        await sign_in(pilot, typed=True)
        await wait_for(pilot, lambda: screen_name(app) == "CaseloadScreen", "the caseload")
        assert app.desk.id == ME and app.crash is None
        # nothing typed stays on the sign-in below
        assert app.screen_stack[0].query_one("#passphrase", Input).value == ""


async def test_a_click_signs_in_too(tmp_path):
    app = make_app(make_store(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*ME, "tab", *MY_PASSPHRASE)
        await pilot.click("#login")
        await wait_for(pilot, lambda: screen_name(app) == "CaseloadScreen", "the caseload")


@pytest.mark.parametrize("who", ["wrong passphrase", "unknown id"])
async def test_a_wrong_sign_in_never_says_which_part_was_wrong(tmp_path, who):
    app = make_app(make_store(tmp_path), OTHER)
    supervisor_id, passphrase = (ME, "not the passphrase") if who == "wrong passphrase" else ("nobody", MY_PASSPHRASE)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, supervisor_id, passphrase)
        await wait_for(pilot, lambda: message_of(app) == t(OTHER, WRONG), "the message")
        assert app.desk is None and screen_name(app) == "SignInScreen"
        assert app.screen.query_one("#supervisor-id", Input).value == supervisor_id
        assert app.screen.query_one("#passphrase", Input).value == ""
        assert app.focused.id == "passphrase"


async def test_a_deactivated_supervisor_cannot_sign_in(tmp_path):
    store = make_store(tmp_path)
    store.deactivate_supervisor(COLLEAGUE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, COLLEAGUE, COLLEAGUE_PASSPHRASE)
        await wait_for(pilot, lambda: message_of(app) == t(app.lang, WRONG), "the message")
        assert app.desk is None


async def test_wrong_sign_ins_make_this_terminal_rest_even_with_the_right_passphrase(tmp_path):
    app = make_app(make_store(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        for n in range(LOGIN_TRIES):
            await sign_in(pilot, f"someone{n}", "not the passphrase")  # different ids: the terminal counts
            expected = WAIT if n == LOGIN_TRIES - 1 else WRONG
            await wait_for(pilot, lambda expected=expected: message_of(app) == t(app.lang, expected), f"try {n}")
            await pilot.press("shift+tab")
            app.screen.query_one("#supervisor-id", Input).value = ""
        await sign_in(pilot)
        await wait_for(pilot, lambda: message_of(app) == t(app.lang, WAIT), "still resting")
        assert app.desk is None


async def test_a_supervisor_resting_in_the_store_cannot_sign_in_from_another_terminal(tmp_path):
    store = make_store(tmp_path)
    other_terminal = Store(tmp_path)
    for _n in range(LOGIN_TRIES):
        assert other_terminal.check_supervisor_login(ME, "not the passphrase") is None
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await wait_for(pilot, lambda: message_of(app) == t(app.lang, WAIT), "the rest")
        assert app.desk is None


async def test_idle_time_locks_the_desk_with_nothing_of_a_participant_on_it(tmp_path):
    app = make_app(make_store(tmp_path, "SECRET-1", "SECRET-2"))
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        assert "SECRET-1" in rendered_text(app)
        go_idle(app)
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await pilot.pause()
        text = rendered_text(app)
        assert "SECRET" not in text
        assert "Anna Lind" in text  # who is signed in
        assert app.focused.id == "passphrase"


async def test_the_passphrase_unlocks_and_a_wrong_one_does_not(tmp_path):
    app = make_app(make_store(tmp_path, "P-1"))
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        app.screen.query_one("#filter", Input).value = "P-"
        go_idle(app)
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await enter_in(pilot, "not the passphrase", typed=True)
        # the lock's own words: it asks for no ID, so it names none
        await wait_for(pilot, lambda: message_of(app) == t(app.lang, WRONG_PASSPHRASE), "the message")
        assert isinstance(app.screen, LockScreen) and t(app.lang, WRONG_PASSPHRASE) != t(app.lang, WRONG)
        await enter_in(pilot, MY_PASSPHRASE)
        await wait_for(pilot, lambda: screen_name(app) == "CaseloadScreen", "the caseload again")
        assert app.screen.query_one("#filter", Input).value == "P-"  # back where I was
        assert app.crash is None


async def test_wrong_passphrases_at_the_lock_rest_as_at_the_sign_in(tmp_path):
    app = make_app(make_store(tmp_path, "P-1"))
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        for n in range(LOGIN_TRIES):
            await enter_in(pilot, "not the passphrase")
            expected = WAIT if n == LOGIN_TRIES - 1 else WRONG_PASSPHRASE
            await wait_for(pilot, lambda expected=expected: message_of(app) == t(app.lang, expected), f"try {n}")
        await enter_in(pilot, MY_PASSPHRASE)
        await wait_for(pilot, lambda: message_of(app) == t(app.lang, WAIT), "the rest")
        assert isinstance(app.screen, LockScreen)


async def test_sign_out_from_the_lock_leaves_nothing_of_the_desk(tmp_path):
    app = make_app(make_store(tmp_path, "P-1"))
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        go_idle(app)
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await pilot.pause()
        assert await pilot.click("#sign-out")
        await wait_for(pilot, lambda: screen_name(app) == "SignInScreen", "the sign-in")
        assert app.desk is None and len(app.screen_stack) == 1
        assert message_of(app) == t(app.lang, SIGNED_OUT)
        assert "P-1" not in rendered_text(app)
        await signed_in(pilot)  # and in again


async def test_the_language_switch_on_the_lock(tmp_path):
    app = make_app(make_store(tmp_path, "P-1"))
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await pilot.pause()
        assert await pilot.click(f"#lang-{OTHER}")
        await wait_for(pilot, lambda: app.lang == OTHER, "the language")
        from skapa_tui.ui.screens.lock import LOCKED

        assert str(app.screen.query_one("#hello").render()) == t(OTHER, LOCKED)


async def test_ctrl_q_quits(tmp_path):
    app = make_app(make_store(tmp_path, "P-1"))
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, "the app to end")
    assert app.return_code == 0 and app.crash is None
