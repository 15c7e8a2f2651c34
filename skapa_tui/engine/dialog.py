"""The dialog engine: a `transitions` state machine built from a flow.

States are ``intro``, one state per step of the flow (its id), ``review`` and
``done``. Triggers:

- ``start``: intro -> first step.
- ``proceed``: a topic message -> the step after it.
- ``answer(item=, value=)``: a question -> the next step (or back to review
  when the answer was a change made from the review). Guards accept only a
  value the question takes (`Question.accepts`: 1-5 for a scale, one of its
  option ids for a single choice, a tuple of distinct option ids for a
  multiple choice; a list is taken as a tuple), only for the question now
  shown, and only once that question has been on screen for ``settle``
  seconds (0 turns this off, for a form a supervisor fills in at once): two
  fast presses can never answer a question the person has not seen.
- ``skip(item=)``: like answer, with no value ("I'd rather not answer").
- ``back``: a question -> the question before it; the review -> the
  question it was opened from (the last question when it came at the end);
  while changing an answer from the review -> the review.
- ``to_review``: any question -> the review.
- ``edit(item=, fill=False)``: the review -> that question. Answered (or
  skipped), it goes back to the review. With ``fill=True`` the person is
  answering the questions they left: after each answer the dialog goes on
  to the next question without an answer (after this one, then from the
  start) and comes back to the review only when none is left, or when the
  person goes back.
- ``send``: the review -> done.

``missing()`` lists the questions without an answer (a skip is an answer:
"I'd rather not answer"); ``last_changed`` is the item answered or changed
last after the review was first shown (from the review, or going back from
it), for the review to show it with the focus on it.

The engine stores nothing itself: ``on_answer(answer, position)`` is called
before the machine moves on, so an answer that cannot be saved is not lost
silently (the exception propagates and the state stays), and
``on_position(position)`` after any other move. It knows nothing of Textual;
the UI calls ``presented(item)`` once a question is on screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from transitions import Machine, MachineError

from ..domain.flow import Flow, Question, Topic
from ..domain.reading import Answer, now

INTRO, REVIEW, DONE = "intro", "review", "done"
RESERVED = (INTRO, REVIEW, DONE)


def machine_spec(flow: Flow) -> tuple[list[str], list[dict[str, Any]]]:
    """The states and transitions of the dialog machine for ``flow``."""
    steps = [s.id for s in flow.steps]
    questions = [q.id for q in flow.questions]
    states = [INTRO, *steps, REVIEW, DONE]
    t: list[dict[str, Any]] = [{"trigger": "start", "source": INTRO, "dest": steps[0]}]
    for n, step in enumerate(flow.steps):
        following = steps[n + 1] if n + 1 < len(steps) else REVIEW
        if isinstance(step, Topic):
            t.append({"trigger": "proceed", "source": step.id, "dest": following})
            continue
        for trigger, guard in (("answer", "accepts_answer"), ("skip", "accepts_skip")):
            t.append({"trigger": trigger, "source": step.id, "dest": REVIEW,
                      "conditions": [guard, "is_editing"], "before": "record"})
            t.append({"trigger": trigger, "source": step.id, "dest": following,
                      "conditions": [guard], "unless": ["is_editing"], "before": "record"})
        t.append({"trigger": "back", "source": step.id, "dest": REVIEW, "conditions": ["is_editing"]})
        qn = questions.index(step.id)
        if qn > 0:
            t.append({"trigger": "back", "source": step.id, "dest": questions[qn - 1],
                      "unless": ["is_editing"]})
        t.append({"trigger": "to_review", "source": step.id, "dest": REVIEW})
        t.append({"trigger": "edit", "source": REVIEW, "dest": step.id, "conditions": ["edits_item"]})
    for item in questions[:-1]:
        t.append({"trigger": "back", "source": REVIEW, "dest": item, "conditions": ["opened_from"]})
    t.append({"trigger": "back", "source": REVIEW, "dest": questions[-1]})
    t.append({"trigger": "send", "source": REVIEW, "dest": DONE})
    return states, t


class Dialog:
    """One person's pass through one flow, driven by the UI."""

    state: str  # set by the transitions Machine, which this object is the model of

    def __init__(
        self,
        flow: Flow,
        *,
        answers: Mapping[str, Answer] | None = None,
        position: str | None = None,
        on_answer: Callable[[Answer, str], None] | None = None,
        on_position: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        settle: float = 0.3,
    ):
        self.flow = flow
        self.answers: dict[str, Answer] = dict(answers or {})
        self.on_answer = on_answer
        self.on_position = on_position
        self.clock = clock
        self.settle = settle
        self.editing = False
        self.filling = False
        self.last_changed: str | None = None
        self._reviewed = False
        self._review_from: str | None = None
        self._shown: tuple[str, float] | None = None
        self._steps = {s.id: s for s in flow.steps}
        states, transitions = machine_spec(flow)
        initial = position if position in states and position != DONE else INTRO
        self.machine = Machine(
            model=self, states=states, transitions=transitions, initial=initial,
            auto_transitions=False, send_event=True, ignore_invalid_triggers=False,
            after_state_change="_moved",
        )
        self.resumed = initial != INTRO

    # ---- what the UI asks -------------------------------------------------

    @property
    def step(self) -> Question | Topic | None:
        return self._steps.get(self.state)

    @property
    def question(self) -> Question | None:
        step = self.step
        return step if isinstance(step, Question) else None

    def number(self, item: str | None = None) -> tuple[int, int]:
        """(n, of) for the question ``item`` (default: the current one), counted
        from 1 among all the questions (scale and choice alike; not topics)."""
        ids = [q.id for q in self.flow.questions]
        item = item or self.state
        return (ids.index(item) + 1 if item in ids else 0), len(ids)

    def can(self, trigger: str, **kwargs: Any) -> bool:
        """Whether ``trigger`` would move the machine now (guards included)."""
        may = getattr(self, f"may_{trigger}", None)  # added by transitions for each trigger
        return bool(may(**kwargs)) if may is not None else False

    def presented(self, item: str) -> None:
        """The UI has put the question ``item`` on screen."""
        if item == self.state:
            self._shown = (item, self.clock())

    def missing(self) -> list[Question]:
        """The questions without an answer yet, in the flow's order."""
        return [q for q in self.flow.questions if q.id not in self.answers]

    def next_missing(self, after: str | None = None) -> Question | None:
        """The first question without an answer after ``after`` (then from the start)."""
        questions = self.flow.questions
        ids = [q.id for q in questions]
        start = ids.index(after) + 1 if after in ids else 0
        for question in (*questions[start:], *questions[:start]):
            if question.id not in self.answers:
                return question
        return None

    def fire(self, trigger: str, **kwargs: Any) -> bool:
        """Pull ``trigger``; False (and no move) when it does not apply now."""
        try:
            moved = bool(getattr(self, trigger)(**kwargs))
        except MachineError:
            return False
        if moved and trigger in ("answer", "skip") and self.state == REVIEW and self.filling:
            following = self.next_missing(after=kwargs.get("item"))
            if following is None or not self.fire("edit", item=following.id, fill=True):
                self.filling = False
        return moved

    # ---- guards -------------------------------------------------------------

    def _on_screen(self, event) -> bool:
        item = event.kwargs.get("item")
        if item != self.state or self._shown is None or self._shown[0] != item:
            return False
        return self.clock() - self._shown[1] >= self.settle

    @staticmethod
    def _value(event) -> Any:
        value = event.kwargs.get("value")
        return tuple(value) if isinstance(value, list) else value

    def accepts_answer(self, event) -> bool:
        question = self.question
        return (question is not None and question.accepts(self._value(event))
                and self._on_screen(event))

    def accepts_skip(self, event) -> bool:
        return self._on_screen(event)

    def is_editing(self, event) -> bool:
        return self.editing

    def edits_item(self, event) -> bool:
        return event.kwargs.get("item") == event.transition.dest

    def opened_from(self, event) -> bool:
        return event.transition.dest == self._review_from

    # ---- callbacks ----------------------------------------------------------

    def record(self, event) -> None:
        question = self._steps[self.state]
        assert isinstance(question, Question)  # only a question is answered
        value = self._value(event) if event.event.name == "answer" else None
        answer = Answer(question.id, question.indicator, value, now())
        if self.on_answer is not None:
            self.on_answer(answer, event.transition.dest)
        self.answers[question.id] = answer

    def _moved(self, event) -> None:
        self._shown = None
        trigger = event.event.name
        if trigger == "to_review":
            self._review_from = event.transition.source
        elif self.state != REVIEW:
            self._review_from = None
        if trigger == "edit":
            self.editing = True
            self.filling = bool(event.kwargs.get("fill"))
        elif self.state == REVIEW or self.state == DONE:
            if trigger in ("answer", "skip") and (self.editing or self._reviewed):
                self.last_changed = event.transition.source
            elif trigger == "back":
                self.filling = False
            self.editing = False
        if self.state == REVIEW:
            self._reviewed = True
        # Answers save their position with them; a topic passes at once, so
        # only a move that stops at a question or the review is worth a write.
        if (trigger not in ("answer", "skip") and self.on_position is not None
                and not isinstance(self.step, Topic)):
            self.on_position(self.state)


def mermaid_diagram(flow: Flow) -> str:
    """The dialog machine of ``flow`` as a Mermaid ``stateDiagram-v2``."""
    from transitions.extensions import GraphMachine

    class _Model:
        get_graph: Callable[[], Any]  # added by the GraphMachine

    states, transitions = machine_spec(flow)
    model = _Model()
    GraphMachine(model=model, states=states, transitions=transitions, initial=INTRO,
                 auto_transitions=False, graph_engine="mermaid", show_conditions=True,
                 title=f"{flow.id} v{flow.version}")
    text = model.get_graph().draw(None)
    # The styling lines mark an "active" state, which means nothing in a static
    # diagram of the flow; leave the states and transitions.
    return "\n".join(line for line in text.splitlines()
                     if not line.strip().lower().startswith(("classdef ", "class "))) + "\n"
