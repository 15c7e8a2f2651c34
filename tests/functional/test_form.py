"""The compact professional form, headless, on a real data folder and the shipped flows.

Every language of the catalogs; the questions, their kinds and options come
from the flow file, never a fixed list.
"""

from __future__ import annotations

import pytest

from skapa_tui.domain.flow import MULTIPLE_ANSWER, SCALE_ANSWER, SINGLE_ANSWER
from skapa_tui.domain.indicators import SUPERVISOR
from skapa_tui.domain.reading import ENTRY_LIVE, Answer, now
from skapa_tui.logic.recall import fmt_day
from skapa_tui.storage import Store
from skapa_tui.ui.screens.confirm import ConfirmScreen
from skapa_tui.ui.screens.form import FormReviewScreen, FormScreen
from skapa_tui.ui.widgets.choices import NOT_RATED, ChoiceRow, answer_text

from .form_helpers import (
    CODE,
    LANG,
    LANGS,
    SUPERVISOR_ID,
    TODAY,
    DeskStandIn,
    answer_form,
    fix_today,
    form_flow,
    key_for,
    make_desk,
    make_store,
    of_kind,
    tr,
    wait_asked,
    wait_for,
    wait_review,
)
from .kiosk_pty import said_n

FLOW = form_flow(SUPERVISOR)
QUESTIONS = list(FLOW.questions)


def rows(app) -> list[ChoiceRow]:
    return app.screen.choices.rows


def row_texts(app) -> list[str]:
    return [row.said for row in rows(app)]


async def answer_up_to(pilot, item: str) -> dict:
    """Answer (with `key_for`) every question before ``item``; return what was given."""
    given = {}
    while (asked := await wait_asked(pilot)) != item:
        question = FLOW.question(asked)
        keys, value = key_for(question, QUESTIONS.index(question))
        for key in keys:
            await pilot.press(key)
        given[asked] = value
        await wait_for(pilot, lambda: pilot.app.screen.asked != asked, f"past {asked}")
    return given


def test_the_flow_has_every_kind_of_answer():
    kinds = {q.answer for q in QUESTIONS}
    assert {SCALE_ANSWER, SINGLE_ANSWER, MULTIPLE_ANSWER} <= kinds
    assert any(o.note for o in of_kind(FLOW, MULTIPLE_ANSWER).options)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_whole_form_in_every_language(tmp_path, monkeypatch, lang):
    fix_today(monkeypatch)
    app = DeskStandIn(make_desk(tmp_path), lang=lang)
    async with app.run_test(size=(100, 40)) as pilot:
        first = await wait_asked(pilot)
        assert first == QUESTIONS[0].id
        screen = app.screen
        assert isinstance(screen, FormScreen)
        # every anchor as a full sentence, in the language, and the skip
        texts = row_texts(app)
        assert [t.split("  ", 1)[1] for t in texts[:-1]] == [tr(lang, a.text) for a in QUESTIONS[0].anchors]
        assert texts[-1].endswith(tr(lang, NOT_RATED))
        heading = str(screen.query_one("#heading").render())
        assert CODE in heading
        expected = await answer_form(pilot, FLOW)
        review = await wait_review(pilot)
        lines = {line.question.id: str(line.render()) for line in review.lines}
        single, multiple = of_kind(FLOW, SINGLE_ANSWER), of_kind(FLOW, MULTIPLE_ANSWER)
        assert tr(lang, single.option(expected[single.id]).text) in lines[single.id]
        for option_id in expected[multiple.id]:
            assert tr(lang, multiple.option(option_id).text) in lines[multiple.id]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.results, "the form to close")
        assert app.results == ["sent"] and app.crash is None
    [reading] = Store(tmp_path).readings(CODE)
    assert reading.finished and reading.role == SUPERVISOR and reading.rater == SUPERVISOR_ID
    assert reading.entry == ENTRY_LIVE and reading.entered_by == SUPERVISOR_ID
    assert reading.meeting_date == TODAY and reading.flow == FLOW.id and reading.flow_version == FLOW.version
    assert {item: a.value for item, a in reading.answers.items()} == expected
    assert isinstance(reading.value(single.id), str)
    assert isinstance(reading.value(multiple.id), tuple) and len(reading.value(multiple.id)) == 2


async def test_the_title_bar_says_where_and_the_heading_whose_and_how(tmp_path, monkeypatch):
    fix_today(monkeypatch)
    app = DeskStandIn(make_desk(tmp_path), lang=LANG)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_asked(pilot)
        from skapa_tui.i18n import fmt_date
        from skapa_tui.ui.widgets.title_bar import TitleBar

        where = app.screen.query_one(TitleBar)._where
        assert where == tr(LANG, "Question {n} of {total}").format(n=1, total=len(QUESTIONS))
        heading = str(app.screen.query_one("#heading").render())
        assert fmt_date(TODAY, LANG) in heading


async def test_the_channels_show_their_notes_and_toggle(tmp_path, monkeypatch):
    fix_today(monkeypatch)
    multiple = of_kind(FLOW, MULTIPLE_ANSWER)
    app = DeskStandIn(make_desk(tmp_path), lang=LANG)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_up_to(pilot, multiple.id)
        texts = row_texts(app)
        for option, text in zip(multiple.options, texts):
            assert tr(LANG, option.text) in text and "[ ]" in text
            notes = {tr(LANG, o.note) for o in multiple.options if o.note}
            if option.note:
                assert tr(LANG, option.note) in text
            else:
                assert not any(note in text for note in notes)
        # Enter with nothing marked: nothing is taken
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.asked == multiple.id
        # 1 marks, 1 again unmarks, 2 marks; Space on the focused (last marked) unmarks it
        await pilot.press("1", "1", "2", "3")
        assert app.screen.choices.value() == (multiple.options[1].id, multiple.options[2].id)
        assert "[x]" in row_texts(app)[1] and "[ ]" in row_texts(app)[0]
        await pilot.press("space")
        assert app.screen.choices.value() == (multiple.options[1].id,)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormReviewScreen) or app.screen.asked != multiple.id)
    [reading] = Store(tmp_path).readings(CODE)
    assert reading.answers[multiple.id].value == (multiple.options[1].id,)


async def test_back_marks_the_earlier_answer_and_skip_stores_not_rated(tmp_path, monkeypatch):
    fix_today(monkeypatch)
    app = DeskStandIn(make_desk(tmp_path), lang=LANG)
    first, second = QUESTIONS[0], QUESTIONS[1]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_asked(pilot, first.id)
        await pilot.press("backspace")  # nothing before the first question
        await pilot.pause()
        assert app.screen.asked == first.id
        keys, value = key_for(first, 3)
        await pilot.press(*keys)
        await wait_asked(pilot, second.id)
        await pilot.press("backspace")
        await wait_asked(pilot, first.id)
        chosen = [row.value for row in rows(app) if row.has_class("-chosen")]
        # this reading's own answer is marked, and nothing has the cursor: nothing is chosen unseen
        assert chosen == [value] and app.screen.choices.cursor is None
        await pilot.press("enter")  # Enter with the cursor nowhere chooses nothing
        await pilot.pause()
        assert app.screen.asked == first.id and app.screen.query_one("#keys").has_class("-nudge")
        await pilot.press("0")
        await wait_asked(pilot, second.id)
        await pilot.press("0")
        await wait_for(pilot, lambda: app.screen.asked not in (None, second.id), "the third question")
        await pilot.press("backspace")
        await wait_asked(pilot, second.id)
        assert [row.value for row in rows(app) if row.has_class("-chosen")] == [None]
    [reading] = Store(tmp_path).readings(CODE)
    assert reading.answers[first.id].value is None and reading.answers[second.id].value is None
    assert not reading.finished


async def test_a_break_and_going_on_later_with_a_new_store(tmp_path, monkeypatch):
    fix_today(monkeypatch)
    app = DeskStandIn(make_desk(tmp_path), lang=LANG)
    stop_at = QUESTIONS[len(QUESTIONS) // 2]
    async with app.run_test(size=(80, 24)) as pilot:
        given = await answer_up_to(pilot, stop_at.id)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.results, "the break")
        assert app.results == ["break"] and not isinstance(app.screen, FormScreen)
    [reading] = Store(tmp_path).readings(CODE)
    assert not reading.finished and {i: a.value for i, a in reading.answers.items()} == given

    store = Store(tmp_path)  # another day, another process: a new store and desk
    from .form_helpers import make_desk as desk_on

    again = DeskStandIn(desk_on(tmp_path, store), lang=LANG)
    async with again.run_test(size=(80, 24)) as pilot:
        assert await wait_asked(pilot) == stop_at.id
        assert again.visit.reading.id == reading.id and again.visit.resumed
        rest = await answer_form(pilot, FLOW)
        await pilot.press("enter")
        await wait_for(pilot, lambda: again.results, "sent")
        assert again.results == ["sent"]
    [reading] = Store(tmp_path).readings(CODE)
    assert reading.finished and {i: a.value for i, a in reading.answers.items()} == {**given, **rest}


async def test_review_change_an_answer_then_send(tmp_path, monkeypatch):
    fix_today(monkeypatch)
    app = DeskStandIn(make_desk(tmp_path), lang=LANG)
    single = of_kind(FLOW, SINGLE_ANSWER)
    first = QUESTIONS[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_asked(pilot, first.id)
        await pilot.press("ctrl+r")
        review = await wait_review(pilot)
        texts = {line.question.id: str(line.render()) for line in review.lines}
        assert all(tr(LANG, "Not answered yet") in t for t in texts.values())
        await pilot.press("backspace")  # back to the question the review was opened from
        await wait_asked(pilot, first.id)
        keys, _value = key_for(first, 0)
        await pilot.press(*keys)
        await wait_asked(pilot, QUESTIONS[1].id)
        await pilot.press("ctrl+r")
        review = await wait_review(pilot)
        missing = str(review.query_one("#missing").render())
        assert missing == said_n(LANG, "{n} question has no answer yet.", "{n} questions have no answer yet.",
                                 len(QUESTIONS) - 1)
        # E on an answered line changes it, and the review comes back with that line focused
        await pilot.press("down")
        assert review.focused.question.id == first.id
        await pilot.press("e")
        await wait_asked(pilot, first.id)
        keys, changed = key_for(first, 4)
        await pilot.press(*keys)
        review = await wait_review(pilot)  # back to the review, not on to the next question
        assert review.focused.question.id == first.id
        assert tr(LANG, first.anchor(changed).text) in str(review.focused.render())
        # E on an unanswered line answers it, then goes on to the next unanswered one
        for _ in range(QUESTIONS.index(single)):
            await pilot.press("down")
        assert review.focused.question.id == single.id
        await pilot.press("e")
        await wait_asked(pilot, single.id)
        await pilot.press(str(len(single.options)))
        following = QUESTIONS[QUESTIONS.index(single) + 1]
        await wait_asked(pilot, following.id)
        await pilot.press("backspace")  # back from answering the unanswered: the review
        review = await wait_review(pilot)
        # sending with questions left asks once; Enter there answers them
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question before sending")
        await pilot.press("enter")
        unanswered = next(q for q in QUESTIONS if q not in (first, single))
        await wait_asked(pilot, unanswered.id)  # the first without an answer
        await pilot.press("ctrl+r")
        await wait_review(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question before sending")
        await pilot.press("right", "enter")  # "Send anyway"
        await wait_for(pilot, lambda: app.results, "sent")
    [reading] = Store(tmp_path).readings(CODE)
    assert reading.finished
    assert {i: a.value for i, a in reading.answers.items()} == {first.id: changed, single.id: single.options[-1].id}


async def test_the_language_switch_says_the_question_again(tmp_path, monkeypatch):
    fix_today(monkeypatch)
    from .form_helpers import OTHER

    app = DeskStandIn(make_desk(tmp_path), lang=LANG)
    async with app.run_test(size=(120, 40)) as pilot:
        item = await wait_asked(pilot)
        await pilot.click(f"#lang-{OTHER}")
        question = FLOW.question(item)
        await wait_for(pilot, lambda: tr(OTHER, question.text) in str(app.screen.query_one("#question").render()))
        assert tr(OTHER, question.anchors[0].text) in row_texts(app)[0]
        assert app.crash is None


def test_answer_text_says_every_kind_in_words():
    single, multiple = of_kind(FLOW, SINGLE_ANSWER), of_kind(FLOW, MULTIPLE_ANSWER)
    scale = QUESTIONS[0]
    ids = tuple(o.id for o in multiple.options[:2])
    from skapa_tui import i18n

    saved = i18n.current_language()
    try:
        i18n.set_language("en")
        assert answer_text(scale, 2) == scale.anchor(2).text
        assert answer_text(single, single.options[0].id) == single.options[0].text
        assert answer_text(multiple, ids) == "; ".join(o.text for o in multiple.options[:2])
        assert answer_text(multiple, None) == NOT_RATED
    finally:
        i18n.set_language(saved)


def store_earlier_rating(store: Store, rater: str, day, value: int) -> None:
    """A sent paper reading of the supervisor's form by ``rater``, every scale question at ``value``."""
    reading = store.start_reading(CODE, flow=FLOW.id, flow_version=FLOW.version, role=SUPERVISOR, rater=rater,
                                  entry="paper", entered_by=rater, meeting_date=day, lang=LANG)
    for question in FLOW.questions:
        if question.answer == SCALE_ANSWER:
            store.save_answer(CODE, reading.id, Answer(question.id, question.indicator, value, now()), None)
    store.complete_reading(CODE, reading.id)


async def test_a_follow_up_shows_the_raters_own_last_rating_and_preselects_nothing(tmp_path, monkeypatch):
    from datetime import timedelta

    fix_today(monkeypatch)
    store = make_store(tmp_path)
    store.add_supervisor("olle", "another long passphrase")
    earlier = TODAY - timedelta(days=90)
    store_earlier_rating(store, SUPERVISOR_ID, earlier, 4)
    store_earlier_rating(store, "olle", TODAY - timedelta(days=10), 1)  # another rater: not recalled
    app = DeskStandIn(make_desk(tmp_path, store), lang=LANG)
    async with app.run_test(size=(100, 40)) as pilot:
        first = await wait_asked(pilot)
        question = FLOW.question(first)
        recall = str(app.screen.query_one("#recall").render())
        # the date in the language's own words, and the anchor this rater chose then
        assert fmt_day(earlier, LANG) in recall
        assert " ".join(tr(LANG, question.anchor(4).text).split()) in " ".join(recall.split())
        assert tr(LANG, question.anchor(1).text) not in recall
        # nothing is marked as chosen in this new reading
        assert not any(row.has_class("-chosen") for row in rows(app))
