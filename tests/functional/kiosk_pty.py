"""The real ``skapa kiosk`` in a pseudo-terminal, for the tests that must see
what a person at the terminal sees (`pty_terminal.PtyApp`).

`start_kiosk` makes a data folder with one participant (or takes one),
starts the kiosk in it and waits for the welcome; `log_in`, `answer_all`
and the rest press keys as a person does and wait for what the screen shows
in the kiosk's language (texts from the real catalogs).
"""

from __future__ import annotations

from pathlib import Path

from skapa_tui import i18n
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store

from ..conftest import _clean_env, skapa_command
from .pty_terminal import PtyApp

CODE, PIN = "ANNA-7", "4321"
FLOW = flow_library().current("participant")


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
    return kiosk


def log_in(kiosk: PtyApp, code: str = CODE, pin: str = PIN) -> None:
    kiosk.type(code)
    kiosk.send("enter")
    kiosk.type(pin)
    kiosk.send("enter")


def question_on_screen(kiosk: PtyApp, lang: str, number: int) -> None:
    """Wait for question ``number`` (from 1) and its answers."""
    question = FLOW.questions[number - 1]
    kiosk.wait_for(said(lang, question.text))
    last = question.anchors[-1] if question.anchors else question.options[-1]
    kiosk.wait_for(said(lang, last.text))


def answer(kiosk: PtyApp, key: str, then: str) -> None:
    """Press ``key`` until ``then`` is on screen: a key pressed before a
    question has been on screen for a moment is not taken (the kiosk's
    settle time), so a person, and this, presses again."""
    for _try in range(20):
        kiosk.send(key)
        try:
            kiosk.wait_for(then, timeout=1.0)
            return
        except AssertionError:
            continue
    kiosk.wait_for(then, timeout=1.0)


def answer_all(kiosk: PtyApp, lang: str, key: str = "3") -> None:
    """Answer every question with ``key``, waiting for each, up to the review."""
    for number in range(1, len(FLOW.questions) + 1):
        question_on_screen(kiosk, lang, number)
        following = (FLOW.questions[number].text if number < len(FLOW.questions)
                     else FLOW.messages["review"])
        question = FLOW.questions[number - 1]
        if key == "0" or question.rates:
            answer(kiosk, key, said(lang, following))
            continue
        # a choice: the option with that number (or the last one); a multiple choice ticks it, then Enter
        option = str(min(int(key), len(question.options), 9))
        if question.answer == "single":
            answer(kiosk, option, said(lang, following))
        else:
            kiosk.send(option)
            answer(kiosk, "enter", said(lang, following))
