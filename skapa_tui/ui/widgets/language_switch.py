"""The visible switch between the languages offered (Svenska, Dansk, …): those
whose catalog is complete (`i18n.offered_languages`).

One ``LanguageSwitch`` per language, each the language's name in itself; a
click, or Enter or Space when it has focus (Tab and shift+Tab reach it),
switches the kiosk to that language at once. They are plain text, not
buttons: the kiosk's welcome must be ready fast (a Button brings a large
stylesheet with it). They look as compact buttons do.
"""

from __future__ import annotations

from textual import events, getters
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from ...i18n import language_name, offered_languages
from ..app_base import SkapaApp


class LanguageSwitch(Static, can_focus=True):
    DEFAULT_CSS = """
    LanguageSwitch {
        width: auto;
        min-width: 8;
        margin-left: 1;
        line-pad: 1;
        text-align: center;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        pointer: pointer;
        &:hover {
            background: $surface-darken-1;
        }
        &.-current {
            text-style: bold reverse;
        }
        &:focus {
            background: $primary-lighten-2;
            color: $text;
        }
    }
    """
    ALLOW_SELECT = False
    FOCUS_ON_CLICK = False  # a click switches; the focus stays in the form
    BINDINGS = [Binding("enter,space", "switch", show=False)]

    app = getters.app(SkapaApp)

    class Changed(Message):
        def __init__(self, lang: str):
            super().__init__()
            self.lang = lang

    def __init__(self, lang: str, current: str):
        super().__init__(language_name(lang), id=f"lang-{lang}", markup=False,
                         classes="-current" if lang == current else None)
        self.lang = lang

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_switch()

    def action_switch(self) -> None:
        self.post_message(self.Changed(self.lang))

    def show(self, lang: str) -> None:
        """Mark this language as the current one, or not."""
        self.set_class(lang == self.lang, "-current")

    def relabel(self) -> None:
        self.show(self.app.lang)


def language_switches(current: str) -> list[LanguageSwitch]:
    """One switch per language offered, ``current`` marked."""
    return [LanguageSwitch(lang, current) for lang in offered_languages()]
