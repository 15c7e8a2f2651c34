"""SVG snapshots of the compact form (a scale question; the channels question)
and the quick-entry modal, in every language, at 80x24 and 120x40.

The desk's and the store's today are fixed (form_helpers.TODAY), so the dates
on screen never change. Update with `pytest --snapshot-update` after a wanted
change and look at the pictures before committing them.
"""

from __future__ import annotations

import pytest

from skapa_tui.domain.flow import MULTIPLE_ANSWER

from .form_helpers import LANGS, DeskStandIn, fix_today, form_flow, key_for, make_desk, of_kind, wait_asked, wait_for

SIZES = [(80, 24), (120, 40)]
FLOW = form_flow()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_form_scale_question(snap_compare, tmp_path, monkeypatch, lang, size):
    fix_today(monkeypatch)
    first, second = FLOW.questions[0], FLOW.questions[1]

    async def run_before(pilot):
        await wait_asked(pilot, first.id)
        await pilot.press(*key_for(first, 3)[0])
        await wait_asked(pilot, second.id)
        await pilot.press("backspace")  # the earlier answer is marked
        await wait_asked(pilot, first.id)
        await pilot.pause()

    assert snap_compare(DeskStandIn(make_desk(tmp_path), lang=lang), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_form_channels_question(snap_compare, tmp_path, monkeypatch, lang, size):
    fix_today(monkeypatch)
    multiple = of_kind(FLOW, MULTIPLE_ANSWER)
    questions = list(FLOW.questions)

    async def run_before(pilot):
        while (asked := await wait_asked(pilot)) != multiple.id:
            question = FLOW.question(asked)
            await pilot.press(*key_for(question, questions.index(question))[0])
            await wait_for(pilot, lambda: pilot.app.screen.asked != asked)
        await pilot.press("1", "2")  # two ticked, the second focused
        await pilot.pause()

    assert snap_compare(DeskStandIn(make_desk(tmp_path), lang=lang), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_quick_entry(snap_compare, tmp_path, lang, size):
    from skapa_tui.ui.screens.quick_entry import QuickEntryScreen

    async def run_before(pilot):
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, QuickEntryScreen))
        await pilot.pause()

    assert snap_compare(DeskStandIn(make_desk(tmp_path), lang=lang, start="quick"), terminal_size=size,
                        run_before=run_before)
