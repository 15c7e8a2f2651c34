"""Flows are data: a dialog (questions, anchors, options, messages) read from a TOML file.

A flow file looks like this (texts are English msgids; the Swedish and the
Danish live in the gettext catalogs)::

    format = 2                      # the flow file format: 1 or 2 (see below)
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
    answer = "scale"                # scale (the default) | single | multiple
    text = "Do you have an idea of what work you would like?"
    help = "Optional help text."
    short = "Idea of work"          # optional: a few words from the question, for
                                    # charts and tables (at most 20 characters)
    anchors = [                     # scale: exactly one anchor for each value 1-5
      { value = 1, text = "..." },
      ...
    ]

    [[steps]]
    type = "question"
    id = "tried_before"
    indicator = "labour_market_knowledge"
    answer = "multiple"             # single: one option; multiple: one or more
    text = "What have you tried before?"
    options = [                     # 2-12 options, no anchors
      { id = "company_internship", text = "A work placement", note = "Found effective in BIP" },
      { id = "course", text = "A course" },   # note: optional, shown beside the option
    ]

Every question names an indicator of the flows folder's ``indicators.toml``
(`domain.indicators`). Each indicator the flow's role rates (its
``asked_of``) is rated by exactly one *scale* question: an indicator's
rating is one value per reading, which the report counts, the chart draws
and the conversation compares, so a second scale question on the same
indicator is refused (ask it as a single or multiple choice, or make it an
indicator of its own). Single and multiple choice questions are *extra
items* of their indicator: they are asked and kept, but they do not rate it
(`Flow.rated_question`, `Flow.extra_items`). A kept older version
(``versions/``) need not rate an indicator added since: its readings have no
value for it. Option ids are stable like item ids: an answer to a
single choice is an option id, to a multiple choice a tuple of distinct option
ids (`Question.accepts`).

Format 1 is format 2 without ``answer`` and ``options``: every question is a
scale. Files of both formats load; the keys of format 2 are refused in a
format 1 file.

`load_flow` reads and checks a file and raises `FlowError` with every
problem found. Problems are msgids with named fields so the CLI can say them
in the user's language. Older versions of a flow are kept unchanged in
``flows/versions/<id>.v<N>.toml`` (copy the file there before bumping
`version`) and found through `skapa_tui.domain.library.FlowLibrary`.
This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Any, Protocol

from .indicators import N_, PARTICIPANT, SCALE, SUPERVISOR, Indicators

FORMATS = (1, 2)
"""The flow file formats this code reads."""
FORMAT = FORMATS[-1]
"""The newest flow file format."""

SCALE_ANSWER, SINGLE_ANSWER, MULTIPLE_ANSWER = "scale", "single", "multiple"
ANSWER_KINDS = (SCALE_ANSWER, SINGLE_ANSWER, MULTIPLE_ANSWER)
MIN_OPTIONS, MAX_OPTIONS = 2, 12

MESSAGE_KEYS = ("greeting", "welcome_back", "review", "thanks")
RESERVED_IDS = ("intro", "review", "done")
"""State names of the dialog machine that a step id must not take."""
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def is_id(value: Any) -> bool:
    """Whether ``value`` is a stable id: lower-case letters, digits and _, a letter first."""
    return isinstance(value, str) and _ID.match(value) is not None


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
class Option:
    """One choice of a single or multiple choice question."""

    id: str
    text: str
    note: str | None = None  # a msgid shown beside the option


@dataclass(frozen=True)
class Question:
    id: str
    indicator: str
    text: str
    anchors: tuple[Anchor, ...]
    help: str | None = None
    type: str = "question"
    answer: str = SCALE_ANSWER
    options: tuple[Option, ...] = ()
    short: str | None = None
    """A few words of the question's own (a msgid), for charts and tables; None: none given."""

    @property
    def rates(self) -> bool:
        """Whether the question rates its indicator (a scale); else it is an extra item."""
        return self.answer == SCALE_ANSWER

    def anchor(self, value: int) -> Anchor:
        for anchor in self.anchors:
            if anchor.value == value:
                return anchor
        raise KeyError(value)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` answers the question: 1-5 for a scale, one of its
        option ids for a single choice, a tuple (or list) of one or more
        distinct option ids for a multiple choice. None (not answered) is not
        an answer here: skipping is the dialog's own move."""
        if self.answer == SCALE_ANSWER:
            return type(value) is int and value in SCALE
        ids = {option.id for option in self.options}
        if self.answer == SINGLE_ANSWER:
            return isinstance(value, str) and value in ids
        if self.answer == MULTIPLE_ANSWER:
            return (isinstance(value, (tuple, list)) and len(value) > 0
                    and all(isinstance(v, str) and v in ids for v in value)
                    and len(set(value)) == len(value))
        return False


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
    format: int = FORMAT

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question, of every answer kind, in order."""
        return tuple(s for s in self.steps if isinstance(s, Question))

    def question(self, item: str) -> Question:
        for q in self.questions:
            if q.id == item:
                return q
        raise KeyError(item)

    def rated_question(self, indicator: str) -> Question | None:
        """The scale question that rates ``indicator`` on this form, if any."""
        for q in self.questions:
            if q.indicator == indicator and q.rates:
                return q
        return None

    def extra_items(self, indicator: str) -> tuple[Question, ...]:
        """The single and multiple choice questions of ``indicator``: asked, not rating it."""
        return tuple(q for q in self.questions if q.indicator == indicator and not q.rates)

    def msgids(self) -> Iterator[tuple[str, str]]:
        """Every text of the flow that a catalog must translate, with its key."""
        for name in MESSAGE_KEYS:
            yield f"messages.{name}", self.messages[name]
        for step in self.steps:
            yield f"steps.{step.id}.text", step.text
            if isinstance(step, Question):
                if step.help:
                    yield f"steps.{step.id}.help", step.help
                if step.short:
                    yield f"steps.{step.id}.short", step.short
                for anchor in step.anchors:
                    yield f"steps.{step.id}.anchors.{anchor.value}", anchor.text
                for option in step.options:
                    yield f"steps.{step.id}.options.{option.id}", option.text
                    if option.note:
                        yield f"steps.{step.id}.options.{option.id}.note", option.note


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _is_date(value: Any) -> bool:
    if isinstance(value, _date):
        return True
    try:
        _date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


class Checker:
    """Collects the problems of one file (used by flows and the conversation guide)."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, key: str, message: str, **fields: Any) -> None:
        self.problems.append(Problem(self.file, key, message, fields))

    def unknown_keys(self, key: str, table: Mapping[str, Any], allowed: Iterable[str]) -> None:
        for name in table:
            if name not in allowed:
                self.add(f"{key}.{name}" if key else name, N_("unknown key {name!r}"), name=name)

    def file_id(self, data: Mapping[str, Any]) -> Any:
        """The file's `id`, checked."""
        found = data.get("id")
        if not is_id(found):
            self.add("id", N_("an id of lower-case letters, digits and _ is needed, not {found!r}"),
                     found=found)
        return found

    def version(self, data: Mapping[str, Any]) -> int | None:
        """The file's `version`, checked (None when it is not a whole number from 1)."""
        version = data.get("version")
        if not _whole(version):
            self.add("version", N_("the version must be a whole number from 1, not {found!r}"), found=version)
            return None
        return version

    def changelog(self, data: Mapping[str, Any], version: int | None) -> tuple[ChangelogEntry, ...]:
        """The `[[changelog]]` entries, checked: newest first, the first one `version`."""
        changelog: list[ChangelogEntry] = []
        raw_log = data.get("changelog")
        if not isinstance(raw_log, list) or not raw_log:
            self.add("changelog", N_("a changelog with at least one entry is needed"))
            return ()
        for n, entry in enumerate(raw_log):
            key = f"changelog[{n}]"
            if not isinstance(entry, dict):
                self.add(key, N_("each entry must be a table"))
                continue
            self.unknown_keys(key, entry, ("version", "date", "note"))
            ev, date, note = entry.get("version"), entry.get("date"), entry.get("note")
            if not _whole(ev):
                self.add(f"{key}.version", N_("the version must be a whole number from 1, not {found!r}"), found=ev)
            if not _is_date(date):
                self.add(f"{key}.date", N_("a date like 2026-11-23 is needed, not {found!r}"), found=date)
            if not _text(note):
                self.add(f"{key}.note", N_("a note is needed"))
            if _whole(ev) and _is_date(date) and _text(note):
                changelog.append(ChangelogEntry(ev, str(date), note))
        versions = [e.version for e in changelog]
        if versions != sorted(versions, reverse=True) or len(set(versions)) != len(versions):
            self.add("changelog", N_("entries must be newest first, one for each version"))
        if version is not None and versions and versions[0] != version:
            self.add("version", N_("the version is {version} but the newest changelog entry is {newest}"),
                     version=version, newest=versions[0])
        return tuple(changelog)

    def messages(self, data: Mapping[str, Any], keys: Sequence[str]) -> dict[str, str]:
        """The `[messages]` table, checked: a text for each of ``keys`` and no other."""
        messages: dict[str, str] = {}
        raw_messages = data.get("messages")
        if not isinstance(raw_messages, dict):
            self.add("messages", N_("a [messages] table is needed"))
            return messages
        self.unknown_keys("messages", raw_messages, keys)
        for name in keys:
            text = raw_messages.get(name)
            if not _text(text):
                self.add(f"messages.{name}", N_("a text is needed"))
            else:
                messages[name] = text
        return messages


_QUESTION_KEYS = {
    1: ("type", "id", "indicator", "text", "help", "short", "anchors"),
    2: ("type", "id", "indicator", "answer", "text", "help", "short", "anchors", "options"),
}
SHORT_MAX = 20
"""The most characters a question's short name may have (in the flow's English)."""
_FORMAT_2_KEYS = ("answer", "options")


def parse_flow(data: Mapping[str, Any], file: str = "<flow>", path: Path | None = None,
               indicators: Indicators | None = None, complete: bool | None = None) -> Flow:
    """Check parsed TOML and build a `Flow`; raise `FlowError` listing every problem.

    ``indicators`` are the ones it is checked against (default: those of the
    flows folder ``path`` is in, `indicators_for`). ``complete``: each
    indicator of the role must be rated (default: unless ``path`` is a kept
    version in ``versions/``, made before an indicator was added)."""
    if indicators is None:
        indicators = indicators_for(path, file)
    if complete is None:
        complete = not (path is not None and path.parent.name == VERSIONS)
    c = Checker(file)
    c.unknown_keys("", data, ("format", "id", "version", "role", "changelog", "messages", "steps"))

    fmt = data.get("format")
    if type(fmt) is not int or fmt not in FORMATS:
        c.add("format", N_("the file format must be a number from {low} to {high}, not {found!r}"),
              low=FORMATS[0], high=FORMATS[-1], found=fmt)
        fmt = FORMAT  # check the rest as the newest format

    flow_id = c.file_id(data)

    role = data.get("role")
    if role not in (PARTICIPANT, SUPERVISOR):
        c.add("role", N_("the role must be participant or supervisor, not {found!r}"), found=role)

    version = c.version(data)
    changelog = c.changelog(data, version)
    messages = c.messages(data, MESSAGE_KEYS)

    steps: list[Step] = []
    seen: set[str] = set()
    rated: set[str] = set()
    extra: set[str] = set()
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
        if not is_id(step_id):
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
            question = _question(c, key, raw, fmt, role, rated, extra, indicators)
            if question is not None and _text(text) and isinstance(step_id, str):
                steps.append(question)
        else:
            c.add(f"{key}.type", N_("the type must be question or topic, not {found!r}"), found=kind)

    if raw_steps and not any(isinstance(r, dict) and r.get("type") == "question" for r in raw_steps):
        c.add("steps", N_("at least one question is needed"))
    if role in (PARTICIPANT, SUPERVISOR) and complete:
        for indicator in indicators.asked_of(role):
            if indicator.id in rated:
                continue
            if indicator.id in extra:
                c.add("steps", N_("the indicator {indicator!r} has only extra items: a scale question "
                                  "must rate it"), indicator=indicator.id)
            else:
                c.add("steps", N_("no question rates the indicator {indicator!r}"), indicator=indicator.id)

    if c.problems:
        raise FlowError(c.problems)
    return Flow(flow_id, version, role, messages, tuple(steps), changelog, path, fmt)


def _question(c: Checker, key: str, raw: Mapping[str, Any], fmt: int, role: Any,
              rated: set[str], extra: set[str], indicators: Indicators) -> Question | None:
    """Check one question step; None when it cannot be built."""
    for name in _FORMAT_2_KEYS:
        if fmt < 2 and name in raw:
            c.add(f"{key}.{name}", N_("the key {name!r} needs the file format 2"), name=name)
    c.unknown_keys(key, {k: v for k, v in raw.items() if k not in _FORMAT_2_KEYS},
                   _QUESTION_KEYS[fmt] + _FORMAT_2_KEYS)

    answer = raw.get("answer", SCALE_ANSWER)
    if answer not in ANSWER_KINDS:
        c.add(f"{key}.answer", N_("the answer must be scale, single or multiple, not {found!r}"), found=answer)
        answer = None

    indicator = raw.get("indicator")
    known = isinstance(indicator, str) and indicator in indicators
    if not known:
        c.add(f"{key}.indicator", N_("unknown indicator {indicator!r}: the indicators are in {file}"),
              indicator=indicator, file=INDICATORS_FILE)
    elif role in (PARTICIPANT, SUPERVISOR) and role not in indicators.by_id[indicator].asked_of:
        c.add(f"{key}.indicator", N_("the indicator {indicator!r} is not rated on the {role} form"),
              indicator=indicator, role=role)
    elif answer == SCALE_ANSWER:
        if indicator in rated:
            c.add(f"{key}.indicator", N_("the indicator {indicator!r} is rated twice: one scale question "
                                         "rates an indicator; ask this one as a single or multiple choice, "
                                         "or give it an indicator of its own"), indicator=indicator)
        rated.add(indicator)
    elif answer is not None:
        extra.add(indicator)

    help_text = raw.get("help")
    if help_text is not None and not _text(help_text):
        c.add(f"{key}.help", N_("the help must be a text"))
    short = raw.get("short")
    if short is not None and not _text(short):
        c.add(f"{key}.short", N_("the short name must be a text"))
        short = None
    elif short is not None and len(short) > SHORT_MAX:
        c.add(f"{key}.short", N_("the short name has more than {n} characters"), n=SHORT_MAX)

    anchors: tuple[Anchor, ...] | None = ()
    options: tuple[Option, ...] | None = ()
    if answer == SCALE_ANSWER:
        if "options" in raw and fmt >= 2:
            c.add(f"{key}.options", N_("a scale question has anchors, not options"))
            options = None
        anchors = _anchors(c, key, raw.get("anchors"))
    elif answer is not None:
        if "anchors" in raw:
            c.add(f"{key}.anchors", N_("a {answer} choice question has options, not anchors"), answer=answer)
            anchors = None
        options = _options(c, key, raw.get("options"))
    if answer is None or not known or anchors is None or options is None:
        return None
    return Question(raw.get("id"), indicator, raw.get("text"), anchors, help_text or None,
                    answer=answer, options=options, short=short or None)


def _anchors(c: Checker, key: str, raw: Any) -> tuple[Anchor, ...] | None:
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


def _options(c: Checker, key: str, raw: Any) -> tuple[Option, ...] | None:
    if not isinstance(raw, list):
        c.add(f"{key}.options", N_("a list of {low} to {high} options is needed"),
              low=MIN_OPTIONS, high=MAX_OPTIONS)
        return None
    ok = True
    if not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
        c.add(f"{key}.options", N_("a list of {low} to {high} options is needed, not {found}"),
              low=MIN_OPTIONS, high=MAX_OPTIONS, found=len(raw))
        ok = False
    options: list[Option] = []
    seen: set[str] = set()
    for n, entry in enumerate(raw):
        where = f"{key}.options[{n}]"
        if not isinstance(entry, dict):
            c.add(where, N_("each option must be a table with id and text"))
            ok = False
            continue
        c.unknown_keys(where, entry, ("id", "text", "note"))
        option_id, text, note = entry.get("id"), entry.get("text"), entry.get("note")
        if not is_id(option_id):
            c.add(f"{where}.id", N_("an id of lower-case letters, digits and _ is needed, not {found!r}"),
                  found=option_id)
            ok = False
        elif option_id in seen:
            c.add(f"{where}.id", N_("the id {id!r} is used twice"), id=option_id)
            ok = False
        else:
            seen.add(option_id)
        if not _text(text):
            c.add(f"{where}.text", N_("a text is needed"))
            ok = False
        if note is not None and not _text(note):
            c.add(f"{where}.note", N_("the note must be a text"))
            ok = False
        if ok:
            options.append(Option(option_id, text, note or None))
    return tuple(options) if ok else None


def read_toml(path: Path | str) -> dict[str, Any]:
    """The parsed TOML of ``path``; `FlowError` when it cannot be read or is not TOML."""
    path = Path(path)
    file = str(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FlowError([Problem(file, "file", N_("the file does not exist"))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowError([Problem(file, "file", N_("the file cannot be read: {reason}"),
                                 {"reason": getattr(exc, "strerror", None) or str(exc)})]) from None
    except tomllib.TOMLDecodeError as exc:
        raise FlowError([Problem(file, "toml", N_("not valid TOML: {reason}"), {"reason": str(exc)})]) from None


def load_flow(path: Path | str, indicators: Indicators | None = None) -> Flow:
    """Read and check a flow file; raise `FlowError` with every problem."""
    path = Path(path)
    return parse_flow(read_toml(path), str(path), path, indicators)


VERSIONS = "versions"
"""The sub-folder of a flows folder that keeps older versions."""
INDICATORS_FILE = "indicators.toml"


def indicators_for(path: Path | None, file: str | None = None) -> Indicators:
    """The indicators a flow (or guide) file at ``path`` is checked against: the
    ``indicators.toml`` of its flows folder (the folder above, for a kept
    version in ``versions/``), else those of the flows folder in use.
    `FlowError` (one line, for ``file``) when that file has problems."""
    from .indicators import all_indicators, load_indicators

    candidates = []
    if path is not None:
        folder = path.parent.parent if path.parent.name == VERSIONS else path.parent
        candidates.append(folder / INDICATORS_FILE)
    for candidate in candidates:
        if candidate.is_file():
            try:
                return load_indicators(candidate)
            except FlowError:
                raise FlowError([Problem(file or str(path), "indicators", N_(
                    "it cannot be checked: the indicators' file {indicators} has problems"),
                    {"indicators": str(candidate)})]) from None
    try:
        return all_indicators()
    except FlowError:
        raise FlowError([Problem(file or str(path), "indicators", N_(
            "it cannot be checked: the indicators' file of the flows in use has problems"))]) from None


class Translatable(Protocol):
    id: str
    path: Path | None

    def msgids(self) -> Iterator[tuple[str, str]]: ...


def check_translations(flow: Translatable, translated: Mapping[str, set[str]],
                       file: str | None = None) -> list[Problem]:
    """Problems for every text of a flow (or a guide) some language's catalog does not translate."""
    file = file or (str(flow.path) if flow.path else flow.id)
    problems = []
    for key, msgid in flow.msgids():
        for lang in sorted(translated):
            if msgid not in translated[lang]:
                problems.append(Problem(file, key, N_("the text is missing from the {lang} catalog"), {"lang": lang}))
    return problems
