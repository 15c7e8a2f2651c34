"""The review in the participant's chat: every question with the answer given.

It says how many questions have no answer yet, and a short line about the
keys. Each answer has a button: "Change this answer", or "Answer now" for a
question without one. Enter sends (Send has the focus; Tab reaches the
buttons). Sending with questions left without an answer asks once, and
"Answer them" is what Enter does there: nothing is sent by mistake.

When the person comes back from changing or giving an answer, the review
shows that answer, in view, with the focus on it (``focus``): the row has
the focus, not its button, so Enter still sends. Up and Down move between
the rows; Space on a row changes (or gives) its answer, as its button does.

Dismisses with ``"send"``, ``"back"`` (to the question it was opened from),
``("change", item)`` or ``("fill", item)`` (answer the questions left
without an answer, from ``item``; None: from the first).
"""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...domain.flow import Question
from ...engine import Dialog
from ...i18n import N_, _, fmt_number, ngettext
from ...logic.visit import Visit
from ..app_base import SkapaApp, unless_taken_away
from ..widgets.choices import NOT_ANSWERED, answer_text
from ..widgets.title_bar import TitleBar

REVIEW_KEYS = N_("Enter sends your answers. Tab goes to the buttons. Backspace goes back.")
NONE_MISSING = N_("Every question has an answer.")
ASK_TITLE = N_("Some questions have no answer")
ANSWER_THEM = N_("Answer them")
SEND_ANYWAY = N_("Send anyway")


def missing_text(n: int, lang: str) -> str:
    """How many questions have no answer yet, in the current language."""
    if n == 0:
        return _(NONE_MISSING)
    return ngettext("{n} question has no answer yet.", "{n} questions have no answer yet.",
                    n).format(n=fmt_number(n, lang))


def ask_text(n: int) -> str:
    """The question before sending with ``n`` questions left without an answer."""
    return ngettext("{n} question has no answer yet. Do you want to answer it first?",
                    "{n} questions have no answer yet. Do you want to answer them first?", n)


class ReviewRow(Vertical, can_focus=True):
    """One question and its answer, with a button to change it; Space on the row does too."""

    BINDINGS = [
        Binding("space", "edit", show=False),
        Binding("up", "screen.move(-1)", show=False),
        Binding("down", "screen.move(1)", show=False),
    ]

    app = getters.app(SkapaApp)

    def __init__(self, dialog: Dialog, question: Question):
        super().__init__(id=f"row-{question.id}")
        self.dialog = dialog
        self.question = question

    def compose(self) -> ComposeResult:
        yield Static(classes="question", markup=False)
        yield Static(classes="answer", markup=False)
        yield Button(id=f"edit-{self.question.id}", compact=True)

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()

    @property
    def answered(self) -> bool:
        return self.question.id in self.dialog.answers

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
            text = answer_text(self.question, answer.value, NOT_ANSWERED)
        label = self.query_one(".answer", Static)
        label.update(text)
        label.set_class(answer is None or answer.value is None, "-none")
        self.set_class(answer is None, "-missing")
        self.query_one(Button).label = _("Answer now") if answer is None else _("Change this answer")

    def action_edit(self) -> None:
        self.query_one(Button).press()


class ReviewScreen(Screen[object]):
    BINDINGS = [
        Binding("enter", "send", show=False),
        Binding("backspace", "back", show=False),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    app = getters.app(SkapaApp)

    def __init__(self, visit: Visit, focus: str | None = None):
        super().__init__()
        self.visit = visit
        self.focus_item = focus

    @property
    def dialog(self) -> Dialog:
        return self.visit.dialog

    def compose(self) -> ComposeResult:
        yield Static(id="intro", markup=False)
        yield Static(id="missing", markup=False)
        yield Static(id="keys", markup=False)
        with VerticalScroll(id="rows"):
            for question in self.dialog.flow.questions:
                yield ReviewRow(self.dialog, question)
        with Horizontal(id="actions"):
            yield Button(id="send", variant="success", compact=True)
            yield Button(id="back", compact=True)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the buttons

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()
        if self.focus_item is not None:
            row = self.query_one(f"#row-{self.focus_item}", ReviewRow)
            row.focus(scroll_visible=False)
            self.call_after_refresh(self._bring_into_view, row)
        else:
            self.query_one("#send", Button).focus()

    def _bring_into_view(self, row: ReviewRow) -> None:
        self.query_one("#rows", VerticalScroll).scroll_to_center(row, animate=False, immediate=True)

    def relabel(self) -> None:
        lang = self.app.lang
        self.query_one(TitleBar).where(_("Your answers"))
        intro = self.dialog.flow.messages["review"]  # a msgid from the flow file
        self.query_one("#intro", Static).update(_(intro))
        missing = len(self.visit.missing())
        line = self.query_one("#missing", Static)
        line.update(missing_text(missing, lang))
        line.set_class(missing > 0, "-some")
        self.query_one("#keys", Static).update(_(REVIEW_KEYS))
        self.query_one("#send", Button).label = _("Send my answers (Enter)")
        self.query_one("#back", Button).label = _("Back")

    def action_move(self, step: int) -> None:
        """Up and Down go from row to row; past the last row, to Send; from
        Send (or a button), Down to the first row and Up to the last."""
        rows = list(self.query(ReviewRow))
        if self.focused not in rows:
            rows[0 if step > 0 else -1].focus()
            return
        at = rows.index(self.focused) + step
        if 0 <= at < len(rows):
            rows[at].focus()
        else:
            self.query_one("#send", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "send":
            self.action_send()
        elif button_id == "back":
            self.action_back()
        elif button_id.startswith("edit-"):
            item = button_id.removeprefix("edit-")
            self.close(("change", item) if item in self.dialog.answers else ("fill", item))

    def action_send(self) -> None:
        missing = len(self.visit.missing())
        if not missing:
            self.close("send")
            return
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes is None:
                return  # Escape: the review stays
            self.close(("fill", None) if yes else "send")

        self.app.push_screen(ConfirmScreen(ASK_TITLE, lambda: ask_text(missing), ANSWER_THEM, SEND_ANYWAY,
                                           n=fmt_number(missing, self.app.lang)), answered)

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
