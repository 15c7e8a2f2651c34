"""The numbers behind the spider chart: every reading of every indicator, with the change.

One column per meeting date (oldest first; a table too narrow for them all
shows the newest, the names staying on the left), one row per indicator and side,
in the indicators' fixed order. A cell holds the value, then ▲ ▼ or = and
the signed change since that side's previous reading ("4 ▲ +1"); "–" is a
question not answered (never a 0); an empty cell is a date that side has no
reading. Each row starts with the side's marker from the chart (● the
participant, ■ the supervisor), so the two are told apart without colour.
Below, one row per intervention with ✓ in each column it was active in
since the reading before (`logic.progression.between`).

Use::

    ProgressionTable(history, flow_for)                          # both sides
    ProgressionTable(history, flow_for, roles=(PARTICIPANT,))    # the participant's own

Rows are keyed ``"<indicator>:<role>"`` (interventions ``"intervention:<id>"``)
and columns by the date in ISO form, for `DataTable.get_cell`.
`show` puts a new history in; `relabel` rebuilds in the current language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from ...domain.flow import Flow
from ...domain.history import History
from ...domain.interventions import KIND_BY_ID, OTHER
from ...domain.plan import Intervention
from ...domain.reading import Reading
from ...i18n import _, current_language, fmt_date
from ...logic.progression import ROLES, HistoryRow, Step, between, history_rows
from .radar import MARKERS

NAME_WIDTH = 26
"""An intervention's name (and the heading above them) is cut to this many
characters, unless the table is given another ``name_width``."""
NOT_ANSWERED_MARK = "–"
ACTIVE_MARK = "✓"


def cell_text(step: Step) -> str:
    """"4 ▲ +1", "3 = 0", "2" (the first reading), "–" (not answered)."""
    if step.value is None:
        return NOT_ANSWERED_MARK
    if step.trend is None:
        return str(step.value)
    return f"{step.value} {step.trend} {step.signed_change}"


def intervention_name(intervention: Intervention) -> str:
    if intervention.kind == OTHER or intervention.kind not in KIND_BY_ID:
        return intervention.text or ""
    return _(KIND_BY_ID[intervention.kind].name)


class ProgressionTable(DataTable):
    """Per indicator, the values of every reading with ▲ ▼ = and the change,
    and the interventions active between readings."""

    DEFAULT_CSS = """
    ProgressionTable {
        height: 1fr;
        width: 1fr;
    }
    """

    def __init__(self, history: History | None = None,
                 flow_for: Callable[[Reading], Flow] | None = None, *,
                 roles: Iterable[str] = ROLES, lang: str | None = None, name_width: int = NAME_WIDTH,
                 name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        # The names stay on the left when the dates scroll (fixed_columns), and
        # a narrow table shows the latest readings first (`_show_latest`).
        super().__init__(name=name, id=id, classes=classes, zebra_stripes=True, cursor_type="row",
                         fixed_columns=1)
        self.roles = tuple(r for r in ROLES if r in set(roles))
        self.name_width = name_width
        self.lang = lang
        self.flow_for = flow_for
        self.history = history
        self.rows_shown: list[HistoryRow] = []
        self.dates: list[date] = []

    def on_mount(self) -> None:
        self._build()

    def show(self, history: History, flow_for: Callable[[Reading], Flow] | None = None) -> None:
        self.history = history
        self.flow_for = flow_for or self.flow_for
        self._build()

    def relabel(self) -> None:
        self._build()

    def _build(self) -> None:
        self.clear(columns=True)
        if self.history is None or self.flow_for is None:
            return
        lang = self.lang or current_language()
        self.rows_shown = history_rows(self.history, self.flow_for, roles=self.roles)
        self.dates = sorted({step.date for row in self.rows_shown for step in row.steps})
        self.add_column("", key="indicator")
        for day in self.dates:
            self.add_column(fmt_date(day, lang, "short"), key=day.isoformat())
        if not self.dates:
            self.add_row(_("No readings yet."), key="empty")
            return
        for row in self.rows_shown:
            by_date = {step.date: step for step in row.steps}
            cells = [cell_text(by_date[d]) if d in by_date else "" for d in self.dates]
            label = f"{MARKERS[row.role][0]} {_(row.indicator.label)}"
            self.add_row(label, *cells, key=f"{row.indicator.id}:{row.role}")
        self._add_interventions()
        self.call_after_refresh(self._show_latest)

    def _show_latest(self) -> None:
        """The newest dates in view: scrolled to the right end, the names staying."""
        self.scroll_to(x=self.max_scroll_x, animate=False, immediate=True)

    def _add_interventions(self) -> None:
        assert self.history is not None
        spans = list(zip(self.dates, self.dates[1:]))
        shown = [i for i in sorted(self.history.interventions, key=lambda i: (i.start, i.id))
                 if any(i.active_between(a, b) for a, b in spans)]
        if not shown:
            return
        self.add_row(Text(self._cut(_("Support between meetings")), style="bold"),
                     *([""] * len(self.dates)), key="interventions")
        for intervention in shown:
            cells = [""] + [ACTIVE_MARK if intervention in between([intervention], a, b) else ""
                            for a, b in spans]
            self.add_row(self._cut(intervention_name(intervention)), *cells, key=f"intervention:{intervention.id}")

    def _cut(self, name: str) -> str:
        return name if len(name) <= self.name_width else name[:self.name_width - 1] + "…"
