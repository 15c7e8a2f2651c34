"""One rule for when an intervention is over (issue 13, point 4): it is
active from its start date up to the day before its end date, so one ended
today is ended today. Every place asks the domain: the caseload and its
warnings, the plan's notes, the participant's page, the progression, the
summary to take home and the organisation's report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from skapa_tui.domain.history import History
from skapa_tui.domain.interventions import JOB_FOCUSED, SOCIAL, kinds_of
from skapa_tui.domain.plan import NOTE_NONE, Intervention, mix, plan_notes
from skapa_tui.logic.caseload import NO_ACTIVE_INTERVENTION, caseload_row
from skapa_tui.logic.planning import group_summary
from skapa_tui.logic.progression import between
from skapa_tui.logic.report.counting import recent_window

DAY = date(2026, 12, 5)
AT = datetime(2026, 1, 1, tzinfo=UTC)


def intervention(start: date, end: date | None, group: str = JOB_FOCUSED, id: str = "i1") -> Intervention:
    return Intervention(id, kinds_of(group)[0].id, group, None, start, end, "Anna", "anna", AT)


def test_ended_today_is_not_active_today_but_was_yesterday():
    i = intervention(date(2026, 11, 1), DAY)
    assert i.ended_on(DAY) and not i.active_on(DAY)
    assert i.active_on(date(2026, 12, 4)) and not i.ended_on(date(2026, 12, 4))
    assert not i.active_on(date(2026, 10, 31))  # before its start
    running = intervention(date(2026, 11, 1), None)
    assert running.active_on(DAY) and not running.ended_on(DAY)
    later = intervention(date(2026, 11, 1), date(2027, 1, 1))
    assert later.active_on(DAY) and not later.ended_on(DAY)


def test_a_span_holds_it_only_on_a_day_it_was_active():
    i = intervention(date(2026, 11, 1), DAY)
    assert i.active_between(date(2026, 12, 1), date(2026, 12, 31))
    assert not i.active_between(DAY, date(2026, 12, 31))  # from its end date on: over
    assert i.active_between(date(2026, 10, 1), date(2026, 11, 1))
    assert not i.active_between(date(2026, 10, 1), date(2026, 10, 31))
    same_day = intervention(DAY, DAY)  # added and ended the same day: never active
    assert not same_day.active_on(DAY)
    assert not same_day.active_between(date(2026, 1, 1), date(2027, 12, 31))


def test_every_place_follows_the_rule():
    ended = intervention(date(2026, 11, 1), DAY)
    history = History("A-1", AT, interventions=[ended])
    row = caseload_row(history, DAY, lambda _id: True)
    assert row.active == {} and NO_ACTIVE_INTERVENTION in row.warnings
    assert plan_notes([ended], DAY) == [NOTE_NONE]
    assert all(g.count == 0 for g in group_summary([ended], DAY))
    assert between([ended], DAY, date(2027, 3, 1)) == ()
    assert mix([ended, intervention(DAY, DAY, SOCIAL, "i2")], DAY, date(2027, 3, 1)) == "none"
    # the report: ended on the first day of its last three months is not active in them
    first, last = recent_window(date(2026, 12, 31))
    over = intervention(date(2026, 1, 1), first)
    assert not over.active_between(first, last)
    assert intervention(date(2026, 1, 1), first + timedelta(days=1)).active_between(first, last)
