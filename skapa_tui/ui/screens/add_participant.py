"""Add a participant to my caseload: a code and a PIN written twice (modal).

Dismisses with the new participant's code, or None (Escape, Cancel). A code
that is taken, or a PIN that does not follow the rules, is said under the
fields; nothing is stored until everything is right.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...domain.participant import CODE_MAX, PIN_MAX
from ...i18n import N_, _
from ...logic.desk import Desk
from ...storage import StorageError
from ..widgets.message_line import MessageLine

TITLE = N_("Add a participant")
ABOUT = N_("The participant's code and a PIN they will use at the kiosk. "
           "The participant becomes one of yours.")
LABELS = {"code": N_("Code"), "pin": N_("PIN"), "pin-again": N_("The PIN again")}
ADD = N_("Add")
CANCEL = N_("Cancel")


class AddParticipantScreen(ModalScreen[str | None]):
    AUTO_FOCUS = "#code"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(_(TITLE), id="title", classes="modal-title", markup=False)
            yield Static(_(ABOUT), id="about", markup=False)
            yield Input(id="code", max_length=CODE_MAX)
            yield Input(id="pin", password=True, max_length=PIN_MAX, restrict=r"[0-9]*")
            yield Input(id="pin-again", password=True, max_length=PIN_MAX, restrict=r"[0-9]*")
            yield MessageLine(id="message")
            with Horizontal(classes="modal-buttons"):
                yield Button(_(ADD), id="add", variant="primary", compact=True)
                yield Button(_(CANCEL), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        self.query_one("#title", Static).update(_(TITLE))
        self.query_one("#about", Static).update(_(ABOUT))
        for field in self.query(Input):
            field.border_title = _(LABELS[field.id])
        self.query_one("#add", Button).label = _(ADD)
        self.query_one("#cancel", Button).label = _(CANCEL)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = ["code", "pin", "pin-again"]
        at = order.index(event.input.id)
        if at + 1 < len(order):
            self.query_one(f"#{order[at + 1]}", Input).focus()
        else:
            self.add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add":
            self.add()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def add(self) -> None:
        code = self.query_one("#code", Input).value
        pin = self.query_one("#pin", Input).value
        again = self.query_one("#pin-again", Input).value
        message = self.query_one("#message", MessageLine)
        if not code.strip():
            message.say(N_("Please write the participant's code."))
            self.query_one("#code", Input).focus()
            return
        if not pin:
            message.say(N_("Please write a PIN."))
            self.query_one("#pin", Input).focus()
            return
        if pin != again:
            message.say(N_("The two PINs are not the same."))
            self.query_one("#pin-again", Input).value = ""
            self.query_one("#pin-again", Input).focus()
            return
        try:
            added = self.desk.add_participant(code, pin)
        except StorageError as exc:
            message.error(exc)
            return
        self.dismiss(added)
