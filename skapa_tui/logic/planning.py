"""Helpers for the plan screen: interventions by group, BIP's gentle notes,
ending an intervention, and the follow-up date to offer.

``today`` is always a parameter: nothing here reads the clock. Imports
neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from ..domain.history import FOLLOW_UP_MONTHS, History, add_months
from ..domain.indicators import N_
from ..domain.interventions import GROUPS, Group
from ..domain.plan import Intervention, plan_notes

END_BEFORE_START = N_("An intervention cannot end before it starts.")


@dataclass(frozen=True)
class GroupSummary:
    group: Group
    active: tuple[Intervention, ...]  # active on the day, by start date

    @property
    def count(self) -> int:
        return len(self.active)


def group_summary(interventions: Iterable[Intervention], today: date) -> tuple[GroupSummary, ...]:
    """Each of BIP's four groups, in order, with its interventions active on ``today``
    (a group with none is there too, so the screen can show the gap)."""
    active = sorted((i for i in interventions if i.active_on(today)), key=lambda i: (i.start, i.id))
    return tuple(GroupSummary(g, tuple(i for i in active if i.group == g.id)) for g in GROUPS)


def notes(interventions: Iterable[Intervention], today: date) -> list[str]:
    """The gentle notes (msgids) for the plan as it is on ``today`` (see `plan_notes`)."""
    return plan_notes(interventions, today)


def ending(intervention: Intervention, end: date) -> Intervention:
    """``intervention`` ended on ``end``; ValueError (`END_BEFORE_START`) when
    ``end`` lies before its start."""
    if end < intervention.start:
        raise ValueError(END_BEFORE_START)
    return replace(intervention, end=end)


def default_follow_up(history: History, today: date) -> date:
    """The follow-up date to offer: the next follow-up when it is still ahead,
    else ``FOLLOW_UP_MONTHS`` from ``today``."""
    upcoming = history.next_follow_up
    if upcoming is not None and upcoming > today:
        return upcoming
    return add_months(today, FOLLOW_UP_MONTHS)
