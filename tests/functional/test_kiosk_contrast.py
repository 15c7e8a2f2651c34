"""What a participant must read stands out from its background: a contrast of
at least 4.5:1 (WCAG AA for normal text), measured on the colours the real
kiosk draws with, for the progress, the key hint, the answers and the
review's count, in every language (the words differ, the colours must not).
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from skapa_tui.ui.screens.review import ReviewScreen
from skapa_tui.ui.widgets.choices import ChoiceRow
from skapa_tui.ui.widgets.progress import Progress

from .kiosk_helpers import LANGS, answer, log_in, make_app, wait_for, wait_for_question

AA = 4.5


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(widget) -> float:
    """The contrast of a widget's text against what is behind it, as drawn."""
    fg, bg = widget.visual_style.foreground, widget.visual_style.background
    assert fg is not None and bg is not None
    lighter, darker = sorted((luminance(fg.rgb), luminance(bg.rgb)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_what_a_participant_reads_has_enough_contrast(tmp_path, lang):
    app = make_app(tmp_path, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await wait_for_question(pilot)
        screen = app.screen
        readable = [screen.query_one(Progress), screen.query_one("#hint", Static),
                    *(row for row in screen.query(ChoiceRow) if row.display)]
        for widget in readable:
            assert contrast(widget) >= AA, (widget, contrast(widget))
        await answer(pilot, "3")
        await wait_for_question(pilot)
        await pilot.click("#review")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        for name in ("#missing", "#keys", "#intro"):
            widget = app.screen.query_one(name, Static)
            assert contrast(widget) >= AA, (name, contrast(widget))
