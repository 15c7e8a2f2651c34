"""The numbers behind the spider chart: every reading of every indicator, with the change.

One column per meeting date (oldest first), one row per indicator and side,
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

A table too narrow for every date shows whole columns only, never a cut
one: the newest dates that fit, the names staying on the left; "‹" before
the first date shown says there are earlier ones (Left brings them in, one
date at a time; Right goes back), "›" after the last that there are later
ones.

Rows are keyed ``"<indicator>:<role>"`` (interventions ``"intervention:<id>"``)
and columns by the date in ISO form, for `DataTable.get_cell` (the dates
shown: `dates_shown`).
`show` puts a new history in; `relabel` rebuilds in the current language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable

from ...domain.flow import Flow
from ...domain.history import History
from ...domain.interventions import KIND_BY_ID, OTHER
from ...domain.plan import Intervention
from ...domain.reading import Reading
from ...i18n import N_, _, current_language, fmt_date
from ...logic.progression import ROLES, HistoryRow, Step, between, history_rows
from ..app_base import unless_taken_away
from .keys import translate_bindings
from .radar import MARKERS

NAME_WIDTH = 26
"""An intervention's name (and the heading above them) is cut to this many
characters, unless the table is given another ``name_width``."""
NOT_ANSWERED_MARK = "–"
ACTIVE_MARK = "✓"
EARLIER_MARK, LATER_MARK = "‹ ", " ›"


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

    BINDINGS = [
        # Shown while earlier dates are left out (see `check_action`).
        Binding("left", "earlier_dates", N_("Earlier dates"), key_display="←"),
        Binding("right", "later_dates", show=False),
        # A table of rows: Home and End go to the first and the last row
        # (a DataTable's own scroll sideways).
        Binding("home", "first_row", show=False),
        Binding("end", "last_row", show=False),
    ]

    def __init__(self, history: History | None = None,
                 flow_for: Callable[[Reading], Flow] | None = None, *,
                 roles: Iterable[str] = ROLES, lang: str | None = None, name_width: int = NAME_WIDTH,
                 name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        # The names stay on the left (fixed_columns); a narrow table shows the
        # latest dates that fit whole (`_window`).
        super().__init__(name=name, id=id, classes=classes, zebra_stripes=True, cursor_type="row",
                         fixed_columns=1)
        self.roles = tuple(r for r in ROLES if r in set(roles))
        self.name_width = name_width
        self.lang = lang
        self.flow_for = flow_for
        self.history = history
        self.rows_shown: list[HistoryRow] = []
        self.dates: list[date] = []
        self.dates_shown: list[date] = []
        self.last_shown: int | None = None
        """The index in ``dates`` of the newest date shown (None: the newest of all)."""
        self._fits: int | None = None

    @unless_taken_away
    def on_mount(self) -> None:
        translate_bindings(self)
        self._build()

    def show(self, history: History, flow_for: Callable[[Reading], Flow] | None = None) -> None:
        self.history = history
        self.flow_for = flow_for or self.flow_for
        self._build()

    def relabel(self) -> None:
        translate_bindings(self)
        self._build()

    def _build(self) -> None:
        row = self.cursor_row
        self.clear(columns=True)
        if self.history is None or self.flow_for is None:
            return
        lang = self.lang or current_language()
        self.rows_shown = history_rows(self.history, self.flow_for, roles=self.roles)
        self.dates = sorted({step.date for row in self.rows_shown for step in row.steps})
        if not self.dates:
            self.add_column("", key="indicator")
            self.add_row(_("No readings yet."), key="empty")
            return
        labels = [f"{MARKERS[r.role][0]} {_(r.indicator.label)}" for r in self.rows_shown]
        cells = []
        for r in self.rows_shown:
            by_date = {step.date: step for step in r.steps}
            cells.append([cell_text(by_date[d]) if d in by_date else "" for d in self.dates])
        spans = list(zip([None, *self.dates], self.dates))  # (the reading before, this one)
        helped = [i for i in sorted(self.history.interventions, key=lambda i: (i.start, i.id))
                  if any(a is not None and i.active_between(a, b) for a, b in spans)]
        if helped:
            labels.append(self._cut(_("Support between meetings")))
            cells.append([""] * len(self.dates))
            for i in helped:
                labels.append(self._cut(intervention_name(i)))
                cells.append([ACTIVE_MARK if a is not None and i in between([i], a, b) else "" for a, b in spans])
        headers = [fmt_date(day, lang, "short") for day in self.dates]
        first, last = self._window(labels, headers, cells)
        self.dates_shown = self.dates[first:last + 1]
        self.add_column("", key="indicator")
        for n in range(first, last + 1):
            header = headers[n]
            if n == first and first > 0:
                header = EARLIER_MARK + header
            if n == last and last < len(self.dates) - 1:
                header += LATER_MARK
            self.add_column(header, key=self.dates[n].isoformat())
        keys = [f"{r.indicator.id}:{r.role}" for r in self.rows_shown]
        if helped:
            keys += ["interventions", *(f"intervention:{i.id}" for i in helped)]
        for label, values, key in zip(labels, cells, keys, strict=True):
            name = Text(label, style="bold") if key == "interventions" else label
            self.add_row(name, *values[first:last + 1], key=key)
        if self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1), animate=False)
        self.refresh_bindings()

    def _window(self, labels: list[str], headers: list[str], cells: list[list[str]]) -> tuple[int, int]:
        """The first and last index of the dates shown: as many whole columns as
        the width takes, ending at `last_shown` (the newest by default)."""
        pad = 2 * self.cell_padding
        width = self.scrollable_content_region.width or self.size.width
        if self.styles.width is not None and self.styles.width.is_auto and isinstance(self.parent, Widget):
            # As wide as its columns: the room is what the parent (and max-width) allows,
            # less a scroll bar.
            parent = self.parent.content_region.size
            width = parent.width
            if self.styles.max_width is not None:
                width = min(width, int(self.styles.max_width.resolve(parent, self.app.size)))
            width -= self.styles.scrollbar_size_vertical
        room = width - max(cell_len(label) for label in labels) - pad
        last = len(headers) - 1 if self.last_shown is None else min(self.last_shown, len(headers) - 1)
        later = cell_len(LATER_MARK) if last < len(headers) - 1 else 0

        def column(n: int, first: int) -> int:
            header = cell_len(headers[n]) + (cell_len(EARLIER_MARK) if n == first and first > 0 else 0) \
                + (later if n == last else 0)
            return max([header] + [cell_len(row[n]) for row in cells]) + pad

        first = last
        while first > 0 and width:
            if sum(column(n, first - 1) for n in range(first - 1, last + 1)) > room:
                break
            first -= 1
        self._fits = last - first + 1
        return first, last

    def on_resize(self, event) -> None:
        if self.dates:
            self._build()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "earlier_dates":
            return bool(self.dates_shown) and self.dates_shown[0] != self.dates[0]
        return super().check_action(action, parameters)

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_earlier_dates(self) -> None:
        """One earlier date in (the newest shown goes out when there is no room)."""
        if not self.dates_shown or self.dates_shown[0] == self.dates[0]:
            return
        self.last_shown = self.dates.index(self.dates_shown[-1]) - 1
        self._build()

    def action_later_dates(self) -> None:
        if not self.dates_shown or self.dates_shown[-1] == self.dates[-1]:
            return
        self.last_shown = self.dates.index(self.dates_shown[-1]) + 1
        if self.last_shown == len(self.dates) - 1:
            self.last_shown = None
        self._build()

    def _cut(self, name: str) -> str:
        return name if len(name) <= self.name_width else name[:self.name_width - 1] + "…"
