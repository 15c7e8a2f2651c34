"""The dialog engine: a transitions machine built from a flow, driven as the UI does."""

from __future__ import annotations

import pytest

from skapa_tui.domain.flow import parse_flow
from skapa_tui.domain.indicators import asked_of
from skapa_tui.engine import DONE, INTRO, REVIEW, Dialog, machine_spec, mermaid_diagram


def make_flow(topics: bool = True):
    steps = []
    for n, indicator in enumerate(asked_of("participant")):
        if topics and n % 4 == 0:
            steps.append({"type": "topic", "id": f"topic_{n}", "text": f"Topic {n}"})
        steps.append({
            "type": "question", "id": f"q_{indicator.id}", "indicator": indicator.id,
            "text": f"How about {indicator.id}?",
            "anchors": [{"value": v, "text": f"{indicator.id} anchor {v}"} for v in range(1, 6)],
        })
    return parse_flow({
        "format": 1, "id": "test", "version": 1, "role": "participant",
        "changelog": [{"version": 1, "date": "2026-11-23", "note": "first"}],
        "messages": {"greeting": "Hi", "welcome_back": "Back", "review": "Look", "thanks": "Thanks"},
        "steps": steps,
    })


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


@pytest.fixture
def dialog():
    clock = Clock()
    saved, moves = [], []
    d = Dialog(make_flow(), clock=clock, on_answer=lambda a, p: saved.append((a, p)),
               on_position=moves.append, settle=0.3)
    d.test_clock, d.saved, d.moves = clock, saved, moves
    return d


def show_and_wait(d: Dialog) -> str:
    """What the UI does: put the question on screen; a person reads it."""
    d.presented(d.state)
    d.test_clock.t += 1.0
    return d.state


def walk_to_first_question(d: Dialog) -> None:
    assert d.fire("start")
    while d.step is not None and d.step.type == "topic":
        assert d.fire("proceed")


def test_whole_dialog_answers_every_question_in_order(dialog):
    walk_to_first_question(dialog)
    asked = []
    while dialog.state != REVIEW:
        if dialog.step.type == "topic":
            assert dialog.fire("proceed")
            continue
        item = show_and_wait(dialog)
        asked.append(item)
        assert dialog.fire("answer", item=item, value=len(asked) % 5 + 1)
    assert asked == [q.id for q in dialog.flow.questions]
    assert [a.item for a, _ in dialog.saved] == asked
    assert dialog.fire("send") and dialog.state == DONE


def test_guards_reject_anything_but_1_to_5(dialog):
    walk_to_first_question(dialog)
    item = show_and_wait(dialog)
    for bad in (0, 6, -1, "3", 3.0, True, None):
        assert not dialog.fire("answer", item=item, value=bad)
    assert dialog.state == item and dialog.saved == []


def test_answer_for_a_question_not_on_screen_is_refused(dialog):
    walk_to_first_question(dialog)
    item = dialog.state
    assert not dialog.fire("answer", item=item, value=3), "not yet presented"
    dialog.presented(item)
    assert not dialog.fire("answer", item=item, value=3), "presented but not yet settled"
    dialog.test_clock.t += 0.31
    assert not dialog.fire("answer", item="q_health", value=3), "another item"
    assert dialog.fire("answer", item=item, value=3)


def test_two_fast_presses_never_answer_the_next_question_unseen(dialog):
    walk_to_first_question(dialog)
    first = show_and_wait(dialog)
    assert dialog.fire("answer", item=first, value=2)
    second = dialog.state
    # The second press comes before the UI has shown the next question…
    assert not dialog.fire("answer", item=second, value=2)
    dialog.presented(second)
    # …or right after it appeared.
    assert not dialog.fire("answer", item=second, value=2)
    assert dialog.state == second and second not in dialog.answers
    assert len(dialog.saved) == 1


def test_skip_stores_no_value_and_moves_on(dialog):
    walk_to_first_question(dialog)
    item = show_and_wait(dialog)
    assert dialog.fire("skip", item=item)
    answer, position = dialog.saved[-1]
    assert answer.item == item and answer.value is None and position == dialog.state


def test_back_goes_to_the_previous_question_over_topics(dialog):
    walk_to_first_question(dialog)
    assert not dialog.can("back"), "nothing before the first question"
    items = []
    for _ in range(5):
        while dialog.step.type == "topic":
            dialog.fire("proceed")
        items.append(show_and_wait(dialog))
        dialog.fire("answer", item=items[-1], value=4)
    while dialog.step.type == "topic":
        dialog.fire("proceed")
    here = dialog.state
    assert dialog.fire("back") and dialog.state == items[-1]
    assert dialog.moves[-1] == items[-1]
    assert dialog.answers[items[-1]].value == 4, "going back keeps the answer"
    assert here != dialog.state


def test_change_from_review_returns_to_review(dialog):
    walk_to_first_question(dialog)
    item = show_and_wait(dialog)
    dialog.fire("answer", item=item, value=1)
    assert dialog.fire("to_review") and dialog.state == REVIEW
    assert not dialog.fire("edit", item="no_such_item")
    assert dialog.fire("edit", item=item) and dialog.editing
    show_and_wait(dialog)
    assert dialog.fire("answer", item=item, value=5)
    assert dialog.state == REVIEW and not dialog.editing
    assert dialog.answers[item].value == 5
    # back while changing an answer returns to the review, keeping the old one
    dialog.fire("edit", item=item)
    assert dialog.fire("back") and dialog.state == REVIEW and dialog.answers[item].value == 5


def test_an_answer_that_cannot_be_saved_does_not_move_on():
    clock = Clock()

    def broken(answer, position):
        raise OSError("disk full")

    d = Dialog(make_flow(topics=False), clock=clock, on_answer=broken)
    d.fire("start")
    item = d.state
    d.presented(item)
    clock.t += 1
    with pytest.raises(OSError):
        d.answer(item=item, value=3)
    assert d.state == item and item not in d.answers


def test_resume_starts_where_the_person_stopped():
    flow = make_flow()
    d = Dialog(flow, position="q_health")
    assert d.resumed and d.state == "q_health"
    assert Dialog(flow, position="done").state == INTRO
    assert Dialog(flow, position="nonsense").state == INTRO


def test_number_counts_questions_not_topics(dialog):
    walk_to_first_question(dialog)
    assert dialog.number() == (1, 10)
    assert dialog.number("q_job_search") == (10, 10)


def test_machine_has_a_state_per_step_and_the_fixed_ones():
    flow = make_flow()
    states, transitions = machine_spec(flow)
    assert states[0] == INTRO and states[-2:] == [REVIEW, DONE]
    assert set(states[1:-2]) == {s.id for s in flow.steps}
    assert {t["trigger"] for t in transitions} == {
        "start", "proceed", "answer", "skip", "back", "to_review", "edit", "send"}


def test_mermaid_diagram():
    text = mermaid_diagram(make_flow())
    assert "stateDiagram-v2" in text
    assert "intro --> topic_0: start" in text
    assert "review --> done: send" in text
    assert "classDef" not in text


def test_back_from_a_review_opened_midway_returns_there(dialog):
    walk_to_first_question(dialog)
    first = show_and_wait(dialog)
    dialog.fire("answer", item=first, value=3)
    here = dialog.state
    assert dialog.fire("to_review") and dialog.state == REVIEW
    assert dialog.fire("back") and dialog.state == here
    # a review reached at the end goes back to the last question
    dialog.fire("to_review")
    dialog.fire("edit", item=first)
    show_and_wait(dialog)
    dialog.fire("answer", item=first, value=4)
    assert dialog.state == REVIEW
    assert dialog.fire("back") and dialog.state == dialog.flow.questions[-1].id
