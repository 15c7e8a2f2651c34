"""The answers of one question of any kind, for the supervisor's compact form.

A scale question shows its five anchors as full sentences (keys 1-5); a
single choice its options (keys 1..n; one is chosen); a multiple choice its
options with a checkbox (keys 1..n and Space on the focused one mark and
unmark, Enter confirms). An option's note (for example "Found effective in
BIP") is shown beside it. The last row skips the question (key 0). The
earlier answer is marked (and, for a multiple choice, its options ticked).

The widget only shows and listens: it posts `OptionChoices.Chosen` with the
answer (1-5, an option id, a tuple of option ids in the flow's order, or
None to skip) and the screen decides what it means. `answer_text` says an
answer in words, for reviews and corrections.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from ...domain.flow import MAX_OPTIONS, MULTIPLE_ANSWER, SCALE_ANSWER, Question
from ...domain.indicators import N_
from ...domain.reading import AnswerValue
from ...i18n import _, fmt_number

NOT_RATED = N_("Not rated")
"""What the skip row says on the supervisor's form."""

MAX_KEYS = 9
"""Options after the ninth have no key of their own (up, down and Space reach them)."""


def answer_text(question: Question, value: AnswerValue, none_text: str = NOT_RATED) -> str:
    """The answer ``value`` to ``question`` in the current language: the anchor
    sentence, the option's text, or the chosen options' texts joined; ``none_text``
    (a msgid) for no answer."""
    if value is None:
        return _(none_text)
    if question.answer == SCALE_ANSWER:
        try:
            return _(question.anchor(value).text)
        except KeyError:
            return str(value)
    ids = value if isinstance(value, (tuple, list)) else (value,)
    texts = []
    for option_id in ids:
        try:
            texts.append(_(question.option(option_id).text))
        except KeyError:
            texts.append(str(option_id))
    return "; ".join(texts)


class ChoiceRow(Static, can_focus=True):
    """One answer. Its key is at its left; a click, Enter or Space chooses it."""

    DEFAULT_CSS = """
    ChoiceRow {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    ChoiceRow:hover {
        background: $boost;
    }
    ChoiceRow:focus {
        background: $primary 40%;
    }
    ChoiceRow.-chosen {
        text-style: bold;
        border-left: outer $success;
    }
    ChoiceRow.-skip {
        color: $text-muted;
    }
    """

    def __init__(self, value: int | str | None, key: str):
        super().__init__(markup=False, classes="-skip" if value is None else "")
        self.value = value
        self.key = key

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        choices = self.parent
        if isinstance(choices, OptionChoices):
            choices.pick(self)


class OptionChoices(Vertical):
    """The answers to one question; see the module's docstring."""

    DEFAULT_CSS = """
    OptionChoices {
        height: auto;
        padding: 0 1;
    }
    OptionChoices #hint {
        color: $text-muted;
        padding: 0 1;
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("enter", "enter", show=False),
        Binding("space", "space", show=False),
        *(Binding(str(n), f"key({n})", show=False) for n in range(MAX_KEYS + 1)),
    ]

    SKIP_KEY = "0"

    class Chosen(Message):
        """An answer was chosen: 1-5, an option id, a tuple of option ids, or None (skip)."""

        def __init__(self, choices: OptionChoices, value: AnswerValue):
            super().__init__()
            self.choices = choices
            self.value = value

        @property
        def control(self) -> OptionChoices:
            return self.choices

    def __init__(self, *, skip_text: str = NOT_RATED, hint: bool = True, **kwargs):
        """``hint``: say the keys of a multiple choice under it (a screen that
        says its keys itself turns it off)."""
        super().__init__(**kwargs)
        self.skip_text = skip_text
        self.hint = hint
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
        yield ChoiceRow(None, self.SKIP_KEY)
        yield Static(id="hint", markup=False)

    @property
    def rows(self) -> list[ChoiceRow]:
        """The rows of the question on screen, the skip last."""
        return [row for row in self.query(ChoiceRow) if row.display]

    def ask(self, question: Question, earlier: AnswerValue = None, *, answered: bool = False) -> None:
        """Show the answers of ``question``; mark the earlier answer (``answered``:
        there was one, a skip included) and focus it."""
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
        self.query_one("#hint", Static).display = self.multiple and self.hint
        self.relabel()
        rows = self.rows
        target = rows[0]
        for row in rows:
            if self._marked(row) or (self.multiple and row.value in self.ticked):
                target = row
                break
        target.focus(scroll_visible=False)

    def _marked(self, row: ChoiceRow) -> bool:
        if not self.answered:
            return False
        if self.multiple and row.value is not None:
            return False  # ticks, not a mark
        if self.multiple:
            return self.earlier is None
        return row.value == self.earlier

    def relabel(self) -> None:
        question = self.question
        if question is None:
            return
        for row in self.rows:
            row.set_class(self._marked(row), "-chosen")
            if row.value is None:
                row.update(f"{row.key}  {_(self.skip_text)}")
                continue
            if question.answer == SCALE_ANSWER:
                text = _(question.anchor(row.value).text)
            else:
                option = question.option(row.value)
                text = _(option.text)
                if option.note:
                    text = f"{text}  ({_(option.note)})"
            if self.multiple:
                box = "[x]" if row.value in self.ticked else "[ ]"
                text = f"{box} {text}"
            row.update(f"{row.key}  {text}")
        if self.multiple:
            n = sum(1 for row in self.rows if row.value is not None)
            lang = self.app.lang
            self.query_one("#hint", Static).update(
                _("Keys 1–{n} or Space mark and unmark; Enter confirms.").format(
                    n=fmt_number(min(n, MAX_KEYS), lang)))

    # ---- choosing ------------------------------------------------------------

    def value(self) -> AnswerValue:
        """The ticked options of a multiple choice, in the flow's order."""
        assert self.question is not None
        return tuple(o.id for o in self.question.options if o.id in self.ticked)

    def pick(self, row: ChoiceRow) -> None:
        """The row was chosen (a click, Enter or Space on it, or its key)."""
        if row.value is None:
            self.post_message(self.Chosen(self, None))
        elif self.multiple:
            self.ticked ^= {row.value}
            self.relabel()
        else:
            self.post_message(self.Chosen(self, row.value))

    def confirm(self) -> None:
        """Enter on a multiple choice: the ticked options are the answer."""
        if not self.ticked:
            self.app.notify(_("Mark at least one, or press 0 for not rated."), severity="warning")
            return
        self.post_message(self.Chosen(self, self.value()))

    def press(self, n: int) -> None:
        """The key ``n`` (0 skips)."""
        rows = self.rows
        if n == 0:
            self.pick(rows[-1])
        elif n <= len(rows) - 1:
            rows[n - 1].focus(scroll_visible=False)
            self.pick(rows[n - 1])

    def action_key(self, n: int) -> None:
        self.press(n)

    def _focused_row(self) -> ChoiceRow | None:
        focused = self.screen.focused
        return focused if isinstance(focused, ChoiceRow) and focused in self.rows else None

    def action_enter(self) -> None:
        row = self._focused_row()
        if self.multiple and (row is None or row.value is not None):
            self.confirm()
        elif row is not None:
            self.pick(row)

    def action_space(self) -> None:
        row = self._focused_row()
        if row is not None:
            self.pick(row)

    def action_move(self, step: int) -> None:
        rows = self.rows
        if not rows:
            return
        row = self._focused_row()
        n = rows.index(row) if row is not None else 0
        rows[(n + step) % len(rows)].focus()
