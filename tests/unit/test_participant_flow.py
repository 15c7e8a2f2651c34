"""The shipped participant flow: loads, rates each participant indicator with
exactly one scale question, and every text is in every language's catalog."""

from __future__ import annotations

import pytest

from skapa_tui import resources
from skapa_tui.domain.flow import MESSAGE_KEYS, Question, Topic, check_translations, load_flow
from skapa_tui.domain.indicators import PARTICIPANT, SCALE, all_indicators, asked_of
from skapa_tui.i18n import languages, offered_languages, translated_msgids

# Its module-scoped fixtures are built once: under pytest-xdist (`make test`)
# all its tests run in one worker.
pytestmark = pytest.mark.xdist_group("participant_flow")

INDICATORS = tuple(all_indicators())
"""The indicators of the flows in use (``flows/indicators.toml``)."""


@pytest.fixture(scope="module")
def flow():
    return load_flow(resources.flow_path("participant"))


def test_the_flow_is_the_participant_form(flow):
    assert (flow.id, flow.role) == ("participant", PARTICIPANT)
    assert flow.version == flow.changelog[0].version
    assert set(flow.messages) == set(MESSAGE_KEYS)


def test_each_participant_indicator_is_rated_once(flow):
    rated = [q.indicator for q in flow.questions if q.answer == "scale"]
    assert sorted(rated) == sorted(i.id for i in asked_of(PARTICIPANT))
    assert len(rated) == len(set(rated))
    for indicator in asked_of(PARTICIPANT):
        assert flow.rated_question(indicator.id).indicator == indicator.id
    for indicator in INDICATORS:
        if PARTICIPANT not in indicator.asked_of:
            assert flow.rated_question(indicator.id) is None and flow.extra_items(indicator.id) == ()


def test_every_question_takes_its_own_kind_of_answer(flow):
    for q in flow.questions:
        if q.answer == "scale":
            assert all(q.accepts(v) for v in SCALE) and q.options == (), q.id
        else:
            assert q.anchors == () and all(q.accepts(o.id if q.answer == "single" else (o.id,))
                                           for o in q.options), q.id


def test_step_ids_are_unique(flow):
    ids = [s.id for s in flow.steps]
    assert len(ids) == len(set(ids))


def test_every_scale_question_has_five_different_anchors(flow):
    for q in flow.questions:
        if q.answer != "scale":
            continue
        assert tuple(a.value for a in q.anchors) == SCALE, q.id
        assert len({a.text for a in q.anchors}) == len(SCALE), q.id


def test_topics_group_the_questions(flow):
    kinds = [type(s) for s in flow.steps]
    assert kinds[0] is Topic and kinds[-1] is Question
    assert 2 <= kinds.count(Topic) <= 4
    assert all(not (a is Topic and b is Topic) for a, b in zip(kinds, kinds[1:]))


@pytest.mark.parametrize("lang", languages())
def test_every_flow_text_is_translated(flow, lang):
    assert check_translations(flow, {lang: translated_msgids(lang)}) == []


def test_a_missing_translation_is_found(flow):
    for lang in offered_languages():  # a complete catalog: the one text taken out is all that is missing
        problems = check_translations(flow, {lang: translated_msgids(lang) - {flow.messages["greeting"]}})
        assert [p.key for p in problems] == ["messages.greeting"]


def test_there_are_catalogs_to_check():
    assert languages(), "no language catalogs found"
