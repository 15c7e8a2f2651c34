"""The guided conversation: the participant's latest rating beside the supervisor's.

One panel per indicator (in the order of the flows' `indicators.toml`): each side's rating as
its anchor sentence, read with the flow version the reading was made on
(never a bare number; "I'd rather not answer" and "Not rated" say so), with
the reading's date. Where the two lie two or more steps apart the panel is
marked as a place to start talking and shows the guide's open questions; a
supervisor's belief at 1 or 2 shows the guide's sparring line. The
supervisor's extra answers (wage expectations, job-search channels) follow
their indicator as option texts with their notes. The two sides stand side
by side on a wide terminal and one above the other on a narrow one.

Keys: ``a`` the action plan, ``g`` the progression (the spider chart and
the numbers behind it, `progress.ProgressScreen`), Escape back. The panels
have the focus: Up/Down, PageUp/PageDown and Home/End scroll them.
"""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...domain.indicators import PARTICIPANT, SUPERVISOR
from ...i18n import N_, _, fmt_date
from ...logic.conversation import Conversation, ExtraAnswer, IndicatorComparison, Rating
from ...storage import StorageError
from ..app_base import SkapaApp, unless_taken_away
from ..widgets.choices import skip_text
from ..widgets.keys import PAGE_KEYS, PageKeys, translate_bindings
from ..widgets.title_bar import TitleBar

NARROW = 100
"""Below this many columns the two sides are stacked."""


def rating_text(rating: Rating | None, role: str, indicator) -> str:
    """One side's rating in words (an anchor sentence, never a number)."""
    if rating is None:
        if role not in indicator.asked_of:
            return _("Not asked on this form")
        return _("Not rated")
    if rating.skipped or rating.anchor is None:  # a skipped rating has no anchor
        # the participant chose "I'd rather not answer"; a supervisor left it "Not rated"
        return _(skip_text(role))
    return _(rating.anchor)


def extra_text(extra: ExtraAnswer) -> str:
    if extra.skipped:
        not_answered = _("Not answered")
        return f"{_(extra.question)} {not_answered}"
    chosen = []
    for option in extra.chosen:
        text = _(option.text)
        if option.note:
            text = f"{text} ({_(option.note)})"
        chosen.append(f"  • {text}")
    return "\n".join([_(extra.question), *chosen])


class Side(Vertical):
    """One side of one indicator: whose rating, the anchor sentence, the date."""
    app = getters.app(SkapaApp)

    def __init__(self, role: str, comparison: IndicatorComparison, **kwargs):
        super().__init__(**kwargs)
        self.role = role
        self.comparison = comparison

    @property
    def rating(self) -> Rating | None:
        return self.comparison.participant if self.role == PARTICIPANT else self.comparison.supervisor

    def compose(self) -> ComposeResult:
        yield Static(classes="who", markup=False)
        yield Static(classes="said", markup=False)

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        rating = self.rating
        who = _("The participant") if self.role == PARTICIPANT else _("You")
        if rating is not None:
            who = f"{who}, {fmt_date(rating.date, self.app.lang, 'medium')}"
        self.query_one(".who", Static).update(who)
        said = self.query_one(".said", Static)
        said.update(rating_text(rating, self.role, self.comparison.indicator))
        said.set_class(rating is None or rating.skipped, "-none")


class IndicatorPanel(Vertical):
    """One indicator: its name, the two sides, and what the guide offers there."""

    def __init__(self, comparison: IndicatorComparison, extras: tuple[ExtraAnswer, ...], guide):
        super().__init__(id=f"ind-{comparison.indicator.id}", classes="-start-here" if comparison.start_here else "")
        self.comparison = comparison
        self.extras = extras
        self.guide = guide

    def compose(self) -> ComposeResult:
        yield Static(classes="name", markup=False)
        with Horizontal(classes="sides"):
            yield Side(PARTICIPANT, self.comparison, classes="participant")
            yield Side(SUPERVISOR, self.comparison, classes="supervisor")
        if self.comparison.start_here:
            yield Static(classes="marker", markup=False)
            yield Static(classes="questions", markup=False)
        if self.comparison.sparring:
            yield Static(classes="sparring", markup=False)
        for n, _extra in enumerate(self.extras):
            yield Static(classes=f"extra extra-{n}", markup=False)

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        c = self.comparison
        self.query_one(".name", Static).update(_(c.indicator.name))
        if c.start_here:
            self.query_one(".marker", Static).update(
                f"▶ {_(self.guide.messages['gap'])}")
            self.query_one(".questions", Static).update("\n".join(f"? {_(q)}" for q in c.questions))
        if c.sparring:
            self.query_one(".sparring", Static).update(f"◆ {_(self.guide.messages['sparring'])}")
        for n, extra in enumerate(self.extras):
            self.query_one(f".extra-{n}", Static).update(extra_text(extra))


class ConversationScreen(PageKeys, Screen[None]):
    BINDINGS = [
        Binding("a", "plan", N_("Action plan")),
        Binding("g", "progress", N_("Progression")),
        Binding("escape", "back", N_("Back")),
        *PAGE_KEYS,
    ]
    # The panels have the focus: Up/Down, PageUp/PageDown, Home/End scroll them.
    AUTO_FOCUS = "#panels"
    PAGE = "#panels"

    app = getters.app(SkapaApp)

    def __init__(self, desk, code: str):
        super().__init__()
        self.desk = desk
        self.code = code
        self.talk: Conversation | None = None

    def compose(self) -> ComposeResult:
        self._load()
        yield Static(id="notes", markup=False)
        with VerticalScroll(id="panels"):
            if self.talk is not None:
                for row in self.talk.rows:
                    yield IndicatorPanel(row, self.talk.extras.get(row.indicator.id, ()), self.desk.guide)
        yield Footer(compact=True)
        yield TitleBar(self.app.lang)  # last: Tab comes to the language switch after the panels

    def _load(self) -> None:
        try:
            _history, self.talk = self.desk.conversation(self.code)
        except StorageError as exc:
            self.talk = None
            self.notify(exc.render(_), severity="error", timeout=10)

    @unless_taken_away
    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.relabel()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def relabel(self) -> None:
        translate_bindings(self)
        self.query_one(TitleBar).where(_("Conversation with {code}").format(code=self.code))
        notes = []
        talk = self.talk
        if talk is not None:
            if talk.far_apart:
                notes.append(f"! {_(self.desk.guide.messages['far_apart'])}")
            if talk.participant is None:
                notes.append(_("The participant has not sent a reading yet."))
            if talk.supervisor is None:
                notes.append(_("You have not sent a reading about this participant yet."))
        box = self.query_one("#notes", Static)
        box.update("\n".join(notes))
        box.set_class(not notes, "-empty")

    async def reload(self) -> None:
        """Read the readings again (after a change elsewhere)."""
        self._load()
        panels = self.query_one("#panels", VerticalScroll)
        await panels.remove_children()
        if self.talk is not None:
            await panels.mount_all(IndicatorPanel(row, self.talk.extras.get(row.indicator.id, ()), self.desk.guide)
                                   for row in self.talk.rows)
        self.relabel()

    async def on_participant_changed(self, message) -> None:
        if getattr(message, "code", None) == self.code:
            await self.reload()

    def action_plan(self) -> None:
        from .plan import PlanScreen

        self.app.push_screen(PlanScreen(self.desk, self.code))

    def action_progress(self) -> None:
        from .progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.desk, self.code))

    def action_back(self) -> None:
        self.dismiss(None)
