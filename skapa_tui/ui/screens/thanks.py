"""The thank-you after sending; it ends by itself after ``seconds``.

It tells the app `ThanksDone` (Finish, Enter or the time): the kiosk starts
over for the next person; a supervisor's hand-over takes the terminal back.

At the end of a follow-up (``history`` holds two or more sent readings of
the participant's own) it shows their own spider chart: their readings
only, never the supervisor's, with a short line about it, and beside it (on
a narrow terminal below it) the numbers behind it: each answer over time
with ▲ ▼ =. A first reading shows no chart.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from collections.abc import Callable

from ...domain.flow import Flow, FlowError
from ...domain.history import History
from ...domain.indicators import PARTICIPANT
from ...domain.reading import Reading
from ...i18n import N_, _
from ..messages import ThanksDone
from ..widgets.title_bar import TitleBar

OVER_TIME = N_("Here you can see your answers over time.")
FOLLOW_UP = 2
"""Sent readings of the participant's own from which the chart is shown."""
NARROW = 100
THANKS_NAME_WIDTH = 18
"""The table's names (interventions, their heading) are cut to this at the thanks."""
"""Below this many columns the numbers go below the chart."""


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
    ThanksScreen.-chart #box {
        width: 100%;
        max-width: 110;
        height: 100%;
        padding: 0 2;
    }
    ThanksScreen.-chart #thanks, ThanksScreen.-chart #after {
        margin-bottom: 0;
    }
    ThanksScreen #over-time {
        text-style: bold;
        margin-top: 1;
    }
    ThanksScreen #progress {
        layout: horizontal;
        height: 1fr;
    }
    ThanksScreen #chart {
        width: 1fr;
        height: 1fr;
        min-height: 10;
    }
    ThanksScreen #numbers {
        width: auto;
        max-width: 60%;
        height: 1fr;
    }
    ThanksScreen.-narrow #after, ThanksScreen.-narrow #over-time {
        display: none;
    }
    ThanksScreen.-narrow #numbers {
        max-width: 50%;
    }
    """

    BINDINGS = [Binding("enter", "finish", show=False)]

    def __init__(self, flow: Flow, seconds: float, history: History | None = None,
                 flow_for: Callable[[Reading], Flow] | None = None):
        """``history`` and ``flow_for``: the participant's, for their chart (none: no chart)."""
        super().__init__()
        self.flow = flow
        self.seconds = seconds
        self.history = history
        self.flow_for = flow_for

    @property
    def shows_chart(self) -> bool:
        return (self.history is not None and self.flow_for is not None
                and len(self.history.sent(PARTICIPANT)) >= FOLLOW_UP)

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.lang)
        with Vertical(id="box"):
            yield Static(id="thanks", markup=False)
            yield Static(id="after", markup=False)
            chart = self._chart()
            if chart is not None:
                from ..widgets.progression_table import ProgressionTable

                yield Static(id="over-time", markup=False)
                with Container(id="progress"):
                    yield chart
                    # names kept short: today's numbers must fit beside the chart at 80 columns
                    yield ProgressionTable(self.history, self.flow_for, roles=(PARTICIPANT,),
                                           name_width=THANKS_NAME_WIDTH, id="numbers")
            yield Button(id="finish", variant="success", compact=self.shows_chart)

    def _chart(self):
        """The participant's own chart, or None (a first reading; or a reading
        whose flow version cannot be read: the thanks goes on without it)."""
        if not self.shows_chart:
            return None
        from ..widgets.radar import RadarChart

        try:
            return RadarChart(self.history, self.flow_for, roles=(PARTICIPANT,), viewer=PARTICIPANT, id="chart")
        except (KeyError, ValueError, FlowError):
            self.history = None
            return None

    def on_mount(self) -> None:
        self.set_class(self.shows_chart, "-chart")
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.relabel()
        self.query_one("#finish", Button).focus()
        self.set_timer(self.seconds, self.action_finish)

    def relabel(self) -> None:
        thanks = self.flow.messages["thanks"]  # a msgid from the flow file
        self.query_one("#thanks", Static).update(_(thanks))
        self.query_one("#after", Static).update(
            _("Your answers are saved. You can leave now. The screen starts over by itself."))
        self.query_one("#finish", Button).label = _("Finish")
        if self.shows_chart:
            self.query_one("#over-time", Static).update(_(OVER_TIME))

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_finish()

    _finished = False

    def action_finish(self) -> None:
        # once: the timer and a key or click can come together
        if not self._finished and self.is_current:
            self._finished = True
            self.post_message(ThanksDone())
