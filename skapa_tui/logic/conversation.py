"""The guided conversation: the participant's and the supervisor's readings side by side.

`compare` sets the two latest readings next to each other, one
`IndicatorComparison` for each indicator in the order of the flows'
``indicators.toml`` (`domain.indicators.all_indicators`). Each side's answer is read with the
corrections applied, and its anchor text is taken from the flow *version the
reading was made on* (``flow_for(reading)``), never from today's flow: an
anchor may have been reworded since. "I'd rather not answer" stays what it
is (a `Rating` whose ``value`` is None), never a number. Where both sides
gave a value and they lie two or more steps apart, the conversation starts
there (``start_here``) with the guide's questions for that indicator; a
supervisor's belief at 1 or 2 suggests sparring with a colleague (BIP: a
believing supervisor raises the chance of a job by about a third).

The guide is duck-typed: ``guide.questions`` maps an indicator id to its
questions (msgids) and ``guide.messages`` has the texts ``gap``,
``far_apart`` and ``sparring``. Imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain.flow import Flow, Question
from ..domain.indicators import SCALE, Indicator, all_indicators
from ..domain.reading import Reading

START_HERE_GAP = 2
"""Two sides this many steps apart (or more) are where the conversation starts."""
SPARRING_BELIEF = (1, 2)
"""The supervisor's belief values that suggest sparring with a colleague."""
SUPERVISOR_BELIEF = "supervisor_belief"
FAR_APART_DAYS = 31
"""Readings whose meeting dates lie further apart than this are compared with care."""


@dataclass(frozen=True)
class Rating:
    """One side's answer about one indicator."""

    item: str
    value: int | None   # 1-5; None: "I'd rather not answer"
    anchor: str | None  # the anchor's msgid in the reading's own flow version (None when skipped)
    date: date          # the reading's meeting date

    @property
    def skipped(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class IndicatorComparison:
    indicator: Indicator
    participant: Rating | None  # None: this side does not rate it, or gave no answer at all
    supervisor: Rating | None
    gap: int | None              # the distance when both gave 1-5
    start_here: bool
    questions: tuple[str, ...]   # the guide's questions when start_here
    sparring: bool


def rated_question(flow: Flow, indicator: str) -> Question | None:
    """The one scale question of ``flow`` that rates ``indicator`` (None when none does).

    Uses ``Flow.rated_question`` where the flow has it; else the first question
    of that indicator that has anchors."""
    method = getattr(flow, "rated_question", None)
    if callable(method):
        return method(indicator)
    for question in flow.questions:
        if (question.indicator == indicator and getattr(question, "anchors", None)
                and getattr(question, "type", "question") == "question"):
            return question
    return None


def rating(reading: Reading | None, indicator: str, flow_for: Callable[[Reading], Flow]) -> Rating | None:
    """``reading``'s (corrected) answer about ``indicator``, read with its own flow version."""
    if reading is None:
        return None
    question = rated_question(flow_for(reading), indicator)
    if question is None:
        return None
    answer = reading.answer(question.id)
    if answer is None:
        return None
    value = answer.value
    if value is None:
        return Rating(question.id, None, None, reading.meeting_date)
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        return None  # not a scale value: nothing to compare
    return Rating(question.id, value, question.anchor(value).text, reading.meeting_date)


def _ordered(indicators: Iterable[Indicator | str] | None) -> list[Indicator]:
    known = all_indicators()
    if indicators is None:
        return list(known)
    wanted = {i if isinstance(i, str) else i.id for i in indicators}
    unknown = wanted - set(known.ids)
    if unknown:
        raise ValueError(f"unknown indicators {sorted(unknown)!r}")
    return [i for i in known if i.id in wanted]


def compare(participant: Reading | None, supervisor: Reading | None,
            flow_for: Callable[[Reading], Flow], guide: Any,
            indicators: Iterable[Indicator | str] | None = None) -> list[IndicatorComparison]:
    """The two readings side by side, one comparison for each of ``indicators``
    (ids or `Indicator`s; default: every one), in the indicators' order."""
    found = []
    for indicator in _ordered(indicators):
        mine = rating(participant, indicator.id, flow_for)
        theirs = rating(supervisor, indicator.id, flow_for)
        gap = None
        if mine is not None and theirs is not None and mine.value is not None and theirs.value is not None:
            gap = abs(mine.value - theirs.value)
        start_here = gap is not None and gap >= START_HERE_GAP
        questions = tuple(guide.questions.get(indicator.id, ())) if start_here else ()
        sparring = (indicator.id == SUPERVISOR_BELIEF and theirs is not None
                    and theirs.value in SPARRING_BELIEF)
        found.append(IndicatorComparison(indicator, mine, theirs, gap, start_here, questions, sparring))
    return found


def far_apart(participant: Reading | None, supervisor: Reading | None) -> bool:
    """True when both readings are there and their meeting dates lie more than
    `FAR_APART_DAYS` apart."""
    if participant is None or supervisor is None:
        return False
    return abs((participant.meeting_date - supervisor.meeting_date).days) > FAR_APART_DAYS


def guide_messages(comparisons: Iterable[IndicatorComparison], participant: Reading | None,
                   supervisor: Reading | None, guide: Any) -> list[str]:
    """The guide's messages (msgids) that apply: ``far_apart`` first, then
    ``gap`` when the conversation has somewhere to start, then ``sparring``."""
    comparisons = list(comparisons)
    keys = []
    if far_apart(participant, supervisor):
        keys.append("far_apart")
    if any(c.start_here for c in comparisons):
        keys.append("gap")
    if any(c.sparring for c in comparisons):
        keys.append("sparring")
    return [guide.messages[key] for key in keys]


# ---- the whole conversation and the extra items ------------------------------


@dataclass(frozen=True)
class ExtraAnswer:
    """A supervisor's answer to an extra item of an indicator (wage expectations,
    job-search channels): the options chosen, read with the reading's own flow version."""

    item: str
    question: str                     # the question's msgid
    chosen: tuple[Any, ...]           # the chosen `Option`s (text and note are msgids)
    date: date

    @property
    def skipped(self) -> bool:
        return not self.chosen


def extra_answers(reading: Reading | None, indicator: str,
                  flow_for: Callable[[Reading], Flow]) -> tuple[ExtraAnswer, ...]:
    """``reading``'s (corrected) answers to the extra items of ``indicator``, in
    the flow's order; an item never answered is left out, one the rater chose not
    to answer has no options chosen."""
    if reading is None:
        return ()
    flow = flow_for(reading)
    method = getattr(flow, "extra_items", None)
    items = method(indicator) if callable(method) else ()
    found = []
    for question in items:
        answer = reading.answer(question.id)
        if answer is None:
            continue
        value = answer.value
        ids = (value,) if isinstance(value, str) else value if isinstance(value, tuple) else ()
        by_id = {option.id: option for option in question.options}
        chosen = tuple(by_id[i] for i in ids if i in by_id)
        found.append(ExtraAnswer(question.id, question.text, chosen, reading.meeting_date))
    return tuple(found)


@dataclass(frozen=True)
class Conversation:
    """What the conversation screen shows: the two latest readings, one comparison
    for each indicator, the supervisor's extra answers by indicator and the
    guide's messages that apply (msgids)."""

    participant: Reading | None
    supervisor: Reading | None
    rows: tuple[IndicatorComparison, ...]
    extras: dict[str, tuple[ExtraAnswer, ...]]
    messages: tuple[str, ...]

    @property
    def far_apart(self) -> bool:
        return far_apart(self.participant, self.supervisor)


def conversation(participant: Reading | None, supervisor: Reading | None,
                 flow_for: Callable[[Reading], Flow], guide: Any,
                 indicators: Iterable[Indicator | str] | None = None) -> Conversation:
    """The two readings set side by side for the guided conversation."""
    wanted = _ordered(indicators)
    rows = compare(participant, supervisor, flow_for, guide, wanted)
    extras = {i.id: extra_answers(supervisor, i.id, flow_for) for i in wanted}
    messages = guide_messages(rows, participant, supervisor, guide)
    return Conversation(participant, supervisor, tuple(rows), extras, tuple(messages))
