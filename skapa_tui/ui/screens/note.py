"""My own short note about a meeting with the participant (modal).

One note per meeting (its date, today by default; ISO or the language's
short date, never in the future) and supervisor: saving again replaces it,
saving it empty removes it. The note is the supervisor's own: the desk shows
only mine (`Desk.notes`), the participant's chat and the organisation's
report never read notes, and `skapa participants export CODE` carries them
for the participant. My earlier notes are listed under the fields, newest
meeting first; choosing a date that has a note fills its text in.
Dismisses with the stored `Note` (None when removed or cancelled).
"""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.widgets import Input, Static

from ...domain.access import NOTE_MAX, Note
from ...i18n import N_, _, fmt_date
from ...logic.planning import BAD_DATE, parse_day
from ...storage import StorageError
from ..app_base import SkapaApp, unless_taken_away
from ..widgets.field import Field
from .form_modal import FormModal

TITLE = N_("Note of a meeting with {code}")
ABOUT = N_("A short note for yourself. The participant's chat and the report never show it; "
           "it is in the export the participant can ask for.")
DAY = N_("Meeting date")
NOTE = N_("Note")
SAVE = N_("Save")
EARLIER = N_("Your earlier notes:")
REMOVED = N_("The note of {date} is removed.")
NOTHING = N_("Please write the note (an empty note removes the one of that meeting).")
EARLIER_SHOWN = 5
"""At most this many earlier notes are listed (the export has them all)."""
EARLIER_CHARS = 120
"""An earlier note is listed up to this many characters (its meeting's date brings it in whole)."""


def _short(text: str) -> str:
    return text if len(text) <= EARLIER_CHARS else text[:EARLIER_CHARS - 1].rstrip() + "…"


class NoteScreen(FormModal[Note | None]):
    app = getters.app(SkapaApp)

    AUTO_FOCUS = "#note"
    TITLE, ABOUT, PRIMARY, PRIMARY_ID = TITLE, ABOUT, SAVE, "save"
    def __init__(self, desk, code: str) -> None:
        super().__init__()
        self.desk = desk
        self.code = code
        self.mine: list[Note] = []
        self.trouble: StorageError | None = None
        self.edited = False

    def compose_fields(self) -> ComposeResult:
        try:
            self.mine = self.desk.notes(self.code)
        except StorageError as exc:
            self.trouble = exc
        today = self.desk.today()
        yield Field(fmt_date(today, self.app.lang, "short"), id="day")
        yield Field(self._text_of(today), id="note", max_length=NOTE_MAX, classes="wide")
        yield Static(id="earlier", markup=False)

    @unless_taken_away
    def on_mount(self) -> None:
        super().on_mount()
        if self.trouble is not None:
            self.message.error(self.trouble)

    def title_text(self) -> str:
        return _(TITLE).format(code=self.code)

    def relabel_fields(self) -> None:
        self.query_one("#day", Input).border_title = _(DAY)
        self.query_one("#note", Input).border_title = _(NOTE)
        earlier = self.query_one("#earlier", Static)
        lines = [f"{fmt_date(n.meeting_date, self.app.lang, 'short')}: {_short(n.text)}"
                 for n in self.mine[:EARLIER_SHOWN]]
        earlier.update("\n".join([_(EARLIER), *lines]) if lines else "")
        earlier.display = bool(lines)

    def _text_of(self, day) -> str:
        return next((n.text for n in self.mine if n.meeting_date == day), "")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "note":
            self.edited = True
            return
        try:
            day = parse_day(event.value, self.app.lang)
        except ValueError:
            return
        if not self.edited:  # a meeting's own note comes in, unless one is being written
            note = self.query_one("#note", Input)
            with note.prevent(Input.Changed):
                note.value = self._text_of(day)

    def submit(self) -> None:
        message = self.message
        try:
            day = parse_day(self.query_one("#day", Input).value, self.app.lang)
        except ValueError:
            today = self.desk.today()
            message.say(BAD_DATE, iso=today.isoformat(), short=fmt_date(today, self.app.lang, "short"))
            return
        text = self.query_one("#note", Input).value
        had = any(n.meeting_date == day for n in self.mine)
        if not text.strip() and not had:
            message.say(NOTHING)
            return
        try:
            note = self.desk.save_note(self.code, day, text)
        except StorageError as exc:
            message.error(exc)
            return
        if note is None:
            self.app.notify(_(REMOVED).format(date=fmt_date(day, self.app.lang, "short")), timeout=8)
        self.dismiss(note)
