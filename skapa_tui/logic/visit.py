"""A visit: one person's open reading of one flow and the dialog over it.

The same visit serves every way a reading is made: the participant alone at
the kiosk (``entry="kiosk"``), the supervisor's professional form at the
meeting (``live``), a paper form typed in afterwards (``paper``, with the
real date of the meeting), and the participant answering on the
supervisor's terminal (``handover``). `Visit.open` finds the unfinished
reading of the same flow, role, rater and entry mode (and, for paper, the
same meeting date) or starts one. The participant's own answers at the
kiosk and at a hand-over are one way of answering (`OWN_ENTRIES`): a reading
begun at the kiosk goes on at a hand-over, and the other way round, as the
greeting promises ("you can stop and go on another day"); it keeps the
entry mode it began with.

A resumed reading stays on the flow version it began on: the visit's flow
is ``library.version(flow, reading.flow_version)``, not the newest, so an
answer is never stored against a question of another version.

Every answer is saved when it is given (an answer that cannot be saved
raises the storage's error and is not taken), and where to resume is saved
after every other move. Sending marks the reading complete. A visit may
have a ``guard`` (the desk's access check): it is called before each of
those writes, and what it raises stops the write (an answer or a sending
raises it; where to resume is then simply not saved).

The visit is also the one controller of a reading's two views, the
participant's chat (`skapa_tui.ui.screens.dialog`) and the supervisor's
compact form (`skapa_tui.ui.screens.form`): a view asks it to move
(`begin`, `answer`, `skip`, `back`, `review`, `change`, `fill`,
`leave_review`) and shows the `Step` it gets back (None: the move was not
taken, for instance a key pressed before the question was on screen long
enough). A step names the topics passed on the way, the question (or the
review), a sentence that links it to what came before when the person did
not simply go forward ("Let's go back to the question before.", "Now you
can answer the question."), its number, this reading's own answer to it
(marked, never preselected), and what the person answered last time. After
an answer, `reflection` gives one short line about the change since last
time, said in turn so that the same words do not come again and again. So
whatever a view looks like, the rules of moving through a reading are
written once, here and in the engine.

The dialog engine (transitions) loads when the first visit opens, not when
an app starts: the kiosk's welcome must be ready fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..domain.flow import Question, Topic
from ..domain.indicators import N_, PARTICIPANT
from ..domain.reading import ENTRY_HANDOVER, ENTRY_KIOSK, ENTRY_PAPER, Answer, AnswerValue, Reading, today
from ..storage import StorageError

if TYPE_CHECKING:
    from ..domain.flow import Flow
    from ..domain.library import FlowLibrary
    from ..engine import Dialog
    from ..storage import Store
    from .recall import Previous

BACK = N_("Let's go back to the question before.")
AGAIN = N_("Here is the question again.")
CHANGE = N_("Here you can change your answer.")
FILL = N_("Now you can answer the question.")
LINKS = (BACK, AGAIN, CHANGE, FILL)
"""Every linking sentence (msgids), for tests and the readability check."""

OWN_ENTRIES = (ENTRY_KIOSK, ENTRY_HANDOVER)
"""The participant answering themself, alone at the kiosk or on their supervisor's
terminal: an unfinished reading of either goes on in the other."""


@dataclass(frozen=True)
class Step:
    """What a view shows after a move: ``question`` (None: the review)."""

    question: Question | None
    number: int = 0
    total: int = 0
    topics: tuple[Topic, ...] = ()
    """The topics passed on the way here, in order (the chat says them; the form heads the question with the last)."""
    link: str | None = None
    """A msgid that links this question to what came before (going back, changing an answer), or None."""
    answer: Answer | None = None
    """This reading's own answer to the question, if it has one (a skip is one)."""
    recall: Previous | None = None
    """What the same rater answered last time, in a follow-up."""
    changed: str | None = None
    """At the review: the item just answered or changed there, to show with the focus on it."""
    opening: bool = False
    """The first step of this visit (the view greets, or welcomes back)."""

    @property
    def at_review(self) -> bool:
        return self.question is None


class Visit:
    """A person's open reading and its dialog.

    ``on_trouble`` is called when where to resume could not be saved (the
    dialog goes on); trouble saving an answer or sending raises
    `StorageError` for the app to tell."""

    def __init__(self, store: Store, code: str, reading: Reading, flow: Flow, *, settle: float,
                 on_trouble: Callable[[], None] = lambda: None, library: FlowLibrary | None = None,
                 guard: Callable[[], object] | None = None):
        from ..engine import DONE, Dialog

        self._done = DONE
        self.store = store
        self.guard = guard
        self.on_trouble = on_trouble
        self.code = code
        self.reading = reading
        self.flow = flow
        self.library = library
        self.lang = reading.lang
        known = {q.id for q in flow.questions}
        answers = {k: v for k, v in reading.answers.items() if k in known}
        self._recall: dict[str, Previous] | None = None
        self._turns = {+1: 0, 0: 0, -1: 0}
        self.dialog: Dialog = Dialog(
            flow,
            answers=answers,
            # nothing answered yet: begin again with the greeting, not "welcome back"
            position=reading.position if answers else None,
            on_answer=self._save_answer,
            on_position=self._save_position,
            settle=settle,
        )

    @classmethod
    def open(cls, store: Store, code: str, library: FlowLibrary, flow_id: str, lang: str, *,
             settle: float, role: str = PARTICIPANT, rater: str | None = None,
             entry: str = ENTRY_KIOSK, entered_by: str | None = None,
             meeting_date: date | None = None,
             on_trouble: Callable[[], None] = lambda: None,
             guard: Callable[[], object] | None = None, reading_id: str | None = None) -> Visit:
        """Resume the person's unfinished reading of this kind, or start one;
        with ``reading_id``, resume that unfinished reading (`UnknownReading`
        when it is gone or sent meanwhile).

        Raises `StorageError` (data) or `FlowError` (the version the reading
        began on cannot be loaded)."""
        meeting_date = meeting_date or today()
        reading = None
        for candidate in reversed(store.readings(code)):
            if reading_id is not None:
                if candidate.id == reading_id and not candidate.finished:
                    reading = candidate
                    break
                continue
            same_way = candidate.entry == entry or (entry in OWN_ENTRIES and candidate.entry in OWN_ENTRIES)
            if (not candidate.finished and candidate.flow == flow_id and candidate.role == role
                    and candidate.rater == rater and same_way
                    and (entry != ENTRY_PAPER or candidate.meeting_date == meeting_date)):
                reading = candidate
                break
        if reading is None and reading_id is not None:
            from ..storage import UnknownReading

            raise UnknownReading(code=code, reading=reading_id)
        if reading is None:
            flow = library.current(flow_id)
            reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=role,
                                          rater=rater, entry=entry, entered_by=entered_by,
                                          meeting_date=meeting_date, lang=lang)
        else:
            flow = library.version(flow_id, reading.flow_version)
            reading.lang = lang
        return cls(store, code, reading, flow, settle=settle, on_trouble=on_trouble, library=library,
                   guard=guard)

    def recall(self) -> dict[str, Previous]:
        """The same rater's answers of their last sent reading of this flow
        before this one (`logic.recall`), keyed by this reading's items: what
        a follow-up says before each question. Empty at a first meeting, and
        when it cannot be read: the recall is a help, the dialog goes on
        without it."""
        from ..domain.flow import FlowError
        from .recall import previous_answers

        if self.library is None:
            return {}
        try:
            return previous_answers(self.store.history(self.code), self.reading.role, self.reading.rater,
                                    self.flow.id, self.reading.id, library=self.library)
        except (StorageError, FlowError, KeyError):
            return {}

    @property
    def resumed(self) -> bool:
        return self.dialog.resumed

    # ---- the controller of the views ---------------------------------------------

    def _earlier(self) -> dict[str, Previous]:
        if self._recall is None:
            self._recall = self.recall()
        return self._recall

    def _step(self, topics: tuple[Topic, ...] = (), link: str | None = None, opening: bool = False) -> Step:
        """Pass the topics ahead (each a message to say), then say where the dialog is."""
        from ..engine import INTRO, REVIEW

        dialog = self.dialog
        passed = list(topics)
        while dialog.state == INTRO or isinstance(dialog.step, Topic):
            if dialog.state == INTRO:
                dialog.fire("start")
            else:
                topic = dialog.step
                assert isinstance(topic, Topic)
                passed.append(topic)
                dialog.fire("proceed")
        if dialog.state == REVIEW:
            return Step(None, topics=tuple(passed), changed=dialog.last_changed, opening=opening)
        question = dialog.question
        assert question is not None
        n, total = dialog.number()
        return Step(question, n, total, tuple(passed), link, dialog.answers.get(question.id),
                    self._earlier().get(question.id), opening=opening)

    def begin(self) -> Step:
        """Where the visit starts: the first question, or where it stopped."""
        return self._step(opening=True)

    def where(self) -> Step:
        """Where the visit is now (nothing moves), for a view drawn again."""
        return self._step()

    def presented(self, item: str) -> None:
        """The view has put the question ``item`` on screen."""
        self.dialog.presented(item)

    def answer(self, value: AnswerValue) -> Step | None:
        """Answer the question on screen (saved before the dialog moves on).
        Raises StorageError when it cannot be saved: then it is not taken."""
        question = self.dialog.question
        if question is None or not self.dialog.fire("answer", item=question.id, value=value):
            return None
        return self._after_answer()

    def skip(self) -> Step | None:
        """"I'd rather not answer" (or "not rated") to the question on screen."""
        question = self.dialog.question
        if question is None or not self.dialog.fire("skip", item=question.id):
            return None
        return self._after_answer()

    def _after_answer(self) -> Step:
        from ..engine import REVIEW

        dialog = self.dialog
        link = FILL if dialog.filling and dialog.state != REVIEW else None
        return self._step(link=link)

    def reflection(self, question: Question, value: AnswerValue) -> str | None:
        """One short line (a msgid) about the change since last time, after an
        answer to ``question``; None when there is nothing to compare."""
        from .recall import direction, reflection_line

        earlier = self._earlier().get(question.id)
        way = direction(earlier, value)
        if way is None:
            return None
        said = reflection_line(earlier, value, self._turns[way])
        self._turns[way] += 1
        return said

    def back(self) -> Step | None:
        """The question before (from a question changed from the review: the review)."""
        from ..engine import REVIEW

        if self.dialog.question is None or not self.dialog.fire("back"):
            return None
        return self._step(link=None if self.dialog.state == REVIEW else BACK)

    def review(self) -> Step | None:
        """Every answer, from a question."""
        if self.dialog.question is None or not self.dialog.fire("to_review"):
            return None
        return self._step()

    def leave_review(self) -> Step | None:
        """Back from the review to the question it was opened from (or the last)."""
        if self.dialog.question is not None or not self.dialog.fire("back"):
            return None
        return self._step(link=AGAIN)

    def change(self, item: str) -> Step | None:
        """From the review: change the answer to ``item``; then the review again."""
        if not self.dialog.fire("edit", item=item):
            return None
        return self._step(link=CHANGE)

    def fill(self, item: str | None = None) -> Step | None:
        """From the review: answer the questions left without an answer, from
        ``item`` (default: the first), one after the other; then the review."""
        if item is None:
            first = self.dialog.next_missing()
            if first is None:
                return None
            item = first.id
        if not self.dialog.fire("edit", item=item, fill=True):
            return None
        return self._step(link=FILL)

    def from_review(self, result: object) -> Step:
        """Where a review's answer leads: ``"back"``, ``("change", item)`` or
        ``("fill", item)`` (the reviews of both views dismiss with these);
        anything else, or a move not taken, stays where the visit is."""
        step = None
        if result == "back":
            step = self.leave_review()
        elif isinstance(result, tuple) and len(result) == 2 and result[0] == "change":
            step = self.change(result[1])
        elif isinstance(result, tuple) and len(result) == 2 and result[0] == "fill":
            step = self.fill(result[1])
        return step or self.where()

    def missing(self) -> list[Question]:
        """The questions without an answer yet (a skip is an answer)."""
        return self.dialog.missing()

    def _check(self) -> None:
        if self.guard is not None:
            self.guard()

    def _save_answer(self, answer, position: str) -> None:
        self._check()
        self.store.save_answer(self.code, self.reading.id, answer, position)

    def _save_position(self, position: str) -> None:
        # Where to resume is a help, not an answer: trouble saving it is told,
        # and the dialog goes on (the next answer saved brings it up to date).
        # A sent reading has nothing to resume.
        if position == self._done:
            return
        try:
            self._check()
        except StorageError:
            return  # not theirs to write to any more: the next answer says so
        try:
            self.store.save_position(self.code, self.reading.id, position, self.lang)
        except StorageError:
            self.on_trouble()

    def switch_language(self, lang: str) -> None:
        self.lang = lang
        self._save_position(self.dialog.state)

    def send(self) -> None:
        """Send the answers: the reading is marked complete, then the dialog
        is done. Raises `StorageError` (and the dialog stays at the review)
        when the reading could not be marked."""
        self._check()
        self.store.complete_reading(self.code, self.reading.id)
        self.dialog.fire("send")
