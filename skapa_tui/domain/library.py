"""The flow library: the flows of a folder, their kept versions, the indicators and the guide.

A reading names the flow and the version it was made on, and must be shown
and read with that version's questions for good. The folder holds the
current file of each flow and, in ``versions/``, a copy of each older version
that readings may still name::

    flows/
      participant.toml               # the current version (any number)
      supervisor.toml
      indicators.toml                # the indicators (domain.indicators)
      conversation.toml              # the conversation guide (domain.guide)
      versions/
        participant.v1.toml          # an older version, kept unchanged

`FlowLibrary.version` gives the current file when its version is the one
asked for, else the kept copy; a version that is in neither raises
`FlowError`. Flows are read once and cached. A kept copy must be named for
the id and version it holds (`check_file` says so when it is not).

To change a flow's meaning: copy the current file unchanged to
``versions/<id>.v<N>.toml``, then edit the current file, bump its `version`
and add a `[[changelog]]` entry. `FlowLibrary.check_versions` finds an older
version of the changelog that is not kept, and a kept copy that is not older
than the current file.

This module imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .flow import (
    INDICATORS_FILE,
    VERSIONS,
    Flow,
    FlowError,
    Problem,
    check_translations,
    is_id,
    load_flow,
    parse_flow,
    read_toml,
)
from .indicators import N_, Indicators, is_indicators, load_indicators, parse_indicators

if TYPE_CHECKING:
    from .guide import Guide

def kept_name(doc_id: str, version: int) -> str:
    """The file name of a kept version: ``participant.v1.toml``."""
    return f"{doc_id}.v{version}.toml"


Document = Union[Flow, "Guide", Indicators]


def load_document(path: Path | str) -> Document:
    """Read and check a flow, a guide or an indicators file, whichever it holds;
    `FlowError` on any problem."""
    path = Path(path)
    data = read_toml(path)
    from .guide import is_guide, parse_guide  # (the guide: the desk's, not the kiosk's)

    if is_indicators(data):
        return parse_indicators(data, str(path), path)
    if is_guide(data):
        return parse_guide(data, str(path), path)
    return parse_flow(data, str(path), path)


def check_name(doc: Document, path: Path, file: str | None = None) -> list[Problem]:
    """A file in a ``versions/`` folder must be named for the id and version it
    holds; the indicators are in ``indicators.toml``."""
    if isinstance(doc, Indicators):
        if path.name == INDICATORS_FILE and path.parent.name != VERSIONS:
            return []
        return [Problem(file or str(path), "file", N_("the indicators must be in the flows folder's {expected}"),
                        {"expected": INDICATORS_FILE})]
    if path.parent.name != VERSIONS:
        return []
    expected = kept_name(doc.id, doc.version)
    if path.name == expected:
        return []
    return [Problem(file or str(path), "file",
                    N_("a kept version must be named {expected}, for the id and version it holds"),
                    {"expected": expected})]


def check_file(path: Path | str, translated: Mapping[str, set[str]] | None = None,
               file: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Check a flow or guide file: its content, its name (when kept in
    ``versions/``) and, given ``translated`` (lang -> msgids), its
    translations. Returns what it holds (None when it cannot be read) and
    every problem, each reported as ``file`` (default: the path)."""
    path = Path(path)
    try:
        doc = load_document(path)
    except FlowError as exc:
        problems = exc.problems
        if file is not None:
            problems = [Problem(file, p.key, p.message, p.fields) for p in problems]
        return None, problems
    problems = check_name(doc, path, file)
    if translated is not None:
        problems += check_translations(doc, translated, file=file or str(path))
    return doc, problems


def _readable(path: Path) -> Document | None:
    try:
        return load_document(path)
    except FlowError:
        return None


class FlowLibrary:
    """The flows of ``folder`` (current files) and ``folder/versions`` (kept versions)."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.versions_folder = self.folder / VERSIONS
        self._current: dict[str, Flow] = {}
        self._kept: dict[tuple[str, int], Flow] = {}
        self._guide: Guide | None = None
        self._indicators: Indicators | None = None

    def __repr__(self) -> str:
        return f"FlowLibrary({str(self.folder)!r})"

    def path(self, flow_id: str) -> Path:
        return self.folder / f"{flow_id}.toml"

    def kept_path(self, flow_id: str, version: int) -> Path:
        return self.versions_folder / kept_name(flow_id, version)

    def _checked_id(self, flow_id: str) -> None:
        if not is_id(flow_id):
            raise FlowError([Problem(str(self.folder), "id",
                                     N_("an id of lower-case letters, digits and _ is needed, not {found!r}"),
                                     {"found": flow_id})])

    def current(self, flow_id: str) -> Flow:
        """The current version of the flow ``flow_id`` (``<folder>/<id>.toml``)."""
        flow = self._current.get(flow_id)
        if flow is None:
            self._checked_id(flow_id)
            path = self.path(flow_id)
            flow = load_flow(path, self._checked_indicators(path))
            if flow.id != flow_id:
                raise FlowError([Problem(str(path), "id", N_("the file holds the flow {found!r}, not {expected!r}"),
                                         {"found": flow.id, "expected": flow_id})])
            self._current[flow_id] = flow
        return flow

    def version(self, flow_id: str, version: int) -> Flow:
        """The flow ``flow_id`` as it was at ``version``: the current file when it
        is that version, else the kept copy in ``versions/``."""
        flow = self._kept.get((flow_id, version))
        if flow is not None:
            return flow
        self._checked_id(flow_id)
        if not (isinstance(version, int) and not isinstance(version, bool) and version >= 1):
            raise FlowError([Problem(str(self.path(flow_id)), "version",
                                     N_("the version must be a whole number from 1, not {found!r}"),
                                     {"found": version})])
        problems: list[Problem] = []
        try:
            current = self.current(flow_id)
        except FlowError as exc:  # a retired or broken current file: the kept copy may still be there
            problems = exc.problems
        else:
            if current.version == version:
                return current
        path = self.kept_path(flow_id, version)
        if not path.is_file():
            raise FlowError(problems + [Problem(
                str(path), "file", N_("version {version} of the flow {flow!r} is not kept: the file does not exist"),
                {"version": version, "flow": flow_id})])
        flow = load_flow(path, self._checked_indicators(path))
        wrong = check_name(flow, path)
        if wrong:
            raise FlowError(wrong)
        self._kept[(flow_id, version)] = flow
        return flow

    def indicators(self) -> Indicators:
        """The indicators (``<folder>/indicators.toml``); `FlowError` when they cannot be read."""
        if self._indicators is None:
            self._indicators = load_indicators(self.folder / INDICATORS_FILE)
        return self._indicators

    def _checked_indicators(self, path: Path) -> Indicators:
        """The indicators, for checking the flow at ``path``: its problems are the indicators' file's."""
        try:
            return self.indicators()
        except FlowError as exc:
            raise FlowError([Problem(str(path), "indicators", N_(
                "it cannot be checked: the indicators' file {indicators} has problems"),
                {"indicators": str(self.folder / INDICATORS_FILE)}), *exc.problems]) from None

    def guide(self) -> Guide:
        """The conversation guide (``<folder>/conversation.toml``)."""
        if self._guide is None:
            from .guide import GUIDE_ID, load_guide

            path = self.path(GUIDE_ID)
            self._guide = load_guide(path, self._checked_indicators(path))
        return self._guide

    def check_versions(self) -> list[Problem]:
        """Problems across files: each older version named in a current flow's
        changelog must be kept, and each kept flow must be older than the current
        one. Files that cannot be read are left to `check_file`."""
        problems: list[Problem] = []
        for path in sorted(self.folder.glob("*.toml")):
            doc = _readable(path)
            if not isinstance(doc, Flow):
                continue
            for entry in doc.changelog[1:]:
                kept = self.kept_path(doc.id, entry.version)
                if not kept.is_file():
                    problems.append(Problem(str(path), "changelog", N_(
                        "version {version} is not kept: readings made on it need {file}"),
                        {"version": entry.version, "file": f"{VERSIONS}/{kept.name}"}))
        kept_files = sorted(self.versions_folder.glob("*.toml")) if self.versions_folder.is_dir() else []
        for path in kept_files:
            doc = _readable(path)
            if not isinstance(doc, Flow):
                continue
            current = _readable(self.path(doc.id))
            if isinstance(current, Flow) and current.id == doc.id and doc.version >= current.version:
                problems.append(Problem(str(path), "version", N_(
                    "the kept version {version} is not older than the current version {current}"),
                    {"version": doc.version, "current": current.version}))
        return problems

    def all_files(self) -> list[Path]:
        """Every flow and guide file: the current ones, then the kept versions."""
        files = sorted(self.folder.glob("*.toml"))
        if self.versions_folder.is_dir():
            files += sorted(self.versions_folder.glob("*.toml"))
        return files
