"""Add a participant to my caseload: a code and a PIN written twice (modal).

Dismisses with the new participant's code, or None (Escape, Cancel). A code
that is taken, or a PIN that does not follow the rules, is said under the
fields; nothing is stored until everything is right.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from ...domain.participant import CODE_MAX, PIN_MAX
from ...i18n import N_, NC_, _
from ...logic.desk import Desk
from ...storage import StorageError
from ..widgets.field import Field
from .form_modal import FormModal

TITLE = N_("Add a participant")
ABOUT = N_("The participant's code and a PIN they will use at the kiosk. "
           "The participant becomes one of yours.")
# "PIN" of its own: the bare "PIN" is also the command line's placeholder (--pin PIN), written in capitals.
LABELS = {"code": N_("Code"), "pin": NC_("a field's label", "PIN"), "pin-again": N_("The PIN again")}
ADD = N_("Add")


class AddParticipantScreen(FormModal[str | None]):
    AUTO_FOCUS = "#code"
    TITLE, ABOUT, PRIMARY, PRIMARY_ID = TITLE, ABOUT, ADD, "add"

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def compose_fields(self) -> ComposeResult:
        yield Field(id="code", max_length=CODE_MAX)
        yield Field(id="pin", password=True, max_length=PIN_MAX, restrict=r"[0-9]*")
        yield Field(id="pin-again", password=True, max_length=PIN_MAX, restrict=r"[0-9]*")

    def relabel_fields(self) -> None:
        for field_id, label in LABELS.items():
            self.query_one(f"#{field_id}", Input).border_title = _(label)

    def submit(self) -> None:
        code = self.query_one("#code", Input).value
        pin = self.query_one("#pin", Input).value
        again = self.query_one("#pin-again", Input).value
        message = self.message
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
