"""The apps' small modals that ask for something and then do it.

A `FormModal` is a box (``.modal-box`` in ``app_base.tcss``) with a title,
a line about what it does, the fields its subclass composes, a message line
for what went wrong, and a primary button beside Cancel. Enter in a field
moves on to the next field, and from the last one it does what the primary
button does (`submit`); Escape and Cancel dismiss with None. A subclass says:

- ``TITLE`` and ``ABOUT`` (msgids; ``ABOUT`` may be None), ``PRIMARY`` (the
  primary button's msgid) and ``PRIMARY_ID`` (its id);
- `compose_fields` and `relabel_fields` (its own fields and their texts);
- `submit`, which calls ``self.dismiss(result)`` when it is done and says
  in ``self.message`` why not otherwise.

Where a modal needs more, it overrides one of these hooks rather than the
frame: `title_text` and `about_text` (texts made when said, with the
participant's code, say); `compose_buttons` and `relabel_buttons` (other
buttons than primary and Cancel: the yes-or-no question's two or three
answers), with `pressed` for what such a button does; `action_cancel` (what
Escape and Cancel do: a modal in steps goes back a step); and
``ENTER_SUBMITS`` (Enter in any field does what the primary button does, for
a form whose fields are filled in any order). A disabled field is passed
over when Enter moves on.

Every text is said in the current language by `relabel` (which the app calls
again after a language switch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...i18n import N_, _
from ..app_base import unless_taken_away
from ..widgets.message_line import MessageLine

if TYPE_CHECKING:
    from ..app_base import SkapaApp

CANCEL = N_("Cancel")

ResultType = TypeVar("ResultType")


class FormModal(ModalScreen[ResultType], Generic[ResultType]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    TITLE: ClassVar[str] = ""  # a ClassVar as Screen.TITLE is, which it stands for
    ABOUT: str | None = None
    PRIMARY: str = ""
    PRIMARY_ID: str = "primary"
    CANCEL: str = CANCEL
    ENTER_SUBMITS: bool = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(id="title", classes="modal-title", markup=False)
            if self.ABOUT is not None:
                yield Static(id="about", markup=False)
            yield from self.compose_fields()
            yield MessageLine(id="message")
            with Horizontal(classes="modal-buttons"):
                yield from self.compose_buttons()

    def compose_fields(self) -> ComposeResult:
        """The modal's own fields, between the line about it and the message line."""
        yield from ()

    def compose_buttons(self) -> ComposeResult:
        """The buttons at the bottom: the primary one and Cancel."""
        yield Button(id=self.PRIMARY_ID, variant="primary", compact=True, disabled=not self.can_submit())
        yield Button(id="cancel", compact=True)

    def can_submit(self) -> bool:
        """False when there is nothing the primary button could do (it is disabled)."""
        return True

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        self.query_one("#title", Static).update(self.title_text())
        if self.ABOUT is not None:
            self.query_one("#about", Static).update(self.about_text())
        self.relabel_fields()
        self.relabel_buttons()

    def title_text(self) -> str:
        return _(self.TITLE)

    def about_text(self) -> str:
        return _(self.ABOUT) if self.ABOUT else ""

    def relabel_fields(self) -> None:
        """Say the fields' own texts in the current language."""

    def relabel_buttons(self) -> None:
        """Say the buttons' texts in the current language."""
        self.query_one(f"#{self.PRIMARY_ID}", Button).label = _(self.PRIMARY)
        self.query_one("#cancel", Button).label = _(self.CANCEL)

    @property
    def app_lang(self) -> str:
        """The language the app speaks now."""
        return cast("SkapaApp", self.app).lang

    @property
    def message(self) -> MessageLine:
        return self.query_one("#message", MessageLine)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fields = [field for field in self.query(Input) if not field.disabled or field is event.input]
        at = fields.index(event.input)
        if at + 1 < len(fields) and not self.ENTER_SUBMITS:
            fields[at + 1].focus()
        else:
            self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == self.PRIMARY_ID:
            self.submit()
        else:
            self.pressed(event.button.id)

    def pressed(self, button_id: str | None) -> None:
        """A button other than the primary one was pressed: Cancel."""
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def submit(self) -> None:
        """Do what the modal is for; ``self.dismiss(result)`` when done."""
        raise NotImplementedError
