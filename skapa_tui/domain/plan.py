"""Action plans: interventions with dates and who is responsible, a goal, the next follow-up.

An `Intervention` is kept on its own with its start and (once ended) its
end date, so which interventions were active on any day can be read back:
the progression report needs it. It is active from its start date up to the
day before its end date: ended today is ended (`Intervention.active_on`). A `Plan` is one agreed version of the
plan: the participant's goal in their own words, the next follow-up date and
the interventions active in it. A new agreement adds a new plan; earlier
plans stay readable. `plan_notes` gives the gentle notes drawn from BIP's
findings (never a block). Imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .indicators import N_
from .interventions import GROUP_BY_ID, JOB_FOCUSED, KIND_BY_ID, OTHER

GOAL_MAX = 200
"""The goal is short: a sentence in the participant's own words."""
TEXT_MAX = 120
"""Free text of an intervention on no list, and who is responsible."""


@dataclass(frozen=True)
class Intervention:
    id: str
    kind: str            # an id of interventions.KINDS, or OTHER
    group: str           # the kind's group (for OTHER: chosen with the free text)
    text: str | None     # the free text of an OTHER intervention
    start: date
    end: date | None
    responsible: str     # who does it (short free text: "Anna at the job centre")
    added_by: str
    added_at: datetime

    # One rule, used everywhere (the caseload and its warnings, the plan and
    # its notes, the participant's page, the progression, the summary to take
    # home, the organisation's report): an intervention is active from its
    # start date up to the day before its end date. The end date is the day
    # it ended ("Ended on"), so from that day on it is over: one ended today
    # is no longer active today.

    def ended_on(self, day: date) -> bool:
        """Over on ``day``: it has an end date, and ``day`` is that date or later."""
        return self.end is not None and self.end <= day

    def active_on(self, day: date) -> bool:
        return self.start <= day and not self.ended_on(day)

    def active_between(self, first: date, last: date) -> bool:
        """Active on some day from ``first`` to ``last`` (inclusive)."""
        return self.start <= last and (self.end is None or self.end > max(self.start, first))


@dataclass(frozen=True)
class Plan:
    id: str
    made_at: datetime
    made_by: str
    goal: str
    next_follow_up: date | None
    interventions: tuple[str, ...]  # ids of the interventions in this plan


def check_intervention(kind: str, group: str, text: str | None) -> None:
    """Raise ValueError (a msgid) when kind, group and text do not fit together."""
    if kind == OTHER:
        if group not in GROUP_BY_ID:
            raise ValueError(N_("Choose the group of the intervention."))
        if not (text and text.strip()):
            raise ValueError(N_("Write what the intervention is."))
        if len(text.strip()) > TEXT_MAX:
            raise ValueError(N_("Keep the text short."))
        return
    found = KIND_BY_ID.get(kind)
    if found is None or found.group != group:
        raise ValueError(N_("There is no such intervention."))


NOTE_NONE = N_("No intervention is chosen. In BIP, people without any intervention moved backwards.")
NOTE_NO_JOB_FOCUS = N_("No intervention is job-focused. In BIP, the other kinds moved people forward "
                       "only together with a job-focused one.")
NOTE_COMBINED = N_("A combined plan with a job-focused part: in BIP, this moved people forward the most.")


def plan_notes(interventions: Iterable[Intervention], day: date) -> list[str]:
    """The gentle notes (msgids) for the interventions active on ``day``."""
    active = [i for i in interventions if i.active_on(day)]
    if not active:
        return [NOTE_NONE]
    groups = {i.group for i in active}
    if JOB_FOCUSED not in groups:
        return [NOTE_NO_JOB_FOCUS]
    if len(groups) > 1:
        return [NOTE_COMBINED]
    return []


def mix(interventions: Iterable[Intervention], first: date, last: date) -> str:
    """The intervention mix between two days: ``none``, ``one_group``,
    ``combined_job`` (two or more groups, one job-focused) or ``combined_no_job``."""
    groups = {i.group for i in interventions if i.active_between(first, last)}
    if not groups:
        return "none"
    if len(groups) == 1:
        return "one_group"
    return "combined_job" if JOB_FOCUSED in groups else "combined_no_job"
