"""Add an intervention to the plan (a `FormModal`).

Choose a group, then a kind of that group from BIP's list, or "Other" with a
free text (its group is the group chosen); a start date (default today), an
optional end date and who is responsible. Dates are typed as ISO or in the
language's short format. Enter in any field (or Ctrl+S, or "Add") adds it;
Escape or Cancel adds nothing. Dismisses with a dict of
`Desk.add_intervention`'s keyword arguments (kind, group, text, start, end,
responsible), or None.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from ...domain.interventions import GROUPS, OTHER, kinds_of
from ...domain.plan import TEXT_MAX, check_intervention
from ...i18n import N_, _
from ...logic.planning import BAD_DATE, END_BEFORE_START, DateExample, bad_date, parse_day, short_date
from ..widgets.field import Field
from ..widgets.keys import translate_bindings
from .form_modal import FormModal

NO_RESPONSIBLE = N_("Write who is responsible.")


def date_problem(exc: ValueError, today: date, lang: str) -> tuple[str, DateExample]:
    """What to say of a ValueError's msgid: the msgid and its fields, with
    BAD_DATE's examples (each way of writing the date once: `bad_date`)."""
    msgid = str(exc.args[0]) if exc.args else BAD_DATE
    if msgid == BAD_DATE:
        return bad_date(today, lang)
    return msgid, {"iso": today.isoformat(), "short": short_date(today, lang)}


def date_error(exc: ValueError, today: date, lang: str) -> str:
    """A ValueError's msgid said in the current language (`date_problem`)."""
    msgid, fields = date_problem(exc, today, lang)
    return _(msgid).format(**fields)


class InterventionScreen(FormModal[dict[str, Any] | None]):
    AUTO_FOCUS = "#group"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", N_("Add"))]
    TITLE = N_("Add an intervention")
    PRIMARY, PRIMARY_ID = N_("Add"), "ok"
    ENTER_SUBMITS = True  # the fields have their defaults; Enter in any of them adds

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose_fields(self) -> ComposeResult:
        group = GROUPS[0].id
        yield Static(id="l-group", classes="label", markup=False)
        yield Select(self._group_options(), id="group", allow_blank=False, value=group, compact=True,
                     classes="wide")
        yield Static(id="l-kind", classes="label", markup=False)
        yield Select(self._kind_options(group), id="kind", allow_blank=False, compact=True, classes="wide")
        yield Field(id="text", max_length=TEXT_MAX, disabled=True, compact=True, classes="wide")
        yield Static(id="l-dates", classes="label", markup=False)
        with Horizontal(id="dates"):
            yield Field(short_date(self.today, self.app_lang), id="start", compact=True)
            yield Field(id="end", compact=True)
        yield Static(id="l-responsible", classes="label", markup=False)
        yield Field(id="responsible", max_length=TEXT_MAX, compact=True, classes="wide")

    def _group_options(self) -> list[tuple[str, str]]:
        return [(_(g.name), g.id) for g in GROUPS]

    def _kind_options(self, group: str) -> list[tuple[str, str]]:
        return [(_(k.name), k.id) for k in kinds_of(group)] + [(_("Other (write what it is)"), OTHER)]

    def relabel_fields(self) -> None:
        translate_bindings(self)
        self.query_one("#l-group", Static).update(_("Group"))
        self.query_one("#l-kind", Static).update(_("Intervention"))
        self.query_one("#text", Input).placeholder = _("What it is, in a few words (for Other)")
        self.query_one("#l-dates", Static).update(_("Start and end (the end may wait)"))
        self.query_one("#end", Input).placeholder = _("End (optional)")
        self.query_one("#l-responsible", Static).update(_("Who is responsible"))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id == "group" and event.value is not Select.BLANK:
            self.query_one("#kind", Select).set_options(self._kind_options(str(event.value)))
        self._text_wanted()

    def _text_wanted(self) -> None:
        kind = self.query_one("#kind", Select).value
        self.query_one("#text", Input).disabled = kind != OTHER

    def wanted(self) -> dict[str, Any]:
        """What was chosen, checked; ValueError (a msgid) when something does not fit."""
        lang = self.app_lang
        group = str(self.query_one("#group", Select).value)
        kind = str(self.query_one("#kind", Select).value)
        text = self.query_one("#text", Input).value.strip() if kind == OTHER else None
        check_intervention(kind, group, text)
        start = parse_day(self.query_one("#start", Input).value, lang)
        end_text = self.query_one("#end", Input).value.strip()
        end = parse_day(end_text, lang) if end_text else None
        if end is not None and end < start:
            raise ValueError(END_BEFORE_START)
        responsible = " ".join(self.query_one("#responsible", Input).value.split())
        if not responsible:
            raise ValueError(NO_RESPONSIBLE)
        return {"kind": kind, "group": group, "text": text, "start": start, "end": end,
                "responsible": responsible}

    def action_submit(self) -> None:
        self.submit()

    def submit(self) -> None:
        try:
            wanted = self.wanted()
        except ValueError as exc:
            msgid, fields = date_problem(exc, self.today, self.app_lang)
            self.message.say(msgid, info=False, **fields)
            return
        self.dismiss(wanted)
