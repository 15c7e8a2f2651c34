"""The conversation: both readings side by side, each read with its own flow version."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from skapa_tui.domain.flow import Flow, load_flow, parse_flow
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, all_indicators, asked_of, by_id
from skapa_tui.domain.reading import ENTRY_KIOSK, ENTRY_LIVE, Answer, Correction, Reading
from skapa_tui.logic.conversation import (
    compare,
    far_apart,
    guide_messages,
    rated_question,
    rating,
)
from skapa_tui.resources import flow_path

INDICATORS = tuple(all_indicators())
"""The indicators of the flows in use (``flows/indicators.toml``)."""
BY_ID = by_id()

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MEETING = date(2026, 3, 2)


def flow_data(role: str, version: int, wording: str = "") -> dict:
    """A small flow rating every indicator of ``role``; ``wording`` marks its anchors."""
    return {
        "format": 1, "id": role, "version": version, "role": role,
        "changelog": [{"version": v, "date": "2026-01-01", "note": f"Version {v}."}
                      for v in range(version, 0, -1)],
        "messages": {"greeting": "Hello.", "welcome_back": "Welcome back.", "review": "Your answers.",
                     "thanks": "Thank you."},
        "steps": [{"type": "question", "id": f"q_{i.id}", "indicator": i.id, "text": f"About {i.id}?",
                   "anchors": [{"value": v, "text": f"{wording}{i.id} {v}"} for v in range(1, 6)]}
                  for i in asked_of(role)],
    }


FLOWS = {
    (PARTICIPANT, 1): parse_flow(flow_data(PARTICIPANT, 1, "old: ")),
    (PARTICIPANT, 2): parse_flow(flow_data(PARTICIPANT, 2, "new: ")),
    (SUPERVISOR, 1): parse_flow(flow_data(SUPERVISOR, 1, "sup: ")),
}


def flow_for(reading: Reading) -> Flow:
    return FLOWS[reading.flow, reading.flow_version]


GUIDE = SimpleNamespace(
    questions={i.id: (f"What makes {i.id} hard?", f"What would help with {i.id}?") for i in INDICATORS},
    messages={"gap": "Start where you differ.", "far_apart": "The readings are far apart in time.",
              "sparring": "Talk it over with a colleague."},
)


def reading(role: str, values: dict[str, object], *, version: int = 1, meeting: date = MEETING,
            corrections: list[Correction] | None = None) -> Reading:
    """A sent reading with ``values`` by indicator id (items named as in `flow_data`)."""
    answers = {f"q_{ind}": Answer(f"q_{ind}", ind, value, AT) for ind, value in values.items()}
    return Reading(id=f"{role}-{version}-{meeting}", flow=role, flow_version=version, role=role,
                   rater=None if role == PARTICIPANT else "anna",
                   entry=ENTRY_KIOSK if role == PARTICIPANT else ENTRY_LIVE,
                   entered_by=None if role == PARTICIPANT else "anna", meeting_date=meeting, lang="sv",
                   started_at=AT, completed_at=AT, answers=answers, corrections=corrections or [])


def by_id(comparisons) -> dict:
    return {c.indicator.id: c for c in comparisons}


def test_one_comparison_for_each_indicator_in_order():
    found = compare(reading(PARTICIPANT, {}), reading(SUPERVISOR, {}), flow_for, GUIDE)
    assert [c.indicator for c in found] == list(INDICATORS)
    subset = compare(None, None, flow_for, GUIDE, ["health", "contact", BY_ID["concentration"]])
    assert [c.indicator.id for c in subset] == [i.id for i in INDICATORS
                                               if i.id in ("health", "contact", "concentration")]
    with pytest.raises(ValueError):
        compare(None, None, flow_for, GUIDE, ["no_such_indicator"])


def test_a_gap_of_two_is_where_to_start_with_its_questions_a_gap_of_one_is_not():
    mine = reading(PARTICIPANT, {"health": 4, "contact": 3, "job_search": 2})
    theirs = reading(SUPERVISOR, {"health": 2, "contact": 4, "job_search": 5})
    found = by_id(compare(mine, theirs, flow_for, GUIDE))
    health = found["health"]
    assert (health.participant.value, health.supervisor.value, health.gap) == (4, 2, 2)
    assert health.start_here and health.questions == GUIDE.questions["health"]
    assert health.participant.anchor == "old: health 4"
    assert health.supervisor.anchor == "sup: health 2"
    assert health.participant.date == health.supervisor.date == MEETING
    contact = found["contact"]
    assert contact.gap == 1 and not contact.start_here and contact.questions == ()
    assert found["job_search"].gap == 3 and found["job_search"].start_here
    assert {c.indicator.id for c in found.values() if c.start_here} == {"health", "job_search"}


def test_skipped_and_missing_answers_are_not_numbers():
    mine = reading(PARTICIPANT, {"health": None, "contact": 2})
    theirs = reading(SUPERVISOR, {"health": 5, "supervisor_belief": 4})
    found = by_id(compare(mine, theirs, flow_for, GUIDE))
    health = found["health"]
    assert health.participant is not None and health.participant.skipped
    assert health.participant.value is None and health.participant.anchor is None
    assert health.gap is None and not health.start_here and health.questions == ()
    # The supervisor never answered about contact: nothing on that side.
    assert found["contact"].supervisor is None and found["contact"].gap is None
    # Each side rates only its own indicators.
    assert found["self_belief"].supervisor is None
    assert found["supervisor_belief"].participant is None
    assert found["supervisor_belief"].supervisor.value == 4
    # No reading at all on one side.
    alone = by_id(compare(mine, None, flow_for, GUIDE))
    assert alone["contact"].participant.value == 2 and alone["contact"].supervisor is None


def test_a_corrected_answer_is_used():
    fix = Correction(reading="r", item="q_health", old=3, new=5, by="anna", at=AT, why="Typed wrong.")
    mine = reading(PARTICIPANT, {"health": 3}, corrections=[fix])
    theirs = reading(SUPERVISOR, {"health": 3})
    health = by_id(compare(mine, theirs, flow_for, GUIDE))["health"]
    assert health.participant.value == 5
    assert health.participant.anchor == "old: health 5"
    assert health.gap == 2 and health.start_here
    # A correction to "I'd rather not answer" is shown as such.
    skip = Correction(reading="r", item="q_health", old=3, new=None, by="anna", at=AT, why="Asked to.")
    skipped = rating(reading(PARTICIPANT, {"health": 3}, corrections=[skip]), "health", flow_for)
    assert skipped.skipped


def test_each_reading_is_read_with_its_own_flow_version():
    old = reading(PARTICIPANT, {"health": 3}, version=1, meeting=date(2026, 1, 5))
    new = reading(PARTICIPANT, {"health": 3}, version=2, meeting=date(2026, 3, 2))
    assert FLOWS[PARTICIPANT, 1].question("q_health").anchor(3).text != \
        FLOWS[PARTICIPANT, 2].question("q_health").anchor(3).text
    theirs = reading(SUPERVISOR, {"health": 3})
    assert by_id(compare(old, theirs, flow_for, GUIDE))["health"].participant.anchor == "old: health 3"
    assert by_id(compare(new, theirs, flow_for, GUIDE))["health"].participant.anchor == "new: health 3"
    assert by_id(compare(old, theirs, flow_for, GUIDE))["health"].participant.date == date(2026, 1, 5)


def test_the_real_participant_flow():
    flow = load_flow(flow_path(PARTICIPANT))
    rated = [q for q in flow.questions if q.rates]
    values = {q.indicator: 1 + n % 5 for n, q in enumerate(rated)}
    mine = Reading(id="p", flow=flow.id, flow_version=flow.version, role=PARTICIPANT, rater=None,
                   entry=ENTRY_KIOSK, entered_by=None, meeting_date=MEETING, lang="sv", started_at=AT,
                   completed_at=AT,
                   answers={q.id: Answer(q.id, q.indicator, values[q.indicator], AT) for q in rated})
    flows = {(flow.id, flow.version): flow, (SUPERVISOR, 1): FLOWS[SUPERVISOR, 1]}
    found = by_id(compare(mine, None, lambda r: flows[r.flow, r.flow_version], GUIDE))
    for question in rated:
        side = found[question.indicator].participant
        assert side.item == question.id
        assert side.anchor == question.anchor(values[question.indicator]).text
    assert {i for i, c in found.items() if c.participant is not None} == {i.id for i in asked_of(PARTICIPANT)}


def test_far_apart():
    mine = reading(PARTICIPANT, {}, meeting=date(2026, 1, 1))
    assert not far_apart(mine, reading(SUPERVISOR, {}, meeting=date(2026, 1, 1) + timedelta(days=31)))
    assert far_apart(mine, reading(SUPERVISOR, {}, meeting=date(2026, 1, 1) + timedelta(days=32)))
    assert far_apart(reading(SUPERVISOR, {}, meeting=date(2025, 11, 30)), mine)
    assert not far_apart(mine, None) and not far_apart(None, mine)


@pytest.mark.parametrize("belief, sparring", [(1, True), (2, True), (3, False), (5, False), (None, False)])
def test_low_supervisor_belief_suggests_sparring(belief, sparring):
    theirs = reading(SUPERVISOR, {"supervisor_belief": belief, "health": 1})
    found = by_id(compare(reading(PARTICIPANT, {"health": 1}), theirs, flow_for, GUIDE))
    assert found["supervisor_belief"].sparring is sparring
    assert not any(c.sparring for i, c in found.items() if i != "supervisor_belief")


def test_guide_messages():
    mine = reading(PARTICIPANT, {"health": 5}, meeting=date(2026, 1, 1))
    theirs = reading(SUPERVISOR, {"health": 1, "supervisor_belief": 2}, meeting=date(2026, 3, 1))
    found = compare(mine, theirs, flow_for, GUIDE)
    assert guide_messages(found, mine, theirs, GUIDE) == [
        GUIDE.messages["far_apart"], GUIDE.messages["gap"], GUIDE.messages["sparring"]]
    close = reading(SUPERVISOR, {"health": 4, "supervisor_belief": 4}, meeting=date(2026, 1, 2))
    assert guide_messages(compare(mine, close, flow_for, GUIDE), mine, close, GUIDE) == []


def test_rated_question_uses_the_flows_own_lookup_when_it_has_one():
    flow = FLOWS[PARTICIPANT, 1]
    assert rated_question(flow, "health").id == "q_health"
    assert rated_question(flow, "supervisor_belief") is None

    class Chosen(Flow):
        def rated_question(self, indicator):
            return self.question("q_contact") if indicator == "health" else None

    chosen = Chosen(flow.id, flow.version, flow.role, flow.messages, flow.steps, flow.changelog)
    assert rated_question(chosen, "health").id == "q_contact"
    assert rated_question(chosen, "contact") is None
