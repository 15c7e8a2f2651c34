"""The supervisor app's start screen: the title bar with the language switch and the sign-in.

Keyboard first, as the kiosk's welcome: the ID field has focus, Enter goes
to the passphrase, Enter signs in; a click on "Sign in" does too. A wrong id
or passphrase gets one message that never says which of the two was wrong.

The screen asks the app to sign the supervisor in (`SignInRequested`); the
app opens the caseload, or says why not with `SignInScreen.refused`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from ...domain.supervisor import ID_MAX, PASSPHRASE_MAX
from ...i18n import N_, _
from ..messages import SignInRequested
from ..widgets.title_bar import TitleBar
from .welcome import LogIn

HELLO = N_("The supervisor's desk")
ABOUT = N_("Sign in with your supervisor ID and your passphrase.")
LABELS = {"supervisor-id": N_("Your ID"), "passphrase": N_("Your passphrase")}
"""Each field's label, by the id of its Input."""
SIGN_IN = N_("Sign in")


class SignInScreen(Screen):
    AUTO_FOCUS = "#supervisor-id"

    DEFAULT_CSS = """
    SignInScreen {
        align: center middle;
    }
    SignInScreen #sign-in {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 0 2;
        border: round $primary;
    }
    SignInScreen #hello {
        text-style: bold;
        color: $primary;
        margin: 1 0;
    }
    SignInScreen #about {
        margin-bottom: 1;
    }
    SignInScreen Input {
        width: 40;
        max-width: 100%;
        border-title-color: $text;
        border-title-style: bold;
    }
    SignInScreen #login {
        margin: 1 0 0 0;
    }
    SignInScreen #message {
        margin-top: 1;
        min-height: 1;
        color: $warning;
    }
    SignInScreen #message.-info {
        color: $success;
    }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.lang)
        with Vertical(id="sign-in"):
            yield Static(_(HELLO), id="hello", markup=False)
            yield Static(_(ABOUT), id="about", markup=False)
            supervisor_id = Input(id="supervisor-id", max_length=ID_MAX)
            passphrase = Input(id="passphrase", password=True, max_length=PASSPHRASE_MAX)
            for field in (supervisor_id, passphrase):
                field.border_title = _(LABELS[field.id])
                yield field
            yield LogIn(_(SIGN_IN), id="login", markup=False)
            yield Static(id="message", markup=False)

    def relabel(self) -> None:
        self.query_one("#hello", Static).update(_(HELLO))
        self.query_one("#about", Static).update(_(ABOUT))
        self.query_one("#login", Static).update(_(SIGN_IN))
        for field in self.query(Input):
            field.border_title = _(LABELS[field.id])
        self._show_message()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "supervisor-id":
            self.query_one("#passphrase", Input).focus()
        else:
            self.log_in()

    def log_in(self) -> None:
        """Ask the app to sign in (the name `LogIn`, the kiosk's control, calls)."""
        supervisor_id = self.query_one("#supervisor-id", Input).value
        passphrase = self.query_one("#passphrase", Input).value
        if not supervisor_id.strip():
            self.say(N_("Please write your ID."))
            self.query_one("#supervisor-id", Input).focus()
            return
        if not passphrase:
            self.say(N_("Please write your passphrase."))
            self.query_one("#passphrase", Input).focus()
            return
        self.post_message(SignInRequested(supervisor_id, passphrase))

    def refused(self, message: str) -> None:
        """Not signed in: say why (a msgid); the id stays, the passphrase is to be written again."""
        self.say(message)
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.focus()

    _message: str | None = None
    _info = False

    def say(self, message: str | None, info: bool = False) -> None:
        self._message, self._info = message, info
        self._show_message()

    def _show_message(self) -> None:
        widget = self.query_one("#message", Static)
        widget.update(_(self._message) if self._message else "")
        widget.set_class(self._info, "-info")

    def clear(self, message: str | None = None) -> None:
        """Nothing of the last supervisor on screen (after signing out)."""
        self.query_one("#supervisor-id", Input).value = ""
        self.query_one("#passphrase", Input).value = ""
        self.say(message, info=message is not None)
        self.query_one("#supervisor-id", Input).focus()
