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
quits. Up/Down/PageUp/PageDown scroll the report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich import box
from rich.cells import cell_len
from rich.table import Table as RichTable
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
from ..widgets.keys import translate_bindings
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


def rich_table(table: Table) -> RichTable:
    """A report table for the terminal: the first column names, the others figures.

    A figures' column is as wide as its widest figure or the longest word of
    its header (which wraps), so on a narrow terminal the names wrap, not
    the figures."""
    shown = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold",
                      padding=(0, 0, 0, 1), expand=False)
    for n, header in enumerate(table.header):
        if n == 0:
            shown.add_column(header, justify="left", overflow="fold", min_width=12)
            continue
        widest = max([cell_len(row[n]) for row in table.rows] + [cell_len(w) for w in header.split()])
        shown.add_column(header, justify="right", overflow="fold", width=widest)
    for row in table.rows:
        shown.add_row(*row)
    return shown


def block_widgets(found: list[Block]) -> list[Widget]:
    """One widget per block (the report's title is in the title bar)."""
    widgets: list[Widget] = []
    for block in found:
        if isinstance(block, Table):
            widgets.append(Static(rich_table(block), classes="table"))
            continue
        kind, text = block
        if kind == "h1":
            continue
        widgets.append(Static(text, classes=kind, markup=False))
    return widgets


class ReportScreen(Screen):
    AUTO_FOCUS = "#body"
    BINDINGS = [
        # The Footer shows these (descriptions are msgids: `translate_bindings`).
        Binding("ctrl+r", "recompute", N_("Compute again")),
        Binding("ctrl+e", "export", N_("Save as HTML")),
        Binding("ctrl+l", "app.lock", N_("Lock")),
    ]

    DEFAULT_CSS = """
    ReportScreen #period {
        height: auto;
        margin: 0 1;
    }
    ReportScreen #period Input {
        width: 24;
        border-title-color: $text;
        border-title-style: bold;
    }
    ReportScreen #status {
        width: 1fr;
        margin: 1 2;
        color: $text-muted;
    }
    ReportScreen #message {
        margin: 0 2;
        height: auto;
    }
    ReportScreen #body {
        height: 1fr;
        margin: 0 1;
        padding: 0 1;
    }
    ReportScreen #body .h2 {
        text-style: bold;
        color: $primary;
        margin-top: 1;
        border-bottom: solid $primary;
    }
    ReportScreen #body .h3 {
        text-style: bold;
        margin-top: 1;
    }
    ReportScreen #body .p {
        margin-bottom: 1;
    }
    ReportScreen #body .table {
        width: auto;
        max-width: 100%;
        margin-bottom: 1;
    }
    """

    def __init__(self, store, library, leader: Supervisor, clock: Callable[[], date]) -> None:
        super().__init__()
        self.store = store
        self.library = library
        self.leader = leader
        self.clock = clock
        self.last: date | None = default_period(clock())[1]
        self.report: Report | None = None
        self.computing = False
        self._worker: Worker | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.lang)
        with Horizontal(id="period"):
            yield Input(id="last", max_length=20)
            yield Static(id="status", markup=False)
        yield MessageLine(id="message")
        yield VerticalScroll(id="body")
        yield Footer(compact=True)

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
        if event.worker is not self._worker:
            return  # an older computation, replaced by a newer one
        if event.state == WorkerState.SUCCESS:
            self.report = event.worker.result
            self.last = self.report.last  # the end of the year it covers
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

    def show_report(self) -> None:
        body = self.query_one("#body", VerticalScroll)
        with self.app.batch_update():
            body.remove_children()
            body.mount_all(block_widgets(blocks(self.report, i18n.current_language())))

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

