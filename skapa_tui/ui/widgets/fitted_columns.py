"""Columns of a DataTable fitted to the screen's width.

Textual's DataTable makes each column as wide as its widest cell and scrolls
sideways when they do not fit, which hides the columns on the right of an
80-column terminal. `fit_columns` gives the widths that fit instead: each
column as wide as its header and widest cell, and where that is more than the
room, the columns that may give way do, in the order given, each down to its
least width. `cut` ends a cell that is wider than its column with "…". A
screen that cuts a column says the highlighted row's cut cells in full
elsewhere (the caseload's panel, the plan's line under the table).

`room_of` is the room of a table that fills the screen's width less its
margins: the cells' padding and a vertical scrollbar's width taken off.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

SCROLLBAR = 2
"""The cells a vertical scrollbar takes."""


def room_of(screen_width: int, columns: int, *, padding: int = 1, margins: int = 2) -> int:
    """The cells left for the cells' text of ``columns`` columns of a table
    ``margins`` narrower than the screen, with ``padding`` on each side of
    each cell and room kept for a vertical scrollbar."""
    return screen_width - margins - SCROLLBAR - 2 * padding * columns


def fit_columns(headers: Sequence[str], cells: Sequence[Sequence[str]], room: int,
                give_way: Sequence[tuple[int, int]]) -> list[int]:
    """The width of each column: its header's or widest cell's; where together
    they need more than ``room``, the columns of ``give_way`` ((column, least
    width), in the order they give way) narrower, none below its header or
    its least width."""
    widths = [max([cell_len(header), *(cell_len(row[n]) for row in cells)]) for n, header in enumerate(headers)]
    over = sum(widths) - room
    for column, least in give_way:
        if over <= 0:
            break
        less = min(over, max(widths[column] - max(least, cell_len(headers[column])), 0))
        widths[column] -= less
        over -= less
    return widths


def cut(text: str, width: int) -> str:
    """``text``, ended with "…" where it is wider than ``width`` cells."""
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    return text.rstrip(" ,·") + "…"
