"""Helpers for the plan screen: interventions by group, BIP's gentle notes,
ending an intervention, and the follow-up date to offer.

``today`` is always a parameter: nothing here reads the clock. Imports
neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import NotRequired, TypedDict

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


# ---- dates typed on the plan screen and the names of interventions --------

BAD_DATE = N_("Write the date as {iso} or {short}.")
"""A typed date that cannot be read (the fields are two examples of the day asked for)."""
BAD_DATE_ONE_WAY = N_("Write the date as {iso}.")
"""The same, where the language's short date is the ISO one (Swedish): the example once."""


class DateExample(TypedDict):
    """The fields of `BAD_DATE` (``short`` is not in `BAD_DATE_ONE_WAY`)."""

    iso: str
    short: NotRequired[str]


def bad_date(day: date, lang: str) -> tuple[str, DateExample]:
    """What to say of a date that cannot be read, with ``day`` as the example:
    a msgid and its fields. Each way of writing it is shown once (Swedish
    writes its short date as 2026-03-31, the ISO date)."""
    iso, short = day.isoformat(), short_date(day, lang)
    if short == iso:
        return BAD_DATE_ONE_WAY, {"iso": iso}
    return BAD_DATE, {"iso": iso, "short": short}


def short_date(day: date, lang: str) -> str:
    """``day`` in the language's short date format (what `parse_day` reads back)."""
    from babel.dates import format_date

    return format_date(day, format="short", locale=lang)


def parse_day(text: str, lang: str) -> date:
    """A date typed as ISO (2026-03-31) or in the language's short format
    (Babel); ValueError(`BAD_DATE`) when it is neither."""
    text = (text or "").strip()
    if not text:
        raise ValueError(BAD_DATE)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    from babel.dates import parse_date

    try:
        day = parse_date(text, locale=lang, format="short")
    except (ValueError, IndexError, TypeError, AttributeError):
        raise ValueError(BAD_DATE) from None
    # Babel reads whatever digits it finds: a date that does not write back the
    # same way in either form was not meant as that date ("1.2" has no year).
    if _loose(short_date(day, lang)) != _loose(text):
        raise ValueError(BAD_DATE)
    return day


def _loose(text: str) -> tuple[int, ...]:
    """The numbers of a date text (so 3.4.2026 and 03.04.2026 are the same)."""
    import re

    return tuple(int(n) for n in re.findall(r"\d+", text))


def intervention_name(intervention: Intervention) -> tuple[str, bool]:
    """What to call ``intervention``: (text, is_msgid). A kind on the list gives
    its name (a msgid to translate); an intervention on no list, its free text."""
    from ..domain.interventions import KIND_BY_ID, OTHER

    if intervention.kind == OTHER or intervention.kind not in KIND_BY_ID:
        return intervention.text or "", False
    return KIND_BY_ID[intervention.kind].name, True


def plan_interventions(plan, history: History) -> list[Intervention]:
    """The interventions of ``plan`` (an earlier or the current one), as stored, by start date."""
    by_id = {i.id: i for i in history.interventions}
    found = [by_id[i] for i in plan.interventions if i in by_id]
    return sorted(found, key=lambda i: (i.start, i.id))
