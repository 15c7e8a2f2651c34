"""Counting: one pass over the histories keeps a few numbers per person (never a code).

`count` reads each `History` once and gives `Counts`: the figures' sums and
tallies and, per side, one tuple per person, small and picklable so that
parts of a folder can be counted in other processes and merged
(`Counts.merge`). What is counted is described in `skapa_tui.logic.report`.
Imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...domain.flow import Flow, FlowError
from ...domain.history import History, add_months
from ...domain.indicators import INDICATORS, PARTICIPANT, SUPERVISOR, asked_of
from ...domain.plan import mix
from ...domain.reading import Reading
from .figures import CHANGES, GAP, RECENT_MONTHS, SIDES

# -- one pass ------------------------------------------------------------------------

@dataclass
class Tally:
    n: int = 0
    no_answer: int = 0
    first: int = 0
    latest: int = 0
    improved: int = 0
    same: int = 0
    worse: int = 0


@dataclass
class Side:
    side: str
    indicators: tuple[str, ...]
    counted: int = 0
    fewer_than_two: int = 0
    too_few_answered: int = 0
    tallies: dict[str, Tally] = field(default_factory=dict)
    # one (first summed score, latest summed score, mix, changes) per person: no code
    people: list[tuple[float, float, str, str]] = field(default_factory=list)


def _ratings(reading: Reading, items: dict[str, str]) -> dict[str, int | None]:
    """``{indicator: its 1-5 value in reading, or None}`` of ``items``
    ({indicator: rated item}), corrections applied: None when not answered,
    "I'd rather not answer" or not a rating. (This runs for every answer counted.)"""
    if reading.corrections:
        values = {indicator: reading.value(item) for indicator, item in items.items()}
    else:  # the same, without looking for corrections
        get = reading.answers.get
        values = {indicator: None if (answer := get(item)) is None else answer.value
                  for indicator, item in items.items()}
    return {indicator: value if type(value) is int and 1 <= value <= 5 else None  # a bool is no rating
            for indicator, value in values.items()}


@dataclass
class Counts:
    """What one pass over some histories keeps (no code): the figures' sums,
    the tallies and, per side, one tuple per person. Small and picklable, so
    that parts of the folder can be counted in other processes and merged."""

    sides: dict[str, Side]
    gaps: dict[str, list[int]]
    participants: int = 0
    unreadable_files: int = 0
    unreadable_readings: int = 0
    no_intervention: int = 0
    overdue: int = 0
    with_follow_up: int = 0

    def merge(self, other: Counts) -> None:
        """Add ``other`` (the counts of other histories) to these counts."""
        for name in ("participants", "unreadable_files", "unreadable_readings", "no_intervention",
                     "overdue", "with_follow_up"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for side, s in self.sides.items():
            o = other.sides[side]
            s.counted += o.counted
            s.fewer_than_two += o.fewer_than_two
            s.too_few_answered += o.too_few_answered
            for indicator, tally in s.tallies.items():
                theirs = o.tallies[indicator]
                for name in ("n", "no_answer", "first", "latest", "improved", "same", "worse"):
                    setattr(tally, name, getattr(tally, name) + getattr(theirs, name))
            s.people.extend(o.people)
        for indicator, pair in self.gaps.items():
            pair[0] += other.gaps[indicator][0]
            pair[1] += other.gaps[indicator][1]


BOTH = tuple(i.id for i in INDICATORS if PARTICIPANT in i.asked_of and SUPERVISOR in i.asked_of)
"""The indicators both sides rate (the gaps)."""


def period_end(last: date | None, today: date) -> tuple[date, date]:
    """(the first, the last day) of 'the last three months' of the period."""
    end = last if last is not None else today
    return add_months(end, -RECENT_MONTHS), end


def count(histories: Iterable[Any], flow_for: Callable[[str, int], Flow],
           first: date | None, last: date | None, today: date) -> Counts:
    """One pass over ``histories``: their `Counts`."""
    items: dict[tuple[str, int], dict[str, str] | None] = {}

    def rated_items(reading: Reading) -> dict[str, str] | None:
        key = (reading.flow, reading.flow_version)
        if key not in items:
            try:
                flow = flow_for(*key)
            except FlowError:
                items[key] = None
            else:
                # Only the indicators the flow rates: the others have no value to look up.
                items[key] = {i.id: q.id for i in INDICATORS if (q := flow.rated_question(i.id))}
        return items[key]

    sides = {side: Side(side, tuple(i.id for i in asked_of(side))) for side in SIDES}
    for s in sides.values():
        s.tallies = {i: Tally() for i in s.indicators}
    both = BOTH
    gaps = {i: [0, 0] for i in both}
    participants = unreadable_files = unreadable_readings = 0
    no_intervention = overdue = with_follow_up = 0
    recent_from, end = period_end(last, today)

    for history in histories:
        if not isinstance(history, History):
            unreadable_files += 1
            continue
        follow_up = history.next_follow_up
        if follow_up is not None:
            with_follow_up += 1
            overdue += follow_up < today
        latest_values: dict[str, dict[str, int | None]] = {}
        in_period = False
        for side, s in sides.items():
            readings = []
            for reading in history.sent(side):
                if (first is not None and reading.meeting_date < first) or \
                        (last is not None and reading.meeting_date > last):
                    continue
                found = rated_items(reading)
                if found is None:
                    unreadable_readings += 1
                    continue
                readings.append((reading, found))
            if not readings:
                continue
            in_period = True
            two, two_items = readings[-1]
            latest_values[side] = twos = _ratings(two, two_items)
            if len(readings) < 2:
                s.fewer_than_two += 1
                continue
            s.counted += 1
            one, one_items = readings[0]
            ones = _ratings(one, one_items)
            firsts, latests = [], []
            tallies = s.tallies
            for indicator in s.indicators:
                a, b = ones.get(indicator), twos.get(indicator)
                tally = tallies[indicator]
                if a is None or b is None:
                    tally.no_answer += 1
                    continue
                tally.n += 1
                tally.first += a
                tally.latest += b
                if b > a:
                    tally.improved += 1
                elif b < a:
                    tally.worse += 1
                else:
                    tally.same += 1
                firsts.append(a)
                latests.append(b)
            if 2 * len(firsts) < len(s.indicators):
                s.too_few_answered += 1
                continue
            scale = len(s.indicators) / len(firsts)
            day1, day2 = one.meeting_date, two.meeting_date
            changes = sum(1 for a in history.assignments if a.is_change and day1 <= a.on <= day2)
            s.people.append((sum(firsts) * scale, sum(latests) * scale,
                             mix(history.interventions, day1, day2), CHANGES[min(changes, 2)]))
        if not in_period:
            continue
        participants += 1
        if not any(i.active_between(recent_from, end) for i in history.interventions):
            no_intervention += 1
        if len(latest_values) == 2:
            mine, theirs = latest_values[PARTICIPANT], latest_values[SUPERVISOR]
            for indicator in both:
                a, b = mine.get(indicator), theirs.get(indicator)
                if a is not None and b is not None:
                    gaps[indicator][0] += 1
                    gaps[indicator][1] += abs(a - b) >= GAP

    return Counts(sides, gaps, participants, unreadable_files, unreadable_readings,
                   no_intervention, overdue, with_follow_up)
