"""The supervisor app's start screen: the title bar with the language switch and the sign-in.

Keyboard first, as the kiosk's welcome: the ID field has focus, Enter goes
to the passphrase, Enter signs in; a click on "Sign in" does too. A wrong id
or passphrase gets one message that never says which of the two was wrong.

The screen asks the app to sign the supervisor in (`SignInRequested`); the
app opens the caseload, or says why not with `SignInScreen.refused`.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from ...domain.supervisor import ID_MAX, PASSPHRASE_MAX
from ...i18n import N_, _
from ..messages import SignInRequested
from ..widgets.field import Field
from .login_form import LoginForm

HELLO = N_("The supervisor's desk")
ABOUT = N_("Sign in with your supervisor ID and your passphrase.")
LABELS = {"supervisor-id": N_("Your ID"), "passphrase": N_("Your passphrase")}
"""Each field's label, by the id of its Input."""
SIGN_IN = N_("Sign in")


class SignInScreen(LoginForm[None]):
    AUTO_FOCUS = "#supervisor-id"

    HELLO, ACTION = HELLO, SIGN_IN
    FIELDS = (("supervisor-id", LABELS["supervisor-id"], N_("Please write your ID.")),
              ("passphrase", LABELS["passphrase"], N_("Please write your passphrase.")))

    def lines(self) -> list[tuple[str, str]]:
        return [("about", _(ABOUT))]

    def make_field(self, field_id: str) -> Input:
        if field_id == "supervisor-id":
            return Field(id="supervisor-id", max_length=ID_MAX)
        return Field(id="passphrase", password=True, max_length=PASSPHRASE_MAX)

    def request(self, values: list[str]) -> Message:
        supervisor_id, passphrase = values
        return SignInRequested(supervisor_id, passphrase)
