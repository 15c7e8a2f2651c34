"""The lock: a full, opaque screen over the desk after a while without input
(and after a participant's hand-over).

Nothing of any participant is on it: only who is signed in and a field for
their passphrase. The right passphrase takes the supervisor back where they
were; a wrong one gets the same message (and rest) as at the sign-in;
"Sign out" leaves the desk for the sign-in screen.

The screen asks the app to check the passphrase (`SignInRequested` with the
signed-in id); the app dismisses it with ``"unlocked"``, or says why not
with `LockScreen.refused`. "Sign out" dismisses it with ``"sign_out"``.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from ...domain.supervisor import PASSPHRASE_MAX, Supervisor
from ...i18n import N_, _
from ..messages import SignInRequested
from ..widgets.title_bar import TitleBar
from .welcome import LogIn

UNLOCKED, SIGN_OUT = "unlocked", "sign_out"

LOCKED = N_("The desk is locked")
WHO = N_("Signed in: {who}")
ASK = N_("Write your passphrase to go on.")
PASSPHRASE = N_("Your passphrase")
UNLOCK = N_("Unlock")
SIGN_OUT_LABEL = N_("Sign out")


class LockScreen(Screen[str]):
    AUTO_FOCUS = "#passphrase"

    DEFAULT_CSS = """
    LockScreen {
        align: center middle;
        background: $background;
    }
    LockScreen #lock {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 0 2;
        border: round $primary;
    }
    LockScreen #locked {
        text-style: bold;
        color: $primary;
        margin: 1 0;
    }
    LockScreen Input {
        width: 40;
        max-width: 100%;
        border-title-color: $text;
        border-title-style: bold;
    }
    LockScreen #buttons {
        height: auto;
        margin-top: 1;
    }
    LockScreen #sign-out {
        margin-left: 4;
    }
    LockScreen #login {
        margin-top: 1;
    }
    LockScreen #message {
        margin-top: 1;
        min-height: 1;
        color: $warning;
    }
    """

    def __init__(self, supervisor: Supervisor) -> None:
        super().__init__()
        self.supervisor = supervisor

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.lang)
        with Vertical(id="lock"):
            yield Static(_(LOCKED), id="locked", markup=False)
            yield Static(self._who(), id="who", markup=False)
            yield Static(_(ASK), id="ask", markup=False)
            field = Input(id="passphrase", password=True, max_length=PASSPHRASE_MAX)
            field.border_title = _(PASSPHRASE)
            yield field
            with Horizontal(id="buttons"):
                yield LogIn(_(UNLOCK), id="login", markup=False)
                yield Button(_(SIGN_OUT_LABEL), id="sign-out", compact=True)
            yield Static(id="message", markup=False)

    def _who(self) -> str:
        return _(WHO).format(who=self.supervisor.label)

    def relabel(self) -> None:
        self.query_one("#locked", Static).update(_(LOCKED))
        self.query_one("#who", Static).update(self._who())
        self.query_one("#ask", Static).update(_(ASK))
        self.query_one("#passphrase", Input).border_title = _(PASSPHRASE)
        self.query_one("#login", Static).update(_(UNLOCK))
        self.query_one("#sign-out", Button).label = _(SIGN_OUT_LABEL)
        self._show_message()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.log_in()

    def log_in(self) -> None:
        passphrase = self.query_one("#passphrase", Input).value
        if not passphrase:
            self.say(N_("Please write your passphrase."))
            return
        self.post_message(SignInRequested(self.supervisor.id, passphrase))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "sign-out":
            self.dismiss(SIGN_OUT)

    def refused(self, message: str) -> None:
        self.say(message)
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.focus()

    _message: str | None = None

    def say(self, message: str | None) -> None:
        self._message = message
        self._show_message()

    def _show_message(self) -> None:
        self.query_one("#message", Static).update(_(self._message) if self._message else "")
