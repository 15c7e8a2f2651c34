"""The layers rule: the application logic, the renderers, the domain, the
engine, the storage, i18n, resources and config never import textual or
rich (nor the UI, which does). Only ``skapa_tui.ui`` and the ``kiosk`` command may.

Checked three times: the modules imported in a fresh interpreter must leave
no textual/rich in ``sys.modules``; no import statement in their files, not
even one inside a function, names textual, rich or ``skapa_tui.ui``; and
import-linter's contracts in ``pyproject.toml`` (``lint-imports``, also run
by ``make test``) hold: the layers, cli, serve, ui, the renderers, logic,
engine and storage, resources, domain, each importing only from below.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import skapa_tui

PACKAGE = Path(skapa_tui.__file__).resolve().parent
LOWER_PACKAGES = ("logic", "render", "domain", "engine", "storage")
LOWER_MODULES = ("i18n", "resources", "config")
FORBIDDEN = ("textual", "rich")


def lower_files() -> list[Path]:
    files = [PACKAGE / f"{name}.py" for name in LOWER_MODULES]
    for name in LOWER_PACKAGES:
        files += sorted((PACKAGE / name).rglob("*.py"))
    return files


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def lower_modules() -> list[str]:
    return sorted({module_name(p) for p in lower_files()})


def test_the_layers_are_there():
    # A layer that vanished (renamed, moved) would make the rule check nothing.
    names = lower_modules()
    for name in (*LOWER_MODULES, *LOWER_PACKAGES):
        assert f"skapa_tui.{name}" in names
    assert "skapa_tui.domain.flow" in names
    assert "skapa_tui.engine.dialog" in names
    assert "skapa_tui.logic.visit" in names
    assert {"skapa_tui.logic.report.counting", "skapa_tui.logic.report.protection",
            "skapa_tui.logic.report.parallel", "skapa_tui.render.blocks", "skapa_tui.render.text",
            "skapa_tui.render.html", "skapa_tui.render.json", "skapa_tui.render.csv"} <= set(names)
    assert any(n.startswith("skapa_tui.storage.") for n in names), "the storage has no modules"


CHECK = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
found = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich")
               or m.startswith("skapa_tui.ui"))
print(json.dumps(found))
"""


def imported_by(*names: str) -> list[str]:
    """What of textual, rich and the UI importing ``names`` in a fresh interpreter loads."""
    done = subprocess.run([sys.executable, "-c", CHECK, *names], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_importing_leaves_textual_and_rich_out():
    # All at once in one fresh interpreter: what they load together is all that
    # any of them loads alone. Only when something slips in is each imported
    # alone, to name the one that pulls it in.
    names = lower_modules() + ["skapa_tui.cli"]
    if imported_by(*names):
        wrong = {name: found for name in names if (found := imported_by(name))}
        assert wrong == {}


def test_the_import_contracts_are_kept():
    # pyproject.toml's [tool.importlinter]: the layers, and no textual or rich below the UI.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True,
                          timeout=120, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def imported_names(text: str, package: str) -> list[tuple[int, str]]:
    """Every module an import statement in ``text`` names (line, name), with
    relative imports made absolute from ``package``."""
    here = package.split(".")
    names = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.append((node.lineno, module))
            names += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return names


def file_imports(path: Path) -> list[tuple[int, str]]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imported_names(path.read_text(encoding="utf-8"), package)


def forbidden(name: str) -> bool:
    return name.split(".")[0] in FORBIDDEN or name == "skapa_tui.ui" or name.startswith("skapa_tui.ui.")


def test_no_import_statement_names_textual_rich_or_the_ui():
    wrong = [f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}"
             for path in lower_files() for line, name in file_imports(path) if forbidden(name)]
    assert wrong == []


def test_the_scan_sees_every_kind_of_import():
    text = ("import os\n"
            "from . import resources\n"
            "from ..ui import app\n"
            "def later():\n"
            "    import rich.console\n"
            "    from textual.app import App\n")
    names = {name for _, name in imported_names(text, "skapa_tui.engine")}
    assert {"os", "skapa_tui.engine.resources", "skapa_tui.ui", "rich.console",
            "textual.app.App"} <= names
    assert sorted(n for n in names if forbidden(n)) == [
        "rich.console", "skapa_tui.ui", "skapa_tui.ui.app", "textual.app", "textual.app.App"]


def test_submodules_are_all_files():
    # pkgutil agrees with the file walk: no layer module is loaded from elsewhere.
    for name in LOWER_PACKAGES:
        found = {m.name for m in pkgutil.walk_packages([str(PACKAGE / name)], f"skapa_tui.{name}.")}
        assert found <= set(lower_modules())
