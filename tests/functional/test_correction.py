"""Correcting an answer of a sent reading: the old value is kept, who, when and why are logged."""

from __future__ import annotations

from textual.widgets import OptionList

from skapa_tui.domain.flow import MULTIPLE_ANSWER, SINGLE_ANSWER
from skapa_tui.domain.indicators import SUPERVISOR
from skapa_tui.storage import Store
from skapa_tui.ui.screens.correction import CorrectionScreen
from skapa_tui.ui.widgets.message_line import MessageLine

from .form_helpers import (
    CODE,
    LANG,
    SUPERVISOR_ID,
    DeskStandIn,
    fix_today,
    form_flow,
    key_for,
    make_desk,
    of_kind,
    wait_for,
)

FLOW = form_flow(SUPERVISOR)


def sent_reading(desk) -> str:
    """A sent supervisor's reading made through the desk (every question answered); its id."""
    visit = desk.open_reading(CODE, role=SUPERVISOR, lang=LANG)
    dialog = visit.dialog
    dialog.fire("start")
    while dialog.state != "review":
        question = dialog.question
        if question is None:
            dialog.fire("proceed")
            continue
        dialog.presented(question.id)
        assert dialog.fire("answer", item=question.id, value=key_for(question, 0)[1])
    visit.send()
    return visit.reading.id


async def open_answer(pilot, item: str) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CorrectionScreen), "the correction")
    await pilot.press("enter")  # the newest reading
    answers = app.screen.query_one("#answers", OptionList)
    await wait_for(pilot, lambda: answers.display and answers.option_count, "the answers")
    target = [answers.get_option_at_index(n).id for n in range(answers.option_count)].index(item)
    for _ in range(target):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen.step == "value", "the new value")


def problem(app) -> str:
    """What the modal's message line says ("" when nothing)."""
    return str(app.screen.query_one("#message", MessageLine).render())


async def test_a_correction_is_audited_and_the_old_value_kept(tmp_path, monkeypatch):
    fix_today(monkeypatch)
    desk = make_desk(tmp_path)
    reading_id = sent_reading(desk)
    single = of_kind(FLOW, SINGLE_ANSWER)
    old = key_for(single, 0)[1]
    app = DeskStandIn(desk, lang=LANG, start="correction")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_answer(pilot, single.id)
        screen = app.screen
        # the earlier answer is marked; the new one is chosen by its key
        assert [r.value for r in screen.query_one("Choices").rows if r.has_class("-chosen")] == [old]
        await pilot.press("3")
        assert screen.new_value == single.options[2].id and screen.focused is screen.query_one("#why")
        await pilot.press("enter")  # no reason yet
        await wait_for(pilot, lambda: problem(app), "the refusal")
        assert app.results == []
        await pilot.press(*"Typed from the wrong line")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.results, "saved")
        assert app.results == [True]
    history = Store(tmp_path).history(CODE)
    [reading] = [r for r in history.readings if r.id == reading_id]
    [correction] = reading.corrections
    assert (correction.item, correction.old, correction.new) == (single.id, old, single.options[2].id)
    assert correction.by == SUPERVISOR_ID and correction.why == "Typed from the wrong line"
    assert reading.value(single.id) == single.options[2].id
    assert reading.answers[single.id].value == old  # kept as it was sent


async def test_a_multiple_choice_is_corrected_with_ticks(tmp_path, monkeypatch):
    fix_today(monkeypatch)
    desk = make_desk(tmp_path)
    sent_reading(desk)
    multiple = of_kind(FLOW, MULTIPLE_ANSWER)
    old = key_for(multiple, 0)[1]
    app = DeskStandIn(desk, lang=LANG, start="correction")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_answer(pilot, multiple.id)
        new_index = next(n for n, o in enumerate(multiple.options) if o.id not in old)
        await pilot.press(str(new_index + 1), "enter")
        await wait_for(pilot, lambda: app.screen.chosen, "chosen")
        await pilot.press(*"Also uses this one", "enter")
        await wait_for(pilot, lambda: app.results, "saved")
    [reading] = Store(tmp_path).readings(CODE)
    expected = tuple(o.id for o in multiple.options if o.id in old or o.id == multiple.options[new_index].id)
    assert reading.value(multiple.id) == expected and reading.corrections[0].old == old


async def test_the_same_value_is_refused_with_the_stores_reason(tmp_path, monkeypatch):
    fix_today(monkeypatch)
    desk = make_desk(tmp_path)
    sent_reading(desk)
    single = of_kind(FLOW, SINGLE_ANSWER)
    app = DeskStandIn(desk, lang=LANG, start="correction")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_answer(pilot, single.id)
        await pilot.press("1", *"no change", "enter")
        await wait_for(pilot, lambda: problem(app), "the refusal")
        assert app.results == [] and isinstance(app.screen, CorrectionScreen)
        # Escape goes back a step at a time, then closes
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.step == "answers")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.step == "readings")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.results, "closed")
        assert app.results == [False]
    assert Store(tmp_path).readings(CODE)[0].corrections == []
