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
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input

from ...domain.supervisor import PASSPHRASE_MAX, Supervisor
from ...i18n import N_, _
from ..messages import SignInRequested
from ..widgets.field import Field
from ..widgets.log_in import LogIn
from .login_form import LoginForm

UNLOCKED, SIGN_OUT = "unlocked", "sign_out"

LOCKED = N_("The desk is locked")
WHO = N_("Signed in: {who}")
ASK = N_("Write your passphrase to go on.")
PASSPHRASE = N_("Your passphrase")
UNLOCK = N_("Unlock")
SIGN_OUT_LABEL = N_("Sign out")


class LockScreen(LoginForm[str]):
    AUTO_FOCUS = "#passphrase"

    HELLO, ACTION = LOCKED, UNLOCK
    FIELDS = (("passphrase", PASSPHRASE, N_("Please write your passphrase.")),)

    def __init__(self, supervisor: Supervisor) -> None:
        super().__init__()
        self.supervisor = supervisor

    def lines(self) -> list[tuple[str, str]]:
        return [("who", _(WHO).format(who=self.supervisor.label)), ("ask", _(ASK))]

    def make_field(self, field_id: str) -> Input:
        return Field(id="passphrase", password=True, max_length=PASSPHRASE_MAX)

    def compose_controls(self) -> ComposeResult:
        with Horizontal(id="buttons"):
            yield LogIn(_(UNLOCK), id="login", markup=False)
            yield Button(_(SIGN_OUT_LABEL), id="sign-out", compact=True)

    def relabel(self) -> None:
        super().relabel()
        self.query_one("#sign-out", Button).label = _(SIGN_OUT_LABEL)

    def request(self, values: list[str]) -> Message:
        return SignInRequested(self.supervisor.id, values[0])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "sign-out":
            self.dismiss(SIGN_OUT)
