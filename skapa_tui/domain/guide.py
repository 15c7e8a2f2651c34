"""The conversation guide as data: what the supervisor's screen suggests
while the participant and the supervisor talk over their two readings.

The guide lives beside the flows, in ``flows/conversation.toml``, declared
once by `GuideFile` (``skapa flows format guide`` prints its reference).
Texts are English msgids, translated in the gettext catalogs like a flow's.

Every indicator of the flows folder's ``indicators.toml`` (both forms') has one or two
questions, and no other key is allowed. `load_guide` reads and checks a file
and raises `FlowError` with every problem found, as `load_flow` does.
`is_guide` tells a guide from a flow by its id and keys (the Babel extractor
and ``skapa flows check`` read both kinds from ``flows/``).

This module imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from .flow import indicators_for
from .formats import (
    FOUND,
    Changelog,
    ChangelogEntry,
    Id,
    Problems,
    Table,
    Text,
    Version,
    check_changelog,
    decode,
    describe,
    read_toml,
    says,
)
from .indicators import N_, Indicators

GUIDE_ID = "conversation"
"""The id of the shipped conversation guide (``flows/conversation.toml``)."""
GUIDE_FORMAT = 1
"""The guide file format this code reads."""
MAX_QUESTIONS = 2
"""Questions for one indicator: one or two."""


class GuideMessages(Table, frozen=True):
    """What the supervisor's screen says beside the two readings (``[messages]``)."""

    gap: Annotated[Text, Meta(description="the two ratings differ by two or more steps: a place to start talking")]
    far_apart: Annotated[Text, Meta(description="the two readings are more than a month apart")]
    sparring: Annotated[Text, Meta(description="the supervisor's belief is at 1 or 2: talk it over with a "
                                               "colleague")]


GUIDE_MESSAGE_KEYS: tuple[str, ...] = GuideMessages.__struct_fields__

_QUESTIONS_PROBLEM = says(N_("one or two questions are needed, as a list of texts"))


class GuideFile(Table, frozen=True):
    """The conversation guide (``flows/conversation.toml``): what the supervisor's
    screen suggests while the participant and the supervisor talk over their
    two readings. Texts are English msgids, translated in the catalogs."""

    format: Annotated[Literal[1], Meta(description="the guide file format this code reads", extra={
        "problem": says(N_("the file format must be {expected}, not {found!r}"), expected=GUIDE_FORMAT, found=FOUND)})]
    id: Annotated[Id, Meta(description="stable guide id")]
    version: Annotated[Version, Meta(description="bump on any change that alters meaning")]
    changelog: Changelog
    messages: Annotated[GuideMessages, Meta(extra={"problem": says(N_("a [messages] table is needed"))})]
    questions: Annotated[dict[str, Annotated[tuple[Text, ...], Meta(
        min_length=1, max_length=MAX_QUESTIONS, extra={"problem": _QUESTIONS_PROBLEM, "count": _QUESTIONS_PROBLEM})]],
        Meta(description="one or two open, resource-focused questions under each indicator's id, for every "
                         "indicator of indicators.toml and no other",
             extra={"problem": says(N_("a [questions] table is needed"))})]


@dataclass(frozen=True)
class Guide:
    id: str
    version: int
    messages: Mapping[str, str]
    questions: Mapping[str, tuple[str, ...]]  # indicator id -> its open questions
    changelog: tuple[ChangelogEntry, ...]
    path: Path | None = None

    def questions_for(self, indicator: str) -> tuple[str, ...]:
        """The open questions for ``indicator`` (empty for an unknown one)."""
        return self.questions.get(indicator, ())

    def msgids(self) -> Iterator[tuple[str, str]]:
        """Every text of the guide that a catalog must translate, with its key."""
        for name in GUIDE_MESSAGE_KEYS:
            yield f"messages.{name}", self.messages[name]
        for indicator, texts in self.questions.items():
            for n, text in enumerate(texts):
                yield f"questions.{indicator}[{n}]", text


def describe_guide() -> str:
    """The conversation guide's file format reference, from its declarations."""
    return describe(GuideFile, "The conversation guide's file format")


def is_guide(data: Mapping[str, Any]) -> bool:
    """Whether parsed TOML is a conversation guide rather than a flow."""
    if data.get("id") == GUIDE_ID:
        return True
    return isinstance(data.get("questions"), dict) and "steps" not in data and "role" not in data


def parse_guide(data: Mapping[str, Any], file: str = "<guide>", path: Path | None = None,
                indicators: Indicators | None = None) -> Guide:
    """Check parsed TOML and build a `Guide`; raise `FlowError` listing every problem.
    ``indicators``: those it must have questions for (default: `flow.indicators_for`)."""
    if indicators is None:
        indicators = indicators_for(path, file)
    decoded = decode(data, GuideFile, file)
    p = Problems(file)
    check_changelog(p, decoded.version, decoded.changelog)
    for indicator in decoded.questions:
        if indicator not in indicators:
            p.add(f"questions.{indicator}", N_("unknown indicator {indicator!r}: the indicators are in {file}"),
                  indicator=indicator, file="indicators.toml")
    for known in indicators:
        if known.id not in decoded.questions:
            p.add("questions", N_("the indicator {indicator!r} has no questions"), indicator=known.id)
    p.raise_any()
    ordered = {i.id: decoded.questions[i.id] for i in indicators}
    return Guide(decoded.id, decoded.version, msgspec.structs.asdict(decoded.messages), ordered, decoded.changelog,
                 path)


def load_guide(path: Path | str, indicators: Indicators | None = None) -> Guide:
    """Read and check a guide file; raise `FlowError` with every problem."""
    path = Path(path)
    return parse_guide(read_toml(path), str(path), path, indicators)
