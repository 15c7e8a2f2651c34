"""The action plan: interventions, the goal in the participant's own words,
the next follow-up, BIP's gentle notes and the earlier plans.

The interventions table lists every intervention (group, name or free text,
start, end, who is responsible; active, planned or ended). ``n`` adds one
(`InterventionScreen`), ``e`` ends the one under the cursor
(`EndInterventionScreen`); each is stored at once. ``ctrl+s`` saves a new
version of the plan: the goal, the follow-up date and the interventions
active today; the earlier versions stay readable below. Escape goes back;
with a goal or follow-up changed and not saved it first asks: save, discard
the changes, or stay (Escape there stays). The notes drawn from
the findings never block anything. Dates are typed as ISO or in the
language's short format; a date that cannot be read is said so, and nothing
typed is lost. PageUp/PageDown and Home/End scroll the page (the earlier
plans are below the fold at 80x24); while the goal or the date field has
the focus, ``n`` and ``e`` are letters and leave the key bar.
"""

from __future__ import annotations

from datetime import date

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Static

from ...domain.history import History
from ...domain.interventions import GROUP_BY_ID
from ...domain.plan import GOAL_MAX, Intervention
from ...i18n import N_, _, fmt_date, fmt_datetime
from ...logic.planning import intervention_name, notes, parse_day, plan_interventions, short_date
from ...storage import StorageError
from ..app_base import SkapaApp, unless_taken_away
from ..messages import ParticipantChanged
from ..widgets.field import Field
from ..widgets.fitted_columns import cut, fit_columns, room_of
from ..widgets.keys import PAGE_KEYS, PageKeys, translate_bindings
from ..widgets.title_bar import TitleBar
from .intervention import date_error

PRIVACY = N_("Free text is the one place to write about a person: keep it short, and write nothing "
             "about health or beliefs that is not needed.")


def name_of(intervention: Intervention) -> str:
    name, is_msgid = intervention_name(intervention)
    return _(name) if is_msgid else name


def state_of(intervention: Intervention, today: date) -> str:
    if intervention.active_on(today):
        return _("Active")
    if intervention.start > today:
        return _("Planned")
    return _("Ended")


LEAVE_TITLE = N_("Save the plan?")
LEAVE_TEXT = N_("You changed the goal or the next follow-up and did not save the plan.")
LEAVE_SAVE = N_("Save")
LEAVE_DISCARD = N_("Discard the changes")
LEAVE_STAY = N_("Stay on the plan")

CHOSEN = N_("{intervention} ({group}), responsible: {responsible}")
"""Under the table, when the table is too narrow to show the highlighted intervention in full."""
GIVE_WAY = ((1, 14), (4, 10), (0, 8))
"""The columns that give way on a narrow screen ((column, least width), in
this order): the intervention, the responsible, the group."""


class PlanScreen(PageKeys, Screen[None]):
    BINDINGS = [
        Binding("n", "add", N_("Add intervention")),
        Binding("e", "end", N_("End intervention")),
        Binding("ctrl+s", "save", N_("Save plan")),
        Binding("escape", "back", N_("Back")),
        *PAGE_KEYS,
    ]
    AUTO_FOCUS = ""  # the table gets the focus once it is filled (`on_mount`)

    app = getters.app(SkapaApp)

    def __init__(self, desk, code: str):
        super().__init__()
        self.desk = desk
        self.code = code
        self.history: History | None = None
        self.cut: dict[str, bool] = {}  # {intervention id: the table cuts its row}
        self.filled: tuple[str, str] | None = None
        """The goal and the follow-up as the fields were filled (or last saved):
        leaving with other values asks first (`action_back`)."""

    @property
    def today(self) -> date:
        return self.desk.today()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="body"):
            yield Static(id="h-interventions", classes="heading", markup=False)
            yield DataTable(id="interventions", cursor_type="row", zebra_stripes=True)
            yield Static(id="chosen", markup=False)
            with Horizontal(classes="row"):
                yield Button(id="add", compact=True)
                yield Button(id="end", compact=True)
            yield Static(id="notes", markup=False)
            yield Static(id="h-goal", classes="heading", markup=False)
            yield Static(id="privacy", markup=False)
            yield Field(id="goal", max_length=GOAL_MAX, compact=True)
            yield Static(id="h-follow-up", classes="heading", markup=False)
            with Horizontal(classes="row"):
                yield Field(id="follow-up", compact=True)
            yield Static(id="error", markup=False)
            with Horizontal(classes="row"):
                yield Button(id="save", variant="primary", compact=True)
            yield Static(id="h-plans", classes="heading", markup=False)
            yield Static(id="plans", markup=False)
        yield Footer(compact=True)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the page

    @unless_taken_away
    def on_mount(self) -> None:
        self.load(fill=True)
        self.query_one("#interventions", DataTable).focus(scroll_visible=False)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # In a text field n and e are letters: they leave the key bar while
        # one has the focus, so every key it shows works.
        if action in ("add", "end") and isinstance(self.focused, Input):
            return False
        return super().check_action(action, parameters)

    def on_descendant_focus(self, event) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self, event) -> None:
        self.refresh_bindings()

    # ---- reading -------------------------------------------------------------

    def load(self, *, fill: bool = False) -> None:
        """Read the participant again; ``fill`` also puts the goal and the
        follow-up of the current plan into the fields."""
        try:
            self.history = self.desk.history(self.code)
        except StorageError as exc:
            self.notify(exc.render(_), severity="error", timeout=10)
            return
        if fill:
            plan = self.history.plan
            self.query_one("#goal", Input).value = plan.goal if plan else ""
            offer = self.desk.follow_up_to_offer(self.history)
            self.query_one("#follow-up", Input).value = short_date(offer, self.app.lang)
            self.filled = self.typed()
        self.relabel()

    def typed(self) -> tuple[str, str]:
        """The goal and the follow-up as they stand in the fields."""
        return (" ".join(self.query_one("#goal", Input).value.split()),
                self.query_one("#follow-up", Input).value.strip())

    @property
    def changed(self) -> bool:
        """The goal or the follow-up was changed and not saved."""
        return self.filled is not None and self.typed() != self.filled

    def relabel(self) -> None:
        translate_bindings(self)
        lang = self.app.lang
        self.query_one(TitleBar).where(_("Action plan for {code}").format(code=self.code))
        self.query_one("#h-interventions", Static).update(_("Interventions"))
        self.query_one("#add", Button).label = _("Add (n)")
        self.query_one("#end", Button).label = _("End the chosen one (e)")
        self.query_one("#h-goal", Static).update(_("The goal, in the participant's own words"))
        self.query_one("#privacy", Static).update(_(PRIVACY))
        self.query_one("#goal", Input).placeholder = _("A short sentence")
        self.query_one("#h-follow-up", Static).update(_("Next follow-up"))
        self.query_one("#follow-up", Input).placeholder = short_date(self.today, lang)
        self.query_one("#save", Button).label = _("Save the plan (ctrl+s)")
        self.query_one("#h-plans", Static).update(_("Earlier plans"))
        self._fill_table()
        history = self.history
        if history is None:
            return
        found = notes(history.interventions, self.today)
        self.query_one("#notes", Static).update("\n".join(f"• {_(n)}" for n in found))
        self.query_one("#plans", Static).update(self._plans_text(history))

    def _fill_table(self) -> None:
        table = self.query_one("#interventions", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        headers = [_("Group"), _("Intervention"), _("Start"), _("End"), _("Responsible"), _("State")]
        lang = self.app.lang
        interventions = sorted(self.history.interventions, key=lambda i: (i.start, i.id)) if self.history else []
        cells = [(_(GROUP_BY_ID[i.group].name), name_of(i), fmt_date(i.start, lang, "short"),
                  fmt_date(i.end, lang, "short") if i.end else "–", i.responsible, state_of(i, self.today))
                 for i in interventions]
        # Fitted to the screen (the body's padding and scrollbar taken off too):
        # the intervention, the responsible and the group give way, cut with
        # "…", and the line under the table says the highlighted one in full.
        widths = fit_columns(headers, cells, room_of(self.app.size.width, len(headers), margins=6), GIVE_WAY)
        for header, width in zip(headers, widths):
            table.add_column(header, width=width)
        self.cut = {}
        for i, values in zip(interventions, cells):
            shown = [cut(value, width) for value, width in zip(values, widths)]
            self.cut[i.id] = shown != list(values)
            table.add_row(*shown, key=i.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_chosen()

    def _show_chosen(self) -> None:
        """The highlighted intervention in full, under the table, when the table cuts it."""
        line = self.query_one("#chosen", Static)
        chosen = self.chosen()
        line.display = chosen is not None and self.cut.get(chosen.id, False)
        if chosen is not None and line.display:
            line.update(_(CHOSEN).format(intervention=name_of(chosen), group=_(GROUP_BY_ID[chosen.group].name),
                                         responsible=chosen.responsible))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_chosen()

    def on_resize(self, event) -> None:
        if self.is_mounted:
            self._fill_table()

    def _plans_text(self, history: History) -> str:
        if not history.plans:
            return _("No plan saved yet.")
        lang = self.app.lang
        blocks = []
        for plan in reversed(history.plans):
            lines = [_("{when}, by {who}").format(when=fmt_datetime(plan.made_at, lang, "short"), who=plan.made_by)]
            lines.append("  " + _("Goal: {goal}").format(goal=plan.goal or "–"))
            if plan.next_follow_up:
                day = fmt_date(plan.next_follow_up, lang, "medium")
                lines.append("  " + _("Next follow-up: {day}").format(day=day))
            chosen = [name_of(i) for i in plan_interventions(plan, history)]
            lines.append("  " + _("Interventions: {names}").format(names=", ".join(chosen) or "–"))
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def chosen(self) -> Intervention | None:
        """The intervention under the table's cursor."""
        table = self.query_one("#interventions", DataTable)
        if self.history is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((i for i in self.history.interventions if i.id == key), None)

    # ---- actions ---------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = {"add": self.action_add, "end": self.action_end, "save": self.action_save}.get(event.button.id or "")
        if action:
            action()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _store(self, what) -> bool:
        try:
            what()
        except StorageError as exc:
            self.notify(exc.render(_), severity="error", timeout=10)
            return False
        self.app.post_message(ParticipantChanged(self.code))
        return True

    def action_add(self) -> None:
        from .intervention import InterventionScreen

        def added(wanted: dict | None) -> None:
            if wanted and self._store(lambda: self.desk.add_intervention(self.code, **wanted)):
                self.load()

        self.app.push_screen(InterventionScreen(self.today), added)

    def action_end(self) -> None:
        from .end_intervention import EndInterventionScreen

        intervention = self.chosen()
        if intervention is None:
            self.notify(_("There is no intervention to end."))
            return
        if intervention.ended_on(self.today):
            self.notify(_("This intervention has already ended."))
            return

        def ended(day: date | None) -> None:
            if day is not None and self._store(lambda: self.desk.end_intervention(self.code, intervention.id, day)):
                self.load()

        self.app.push_screen(EndInterventionScreen(intervention, self.today), ended)

    def action_save(self) -> bool:
        """Save the plan as a new version; False (and why, under the fields) when it could not be."""
        error = self.query_one("#error", Static)
        text = self.query_one("#follow-up", Input).value
        try:
            follow_up = parse_day(text, self.app.lang) if text.strip() else None
        except ValueError as exc:
            error.update(date_error(exc, self.today, self.app.lang))
            self.query_one("#follow-up", Input).focus()
            return False
        if follow_up is not None and follow_up < self.today:
            error.update(_("The next follow-up cannot be in the past."))
            self.query_one("#follow-up", Input).focus()
            return False
        error.update("")
        goal = self.query_one("#goal", Input).value
        active = [i.id for i in self.history.active_interventions(self.today)] if self.history else []
        if self._store(lambda: self.desk.save_plan(self.code, goal=goal, next_follow_up=follow_up,
                                                   interventions=active)):
            self.notify(_("The plan is saved."))
            self.filled = self.typed()
            self.load()
            return True
        return False

    def action_back(self) -> None:
        """Back to the page; with a changed goal or follow-up not saved, it asks
        first: save, discard, or stay (Escape stays too)."""
        if not self.changed:
            self.dismiss(None)
            return
        from .confirm import ConfirmScreen

        def answered(save: bool | None) -> None:
            if save is None:
                return  # stay: everything typed is still there
            if save and not self.action_save():
                return  # it could not be saved: the plan says why, and stays
            self.dismiss(None)

        self.app.push_screen(ConfirmScreen(LEAVE_TITLE, LEAVE_TEXT, LEAVE_SAVE, LEAVE_DISCARD, LEAVE_STAY), answered)

    def on_participant_changed(self, message: ParticipantChanged) -> None:
        if message.code == self.code:
            self.load()
