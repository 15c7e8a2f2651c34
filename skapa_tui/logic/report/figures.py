"""The report's shape: its figures, markers and names (no counting, no writing).

A `Report` holds aggregates only: numbers (each already protected, see
`skapa_tui.logic.report.protection`), markers for figures that are not
shown (`SUPPRESSED`, `FEW_FOR_SHARE`) and None where there is no one to
count, and the `Protection` that was applied, so that every format can say
how much a figure may have been moved. Nothing in it names a participant.
Imports neither textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...domain.indicators import N_, PARTICIPANT, SUPERVISOR

RELIABILITY = 0.8
"""The test-retest reliability of the summed score that the reliable-change
figure assumes. BIP publishes none for its indicators; 0.8 is the usual
floor for a scale used to judge change in individuals, so it is an
assumption, printed beside every reliable-change figure. Change it here only."""
RELIABLE_Z = 1.96
"""|RCI| above this is a reliable change (5 % two-sided)."""
RECENT_MONTHS = 3
"""'The last three months' of the share with no active intervention."""
GAP = 2
"""A difference of this much or more between the two sides' latest ratings is a gap."""

SUPPRESSED = "<5"
"""The marker of a count of 1 to 4 people, and of every figure of a group that small."""
FEW_FOR_SHARE = "<10"
"""The marker of a share of too few people (`Protection.min_share`)."""

SIDES = (PARTICIPANT, SUPERVISOR)
MIXES = ("none", "one_group", "combined_job", "combined_no_job")
CHANGES = ("0", "1", "2+")

Figure = int | float | str | None
"""A number, a marker (`SUPPRESSED`, `FEW_FOR_SHARE`) or None (no one to count)."""

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
class Protection:
    """What was done to the figures so that no one can be worked out (the
    constants of `skapa_tui.logic.report.protection`), for the report to say."""

    method: str             # "cell-key": the noise is a function of who is in a cell
    period: str             # "quarter": periods are whole calendar quarters ...
    quarters: int           # ... this many of them (a year), the current one never
    min_group: int          # fewer people: "<5", nothing else of them
    min_share: int          # a share needs this many people ("<10") ...
    min_part: int           # ... and this many in its part (else "<5")
    count_noise: int        # a count of people moved by at most this
    rating_noise: float     # a sum of ratings (1-5) moved by at most this: a mean of n by this / n
    summed_noise: float     # a sum of summed-score changes moved by at most this
    sd_noise: float         # the baseline SD moved by at most this / n of itself


@dataclass(frozen=True)
class IndicatorChange:
    """Distance travelled on one indicator, by one side."""

    indicator: str
    n: Figure               # people counted (two readings, both answered)
    no_answer: Figure       # left out: no answer on the indicator in one of the two readings
    mean_first: Figure
    mean_latest: Figure
    mean_change: Figure     # mean_latest - mean_first, as printed
    improved: Figure        # shares
    same: Figure
    worse: Figure
    bound: Figure           # the most the protection may have moved mean_first or mean_latest


@dataclass(frozen=True)
class GroupChange:
    """The summed-score change of a group of people (all, a mix, a number of changes)."""

    group: str
    n: Figure
    mean_change: Figure
    improved: Figure        # shares, by reliable change
    no_change: Figure
    deteriorated: Figure
    bound: Figure           # the most the protection may have moved mean_change


@dataclass(frozen=True)
class SideReport:
    side: str
    counted: Figure         # people with two or more readings of this side in the period
    fewer_than_two: Figure  # left out: in the period with fewer than two readings of this side
    summed: Figure          # counted for the summed score
    too_few_answered: Figure  # left out of it: fewer than half the indicators answered in both
    indicators: tuple[IndicatorChange, ...]
    baseline_sd: Figure     # of the first summed scores of the people counted for it
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
    asked_first: date | None  # the period asked for (None: open)
    asked_last: date | None
    first: date             # the period counted: whole quarters (see `covered_period`)
    last: date
    today: date
    reliability: float
    participants: Figure    # in the period
    unreadable_files: int   # left out: damaged files
    unreadable_readings: int  # left out: readings whose flow version is not kept
    sides: tuple[SideReport, ...]
    recent_from: date
    recent_to: date
    no_intervention: Share
    overdue: Share
    gaps: tuple[Gap, ...]
    protection: Protection
