"""The kiosk in a real pseudo-terminal, as a person at it uses it.

Each test starts the real ``skapa kiosk`` command in a terminal of a given
size and presses keys; what it checks is what the screen shows (pyte reads
the terminal's output as a person sees it).
"""

from __future__ import annotations

import pytest

from .kiosk_pty import FLOW, answer, answer_all, log_in, question_on_screen, said, start_kiosk

SIZES = {"sv": (80, 24), "da": (120, 40)}


@pytest.mark.parametrize("lang", sorted(SIZES))
def test_backspace_on_the_review_goes_back_and_the_kiosk_goes_on(tmp_path, lang):
    kiosk = start_kiosk(tmp_path, lang, SIZES[lang])
    try:
        log_in(kiosk)
        answer_all(kiosk, lang, "3")
        kiosk.send("backspace")
        last = FLOW.questions[-1]
        kiosk.wait_until(lambda: not kiosk.shows(said(lang, FLOW.messages["review"])), "the review gone")
        question_on_screen(kiosk, lang, len(FLOW.questions))
        assert kiosk.responds(), "the kiosk froze after Backspace on the review"
        answer(kiosk, "5", said(lang, FLOW.messages["review"]))
        kiosk.wait_for(said(lang, last.anchor(5).text))
        assert kiosk.responds()
    finally:
        kiosk.terminate()
        kiosk.close()
