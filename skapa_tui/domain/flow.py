"""Flows are data: a dialog (questions, anchors, options, messages) read from a TOML file.

A flow file is declared once, by `FlowFile` and the Structs it names
(`FlowMessages`, `Topic`, `Question`, `Anchor`, `Option`, the shared
`formats.ChangelogEntry`): each key, its type, whether it may be left out,
its constraints and its meaning. ``skapa flows format`` (`describe_flow`)
prints that reference; `parse_flow` reads and checks a file with it, then
applies the rules across keys below. Texts are English msgids; the Swedish
and the Danish live in the gettext catalogs. The steps are a tagged union on
``type`` (topic, question); a question's ``answer`` (scale, the default;
single; multiple) says which of ``anchors`` and ``options`` it has.

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
problem found (`formats.decode`: every key that does not fit; once they all
do, every rule across keys). Problems are msgids with named fields so the
CLI can say them in the user's language. Older versions of a flow are kept unchanged in
``flows/versions/<id>.v<N>.toml`` (copy the file there before bumping
`version`) and found through `skapa_tui.domain.library.FlowLibrary`.
This module imports neither textual nor rich.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Final, Literal, Protocol

import msgspec
from msgspec import Meta

from .formats import (
    COUNT,
    FOUND,
    Changelog,
    ChangelogEntry,
    FlowError,
    Id,
    Problem,
    Problems,
    Table,
    Text,
    Version,
    check_changelog,
    check_unique,
    decode,
    describe,
    is_id,
    read_toml,
    says,
)
from .indicators import N_, SCALE, SHORT_MAX, Indicators, Short

__all__ = ["ChangelogEntry", "FlowError", "Problem", "is_id", "read_toml", "SHORT_MAX"]

FORMATS = (1, 2)
"""The flow file formats this code reads."""
FORMAT = FORMATS[-1]
"""The newest flow file format."""

SCALE_ANSWER: Final = "scale"
SINGLE_ANSWER: Final = "single"
MULTIPLE_ANSWER: Final = "multiple"
AnswerKind = Literal["scale", "single", "multiple"]
ANSWER_KINDS: tuple[str, ...] = typing.get_args(AnswerKind)
MIN_OPTIONS, MAX_OPTIONS = 2, 12
FORMAT_2_KEYS = ("answer", "options")
"""The keys of a question that format 1 does not have."""

RESERVED_IDS = ("intro", "review", "done")
"""State names of the dialog machine that a step id must not take."""
INDICATORS_FILE = "indicators.toml"


class FlowMessages(Table, frozen=True):
    """What the program says around the questions (``[messages]``)."""

    greeting: Annotated[Text, Meta(description="the first words, before the first question")]
    welcome_back: Annotated[Text, Meta(description="to a participant who goes on with an unfinished reading")]
    review: Annotated[Text, Meta(description="above the answers, before they are sent")]
    thanks: Annotated[Text, Meta(description="after the answers are sent")]


MESSAGE_KEYS: tuple[str, ...] = FlowMessages.__struct_fields__


class Anchor(Table, frozen=True):
    """One step of a scale question: its value and what it means."""

    NOT_A_TABLE: ClassVar[str] = N_("each anchor must be a table with value and text")

    value: Annotated[int, Meta(ge=SCALE[0], le=SCALE[-1], description="the value on the scale", extra={
        "problem": says(N_("the value must be 1, 2, 3, 4 or 5, not {found!r}"), found=FOUND)})]
    text: Annotated[Text, Meta(description="what the value means")]


class Option(Table, frozen=True):
    """One choice of a single or multiple choice question."""

    NOT_A_TABLE: ClassVar[str] = N_("each option must be a table with id and text")

    id: Annotated[Id, Meta(description="stable like an item id: a single choice's answer is stored as it")]
    text: Text
    note: Annotated[Text, Meta(description="shown beside the option", extra={
        "problem": says(N_("the note must be a text"))})] | None = None


class StepTable(Table, frozen=True, tag_field="type"):
    """A step of a flow (``[[steps]]``): its ``type`` says which."""

    NOT_A_TABLE: ClassVar[str] = N_("each step must be a table")
    KEY: ClassVar[str | None] = "id"

    @property
    def type(self) -> str:
        """The step's kind, as its ``type`` in the file: topic or question."""
        return str(self.__struct_config__.tag)


class Topic(StepTable, frozen=True, tag="topic"):
    """A message between groups of questions."""

    id: Annotated[Id, Meta(description="stable step id")]
    text: Text


class Question(StepTable, frozen=True, tag="question"):
    """A question: a scale (the default) rates its indicator with one of the
    anchors; a single or multiple choice (format 2) is an extra item of its
    indicator, answered with one or more of its options."""

    id: Annotated[Id, Meta(description="stable item id, stored with each answer")]
    indicator: Annotated[str, Meta(description="an indicator of the flows folder's indicators.toml", extra={
        "problem": says(N_("unknown indicator {indicator!r}: the indicators are in {file}"),
                        indicator=FOUND, file=INDICATORS_FILE)})]
    text: Text
    answer: Annotated[AnswerKind, Meta(
        description="scale: one of the anchors; single: one option; multiple: one or more options (format 2)",
        extra={"problem": says(N_("the answer must be scale, single or multiple, not {found!r}"), found=FOUND)})
    ] = SCALE_ANSWER
    help: Annotated[Text, Meta(description="help shown with the question", extra={
        "problem": says(N_("the help must be a text"))})] | None = None
    short: Annotated[Short, Meta(description="a few words from the question, for charts and tables")] | None = None
    anchors: Annotated[tuple[Anchor, ...], Meta(description="a scale's: exactly one anchor for each value 1-5", extra={
        "problem": says(N_("a list of anchors for the values 1 to 5 is needed"))})] = ()
    options: Annotated[tuple[Option, ...], Meta(
        min_length=MIN_OPTIONS, max_length=MAX_OPTIONS, description="a single or multiple choice's (format 2)",
        extra={"problem": says(N_("a list of {low} to {high} options is needed"), low=MIN_OPTIONS, high=MAX_OPTIONS),
               "count": says(N_("a list of {low} to {high} options is needed, not {found}"),
                             low=MIN_OPTIONS, high=MAX_OPTIONS, found=COUNT)})] = ()

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


Step = Question | Topic


class FlowFile(Table, frozen=True):
    """A flow: the questions, anchors, options and messages of one form, in a
    TOML file of ``flows/``. Texts are English msgids; the Swedish and the
    Danish live in the gettext catalogs."""

    format: Annotated[Literal[1, 2], Meta(
        description="the flow file format: 1 (every question a scale) or 2 (answer and options too)",
        extra={"problem": says(N_("the file format must be a number from {low} to {high}, not {found!r}"),
                               low=FORMATS[0], high=FORMATS[-1], found=FOUND)})]
    id: Annotated[Id, Meta(description="stable flow id")]
    version: Annotated[Version, Meta(description="bump on any change that alters meaning, after keeping a copy "
                                                 "of the file in versions/")]
    role: Annotated[Literal["participant", "supervisor"], Meta(description="whose form it is", extra={
        "problem": says(N_("the role must be participant or supervisor, not {found!r}"), found=FOUND)})]
    changelog: Changelog
    messages: Annotated[FlowMessages, Meta(extra={"problem": says(N_("a [messages] table is needed"))})]
    steps: Annotated[tuple[Annotated[Step, Meta(extra={"tag": says(
        N_("the type must be question or topic, not {found!r}"), found=FOUND)})], ...], Meta(
        min_length=1, description="the questions and topics, in order",
        extra={"problem": says(N_("at least one step is needed"))})]


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


def describe_flow() -> str:
    """The flow file format's reference, from its declarations."""
    return describe(FlowFile, "The flow file format")


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
    decoded = decode(data, FlowFile, file)
    p = Problems(file)
    check_changelog(p, decoded.version, decoded.changelog)
    for step in decoded.steps:
        if step.id in RESERVED_IDS:
            p.add(f"steps.{step.id}.id", N_("the id {id!r} is reserved"), id=step.id)
    check_unique(p, ((f"steps.{s.id}.id", s.id) for s in decoded.steps if s.id not in RESERVED_IDS))
    if not any(isinstance(s, Question) for s in decoded.steps):
        p.add("steps", N_("at least one question is needed"))
    rated: set[str] = set()
    extra: set[str] = set()
    steps: list[Step] = []
    for step, raw in zip(decoded.steps, data["steps"]):
        if isinstance(step, Question):
            step = _checked_question(p, step, raw, decoded.format, decoded.role, indicators, rated, extra)
        steps.append(step)
    if complete:
        for indicator in indicators.asked_of(decoded.role):
            if indicator.id in rated:
                continue
            if indicator.id in extra:
                p.add("steps", N_("the indicator {indicator!r} has only extra items: a scale question "
                                  "must rate it"), indicator=indicator.id)
            else:
                p.add("steps", N_("no question rates the indicator {indicator!r}"), indicator=indicator.id)
    p.raise_any()
    return Flow(decoded.id, decoded.version, decoded.role, msgspec.structs.asdict(decoded.messages), tuple(steps),
                decoded.changelog, path, decoded.format)


def _checked_question(p: Problems, q: Question, raw: Mapping[str, Any], fmt: int, role: str,
                      indicators: Indicators, rated: set[str], extra: set[str]) -> Question:
    """The rules of one question across its keys and the file; the question with its anchors in order."""
    key = f"steps.{q.id}"
    for name in FORMAT_2_KEYS:
        if fmt < 2 and name in raw:
            p.add(f"{key}.{name}", N_("the key {name!r} needs the file format 2"), name=name)
    if q.indicator not in indicators:
        p.add(f"{key}.indicator", N_("unknown indicator {indicator!r}: the indicators are in {file}"),
              indicator=q.indicator, file=INDICATORS_FILE)
    elif role not in indicators.by_id[q.indicator].asked_of:
        p.add(f"{key}.indicator", N_("the indicator {indicator!r} is not rated on the {role} form"),
              indicator=q.indicator, role=role)
    elif q.rates:
        if q.indicator in rated:
            p.add(f"{key}.indicator", N_("the indicator {indicator!r} is rated twice: one scale question "
                                         "rates an indicator; ask this one as a single or multiple choice, "
                                         "or give it an indicator of its own"), indicator=q.indicator)
        rated.add(q.indicator)
    else:
        extra.add(q.indicator)
    if not q.rates:
        if "anchors" in raw:
            p.add(f"{key}.anchors", N_("a {answer} choice question has options, not anchors"), answer=q.answer)
        if "options" not in raw:
            p.add(f"{key}.options", N_("a list of {low} to {high} options is needed"),
                  low=MIN_OPTIONS, high=MAX_OPTIONS)
        check_unique(p, ((f"{key}.options[{n}].id", o.id) for n, o in enumerate(q.options)))
        return q
    if "options" in raw and fmt >= 2:
        p.add(f"{key}.options", N_("a scale question has anchors, not options"))
    if "anchors" not in raw:
        p.add(f"{key}.anchors", N_("a list of anchors for the values 1 to 5 is needed"))
        return q
    seen: set[int] = set()
    for n, anchor in enumerate(q.anchors):
        if anchor.value in seen:
            p.add(f"{key}.anchors[{n}].value", N_("the value {value} has two anchors"), value=anchor.value)
        seen.add(anchor.value)
    for value in SCALE:
        if value not in seen:
            p.add(f"{key}.anchors", N_("the anchor for the value {value} is missing"), value=value)
    return msgspec.structs.replace(q, anchors=tuple(sorted(q.anchors, key=lambda a: a.value)))


def load_flow(path: Path | str, indicators: Indicators | None = None) -> Flow:
    """Read and check a flow file; raise `FlowError` with every problem."""
    path = Path(path)
    return parse_flow(read_toml(path), str(path), path, indicators)


VERSIONS = "versions"
"""The sub-folder of a flows folder that keeps older versions."""


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
    @property
    def id(self) -> str: ...

    @property
    def path(self) -> Path | None: ...

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
