"""The supervisor's caseload: one row for each participant, with gentle warnings.

`caseload_rows` reads each participant's `History` on a given day (``today``
is a parameter: nothing here reads the clock) and gives a `CaseloadRow`: the
code, the meeting dates of the latest participant and supervisor readings,
the next follow-up, the active interventions counted by group, and the
`CaseloadWarning`s that apply. A warning is never a block: its ``name`` is a
short label for the table and its ``text`` says the same gently, with BIP's
finding in a few words where one lies behind it. Both are msgids.

`sort_rows` orders rows by a column (dates that are missing go last, in
either direction; the most warnings first); `filter_rows` keeps the rows whose code or a warning's
(translated) name holds the typed text. Imports neither textual nor rich.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ..domain.history import History, add_months
from ..domain.indicators import N_, PARTICIPANT, SUPERVISOR
from ..domain.interventions import GROUPS, JOB_FOCUSED
from ..domain.reading import ENTRY_KIOSK

RECENT_CHANGE_MONTHS = 6
"""A change of supervisor this many months back or less is recent."""
MANY_CHANGES = 2
"""This many changes of supervisor (ever) earn their own warning."""


@dataclass(frozen=True)
class CaseloadWarning:
    id: str
    name: str  # msgid: a short label
    text: str  # msgid: the gentle sentence, with BIP's finding where there is one


NEEDS_SUPERVISOR = CaseloadWarning(
    "needs_supervisor", N_("Needs a supervisor"),
    N_("Has no active supervisor. In BIP, staying with the same supervisor helped people into work."))
FOLLOW_UP_OVERDUE = CaseloadWarning(
    "follow_up_overdue", N_("Follow-up overdue"),
    N_("The follow-up date has passed: a good time to meet again."))
NO_ACTIVE_INTERVENTION = CaseloadWarning(
    "no_active_intervention", N_("No active intervention"),
    N_("No intervention is active. In BIP, people without any intervention moved backwards."))
NO_JOB_FOCUSED_INTERVENTION = CaseloadWarning(
    "no_job_focused_intervention", N_("No job-focused intervention"),
    N_("No active intervention is job-focused. In BIP, the other kinds helped only together "
       "with a job-focused one."))
RECENT_SUPERVISOR_CHANGE = CaseloadWarning(
    "recent_supervisor_change", N_("New supervisor"),
    N_("Changed supervisor in the last six months: each change lowers the chance of a job."))
TWO_OR_MORE_CHANGES = CaseloadWarning(
    "two_or_more_changes", N_("Several supervisor changes"),
    N_("Has changed supervisor two or more times: each change lowers the chance of a job."))
UNFINISHED_KIOSK_READING = CaseloadWarning(
    "unfinished_kiosk_reading", N_("Unfinished at the kiosk"),
    N_("Started answering at the kiosk but did not finish: you may go through it together."))

WARNINGS: tuple[CaseloadWarning, ...] = (
    NEEDS_SUPERVISOR,
    FOLLOW_UP_OVERDUE,
    NO_ACTIVE_INTERVENTION,
    NO_JOB_FOCUSED_INTERVENTION,
    RECENT_SUPERVISOR_CHANGE,
    TWO_OR_MORE_CHANGES,
    UNFINISHED_KIOSK_READING,
)
"""Every warning, in the order a row lists them."""
WARNING_BY_ID: dict[str, CaseloadWarning] = {w.id: w for w in WARNINGS}


@dataclass(frozen=True)
class CaseloadRow:
    code: str
    supervisor: str | None            # the supervisor the participant has now
    participant_date: date | None     # meeting date of the latest participant reading
    supervisor_date: date | None      # meeting date of the latest supervisor reading
    follow_up: date | None            # History.next_follow_up
    active: Mapping[str, int]         # group id -> active interventions (groups with some, in GROUPS order)
    warnings: tuple[CaseloadWarning, ...]

    @property
    def active_total(self) -> int:
        return sum(self.active.values())


def warnings_for(history: History, today: date,
                 supervisors_active: Callable[[str], bool]) -> tuple[CaseloadWarning, ...]:
    """The warnings that apply to ``history`` on ``today``, in the order of `WARNINGS`."""
    found: set[CaseloadWarning] = set()
    supervisor = history.supervisor
    if supervisor is None or not supervisors_active(supervisor):
        found.add(NEEDS_SUPERVISOR)
    follow_up = history.next_follow_up
    if follow_up is not None and follow_up < today:
        found.add(FOLLOW_UP_OVERDUE)
    active = history.active_interventions(today)
    if not active:
        found.add(NO_ACTIVE_INTERVENTION)
    elif all(i.group != JOB_FOCUSED for i in active):
        found.add(NO_JOB_FOCUSED_INTERVENTION)
    changes = history.changes
    since = add_months(today, -RECENT_CHANGE_MONTHS)
    if any(change.on >= since for change in changes):
        found.add(RECENT_SUPERVISOR_CHANGE)
    if len(changes) >= MANY_CHANGES:
        found.add(TWO_OR_MORE_CHANGES)
    if history.unfinished(entry=ENTRY_KIOSK):
        found.add(UNFINISHED_KIOSK_READING)
    return tuple(w for w in WARNINGS if w in found)


def caseload_row(history: History, today: date, supervisors_active: Callable[[str], bool]) -> CaseloadRow:
    participant = history.latest(PARTICIPANT)
    supervisor = history.latest(SUPERVISOR)
    order = {group.id: n for n, group in enumerate(GROUPS)}
    counts = Counter(i.group for i in history.active_interventions(today))
    active = dict(sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    return CaseloadRow(
        code=history.code,
        supervisor=history.supervisor,
        participant_date=participant.meeting_date if participant else None,
        supervisor_date=supervisor.meeting_date if supervisor else None,
        follow_up=history.next_follow_up,
        active=active,
        warnings=warnings_for(history, today, supervisors_active),
    )


def caseload_rows(histories: Iterable[History], today: date,
                  supervisors_active: Callable[[str], bool]) -> list[CaseloadRow]:
    """One row for each history, in code order. ``supervisors_active(id)`` says
    whether a supervisor is still active (an unknown id is not)."""
    rows = [caseload_row(h, today, supervisors_active) for h in histories]
    return sorted(rows, key=lambda r: code_order(r.code))


SORT_KEYS = ("code", "warnings", "follow_up", "participant", "supervisor", "interventions")
"""In the order of the caseload's columns on screen (ctrl+s goes through them
so). ``participant`` and ``supervisor`` sort by the date of each side's
latest reading; ``warnings`` most first and ``interventions`` (the active
ones) fewest first: what needs a look comes first."""

_DATE_OF: dict[str, Callable[[CaseloadRow], date | None]] = {
    "participant": lambda r: r.participant_date,
    "supervisor": lambda r: r.supervisor_date,
    "follow_up": lambda r: r.follow_up,
}


def code_order(code: str) -> tuple:
    """Codes in the order a person expects: DEMO2 before DEMO10 (runs of
    digits compare as numbers)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.split(r"(\d+)", code) if part)


def sort_rows(rows: Iterable[CaseloadRow], key: str = "code", reverse: bool = False) -> list[CaseloadRow]:
    """Rows ordered by ``key`` (one of `SORT_KEYS`); equal rows stay in code
    order; rows without the date go last whichever the direction. ``warnings``
    sorts by how many warnings a row has, most first; ``interventions`` by how
    many are active, fewest first (``reverse`` turns either round)."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}")
    by_code = sorted(rows, key=lambda r: code_order(r.code))
    if key == "code":
        return sorted(by_code, key=lambda r: code_order(r.code), reverse=reverse)
    if key == "warnings":
        return sorted(by_code, key=lambda r: -len(r.warnings), reverse=reverse)
    if key == "interventions":
        return sorted(by_code, key=lambda r: r.active_total, reverse=reverse)
    day = _DATE_OF[key]
    dated = [r for r in by_code if day(r) is not None]
    undated = [r for r in by_code if day(r) is None]
    return sorted(dated, key=day, reverse=reverse) + undated  # type: ignore[arg-type, return-value]


def filter_rows(rows: Iterable[CaseloadRow], text: str,
                translate: Callable[[str], str] = lambda s: s) -> list[CaseloadRow]:
    """The rows whose code holds ``text`` (any case), or one of whose warnings'
    names does, as ``translate`` gives it. Blank text keeps every row."""
    needle = " ".join(text.split()).casefold()
    if not needle:
        return list(rows)
    return [r for r in rows
            if needle in r.code.casefold()
            or any(needle in translate(w.name).casefold() for w in r.warnings)]


def week_end(today: date) -> date:
    """The last day (Sunday) of ``today``'s week: a week runs Monday to Sunday,
    as in Sweden and Denmark."""
    from datetime import timedelta

    return today + timedelta(days=6 - today.weekday())


def due_rows(rows: Iterable[CaseloadRow], today: date) -> list[CaseloadRow]:
    """The rows whose follow-up is due by the end of ``today``'s week (those
    overdue included), soonest first, then by code: what to prepare this week."""
    end = week_end(today)
    due = [r for r in rows if r.follow_up is not None and r.follow_up <= end]
    return sorted(due, key=lambda r: (r.follow_up, code_order(r.code)))
