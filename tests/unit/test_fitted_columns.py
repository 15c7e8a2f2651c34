"""`fit_columns` and `cut`: the columns of a table fitted to the room there is,
the ones that may give way in their order and never below their least width
or their header."""

from __future__ import annotations

from rich.cells import cell_len

from skapa_tui.ui.widgets.fitted_columns import SCROLLBAR, cut, fit_columns, room_of

HEADERS = ["Code", "Warnings", "Follow-up", "Interventions"]
CELLS = [("ANNA-7", "⚠ 2 Follow-up overdue, No active intervention", "2025-05-05", "Job 1 · Social 2"),
         ("BO-12", "–", "2025-01-01", "–")]
NATURAL = [max(cell_len(h), *(cell_len(row[n]) for row in CELLS)) for n, h in enumerate(HEADERS)]


def test_what_fits_keeps_its_width():
    assert fit_columns(HEADERS, CELLS, sum(NATURAL), [(1, 16), (3, 0)]) == NATURAL
    assert fit_columns(HEADERS, CELLS, 200, [(1, 16), (3, 0)]) == NATURAL


def test_the_first_to_give_way_gives_what_is_over():
    assert fit_columns(HEADERS, CELLS, sum(NATURAL) - 10, [(1, 16), (3, 0)]) == [6, NATURAL[1] - 10, 10, 16]


def test_then_the_next_one_each_down_to_its_least_or_its_header():
    # warnings down to 16, then the interventions down to their header (13), then no more
    assert fit_columns(HEADERS, CELLS, 40, [(1, 16), (3, 0)]) == [6, 16, 10, 13]
    assert fit_columns(HEADERS, CELLS, 10, [(1, 16), (3, 0)]) == [6, 16, 10, 13]


def test_the_others_never_give_way():
    widths = fit_columns(HEADERS, CELLS, 10, [(1, 0)])
    assert widths[0] == 6 and widths[2] == 10 and widths[3] == 16 and widths[1] == cell_len("Warnings")


def test_cut_ends_with_an_ellipsis_within_the_width():
    assert cut("Job 1 · Social 2", 16) == "Job 1 · Social 2"
    assert cut("Job 1 · Social 2", 8) == "Job 1…"  # no dangling separator
    for width in range(2, 30):
        text = cut(CELLS[0][1], width)
        assert cell_len(text) <= width and (text == CELLS[0][1] or text.endswith("…"))
    assert cell_len(cut("⚠⚠⚠ wide", 3)) <= 3


def test_the_room_leaves_the_padding_the_margins_and_a_scrollbar():
    assert room_of(80, 6) == 80 - 2 - SCROLLBAR - 12
    assert room_of(80, 6, margins=6, padding=0) == 80 - 6 - SCROLLBAR
