"""The kiosk's start screen: a warm welcome, the language switch and the login.

Keyboard only works: the code field has focus, Enter goes to the PIN, Enter
logs in. A wrong code or PIN gets one kind message that never says which of
the two was wrong.

The screen asks the app to log the person in (`LoginRequested`); the app
opens the dialog, or says why not with `WelcomeScreen.refused`.
"""

from __future__ import annotations

from functools import partial

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from ...domain.participant import CODE_MAX, PIN_MAX
from ...i18n import N_, _
from ..messages import LoginRequested
from ..widgets.title_bar import TitleBar


HELLO = N_("Welcome!")
ABOUT = N_("Here you answer some questions about yourself and work. "
           "Log in with your code and your PIN.")
LABELS = {"code": N_("Your code"), "pin": N_("Your PIN")}
"""Each field's label, by the id of its Input."""
LOG_IN = N_("Log in")


class LogIn(Static):
    """The login control: a click logs in, as Enter in the PIN field does.

    Plain text that looks like a compact primary button (the welcome must be
    ready fast, and a Button brings a large stylesheet with it)."""

    DEFAULT_CSS = """
    LogIn {
        width: auto;
        min-width: 8;
        line-pad: 1;
        text-align: center;
        text-style: bold;
        color: $button-color-foreground;
        background: $primary;
        pointer: pointer;
        &:hover {
            background: $primary-darken-2;
        }
        &.-active {
            background: $primary;
            tint: $background 30%;
        }
    }
    """
    ALLOW_SELECT = False

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if self.has_class("-active"):
            return
        self.add_class("-active")
        self.set_timer(0.2, partial(self.remove_class, "-active"))
        self.screen.log_in()


class WelcomeScreen(Screen):
    AUTO_FOCUS = "#code"

    # The screen itself scrolls and centres the form: no extra container.
    DEFAULT_CSS = """
    WelcomeScreen {
        align: center middle;
    }
    WelcomeScreen #welcome {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 0 2;
        border: round $primary;
    }
    WelcomeScreen #hello {
        text-style: bold;
        color: $primary;
        margin: 1 0;
    }
    WelcomeScreen #about {
        margin-bottom: 1;
    }
    WelcomeScreen Input {
        width: 28;
        border-title-color: $text;
        border-title-style: bold;
    }
    WelcomeScreen #login {
        margin: 1 0 0 0;
    }
    WelcomeScreen #message {
        margin-top: 1;
        min-height: 1;
        color: $warning;
    }
    WelcomeScreen #message.-info {
        color: $success;
    }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.lang)
        with Vertical(id="welcome"):
            yield Static(_(HELLO), id="hello", markup=False)
            yield Static(_(ABOUT), id="about", markup=False)
            code = Input(id="code", max_length=CODE_MAX)
            pin = Input(id="pin", password=True, max_length=PIN_MAX, restrict=r"[0-9]*")
            for field in (code, pin):  # the label sits in the field's own top border
                field.border_title = _(LABELS[field.id])
                yield field
            yield LogIn(_(LOG_IN), id="login", markup=False)
            yield Static(id="message", markup=False)

    def relabel(self) -> None:
        self.query_one("#hello", Static).update(_(HELLO))
        self.query_one("#about", Static).update(_(ABOUT))
        self.query_one("#login", Static).update(_(LOG_IN))
        for field in self.query(Input):
            field.border_title = _(LABELS[field.id])
        self._show_message()

    # ---- the form ---------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "code":
            self.query_one("#pin", Input).focus()
        else:
            self.log_in()

    def log_in(self) -> None:
        code = self.query_one("#code", Input).value
        pin = self.query_one("#pin", Input).value
        if not code.strip():
            self.say(N_("Please write your code."))
            self.query_one("#code", Input).focus()
            return
        if not pin:
            self.say(N_("Please write your PIN."))
            self.query_one("#pin", Input).focus()
            return
        self.post_message(LoginRequested(code, pin))

    def refused(self, message: str) -> None:
        """The app did not let the person in: say why (a msgid); the code
        stays, the PIN is to be written again."""
        self.say(message)
        self.query_one("#pin", Input).value = ""
        self.query_one("#pin", Input).focus()

    # ---- messages ---------------------------------------------------------

    _message: str | None = None
    _info = False

    def say(self, message: str | None, info: bool = False) -> None:
        """Show a message (an English msgid, translated now and on every language change)."""
        self._message, self._info = message, info
        self._show_message()

    def _show_message(self) -> None:
        widget = self.query_one("#message", Static)
        widget.update(_(self._message) if self._message else "")
        widget.set_class(self._info, "-info")

    def clear(self, message: str | None = None) -> None:
        """Leave nothing of the last person on screen."""
        self.query_one("#code", Input).value = ""
        self.query_one("#pin", Input).value = ""
        self.say(message, info=message is not None)
        self.query_one("#code", Input).focus()

    @property
    def shows_anything(self) -> bool:
        """Typed text or a message: something of the last person that idle time clears."""
        return bool(self.query_one("#code", Input).value or self.query_one("#pin", Input).value
                    or self._message)
