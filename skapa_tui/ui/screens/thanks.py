"""The thank-you after sending; it ends by itself after ``seconds``.

It says its thanks once, counts down in words ("In 12 seconds the screen
goes back to the start.") and has one button, "Done". Any key ends it, as
the button and the time do (a key in its first moment does not: that is
the key that sent the answers, pressed twice). It tells the app
`ThanksDone`: the kiosk starts over for the next person; a supervisor's
hand-over takes the terminal back (``after``: what the screen says happens
next, for the kiosk the countdown).

At the end of a follow-up (``history`` holds two or more sent readings of
the participant's own) it shows the person's own answers over time, and
only theirs: the table of their answers (`OwnAnswers`), and beside it, on
a terminal with room for it, their spider chart with the latest reading and
the one before. Every name is the short name of their own question, every
date in one format. No supervisor's rating and no intervention is on it:
the screen is shared, the plan is for the desk. A first reading shows no
chart.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from textual import events, getters
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from ...domain.flow import Flow, FlowError
from ...domain.history import History
from ...domain.indicators import PARTICIPANT
from ...domain.reading import Reading
from ...i18n import N_, _, fmt_day
from ..app_base import SkapaApp, unless_taken_away
from ..messages import ThanksDone
from ..widgets.title_bar import TitleBar
from .still_there import countdown_text

OVER_TIME = N_("Here you can see your answers over time.")
FOLLOW_UP = 2
"""Sent readings of the participant's own from which their answers over time are shown."""
CHART_WIDTH, CHART_HEIGHT = 100, 30
"""The chart is shown beside the table from this many columns and rows; below, the table alone."""
SHORT = 24
"""Below this many rows, the lines around the table go, so that every row of it stays in view."""


class ThanksScreen(Screen):
    app = getters.app(SkapaApp)

    def __init__(self, flow: Flow, seconds: float, history: History | None = None,
                 flow_for: Callable[[Reading], Flow] | None = None, *, counts_down: bool = True,
                 settle: float = 0.4):
        """``history`` and ``flow_for``: the participant's, for their answers
        over time (none: not shown). ``counts_down``: say the countdown to the
        start screen (the kiosk); a hand-over says it gives the screen back.
        ``settle``: seconds in which a key does not end the thanks (the key
        that sent the answers, pressed twice)."""
        super().__init__()
        self.flow = flow
        self.seconds = seconds
        self.history = history
        self.flow_for = flow_for
        self.counts_down = counts_down
        self.settle = settle
        self.until = time.monotonic() + seconds
        self.shown_at = time.monotonic()

    @property
    def shows_answers(self) -> bool:
        return (self.history is not None and self.flow_for is not None
                and len(self.history.sent(PARTICIPANT)) >= FOLLOW_UP)

    def names(self) -> dict[str, str]:
        """Each indicator's name as the participant knows it from their own questions."""
        return {q.indicator: q.short for q in self.flow.questions if q.rates and q.short}

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(id="thanks", markup=False)
            yield Static(id="after", markup=False)
            if self.shows_answers:
                from ..widgets.own_answers import OwnAnswers

                assert self.history is not None and self.flow_for is not None  # as shows_answers says

                yield Static(id="over-time", markup=False)
                with Container(id="progress"):
                    chart = self._chart()
                    if chart is not None:
                        yield chart
                    with Vertical(id="numbers"):
                        yield OwnAnswers(self.history, self.flow_for, self.names(),
                                         [q.indicator for q in self.flow.questions if q.rates], id="answers")
                        yield Static(id="marks", markup=False)
            yield Button(id="finish", variant="success", compact=self.shows_answers)
        yield TitleBar(self.app.lang)

    def _chart(self):
        """The person's own chart, or None (no room for it; or a reading whose
        flow version cannot be read: the thanks goes on without it)."""
        from ..widgets.radar import RadarChart

        try:
            return RadarChart(self.history, self.flow_for, roles=(PARTICIPANT,), viewer=PARTICIPANT,
                              earlier=1, names=self.names(), day=fmt_day, plain=True, id="chart")
        except (KeyError, ValueError, FlowError):
            return None

    @unless_taken_away
    def on_mount(self) -> None:
        self.set_class(self.shows_answers, "-answers")
        self._fit(self.app.size.width, self.app.size.height)
        self.relabel()
        self.query_one("#finish", Button).focus()
        self.set_interval(0.25, self._tick)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        roomy = width >= CHART_WIDTH and height >= CHART_HEIGHT
        self.set_class(roomy, "-roomy")
        self.set_class(height < SHORT, "-short")
        charts = self.query("#chart")
        if charts:
            charts.first().display = roomy
        answers = self.query("#answers")
        if answers:
            from ..widgets.own_answers import OwnAnswers

            # The table's room: the box's inner width, less the chart's half when it is shown.
            inner = min(width, 110) - 6
            answers.first(OwnAnswers).fit(inner // 2 if roomy else inner)

    @property
    def left(self) -> int:
        return max(0, math.ceil(self.until - time.monotonic()))

    def relabel(self) -> None:
        thanks = self.flow.messages["thanks"]  # a msgid from the flow file
        self.query_one("#thanks", Static).update(_(thanks))
        self._say_after()
        self.query_one("#finish", Button).label = _("Done")
        if self.shows_answers:
            from ..widgets.own_answers import OwnAnswers

            self.query_one("#over-time", Static).update(_(OVER_TIME))
            self.query_one("#marks", Static).update(OwnAnswers.key_line())

    def _say_after(self) -> None:
        after = self.query_one("#after", Static)
        if self.counts_down:
            after.update(countdown_text(self.left, self.app.lang))
        else:
            after.update(_("Please give the screen back to your supervisor."))

    def _tick(self) -> None:
        if self.left <= 0:
            self.action_finish()
        elif self.counts_down:
            self._say_after()

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        if time.monotonic() - self.shown_at >= self.settle:
            self.action_finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_finish()

    _finished = False

    def action_finish(self) -> None:
        # once: the timer and a key or click can come together
        if not self._finished and self.is_current:
            self._finished = True
            self.post_message(ThanksDone())
