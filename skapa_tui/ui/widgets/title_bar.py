"""The line at the top: the program's name, where the person is, and the language switch."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import Static

from .language_switch import language_switches


class TitleBar(Horizontal):
    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        background: $primary;
        color: $text;
        dock: top;
    }
    TitleBar #title {
        width: auto;
        padding: 0 1;
        text-style: bold;
    }
    TitleBar #where {
        width: 1fr;
        padding: 0 1;
        content-align: center middle;
    }
    """

    def __init__(self, lang: str, **kwargs):
        super().__init__(**kwargs)
        self.lang = lang

    def compose(self):
        yield Static("SKAPA", id="title", markup=False)
        yield Static("", id="where", markup=False)
        yield from language_switches(self.lang)

    def where(self, text: str) -> None:
        self.query_one("#where", Static).update(text)
