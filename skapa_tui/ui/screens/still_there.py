"""After a while without input: "Are you still there?", with a countdown.

Dismisses True when the person answers (any key, a click, the button) and
False when the countdown runs out.
"""

from __future__ import annotations

import math
import time

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...i18n import _, fmt_number


class StillThereScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    StillThereScreen {
        align: center middle;
        background: $background 60%;
    }
    StillThereScreen #box {
        width: 56;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: thick $warning;
        background: $surface;
    }
    StillThereScreen #question {
        text-style: bold;
        margin-bottom: 1;
    }
    StillThereScreen #countdown {
        margin-bottom: 1;
    }
    """

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds = seconds
        self._until = time.monotonic() + seconds

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(id="question", markup=False)
            yield Static(id="countdown", markup=False)
            yield Button(id="here", variant="primary")

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#here", Button).focus()
        self.set_interval(min(1.0, self.seconds / 4), self._tick)

    @property
    def left(self) -> int:
        return max(0, math.ceil(self._until - time.monotonic()))

    def relabel(self) -> None:
        self.query_one("#question", Static).update(_("Are you still there?"))
        self.query_one("#countdown", Static).update(
            _("Your answers are saved. In {seconds} seconds the screen starts over.").format(
                seconds=fmt_number(self.left, self.app.lang)))
        self.query_one("#here", Button).label = _("Yes, I am here")

    _answered = False

    def answer(self, here: bool) -> None:
        """Dismiss once: two keys at once, or a key as the countdown ends, must
        not pop a second screen (Textual's dismiss pops whatever is on top)."""
        if not self._answered:
            self._answered = True
            self.dismiss(here)

    def _tick(self) -> None:
        if self.left <= 0:
            self.answer(False)
        else:
            self.relabel()

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
