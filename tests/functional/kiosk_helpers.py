"""Driving the real kiosk headless: wait on conditions, never on sleeps."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from skapa_tui import i18n
from skapa_tui.domain.flow import MULTIPLE_ANSWER, SCALE_ANSWER, Flow, Question, load_flow
from skapa_tui.domain.indicators import SCALE
from skapa_tui.domain.reading import AnswerValue
from skapa_tui.resources import flow_library, flow_path
from skapa_tui.storage import Store
from skapa_tui.ui.kiosk_app import KioskApp
from skapa_tui.ui.screens.dialog import DialogScreen
from skapa_tui.ui.widgets.chat import ChatBubble
from skapa_tui.ui.widgets.choices import MAX_KEYS, ChoiceRow

CODE, PIN = "ANNA-7", "4321"

LANGS = i18n.offered_languages()
"""Every language that has a catalog."""
LANG = i18n.DEFAULT_LANGUAGE
"""The kiosk's language in the tests that need only one."""
OTHER = next((lang for lang in LANGS if lang != LANG), None)
"""Another language, for the tests that switch."""
assert LANG in LANGS and OTHER is not None, f"the tests need {LANG} and one more language: {LANGS}"


def shipped_flow() -> Flow:
    return load_flow(flow_path("participant"))


def spread(n: int) -> list[int]:
    """``n`` answers that go up and down the scale (1 2 3 4 5 4 3 2 1 2 …), so
    that neighbouring questions get different values."""
    cycle = [*SCALE, *reversed(SCALE[1:-1])]
    return [cycle[k % len(cycle)] for k in range(n)]


def make_store(data: Path) -> Store:
    store = Store(data)
    store.add_participant(CODE, PIN)
    return store


def make_app(data: Path, lang: str = LANG, **options) -> KioskApp:
    options.setdefault("settle", 0.0)
    return KioskApp(make_store(data), flow_library(), lang=lang, **options)


def go_idle(app: KioskApp) -> None:
    """As if nobody had touched the kiosk for longer than its idle time.

    Tests make the kiosk idle on purpose, at the moment they choose, rather
    than with a short idle time that a slow machine could reach mid-login."""
    app.last_input = time.monotonic() - app.idle_seconds - 1


def tr(lang: str, msgid: str) -> str:
    """What the real catalog of ``lang`` says for ``msgid``; it must be translated."""
    text = i18n.translation(lang).gettext(msgid)
    assert text != msgid, f"{msgid!r} has no {lang} translation"
    return text


async def wait_for(pilot, condition: Callable[[], object], what: str = "", timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            app = pilot.app
            raise AssertionError(f"timed out waiting for {what or condition}; on screen: "
                                 f"{type(app.screen).__name__}: {screen_texts(app)!r}")
        await pilot.pause(0.01)


async def log_in(pilot, code: str = CODE, pin: str = PIN) -> None:
    """Type the code, Enter, the PIN, Enter, as a person at the keyboard does."""
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "code", "the code field")
    await pilot.press(*code, "enter")
    await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "pin", "the PIN field")
    await pilot.press(*pin, "enter")


async def wait_for_question(pilot) -> str:
    """Wait until a question is on screen and the engine knows it; its item id."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, DialogScreen)
                   and app.visit is not None and app.visit.dialog._shown is not None,
                   "a question on screen")
    return app.visit.dialog.state


def keys_for(question: Question, key: str) -> list[str]:
    """The keys that answer ``question`` as the digit ``key`` does a scale: the
    same number (or the last option) of a single choice, that option ticked
    and Enter for a multiple choice; 0 skips any of them."""
    if key == "0" or question.answer == SCALE_ANSWER:
        return [key]
    n = str(min(int(key), len(question.options), MAX_KEYS))
    return [n, "enter"] if question.answer == MULTIPLE_ANSWER else [n]


def stored(question: Question, key: str) -> AnswerValue:
    """What ``keys_for(question, key)`` stores."""
    if key == "0":
        return None
    if question.answer == SCALE_ANSWER:
        return int(key)
    option = question.options[min(int(key), len(question.options), MAX_KEYS) - 1].id
    return (option,) if question.answer == MULTIPLE_ANSWER else option


def spread_answers(flow: Flow) -> tuple[list[str], list[AnswerValue]]:
    """A key for each question of ``flow`` (`spread`) and what each stores, by the question's kind."""
    keys = [str(v) for v in spread(len(flow.questions))]
    return keys, [stored(q, k) for q, k in zip(flow.questions, keys)]


async def answer(pilot, key: str) -> str:
    """Answer the question on screen with the digit ``key`` (as `keys_for` says
    for its kind); the item answered."""
    item = await wait_for_question(pilot)
    await pilot.press(*keys_for(pilot.app.visit.dialog.question, key))
    await wait_for(pilot, lambda: pilot.app.visit is None or pilot.app.visit.dialog.state != item,
                   f"an answer to {item}")
    return item


def chat_texts(app) -> list[str]:
    return [str(b.render()) for b in app.screen.query(ChatBubble)]


def screen_texts(app) -> str:
    """Every text on the screen, widget by widget (an answer as it reads: key and text)."""
    return "\n".join(w.said if isinstance(w, ChoiceRow) else str(w.render())
                     for w in app.screen.query(Static) if not isinstance(w, ChoiceRow) or w.display)


async def answer_all(pilot, keys: str | list[str]) -> None:
    """Answer every question left, one key each (or ``keys`` in turn), and wait for the review."""
    from skapa_tui.ui.screens.review import ReviewScreen

    app = pilot.app
    n = 0
    while not isinstance(app.screen, ReviewScreen):
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen)
                       or (app.visit is not None and app.visit.dialog._shown is not None),
                       "a question or the review")
        if isinstance(app.screen, ReviewScreen):
            break
        await answer(pilot, keys if isinstance(keys, str) else keys[n])
        n += 1
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
