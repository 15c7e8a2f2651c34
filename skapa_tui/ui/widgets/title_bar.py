"""The line at the top: the program's name, where the person is, and the language switch.

The bar writes the name and the "where" text itself, in the space the
language switches leave, instead of holding a widget for each: every screen
has a title bar, and the welcome must be ready fast. It looks as a row of a
name, a centred text and the switches does.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.containers import Horizontal
from textual.content import Content
from textual.strip import Strip

from .language_switch import language_switches

NAME = "SKAPA"


class TitleBar(Horizontal):
    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        background: $primary;
        color: $text;
        dock: top;
        align-horizontal: right;
    }
    """

    def __init__(self, lang: str, **kwargs):
        super().__init__(**kwargs)
        self.lang = lang
        self._where = ""

    def compose(self):
        yield from language_switches(self.lang)

    def where(self, text: str) -> None:
        """Say where the person is (centred between the name and the switches)."""
        self._where = text
        self.refresh()

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)  # the bar's background
        if y:
            return line
        # The name with a space on each side, then the "where" text centred
        # between a space after the name and a space before the switches.
        width = line.cell_length
        switches = [child.region.x - child.styles.margin.left for child in self.children if child.region]
        free = (min(switches) - self.region.x if switches else width) - len(NAME) - 2
        inner = max(free - 2, 0)
        style = self.visual_style.rich_style
        color, plain = style.color, Style(bgcolor=style.bgcolor)
        where = Content(self._where).wrap(inner)[0].plain.rstrip() if self._where and inner else ""
        left = (inner - cell_len(where)) // 2
        fill = plain + Style(color=color, reverse=False)
        segments = [
            Segment(" ", plain),
            Segment(NAME, plain + Style(color=color, bold=True)),
            Segment(" ", plain),
            Segment(" ", plain),
            Segment(" " * left, fill),
            Segment(where, plain + Style(color=color)),
            Segment(" " * (inner - left - cell_len(where)), fill),
            Segment(" ", plain),
        ]
        text = Strip(segments).crop(0, width)
        return Strip.join([text, line.crop(text.cell_length, width)])
