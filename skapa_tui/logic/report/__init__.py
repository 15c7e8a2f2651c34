"""The organisation's report: what the work as a whole achieves, never one person.

`build_report` reads every participant's `History` once (one pass,
`counting`; only a few numbers per person are kept, never a code) and gives
a `Report` of protected aggregates (`protection`); `store_report` gives the
same for a whole `Store`, reading a large folder in two halves at once, in
two processes (`parallel`). `skapa_tui.render` writes it as text, JSON, CSV
or a self-contained HTML page in the current language, and as the blocks
the leader's screen shows. Imports neither textual nor rich.

What is counted
---------------

- **The period** is a year: `QUARTERS` whole calendar quarters that have
  ended (`covered_period`): the year up to the end of the quarter of the
  date asked for (``last``; else the year from the start of ``first``'s
  quarter; else the last quarter that has ended before ``today``). A
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
  people counted (the baseline SD, as protected and printed) and ``r`` the
  test-retest reliability `RELIABILITY`. A change is reliable when it is
  larger than the printed smallest reliable change (``|RCI| > 1.96``); the
  report gives the shares improved / no reliable change / deteriorated, and
  prints ``r``, the baseline SD and the smallest reliable change in points.
- **Intervention mix** (`domain.plan.mix`) and **supervisor changes** (each
  `Assignment.is_change` dated from the first to the latest reading, both
  days included: 0, 1, 2+) are taken between each person's first and latest
  reading of that side; the groups' figures are on the summed score.
- **No active intervention in the last three months**: of the participants
  in the period, the share with no intervention active on any day of the
  `RECENT_MONTHS` months up to the end of the period.
- **Overdue follow-ups** are a figure of today, not of the period: of every
  participant with a next follow-up (`History.next_follow_up`), those whose
  date lies before ``today``.
- **Gaps**: per indicator that both sides rate, the people whose latest
  participant and latest supervisor readings in the period differ by 2 or
  more (of those with an answer from both).

What the report guarantees, and why
-----------------------------------

No code or other personal datum enters the `Report`. Beyond that:
**no combination of reports** (any periods, any day, any format, the
leader's screen included, before and after corrections and erasures)
**lets a reader work out one person's rating, their change or a hidden
figure better than guessing from the population would**, even a reader
who knows who met when, whose answers are missing, who was corrected or
erased, and everyone's interventions and supervisors. The attack suite
(``tests/attacks``, in ``make test``) checks it on the demo folder the way
such a reader would attack it, through the public output only, and fails
when an attack beats guessing (its ``scoring`` says precisely what that
means: right more often than the population's best guess by more than 10 %
of the targets it names, and not by luck, a one-sided sign test at 1 %).

Every figure is exact before it is protected (a recomputation from the
export gives the same numbers without the noise), and the protection is
statistics offices' for tables that readers build themselves (the
Australian Bureau of Statistics' TableBuilder, the UK's ONS: the cell-key
method; Eurostat's handbook on statistical disclosure control for rounding,
thresholds and differencing), combined as follows, because each alone is
known to fail (`protection` has the details and the numbers):

1. **Thresholds on counts and parts.** A count of 1 to 4 people shows
   "<5", and so does every figure of such a group; a count that is a part
   of a group (those who improved, with a gap, overdue, ...) shows "<5"
   from 0 to 4, as "nobody" tells as much as "one" (only the people left
   out for no answer show 0 as 0: that nobody skipped tells nothing of an
   answer); a share needs 10 people in its group and 5 in its part. So no
   printed count is 1-4 (no "counted: 1"), and no share gives a count of
   1-4 away.
2. **Cell-key noise.** Every count and every sum is moved by a bounded
   pseudo-random amount that is a function of *who is in the cell* (the
   sum of the people's record keys, `counting`), so the same people always
   give the same figure: asking again, or for a period with the same
   people, tells nothing new, and the difference of two cells that differ
   by one person is that person plus the difference of two unrelated
   noises. That blocks differencing and the derivations inside a report
   (counted minus no answer is a size give or take 4; an overall row is
   shown beside its groups, as working a hidden group out of it gives that
   group give or take the noise of every row).
3. **Coarse, fixed periods.** Noise drawn afresh per cell can be averaged
   away over many cells that hold the same person (Asghar and Kaafar,
   "Averaging attacks on bounded noise-based disclosure control
   algorithms", on TableBuilder). Here the indicators, the two sides and the
   groups do hold the same people, so the cells a person can be isolated in
   are kept few: a period is always a year of whole quarters that have
   ended, so two reports never differ by one person's day, a period
   cannot be moved or shortened to take one person in or out, and the
   current quarter, where readings arrive, is not counted until it ends.
   What is left to average are the changes of the data themselves (a
   correction, an erasure, a reading typed in late); a correction draws new
   noise only for its indicator's cells (and the summed score's), and
   undoing it brings the old noise back.
4. **Fewer decimals.** Means of the 1-5 scale have two decimals, summed
   scores and the SD one, shares are whole percents, in every format alike.

The noise is said on every report, in every format (`Protection`; the
column "±", of the fewest people the printed count can stand for, as a
bound of the true count would give the count away): a count by up to
`COUNT_NOISE`, a mean of the 1-5 scale by up
to `RATING_NOISE` / n (±0.25 for 20 people, ±0.05 for 100; a change by
twice that), a mean change of the summed score by up to `SUMMED_NOISE` / n
points (±0.75 for 20 people), the baseline SD by up to `SD_NOISE` / n of
itself. A small
organisation still gets its overall figures: the demo's 20 participants
get every indicator and the overall row; what can't be shown is said in
words. The amounts were chosen with the attack suite: the smallest that
beat none of its attacks with a margin, over twenty folder keys and both
of its days.

The limit: noise that is the same for the same people cannot stay the same
when the people change, so each change of the data gives a reader who
keeps every report one more noisy view of the cells the change touches.
The suite's folder has six corrections and two erasures between its
reports; a folder of twenty people with many times more changes in the
same year, each followed by a new report kept by the same reader, would
wear the protection down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from ...domain.flow import Flow
from ...domain.history import History
from .counting import count
from .figures import (
    CHANGE_NAMES,
    CHANGES,
    FEW_FOR_SHARE,
    GAP,
    MIX_NAMES,
    MIXES,
    RECENT_MONTHS,
    RELIABILITY,
    RELIABLE_Z,
    SIDE_NAMES,
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
from .parallel import PARALLEL_FROM, store_report, store_secrets
from .protection import (
    COUNT_NOISE,
    MIN_GROUP,
    MIN_PART,
    MIN_SHARE,
    PROTECTION,
    QUARTERS,
    RATING_NOISE,
    SD_NOISE,
    SUMMED_NOISE,
    covered_period,
    finish,
    reliable_changes,
)

__all__ = [
    "CHANGE_NAMES", "CHANGES", "COUNT_NOISE", "FEW_FOR_SHARE", "GAP", "MIN_GROUP", "MIN_PART",
    "MIN_SHARE", "MIX_NAMES", "MIXES", "PARALLEL_FROM", "PROTECTION", "QUARTERS", "RATING_NOISE", "RECENT_MONTHS",
    "RELIABILITY", "RELIABLE_Z", "SD_NOISE", "SIDE_NAMES", "SIDES", "SUMMED_NOISE", "SUPPRESSED", "Figure",
    "Gap", "GroupChange", "IndicatorChange", "Protection", "Report", "Share", "SideReport", "build_report",
    "covered_period", "reliable_changes", "store_report", "store_secrets",
]


def build_report(histories: Iterable[Any], *, flow_for: Callable[[str, int], Flow],
                 first: date | None, last: date | None, today: date,
                 secret_of: Callable[[str], bytes], reliability: float = RELIABILITY) -> Report:
    """The report over ``histories`` for the period asked for, ``first`` to
    ``last`` (None: open; see `covered_period` for the period counted), made on
    ``today``, reading each history once. Anything that is not a `History`, such
    as the `DamagedData` of `Store.read_all`, is counted as an unreadable file.
    ``flow_for(flow_id, version)`` gives a reading's flow; ``secret_of(code)``
    a participant's secret, which the protection's noise is drawn from
    (`store_secrets` of the folder: the report of a `Store` is `store_report`)."""
    if not 0 <= reliability < 1:
        raise ValueError("the reliability must be from 0 to below 1")
    period = covered_period(first, last, today)
    pairs = ((h, secret_of(h.code) if isinstance(h, History) else b"") for h in histories)
    return finish(count(pairs, flow_for, *period, today), (first, last), period, today, reliability)
