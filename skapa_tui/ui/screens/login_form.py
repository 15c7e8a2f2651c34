"""What the kiosk's welcome, the desk's sign-in and the desk's lock share: a
box in the middle of the screen with a heading, a few lines, the fields
(each label in its field's top border), the login control and a message line.

Keyboard first: the first field has focus, Enter goes to the next field, and
Enter in the last one logs in, as a click on the control does (`log_in`).
Tab goes through the fields, then the login control (Enter or Space on it
logs in), and only then the language switch: the title bar is composed
last, so a person who types the code, Tab, the PIN, Tab and Enter logs in.
A language chosen with the keys brings the focus back to the first field.
An empty field is named in the message line and gets the focus; when every
field is written, the screen posts the message `request` makes, and the app
answers with `refused` (the message said, the last field, the secret,
emptied) or goes on. `clear` leaves nothing of the last person on screen.

Enter in a field before the last and Tab (shift+Tab) move the focus at
once, as the key is read (priority bindings): Textual moves the focus for a field's Enter, or
for a Tab that passes through the field, only after the keys typed behind
it have reached the field, so a code, Enter and a PIN typed fast put the
PIN's first digits into the code field, in clear.

A subclass says its texts as msgids (``HELLO``, ``ACTION``, and ``FIELDS``:
(Input id, label, what to say when it is empty) each), makes its Inputs
(`make_field`), its lines under the heading (`lines`) and its request. Every
text is said again on a language change (`relabel`).
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from ...i18n import _
from ..app_base import SkapaApp
from ..widgets.log_in import LogIn
from ..widgets.title_bar import TitleBar

ResultType = TypeVar("ResultType")


class LoginForm(Screen[ResultType], Generic[ResultType]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next_field", show=False, priority=True),
        Binding("tab", "move_focus(1)", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", show=False, priority=True),
    ]

    HELLO: str = ""
    ACTION: str = ""
    FIELDS: tuple[tuple[str, str, str], ...] = ()
    """(Input id, label msgid, msgid said when it is left empty) of each field, in order."""

    _message: str | None = None
    _info = False

    app = getters.app(SkapaApp)

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(_(self.HELLO), id="hello", markup=False)
            for line_id, text in self.lines():
                yield Static(text, id=line_id, classes="line", markup=False)
            for field_id, label, _empty in self.FIELDS:
                field = self.make_field(field_id)
                field.border_title = _(label)
                yield field
            yield from self.compose_controls()
            yield Static(id="message", markup=False)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the form

    def lines(self) -> list[tuple[str, str]]:
        """(id, text in the current language) of each line under the heading."""
        return []

    def make_field(self, field_id: str) -> Input:
        raise NotImplementedError

    def compose_controls(self) -> ComposeResult:
        yield LogIn(_(self.ACTION), id="login", markup=False)

    def request(self, values: list[str]) -> Message:
        """The message asking the app to log in with the fields' ``values``."""
        raise NotImplementedError

    def relabel(self) -> None:
        self.query_one("#hello", Static).update(_(self.HELLO))
        for line_id, text in self.lines():
            self.query_one(f"#{line_id}", Static).update(text)
        for field_id, label, _empty in self.FIELDS:
            self.query_one(f"#{field_id}", Input).border_title = _(label)
        self.query_one("#login", LogIn).update(_(self.ACTION))
        self._show_message()
        from ..widgets.language_switch import LanguageSwitch

        if isinstance(self.focused, LanguageSwitch):
            # The language chosen with the keys: back to the first field to log in.
            self.field(0).focus()

    def field(self, n: int) -> Input:
        return self.query_one(f"#{self.FIELDS[n][0]}", Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            # Enter in the last field is the field's own (Input.Submitted comes after
            # the keys typed before it are in the field), and Enter elsewhere (the
            # login control, a language) is theirs.
            last = self.FIELDS[-1][0] if self.FIELDS else None
            return isinstance(self.focused, Input) and self.focused.id != last
        return super().check_action(action, parameters)

    def action_next_field(self) -> None:
        if isinstance(self.focused, Input):
            self.field_done(self.focused)

    def action_move_focus(self, direction: int) -> None:
        if direction > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.field_done(event.input)

    def field_done(self, field: Input) -> None:
        """Enter in ``field``: on to the next field at once, or log in from the last."""
        ids = [field_id for field_id, _label, _empty in self.FIELDS]
        at = ids.index(field.id) if field.id in ids else len(ids) - 1
        if at + 1 < len(ids):
            self.set_focus(self.field(at + 1))
        else:
            self.log_in()

    def on_log_in_pressed(self, event: LogIn.Pressed) -> None:
        event.stop()
        self.log_in()

    def log_in(self) -> None:
        values = []
        for n, (_field_id, _label, empty) in enumerate(self.FIELDS):
            value = self.field(n).value
            if not value.strip():
                self.say(empty)
                self.field(n).focus()
                return
            values.append(value)
        self.post_message(self.request(values))

    KEEP_AFTER_REFUSAL = True
    """Whether the fields before the secret stay after a refusal (the desk's
    ID does; at a shared kiosk nothing typed stays for the next person)."""

    def refused(self, message: str) -> None:
        """Not let in: say why (a msgid); the secret is to be written again,
        and the fields before it too unless `KEEP_AFTER_REFUSAL`."""
        self.say(message)
        last = len(self.FIELDS) - 1
        for n in range(len(self.FIELDS)):
            if n == last or not self.KEEP_AFTER_REFUSAL:
                self.field(n).value = ""
        self.field(last if self.KEEP_AFTER_REFUSAL else 0).focus()

    def clear(self, message: str | None = None) -> None:
        """Nothing of the last person on screen; ``message`` (a msgid) said as information."""
        for n in range(len(self.FIELDS)):
            self.field(n).value = ""
        self.say(message, info=message is not None)
        self.field(0).focus()

    def say(self, message: str | None, info: bool = False) -> None:
        """Show a message (an English msgid, translated now and on every language change)."""
        self._message, self._info = message, info
        self._show_message()

    def _show_message(self) -> None:
        widget = self.query_one("#message", Static)
        widget.update(_(self._message) if self._message else "")
        widget.set_class(self._info, "-info")
