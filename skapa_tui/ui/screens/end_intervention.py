"""End an intervention (a modal): its end date, not before it started.

Dismisses with the end date, or None.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...domain.interventions import GROUP_BY_ID
from ...domain.plan import Intervention
from ...i18n import N_, _, fmt_date
from ...logic.planning import ending, intervention_name, parse_day, short_date
from ..widgets.keys import translate_bindings
from .intervention import date_error


class EndInterventionScreen(ModalScreen[date | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, intervention: Intervention, today: date):
        super().__init__()
        self.intervention = intervention
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(id="title", markup=False)
            yield Static(id="what", markup=False)
            yield Static(id="l-end", classes="label", markup=False)
            yield Input(short_date(max(self.today, self.intervention.start), self.app.lang), id="end",
                        compact=True)
            yield Static(id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(id="ok", variant="primary", compact=True)
                yield Button(id="cancel", compact=True)

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#end", Input).focus()

    def relabel(self) -> None:
        translate_bindings(self)
        i = self.intervention
        name, is_msgid = intervention_name(i)
        self.query_one("#title", Static).update(_("End an intervention"))
        self.query_one("#what", Static).update(
            _("{name} ({group}), started {start}").format(
                name=_(name) if is_msgid else name, group=_(GROUP_BY_ID[i.group].name),
                start=fmt_date(i.start, self.app.lang, "medium")))
        self.query_one("#l-end", Static).update(_("Ended on"))
        self.query_one("#ok", Button).label = _("End it")
        self.query_one("#cancel", Button).label = _("Cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_ok()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.action_ok()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_ok(self) -> None:
        try:
            end = parse_day(self.query_one("#end", Input).value, self.app.lang)
            ending(self.intervention, end)
        except ValueError as exc:
            self.query_one("#error", Static).update(date_error(exc, self.today, self.app.lang))
            return
        self.dismiss(end)
