"""The participant's dialog as a chat: the program asks, the person answers.

The screen only shows and listens; the dialog engine decides what comes
next and refuses what does not fit (a second fast press, a value out of
range). Keys: 1-5 answer, 0 "I'd rather not answer", Backspace back, up and
down move between the answers, Enter chooses.

The screen is given the `Dialog` and ``saving`` (a context in which storage
trouble becomes a kind message: an answer that cannot be saved is not
taken). What sending and a break mean is the app's to decide: the screen
posts `AnswersSent` and `BreakTaken` (`skapa_tui.ui.messages`). The kiosk
and a supervisor's hand-over use it alike.

In a follow-up the screen is also given ``recall``: the person's earlier
answers, keyed by item (`skapa_tui.logic.recall.previous_answers`). After
each question (and its help) a small line says what they chose last time
and when, and after an answer one short line reflects the change. The
earlier answer is only said: nothing is preselected, the choices show only
this reading's own answers. The lines are worked out again when the
language changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button

from ...domain.flow import Topic
from ...engine import INTRO, REVIEW, Dialog
from ...i18n import _, fmt_number
from ...logic.recall import Previous, recall_line, reflection_line
from ..messages import AnswersSent, BreakTaken
from ..widgets.anchor_choices import AnchorChoices
from ..widgets.chat import ChatLog
from ..widgets.title_bar import TitleBar
from .review import ReviewScreen


class DialogScreen(Screen):
    DEFAULT_CSS = """
    DialogScreen #controls {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    DialogScreen #controls Button {
        margin-right: 2;
    }
    DialogScreen #controls #pause {
        dock: right;
        margin-right: 0;
    }
    DialogScreen ChatRow.-recall {
        margin-top: -1;
    }
    DialogScreen ChatBubble.-recall {
        color: $text-muted;
        text-style: italic;
        padding: 0 1 0 2;
    }
    """

    BINDINGS = [
        *(Binding(str(v), f"choose({v})", show=False) for v in (1, 2, 3, 4, 5)),
        Binding(AnchorChoices.SKIP_KEY, "choose(None)", show=False),
        Binding("backspace", "back", show=False),
    ]

    def __init__(self, dialog: Dialog, saving: Callable[[], AbstractContextManager[object]],
                 recall: Mapping[str, Previous] | None = None):
        super().__init__()
        self.dialog = dialog
        self.saving = saving
        self.recall: Mapping[str, Previous] = recall or {}

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.lang)
        yield ChatLog()
        yield AnchorChoices()
        with Horizontal(id="controls"):
            yield Button(id="back", compact=True)
            yield Button(id="review", compact=True)
            yield Button(id="pause", compact=True)

    @property
    def chat(self) -> ChatLog:
        return self.query_one(ChatLog)

    @property
    def choices(self) -> AnchorChoices:
        return self.query_one(AnchorChoices)

    def on_mount(self) -> None:
        self.relabel()
        messages = self.dialog.flow.messages
        opening = messages["welcome_back"] if self.dialog.resumed else messages["greeting"]
        self.chat.say(lambda: _(opening))
        self.advance()

    def relabel(self) -> None:
        self.query_one("#back", Button).label = _("← Back")
        self.query_one("#review", Button).label = _("See all answers")
        self.query_one("#pause", Button).label = _("Take a break")
        self._show_where()

    def _show_where(self) -> None:
        question = self.dialog.question
        if question is None:
            return
        n, total = self.dialog.number()
        lang = self.app.lang
        self.query_one(TitleBar).where(
            _("Question {n} of {total}").format(n=fmt_number(n, lang), total=fmt_number(total, lang)))

    # ---- moving through the flow -----------------------------------------

    def advance(self) -> None:
        """Say what the state of the dialog asks for: topics, then a question or the review."""
        dialog = self.dialog
        while dialog.state == INTRO or isinstance(dialog.step, Topic):
            if dialog.state == INTRO:
                dialog.fire("start")
            else:
                self.chat.say(lambda text=dialog.step.text: _(text))
                dialog.fire("proceed")
        if dialog.state == REVIEW:
            self.app.push_screen(ReviewScreen(dialog), self.after_review)
            return
        question = dialog.question
        if question is None:
            return
        self.chat.say(lambda: _(question.text))
        if question.help:
            self.chat.say(lambda: _(question.help), "help")
        earlier = self.recall.get(question.id)
        if recall_line(earlier, question, self.app.lang) is not None:
            self.chat.say(lambda: recall_line(earlier, question, self.app.lang) or "", "recall")
        # only this reading's own answer is marked: the earlier one is only said
        self.choices.ask(question, dialog.answers.get(question.id))
        self.query_one("#back", Button).disabled = not dialog.can("back")
        self._show_where()
        self.call_after_refresh(dialog.presented, question.id)

    def action_choose(self, value: int | None) -> None:
        question = self.dialog.question
        if question is None:
            return
        moved = False
        with self.saving():  # an answer that cannot be saved is not taken
            if value is None:
                moved = self.dialog.fire("skip", item=question.id)
            else:
                moved = self.dialog.fire("answer", item=question.id, value=value)
        if not moved:
            return
        if value is None:
            self.chat.say(lambda: _("I'd rather not answer"), "participant")
        else:
            anchor = question.anchor(value)
            self.chat.say(lambda: _(anchor.text), "participant")
        reflection = reflection_line(self.recall.get(question.id), value)
        if reflection is not None:
            self.chat.say(lambda: _(reflection))
        self.advance()

    def on_anchor_choices_chosen(self, message: AnchorChoices.Chosen) -> None:
        message.stop()
        self.action_choose(message.value)

    def action_back(self) -> None:
        if self.dialog.question is None:
            return
        if self.dialog.fire("back"):
            if self.dialog.state != REVIEW:
                self.chat.say(lambda: _("Let's go back to the question before."))
            self.advance()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "back":
            self.action_back()
        elif event.button.id == "review":
            if self.dialog.fire("to_review"):
                self.advance()
        elif event.button.id == "pause":
            self.post_message(BreakTaken(self.dialog))

    def after_review(self, result: object) -> None:
        if self not in self.app.screen_stack:
            return  # the app started over meanwhile (the idle countdown ran out)
        if result == "send":
            # The app sends and moves on, or calls not_sent() and the
            # review opens again.
            self.post_message(AnswersSent(self))
            return
        if result == "back":
            self.dialog.fire("back")
        elif isinstance(result, tuple) and result[0] == "edit":
            if self.dialog.fire("edit", item=result[1]):
                self.chat.say(lambda: _("Here you can change your answer."))
        self.advance()

    def not_sent(self) -> None:
        """The answers could not be sent (the app said so): the review again."""
        self.advance()
