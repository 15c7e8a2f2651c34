"""Disclosure control: from the counts to the figures a reader may see.

`finish` turns `Counts` into a `Report`: groups of 1 to 4 people are
suppressed, a share needs `MIN_SHARE` people, and a split that suppresses
a group hides what would give it away (see `skapa_tui.logic.report`).
Imports neither textual nor rich.
"""

from __future__ import annotations

import math
import statistics
from datetime import date

from .counting import BOTH, Counts, Side, Tally, period_end
from .figures import (
    CHANGES,
    FEW_FOR_SHARE,
    HIDDEN,
    MIN_GROUP,
    MIN_SHARE,
    MIXES,
    RELIABLE_Z,
    RELIABILITY,
    SIDES,
    SUPPRESSED,
    Figure,
    Gap,
    GroupChange,
    IndicatorChange,
    Report,
    Share,
    SideReport,
)

def finish(counts: Counts, first: date | None, last: date | None, today: date,
            reliability: float) -> Report:
    recent_from, end = period_end(last, today)
    return Report(
        first=first, last=last, today=today, reliability=reliability, participants=counts.participants,
        unreadable_files=counts.unreadable_files, unreadable_readings=counts.unreadable_readings,
        sides=tuple(_side_report(counts.sides[side], reliability) for side in SIDES),
        recent_from=recent_from, recent_to=end,
        no_intervention=_share(counts.participants, counts.no_intervention),
        overdue=_share(counts.with_follow_up, counts.overdue),
        gaps=tuple(Gap(i, *_gap(*counts.gaps[i])) for i in BOTH),
    )


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


def _indicator_change(indicator: str, t: Tally) -> IndicatorChange:
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


def _side_report(s: Side, reliability: float) -> SideReport:
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
