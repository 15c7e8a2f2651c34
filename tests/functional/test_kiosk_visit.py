"""The kiosk's visit (`skapa_tui.logic.visit.Visit`) without a screen: the
application logic driven as an app drives it, on a real data folder with the
shipped flow."""

from __future__ import annotations

import pytest

from skapa_tui.domain.flow import Topic
from skapa_tui.engine import DONE, INTRO, REVIEW
from skapa_tui.logic.visit import Visit
from skapa_tui.resources import flow_library
from skapa_tui.storage import StorageError, Store

from .kiosk_helpers import CODE, LANG, OTHER, make_store, shipped_flow, spread_answers

FLOW = shipped_flow()
QUESTIONS = [q.id for q in FLOW.questions]


def to_question(dialog) -> str:
    """Say the topics and put the next question on screen, as the dialog screen does."""
    while dialog.state == INTRO or isinstance(dialog.step, Topic):
        dialog.fire("start" if dialog.state == INTRO else "proceed")
    dialog.presented(dialog.question.id)
    return dialog.question.id


def visit(store: Store, troubles: list | None = None, lang: str = LANG) -> Visit:
    return Visit.open(store, CODE, flow_library(), FLOW.id, lang, settle=0.0,
                 on_trouble=lambda: troubles.append("trouble") if troubles is not None else None)


def test_a_visit_saves_each_answer_and_resumes_where_it_was_left(tmp_path):
    store = make_store(tmp_path)
    first = visit(store)
    assert not first.dialog.resumed
    half = len(QUESTIONS) // 2
    values = spread_answers(FLOW)[1]
    for value, item in zip(values[:half], QUESTIONS[:half]):
        assert to_question(first.dialog) == item
        assert first.dialog.fire("answer", item=item, value=value)
        # saved at once: another Store on the same folder sees it
        [session] = Store(tmp_path).readings(CODE)
        assert session.answers[item].value == value and session.completed_at is None
    # left without a word; the next visit goes on in the same session
    again = visit(Store(tmp_path))
    assert again.reading.id == first.reading.id and again.dialog.resumed
    assert {i: a.value for i, a in again.dialog.answers.items()} == dict(zip(QUESTIONS[:half], values[:half]))
    assert to_question(again.dialog) == QUESTIONS[half]


def test_sending_completes_the_session_and_ends_the_dialog(tmp_path):
    store = make_store(tmp_path)
    v = visit(store)
    values = spread_answers(FLOW)[1]
    for value in values:
        item = to_question(v.dialog)
        assert v.dialog.fire("answer", item=item, value=value)
    assert v.dialog.state == REVIEW
    v.send()
    assert v.dialog.state == DONE
    [session] = Store(tmp_path).readings(CODE)
    assert session.completed_at is not None
    assert [session.answers[i].value for i in QUESTIONS] == values
    # a sent session is not opened again: the next visit starts a new one
    assert visit(Store(tmp_path)).reading.id != session.id


def test_a_send_that_cannot_be_saved_leaves_the_dialog_at_the_review(tmp_path):
    store = make_store(tmp_path)
    v = visit(store)
    for _ in QUESTIONS:
        item = to_question(v.dialog)
        v.dialog.fire("skip", item=item)
    store.path_of(CODE).write_bytes(b"[]")  # damaged behind the app's back
    with pytest.raises(StorageError):
        v.send()
    assert v.dialog.state == REVIEW


def test_trouble_saving_where_to_resume_is_told_and_the_dialog_goes_on(tmp_path):
    store = make_store(tmp_path)
    troubles: list[str] = []
    v = visit(store, troubles)
    item = to_question(v.dialog)
    store.path_of(CODE).write_bytes(b"[]")
    v.switch_language(OTHER)  # saves the position with the language: it cannot
    assert troubles == ["trouble"] and v.lang == OTHER
    assert v.dialog.state == item


def test_a_language_switch_is_kept_with_the_position(tmp_path):
    store = make_store(tmp_path)
    v = visit(store)
    item = to_question(v.dialog)
    v.switch_language(OTHER)
    [session] = Store(tmp_path).readings(CODE)
    assert (session.position, session.lang) == (item, OTHER)
