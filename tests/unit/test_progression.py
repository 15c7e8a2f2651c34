"""Progression: each side's readings over time, the table's steps and the chart's geometry."""

from __future__ import annotations

import math
from datetime import date

import pytest

from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, all_indicators, asked_of, by_id
from skapa_tui.domain.interventions import HEALTH, JOB_FOCUSED, kinds_of
from skapa_tui.logic.progression import (
    DOWN,
    SAME,
    UP,
    Sample,
    axes,
    axis_angle,
    history_rows,
    point,
    polygon_edges,
    ring_radius,
    series,
    shown,
    vertices,
)

INDICATORS = tuple(all_indicators())
"""The indicators of the flows in use (``flows/indicators.toml``)."""
BY_ID = by_id()

try:
    from .progression_data import CODE, SUPERVISOR_ID, add_reading, every, flow_for, new_store
except ImportError:  # tests/unit is not a package
    from progression_data import CODE, SUPERVISOR_ID, add_reading, every, flow_for, new_store

MARCH, JUNE, SEPTEMBER = date(2025, 3, 3), date(2025, 6, 2), date(2025, 9, 1)


@pytest.fixture
def store(tmp_path):
    return new_store(tmp_path / "data")


def test_series_has_each_sides_readings_oldest_first_with_their_values(store):
    add_reading(store, PARTICIPANT, JUNE, {**every(PARTICIPANT, 3), "health": None})
    add_reading(store, PARTICIPANT, MARCH, {"contact": 2})
    add_reading(store, SUPERVISOR, MARCH, every(SUPERVISOR, 4))
    found = series(store.history(CODE), flow_for)
    assert [s.date for s in found[PARTICIPANT]] == [MARCH, JUNE]
    first, latest = found[PARTICIPANT]
    # Every indicator the form rates is there; unanswered is None, never 0.
    assert set(first.values) == {i.id for i in asked_of(PARTICIPANT)}
    assert first.values["contact"] == 2 and first.values["health"] is None
    assert latest.values["health"] is None and latest.values["contact"] == 3
    assert "supervisor_belief" not in latest.values
    assert [s.values["supervisor_belief"] for s in found[SUPERVISOR]] == [4]
    assert series(store.history(CODE), flow_for, [SUPERVISOR]).keys() == {SUPERVISOR}


def test_a_correction_is_what_the_series_shows(store):
    reading = add_reading(store, PARTICIPANT, MARCH, {"contact": 2})
    store.correct_answer(CODE, reading, flow_for_question("contact"), 4, by=SUPERVISOR_ID,
                         why="typed wrong from paper")
    assert series(store.history(CODE), flow_for)[PARTICIPANT][0].values["contact"] == 4


def flow_for_question(indicator: str) -> str:
    from skapa_tui.resources import flow_library

    return flow_library().current(PARTICIPANT).rated_question(indicator).id


def test_history_rows_have_values_changes_and_the_interventions_between(store):
    add_reading(store, PARTICIPANT, MARCH, {"contact": 2, "health": 4, "job_search": 3})
    add_reading(store, PARTICIPANT, JUNE, {"contact": 4, "health": 3, "job_search": 3})
    add_reading(store, PARTICIPANT, SEPTEMBER, {"contact": None, "health": 3, "job_search": 5})
    add_reading(store, SUPERVISOR, JUNE, {"contact": 3})
    job = store.add_intervention(CODE, kind=kinds_of(JOB_FOCUSED)[0].id, group=JOB_FOCUSED, text=None,
                                 start=date(2025, 4, 1), end=date(2025, 5, 1), responsible="Anna",
                                 by=SUPERVISOR_ID)
    health = store.add_intervention(CODE, kind=kinds_of(HEALTH)[0].id, group=HEALTH, text=None,
                                    start=date(2025, 7, 1), end=None, responsible="Bo", by=SUPERVISOR_ID)
    rows = history_rows(store.history(CODE), flow_for, ["job_search", "contact", "health"])
    # The indicators' own order, each side apart; what the supervisor's form
    # rates but they did not answer is there without a value.
    assert [(r.indicator.id, r.role) for r in rows] == [
        ("contact", PARTICIPANT), ("contact", SUPERVISOR), ("health", PARTICIPANT),
        ("health", SUPERVISOR), ("job_search", PARTICIPANT), ("job_search", SUPERVISOR)]
    contact, supervisors_contact, health_row, supervisors_health, search, _ = rows
    assert [(s.date, s.value) for s in supervisors_health.steps] == [(JUNE, None)]
    assert [(s.date, s.value, s.change, s.trend) for s in contact.steps] == [
        (MARCH, 2, None, None), (JUNE, 4, 2, UP), (SEPTEMBER, None, None, None)]
    assert [s.signed_change for s in contact.steps] == [None, "+2", None]
    assert [(s.value, s.trend, s.signed_change) for s in health_row.steps] == [
        (4, None, None), (3, DOWN, "-1"), (3, SAME, "0")]
    assert [s.signed_change for s in search.steps] == [None, "0", "+2"]
    assert [s.date for s in supervisors_contact.steps] == [JUNE]
    # Interventions: active some day between the previous reading and this one.
    assert [[i.id for i in s.interventions] for s in contact.steps] == [[], [job.id], [health.id]]
    with pytest.raises(KeyError):
        history_rows(store.history(CODE), flow_for, ["no_such_indicator"])


def test_history_rows_of_one_side_and_of_nobody(store):
    assert history_rows(store.history(CODE), flow_for) == []
    add_reading(store, SUPERVISOR, MARCH, {"supervisor_belief": 2})
    rows = history_rows(store.history(CODE), flow_for, roles=[PARTICIPANT])
    assert rows == []
    rows = history_rows(store.history(CODE), flow_for, roles=[SUPERVISOR])
    assert {r.indicator.id for r in rows} == {i.id for i in asked_of(SUPERVISOR)}
    belief = next(r for r in rows if r.indicator.id == "supervisor_belief")
    assert [s.value for s in belief.steps] == [2]


def test_the_latest_and_two_earlier_are_shown_newest_first():
    samples = [Sample(date(2025, m, 1), {}) for m in (1, 3, 6, 9)]
    assert [s.date.month for s in shown(samples)] == [9, 6, 3]
    assert [s.date.month for s in shown(samples, earlier=0)] == [9]
    assert shown([]) == []


def test_axes_follow_the_indicators_own_order():
    assert axes(None, [PARTICIPANT]) == asked_of(PARTICIPANT)
    assert axes() == INDICATORS
    both = {PARTICIPANT: [Sample(MARCH, {"health": 1, "contact": None})],
            SUPERVISOR: [Sample(MARCH, {"supervisor_belief": 3})]}
    assert [i.id for i in axes(both)] == [i.id for i in INDICATORS
                                         if i.id in ("health", "contact", "supervisor_belief")]
    assert all(i.label for i in INDICATORS) and set(BY_ID) == {i.id for i in INDICATORS}


def test_the_first_axis_points_up_and_the_others_follow_clockwise():
    assert axis_angle(0, 10) == 0
    # With y down, clockwise means: the second axis lies right of the first, the last left of it.
    x, y = point(5, 1, 10, 100)
    assert x > 0 and y < 0
    x, y = point(5, 9, 10, 100)
    assert x < 0 and y < 0
    assert point(5, 0, 10, 100) == pytest.approx((0, -100))
    assert point(5, 5, 10, 100) == pytest.approx((0, 100))  # half way round: straight down
    assert point(3, 1, 4, 100) == pytest.approx((60, 0))    # a quarter: to the right
    with pytest.raises(ValueError):
        axis_angle(10, 10)


def test_five_is_on_the_outer_ring_and_one_on_the_inner():
    assert ring_radius(5, 50) == 50
    assert ring_radius(1, 50) == 10
    for i in range(11):
        assert math.dist((0, 0), point(5, i, 11, 50)) == pytest.approx(50)
        assert math.dist((0, 0), point(1, i, 11, 50)) == pytest.approx(10)


def test_a_missing_value_breaks_the_polygon():
    indicators = asked_of(PARTICIPANT)
    values = {i.id: 3 for i in indicators}
    full = vertices(Sample(MARCH, values), indicators, 50)
    assert len(polygon_edges(full)) == len(indicators)
    values[indicators[2].id] = None
    broken = vertices(Sample(MARCH, values), indicators, 50)
    assert broken[2] is None and all(v is not None for k, v in enumerate(broken) if k != 2)
    edges = polygon_edges(broken)
    assert len(edges) == len(indicators) - 2
    assert all(broken[1] not in edge or broken[3] not in edge for edge in edges)
    # A value not rated on the form is missing too.
    del values[indicators[0].id]
    assert vertices(Sample(MARCH, values), indicators, 50)[0] is None
