"""Hand one of my participants over to another active supervisor (modal).

Before the change is made the screen says, gently, that changes of
supervisor are recorded and what BIP found about them. Dismisses with the
stored `Assignment`, or None (Escape, Cancel).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.history import Assignment
from ...i18n import N_, _
from ...logic.desk import Desk
from ...storage import StorageError
from ..app_base import unless_taken_away
from .form_modal import FormModal

CONTINUITY = N_("Every change of supervisor is recorded: the date, from whom and to whom. "
                "In BIP, each change of supervisor lowered the chance of a job by 22%, "
                "so staying with the same supervisor matters.")
"""The gentle text shown before any change of supervisor is made."""

TITLE = N_("Hand {code} over to another supervisor")
CHOOSE = N_("Choose the supervisor who takes over:")
NOBODY = N_("There is no other active supervisor to hand over to.")
HAND_OVER = N_("Hand over")


class HandOverScreen(FormModal[Assignment | None]):
    AUTO_FOCUS = "#colleagues"
    TITLE, PRIMARY, PRIMARY_ID = TITLE, HAND_OVER, "hand-over"

    def __init__(self, desk: Desk, code: str) -> None:
        super().__init__()
        self.desk = desk
        self.code = code
        self.trouble: StorageError | None = None
        try:
            self.colleagues = desk.colleagues()
        except StorageError as exc:  # the supervisors' files cannot be read now
            self.colleagues = []
            self.trouble = exc

    def compose_fields(self) -> ComposeResult:
        yield Static(id="continuity", classes="gentle", markup=False)
        yield Static(id="choose", markup=False)
        yield OptionList(*(Option(s.label, id=s.id) for s in self.colleagues), id="colleagues")

    def can_submit(self) -> bool:
        return bool(self.colleagues)

    @unless_taken_away
    def on_mount(self) -> None:
        super().on_mount()
        if self.colleagues:
            self.query_one(OptionList).highlighted = 0
        if self.trouble is not None:
            self.message.error(self.trouble)

    def title_text(self) -> str:
        return _(TITLE).format(code=self.code)

    def relabel_fields(self) -> None:
        self.query_one("#continuity", Static).update(_(CONTINUITY))
        self.query_one("#choose", Static).update(_(CHOOSE) if self.colleagues else _(NOBODY))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.colleagues:
            return
        to = self.colleagues[options.highlighted].id  # the options are the colleagues, in order
        try:
            assignment = self.desk.hand_over(self.code, to)
        except StorageError as exc:
            self.message.error(exc)
            return
        self.dismiss(assignment)
