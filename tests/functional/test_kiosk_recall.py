"""The kiosk remembers: in a follow-up, each question is followed by what the
person chose last time and when, each answer by a short line about the
change, and nothing is preselected. The real kiosk, headless, on a real
data folder whose earlier reading was typed in from paper."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.reading import ENTRY_PAPER, Answer, now, today
from skapa_tui.logic.recall import STAYED, WENT_DOWN, WENT_UP, fmt_day, recall_line
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.kiosk_app import KioskApp
from skapa_tui.ui.screens.dialog import DialogScreen
from skapa_tui.ui.widgets.chat import ChatBubble
from skapa_tui.ui.widgets.choices import ChoiceRow

from .kiosk_helpers import CODE, LANG, LANGS, OTHER, PIN, answer, log_in, tr, wait_for, wait_for_question

LIBRARY = flow_library()
FLOW = LIBRARY.current(PARTICIPANT)
QUESTIONS = FLOW.questions
EARLIER = today() - timedelta(days=91)
# last time: the middle of the scale for the first three questions, nothing
# for the fourth, and the fifth not answered ("I'd rather not answer")
BEFORE = {QUESTIONS[0].id: 3, QUESTIONS[1].id: 3, QUESTIONS[2].id: 3, QUESTIONS[4].id: None}


def follow_up_folder(root, earlier: dict | None = BEFORE) -> Store:
    store = Store(root)
    store.add_supervisor("anna", "a long passphrase")
    store.add_participant(CODE, PIN, supervisor="anna")
    if earlier is not None:
        reading = store.start_reading(CODE, flow=FLOW.id, flow_version=FLOW.version, role=PARTICIPANT,
                                      rater=None, entry=ENTRY_PAPER, entered_by="anna",
                                      meeting_date=EARLIER, lang=LANG)
        for item, value in earlier.items():
            q = FLOW.question(item)
            store.save_answer(CODE, reading.id, Answer(q.id, q.indicator, value, now()), None)
        store.complete_reading(CODE, reading.id)
    return store


def bubbles(app) -> list[ChatBubble]:
    return list(app.screen.query(ChatBubble))


def texts(app) -> list[str]:
    return [str(b.render()) for b in bubbles(app)]


def recalled(app) -> list[str]:
    return [str(b.render()) for b in bubbles(app) if b.role == "recall"]


def chosen(app) -> list[ChoiceRow]:
    return [b for b in app.screen.query(ChoiceRow) if b.display and b.has_class("-chosen")]


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_a_follow_up_recalls_and_reflects_and_preselects_nothing(tmp_path, lang):
    store = follow_up_folder(tmp_path)
    app = KioskApp(store, LIBRARY, lang=lang, settle=0.0)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot)
        item = await wait_for_question(pilot)
        assert item == QUESTIONS[0].id and isinstance(app.screen, DialogScreen)
        q = QUESTIONS[0]
        line = texts(app)[-1]
        # right after the question: the day in the language's way and the earlier anchor
        assert recalled(app) == [line]
        assert fmt_day(EARLIER, lang) in line and tr(lang, q.anchor(3).text) in line
        assert texts(app).index(tr(lang, q.text)) < texts(app).index(line)
        assert chosen(app) == []  # the earlier answer is said, not chosen

        # up: warmly
        await answer(pilot, "4")
        said = texts(app)
        reply = said.index(tr(lang, q.anchor(4).text))
        assert said[reply + 1] == app.screen.chat.bubbles[reply + 1].text()
        assert said[reply + 1] in _t(lang, WENT_UP)
        await wait_for_question(pilot)
        assert chosen(app) == []
        # the same: steady
        await answer(pilot, "3")
        assert _t(lang, STAYED) & set(texts(app))
        await wait_for_question(pilot)
        # down: never blamed, an invitation to talk about it
        await answer(pilot, "1")
        assert _t(lang, WENT_DOWN) & set(texts(app))
        # no earlier answer: no recall, and no reflection after the answer
        item = await wait_for_question(pilot)
        assert item == QUESTIONS[3].id
        assert len(recalled(app)) == 3
        before = len(texts(app))
        await answer(pilot, "5")
        assert not reflections(lang) & set(texts(app)[before:])
        # earlier "I'd rather not answer": said so, and an answer now gets no reflection
        item = await wait_for_question(pilot)
        assert item == QUESTIONS[4].id
        assert recalled(app)[-1] == recall_line(app.screen.step.recall, QUESTIONS[4], lang)
        assert fmt_day(EARLIER, lang) in recalled(app)[-1]
        before = len(texts(app))
        await answer(pilot, "2")
        assert not reflections(lang) & set(texts(app)[before:])


def _t(lang: str, msgid):
    """The catalog's text for a msgid, or for each of a tuple of them (a set)."""
    from skapa_tui import i18n

    if isinstance(msgid, tuple):
        return {i18n.translation(lang).gettext(m) for m in msgid}
    return i18n.translation(lang).gettext(msgid)


def reflections(lang: str) -> set[str]:
    return _t(lang, WENT_UP) | _t(lang, STAYED) | _t(lang, WENT_DOWN)


async def test_back_shows_this_readings_answer_as_chosen_not_the_earlier(tmp_path):
    store = follow_up_folder(tmp_path)
    app = KioskApp(store, LIBRARY, lang=LANG, settle=0.0)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot)
        await answer(pilot, "5")
        await wait_for_question(pilot)
        await pilot.press("backspace")
        await wait_for(pilot, lambda: app.visit.dialog.state == QUESTIONS[0].id, "the first question again")
        await wait_for(pilot, lambda: chosen(app), "the chosen answer")
        assert [b.value for b in chosen(app)] == [5]  # this reading's 5, not the earlier 3


async def test_the_recall_follows_a_language_switch(tmp_path):
    store = follow_up_folder(tmp_path)
    app = KioskApp(store, LIBRARY, lang=LANG, settle=0.0)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot)
        await wait_for_question(pilot)
        q = QUESTIONS[0]
        assert tr(LANG, q.anchor(3).text) in recalled(app)[0]
        await pilot.click(f"#lang-{OTHER}")
        await wait_for(pilot, lambda: tr(OTHER, q.anchor(3).text) in recalled(app)[0], OTHER)
        assert fmt_day(EARLIER, OTHER) in recalled(app)[0]


async def test_a_first_meeting_recalls_nothing(tmp_path):
    store = follow_up_folder(tmp_path, earlier=None)
    app = KioskApp(store, LIBRARY, lang=LANG, settle=0.0)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot)
        await wait_for_question(pilot)
        assert app.screen.step.recall is None
        await answer(pilot, "4")
        await wait_for_question(pilot)
        assert recalled(app) == []
        assert not reflections(LANG) & set(texts(app))


async def test_a_follow_up_of_the_same_day_recalls_the_reading_sent_before(tmp_path):
    """A reading sent at the kiosk is recalled at the next login, dated today."""
    store = follow_up_folder(tmp_path, earlier=None)
    app = KioskApp(store, LIBRARY, lang=LANG, settle=0.0)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot)
        await answer(pilot, "2")
        app.take_break()
        await log_in(pilot)
        await wait_for_question(pilot)
        # the same unfinished reading resumes: nothing sent, nothing recalled
        assert app.screen.step.recall is None
    sent = store.readings(CODE)[0]
    store.complete_reading(CODE, sent.id)
    app = KioskApp(Store(tmp_path), LIBRARY, lang=LANG, settle=0.0)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot)
        await wait_for_question(pilot)
        assert fmt_day(today(), LANG) in recalled(app)[0]
        assert tr(LANG, QUESTIONS[0].anchor(2).text) in recalled(app)[0]
