"""Quick entry of a paper form filled in at an earlier meeting: which form, and the meeting's date.

A `FormModal` (`QuickEntryScreen(desk, code)`, dismissing ``tuple[str, date] | None``):
the supervisor chooses the form (their own, or the participant's paper
answers typed in for them) and types the real date of the meeting: today
is filled in; ISO (2026-11-03) and the language's short date (Babel) are
both read; a date in the future is refused with a clear message
(`Desk.check_meeting_date`). Enter (or OK) dismisses ``(role, date)``;
Escape (or Cancel) dismisses None. When a paper form of the chosen kind is
unfinished, its meeting date is filled in and said: Enter goes on with it,
with nothing typed again. The caller then opens
``desk.open_reading(code, role=role, paper=True, meeting_date=day, lang=...)``
and shows it in the compact `FormScreen`; the stored reading says entry
"paper", entered by the supervisor, and the meeting's date.
"""

from __future__ import annotations

from datetime import date

from textual import events
from textual.app import ComposeResult
from textual.widgets import Input, RadioButton, RadioSet, Static

from ...domain.indicators import PARTICIPANT, SUPERVISOR
from ...domain.reading import ENTRY_PAPER, Reading
from ...i18n import N_, _, fmt_date
from ...logic.desk import Desk
from ...logic.planning import parse_day
from ...storage import StorageError
from ..app_base import unless_taken_away
from ..widgets.field import Field
from .form_modal import FormModal

WAITING = N_("A paper form of {day} is unfinished: Enter goes on with it (another date starts a new one).")
NOT_A_DATE = N_("“{text}” is not a date. Type it as {example}.")


class QuickEntryScreen(FormModal[tuple[str, date] | None]):
    TITLE = N_("Quick entry of a paper form: {code}")
    PRIMARY, PRIMARY_ID = N_("OK (Enter)"), "ok"
    CANCEL = N_("Cancel (Esc)")

    def on_key(self, event: events.Key) -> None:
        # A key, not a binding: Escape that closes this modal must not reach the screen below.
        if event.key == "escape":
            event.stop()
            event.prevent_default()
            self.action_cancel()

    ROLES = (SUPERVISOR, PARTICIPANT)

    def __init__(self, desk: Desk, code: str) -> None:
        super().__init__()
        self.desk = desk
        self.code = code

    def compose_fields(self) -> ComposeResult:
        yield Static(id="which", classes="label", markup=False)
        with RadioSet(id="form"):
            yield RadioButton(id="role-supervisor", value=True)
            yield RadioButton(id="role-participant")
        yield Static(id="date-label", classes="label", markup=False)
        yield Field(value=fmt_date(self.desk.clock(), self.app_lang, "short"), id="date")
        yield Static(id="date-hint", markup=False)
        yield Static(id="waiting", markup=False)

    @unless_taken_away
    def on_mount(self) -> None:
        self.offer_unfinished()
        self.query_one(RadioSet).focus()

    def waiting(self, role: str) -> Reading | None:
        """The newest unfinished paper form of ``role`` (mine, for my own form)."""
        try:
            readings = self.desk.unfinished(self.code)
        except StorageError:
            return None  # the page says what is wrong; here only the offer is missed
        mine = self.desk.id if role == SUPERVISOR else None
        return next((r for r in readings if r.entry == ENTRY_PAPER and r.role == role and r.rater == mine), None)

    def offer_unfinished(self) -> None:
        """An unfinished paper form of the chosen kind is gone on with: its
        meeting date is filled in (and said), so it is not typed again."""
        found = self.waiting(self.role)
        line = self.query_one("#waiting", Static)
        line.display = found is not None
        if found is None:
            return
        self.query_one("#date", Input).value = fmt_date(found.meeting_date, self.app_lang, "short")
        line.update(_(WAITING).format(day=fmt_date(found.meeting_date, self.app_lang, "medium")))

    def title_text(self) -> str:
        return _(self.TITLE).format(code=self.code)

    def relabel_fields(self) -> None:
        lang = self.app_lang
        self.query_one("#which", Static).update(_("Which form was filled in on paper?"))
        self.query_one("#role-supervisor", RadioButton).label = _("My form (the supervisor's)")
        self.query_one("#role-participant", RadioButton).label = _(
            "The participant's own answers, typed in for them")
        self.query_one("#date-label", Static).update(_("The date of the meeting"))
        example = date(self.desk.clock().year, 11, 3)
        short, iso = fmt_date(example, lang, "short"), example.isoformat()
        hint = (_("For example {iso}. Not in the future.") if short == iso
                else _("For example {short} or {iso}. Not in the future."))
        self.query_one("#date-hint", Static).update(hint.format(short=short, iso=iso))

    def examples(self) -> str:
        """Today in the ways the field reads it."""
        today = self.desk.clock()
        short, iso = fmt_date(today, self.app_lang, "short"), today.isoformat()
        return iso if short == iso else _("{short} or {iso}").format(short=short, iso=iso)

    @property
    def role(self) -> str:
        pressed = self.query_one(RadioSet).pressed_index
        return self.ROLES[pressed if pressed >= 0 else 0]

    def submit(self) -> None:
        date_field = self.query_one("#date", Input)
        text = date_field.value
        try:
            day = parse_day(text, self.app_lang)
        except ValueError:
            self.message.say(NOT_A_DATE, text=text.strip(), example=self.examples())
            date_field.focus()
            return
        try:
            day = self.desk.check_meeting_date(day)
        except StorageError as exc:
            self.message.error(exc)
            date_field.focus()
            return
        self.dismiss((self.role, day))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        # Enter (or Space) chose the form: on to the date, where Enter is OK.
        event.stop()
        self.offer_unfinished()
        self.query_one("#date", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.message.say(None)
