"""End an intervention (a `FormModal`): its end date, not before it started.

The line about it names the intervention and when it started; the one
field is the end date (today filled in, or the start when that is later).
Enter or "End it" ends it; Escape or Cancel leaves it as it was.
Dismisses with the end date, or None.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input, Static

from ...domain.interventions import GROUP_BY_ID
from ...domain.plan import Intervention
from ...i18n import N_, _, fmt_date
from ...logic.planning import ending, intervention_name, parse_day, short_date
from ..widgets.field import Field
from .form_modal import FormModal
from .intervention import date_problem


class EndInterventionScreen(FormModal[date | None]):
    AUTO_FOCUS = "#end"
    TITLE = N_("End an intervention")
    ABOUT = ""  # the intervention, said by about_text
    PRIMARY, PRIMARY_ID = N_("End it"), "ok"

    def __init__(self, intervention: Intervention, today: date) -> None:
        super().__init__()
        self.intervention = intervention
        self.today = today

    def compose_fields(self) -> ComposeResult:
        yield Static(id="l-end", classes="label", markup=False)
        yield Field(short_date(max(self.today, self.intervention.start), self.app_lang), id="end", compact=True)

    def about_text(self) -> str:
        i = self.intervention
        name, is_msgid = intervention_name(i)
        return _("{name} ({group}), started {start}").format(
            name=_(name) if is_msgid else name, group=_(GROUP_BY_ID[i.group].name),
            start=fmt_date(i.start, self.app_lang, "medium"))

    def relabel_fields(self) -> None:
        self.query_one("#l-end", Static).update(_("Ended on"))

    def submit(self) -> None:
        try:
            end = parse_day(self.query_one("#end", Input).value, self.app_lang)
            ending(self.intervention, end)
        except ValueError as exc:
            msgid, fields = date_problem(exc, self.today, self.app_lang)
            self.message.say(msgid, info=False, **fields)
            return
        self.dismiss(end)
