"""The participant's page: who they are to the supervisor, their readings,
the plan in short, every change of supervisor and every correction of a sent
answer (the reading, the question, old → new, who, when and why), and the
way to everything the supervisor does with them.

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

An unfinished reading in the readings table (Enter on it) can be gone on
with, as it was begun, or discarded: one with answers is asked about again,
and its discard is recorded (who, when, how many answers; the table shows
it); one with none is just removed, as is a form left without any answer.

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

from textual import getters
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
from ...i18n import N_, _, fmt_date, fmt_datetime, fmt_number, ngettext
from ...logic.planning import group_summary, intervention_name
from ...storage import StorageError
from ..app_base import SkapaApp, unless_taken_away
from ..messages import HandOverRequested, ParticipantChanged
from ..widgets.choices import answer_text, skip_text
from ..widgets.keys import PAGE_KEYS, PageKeys, translate_bindings
from ..widgets.title_bar import TitleBar

FLOW_MISSING = N_("The form this reading was begun on cannot be opened. Please ask whoever looks after skapa.")

CORRECTED_WHAT = N_("{form}, {day}: {question}")
"""A correction on the page: the reading (whose form, the meeting's date) and the question."""
CORRECTED_BY = N_("Corrected by {who}, {when}. Why: {why}")

UNFINISHED = N_("Unfinished")
UNFINISHED_HINT = N_("An unfinished reading: choose it and press Enter to go on with it or discard it.")
ASK_UNFINISHED = N_("An unfinished reading")
ASK_UNFINISHED_TEXT = N_("{form}, {day}, {how}: {answered} of {total} answered.")
GO_ON = N_("Go on with it")
DISCARD = N_("Discard it")
CANCEL = N_("Cancel")
ASK_DISCARD = N_("Discard the answers?")
ASK_DISCARD_TEXT = N_("The {answered} answers of this reading will be gone. That it was discarded is kept, "
                      "with your name and the time.")
KEEP = N_("Keep them")
DISCARDED_NOW = N_("The reading is discarded.")

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


def discarded_text(answers: int) -> str:
    """The state of a discarded reading in the table: how many answers it had."""
    return ngettext("Discarded ({n} answer)", "Discarded ({n} answers)", answers).format(n=answers)


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
    return role_name(reading.role, reading.rater)


def role_name(role: str, rater: str | None) -> str:
    return _("The participant's own") if role == PARTICIPANT else _("Supervisor ({id})").format(id=rater or "?")


class ParticipantScreen(PageKeys, Screen[None]):
    # The action buttons name their keys, so the key bar shows only the rest
    # (it would not fit 80 columns with all of them twice).
    # PageUp/PageDown, Home/End scroll the page (the plan and the changes of
    # supervisor are below the fold at 80x24); Tab goes from the readings to
    # the buttons, then to the page itself and the language switch.
    BINDINGS = [
        *(Binding(key, action, msgid, show=False) for action, key, msgid in ACTIONS),
        Binding("n", "note", N_("Note")),  # in the key bar: a fourth row of buttons would not fit 80x24
        Binding("escape", "back", N_("Back")),
        *PAGE_KEYS,
    ]
    # The readings table gets the focus once it is filled (`on_mount`): focused
    # before, it kept its headers' widths and the page scrolled past the top.
    AUTO_FOCUS = ""


    app = getters.app(SkapaApp)

    def __init__(self, desk, code: str):
        super().__init__()
        self.desk = desk
        self.code = code
        self.history: History | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="body"):
            yield Static(id="about", markup=False)
            yield Static(id="h-readings", classes="heading", markup=False)
            yield DataTable(id="readings", cursor_type="row", zebra_stripes=True)
            yield Static(id="unfinished-hint", markup=False)
            yield Static(id="h-plan", classes="heading", markup=False)
            yield Static(id="plan", markup=False)
            yield Static(id="h-changes", classes="heading", markup=False)
            yield Static(id="changes", markup=False)
            yield Static(id="h-corrections", classes="heading", markup=False)
            yield Static(id="corrections", markup=False)
        with Horizontal(id="actions"):
            for action, _key, _msgid in ACTIONS:
                yield Button(id=f"do-{action}", compact=True)
        yield Footer(compact=True)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the page

    @unless_taken_away
    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        if not self._looked_at(PAGE):
            self.history = None
            self.relabel()
            return
        self.load()
        self.query_one("#readings", DataTable).focus(scroll_visible=False)

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
            self.query_one("#corrections", Static).update("")
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
        self.query_one("#h-corrections", Static).update(_("Corrections"))
        history = self.history
        self._fill_readings()
        if history is None:
            return
        self.query_one("#about", Static).update(self._about(history))
        self.query_one("#plan", Static).update(self._plan(history))
        self.query_one("#changes", Static).update(self._changes(history))
        self.query_one("#corrections", Static).update(self._corrections(history))

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
                          _("Sent") if r.finished else _(UNFINISHED), key=r.id)
        for n, d in enumerate(reversed(self.history.discards)):
            table.add_row(fmt_date(d.meeting_date, lang, "medium"), role_name(d.role, d.by),
                          _(ENTRY_NAMES.get(d.entry, d.entry)),
                          discarded_text(d.answers),
                          key=f"discard:{n}")
        if not readings and not self.history.discards:
            table.add_row(_("No readings yet."), "", "", "")
        hint = self.query_one("#unfinished-hint", Static)
        hint.update(_(UNFINISHED_HINT))
        hint.display = any(not r.finished for r in readings)

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

    def _corrections(self, history: History) -> str:
        """Every correction of a sent answer, newest first: the reading (whose
        form, its date), the question, old → new, who, when and why."""
        lang = self.app.lang
        found = [(c, r) for r in history.readings for c in r.corrections]
        if not found:
            return _("None.")
        blocks = []
        for c, reading in sorted(found, key=lambda cr: cr[0].at, reverse=True):
            skipped = skip_text(reading.role)
            try:
                question = self.desk.flow_for(reading).question(c.item)
            except (FlowError, KeyError):  # a version no longer kept: the item's id and the raw values
                what, old, new = c.item, str(c.old), str(c.new)
            else:
                what = _(question.text)
                old, new = answer_text(question, c.old, skipped), answer_text(question, c.new, skipped)
            blocks.append("\n".join([
                _(CORRECTED_WHAT).format(form=form_name(reading), day=fmt_date(reading.meeting_date, lang, "medium"),
                                         question=what),
                f"  {old} → {new}",
                "  " + _(CORRECTED_BY).format(who=self._supervisor(c.by),
                                              when=fmt_datetime(c.at.astimezone(), lang, "short"), why=c.why),
            ]))
        return "\n".join(blocks)

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

    def _open_form(self, role: str, *, paper: bool = False, meeting_date=None, reading: str | None = None) -> None:
        from .form import FormScreen

        try:
            if reading is not None:
                visit = self.desk.continue_reading(self.code, reading, lang=self.app.lang,
                                                   on_trouble=self.app.tell_save_trouble)
            else:
                visit = self.desk.open_reading(self.code, role=role, paper=paper, meeting_date=meeting_date,
                                               lang=self.app.lang, on_trouble=self.app.tell_save_trouble)
        except StorageError as exc:
            self.notify(exc.render(_), severity="error", timeout=10)
            return
        except FlowError:
            # the reading began on a flow version that is no longer kept
            self.notify(_(FLOW_MISSING), severity="error", timeout=10)
            return
        self.app.push_screen(FormScreen(visit, saving=self.app.saving),
                             lambda _result: self._form_closed(visit.reading.id))

    def _form_closed(self, reading_id: str) -> None:
        """Back from the form: a reading left without a single answer is
        removed (there is nothing to keep), so no empty unfinished reading
        stays behind; one with answers stays, to go on with later."""
        try:
            left = next((r for r in self.desk.history(self.code).readings if r.id == reading_id), None)
            if left is not None and not left.finished and not left.answers:
                self.desk.discard_reading(self.code, reading_id)
        except StorageError:
            pass  # not mine any more, or unreadable: the page says so when it loads
        self._changed()

    # ---- unfinished readings -------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id != "readings" or self.history is None:
            return
        reading = next((r for r in self.history.readings if r.id == event.row_key.value), None)
        if reading is not None and not reading.finished:
            self.ask_unfinished(reading)

    @checked
    def ask_unfinished(self, reading: Reading) -> None:
        """Go on with an unfinished reading, or discard it (asked again when it has answers)."""
        from .confirm import ConfirmScreen

        try:
            total = len(self.desk.flow_for(reading).questions)
        except FlowError:
            total = len(reading.answers)
        lang = self.app.lang

        def text() -> str:
            return _(ASK_UNFINISHED_TEXT).format(
                form=form_name(reading), day=fmt_date(reading.meeting_date, lang, "medium"),
                how=_(ENTRY_NAMES.get(reading.entry, reading.entry)),
                answered=fmt_number(len(reading.answers), lang), total=fmt_number(total, lang))

        def chosen(go_on: bool | None) -> None:
            if go_on is None:
                return
            if go_on:
                self.go_on_with(reading)
            elif not reading.answers:
                self.discard(reading)  # nothing in it to lose
            else:
                self.app.push_screen(
                    ConfirmScreen(ASK_DISCARD, ASK_DISCARD_TEXT, KEEP, DISCARD,
                                  answered=fmt_number(len(reading.answers), lang)),
                    lambda keep: self.discard(reading) if keep is False else None)

        self.app.push_screen(ConfirmScreen(ASK_UNFINISHED, text, GO_ON, DISCARD, CANCEL), chosen)

    def go_on_with(self, reading: Reading) -> None:
        """The participant's own answers at the kiosk or a hand-over go on in
        their chat (the terminal is handed to them); a form of mine, or one
        typed in from paper, in the form, as it was begun (its meeting date too)."""
        if reading.role == PARTICIPANT and reading.entry in (ENTRY_KIOSK, ENTRY_HANDOVER):
            self.post_message(HandOverRequested(self.code, reading.id))
        else:
            self._open_form(reading.role, reading=reading.id)

    @checked
    def discard(self, reading: Reading) -> None:
        try:
            self.desk.discard_reading(self.code, reading.id)
        except StorageError as exc:
            self.notify(exc.render(_), severity="error", timeout=10)
        else:
            self.notify(_(DISCARDED_NOW))
        self._changed()

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
