"""The shipped participant flow: loads, rates each participant indicator once,
and every text is in the Swedish and the Danish catalog."""

from __future__ import annotations

import pytest

from skapa_tui import resources
from skapa_tui.domain.flow import MESSAGE_KEYS, Question, Topic, check_translations, load_flow
from skapa_tui.domain.indicators import PARTICIPANT, SCALE, asked_of
from skapa_tui.i18n import translated_msgids

LANGUAGES = ("sv", "da")


@pytest.fixture(scope="module")
def flow():
    return load_flow(resources.flow_path("participant"))


def test_the_flow_is_the_participant_form(flow):
    assert (flow.id, flow.role) == ("participant", PARTICIPANT)
    assert flow.version == flow.changelog[0].version
    assert set(flow.messages) == set(MESSAGE_KEYS)


def test_each_participant_indicator_is_rated_once(flow):
    rated = [q.indicator for q in flow.questions]
    assert sorted(rated) == sorted(i.id for i in asked_of(PARTICIPANT))
    assert len(rated) == len(set(rated)) == 10
    assert "supervisor_belief" not in rated


def test_step_ids_are_unique(flow):
    ids = [s.id for s in flow.steps]
    assert len(ids) == len(set(ids))


def test_every_question_has_five_different_anchors(flow):
    for q in flow.questions:
        assert tuple(a.value for a in q.anchors) == SCALE, q.id
        assert len({a.text for a in q.anchors}) == len(SCALE), q.id


def test_topics_group_the_questions(flow):
    kinds = [type(s) for s in flow.steps]
    assert kinds[0] is Topic and kinds[-1] is Question
    assert 2 <= kinds.count(Topic) <= 4
    assert all(not (a is Topic and b is Topic) for a, b in zip(kinds, kinds[1:]))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_flow_text_is_translated(flow, lang):
    assert check_translations(flow, {lang: translated_msgids(lang)}) == []


def test_a_missing_translation_is_found(flow):
    problems = check_translations(flow, {"sv": translated_msgids("sv") - {flow.messages["greeting"]}})
    assert [p.key for p in problems] == ["messages.greeting"]
