"""A visit: the person logged in now, their open reading and its dialog.

A visit opens the person's unfinished session for the flow (or starts one)
and drives a `skapa_tui.engine.Dialog` over it: every answer is saved when
it is given (an answer that cannot be saved raises the storage's error and
is not taken), and where to resume is saved after every other move.
Sending marks the session complete.

The dialog engine (transitions) loads when the first visit opens, not when
an app starts: the kiosk's welcome must be ready fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..domain.indicators import PARTICIPANT
from ..storage import StorageError

if TYPE_CHECKING:
    from ..domain.flow import Flow
    from ..engine import Dialog
    from ..storage import Store


class Visit:
    """The person logged in now: their code, open session and dialog.

    ``on_trouble`` is called when where to resume could not be saved (the
    dialog goes on); trouble saving an answer or sending raises
    `StorageError` for the app to tell."""

    def __init__(self, store: Store, code: str, flow: Flow, lang: str, settle: float,
                 on_trouble: Callable[[], None] = lambda: None):
        from ..engine import DONE, Dialog

        self._done = DONE
        self.store = store
        self.on_trouble = on_trouble
        self.code = code
        session = store.open_session(code, role=PARTICIPANT, flow=flow.id)
        if session is None:
            session = store.start_session(code, role=PARTICIPANT, flow=flow.id,
                                          flow_version=flow.version, lang=lang)
        self.session = session
        self.lang = lang
        known = {q.id for q in flow.questions}
        answers = {k: v for k, v in session.answers.items() if k in known}
        self.dialog: Dialog = Dialog(
            flow,
            answers=answers,
            # nothing answered yet: begin again with the greeting, not "welcome back"
            position=session.position if answers else None,
            on_answer=self._save_answer,
            on_position=self._save_position,
            settle=settle,
        )

    def _save_answer(self, answer, position: str) -> None:
        self.store.save_answer(self.code, self.session.id, answer, position)

    def _save_position(self, position: str) -> None:
        # Where to resume is a help, not an answer: trouble saving it is told,
        # and the dialog goes on (the next answer saved brings it up to date).
        # A sent session has nothing to resume.
        if position == self._done:
            return
        try:
            self.store.save_position(self.code, self.session.id, position, self.lang)
        except StorageError:
            self.on_trouble()

    def switch_language(self, lang: str) -> None:
        self.lang = lang
        self._save_position(self.dialog.state)

    def complete(self) -> None:
        self.store.complete_session(self.code, self.session.id)

    def send(self) -> None:
        """Send the answers: the session is marked complete, then the dialog
        is done. Raises `StorageError` (and the dialog stays at the review)
        when the session could not be marked."""
        self.complete()
        self.dialog.fire("send")
