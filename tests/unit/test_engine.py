"""The dialog engine: a transitions machine built from a flow, driven as the UI does.

Most tests drive the shipped participant flow; typed answers (single and
multiple choice) use a small format 2 flow built in tests/unit/flow_files.py.
"""

from __future__ import annotations

import pytest

from skapa_tui import resources
from skapa_tui.domain.flow import Flow, Topic, load_flow, parse_flow
from skapa_tui.domain.indicators import PARTICIPANT, asked_of
from skapa_tui.engine import DONE, INTRO, REVIEW, Dialog, machine_spec, mermaid_diagram

from .flow_files import choice_question, flow_data

SHIPPED = load_flow(resources.flow_path("participant"))


def make_flow(topics: bool = True) -> Flow:
    """The shipped participant flow, with or without its topics."""
    if topics:
        return SHIPPED
    steps = tuple(s for s in SHIPPED.steps if not isinstance(s, Topic))
    return Flow(SHIPPED.id, SHIPPED.version, SHIPPED.role, SHIPPED.messages, steps, SHIPPED.changelog)


FIRST, SECOND = (i.id for i in asked_of(PARTICIPANT)[:2])


def typed_flow() -> Flow:
    """A format 2 flow whose first questions are a single and a multiple choice."""
    data = flow_data(topics=False)
    data["steps"][:0] = [choice_question(FIRST, "single"), choice_question(SECOND, "multiple", options=4)]
    return parse_flow(data, "typed.toml")


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
        question = dialog.flow.question(item)
        value = len(asked) % 5 + 1
        if not question.rates:  # a choice: an option (alone, for a multiple choice)
            value = question.options[value % len(question.options)].id
            value = value if question.answer == "single" else (value,)
        assert dialog.fire("answer", item=item, value=value)
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
    another = dialog.flow.questions[-1].id
    assert another != item
    assert not dialog.fire("answer", item=another, value=3), "another item"
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
    for _ in range(max(1, len(dialog.flow.questions) // 2)):
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
    stopped = flow.questions[len(flow.questions) // 2].id
    d = Dialog(flow, position=stopped)
    assert d.resumed and d.state == stopped
    assert Dialog(flow, position="done").state == INTRO
    assert Dialog(flow, position="nonsense").state == INTRO


def test_number_counts_questions_not_topics(dialog):
    walk_to_first_question(dialog)
    questions = dialog.flow.questions
    assert len(questions) < len(dialog.flow.steps), "the flow has topics"
    assert dialog.number() == (1, len(questions))
    assert dialog.number(questions[-1].id) == (len(questions), len(questions))
    assert dialog.number(dialog.flow.steps[0].id) == (0, len(questions)), "a topic has no number"


def test_number_counts_questions_of_every_kind():
    flow = typed_flow()
    d = Dialog(flow)
    kinds = {q.answer for q in flow.questions}
    assert kinds == {"scale", "single", "multiple"}
    for n, question in enumerate(flow.questions, start=1):
        assert d.number(question.id) == (n, len(flow.questions))


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
    assert f"intro --> {make_flow().steps[0].id}: start" in text
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


# -- typed answers ----------------------------------------------------------------

@pytest.fixture
def typed():
    clock = Clock()
    saved = []
    d = Dialog(typed_flow(), clock=clock, on_answer=lambda a, p: saved.append((a, p)), settle=0.3)
    d.test_clock, d.saved, d.moves = clock, saved, []
    assert d.fire("start")
    return d


def test_a_single_choice_takes_one_of_its_option_ids(typed):
    question = typed.question
    assert question.answer == "single"
    item = show_and_wait(typed)
    for bad in (3, "opt_9", ("opt_0",), ["opt_0"], None, ""):
        assert not typed.fire("answer", item=item, value=bad), bad
    assert typed.saved == [] and typed.state == item
    assert typed.fire("answer", item=item, value="opt_1")
    answer, _ = typed.saved[-1]
    assert (answer.item, answer.indicator, answer.value) == (item, FIRST, "opt_1")


def test_a_multiple_choice_takes_distinct_option_ids_and_a_list_as_a_tuple(typed):
    assert typed.fire("answer", item=show_and_wait(typed), value="opt_0")
    question = typed.question
    assert question.answer == "multiple"
    item = show_and_wait(typed)
    for bad in ((), [], ("opt_0", "opt_0"), ("opt_0", "opt_9"), "opt_0", 2, None):
        assert not typed.fire("answer", item=item, value=bad), bad
    assert typed.state == item
    assert typed.fire("answer", item=item, value=["opt_3", "opt_1"])
    answer, _ = typed.saved[-1]
    assert answer.value == ("opt_3", "opt_1") and isinstance(answer.value, tuple)
    assert typed.answers[item].value == ("opt_3", "opt_1")


def test_a_scale_after_choices_takes_1_to_5_only(typed):
    typed.fire("answer", item=show_and_wait(typed), value="opt_2")
    typed.fire("answer", item=show_and_wait(typed), value=("opt_0",))
    assert typed.question.answer == "scale"
    item = show_and_wait(typed)
    assert not typed.fire("answer", item=item, value="opt_0")
    assert typed.fire("answer", item=item, value=5)


def test_skip_stores_no_value_for_a_choice_even_when_given_one(typed):
    item = show_and_wait(typed)
    assert typed.fire("skip", item=item, value="opt_0")
    assert typed.saved[-1][0].value is None


def test_settle_0_takes_an_answer_as_soon_as_the_question_is_shown():
    d = Dialog(typed_flow(), settle=0, clock=Clock())
    d.fire("start")
    item = d.state
    assert not d.fire("answer", item=item, value="opt_0"), "never before it is shown"
    d.presented(item)
    assert d.fire("answer", item=item, value="opt_0")
