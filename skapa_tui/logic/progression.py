"""Progression: a participant's readings over time, for the spider chart and the table beside it.

`series` gives each side's sent readings (oldest first) as `Sample`\\ s: the
meeting date and, for every indicator the reading's own flow version rates,
the (corrected) value 1-5, or None for "I'd rather not answer" (and for a
question never answered). An indicator the flow does not rate is absent.
Values are read with `logic.conversation.rating`, so a reading is always read
against the flow version it was made on.

`history_rows` gives, per indicator and side, every reading with its date,
value, the change since the side's previous reading (▲ ▼ = and the signed
change; none when either of the two has no value) and the interventions
active between the previous reading and this one.

The chart's geometry (no drawing here; the screen's widget and the PDF both
use it): the axes are the indicators in their fixed order
(`domain.indicators.INDICATORS`, filtered), the first straight up, the
others clockwise at equal angles (`axis_angle`). Coordinates are the
screen's and the page's: x to the right, y *down*, the centre at (0, 0).
The rings of the values 1-5 lie at ``radius * v / 5`` (`ring_radius`): the
value 1 on the inner ring (a fifth of the radius), 5 on the outer ring (the
whole radius); the centre itself means no value. A missing value (not
answered, or not rated on that side's form) is never drawn as 0 or at the
centre: it *breaks the polygon*, so no vertex is drawn on that axis and
neither of the two edges that would meet there (`polygon_edges`).

`SHORT_NAMES` holds the axis labels (English msgids). They are
participant-facing: the participant sees them on the kiosk's chart and on
the summary they take home. Imports neither textual nor rich.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from ..domain.flow import Flow
from ..domain.history import History
from ..domain.indicators import BY_ID, INDICATORS, NC_, PARTICIPANT, SCALE, SUPERVISOR, Indicator, N_
from ..domain.plan import Intervention
from ..domain.reading import Reading
from .conversation import rating

ROLES = (PARTICIPANT, SUPERVISOR)
RINGS = SCALE
"""One ring per value of the scale, 1 the inner one, 5 the outer one."""
MAX_VALUE = max(SCALE)
UP, DOWN, SAME = "▲", "▼", "="

SHORT_NAMES: dict[str, str] = {
    "labour_market_knowledge": N_("Labour market"),
    "concentration": N_("Concentration"),
    "self_belief": N_("Belief in a job"),
    "supervisor_belief": N_("Supervisor's belief"),
    "goal_directedness": N_("Goals"),
    "contact": N_("Contact"),
    # The indicator's name is "Cooperation" too, where Swedish says "Samarbetsförmåga";
    # an axis label needs a word ("Samarbete").
    "cooperation": NC_("the chart's axis label, a word or two", "Cooperation"),
    "network_support": N_("Network"),
    "everyday_life": N_("Everyday life"),
    "health": N_("Health"),
    "job_search": N_("Job search"),
}
"""The axis label of each indicator (a msgid): a word or two."""

# The legend of the chart and the table's row marks (participant-facing).
YOU = N_("You")
YOUR_SUPERVISOR = N_("Your supervisor")
PARTICIPANT_NAME = N_("Participant")
SUPERVISOR_NAME = N_("Supervisor")


def role_name(role: str, viewer: str) -> str:
    """Whose reading, as a msgid, said to ``viewer``: "You" to the participant."""
    if viewer == PARTICIPANT:
        return YOU if role == PARTICIPANT else YOUR_SUPERVISOR
    return PARTICIPANT_NAME if role == PARTICIPANT else SUPERVISOR_NAME


class Sample(NamedTuple):
    """One reading on the chart: its meeting date and its values by indicator id."""

    date: date
    values: dict[str, int | None]


def values_of(reading: Reading, flow_for: Callable[[Reading], Flow]) -> dict[str, int | None]:
    """The reading's value for each indicator its flow version rates (None: no value)."""
    values: dict[str, int | None] = {}
    flow = flow_for(reading)
    for indicator in INDICATORS:
        if flow.rated_question(indicator.id) is None:
            continue
        found = rating(reading, indicator.id, flow_for)
        values[indicator.id] = None if found is None else found.value
    return values


def series(history: History, flow_for: Callable[[Reading], Flow],
           roles: Iterable[str] = ROLES) -> dict[str, list[Sample]]:
    """Each side's sent readings, oldest first, as samples."""
    return {role: [Sample(r.meeting_date, values_of(r, flow_for)) for r in history.sent(role)]
            for role in roles}


def axes(samples: dict[str, list[Sample]] | Iterable[Sample] | None = None,
         roles: Iterable[str] | None = None) -> tuple[Indicator, ...]:
    """The chart's axes, in the indicators' own order: those rated in any of
    ``samples``, or (no sample has a value) those the forms of ``roles`` ask
    about (default: every indicator)."""
    if isinstance(samples, dict):
        samples = [s for side in samples.values() for s in side]
    rated = {key for sample in samples or () for key in sample.values}
    if rated:
        return tuple(i for i in INDICATORS if i.id in rated)
    wanted = set(roles) if roles is not None else set(ROLES)
    return tuple(i for i in INDICATORS if i.asked_of & wanted)


def shown(samples: Sequence[Sample], earlier: int = 2) -> list[Sample]:
    """The samples a chart shows: the latest and up to ``earlier`` before it, newest first."""
    return list(reversed(samples[-(earlier + 1):])) if samples else []


# -- the chart's geometry ----------------------------------------------------------

def axis_angle(i: int, n: int) -> float:
    """The angle of axis ``i`` of ``n`` in radians, clockwise from straight up."""
    if n <= 0 or not 0 <= i < n:
        raise ValueError(f"axis {i} of {n}")
    return 2 * math.pi * i / n


def ring_radius(value: float, radius: float) -> float:
    """The distance from the centre of the value ``value`` (1 inner ring, 5 outer ring)."""
    return radius * value / MAX_VALUE


def point(value: float, i: int, n: int, radius: float) -> tuple[float, float]:
    """Where ``value`` lies on axis ``i`` of ``n``: (x right, y down) from the centre."""
    angle = axis_angle(i, n)
    r = ring_radius(value, radius)
    return r * math.sin(angle), -r * math.cos(angle)


def vertices(sample: Sample, indicators: Sequence[Indicator],
             radius: float) -> list[tuple[float, float] | None]:
    """The polygon's vertex on each axis, None where the value is missing."""
    n = len(indicators)
    found: list[tuple[float, float] | None] = []
    for i, indicator in enumerate(indicators):
        value = sample.values.get(indicator.id)
        found.append(None if value is None else point(value, i, n, radius))
    return found


def polygon_edges(points: Sequence[tuple[float, float] | None]
                  ) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The edges between neighbouring axes whose vertices are both there (the
    last axis joins the first); a missing vertex breaks the polygon."""
    n = len(points)
    edges = []
    for i in range(n if n > 2 else n - 1):
        a, b = points[i], points[(i + 1) % n]
        if a is not None and b is not None:
            edges.append((a, b))
    return edges


# -- the history table -------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One reading of one indicator in its side's history."""

    date: date
    value: int | None                  # None: not answered
    change: int | None                 # since the side's previous reading; None when either has no value
    interventions: tuple[Intervention, ...]  # active between the previous reading and this one

    @property
    def trend(self) -> str | None:
        """▲ up, ▼ down, = the same (None when there is nothing to compare)."""
        if self.change is None:
            return None
        return UP if self.change > 0 else DOWN if self.change < 0 else SAME

    @property
    def signed_change(self) -> str | None:
        """The change with its sign: "+1", "-2", "0"."""
        if self.change is None:
            return None
        return f"{self.change:+d}" if self.change else "0"


@dataclass(frozen=True)
class HistoryRow:
    """Every reading of one side about one indicator, oldest first."""

    indicator: Indicator
    role: str
    steps: tuple[Step, ...]


def between(interventions: Iterable[Intervention], first: date, last: date) -> tuple[Intervention, ...]:
    """The interventions active on some day from ``first`` to ``last``, by start date."""
    return tuple(sorted((i for i in interventions if i.active_between(first, last)),
                        key=lambda i: (i.start, i.id)))


def history_rows(history: History, flow_for: Callable[[Reading], Flow],
                 indicators: Iterable[Indicator | str] | None = None,
                 roles: Iterable[str] = ROLES) -> list[HistoryRow]:
    """Per indicator (in the fixed order) and side, the side's readings of it.

    A side whose form does not rate the indicator has no row for it."""
    wanted = {i if isinstance(i, str) else i.id for i in indicators} if indicators is not None else None
    if wanted is not None and wanted - set(BY_ID):
        raise KeyError(sorted(wanted - set(BY_ID)))
    by_role = series(history, flow_for, roles)
    rows: list[HistoryRow] = []
    for indicator in INDICATORS:
        if wanted is not None and indicator.id not in wanted:
            continue
        for role, samples in by_role.items():
            rated = [s for s in samples if indicator.id in s.values]
            if not rated:
                continue
            steps: list[Step] = []
            for k, sample in enumerate(rated):
                value = sample.values[indicator.id]
                if k == 0:
                    steps.append(Step(sample.date, value, None, ()))
                    continue
                before = rated[k - 1]
                old = before.values[indicator.id]
                change = None if value is None or old is None else value - old
                steps.append(Step(sample.date, value, change,
                                  between(history.interventions, before.date, sample.date)))
            rows.append(HistoryRow(indicator, role, tuple(steps)))
    return rows
