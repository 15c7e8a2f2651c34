"""The kiosk's start screen: a warm welcome, the language switch and the login.

Keyboard only works: the code field has focus, Enter goes to the PIN, Enter
logs in. A wrong code or PIN gets one kind message that never says which of
the two was wrong.

The screen asks the app to log the person in (`LoginRequested`); the app
opens the dialog, or says why not with `WelcomeScreen.refused`.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from ...domain.participant import CODE_MAX, PIN_MAX
from ...i18n import N_, _
from ..messages import LoginRequested
from ..widgets.field import Field
from .login_form import LoginForm

HELLO = N_("Welcome!")
ABOUT = N_("Here you answer some questions about yourself and work. "
           "Log in with your code and your PIN.")
LABELS = {"code": N_("Your code"), "pin": N_("Your PIN")}
"""Each field's label, by the id of its Input."""
LOG_IN = N_("Log in")


class WelcomeScreen(LoginForm[None]):
    AUTO_FOCUS = "#code"

    HELLO, ACTION = HELLO, LOG_IN
    KEEP_AFTER_REFUSAL = False  # a shared kiosk: nothing typed stays for the next person
    FIELDS = (("code", LABELS["code"], N_("Please write your code.")),
              ("pin", LABELS["pin"], N_("Please write your PIN.")))

    def lines(self) -> list[tuple[str, str]]:
        return [("about", _(ABOUT))]

    def make_field(self, field_id: str) -> Input:
        if field_id == "code":
            return Field(id="code", max_length=CODE_MAX)
        return Field(id="pin", password=True, max_length=PIN_MAX, restrict=r"[0-9]*")

    def request(self, values: list[str]) -> Message:
        code, pin = values
        return LoginRequested(code, pin)

    @property
    def typed(self) -> bool:
        """Something is written in a field."""
        return bool(self.query_one("#code", Input).value or self.query_one("#pin", Input).value)

    @property
    def message_shown(self) -> bool:
        return self._message is not None

    @property
    def shows_anything(self) -> bool:
        """Typed text or a message: something of the last person that idle time clears."""
        return self.typed or self.message_shown
