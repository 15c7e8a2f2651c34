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

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from ...domain.flow import Flow
from .counting import count
from .figures import (
    CHANGE_NAMES,
    CHANGES,
    FEW_FOR_SHARE,
    GAP,
    HIDDEN,
    MIN_GROUP,
    MIN_SHARE,
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
    Report,
    Share,
    SideReport,
)
from .parallel import PARALLEL_FROM, store_report
from .protection import finish, protect, reliable_changes

__all__ = [
    "CHANGE_NAMES", "CHANGES", "FEW_FOR_SHARE", "GAP", "HIDDEN", "MIN_GROUP", "MIN_SHARE", "MIX_NAMES",
    "MIXES", "PARALLEL_FROM", "RECENT_MONTHS", "RELIABILITY", "RELIABLE_Z", "SIDE_NAMES", "SIDES",
    "SUPPRESSED", "Figure", "Gap", "GroupChange", "IndicatorChange", "Report", "Share", "SideReport",
    "build_report", "protect", "reliable_changes", "store_report",
]


def build_report(histories: Iterable[Any], *, flow_for: Callable[[str, int], Flow],
                 first: date | None, last: date | None, today: date,
                 reliability: float = RELIABILITY) -> Report:
    """The report over ``histories`` (anything that is not a `History`, such as
    the `DamagedData` of `Store.read_all`, is counted as an unreadable file),
    reading each once. ``flow_for(flow_id, version)`` gives a reading's flow."""
    if not 0 <= reliability < 1:
        raise ValueError("the reliability must be from 0 to below 1")
    return finish(count(histories, flow_for, first, last, today), first, last, today, reliability)
