"""The participant's summary as a one-page A4 PDF, made with fpdf2.

`summary_pdf(summary)` lays out a `logic.summary.Summary`: the title, the
latest ratings as anchor sentences (left), the plan and the next meeting
(right), then the spider chart drawn as vector lines from
`logic.progression`'s geometry, with a legend of dates, and who the
supervisor is with how to reach them. The page is one page when it can be:
when the texts and a legible chart do not fit, the type gets smaller
(`SIZES`, never below 9 pt); when even 9 pt does not fit (the longest
answers and a long plan), the plan goes on to a second page and the chart
stands where there is room for it (`_pages`). The chart's ring numbers and
labels are 8 pt and dark enough to read when printed.

The fonts are PDF's core fonts (Helvetica), which cover Latin-1, so every
Swedish and Danish letter (å ä ö æ ø é ü ...). A character outside Latin-1
(a free text may hold one) is written as its nearest plain form or "?"
(`latin1`), never a failure. Like the rest of the command line, this module
imports neither textual nor rich.
"""

from __future__ import annotations

import math
import unicodedata

from ..domain.indicators import by_id
from ..logic.progression import point, polygon_edges, vertices
from ..logic.summary import Summary

SIZES = (11, 10, 9)
"""The body type sizes tried, largest first, until the page fits. 9 pt is
the least: below it a page printed at home is hard to read."""
RING_SIZE = 8
"""The chart's ring numbers (1-5) and its labels: readable when printed."""
MARGIN = 15.0
PAGE_W, PAGE_H = 210.0, 297.0
LEFT_W = 105.0
RIGHT_X = MARGIN + LEFT_W + 6
RIGHT_W = PAGE_W - MARGIN - RIGHT_X
CHART_W = 125.0
"""The chart's box (labels included); its legend stands to its right."""
MAX_RADIUS, MIN_RADIUS = 40.0, 22.0

INK = (30, 30, 30)
GRID = (175, 175, 175)
RING_INK = (85, 85, 85)
LINE_COLOURS = ((20, 70, 150), (90, 120, 170), (140, 150, 170))
"""The latest reading, the one before, the oldest: dark to light (and solid, dashed, dotted)."""
DASHES = ((0.0, 0.0), (1.6, 1.0), (0.4, 0.9))

_PLAIN = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u2022": "-", "\u202f": " ",
    "\u2009": " ", "\u200b": "",
}


def latin1(text: str) -> str:
    """``text`` in the characters the core fonts have (Latin-1)."""
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        if char in _PLAIN:
            out.append(_PLAIN[char])
            continue
        plain = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(plain or "?")
    return "".join(out)


def _marker(pdf, style: int, x: float, y: float, size: float) -> None:
    """● the latest reading, ○ the one before, □ the oldest."""
    if style == 0:
        pdf.circle(x, y, size, style="F")
    elif style == 1:
        pdf.set_fill_color(255, 255, 255)
        pdf.circle(x, y, size, style="FD")
    else:
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(x - size, y - size, 2 * size, 2 * size, style="FD")


def _set_line(pdf, k: int) -> None:
    colour = LINE_COLOURS[min(k, 2)]
    pdf.set_draw_color(*colour)
    pdf.set_fill_color(*colour)
    pdf.set_line_width(0.7 if k == 0 else 0.45)
    dash, gap = DASHES[min(k, 2)]
    pdf.set_dash_pattern(dash=dash, gap=gap)


def _chart(pdf, summary: Summary, x: float, y: float, width: float, radius: float, size: float) -> None:
    """Draw the chart with its centre ``radius`` + labels below ``y``, centred in ``width`` from ``x``."""
    label_size = max(float(RING_SIZE), size - 1)
    cx, cy = x + width / 2, y + radius + label_size * 0.6
    n = len(summary.axis_ids)
    known = by_id()
    indicators = [known[i] for i in summary.axis_ids]

    def at(p: tuple[float, float]) -> tuple[float, float]:
        return cx + p[0], cy + p[1]

    pdf.set_draw_color(*GRID)
    pdf.set_dash_pattern()
    for value in range(1, 6):
        pdf.set_line_width(0.35 if value == 5 else 0.15)
        ring = [at(point(value, i, n, radius)) for i in range(n)]
        for i in range(n):
            (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % n]
            pdf.line(x1, y1, x2, y2)
    pdf.set_line_width(0.15)
    for i in range(n):
        tx, ty = at(point(5, i, n, radius))
        pdf.line(cx, cy, tx, ty)
    # The labels at the tips.
    pdf.set_text_color(*INK)
    pdf.set_font("Helvetica", "", label_size)
    height = label_size * 0.353  # points to mm
    for i, name in enumerate(summary.axes):
        name = latin1(name)
        angle = 2 * math.pi * i / n
        lx, ly = at(point(5, i, n, radius + 2.5))
        s, c = math.sin(angle), math.cos(angle)
        text_w = pdf.get_string_width(name)
        tx = lx if s > 0.25 else lx - text_w if s < -0.25 else lx - text_w / 2
        # The baseline: above the tip at the top, below it at the bottom, centred at the sides.
        ty = ly + height * (0.35 - 0.65 * c)
        pdf.text(tx, ty, name)
    # The readings, oldest first so the latest lies on top.
    for k in reversed(range(len(summary.samples))):
        points = vertices(summary.samples[k], indicators, radius)
        _set_line(pdf, k)
        for a, b in polygon_edges(points):
            (x1, y1), (x2, y2) = at(a), at(b)
            pdf.line(x1, y1, x2, y2)
        pdf.set_dash_pattern()
        for p in points:
            if p is not None:
                _marker(pdf, k, *at(p), 1.2)
    pdf.set_dash_pattern()
    # The ring values left of the first axis, on white over the lines, dark
    # enough to read when printed.
    pdf.set_font("Helvetica", "", RING_SIZE)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_text_color(*RING_INK)
    digit_w, digit_h = pdf.get_string_width("5"), RING_SIZE * 0.353
    for value in range(1, 6):
        px, py = at(point(value, 0, n, radius))
        left = px - digit_w - 1.6
        pdf.rect(left - 0.3, py - digit_h / 2 - 0.3, digit_w + 0.6, digit_h + 0.6, style="F")
        pdf.text(left, py + digit_h * 0.36, str(value))
    pdf.set_text_color(*INK)


def _legend(pdf, summary: Summary, x: float, y: float, width: float, size: float) -> float:
    """The marker, line and date of each reading, then how to read the chart; returns the y below."""
    pdf.set_font("Helvetica", "", size)
    pdf.set_text_color(*INK)
    for k, when in enumerate(summary.sample_dates):
        _set_line(pdf, k)
        pdf.line(x, y, x + 10, y)
        pdf.set_dash_pattern()
        _marker(pdf, k, x + 5, y, 1.2)
        pdf.text(x + 13, y + size * 0.15, latin1(when))
        y += size * 0.6
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.2)
    pdf.set_xy(x, y)
    pdf.multi_cell(width, size * 0.45, latin1(summary.chart_help), align="L", new_x="LEFT", new_y="NEXT")
    return pdf.get_y()


def _down(pdf, height: float) -> None:
    """Move down, keeping the column (``ln`` would go back to the margin)."""
    pdf.set_xy(pdf.get_x(), pdf.get_y() + height)


def _heading(pdf, text: str, size: float, width: float) -> None:
    pdf.set_font("Helvetica", "B", size + 2)
    pdf.multi_cell(width, (size + 2) * 0.5, latin1(text), align="L", new_x="LEFT", new_y="NEXT")
    _down(pdf, 1)


def _column(pdf, width: float, size: float, line: float, heading: str, intro: tuple[str, ...],
            entries: list[tuple[str, tuple[str, ...]]], after_entry: float) -> None:
    """A column at the current place (text ``size``, ``line`` high): its
    heading, the texts of ``intro`` that are not empty, then each entry: its
    title in bold and its lines that are not empty."""
    _heading(pdf, heading, size, width)
    pdf.set_font("Helvetica", "", size)
    for text in intro:
        if text:
            pdf.multi_cell(width, line, latin1(text), align="L", new_x="LEFT", new_y="NEXT")
            _down(pdf, 1.5)
    for title, lines in entries:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(width, line, latin1(title), align="L", new_x="LEFT", new_y="NEXT")
        pdf.set_font("Helvetica", "", size)
        for text in lines:
            if text:
                pdf.multi_cell(width, line, latin1(text), align="L", new_x="LEFT", new_y="NEXT")
        _down(pdf, after_entry)


def _new_pdf(summary: Summary):
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_creator("skapa")
    pdf.set_title(latin1(summary.title))
    pdf.set_lang(summary.lang)
    pdf.add_page()
    pdf.set_text_color(*INK)
    return pdf


def _top(pdf, summary: Summary, size: float) -> None:
    pdf.set_font("Helvetica", "B", size + 8)
    pdf.multi_cell(0, (size + 8) * 0.5, latin1(summary.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", size)
    pdf.cell(0, size * 0.45, latin1(summary.made_on), new_x="LMARGIN", new_y="NEXT")
    _down(pdf, 3)


def _plan_column(pdf, summary: Summary, size: float, width: float) -> None:
    """The plan, the next meeting and the supervisor, at the current place."""
    line = size * 0.45
    _column(pdf, width, size, line, summary.plan_heading, (summary.no_plan, summary.goal),
            [(entry.what, (entry.when, entry.who)) for entry in summary.plan], after_entry=1.5)
    _down(pdf, 2)
    _heading(pdf, summary.next_heading, size, width)
    pdf.set_font("Helvetica", "B", size + 1)
    pdf.multi_cell(width, line * 1.1, latin1(summary.next_meeting), align="L",
                   new_x="LEFT", new_y="NEXT")
    if summary.contact:
        _down(pdf, 3)
        _column(pdf, width, size, line, summary.contact_heading, summary.contact, [], after_entry=0)


def _chart_below(pdf, summary: Summary, size: float, y: float, *, may_break: bool) -> bool:
    """The chart's heading, the chart as large as the page allows from ``y``
    and its legend; on a new page when it does not fit with ``may_break``.
    False when it does not fit (and may not break)."""
    heading_h = (size + 2) * 0.5 * 2 + 1
    room = PAGE_H - MARGIN - (y + heading_h) - 2 * size * 0.6
    if min(MAX_RADIUS, room / 2) < MIN_RADIUS:
        if not may_break:
            return False
        pdf.add_page()
        y = MARGIN
    pdf.set_xy(MARGIN, y)
    _heading(pdf, summary.chart_heading, size, PAGE_W - 2 * MARGIN)
    chart_top = pdf.get_y()
    room = PAGE_H - MARGIN - chart_top - 2 * size * 0.6
    radius = min(MAX_RADIUS, room / 2)
    _chart(pdf, summary, MARGIN, chart_top, CHART_W, radius, size)
    _legend(pdf, summary, MARGIN + CHART_W + 4, chart_top + 4, PAGE_W - 2 * MARGIN - CHART_W - 4, size)
    return True


def _layout(summary: Summary, size: float):
    """The page at body size ``size``: two columns and the chart below them;
    None when it does not fit on one page."""
    pdf = _new_pdf(summary)
    _top(pdf, summary, size)
    top = pdf.get_y()
    # Left: the ratings as sentences.
    _column(pdf, LEFT_W, size, size * 0.45, summary.ratings_heading, (summary.ratings_intro, summary.no_ratings),
            [(entry.indicator, (entry.text,)) for entry in summary.ratings], after_entry=1.2)
    left_bottom = pdf.get_y()
    if pdf.page_no() > 1:
        return None
    # Right: the plan, the next meeting and who the supervisor is.
    pdf.set_xy(RIGHT_X, top)
    _plan_column(pdf, summary, size, RIGHT_W)
    if pdf.page_no() > 1:
        return None
    # Below: the chart, as large as the rest of the page allows, and its legend.
    if not _chart_below(pdf, summary, size, max(left_bottom, pdf.get_y()) + 5, may_break=False):
        return None
    return pdf if pdf.page_no() == 1 else None


def _pages(summary: Summary, size: float):
    """The summary on more than one page, at body size ``size``: the ratings
    on the left of the first page, the plan on the right going on to the next
    page, then the chart where there is room for it; or, when the ratings
    alone fill the first page, everything in one column down the pages."""
    pdf = _new_pdf(summary)
    _top(pdf, summary, size)
    top = pdf.get_y()
    _column(pdf, LEFT_W, size, size * 0.45, summary.ratings_heading, (summary.ratings_intro, summary.no_ratings),
            [(entry.indicator, (entry.text,)) for entry in summary.ratings], after_entry=1.2)
    if pdf.page_no() == 1:
        left_bottom = pdf.get_y()
        pdf.set_xy(RIGHT_X, top)
        _plan_column(pdf, summary, size, RIGHT_W)
        bottom = pdf.get_y() if pdf.page_no() > 1 else max(left_bottom, pdf.get_y())
    else:
        pdf = _new_pdf(summary)
        _top(pdf, summary, size)
        width = PAGE_W - 2 * MARGIN
        _column(pdf, width, size, size * 0.45, summary.ratings_heading,
                (summary.ratings_intro, summary.no_ratings),
                [(entry.indicator, (entry.text,)) for entry in summary.ratings], after_entry=1.2)
        _down(pdf, 4)
        _plan_column(pdf, summary, size, width)
        bottom = pdf.get_y()
    _chart_below(pdf, summary, size, bottom + 5, may_break=True)
    return pdf


def summary_pdf(summary: Summary) -> bytes:
    """The summary as the bytes of an A4 PDF: one page, in the largest body
    type of `SIZES` that fits; when even the smallest does not (the longest
    answers and a long plan), the plan goes on to a second page in that type
    (never smaller: the body stays readable)."""
    for size in SIZES:
        pdf = _layout(summary, size)
        if pdf is not None:
            return bytes(pdf.output())
    return bytes(_pages(summary, SIZES[-1]).output())
