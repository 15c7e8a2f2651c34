"""The conversation screen's and the plan screen's logic: the supervisor's extra
answers read with their own flow version, the whole conversation, dates typed
as ISO or in each language's short format, and the names of interventions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from skapa_tui import i18n
from skapa_tui.domain.flow import load_flow
from skapa_tui.domain.history import History
from skapa_tui.domain.indicators import SUPERVISOR, all_indicators
from skapa_tui.domain.interventions import JOB_FOCUSED, KINDS, OTHER, SOCIAL
from skapa_tui.domain.plan import Intervention, Plan
from skapa_tui.domain.reading import ENTRY_LIVE, Answer, Correction, Reading
from skapa_tui.logic.conversation import conversation, extra_answers
from skapa_tui.logic.planning import BAD_DATE, intervention_name, parse_day, plan_interventions, short_date
from skapa_tui.resources import flow_library, flow_path

from .test_logic_conversation import GUIDE, flow_for, reading

INDICATORS = tuple(all_indicators())
"""The indicators of the flows in use (``flows/indicators.toml``)."""

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SUPERVISOR_FLOW = load_flow(flow_path("supervisor"))
EXTRA = [q for q in SUPERVISOR_FLOW.questions if not q.rates]
assert EXTRA, "the supervisor's form has extra items"


def shipped_reading(values: dict[str, object], corrections=()) -> Reading:
    answers = {item: Answer(item, SUPERVISOR_FLOW.question(item).indicator, value, AT)
               for item, value in values.items()}
    return Reading(id="r1", flow=SUPERVISOR_FLOW.id, flow_version=SUPERVISOR_FLOW.version, role=SUPERVISOR,
                   rater="anna", entry=ENTRY_LIVE, entered_by="anna", meeting_date=date(2026, 3, 2),
                   lang="sv", started_at=AT, completed_at=AT, answers=answers, corrections=list(corrections))


def value_for(question, n: int):
    ids = [o.id for o in question.options]
    return ids[n % len(ids)] if question.answer == "single" else tuple(ids[: n + 1])


def test_extra_answers_give_the_chosen_options_with_their_notes():
    values = {q.id: value_for(q, 1) for q in EXTRA}
    found = reading_extras(shipped_reading(values))
    for question in EXTRA:
        [answer] = [a for a in found[question.indicator] if a.item == question.id]
        assert answer.question == question.text and not answer.skipped
        wanted = values[question.id]
        wanted = (wanted,) if isinstance(wanted, str) else wanted
        assert tuple(o.id for o in answer.chosen) == wanted
        assert [o.note for o in answer.chosen] == [question.option(i).note for i in wanted]


def reading_extras(r: Reading) -> dict[str, tuple]:
    library = flow_library()
    return {i.id: extra_answers(r, i.id, lambda x: library.version(x.flow, x.flow_version)) for i in INDICATORS}


def test_an_extra_item_skipped_or_never_answered_and_a_corrected_one():
    first, *rest = EXTRA
    found = reading_extras(shipped_reading({first.id: None}))
    [answer] = found[first.indicator]
    assert answer.skipped and answer.chosen == ()
    assert all(not found[q.indicator] or q.indicator == first.indicator for q in rest)
    fixed = Correction("r1", first.id, None, value_for(first, 0), "anna", AT, "typo")
    [answer] = reading_extras(shipped_reading({first.id: None}, [fixed]))[first.indicator]
    assert not answer.skipped and answer.chosen[0].id == first.options[0].id


def test_the_whole_conversation_in_indicator_order():
    participant = {i.id: 5 for i in INDICATORS}
    supervisor = {i.id: 2 for i in INDICATORS}
    talk = conversation(reading("participant", participant), reading(SUPERVISOR, supervisor, meeting=date(2026, 5, 1)),
                        flow_for, GUIDE)
    assert [row.indicator for row in talk.rows] == list(INDICATORS)
    assert talk.far_apart
    assert talk.messages == (GUIDE.messages["far_apart"], GUIDE.messages["gap"], GUIDE.messages["sparring"])
    assert set(talk.extras) == {i.id for i in INDICATORS} and not any(talk.extras.values())


def test_a_conversation_without_readings():
    talk = conversation(None, None, flow_for, GUIDE)
    assert all(r.participant is None and r.supervisor is None for r in talk.rows)
    assert talk.messages == () and not talk.far_apart


@pytest.mark.parametrize("lang", i18n.languages())
def test_dates_typed_as_iso_or_in_the_short_format(lang):
    day = date(2026, 4, 3)
    assert parse_day("2026-04-03", lang) == day
    assert parse_day(short_date(day, lang), lang) == day
    assert parse_day(f"  {short_date(day, lang)} ", lang) == day


@pytest.mark.parametrize("lang", i18n.languages())
@pytest.mark.parametrize("text", ["", "   ", "soon", "2026-02-31", "1.2", "3", "2026/13/40"])
def test_dates_that_cannot_be_read(lang, text):
    with pytest.raises(ValueError) as caught:
        parse_day(text, lang)
    assert caught.value.args[0] == BAD_DATE


def test_the_names_of_interventions_and_of_a_plan():
    listed = KINDS[0]
    on_list = Intervention("a", listed.id, listed.group, None, date(2026, 1, 1), None, "Anna", "anna", AT)
    other = Intervention("b", OTHER, SOCIAL, "Choir on Tuesdays", date(2025, 1, 1), None, "Bo", "anna", AT)
    assert intervention_name(on_list) == (listed.name, True)
    assert intervention_name(other) == ("Choir on Tuesdays", False)
    history = History("ANNA-7", AT, interventions=[on_list, other])
    plan = Plan("p1", AT, "anna", "A job", None, ("a", "b", "gone"))
    assert plan_interventions(plan, history) == [other, on_list]
    assert listed.group == JOB_FOCUSED
