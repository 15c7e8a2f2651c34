"""The review: every question with the answer given; any can be changed; Enter sends.

Dismisses with ``"send"``, ``"back"`` (to the last question) or
``("edit", item)``.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...domain.flow import Question
from ...engine import Dialog
from ...i18n import _, fmt_number
from ..widgets.option_choices import answer_text
from ..widgets.title_bar import TitleBar


class ReviewRow(Vertical):
    """One question and its answer, with a button to change it."""

    DEFAULT_CSS = """
    ReviewRow {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
    }
    ReviewRow .question {
        text-style: bold;
    }
    ReviewRow .answer {
        padding-left: 2;
        color: $text;
    }
    ReviewRow .answer.-none {
        color: $text-muted;
        text-style: italic;
    }
    ReviewRow Button {
        margin-left: 2;
    }
    """

    def __init__(self, dialog: Dialog, question: Question):
        super().__init__()
        self.dialog = dialog
        self.question = question

    def compose(self) -> ComposeResult:
        yield Static(classes="question", markup=False)
        yield Static(classes="answer", markup=False)
        yield Button(id=f"edit-{self.question.id}", compact=True)

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        lang = self.app.lang
        n, _total = self.dialog.number(self.question.id)
        self.query_one(".question", Static).update(f"{fmt_number(n, lang)}. {_(self.question.text)}")
        answer = self.dialog.answers.get(self.question.id)
        if answer is None:
            text = _("Not answered yet")
        elif answer.value is None:
            text = _("You chose not to answer")
        else:  # an anchor sentence, an option's text, or the chosen options' texts
            text = answer_text(self.question, answer.value)
        label = self.query_one(".answer", Static)
        label.update(text)
        label.set_class(answer is None or answer.value is None, "-none")
        self.query_one(Button).label = _("Answer now") if answer is None else _("Change this answer")


class ReviewScreen(Screen[object]):
    DEFAULT_CSS = """
    ReviewScreen #intro {
        padding: 1 2 0 2;
        text-style: bold;
        height: auto;
    }
    ReviewScreen #rows {
        height: 1fr;
        padding: 1 1 0 1;
    }
    ReviewScreen #actions {
        height: auto;
        padding: 0 2;
        border-top: hkey $primary;
    }
    ReviewScreen #actions Button {
        margin-right: 2;
    }
    """

    BINDINGS = [
        Binding("enter", "send", show=False),
        Binding("backspace", "back", show=False),
    ]

    def __init__(self, dialog: Dialog):
        super().__init__()
        self.dialog = dialog

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.lang)
        yield Static(id="intro", markup=False)
        with VerticalScroll(id="rows"):
            for question in self.dialog.flow.questions:
                yield ReviewRow(self.dialog, question)
        with Horizontal(id="actions"):
            yield Button(id="send", variant="success", compact=True)
            yield Button(id="back", compact=True)

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#send", Button).focus()

    def relabel(self) -> None:
        self.query_one(TitleBar).where(_("Your answers"))
        intro = self.dialog.flow.messages["review"]  # a msgid from the flow file
        self.query_one("#intro", Static).update(_(intro))
        self.query_one("#send", Button).label = _("Send my answers (Enter)")
        self.query_one("#back", Button).label = _("Back")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "send":
            self.action_send()
        elif button_id == "back":
            self.action_back()
        elif button_id.startswith("edit-"):
            self.close(("edit", button_id.removeprefix("edit-")))

    def action_send(self) -> None:
        self.close("send")

    def action_back(self) -> None:
        self.close("back")

    _dismissed = False
    # Not ``_closed``: that is Textual's own flag of a closed message queue.
    # Set by a key binding (which runs in the app's task), it made the
    # screen drop the message that removes it, and the app waited for that
    # removal for ever: the kiosk froze (tests/unit/test_textual_names.py).

    def close(self, result: object) -> None:
        """Dismiss once: a double Enter or click must not pop a second screen."""
        if not self._dismissed:
            self._dismissed = True
            self.dismiss(result)
