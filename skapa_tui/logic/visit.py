"""A visit: one person's open reading of one flow and the dialog over it.

The same visit serves every way a reading is made: the participant alone at
the kiosk (``entry="kiosk"``), the supervisor's professional form at the
meeting (``live``), a paper form typed in afterwards (``paper``, with the
real date of the meeting), and the participant answering on the
supervisor's terminal (``handover``). `Visit.open` finds the unfinished
reading of the same flow, role, rater and entry mode (and, for paper, the
same meeting date) or starts one.

A resumed reading stays on the flow version it began on: the visit's flow
is ``library.version(flow, reading.flow_version)``, not the newest, so an
answer is never stored against a question of another version.

Every answer is saved when it is given (an answer that cannot be saved
raises the storage's error and is not taken), and where to resume is saved
after every other move. Sending marks the reading complete. A visit may
have a ``guard`` (the desk's access check): it is called before each of
those writes, and what it raises stops the write (an answer or a sending
raises it; where to resume is then simply not saved).

The dialog engine (transitions) loads when the first visit opens, not when
an app starts: the kiosk's welcome must be ready fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from ..domain.indicators import PARTICIPANT
from ..domain.reading import ENTRY_KIOSK, ENTRY_PAPER, Reading, today
from ..storage import StorageError

if TYPE_CHECKING:
    from ..domain.flow import Flow
    from ..domain.library import FlowLibrary
    from ..engine import Dialog
    from ..storage import Store
    from .recall import Previous


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
             guard: Callable[[], object] | None = None) -> Visit:
        """Resume the person's unfinished reading of this kind, or start one.

        Raises `StorageError` (data) or `FlowError` (the version the reading
        began on cannot be loaded)."""
        meeting_date = meeting_date or today()
        reading = None
        for candidate in reversed(store.readings(code)):
            if (not candidate.finished and candidate.flow == flow_id and candidate.role == role
                    and candidate.rater == rater and candidate.entry == entry
                    and (entry != ENTRY_PAPER or candidate.meeting_date == meeting_date)):
                reading = candidate
                break
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
