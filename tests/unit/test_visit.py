"""The visit as the one controller of a reading's views, without a screen:
the steps it gives for every move, on a real data folder and the shipped
participant flow (its questions come from the flow, never a fixed list)."""

from __future__ import annotations

from datetime import date

import pytest

from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.reading import ENTRY_PAPER, Answer, now
from skapa_tui.logic.recall import STAYED, WENT_DOWN, WENT_UP
from skapa_tui.logic.visit import AGAIN, BACK, CHANGE, FILL, Visit
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store

LIBRARY = flow_library()
FLOW = LIBRARY.current("participant")
QUESTIONS = list(FLOW.questions)
CODE = "AB-12"


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "data")
    store.add_participant(CODE, "1234")
    return store


def open_visit(store: Store) -> Visit:
    return Visit.open(store, CODE, LIBRARY, FLOW.id, "sv", settle=0.0)


def as_value(question, value: int):
    """``value`` as the question takes it: itself on a scale, that option (counted
    round) of a single choice, that option alone of a multiple choice."""
    if question.rates:
        return value
    option = question.options[(value - 1) % len(question.options)].id
    return option if question.answer == "single" else (option,)


def answer(visit: Visit, value=3):
    step = visit.where()
    visit.presented(step.question.id)
    return visit.answer(as_value(step.question, value))


def test_the_first_step_passes_the_first_topic_and_asks_the_first_question(store):
    step = open_visit(store).begin()
    assert step.opening and step.question == QUESTIONS[0] and (step.number, step.total) == (1, len(QUESTIONS))
    assert [t.id for t in step.topics] == [s.id for s in FLOW.steps[:FLOW.steps.index(QUESTIONS[0])]]
    assert step.link is None and step.answer is None and step.recall is None


def test_an_answer_is_not_taken_before_the_question_is_on_screen(store):
    visit = Visit.open(store, CODE, LIBRARY, FLOW.id, "sv", settle=60.0)
    visit.begin()
    visit.presented(QUESTIONS[0].id)
    assert visit.answer(3) is None  # on screen for less than the settle time
    assert store.readings(CODE)[0].answers == {}


def test_back_links_and_marks_this_readings_own_answer(store):
    visit = open_visit(store)
    visit.begin()
    step = answer(visit, 4)
    assert step.question == QUESTIONS[1] and step.link is None
    back = visit.back()
    assert back.question == QUESTIONS[0] and back.link == BACK and back.answer.value == 4


def test_the_review_counts_the_missing_and_fills_them_one_after_the_other(store):
    visit = open_visit(store)
    visit.begin()
    answer(visit, 2)
    review = visit.review()
    assert review.at_review and [q.id for q in visit.missing()] == [q.id for q in QUESTIONS[1:]]
    step = visit.fill()  # the first without an answer, then the next, ...
    assert step.question == QUESTIONS[1] and step.link == FILL
    step = answer(visit, 5)
    assert step.question == QUESTIONS[2] and step.link == FILL
    visit.presented(QUESTIONS[2].id)
    step = visit.skip()  # "I'd rather not answer" is an answer too
    assert step.question == QUESTIONS[3]
    back = visit.back()  # going back while filling: the review, with the last answered in focus
    assert back.at_review and back.changed == QUESTIONS[2].id
    assert len(visit.missing()) == len(QUESTIONS) - 3


def test_a_change_from_the_review_comes_back_to_the_review_with_it_in_focus(store):
    visit = open_visit(store)
    visit.begin()
    for _ in QUESTIONS:
        step = answer(visit, 3)
    assert step.at_review and step.changed is None  # the first pass: no focus on an answer
    step = visit.from_review(("change", QUESTIONS[4].id))
    assert step.question == QUESTIONS[4] and step.link == CHANGE and step.answer.value == as_value(QUESTIONS[4], 3)
    step = answer(visit, 1)
    assert step.at_review and step.changed == QUESTIONS[4].id
    step = visit.from_review("back")
    assert step.question == QUESTIONS[-1] and step.link == AGAIN
    assert visit.from_review("nonsense").question == QUESTIONS[-1]  # stays where it is


def test_reflections_come_in_turn_for_each_direction(store):
    store.add_supervisor("anna", "a long passphrase")
    earlier = store.start_reading(CODE, flow=FLOW.id, flow_version=FLOW.version, role=PARTICIPANT, rater=None,
                                  entry=ENTRY_PAPER, entered_by="anna", meeting_date=date(2026, 1, 5), lang="sv")
    for q in QUESTIONS:
        store.save_answer(CODE, earlier.id, Answer(q.id, q.indicator, 3, now()), None)
    store.complete_reading(CODE, earlier.id)
    visit = open_visit(store)
    said = [visit.reflection(QUESTIONS[0], value) for value in (4, 4, 4, 3, 3, 2, 2)]
    assert said == [WENT_UP[0], WENT_UP[1], WENT_UP[2], STAYED[0], STAYED[1], WENT_DOWN[0], WENT_DOWN[1]]
    assert visit.reflection(QUESTIONS[0], None) is None  # no answer: nothing to compare
