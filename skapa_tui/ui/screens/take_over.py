"""Take a participant over from another supervisor, or one who has none (modal).

The supervisor types the participant's code (they must know it already:
the desk lists nobody else's participants). Before the change is made the
screen says, gently, that changes of supervisor are recorded and what BIP
found about them. Dismisses with the stored `Assignment`, or None.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...domain.history import Assignment
from ...domain.participant import CODE_MAX
from ...i18n import N_, _
from ...logic.desk import Desk
from ...storage import StorageError
from ...storage.participants import normalize_code
from ..widgets.message_line import MessageLine
from .hand_over import CONTINUITY

TITLE = N_("Take over a participant")
ABOUT = N_("Write the code of the participant you take over from another supervisor "
           "(or who has none).")
CODE = N_("Code")
WAITING = N_("Without an active supervisor now: {codes}")
WAITING_SHOWN = 12
"""At most this many codes of participants who wait for a supervisor are named."""
TAKE_OVER = N_("Take over")
CANCEL = N_("Cancel")


class TakeOverScreen(ModalScreen[Assignment | None]):
    AUTO_FOCUS = "#code"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(id="title", classes="modal-title", markup=False)
            yield Static(id="about", markup=False)
            yield Input(id="code", max_length=CODE_MAX)
            yield Static(id="waiting", classes="gentle", markup=False)
            yield Static(id="continuity", classes="gentle", markup=False)
            yield MessageLine(id="message")
            with Horizontal(classes="modal-buttons"):
                yield Button(id="take-over", variant="primary", compact=True)
                yield Button(id="cancel", compact=True)

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        self.query_one("#title", Static).update(_(TITLE))
        self.query_one("#about", Static).update(_(ABOUT))
        self.query_one("#code", Input).border_title = _(CODE)
        self.query_one("#continuity", Static).update(_(CONTINUITY))
        # Codes only (nothing else about anyone): a participant whose
        # supervisor was deactivated must be findable to be taken over.
        waiting = self.desk.needing_supervisor()
        shown = ", ".join(waiting[:WAITING_SHOWN]) + (" …" if len(waiting) > WAITING_SHOWN else "")
        line = self.query_one("#waiting", Static)
        line.update(_(WAITING).format(codes=shown) if waiting else "")
        line.display = bool(waiting)
        self.query_one("#take-over", Button).label = _(TAKE_OVER)
        self.query_one("#cancel", Button).label = _(CANCEL)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.take_over()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "take-over":
            self.take_over()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def take_over(self) -> None:
        message = self.query_one("#message", MessageLine)
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
