"""Counting: one pass over the histories keeps a few numbers per person (never a code).

`count` reads each `History` once and gives `Counts`: the figures' sums and
tallies and, per side, one tuple per person, small and picklable so that
parts of a folder can be counted in other processes and merged
(`Counts.merge`). What is counted is described in `skapa_tui.logic.report`.

Beside each count and sum it keeps the sum of the *record keys* of the
people in it (`Cell.key`, `Tally.key`), which the protection turns into the
cell's noise (`skapa_tui.logic.report.protection`). A record key is a
64-bit number drawn from the person's secret (`secret_of`: the name of
their file, an HMAC of their code under the folder's key, which no report
reader has) and from exactly what the person brings to that cell:

- a count of people (in the period, counted on a side, on an indicator,
  who improved, with a gap, ...): the person alone (`person_keys`), so the
  same people make the same count wherever it is printed;
- a sum of one indicator's values: the ids of their first and latest
  reading in the period (`reading_key`) and the two values (`value_keys`),
  so that another period (other readings) or a correction of that
  indicator, and only of it, gives the cell another key;
- a sum of summed-score changes (and the SD of the first summed scores):
  those ids and every value.

So the same people with the same answers give the same key, and so the
same noise, in any report; another period, a correction or another person
gives another key.
Imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from hashlib import blake2b
from operator import attrgetter
from typing import Any

from ...domain.flow import Flow, FlowError
from ...domain.history import History, add_months
from ...domain.indicators import PARTICIPANT, SUPERVISOR, all_indicators
from ...domain.plan import mix
from ...domain.reading import Reading
from .figures import CHANGES, GAP, RECENT_MONTHS, SIDES

MASK = (1 << 64) - 1


def _constant(*parts: object) -> int:
    """A fixed 64-bit number named by ``parts`` (the same in every run and process)."""
    text = ":".join(map(str, parts)).encode()
    return int.from_bytes(blake2b(text, digest_size=8).digest(), "big")


@cache
def value_keys(indicator: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """For the indicator ``indicator``, a number for each value (1-5) of a first and of a latest reading:
a record key for a sum of that indicator is ``(first key ^ first[value]) +
(latest key ^ latest[value])``, so it changes with either value."""
    return (tuple(_constant("first", indicator, v) for v in range(6)),
            tuple(_constant("latest", indicator, v) for v in range(6)))


def person_keys(secret: bytes) -> tuple[int, int]:
    """The person's key (for counts of people) and the number their readings'
    keys are drawn with, both from their secret."""
    both = int.from_bytes(blake2b(b"skapa report", key=secret, digest_size=16).digest(), "big")
    return both >> 64, both & MASK


def reading_key(keys: tuple[int, int], reading: Reading) -> int:
    """The key of ``reading``: its id (64 random bits as the Store makes it; any
    other id hashed) under the person's number, so that no one without the
    person's secret can tell it; one to one, so two readings never share it."""
    text = reading.id
    try:
        raw = int(text, 16) if len(text) == 16 else None
    except ValueError:
        raw = None
    if raw is None:
        raw = int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "big")
    return raw ^ keys[1]


# -- one pass ------------------------------------------------------------------------

@dataclass
class Cell:
    """A count of people and the sum of their record keys (the cell's key, before mod 2**64)."""

    n: int = 0
    key: int = 0

    def add(self, key: int) -> None:
        self.n += 1
        self.key += key

    def merge(self, other: Cell) -> None:
        self.n += other.n
        self.key += other.key


@dataclass
class Tally:
    """One indicator of one side: the people counted (``counted``) with the sums of
    their first and latest values (and the sum of those values' record keys,
    ``key``); those left out; the ups, the sames and the downs."""

    counted: Cell = field(default_factory=Cell)
    no_answer: Cell = field(default_factory=Cell)
    improved: Cell = field(default_factory=Cell)
    same: Cell = field(default_factory=Cell)
    worse: Cell = field(default_factory=Cell)
    first: int = 0
    latest: int = 0
    key: int = 0

    def merge(self, other: Tally) -> None:
        for name in ("counted", "no_answer", "improved", "same", "worse"):
            getattr(self, name).merge(getattr(other, name))
        self.first += other.first
        self.latest += other.latest
        self.key += other.key


@dataclass
class Side:
    side: str
    indicators: tuple[str, ...]
    counted: Cell = field(default_factory=Cell)
    fewer_than_two: Cell = field(default_factory=Cell)
    too_few_answered: Cell = field(default_factory=Cell)
    tallies: dict[str, Tally] = field(default_factory=dict)
    # one (first summed score, latest summed score, mix, changes, people's key, values' key) per
    # person: no code
    people: list[tuple[float, float, str, str, int, int]] = field(default_factory=list)


def _ratings(reading: Reading, items: tuple[str | None, ...]) -> list[int | None]:
    """The 1-5 value in ``reading`` of each of ``items`` (the rated item of each of a
    side's indicators, None where the reading's flow rates it not), corrections
    applied: None when not answered, "I'd rather not answer" or not a rating (a
    bool is none either). This runs for every answer counted."""
    if reading.corrections:
        return [None if item is None or type(value := reading.value(item)) is not int or not 1 <= value <= 5
                else value for item in items]
    get = reading.answers.get  # the same, without looking for corrections
    return [None if item is None or (answer := get(item)) is None or type(value := answer.value) is not int
            or not 1 <= value <= 5 else value for item in items]


@dataclass
class Counts:
    """What one pass over some histories keeps (no code): the figures' sums, the
    tallies and their cells and, per side, one tuple per person. Small and
    picklable, so that parts of the folder can be counted in other processes
    and merged."""

    sides: dict[str, Side]
    gaps: dict[str, tuple[Cell, Cell]]      # indicator: (with both answers, with a gap)
    participants: Cell = field(default_factory=Cell)
    no_intervention: Cell = field(default_factory=Cell)
    with_follow_up: Cell = field(default_factory=Cell)
    overdue: Cell = field(default_factory=Cell)
    unreadable_files: int = 0
    unreadable_readings: int = 0

    def merge(self, other: Counts) -> None:
        """Add ``other`` (the counts of other histories) to these counts."""
        for name in ("participants", "no_intervention", "with_follow_up", "overdue"):
            getattr(self, name).merge(getattr(other, name))
        self.unreadable_files += other.unreadable_files
        self.unreadable_readings += other.unreadable_readings
        for side, s in self.sides.items():
            o = other.sides[side]
            for name in ("counted", "fewer_than_two", "too_few_answered"):
                getattr(s, name).merge(getattr(o, name))
            for indicator, tally in s.tallies.items():
                tally.merge(o.tallies[indicator])
            s.people.extend(o.people)
        for indicator, (n, gap) in self.gaps.items():
            n.merge(other.gaps[indicator][0])
            gap.merge(other.gaps[indicator][1])


def recent_window(last: date) -> tuple[date, date]:
    """(the first, the last day) of 'the last three months' of the period ending on ``last``."""
    return add_months(last, -RECENT_MONTHS), last


_sent_order = attrgetter("meeting_date", "completed_at")
"""`History.sent`'s order: by meeting date, then the time it was sent."""


def count(histories: Iterable[tuple[Any, bytes]], flow_for: Callable[[str, int], Flow],
          first: date, last: date, today: date) -> Counts:
    """One pass over ``histories`` (each with its person's secret; anything that is
    not a `History` is an unreadable file) for the period ``first`` to ``last``: their
    `Counts`."""
    indicators = all_indicators()
    orders = {side: tuple(i.id for i in indicators.asked_of(side)) for side in SIDES}
    items: dict[tuple[str, int, str], tuple[str | None, ...] | None] = {}

    def rated_items(reading: Reading, side: str) -> tuple[str | None, ...] | None:
        key = (reading.flow, reading.flow_version, side)
        if key not in items:
            try:
                flow = flow_for(reading.flow, reading.flow_version)
            except FlowError:
                items[key] = None
            else:
                # Only the indicators the flow rates: the others have no value to look up.
                items[key] = tuple(q.id if (q := flow.rated_question(i)) else None for i in orders[side])
        return items[key]

    sides = {side: Side(side, orders[side]) for side in SIDES}
    # per side and indicator (by position): people left out for no answer and their key, the
    # sums of the others' first and latest values and of those values' keys, the ups and the downs
    tallies = {side: [[0] * len(orders[side]) for _ in range(9)] for side in SIDES}
    value_key_of = {side: [value_keys(i) for i in orders[side]] for side in SIDES}
    both = indicators.rated_by_both()  # the gaps
    at = {side: {i: k for k, i in enumerate(orders[side])} for side in SIDES}
    gap_positions = [(k, at[PARTICIPANT][i], at[SUPERVISOR][i]) for k, i in enumerate(both)]
    # per indicator both sides rate (by position): people with both answers, their key; with a gap, theirs
    pairs, pairs_key, gaps_n, gaps_key = ([0] * len(both) for _ in range(4))
    counts = Counts(sides, {})
    participants, no_intervention = counts.participants, counts.no_intervention
    with_follow_up, overdue = counts.with_follow_up, counts.overdue
    recent_from, end = recent_window(last)

    for history, secret in histories:
        if not isinstance(history, History):
            counts.unreadable_files += 1
            continue
        keyed = person_keys(secret)
        me = keyed[0]
        follow_up = history.next_follow_up
        if follow_up is not None:
            with_follow_up.add(me)
            if follow_up < today:
                overdue.add(me)
        latest: dict[str, list[int | None]] = {}
        in_period = False
        sent: dict[str, list[Reading]] = {PARTICIPANT: [], SUPERVISOR: []}
        for reading in history.readings:  # History.sent's readings in the period, both sides in one go
            if reading.completed_at is not None and first <= reading.meeting_date <= last and reading.role in sent:
                sent[reading.role].append(reading)
        for side, s in sides.items():
            readings = []
            for reading in sorted(sent[side], key=_sent_order):
                found = rated_items(reading, side)
                if found is None:
                    counts.unreadable_readings += 1
                    continue
                readings.append((reading, found))
            if not readings:
                continue
            in_period = True
            two, two_items = readings[-1]
            latest[side] = twos = _ratings(two, two_items)
            if len(readings) < 2:
                s.fewer_than_two.add(me)
                continue
            one, one_items = readings[0]
            ones = _ratings(one, one_items)
            one_key, two_key = reading_key(keyed, one), reading_key(keyed, two)
            s.counted.add(me)
            missing, missing_key, firsts, latests, keys, up, up_key, down, down_key = tallies[side]
            unanswered = first_sum = latest_sum = values_key = 0
            for k, (a, b, (by_first, by_latest)) in enumerate(zip(ones, twos, value_key_of[side])):
                if a is None or b is None:
                    missing[k] += 1
                    missing_key[k] += me
                    unanswered += 1
                    continue
                firsts[k] += a
                latests[k] += b
                value_key = (one_key ^ by_first[a]) + (two_key ^ by_latest[b])
                keys[k] += value_key
                values_key += value_key
                if b > a:
                    up[k] += 1
                    up_key[k] += me
                elif b < a:
                    down[k] += 1
                    down_key[k] += me
                first_sum += a
                latest_sum += b
            answered = len(ones) - unanswered
            if 2 * answered < len(ones):
                s.too_few_answered.add(me)
                continue
            scale = len(ones) / answered
            day1, day2 = one.meeting_date, two.meeting_date
            changes = sum(1 for a in history.assignments if a.is_change and day1 <= a.on <= day2)
            s.people.append((first_sum * scale, latest_sum * scale, mix(history.interventions, day1, day2),
                             CHANGES[min(changes, 2)], me, values_key & MASK))
        if not in_period:
            continue
        participants.add(me)
        if not any(i.active_between(recent_from, end) for i in history.interventions):
            no_intervention.add(me)
        if len(latest) == 2:
            mine, theirs = latest[PARTICIPANT], latest[SUPERVISOR]
            for k, p, q in gap_positions:
                a, b = mine[p], theirs[q]
                if a is not None and b is not None:
                    pairs[k] += 1
                    pairs_key[k] += me
                    if abs(a - b) >= GAP:
                        gaps_n[k] += 1
                        gaps_key[k] += me

    counts.gaps = {i: (Cell(pairs[k], pairs_key[k]), Cell(gaps_n[k], gaps_key[k])) for k, i in enumerate(both)}
    for side, s in sides.items():  # the tallies by indicator
        missing, missing_key, firsts, latests, keys, up, up_key, down, down_key = tallies[side]
        for k, indicator in enumerate(s.indicators):
            n, n_key = s.counted.n - missing[k], s.counted.key - missing_key[k]
            same, same_key = n - up[k] - down[k], n_key - up_key[k] - down_key[k]
            s.tallies[indicator] = Tally(
                counted=Cell(n, n_key), no_answer=Cell(missing[k], missing_key[k]),
                improved=Cell(up[k], up_key[k]), same=Cell(same, same_key), worse=Cell(down[k], down_key[k]),
                first=firsts[k], latest=latests[k], key=keys[k])
    return counts
