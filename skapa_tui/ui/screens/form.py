"""The compact form: a supervisor rates (or types in paper answers) one question at a time.

Not a chat: a heading says whose form it is and how it is entered (live,
dated today, or from paper with the meeting's date), the title bar says
"Question n of N", and one question is shown with every answer it takes as
a full sentence (`Choices`): keys 1-5 for a scale, 1..n for a single
choice, 1..n (and Space) to mark a multiple choice's options and Enter to
confirm, 0 "Not rated", Backspace back, ctrl+r the review, Escape a break.
The flow's help text is shown small under the question.

The screen is given the `Visit` (its dialog is the engine's `Dialog` over
the reading's own flow version; every answer is saved as it is given) and
``saving`` (a context in which storage trouble becomes a kind message: an
answer that cannot be saved is not taken). It dismisses with ``"sent"``
once the visit is sent from the review, or ``"break"`` (the answers are
already saved: opening the same kind of reading again goes on where it
stopped). The review is `FormReviewScreen`: every answer in a line, Enter
sends.

The same screen serves the supervisor's own form and a participant's paper
answers typed in for them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from textual import events, getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...domain.flow import MULTIPLE_ANSWER, Question, Topic
from ...domain.indicators import PARTICIPANT, SUPERVISOR
from ...domain.reading import ENTRY_HANDOVER, ENTRY_KIOSK, ENTRY_LIVE, ENTRY_PAPER, Reading
from ...engine import Dialog
from ...i18n import _, fmt_date, fmt_number
from ...logic.recall import THEIRS, YOURS, recall_line
from ...logic.visit import Step, Visit
from ..app_base import SkapaApp, unless_taken_away
from ..widgets.choices import MAX_KEYS, Choices, answer_text, skip_text
from ..widgets.title_bar import TitleBar

SENT, BREAK = "sent", "break"


def whose_form(reading: Reading, code: str) -> str:
    """Whose form the reading is, in the current language."""
    if reading.role == SUPERVISOR:
        return _("Supervisor's form about {code}").format(code=code)
    return _("{code}'s own answers").format(code=code)


def entry_text(reading: Reading, lang: str) -> str:
    """How the reading was entered, with its meeting date."""
    day = fmt_date(reading.meeting_date, lang)
    texts = {
        ENTRY_LIVE: _("Live, {date}"),
        ENTRY_PAPER: _("From paper, meeting of {date}"),
        ENTRY_KIOSK: _("At the kiosk, {date}"),
        ENTRY_HANDOVER: _("On the supervisor's terminal, {date}"),
    }
    return texts.get(reading.entry, "{date}").format(date=day)


def heading(visit: Visit, lang: str) -> str:
    return f"{whose_form(visit.reading, visit.code)} · {entry_text(visit.reading, lang)}"


def keys_text(question: Question, lang: str, role: str = SUPERVISOR) -> str:
    """The keys of the question on screen (on ``role``'s form: 0 is "not rated"
    on the supervisor's, "I'd rather not answer" on the participant's typed in
    from paper)."""
    n = len(question.anchors) if question.rates else len(question.options)
    last = fmt_number(min(n, MAX_KEYS), lang)
    if question.answer == MULTIPLE_ANSWER:
        choose = _("1–{last} mark, Enter confirms").format(last=last)
    else:
        choose = _("1–{last} choose").format(last=last)
    skip = _("0 not rated") if role != PARTICIPANT else _("0 rather not answer")
    return f"{choose} · {skip}"


class FormScreen(Screen[str]):
    BINDINGS = [
        *(Binding(str(n), f"key({n})", show=False) for n in range(MAX_KEYS + 1)),
    ]

    app = getters.app(SkapaApp)

    def on_key(self, event: events.Key) -> None:
        # Keys, not bindings, for the moves that leave or change the screen:
        # a key that closes a screen must not reach the one below as well.
        action = {"backspace": self.action_back, "ctrl+r": self.action_review,
                  "escape": self.action_take_break}.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            action()

    def __init__(self, visit: Visit, *, saving: Callable[[], AbstractContextManager[object]]):
        super().__init__()
        self.visit = visit
        self.saving = saving
        self.asked: str | None = None
        """The question on screen (None at the review)."""
        self.step: Step | None = None
        self._nudged = False
        self._review: FormReviewScreen | None = None
        self._review_scroll: float | None = None

    @property
    def dialog(self) -> Dialog:
        return self.visit.dialog

    @property
    def choices(self) -> Choices:
        return self.query_one(Choices)

    def compose(self) -> ComposeResult:
        yield Static(id="heading", markup=False)
        with VerticalScroll(id="body"):
            yield Static(id="topic", markup=False)
            yield Static(id="question", markup=False)
            yield Static(id="help", markup=False)
            yield Static(id="recall", markup=False)
            yield Choices(skip_text=skip_text(self.visit.reading.role))
        yield Static(id="keys", markup=False)
        with Horizontal(id="controls"):
            yield Button(id="back", compact=True)
            yield Button(id="review", compact=True)
            yield Button(id="pause", compact=True)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the buttons

    @unless_taken_away
    def on_mount(self) -> None:
        # The rater's own last rating is said before each question of a
        # follow-up (the step's recall; nothing is preselected: the choices
        # mark only this reading's own answers).
        self.show(self.visit.begin())

    def relabel(self) -> None:
        lang = self.app.lang
        self.query_one("#heading", Static).update(heading(self.visit, lang))
        self.query_one("#back", Button).label = _("← Back (Backspace)")
        self.query_one("#review", Button).label = _("Review (Ctrl+R)")
        self.query_one("#pause", Button).label = _("Take a break (Esc)")
        question = self.dialog.question
        if question is None:
            return
        n, total = self.dialog.number()
        self.query_one(TitleBar).where(
            _("Question {n} of {total}").format(n=fmt_number(n, lang), total=fmt_number(total, lang)))
        topic = self._topic_of(question)
        self.query_one("#topic", Static).update(_(topic.text) if topic else "")
        self.query_one("#topic", Static).display = topic is not None
        self.query_one("#question", Static).update(f"{fmt_number(n, lang)}. {_(question.text)}")
        help_text = self.query_one("#help", Static)
        help_text.update(_(question.help) if question.help else "")
        help_text.display = bool(question.help)
        # The participant's own form typed in from paper: what *they* chose last time.
        said = recall_line(self.step.recall if self.step else None, question, lang,
                           whose=THEIRS if self.visit.reading.role == PARTICIPANT else YOURS)
        recall = self.query_one("#recall", Static)
        recall.update(said or "")
        recall.display = said is not None
        keys = keys_text(question, lang, self.visit.reading.role)
        if self._nudged:
            keys = f"{_('Choose an answer first: press its number, or use the arrow keys.')} {keys}"
        self.query_one("#keys", Static).update(keys)
        self.query_one("#keys", Static).set_class(self._nudged, "-nudge")

    def _topic_of(self, question: Question) -> Topic | None:
        """The topic the question comes under (the last topic before it)."""
        topic = None
        for step in self.dialog.flow.steps:
            if step is question:
                return topic
            if isinstance(step, Topic):
                topic = step
        return topic

    # ---- moving through the flow ---------------------------------------------

    def show(self, step: Step) -> None:
        """Show what the step brings: the next question, or the review."""
        self.step = step
        if step.at_review:
            self.asked = None
            # Back from a change, the review is scrolled as it was (the
            # changed line where the supervisor left it).
            self._review = FormReviewScreen(self.visit, focus=step.changed,
                                            scroll_y=self._review_scroll if step.changed else None)
            self.app.push_screen(self._review, self.after_review)
            return
        question = step.question
        assert question is not None
        answer = step.answer
        self._nudged = False
        self.choices.ask(question, answer.value if answer else None, answered=answer is not None)
        self.choices.focus(scroll_visible=False)
        self.query_one("#back", Button).disabled = not self.dialog.can("back")
        self.relabel()
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self.visit.presented(question.id)
        self.asked = question.id

    def on_choices_chosen(self, message: Choices.Chosen) -> None:
        message.stop()
        question = self.dialog.question
        if question is None or self.asked != question.id:
            return
        step = None
        with self.saving():  # an answer that cannot be saved is not taken
            step = self.visit.skip() if message.value is None else self.visit.answer(message.value)
        if step is not None:
            self.show(step)

    def on_choices_nothing_chosen(self, message: Choices.NothingChosen) -> None:
        message.stop()
        if not self._nudged:
            self._nudged = True
            self.relabel()

    def action_key(self, n: int) -> None:
        if self.dialog.question is not None:
            self.choices.press(n)

    def action_back(self) -> None:
        step = self.visit.back()
        if step is not None:
            self.show(step)

    def action_review(self) -> None:
        step = self.visit.review()
        if step is not None:
            self.show(step)

    def action_take_break(self) -> None:
        self.dismiss(BREAK)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "back":
            self.action_back()
        elif event.button.id == "review":
            self.action_review()
        elif event.button.id == "pause":
            self.action_take_break()

    def after_review(self, result: object) -> None:
        if self._review is not None:
            self._review_scroll = self._review.scroll_at
        if self not in self.app.screen_stack:
            return
        if result == "send":
            with self.saving():
                self.visit.send()
                self.dismiss(SENT)
                return
            # not sent (the app said why): the review again
            self.show(self.visit.where())
            return
        if result == BREAK:
            self.dismiss(BREAK)
            return
        self.show(self.visit.from_review(result))


class ReviewLine(Static, can_focus=True):
    """One question and its answer; a click, E or Space changes it."""

    BINDINGS = [  # before the scroll view's own keys
        Binding("up", "screen.move(-1)", show=False),
        Binding("down", "screen.move(1)", show=False),
        Binding("pageup", "screen.move_page(-1)", show=False),
        Binding("pagedown", "screen.move_page(1)", show=False),
        Binding("home", "screen.move_to(0)", show=False),
        Binding("end", "screen.move_to(-1)", show=False),
    ]

    app = getters.app(SkapaApp)

    def __init__(self, dialog: Dialog, question: Question, none_text: str):
        super().__init__(markup=False, id=f"line-{question.id}")
        self.dialog = dialog
        self.question = question
        self.none_text = none_text
        """What a skip is called on this form (`skip_text`)."""

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        lang = self.app.lang
        n, _total = self.dialog.number(self.question.id)
        answer = self.dialog.answers.get(self.question.id)
        if answer is None:
            text = _("Not answered yet")
        else:
            text = answer_text(self.question, answer.value, self.none_text)
        self.set_class(answer is None or answer.value is None, "-none")
        self.update(f"{fmt_number(n, lang)}. {_(self.question.text)}\n    → {text}")

    def on_click(self) -> None:
        screen = self.screen
        if isinstance(screen, FormReviewScreen):
            screen.edit(self.question.id)


class FormReviewScreen(Screen[object]):
    """Every answer of the form in a line, and how many have none yet. Enter
    sends (with questions left without an answer it asks once, and "Answer
    them" is what Enter does there); E (or a click) changes the answer on the
    focused line, or answers it; Backspace goes back to the questions; Escape
    takes a break. Up/Down go from line to line, PageUp/PageDown a view's
    worth of lines, Home/End to the first and the last. Back from a change,
    the changed line has the focus, where it was on the screen.
    Dismisses ``"send"``, ``"back"``, ``("change", item)``, ``("fill", item)``
    or ``"break"``."""

    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "move_page(-1)", show=False),
        Binding("pagedown", "move_page(1)", show=False),
        Binding("home", "move_to(0)", show=False),
        Binding("end", "move_to(-1)", show=False),
    ]

    app = getters.app(SkapaApp)

    def __init__(self, visit: Visit, focus: str | None = None, scroll_y: float | None = None):
        super().__init__()
        self.visit = visit
        self.focus_item = focus
        self.keep_scroll = scroll_y
        self.scroll_at: float | None = None
        """How far the lines were scrolled when the review closed."""
        self._dismissed = False  # not _closed: Textual's own (see review.py)

    @property
    def dialog(self) -> Dialog:
        return self.visit.dialog

    def compose(self) -> ComposeResult:
        yield Static(id="heading", markup=False)
        yield Static(id="intro", markup=False)
        yield Static(id="missing", markup=False)
        with VerticalScroll(id="lines"):
            for question in self.dialog.flow.questions:
                yield ReviewLine(self.dialog, question, skip_text(self.visit.reading.role))
        with Horizontal(id="controls"):
            yield Button(id="send", variant="success", compact=True)
            yield Button(id="back", compact=True)
            yield Button(id="pause", compact=True)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the buttons

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()
        if self.focus_item is not None:
            line = self.query_one(f"#line-{self.focus_item}", ReviewLine)
            line.focus(scroll_visible=False)
            self.call_after_refresh(self._bring_into_view, line)
        else:
            self.query_one("#send", Button).focus()

    def _bring_into_view(self, line: ReviewLine) -> None:
        """The lines scrolled as they were before the change, or the line centred."""
        view = self.query_one("#lines", VerticalScroll)
        if self.keep_scroll is None:
            view.scroll_to_center(line, animate=False, immediate=True)
            return
        view.scroll_to(y=self.keep_scroll, animate=False, immediate=True)
        view.scroll_to_widget(line, animate=False, immediate=True)  # only if it is out of view

    def relabel(self) -> None:
        from .review import missing_text

        lang = self.app.lang
        self.query_one(TitleBar).where(_("Review"))
        missing = len(self.visit.missing())
        line = self.query_one("#missing", Static)
        line.update(missing_text(missing, lang))
        line.set_class(missing > 0, "-some")
        self.query_one("#heading", Static).update(heading(self.visit, lang))
        intro = _(self.dialog.flow.messages["review"])  # a msgid of the flow file
        how = _("E or a click changes the answer on a line.")
        self.query_one("#intro", Static).update(f"{intro} {how}")
        self.query_one("#send", Button).label = _("Send (Enter)")
        self.query_one("#back", Button).label = _("← Back (Backspace)")
        self.query_one("#pause", Button).label = _("Take a break (Esc)")

    @property
    def lines(self) -> list[ReviewLine]:
        return list(self.query(ReviewLine))

    def action_move(self, step: int) -> None:
        lines = self.lines
        focused = self.focused
        if focused in lines:
            n = lines.index(focused) + step
            if 0 <= n < len(lines):
                lines[n].focus()
            else:
                self.query_one("#send", Button).focus()
        else:
            (lines[0] if step > 0 else lines[-1]).focus()

    def action_move_page(self, step: int) -> None:
        """PageUp/PageDown: as many lines on as fit the view (the first or last at most)."""
        lines = self.lines
        view = self.query_one("#lines", VerticalScroll)
        focused = self.focused
        at = lines.index(focused) if focused in lines else (0 if step > 0 else len(lines) - 1)
        height = view.scrollable_content_region.height
        taken, n = 0, at
        while 0 <= n + step < len(lines):
            taken += lines[n + step].outer_size.height
            if taken > height and n != at:
                break
            n += step
        lines[n].focus()

    def action_move_to(self, n: int) -> None:
        """Home/End: the first or the last line."""
        self.lines[n].focus()

    def on_key(self, event: events.Key) -> None:
        # Keys, not bindings: the form below binds Backspace and Escape too,
        # and a key that closes this screen must not reach it as well.
        action = {"enter": self.action_send, "backspace": self.action_back,
                  "escape": self.action_take_break, "e": self.action_edit,
                  "space": self.action_edit}.get(event.key)
        if action is None or (event.key in ("enter", "space") and isinstance(self.focused, Button)):
            return
        event.stop()
        event.prevent_default()
        action()

    def action_edit(self) -> None:
        if isinstance(self.focused, ReviewLine):
            self.edit(self.focused.question.id)

    def edit(self, item: str) -> None:
        self.close(("change", item) if item in self.dialog.answers else ("fill", item))

    def action_send(self) -> None:
        missing = len(self.visit.missing())
        if not missing:
            self.close("send")
            return
        from .confirm import ConfirmScreen
        from .review import ANSWER_THEM, ASK_TITLE, SEND_ANYWAY, ask_text

        def answered(yes: bool | None) -> None:
            if yes is not None:
                self.close(("fill", None) if yes else "send")

        self.app.push_screen(ConfirmScreen(ASK_TITLE, lambda: ask_text(missing), ANSWER_THEM, SEND_ANYWAY,
                                           n=fmt_number(missing, self.app.lang)), answered)

    def action_back(self) -> None:
        self.close("back")

    def action_take_break(self) -> None:
        self.close(BREAK)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"send": self.action_send, "back": self.action_back,
         "pause": self.action_take_break}.get(event.button.id or "", lambda: None)()

    def close(self, result: object) -> None:
        """Dismiss once: a double Enter or click must not pop a second screen.

        The dismissal waits until the key or click that asked for it is
        handled: a line of this screen (focused, handling the key) cannot be
        removed from inside its own handler."""
        if not self._dismissed:
            self._dismissed = True
            self.scroll_at = self.query_one("#lines", VerticalScroll).scroll_y
            self.app.call_later(self._dismiss, result)

    def _dismiss(self, result: object) -> None:
        self.dismiss(result)  # not awaited: called from the app, after the key
