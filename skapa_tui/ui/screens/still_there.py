"""After a while without input: "Are you still there?", with a countdown.

The countdown is said in words, second by second, and ends at ``until`` (a
`time.monotonic` time the app chose: the app ends the person's turn by
itself at that time too, should this screen not). What happens at its end is
said as it is: at the kiosk "In 12 seconds the screen goes back to the
start." (`countdown_text`); at a supervisor's desk, where a participant
holds the terminal, "In 12 seconds the screen locks." (`lock_countdown_text`,
given as ``says``). Dismisses True when the person answers (any key, a
click, the button) and False when the countdown runs out.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from textual import events, getters
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...i18n import _, fmt_number, ngettext
from ..app_base import SkapaApp, unless_taken_away


def countdown_text(seconds: int, lang: str) -> str:
    """The countdown in words, in the current language."""
    return ngettext("In {n} second the screen goes back to the start.",
                    "In {n} seconds the screen goes back to the start.", seconds).format(
        n=fmt_number(seconds, lang))


def lock_countdown_text(seconds: int, lang: str) -> str:
    """The countdown at a hand-over, where the desk locks at its end."""
    return ngettext("In {n} second the screen locks.",
                    "In {n} seconds the screen locks.", seconds).format(n=fmt_number(seconds, lang))


class StillThereScreen(ModalScreen[bool]):
    app = getters.app(SkapaApp)

    def __init__(self, until: float, says: Callable[[int, str], str] = countdown_text):
        super().__init__()
        self.until = until
        self.says = says

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(id="question", markup=False)
            yield Static(id="saved", markup=False)
            yield Static(id="countdown", markup=False)
            yield Button(id="here", variant="primary")

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#here", Button).focus()
        self.set_interval(0.25, self._tick)

    @property
    def left(self) -> int:
        return max(0, math.ceil(self.until - time.monotonic()))

    def relabel(self) -> None:
        self.query_one("#question", Static).update(_("Are you still there?"))
        self.query_one("#saved", Static).update(_("Your answers are saved."))
        self.query_one("#countdown", Static).update(self.says(self.left, self.app.lang))
        self.query_one("#here", Button).label = _("Yes, I am here")

    _answered = False

    def answer(self, here: bool) -> None:
        """Dismiss once: two keys at once, or a key as the countdown ends, must
        not pop a second screen (Textual's dismiss pops whatever is on top)."""
        if not self._answered and self.is_current:
            self._answered = True
            self.dismiss(here)

    def _tick(self) -> None:
        if self.left <= 0:
            self.answer(False)
        else:
            self.query_one("#countdown", Static).update(self.says(self.left, self.app.lang))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.answer(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.answer(True)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.answer(True)
