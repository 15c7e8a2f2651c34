"""Readings: one pass of one flow about one participant by one rater.

A *reading* is what SKAPA calls a rating: the participant's self-assessment
or the supervisor's professional assessment, made on one flow (id and
version) for the meeting of one date. It records

- ``role``: whose form it is (``participant`` or ``supervisor``);
- ``rater``: who rated: ``None`` for the participant themself, else the
  supervisor's id;
- ``entry``: how it was entered: ``kiosk`` (the participant alone at the
  kiosk), ``live`` (the supervisor's form filled in at the meeting),
  ``paper`` (a paper form typed in afterwards: quick entry), ``handover``
  (the participant answering on the supervisor's terminal);
- ``entered_by``: the supervisor who typed it in (``None`` at the kiosk);
- ``meeting_date``: the date of the meeting it belongs to (today for live,
  kiosk and hand-over; the real, earlier date for paper).

Answers are typed (see `AnswerValue`): a 1-5 value for an anchored scale, an
option id for a single choice, a tuple of option ids for a multiple choice,
and ``None`` for "I'd rather not answer". A sent reading is never changed in
place: a `Correction` keeps the old and the new value, who, when and why;
`Reading.value` gives the value with the corrections applied. An unfinished
reading may be discarded at the desk: one with answers leaves a `Discard`.

Imports neither textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import NamedTuple

from .indicators import PARTICIPANT, SUPERVISOR

ENTRY_KIOSK = "kiosk"
ENTRY_LIVE = "live"
ENTRY_PAPER = "paper"
ENTRY_HANDOVER = "handover"
ENTRY_MODES = (ENTRY_KIOSK, ENTRY_LIVE, ENTRY_PAPER, ENTRY_HANDOVER)
ROLES = (PARTICIPANT, SUPERVISOR)

AnswerValue = int | str | tuple[str, ...] | None
"""1-5 (scale), an option id (single choice), option ids (multiple choice), or None (not answered)."""


def now() -> datetime:
    """The current time, timezone-aware UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def today() -> date:
    """Today's date where the program runs (meeting dates are local dates)."""
    return date.today()


class Answer(NamedTuple):
    """One answer of a reading. A named tuple rather than a frozen dataclass:
    as immutable, and made several times faster (a report over a large folder
    makes some 300,000 of them)."""

    item: str
    indicator: str | None  # the indicator the item belongs to, if any
    value: AnswerValue
    answered_at: datetime

    @property
    def given(self) -> bool:
        """True unless the person chose not to answer."""
        return self.value is not None


@dataclass(frozen=True)
class Correction:
    """A change to an answer of a sent reading: the old value is kept."""

    reading: str
    item: str
    old: AnswerValue
    new: AnswerValue
    by: str
    at: datetime
    why: str


@dataclass(frozen=True)
class Discard:
    """An unfinished reading that had answers was discarded (asked first, at
    the desk): which reading, whose form, how it was entered, for which
    meeting, how many answers it had, who discarded it and when. The answers
    themselves are gone. A reading with no answer is simply removed."""

    reading: str
    role: str
    entry: str
    meeting_date: date
    answers: int
    by: str
    at: datetime


@dataclass
class Reading:
    id: str
    flow: str
    flow_version: int
    role: str
    rater: str | None
    entry: str
    entered_by: str | None
    meeting_date: date
    lang: str
    started_at: datetime
    completed_at: datetime | None = None
    position: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.completed_at is not None

    def answer(self, item: str) -> Answer | None:
        """The answer to ``item`` with every correction applied (None when never answered)."""
        answer = self.answers.get(item)
        fixes = [c for c in self.corrections if c.item == item]
        if not fixes:
            return answer
        last = fixes[-1]
        return Answer(item, answer.indicator if answer else None, last.new, last.at)

    def value(self, item: str) -> AnswerValue:
        answer = self.answer(item)
        return None if answer is None else answer.value

    def by_indicator(self, indicator: str, item: str | None = None) -> Answer | None:
        """The (corrected) answer of the rated item of ``indicator``: ``item`` when
        given, else the first answer of that indicator whose value is 1-5."""
        if item is not None:
            return self.answer(item)
        for key, answer in self.answers.items():
            if answer.indicator == indicator:
                current = self.answer(key)
                if current is not None and isinstance(current.value, int):
                    return current
        return None
