"""The thank-you after sending; it ends by itself after ``seconds``.

It tells the app `ThanksDone` (Finish, Enter or the time): the kiosk starts
over for the next person; a supervisor's hand-over takes the terminal back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from ...domain.flow import Flow
from ...i18n import _
from ..messages import ThanksDone
from ..widgets.title_bar import TitleBar


class ThanksScreen(Screen):
    DEFAULT_CSS = """
    ThanksScreen {
        align: center middle;
    }
    ThanksScreen #box {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $success;
    }
    ThanksScreen #thanks {
        margin-bottom: 1;
    }
    ThanksScreen #after {
        color: $text-muted;
        margin-bottom: 1;
    }
    """

    BINDINGS = [Binding("enter", "finish", show=False)]

    def __init__(self, flow: Flow, seconds: float):
        super().__init__()
        self.flow = flow
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.lang)
        with Vertical(id="box"):
            yield Static(id="thanks", markup=False)
            yield Static(id="after", markup=False)
            yield Button(id="finish", variant="success")

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#finish", Button).focus()
        self.set_timer(self.seconds, self.action_finish)

    def relabel(self) -> None:
        thanks = self.flow.messages["thanks"]  # a msgid from the flow file
        self.query_one("#thanks", Static).update(_(thanks))
        self.query_one("#after", Static).update(
            _("Your answers are saved. You can leave now. The screen starts over by itself."))
        self.query_one("#finish", Button).label = _("Finish")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_finish()

    _finished = False

    def action_finish(self) -> None:
        # once: the timer and a key or click can come together
        if not self._finished and self.is_current:
            self._finished = True
            self.post_message(ThanksDone())
