"""Key descriptions in the Footer, in the app's language.

A screen's ``BINDINGS`` carry English msgids as descriptions (Textual reads
them once, when the class is made); `translate_bindings` gives the screen a
copy of them said in the current language and has the Footer show them again.
A screen calls it from its ``relabel()``, so a language switch reaches the
Footer too.

`PageKeys` gives a screen's main part PageUp/PageDown and Home/End
whatever has the focus.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widget import Widget

from ...i18n import _


def translate_bindings(node) -> None:
    """Say ``node``'s own bindings' descriptions in the current language."""
    merged = type(node)._merged_bindings  # the class's bindings, descriptions as msgids
    if merged is None:
        return
    node._bindings.key_to_bindings = {
        key: [replace(b, description=_(b.description)) if b.description else b for b in bindings]
        for key, bindings in merged.key_to_bindings.items()
    }
    node.refresh_bindings()


# ---- a screen's main part scrolls by keys, whatever has focus ----------------

PAGE_KEYS = [
    Binding("pageup", "page('up')", show=False, priority=True),
    Binding("pagedown", "page('down')", show=False, priority=True),
    Binding("home", "page('home')", show=False, priority=True),
    Binding("end", "page('end')", show=False, priority=True),
]
"""PageUp/PageDown and Home/End for `PageKeys` (a screen lists them in its ``BINDINGS``)."""


if TYPE_CHECKING:
    # To a type checker the mixin is the Screen it is mixed into (its query_one,
    # focused and check_action, which it extends with super()); at run time it
    # is a plain class, so the screen's own bases stay as they are.
    from textual.screen import Screen

    _Screen = Screen[object]
else:
    _Screen = object


class PageKeys(_Screen):
    """A screen whose main part, the scroll view ``PAGE``, scrolls by PageUp,
    PageDown, Home and End whatever has the focus: a part below the fold is
    never out of reach of the keys. The focused widget keeps these keys when
    it uses them itself: Home and End in a text field, PageUp and PageDown
    in a table that has more rows than it shows, and all four in a list. Mixed in before
    ``Screen``, with ``*PAGE_KEYS`` in the screen's ``BINDINGS``."""

    PAGE = "#body"

    @property
    def page(self) -> Widget:
        return self.query_one(self.PAGE)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "page":
            return self.page_takes(str(parameters[0]))
        return super().check_action(action, parameters)

    def page_takes(self, move: str) -> bool:
        """Whether ``move`` scrolls the page (False: the focused widget has the key)."""
        # Imported here: the app imports this module at start, before any table.
        from textual.containers import ScrollableContainer
        from textual.widgets import DataTable, Input, OptionList

        focused = self.focused
        if focused is None or focused is self.page:
            return True
        if isinstance(focused, Input):
            return move in ("up", "down")
        if isinstance(focused, DataTable):  # its Home and End scroll sideways: the page's here
            return move in ("home", "end") or focused.max_scroll_y == 0
        if isinstance(focused, (OptionList, ScrollableContainer)) and focused.max_scroll_y > 0:
            return False
        return True

    def action_page(self, move: str) -> None:
        page = self.page
        {"up": page.scroll_page_up, "down": page.scroll_page_down,
         "home": page.scroll_home, "end": page.scroll_end}[move](animate=False)
