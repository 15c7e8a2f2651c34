"""The organisation's report, for a leader: aggregates only, never one person.

A leader (`Supervisor.has_caseload` is False) gets this screen instead of a
caseload. It shows `skapa_tui.logic.report` (as `skapa_tui.render.blocks`)
for a year: the four whole quarters up to the end of the quarter of the
date in the ``Year up to`` field (typed as ISO or the language's short
date; empty, and by default: the last quarter that has ended before the
app's today; see `covered_period`), as headings, paragraphs and tables, the
same texts and figures as ``skapa report`` writes: numbers and dates by
Babel in the app's language, protected figures with their "±" and
suppressed ones as "<5" and "<10", and the paragraphs that say how the
figures are protected. Once computed, the field shows the end of the year
the report covers. Nothing in `Report` names a participant, so nothing on
this screen can.

The report reads every participant file, so it is computed in a thread
worker while a "computing" line shows and the screen stays live; a newer
computation replaces an older one that has not finished. A language change
says the same report again in the new language (no new computation).

Keys: Enter in the field (or ``ctrl+r``) computes the report for the
year it says; ``ctrl+e`` writes it as an HTML page to a file the
leader names (`ExportReportScreen`, 0600); ``ctrl+l`` locks; ``ctrl+q``
quits; these work whatever has the focus. Up/Down scroll the report when
it has the focus (Tab), PageUp/PageDown and Home/End wherever the focus is
(Home and End stay the date field's own while it has the focus).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich import box
from rich.cells import cell_len
from rich.table import Table as RichTable
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from ... import i18n
from ...domain.supervisor import Supervisor
from ...i18n import N_, _
from ...logic.planning import bad_date, parse_day, short_date
from ...logic.report import Report, covered_period, store_report
from ...render.blocks import Block, Table, blocks
from ...storage import StorageError
from ..app_base import SkapaApp, unless_taken_away
from ..widgets.field import Field
from ..widgets.keys import PAGE_KEYS, PageKeys, translate_bindings
from ..widgets.message_line import MessageLine
from ..widgets.title_bar import TitleBar

WHERE = N_("The organisation's report · {who}")
UP_TO = N_("Year up to")
COMPUTING = N_("Computing the report…")
NOT_READ = N_("The data folder could not be read. Please try again, or ask for help.")
WROTE = N_("The report is saved in {path}. Only you can read the file.")


def default_period(today: date) -> tuple[date, date]:
    """The year a leader sees first: the four quarters up to the last one that has ended."""
    return covered_period(None, None, today)


NAME_WIDTH = 28
"""When a table does not fit the screen, its names wrap at this many columns
(at their longest word, if longer)."""


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def column_widths(table: Table, room: int | None = None) -> list[int]:
    """Each column's width: a figures' as its widest figure or the longest
    word of its header (which wraps between words, never inside one); the
    names' as its widest name when the whole table fits ``room``, else as
    `NAME_WIDTH` allows."""
    names = [table.header[0], *(row[0] for row in table.rows)]
    figures = [max([cell_len(row[n]) for row in table.rows] + [_longest_word(header)])
               for n, header in enumerate(table.header[1:], start=1)]
    widest = max(cell_len(n) for n in names)
    if room is not None and widest + sum(2 + w for w in figures) > room:
        widest = max(min(widest, NAME_WIDTH), max(_longest_word(n) for n in names))
    return [widest, *figures]


def column_groups(widths: list[int], room: int | None) -> list[list[int]]:
    """The figures' columns (indexes from 1) in groups that fit ``room``
    beside the names' column, in their order; one group when all fit (or
    ``room`` is None). A figures' column takes 2 more than its text: the
    divider and the space before it."""
    if room is None:
        return [list(range(1, len(widths)))]
    groups: list[list[int]] = [[]]
    used = widths[0]
    for n in range(1, len(widths)):
        if groups[-1] and used + 2 + widths[n] > room:
            groups.append([])
            used = widths[0]
        groups[-1].append(n)
        used += 2 + widths[n]
    return groups


def rich_tables(table: Table, room: int | None = None) -> list[RichTable]:
    """A report table for the terminal: the first column names, the others figures.

    A table wider than ``room`` is shown as several, each with the names'
    column and as many of the figures' columns as fit, in their order (as a
    wide table is printed across pages): the names are never left out, and
    no header breaks inside a word."""
    widths = column_widths(table, room)
    shown = []
    for group in column_groups(widths, room):
        part = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold",
                         padding=(0, 0, 0, 1), expand=False)
        part.add_column(table.header[0], justify="left", overflow="fold", width=widths[0])
        for n in group:
            part.add_column(table.header[n], justify="right", overflow="fold", width=widths[n])
        for row in table.rows:
            part.add_row(row[0], *(row[n] for n in group))
        shown.append(part)
    return shown


def block_widgets(found: list[Block], room: int | None = None) -> list[Widget]:
    """One widget per block (the report's title is in the title bar); a table
    wider than ``room`` columns as several (`rich_tables`)."""
    widgets: list[Widget] = []
    for block in found:
        if isinstance(block, Table):
            widgets.extend(Static(part, classes="table") for part in rich_tables(block, room))
            continue
        kind, text = block
        if kind == "h1":
            continue
        widgets.append(Static(text, classes=kind, markup=False))
    return widgets


class ReportScreen(PageKeys, Screen):
    app = getters.app(SkapaApp)

    AUTO_FOCUS = "#body"
    BINDINGS = [
        # The Footer shows these (descriptions are msgids: `translate_bindings`).
        # Priority: they work in the date field too (a field's own ctrl+e
        # goes to the end of the line).
        Binding("ctrl+r", "recompute", N_("Compute again"), priority=True),
        Binding("ctrl+e", "export", N_("Save as HTML"), priority=True),
        *PAGE_KEYS,
    ]

    def __init__(self, store, library, leader: Supervisor, clock: Callable[[], date]) -> None:
        super().__init__()
        self.store = store
        self.library = library
        self.leader = leader
        self.clock = clock
        self.last: date | None = default_period(clock())[1]
        self.report: Report | None = None
        self.computing = False
        self._worker: Worker[Report] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="period"):
            yield Field(id="last", max_length=20)
            yield Static(id="status", markup=False)
        yield MessageLine(id="message")
        yield VerticalScroll(id="body")
        yield Footer(compact=True)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the report

    @unless_taken_away
    def on_mount(self) -> None:
        self.show_period()
        self.relabel()
        self.compute()

    # ---- texts ----------------------------------------------------------------

    def relabel(self) -> None:
        translate_bindings(self)
        self.query_one(TitleBar).where(_(WHERE).format(who=self.leader.label))
        self.query_one("#last", Input).border_title = _(UP_TO)
        self.query_one("#status", Static).update(_(COMPUTING) if self.computing else "")
        if self.report is not None:
            self.show_period()  # the dates in the new language's short form
            self.show_report()

    def show_period(self) -> None:
        lang = i18n.current_language()
        self.query_one("#last", Input).value = short_date(self.last, lang) if self.last else ""

    # ---- the period ------------------------------------------------------------

    def read_period(self) -> tuple[date | None] | None:
        """The date in the field (None: empty), or None (and a message) when it can't be read."""
        lang = i18n.current_language()
        message = self.query_one("#message", MessageLine)
        field = self.query_one("#last", Input)
        text = field.value.strip()
        if not text:
            message.say(None)
            return (None,)
        try:
            day = parse_day(text, lang)
        except ValueError:
            day = self.clock()
            msgid, fields = bad_date(day, lang)  # each way of writing it once
            message.say(msgid, **fields)
            field.focus()
            return None
        message.say(None)
        return (day,)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_recompute()

    # ---- computing ---------------------------------------------------------------

    def action_recompute(self) -> None:
        period = self.read_period()
        if period is None:
            return
        (self.last,) = period
        self.compute()

    def compute(self) -> None:
        """Compute the report for the period in a thread; the screen stays live."""
        self.computing = True
        self.query_one("#status", Static).update(_(COMPUTING))
        last, today = self.last, self.clock()
        store, flow_for = self.store, self.library.version

        def work() -> Report:
            return store_report(store, flow_for=flow_for, first=None, last=last, today=today)

        self._worker = self.run_worker(work, thread=True, exclusive=True, group="report",
                                       exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = self._worker
        if worker is None or event.worker is not worker:
            return  # an older computation, replaced by a newer one
        if event.state == WorkerState.SUCCESS:
            report = worker.result
            assert report is not None  # None only until the worker is done
            self.report = report
            self.last = report.last  # the end of the year it covers
            self.show_period()
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            message = self.query_one("#message", MessageLine)
            if isinstance(error, StorageError):
                message.error(error)
            else:
                message.say(NOT_READ)
                self.log.error(f"the report could not be computed: {error!r}")
        else:
            return
        self.computing = False
        self._worker = None
        self.query_one("#status", Static).update("")
        if self.report is not None:
            self.show_report()

    def room(self) -> int:
        """The columns a table has on screen: the report's width less its
        padding and its scroll bar (before the first layout: the screen's
        width less the report's margins, padding and scroll bar)."""
        body = self.query_one("#body", VerticalScroll)
        if body.content_region.width:
            return body.content_region.width - body.styles.scrollbar_size_vertical
        return self.app.size.width - 8

    def show_report(self) -> None:
        report = self.report
        if report is None:
            return
        body = self.query_one("#body", VerticalScroll)
        self._shown_room = self.room()
        with self.app.batch_update():
            body.remove_children()
            body.mount_all(block_widgets(blocks(report, i18n.current_language()), self._shown_room))

    def on_resize(self, event) -> None:
        if self.report is not None and getattr(self, "_shown_room", None) != self.room():
            self.show_report()

    # ---- saving it ---------------------------------------------------------------

    def action_export(self) -> None:
        if self.report is None or self.computing:
            return
        from ...render import render
        from .export_report import ExportReportScreen

        page = render(self.report, "html", i18n.current_language())
        name = f"skapa-report-{self.clock().isoformat()}.html"
        self.app.push_screen(ExportReportScreen(page, name), self._exported)

    def _exported(self, path) -> None:
        if path is not None:
            self.notify(_(WROTE).format(path=path), timeout=8)

