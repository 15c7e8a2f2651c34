"""The kiosk served to a real Chromium (issue 15): log in by keys with no
click, answer every question, send, see the thanks and the chart, and the
export holds the answers; the page in the browser's language; the fonts
bundled and used; screenshots of the welcome, a question and the thanks'
chart in both languages (saved in ``SKAPA_SCREENSHOTS`` when it is set, else
in the test's folder).
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.reading import ENTRY_PAPER, Answer, now, today
from skapa_tui.storage import Store

from ..conftest import _clean_env, skapa_command
from ..functional.kiosk_pty import CODE, FLOW, PIN, make_data, said
from .web_terminal import WebTerminal

LANGS = tuple(i18n.offered_languages())
LOCALES = {"sv": "sv-SE", "da": "da-DK"}
SYMBOLS = "\u28ff\u2847●▲▼✓⚠■□○█░"
"""Braille (the chart) and the symbols the screens use: the bundled fonts must draw them."""


def follow_up(tmp_path: Path) -> Path:
    """A participant with one earlier reading, so the thanks shows their chart."""
    data = make_data(tmp_path)
    store = Store(data)
    store.add_supervisor("staff", "a long passphrase")
    earlier = today() - timedelta(days=91)
    reading = store.start_reading(CODE, flow=FLOW.id, flow_version=FLOW.version, role=PARTICIPANT, rater=None,
                                  entry=ENTRY_PAPER, entered_by="staff", meeting_date=earlier, lang="sv")
    for q in FLOW.questions:
        store.save_answer(CODE, reading.id, Answer(q.id, q.indicator, 2, now()), None)
    store.complete_reading(CODE, reading.id)
    return data


def screenshot(page, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("SKAPA_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000, f"{path} is (nearly) empty"
    return path


def answer(screen: WebTerminal, key: str, then: str) -> None:
    """Press ``key`` until ``then`` shows: a key pressed before a question has
    settled is not taken, so a person (and this) presses again."""
    for _try in range(20):
        screen.press(key)
        try:
            screen.wait_for(then, timeout=1.0)
            return
        except AssertionError:
            continue
    screen.wait_for(then, timeout=1.0)


def exported(tmp_path: Path, data: Path) -> dict:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    done = subprocess.run([*skapa_command(), "participants", "export", CODE, "--data", str(data)],
                          capture_output=True, text=True, env=_clean_env(home, "sv"), timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_a_person_answers_every_question_by_keys_and_the_export_holds_them(tmp_path, lang, served, browser):
    data = follow_up(tmp_path)
    server = served("kiosk", data)  # no --lang: the page follows the browser's language
    chromium = browser(locale=LOCALES[lang])
    page = chromium.page()
    screen = WebTerminal(page)
    page.goto(server.url)
    assert page.evaluate("document.documentElement.lang") == lang
    screen.wait_for(said(lang, "Your code"))
    assert page.locator('meta[name="viewport"]').count() == 1
    # the bundled fonts, and nothing else, draw the terminal
    faces = page.evaluate("[...document.fonts].map(f => [f.family, f.status])")
    assert faces and all(status == "loaded" for _family, status in faces), faces
    assert page.evaluate(f"document.fonts.check('16px \"Roboto Mono\"', {json.dumps(SYMBOLS)})")
    screenshot(page, tmp_path, f"kiosk-welcome-{lang}")

    # no click: the keys land in the code field, as in the terminal
    screen.type(CODE)
    screen.wait_for(CODE)
    screen.press("Enter")
    screen.type(PIN)
    screen.press("Enter")
    given = {}
    for number, question in enumerate(FLOW.questions, start=1):
        screen.wait_for(said(lang, question.text))
        screen.wait_for(said(lang, question.anchors[-1].text))
        if number == 2:
            screen.wait_for(said(lang, "Question {n} of {total}", n=2, total=len(FLOW.questions)))
            screenshot(page, tmp_path, f"kiosk-question-{lang}")
        key = str(number % 5 + 1)
        following = (FLOW.questions[number].text if number < len(FLOW.questions) else FLOW.messages["review"])
        answer(screen, key, said(lang, following))
        given[question.id] = int(key)
    screen.press("Enter")  # send, from the review
    screen.wait_for(said(lang, FLOW.messages["thanks"]))
    screen.wait_for(i18n.fmt_day(today(), lang))  # the table of their answers over time
    screen.wait_until(lambda: any("\u2800" < ch <= "\u28ff" for ch in screen.text()), "the spider chart")
    page.wait_for_timeout(300)  # the chart drawn in full
    screenshot(page, tmp_path, f"kiosk-thanks-{lang}")
    assert screen.ended_text() == ""

    readings = [r for r in exported(tmp_path, data)["participant"]["readings"] if r["role"] == "participant"]
    latest = max(readings, key=lambda r: r["completed_at"] or "")
    assert latest["completed_at"] is not None
    assert {a["item"]: a["value"] for a in latest["answers"]} == given
    assert latest["lang"] == lang


def test_the_kiosk_cannot_be_left_by_keys(tmp_path, served, browser):
    data = make_data(tmp_path)
    server = served("kiosk", data, "--lang", "da")
    chromium = browser(locale="sv-SE")  # --lang wins over the browser's language
    page = chromium.page()
    screen = WebTerminal(page)
    page.goto(server.url)
    screen.wait_for(said("da", "Your code"))
    for key in ("Escape", "Control+q", "Control+c", "Control+w", "Alt+F4", "Alt+ArrowLeft", "F5", "Control+r",
                "Control+l", "Control+p", "Control+s", "F11", "F12"):
        screen.press(key)
    page.wait_for_timeout(500)
    assert page.url == server.url
    assert screen.sockets == 1, "the page was loaded again"
    assert screen.closed == 0 and screen.ended_text() == "", "the session ended"
    screen.type(CODE)
    screen.wait_for(CODE)  # still the welcome, still taking keys
    assert len(server.sessions()) == 1


def test_on_a_touch_screen_a_tap_on_an_answers_second_row_chooses_it(tmp_path, served, browser):
    lang = "sv"
    data = make_data(tmp_path)
    server = served("kiosk", data, "--lang", lang)
    tablet = browser(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True)
    page = tablet.page()
    screen = WebTerminal(page)
    page.goto(server.url)
    screen.wait_for(said(lang, "Your code"))
    assert page.evaluate("matchMedia('(any-pointer: coarse)').matches")
    assert any(url.endswith("/touch") or "/touch?" in url for url in tablet.requests if url.startswith("ws:"))
    screen.type(CODE)
    screen.press("Enter")
    screen.type(PIN)
    screen.press("Enter")
    first, second = FLOW.questions[0], FLOW.questions[1]
    screen.wait_for(said(lang, first.anchors[-1].text))
    page.wait_for_timeout(600)  # past the question's settle time, as a person reads it first
    screenshot(page, tmp_path, f"kiosk-touch-question-{lang}")
    anchor = said(lang, first.anchors[3].text)  # the fourth answer
    rows = screen.text().splitlines()
    row = next(n for n, line in enumerate(rows) if line.strip().startswith("4") and anchor[:20] in line)
    assert rows[row + 1].strip() == "", "the answer's second row"
    column = rows[row].index(anchor[:20])
    box = page.locator(".xterm-screen").bounding_box()
    columns, lines = screen.size
    page.touchscreen.tap(box["x"] + (column + 2) * box["width"] / columns,
                         box["y"] + (row + 1.5) * box["height"] / lines)
    screen.wait_for(said(lang, second.text))
    answers = Store(data).readings(CODE)[-1].answers
    assert answers[first.id].value == 4
