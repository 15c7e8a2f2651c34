"""The participant's view of a reading, as a chat: the program asks, the person answers.

The screen only shows and listens; the visit (`skapa_tui.logic.visit`, the
one controller of a reading's views) decides what comes next, and the
engine refuses what does not fit (a key pressed before the question was on
screen for a moment, a value out of range). Every answer kind of the flow
format is shown (`Choices`): a scale, a single choice, a multiple choice,
and "I'd rather not answer".

Keys: the digits answer (1-5 a scale, 1..n a choice; 0 "I'd rather not
answer"), wherever the focus is; the arrows bring a cursor into the answers
and Enter or Space chooses the answer under it (with none under it, nothing
is chosen and the screen says how to answer); Backspace goes back; Tab
reaches the buttons (back, every answer, a break) and then the language
switch. Nothing is chosen unseen: when a question appears no answer has the
cursor.

What the person reads stays within about 72 columns at any terminal width,
the newest line is always in view, and the answers follow the chat with no
gap. Under the answers: how far along the person is (words and a bar), and
on the first question a short line about the keys.

In a follow-up, after each question a small line says what the person
chose last time and when, and after an answer one short line reflects the
change. The earlier answer is only said: nothing is preselected.

The screen is given the `Visit` and ``saving`` (a context in which storage
trouble becomes a kind message: an answer that cannot be saved is not
taken). What sending and a break mean is the app's to decide: the screen
posts `AnswersSent` and `BreakTaken` (`skapa_tui.ui.messages`). The kiosk
and a supervisor's hand-over use it alike.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import partial

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from ...domain.flow import MULTIPLE_ANSWER, Question
from ...domain.reading import AnswerValue
from ...engine import Dialog
from ...i18n import N_, _
from ...logic.recall import recall_line
from ...logic.visit import Step, Visit
from ..app_base import SkapaApp, unless_taken_away
from ..messages import AnswersSent, BreakTaken
from ..widgets.chat import ChatLog
from ..widgets.choices import MAX_KEYS, NOT_ANSWERED, Choices, answer_text
from ..widgets.progress import Progress
from ..widgets.title_bar import TitleBar

KEYS = N_("Press the number of your answer. Or use the arrow keys and Enter. Backspace goes back.")
KEYS_MULTIPLE = N_("Press the numbers of the answers that fit you, then Enter. Backspace goes back.")
CHOOSE_FIRST = N_("Choose an answer first: press its number, or use the arrow keys.")
TICK_FIRST = N_("Choose at least one answer first: press its number. Or press 0.")


class DialogScreen(Screen):
    AUTO_FOCUS = "Choices"

    BINDINGS = [
        *(Binding(str(n), f"key({n})", show=False) for n in range(MAX_KEYS + 1)),
        Binding("backspace", "back", show=False),
    ]

    app = getters.app(SkapaApp)

    def __init__(self, visit: Visit, saving: Callable[[], AbstractContextManager[object]]):
        super().__init__()
        self.visit = visit
        self.saving = saving
        self.step: Step | None = None
        self._first_shown: str | None = None
        self._nudged = False

    @property
    def dialog(self) -> Dialog:
        return self.visit.dialog

    def compose(self) -> ComposeResult:
        with Vertical(id="page"):
            yield ChatLog()
            yield Progress(id="progress")
            yield Choices(skip_text=NOT_ANSWERED)
            yield Static(id="hint", markup=False)
        with Horizontal(id="controls"):
            yield Button(id="back", compact=True)
            yield Button(id="review", compact=True)
            yield Button(id="pause", compact=True)
        # Last, so that Tab comes to the language switch after the answers and buttons.
        yield TitleBar(self.app.lang)

    @property
    def chat(self) -> ChatLog:
        return self.query_one(ChatLog)

    @property
    def choices(self) -> Choices:
        return self.query_one(Choices)

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()
        messages = self.dialog.flow.messages
        opening = messages["welcome_back"] if self.dialog.resumed else messages["greeting"]
        self.chat.say(lambda: _(opening))
        self.show(self.visit.begin())

    def relabel(self) -> None:
        self.query_one("#back", Button).label = _("← Back")
        self.query_one("#review", Button).label = _("See all answers")
        self.query_one("#pause", Button).label = _("Take a break")
        self._show_hint()
        self.chat.keep_end()

    # ---- showing a step -----------------------------------------------------------

    def show(self, step: Step) -> None:
        """Say what the step brings: topics, a linking sentence, the question; or the review."""
        from .review import ReviewScreen

        self.step = step
        for topic in step.topics:
            self.chat.say(partial(_, topic.text))
        if step.at_review:
            self.app.push_screen(ReviewScreen(self.visit, focus=step.changed), self.after_review)
            return
        question = step.question
        assert question is not None
        if step.link:
            self.chat.say(partial(_, step.link))
        self.chat.say(lambda: _(question.text), anchor=True)
        if question.help:
            self.chat.say(partial(_, question.help), "help")
        lang = self.app.lang
        if recall_line(step.recall, question, lang) is not None:
            self.chat.say(lambda: recall_line(step.recall, question, self.app.lang) or "", "recall")
        answer = step.answer
        self.choices.ask(question, answer.value if answer else None, answered=answer is not None)
        self.choices.focus(scroll_visible=False)
        self.query_one(Progress).show(step.number, step.total)
        self.query_one("#back", Button).disabled = not self.dialog.can("back")
        if self._first_shown is None:
            self._first_shown = question.id
        self._nudged = False
        self._show_hint()
        self.call_after_refresh(self.visit.presented, question.id)

    def _show_hint(self) -> None:
        hint = self.query_one("#hint", Static)
        question = self.step.question if self.step else None
        multiple = question is not None and question.answer == MULTIPLE_ANSWER
        text = ""
        if self._nudged:
            text = _(TICK_FIRST if multiple else CHOOSE_FIRST)
        elif question is not None and question.id == self._first_shown:
            text = _(KEYS_MULTIPLE if multiple else KEYS)
        hint.update(text)
        hint.set_class(self._nudged, "-nudge")
        hint.display = bool(text)

    # ---- answering --------------------------------------------------------------

    def action_key(self, n: int) -> None:
        if self.dialog.question is not None:
            self.choices.press(n)

    def on_choices_chosen(self, message: Choices.Chosen) -> None:
        message.stop()
        self.choose(message.value)

    def on_choices_nothing_chosen(self, message: Choices.NothingChosen) -> None:
        message.stop()
        if not self._nudged:  # said once, not again at every press
            self._nudged = True
            self._show_hint()

    def choose(self, value: AnswerValue) -> None:
        question = self.dialog.question
        if question is None:
            return
        step = None
        with self.saving():  # an answer that cannot be saved is not taken
            step = self.visit.skip() if value is None else self.visit.answer(value)
        if step is None:
            return
        self._said_answer(question, value)
        self.show(step)

    def _said_answer(self, question: Question, value: AnswerValue) -> None:
        self.chat.say(lambda: answer_text(question, value, NOT_ANSWERED), "participant")
        reflection = self.visit.reflection(question, value)
        if reflection is not None:
            self.chat.say(lambda: _(reflection))

    def action_back(self) -> None:
        step = self.visit.back()
        if step is not None:
            self.show(step)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "back":
            self.action_back()
        elif event.button.id == "review":
            step = self.visit.review()
            if step is not None:
                self.show(step)
        elif event.button.id == "pause":
            self.post_message(BreakTaken(self.dialog))

    # ---- after the review ----------------------------------------------------------

    def after_review(self, result: object) -> None:
        if self not in self.app.screen_stack:
            return  # the app started over meanwhile (the idle countdown ran out)
        if result == "send":
            # The app sends and moves on, or calls not_sent() and the
            # review opens again.
            self.post_message(AnswersSent(self))
            return
        self.show(self.visit.from_review(result))

    def not_sent(self) -> None:
        """The answers could not be sent (the app said so): the review again."""
        self.show(self.visit.where())
