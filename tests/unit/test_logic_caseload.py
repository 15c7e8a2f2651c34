"""The caseload: rows, each warning on and off, sorting and filtering.

Histories are built by hand from the domain's dataclasses, with explicit
dates; ``TODAY`` is passed in (the logic reads no clock).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from skapa_tui.domain.history import Assignment, History, add_months
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.interventions import GROUPS, HEALTH, JOB_FOCUSED, SOCIAL, kinds_of
from skapa_tui.domain.plan import Intervention
from skapa_tui.domain.reading import ENTRY_KIOSK, ENTRY_LIVE, ENTRY_PAPER, Reading
from skapa_tui.logic.caseload import (
    FOLLOW_UP_OVERDUE,
    NEEDS_SUPERVISOR,
    NO_ACTIVE_INTERVENTION,
    NO_JOB_FOCUSED_INTERVENTION,
    RECENT_SUPERVISOR_CHANGE,
    SORT_KEYS,
    TWO_OR_MORE_CHANGES,
    UNFINISHED_KIOSK_READING,
    WARNINGS,
    caseload_row,
    caseload_rows,
    filter_rows,
    sort_rows,
)

TODAY = date(2026, 6, 15)
AT = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
ACTIVE = {"anna", "bo"}


def active(supervisor: str) -> bool:
    return supervisor in ACTIVE


def reading(role: str, meeting: date, *, entry: str = ENTRY_LIVE, finished: bool = True,
            n: int = 1) -> Reading:
    return Reading(id=f"{role}-{meeting}-{n}", flow=role, flow_version=1, role=role,
                   rater=None if role == PARTICIPANT else "anna", entry=entry,
                   entered_by=None if entry == ENTRY_KIOSK else "anna", meeting_date=meeting,
                   lang="sv", started_at=AT, completed_at=AT if finished else None)


def intervention(group: str, start: date, end: date | None = None, n: int = 1) -> Intervention:
    return Intervention(id=f"{group}-{n}", kind=kinds_of(group)[0].id, group=group, text=None,
                        start=start, end=end, responsible="Anna", added_by="anna", added_at=AT)


def assign(supervisor: str | None, previous: str | None, on: date) -> Assignment:
    return Assignment(supervisor, previous, on, AT, None)


def quiet(code: str = "P1", **changes) -> History:
    """A participant with no warning: an active supervisor since long ago, met a
    month ago by both sides, a job-focused intervention running."""
    met = add_months(TODAY, -1)
    history = History(
        code=code, created_at=AT,
        readings=[reading(PARTICIPANT, met), reading(SUPERVISOR, met)],
        assignments=[assign("anna", None, date(2024, 1, 10))],
        interventions=[intervention(JOB_FOCUSED, date(2026, 1, 1))],
    )
    return replace(history, **changes)


def warnings(history: History, today: date = TODAY) -> set:
    return set(caseload_row(history, today, active).warnings)


def test_a_quiet_history_has_no_warning():
    assert warnings(quiet()) == set()


# --- each warning on and off ------------------------------------------------

def test_needs_supervisor():
    assert NEEDS_SUPERVISOR in warnings(quiet(assignments=[]))
    assert NEEDS_SUPERVISOR in warnings(quiet(assignments=[assign("cilla", None, date(2025, 1, 1))]))
    unassigned = [assign("anna", None, date(2024, 1, 1)), assign(None, "anna", date(2024, 5, 1))]
    assert NEEDS_SUPERVISOR in warnings(quiet(assignments=unassigned))
    assert NEEDS_SUPERVISOR not in warnings(quiet(assignments=[assign("bo", None, date(2025, 1, 1))]))


def test_follow_up_overdue():
    long_ago = add_months(TODAY, -4)
    old = [reading(PARTICIPANT, long_ago), reading(SUPERVISOR, long_ago)]
    assert FOLLOW_UP_OVERDUE in warnings(quiet(readings=old))
    # An agreed follow-up still ahead, or falling today, is not overdue.
    assert FOLLOW_UP_OVERDUE not in warnings(quiet(readings=old, follow_up=TODAY))
    assert FOLLOW_UP_OVERDUE not in warnings(quiet(readings=old, follow_up=date(2026, 7, 1)))
    # The default (three months after the last meeting) falling today is not overdue either.
    assert FOLLOW_UP_OVERDUE not in warnings(quiet(readings=old), today=add_months(long_ago, 3))
    # Before any meeting there is nothing to be late for.
    assert FOLLOW_UP_OVERDUE not in warnings(quiet(readings=[]))


def test_no_active_intervention():
    assert NO_ACTIVE_INTERVENTION in warnings(quiet(interventions=[]))
    ended = intervention(JOB_FOCUSED, date(2026, 1, 1), date(2026, 6, 14))
    not_yet = intervention(JOB_FOCUSED, date(2026, 6, 16), n=2)
    found = warnings(quiet(interventions=[ended, not_yet]))
    assert NO_ACTIVE_INTERVENTION in found
    assert NO_JOB_FOCUSED_INTERVENTION not in found  # one note, not two
    # Its end date is the day it ended: ended today is over today (issue 13).
    ends_today = intervention(JOB_FOCUSED, date(2026, 1, 1), TODAY)
    assert NO_ACTIVE_INTERVENTION in warnings(quiet(interventions=[ends_today]))
    ends_tomorrow = intervention(JOB_FOCUSED, date(2026, 1, 1), TODAY + timedelta(days=1))
    assert NO_ACTIVE_INTERVENTION not in warnings(quiet(interventions=[ends_tomorrow]))


def test_no_job_focused_intervention():
    others = [intervention(HEALTH, date(2026, 1, 1)), intervention(SOCIAL, date(2026, 2, 1))]
    assert NO_JOB_FOCUSED_INTERVENTION in warnings(quiet(interventions=others))
    ended_job = intervention(JOB_FOCUSED, date(2025, 1, 1), date(2025, 12, 31))
    assert NO_JOB_FOCUSED_INTERVENTION in warnings(quiet(interventions=[*others, ended_job]))
    combined = [*others, intervention(JOB_FOCUSED, date(2026, 3, 1))]
    assert warnings(quiet(interventions=combined)) == set()


def test_recent_supervisor_change():
    first = assign("anna", None, date(2024, 1, 10))
    five_months = [first, assign("bo", "anna", add_months(TODAY, -5))]
    assert RECENT_SUPERVISOR_CHANGE in warnings(quiet(assignments=five_months))
    six_months = [first, assign("bo", "anna", add_months(TODAY, -6))]
    assert RECENT_SUPERVISOR_CHANGE in warnings(quiet(assignments=six_months))
    seven_months = [first, assign("bo", "anna", add_months(TODAY, -7))]
    assert RECENT_SUPERVISOR_CHANGE not in warnings(quiet(assignments=seven_months))
    # A first assignment, or one to the same supervisor again, is no change.
    assert RECENT_SUPERVISOR_CHANGE not in warnings(quiet(assignments=[assign("anna", None, TODAY)]))
    same = [first, assign("anna", "anna", add_months(TODAY, -1))]
    assert RECENT_SUPERVISOR_CHANGE not in warnings(quiet(assignments=same))


def test_two_or_more_changes():
    one = [assign("anna", None, date(2023, 1, 1)), assign("bo", "anna", date(2024, 1, 1))]
    assert TWO_OR_MORE_CHANGES not in warnings(quiet(assignments=one))
    two = [*one, assign("anna", "bo", date(2024, 6, 1))]
    found = warnings(quiet(assignments=two))
    assert TWO_OR_MORE_CHANGES in found
    assert RECENT_SUPERVISOR_CHANGE not in found  # both long ago
    three_recent = [*two, assign("bo", "anna", add_months(TODAY, -2))]
    assert {TWO_OR_MORE_CHANGES, RECENT_SUPERVISOR_CHANGE} <= warnings(quiet(assignments=three_recent))


def test_unfinished_kiosk_reading():
    history = quiet()
    kiosk = reading(PARTICIPANT, TODAY, entry=ENTRY_KIOSK, finished=False, n=2)
    assert UNFINISHED_KIOSK_READING in warnings(replace(history, readings=[*history.readings, kiosk]))
    paper = reading(PARTICIPANT, TODAY, entry=ENTRY_PAPER, finished=False, n=3)
    assert UNFINISHED_KIOSK_READING not in warnings(replace(history, readings=[*history.readings, paper]))
    sent = reading(PARTICIPANT, TODAY, entry=ENTRY_KIOSK, n=4)
    assert UNFINISHED_KIOSK_READING not in warnings(replace(history, readings=[*history.readings, sent]))


def test_warnings_come_in_one_order_and_say_bip_findings():
    everything = History(
        code="P9", created_at=AT,
        readings=[reading(PARTICIPANT, date(2025, 1, 1)),
                  reading(PARTICIPANT, TODAY, entry=ENTRY_KIOSK, finished=False, n=2)],
        assignments=[assign("anna", None, date(2024, 1, 1)), assign("bo", "anna", date(2025, 1, 1)),
                     assign("cilla", "bo", add_months(TODAY, -1))],
    )
    assert caseload_row(everything, TODAY, active).warnings == tuple(
        w for w in WARNINGS if w is not NO_JOB_FOCUSED_INTERVENTION)
    assert len({w.id for w in WARNINGS}) == len({w.name for w in WARNINGS}) == len(WARNINGS)
    assert RECENT_SUPERVISOR_CHANGE.text == (
        "Changed supervisor in the last six months: each change lowers the chance of a job.")
    assert "BIP" in NO_ACTIVE_INTERVENTION.text and "BIP" in NO_JOB_FOCUSED_INTERVENTION.text


# --- the row ----------------------------------------------------------------

def test_a_row_has_both_sides_latest_dates_the_follow_up_and_active_groups():
    history = History(
        code="P1", created_at=AT,
        readings=[reading(PARTICIPANT, date(2026, 1, 10)), reading(PARTICIPANT, date(2026, 4, 2), n=2),
                  reading(PARTICIPANT, date(2026, 6, 1), entry=ENTRY_KIOSK, finished=False, n=3),
                  reading(SUPERVISOR, date(2026, 3, 30))],
        assignments=[assign("anna", None, date(2025, 1, 1))],
        interventions=[intervention(HEALTH, date(2026, 1, 1)),
                       intervention(JOB_FOCUSED, date(2026, 2, 1)),
                       intervention(JOB_FOCUSED, date(2026, 3, 1), n=2),
                       intervention(SOCIAL, date(2025, 1, 1), date(2025, 12, 1))],
        follow_up=date(2026, 7, 20),
    )
    row = caseload_row(history, TODAY, active)
    assert (row.code, row.supervisor) == ("P1", "anna")
    assert row.participant_date == date(2026, 4, 2)
    assert row.supervisor_date == date(2026, 3, 30)
    assert row.follow_up == date(2026, 7, 20)
    assert row.active == {JOB_FOCUSED: 2, HEALTH: 1}
    order = [g.id for g in GROUPS]
    assert list(row.active) == sorted(row.active, key=order.index)
    assert row.active_total == 3
    assert row.warnings == (UNFINISHED_KIOSK_READING,)


def test_a_new_participant_has_no_dates():
    row = caseload_row(History(code="NEW", created_at=AT), TODAY, active)
    assert (row.participant_date, row.supervisor_date, row.follow_up) == (None, None, None)
    assert row.active == {}
    assert row.warnings == (NEEDS_SUPERVISOR, NO_ACTIVE_INTERVENTION)


# --- sorting and filtering --------------------------------------------------

@pytest.fixture
def rows():
    histories = [
        quiet("B2", readings=[reading(PARTICIPANT, date(2026, 5, 1))]),
        quiet("a1", readings=[reading(PARTICIPANT, date(2026, 3, 1)), reading(SUPERVISOR, date(2026, 5, 20))]),
        quiet("C3", readings=[], interventions=[]),
        quiet("d4", readings=[reading(SUPERVISOR, date(2026, 2, 1))], assignments=[]),
    ]
    return caseload_rows(histories, TODAY, active)


def codes(rows) -> list[str]:
    return [r.code for r in rows]


def test_rows_come_in_code_order(rows):
    assert codes(rows) == ["B2", "C3", "a1", "d4"]


def test_sort_by_code(rows):
    assert codes(sort_rows(rows, "code")) == ["B2", "C3", "a1", "d4"]
    assert codes(sort_rows(rows, "code", reverse=True)) == ["d4", "a1", "C3", "B2"]


@pytest.mark.parametrize("reverse", [False, True])
def test_sort_by_dates_puts_missing_dates_last(rows, reverse):
    by_participant = codes(sort_rows(rows, "participant", reverse))
    assert by_participant == (["a1", "B2"] if not reverse else ["B2", "a1"]) + ["C3", "d4"]
    by_supervisor = codes(sort_rows(rows, "supervisor", reverse))
    assert by_supervisor == (["d4", "a1"] if not reverse else ["a1", "d4"]) + ["B2", "C3"]
    by_follow_up = codes(sort_rows(rows, "follow_up", reverse))
    # follow-ups: d4 2026-05-01, a1 2026-08-20, B2 2026-08-01; C3 has none.
    assert by_follow_up == (["d4", "B2", "a1"] if not reverse else ["a1", "B2", "d4"]) + ["C3"]


def test_sort_by_warnings(rows):
    counts = {r.code: len(r.warnings) for r in rows}
    assert counts == {"a1": 0, "B2": 0, "C3": 1, "d4": 2}
    # Most warnings first; equal rows stay in code order.
    assert codes(sort_rows(rows, "warnings")) == ["d4", "C3", "B2", "a1"]
    assert codes(sort_rows(rows, "warnings", reverse=True)) == ["B2", "a1", "C3", "d4"]


def test_the_sort_keys_are_the_columns_in_their_order():
    from skapa_tui.ui.screens.caseload import COLUMNS

    assert SORT_KEYS == tuple(key for key, _msgid in COLUMNS)


def test_every_sort_key_keeps_every_row(rows):
    for key in SORT_KEYS:
        for reverse in (False, True):
            assert sorted(codes(sort_rows(rows, key, reverse))) == sorted(codes(rows))
    with pytest.raises(ValueError):
        sort_rows(rows, "name")


def test_filter_by_code_any_case(rows):
    assert codes(filter_rows(rows, "A1")) == ["a1"]
    assert codes(filter_rows(rows, " D4 ")) == ["d4"]
    assert codes(filter_rows(rows, "")) == codes(rows)
    assert codes(filter_rows(rows, "   ")) == codes(rows)
    assert filter_rows(rows, "zz") == []


def test_filter_by_translated_warning_name(rows):
    assert codes(filter_rows(rows, "supervisor")) == ["d4"]        # "Needs a supervisor"
    assert codes(filter_rows(rows, "INTERVENTION")) == ["C3"]  # "No active intervention"
    words = {NEEDS_SUPERVISOR.name: "Behöver handledare", FOLLOW_UP_OVERDUE.name: "Uppföljning sen"}
    translate = lambda s: words.get(s, s)  # noqa: E731
    assert codes(filter_rows(rows, "handledare", translate)) == ["d4"]
    assert codes(filter_rows(rows, "uppföljning", translate)) == ["d4"]
    assert filter_rows(rows, "needs a supervisor", translate) == []


def test_codes_sort_as_a_person_reads_them():
    from skapa_tui.logic.caseload import code_order

    codes = ["DEMO10", "DEMO2", "AB-3", "DEMO1", "AB-12"]
    assert sorted(codes, key=code_order) == ["AB-3", "AB-12", "DEMO1", "DEMO2", "DEMO10"]
