"""Everything stored about one participant, as the application logic reads it.

`History` is what `Store.history(code)` returns: the readings of both sides
(oldest first), the assignments to supervisors (oldest first: each change is
data, with its date, from whom and to whom), the interventions and the
plans. Derived facts are properties, never stored twice. Imports neither
textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .plan import Intervention, Plan
from .reading import Discard, Reading

FOLLOW_UP_MONTHS = 3
"""BIP and SKAPA meet again about every third month."""


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Assignment:
    """The participant was given to ``supervisor`` (None: to nobody) on ``on``."""

    supervisor: str | None
    previous: str | None
    on: date
    at: datetime
    by: str | None  # the supervisor who made the change; None from the command line

    @property
    def is_change(self) -> bool:
        """A change from one supervisor to another (not the first assignment)."""
        return self.previous is not None and self.supervisor != self.previous


@dataclass
class History:
    code: str
    created_at: datetime
    readings: list[Reading] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    follow_up: date | None = None
    """The next follow-up as agreed (stored); see `next_follow_up`."""
    discards: list[Discard] = field(default_factory=list)
    """Unfinished readings with answers that were discarded, oldest first."""

    @property
    def next_follow_up(self) -> date | None:
        """The agreed follow-up when it lies after the last meeting, else
        ``FOLLOW_UP_MONTHS`` after the last meeting (None before any meeting)."""
        last = self.last_meeting()
        if self.follow_up is not None and (last is None or self.follow_up > last):
            return self.follow_up
        return None if last is None else add_months(last, FOLLOW_UP_MONTHS)

    @property
    def supervisor(self) -> str | None:
        """The supervisor the participant has now."""
        return self.assignments[-1].supervisor if self.assignments else None

    @property
    def changes(self) -> list[Assignment]:
        """Every change of supervisor, oldest first."""
        return [a for a in self.assignments if a.is_change]

    @property
    def plan(self) -> Plan | None:
        return self.plans[-1] if self.plans else None

    def sent(self, role: str, flow: str | None = None) -> list[Reading]:
        """The sent readings of ``role`` (and ``flow``), by meeting date then time sent."""
        found = [r for r in self.readings
                 if r.finished and r.role == role and (flow is None or r.flow == flow)]
        return sorted(found, key=lambda r: (r.meeting_date, r.completed_at))

    def latest(self, role: str, flow: str | None = None) -> Reading | None:
        sent = self.sent(role, flow)
        return sent[-1] if sent else None

    def unfinished(self, role: str | None = None, entry: str | None = None) -> list[Reading]:
        return [r for r in self.readings if not r.finished
                and (role is None or r.role == role) and (entry is None or r.entry == entry)]

    def last_meeting(self) -> date | None:
        dates = [r.meeting_date for r in self.readings if r.finished]
        return max(dates) if dates else None

    def active_interventions(self, day: date) -> list[Intervention]:
        return [i for i in self.interventions if i.active_on(day)]
