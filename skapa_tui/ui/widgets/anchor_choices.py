"""The five answers of a question, each its full anchor sentence, and "I'd rather not answer"."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from ...domain.flow import Question
from ...domain.reading import Answer
from ...i18n import _


class AnchorButton(Static, can_focus=True):
    """One answer. Enter, a click or its key (shown at its left) chooses it."""

    DEFAULT_CSS = """
    AnchorButton {
        width: 1fr;
        height: auto;
        padding: 0 1;
        background: $surface;
    }
    AnchorButton:hover {
        background: $boost;
    }
    AnchorButton:focus {
        background: $primary 40%;
        text-style: bold;
    }
    AnchorButton.-chosen {
        border-left: outer $success;
    }
    AnchorButton.-skip {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS = [Binding("enter,space", "choose", show=False)]

    def __init__(self, value: int | None, key: str):
        super().__init__(markup=False, classes="-skip" if value is None else "")
        self.value = value
        self.key = key

    def show(self, text: str) -> None:
        self.update(f"{self.key}  {text}")

    def action_choose(self) -> None:
        self.post_message(AnchorChoices.Chosen(self.value))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_choose()


class AnchorChoices(Vertical):
    """The answers to the question on screen."""

    DEFAULT_CSS = """
    AnchorChoices {
        height: auto;
        padding: 0 1;
        border-top: hkey $primary;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
    ]

    SKIP_KEY = "0"

    class Chosen(Message):
        """The person chose an answer; ``value`` is None for "I'd rather not answer"."""

        def __init__(self, value: int | None):
            super().__init__()
            self.value = value

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.question: Question | None = None

    def compose(self):
        for value in (1, 2, 3, 4, 5):
            yield AnchorButton(value, str(value))
        yield AnchorButton(None, self.SKIP_KEY)

    @property
    def buttons(self) -> list[AnchorButton]:
        return list(self.query(AnchorButton))

    def ask(self, question: Question, earlier: Answer | None = None) -> None:
        """Show the answers of ``question``; mark (and focus) the earlier
        answer, "I'd rather not answer" included."""
        self.question = question
        self.relabel()
        target = self.buttons[0]
        for button in self.buttons:
            chosen = earlier is not None and button.value == earlier.value
            button.set_class(chosen, "-chosen")
            if chosen:
                target = button
        target.focus(scroll_visible=False)

    def relabel(self) -> None:
        if self.question is None:
            return
        for button in self.buttons:
            if button.value is None:
                button.show(_("I'd rather not answer"))
            else:
                button.show(_(self.question.anchor(button.value).text))

    def action_move(self, step: int) -> None:
        buttons = self.buttons
        focused = self.screen.focused
        n = buttons.index(focused) if focused in buttons else 0
        buttons[(n + step) % len(buttons)].focus()
