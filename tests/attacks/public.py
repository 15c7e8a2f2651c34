"""The reports an attacker asks for, read from their public output only.

`ask` makes the report the way the command and the leader's screen make it
(`build_report` over the folder's histories with the folder's keys, then
`skapa_tui.render.render` as JSON) for every period of `requests`, and reads
each back from the JSON text. JSON is the most precise of the formats; that
the others (text, CSV, HTML, the leader's screen) show the same figures at
no more precision is tested apart (``test_report_formats``).

Every period a reader could ask for is a request: each end on every meeting
day, the day before and the day after, and on the first and last day of
every month; each end also open; each on the folder's day and on days
after it (`TODAYS`). A report says which period it covers (``first``,
``last``): requests that the report's own, public rule (`covered_period`)
says cover the same period on the same day are made once (one of each is
checked to give the very same figures), so the attacks see every report
there is without making thousands of identical ones.

`members` is what the attacker works out from what they know (who met when,
which answers are missing; see `world`): who a report's cells hold, for the
period the report says it covers.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from skapa_tui import resources
from skapa_tui.domain.plan import mix
from skapa_tui.logic import report as rp

from .world import INDICATORS, SIDES, State, Visit

try:  # the renderers' package; before it, the logic rendered
    from skapa_tui.render import render
except ImportError:  # pragma: no cover - only to measure the report before its protection
    render = rp.render  # type: ignore[attr-defined]

TODAYS = (0, 1, 45, 100)
"""The report is asked for on the folder's day and these many days later."""


def _keys_argument() -> str | None:
    """The name of `build_report`'s argument for the folder's keys (None before there were keys)."""
    names = inspect.signature(rp.build_report).parameters
    return next((n for n in ("secret_of",) if n in names), None)


def make_report(state: State, first: date | None, last: date | None, today: date) -> str:
    """The report as JSON, as ``skapa report --format json`` makes it on ``today``."""
    options = {}
    name = _keys_argument()
    if name is not None:
        options[name] = rp.store_secrets(state.store)
    report = rp.build_report(state.histories, flow_for=resources.flow_library().version, first=first,
                             last=last, today=today, **options)
    return render(report, "json", "en")


def covered(first: date | None, last: date | None, today: date) -> tuple:
    """The period a report asked for ``first`` to ``last`` on ``today`` covers, by the
    report's public rule (before there was one: the period asked for), and the day."""
    rule = getattr(rp, "covered_period", None)
    if rule is None:
        return (first, last, today)
    return (*rule(first, last, today), today)


def figures(text: str) -> dict:
    """The report's JSON without the period asked for (which it repeats, and which is
    all two requests for the same period covered differ in)."""
    data = json.loads(text)
    data.pop("asked_first", None)
    data.pop("asked_last", None)
    return data


def requests(state: State) -> list[tuple[date | None, date | None, date]]:
    """Every (first, last, today) the attacker asks for (see the module)."""
    days: set[date] = set()
    for person in state.people.values():
        for visits in person.visits.values():
            for visit in visits:
                days.update((visit.day - timedelta(days=1), visit.day, visit.day + timedelta(days=1)))
    low, high = min(days), max(days)
    day = low.replace(day=1)
    while day <= high:
        days.add(day)
        days.add(day - timedelta(days=1))
        day = (day + timedelta(days=32)).replace(day=1)
    ends: list[date | None] = [None, *sorted(days)]
    todays = [state.day + timedelta(days=n) for n in TODAYS]
    if getattr(rp, "covered_period", None) is None:
        todays = todays[:1]  # before: the period is what was asked; today moves only "overdue"
    return [(a, b, t) for t in todays for a in ends for b in ends if a is None or b is None or a <= b]


@dataclass(frozen=True)
class Asked:
    state: State
    first: date | None      # as the report says it covers
    last: date | None
    today: date
    data: dict


def ask(state: State, check: bool = True) -> list[Asked]:
    """The reports of every request (one per period covered; see the module)."""
    made: dict[tuple, dict] = {}
    reports = []
    for first, last, today in requests(state):
        period = covered(first, last, today)
        if period in made:
            continue
        data = made[period] = figures(make_report(state, first, last, today))
        reports.append(Asked(state, _day(data.get("first")), _day(data.get("last")), today, data))
    if check:  # the rule's promise, checked once per period: the request gives the same report
        seen = set()
        for first, last, today in reversed(requests(state)):
            period = covered(first, last, today)
            if period not in seen:
                seen.add(period)
                assert figures(make_report(state, first, last, today)) == made[period], (first, last, today)
    return reports


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# -- who the cells hold, as the attacker works it out --------------------------------

def in_period(visits: Iterable[Visit], first: date | None, last: date | None) -> list[Visit]:
    return [v for v in visits if (first is None or v.day >= first) and (last is None or v.day <= last)]


@dataclass(frozen=True)
class Pair:
    """One person's first and latest reading of one side in a period."""

    code: str
    side: str
    one: Visit
    two: Visit


def pairs(state: State, side: str, first: date | None, last: date | None) -> list[Pair]:
    found = []
    for code, person in state.people.items():
        visits = in_period(person.visits[side], first, last)
        if len(visits) >= 2:
            found.append(Pair(code, side, visits[0], visits[-1]))
    return found


def summed_members(state: State, side: str, first: date | None, last: date | None) -> list[tuple[Pair, str, str]]:
    """(pair, mix, supervisor changes) of everyone counted for the summed score."""
    found = []
    k = len(INDICATORS[side])
    for pair in pairs(state, side, first, last):
        both = pair.one.answered & pair.two.answered
        if 2 * len(both) < k:
            continue
        history = state.people[pair.code].history
        day1, day2 = pair.one.day, pair.two.day
        changes = sum(1 for a in history.assignments if a.is_change and day1 <= a.on <= day2)
        found.append((pair, mix(history.interventions, day1, day2), ("0", "1", "2+")[min(changes, 2)]))
    return found


def number(value) -> float | None:
    """A figure as a number, or None for a marker or an empty figure."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def side_data(data: dict, side: str) -> dict:
    return next(s for s in data["sides"] if s["side"] == side)


SIDE_OF = {side: side for side in SIDES}
