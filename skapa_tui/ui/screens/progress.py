"""Seeing progression: the spider chart of both sides beside the numbers behind it.

The chart (`widgets.radar.RadarChart`) shows each side's latest reading with
one earlier one overlaid (``e`` shows two earlier ones, then none, then one
again), told apart by line and marker, with its legend; the table
(`widgets.progression_table.ProgressionTable`) holds, per
indicator and side, every reading with its date, ▲ ▼ = and the signed
change, and the interventions active between readings. The table is never
left out: on a wide terminal it stands beside the chart, on a narrow one
below it (it has the focus; its rows scroll, and Left brings in earlier
dates when not all fit).

Opened from the participant's page and the conversation with ``g``;
Escape back. The screen reads the participant again on `ParticipantChanged`.
"""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...domain.history import History
from ...i18n import N_, _
from ...storage import StorageError
from ..app_base import SkapaApp, unless_taken_away
from ..widgets.keys import translate_bindings
from ..widgets.progression_table import ProgressionTable
from ..widgets.radar import RadarChart
from ..widgets.title_bar import TitleBar

MAX_EARLIER = 2
"""At most this many earlier readings of each side overlaid on the latest."""
NARROW = 100
"""Below this many columns the table goes below the chart."""


class ProgressScreen(Screen[None]):
    BINDINGS = [
        Binding("e", "earlier", N_("Earlier readings")),
        Binding("escape", "back", N_("Back")),
    ]

    AUTO_FOCUS = "#numbers"

    app = getters.app(SkapaApp)

    def action_earlier(self) -> None:
        """Overlay one more earlier reading of each side (two at most), then none."""
        if self.history is None:
            return
        chart = self.query_one(RadarChart)
        chart.earlier = (chart.earlier + 1) % (MAX_EARLIER + 1)
        chart.show(self.history)

    def __init__(self, desk, code: str):
        super().__init__()
        self.desk = desk
        self.code = code
        self.history: History | None = None
        self.trouble: str | None = None

    def compose(self) -> ComposeResult:
        self._load()
        yield Static(id="trouble", markup=False)
        with Container(id="progress"):
            with Container(id="chart-box"):
                # Both sides at once: each side's latest and the one before it
                # (six polygons in a terminal cell grid are too many to read);
                # the table beside it has every reading.
                yield RadarChart(self.history, self.desk.flow_for, earlier=1, id="chart")
            yield ProgressionTable(self.history, self.desk.flow_for, id="numbers")
        yield Footer(compact=True)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the table

    def _load(self) -> None:
        try:
            self.history = self.desk.history(self.code)
            self.trouble = None
        except StorageError as exc:
            self.history = None
            self.trouble = exc.render(_)

    @unless_taken_away
    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.relabel()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    @property
    def chart(self) -> RadarChart:
        return self.query_one("#chart", RadarChart)

    @property
    def table(self) -> ProgressionTable:
        return self.query_one("#numbers", ProgressionTable)

    def relabel(self) -> None:
        translate_bindings(self)
        self.query_one(TitleBar).where(_("Progression of {code}").format(code=self.code))
        box = self.query_one("#trouble", Static)
        box.update(self.trouble or "")
        box.set_class(not self.trouble, "-empty")

    def reload(self) -> None:
        """Read the participant again and show it."""
        self._load()
        if self.history is not None:
            self.chart.show(self.history, self.desk.flow_for)
            self.table.show(self.history, self.desk.flow_for)
        self.relabel()

    def on_participant_changed(self, message) -> None:
        if getattr(message, "code", None) == self.code:
            self.reload()

    def action_back(self) -> None:
        self.dismiss(None)
