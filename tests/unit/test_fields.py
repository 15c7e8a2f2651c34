"""Every text field in the apps is a `Field` (skapa_tui/ui/widgets/field.py),
whose editing keys act in the order they were typed: a plain Textual Input
lets Backspace or an arrow act after the letters typed behind it."""

from __future__ import annotations

import ast
from pathlib import Path

import skapa_tui.ui

UI = Path(skapa_tui.ui.__file__).parent


def plain_inputs(path: Path) -> list[int]:
    """Lines in ``path`` that make a textual Input rather than a Field."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Input"]


def test_no_screen_or_widget_makes_a_plain_input():
    found = {str(path.relative_to(UI)): lines for path in sorted(UI.rglob("*.py"))
             if path.name != "field.py" and (lines := plain_inputs(path))}
    assert found == {}


def test_the_check_finds_a_plain_input(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from textual.widgets import Input\nfield = Input(id='code')\nother = Field(id='pin')\n")
    assert plain_inputs(sample) == [2]
