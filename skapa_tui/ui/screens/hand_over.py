"""Hand one of my participants over to another active supervisor (modal).

Before the change is made the screen says, gently, that changes of
supervisor are recorded and what BIP found about them. Dismisses with the
stored `Assignment`, or None (Escape, Cancel).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.history import Assignment
from ...i18n import N_, _
from ...logic.desk import Desk
from ...storage import StorageError
from ..widgets.message_line import MessageLine

CONTINUITY = N_("Every change of supervisor is recorded: the date, from whom and to whom. "
                "In BIP, each change of supervisor lowered the chance of a job by 22%, "
                "so staying with the same supervisor matters.")
"""The gentle text shown before any change of supervisor is made."""

TITLE = N_("Hand {code} over to another supervisor")
CHOOSE = N_("Choose the supervisor who takes over:")
NOBODY = N_("There is no other active supervisor to hand over to.")
HAND_OVER = N_("Hand over")
CANCEL = N_("Cancel")


class HandOverScreen(ModalScreen[Assignment | None]):
    AUTO_FOCUS = "#colleagues"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, desk: Desk, code: str) -> None:
        super().__init__()
        self.desk = desk
        self.code = code
        self.colleagues = desk.colleagues()

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(id="title", classes="modal-title", markup=False)
            yield Static(id="continuity", classes="gentle", markup=False)
            yield Static(id="choose", markup=False)
            yield OptionList(*(Option(s.label, id=s.id) for s in self.colleagues), id="colleagues")
            yield MessageLine(id="message")
            with Horizontal(classes="modal-buttons"):
                yield Button(id="hand-over", variant="primary", compact=True,
                             disabled=not self.colleagues)
                yield Button(id="cancel", compact=True)

    def on_mount(self) -> None:
        self.relabel()
        if self.colleagues:
            self.query_one(OptionList).highlighted = 0

    def relabel(self) -> None:
        self.query_one("#title", Static).update(_(TITLE).format(code=self.code))
        self.query_one("#continuity", Static).update(_(CONTINUITY))
        self.query_one("#choose", Static).update(_(CHOOSE) if self.colleagues else _(NOBODY))
        self.query_one("#hand-over", Button).label = _(HAND_OVER)
        self.query_one("#cancel", Button).label = _(CANCEL)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.hand_over()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "hand-over":
            self.hand_over()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def hand_over(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.colleagues:
            return
        to = options.get_option_at_index(options.highlighted).id
        try:
            assignment = self.desk.hand_over(self.code, to)
        except StorageError as exc:
            self.query_one("#message", MessageLine).error(exc)
            return
        self.dismiss(assignment)
