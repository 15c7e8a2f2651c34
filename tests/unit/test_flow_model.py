"""The flow model: the checker on values of the wrong kind (never a crash, always a
problem line) and typed questions (format 2): options, extra items, accepted values."""

from __future__ import annotations

import copy
import datetime
import tomllib

import pytest

from skapa_tui.domain.flow import FlowError, parse_flow
from skapa_tui.domain.indicators import PARTICIPANT, all_indicators, asked_of
from skapa_tui.resources import flow_path

from .flow_files import choice_question, flow_data

INDICATORS = tuple(all_indicators())
"""The indicators of the flows in use (``flows/indicators.toml``)."""

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
    assert (f"f.toml: steps.{first['id']}.indicator: unknown indicator {indicator!r}: "
            "the indicators are in indicators.toml") in problems(data)


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
    assert (f"f.toml: steps.{second['id']}.indicator: the indicator {first['indicator']!r} is rated twice: "
            "one scale question rates an indicator; ask this one as a single or multiple choice, or give it "
            "an indicator of its own" in problems(data))


@pytest.mark.parametrize("date", ["someday", "2026-13-01", 20261123])
def test_a_changelog_date_that_is_not_a_date(date):
    data = copy.deepcopy(SHIPPED)
    data["changelog"][0]["date"] = date
    assert f"f.toml: changelog[0].date: a date like 2026-11-23 is needed, not {date!r}" in problems(data)


def test_an_iso_date_string_is_a_date():
    data = copy.deepcopy(SHIPPED)
    data["changelog"][0]["date"] = "2026-11-23"
    assert parse_flow(data, "f.toml").changelog[0].date == datetime.date(2026, 11, 23)


@pytest.mark.parametrize("reserved", ["intro", "review", "done"])
def test_a_step_id_that_names_a_state_of_the_machine(reserved):
    data = copy.deepcopy(SHIPPED)
    data["steps"][0]["id"] = reserved
    assert f"f.toml: steps.{reserved}.id: the id {reserved!r} is reserved" in problems(data)


# -- typed questions (format 2) ------------------------------------------------

def typed_flow():
    first, second = (i.id for i in asked_of(PARTICIPANT)[:2])
    data = flow_data(extra=[choice_question(first, "single"), choice_question(first, "multiple", options=4),
                            choice_question(second, "single", options=2)])
    return parse_flow(data, "f.toml"), first, second


def test_typed_questions_parse():
    flow, first, _second = typed_flow()
    single = flow.question(f"single_{first}")
    multiple = flow.question(f"multiple_{first}")
    assert (single.answer, multiple.answer) == ("single", "multiple")
    assert single.anchors == () and len(multiple.options) == 4
    assert [o.id for o in single.options] == ["opt_0", "opt_1", "opt_2"]
    assert single.option("opt_0").note == f"single_{first} note 0."
    assert single.option("opt_1").note is None
    assert single.option("opt_1").text == f"single_{first} option 1."
    with pytest.raises(KeyError):
        single.option("opt_9")


def test_one_scale_question_rates_an_indicator_and_choices_are_extra_items():
    flow, first, second = typed_flow()
    for indicator in asked_of(PARTICIPANT):
        rated = flow.rated_question(indicator.id)
        assert rated is not None and rated.answer == "scale" and rated.indicator == indicator.id
    assert [q.id for q in flow.extra_items(first)] == [f"single_{first}", f"multiple_{first}"]
    assert [q.id for q in flow.extra_items(second)] == [f"single_{second}"]
    other = next(i.id for i in INDICATORS if PARTICIPANT not in i.asked_of)
    assert flow.rated_question(other) is None and flow.extra_items(other) == ()


@pytest.mark.parametrize("value", [1, 3, 5])
def test_a_scale_accepts_1_to_5(value):
    flow, first, _ = typed_flow()
    assert flow.rated_question(first).accepts(value)


@pytest.mark.parametrize("value", [0, 6, "3", 3.0, True, None, (3,), "opt_0"])
def test_a_scale_refuses_anything_else(value):
    flow, first, _ = typed_flow()
    assert not flow.rated_question(first).accepts(value)


def test_a_single_choice_accepts_one_of_its_option_ids():
    flow, first, second = typed_flow()
    single = flow.question(f"single_{first}")
    assert all(single.accepts(o.id) for o in single.options)
    for bad in ("opt_9", "", None, 1, ("opt_0",), ["opt_0"], "OPT_0"):
        assert not single.accepts(bad), bad


def test_a_multiple_choice_accepts_distinct_option_ids():
    flow, first, _ = typed_flow()
    multiple = flow.question(f"multiple_{first}")
    ids = [o.id for o in multiple.options]
    assert multiple.accepts(tuple(ids)) and multiple.accepts((ids[2],)) and multiple.accepts([ids[1], ids[0]])
    for bad in ((), [], (ids[0], ids[0]), (ids[0], "opt_9"), ids[0], None, 2, (ids[0], 1)):
        assert not multiple.accepts(bad), bad


def test_msgids_include_option_texts_and_notes():
    flow, first, _ = typed_flow()
    msgids = dict(flow.msgids())
    single = flow.question(f"single_{first}")
    for option in single.options:
        assert msgids[f"steps.{single.id}.options.{option.id}"] == option.text
    assert msgids[f"steps.{single.id}.options.opt_0.note"] == single.option("opt_0").note
    assert f"steps.{single.id}.options.opt_1.note" not in msgids
