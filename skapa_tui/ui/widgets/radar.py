"""The spider (radar) chart of a participant's readings, drawn in braille cells.

One axis per indicator, in the indicators' fixed order (the first straight
up, the others clockwise), named at its tip with its short name; the rings
of the values 1 (inner) to 5 (outer) are dotted. Each side's latest reading
is drawn solid, up to ``earlier`` readings before it dashed and then dotted.
The sides are told apart without colour: the participant's vertices are ●
(earlier ○), the supervisor's ■ (earlier □); the legend below names each
polygon with its marker, its line and its date. A missing value breaks the
polygon (see `skapa_tui.logic.progression`): it is never drawn as a 0.

A braille cell holds 2×4 dots; a terminal cell is about twice as high as it
is wide, so the dots are square and a circle stays round. The geometry comes
from `logic.progression`; this module only draws it. `plot` says where
the chart was last drawn (centre and radius, in dots), and a click on the
chart posts `RadarChart.Selected` with the nearest axis's indicator.

Use::

    RadarChart(history, flow_for)                       # both sides, for the supervisor
    RadarChart(history, flow_for, roles=(PARTICIPANT,), viewer=PARTICIPANT)  # the participant's own

``flow_for(reading)`` gives the flow version a reading was made with.
`show` puts a new history in; `relabel` redraws in the current language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from ...domain.flow import Flow
from ...domain.history import History
from ...domain.indicators import PARTICIPANT, SUPERVISOR, Indicator
from ...domain.reading import Reading
from ...i18n import _, current_language, fmt_date
from ...logic.progression import (
    ROLES,
    Sample,
    axes,
    axis_angle,
    point,
    polygon_edges,
    role_name,
    series,
    shown,
    vertices,
)

MARKERS = {PARTICIPANT: ("●", "○"), SUPERVISOR: ("■", "□")}
"""The vertex marker of each side: (the latest reading, an earlier one)."""
LINES = ("──", "╌╌", "┈┈")
"""The legend's sample of each line: the latest (solid), the one before (dashed), the oldest (dotted)."""
SMALLEST = 0.45
"""Whole labels are worth a chart this much smaller than the room allows; below it, labels are cut."""
MIN_LABEL = 5
"""A label line is cut (with …) to no fewer characters than this when space is short;
names longer than twice this are wrapped at a space before they are cut."""

_BRAILLE = 0x2800
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The bit of each dot of a braille cell: _DOT_BITS[row][column]."""

# Drawing priorities: a cell shows the colour of the highest layer that drew in it.
_GRID, _OLDEST, _EARLIER, _LATEST, _MARK_EARLIER, _MARK_LATEST, _LABEL = range(1, 8)


def _solid(k: int) -> bool:
    return True


def _dashed(k: int) -> bool:
    return k % 4 < 2


def _dotted(k: int) -> bool:
    return k % 3 == 0


def _sparse(k: int) -> bool:
    return k % 4 == 0


_PATTERNS = (_solid, _dashed, _dotted)


@dataclass
class _Cell:
    mask: int = 0
    char: str | None = None
    layer: int = 0
    style: str = ""


@dataclass
class BrailleCanvas:
    """Cells of 2×4 dots; ``(x, y)`` in dots, y down. Each cell keeps the style
    of the highest layer drawn into it; `put` writes a character over the dots."""

    width: int
    height: int
    cells: list[list[_Cell]] = field(init=False)

    def __post_init__(self) -> None:
        self.cells = [[_Cell() for _ in range(self.width)] for _ in range(self.height)]

    def _claim(self, cell: _Cell, layer: int, style: str) -> None:
        if layer >= cell.layer:
            cell.layer, cell.style = layer, style

    def dot(self, x: float, y: float, layer: int, style: str) -> None:
        dx, dy = int(round(x)), int(round(y))
        col, row = dx // 2, dy // 4
        if 0 <= col < self.width and 0 <= row < self.height and dx >= 0 and dy >= 0:
            cell = self.cells[row][col]
            cell.mask |= _DOT_BITS[dy % 4][dx % 2]
            self._claim(cell, layer, style)

    def line(self, a: tuple[float, float], b: tuple[float, float], layer: int, style: str,
             pattern: Callable[[int], bool] = _solid) -> None:
        steps = max(1, int(math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1])))))
        for k in range(steps + 1):
            if pattern(k):
                t = k / steps
                self.dot(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, layer, style)

    def put(self, col: int, row: int, text: str, layer: int, style: str) -> None:
        """Write ``text`` from the cell (col, row) rightwards, over lower layers."""
        if not 0 <= row < self.height:
            return
        for offset, char in enumerate(text):
            c = col + offset
            if 0 <= c < self.width:
                cell = self.cells[row][c]
                if layer >= cell.layer:
                    cell.char, cell.layer, cell.style = char, layer, style

    def lines(self, styles: dict[str, Style]) -> list[Text]:
        out = []
        for row in self.cells:
            text = Text(no_wrap=True, overflow="crop")
            for cell in row:
                char = cell.char if cell.char is not None else (
                    chr(_BRAILLE + cell.mask) if cell.mask else " ")
                text.append(char, styles.get(cell.style))
            out.append(text)
        return out


class Plot(NamedTuple):
    """Where the chart was drawn: the centre and the outer ring's radius, in dots."""

    centre_x: int
    centre_y: int
    radius: int
    rows: int  # the rows of the chart above the legend


Label = tuple[str, ...]
"""An axis label: one line, or two when a long name is wrapped at a space."""


def _wrapped(name: str) -> Label:
    """``name`` on two lines, broken at the space nearest its middle (one line if it has none)."""
    spaces = [k for k, c in enumerate(name) if c == " "]
    if not spaces:
        return (name,)
    k = min(spaces, key=lambda k: abs(k - len(name) / 2))
    return name[:k], name[k + 1:]


def _label_box(label: Label, i: int, n: int, radius: int, cx: int, cy: int) -> list[tuple[int, int, str]]:
    """Where each line of the label of axis ``i`` goes: (first column, row, text)."""
    angle = axis_angle(i, n)
    x, y = point(5, i, n, radius + 2)
    col, row = int(round(cx + x)) // 2, int(round(cy + y)) // 4
    s, c = math.sin(angle), math.cos(angle)
    lines = len(label)
    if abs(s) > 0.25:  # beside the tip, the lines centred on its row
        first = row - (lines - 1) // 2 if c >= 0 else row - lines // 2
        return [(col + 1 if s > 0 else col - len(text), first + k, text) for k, text in enumerate(label)]
    tip_row = int(round(cy - radius * c)) // 4
    first = tip_row - lines if c > 0 else tip_row + 1  # above the top tip, below the bottom one
    return [(col - len(text) // 2, first + k, text) for k, text in enumerate(label)]


def _fits(labels: Sequence[Label], radius: int, cx: int, cy: int, width: int, rows: int) -> bool:
    n = len(labels)
    for i, label in enumerate(labels):
        for col, row, text in _label_box(label, i, n, radius, cx, cy):
            if col < 0 or col + len(text) > width or row < 0 or row >= rows:
                return False
    return True


def _cut(name: str, length: int) -> str:
    return name if len(name) <= length else name[:max(1, length - 1)] + "…"


def _largest(labels: Sequence[Label], most: int, cx: int, cy: int, width: int, rows: int) -> int | None:
    return next((r for r in range(most, 3, -1) if _fits(labels, r, cx, cy, width, rows)), None)


def _plan(names: Sequence[str], width: int, rows: int) -> tuple[Plot, list[Label]] | None:
    """The largest chart that fits with its labels: on one line each, else the
    long ones on two lines, else cut (with …) when space is short."""
    cx, cy = 2 * (width // 2), 4 * (rows // 2) + 2
    most = min(cy - 6, 4 * rows - cy - 6, cx - 2)  # room for a label row above and below
    if most < 4:
        return None
    wanted = most * 0.6
    single: list[Label] = [(name,) for name in names]
    wrapped: list[Label] = [_wrapped(name) if len(name) > MIN_LABEL * 2 else (name,) for name in names]
    best: tuple[int, list[Label]] | None = None
    for labels in (single, wrapped):
        fitting = _largest(labels, most, cx, cy, width, rows)
        if fitting is not None and fitting >= wanted:
            return Plot(cx, cy, fitting, rows), labels
        if fitting is not None and (best is None or fitting > best[0]):
            best = fitting, labels
    if best is not None and best[0] >= most * SMALLEST:
        return Plot(cx, cy, best[0], rows), best[1]  # whole labels on a somewhat smaller chart
    # Space is short: keep the chart large and cut the longest lines.
    target = max(4, int(wanted))
    cut = [list(label) for label in wrapped]
    while not _fits([tuple(c) for c in cut], target, cx, cy, width, rows):
        i, k = max(((i, k) for i in range(len(cut)) for k in range(len(cut[i]))),
                   key=lambda ik: len(cut[ik[0]][ik[1]]))
        if len(cut[i][k]) <= MIN_LABEL:
            target -= 1
            if target < 4:
                return None if best is None else (Plot(cx, cy, best[0], rows), best[1])
            continue
        cut[i][k] = _cut(cut[i][k], len(cut[i][k]) - 1)
    return Plot(cx, cy, target, rows), [tuple(c) for c in cut]


class RadarChart(Widget):
    """A spider chart of the latest readings (each side's latest and up to
    ``earlier`` before it). ``roles``: the sides shown; ``viewer``: who looks
    (the legend says "You" to the participant)."""

    DEFAULT_CSS = """
    RadarChart {
        width: 1fr;
        height: 1fr;
        min-width: 24;
        min-height: 10;
    }
    RadarChart > .radar--grid {
        color: $text-muted;
    }
    RadarChart > .radar--label {
        color: $text;
        text-style: bold;
    }
    RadarChart > .radar--participant {
        color: $primary;
        text-style: bold;
    }
    RadarChart > .radar--participant-earlier {
        color: $primary 60%;
    }
    RadarChart > .radar--supervisor {
        color: $warning;
        text-style: bold;
    }
    RadarChart > .radar--supervisor-earlier {
        color: $warning 60%;
    }
    RadarChart > .radar--legend {
        color: $text;
    }
    """

    COMPONENT_CLASSES = {
        "radar--grid", "radar--label", "radar--participant", "radar--participant-earlier",
        "radar--supervisor", "radar--supervisor-earlier", "radar--legend",
    }

    class Selected(Message):
        """An axis of the chart was clicked: ``indicator`` is its indicator."""

        def __init__(self, chart: RadarChart, indicator: Indicator) -> None:
            super().__init__()
            self.chart = chart
            self.indicator = indicator

        @property
        def control(self) -> RadarChart:
            return self.chart

    def __init__(self, history: History | None = None,
                 flow_for: Callable[[Reading], Flow] | None = None, *,
                 roles: Iterable[str] = ROLES, viewer: str = SUPERVISOR, earlier: int = 2,
                 lang: str | None = None, names: Mapping[str, str] | None = None,
                 day: Callable[[date, str], str] | None = None, plain: bool = False,
                 name: str | None = None, id: str | None = None,  # noqa: A002
                 classes: str | None = None) -> None:
        """``names``: each axis's name (a msgid) by indicator id, where not the
        indicator's short name; ``day(date, lang)``: how the legend writes a
        date (default: Babel's medium format); ``plain``: only the outer ring
        and the axes behind the polygons, for a reader who is not used to
        charts (the participant's own)."""
        super().__init__(name=name, id=id, classes=classes)
        self.names = dict(names or {})
        self.day = day
        self.plain = plain
        self.roles = tuple(r for r in ROLES if r in set(roles))
        self.viewer = viewer
        self.earlier = earlier
        self.lang = lang
        self.flow_for = flow_for
        self.samples: dict[str, list[Sample]] = {role: [] for role in self.roles}
        self.indicators: tuple[Indicator, ...] = axes(None, self.roles)
        self.plot: Plot | None = None
        if history is not None:
            self.show(history, flow_for)

    # -- what is shown ---------------------------------------------------------------

    def show(self, history: History, flow_for: Callable[[Reading], Flow] | None = None) -> None:
        """Draw ``history``'s readings (each read with its own flow version)."""
        self.flow_for = flow_for or self.flow_for
        if self.flow_for is None:
            raise ValueError("flow_for is needed to read the readings")
        every = series(history, self.flow_for, self.roles)
        self.samples = {role: shown(every[role], self.earlier) for role in self.roles}
        self.indicators = axes({r: s for r, s in every.items()}) if any(every.values()) \
            else axes(None, self.roles)
        self.refresh()

    def relabel(self) -> None:
        """Redraw in the current language."""
        self.refresh()

    @property
    def empty(self) -> bool:
        return not any(self.samples.values())

    def legend(self) -> list[tuple[str, str, str]]:
        """(marker and line, text, component class) of each polygon, as drawn."""
        lang = self.lang or current_language()
        entries = []
        for role in self.roles:
            for k, sample in enumerate(self.samples.get(role, [])):
                marker = MARKERS[role][0 if k == 0 else 1]
                text = _("{who}, {date}").format(who=_(role_name(role, self.viewer)),
                                                 date=self._day(sample.date, lang))
                entries.append((marker + LINES[min(k, len(LINES) - 1)], text,
                                f"radar--{role}" if k == 0 else f"radar--{role}-earlier"))
        return entries

    def _day(self, day: date, lang: str) -> str:
        return self.day(day, lang) if self.day is not None else fmt_date(day, lang, "medium")

    # -- drawing -----------------------------------------------------------------------

    def _legend_lines(self, width: int) -> list[Text]:
        style = self.get_component_rich_style("radar--legend")
        entries = self.legend()
        if not entries:
            return [Text(_("No readings yet."), style=style, no_wrap=True, overflow="ellipsis")]
        lines: list[Text] = []
        current = Text(no_wrap=True, overflow="ellipsis")
        for sample, text, cls in entries:
            entry_width = len(sample) + 1 + len(text)
            if current.cell_len and current.cell_len + 3 + entry_width > width:
                lines.append(current)
                current = Text(no_wrap=True, overflow="ellipsis")
            if current.cell_len:
                current.append("   ")
            current.append(sample, self.get_component_rich_style(cls))
            current.append(" " + text, style)
        lines.append(current)
        return lines

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        if width <= 0 or height <= 0:
            return Text()
        legend = self._legend_lines(width)
        rows = height - len(legend)
        names = [_(self.names.get(i.id) or i.label) for i in self.indicators]
        planned = _plan(names, width, rows) if rows > 0 and names else None
        if planned is None:
            self.plot = None
            return Text("\n").join([Text(_("The window is too small for the chart."),
                                         no_wrap=True, overflow="ellipsis"), *legend])
        self.plot, labels = planned
        canvas = self._draw(labels, width)
        return Text("\n").join([*canvas.lines(self._styles()), *legend])

    def _styles(self) -> dict[str, Style]:
        return {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}

    def _draw(self, labels: Sequence[Label], width: int) -> BrailleCanvas:
        layout = self.plot
        assert layout is not None
        cx, cy, radius = layout.centre_x, layout.centre_y, layout.radius
        canvas = BrailleCanvas(width, layout.rows)
        n = len(self.indicators)

        def at(p: tuple[float, float]) -> tuple[float, float]:
            return cx + p[0], cy + p[1]

        # The rings 1-5 (the web) and the axes, dotted.
        for value in ((5,) if self.plain else range(1, 6)):
            ring = [at(point(value, i, n, radius)) for i in range(n)]
            for i in range(n):
                canvas.line(ring[i], ring[(i + 1) % n], _GRID, "radar--grid", _sparse)
        for i in range(n):
            canvas.line((cx, cy), at(point(5, i, n, radius)), _GRID, "radar--grid",
                        _sparse if self.plain else _dotted)
        # The polygons, oldest first so the latest lies on top.
        for role in self.roles:
            samples = self.samples.get(role, [])
            for k in reversed(range(len(samples))):
                points = vertices(samples[k], self.indicators, radius)
                cls = f"radar--{role}" if k == 0 else f"radar--{role}-earlier"
                layer = (_LATEST, _EARLIER, _OLDEST)[min(k, 2)]
                for a, b in polygon_edges(points):
                    canvas.line(at(a), at(b), layer, cls, _PATTERNS[min(k, 2)])
        for role in self.roles:
            samples = self.samples.get(role, [])
            for k in reversed(range(len(samples))):
                points = vertices(samples[k], self.indicators, radius)
                cls = f"radar--{role}" if k == 0 else f"radar--{role}-earlier"
                for p in points:
                    if p is not None:
                        x, y = at(p)
                        canvas.put(int(round(x)) // 2, int(round(y)) // 4, MARKERS[role][0 if k == 0 else 1],
                                   _MARK_LATEST if k == 0 else _MARK_EARLIER, cls)
        for i, label in enumerate(labels):
            for col, row, text in _label_box(label, i, n, radius, cx, cy):
                canvas.put(col, row, text, _LABEL, "radar--label")
        return canvas

    # -- a click names an axis ---------------------------------------------------------

    def axis_at(self, col: int, row: int) -> Indicator | None:
        """The indicator whose axis is nearest to the cell (col, row), if it is on the chart."""
        layout = self.plot
        if layout is None or not self.indicators or row >= layout.rows:
            return None
        x, y = col * 2 + 1 - layout.centre_x, row * 4 + 2 - layout.centre_y
        if math.hypot(x, y) < 2:
            return None
        angle = math.atan2(x, -y) % (2 * math.pi)  # clockwise from up
        n = len(self.indicators)
        return self.indicators[int(round(angle / (2 * math.pi / n))) % n]

    def on_click(self, event: events.Click) -> None:
        indicator = self.axis_at(event.x, event.y)
        if indicator is not None:
            event.stop()
            self.post_message(self.Selected(self, indicator))
