"""The line at the bottom of a supervisor's screen: its keys, in the app's language.

Textual's Footer shows a binding's description as it was written; ours are
English msgids said again in the current language on every language change
(``relabel``). Each key is a link too: a click runs its action, as the key does.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from ...i18n import _


class KeysBar(Static):
    DEFAULT_CSS = """
    KeysBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """

    def __init__(self, keys: Sequence[tuple[str, str, str]], **kwargs):
        """``keys``: (key as shown, msgid of what it does, the action a click runs:
        the screen's, or ``app.<action>``; "" for none)."""
        super().__init__("", **kwargs)
        self.keys = tuple(keys)

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        parts = []
        for key, msgid, action in self.keys:
            parts.append(Content.assemble((key, "bold $accent"), " ", _(msgid)))
        self.update(Content("   ").join(parts))

    def on_click(self, event) -> None:
        # Which key was clicked: find the part under the pointer by its offset.
        x = event.x - 1  # the padding
        at = 0
        for key, msgid, action in self.keys:
            width = cell_len(key) + 1 + cell_len(_(msgid))
            if at <= x < at + width and action:
                event.stop()
                self.run_action(action if "." in action else f"screen.{action}")
                return
            at += width + 3
