"""A yes-or-no question, with every text passed in: a `FormModal[bool | None]`.

Each text is a msgid, or a function that says it in the current language
(a count said with ngettext, say). Yes has the focus: Enter answers yes,
so yes must be the safe answer. The no button answers no; Escape answers
neither (None): the question is put away and nothing happens. With a
``stay`` text a third button says so (it answers None, as Escape does):
"Save", "Discard", "Stay on the plan". Left and Right move between the
buttons. The frame is the shared modal's: the title, the question in the
line about it, and its answers as the buttons (`compose_buttons`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button

from ...i18n import _
from .form_modal import FormModal

Said = str | Callable[[], str]


class ConfirmScreen(FormModal[bool | None]):
    AUTO_FOCUS = "#yes"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("left", "app.focus_previous", show=False),
                                             Binding("right", "app.focus_next", show=False)]
    ABOUT = ""  # the question, said by about_text
    PRIMARY_ID = "yes"

    def __init__(self, title: Said, text: Said, yes: Said, no: Said, stay: Said | None = None,
                 **fields: Any) -> None:
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

    def title_text(self) -> str:
        return self.said("title")

    def about_text(self) -> str:
        return self.said("text")

    def compose_buttons(self) -> ComposeResult:
        yield Button(id="yes", variant="primary", compact=True)
        for name in self.buttons[1:]:
            yield Button(id=name, compact=True)

    def relabel_buttons(self) -> None:
        for name in self.buttons:
            self.query_one(f"#{name}", Button).label = self.said(name)

    def submit(self) -> None:
        self.dismiss(True)

    def pressed(self, button_id: str | None) -> None:
        self.dismiss(None if button_id == "stay" else False)
