"""A yes-or-no question, with every text passed in (as msgids): ModalScreen[bool].

Enter or a click on the yes button answers yes; Escape or the no button, no.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...i18n import _


class ConfirmScreen(ModalScreen[bool]):
    AUTO_FOCUS = "#yes"
    BINDINGS = [Binding("escape", "no", show=False)]

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    ConfirmScreen #confirm {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $primary;
        background: $surface;
    }
    ConfirmScreen #title {
        text-style: bold;
        color: $primary;
        margin-bottom: 1;
    }
    ConfirmScreen #buttons {
        height: auto;
        margin-top: 1;
    }
    ConfirmScreen #no {
        margin-left: 2;
    }
    """

    def __init__(self, title: str, text: str, yes: str, no: str, **fields) -> None:
        """``title``, ``text``, ``yes``, ``no``: msgids; ``fields`` fill their {placeholders}."""
        super().__init__()
        self.texts = {"title": title, "text": text, "yes": yes, "no": no}
        self.fields = fields

    def _(self, name: str) -> str:
        text = _(self.texts[name])
        return text.format(**self.fields) if self.fields else text

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self._("title"), id="title", markup=False)
            yield Static(self._("text"), id="text", markup=False)
            with Horizontal(id="buttons"):
                yield Button(self._("yes"), id="yes", variant="primary", compact=True)
                yield Button(self._("no"), id="no", compact=True)

    def relabel(self) -> None:
        for name in ("title", "text"):
            self.query_one(f"#{name}", Static).update(self._(name))
        for name in ("yes", "no"):
            self.query_one(f"#{name}", Button).label = self._(name)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)
