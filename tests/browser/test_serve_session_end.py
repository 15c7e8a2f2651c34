"""When a tab's session ends, the page says so in the page's language and
comes back to a fresh start screen by itself (issue 15): the app killed (a
crash), the server stopped and started again, the connection stalled (the
server stops answering), every place taken, the desk closed with ctrl+q.
Whatever was on the screen is covered meanwhile.
"""

from __future__ import annotations

import os
import signal

import pytest

from skapa_tui import i18n
from skapa_tui.serve.page import TEXTS

from ..functional.kiosk_pty import CODE, make_data, said
from ..functional.serve_helpers import session_pids
from .web_terminal import WebTerminal

WELCOME = "Your code"


def page_says(lang: str, mode: str, reason: str) -> str:
    text = i18n.gettext_for(lang)(TEXTS[mode][reason])
    assert text != TEXTS[mode][reason], f"the {lang} catalog does not translate {TEXTS[mode][reason]!r}"
    return text


def open_kiosk(browser, url: str, lang: str) -> tuple[object, WebTerminal]:
    page = browser.page()
    screen = WebTerminal(page)
    page.goto(url)
    screen.wait_for(said(lang, WELCOME))
    return page, screen


def wait_for_page_text(screen: WebTerminal, text: str, timeout: float = 30) -> None:
    screen.wait_until(lambda: " ".join(screen.ended_text().split()) == text, f"the page to say {text!r}",
                      timeout)


def back_at_the_welcome(screen: WebTerminal, lang: str, sockets: int) -> None:
    """The page loaded again by itself: a new session, at an empty welcome, nothing over it."""
    screen.wait_until(lambda: screen.sockets > sockets, "the page to load again", timeout=30)
    screen.wait_for(said(lang, WELCOME))
    assert screen.ended_text() == ""
    assert CODE not in screen.text()


@pytest.mark.one_language
@pytest.mark.parametrize("lang", i18n.offered_languages())
def test_a_killed_app_is_said_and_a_fresh_welcome_comes(tmp_path, lang, served, browser):
    data = make_data(tmp_path)
    server = served("kiosk", data, "--lang", lang)
    page, screen = open_kiosk(browser(), server.url, lang)
    screen.type(CODE)
    screen.wait_for(CODE)
    [pid] = server.sessions()
    os.kill(pid, signal.SIGKILL)
    wait_for_page_text(screen, page_says(lang, "kiosk", "crashed"))
    back_at_the_welcome(screen, lang, 1)
    log = (data / "logs" / "kiosk-errors.log").read_text()
    assert "ended by signal 9" in log
    assert server.sessions() != [pid] and len(server.sessions()) == 1


def test_the_server_stopped_and_started_again(tmp_path, served, browser):
    lang = "da"
    data = make_data(tmp_path)
    server = served("kiosk", data, "--lang", lang)
    chromium = browser()
    chromium.expected.append("net::ERR_CONNECTION_REFUSED")  # the page's tries while no server runs
    page, screen = open_kiosk(chromium, server.url, lang)
    screen.type(CODE)
    screen.wait_for(CODE)
    assert server.stop() == 0
    assert session_pids(data) == []  # every session ended with the server
    wait_for_page_text(screen, page_says(lang, "kiosk", "restarting"))
    page.wait_for_timeout(4000)  # the page keeps asking meanwhile, and says it waits
    assert screen.page.locator("#skapa-ended-waiting").is_visible()
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    served("kiosk", data, "--lang", lang, port=port)
    back_at_the_welcome(screen, lang, 1)


def test_a_connection_that_stops_answering_is_said_and_comes_back(tmp_path, served, browser):
    lang = "sv"
    data = make_data(tmp_path)
    server = served("kiosk", data, "--lang", lang)
    page, screen = open_kiosk(browser(), server.url, lang)
    screen.type(CODE)
    screen.wait_for(CODE)
    server.process.send_signal(signal.SIGSTOP)  # nothing answers: as a network that is gone
    try:
        wait_for_page_text(screen, page_says(lang, "kiosk", "lost"))
    finally:
        server.process.send_signal(signal.SIGCONT)
    back_at_the_welcome(screen, lang, 1)
    # the session of the lost connection ended; the new one is the only one
    screen.wait_until(lambda: len(server.sessions()) == 1, "one session", timeout=20)


def test_when_every_place_is_taken_a_tab_waits_for_one(tmp_path, served, browser):
    lang = "da"
    data = make_data(tmp_path)
    server = served("kiosk", data, "--lang", lang, "--max-sessions", "1")
    chromium = browser()
    first, _first_screen = open_kiosk(chromium, server.url, lang)
    second = chromium.page()
    waiting = WebTerminal(second)
    second.goto(server.url)
    wait_for_page_text(waiting, page_says(lang, "kiosk", "full"))
    assert len(server.sessions()) == 1
    sockets = waiting.sockets
    first.close()  # its session ends, and the place is free
    back_at_the_welcome(waiting, lang, sockets)
    assert len(server.sessions()) == 1


def test_the_desk_closed_with_ctrl_q_comes_back_to_the_sign_in(tmp_path, served, browser):
    lang = "sv"
    data = make_data(tmp_path)
    server = served("desk", data, "--lang", lang)
    page = browser().page()
    screen = WebTerminal(page)
    page.goto(server.url)
    screen.wait_for(i18n.gettext_for(lang)("Your passphrase"))
    screen.press("Control+q")
    wait_for_page_text(screen, page_says(lang, "desk", "ended"))
    screen.wait_until(lambda: screen.sockets == 2, "the page to load again")
    screen.wait_for(i18n.gettext_for(lang)("Your passphrase"))
