"""``skapa flows check|format|diagram``: the flow files checked (keys, values,
translations, kept versions), a file format's reference printed (from the
declarations in ``domain``), or a flow's state machine drawn.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .. import i18n, resources
from ..i18n import _
from .common import EXIT_FAILED, EXIT_OK, Failure, _render_problem, _say


def add_parser(commands: Any, data: argparse.ArgumentParser) -> None:
    """The ``flows`` command and its actions."""
    flows = commands.add_parser(
        "flows", help=_("check flow files or draw their state machine"),
        description=_("Flows are the questions, anchors and messages of a form, kept in "
                      "TOML files."))
    flow_commands = flows.add_subparsers(dest="action", metavar=_("ACTION"),
                                         title=_("actions"))
    flow_commands.required = True
    check = flow_commands.add_parser(
        "check", help=_("check flow files and their translations"),
        description=_("Check flow files: their keys and values, and that every text is in "
                      "every language's catalog. Each problem is printed as "
                      "'file: key: what is wrong'."))
    check.add_argument("files", nargs="*", metavar=_("FILE"),
                       help=_("the flow files (default: every flow of skapa, in {folder})").format(
                           folder=resources.flows_dir()))
    check.set_defaults(run=cmd_flows_check)
    describe = flow_commands.add_parser(
        "format", help=_("print the reference of a flows folder's file format"),
        description=_("Print every table and key of a file format of the flows folder: its type, whether it "
                      "is required, and what it means. It is made from the declarations the check uses."))
    describe.add_argument("kind", nargs="?", choices=FORMAT_KINDS, default="flow", metavar=_("KIND"),
                          help=_("flow (the default), guide or indicators"))
    describe.set_defaults(run=cmd_flows_format)
    diagram = flow_commands.add_parser(
        "diagram", help=_("print a flow's state machine as a Mermaid diagram"),
        description=_("Print the state machine of a flow as a Mermaid stateDiagram-v2."))
    diagram.add_argument("flow", metavar=_("FLOW"),
                         help=_("a flow id (such as participant) or a flow file"))
    diagram.set_defaults(run=cmd_flows_diagram)


def _shown(path: Path) -> str:
    """A path as the user would like to read it: relative when under the current folder."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def cmd_flows_check(args: argparse.Namespace) -> int:
    from ..domain.flow import Flow
    from ..domain.indicators import Indicators
    from ..domain.library import check_file

    across: dict[str, list[Any]] = {}
    if args.files:
        files = [Path(f) for f in args.files]
    else:
        library = resources.flow_library()
        files = library.all_files()
        if not files:
            raise Failure(_("there are no flow files in {folder}").format(folder=resources.flows_dir()))
        for problem in library.check_versions():
            across.setdefault(problem.file, []).append(problem)
    translated = {lang: i18n.translated_msgids(lang) for lang in i18n.languages()}
    failed = 0
    for path in files:
        shown = _shown(path) if not args.files else str(path)
        doc, problems = check_file(path, translated, file=shown)
        problems += across.get(str(path), [])
        if problems:
            failed += 1
            for problem in problems:
                _say(_render_problem(problem, shown))
        elif isinstance(doc, Indicators):
            _say(i18n.ngettext("{file}: OK, version {version}, {n} indicator",
                               "{file}: OK, version {version}, {n} indicators",
                               len(doc)).format(file=shown, version=doc.version, n=len(doc)))
        elif isinstance(doc, Flow):
            _say(i18n.ngettext("{file}: OK, version {version}, {n} question",
                               "{file}: OK, version {version}, {n} questions",
                               len(doc.questions)).format(
                file=shown, version=doc.version, n=len(doc.questions)))
        elif doc is not None:  # a guide (a file that could not be read has problems)
            _say(_("{file}: OK, version {version}, a conversation guide").format(
                file=shown, version=doc.version))
    if failed:
        _say(i18n.ngettext("{n} flow file has problems.", "{n} flow files have problems.",
                           failed).format(n=failed), sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


FORMAT_KINDS = ("flow", "guide", "indicators")


def cmd_flows_format(args: argparse.Namespace) -> int:
    """The reference of a file format, from its declarations (`domain.formats.describe`)."""
    from ..domain.flow import describe_flow
    from ..domain.guide import describe_guide
    from ..domain.indicators import describe_indicators

    reference = {"flow": describe_flow, "guide": describe_guide, "indicators": describe_indicators}[args.kind]()
    _say(reference.rstrip("\n"))
    return EXIT_OK


def _flow_file(name: str) -> Path:
    path = Path(name)
    if name.endswith(".toml") or os.sep in name or path.exists():
        return path
    return resources.flow_path(name)


def cmd_flows_diagram(args: argparse.Namespace) -> int:
    from ..domain.flow import Flow
    from ..domain.indicators import Indicators
    from ..domain.library import load_document

    path = _flow_file(args.flow)
    flow = load_document(path)
    if isinstance(flow, Indicators):
        raise Failure(_("{file} holds the indicators, not a flow: it has no state machine").format(file=path))
    if not isinstance(flow, Flow):
        raise Failure(_("{file} is a conversation guide, not a flow: it has no state machine").format(
            file=path))
    from ..engine import mermaid_diagram

    _say(mermaid_diagram(flow))
    return EXIT_OK
