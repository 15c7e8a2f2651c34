"""A visible switch between the languages that have a catalog (Svenska, Dansk, …)."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from ...i18n import language_name, languages


class LanguageSwitch(Horizontal):
    DEFAULT_CSS = """
    LanguageSwitch {
        width: auto;
        height: 1;
    }
    LanguageSwitch Button {
        margin-left: 1;
        min-width: 9;
    }
    LanguageSwitch Button.-current {
        text-style: bold reverse;
    }
    """

    class Changed(Message):
        def __init__(self, lang: str):
            super().__init__()
            self.lang = lang

    def __init__(self, current: str, **kwargs):
        super().__init__(**kwargs)
        self.current = current

    def compose(self):
        for lang in languages():
            button = Button(language_name(lang), id=f"lang-{lang}", compact=True)
            button.can_focus = False  # keyboard focus stays on the form; a click switches
            button.set_class(lang == self.current, "-current")
            yield button

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        lang = (event.button.id or "").removeprefix("lang-")
        self.show(lang)
        self.post_message(self.Changed(lang))

    def show(self, lang: str) -> None:
        self.current = lang
        for button in self.query(Button):
            button.set_class(button.id == f"lang-{lang}", "-current")
