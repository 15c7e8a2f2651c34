"""Where the styles live: the screens' in the apps' .tcss files, the reusable
widgets' in their own DEFAULT_CSS (as Textual's widgets do).

A screen's rules in a .tcss file start with the screen's type, so that they
reach only that screen; a type name that no longer names a class (a screen
renamed, a rule left behind) would silently style nothing, so every type a
rule names must be a widget or screen that exists.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

from textual.app import App
from textual.css.model import SelectorType
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

import skapa_tui.ui
import skapa_tui.ui.screens

UI = Path(skapa_tui.ui.__file__).parent
SCREENS = Path(skapa_tui.ui.screens.__file__).parent
STYLESHEETS = sorted(UI.glob("*.tcss")) + sorted((UI.parent / "serve").glob("*.tcss"))


def default_css_in(path: Path) -> list[int]:
    """The lines where a class body in ``path`` sets DEFAULT_CSS."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        lines += [node.lineno for target in targets if isinstance(target, ast.Name) and target.id == "DEFAULT_CSS"]
    return lines


def test_no_screen_module_carries_styles():
    modules = sorted(SCREENS.glob("*.py"))
    assert len(modules) > 10
    found = {path.name: lines for path in modules if (lines := default_css_in(path))}
    assert found == {}, "a screen's styles belong in the app's .tcss (skapa_tui/ui/*.tcss)"


def test_the_check_sees_a_default_css():
    # The check above would see one: a widget module keeps its own.
    assert default_css_in(UI / "widgets" / "message_line.py")


def all_node_types() -> set[str]:
    for info in pkgutil.walk_packages(skapa_tui.ui.__path__, "skapa_tui.ui."):
        importlib.import_module(info.name)
    importlib.import_module("textual.widgets")
    names: set[str] = set()
    todo = [DOMNode]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo += cls.__subclasses__()
    return names


def named_types(path: Path) -> set[str]:
    """Every type name a selector in the stylesheet ``path`` names."""
    stylesheet = Stylesheet(variables=App().get_css_variables())
    stylesheet.read(path)
    stylesheet.parse()
    names = set()
    for rule in stylesheet.rules:
        for selector_set in rule.selector_set:
            names |= {s.name for s in selector_set.selectors if s.type == SelectorType.TYPE}
    return names


def test_every_type_a_stylesheet_names_exists():
    known = all_node_types()
    assert {"CaseloadScreen", "LoginForm", "ConfirmScreen"} <= known
    for path in STYLESHEETS:
        names = named_types(path)
        assert names, path
        assert names <= known, f"{path.name} names {sorted(names - known)}, which no class is"
