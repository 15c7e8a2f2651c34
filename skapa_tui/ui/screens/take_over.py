"""Take over a participant who waits for a supervisor (modal).

A participant waits when they have no supervisor, or an inactive one; the
codes of those waiting are named on the screen. A colleague's participant
cannot be taken over: the colleague hands them over (or an administrator
runs `skapa participants assign`). A colleague's code and a code nobody has
get the same refusal after the same time (`Desk.take_over`), so the screen
never tells whether a code exists. Before the change is made the
screen says, gently, that changes of supervisor are recorded and what BIP
found about them. Dismisses with the stored `Assignment`, or None.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Static

from ...domain.history import Assignment
from ...domain.participant import CODE_MAX
from ...i18n import N_, _
from ...logic.desk import Desk
from ...storage import StorageError
from ...storage.participants import normalize_code
from ..widgets.field import Field
from .form_modal import FormModal
from .hand_over import CONTINUITY

TITLE = N_("Take over a participant")
ABOUT = N_("Write the code of a participant who waits for a supervisor. A colleague's "
           "participant comes to you when the colleague hands them over.")
CODE = N_("Code")
WAITING = N_("Without an active supervisor now: {codes}")
WAITING_SHOWN = 12
"""At most this many codes of participants who wait for a supervisor are named."""
TAKE_OVER = N_("Take over")


class TakeOverScreen(FormModal[Assignment | None]):
    AUTO_FOCUS = "#code"
    TITLE, ABOUT, PRIMARY, PRIMARY_ID = TITLE, ABOUT, TAKE_OVER, "take-over"

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def compose_fields(self) -> ComposeResult:
        yield Field(id="code", max_length=CODE_MAX)
        yield Static(id="waiting", classes="gentle", markup=False)
        yield Static(id="continuity", classes="gentle", markup=False)

    def relabel_fields(self) -> None:
        self.query_one("#code", Input).border_title = _(CODE)
        self.query_one("#continuity", Static).update(_(CONTINUITY))
        # Codes only (nothing else about anyone): a participant whose
        # supervisor was deactivated must be findable to be taken over.
        try:
            waiting = self.desk.needing_supervisor()
        except StorageError:  # a help only: the code can still be typed
            waiting = []
        shown = ", ".join(waiting[:WAITING_SHOWN]) + (" …" if len(waiting) > WAITING_SHOWN else "")
        line = self.query_one("#waiting", Static)
        line.update(_(WAITING).format(codes=shown) if waiting else "")
        line.display = bool(waiting)

    def submit(self) -> None:
        message = self.message
        text = self.query_one("#code", Input).value
        if not text.strip():
            message.say(N_("Please write the participant's code."))
            return
        try:
            code = normalize_code(text)
            if code in self.desk.codes():
                message.say(N_("{code} is already one of your participants."), code=code)
                return
            assignment = self.desk.take_over(code)
        except StorageError as exc:
            message.error(exc)
            return
        self.dismiss(assignment)
