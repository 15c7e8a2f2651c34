"""The plan screen's helpers: groups, notes, ending an intervention, the follow-up to offer."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from skapa_tui.domain.history import FOLLOW_UP_MONTHS, History, add_months
from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.interventions import COMPETENCE, GROUPS, HEALTH, JOB_FOCUSED, SOCIAL, kinds_of
from skapa_tui.domain.plan import NOTE_COMBINED, NOTE_NO_JOB_FOCUS, NOTE_NONE, Intervention
from skapa_tui.domain.reading import ENTRY_LIVE, Reading
from skapa_tui.logic.planning import END_BEFORE_START, default_follow_up, ending, group_summary, notes

TODAY = date(2026, 6, 15)
AT = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)


def intervention(group: str, start: date, end: date | None = None, n: int = 1) -> Intervention:
    return Intervention(id=f"{group}-{n}", kind=kinds_of(group)[0].id, group=group, text=None,
                        start=start, end=end, responsible="Anna", added_by="anna", added_at=AT)


def met(day: date) -> Reading:
    return Reading(id=f"r-{day}", flow=PARTICIPANT, flow_version=1, role=PARTICIPANT, rater=None,
                   entry=ENTRY_LIVE, entered_by="anna", meeting_date=day, lang="sv", started_at=AT,
                   completed_at=AT)


def test_group_summary_has_every_group_with_its_active_interventions():
    plan = [intervention(HEALTH, date(2026, 3, 1)), intervention(JOB_FOCUSED, date(2026, 5, 1)),
            intervention(JOB_FOCUSED, date(2026, 2, 1), n=2),
            intervention(SOCIAL, date(2025, 1, 1), date(2026, 6, 14)),
            intervention(COMPETENCE, date(2026, 7, 1))]
    summary = group_summary(plan, TODAY)
    assert [s.group for s in summary] == list(GROUPS)
    found = {s.group.id: [i.id for i in s.active] for s in summary}
    assert found == {JOB_FOCUSED: ["job_focused-2", "job_focused-1"], COMPETENCE: [], SOCIAL: [],
                     HEALTH: ["health-1"]}
    assert [s.count for s in summary] == [2, 0, 0, 1]
    assert [s.count for s in group_summary([], TODAY)] == [0] * len(GROUPS)


def test_notes_for_none_no_job_focus_and_combined():
    assert notes([], TODAY) == [NOTE_NONE]
    ended = intervention(JOB_FOCUSED, date(2026, 1, 1), date(2026, 6, 1))
    assert notes([ended], TODAY) == [NOTE_NONE]
    others = [intervention(HEALTH, date(2026, 1, 1)), intervention(SOCIAL, date(2026, 1, 1))]
    assert notes(others, TODAY) == [NOTE_NO_JOB_FOCUS]
    job = intervention(JOB_FOCUSED, date(2026, 6, 1))
    assert notes([*others, job], TODAY) == [NOTE_COMBINED]
    assert notes([job], TODAY) == []


def test_ending_an_intervention():
    running = intervention(HEALTH, date(2026, 3, 1))
    assert ending(running, date(2026, 6, 1)).end == date(2026, 6, 1)
    assert ending(running, date(2026, 3, 1)).end == date(2026, 3, 1)  # the day it started
    assert ending(running, date(2026, 6, 1)).start == running.start
    with pytest.raises(ValueError) as caught:
        ending(running, date(2026, 2, 28))
    assert str(caught.value) == END_BEFORE_START
    assert running.end is None  # nothing changed in place


def test_default_follow_up():
    # Never met: three months from today.
    assert default_follow_up(History("P1", AT), TODAY) == add_months(TODAY, FOLLOW_UP_MONTHS)
    # Met today: three months from the meeting.
    assert default_follow_up(History("P1", AT, readings=[met(TODAY)]), TODAY) == add_months(TODAY, 3)
    # An agreed follow-up still ahead is kept.
    agreed = History("P1", AT, readings=[met(date(2026, 5, 1))], follow_up=date(2026, 7, 1))
    assert default_follow_up(agreed, TODAY) == date(2026, 7, 1)
    # Three months from an earlier meeting, still ahead.
    assert default_follow_up(History("P1", AT, readings=[met(date(2026, 5, 1))]), TODAY) == date(2026, 8, 1)
    # One that has passed is not offered again.
    late = History("P1", AT, readings=[met(date(2026, 1, 10))])
    assert late.next_follow_up < TODAY
    assert default_follow_up(late, TODAY) == date(2026, 9, 15)
    # Month ends: 31 August -> 30 November.
    assert default_follow_up(History("P1", AT), date(2026, 8, 31)) == date(2026, 11, 30)


def test_the_logic_imports_neither_textual_nor_rich():
    import subprocess
    import sys

    code = ("import sys, skapa_tui.logic.caseload, skapa_tui.logic.conversation, skapa_tui.logic.planning\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
