"""The flow checker on values of the wrong kind: never a crash, always a problem line."""

from __future__ import annotations

import copy
import tomllib

import pytest

from skapa_tui.domain.flow import FlowError, parse_flow
from skapa_tui.resources import flow_path

SHIPPED = tomllib.loads(flow_path("participant").read_text(encoding="utf-8"))


def questions(data):
    return [s for s in data["steps"] if s["type"] == "question"]


def problems(data) -> list[str]:
    with pytest.raises(FlowError) as caught:
        parse_flow(data, "f.toml")
    return [p.render() for p in caught.value.problems]


def test_the_shipped_flow_is_accepted():
    assert parse_flow(copy.deepcopy(SHIPPED), "f.toml").id == "participant"


@pytest.mark.parametrize("indicator", [["health"], {"id": "health"}, 7, None])
def test_an_indicator_that_is_not_text(indicator):
    data = copy.deepcopy(SHIPPED)
    first = questions(data)[0]
    first["indicator"] = indicator
    assert f"f.toml: steps.{first['id']}.indicator: unknown indicator {indicator!r}" in problems(data)


@pytest.mark.parametrize("value", [1.0, True, "1"])
def test_an_anchor_value_that_is_not_a_whole_number(value):
    data = copy.deepcopy(SHIPPED)
    first = questions(data)[0]
    first["anchors"][0]["value"] = value
    assert (f"f.toml: steps.{first['id']}.anchors[0].value: the value must be 1, 2, 3, 4 or 5, not {value!r}"
            in problems(data))


def test_an_indicator_rated_twice():
    data = copy.deepcopy(SHIPPED)
    first, second = questions(data)[:2]
    second["indicator"] = first["indicator"]
    assert (f"f.toml: steps.{second['id']}.indicator: the indicator {first['indicator']!r} is rated twice"
            in problems(data))


@pytest.mark.parametrize("date", ["someday", "2026-13-01", 20261123])
def test_a_changelog_date_that_is_not_a_date(date):
    data = copy.deepcopy(SHIPPED)
    data["changelog"][0]["date"] = date
    assert f"f.toml: changelog[0].date: a date like 2026-11-23 is needed, not {date!r}" in problems(data)


def test_an_iso_date_string_is_a_date():
    data = copy.deepcopy(SHIPPED)
    data["changelog"][0]["date"] = "2026-11-23"
    assert parse_flow(data, "f.toml").changelog[0].date == "2026-11-23"


@pytest.mark.parametrize("reserved", ["intro", "review", "done"])
def test_a_step_id_that_names_a_state_of_the_machine(reserved):
    data = copy.deepcopy(SHIPPED)
    data["steps"][0]["id"] = reserved
    assert f"f.toml: steps.{reserved}.id: the id {reserved!r} is reserved" in problems(data)
