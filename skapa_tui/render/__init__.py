"""Renderers: what the logic computes, written as text, HTML, JSON, CSV or PDF.

Below the UI: nothing here imports textual or rich (the layers rule of
``tests/unit/test_layers.py``), so the command line writes a report without
a terminal library and the leader's screen shows the same `blocks`.

- `blocks`: the organisation's report as headings, paragraphs and tables in
  the current language (the text and HTML formats, the leader's screen);
- `text`, `html`: those blocks as plain text or a self-contained page;
- `json`, `csv`: the report's numbers and markers as data;
- `summary_pdf`: a participant's one-page summary (`logic.summary`) as an A4
  PDF, and `summary_file`: that PDF made and saved (the desk, ``skapa summary``).

Each renderer is imported when it is used: importing one loads no other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..logic.report import Report

FORMATS = ("text", "json", "csv", "html")
"""The formats `render` writes (``skapa report --format``)."""


def render(report: Report, fmt: str, lang: str) -> str:
    """The report as ``fmt`` (one of `FORMATS`) in the current language; ``lang``
    formats numbers and dates."""
    if fmt == "json":
        from .json import to_json

        return to_json(report)
    if fmt == "csv":
        from .csv import to_csv

        return to_csv(report)
    from .blocks import blocks

    found = blocks(report, lang)
    if fmt == "html":
        from .html import to_html

        return to_html(found, lang)
    if fmt == "text":
        from .text import to_text

        return to_text(found)
    raise ValueError(fmt)
