"""How far along a reading is: "Question 3 of 10" and a bar, on one line.

The words are the screen's own text colour on the screen's background (a
contrast well above 4.5:1); the bar beside them fills with █ on a track of
░, one cell per step of its width, so the words say it exactly and the bar
shows it at a glance.
"""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.widgets import Static

from ...i18n import _, fmt_number
from ..app_base import SkapaApp

BAR = 20
"""Cells of the bar."""


def bar(n: int, total: int, width: int = BAR) -> str:
    """``n`` of ``total`` as ``width`` cells of █ and ░."""
    filled = round(width * n / total) if total else 0
    return "█" * filled + "░" * (width - filled)


class Progress(Static):
    DEFAULT_CSS = """
    Progress {
        height: 1;
        padding: 0 1;
        color: $foreground;
    }
    """

    app = getters.app(SkapaApp)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._at: tuple[int, int] | None = None

    def show(self, n: int, total: int) -> None:
        self._at = (n, total)
        self.relabel()

    def relabel(self) -> None:
        if self._at is None:
            self.update("")
            return
        n, total = self._at
        lang = self.app.lang
        words = _("Question {n} of {total}").format(n=fmt_number(n, lang), total=fmt_number(total, lang))
        self.update(Text.assemble(words, "  ", bar(n, total)))

    @property
    def words(self) -> str:
        return str(self.render()).split("  ")[0] if self._at else ""
