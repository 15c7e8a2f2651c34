"""Disclosure control: from the counts to the figures a reader may see.

`covered_period` says which period a report covers (a year of whole
quarters that have ended; `skapa_tui.logic.report` says why), and `finish`
turns the `Counts` of that period into a `Report` whose every figure is
protected:

- **Thresholds.** A count of 1 to 4 people shows `SUPPRESSED` ("<5"), and
  so does every figure of a group that small. A count that is a part of a
  group (those who improved, those with a gap, ...) shows "<5" from 0 to 4:
  "nobody in the group" gives the group's members away as surely as "one".
  A share needs `MIN_SHARE` people in its group, as printed
  (`FEW_FOR_SHARE`, "<10"), and `MIN_PART` in its part.
- **Cell-key noise.** Every count and every sum is moved by a pseudo-random
  amount that is a function of *who is in the cell*: the sum of the
  people's record keys (`counting`) modulo 2**64, hashed with the figure's
  name (`_uniform`, `_integer`; a count's noise has no name of its own, so
  the same people make the same count in every table). The same people
  with the same answers give the same noise in every report, whatever
  period, day or format was asked for; so asking again, or for a period
  that holds the same people, tells nothing new, and the difference of two
  cells that differ by one person is that person plus the difference of
  two unrelated noises. The noise is uniform and bounded, and said in the
  report: a count by at most `COUNT_NOISE` (never below `MIN_GROUP`, as it
  is a group of 5 or more, and never above the printed count of a group it
  is part of), a sum of ratings by at most `RATING_NOISE` (a mean of n
  people by `RATING_NOISE` / n; each row's ``bound`` is that for the
  fewest people its printed count can stand for, as a bound of the true
  count would give the count away), a sum of
  summed-score changes by `SUMMED_NOISE`, the baseline SD by `SD_NOISE` / n
  of itself.
- **Fewer decimals.** Means of the 1-5 scale have two decimals, summed-score
  means and the SD one, shares are whole percents, in every format.
- A mean change is the printed latest minus the printed first, so it holds
  no noise of its own; shares are of the noised counts; the reliable-change
  classes are of the printed threshold.

The amounts: a reader who isolates one person by differencing sees that
person's value plus noise of spread ``bound * sqrt(2/3)``, and can average
that over the few cells and the changes of the data that isolate them
again (``tests/attacks``). `RATING_NOISE` 5, `SUMMED_NOISE` 15 and
`COUNT_NOISE` 2 leave every attack of the suite below guessing for each of
twenty folder keys, on both of its days (on its large sets of targets the
largest edge left is some 3 %, where 10 % fails; on the small ones the
worst was an edge of 9 % at a sign test of 3 %, where it takes more than
10 % at below 1 %); with `RATING_NOISE` 4 the rebuilding of hidden groups
from their members' answers beat guessing for one key in twenty, and with
`SUMMED_NOISE` 10 working a hidden group out of the overall row came
within a hair of it.

Imports neither textual nor rich.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from hashlib import blake2b

from .counting import MASK, Cell, Counts, Side, Tally, recent_window
from .figures import (
    CHANGES,
    FEW_FOR_SHARE,
    MIXES,
    RELIABLE_Z,
    SIDES,
    SUPPRESSED,
    Figure,
    Gap,
    GroupChange,
    IndicatorChange,
    Protection,
    Report,
    Share,
    SideReport,
)

MIN_GROUP = 5
"""A group of fewer people shows `SUPPRESSED` instead of its figures."""
MIN_SHARE = 10
"""A share needs at least this many people in its group, else `FEW_FOR_SHARE`."""
MIN_PART = 5
"""... and this many in its part (those who improved, ...), else `SUPPRESSED`."""
QUARTERS = 4
"""A report covers this many whole quarters: a year (see `covered_period`)."""
COUNT_NOISE = 2
"""A count of people is moved by an integer from -2 to 2."""
RATING_NOISE = 5.0
"""A sum of ratings (1-5) is moved by at most this: a mean of n people by at most this / n."""
SUMMED_NOISE = 15.0
"""A sum of summed-score changes (points) is moved by at most this."""
SD_NOISE = 3.0
"""The baseline SD of n people is moved by at most this / n of itself."""
MEAN_DIGITS, SUMMED_DIGITS, SHARE_DIGITS = 2, 1, 2

PROTECTION = Protection(method="cell-key", period="quarter", quarters=QUARTERS, min_group=MIN_GROUP,
                        min_share=MIN_SHARE, min_part=MIN_PART, count_noise=COUNT_NOISE,
                        rating_noise=RATING_NOISE, summed_noise=SUMMED_NOISE, sd_noise=SD_NOISE)


# -- the period ----------------------------------------------------------------------

def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    start = quarter_start(day)
    following = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return following - timedelta(days=1)


def _quarters_back(start: date, quarters: int) -> date:
    month0 = start.year * 12 + start.month - 1 - 3 * quarters
    return date(month0 // 12, month0 % 12 + 1, 1)


def covered_period(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """The period a report asked for ``first`` to ``last`` (None: open) on ``today``
    covers: `QUARTERS` whole calendar quarters, ending with ``last``'s quarter
    (or, without ``last``, the `QUARTERS` quarters from ``first``'s), never
    beyond the last quarter that has ended before ``today``."""
    ended = quarter_start(today) - timedelta(days=1)
    if last is not None:
        end = quarter_end(last)
    elif first is not None:
        end = quarter_end(_quarters_back(quarter_start(first), -(QUARTERS - 1)))
    else:
        end = ended
    end = min(end, ended)
    return _quarters_back(quarter_start(end), QUARTERS - 1), end


# -- the noise -----------------------------------------------------------------------

def _hash(key: int, label: bytes) -> int:
    return int.from_bytes(blake2b((key & MASK).to_bytes(8, "big") + label, digest_size=8).digest(), "big")


def _uniform(key: int, label: bytes) -> float:
    """From -1 to 1, a function of the cell's key and the figure's name."""
    return _hash(key, label) / 2 ** 63 - 1


def _integer(key: int, bound: int) -> int:
    """From -bound to bound: a count's noise (the same for the same people, whatever the figure)."""
    return _hash(key, b"count") % (2 * bound + 1) - bound


def people(cell: Cell, most: Figure = None) -> Figure:
    """A count of people: 0, "<5", or the count moved by the noise (never below 5,
    nor above ``most``, the printed count of a group it is part of)."""
    if cell.n == 0:
        return 0
    if cell.n < MIN_GROUP:
        return SUPPRESSED
    return _noised(cell, most)


def _noised(cell: Cell, most: Figure = None) -> int:
    """`people` of a group of `MIN_GROUP` or more: always a number."""
    shown = max(MIN_GROUP, cell.n + _integer(cell.key, COUNT_NOISE))
    return min(shown, most) if isinstance(most, int) else shown


def part(cell: Cell, most: Figure = None) -> Figure:
    """A count that is part of a group: "<5" from 0 to 4 (nobody is as telling as one)."""
    return SUPPRESSED if cell.n < MIN_GROUP else people(cell, most)


def _share(count: Cell, of: Cell, shown_of: Figure) -> Figure:
    """The share ``count`` of ``of`` people, of the noised counts: whether there
    are enough people for it is decided on the printed count too (on the true
    one, a printed 11 beside "<10" would give the true 9 away)."""
    if of.n == 0:
        return None
    if not isinstance(shown_of, int) or shown_of < MIN_SHARE:
        return FEW_FOR_SHARE
    shown = part(count, shown_of)
    if not isinstance(shown, int):
        return SUPPRESSED
    return round(shown / shown_of, SHARE_DIGITS)


def _round_up(value: float, digits: int) -> float:
    scale = 10 ** digits
    return math.ceil(value * scale - 1e-9) / scale


def _bound(noise: float, shown: int, digits: int) -> float:
    """The most a mean of the ``shown`` (printed) people may have been moved: the
    noise over the fewest people that printed count can stand for. Of the printed
    count, not the true one, which the bound would give away."""
    return _round_up(noise / max(MIN_GROUP, shown - COUNT_NOISE), digits)


# -- the figures ---------------------------------------------------------------------

def finish(counts: Counts, asked: tuple[date | None, date | None], period: tuple[date, date], today: date,
           reliability: float) -> Report:
    first, last = period
    recent_from, end = recent_window(last)
    participants = people(counts.participants)
    follow_ups = people(counts.with_follow_up)
    return Report(
        asked_first=asked[0], asked_last=asked[1], first=first, last=last, today=today,
        reliability=reliability, participants=participants,
        unreadable_files=counts.unreadable_files, unreadable_readings=counts.unreadable_readings,
        sides=tuple(_side_report(counts.sides[side], reliability, participants) for side in SIDES),
        recent_from=recent_from, recent_to=end,
        no_intervention=_share_of(counts.participants, counts.no_intervention, participants),
        overdue=_share_of(counts.with_follow_up, counts.overdue, follow_ups),
        gaps=tuple(_gap(i, *counts.gaps[i], participants) for i in counts.gaps),
        protection=PROTECTION,
    )


def _share_of(of: Cell, count: Cell, shown_of: Figure) -> Share:
    if of.n < MIN_GROUP:
        return Share(shown_of, shown_of, None if of.n == 0 else SUPPRESSED)
    return Share(shown_of, part(count, shown_of), _share(count, of, shown_of))


def _gap(indicator: str, n: Cell, gap: Cell, most: Figure) -> Gap:
    share = _share_of(n, gap, people(n, most))
    return Gap(indicator, share.n, share.count, share.share)


def _mean(total: float, n: int, key: int, label: bytes, noise: float, digits: int,
          scale: tuple[float, float] | None = None) -> float:
    """The noised mean, kept within ``scale`` (lowest, highest) if given."""
    value = (total + noise * _uniform(key, label)) / n
    if scale is not None:
        low, high = scale
        value = max(low, min(high, value))
    return round(value, digits)


def _indicator_change(indicator: str, t: Tally, counted: Figure) -> IndicatorChange:
    n = t.counted.n
    no_answer = part(t.no_answer, counted) if t.no_answer.n else 0
    if n == 0 or n < MIN_GROUP:
        marker = None if n == 0 else SUPPRESSED
        return IndicatorChange(indicator, people(t.counted, counted), no_answer, *([marker] * 7))
    shown = _noised(t.counted, counted)
    key = t.key
    mean_first = _mean(t.first, n, key, b"first:" + indicator.encode(), RATING_NOISE, MEAN_DIGITS, (1, 5))
    mean_latest = _mean(t.latest, n, key, b"latest:" + indicator.encode(), RATING_NOISE, MEAN_DIGITS, (1, 5))
    return IndicatorChange(
        indicator, shown, no_answer, mean_first, mean_latest, round(mean_latest - mean_first, MEAN_DIGITS),
        _share(t.improved, t.counted, shown), _share(t.same, t.counted, shown), _share(t.worse, t.counted, shown),
        _bound(RATING_NOISE, shown, MEAN_DIGITS))


def reliable_changes(people_: list[tuple[float, float]], reliability: float, sd: float | None = None,
                     ) -> tuple[float | None, float | None, list[int]]:
    """Jacobson-Truax on (first, latest) summed scores: the baseline SD (of the
    first scores, n - 1, unless ``sd`` is given), the smallest reliable change in
    points (None without a spread) and each person's class: 1 reliably better,
    -1 reliably worse, 0 no reliable change."""
    if sd is None:
        if len(people_) < 2:
            return None, None, [0] * len(people_)
        sd = _sd([one for one, _ in people_])
    if sd <= 0:
        return sd, None, [0] * len(people_)
    threshold = RELIABLE_Z * math.sqrt(2) * sd * math.sqrt(1 - reliability)
    return sd, threshold, [1 if two - one > threshold else -1 if two - one < -threshold else 0
                           for one, two in people_]


def _group(group: str, rows: list[tuple[float, int, int, int]], rci: bool, most: Figure) -> GroupChange:
    """The summed-score row of a group: ``rows`` (change, class, person's key,
    values' key) of its people."""
    n = len(rows)
    if n == 0:
        return GroupChange(group, 0, None, None, None, None, None)
    if n < MIN_GROUP:
        return GroupChange(group, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, None)
    cell = Cell(n, sum(r[2] for r in rows))
    shown = _noised(cell, most)
    mean = _mean(math.fsum(r[0] for r in rows), n, sum(r[3] for r in rows), b"summed", SUMMED_NOISE,
                 SUMMED_DIGITS)
    bound = _bound(SUMMED_NOISE, shown, SUMMED_DIGITS)
    if not rci:
        return GroupChange(group, shown, mean, None, None, None, bound)
    parts = [Cell(), Cell(), Cell()]  # reliably better, no reliable change, reliably worse
    for row in rows:
        part_ = parts[1 - row[1]]
        part_.n += 1
        part_.key += row[2]
    better, no_change, worse = (_share(c, cell, shown) for c in parts)
    return GroupChange(group, shown, mean, better, no_change, worse, bound)


def _sd(values: list[float]) -> float:
    """The standard deviation (n - 1), the same to the last digit in any order."""
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((x - mean) ** 2 for x in values) / (len(values) - 1))


def _side_report(s: Side, reliability: float, participants: Figure) -> SideReport:
    # Sums of floats by math.fsum, of keys as integers: the same to the last
    # digit whatever the order the histories were read in (in parts, by two processes).
    members = s.people
    n = len(members)
    everyone = Cell(n, sum(p[4] for p in members))
    baseline: Figure = SUPPRESSED if n else None
    threshold: float | None = None
    if n >= MIN_GROUP:
        sd = _sd([p[0] for p in members])
        sd = round(sd * (1 + SD_NOISE / n * _uniform(sum(p[5] for p in members), b"sd")), SUMMED_DIGITS)
        baseline = sd
        if sd > 0:
            threshold = round(RELIABLE_Z * math.sqrt(2) * sd * math.sqrt(1 - reliability), SUMMED_DIGITS)
    rci = threshold is not None
    everybody: list[tuple[float, int, int, int]] = []
    by_mix: dict[str, list] = {k: [] for k in MIXES}
    by_changes: dict[str, list] = {k: [] for k in CHANGES}
    for first, latest, mixed, changes, key, values in members:
        change = latest - first
        grade = 0 if threshold is None else 1 if change > threshold else -1 if change < -threshold else 0
        row = (change, grade, key, values)
        everybody.append(row)
        by_mix[mixed].append(row)
        by_changes[changes].append(row)

    # a printed count is never above the printed count of a group it is part of
    counted = people(s.counted, participants)
    summed = people(everyone, counted)
    return SideReport(
        side=s.side, counted=counted, fewer_than_two=people(s.fewer_than_two, participants),
        summed=summed, too_few_answered=people(s.too_few_answered, counted),
        indicators=tuple(_indicator_change(i, s.tallies[i], counted) for i in s.indicators),
        baseline_sd=baseline,
        reliable_change=SUPPRESSED if 0 < n < MIN_GROUP else threshold,
        total=_group("all", everybody, rci, counted),
        by_mix=tuple(_group(k, by_mix[k], rci, summed) for k in MIXES),
        by_changes=tuple(_group(k, by_changes[k], rci, summed) for k in CHANGES))
