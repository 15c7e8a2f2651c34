"""Flows are data: a dialog (questions, anchors, messages) read from a TOML file.

A flow file looks like this (texts are English msgids; the Swedish and the
Danish live in the gettext catalogs)::

    format = 1                      # the flow file format this code reads
    id = "participant"              # stable flow id
    version = 2                     # bump on any change that alters meaning
    role = "participant"            # whose form: participant | supervisor

    [[changelog]]                   # newest first; the first is `version`
    version = 2
    date = 2026-11-23
    note = "What changed and why."

    [messages]                      # what the program says around the questions
    greeting = "Hello! ..."
    welcome_back = "Welcome back! ..."
    review = "Here are your answers ..."
    thanks = "Thank you ..."

    [[steps]]
    type = "topic"                  # a message between groups of questions
    id = "about_work"
    text = "First, some questions about work."

    [[steps]]
    type = "question"
    id = "work_idea"                # stable item id, stored with each answer
    indicator = "labour_market_knowledge"
    text = "Do you have an idea of what work you would like?"
    help = "Optional help text."
    anchors = [                     # exactly one anchor for each value 1-5
      { value = 1, text = "..." },
      ...
    ]

`load_flow` reads and checks a file and raises `FlowError` with every
problem found; `check_flow_file` returns the problems instead. Problems are
msgids with named fields so the CLI can say them in the user's language.
This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date as _date
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .indicators import BY_ID, PARTICIPANT, SCALE, SUPERVISOR, N_, asked_of

FORMAT = 1
"""The flow file format this code reads."""

MESSAGE_KEYS = ("greeting", "welcome_back", "review", "thanks")
RESERVED_IDS = ("intro", "review", "done")
"""State names of the dialog machine that a step id must not take."""
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a flow file: `file: key: what is wrong`."""

    file: str
    key: str
    message: str  # an English msgid with {named} fields
    fields: Mapping[str, Any] = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        return f"{self.file}: {self.key}: {gettext(self.message).format(**self.fields)}"


class FlowError(Exception):
    """A flow file could not be used; `problems` says every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))


@dataclass(frozen=True)
class Anchor:
    value: int
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    indicator: str
    text: str
    anchors: tuple[Anchor, ...]
    help: str | None = None
    type: str = "question"

    def anchor(self, value: int) -> Anchor:
        for anchor in self.anchors:
            if anchor.value == value:
                return anchor
        raise KeyError(value)


@dataclass(frozen=True)
class Topic:
    id: str
    text: str
    type: str = "topic"


Step = Question | Topic


@dataclass(frozen=True)
class ChangelogEntry:
    version: int
    date: str
    note: str


@dataclass(frozen=True)
class Flow:
    id: str
    version: int
    role: str
    messages: Mapping[str, str]
    steps: tuple[Step, ...]
    changelog: tuple[ChangelogEntry, ...]
    path: Path | None = None

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(s for s in self.steps if isinstance(s, Question))

    def question(self, item: str) -> Question:
        for q in self.questions:
            if q.id == item:
                return q
        raise KeyError(item)

    def msgids(self) -> Iterator[tuple[str, str]]:
        """Every text of the flow that a catalog must translate, with its key."""
        for name in MESSAGE_KEYS:
            yield f"messages.{name}", self.messages[name]
        for step in self.steps:
            yield f"steps.{step.id}.text", step.text
            if isinstance(step, Question):
                if step.help:
                    yield f"steps.{step.id}.help", step.help
                for anchor in step.anchors:
                    yield f"steps.{step.id}.anchors.{anchor.value}", anchor.text


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_date(value: Any) -> bool:
    if isinstance(value, _date):
        return True
    try:
        _date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


class _Checker:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, key: str, message: str, **fields: Any) -> None:
        self.problems.append(Problem(self.file, key, message, fields))

    def unknown_keys(self, key: str, table: Mapping[str, Any], allowed: Iterable[str]) -> None:
        for name in table:
            if name not in allowed:
                self.add(f"{key}.{name}" if key else name, N_("unknown key {name!r}"), name=name)


def parse_flow(data: Mapping[str, Any], file: str = "<flow>", path: Path | None = None) -> Flow:
    """Check parsed TOML and build a `Flow`; raise `FlowError` listing every problem."""
    c = _Checker(file)
    c.unknown_keys("", data, ("format", "id", "version", "role", "changelog", "messages", "steps"))

    fmt = data.get("format")
    if fmt != FORMAT:
        c.add("format", N_("the file format must be {expected}, not {found!r}"), expected=FORMAT, found=fmt)

    flow_id = data.get("id")
    if not (isinstance(flow_id, str) and _ID.match(flow_id)):
        c.add("id", N_("an id of lower-case letters, digits and _ is needed, not {found!r}"), found=flow_id)

    role = data.get("role")
    if role not in (PARTICIPANT, SUPERVISOR):
        c.add("role", N_("the role must be participant or supervisor, not {found!r}"), found=role)

    version = data.get("version")
    if not (isinstance(version, int) and not isinstance(version, bool) and version >= 1):
        c.add("version", N_("the version must be a whole number from 1, not {found!r}"), found=version)
        version = None

    changelog: list[ChangelogEntry] = []
    raw_log = data.get("changelog")
    if not isinstance(raw_log, list) or not raw_log:
        c.add("changelog", N_("a changelog with at least one entry is needed"))
    else:
        for n, entry in enumerate(raw_log):
            key = f"changelog[{n}]"
            if not isinstance(entry, dict):
                c.add(key, N_("each entry must be a table"))
                continue
            c.unknown_keys(key, entry, ("version", "date", "note"))
            ev, date, note = entry.get("version"), entry.get("date"), entry.get("note")
            if not (isinstance(ev, int) and not isinstance(ev, bool) and ev >= 1):
                c.add(f"{key}.version", N_("the version must be a whole number from 1, not {found!r}"), found=ev)
            if not _is_date(date):
                c.add(f"{key}.date", N_("a date like 2026-11-23 is needed, not {found!r}"), found=date)
            if not _text(note):
                c.add(f"{key}.note", N_("a note is needed"))
            if isinstance(ev, int) and _is_date(date) and _text(note):
                changelog.append(ChangelogEntry(ev, str(date), note))
        versions = [e.version for e in changelog]
        if versions != sorted(versions, reverse=True) or len(set(versions)) != len(versions):
            c.add("changelog", N_("entries must be newest first, one for each version"))
        if version is not None and versions and versions[0] != version:
            c.add("version", N_("the version is {version} but the newest changelog entry is {newest}"),
                  version=version, newest=versions[0])

    messages: dict[str, str] = {}
    raw_messages = data.get("messages")
    if not isinstance(raw_messages, dict):
        c.add("messages", N_("a [messages] table is needed"))
    else:
        c.unknown_keys("messages", raw_messages, MESSAGE_KEYS)
        for name in MESSAGE_KEYS:
            text = raw_messages.get(name)
            if not _text(text):
                c.add(f"messages.{name}", N_("a text is needed"))
            else:
                messages[name] = text

    steps: list[Step] = []
    seen: set[str] = set()
    rated: set[str] = set()
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        c.add("steps", N_("at least one step is needed"))
        raw_steps = []
    for n, raw in enumerate(raw_steps):
        if not isinstance(raw, dict):
            c.add(f"steps[{n}]", N_("each step must be a table"))
            continue
        step_id = raw.get("id")
        key = f"steps.{step_id}" if isinstance(step_id, str) and step_id else f"steps[{n}]"
        if not (isinstance(step_id, str) and _ID.match(step_id)):
            c.add(f"{key}.id", N_("an id of lower-case letters, digits and _ is needed, not {found!r}"),
                  found=step_id)
        elif step_id in RESERVED_IDS:
            c.add(f"{key}.id", N_("the id {id!r} is reserved"), id=step_id)
        elif step_id in seen:
            c.add(f"{key}.id", N_("the id {id!r} is used twice"), id=step_id)
        else:
            seen.add(step_id)
        kind = raw.get("type")
        text = raw.get("text")
        if not _text(text):
            c.add(f"{key}.text", N_("a text is needed"))
        if kind == "topic":
            c.unknown_keys(key, raw, ("type", "id", "text"))
            if _text(text) and isinstance(step_id, str):
                steps.append(Topic(step_id, text))
        elif kind == "question":
            c.unknown_keys(key, raw, ("type", "id", "indicator", "text", "help", "anchors"))
            indicator = raw.get("indicator")
            if not isinstance(indicator, str) or indicator not in BY_ID:
                c.add(f"{key}.indicator", N_("unknown indicator {indicator!r}"), indicator=indicator)
            elif role in (PARTICIPANT, SUPERVISOR) and role not in BY_ID[indicator].asked_of:
                c.add(f"{key}.indicator", N_("the indicator {indicator!r} is not rated on the {role} form"),
                      indicator=indicator, role=role)
            elif indicator in rated:
                c.add(f"{key}.indicator", N_("the indicator {indicator!r} is rated twice"), indicator=indicator)
            if isinstance(indicator, str):
                rated.add(indicator)
            help_text = raw.get("help")
            if help_text is not None and not _text(help_text):
                c.add(f"{key}.help", N_("the help must be a text"))
            anchors = _anchors(c, key, raw.get("anchors"))
            if (_text(text) and isinstance(step_id, str) and isinstance(indicator, str) and indicator in BY_ID
                    and anchors is not None):
                steps.append(Question(step_id, indicator, text, anchors, help_text or None))
        else:
            c.add(f"{key}.type", N_("the type must be question or topic, not {found!r}"), found=kind)

    if role in (PARTICIPANT, SUPERVISOR):
        for indicator in asked_of(role):
            if indicator.id not in rated:
                c.add("steps", N_("no question rates the indicator {indicator!r}"), indicator=indicator.id)

    if c.problems:
        raise FlowError(c.problems)
    return Flow(flow_id, version, role, messages, tuple(steps), tuple(changelog), path)


def _anchors(c: _Checker, key: str, raw: Any) -> tuple[Anchor, ...] | None:
    if not isinstance(raw, list):
        c.add(f"{key}.anchors", N_("a list of anchors for the values 1 to 5 is needed"))
        return None
    found: dict[int, Anchor] = {}
    ok = True
    for n, entry in enumerate(raw):
        if not isinstance(entry, dict):
            c.add(f"{key}.anchors[{n}]", N_("each anchor must be a table with value and text"))
            ok = False
            continue
        c.unknown_keys(f"{key}.anchors[{n}]", entry, ("value", "text"))
        value, text = entry.get("value"), entry.get("text")
        if not (type(value) is int and value in SCALE):
            c.add(f"{key}.anchors[{n}].value", N_("the value must be 1, 2, 3, 4 or 5, not {found!r}"),
                  found=value)
            ok = False
        elif value in found:
            c.add(f"{key}.anchors[{n}].value", N_("the value {value} has two anchors"), value=value)
            ok = False
        if not _text(text):
            c.add(f"{key}.anchors[{n}].text", N_("a text is needed"))
            ok = False
        if ok and type(value) is int and value in SCALE:
            found[value] = Anchor(value, text)
    for value in SCALE:
        if value not in found and not any(
                isinstance(e, dict) and e.get("value") == value for e in raw):
            c.add(f"{key}.anchors", N_("the anchor for the value {value} is missing"), value=value)
            ok = False
    return tuple(found[v] for v in SCALE) if ok else None


def load_flow(path: Path | str) -> Flow:
    """Read and check a flow file; raise `FlowError` with every problem."""
    path = Path(path)
    file = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FlowError([Problem(file, "file", N_("the file does not exist"))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowError([Problem(file, "file", N_("the file cannot be read: {reason}"),
                                 {"reason": getattr(exc, "strerror", None) or str(exc)})]) from None
    except tomllib.TOMLDecodeError as exc:
        raise FlowError([Problem(file, "toml", N_("not valid TOML: {reason}"), {"reason": str(exc)})]) from None
    return parse_flow(data, file, path)


def check_translations(flow: Flow, translated: Mapping[str, set[str]], file: str | None = None) -> list[Problem]:
    """Problems for every flow text some language's catalog does not translate."""
    file = file or (str(flow.path) if flow.path else flow.id)
    problems = []
    for key, msgid in flow.msgids():
        for lang in sorted(translated):
            if msgid not in translated[lang]:
                problems.append(Problem(file, key, N_("the text is missing from the {lang} catalog"), {"lang": lang}))
    return problems
