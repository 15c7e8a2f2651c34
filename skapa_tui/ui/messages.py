"""What the shared screens tell the app, as Textual messages.

The participant's screens (welcome, dialog, review, thanks) only show and
listen; what an event means is the app's to decide: the kiosk sends the
answers and thanks the person, a supervisor's hand-over takes the terminal
back. So a screen posts one of these (they bubble from the screen to the
app) instead of calling the app, and gets what it needs through its
constructor. Where the app has something to say back, it calls a method on
the screen the message names.

A screen pushed for an answer (the review, "are you still there?")
dismisses with its result instead, as Textual screens do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ..engine import Dialog
    from .screens.dialog import DialogScreen


class AnswersSent(Message):
    """The person sent their answers from the review.

    The app keeps them and moves on, or (when they could not be kept) says
    so and calls ``screen.not_sent()``: the review opens again."""

    def __init__(self, screen: DialogScreen) -> None:
        super().__init__()
        self.screen = screen

    @property
    def dialog(self) -> Dialog:
        return self.screen.dialog


class BreakTaken(Message):
    """The person stops for now; every answer given is already saved."""

    def __init__(self, dialog: Dialog) -> None:
        super().__init__()
        self.dialog = dialog


class ThanksDone(Message):
    """The thank-you was read (Finish, Enter) or its time ran out."""


class LoginRequested(Message):
    """The person asks to log in with a code and a PIN.

    The app answers with ``WelcomeScreen.refused(msgid)`` when it does not
    let them in. The PIN is never part of the message's repr."""

    def __init__(self, code: str, pin: str) -> None:
        super().__init__()
        self.code = code
        self.pin = pin

    def __rich_repr__(self):
        yield "code", self.code


# ---- the supervisor's desk -------------------------------------------------


class SignInRequested(Message):
    """A supervisor asks to sign in (or to unlock) with an id and a passphrase.

    The app answers a refusal with ``screen.refused(msgid)``. The passphrase
    is never part of the message's repr."""

    def __init__(self, supervisor_id: str, passphrase: str) -> None:
        super().__init__()
        self.supervisor_id = supervisor_id
        self.passphrase = passphrase

    def __rich_repr__(self):
        yield "supervisor_id", self.supervisor_id


class ParticipantChosen(Message):
    """The supervisor opens a participant's page from the caseload."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class HandOverRequested(Message):
    """The supervisor hands the terminal to the participant for their own
    answers (the kiosk's chat screens); getting it back needs the passphrase.
    ``reading``: the unfinished reading of theirs to go on with (else their
    hand-over reading is resumed or started)."""

    def __init__(self, code: str, reading: str | None = None) -> None:
        super().__init__()
        self.code = code
        self.reading = reading


class ParticipantChanged(Message):
    """Something about the participant was stored (a reading, a plan, a
    correction, a new supervisor): screens showing them read them again."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
