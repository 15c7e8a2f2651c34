"""Correct an answer of a sent reading: the old value is kept, the change is logged.

A `FormModal` (`CorrectionScreen(desk, code)`, dismissing a bool) in three
steps: pick a sent reading (its meeting date, whose form, how it was
entered), then one of its answers (as anchor sentences or option texts,
read against the reading's own flow version: ``desk.flow_for(reading)``),
then the new answer (the same `Choices` as the form) and why
(required, short). Saving goes through ``desk.correct``: a sent reading is
never changed in place (the store refuses it); the correction keeps the old
value, the new one, who, when and why. Escape (and the second button,
"Back", or "Close" at the first step) goes back a step, and at the first
closes: False. Dismisses True once a correction is saved.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.flow import Flow, Question
from ...domain.reading import AnswerValue, Reading
from ...i18n import N_, _, fmt_number
from ...logic.desk import Desk
from ...storage import StorageError
from ...storage.participants import WHY_MAX
from ..app_base import unless_taken_away
from ..widgets.choices import Choices, answer_text, skip_text
from ..widgets.field import Field
from .form import entry_text, whose_form
from .form_modal import FormModal

READINGS, ANSWERS, VALUE = "readings", "answers", "value"


class CorrectionScreen(FormModal[bool]):
    TITLE = N_("Correct an answer: {code}")
    ABOUT = N_("A sent reading is never changed: the old answer is kept, and the change is "
               "logged with who made it, when and why.")
    PRIMARY, PRIMARY_ID = N_("Save the correction (Enter)"), "save"

    def on_key(self, event: events.Key) -> None:
        # A key, not a binding: Escape that closes this modal must not reach the screen below.
        if event.key == "escape":
            event.stop()
            event.prevent_default()
            self.action_cancel()
        elif (event.character or "").isdigit() and self.step == VALUE and self.question is not None \
                and not isinstance(self.focused, Input):
            # The digits choose the new answer while the answers have the focus.
            event.stop()
            event.prevent_default()
            self.query_one(Choices).press(int(event.character or "0"))

    def __init__(self, desk: Desk, code: str) -> None:
        super().__init__()
        self.desk = desk
        self.code = code
        self.step = READINGS
        self.reading: Reading | None = None
        self.flow: Flow | None = None
        self.question: Question | None = None
        self.new_value: AnswerValue = None
        self.chosen = False

    def compose_fields(self) -> ComposeResult:
        yield Static(id="step-hint", markup=False)
        yield OptionList(id="readings")
        yield OptionList(id="answers")
        with Vertical(id="value-step"):
            yield Static(id="question", markup=False)
            yield Static(id="old", markup=False)
            yield Choices()
            yield Static(id="new", markup=False)
            yield Field(id="why", max_length=WHY_MAX)

    @unless_taken_away
    def on_mount(self) -> None:
        self.show(READINGS)

    # ---- what is shown -------------------------------------------------------

    def sent_readings(self) -> list[Reading]:
        """The participant's sent readings, newest meeting first (none, and the
        reason said, when they cannot be read or are no longer mine)."""
        try:
            history = self.desk.history(self.code)
        except StorageError as exc:
            self.message.error(exc)
            return []
        readings = [r for r in history.readings if r.finished]
        return sorted(readings, key=lambda r: (r.meeting_date, r.completed_at), reverse=True)

    def show(self, step: str) -> None:
        self.step = step
        self.query_one("#readings").display = step == READINGS
        self.query_one("#answers").display = step == ANSWERS
        self.query_one("#value-step").display = step == VALUE
        self.query_one("#save").display = step == VALUE
        self.message.say(None)
        if step == VALUE:
            self._fill_value()
        self.relabel()

    def _fill_readings(self) -> None:
        readings = self.query_one("#readings", OptionList)
        highlighted = readings.highlighted
        readings.clear_options()
        lang = self.app_lang
        for reading in self.sent_readings():
            readings.add_option(Option(Content(
                f"{whose_form(reading, self.code)} · {entry_text(reading, lang)}"), id=reading.id))
        if readings.option_count:
            readings.highlighted = highlighted if highlighted is not None else 0
            readings.focus()
        else:
            self.query_one("#cancel", Button).focus()

    def _fill_answers(self) -> None:
        assert self.reading is not None and self.flow is not None
        answers = self.query_one("#answers", OptionList)
        highlighted = answers.highlighted
        answers.clear_options()
        lang = self.app_lang
        skipped = skip_text(self.reading.role)
        for n, question in enumerate(self.flow.questions, 1):
            if question.id not in self.reading.answers and self.reading.answer(question.id) is None:
                continue
            value = self.reading.value(question.id)
            answers.add_option(Option(Content(
                f"{fmt_number(n, lang)}. {_(question.text)}\n    → {answer_text(question, value, skipped)}"),
                id=question.id))
        if answers.option_count:
            answers.highlighted = highlighted if highlighted is not None else 0
        answers.focus()

    def _fill_value(self) -> None:
        assert self.reading is not None and self.question is not None
        old = self.reading.value(self.question.id)
        choices = self.query_one(Choices)
        choices.skip_text = skip_text(self.reading.role)
        choices.ask(self.question, old, answered=True)
        choices.focus(scroll_visible=False)
        if self.chosen and self.question.answer == "multiple" and isinstance(self.new_value, tuple):
            choices.ticked = set(self.new_value)
            choices.relabel()

    def title_text(self) -> str:
        return _(self.TITLE).format(code=self.code)

    def relabel_fields(self) -> None:
        if self.step == READINGS:
            self._fill_readings()
        elif self.step == ANSWERS:
            self._fill_answers()
        hints = {
            READINGS: _("Choose the reading (Enter)."),
            ANSWERS: _("Choose the answer to correct (Enter). Escape goes back."),
            VALUE: _("Choose the new answer, then write why and press Enter. Escape goes back."),
        }
        if self.step == READINGS and not self.query_one("#readings", OptionList).option_count:
            hints[READINGS] = _("There is no sent reading to correct yet.")
        self.query_one("#step-hint", Static).update(hints[self.step])
        if self.step == VALUE and self.question is not None and self.reading is not None:
            self.query_one("#question", Static).update(_(self.question.text))
            skipped = skip_text(self.reading.role)
            old = answer_text(self.question, self.reading.value(self.question.id), skipped)
            self.query_one("#old", Static).update(_("Now: {answer}").format(answer=old))
            new = answer_text(self.question, self.new_value, skipped) if self.chosen else _("not chosen yet")
            self.query_one("#new", Static).update(_("New: {answer}").format(answer=new))
            self.query_one("#why", Input).placeholder = _("Why? (required, short)")

    def relabel_buttons(self) -> None:
        self.query_one("#save", Button).label = _(self.PRIMARY)
        self.query_one("#cancel", Button).label = _("Back (Esc)") if self.step != READINGS else _("Close (Esc)")

    # ---- choosing --------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if event.option_list.id == "readings":
            reading = next((r for r in self.sent_readings() if r.id == option_id), None)
            if reading is None:  # gone meanwhile (or no longer mine: said above)
                self._fill_readings()
                return
            try:
                self.flow = self.desk.flow_for(reading)
            except Exception as exc:  # FlowError: the version is not kept
                self.message.error(exc)
                return
            self.reading = reading
            self.show(ANSWERS)
        elif event.option_list.id == "answers" and self.flow is not None and option_id is not None:
            self.question = self.flow.question(option_id)
            self.chosen = False
            self.new_value = None
            self.query_one("#why", Input).value = ""
            self.show(VALUE)

    def on_choices_chosen(self, message: Choices.Chosen) -> None:
        message.stop()
        self.new_value = message.value
        self.chosen = True
        self.relabel()
        self.query_one("#why", Input).focus()

    def submit(self) -> None:
        if self.step != VALUE or self.reading is None or self.question is None:
            return
        if not self.chosen:
            self.message.say(N_("Choose the new answer first."))
            self.query_one(Choices).focus()
            return
        why = self.query_one("#why", Input).value.strip()
        if not why:
            self.message.say(N_("Write why the answer is corrected."))
            self.query_one("#why", Input).focus()
            return
        try:
            self.desk.correct(self.code, self.reading.id, self.question.id, self.new_value, why)
        except StorageError as exc:
            self.message.error(exc)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """A step back; at the first step, close (False)."""
        if self.step == VALUE:
            self.show(ANSWERS)
        elif self.step == ANSWERS:
            self.show(READINGS)
        else:
            self.dismiss(False)
