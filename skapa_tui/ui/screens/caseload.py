"""The caseload: a table of the signed-in supervisor's own participants.

One row each: the code, the date of the participant's latest reading and of
the supervisor's, the next follow-up, the active interventions by group
("Job 1 · Social 2") and the warnings' short names; the highlighted row's
warnings are said in full, gently, in the panel below the table.

Keyboard first: typing goes to the filter field (code or warning); Up/Down
move in the table, PageUp/PageDown by a page; Enter opens the highlighted participant
(`ParticipantChosen`, the app opens their page); ``ctrl+s`` sorts by the
next column to the right (the most warnings first), ``ctrl+r`` turns the order round, a click on a header sorts by
it; ``ctrl+f`` shows only those due this week (the follow-up falls by
Sunday, or is overdue), soonest first, and back; ``ctrl+n`` adds a participant, ``ctrl+t`` takes one over, ``ctrl+o``
hands the highlighted one over, ``ctrl+l`` locks the desk.

Every ``poll_seconds`` the desk rereads the participant files that changed
(`Desk.refresh`): what a kiosk in another process sends shows within one poll,
and what was done at this desk shows as soon as the caseload is back on
screen.
A participant whose file cannot be read (damaged, or no permission) has no
row, and the line under the table names them; when the caseload itself
cannot be read (the data folder or the supervisor's file gone), the table
stays as it was and the same line says why.
"""

from __future__ import annotations

from datetime import date

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from ... import i18n
from ...domain.interventions import COMPETENCE, HEALTH, JOB_FOCUSED, SOCIAL
from ...i18n import N_, NC_, _
from ...logic.caseload import SORT_KEYS, CaseloadRow, due_rows, filter_rows, sort_rows, week_end
from ...logic.desk import Desk
from ..app_base import SkapaApp, unless_taken_away
from ..messages import ParticipantChanged, ParticipantChosen
from ..widgets.field import Field
from ..widgets.fitted_columns import cut, fit_columns, header_lines, room_of, wrap_headers
from ..widgets.keys import translate_bindings
from ..widgets.title_bar import TitleBar

WHERE = N_("Caseload of {who}")
WHERE_WEEK = N_("Follow-up by {date}: {who}")
"""The title while only those due this week are shown; the date first, as a long name is cut at 80 columns."""
WEEK_KEY = N_("ctrl+f: due this week")
ALL_KEY = N_("ctrl+f: everyone")
NONE_DUE = N_("No follow-up is due this week. ctrl+f shows the whole caseload again.")
FILTER = N_("Filter: code or warning")
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", N_("Code")),
    ("warnings", N_("Warnings")),
    ("follow_up", N_("Follow-up")),
    # Over dates: the day of the participant's latest reading, and of the
    # supervisor's ("Deltagarens senaste", "Din senaste"); a context of their
    # own, since "Participant" and "You" say whose elsewhere.
    ("participant", NC_("caseload column: the date of the participant's latest reading", "Participant")),
    ("supervisor", NC_("caseload column: the date of your latest reading", "You")),
    ("interventions", N_("Interventions")),
)
"""The table's columns: (key, header msgid); a key in SORT_KEYS sorts by it.
The warnings come first: they are what a supervisor looks for (the panel
below says the highlighted row's in full). The two reading columns hold the
date of each side's latest reading."""
MOST_FIRST = frozenset({"warnings"})
"""The columns whose first sort puts the most first (`sort_rows`)."""
WARNINGS_WIDTH = 16
"""The warnings column's least width when the screen is narrow (the panel says them in full)."""
GIVE_WAY = (("warnings", WARNINGS_WIDTH), ("interventions", 0))
"""The columns that give way on a narrow screen, in this order, each down to
its least width (or its header), cut with "…": the panel below says both in
full. The others (the code, the dates) never do."""
GROUP_SHORT = {
    JOB_FOCUSED: N_("Job"),
    COMPETENCE: N_("Competence"),
    SOCIAL: N_("Social"),
    HEALTH: N_("Health"),
}
"""Each intervention group's short label in the table."""
NONE_YET = "–"
EMPTY = N_("You have no participants yet. Add one with ctrl+n, or take one over with ctrl+t.")
NO_MATCH = N_("No participant matches the filter.")
NO_WARNINGS = N_("{code}: nothing to note.")
ACTIVE = N_("Active interventions: {interventions}")
TROUBLE = N_("The caseload could not be read just now, so the table may be out of date: {reason}")

def short_date(day: date | None) -> str:
    return i18n.fmt_date(day, i18n.current_language(), "short") if day else NONE_YET


def warnings_label(row: CaseloadRow) -> str:
    """How many warnings, then their short names: "⚠ 2 Follow-up overdue, …"."""
    if not row.warnings:
        return NONE_YET
    return f"⚠ {len(row.warnings)} " + ", ".join(_(w.name) for w in row.warnings)


def interventions_label(row: CaseloadRow) -> str:
    return " · ".join(f"{_(GROUP_SHORT[g]) if g in GROUP_SHORT else g} {n}"
                      for g, n in row.active.items()) or NONE_YET


class CaseloadScreen(Screen):
    app = getters.app(SkapaApp)

    AUTO_FOCUS = "#filter"
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "move_page(-1)", show=False),
        Binding("pagedown", "move_page(1)", show=False),
        # The Footer shows these (descriptions are msgids: `translate_bindings`).
        Binding("enter", "open", N_("Open")),
        Binding("ctrl+n", "add", N_("Add")),
        Binding("ctrl+t", "take_over", N_("Take over")),
        Binding("ctrl+o", "hand_over", N_("Hand over")),
        Binding("ctrl+s", "sort_next", N_("Sort")),
        Binding("ctrl+r", "reverse", N_("Reverse")),
        # Said under the filter field (`WEEK_KEY`), not in the full key bar.
        Binding("ctrl+f", "this_week", N_("This week"), show=False),
    ]

    def __init__(self, desk: Desk, poll_seconds: float = 2.0) -> None:
        super().__init__()
        self.desk = desk
        self.poll_seconds = poll_seconds
        self.sort_key = "code"
        self.reverse = False
        self.this_week = False
        """Only the rows due this week (`due_rows`), soonest first."""
        self._order_before = ("code", False)
        self.rows: list[CaseloadRow] = []
        self.shown: list[CaseloadRow] = []

    def compose(self) -> ComposeResult:
        yield Field(id="filter")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Static(id="warnings", markup=False)
        yield Static(id="damaged", markup=False)
        yield Footer(compact=True)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the table

    @unless_taken_away
    def on_mount(self) -> None:
        self.desk.refresh()
        self.rows = self.desk.rows()
        self.relabel()
        self.poller = self.set_interval(self.poll_seconds, self.poll)

    # ---- texts ------------------------------------------------------------

    def relabel(self) -> None:
        translate_bindings(self)
        who = self.desk.supervisor.label
        if self.this_week:
            end = i18n.fmt_date(week_end(self.desk.today()), i18n.current_language(), "medium")
            self.query_one(TitleBar).where(_(WHERE_WEEK).format(who=who, date=end))
        else:
            self.query_one(TitleBar).where(_(WHERE).format(who=who))
        self.query_one("#filter", Input).border_title = _(FILTER)
        self.query_one("#filter", Input).border_subtitle = _(ALL_KEY) if self.this_week else _(WEEK_KEY)
        self.show_rows()

    def on_resize(self, event) -> None:
        # the warnings column takes what the other columns leave
        if self.is_mounted and self.table.columns:
            self.show_rows()

    def _header(self, key: str, msgid: str) -> str:
        if key == self.sort_key:
            # the arrow says which way the rows go: ▼ the most (or latest) first
            down = self.reverse != (key in MOST_FIRST)
            return f"{_(msgid)} {'▼' if down else '▲'}"
        return _(msgid)

    # ---- the rows -----------------------------------------------------------

    @property
    def table(self) -> DataTable:
        return self.query_one("#table", DataTable)

    @property
    def highlighted(self) -> str | None:
        """The code of the highlighted row."""
        table = self.table
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row].code

    def show_rows(self) -> None:
        """Fill the table with the rows that pass the filter, in the chosen order;
        the highlighted participant stays highlighted."""
        table = self.table
        keep = self.highlighted
        text = self.query_one("#filter", Input).value
        rows = due_rows(self.rows, self.desk.today()) if self.this_week else self.rows
        self.shown = sort_rows(filter_rows(rows, text, _), self.sort_key, self.reverse)
        cells = [(row.code, warnings_label(row), short_date(row.follow_up), short_date(row.participant_date),
                  short_date(row.supervisor_date), interventions_label(row)) for row in self.shown]
        # The columns are made again each time, each as wide as its header
        # and widest cell, as far as the screen's width goes (see GIVE_WAY).
        table.clear(columns=True)
        headers = [self._header(key, msgid) for key, msgid in COLUMNS]
        keys = [key for key, _msgid in COLUMNS]
        room = room_of(self.app.size.width, len(headers), padding=table.cell_padding)
        give_way = [(keys.index(key), least) for key, least in GIVE_WAY]
        # A long header over dates ("Deltagarens senaste") takes two lines rather than a column.
        headers = wrap_headers(headers, cells, room, give_way)
        table.header_height = header_lines(headers)
        widths = fit_columns(headers, cells, room, give_way)
        for (key, _msgid), header, width in zip(COLUMNS, headers, widths):
            table.add_column(header, key=key, width=width)
        for row, values in zip(self.shown, cells):
            table.add_row(*(cut(value, width) for value, width in zip(values, widths)), key=row.code)
        codes = [r.code for r in self.shown]
        if keep in codes:
            table.move_cursor(row=codes.index(keep), animate=False)
        self.show_warnings()
        lines = []
        if self.desk.trouble is not None:
            lines.append(_(TROUBLE).format(reason=self.desk.trouble.render(_)))
        unreadable = self.desk.unreadable()
        if unreadable:
            listed = ", ".join(unreadable)
            lines.append(i18n.ngettext(
                "The file of {codes} could not be read, so it is not in the table. Please ask "
                "whoever looks after skapa.",
                "The files of {codes} could not be read, so they are not in the table. Please ask "
                "whoever looks after skapa.", len(unreadable)).format(codes=listed))
        line = self.query_one("#damaged", Static)
        line.update("\n".join(lines))
        line.display = bool(lines)

    def show_warnings(self) -> None:
        panel = self.query_one("#warnings", Static)
        code = self.highlighted
        if code is None:
            if not self.rows:
                panel.update(_(EMPTY))
            elif self.this_week and not due_rows(self.rows, self.desk.today()):
                panel.update(_(NONE_DUE))
            else:
                panel.update(_(NO_MATCH))
            return
        row = next(r for r in self.shown if r.code == code)
        lines = [_(NO_WARNINGS).format(code=code)] if not row.warnings else [
            f"{code}: {_(w.text)}" if n == 0 else f"{' ' * len(code)}  {_(w.text)}"
            for n, w in enumerate(row.warnings)]
        if row.active:
            lines.append(_(ACTIVE).format(interventions=interventions_label(row)))
        panel.update("\n".join(lines))

    def on_screen_resume(self) -> None:
        # Back from a participant's page: what was done there shows at once.
        self.poll()

    def poll(self) -> None:
        """Show what changed in the participant files since the last look
        (changes made at this desk included: `Desk.refresh`)."""
        if self.desk.refresh():
            self.rows = self.desk.rows()
            self.show_rows()

    def reload(self) -> None:
        self.desk.refresh()
        self.rows = self.desk.rows()
        self.show_rows()

    def on_participant_changed(self, message: ParticipantChanged) -> None:
        self.reload()

    # ---- events -------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.show_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_warnings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = event.column_key.value
        if key not in SORT_KEYS:
            return
        if key == self.sort_key:
            self.reverse = not self.reverse
        else:
            self.sort_key, self.reverse = key, False
        self.show_rows()

    # ---- actions ------------------------------------------------------------

    def action_move(self, step: int) -> None:
        table = self.table
        if self.shown:
            table.move_cursor(row=max(0, min(len(self.shown) - 1, table.cursor_row + step)))

    def action_move_page(self, step: int) -> None:
        """PageUp/PageDown from the filter field: a page of rows up or down."""
        self.action_move(step * max(1, self.table.scrollable_content_region.height - 1))

    def action_open(self) -> None:
        code = self.highlighted
        if code is not None:
            self.post_message(ParticipantChosen(code))

    def action_sort_next(self) -> None:
        """Sort by the next column to the right (after the last: the first again)."""
        keys = [key for key, _msgid in COLUMNS if key in SORT_KEYS]
        at = keys.index(self.sort_key)
        self.sort_key, self.reverse = keys[(at + 1) % len(keys)], False
        self.show_rows()

    def action_this_week(self) -> None:
        """Only the participants due this week, soonest first; again: everyone,
        in the order before."""
        self.this_week = not self.this_week
        if self.this_week:
            self._order_before = (self.sort_key, self.reverse)
            self.sort_key, self.reverse = "follow_up", False
        else:
            self.sort_key, self.reverse = self._order_before
        self.relabel()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self.show_rows()

    def action_add(self) -> None:
        from .add_participant import AddParticipantScreen

        self.app.push_screen(AddParticipantScreen(self.desk), self._after_change)

    def action_take_over(self) -> None:
        from .take_over import TakeOverScreen

        self.app.push_screen(TakeOverScreen(self.desk), self._after_change)

    def action_hand_over(self) -> None:
        code = self.highlighted
        if code is None:
            return
        from .hand_over import HandOverScreen

        self.app.push_screen(HandOverScreen(self.desk, code), self._after_change)

    def _after_change(self, result) -> None:
        if result is not None:
            self.reload()
            code = result if isinstance(result, str) else None
            if code in [r.code for r in self.shown]:
                self.table.move_cursor(row=[r.code for r in self.shown].index(code), animate=False)
        self.query_one("#filter", Input).focus()

