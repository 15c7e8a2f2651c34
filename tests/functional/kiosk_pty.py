"""The real ``skapa kiosk`` in a pseudo-terminal, for the tests that must see
what a person at the terminal sees (`pty_terminal.PtyApp`).

`start_kiosk` makes a data folder with one participant (or takes one),
starts the kiosk in it and waits for the welcome; `log_in`, `answer_all`
and the rest press keys as a person does and wait for what the screen shows
in the kiosk's language (texts from the real catalogs).
"""

from __future__ import annotations

import inspect
import time
from pathlib import Path

from skapa_tui import i18n
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.kiosk_app import KioskApp

from ..conftest import _clean_env, skapa_command
from .pty_terminal import PtyApp

CODE, PIN = "ANNA-7", "4321"
FLOW = flow_library().current("participant")
SETTLE = inspect.signature(KioskApp.__init__).parameters["settle"].default
"""Seconds a question shown by the real kiosk takes no key (its settle time)."""


def said(lang: str, msgid: str, **fields) -> str:
    """``msgid`` as the catalog of ``lang`` says it, which must translate it."""
    text = i18n.gettext_for(lang)(msgid)
    assert text != msgid, f"the {lang} catalog does not translate {msgid!r}"
    return text.format(**fields) if fields else text


def said_n(lang: str, singular: str, plural: str, n: int, **fields) -> str:
    """The plural msgid for ``n`` as ``lang`` says it (``{n}`` filled), which must translate it."""
    text = i18n.translation(lang).ngettext(singular, plural, n)
    assert text not in (singular, plural), f"the {lang} catalog does not translate {singular!r}"
    return text.format(**{"n": n, **fields})


def make_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    if not data.exists():
        Store(data).add_participant(CODE, PIN)
    return data


def start_kiosk(tmp_path: Path, lang: str, size: tuple[int, int] = (80, 24), *args: str,
                data: Path | None = None) -> PtyApp:
    data = data or make_data(tmp_path)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = _clean_env(home, lang, TERM="xterm-256color")
    kiosk = PtyApp([*skapa_command(), "kiosk", "--data", str(data), "--lang", lang, *args], env, tmp_path, size)
    kiosk.wait_for(said(lang, "Your code"), timeout=60)
    kiosk.wait_quiet(0.2)  # its start drawn whole, the code field taking keys
    return kiosk


def log_in(kiosk: PtyApp, code: str = CODE, pin: str = PIN) -> None:
    """Type the code and the PIN, each seen in its field before Enter, as a person looks before pressing it."""
    kiosk.type(code)
    kiosk.wait_until(lambda: code in kiosk.text(), f"the code {code} in its field", timeout=10)
    kiosk.send("enter")
    kiosk.type(pin)
    kiosk.wait_until(lambda: "\u2022" * len(pin) in kiosk.text(), "the PIN's dots in its field", timeout=10)
    kiosk.send("enter")


def question_on_screen(kiosk: PtyApp, lang: str, number: int) -> None:
    """Wait for question ``number`` (from 1) and its answers."""
    question = FLOW.questions[number - 1]
    kiosk.wait_for(said(lang, question.text))
    last = question.anchors[-1] if question.anchors else question.options[-1]
    kiosk.wait_for(said(lang, last.text))
    kiosk.shown_at = time.monotonic()


def answer(kiosk: PtyApp, key: str, then: str) -> None:
    """Press ``key`` until ``then`` is on screen. A key pressed before a
    question has been on screen for the kiosk's settle time is not taken, so
    the first press waits that long after `question_on_screen` saw it; and as
    a person does, this presses again when the key was not taken."""
    if kiosk.shown_at is not None:
        time.sleep(max(0.0, kiosk.shown_at + SETTLE - time.monotonic()))
        kiosk.shown_at = None
    for _try in range(20):
        kiosk.send(key)
        try:
            kiosk.wait_for(then, timeout=0.6)
            return
        except AssertionError:
            continue
    kiosk.wait_for(then)


def option_of(question, key: str) -> int:
    """The option a digit chooses: its number, or the last one (the most with a key: 9)."""
    return min(int(key), len(question.options), 9) - 1


def answer_question(kiosk: PtyApp, question, key: str, then: str, earlier: str | None = None) -> None:
    """Answer ``question`` as the digit ``key`` answers a scale: a single choice's
    option of that number, a multiple choice's ticked and Enter (when ``earlier``,
    the key that answered it before, ticked that option already, just Enter)."""
    if key == "0" or question.rates:
        answer(kiosk, key, then)
    elif question.answer == "single":
        answer(kiosk, str(option_of(question, key) + 1), then)
    else:
        if earlier is None or option_of(question, earlier) != option_of(question, key):
            kiosk.send(str(option_of(question, key) + 1))
        answer(kiosk, "enter", then)


def answered(question, key: str, earlier: str | None = None):
    """What `answer_question` stores, and the text of the option or anchor it chose."""
    if question.rates:
        return int(key), question.anchor(int(key)).text
    option = question.options[option_of(question, key)]
    if question.answer == "single":
        return option.id, option.text
    ticked = {option.id} | ({question.options[option_of(question, earlier)].id} if earlier else set())
    return tuple(o.id for o in question.options if o.id in ticked), option.text


def answer_all(kiosk: PtyApp, lang: str, key: str = "3") -> None:
    """Answer every question with ``key``, waiting for each, up to the review."""
    for number in range(1, len(FLOW.questions) + 1):
        question_on_screen(kiosk, lang, number)
        following = (FLOW.questions[number].text if number < len(FLOW.questions)
                     else FLOW.messages["review"])
        answer_question(kiosk, FLOW.questions[number - 1], key, said(lang, following))
