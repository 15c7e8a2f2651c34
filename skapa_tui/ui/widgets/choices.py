"""The answers of one question, of any kind, for every view of a reading.

The participant's chat and the supervisor's compact form show a question's
answers with this widget: a scale's five anchors as full sentences (keys
1-5), a single choice's options (keys 1..n), a multiple choice's options
with a box to tick (keys 1..n or Space tick and untick, Enter confirms), an
option's note beside it ("Found effective in BIP"), and last the row that
skips the question (key 0; its text is given: "I'd rather not answer" in
the chat, "Not rated" on the form). A wrapped answer goes on under its own
text, not under its key.

Nothing is chosen unseen. When a question appears no row has the cursor
and none looks chosen, except the reading's own earlier answer to it (when
the person went back to it), which is marked as chosen. The arrows bring
the cursor in (Down at the first row, Up at the last) and move it; Enter
or Space then chooses the row under it. Enter or Space with the cursor
nowhere chooses nothing: the widget posts `Choices.NothingChosen` and the
view says how to answer. A click chooses the row clicked.

The widget only shows and listens: it posts `Choices.Chosen` with the
answer (1-5, an option id, a tuple of option ids in the flow's order, or
None to skip), and the view decides what it means. The digits are bound by
the views (they answer wherever the focus is) and handed to `press`.
`answer_text` says an answer in words, for reviews and corrections.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from ...domain.flow import MAX_OPTIONS, MULTIPLE_ANSWER, SCALE_ANSWER, Question
from ...domain.indicators import N_, PARTICIPANT
from ...domain.reading import AnswerValue
from ...i18n import _

NOT_RATED = N_("Not rated")
"""What the skip row says on the supervisor's form."""
NOT_ANSWERED = N_("I'd rather not answer")
"""What the skip row says in the participant's chat."""



def skip_text(role: str) -> str:
    """What a question skipped on ``role``'s form is called (a msgid): the
    participant chose "I'd rather not answer"; a supervisor left it "Not
    rated". One rule for every screen that shows either side's answers."""
    return NOT_ANSWERED if role == PARTICIPANT else NOT_RATED


MAX_KEYS = 9
"""Options after the ninth have no key of their own (the arrows and Space reach them)."""
SKIP_KEY = "0"


def answer_text(question: Question, value: AnswerValue, none_text: str = NOT_RATED) -> str:
    """The answer ``value`` to ``question`` in the current language: the anchor
    sentence, the option's text, or the chosen options' texts joined; ``none_text``
    (a msgid) for no answer."""
    if value is None:
        return _(none_text)
    if question.answer == SCALE_ANSWER:
        try:
            if isinstance(value, int):
                return _(question.anchor(value).text)
        except KeyError:
            pass
        return str(value)
    ids = value if isinstance(value, (tuple, list)) else (value,)
    return "; ".join(_option_text(question, option_id) for option_id in ids)


def _option_text(question: Question, option_id: object) -> str:
    """The text of the option ``option_id`` of ``question``; the id itself when it has none."""
    if isinstance(option_id, str):
        try:
            return _(question.option(option_id).text)
        except KeyError:
            pass
    return str(option_id)


class ChoiceRow(Static):
    """One answer: its key, then its text (wrapped lines indented under the text)."""

    DEFAULT_CSS = """
    ChoiceRow {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    ChoiceRow:hover {
        background: $boost;
    }
    ChoiceRow.-cursor {
        background: $primary 40%;
    }
    ChoiceRow.-chosen {
        text-style: bold;
        border-left: outer $success;
    }
    ChoiceRow.-skip {
        color: $text-muted;
        margin-top: 1;
    }
    ChoiceRow.-skip.-cursor {
        color: $text;
    }
    """

    def __init__(self, value: int | str | None, key: str):
        super().__init__(classes="-skip" if value is None else "")
        self.value = value
        self.key = key
        self.said = ""
        """What the row says, as plain text: its key, its box (a multiple choice) and its text."""

    def show(self, text: str, box: str = "") -> None:
        self.said = f"{self.key}  {box + ' ' if box.strip() else ''}{text}"
        self._parts = (text, box)
        self.refresh(layout=True)

    _parts: tuple[str, str] = ("", "")

    def lines(self, width: int) -> list[str]:
        """The row's lines at ``width`` columns: the key, the box, then the
        text; wrapped lines start under the text, not under the key."""
        import textwrap

        text, box = self._parts
        lead = f"{self.key}  {box + ' ' if box else ''}"
        wrapped = textwrap.wrap(text, max(width - len(lead), 8)) or [""]
        return [lead + wrapped[0], *(" " * len(lead) + line for line in wrapped[1:])]

    def render(self) -> Text:
        return Text("\n".join(self.lines(self.content_size.width or 72)), no_wrap=True, overflow="ellipsis")

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.lines(width))

    def on_resize(self) -> None:
        self.refresh(layout=True)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        choices = self.parent
        if isinstance(choices, Choices):
            choices.click(self)


class Choices(Vertical, can_focus=True):
    """The answers to one question; see the module's docstring."""

    DEFAULT_CSS = """
    Choices {
        height: auto;
        padding: 0 1;
    }
    Choices:focus {
        background-tint: $foreground 3%;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("enter", "enter", show=False),
        Binding("space", "space", show=False),
    ]

    cursor: reactive[int | None] = reactive(None, init=False)

    class Chosen(Message):
        """An answer was chosen: 1-5, an option id, a tuple of option ids, or None (skip)."""

        def __init__(self, choices: Choices, value: AnswerValue):
            super().__init__()
            self.choices = choices
            self.value = value

        @property
        def control(self) -> Choices:
            return self.choices

    class NothingChosen(Message):
        """Enter or Space with nothing under the cursor (or nothing ticked): the view says how to answer."""

        def __init__(self, choices: Choices):
            super().__init__()
            self.choices = choices

        @property
        def control(self) -> Choices:
            return self.choices

    def __init__(self, *, skip_text: str = NOT_RATED, **kwargs):
        super().__init__(**kwargs)
        self.skip_text = skip_text
        self.question: Question | None = None
        self.earlier: AnswerValue = None
        self.answered = False
        self.ticked: set[str] = set()

    @property
    def multiple(self) -> bool:
        return self.question is not None and self.question.answer == MULTIPLE_ANSWER

    def compose(self):
        # A fixed pool of rows (the most options a question may have, and the
        # skip): a question shows the rows it needs and hides the others.
        for n in range(1, MAX_OPTIONS + 1):
            yield ChoiceRow("", str(n) if n <= MAX_KEYS else " ")
        yield ChoiceRow(None, SKIP_KEY)

    @property
    def rows(self) -> list[ChoiceRow]:
        """The rows of the question on screen, the skip last."""
        return [row for row in self.query(ChoiceRow) if row.display]

    def ask(self, question: Question, earlier: AnswerValue = None, *, answered: bool = False) -> None:
        """Show the answers of ``question`` with the cursor nowhere; mark this
        reading's own earlier answer (``answered``: there is one, a skip included)."""
        self.question = question
        self.earlier = earlier
        self.answered = answered
        self.ticked = set(earlier) if self.multiple and isinstance(earlier, (tuple, list)) else set()
        if question.answer == SCALE_ANSWER:
            values: list[int | str | None] = [a.value for a in question.anchors]
        else:
            values = [o.id for o in question.options]
        pool = list(self.query(ChoiceRow))
        for n, row in enumerate(pool[:-1]):
            row.display = n < len(values)
            row.value = values[n] if n < len(values) else ""
        self.cursor = None
        self._show_cursor()
        self.relabel()

    def _marked(self, row: ChoiceRow) -> bool:
        if not self.answered:
            return False
        if self.multiple:
            return row.value is None and self.earlier is None  # ticks mark the others
        return row.value == self.earlier

    def relabel(self) -> None:
        question = self.question
        if question is None:
            return
        for row in self.rows:
            row.set_class(self._marked(row), "-chosen")
            if row.value is None:
                row.show(_(self.skip_text), "   " if self.multiple else "")
                continue
            if isinstance(row.value, int):  # an anchor of a scale (an option's id is a str)
                text = _(question.anchor(row.value).text)
            else:
                option = question.option(row.value)
                text = _(option.text)
                if option.note:
                    text = f"{text}  ({_(option.note)})"
            row.show(text, ("[x]" if row.value in self.ticked else "[ ]") if self.multiple else "")

    # ---- the cursor --------------------------------------------------------------

    def watch_cursor(self) -> None:
        self._show_cursor()

    def _show_cursor(self) -> None:
        rows = self.rows
        for n, row in enumerate(rows):
            row.set_class(n == self.cursor, "-cursor")
        at_cursor = self._row_at_cursor()
        if at_cursor is not None and self.is_mounted:
            at_cursor.scroll_visible(animate=False)

    def action_move(self, step: int) -> None:
        rows = self.rows
        if not rows:
            return
        if self.cursor is None:
            self.cursor = 0 if step > 0 else len(rows) - 1
        else:
            self.cursor = (self.cursor + step) % len(rows)

    # ---- choosing ----------------------------------------------------------------

    def value(self) -> AnswerValue:
        """The ticked options of a multiple choice, in the flow's order."""
        assert self.question is not None
        return tuple(o.id for o in self.question.options if o.id in self.ticked)

    def pick(self, row: ChoiceRow) -> None:
        """The row was chosen (a click, Enter or Space on it, or its key)."""
        if row.value is None:
            self.post_message(self.Chosen(self, None))
        elif self.multiple:
            if isinstance(row.value, str):  # an option's id: a multiple choice has no scale
                self.ticked ^= {row.value}
            self.relabel()
        else:
            self.post_message(self.Chosen(self, row.value))

    def click(self, row: ChoiceRow) -> None:
        rows = self.rows
        if row in rows:
            self.cursor = rows.index(row)
            self.pick(row)

    def confirm(self) -> None:
        """Enter on a multiple choice: the ticked options are the answer."""
        if not self.ticked:
            self.post_message(self.NothingChosen(self))
            return
        self.post_message(self.Chosen(self, self.value()))

    def press(self, n: int) -> None:
        """The key ``n`` (0 skips)."""
        rows = self.rows
        if n == 0:
            self.cursor = len(rows) - 1
            self.pick(rows[-1])
        elif n <= min(len(rows) - 1, MAX_KEYS):
            self.cursor = n - 1
            self.pick(rows[n - 1])

    def _row_at_cursor(self) -> ChoiceRow | None:
        rows = self.rows
        return rows[self.cursor] if self.cursor is not None and self.cursor < len(rows) else None

    def action_enter(self) -> None:
        row = self._row_at_cursor()
        if self.multiple and (row is None or row.value is not None):
            self.confirm()
        elif row is not None:
            self.pick(row)
        else:
            self.post_message(self.NothingChosen(self))

    def action_space(self) -> None:
        row = self._row_at_cursor()
        if row is not None:
            self.pick(row)
        else:
            self.post_message(self.NothingChosen(self))
