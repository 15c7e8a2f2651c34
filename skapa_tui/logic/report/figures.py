"""The report's shape: its figures, markers and names (no counting, no writing).

A `Report` holds aggregates only: numbers, markers for figures that are not
shown (`SUPPRESSED`, `FEW_FOR_SHARE`, `HIDDEN`) and None where there is no
one to count. Nothing in it names a participant. Imports neither textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Union

from ...domain.indicators import N_, PARTICIPANT, SUPERVISOR

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
