"""The report as a self-contained HTML page (`to_html`) that prints well:
no script, nothing fetched. Imports neither textual nor rich."""

from __future__ import annotations

import html

from .blocks import Block, Table

HTML_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; }
th { text-align: left; vertical-align: bottom; background: #f2f2f2; }
td { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { text-align: left; }
@media print { body { margin: 0; } h2 { break-after: avoid; } table { break-inside: avoid; } }
"""


def to_html(blocks: list[Block], lang: str) -> str:
    esc = html.escape
    title = next((block[1] for block in blocks if not isinstance(block, Table) and block[0] == "h1"), "")
    parts = ["<!DOCTYPE html>", f'<html lang="{esc(lang)}">', "<head>", '<meta charset="utf-8">',
             f"<title>{esc(title)}</title>", f"<style>{HTML_STYLE}</style>", "</head>", "<body>"]
    for block in blocks:
        if isinstance(block, Table):
            parts.append("<table>")
            parts.append("<tr>" + "".join(f'<th scope="col">{esc(c)}</th>' for c in block.header) + "</tr>")
            for row in block.rows:
                parts.append(f'<tr><th scope="row">{esc(row[0])}</th>'
                             + "".join(f"<td>{esc(c)}</td>" for c in row[1:]) + "</tr>")
            parts.append("</table>")
        else:
            kind, text = block
            parts.append(f"<{kind}>{esc(text)}</{kind}>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
