"""The participant's summary as a one-page A4 PDF, made with fpdf2.

`summary_pdf(summary)` lays out a `logic.summary.Summary`: the title, the
latest ratings as anchor sentences (left), the plan and the next meeting
(right), then the spider chart drawn as vector lines from
`logic.progression`'s geometry, with a legend of dates. The page is always one page: when the
texts and a legible chart do not fit, the type gets smaller (`SIZES`)
until they do.

The fonts are PDF's core fonts (Helvetica), which cover Latin-1, so every
Swedish and Danish letter (å ä ö æ ø é ü ...). A character outside Latin-1
(a free text may hold one) is written as its nearest plain form or "?"
(`latin1`), never a failure. Like the rest of the command line, this module
imports neither textual nor rich.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import replace

from ..domain.indicators import by_id
from ..logic.progression import point, polygon_edges, vertices
from ..logic.summary import PlanLine, Summary

SIZES = (11, 10, 9, 8, 7, 6)
"""The body type sizes tried, largest first, until the page fits."""
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
    label_size = max(6.0, size - 1)
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
    # The ring values, small, beside the first axis.
    pdf.set_text_color(*GRID)
    pdf.set_font("Helvetica", "", 6)
    for value in range(1, 6):
        px, py = at(point(value, 0, n, radius))
        pdf.text(px + 0.8, py + 2.2, str(value))
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


def _layout(summary: Summary, size: float):
    """The page at body size ``size``; None when it does not fit on one page."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_creator("skapa")
    pdf.set_title(latin1(summary.title))
    pdf.set_lang(summary.lang)
    pdf.add_page()
    pdf.set_text_color(*INK)
    line = size * 0.45

    pdf.set_font("Helvetica", "B", size + 8)
    pdf.cell(0, (size + 8) * 0.5, latin1(summary.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", size - 1)
    pdf.cell(0, line, latin1(summary.made_on), new_x="LMARGIN", new_y="NEXT")
    _down(pdf, 3)
    top = pdf.get_y()

    # Left: the ratings as sentences.
    _column(pdf, LEFT_W, size, line, summary.ratings_heading, (summary.ratings_intro, summary.no_ratings),
            [(entry.indicator, (entry.text,)) for entry in summary.ratings], after_entry=1.2)
    left_bottom = pdf.get_y()

    # Right: the plan and the next meeting.
    pdf.set_xy(RIGHT_X, top)
    _column(pdf, RIGHT_W, size, line, summary.plan_heading, (summary.no_plan, summary.goal),
            [(entry.what, (entry.when, entry.who)) for entry in summary.plan], after_entry=1.5)
    _down(pdf, 2)
    _heading(pdf, summary.next_heading, size, RIGHT_W)
    pdf.set_font("Helvetica", "B", size + 1)
    pdf.multi_cell(RIGHT_W, line * 1.1, latin1(summary.next_meeting), align="L",
                   new_x="LEFT", new_y="NEXT")
    right_bottom = pdf.get_y()
    if pdf.page_no() > 1:
        return None

    # Below: the chart, as large as the rest of the page allows, and its legend.
    pdf.set_xy(MARGIN, max(left_bottom, right_bottom) + 5)
    _heading(pdf, summary.chart_heading, size, PAGE_W - 2 * MARGIN)
    chart_top = pdf.get_y()
    room = PAGE_H - MARGIN - chart_top - 2 * size * 0.6
    radius = min(MAX_RADIUS, room / 2)
    if radius < MIN_RADIUS or pdf.page_no() > 1:
        return None
    _chart(pdf, summary, MARGIN, chart_top, CHART_W, radius, size)
    _legend(pdf, summary, MARGIN + CHART_W + 4, chart_top + 4, PAGE_W - 2 * MARGIN - CHART_W - 4, size - 1)
    return pdf if pdf.page_no() == 1 else None


def summary_pdf(summary: Summary) -> bytes:
    """The summary as the bytes of a one-page A4 PDF."""
    for size in SIZES:
        pdf = _layout(summary, size)
        if pdf is not None:
            return bytes(pdf.output())
    # Even the smallest type does not fit (a plan of dozens of interventions):
    # the page shows the first ones and "...".
    plan = list(summary.plan)
    while plan:
        plan.pop()
        pdf = _layout(replace(summary, plan=(*plan, PlanLine("...", "", ""))), SIZES[-1])
        if pdf is not None:
            return bytes(pdf.output())
    raise ValueError("the summary does not fit on one page")
