"""The login control of the kiosk's welcome, the desk's sign-in and its lock.

Plain text that looks like a compact primary button (the kiosk's welcome
must be ready fast, and a Button brings a large stylesheet with it). Tab
reaches it; a click, or Enter or Space while it has the focus, posts
`LogIn.Pressed`, which the screen takes as Enter in its last field.
"""

from __future__ import annotations

from functools import partial

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static


class LogIn(Static, can_focus=True):
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
        &:focus {
            background: $primary-lighten-2;
            color: $text;
            text-style: bold underline;
        }
    }
    """
    ALLOW_SELECT = False
    FOCUS_ON_CLICK = False
    BINDINGS = [Binding("enter,space", "press", show=False)]

    class Pressed(Message):
        """The control was clicked."""

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_press()

    def action_press(self) -> None:
        if self.has_class("-active"):
            return
        self.add_class("-active")
        self.set_timer(0.2, partial(self.remove_class, "-active"))
        self.post_message(self.Pressed())
