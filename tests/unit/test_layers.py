"""The layers rule: every package of skapa_tui has its place, and imports
only from the layers below it.

    cli ─> serve ─> ui ─> tools, render ─> logic ─> engine ──> domain
                                                 └─> storage ─┘
    i18n, resources, config: beside the domain, for every layer above it

- ``cli`` (the ``skapa`` command, one module per command) may import
  everything, but textual, rich, ``skapa_tui.ui`` and the web server only
  inside the ``cmd_*`` functions of `skapa_tui.cli.apps` (``kiosk``,
  ``supervisor``) and `skapa_tui.cli.serve`: every other command starts
  without them.
- ``serve`` (the apps in a web browser) runs the ``ui``'s apps; the ``ui``
  (the only layer that imports textual and rich) shows what the logic and
  the renderers make.
- ``tools`` (the demo folder) and ``render`` (the report's and the summary's
  formats) work on the logic's results; ``logic`` runs the ``engine`` over
  the ``domain`` and reads and writes through the ``storage``, which serves
  the domain and knows nothing above it.

Nothing below the ui imports textual or rich. Checked on the files (every
import statement, even one inside a function) and on the running code
(each module imported alone in a fresh interpreter; the other commands run
for real, end to end).
"""

from __future__ import annotations

import argparse
import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import skapa_tui

PACKAGE = Path(skapa_tui.__file__).resolve().parent
BASE = frozenset({"i18n", "resources", "config"})
LAYERS: dict[str, frozenset[str]] = {
    "__main__": frozenset({"cli"}),
    "cli": frozenset({"serve", "ui", "tools", "render", "logic", "engine", "storage", "domain", *BASE}),
    "serve": frozenset({"ui", "render", "logic", "engine", "storage", "domain", *BASE}),
    "ui": frozenset({"render", "logic", "engine", "storage", "domain", *BASE}),
    "tools": frozenset({"logic", "engine", "storage", "domain", *BASE}),
    "render": frozenset({"logic", "engine", "storage", "domain", *BASE}),
    "logic": frozenset({"engine", "storage", "domain", *BASE}),
    "engine": frozenset({"domain", *BASE}),
    "storage": frozenset({"domain", *BASE}),
    "i18n": frozenset({"resources", "domain"}),
    "resources": frozenset({"domain"}),
    "config": frozenset({"domain"}),
    "domain": frozenset(),
}
"""Each layer (a package, or a module at the top of skapa_tui) and the layers
it may import. The package's own ``__init__`` (the version, the start time)
any layer may import."""
ABOVE_THE_LIBRARIES = ("cli", "serve", "ui", "__main__")
"""The layers that may name textual or rich in an import (the cli only as
`test_the_command_line_imports_the_apps_only_when_they_run` says)."""
LOWER = tuple(name for name in LAYERS if name not in ABOVE_THE_LIBRARIES)
FORBIDDEN = ("textual", "rich", "textual_serve")
APPS = {"skapa_tui/cli/apps.py", "skapa_tui/cli/serve.py"}
"""The command line's modules that start the apps (in their ``cmd_*`` functions)."""


def layer_of(path: Path) -> str:
    top = path.relative_to(PACKAGE).parts[0]
    return top.removesuffix(".py")


def files_of(*layers: str) -> list[Path]:
    found = []
    for name in layers:
        if (PACKAGE / name).is_dir():
            found += sorted((PACKAGE / name).rglob("*.py"))
        else:
            found.append(PACKAGE / f"{name}.py")
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_of(*layers: str, mains: bool = False) -> list[str]:
    """The modules of ``layers``; a ``__main__`` (which runs the command) only with ``mains``."""
    return sorted({module_name(p) for p in files_of(*layers) if mains or p.name != "__main__.py"})


def test_every_package_has_its_layer():
    # A new package (or module) at the top of skapa_tui must be given its place here,
    # and a layer that vanished (renamed, moved) would make the rule check nothing.
    tops = {p.name.removesuffix(".py") for p in PACKAGE.iterdir()
            if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.name != "__init__.py"}
    assert tops == set(LAYERS)
    names = set(modules_of(*LAYERS))
    assert {"skapa_tui.domain.flow", "skapa_tui.engine.dialog", "skapa_tui.logic.visit",
            "skapa_tui.logic.report.counting", "skapa_tui.logic.report.protection",
            "skapa_tui.logic.report.parallel", "skapa_tui.render.blocks", "skapa_tui.render.text",
            "skapa_tui.render.html", "skapa_tui.render.json", "skapa_tui.render.csv",
            "skapa_tui.render.summary_pdf", "skapa_tui.render.summary_file", "skapa_tui.tools.demo",
            "skapa_tui.ui.kiosk_app", "skapa_tui.serve.server", "skapa_tui.cli.common", *(
                f"skapa_tui.cli.{group}" for group in ("apps", "participants", "supervisors", "export",
                                                       "report", "flows", "catalogs", "demo", "summary",
                                                       "serve"))} <= names
    assert any(n.startswith("skapa_tui.storage.") for n in names), "the storage has no modules"


def runs(parser: argparse.ArgumentParser) -> list[Any]:
    """The functions a parser's command lines run (its actions' too)."""
    found = [parser.get_default("run")] if parser.get_default("run") else []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += runs(sub)
    return found


def test_every_command_has_its_module():
    # One module per command (kiosk and supervisor share `apps`), in the parser's order.
    from skapa_tui import cli

    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    owners = {name: {run.__module__ for run in runs(sub)} for name, sub in commands.items()}
    assert owners == {name: {f"skapa_tui.cli.{'apps' if name in ('kiosk', 'supervisor') else name}"}
                      for name in commands}
    assert [group.__name__ for group in cli.GROUPS] == list(dict.fromkeys(
        module for name in commands for module in owners[name]))
    assert len(runs(parser)) >= 17


def imported_names(text: str, package: str) -> list[tuple[int, str, str | None]]:
    """Every module an import statement in ``text`` names (line, name, the
    function it is in or None), with relative imports made absolute from ``package``."""
    here = package.split(".")
    names: list[tuple[int, str, str | None]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                names.extend((child.lineno, alias.name, function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = here[:len(here) - child.level + 1]
                    module = ".".join([*base, child.module] if child.module else base)
                else:
                    module = child.module or ""
                names.append((child.lineno, module, function))
                names.extend((child.lineno, f"{module}.{alias.name}", function) for alias in child.names)
            outermost = function
            if outermost is None and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                outermost = child.name
            visit(child, outermost)

    visit(ast.parse(text), None)
    return names


def file_imports(path: Path) -> list[tuple[int, str, str | None]]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imported_names(path.read_text(encoding="utf-8"), package)


def imported_layer(name: str) -> str | None:
    """The layer of skapa_tui an imported name is in; "" for the package's own
    ``__init__`` (``from .. import __version__``); None outside skapa_tui."""
    parts = name.split(".")
    if parts[0] != "skapa_tui":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else ""


def forbidden(name: str) -> bool:
    return name.split(".")[0] in FORBIDDEN or imported_layer(name) in ("ui", "serve", "cli")


def shown(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_each_layer_imports_only_the_layers_below():
    wrong = []
    for path in files_of(*LAYERS):
        layer = layer_of(path)
        for line, name, _function in file_imports(path):
            found = imported_layer(name)
            if found not in (None, "", layer) and found not in LAYERS[layer]:
                wrong.append(f"{shown(path)}:{line}: {layer} imports {name}")
    assert wrong == []


def test_no_import_statement_below_the_ui_names_textual_rich_or_the_ui():
    wrong = [f"{shown(path)}:{line}: imports {name}"
             for path in files_of(*LOWER) for line, name, _function in file_imports(path) if forbidden(name)]
    assert wrong == []


def test_the_command_line_imports_the_apps_only_when_they_run():
    wrong = []
    for path in files_of("cli"):
        for line, name, function in file_imports(path):
            if name in ("skapa_tui.serve.DEFAULT_MAX_SESSIONS", "skapa_tui.serve.DEFAULT_PORTS",
                        "skapa_tui.serve") and shown(path) == "skapa_tui/cli/serve.py":
                continue  # the serve command's defaults, from the package's light __init__
            apps = name.split(".")[0] in FORBIDDEN or imported_layer(name) in ("ui", "serve")
            if apps and not (shown(path) in APPS and (function or "").startswith("cmd_")):
                wrong.append(f"{shown(path)}:{line}: imports {name} ({function or 'at the top'})")
    assert wrong == []


def test_the_scan_sees_every_kind_of_import():
    text = ("import os\n"
            "from . import resources\n"
            "from ..ui import app\n"
            "def later():\n"
            "    import rich.console\n"
            "    class Inner:\n"
            "        def deeper(self):\n"
            "            from textual.app import App\n")
    found = imported_names(text, "skapa_tui.engine")
    names = {name for _, name, _ in found}
    assert {"os", "skapa_tui.engine.resources", "skapa_tui.ui", "rich.console",
            "textual.app.App"} <= names
    assert sorted(n for n in names if forbidden(n)) == [
        "rich.console", "skapa_tui.ui", "skapa_tui.ui.app", "textual.app", "textual.app.App"]
    assert {(name, function) for _, name, function in found if forbidden(name)} == {
        ("skapa_tui.ui", None), ("skapa_tui.ui.app", None), ("rich.console", "later"),
        ("textual.app", "later"), ("textual.app.App", "later")}
    assert imported_layer("skapa_tui.render.summary_pdf") == "render"
    assert imported_layer("skapa_tui.__version__") == imported_layer("skapa_tui") == ""
    assert imported_layer("textual.app") is None


def test_submodules_are_all_files():
    # pkgutil agrees with the file walk: no layer module is loaded from elsewhere.
    for name in LAYERS:
        if (PACKAGE / name).is_dir():
            found = {m.name for m in pkgutil.walk_packages([str(PACKAGE / name)], f"skapa_tui.{name}.")}
            assert found <= set(modules_of(name, mains=True))


CHECK = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
found = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich", "textual_serve", "aiohttp")
               or m.startswith(("skapa_tui.ui", "skapa_tui.serve")))
print(json.dumps(found))
"""


@pytest.mark.parametrize("name", modules_of(*LOWER) + modules_of("cli"))
def test_importing_leaves_textual_and_rich_out(name):
    # Each alone, in a fresh interpreter: what one module pulls in cannot hide another's.
    done = subprocess.run([sys.executable, "-c", CHECK, name], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [], f"importing {name} imports {done.stdout.strip()}"


COMMANDS = """
import json, os, sys
from skapa_tui import cli

data, out = sys.argv[1], sys.argv[2]
runs = [["demo", "--data", data], ["participants", "list"], ["participants", "export", "DEMO1"],
        ["supervisors", "list"], ["export", "--format", "json"], ["export", "--format", "csv", "--table", "plans"],
        ["export", "--format", "csv", "--out", os.path.join(out, "tables.zip")], ["report"],
        ["report", "--format", "html"], ["summary", "DEMO1", "--out", os.path.join(out, "page.pdf")],
        ["flows", "check"], ["flows", "diagram", "participant"], ["catalogs", "check"]]
codes = []
real_stdout = sys.stdout
with open(os.devnull, "w") as sink:
    sys.stdout = sink
    for args in runs:
        codes.append((args[0], cli.main([*args, "--data", data] if "--data" not in args
                                       and args[0] not in ("flows", "catalogs") else args)))
sys.stdout = real_stdout
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich", "textual_serve", "aiohttp")
                or m.startswith(("skapa_tui.ui", "skapa_tui.serve.")))
print(json.dumps({"codes": codes, "loaded": loaded}))
"""


def test_the_other_commands_run_without_textual_or_rich(tmp_path):
    # Every command but kiosk, supervisor and serve, for real on a demo folder, in one
    # fresh interpreter: none of them loads a terminal or a web library.
    env = {"SKAPA_LANG": "en", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", COMMANDS, str(tmp_path / "data"), str(tmp_path)],
                          capture_output=True, text=True, timeout=300, env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert [code for _, code in result["codes"]] == [0] * len(result["codes"]), (result, done.stderr)
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")
    assert result["loaded"] == []


def test_the_import_contracts_are_kept():
    # pyproject.toml's [tool.importlinter]: the layers, and no textual or rich below the UI.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True,
                          timeout=120, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
