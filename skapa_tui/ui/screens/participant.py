"""The participant's page: who they are to the supervisor, their readings,
the plan in short and every change of supervisor, and the way to everything
the supervisor does with them.

Keys (the Footer shows them, buttons too): ``f`` the professional form, live
today; ``p`` quick entry of a paper form (either side's); ``c`` the guided
conversation; ``h`` hand the terminal to the participant (the app does it,
on `HandOverRequested`); ``a`` the action plan; ``o`` hand over to another
supervisor (then the page closes: the participant is no longer mine); ``x``
correct an answer of a sent reading; ``g`` the progression (the spider
chart beside the numbers behind it); ``s`` the participant's one-page
summary to take home (a PDF: where, and in which language); ``n`` my own
note of today's meeting (`NoteScreen`); Escape back to the caseload. The page
reads the participant again whenever a screen it pushed returns, and on
`ParticipantChanged`.

Each opening of the page, a form, the conversation, the progression and the
summary is kept in the participant's access record (`Desk.looked_at`, see
`opens`): who, when, what; a record that cannot be kept stops the opening
and says why.

Another desk may take the participant over while the page is open: every
key checks, when it is pressed, that the participant is still this
supervisor's (`Desk.check`) and says so in words when not; the page then
shows nothing more of them.
"""

from __future__ import annotations

import functools

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Static

from ...domain.access import CONVERSATION, FORMS, PAGE, PROGRESSION
from ...domain.flow import FlowError
from ...domain.history import History
from ...domain.indicators import PARTICIPANT, SUPERVISOR
from ...domain.reading import ENTRY_HANDOVER, ENTRY_KIOSK, ENTRY_LIVE, ENTRY_PAPER, Reading
from ...i18n import N_, _, fmt_date
from ...logic.planning import group_summary, intervention_name
from ...storage import StorageError
from ..messages import HandOverRequested, ParticipantChanged

FLOW_MISSING = N_("The form this reading was begun on cannot be opened. Please ask whoever looks after skapa.")
from ..widgets.keys import translate_bindings
from ..widgets.title_bar import TitleBar

ENTRY_NAMES = {
    ENTRY_KIOSK: N_("at the kiosk"),
    ENTRY_LIVE: N_("live"),
    ENTRY_PAPER: N_("from paper"),
    ENTRY_HANDOVER: N_("hand-over"),
}

ACTIONS = (
    ("form", "f", N_("Form")),
    ("paper", "p", N_("Paper")),
    ("conversation", "c", N_("Conversation")),
    ("hand_terminal", "h", N_("Hand terminal")),
    ("plan", "a", N_("Action plan")),
    ("hand_over", "o", N_("Hand over")),
    ("correct", "x", N_("Correct")),
    ("progress", "g", N_("Progression")),
    ("summary", "s", N_("Summary to take home")),
)
"""(action, key, msgid) of the page's keys and buttons."""
NARROW = 100
"""Below this many columns the buttons stand three to a row (four above)."""


def checked(action):
    """An action of the page on the participant: it runs only while they are
    still mine (another desk may have taken them over meanwhile); else the
    page says so in words."""

    @functools.wraps(action)
    def run(self, *args):
        if self._still_mine():
            return action(self, *args)
        return None

    return run


def opens(what: str):
    """An action that opens ``what`` of the participant's data (`ACCESS_KINDS`):
    it runs only while they are still mine, after the opening is kept in
    their access record; else the page says why."""

    def wrap(action):
        @functools.wraps(action)
        def run(self, *args):
            if self._looked_at(what):
                return action(self, *args)
            return None

        return run

    return wrap


def form_name(reading: Reading) -> str:
    return _("The participant's own") if reading.role == PARTICIPANT else _("Supervisor ({id})").format(
        id=reading.rater or "?")


class ParticipantScreen(Screen[None]):
    DEFAULT_CSS = """
    ParticipantScreen #body {
        height: 1fr;
        padding: 0 2;
    }
    ParticipantScreen #about {
        height: auto;
        margin-top: 1;
    }
    ParticipantScreen .heading {
        text-style: bold;
        margin-top: 1;
    }
    ParticipantScreen #readings {
        height: auto;
        max-height: 10;
    }
    ParticipantScreen #plan, ParticipantScreen #changes {
        height: auto;
    }
    ParticipantScreen #actions {
        layout: grid;
        grid-size: 4;
        grid-gutter: 0 1;
        grid-rows: auto;
        height: auto;
        padding: 0 1;
        border-top: hkey $primary;
    }
    ParticipantScreen #actions Button {
        width: 100%;
        height: auto;
    }
    ParticipantScreen.-narrow #actions {
        grid-size: 3;
    }
    """

    # The action buttons name their keys, so the key bar shows only the rest
    # (it would not fit 80 columns with all of them twice).
    BINDINGS = [Binding(key, action, msgid, show=False) for action, key, msgid in ACTIONS] + [
        Binding("n", "note", N_("Note")),  # in the key bar: a fourth row of buttons would not fit 80x24
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, desk, code: str):
        super().__init__()
        self.desk = desk
        self.code = code
        self.history: History | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.lang)
        with VerticalScroll(id="body"):
            yield Static(id="about", markup=False)
            yield Static(id="h-readings", classes="heading", markup=False)
            yield DataTable(id="readings", cursor_type="row", zebra_stripes=True)
            yield Static(id="h-plan", classes="heading", markup=False)
            yield Static(id="plan", markup=False)
            yield Static(id="h-changes", classes="heading", markup=False)
            yield Static(id="changes", markup=False)
        with Horizontal(id="actions"):
            for action, _key, _msgid in ACTIONS:
                yield Button(id=f"do-{action}", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        if not self._looked_at(PAGE):
            self.history = None
            self.relabel()
            return
        self.load()
        self.query_one("#readings", DataTable).focus()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def on_screen_resume(self) -> None:
        self.load()

    def on_participant_changed(self, message: ParticipantChanged) -> None:
        if message.code == self.code:
            self.load()

    def load(self) -> None:
        try:
            self.history = self.desk.history(self.code)
        except StorageError as exc:
            self.history = None
            self.notify(exc.render(_), severity="error", timeout=10)
            self.query_one("#about", Static).update(exc.render(_))
            self.query_one("#plan", Static).update("")
            self.query_one("#changes", Static).update("")
        self.relabel()

    def _looked_at(self, what: str) -> bool:
        """Keep in the access record that I opened ``what``; False (said) when
        the participant is no longer mine or the record cannot be kept."""
        try:
            self.desk.looked_at(self.code, what)
        except StorageError as exc:
            self.notify(exc.render(_), severity="error", timeout=10)
            if what == PAGE:
                self.query_one("#about", Static).update(exc.render(_))
            return False
        return True

    def _still_mine(self) -> bool:
        """True when the participant is still mine now; else it says why not."""
        try:
            self.desk.check(self.code)
        except StorageError as exc:
            self.notify(exc.render(_), severity="error", timeout=10)
            return False
        return True

    # ---- showing ---------------------------------------------------------------

    def relabel(self) -> None:
        translate_bindings(self)
        self.query_one(TitleBar).where(_("Participant {code}").format(code=self.code))
        for action, key, msgid in ACTIONS:
            self.query_one(f"#do-{action}", Button).label = f"{_(msgid)} ({key})"
        self.query_one("#h-readings", Static).update(_("Readings"))
        self.query_one("#h-plan", Static).update(_("The plan"))
        self.query_one("#h-changes", Static).update(_("Changes of supervisor"))
        history = self.history
        self._fill_readings()
        if history is None:
            return
        self.query_one("#about", Static).update(self._about(history))
        self.query_one("#plan", Static).update(self._plan(history))
        self.query_one("#changes", Static).update(self._changes(history))

    def _supervisor(self, supervisor_id: str | None) -> str:
        if supervisor_id is None:
            return _("nobody")
        try:
            return self.desk.store.supervisor(supervisor_id).label
        except StorageError:
            return supervisor_id

    def _about(self, history: History) -> str:
        lang = self.app.lang
        follow_up = history.next_follow_up
        return "\n".join([
            _("Code: {code}").format(code=history.code),
            _("Supervisor: {supervisor}").format(supervisor=self._supervisor(history.supervisor)),
            _("Next follow-up: {day}").format(
                day=fmt_date(follow_up, lang, "medium") if follow_up else _("not set yet")),
        ])

    def _fill_readings(self) -> None:
        table = self.query_one("#readings", DataTable)
        table.clear(columns=True)
        table.add_columns(_("Date"), _("Whose form"), _("How entered"), _("State"))
        if self.history is None:
            return
        lang = self.app.lang
        readings = sorted(self.history.readings, key=lambda r: (r.meeting_date, r.started_at), reverse=True)
        for r in readings:
            table.add_row(fmt_date(r.meeting_date, lang, "medium"), form_name(r), _(ENTRY_NAMES.get(r.entry, r.entry)),
                          _("Sent") if r.finished else _("Unfinished"), key=r.id)
        if not readings:
            table.add_row(_("No readings yet."), "", "", "")

    def _plan(self, history: History) -> str:
        plan = history.plan
        lines = [_("Goal: {goal}").format(goal=plan.goal if plan and plan.goal else "–")]
        for summary in group_summary(history.interventions, self.desk.today()):
            names = []
            for i in summary.active:
                name, is_msgid = intervention_name(i)
                names.append(_(name) if is_msgid else name)
            lines.append(f"{_(summary.group.name)}: {', '.join(names) or '–'}")
        return "\n".join(lines)

    def _changes(self, history: History) -> str:
        changes = history.changes
        if not changes:
            return _("None.")
        lang = self.app.lang
        return "\n".join(
            _("{day}: from {before} to {after}").format(day=fmt_date(a.on, lang, "medium"),
                                                        before=self._supervisor(a.previous),
                                                        after=self._supervisor(a.supervisor))
            for a in changes)

    # ---- doing -------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = (event.button.id or "").removeprefix("do-")
        method = getattr(self, f"action_{action}", None)
        if callable(method):
            method()

    def _changed(self, *_args) -> None:
        self.app.post_message(ParticipantChanged(self.code))
        self.load()

    def _open_form(self, role: str, *, paper: bool = False, meeting_date=None) -> None:
        from .form import FormScreen

        try:
            visit = self.desk.open_reading(self.code, role=role, paper=paper, meeting_date=meeting_date,
                                           lang=self.app.lang, on_trouble=self.app.tell_save_trouble)
        except StorageError as exc:
            self.notify(exc.render(_), severity="error", timeout=10)
            return
        except FlowError:
            # the reading began on a flow version that is no longer kept
            self.notify(_(FLOW_MISSING), severity="error", timeout=10)
            return
        self.app.push_screen(FormScreen(visit, saving=self.app.saving), self._changed)

    @opens(FORMS)
    def action_form(self) -> None:
        self._open_form(SUPERVISOR)

    @opens(FORMS)
    def action_paper(self) -> None:
        from .quick_entry import QuickEntryScreen

        def chosen(result) -> None:
            if result:
                role, day = result
                self._open_form(role, paper=True, meeting_date=day)

        self.app.push_screen(QuickEntryScreen(self.desk, self.code), chosen)

    @opens(CONVERSATION)
    def action_conversation(self) -> None:
        from .conversation import ConversationScreen

        self.app.push_screen(ConversationScreen(self.desk, self.code))

    @checked
    def action_hand_terminal(self) -> None:
        self.post_message(HandOverRequested(self.code))

    @checked
    def action_plan(self) -> None:
        from .plan import PlanScreen

        self.app.push_screen(PlanScreen(self.desk, self.code))

    @checked
    def action_hand_over(self) -> None:
        from .hand_over import HandOverScreen

        def handed(assignment) -> None:
            if assignment is not None:
                self.app.post_message(ParticipantChanged(self.code))
                self.dismiss(None)

        self.app.push_screen(HandOverScreen(self.desk, self.code), handed)

    @opens(FORMS)
    def action_correct(self) -> None:
        from .correction import CorrectionScreen

        def corrected(done) -> None:
            if done:
                self._changed()

        self.app.push_screen(CorrectionScreen(self.desk, self.code), corrected)

    @opens(PROGRESSION)
    def action_progress(self) -> None:
        from .progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.desk, self.code))

    @checked
    def action_summary(self) -> None:
        from .summary_save import SummarySaveScreen

        def saved(path) -> None:
            if path is not None:
                self.notify(_("The summary is saved in {path}. Only you can read the file.").format(path=path),
                            timeout=15)

        self.app.push_screen(SummarySaveScreen(self.desk, self.code), saved)

    @checked
    def action_note(self) -> None:
        from .note import NoteScreen

        self.app.push_screen(NoteScreen(self.desk, self.code))

    def action_back(self) -> None:
        self.dismiss(None)
