"""A participant's own answers over time, as a small table they can read.

One row per question of their form, named with the question's short name
(the words they know from the question; else the indicator's short name),
whole. One column per reading of their own, newest on the right, headed by
its date in one format (`i18n.fmt_day`). A cell holds the answer, 1 to 5,
and ▲ ▼ or = for up, down or the same since the reading before; "–" is a
question not answered. A line under the table says what the marks mean.

The table fits the width it is given: it shows as many of the newest
readings as fit whole, and never cuts a number or a name. With no room for
even one reading beside the names, it says nothing rather than something
cut. Nothing else is in it: no supervisor's rating, no intervention.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from rich.text import Text
from textual.widgets import Static

from ...domain.flow import Flow
from ...domain.history import History
from ...domain.indicators import PARTICIPANT
from ...domain.reading import Reading
from ...i18n import _, fmt_day
from ...logic.progression import history_rows
from ..app_base import unless_taken_away
from .progression_table import NOT_ANSWERED_MARK

GAP = 2
"""Cells between two columns."""


def cell(value: int | None, trend: str | None) -> str:
    if value is None:
        return NOT_ANSWERED_MARK
    return f"{value} {trend}" if trend else str(value)


class OwnAnswers(Static):
    DEFAULT_CSS = """
    OwnAnswers {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, history: History, flow_for: Callable[[Reading], Flow],
                 names: Mapping[str, str] | None = None, order: Sequence[str] = (), **kwargs):
        """``names``: each row's name (a msgid) by indicator id; ``order``: the
        indicators in the order of the person's questions."""
        super().__init__(**kwargs)
        self.order = tuple(order)
        self.history = history
        self.flow_for = flow_for
        self.names = dict(names or {})
        self.room = 80

    def fit(self, width: int) -> None:
        """Lay the table out for ``width`` columns."""
        self.room = width
        self.relabel()

    @unless_taken_away
    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        self.update(self.table(self.room))

    def table(self, width: int) -> Text:
        from ...i18n import current_language

        lang = current_language()
        rows = history_rows(self.history, self.flow_for, roles=(PARTICIPANT,))
        if self.order:  # the order of the person's own questions
            place = {indicator: n for n, indicator in enumerate(self.order)}
            rows.sort(key=lambda row: place.get(row.indicator.id, len(place)))
        days: list[date] = sorted({step.date for row in rows for step in row.steps})
        names = [_(self.names.get(row.indicator.id) or row.indicator.label) for row in rows]
        labels = [fmt_day(day, lang) for day in days]
        name_width = max((len(n) for n in names), default=0)
        # The newest readings that fit whole beside the names.
        shown: list[int] = []
        used = name_width
        for k in reversed(range(len(days))):
            column = max(len(labels[k]), 3)
            if used + GAP + column > width:
                break
            shown.insert(0, k)
            used += GAP + column
        if not shown or not rows:
            return Text("")
        widths = [max(len(labels[k]), 3) for k in shown]
        header = Text(" " * name_width)
        for k, w in zip(shown, widths):
            header.append(" " * GAP + labels[k].rjust(w), style="bold")
        lines = [header]
        for name, row in zip(names, rows):
            by_day = {step.date: step for step in row.steps}
            line = name.ljust(name_width)
            for k, w in zip(shown, widths):
                step = by_day.get(days[k])
                line += " " * GAP + ("" if step is None else cell(step.value, step.trend)).rjust(w)
            lines.append(Text(line))
        return Text("\n").join(lines)

    @staticmethod
    def key_line() -> str:
        return _("▲ higher than the time before · ▼ lower · = the same")
