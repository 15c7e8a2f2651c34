"""The report as plain text (`to_text`): headings underlined, paragraphs
wrapped, tables in aligned columns. Imports neither textual nor rich."""

from __future__ import annotations

import textwrap

from .blocks import Block, Table


def to_text(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            widths = [max(len(row[i]) for row in (block.header, *block.rows)) for i in range(len(block.header))]
            for k, row in enumerate((block.header, *block.rows)):
                cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
                lines.append("  ".join(cells).rstrip())
                if k == 0:
                    lines.append("  ".join("-" * w for w in widths))
            lines.append("")
            continue
        kind, text = block
        if kind == "h1":
            lines += [text, "=" * len(text), ""]
        elif kind == "h2":
            lines += ["", text, "-" * len(text), ""]
        elif kind == "h3":
            lines += [text, ""]
        else:
            lines += [*textwrap.wrap(text, TEXT_WIDTH, break_on_hyphens=False), ""]
    return "\n".join(lines).rstrip() + "\n"


TEXT_WIDTH = 78
"""Paragraphs of the text report are wrapped to this width (tables are as wide as they need)."""
