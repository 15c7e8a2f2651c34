"""A yes-or-no question, with every text passed in: ModalScreen[bool | None].

Each text is a msgid, or a function that says it in the current language
(a count said with ngettext, say). Yes has the focus: Enter answers yes,
so yes must be the safe answer. The no button answers no; Escape answers
neither (None): the question is put away and nothing happens. With a
``stay`` text a third button says so (it answers None, as Escape does):
"Save", "Discard", "Stay on the plan". Left and Right move between the
buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...i18n import _

Said = str | Callable[[], str]


class ConfirmScreen(ModalScreen[bool | None]):
    AUTO_FOCUS = "#yes"
    BINDINGS = [Binding("escape", "put_away", show=False),
                Binding("left", "app.focus_previous", show=False),
                Binding("right", "app.focus_next", show=False)]

    def __init__(self, title: Said, text: Said, yes: Said, no: Said, stay: Said | None = None, **fields) -> None:
        """``title``, ``text``, ``yes``, ``no`` (and ``stay``, a third button
        that answers None): msgids (or functions saying the text); ``fields``
        fill their {placeholders}."""
        super().__init__()
        self.texts = {"title": title, "text": text, "yes": yes, "no": no}
        if stay is not None:
            self.texts["stay"] = stay
        self.fields = fields

    @property
    def buttons(self) -> tuple[str, ...]:
        return ("yes", "no", "stay") if "stay" in self.texts else ("yes", "no")

    def said(self, name: str) -> str:
        said = self.texts[name]
        text = said() if callable(said) else _(said)
        return text.format(**self.fields) if self.fields else text

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.said("title"), id="title", markup=False)
            yield Static(self.said("text"), id="text", markup=False)
            with Horizontal(id="buttons"):
                yield Button(self.said("yes"), id="yes", variant="primary", compact=True)
                yield Button(self.said("no"), id="no", compact=True)
                if "stay" in self.texts:
                    yield Button(self.said("stay"), id="stay", compact=True)

    def relabel(self) -> None:
        for name in ("title", "text"):
            self.query_one(f"#{name}", Static).update(self.said(name))
        for name in self.buttons:
            self.query_one(f"#{name}", Button).label = self.said(name)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "stay" else event.button.id == "yes")

    def action_put_away(self) -> None:
        self.dismiss(None)
