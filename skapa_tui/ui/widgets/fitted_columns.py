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

A header wider than its column's cells ("Deltagarens senaste" over a date)
may go onto two lines or more where the columns do not fit otherwise
(`wrap_headers`); `header_lines` says how high the header row must be.
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
    widths = [max([_width(header), *(cell_len(row[n]) for row in cells)]) for n, header in enumerate(headers)]
    over = sum(widths) - room
    for column, least in give_way:
        if over <= 0:
            break
        less = min(over, max(widths[column] - max(least, _width(headers[column])), 0))
        widths[column] -= less
        over -= less
    return widths


def _width(header: str) -> int:
    """The cells a header takes: its widest line."""
    return max(cell_len(line) for line in header.split("\n"))


def wrap_headers(headers: Sequence[str], cells: Sequence[Sequence[str]], room: int,
                 give_way: Sequence[tuple[int, int]]) -> list[str]:
    """``headers``, where the columns do not fit ``room`` even after giving way,
    with each header that is wider than its widest cell broken at its spaces
    into lines no wider than that cell (or its longest word), from the left,
    as far as needed. Headers that fit stay on one line."""
    headers = list(headers)
    for n, header in enumerate(headers):
        if sum(fit_columns(headers, cells, room, give_way)) <= room:
            break
        widest = max((cell_len(row[n]) for row in cells), default=0)
        words = header.split(" ")
        width = max(widest, *(cell_len(word) for word in words))
        if cell_len(header) <= width:
            continue
        lines = [words[0]]
        for word in words[1:]:
            if cell_len(lines[-1]) + 1 + cell_len(word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        headers[n] = "\n".join(lines)
    return headers


def header_lines(headers: Sequence[str]) -> int:
    """The lines of the highest header."""
    return max((header.count("\n") + 1 for header in headers), default=1)


def cut(text: str, width: int) -> str:
    """``text``, ended with "…" where it is wider than ``width`` cells."""
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    return text.rstrip(" ,·") + "…"
