"""The organisation's report: what the work as a whole achieves, never one person.

`build_report` reads every participant's `History` once (one pass; only a
few numbers per person are kept, never a code) and gives a `Report` of
aggregates (`store_report` gives the same for a whole `Store`, reading a
large folder in two halves at once, in two processes); `render` writes it as text, JSON, CSV or a self-contained HTML
page in the current language (`skapa_tui.i18n`), with numbers formatted by
Babel in text and HTML. Imports neither textual nor rich.

What is counted
---------------

- **The period** is ``first`` to ``last`` (inclusive, either open): a
  reading counts when its meeting date lies in it. A participant is *in the
  period* with at least one sent reading (of either side) in it.
- Each reading is read against its own flow version (``flow_for(flow,
  version)``, e.g. `FlowLibrary.version`): the value of an indicator is the
  (corrected) answer to the flow's scale item rating it. A reading whose
  flow version is not kept cannot be read: it is left out and counted.
- **"I'd rather not answer" is missing, never 0**: a missing value is left
  out of every figure it would be part of.
- **Change** is the latest minus the first sent reading of the same side
  (participant or supervisor, never mixed) in the period. Only people with
  at least two such readings count; the report says how many were left out
  for having fewer, and, per indicator, how many had no answer on that
  indicator in one of the two readings.
- **The summed score** of a reading is the sum over the indicators its side
  rates (`asked_of`), *prorated*: the indicators answered in *both* the first
  and the latest reading are summed and scaled up to the full number of the
  side's indicators (mean of the answered ones x their number). So the two
  readings of a person are compared on the same indicators, and people with
  a missing answer stay on the same scale as the others. A person with fewer
  than half of the side's indicators answered in both readings is left out
  of the summed score (and counted, with that reason).
- **Reliable change** (Jacobson & Truax 1991): ``RCI = (latest - first) /
  S_diff`` with ``S_diff = sqrt(2) * SD1 * sqrt(1 - r)``, where ``SD1`` is
  the standard deviation (n - 1) of the first readings' summed scores of the
  people counted (the baseline SD) and ``r`` the test-retest reliability
  `RELIABILITY`. A change is reliable when ``|RCI| > 1.96``; the report
  gives the shares improved / no reliable change / deteriorated, and prints
  ``r``, the baseline SD and the smallest reliable change in points.
- **Intervention mix** (`domain.plan.mix`) and **supervisor changes** (each
  `Assignment.is_change` dated from the first to the latest reading, both
  days included: 0, 1, 2+) are taken between each person's first and latest
  reading of that side; the groups' figures are on the summed score.
- **No active intervention in the last three months**: of the participants
  in the period, the share with no intervention active on any day of the
  `RECENT_MONTHS` months up to the end of the period (``last``, else
  ``today``).
- **Overdue follow-ups** are a figure of today, not of the period: of every
  participant with a next follow-up (`History.next_follow_up`), those whose
  date lies before ``today``.
- **Gaps**: per indicator that both sides rate, the people whose latest
  participant and latest supervisor readings in the period differ by 2 or
  more (of those with an answer from both).

Aggregates only
---------------

No code or other personal datum enters the `Report`. A group of people
with figures (an indicator's counted people, a group of the mix or of the
supervisor changes, the people with a gap, ...) of 1 to 4 people shows
`SUPPRESSED` ("<5") instead of its size and figures. In the tables that
split the counted people into groups (mix, supervisor changes), a
suppressed group also hides the figures of the table's total (the
summed-score row of all, whose mean would give the group's away; its size
stays, as the counts left out give it) and the next smallest groups
(`HIDDEN`, "x") until two or more groups of together 5 or more people are
hidden, as the total can be worked out from the counts left out.
A share needs `MIN_SHARE` people, else `FEW_FOR_SHARE` ("<10"). Counts of
people left out carry no figures and are given as they are.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import statistics
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Union

from ..domain.flow import Flow, FlowError
from ..domain.history import History, add_months
from ..domain.indicators import BY_ID, INDICATORS, N_, PARTICIPANT, SUPERVISOR, asked_of
from ..domain.plan import mix
from ..domain.reading import Reading

RELIABILITY = 0.8
"""The test-retest reliability of the summed score that the reliable-change
figure assumes. BIP publishes none for its indicators; 0.8 is the usual
floor for a scale used to judge change in individuals, so it is an
assumption, printed beside every reliable-change figure. Change it here only."""
RELIABLE_Z = 1.96
"""|RCI| above this is a reliable change (5 % two-sided)."""
MIN_GROUP = 5
"""A group of fewer people shows `SUPPRESSED` instead of its figures."""
MIN_SHARE = 10
"""A share needs at least this many people, else `FEW_FOR_SHARE`."""
RECENT_MONTHS = 3
"""'The last three months' of the share with no active intervention."""
GAP = 2
"""A difference of this much or more between the two sides' latest ratings is a gap."""

SUPPRESSED = "<5"
FEW_FOR_SHARE = "<10"
HIDDEN = "x"

SIDES = (PARTICIPANT, SUPERVISOR)
MIXES = ("none", "one_group", "combined_job", "combined_no_job")
CHANGES = ("0", "1", "2+")
FORMATS = ("text", "json", "csv", "html")

Figure = Union[int, float, str, None]
"""A number, a marker (`SUPPRESSED`, `FEW_FOR_SHARE`, `HIDDEN`) or None (no one to count)."""

SIDE_NAMES = {PARTICIPANT: N_("Participants' own ratings"), SUPERVISOR: N_("Supervisors' ratings")}
MIX_NAMES = {
    "none": N_("No intervention"),
    "one_group": N_("One group of interventions only"),
    "combined_job": N_("Combined, with a job-focused part"),
    "combined_no_job": N_("Combined, without a job-focused part"),
}
CHANGE_NAMES = {"0": N_("No change of supervisor"), "1": N_("One change of supervisor"),
                "2+": N_("Two or more changes of supervisor")}


# -- the report ------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorChange:
    """Distance travelled on one indicator, by one side."""

    indicator: str
    n: Figure               # people counted (two readings, both answered)
    no_answer: int          # left out: no answer on the indicator in one of the two readings
    mean_first: Figure
    mean_latest: Figure
    mean_change: Figure
    improved: Figure        # shares
    same: Figure
    worse: Figure


@dataclass(frozen=True)
class GroupChange:
    """The summed-score change of a group of people (all, a mix, a number of changes)."""

    group: str
    n: Figure
    mean_change: Figure
    improved: Figure        # shares, by reliable change
    no_change: Figure
    deteriorated: Figure


@dataclass(frozen=True)
class SideReport:
    side: str
    counted: int            # people with two or more readings of this side in the period
    fewer_than_two: int     # left out: in the period with fewer than two readings of this side
    summed: int             # counted for the summed score
    too_few_answered: int   # left out of it: fewer than half the indicators answered in both
    indicators: tuple[IndicatorChange, ...]
    baseline_sd: Figure
    reliable_change: Figure  # the smallest change in points that is reliable
    total: GroupChange
    by_mix: tuple[GroupChange, ...]
    by_changes: tuple[GroupChange, ...]


@dataclass(frozen=True)
class Share:
    """``count`` of ``n`` people, and the share."""

    n: Figure
    count: Figure
    share: Figure


@dataclass(frozen=True)
class Gap:
    indicator: str
    n: Figure               # people with an answer from both sides
    count: Figure           # of them, with a gap of GAP or more
    share: Figure


@dataclass(frozen=True)
class Report:
    first: date | None
    last: date | None
    today: date
    reliability: float
    participants: int       # in the period
    unreadable_files: int   # left out: damaged files
    unreadable_readings: int  # left out: readings whose flow version is not kept
    sides: tuple[SideReport, ...]
    recent_from: date
    recent_to: date
    no_intervention: Share
    overdue: Share
    gaps: tuple[Gap, ...]
    min_group: int = MIN_GROUP
    min_share: int = MIN_SHARE


# -- one pass ------------------------------------------------------------------------

@dataclass
class _Tally:
    n: int = 0
    no_answer: int = 0
    first: int = 0
    latest: int = 0
    improved: int = 0
    same: int = 0
    worse: int = 0


@dataclass
class _Side:
    side: str
    indicators: tuple[str, ...]
    counted: int = 0
    fewer_than_two: int = 0
    too_few_answered: int = 0
    tallies: dict[str, _Tally] = field(default_factory=dict)
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
class _Counts:
    """What one pass over some histories keeps (no code): the figures' sums,
    the tallies and, per side, one tuple per person. Small and picklable, so
    that parts of the folder can be counted in other processes and merged."""

    sides: dict[str, _Side]
    gaps: dict[str, list[int]]
    participants: int = 0
    unreadable_files: int = 0
    unreadable_readings: int = 0
    no_intervention: int = 0
    overdue: int = 0
    with_follow_up: int = 0

    def merge(self, other: _Counts) -> None:
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


_BOTH = tuple(i.id for i in INDICATORS if PARTICIPANT in i.asked_of and SUPERVISOR in i.asked_of)
"""The indicators both sides rate (the gaps)."""


def _period_end(last: date | None, today: date) -> tuple[date, date]:
    """(the first, the last day) of 'the last three months' of the period."""
    end = last if last is not None else today
    return add_months(end, -RECENT_MONTHS), end


def _count(histories: Iterable[Any], flow_for: Callable[[str, int], Flow],
           first: date | None, last: date | None, today: date) -> _Counts:
    """One pass over ``histories``: their `_Counts`."""
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

    sides = {side: _Side(side, tuple(i.id for i in asked_of(side))) for side in SIDES}
    for s in sides.values():
        s.tallies = {i: _Tally() for i in s.indicators}
    both = _BOTH
    gaps = {i: [0, 0] for i in both}
    participants = unreadable_files = unreadable_readings = 0
    no_intervention = overdue = with_follow_up = 0
    recent_from, end = _period_end(last, today)

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

    return _Counts(sides, gaps, participants, unreadable_files, unreadable_readings,
                   no_intervention, overdue, with_follow_up)


def _finish(counts: _Counts, first: date | None, last: date | None, today: date,
            reliability: float) -> Report:
    recent_from, end = _period_end(last, today)
    return Report(
        first=first, last=last, today=today, reliability=reliability, participants=counts.participants,
        unreadable_files=counts.unreadable_files, unreadable_readings=counts.unreadable_readings,
        sides=tuple(_side_report(counts.sides[side], reliability) for side in SIDES),
        recent_from=recent_from, recent_to=end,
        no_intervention=_share(counts.participants, counts.no_intervention),
        overdue=_share(counts.with_follow_up, counts.overdue),
        gaps=tuple(Gap(i, *_gap(*counts.gaps[i])) for i in _BOTH),
    )


def build_report(histories: Iterable[Any], *, flow_for: Callable[[str, int], Flow],
                 first: date | None, last: date | None, today: date,
                 reliability: float = RELIABILITY) -> Report:
    """The report over ``histories`` (anything that is not a `History`, such as
    the `DamagedData` of `Store.read_all`, is counted as an unreadable file),
    reading each once. ``flow_for(flow_id, version)`` gives a reading's flow."""
    if not 0 <= reliability < 1:
        raise ValueError("the reliability must be from 0 to below 1")
    return _finish(_count(histories, flow_for, first, last, today), first, last, today, reliability)


PARALLEL_FROM = 200
"""A folder of fewer participant files is read in one process."""

_part_job: tuple | None = None
"""(store, flow_for, first, last, today) of the report being made: set while
the helper process is forked, so that it has them without pickling."""


def _count_part(files: list[tuple[str, str | None]]) -> _Counts:
    """In the forked helper: the counts of the files of its part."""
    assert _part_job is not None
    store, flow_for, first, last, today = _part_job
    return _count(store.read_histories(files), flow_for, first, last, today)


def _helpers() -> int:
    """How many processes to fork to read a large folder: one where forking is
    safe (``os.fork`` is there, no other thread running: the terminal app's
    threads could hold locks a forked process would wait on forever) and a
    second processor is there to run it; else none."""
    import os
    import threading

    if not hasattr(os, "fork") or threading.active_count() != 1:
        return 0
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        processors = os.cpu_count() or 1
    return 1 if processors >= 2 else 0


class _Helper:
    """A forked process that counts some files (`_count_part`) and sends its
    `_Counts` back through a pipe. It leaves with ``os._exit``: it runs
    nothing of this process's (no exit handlers, no buffers flushed twice).
    A plain fork, not a process pool: no threads to start and stop (measured:
    some 5 % of the whole report at 4,000 participants, on two processors)."""

    def __init__(self, pid: int, incoming: int) -> None:
        self.pid, self.incoming = pid, incoming

    @classmethod
    def fork(cls, files: list[tuple[str, str | None]]) -> _Helper | None:
        """The helper counting ``files``, or None when no process could be forked."""
        import os
        import pickle

        try:
            incoming, outgoing = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(incoming)
            os.close(outgoing)
            return None
        if pid == 0:  # the helper
            status = 1
            try:
                os.close(incoming)
                data = pickle.dumps(_count_part(files), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(outgoing, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(outgoing)
        return cls(pid, incoming)

    def counts(self) -> _Counts | None:
        """Its counts, once it has sent them; None when it failed or was killed."""
        import os
        import pickle

        try:
            with os.fdopen(self.incoming, "rb") as pipe:
                data = pipe.read()
        except OSError:
            data = b""
        finally:
            _, status = os.waitpid(self.pid, 0)
        if status != 0 or not data:
            return None
        try:
            counts = pickle.loads(data)
        except Exception:  # noqa: BLE001 - half sent: counted here instead
            return None
        return counts if isinstance(counts, _Counts) else None

    def stop(self) -> None:
        """End it without its counts (this process is giving up the report)."""
        import os
        import signal

        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        self.counts()


def store_report(store: Any, *, flow_for: Callable[[str, int], Flow], first: date | None,
                 last: date | None, today: date, reliability: float = RELIABILITY) -> Report:
    """``build_report(store.read_all(), ...)`` for a `Store`, the same report,
    made faster: a folder of `PARALLEL_FROM` or more files is read in two
    halves at once where a second processor is there (`_helpers`), every
    other file by a forked process that sends back only its counts
    (`_Counts`). Taking every other file shares the work out evenly without
    looking at the files first; the counts do not depend on the order of the
    histories (`_side_report` sorts the people), so the figures are the same
    to the last digit. When the helper fails (it cannot start, it is
    killed...), this process reads its half too, so any error is the one
    ``read_all`` would raise."""
    global _part_job
    if not 0 <= reliability < 1:
        raise ValueError("the reliability must be from 0 to below 1")
    files = store.history_files()
    if len(files) < PARALLEL_FROM or not _helpers():
        counts = _count(store.read_histories(files), flow_for, first, last, today)
        return _finish(counts, first, last, today, reliability)
    mine, theirs = files[0::2], files[1::2]
    rest: _Counts | None = None
    _part_job = (store, flow_for, first, last, today)
    try:
        helper = _Helper.fork(theirs)
    finally:
        _part_job = None
    try:
        counts = _count(store.read_histories(mine), flow_for, first, last, today)
    except BaseException:
        if helper is not None:  # never leave it behind
            helper.stop()
        raise
    if helper is not None:
        rest = helper.counts()
    if rest is None:
        rest = _count(store.read_histories(theirs), flow_for, first, last, today)
    counts.merge(rest)
    return _finish(counts, first, last, today, reliability)


# -- the figures, protected --------------------------------------------------------

def _small(n: int) -> bool:
    return 0 < n < MIN_GROUP


def _fraction(count: int, n: int) -> Figure:
    return count / n if n >= MIN_SHARE else FEW_FOR_SHARE


def _share(n: int, count: int) -> Share:
    if _small(n):
        return Share(SUPPRESSED, SUPPRESSED, SUPPRESSED)
    if n == 0:
        return Share(0, 0, None)
    if _small(count):
        return Share(n, SUPPRESSED, SUPPRESSED)  # the share would give the count away
    return Share(n, count, _fraction(count, n))


def _gap(n: int, count: int) -> tuple[Figure, Figure, Figure]:
    share = _share(n, count)
    return share.n, share.count, share.share


def protect(sizes: dict[str, int]) -> dict[str, str | None]:
    """The marker of each group of a split: `SUPPRESSED` for 1 to 4 people,
    `HIDDEN` for the smallest other groups needed so that two or more groups of
    together `MIN_GROUP` or more people are hidden; None for a group shown."""
    marks: dict[str, str | None] = {k: SUPPRESSED if _small(n) else None for k, n in sizes.items()}
    if not any(marks.values()):
        return marks
    while True:
        hidden = [k for k, m in marks.items() if m]
        if len(hidden) >= 2 and sum(sizes[k] for k in hidden) >= MIN_GROUP:
            return marks
        shown = [k for k, m in marks.items() if m is None and sizes[k] > 0]
        if not shown:
            return marks
        marks[min(shown, key=lambda k: sizes[k])] = HIDDEN


def _indicator_change(indicator: str, t: _Tally) -> IndicatorChange:
    if _small(t.n):
        return IndicatorChange(indicator, SUPPRESSED, t.no_answer, *([SUPPRESSED] * 6))
    if t.n == 0:
        return IndicatorChange(indicator, 0, t.no_answer, *([None] * 6))
    return IndicatorChange(indicator, t.n, t.no_answer, t.first / t.n, t.latest / t.n,
                           (t.latest - t.first) / t.n, _fraction(t.improved, t.n),
                           _fraction(t.same, t.n), _fraction(t.worse, t.n))


def _group(group: str, people: list[tuple[float, int]], mark: str | None, rci: bool) -> GroupChange:
    """``people``: (change, -1/0/1 by reliable change) of each person in the group."""
    n = len(people)
    if mark is not None:
        return GroupChange(group, mark, mark, mark, mark, mark)
    if n == 0:
        return GroupChange(group, 0, None, None, None, None)
    mean = sum(change for change, _ in people) / n
    if not rci:
        return GroupChange(group, n, mean, None, None, None)
    counts = [sum(1 for _, c in people if c == k) for k in (1, 0, -1)]
    return GroupChange(group, n, mean, *(_fraction(c, n) for c in counts))


def reliable_changes(people: list[tuple[float, float]], reliability: float = RELIABILITY,
                     ) -> tuple[float | None, float | None, list[int]]:
    """Jacobson-Truax on (first, latest) summed scores: the baseline SD (of the
    first scores, n - 1), the smallest reliable change in points (None without
    a spread) and each person's class: 1 reliably better, -1 reliably worse,
    0 no reliable change."""
    if len(people) < 2:
        return None, None, [0] * len(people)
    sd = statistics.stdev(one for one, _ in people)
    if sd <= 0:
        return sd, None, [0] * len(people)
    threshold = RELIABLE_Z * math.sqrt(2) * sd * math.sqrt(1 - reliability)
    return sd, threshold, [1 if two - one > threshold else -1 if two - one < -threshold else 0
                           for one, two in people]


def _side_report(s: _Side, reliability: float) -> SideReport:
    # In one order whatever the order the histories were read in (in parts,
    # by two processes): sums of floats are then the same to the last digit.
    people = sorted(s.people)
    n = len(people)
    sd, threshold, classes = reliable_changes([(p[0], p[1]) for p in people], reliability)
    baseline: Figure = SUPPRESSED if _small(n) else sd
    rows = [((p[1] - p[0], c), p[2], p[3]) for p, c in zip(people, classes)]
    rci = threshold is not None

    def split(keys: tuple[str, ...], index: int) -> tuple[tuple[GroupChange, ...], bool]:
        members = {k: [row[0] for row in rows if row[index] == k] for k in keys}
        marks = protect({k: len(v) for k, v in members.items()})
        return tuple(_group(k, members[k], marks[k], rci) for k in keys), any(marks.values())

    by_mix, mix_hidden = split(MIXES, 1)
    by_changes, changes_hidden = split(CHANGES, 2)
    everyone = [row[0] for row in rows]
    if _small(n):
        total = _group("all", everyone, SUPPRESSED, rci)
    elif mix_hidden or changes_hidden:  # its size is known from the counts left out: its figures are not
        total = GroupChange("all", n, HIDDEN, HIDDEN, HIDDEN, HIDDEN)
    else:
        total = _group("all", everyone, None, rci)
    return SideReport(
        side=s.side, counted=s.counted, fewer_than_two=s.fewer_than_two, summed=n,
        too_few_answered=s.too_few_answered,
        indicators=tuple(_indicator_change(i, s.tallies[i]) for i in s.indicators),
        baseline_sd=baseline,
        reliable_change=(SUPPRESSED if _small(n) else threshold),
        total=total, by_mix=by_mix, by_changes=by_changes)


# -- writing it ---------------------------------------------------------------------

def render(report: Report, fmt: str, lang: str) -> str:
    """The report as ``fmt`` (one of `FORMATS`) in the current language; ``lang``
    formats numbers and dates."""
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    blocks = _blocks(report, lang)
    if fmt == "html":
        return to_html(blocks, lang)
    if fmt == "text":
        return to_text(blocks)
    raise ValueError(fmt)


def _number(value: Any, digits: int = 3) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    return value


def to_dict(report: Report) -> dict[str, Any]:
    """The numbers (markers as strings, dates ISO), for JSON."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, date):
            return value.isoformat()
        return _number(value, 4)

    from dataclasses import asdict

    return plain(asdict(report))


def to_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ("section", "group", "indicator", "side", "measure", "value")


def csv_rows(report: Report) -> Iterable[tuple[str, str, str, str, str, Any]]:
    """Tidy rows: section, group, indicator, side, measure, value (ids, numbers, markers)."""
    yield "report", "", "", "", "reliability", report.reliability
    for name in ("first", "last", "today", "recent_from", "recent_to"):
        value = getattr(report, name)
        yield "report", "", "", "", name, value.isoformat() if value else ""
    for name in ("participants", "unreadable_files", "unreadable_readings"):
        yield "people", "", "", "", name, getattr(report, name)
    for s in report.sides:
        for name in ("counted", "fewer_than_two", "summed", "too_few_answered"):
            yield "people", "", "", s.side, name, getattr(s, name)
        for c in s.indicators:
            for name in ("n", "no_answer", "mean_first", "mean_latest", "mean_change", "improved", "same", "worse"):
                yield "distance", "", c.indicator, s.side, name, getattr(c, name)
        yield "reliable_change", "", "", s.side, "reliability", report.reliability
        yield "reliable_change", "", "", s.side, "baseline_sd", s.baseline_sd
        yield "reliable_change", "", "", s.side, "reliable_change", s.reliable_change
        for section, groups in (("all", (s.total,)), ("mix", s.by_mix), ("supervisor_changes", s.by_changes)):
            for g in groups:
                for name in ("n", "mean_change", "improved", "no_change", "deteriorated"):
                    yield section, g.group, "", s.side, name, getattr(g, name)
    for section, share in (("no_intervention", report.no_intervention), ("overdue", report.overdue)):
        for name in ("n", "count", "share"):
            yield section, "", "", "", name, getattr(share, name)
    for gap in report.gaps:
        for name in ("n", "count", "share"):
            yield "gaps", "", gap.indicator, "", name, getattr(gap, name)


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        value = row[5]
        writer.writerow((*row[:5], "" if value is None else _number(value, 4)))
    return out.getvalue()


# -- text and HTML: blocks of headings, paragraphs and tables -------------------------

@dataclass(frozen=True)
class _Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Table = _Table
"""A table of the report: a header and rows of texts (first cell a name, the others figures)."""

Block = Union[tuple[str, str], _Table]  # ("h1" | "h2" | "h3" | "p", text) or a table


def blocks(report: Report, lang: str) -> list[Block]:
    """The report as headings, paragraphs and `Table`s in the current language, with
    numbers and dates formatted for ``lang``: what the text and HTML formats write,
    and what the leader's report screen shows."""
    return _blocks(report, lang)


def _formatter(lang: str) -> tuple[Callable[[Figure], str], Callable[[Figure], str], Callable[[Figure], str]]:
    from babel.numbers import format_decimal, format_percent

    def marker(value: Figure) -> str | None:
        if value is None:
            return "–"
        if isinstance(value, str):
            return value
        return None

    def count(value: Figure) -> str:
        return marker(value) or format_decimal(value, locale=lang)

    def mean(value: Figure) -> str:
        return marker(value) or format_decimal(value, format="#,##0.00", locale=lang)

    def share(value: Figure) -> str:
        return marker(value) or format_percent(value, locale=lang)

    return count, mean, share


def _signed(text: str, value: Figure) -> str:
    return f"+{text}" if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else text


def _blocks(report: Report, lang: str) -> list[Block]:
    from ..i18n import _, fmt_date

    count, mean, share = _formatter(lang)

    def day(value: date | None) -> str:
        return fmt_date(value, lang) if value is not None else "…"

    blocks: list[Block] = [("h1", _("Progression report"))]
    if report.first is None and report.last is None:
        blocks.append(("p", _("Period: every reading. Made on {today}.").format(today=day(report.today))))
    else:
        blocks.append(("p", _("Period: {first} to {last}. Made on {today}.").format(
            first=day(report.first), last=day(report.last), today=day(report.today))))
    blocks.append(("p", _("Aggregates only: no participant is named. \"{small}\": fewer than {group} people; "
                          "\"{few}\": a share needs {share} people or more; \"{hidden}\": hidden so that a "
                          "small group cannot be worked out; \"–\": no one to count.").format(
        small=SUPPRESSED, group=report.min_group, few=FEW_FOR_SHARE, share=report.min_share, hidden=HIDDEN)))
    blocks.append(("p", _("Participants with a reading in the period: {n}.").format(n=count(report.participants))))
    if report.unreadable_files:
        blocks.append(("p", _("Left out: {n} data files that could not be read.").format(
            n=count(report.unreadable_files))))
    if report.unreadable_readings:
        blocks.append(("p", _("Left out: {n} readings whose flow version is not kept.").format(
            n=count(report.unreadable_readings))))

    blocks.append(("h2", _("Distance travelled per indicator")))
    blocks.append(("p", _("First and latest reading of the same side in the period. Only people with two "
                          "readings or more count; \"I'd rather not answer\" is missing, not 0.")))
    blocks.append(("p", _("Left out (in the tables): people with no answer on the indicator in one of "
                          "their two readings.")))
    for s in report.sides:
        blocks.append(("h3", _(SIDE_NAMES[s.side])))
        blocks.append(("p", _("Counted: {counted} with two readings or more. Left out: {fewer} with fewer "
                              "than two readings.").format(counted=count(s.counted),
                                                           fewer=count(s.fewer_than_two))))
        blocks.append(_Table(
            (_("Indicator"), _("People"), _("First"), _("Latest"), _("Change"), _("Improved"), _("Same"),
             _("Worse"), _("Left out")),
            tuple((_(BY_ID[c.indicator].name), count(c.n), mean(c.mean_first), mean(c.mean_latest),
                   _signed(mean(c.mean_change), c.mean_change), share(c.improved), share(c.same),
                   share(c.worse), count(c.no_answer)) for c in s.indicators)))

    blocks.append(("h2", _("Summed score and reliable change")))
    blocks.append(("p", _("The summed score adds up the indicators answered in both readings, scaled up to "
                          "all of the side's indicators; people with fewer than half of them answered in "
                          "both are left out. Reliable change (Jacobson–Truax) assumes a test–retest "
                          "reliability of {r}: BIP publishes none, so this is an assumption.").format(
        r=mean(report.reliability))))
    group_header = (_("Group"), _("People"), _("Mean change"), _("Improved reliably"),
                    _("No reliable change"), _("Deteriorated reliably"))

    def group_rows(groups: Iterable[GroupChange], names: dict[str, str]) -> tuple[tuple[str, ...], ...]:
        return tuple((_(names[g.group]), count(g.n), _signed(mean(g.mean_change), g.mean_change),
                      share(g.improved), share(g.no_change), share(g.deteriorated)) for g in groups)

    all_names = {"all": N_("Everyone counted")}
    for s in report.sides:
        blocks.append(("h3", _(SIDE_NAMES[s.side])))
        blocks.append(("p", _("Counted: {n}. Left out: {few} with fewer than half of the indicators answered "
                              "in both readings. Test–retest reliability assumed: {r}; baseline SD (first "
                              "readings): {sd}; a change of more than {points} points is reliable.").format(
            n=count(s.summed), few=count(s.too_few_answered), r=mean(report.reliability),
            sd=mean(s.baseline_sd), points=mean(s.reliable_change))))
        blocks.append(_Table(group_header, group_rows((s.total,), all_names)))

    blocks.append(("h2", _("Progression by intervention mix")))
    blocks.append(("p", _("The interventions active between each person's first and latest reading. In BIP, "
                          "combined interventions with a job-focused part moved people forward the most.")))
    for s in report.sides:
        blocks.append(("h3", _(SIDE_NAMES[s.side])))
        blocks.append(_Table(group_header, group_rows((*s.by_mix, s.total), {**MIX_NAMES, **all_names})))

    blocks.append(("h2", _("Progression by number of supervisor changes")))
    blocks.append(("p", _("Changes of supervisor between each person's first and latest reading.")))
    for s in report.sides:
        blocks.append(("h3", _(SIDE_NAMES[s.side])))
        blocks.append(_Table(group_header, group_rows((*s.by_changes, s.total), {**CHANGE_NAMES, **all_names})))

    blocks.append(("h2", _("Interventions and follow-ups")))
    share_header = (_("Measure"), _("People"), _("Count"), _("Share"))
    blocks.append(_Table(share_header, (
        (_("No active intervention from {first} to {last}").format(
            first=day(report.recent_from), last=day(report.recent_to)),
         count(report.no_intervention.n), count(report.no_intervention.count),
         share(report.no_intervention.share)),
        (_("Follow-up overdue on {today}").format(today=day(report.today)),
         count(report.overdue.n), count(report.overdue.count), share(report.overdue.share)),
    )))

    blocks.append(("h2", _("Gaps between the two ratings")))
    blocks.append(("p", _("The latest participant and supervisor readings in the period, {gap} steps or more "
                          "apart.").format(gap=GAP)))
    blocks.append(_Table(
        (_("Indicator"), _("People with both ratings"), _("With a gap"), _("Share")),
        tuple((_(BY_ID[g.indicator].name), count(g.n), count(g.count), share(g.share)) for g in report.gaps)))
    return blocks


def to_text(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, _Table):
            widths = [max(len(row[i]) for row in (block.header, *block.rows)) for i in range(len(block.header))]
            for k, row in enumerate((block.header, *block.rows)):
                cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
                lines.append("  ".join(cells).rstrip())
                if k == 0:
                    lines.append("  ".join("-" * w for w in widths))
            lines.append("")
            continue
        kind, text = block
        if kind == "h1":
            lines += [text, "=" * len(text), ""]
        elif kind == "h2":
            lines += ["", text, "-" * len(text), ""]
        elif kind == "h3":
            lines += [text, ""]
        else:
            lines += [*textwrap.wrap(text, TEXT_WIDTH, break_on_hyphens=False), ""]
    return "\n".join(lines).rstrip() + "\n"


TEXT_WIDTH = 78
"""Paragraphs of the text report are wrapped to this width (tables are as wide as they need)."""

HTML_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; }
th { text-align: left; vertical-align: bottom; background: #f2f2f2; }
td { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { text-align: left; }
@media print { body { margin: 0; } h2 { break-after: avoid; } table { break-inside: avoid; } }
"""


def to_html(blocks: list[Block], lang: str) -> str:
    esc = html.escape
    title = next((block[1] for block in blocks if not isinstance(block, _Table) and block[0] == "h1"), "")
    parts = ["<!DOCTYPE html>", f'<html lang="{esc(lang)}">', "<head>", '<meta charset="utf-8">',
             f"<title>{esc(title)}</title>", f"<style>{HTML_STYLE}</style>", "</head>", "<body>"]
    for block in blocks:
        if isinstance(block, _Table):
            parts.append("<table>")
            parts.append("<tr>" + "".join(f'<th scope="col">{esc(c)}</th>' for c in block.header) + "</tr>")
            for row in block.rows:
                parts.append(f'<tr><th scope="row">{esc(row[0])}</th>'
                             + "".join(f"<td>{esc(c)}</td>" for c in row[1:]) + "</tr>")
            parts.append("</table>")
        else:
            kind, text = block
            parts.append(f"<{kind}>{esc(text)}</{kind}>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
